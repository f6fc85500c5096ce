//! A frame's bytes out to C: finished into the caller's buffer or one the library allocates,
//! streamed out while the frame fills, and the release of library buffers.

use std::ffi::c_int;
use std::ptr;

use crate::codes::*;
use crate::convert::store;
use crate::errors::{catch, code, fail, null};
use crate::handle::{fitflate_frame, live};

/// Finish the frame into the caller's buffer of `buf_cap` bytes.
///
/// On success returns `FITFLATE_OK`, stores the frame's length in `*out_len`, and resets the
/// handle to an empty frame with the same settings. If the frame does not fit
/// (`fitflate_frame_size(frame) > buf_cap`) returns `FITFLATE_ERR_BUFFER_TOO_SMALL` with the needed
/// length in `*out_len`, and the frame is unchanged (push more or retry with a larger buffer). A
/// buffer of `cap` bytes always suffices. `buf` may be NULL when `buf_cap` is 0 (a size query).
///
/// # Safety
/// `frame` must be NULL or a live handle; `buf` must be NULL or point to `buf_cap` writable bytes;
/// `out_len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_finish_into(
    frame: *mut fitflate_frame,
    buf: *mut u8,
    buf_cap: usize,
    out_len: *mut usize,
) -> c_int {
    code(catch("fitflate_frame_finish_into", || {
        if out_len.is_null() {
            return Err(null("out_len"));
        }
        // SAFETY: the caller's promise.
        let h = unsafe { live(frame) }?;
        if buf.is_null() && buf_cap > 0 {
            return Err(fail(
                FITFLATE_ERR_NULL_POINTER,
                &format!("buf is NULL but buf_cap is {buf_cap}"),
            ));
        }
        if buf_cap > isize::MAX as usize {
            return Err(fail(
                FITFLATE_ERR_BAD_LENGTH,
                &format!("buf_cap {buf_cap} is larger than PTRDIFF_MAX"),
            ));
        }
        // `size()` is exactly the length `finish()` returns.
        let needed = h.frame.size();
        if needed > buf_cap as u64 {
            // SAFETY: checked non-null above; the caller's promise.
            unsafe { out_len.write(usize::try_from(needed).unwrap_or(usize::MAX)) };
            return Err(fail(
                FITFLATE_ERR_BUFFER_TOO_SMALL,
                &format!(
                    "the finished frame needs {needed} bytes but the buffer holds {buf_cap}; \
                     the frame is unchanged"
                ),
            ));
        }
        let bytes = h.finish_and_reset()?;
        if bytes.len() > buf_cap {
            // Cannot happen (size() == finish().len()); never write past the buffer regardless.
            return Err(fail(
                FITFLATE_ERR_INTERNAL,
                &format!(
                    "internal error: the frame finished at {} bytes, not the predicted {needed}",
                    bytes.len()
                ),
            ));
        }
        // SAFETY: `buf` holds `buf_cap >= bytes.len()` writable bytes (the caller's promise) and
        // cannot overlap our fresh Vec. When `bytes` is empty nothing is copied.
        unsafe {
            if !bytes.is_empty() {
                ptr::copy_nonoverlapping(bytes.as_ptr(), buf, bytes.len());
            }
            out_len.write(bytes.len());
        }
        Ok(FITFLATE_OK)
    }))
}

/// Finish the frame into a buffer the library allocates: on success returns `FITFLATE_OK`, stores
/// the buffer in `*out_ptr` and its length in `*out_len` (release it with
/// `fitflate_bytes_free(ptr, len)`), and resets the handle to an empty frame with the same
/// settings. On error `*out_ptr` is NULL, `*out_len` is 0, and the frame is unchanged.
///
/// # Safety
/// `frame` must be NULL or a live handle; `out_ptr` and `out_len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_finish(
    frame: *mut fitflate_frame,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> c_int {
    // SAFETY: the caller's promise, passed on.
    unsafe {
        hand_out(
            "fitflate_frame_finish",
            frame,
            out_ptr,
            out_len,
            fitflate_frame::finish_and_reset,
        )
    }
}

/// Stream the frame out while it fills: move the bytes that are already final (the header and
/// the blocks written so far) into a buffer the library allocates. `FITFLATE_OK`: `*out_ptr` /
/// `*out_len` hold them (release with `fitflate_bytes_free`; NULL and 0 when there are none
/// yet); the frame keeps the rest, which a later take or finish returns, so the frame is the
/// concatenation. Pushes and bytes are the same as without streaming, and the frame's memory
/// stays at the encoder's working set however large the cap. On error `*out_ptr` is NULL,
/// `*out_len` 0, and the frame unchanged.
///
/// # Safety
/// `frame` must be NULL or a live handle; `out_ptr` and `out_len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_take_output(
    frame: *mut fitflate_frame,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> c_int {
    // SAFETY: the caller's promise, passed on.
    unsafe {
        hand_out(
            "fitflate_frame_take_output",
            frame,
            out_ptr,
            out_len,
            |h: &mut fitflate_frame| {
                let mut taken = Vec::new();
                h.frame.take_output(&mut taken);
                Ok(taken)
            },
        )
    }
}

/// The frame's bytes that `produce` makes, handed to C in a library-allocated buffer (NULL and
/// 0 when there are none): the body of `fitflate_frame_finish` and `fitflate_frame_take_output`.
/// `*out_ptr` / `*out_len` are cleared first, so they are NULL / 0 on any error.
///
/// # Safety
/// `frame` must be NULL or a live handle; `out_ptr` and `out_len` must be NULL or writable.
unsafe fn hand_out(
    what: &'static str,
    frame: *mut fitflate_frame,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
    produce: impl FnOnce(&mut fitflate_frame) -> Result<Vec<u8>, c_int>,
) -> c_int {
    // SAFETY: the caller's promise.
    unsafe {
        store(out_ptr, ptr::null_mut());
        store(out_len, 0);
    }
    code(catch(what, || {
        if out_ptr.is_null() {
            return Err(null("out_ptr"));
        }
        if out_len.is_null() {
            return Err(null("out_len"));
        }
        // SAFETY: the caller's promise.
        let h = unsafe { live(frame) }?;
        let bytes = produce(h)?;
        if bytes.is_empty() {
            return Ok(FITFLATE_OK);
        }
        let bytes = bytes.into_boxed_slice();
        let len = bytes.len();
        let data = Box::into_raw(bytes) as *mut u8;
        // SAFETY: both checked non-null above; the caller's promise.
        unsafe {
            out_ptr.write(data);
            out_len.write(len);
        }
        Ok(FITFLATE_OK)
    }))
}

/// Release a buffer from `fitflate_frame_finish` or `fitflate_frame_take_output`, passing the
/// length it returned. NULL is a no-op.
///
/// # Safety
/// `data` must be NULL or a buffer from `fitflate_frame_finish` not yet freed, and `len` its
/// length.
#[no_mangle]
pub unsafe extern "C" fn fitflate_bytes_free(data: *mut u8, len: usize) {
    if data.is_null() {
        return;
    }
    let _ = catch("fitflate_bytes_free", || {
        // SAFETY: the caller's promise: this is `Box<[u8]>` of `len` bytes we leaked.
        drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(data, len)) });
        Ok(())
    });
}
