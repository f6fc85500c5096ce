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
//!   with a length of 0 is an empty slice (but a NULL dictionary is none, a non-NULL one of
//!   length 0 an empty dictionary). A length over `PTRDIFF_MAX` is [`FITFLATE_ERR_BAD_LENGTH`].
//! - Every failing call (and a push answering [`FITFLATE_TOO_LARGE`]) leaves a message for
//!   `fitflate_last_error()`, per thread.
//! - A handle may be moved between threads but must not be used by two threads at once.

#![deny(unsafe_op_in_unsafe_fn)]
#![allow(non_camel_case_types)]

mod codes;
mod convert;
mod dictionary;
mod errors;
mod frame;
mod handle;
mod limits;
mod output;
mod read;
#[cfg(test)]
mod tests;

use std::ffi::{c_char, CStr};

pub use codes::*;
pub use dictionary::{fitflate_frame_dictionary_id, fitflate_frame_set_dictionary};
pub use errors::fitflate_last_error;
pub use frame::{
    fitflate_frame_cap, fitflate_frame_free, fitflate_frame_new, fitflate_frame_push,
    fitflate_frame_records, fitflate_frame_reset, fitflate_frame_set_squeeze, fitflate_frame_size,
    fitflate_min_frame_size,
};
pub use handle::fitflate_frame;
pub use limits::{
    fitflate_frame_max_payload, fitflate_frame_max_records, fitflate_frame_set_limits,
};
pub use output::{
    fitflate_bytes_free, fitflate_frame_finish, fitflate_frame_finish_into,
    fitflate_frame_take_output,
};
pub use read::{fitflate_next_record, fitflate_unpack, fitflate_unpack_with_dictionary};

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
