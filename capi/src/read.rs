//! Reading frames back: `fitflate_unpack` (and `fitflate_unpack_with_dictionary`, for frames
//! packed with a preset dictionary) checks a frame and returns its payload,
//! `fitflate_next_record` walks the records in it.

use std::ffi::c_int;
use std::ptr;

use fitflate::read::unpack_with_dictionary;

use crate::codes::*;
use crate::convert::{format_from_c, read_error, slice_from, store};
use crate::dictionary::dictionary_from_c;
use crate::errors::{catch, code, fail, null};

/// Decode and check one frame of `frame_len` bytes at `frame` (`format`: a `FITFLATE_FORMAT_*`
/// value, or `FITFLATE_FORMAT_AUTO` to tell gzip, legacy and zlib apart) whose records end with
/// the `delimiter_len` bytes at `delimiter`. `FITFLATE_OK`: `*out_ptr` / `*out_len` hold the
/// payload — every record followed by the delimiter — in a buffer the library allocates (release
/// it with `fitflate_bytes_free`; NULL and 0 for an empty frame), and `*out_records` (unless
/// NULL) the number of records; walk them with `fitflate_next_record`. Errors:
/// `FITFLATE_ERR_BAD_FRAME` (the message says what is wrong), `_DICTIONARY_NEEDED` (a zlib
/// frame packed with a preset dictionary: see `fitflate_unpack_with_dictionary`), `_BAD_FORMAT`,
/// `_NULL_POINTER`, `_BAD_LENGTH`, `_INTERNAL`; then `*out_ptr` is NULL and `*out_len` 0.
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
    // SAFETY: the caller's promise, passed on (no dictionary).
    unsafe {
        unpack(
            "fitflate_unpack",
            (frame, frame_len),
            format,
            (delimiter, delimiter_len),
            (ptr::null(), 0),
            (out_ptr, out_len, out_records),
        )
    }
}

/// `fitflate_unpack` for a frame packed with a preset dictionary (see
/// `fitflate_frame_set_dictionary`): the `dict_len` bytes at `dict` (NULL and 0: none). A zlib
/// frame names its dictionary by DICTID: without one the answer is
/// `FITFLATE_ERR_DICTIONARY_NEEDED`, with another `FITFLATE_ERR_DICTIONARY_MISMATCH` (the
/// message names the DICTIDs in hex; the frame's is its bytes 2..5, big-endian). A raw frame
/// names nothing: another dictionary gives wrong bytes or `FITFLATE_ERR_BAD_FRAME`. A frame
/// packed without a dictionary (and any gzip or legacy frame) decodes as by `fitflate_unpack`,
/// whatever `dict` is.
///
/// # Safety
/// As for `fitflate_unpack`; `dict` must be NULL or point to `dict_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn fitflate_unpack_with_dictionary(
    frame: *const u8,
    frame_len: usize,
    format: c_int,
    delimiter: *const u8,
    delimiter_len: usize,
    dict: *const u8,
    dict_len: usize,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
    out_records: *mut u64,
) -> c_int {
    // SAFETY: the caller's promise, passed on.
    unsafe {
        unpack(
            "fitflate_unpack_with_dictionary",
            (frame, frame_len),
            format,
            (delimiter, delimiter_len),
            (dict, dict_len),
            (out_ptr, out_len, out_records),
        )
    }
}

/// The body of `fitflate_unpack` and `fitflate_unpack_with_dictionary`.
///
/// # Safety
/// As for `fitflate_unpack_with_dictionary`.
unsafe fn unpack(
    what: &'static str,
    (frame, frame_len): (*const u8, usize),
    format: c_int,
    (delimiter, delimiter_len): (*const u8, usize),
    (dict, dict_len): (*const u8, usize),
    (out_ptr, out_len, out_records): (*mut *mut u8, *mut usize, *mut u64),
) -> c_int {
    // SAFETY: the caller's promise.
    unsafe {
        store(out_ptr, ptr::null_mut());
        store(out_len, 0);
        store(out_records, 0);
    }
    code(catch(what, || {
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
        // SAFETY: the caller's promise.
        let dict = unsafe { dictionary_from_c(dict, dict_len) }?;
        let records =
            unpack_with_dictionary(bytes, format, delimiter, dict.as_ref()).map_err(read_error)?;
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
