//! Helpers of the C ABI tests (`tests/ffi_*.rs`): the C functions called as a C caller would,
//! wrapped in a handle that frees itself.
#![allow(dead_code)]

use std::ffi::{c_int, CStr};
use std::ptr;

use fitflate::verify::decode;
use fitflate::Format;
use fitflate_c::*;

/// This thread's last error message.
pub fn last_error() -> String {
    // SAFETY: never NULL, NUL-terminated, valid until the next call on this thread.
    unsafe { CStr::from_ptr(fitflate_last_error()) }
        .to_str()
        .unwrap()
        .to_string()
}

/// A handle that frees itself.
pub struct Handle(pub *mut fitflate_frame);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: a live handle, freed once.
        unsafe { fitflate_frame_free(self.0) }
    }
}

/// `fitflate_frame_new`: the handle, or the error code (checking `*out_err` either way).
pub fn open(cap: u64, format: c_int, level: c_int, delimiter: &[u8]) -> Result<Handle, c_int> {
    let mut err = 12345;
    // SAFETY: a valid slice and out pointer.
    let f = unsafe {
        fitflate_frame_new(
            cap,
            format,
            level,
            delimiter.as_ptr(),
            delimiter.len(),
            &mut err,
        )
    };
    if f.is_null() {
        assert_ne!(err, FITFLATE_OK);
        Err(err)
    } else {
        assert_eq!(err, FITFLATE_OK);
        Ok(Handle(f))
    }
}

impl Handle {
    pub fn push(&self, record: &[u8]) -> c_int {
        // SAFETY: a live handle and a valid slice.
        unsafe { fitflate_frame_push(self.0, record.as_ptr(), record.len()) }
    }
    pub fn records(&self) -> u64 {
        // SAFETY: a live handle.
        unsafe { fitflate_frame_records(self.0) }
    }
    pub fn size(&self) -> u64 {
        // SAFETY: a live handle.
        unsafe { fitflate_frame_size(self.0) }
    }
    /// finish_into with a buffer of `buf_cap` bytes: (code, out_len, bytes written).
    pub fn finish_into(&self, buf_cap: usize) -> (c_int, usize, Vec<u8>) {
        let mut buf = vec![0xAAu8; buf_cap];
        let mut len = 777usize;
        // SAFETY: a live handle, a buffer of buf_cap bytes, a valid out pointer.
        let rc = unsafe { fitflate_frame_finish_into(self.0, buf.as_mut_ptr(), buf_cap, &mut len) };
        if rc == FITFLATE_OK {
            assert!(buf[len..].iter().all(|&b| b == 0xAA), "wrote past out_len");
            buf.truncate(len);
        }
        (rc, len, buf)
    }
    /// take_output into a library-owned buffer, copied out and freed.
    pub fn take_output(&self) -> Vec<u8> {
        let mut data = ptr::dangling_mut::<u8>();
        let mut len = 777usize;
        // SAFETY: a live handle and valid out pointers.
        let rc = unsafe { fitflate_frame_take_output(self.0, &mut data, &mut len) };
        assert_eq!(rc, FITFLATE_OK);
        if len == 0 {
            assert!(data.is_null());
            return Vec::new();
        }
        // SAFETY: the library's buffer of `len` bytes, freed right after copying.
        let bytes = unsafe { std::slice::from_raw_parts(data, len) }.to_vec();
        // SAFETY: as returned.
        unsafe { fitflate_bytes_free(data, len) };
        bytes
    }
    /// finish into a library-owned buffer, copied out and freed.
    pub fn finish(&self) -> Result<Vec<u8>, c_int> {
        let mut data = ptr::dangling_mut::<u8>();
        let mut len = 777usize;
        // SAFETY: a live handle and valid out pointers.
        let rc = unsafe { fitflate_frame_finish(self.0, &mut data, &mut len) };
        if rc != FITFLATE_OK {
            assert!(data.is_null());
            assert_eq!(len, 0);
            return Err(rc);
        }
        assert!(!data.is_null());
        // SAFETY: the library's buffer of `len` bytes, freed right after copying.
        let bytes = unsafe { std::slice::from_raw_parts(data, len) }.to_vec();
        // SAFETY: as returned.
        unsafe { fitflate_bytes_free(data, len) };
        Ok(bytes)
    }
    /// Push each record; every one must be taken.
    pub fn push_all<R: AsRef<[u8]>>(&self, records: impl IntoIterator<Item = R>) {
        for r in records {
            assert_eq!(self.push(r.as_ref()), FITFLATE_ACCEPTED);
        }
    }
    /// finish, and the frame's payload decoded in `format`.
    pub fn finish_payload(&self, format: Format) -> Vec<u8> {
        decode(&self.finish().unwrap(), format).unwrap()
    }
}

/// The formats, by C value.
pub const FORMATS: [(c_int, Format); 4] = [
    (FITFLATE_FORMAT_RAW, Format::Raw),
    (FITFLATE_FORMAT_ZLIB, Format::Zlib),
    (FITFLATE_FORMAT_GZIP, Format::Gzip),
    (FITFLATE_FORMAT_LEGACY, Format::Legacy),
];

/// `fitflate_unpack` then `fitflate_next_record`: the records back, or the error code.
pub fn unpack_c(frame: &[u8], format: c_int, delimiter: &[u8]) -> Result<Vec<Vec<u8>>, c_int> {
    let mut data: *mut u8 = ptr::null_mut();
    let mut len = 99usize;
    let mut count = 99u64;
    // SAFETY: valid slices and out pointers.
    let rc = unsafe {
        fitflate_unpack(
            frame.as_ptr(),
            frame.len(),
            format,
            delimiter.as_ptr(),
            delimiter.len(),
            &mut data,
            &mut len,
            &mut count,
        )
    };
    // SAFETY: as the library left them.
    unsafe { records_of(rc, data, len, count, delimiter) }
}

/// `fitflate_unpack_with_dictionary` (`None`: a NULL dictionary) then `fitflate_next_record`:
/// the records back, or the error code.
pub fn unpack_c_with_dictionary(
    frame: &[u8],
    format: c_int,
    delimiter: &[u8],
    dict: Option<&[u8]>,
) -> Result<Vec<Vec<u8>>, c_int> {
    let mut data: *mut u8 = ptr::null_mut();
    let mut len = 99usize;
    let mut count = 99u64;
    let (dict, dict_len) = dict.map_or((ptr::null(), 0), |d| (d.as_ptr(), d.len()));
    // SAFETY: valid slices and out pointers.
    let rc = unsafe {
        fitflate_unpack_with_dictionary(
            frame.as_ptr(),
            frame.len(),
            format,
            delimiter.as_ptr(),
            delimiter.len(),
            dict,
            dict_len,
            &mut data,
            &mut len,
            &mut count,
        )
    };
    // SAFETY: as the library left them.
    unsafe { records_of(rc, data, len, count, delimiter) }
}

/// The records of an unpack's answer (walked with `fitflate_next_record`, the buffer freed),
/// or its error code (checking that the out values were cleared and a message left).
///
/// # Safety
/// `data` and `len` as an unpack answering `rc` left them.
unsafe fn records_of(
    rc: c_int,
    data: *mut u8,
    len: usize,
    count: u64,
    delimiter: &[u8],
) -> Result<Vec<Vec<u8>>, c_int> {
    if rc != FITFLATE_OK {
        assert!(data.is_null());
        assert_eq!(len, 0);
        assert_eq!(count, 0);
        assert!(!last_error().is_empty());
        return Err(rc);
    }
    let payload: &[u8] = if len == 0 {
        &[]
    } else {
        // SAFETY: the library's buffer of `len` bytes.
        unsafe { std::slice::from_raw_parts(data, len) }
    };
    let mut records = Vec::new();
    let mut pos = 0usize;
    loop {
        let mut rec: *const u8 = ptr::null();
        let mut rec_len = 0usize;
        // SAFETY: valid pointers.
        let more = unsafe {
            fitflate_next_record(
                payload.as_ptr(),
                payload.len(),
                delimiter.as_ptr(),
                delimiter.len(),
                &mut pos,
                &mut rec,
                &mut rec_len,
            )
        };
        assert!(more >= 0, "{}", last_error());
        if more == 0 {
            break;
        }
        // SAFETY: points into the payload.
        records.push(unsafe { std::slice::from_raw_parts(rec, rec_len) }.to_vec());
    }
    if !delimiter.is_empty() {
        assert_eq!(records.len() as u64, count);
    }
    // SAFETY: the buffer from the unpack, freed once.
    unsafe { fitflate_bytes_free(data, len) };
    Ok(records)
}
