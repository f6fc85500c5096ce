//! The settings of a frame (`FrameBuilder`), their checks, and opening a frame with them.

use super::errors::BuildError;
use super::{Frame, Squeeze};
use crate::container::{Format, EMPTY_DEFLATE_LEN};
use crate::dictionary::{Dictionary, NoDictionaryField};
use crate::stream::Compressor;
use fitflate_encoder::{Level, SqueezeEffort};

/// The settings of a frame: cap, container format, level and record delimiter. `build()` checks
/// them and opens an empty [`Frame`]; a builder can open any number of frames.
///
/// ```
/// use fitflate::{BuildError, Format, FrameBuilder, Level};
///
/// let nine = Level::new(9)?; // levels 0..=10; Level::DEFAULT (6) unless set
/// let builder = FrameBuilder::new(1024).format(Format::Zlib).level(nine).delimiter(&b"\0"[..]);
/// assert_eq!(builder.cap(), 1024);
/// let frame = builder.build()?;
/// assert!(frame.is_empty());
/// assert_eq!((frame.format(), frame.level(), frame.delimiter()), (Format::Zlib, nine, &b"\0"[..]));
/// // A cap below the smallest stream of the format is refused.
/// assert!(matches!(
///     FrameBuilder::new(7).format(Format::Zlib).build(),
///     Err(BuildError::CapBelowMinimum { minimum: 8, .. })
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameBuilder {
    cap: u64,
    format: Format,
    level: Level,
    delimiter: Vec<u8>,
    mtime: u32,
    squeeze: bool,
    max_payload: Option<u64>,
    max_records: Option<u64>,
    dictionary: Option<Dictionary>,
}

/// Squeezes that may take a record in one frame: the first when a record does not fit, a
/// second when a later one does not (the records taken after the first were parsed at the
/// frame's level). A refusal near the cap costs one squeeze (a packer offers each record to a
/// frame at most twice), so the work is bounded by the records offered.
const MAX_SQUEEZES: u32 = 2;
/// ... and at the strongest level.
const MAX_SQUEEZES_STRONGEST: u32 = 3;

/// The largest input `fitflate compress --level 10` encodes in one shot (the one-shot
/// near-optimal encoder needs about 25 bytes of memory per input byte).
pub const MAX_OPTIMAL_PAYLOAD: usize = 8 << 20;

impl FrameBuilder {
    /// Settings for frames of at most `cap` bytes: gzip, the default level (6), and a `\n` after
    /// every record.
    pub fn new(cap: u64) -> Self {
        FrameBuilder {
            cap,
            format: Format::Gzip,
            level: Level::DEFAULT,
            delimiter: b"\n".to_vec(),
            mtime: 0,
            squeeze: false,
            max_payload: None,
            max_records: None,
            dictionary: None,
        }
    }

    /// Set the container format.
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Set the compression level. At [`Level::STRONGEST`] records are parsed at level 9, every
    /// block the stream emits is re-parsed near-optimally first and split by cost, the first
    /// record of each frame is squeezed as soon as it is taken (so a frame holding one record is
    /// as small as near-optimal parsing makes it), and a record that does not fit triggers
    /// squeezes at the strongest effort ([`SqueezeEffort::MAX`]): many times slower than level
    /// 9, and the densest.
    pub fn level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// Set the bytes appended after every record; empty for none.
    pub fn delimiter(mut self, delimiter: impl Into<Vec<u8>>) -> Self {
        self.delimiter = delimiter.into();
        self
    }

    /// Set the gzip MTIME field (0, the default, means no time stamp).
    pub fn mtime(mut self, mtime: u32) -> Self {
        self.mtime = mtime;
        self
    }

    /// Cap-aware squeezing (off by default; always on at [`Level::STRONGEST`]). When a record
    /// does not fit (and misses the cap by at most 1/8 of it), a squeezing frame appends it to a
    /// copy of its stream, re-parses the copy's pending block — the record included — by
    /// near-optimal parsing, turns on cost-based block splitting there, and takes the record if
    /// it now fits, carrying on from the squeezed stream. A record refused anyway leaves the
    /// frame bit-identical and changes nothing about later pushes. At most two squeezes take
    /// records per frame. The cost is spent only where a record is about to be refused; memory:
    /// one more copy of the stream (no copy of records).
    pub fn squeeze(mut self, on: bool) -> Self {
        self.squeeze = on;
        self
    }

    /// Limit the uncompressed bytes per frame — records with their delimiters — to `max`
    /// (`None`, the default: no limit but the cap). A record that would take the frame's payload
    /// past the limit is refused exactly like one that breaks the cap: `Push::Full` with the
    /// frame unchanged, or [`PushError::PayloadTooLarge`](crate::PushError::PayloadTooLarge) from an empty frame. For consumers that
    /// bound what they inflate. A limit of 0 is a [`BuildError`].
    pub fn max_payload(mut self, max: Option<u64>) -> Self {
        self.max_payload = max;
        self
    }

    /// Limit the records per frame to `max` (`None`, the default: no limit but the cap). A
    /// record beyond the limit is refused like one that breaks the cap (`Push::Full`, frame
    /// unchanged). A limit of 0 is a [`BuildError`].
    pub fn max_records(mut self, max: Option<u64>) -> Self {
        self.max_records = max;
        self
    }

    /// Pack with the preset dictionary `dict` (`None`, the default: none), zlib and raw frames
    /// only (a [`BuildError`] for gzip and legacy): every frame starts with the dictionary in its
    /// window, so even its first record finds matches. A zlib frame then carries the DICTID, 4
    /// header bytes more; the reader needs the same dictionary
    /// ([`crate::read::unpack_with_dictionary`], zlib's `inflateSetDictionary`, Python's
    /// `zdict=`). Each frame starts from the dictionary's primed snapshot: no re-hashing.
    pub fn dictionary(mut self, dict: Option<Dictionary>) -> Self {
        self.dictionary = dict;
        self
    }

    /// The cap in bytes. (The other settings are reported by the frames it builds:
    /// [`Frame::format`], [`Frame::level`], [`Frame::delimiter`], [`Frame::mtime`],
    /// [`Frame::is_squeezing`], [`Frame::max_payload`], [`Frame::max_records`],
    /// [`Frame::dictionary`].)
    pub fn cap(&self) -> u64 {
        self.cap
    }

    pub(crate) fn level_setting(&self) -> Level {
        self.level
    }

    pub(crate) fn delimiter_setting(&self) -> &[u8] {
        &self.delimiter
    }

    pub(crate) fn has_dictionary(&self) -> bool {
        self.dictionary.is_some()
    }

    /// Check the settings: the cap must be at least the format's minimum, and a limit, when
    /// set, at least 1.
    pub fn validate(&self) -> Result<(), BuildError> {
        if self.max_payload == Some(0) {
            return Err(BuildError::ZeroLimit {
                limit: "max_payload",
            });
        }
        if self.max_records == Some(0) {
            return Err(BuildError::ZeroLimit {
                limit: "max_records",
            });
        }
        if self.dictionary.is_some() && !self.format.takes_dictionary() {
            return Err(BuildError::NoDictionaryField(NoDictionaryField {
                format: self.format,
            }));
        }
        let minimum = self.min_frame_size();
        if self.cap < minimum {
            return Err(BuildError::CapBelowMinimum {
                cap: self.cap,
                format: self.format,
                minimum,
            });
        }
        Ok(())
    }

    /// The smallest frame these settings make (an empty payload): the format's
    /// ([`Format::min_frame_size`]) plus zlib's DICTID with a dictionary.
    pub fn min_frame_size(&self) -> u64 {
        self.format.overhead_with(self.dictionary.as_ref()) + EMPTY_DEFLATE_LEN
    }

    /// Open an empty frame with these settings.
    pub fn build(&self) -> Result<Frame, BuildError> {
        self.validate()?;
        // At the strongest level the compressor re-parses and splits every block itself.
        let compressor = match &self.dictionary {
            Some(dict) => Compressor::with_dictionary(self.format, self.level, dict)
                .map_err(BuildError::NoDictionaryField)?,
            None => Compressor::new(self.format, self.level),
        };
        let mut compressor = compressor.with_mtime(self.mtime);
        compressor.set_budget(Some(self.cap));
        let squeeze = if self.level.is_strongest() {
            Some(Squeeze::new(
                SqueezeEffort::MAX,
                MAX_SQUEEZES_STRONGEST,
                true,
            ))
        } else {
            (self.squeeze && self.level != Level::STORED)
                .then(|| Squeeze::new(SqueezeEffort::FAST, MAX_SQUEEZES, false))
        };
        compressor.set_split_blocks(squeeze.as_ref().and_then(Squeeze::own_split));
        Ok(Frame {
            compressor,
            cap: self.cap,
            level: self.level,
            delimiter: self.delimiter.clone(),
            records: 0,
            squeeze,
            max_payload: self.max_payload,
            max_records: self.max_records,
            first_record_at: None,
        })
    }
}
