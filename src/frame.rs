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
use fitflate_encoder::{LevelError, DEFAULT_LEVEL, MAX_LEVEL};

/// Records of this many bytes or more are refused: gzip's ISIZE and most record-oriented
/// consumers count in 32 bits, and no sensible cap holds one anyway.
pub const MAX_RECORD_LEN: u64 = u32::MAX as u64;

/// Why a frame could not be made or a record could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
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
    /// The compression level is out of range.
    Level(LevelError),
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
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::CapBelowMinimum {
                cap,
                format,
                minimum,
            } => write!(
                f,
                "cap of {cap} bytes is below the minimum of {minimum} bytes for the {format} format \
                 (the size of an empty {format} stream)"
            ),
            FrameError::Level(e) => write!(
                f,
                "compression level {} is out of range (0..={MAX_FRAME_LEVEL} for frames; \
                 {MAX_FRAME_LEVEL} is the strongest, near-optimal effort)",
                e.level
            ),
            FrameError::RecordTooLarge { len, cap, needed } => write!(
                f,
                "a record of {len} bytes does not fit into a frame of cap {cap} bytes \
                 (alone in a frame it needs {needed} bytes)"
            ),
            FrameError::RecordTooLong { len } => write!(
                f,
                "a record of {len} bytes is too long (records must be shorter than {MAX_RECORD_LEN} bytes)"
            ),
        }
    }
}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FrameError::Level(e) => Some(e),
            _ => None,
        }
    }
}

impl From<LevelError> for FrameError {
    fn from(e: LevelError) -> Self {
        FrameError::Level(e)
    }
}

/// The settings of a frame: cap, container format, level and record delimiter. `build()` checks
/// them and opens an empty [`Frame`]; a builder can open any number of frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameBuilder {
    cap: u64,
    format: Format,
    level: u32,
    delimiter: Vec<u8>,
    mtime: u32,
    squeeze: bool,
}

/// The level a squeezing frame re-encodes at when a record does not fit (see
/// [`FrameBuilder::squeeze`]).
pub const SQUEEZE_LEVEL: u32 = MAX_LEVEL;

/// The strongest frame level, one above the encoder's: records are decided at level 9 and,
/// when one does not fit, the frame is re-encoded in one shot with near-optimal parsing
/// ([`fitflate_encoder::compress_optimal`]) and takes the record if that fits; from then on
/// every record re-encodes the frame that way. Much slower near the cap, and the densest.
pub const MAX_FRAME_LEVEL: u32 = MAX_LEVEL + 1;

/// The largest frame payload level 10 re-encodes near-optimally: the one-shot encoder needs
/// about 25 bytes of memory per input byte (its match lists and cost table), so larger frames
/// stay at level 9 (their records are still kept until the frame is finished).
pub const MAX_OPTIMAL_PAYLOAD: usize = 8 << 20;

impl FrameBuilder {
    /// Settings for frames of at most `cap` bytes: gzip, the default level (6), and a `\n` after
    /// every record.
    pub fn new(cap: u64) -> Self {
        FrameBuilder {
            cap,
            format: Format::Gzip,
            level: DEFAULT_LEVEL,
            delimiter: b"\n".to_vec(),
            mtime: 0,
            squeeze: false,
        }
    }

    /// Set the container format.
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Set the compression level (`0..=MAX_LEVEL`; checked by `build()`).
    pub fn level(mut self, level: u32) -> Self {
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

    /// Cap-aware squeezing (off by default). A squeezing frame keeps a copy of its records;
    /// when one does not fit, it re-encodes the frame's records and that one at
    /// [`SQUEEZE_LEVEL`] and takes the record if that fits, carrying on at that level. It costs
    /// one re-encoding per frame, spent exactly where a record is about to be refused, and buys
    /// the strongest level's density at close to the chosen level's speed. A record still
    /// refused after squeezing leaves the frame bit-identical, as always.
    pub fn squeeze(mut self, on: bool) -> Self {
        self.squeeze = on;
        self
    }

    /// Whether frames squeeze (see [`FrameBuilder::squeeze`]).
    pub fn get_squeeze(&self) -> bool {
        self.squeeze
    }

    /// The cap in bytes.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    /// The container format.
    pub fn get_format(&self) -> Format {
        self.format
    }

    /// The compression level.
    pub fn get_level(&self) -> u32 {
        self.level
    }

    /// The record delimiter.
    pub fn get_delimiter(&self) -> &[u8] {
        &self.delimiter
    }

    /// Check the settings: the cap must be at least the format's minimum and the level in range.
    pub fn validate(&self) -> Result<(), FrameError> {
        let minimum = self.format.min_frame_size();
        if self.cap < minimum {
            return Err(FrameError::CapBelowMinimum {
                cap: self.cap,
                format: self.format,
                minimum,
            });
        }
        if self.level > MAX_FRAME_LEVEL {
            return Err(FrameError::Level(LevelError { level: self.level }));
        }
        Ok(())
    }

    /// Open an empty frame with these settings.
    pub fn build(&self) -> Result<Frame, FrameError> {
        self.validate()?;
        let compressor =
            Compressor::new(self.format, self.level.min(MAX_LEVEL))?.with_mtime(self.mtime);
        let squeeze = if self.level == MAX_FRAME_LEVEL {
            Some(Squeeze {
                optimal: true,
                ..Squeeze::default()
            })
        } else {
            (self.squeeze && self.level < SQUEEZE_LEVEL).then(Squeeze::default)
        };
        Ok(Frame {
            compressor,
            cap: self.cap,
            delimiter: self.delimiter.clone(),
            records: 0,
            squeeze,
        })
    }
}

/// The answer to [`Frame::push`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Push {
    /// The record (and its delimiter) is in the frame.
    Accepted,
    /// The record would make the finished frame exceed the cap; the frame is unchanged and the
    /// record was not taken. Finish this frame and push the record into the next one.
    Full,
}

/// A capped frame under construction. Made by [`FrameBuilder::build`].
#[derive(Debug, Clone)]
pub struct Frame {
    compressor: Compressor,
    cap: u64,
    delimiter: Vec<u8>,
    records: u64,
    squeeze: Option<Squeeze>,
}

/// What a squeezing frame keeps to re-encode itself.
#[derive(Debug, Clone, Default)]
struct Squeeze {
    /// The accepted records back to back (without delimiters) and where each ends, while the
    /// frame is still at its own level.
    records: Vec<u8>,
    ends: Vec<usize>,
    /// Once squeezed: the compressor of the frame's own level, kept for the next frame.
    parked: Option<Compressor>,
    /// A strong compressor kept from an earlier frame, to re-encode in without allocating.
    spare: Option<Compressor>,
    /// Squeeze with the near-optimal one-shot encoder (level `MAX_FRAME_LEVEL`) ...
    optimal: bool,
    /// ... and, once it has, the finished frame it made: every later record re-encodes.
    finished: Option<Vec<u8>>,
}

impl Squeeze {
    /// The records kept, in order.
    fn kept(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| &self.records[start..end])
    }

    /// The records kept, each followed by `delimiter`, then `extra` and `delimiter`.
    fn payload_with(&self, extra: &[u8], delimiter: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            self.records.len() + extra.len() + (self.ends.len() + 1) * delimiter.len(),
        );
        for record in self.kept().chain(std::iter::once(extra)) {
            out.extend_from_slice(record);
            out.extend_from_slice(delimiter);
        }
        out
    }

    /// The frame of the records kept and `extra`, encoded near-optimally in `format`; `None`
    /// when the payload is beyond the near-optimal encoder's memory budget.
    fn optimal_frame(
        &self,
        extra: &[u8],
        delimiter: &[u8],
        format: Format,
        mtime: u32,
    ) -> Option<Vec<u8>> {
        let payload = self.payload_with(extra, delimiter);
        (payload.len() <= MAX_OPTIMAL_PAYLOAD)
            .then(|| crate::stream::compress_optimal_in(format, mtime, &payload))
    }
}

impl Frame {
    /// Offer `record` (its delimiter is appended after it).
    ///
    /// - `Ok(Push::Accepted)`: taken.
    /// - `Ok(Push::Full)`: not taken, the frame is bit-identical to before, and taking it would
    ///   have made the finished frame exceed the cap. Only returned when the frame already holds
    ///   at least one record.
    /// - `Err(FrameError::RecordTooLarge)`: the frame holds no record and this one does not fit
    ///   even so: no frame of this cap can take it. The frame is unchanged (and still finishes
    ///   valid).
    /// - `Err(FrameError::RecordTooLong)`: the record is `MAX_RECORD_LEN` bytes or longer.
    pub fn push(&mut self, record: &[u8]) -> Result<Push, FrameError> {
        let len = record.len() as u64;
        if len >= MAX_RECORD_LEN {
            return Err(FrameError::RecordTooLong { len });
        }
        if self
            .squeeze
            .as_ref()
            .is_some_and(|sq| sq.finished.is_some())
        {
            return Ok(if self.optimal_push(record) {
                Push::Accepted
            } else {
                Push::Full
            });
        }
        self.compressor.checkpoint();
        self.compressor.append(record);
        self.compressor.append(&self.delimiter);
        // The bound is never below the exact cost, so "bound fits" implies "exact fits": the cheap
        // test can only answer yes when the exact one would. Otherwise the exact test decides.
        if !self.compressor.close_cost_within(self.cap)
            && !self.compressor.close_cost_fits(self.cap)
        {
            let needed = (self.records == 0).then(|| self.compressor.close_cost());
            self.compressor.rollback();
            if self.squeezed_in(record) {
                return Ok(Push::Accepted);
            }
            if let Some(needed) = needed {
                return Err(FrameError::RecordTooLarge {
                    len,
                    cap: self.cap,
                    needed,
                });
            }
            return Ok(Push::Full);
        }
        self.compressor.commit();
        self.records += 1;
        if let Some(sq) = self.squeeze.as_mut().filter(|sq| sq.parked.is_none()) {
            sq.records.extend_from_slice(record);
            sq.ends.push(sq.records.len());
        }
        Ok(Push::Accepted)
    }

    /// The strongest level: re-encode the kept records and `record` with the near-optimal
    /// encoder; take the record (and keep that frame) if it fits. Otherwise nothing changes.
    fn optimal_push(&mut self, record: &[u8]) -> bool {
        let (format, mtime) = (self.compressor.format(), self.compressor.mtime());
        let Some(sq) = self.squeeze.as_mut() else {
            return false;
        };
        // Beyond the encoder's memory budget the frame stays at level 9.
        let Some(bytes) = sq.optimal_frame(record, &self.delimiter, format, mtime) else {
            return false;
        };
        if bytes.len() as u64 > self.cap {
            return false;
        }
        sq.records.extend_from_slice(record);
        sq.ends.push(sq.records.len());
        sq.finished = Some(bytes);
        self.records += 1;
        true
    }

    /// Squeezing (see [`FrameBuilder::squeeze`]): re-encode the frame's records and `record` at
    /// [`SQUEEZE_LEVEL`]; if that fits, carry on with it and return true. Otherwise (or when
    /// squeezing is off or done) the frame is left exactly as it was and false is returned.
    fn squeezed_in(&mut self, record: &[u8]) -> bool {
        let Some(sq) = self.squeeze.as_mut() else {
            return false;
        };
        if sq.parked.is_some() || sq.finished.is_some() {
            return false; // already squeezed
        }
        if sq.optimal {
            return self.optimal_push(record);
        }
        let mut strong = match sq.spare.take() {
            Some(c) => c,
            None => match self.compressor.with_level(SQUEEZE_LEVEL) {
                Ok(c) => c,
                Err(_) => return false,
            },
        };
        for kept in sq.kept() {
            strong.append(kept);
            strong.append(&self.delimiter);
        }
        strong.append(record);
        strong.append(&self.delimiter);
        if strong.close_cost() > self.cap {
            strong.reset();
            sq.spare = Some(strong);
            return false;
        }
        sq.parked = Some(std::mem::replace(&mut self.compressor, strong));
        sq.records.clear();
        sq.ends.clear();
        self.records += 1;
        true
    }

    /// Close the frame and return its bytes; never more than the cap.
    pub fn finish(mut self) -> Vec<u8> {
        self.finish_and_reset()
    }

    /// Close the frame and return its bytes (never more than the cap), leaving `self` an empty
    /// frame with the same settings that reuses the allocations: the way to pack many frames.
    pub fn finish_and_reset(&mut self) -> Vec<u8> {
        let optimal = self.squeeze.as_mut().and_then(|sq| sq.finished.take());
        let bytes = match optimal {
            Some(bytes) => {
                self.compressor.reset();
                bytes
            }
            None => self.compressor.finish_and_reset(),
        };
        debug_assert!(bytes.len() as u64 <= self.cap, "frame exceeds its cap");
        self.records = 0;
        if let Some(sq) = self.squeeze.as_mut() {
            sq.records.clear();
            sq.ends.clear();
            if let Some(mut own) = sq.parked.take() {
                // Back to the frame's own level; the strong compressor waits for the next squeeze.
                own.reset();
                sq.spare = Some(std::mem::replace(&mut self.compressor, own));
            }
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
        match self.squeeze.as_ref() {
            Some(sq) if sq.finished.is_some() => {
                (sq.records.len() + sq.ends.len() * self.delimiter.len()) as u64
            }
            _ => self.compressor.total_in(),
        }
    }

    /// Exact size the finished frame would have with `record` taken, computed the way `push`
    /// decides but without changing the frame: a refused record's `cost_with` exceeds the cap.
    /// (A squeezing frame that has not squeezed yet would still try to; this is the cost
    /// before squeezing.)
    pub fn cost_with(&self, record: &[u8]) -> u64 {
        if let Some(sq) = self.squeeze.as_ref().filter(|sq| sq.finished.is_some()) {
            let (format, mtime) = (self.compressor.format(), self.compressor.mtime());
            return sq
                .optimal_frame(record, &self.delimiter, format, mtime)
                .map_or(u64::MAX, |bytes| bytes.len() as u64);
        }
        let mut c = self.compressor.clone();
        c.append(record);
        c.append(&self.delimiter);
        c.close_cost()
    }

    /// Exact size of the finished frame if it were finished now.
    pub fn size(&self) -> u64 {
        match self.squeeze.as_ref().and_then(|sq| sq.finished.as_ref()) {
            Some(bytes) => bytes.len() as u64,
            None => self.compressor.close_cost(),
        }
    }

    /// The cap in bytes.
    pub fn cap(&self) -> u64 {
        self.cap
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
                FrameError::CapBelowMinimum {
                    cap: min - 1,
                    format,
                    minimum: min
                }
            );
            assert!(err.to_string().contains(&format!("minimum of {min} bytes")));
        }
    }

    #[test]
    fn level_out_of_range() {
        assert!(FrameBuilder::new(4096)
            .level(MAX_FRAME_LEVEL)
            .build()
            .is_ok());
        let err = FrameBuilder::new(4096).level(11).build().unwrap_err();
        assert!(matches!(err, FrameError::Level(_)), "{err}");
        assert!(err.to_string().contains("0..=10"), "{err}");
    }
}
