//! Why a frame could not be opened (`BuildError`) or could not take a record (`PushError`), and
//! the umbrella of both (`FrameError`).

use std::fmt;

use super::MAX_RECORD_LEN;
use crate::container::Format;
use crate::dictionary::NoDictionaryField;

/// Why [`FrameBuilder::build`](crate::FrameBuilder::build) could not open a frame: the settings are wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The cap is below the smallest complete stream of the format (even an empty frame would not
    /// fit).
    CapBelowMinimum {
        /// The requested cap.
        cap: u64,
        /// The container format.
        format: Format,
        /// The smallest cap this format allows.
        minimum: u64,
    },
    /// A limit of zero was set ([`FrameBuilder::max_payload`](crate::FrameBuilder::max_payload), [`FrameBuilder::max_records`](crate::FrameBuilder::max_records)):
    /// no frame could take a record. For no limit, set `None`.
    ZeroLimit {
        /// Which limit: `"max_payload"` or `"max_records"`.
        limit: &'static str,
    },
    /// A preset dictionary was set ([`FrameBuilder::dictionary`](crate::FrameBuilder::dictionary))
    /// for gzip or legacy frames, which have no field for one.
    NoDictionaryField(NoDictionaryField),
}

/// Why [`Frame::push`](crate::Frame::push) could not take a record into any frame of this cap (the frame is
/// unchanged; a record that merely does not fit *this* frame is `Ok(Push::Full)` instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushError {
    /// The record does not fit even into an empty frame. The frame is unchanged.
    RecordTooLarge {
        /// The record's length in bytes (without its delimiter).
        len: u64,
        /// The frame's cap.
        cap: u64,
        /// Exact size an otherwise empty frame holding the record (and delimiter) would have.
        needed: u64,
    },
    /// The record is `MAX_RECORD_LEN` (u32::MAX) bytes or longer. The frame is unchanged.
    RecordTooLong {
        /// The record's length in bytes.
        len: u64,
    },
    /// The record and its delimiter exceed the frame's payload limit
    /// ([`FrameBuilder::max_payload`](crate::FrameBuilder::max_payload)) even in an empty frame. The frame is unchanged.
    PayloadTooLarge {
        /// The record's length in bytes (without its delimiter).
        len: u64,
        /// Its delimiter's length in bytes.
        delimiter_len: u64,
        /// The frame's payload limit.
        max_payload: u64,
    },
}

/// Either error of a frame, for callers that build and push in one function and propagate both
/// with `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The settings are wrong (see [`BuildError`]).
    Build(BuildError),
    /// A record fits no frame (see [`PushError`]).
    Push(PushError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::CapBelowMinimum {
                cap,
                format,
                minimum,
            } => write!(
                f,
                "cap of {cap} bytes is below the minimum of {minimum} bytes for the {format} format \
                 (the size of an empty {format} frame with these settings)"
            ),
            BuildError::ZeroLimit { limit } => write!(
                f,
                "{limit} of 0 would let no frame take a record (leave it unset for no limit)"
            ),
            BuildError::NoDictionaryField(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for PushError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PushError::RecordTooLarge { len, cap, needed } => write!(
                f,
                "a record of {len} bytes does not fit into a frame of cap {cap} bytes \
                 (alone in a frame it needs {needed} bytes)"
            ),
            PushError::RecordTooLong { len } => write!(
                f,
                "a record of {len} bytes is too long (records must be shorter than {MAX_RECORD_LEN} bytes)"
            ),
            PushError::PayloadTooLarge {
                len,
                delimiter_len,
                max_payload,
            } => write!(
                f,
                "a record of {len} bytes (plus a {delimiter_len}-byte delimiter) exceeds the \
                 payload limit of {max_payload} bytes per frame"
            ),
        }
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Build(e) => e.fmt(f),
            FrameError::Push(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}

impl std::error::Error for PushError {}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FrameError::Build(e) => Some(e),
            FrameError::Push(e) => Some(e),
        }
    }
}

impl From<BuildError> for FrameError {
    fn from(e: BuildError) -> Self {
        FrameError::Build(e)
    }
}

impl From<PushError> for FrameError {
    fn from(e: PushError) -> Self {
        FrameError::Push(e)
    }
}
