//! Reading frames back: `fitflate_unpack` checks a frame and returns its payload,
//! `fitflate_next_record` walks the records in it.

use std::ffi::c_int;
use std::ptr;

use crate::codes::*;
use crate::convert::{format_from_c, slice_from, store};
use crate::errors::{catch, code, fail, null};

/// Decode and check one frame of `frame_len` bytes at `frame` (`format`: a `FITFLATE_FORMAT_*`
/// value, or `FITFLATE_FORMAT_AUTO` to tell gzip, legacy and zlib apart) whose records end with
/// the `delimiter_len` bytes at `delimiter`. `FITFLATE_OK`: `*out_ptr` / `*out_len` hold the
/// payload — every record followed by the delimiter — in a buffer the library allocates (release
/// it with `fitflate_bytes_free`; NULL and 0 for an empty frame), and `*out_records` (unless
/// NULL) the number of records; walk them with `fitflate_next_record`. Errors:
/// `FITFLATE_ERR_BAD_FRAME` (the message says what is wrong), `_BAD_FORMAT`, `_NULL_POINTER`,
/// `_BAD_LENGTH`, `_INTERNAL`; then `*out_ptr` is NULL and `*out_len` 0.
///
/// # Safety
/// `frame` must point to `frame_len` readable bytes and `delimiter` to `delimiter_len` (either
/// may be NULL when its length is 0); `out_ptr`, `out_len` must be writable and `out_records`
/// NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn fitflate_unpack(
    frame: *const u8,
    frame_len: usize,
    format: c_int,
    delimiter: *const u8,
    delimiter_len: usize,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
    out_records: *mut u64,
) -> c_int {
    // SAFETY: the caller's promise.
    unsafe {
        store(out_ptr, ptr::null_mut());
        store(out_len, 0);
        store(out_records, 0);
    }
    code(catch("fitflate_unpack", || {
        if out_ptr.is_null() {
            return Err(null("out_ptr"));
        }
        if out_len.is_null() {
            return Err(null("out_len"));
        }
        let format = if format == FITFLATE_FORMAT_AUTO {
            None
        } else {
            Some(format_from_c(format)?)
        };
        // SAFETY: the caller's promise.
        let bytes = unsafe { slice_from(frame, frame_len, "frame") }?;
        // SAFETY: the caller's promise.
        let delimiter = unsafe { slice_from(delimiter, delimiter_len, "delimiter") }?;
        let records = fitflate::unpack(bytes, format, delimiter)
            .map_err(|e| fail(FITFLATE_ERR_BAD_FRAME, &e.to_string()))?;
        let count = records.len();
        let payload = records.into_payload().into_boxed_slice();
        let len = payload.len();
        // SAFETY: checked non-null above / the caller's promise.
        unsafe {
            store(out_records, count);
            if len > 0 {
                out_ptr.write(Box::into_raw(payload) as *mut u8);
                out_len.write(len);
            }
        }
        Ok(FITFLATE_OK)
    }))
}

/// Walk the records of a payload from `fitflate_unpack`: starting with `*pos == 0`, each call
/// stores the next record (without its delimiter) in `*record` / `*record_len`, advances `*pos`
/// and returns 1; at the end it returns 0. With an empty delimiter the whole payload is one
/// record. Errors: `FITFLATE_ERR_NULL_POINTER`, `FITFLATE_ERR_BAD_LENGTH` (also for a `*pos`
/// past the end).
///
/// # Safety
/// `payload` must point to `payload_len` readable bytes and `delimiter` to `delimiter_len`
/// (either may be NULL when its length is 0); `pos`, `record` and `record_len` must be valid.
#[no_mangle]
pub unsafe extern "C" fn fitflate_next_record(
    payload: *const u8,
    payload_len: usize,
    delimiter: *const u8,
    delimiter_len: usize,
    pos: *mut usize,
    record: *mut *const u8,
    record_len: *mut usize,
) -> c_int {
    code(catch("fitflate_next_record", || {
        if pos.is_null() {
            return Err(null("pos"));
        }
        if record.is_null() {
            return Err(null("record"));
        }
        if record_len.is_null() {
            return Err(null("record_len"));
        }
        // SAFETY: the caller's promise.
        let bytes = unsafe { slice_from(payload, payload_len, "payload") }?;
        // SAFETY: the caller's promise.
        let delimiter = unsafe { slice_from(delimiter, delimiter_len, "delimiter") }?;
        // SAFETY: checked non-null; the caller's promise.
        let at = unsafe { pos.read() };
        let Some(rest) = bytes.get(at..) else {
            return Err(fail(
                FITFLATE_ERR_BAD_LENGTH,
                &format!("position {at} is past the end of the payload ({payload_len} bytes)"),
            ));
        };
        if rest.is_empty() {
            return Ok(0);
        }
        let (len, step) = if delimiter.is_empty() {
            (rest.len(), rest.len())
        } else {
            match rest.windows(delimiter.len()).position(|w| w == delimiter) {
                Some(i) => (i, i + delimiter.len()),
                None => (rest.len(), rest.len()),
            }
        };
        // SAFETY: checked non-null; the caller's promise.
        unsafe {
            record.write(rest.as_ptr());
            record_len.write(len);
            pos.write(at + step);
        }
        Ok(1)
    }))
}
