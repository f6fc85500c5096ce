//! Errors at the boundary: the per-thread last message, the panic guard every entry point runs
//! in, and `fitflate_last_error`.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{c_char, c_int, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::codes::{FITFLATE_ERR_INTERNAL, FITFLATE_ERR_NULL_POINTER};

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

#[cfg(test)]
thread_local! {
    /// Tests set this to make the next call into fitflate panic, as a bug would.
    pub(crate) static INJECT_PANIC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Panic here if a test asked for it (nothing outside tests).
pub(crate) fn injected_panic_point() {
    #[cfg(test)]
    if INJECT_PANIC.with(|p| p.replace(false)) {
        panic!("injected panic");
    }
}

/// Record `message` as this thread's last error.
pub(crate) fn set_message(message: &str) {
    let message = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    // `try_with` fails only while the thread is being torn down; the message is lost then.
    let _ = LAST_ERROR.try_with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            *last = message;
        }
    });
}

/// Record `message` and return `code`.
pub(crate) fn fail(code: c_int, message: &str) -> c_int {
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
pub(crate) fn catch<T>(function: &str, f: impl FnOnce() -> Result<T, c_int>) -> Result<T, c_int> {
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

pub(crate) fn code(result: Result<c_int, c_int>) -> c_int {
    match result {
        Ok(c) | Err(c) => c,
    }
}

pub(crate) fn null(what: &str) -> c_int {
    fail(FITFLATE_ERR_NULL_POINTER, &format!("{what} is NULL"))
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
