//! The limits beside the cap: setting `max_payload` and `max_records`, and reading them back.

use std::ffi::c_int;

use crate::codes::FITFLATE_OK;
use crate::convert::build_error;
use crate::errors::{catch, code};
use crate::handle::{fitflate_frame, handle};

/// Limit each frame, beside the cap, to `max_payload` uncompressed bytes (records with their
/// delimiters) and `max_records` records; 0 means no limit. A record that would break a limit is
/// refused like one that would break the cap (`FITFLATE_FULL`, frame unchanged), and one whose
/// payload alone breaks `max_payload` gets `FITFLATE_TOO_LARGE` from an empty frame. Applies to
/// this frame and the ones after it; the frame's records are dropped (as by
/// `fitflate_frame_reset`). Returns `FITFLATE_OK` or an error code.
///
/// # Safety
/// `frame` must be NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_set_limits(
    frame: *mut fitflate_frame,
    max_payload: u64,
    max_records: u64,
) -> c_int {
    code(catch("fitflate_frame_set_limits", || {
        // SAFETY: the caller's promise.
        let h = unsafe { handle(frame) }?;
        h.frame = (h.frame.settings())
            .max_payload((max_payload > 0).then_some(max_payload))
            .max_records((max_records > 0).then_some(max_records))
            .build()
            .map_err(build_error)?;
        h.poisoned = false;
        Ok(FITFLATE_OK)
    }))
}

/// The frame's payload limit (see `fitflate_frame_set_limits`; 0 for none or NULL).
///
/// # Safety
/// `frame` must be NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_max_payload(frame: *const fitflate_frame) -> u64 {
    // SAFETY: the caller's promise.
    unsafe { frame.as_ref() }.map_or(0, |h| h.frame.max_payload().unwrap_or(0))
}

/// The frame's record limit (see `fitflate_frame_set_limits`; 0 for none or NULL).
///
/// # Safety
/// `frame` must be NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_max_records(frame: *const fitflate_frame) -> u64 {
    // SAFETY: the caller's promise.
    unsafe { frame.as_ref() }.map_or(0, |h| h.frame.max_records().unwrap_or(0))
}
