//! Preset dictionaries: setting one on a frame (zlib and raw), reading its DICTID back, and the
//! bytes a C caller passes turned into a `Dictionary` (primed when a frame first needs it).

use std::ffi::c_int;

use fitflate::Dictionary;

use crate::codes::FITFLATE_OK;
use crate::convert::{build_error, slice_from, store};
use crate::errors::{catch, code, null};
use crate::handle::{fitflate_frame, handle};

/// The dictionary of the `len` bytes at `data`, or none for a NULL `data` (then `len` must be
/// 0). A non-NULL `data` with `len` 0 is an empty dictionary.
///
/// # Safety
/// Unless NULL, `data` must point to `len` readable bytes.
pub(crate) unsafe fn dictionary_from_c(
    data: *const u8,
    len: usize,
) -> Result<Option<Dictionary>, c_int> {
    if data.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: the caller's promise.
    let bytes = unsafe { slice_from(data, len, "dictionary") }?;
    Ok(Some(Dictionary::new(bytes)))
}

/// Pack this frame and the ones after it with the preset dictionary of the `dict_len` bytes at
/// `dict` (NULL and 0: none, the default), zlib and raw frames only: every frame starts with the
/// dictionary in its window, so even its first record finds matches. A zlib frame then sets
/// FDICT and carries the DICTID (the Adler-32 of all the bytes), 4 bytes more, so its cap must
/// be at least 12; a raw frame carries nothing and the reader must know the dictionary. Readers
/// need the same bytes: `fitflate_unpack_with_dictionary`, or zlib's `inflateSetDictionary`.
/// The frame's records are dropped (as by `fitflate_frame_reset`). Returns `FITFLATE_OK`,
/// `FITFLATE_ERR_NO_DICTIONARY_FIELD` (gzip and legacy frames), `_CAP_BELOW_MINIMUM`,
/// `_NULL_POINTER` (NULL `dict` with a nonzero length), `_BAD_LENGTH` or `_INTERNAL`; on error
/// the frame is unchanged, records and all.
///
/// # Safety
/// `frame` must be NULL or a live handle; `dict` must be NULL or point to `dict_len` readable
/// bytes.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_set_dictionary(
    frame: *mut fitflate_frame,
    dict: *const u8,
    dict_len: usize,
) -> c_int {
    code(catch("fitflate_frame_set_dictionary", || {
        // SAFETY: the caller's promise.
        let h = unsafe { handle(frame) }?;
        // SAFETY: the caller's promise.
        let dict = unsafe { dictionary_from_c(dict, dict_len) }?;
        h.frame = (h.frame.settings())
            .dictionary(dict)
            .build()
            .map_err(build_error)?;
        h.poisoned = false;
        Ok(FITFLATE_OK)
    }))
}

/// Whether the frame packs with a preset dictionary: 1, with its DICTID (the Adler-32 of the
/// dictionary's bytes, as a zlib frame carries it) in `*out_id` unless `out_id` is NULL; 0 for
/// none (`*out_id` is then 0); `FITFLATE_ERR_NULL_POINTER` for a NULL frame.
///
/// # Safety
/// `frame` must be NULL or a live handle; `out_id` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn fitflate_frame_dictionary_id(
    frame: *const fitflate_frame,
    out_id: *mut u32,
) -> c_int {
    code(catch("fitflate_frame_dictionary_id", || {
        // SAFETY: the caller's promise.
        let h = unsafe { frame.as_ref() }.ok_or_else(|| null("frame"))?;
        let id = h.frame.dictionary().map(Dictionary::id);
        // SAFETY: the caller's promise.
        unsafe { store(out_id, id.unwrap_or(0)) };
        Ok(c_int::from(id.is_some()))
    }))
}
