//! Capped frames: a compressed stream that takes whole records one at a time and finishes —
//! always — at or under a hard byte cap.
//!
//! Each push appends the record (and its delimiter) tentatively and asks what the finished frame
//! would cost. Far from the cap the encoder's cheap upper bound settles it: if even the bound fits,
//! the exact cost fits too, so the answer is the one the exact cost would give. Near the cap the
//! exact close cost decides. A refused record is rolled back, which leaves the frame
//! bit-identical to never having seen it; so every refusal is justified (taking the record would
//! have made the finished frame exceed the cap) and the frame holds the most whole records, in
//! order, that fit.

use std::fmt;

use crate::container::Format;
use crate::stream::Compressor;
use fitflate_encoder::{Level, SplitEffort, SqueezeEffort};

/// Records of this many bytes or more are refused: gzip's ISIZE and most record-oriented
/// consumers count in 32 bits, and no sensible cap holds one anyway.
pub const MAX_RECORD_LEN: u64 = u32::MAX as u64;

/// Why [`FrameBuilder::build`] could not open a frame: the settings are wrong.
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
    /// A limit of zero was set ([`FrameBuilder::max_payload`], [`FrameBuilder::max_records`]):
    /// no frame could take a record. For no limit, set `None`.
    ZeroLimit {
        /// Which limit: `"max_payload"` or `"max_records"`.
        limit: &'static str,
    },
}

/// Why [`Frame::push`] could not take a record into any frame of this cap (the frame is
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
    /// ([`FrameBuilder::max_payload`]) even in an empty frame. The frame is unchanged.
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
                 (the size of an empty {format} stream)"
            ),
            BuildError::ZeroLimit { limit } => write!(
                f,
                "{limit} of 0 would let no frame take a record (leave it unset for no limit)"
            ),
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
}

/// Squeezes that may take a record in one frame: the first when a record does not fit, a
/// second when a later one does not (the records taken after the first were parsed at the
/// frame's level). A refusal near the cap costs one squeeze (a packer offers each record to a
/// frame at most twice), so the work is bounded by the records offered.
const MAX_SQUEEZES: u32 = 2;
/// ... and at the strongest level.
const MAX_SQUEEZES_STRONGEST: u32 = 3;
/// A frame squeezes only when the refused record misses the cap by at most 1/8 of it.
const SQUEEZE_REACH: u64 = 8;

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
    /// frame unchanged, or [`PushError::PayloadTooLarge`] from an empty frame. For consumers that
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

    /// The cap in bytes. (The other settings are reported by the frames it builds:
    /// [`Frame::format`], [`Frame::level`], [`Frame::delimiter`], [`Frame::mtime`],
    /// [`Frame::is_squeezing`], [`Frame::max_payload`], [`Frame::max_records`].)
    pub fn cap(&self) -> u64 {
        self.cap
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
        let minimum = self.format.min_frame_size();
        if self.cap < minimum {
            return Err(BuildError::CapBelowMinimum {
                cap: self.cap,
                format: self.format,
                minimum,
            });
        }
        Ok(())
    }

    /// Open an empty frame with these settings.
    pub fn build(&self) -> Result<Frame, BuildError> {
        self.validate()?;
        // At the strongest level the compressor re-parses and splits every block itself.
        let mut compressor = Compressor::new(self.format, self.level).with_mtime(self.mtime);
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
        })
    }
}

/// The answer to [`Frame::push`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Push {
    /// The record (and its delimiter) is in the frame.
    Accepted,
    /// The record would make the finished frame exceed the cap (or break a limit: see
    /// [`FrameBuilder::max_payload`], [`FrameBuilder::max_records`]); the frame is unchanged and
    /// the record was not taken. Finish this frame and push the record into the next one.
    Full,
}

/// A capped frame under construction. Made by [`FrameBuilder::build`].
///
/// ```
/// use fitflate::{FrameBuilder, Push};
///
/// let mut frame = FrameBuilder::new(64).build()?;
/// let mut frames = Vec::new();
/// for i in 0..40 {
///     let record = format!("record number {i}");
///     if frame.push(record.as_bytes())? == Push::Full {
///         frames.push(frame.finish_and_reset()); // at most 64 bytes; the frame is empty again
///         frame.push(record.as_bytes())?;
///     }
/// }
/// frames.push(frame.finish());
/// assert!(frames.iter().all(|f| f.len() <= 64));
/// let back: Vec<Vec<u8>> = frames
///     .iter()
///     .flat_map(|f| fitflate::unpack(f, None, b"\n").unwrap().to_vec())
///     .collect();
/// assert_eq!(back.len(), 40);
/// # Ok::<(), fitflate::FrameError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Frame {
    compressor: Compressor,
    cap: u64,
    level: Level,
    delimiter: Vec<u8>,
    records: u64,
    squeeze: Option<Squeeze>,
    max_payload: Option<u64>,
    max_records: Option<u64>,
}

/// What a squeezing frame keeps (see [`FrameBuilder::squeeze`]).
#[derive(Debug, Clone)]
struct Squeeze {
    effort: SqueezeEffort,
    /// Squeezes that took a record: at most `max_tries` per frame. Only accepted records count,
    /// so a refused record changes nothing, not even what later records may try.
    max_tries: u32,
    tries: u32,
    /// The strongest level: the frame's own stream splits blocks from the start, and the first
    /// record is squeezed as soon as it is taken.
    strongest: bool,
}

impl Squeeze {
    fn new(effort: SqueezeEffort, max_tries: u32, strongest: bool) -> Self {
        Squeeze {
            effort,
            max_tries,
            tries: 0,
            strongest,
        }
    }

    /// How a frame's own stream splits blocks before any squeeze: from the start, finely, at
    /// the strongest level; not at all otherwise.
    fn own_split(&self) -> Option<SplitEffort> {
        self.strongest.then(|| self.split())
    }

    /// How squeezed streams split blocks: finely at the strongest level, coarsely when
    /// squeezing is an option of levels 1-9.
    fn split(&self) -> SplitEffort {
        if self.strongest {
            SplitEffort::MAX
        } else {
            SplitEffort::FAST
        }
    }
}

impl Frame {
    /// Offer `record` (its delimiter is appended after it).
    ///
    /// - `Ok(Push::Accepted)`: taken.
    /// - `Ok(Push::Full)`: not taken, the frame is bit-identical to before, and taking it would
    ///   have made the finished frame exceed the cap, or the frame's payload exceed
    ///   [`max_payload`](FrameBuilder::max_payload), or its records exceed
    ///   [`max_records`](FrameBuilder::max_records). Only returned when the frame already holds
    ///   at least one record.
    /// - `Err(PushError::RecordTooLarge)`: the frame holds no record and this one does not fit
    ///   even so: no frame of this cap can take it. The frame is unchanged (and still finishes
    ///   valid).
    /// - `Err(PushError::PayloadTooLarge)`: the frame holds no record and this one, with its
    ///   delimiter, exceeds `max_payload` alone. The frame is unchanged.
    /// - `Err(PushError::RecordTooLong)`: the record is `MAX_RECORD_LEN` bytes or longer.
    ///
    /// The limits are checked before anything is appended (and before any squeeze), so a record
    /// refused for a limit costs nothing and leaves the frame untouched.
    pub fn push(&mut self, record: &[u8]) -> Result<Push, PushError> {
        let len = record.len() as u64;
        if len >= MAX_RECORD_LEN {
            return Err(PushError::RecordTooLong { len });
        }
        if let Some(max_payload) = self.max_payload {
            let delimiter_len = self.delimiter.len() as u64;
            if self.payload_bytes() + len + delimiter_len > max_payload {
                if self.records == 0 {
                    return Err(PushError::PayloadTooLarge {
                        len,
                        delimiter_len,
                        max_payload,
                    });
                }
                return Ok(Push::Full);
            }
        }
        if self.max_records.is_some_and(|max| self.records >= max) {
            return Ok(Push::Full);
        }
        self.compressor.checkpoint();
        self.compressor.append(record);
        self.compressor.append(&self.delimiter);
        // The bound is never below the exact cost, so "bound fits" implies "exact fits": the cheap
        // test can only answer yes when the exact one would. Otherwise the exact test decides.
        if !self.compressor.close_cost_within(self.cap)
            && !self.compressor.close_cost_fits(self.cap)
        {
            let squeezing = self.squeeze.is_some();
            let needed = (squeezing || self.records == 0).then(|| self.compressor.close_cost());
            self.compressor.rollback();
            // Squeeze only when the frame misses the cap by at most 1/SQUEEZE_REACH of it: no
            // re-parse saves more on real data, and far-off records (one that fits no frame)
            // then cost nothing extra.
            let near = needed.is_some_and(|n| n - self.cap <= self.cap / SQUEEZE_REACH);
            if near && self.squeezed_in(record) {
                return Ok(Push::Accepted);
            }
            if let Some(needed) = needed.filter(|_| self.records == 0) {
                return Err(PushError::RecordTooLarge {
                    len,
                    cap: self.cap,
                    needed,
                });
            }
            return Ok(Push::Full);
        }
        self.compressor.commit();
        self.records += 1;
        // The strongest level parses a frame's first record near-optimally at once: a frame that
        // holds one record (a single log line in a small datagram) is then as small as the
        // one-shot near-optimal encoder makes it. Later records are squeezed at the cap.
        if let Some(sq) = self.squeeze.as_ref().filter(|sq| sq.strongest) {
            if self.records == 1 {
                self.compressor.squeeze(sq.effort);
            }
        }
        Ok(Push::Accepted)
    }

    /// Squeezing (see [`FrameBuilder::squeeze`]): append `record` to a copy of the stream and
    /// re-parse the copy's pending block, the record included, near-optimally; if it then
    /// fits, the copy becomes the frame's stream and true is returned. Otherwise (or when
    /// squeezing is off or its tries are spent) the frame is left exactly as it was and false
    /// is returned. (Squeezing first and appending the record after, lazily parsed, packed
    /// 0.3 % less at 1 KiB caps at level 10 and 0.6-0.9 % less at level 6.)
    fn squeezed_in(&mut self, record: &[u8]) -> bool {
        let Some(sq) = self.squeeze.as_mut() else {
            return false;
        };
        if sq.tries >= sq.max_tries {
            return false;
        }
        let mut trial = self.compressor.clone();
        // From the squeeze on, the frame also splits blocks by cost (the cap is near: each
        // cost question pays a few more code builds).
        trial.set_split_blocks(Some(sq.split()));
        trial.append(record);
        trial.append(&self.delimiter);
        trial.squeeze(sq.effort);
        if !trial.close_cost_within(self.cap) && !trial.close_cost_fits(self.cap) {
            return false;
        }
        sq.tries += 1;
        self.compressor = trial;
        self.records += 1;
        true
    }

    /// Close the frame and return its bytes (after `take_output`, the rest); never more than
    /// the cap.
    pub fn finish(mut self) -> Vec<u8> {
        self.finish_and_reset()
    }

    /// Stream the frame out while it fills: move the bytes that are already final (the header
    /// and the blocks written so far) to `into`, returning how many; `finish` then returns the
    /// rest, and the frame is the concatenation. The frame's memory then stays at the encoder's
    /// working set (well under 1 MiB at levels up to 9) whatever the cap, instead of growing
    /// with the frame. Decisions are unchanged: pushes, sizes and bytes are the same as without
    /// streaming.
    pub fn take_output(&mut self, into: &mut Vec<u8>) -> usize {
        self.compressor.take_output(into)
    }

    /// Close the frame and return its bytes (never more than the cap), leaving `self` an empty
    /// frame with the same settings that reuses the allocations: the way to pack many frames.
    /// After `take_output`, only the bytes not taken yet.
    pub fn finish_and_reset(&mut self) -> Vec<u8> {
        let taken = self.compressor.bytes_taken();
        let bytes = self.compressor.finish_and_reset();
        debug_assert!(
            taken + bytes.len() as u64 <= self.cap,
            "frame exceeds its cap"
        );
        self.records = 0;
        if let Some(sq) = self.squeeze.as_mut() {
            sq.tries = 0;
            // A squeezed stream splits blocks; the next frame starts as a new one would.
            self.compressor.set_split_blocks(sq.own_split());
        }
        bytes
    }

    /// Records in the frame.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// True when the frame holds no record.
    pub fn is_empty(&self) -> bool {
        self.records == 0
    }

    /// Uncompressed bytes in the frame: the records with their delimiters.
    pub fn payload_bytes(&self) -> u64 {
        self.compressor.total_in()
    }

    /// Exact size the finished frame would have with `record` taken, computed the way `push`
    /// decides but without changing the frame: the `cost_with` of a record refused for the cap
    /// exceeds it. (A squeezing frame would still try to squeeze; this is the cost before
    /// squeezing. The limits beside the cap are not looked at.)
    pub fn cost_with(&self, record: &[u8]) -> u64 {
        let mut c = self.compressor.clone();
        c.append(record);
        c.append(&self.delimiter);
        c.close_cost()
    }

    /// Exact size of the finished frame if it were finished now.
    pub fn size(&self) -> u64 {
        self.compressor.close_cost()
    }

    /// The cap in bytes.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    /// The most uncompressed bytes (records with delimiters) the frame takes, if limited (see
    /// [`FrameBuilder::max_payload`]).
    pub fn max_payload(&self) -> Option<u64> {
        self.max_payload
    }

    /// The most records the frame takes, if limited (see [`FrameBuilder::max_records`]).
    pub fn max_records(&self) -> Option<u64> {
        self.max_records
    }

    /// The compression level the frame was built with.
    pub fn level(&self) -> Level {
        self.level
    }

    /// Whether the frame squeezes a record that does not fit (see [`FrameBuilder::squeeze`];
    /// always at [`Level::STRONGEST`], never at level 0).
    pub fn is_squeezing(&self) -> bool {
        self.squeeze.is_some()
    }

    /// A builder with this frame's settings: the frames it builds behave exactly as this one
    /// did when it was empty.
    pub fn settings(&self) -> FrameBuilder {
        FrameBuilder::new(self.cap)
            .format(self.format())
            .level(self.level)
            .delimiter(self.delimiter.clone())
            .mtime(self.mtime())
            .squeeze(self.is_squeezing())
            .max_payload(self.max_payload)
            .max_records(self.max_records)
    }

    /// The gzip MTIME field the frame writes (see [`FrameBuilder::mtime`]).
    pub fn mtime(&self) -> u32 {
        self.compressor.mtime()
    }

    /// The container format.
    pub fn format(&self) -> Format {
        self.compressor.format()
    }

    /// The record delimiter.
    pub fn delimiter(&self) -> &[u8] {
        &self.delimiter
    }

    /// The stream inside the frame (e.g. to clone it and ask what a record would cost).
    pub fn compressor(&self) -> &Compressor {
        &self.compressor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_below_minimum_names_the_minimum() {
        for format in Format::ALL {
            let min = format.min_frame_size();
            let err = FrameBuilder::new(min - 1)
                .format(format)
                .build()
                .unwrap_err();
            assert_eq!(
                err,
                BuildError::CapBelowMinimum {
                    cap: min - 1,
                    format,
                    minimum: min
                }
            );
            assert!(err.to_string().contains(&format!("minimum of {min} bytes")));
        }
    }

    #[test]
    fn every_level_builds_and_reports_itself() {
        for level in Level::all() {
            let frame = FrameBuilder::new(4096).level(level).build().unwrap();
            assert_eq!(frame.level(), level);
            assert_eq!(frame.compressor().level(), level);
        }
    }
}
