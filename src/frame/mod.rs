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

mod builder;
mod errors;

pub use builder::{FrameBuilder, MAX_OPTIMAL_PAYLOAD};
pub use errors::{BuildError, FrameError, PushError};

use std::time::{Duration, Instant};

use crate::container::Format;
use crate::stream::Compressor;
use fitflate_encoder::{Level, SplitEffort, SqueezeEffort};

/// Records of this many bytes or more are refused: gzip's ISIZE and most record-oriented
/// consumers count in 32 bits, and no sensible cap holds one anyway.
pub const MAX_RECORD_LEN: u64 = u32::MAX as u64;

/// A frame squeezes only when the refused record misses the cap by at most 1/8 of it.
const SQUEEZE_REACH: u64 = 8;

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
    /// When the frame took its first record (see [`Frame::first_record_age`]).
    first_record_at: Option<Instant>,
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
            let cost = (squeezing || self.records == 0).then(|| self.compressor.close_cost_parts());
            self.compressor.rollback();
            // Squeeze only when the frame misses the cap by at most 1/SQUEEZE_REACH of it: no
            // re-parse saves more on real data, and far-off records (one that fits no frame)
            // then cost nothing extra.
            let near = cost.is_some_and(|(_, n)| n - self.cap <= self.cap / SQUEEZE_REACH);
            if near && cost.is_some_and(|(bits, _)| self.squeezed_in(record, bits)) {
                return Ok(Push::Accepted);
            }
            if let Some((_, needed)) = cost.filter(|_| self.records == 0) {
                return Err(PushError::RecordTooLarge {
                    len,
                    cap: self.cap,
                    needed,
                });
            }
            return Ok(Push::Full);
        }
        self.compressor.commit();
        self.took_one();
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
    /// `close_cost_bits` is the encoder's close cost with the record appended, just asked.
    fn squeezed_in(&mut self, record: &[u8], close_cost_bits: u64) -> bool {
        let Some(sq) = self.squeeze.as_mut() else {
            return false;
        };
        if sq.tries >= sq.max_tries {
            return false;
        }
        let mut trial = self.compressor.clone();
        // When the frame's stream already splits blocks as the copy will (at the strongest
        // level, and after a first squeeze), the close cost just asked is the copy's as it
        // stands, and the squeeze need not price it again.
        let known = (trial.split_blocks() == Some(sq.split())).then_some(close_cost_bits);
        // From the squeeze on, the frame also splits blocks by cost (the cap is near: each
        // cost question pays a few more code builds).
        trial.set_split_blocks(Some(sq.split()));
        trial.append(record);
        trial.append(&self.delimiter);
        match known {
            Some(bits) => trial.squeeze_known(sq.effort, bits),
            None => trial.squeeze(sq.effort),
        };
        if !trial.close_cost_within(self.cap) && !trial.close_cost_fits(self.cap) {
            return false;
        }
        sq.tries += 1;
        self.compressor = trial;
        self.took_one();
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
        self.first_record_at = None;
        if let Some(sq) = self.squeeze.as_mut() {
            sq.tries = 0;
            // A squeezed stream splits blocks; the next frame starts as a new one would.
            self.compressor.set_split_blocks(sq.own_split());
        }
        bytes
    }

    /// Count a record taken (and, for the first, when).
    fn took_one(&mut self) {
        self.records += 1;
        if self.records == 1 {
            self.first_record_at = Some(Instant::now());
        }
    }

    /// How long ago the frame took its first record (`None` while it is empty): a latency bound
    /// for shippers, which finish a frame once it is old enough even when no more records come.
    /// Only the clock reads it; the frame's bytes never depend on it.
    ///
    /// ```
    /// use std::time::Duration;
    /// use fitflate::{FrameBuilder, Push};
    ///
    /// let flush_after = Duration::from_millis(250);
    /// let mut frame = FrameBuilder::new(64 * 1024).build()?;
    /// let mut sent = Vec::new();
    /// // In a shipper's loop: push what arrived, then ship the frame when full or old enough.
    /// for record in [&b"GET /a 200"[..], b"GET /b 404"] {
    ///     if frame.push(record)? == Push::Full {
    ///         sent.push(frame.finish_and_reset());
    ///         frame.push(record)?;
    ///     }
    /// }
    /// if frame.first_record_age().is_some_and(|age| age >= flush_after) {
    ///     sent.push(frame.finish_and_reset()); // never an empty frame: the age is None then
    /// }
    /// assert!(frame.first_record_age().is_none() || sent.is_empty());
    /// # Ok::<(), fitflate::FrameError>(())
    /// ```
    pub fn first_record_age(&self) -> Option<Duration> {
        self.first_record_at.map(|t| t.elapsed())
    }

    /// Answer this frame's match searches from lists made ahead by other threads (see
    /// [`MatchAhead`](crate::MatchAhead), which a [`Packer`](crate::Packer) uses this way):
    /// `origin` is the offset in the source's input of the frame's first byte. A source is
    /// set only on an empty frame (ignored otherwise), until the frame is finished; `None` ends
    /// it at any time (when the frame's next bytes will not follow on in the source's input).
    /// The frame's bytes are the same with a source as without.
    pub fn set_match_source(
        &mut self,
        source: Option<std::sync::Arc<dyn crate::MatchSource>>,
        origin: u64,
    ) {
        if source.is_none() || (self.records == 0 && self.compressor.total_in() == 0) {
            self.compressor.set_match_source(source, origin);
        }
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
            .dictionary(self.dictionary().cloned())
    }

    /// The preset dictionary the frame was built with (see [`FrameBuilder::dictionary`]).
    pub fn dictionary(&self) -> Option<&crate::Dictionary> {
        self.compressor.dictionary()
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
