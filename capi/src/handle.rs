//! The opaque handle `fitflate_frame` and how the entry points reach it: checked for NULL, for
//! poison, or read-only.

use std::ffi::c_int;

use fitflate::Frame;

use crate::codes::FITFLATE_ERR_POISONED;
use crate::errors::{fail, injected_panic_point, null};

/// An open capped frame (which also knows the settings to open the next one). Opaque to C.
pub struct fitflate_frame {
    pub(crate) frame: Frame,
    /// Set while fitflate works on `frame` and cleared when it returns; still set after a panic.
    pub(crate) poisoned: bool,
}

/// The handle behind `frame`, or an error for NULL.
///
/// # Safety
/// `frame` must be NULL or a live handle from `fitflate_frame_new`, not used elsewhere meanwhile.
pub(crate) unsafe fn handle<'a>(
    frame: *mut fitflate_frame,
) -> Result<&'a mut fitflate_frame, c_int> {
    // SAFETY: the caller's promise.
    unsafe { frame.as_mut() }.ok_or_else(|| null("frame"))
}

/// The handle behind `frame` if it is not poisoned.
///
/// # Safety
/// As for [`handle`].
pub(crate) unsafe fn live<'a>(frame: *mut fitflate_frame) -> Result<&'a mut fitflate_frame, c_int> {
    // SAFETY: the caller's promise.
    let h = unsafe { handle(frame) }?;
    if h.poisoned {
        return Err(fail(
            FITFLATE_ERR_POISONED,
            "the frame was poisoned by an earlier internal error; call fitflate_frame_reset or \
             fitflate_frame_free",
        ));
    }
    Ok(h)
}

/// Read-only access for the accessors: NULL or poisoned gives `None`.
///
/// # Safety
/// `frame` must be NULL or a live handle from `fitflate_frame_new`.
pub(crate) unsafe fn peek<'a>(frame: *const fitflate_frame) -> Option<&'a fitflate_frame> {
    // SAFETY: the caller's promise.
    unsafe { frame.as_ref() }.filter(|h| !h.poisoned)
}

impl fitflate_frame {
    /// Finish the frame and replace it with an empty one with the same settings.
    pub(crate) fn finish_and_reset(&mut self) -> Result<Vec<u8>, c_int> {
        // The frame resets itself in place, reusing its allocations.
        self.poisoned = true;
        injected_panic_point();
        let bytes = self.frame.finish_and_reset();
        self.poisoned = false;
        Ok(bytes)
    }
}
