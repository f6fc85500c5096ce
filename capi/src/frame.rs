//! A frame's life: open, push, reset, squeeze, free, and what it holds (records, size, cap), with
//! the smallest cap of a format.

use std::ffi::c_int;
use std::ptr;

use fitflate::{FrameBuilder, Push};

use crate::codes::*;
use crate::convert::{build_error, format_from_c, level_from_c, slice_from, store};
use crate::errors::{catch, code, injected_panic_point, set_message};
use crate::handle::{fitflate_frame, handle, live, peek};

/// Open an empty frame of at most `cap` bytes in `format` (`FITFLATE_FORMAT_*`) at `level`
/// (`0..=FITFLATE_MAX_LEVEL` or `FITFLATE_LEVEL_DEFAULT`), appending the `delimiter_len` bytes
/// at `delimiter` after every record (NULL / 0 for none).
///
/// Returns the handle, or NULL with the error code in `*out_err` (if `out_err` is not NULL):
/// `FITFLATE_ERR_CAP_BELOW_MINIMUM`, `_BAD_FORMAT`, `_BAD_LEVEL`, `_NULL_POINTER` (NULL
/// delimiter with a nonzero length), `_BAD_LENGTH`, `_INTERNAL`. `*out_err` is `FITFLATE_OK` on
/// success.
///
/// # Safety
/// `delimiter` must be NULL or point to `delimiter_len` readable bytes; `out_err` must be NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_new(
    cap: u64,
    format: c_int,
    level: c_int,
    delimiter: *const u8,
    delimiter_len: usize,
    out_err: *mut c_int,
) -> *mut fitflate_frame {
    let result = catch("fitflate_frame_new", || {
        let format = format_from_c(format)?;
        let level = level_from_c(level)?;
        // SAFETY: the caller's promise.
        let delimiter = unsafe { slice_from(delimiter, delimiter_len, "delimiter") }?;
        let builder = FrameBuilder::new(cap)
            .format(format)
            .level(level)
            .delimiter(delimiter.to_vec());
        let frame = builder.build().map_err(build_error)?;
        Ok(Box::into_raw(Box::new(fitflate_frame {
            frame,
            poisoned: false,
        })))
    });
    let (frame, err) = match result {
        Ok(frame) => (frame, FITFLATE_OK),
        Err(err) => (ptr::null_mut(), err),
    };
    // SAFETY: the caller's promise.
    unsafe { store(out_err, err) };
    frame
}

/// Offer a record of `len` bytes (its delimiter is appended after it). Returns
/// `FITFLATE_ACCEPTED`, `FITFLATE_FULL` (not taken: finish the frame and push the record again),
/// `FITFLATE_TOO_LARGE` (not taken: no frame of this cap can hold it; the message says how many
/// bytes it needs), or a negative error code. The frame is unchanged unless the answer is
/// `FITFLATE_ACCEPTED`.
///
/// # Safety
/// `frame` must be NULL or a live handle; `record` must be NULL or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_push(
    frame: *mut fitflate_frame,
    record: *const u8,
    len: usize,
) -> c_int {
    code(catch("fitflate_frame_push", || {
        // SAFETY: the caller's promise.
        let h = unsafe { live(frame) }?;
        // SAFETY: the caller's promise.
        let record = unsafe { slice_from(record, len, "record") }?;
        h.poisoned = true;
        injected_panic_point();
        let pushed = h.frame.push(record);
        h.poisoned = false;
        match pushed {
            Ok(Push::Accepted) => Ok(FITFLATE_ACCEPTED),
            Ok(Push::Full) => Ok(FITFLATE_FULL),
            Err(e) => {
                set_message(&e.to_string());
                Ok(FITFLATE_TOO_LARGE)
            }
        }
    }))
}

/// Drop the records in the frame: the handle becomes an empty frame with the same settings. Also
/// clears a poisoned handle. Returns `FITFLATE_OK` or an error code.
///
/// # Safety
/// `frame` must be NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_reset(frame: *mut fitflate_frame) -> c_int {
    code(catch("fitflate_frame_reset", || {
        // SAFETY: the caller's promise.
        let h = unsafe { handle(frame) }?;
        h.frame = h.frame.settings().build().map_err(build_error)?;
        h.poisoned = false;
        Ok(FITFLATE_OK)
    }))
}

/// Turn cap-aware squeezing on (nonzero) or off (0) for this frame and the ones after it: when
/// a record does not fit, the frame's pending block is re-parsed near-optimally and the record
/// taken if it then fits.
/// The frame's records are dropped (as by `fitflate_frame_reset`). Returns `FITFLATE_OK` or an
/// error code.
///
/// # Safety
/// `frame` must be NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_set_squeeze(
    frame: *mut fitflate_frame,
    on: c_int,
) -> c_int {
    code(catch("fitflate_frame_set_squeeze", || {
        // SAFETY: the caller's promise.
        let h = unsafe { handle(frame) }?;
        h.frame = (h.frame.settings().squeeze(on != 0))
            .build()
            .map_err(build_error)?;
        h.poisoned = false;
        Ok(FITFLATE_OK)
    }))
}

/// Release a frame (its records are dropped). NULL is a no-op.
///
/// # Safety
/// `frame` must be NULL or a live handle, which is dead afterwards.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_free(frame: *mut fitflate_frame) {
    if frame.is_null() {
        return;
    }
    let _ = catch("fitflate_frame_free", || {
        // SAFETY: the caller's promise: a handle from `fitflate_frame_new`, freed once.
        drop(unsafe { Box::from_raw(frame) });
        Ok(())
    });
}

/// Records in the frame (0 for NULL or a poisoned handle).
///
/// # Safety
/// `frame` must be NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_records(frame: *const fitflate_frame) -> u64 {
    // SAFETY: the caller's promise.
    let Some(h) = (unsafe { peek(frame) }) else {
        return 0;
    };
    catch("fitflate_frame_records", || Ok(h.frame.records())).unwrap_or(0)
}

/// Exact size in bytes the frame would have if finished now (0 for NULL or a poisoned handle).
///
/// # Safety
/// `frame` must be NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_size(frame: *const fitflate_frame) -> u64 {
    // SAFETY: the caller's promise.
    let Some(h) = (unsafe { peek(frame) }) else {
        return 0;
    };
    catch("fitflate_frame_size", || Ok(h.frame.size())).unwrap_or(0)
}

/// The frame's cap in bytes (0 for NULL).
///
/// # Safety
/// `frame` must be NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_cap(frame: *const fitflate_frame) -> u64 {
    // SAFETY: the caller's promise.
    unsafe { frame.as_ref() }.map_or(0, |h| h.frame.cap())
}

/// The smallest cap `format` allows (the size of its empty stream: raw 2, zlib 8, gzip 20,
/// legacy 24), or 0 for an unknown format.
#[no_mangle]
pub extern "C" fn fitflate_min_frame_size(format: c_int) -> u64 {
    catch("fitflate_min_frame_size", || {
        Ok(format_from_c(format)?.min_frame_size())
    })
    .unwrap_or(0)
}
