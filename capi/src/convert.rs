//! Arguments from C (format and level codes, pointer and length pairs) and results back to it
//! (build errors as codes, values through out pointers).

use std::ffi::c_int;

use fitflate::{BuildError, Format, Level, VerifyError};

use crate::codes::*;
use crate::errors::fail;

pub(crate) fn format_from_c(format: c_int) -> Result<Format, c_int> {
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

pub(crate) fn level_from_c(level: c_int) -> Result<Level, c_int> {
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
pub(crate) fn build_error(e: BuildError) -> c_int {
    let code = match e {
        BuildError::CapBelowMinimum { .. } => FITFLATE_ERR_CAP_BELOW_MINIMUM,
        // Unreachable through the C ABI, where a limit of 0 means none.
        BuildError::ZeroLimit { .. } => FITFLATE_ERR_INTERNAL,
        BuildError::NoDictionaryField(_) => FITFLATE_ERR_NO_DICTIONARY_FIELD,
    };
    fail(code, &e.to_string())
}

/// The code and message for a frame that does not read back: a missing or other preset
/// dictionary has its own code, anything else is a bad frame.
pub(crate) fn read_error(e: VerifyError) -> c_int {
    let code = match e {
        VerifyError::DictionaryNeeded { .. } => FITFLATE_ERR_DICTIONARY_NEEDED,
        VerifyError::DictionaryMismatch { .. } => FITFLATE_ERR_DICTIONARY_MISMATCH,
        _ => FITFLATE_ERR_BAD_FRAME,
    };
    fail(code, &e.to_string())
}

/// `len` bytes at `data` as a slice; `data` may be NULL when `len` is 0.
///
/// # Safety
/// Unless NULL or `len` is 0, `data` must point to `len` readable bytes that stay unchanged for
/// `'a`.
pub(crate) unsafe fn slice_from<'a>(
    data: *const u8,
    len: usize,
    what: &str,
) -> Result<&'a [u8], c_int> {
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

/// Write `value` through `out` unless `out` is NULL.
///
/// # Safety
/// `out` must be NULL or valid for a write of `T`.
pub(crate) unsafe fn store<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: the caller's promise.
        unsafe { out.write(value) }
    }
}
