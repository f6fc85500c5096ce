//! The `FITFLATE_*` constants: container formats, levels, push answers and error codes.

use std::ffi::c_int;

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
/// A preset dictionary was set for a format that has no field for one (gzip, legacy): only zlib
/// frames (which carry its DICTID) and raw frames (agreed out of band) take one.
pub const FITFLATE_ERR_NO_DICTIONARY_FIELD: c_int = -10;
/// The zlib frame was packed with a preset dictionary and none was given; the message names its
/// DICTID (the dictionary's Adler-32) in hex.
pub const FITFLATE_ERR_DICTIONARY_NEEDED: c_int = -11;
/// The zlib frame was packed with another preset dictionary than the one given; the message
/// names both DICTIDs in hex.
pub const FITFLATE_ERR_DICTIONARY_MISMATCH: c_int = -12;
