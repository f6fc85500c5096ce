//! C ABI for fitflate capped frames (`libfitflate_c`; header `capi/include/fitflate.h`).
//!
//! A C caller opens a frame with a cap, a container format, a level and a record delimiter,
//! pushes records until the frame says it is full, finishes it (into its own buffer or into one
//! the library allocates) and goes on pushing into the same handle, which finishing resets to an
//! empty frame with the same settings.
//!
//! The contract of every entry point (the header says the same):
//!
//! - No panic crosses the boundary: each entry point runs inside `catch_unwind`; a caught panic
//!   returns [`FITFLATE_ERR_INTERNAL`] (or NULL / 0) and *poisons* the handle it was working on:
//!   every later call on that handle except `fitflate_frame_reset` and `fitflate_frame_free`
//!   returns [`FITFLATE_ERR_POISONED`] until it is reset.
//! - A NULL pointer where one is required is [`FITFLATE_ERR_NULL_POINTER`]; a NULL data pointer
//!   with a length of 0 is an empty slice. A length over `PTRDIFF_MAX` is
//!   [`FITFLATE_ERR_BAD_LENGTH`].
//! - Every failing call (and a push answering [`FITFLATE_TOO_LARGE`]) leaves a message for
//!   `fitflate_last_error()`, per thread.
//! - A handle may be moved between threads but must not be used by two threads at once.

#![deny(unsafe_op_in_unsafe_fn)]
#![allow(non_camel_case_types)]

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{c_char, c_int, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use fitflate::{BuildError, Format, Frame, FrameBuilder, Level, Push};

/// Container format: raw DEFLATE (RFC 1951).
pub const FITFLATE_FORMAT_RAW: c_int = 0;
/// Container format: zlib (RFC 1950).
pub const FITFLATE_FORMAT_ZLIB: c_int = 1;
/// Container format: gzip (RFC 1952).
pub const FITFLATE_FORMAT_GZIP: c_int = 2;
/// Container format: a gzip member followed by its 4-byte big-endian CRC-32.
pub const FITFLATE_FORMAT_LEGACY: c_int = 3;
/// For readers: tell gzip, legacy and zlib apart from the bytes (raw must be named).
pub const FITFLATE_FORMAT_AUTO: c_int = -1;

/// Pass as `level` to get the default level.
pub const FITFLATE_LEVEL_DEFAULT: c_int = -1;
/// The level `FITFLATE_LEVEL_DEFAULT` stands for.
pub const FITFLATE_DEFAULT_LEVEL: c_int = fitflate::Level::DEFAULT.get() as c_int;
/// The highest level (levels are `0..=FITFLATE_MAX_LEVEL`; the top one is the strongest,
/// near-optimal effort).
pub const FITFLATE_MAX_LEVEL: c_int = fitflate::Level::STRONGEST.get() as c_int;

/// Success.
pub const FITFLATE_OK: c_int = 0;
/// Push: the record (and its delimiter) is in the frame.
pub const FITFLATE_ACCEPTED: c_int = 0;
/// Push: the record would make the finished frame exceed the cap (or break a limit set with
/// `fitflate_frame_set_limits`). Not taken, frame unchanged: finish the frame and push the
/// record again.
pub const FITFLATE_FULL: c_int = 1;
/// Push: the record cannot go into any frame of this cap (the frame is empty and the record
/// does not fit even so, or breaks the payload limit alone, or the record is 2^32 - 1 bytes or
/// longer). Not taken, frame unchanged.
pub const FITFLATE_TOO_LARGE: c_int = 2;

/// A required pointer is NULL.
pub const FITFLATE_ERR_NULL_POINTER: c_int = -1;
/// A length is larger than `PTRDIFF_MAX`.
pub const FITFLATE_ERR_BAD_LENGTH: c_int = -2;
/// The format is none of the `FITFLATE_FORMAT_*` values.
pub const FITFLATE_ERR_BAD_FORMAT: c_int = -3;
/// The level is neither `FITFLATE_LEVEL_DEFAULT` nor in `0..=FITFLATE_MAX_LEVEL`.
pub const FITFLATE_ERR_BAD_LEVEL: c_int = -4;
/// The cap is below `fitflate_min_frame_size(format)`.
pub const FITFLATE_ERR_CAP_BELOW_MINIMUM: c_int = -5;
/// The caller's buffer is too small for the finished frame; the needed length is in `*out_len`
/// and the frame is unchanged.
pub const FITFLATE_ERR_BUFFER_TOO_SMALL: c_int = -6;
/// A bug in fitflate (a caught panic). The handle, if any, is poisoned.
pub const FITFLATE_ERR_INTERNAL: c_int = -7;
/// The handle was poisoned by an earlier `FITFLATE_ERR_INTERNAL`; reset or free it.
pub const FITFLATE_ERR_POISONED: c_int = -8;
/// The frame is corrupt, truncated, padded, in another format or does not end with the
/// delimiter; the message says which.
pub const FITFLATE_ERR_BAD_FRAME: c_int = -9;

/// An open capped frame (which also knows the settings to open the next one). Opaque to C.
pub struct fitflate_frame {
    frame: Frame,
    /// Set while fitflate works on `frame` and cleared when it returns; still set after a panic.
    poisoned: bool,
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

#[cfg(test)]
thread_local! {
    /// Tests set this to make the next call into fitflate panic, as a bug would.
    static INJECT_PANIC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Panic here if a test asked for it (nothing outside tests).
fn injected_panic_point() {
    #[cfg(test)]
    if INJECT_PANIC.with(|p| p.replace(false)) {
        panic!("injected panic");
    }
}

/// Record `message` as this thread's last error.
fn set_message(message: &str) {
    let message = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    // `try_with` fails only while the thread is being torn down; the message is lost then.
    let _ = LAST_ERROR.try_with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            *last = message;
        }
    });
}

/// Record `message` and return `code`.
fn fail(code: c_int, message: &str) -> c_int {
    set_message(message);
    code
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "unknown panic payload"
    }
}

/// Run `f`, turning a panic into `Err(FITFLATE_ERR_INTERNAL)` with a message.
fn catch<T>(function: &str, f: impl FnOnce() -> Result<T, c_int>) -> Result<T, c_int> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(fail(
            FITFLATE_ERR_INTERNAL,
            &format!(
                "internal error in {function} (a bug in fitflate, please report it): {}",
                panic_message(&*payload)
            ),
        )),
    }
}

fn code(result: Result<c_int, c_int>) -> c_int {
    match result {
        Ok(c) | Err(c) => c,
    }
}

fn format_from_c(format: c_int) -> Result<Format, c_int> {
    match format {
        FITFLATE_FORMAT_RAW => Ok(Format::Raw),
        FITFLATE_FORMAT_ZLIB => Ok(Format::Zlib),
        FITFLATE_FORMAT_GZIP => Ok(Format::Gzip),
        FITFLATE_FORMAT_LEGACY => Ok(Format::Legacy),
        _ => Err(fail(
            FITFLATE_ERR_BAD_FORMAT,
            &format!(
                "unknown format {format} (expected FITFLATE_FORMAT_RAW {FITFLATE_FORMAT_RAW}, \
                 _ZLIB {FITFLATE_FORMAT_ZLIB}, _GZIP {FITFLATE_FORMAT_GZIP} or _LEGACY {FITFLATE_FORMAT_LEGACY})"
            ),
        )),
    }
}

fn level_from_c(level: c_int) -> Result<Level, c_int> {
    if level == FITFLATE_LEVEL_DEFAULT {
        return Ok(Level::DEFAULT);
    }
    match u32::try_from(level).ok().and_then(|l| Level::new(l).ok()) {
        Some(l) => Ok(l),
        None => Err(fail(
            FITFLATE_ERR_BAD_LEVEL,
            &format!(
                "compression level {level} is out of range (expected 0..={FITFLATE_MAX_LEVEL}, \
                 or FITFLATE_LEVEL_DEFAULT)"
            ),
        )),
    }
}

/// The code and message for an error from `FrameBuilder::build`.
fn build_error(e: BuildError) -> c_int {
    let code = match e {
        BuildError::CapBelowMinimum { .. } => FITFLATE_ERR_CAP_BELOW_MINIMUM,
        // Unreachable through the C ABI, where a limit of 0 means none.
        BuildError::ZeroLimit { .. } => FITFLATE_ERR_INTERNAL,
        // Unreachable until the C ABI sets dictionaries.
        BuildError::NoDictionaryField(_) => FITFLATE_ERR_INTERNAL,
    };
    fail(code, &e.to_string())
}

/// `len` bytes at `data` as a slice; `data` may be NULL when `len` is 0.
///
/// # Safety
/// Unless NULL or `len` is 0, `data` must point to `len` readable bytes that stay unchanged for
/// `'a`.
unsafe fn slice_from<'a>(data: *const u8, len: usize, what: &str) -> Result<&'a [u8], c_int> {
    if len == 0 {
        return Ok(&[]);
    }
    if data.is_null() {
        return Err(fail(
            FITFLATE_ERR_NULL_POINTER,
            &format!("{what} is NULL but its length is {len}"),
        ));
    }
    if len > isize::MAX as usize {
        return Err(fail(
            FITFLATE_ERR_BAD_LENGTH,
            &format!("{what} length {len} is larger than PTRDIFF_MAX"),
        ));
    }
    // SAFETY: non-null, len <= isize::MAX, and the caller promises `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

fn null(what: &str) -> c_int {
    fail(FITFLATE_ERR_NULL_POINTER, &format!("{what} is NULL"))
}

/// The handle behind `frame`, or an error for NULL.
///
/// # Safety
/// `frame` must be NULL or a live handle from `fitflate_frame_new`, not used elsewhere meanwhile.
unsafe fn handle<'a>(frame: *mut fitflate_frame) -> Result<&'a mut fitflate_frame, c_int> {
    // SAFETY: the caller's promise.
    unsafe { frame.as_mut() }.ok_or_else(|| null("frame"))
}

/// The handle behind `frame` if it is not poisoned.
///
/// # Safety
/// As for [`handle`].
unsafe fn live<'a>(frame: *mut fitflate_frame) -> Result<&'a mut fitflate_frame, c_int> {
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
unsafe fn peek<'a>(frame: *const fitflate_frame) -> Option<&'a fitflate_frame> {
    // SAFETY: the caller's promise.
    unsafe { frame.as_ref() }.filter(|h| !h.poisoned)
}

impl fitflate_frame {
    /// Finish the frame and replace it with an empty one with the same settings.
    fn finish_and_reset(&mut self) -> Result<Vec<u8>, c_int> {
        // The frame resets itself in place, reusing its allocations.
        self.poisoned = true;
        injected_panic_point();
        let bytes = self.frame.finish_and_reset();
        self.poisoned = false;
        Ok(bytes)
    }
}

/// Write `value` through `out` unless `out` is NULL.
///
/// # Safety
/// `out` must be NULL or valid for a write of `T`.
unsafe fn store<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: the caller's promise.
        unsafe { out.write(value) }
    }
}

/// Open an empty frame of at most `cap` bytes in `format` (`FITFLATE_FORMAT_*`) at `level`
/// (`0..=9` or `FITFLATE_LEVEL_DEFAULT`), appending the `delimiter_len` bytes at `delimiter`
/// after every record (NULL / 0 for none).
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

/// The smallest cap `format` allows (the size of its empty stream: raw 2, zlib 8, gzip 20,
/// legacy 24), or 0 for an unknown format.
#[no_mangle]
pub extern "C" fn fitflate_min_frame_size(format: c_int) -> u64 {
    catch("fitflate_min_frame_size", || {
        Ok(format_from_c(format)?.min_frame_size())
    })
    .unwrap_or(0)
}

/// This thread's last error message (UTF-8, never NULL; "" before any error). Valid until the next
/// fitflate call on the same thread.
#[no_mangle]
pub extern "C" fn fitflate_last_error() -> *const c_char {
    LAST_ERROR
        .try_with(|last| match last.try_borrow() {
            // The CString's heap buffer does not move until the next message replaces it.
            Ok(message) => message.as_ptr(),
            Err(_) => c"".as_ptr(),
        })
        .unwrap_or(c"".as_ptr())
}

/// The library version, e.g. "0.1.0" (static, never NULL).
#[no_mangle]
pub extern "C" fn fitflate_version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => panic!("version contains NUL"),
        };
    VERSION.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last_error() -> String {
        // SAFETY: never NULL, NUL-terminated, valid until the next call on this thread.
        unsafe { CStr::from_ptr(fitflate_last_error()) }
            .to_str()
            .unwrap()
            .to_string()
    }

    fn new_frame(cap: u64) -> *mut fitflate_frame {
        let mut err = 1;
        // SAFETY: valid delimiter and out pointer.
        let f = unsafe {
            fitflate_frame_new(cap, FITFLATE_FORMAT_GZIP, 6, b"\n".as_ptr(), 1, &mut err)
        };
        assert!(!f.is_null());
        assert_eq!(err, FITFLATE_OK);
        f
    }

    fn push(f: *mut fitflate_frame, record: &[u8]) -> c_int {
        // SAFETY: a live handle and a valid slice.
        unsafe { fitflate_frame_push(f, record.as_ptr(), record.len()) }
    }

    #[test]
    fn a_panic_in_push_is_caught_and_poisons_the_frame() {
        let f = new_frame(4096);
        assert_eq!(push(f, b"before"), FITFLATE_ACCEPTED);
        INJECT_PANIC.with(|p| p.set(true));
        assert_eq!(push(f, b"boom"), FITFLATE_ERR_INTERNAL);
        assert!(
            last_error().contains("internal error in fitflate_frame_push"),
            "{}",
            last_error()
        );
        assert!(last_error().contains("injected panic"));
        // Poisoned: everything but reset and free refuses.
        assert_eq!(push(f, b"after"), FITFLATE_ERR_POISONED);
        assert!(last_error().contains("poisoned"));
        let mut buf = [0u8; 4096];
        let mut len = 0usize;
        // SAFETY: valid buffer and out pointers.
        unsafe {
            assert_eq!(
                fitflate_frame_finish_into(f, buf.as_mut_ptr(), buf.len(), &mut len),
                FITFLATE_ERR_POISONED
            );
            let mut data = ptr::null_mut();
            assert_eq!(
                fitflate_frame_finish(f, &mut data, &mut len),
                FITFLATE_ERR_POISONED
            );
            assert!(data.is_null());
            assert_eq!(fitflate_frame_records(f), 0);
            assert_eq!(fitflate_frame_size(f), 0);
            assert_eq!(fitflate_frame_cap(f), 4096);
            // Reset clears the poison.
            assert_eq!(fitflate_frame_reset(f), FITFLATE_OK);
            assert_eq!(push(f, b"after"), FITFLATE_ACCEPTED);
            assert_eq!(fitflate_frame_records(f), 1);
            assert_eq!(
                fitflate_frame_finish_into(f, buf.as_mut_ptr(), buf.len(), &mut len),
                FITFLATE_OK
            );
            let payload = fitflate::verify::decode(&buf[..len], Format::Gzip).unwrap();
            assert_eq!(payload, b"after\n");
            fitflate_frame_free(f);
        }
    }

    #[test]
    fn a_panic_in_finish_is_caught_and_poisons_the_frame() {
        let f = new_frame(4096);
        assert_eq!(push(f, b"record"), FITFLATE_ACCEPTED);
        let mut buf = [0u8; 4096];
        let mut len = 0usize;
        // SAFETY: valid buffer and out pointers.
        unsafe {
            INJECT_PANIC.with(|p| p.set(true));
            assert_eq!(
                fitflate_frame_finish_into(f, buf.as_mut_ptr(), buf.len(), &mut len),
                FITFLATE_ERR_INTERNAL
            );
            assert_eq!(push(f, b"x"), FITFLATE_ERR_POISONED);
            assert_eq!(fitflate_frame_reset(f), FITFLATE_OK);

            assert_eq!(push(f, b"record"), FITFLATE_ACCEPTED);
            INJECT_PANIC.with(|p| p.set(true));
            let mut data = ptr::null_mut();
            assert_eq!(
                fitflate_frame_finish(f, &mut data, &mut len),
                FITFLATE_ERR_INTERNAL
            );
            assert!(data.is_null());
            assert_eq!(len, 0);
            assert_eq!(push(f, b"x"), FITFLATE_ERR_POISONED);
            // Free works on a poisoned handle.
            fitflate_frame_free(f);
        }
    }

    #[test]
    fn catch_turns_any_panic_payload_into_internal() {
        assert_eq!(
            catch("t", || -> Result<(), c_int> {
                panic!("{}", String::from("owned"))
            }),
            Err(FITFLATE_ERR_INTERNAL)
        );
        assert!(last_error().contains("owned"));
        assert_eq!(
            catch("t", || -> Result<(), c_int> { std::panic::panic_any(42u8) }),
            Err(FITFLATE_ERR_INTERNAL)
        );
        assert!(last_error().contains("unknown panic payload"));
    }

    #[test]
    fn messages_with_nul_bytes_survive() {
        set_message("a\0b");
        assert_eq!(last_error(), "a\\0b");
    }
}
