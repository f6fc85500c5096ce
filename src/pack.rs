//! The packer: turns a stream of records into a sequence of capped frames, with statistics.
//!
//! Streaming and bounded: a [`Packer`] holds only the open frame (its encoder state) and the
//! record being pushed, whatever the length of the input. A record the open frame refuses starts
//! the next frame. A record that fits no frame at all is an error by default, or skipped and
//! reported with [`OversizedPolicy::Skip`]; either way the open frame stays open, so a skipped
//! record costs no frame space.

use std::fmt;
use std::io::{self, BufRead};

use crate::frame::{BuildError, Frame, FrameBuilder, Push, PushError};

/// What to do with a record that does not fit even into an empty frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OversizedPolicy {
    /// Stop with [`PackError::Oversized`]. The default.
    #[default]
    Error,
    /// Leave the record out, report it as [`Pushed::Skipped`] and count it in the totals.
    Skip,
}

/// Statistics of one finished frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameStats {
    /// Position of the frame in the sequence, from 0.
    pub index: u64,
    /// Records in the frame.
    pub records: u64,
    /// Uncompressed bytes in the frame: records with their delimiters.
    pub payload_bytes: u64,
    /// Bytes of the finished frame.
    pub frame_bytes: u64,
    /// The cap.
    pub cap: u64,
    /// True when the frame was closed because the next record did not fit (every frame but the
    /// last one).
    pub full: bool,
}

impl FrameStats {
    /// How full the frame is: `frame_bytes / cap`, in `0.0..=1.0`.
    pub fn fill(&self) -> f64 {
        ratio(self.frame_bytes, self.cap)
    }
}

/// A finished frame and its statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedFrame {
    /// Statistics of the frame.
    pub stats: FrameStats,
    /// The frame's bytes (`stats.frame_bytes` of them, at most `stats.cap`).
    pub bytes: Vec<u8>,
}

/// A record left out under [`OversizedPolicy::Skip`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRecord {
    /// Position of the record in the input, from 0.
    pub index: u64,
    /// Its length in bytes.
    pub len: u64,
    /// Why it fits no frame.
    pub reason: PushError,
}

/// Totals over the finished frames (the open frame is added by [`Packer::finish`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PackTotals {
    /// Finished frames.
    pub frames: u64,
    /// Of those, frames closed because the next record did not fit.
    pub full_frames: u64,
    /// Records in the finished frames.
    pub records: u64,
    /// Uncompressed bytes (records with delimiters) in the finished frames.
    pub payload_bytes: u64,
    /// Bytes of all finished frames.
    pub frame_bytes: u64,
    /// Bytes of the full frames.
    pub full_frame_bytes: u64,
    /// Records left out under [`OversizedPolicy::Skip`].
    pub skipped_records: u64,
    /// Their bytes.
    pub skipped_bytes: u64,
    /// The cap.
    pub cap: u64,
}

impl PackTotals {
    /// Mean fill of the full frames (`None` when there are none): the figure that says how
    /// well the cap is used, since the last frame is short by nature.
    pub fn mean_fill_full(&self) -> Option<f64> {
        (self.full_frames > 0).then(|| ratio(self.full_frame_bytes, self.full_frames * self.cap))
    }

    /// Mean fill of all frames (`None` when there are none).
    pub fn mean_fill_all(&self) -> Option<f64> {
        (self.frames > 0).then(|| ratio(self.frame_bytes, self.frames * self.cap))
    }

    /// Compression ratio: payload bytes per frame byte (`None` with no frames).
    pub fn ratio(&self) -> Option<f64> {
        (self.frame_bytes > 0).then(|| ratio(self.payload_bytes, self.frame_bytes))
    }

    fn add(&mut self, stats: &FrameStats) {
        self.frames += 1;
        self.records += stats.records;
        self.payload_bytes += stats.payload_bytes;
        self.frame_bytes += stats.frame_bytes;
        if stats.full {
            self.full_frames += 1;
            self.full_frame_bytes += stats.frame_bytes;
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Why packing stopped.
#[derive(Debug)]
pub enum PackError {
    /// The frame settings are invalid (cap below the format's minimum, level out of range).
    Settings(BuildError),
    /// Record `index` (from 0) fits no frame and the policy is [`OversizedPolicy::Error`].
    Oversized {
        /// Position of the record in the input, from 0.
        index: u64,
        /// Why it fits no frame.
        reason: PushError,
    },
    /// Reading the records failed.
    Io(io::Error),
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::Settings(e) => e.fmt(f),
            PackError::Oversized { index, reason } => {
                write!(f, "record {} (counting from 1): {reason}", index + 1)
            }
            PackError::Io(e) => write!(f, "reading records: {e}"),
        }
    }
}

impl std::error::Error for PackError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PackError::Settings(e) => Some(e),
            PackError::Oversized { reason, .. } => Some(reason),
            PackError::Io(e) => Some(e),
        }
    }
}

impl From<io::Error> for PackError {
    fn from(e: io::Error) -> Self {
        PackError::Io(e)
    }
}

/// What [`Packer::push`] did with a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// The record went into the open frame.
    Added,
    /// The open frame was full: it is finished and returned here, and the record opened the next
    /// frame.
    Completed(PackedFrame),
    /// The record fits no frame and was left out ([`OversizedPolicy::Skip`]).
    Skipped(SkippedRecord),
}

/// Packs records into capped frames, one record at a time.
///
/// ```
/// use fitflate::{FrameBuilder, Packer, Pushed};
///
/// let mut packer = Packer::new(FrameBuilder::new(256))?;
/// let mut frames = Vec::new();
/// for i in 0..100 {
///     if let Pushed::Completed(frame) = packer.push(format!("event {i}").as_bytes())? {
///         assert!(frame.bytes.len() <= 256);
///         frames.push(frame);
///     }
/// }
/// let (last, totals) = packer.finish();
/// frames.extend(last);
/// assert_eq!(totals.records, 100);
/// assert_eq!(totals.frames, frames.len() as u64);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Packer {
    builder: FrameBuilder,
    frame: Frame,
    /// An empty frame kept for the next one, so frames reuse their allocations.
    spare: Option<Frame>,
    policy: OversizedPolicy,
    totals: PackTotals,
    records_seen: u64,
    /// Match lists made ahead (`match_ahead`), and the input offset of the next record.
    ahead: Option<std::sync::Arc<dyn crate::MatchSource>>,
    offset: u64,
}

impl Packer {
    /// A packer making frames with `builder`'s settings; fails when they are invalid.
    pub fn new(builder: FrameBuilder) -> Result<Self, BuildError> {
        let frame = builder.build()?;
        let totals = PackTotals {
            cap: builder.cap(),
            ..PackTotals::default()
        };
        Ok(Packer {
            builder,
            frame,
            spare: None,
            policy: OversizedPolicy::Error,
            totals,
            records_seen: 0,
            ahead: None,
            offset: 0,
        })
    }

    /// Set what happens to a record that fits no frame.
    pub fn oversized(mut self, policy: OversizedPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Take the frames' match searches from `ahead`'s helper threads (see [`MatchAhead`]):
    /// the frames are the same; whether they come sooner depends on the data, the cap and the
    /// cores (see there). Every record offered must be fed to `ahead`'s
    /// [`Feeder`](crate::Feeder) too, in the same order.
    ///
    /// [`MatchAhead`]: crate::MatchAhead
    pub fn match_ahead(mut self, ahead: &crate::MatchAhead) -> Self {
        self.ahead = Some(ahead.source());
        self
    }

    /// Offer the next record.
    pub fn push(&mut self, record: &[u8]) -> Result<Pushed, PackError> {
        let index = self.records_seen;
        self.records_seen += 1;
        let at = self.offset;
        self.offset += (record.len() + self.builder.delimiter_setting().len()) as u64;
        if self.ahead.is_some() && self.frame.is_empty() {
            self.frame.set_match_source(self.ahead.clone(), at);
        }
        match self.frame.push(record) {
            Ok(Push::Accepted) => Ok(Pushed::Added),
            Ok(Push::Full) => {
                let mut next = match self.spare.take() {
                    Some(empty) => empty,
                    None => self.builder.build().map_err(PackError::Settings)?,
                };
                if self.ahead.is_some() {
                    next.set_match_source(self.ahead.clone(), at);
                }
                let pushed = next.push(record);
                if let Ok(Push::Accepted) = pushed {
                    let mut done = std::mem::replace(&mut self.frame, next);
                    let packed = close(&mut self.totals, &mut done, true);
                    self.spare = Some(done);
                    return Ok(Pushed::Completed(packed));
                }
                let needed = next.size();
                self.spare = Some(next);
                match pushed {
                    // An empty frame never answers Full (it reports RecordTooLarge instead); if it
                    // did, the record would fit no frame all the same.
                    Ok(Push::Full | Push::Accepted) => self.oversized_record(
                        index,
                        record,
                        PushError::RecordTooLarge {
                            len: record.len() as u64,
                            cap: self.builder.cap(),
                            needed,
                        },
                    ),
                    Err(e) => self.oversized_record(index, record, e),
                }
            }
            Err(e) => self.oversized_record(index, record, e),
        }
    }

    /// Finish the open frame. Returns it (or `None` when it holds no record — an input without
    /// records makes no frame) and the totals over all frames.
    pub fn finish(self) -> (Option<PackedFrame>, PackTotals) {
        let Packer {
            mut frame,
            mut totals,
            ..
        } = self;
        let last = (!frame.is_empty()).then(|| close(&mut totals, &mut frame, false));
        (last, totals)
    }

    /// Finish the open frame now, before it is full, and return it (`None` when it holds no
    /// record: never an empty frame); packing goes on into a new frame. The frame is not counted
    /// as full. With [`Frame::first_record_age`] this is a latency bound: a frame that has held
    /// its first record long enough is shipped even when no more records come.
    ///
    /// ```
    /// use std::time::Duration;
    /// use fitflate::{FrameBuilder, Packer, Pushed};
    ///
    /// let flush_after = Duration::from_millis(250);
    /// let mut packer = Packer::new(FrameBuilder::new(64 * 1024))?;
    /// let mut sent = Vec::new();
    /// // A shipper's loop: wait for a record at most until the open frame is due.
    /// for record in [&b"GET /a 200"[..], b"GET /b 404"] {
    ///     // (e.g. `rx.recv_timeout(flush_after - age)` over a channel from a reader thread)
    ///     if let Pushed::Completed(frame) = packer.push(record)? {
    ///         sent.push(frame);
    ///     }
    /// }
    /// let due = packer.current().first_record_age().is_some_and(|age| age >= flush_after);
    /// if due {
    ///     sent.extend(packer.finish_frame()); // None for an empty frame
    /// }
    /// assert_eq!(packer.finish_frame().map(|f| f.stats.records), (!due).then_some(2));
    /// assert!(packer.finish_frame().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn finish_frame(&mut self) -> Option<PackedFrame> {
        (!self.frame.is_empty()).then(|| close(&mut self.totals, &mut self.frame, false))
    }

    /// Totals over the frames finished so far (not the open one).
    pub fn totals(&self) -> &PackTotals {
        &self.totals
    }

    /// The open frame.
    pub fn current(&self) -> &Frame {
        &self.frame
    }

    /// Records offered so far (taken, or skipped).
    pub fn records_seen(&self) -> u64 {
        self.records_seen
    }

    /// Pack every record of `records` and collect the frames in memory (convenient for tests
    /// and small inputs; use [`Packer::push`] to stream).
    pub fn pack_all<I, R>(mut self, records: I) -> Result<(Vec<PackedFrame>, PackTotals), PackError>
    where
        I: IntoIterator<Item = R>,
        R: AsRef<[u8]>,
    {
        let mut frames = Vec::new();
        for record in records {
            if let Pushed::Completed(frame) = self.push(record.as_ref())? {
                frames.push(frame);
            }
        }
        let (last, totals) = self.finish();
        frames.extend(last);
        Ok((frames, totals))
    }

    fn oversized_record(
        &mut self,
        index: u64,
        record: &[u8],
        reason: PushError,
    ) -> Result<Pushed, PackError> {
        // The open frame goes on after a record it does not hold: its bytes are no longer one
        // stretch of the input the helpers see, so it walks its own chains from here.
        self.frame.set_match_source(None, 0);
        match self.policy {
            OversizedPolicy::Skip => {
                self.totals.skipped_records += 1;
                self.totals.skipped_bytes += record.len() as u64;
                Ok(Pushed::Skipped(SkippedRecord {
                    index,
                    len: record.len() as u64,
                    reason,
                }))
            }
            OversizedPolicy::Error => Err(PackError::Oversized { index, reason }),
        }
    }
}

/// Finish `frame`, count it in `totals` and return it with its statistics.
fn close(totals: &mut PackTotals, frame: &mut Frame, full: bool) -> PackedFrame {
    let records = frame.records();
    let payload_bytes = frame.payload_bytes();
    let cap = frame.cap();
    let bytes = frame.finish_and_reset();
    let stats = FrameStats {
        index: totals.frames,
        records,
        payload_bytes,
        frame_bytes: bytes.len() as u64,
        cap,
        full,
    };
    totals.add(&stats);
    PackedFrame { stats, bytes }
}

/// Reads the lines of a [`BufRead`] as records.
///
/// The line-end rule (the command line's too): a record is a line without its `\n`, and without
/// a `\r` right before it (a CRLF line end) unless [`keep_cr`](LineRecords::keep_cr) is set. A
/// last line without `\n` is a record too; an input ending in `\n` has no empty record after it.
/// [`LineRecords::null_separated`] reads records that end with NUL bytes instead (as `sort -z`
/// and `xargs -0` do), leaving `\r` and `\n` alone. One line buffer is reused, so memory stays at
/// one record.
///
/// ```
/// use fitflate::LineRecords;
///
/// let mut lines = LineRecords::new(&b"a\r\nb\n"[..]);
/// assert_eq!(lines.next_record()?, Some(&b"a"[..]));
/// assert_eq!(lines.next_record()?, Some(&b"b"[..]));
/// assert_eq!(lines.next_record()?, None);
/// assert_eq!(lines.cr_stripped(), 1);
///
/// let mut kept = LineRecords::new(&b"a\r\n"[..]).keep_cr(true);
/// assert_eq!(kept.next_record()?, Some(&b"a\r"[..]));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct LineRecords<R> {
    reader: R,
    buf: Vec<u8>,
    bytes_read: u64,
    separator: u8,
    keep_cr: bool,
    cr_stripped: u64,
}

impl<R: BufRead> LineRecords<R> {
    /// Records from the lines of `reader`.
    pub fn new(reader: R) -> Self {
        LineRecords {
            reader,
            buf: Vec::new(),
            bytes_read: 0,
            separator: b'\n',
            keep_cr: false,
            cr_stripped: 0,
        }
    }

    /// Records that end with a NUL byte (the last one may lack it), as `sort -z` reads them;
    /// every other byte, `\r` and `\n` included, is part of a record.
    pub fn null_separated(reader: R) -> Self {
        LineRecords {
            separator: 0,
            keep_cr: true,
            ..LineRecords::new(reader)
        }
    }

    /// Keep a `\r` before the `\n` in the record (default: dropped, so that CRLF and LF files
    /// give the same records). With it kept, unpacking with delimiter `\n` gives the input back
    /// byte for byte.
    pub fn keep_cr(mut self, keep: bool) -> Self {
        self.keep_cr = keep;
        self
    }

    /// The next record, or `None` at the end of the input.
    pub fn next_record(&mut self) -> io::Result<Option<&[u8]>> {
        self.buf.clear();
        let n = self.reader.read_until(self.separator, &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.bytes_read += n as u64;
        let mut line: &[u8] = &self.buf;
        if let Some(rest) = line.strip_suffix(&[self.separator]) {
            line = rest;
            if !self.keep_cr {
                if let Some(rest) = line.strip_suffix(b"\r") {
                    line = rest;
                    self.cr_stripped += 1;
                }
            }
        }
        Ok(Some(line))
    }

    /// Bytes read so far (line endings included).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Records whose `\r` before the `\n` was dropped so far.
    pub fn cr_stripped(&self) -> u64 {
        self.cr_stripped
    }
}

/// Pack the lines of `reader` (see [`LineRecords`]) with `packer`, handing each finished frame
/// to `on_frame` and each skipped record to `on_skip`. Returns the last frame and the totals.
pub fn pack_lines<R, F, S>(
    mut packer: Packer,
    reader: R,
    mut on_frame: F,
    mut on_skip: S,
) -> Result<PackTotals, PackError>
where
    R: BufRead,
    F: FnMut(PackedFrame) -> io::Result<()>,
    S: FnMut(SkippedRecord),
{
    let mut lines = LineRecords::new(reader);
    while let Some(line) = lines.next_record()? {
        match packer.push(line)? {
            Pushed::Added => {}
            Pushed::Completed(frame) => on_frame(frame)?,
            Pushed::Skipped(skipped) => on_skip(skipped),
        }
    }
    let (last, totals) = packer.finish();
    if let Some(frame) = last {
        on_frame(frame)?;
    }
    Ok(totals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_records_strip_endings() {
        let input: &[u8] = b"a\r\nb\n\nc\r\r\nd";
        let mut lines = LineRecords::new(input);
        let mut got = Vec::new();
        while let Some(l) = lines.next_record().unwrap() {
            got.push(l.to_vec());
        }
        assert_eq!(
            got,
            vec![
                b"a".to_vec(),
                b"b".to_vec(),
                b"".to_vec(),
                b"c\r".to_vec(),
                b"d".to_vec()
            ]
        );
        assert_eq!(lines.bytes_read(), input.len() as u64);
        assert_eq!(lines.cr_stripped(), 2);

        let mut kept = LineRecords::new(input).keep_cr(true);
        let mut back = Vec::new();
        while let Some(l) = kept.next_record().unwrap() {
            back.extend_from_slice(l);
            back.push(b'\n');
        }
        assert_eq!(&back[..back.len() - 1], input);
        assert_eq!(kept.cr_stripped(), 0);

        let mut nul = LineRecords::null_separated(&b"a\r\n\0b\0\0c"[..]);
        let mut got = Vec::new();
        while let Some(l) = nul.next_record().unwrap() {
            got.push(l.to_vec());
        }
        assert_eq!(
            got,
            vec![
                b"a\r\n".to_vec(),
                b"b".to_vec(),
                b"".to_vec(),
                b"c".to_vec()
            ]
        );
    }

    #[test]
    fn pack_lines_streams_frames_and_skips() {
        let input: &[u8] = b"alpha\r\nbeta\n\ngamma";
        let mut frames = Vec::new();
        let mut skipped = Vec::new();
        let packer = Packer::new(FrameBuilder::new(4096)).unwrap();
        let totals = pack_lines(
            packer,
            input,
            |f| {
                frames.push(f);
                Ok(())
            },
            |s| skipped.push(s),
        )
        .unwrap();
        assert_eq!(frames.len(), 1);
        assert!(skipped.is_empty());
        assert_eq!(totals.records, 4);
        assert_eq!(totals.frames, 1);
        assert!(!frames[0].stats.full);
        let payload = crate::verify::decode(&frames[0].bytes, crate::Format::Gzip).unwrap();
        assert_eq!(payload, b"alpha\nbeta\n\ngamma\n");

        // An input without records makes no frame.
        let packer = Packer::new(FrameBuilder::new(4096)).unwrap();
        let totals = pack_lines(packer, &b""[..], |_| panic!("no frame"), |_| {}).unwrap();
        assert_eq!(
            totals,
            PackTotals {
                cap: 4096,
                ..PackTotals::default()
            }
        );
    }

    #[test]
    fn finish_frame_ends_the_open_frame_early_and_never_an_empty_one() {
        let builder = FrameBuilder::new(256);
        let records: Vec<Vec<u8>> = (0..60)
            .map(|i| format!("event {i} value {}", i * 31 % 17).into_bytes())
            .collect();
        let mut packer = Packer::new(builder.clone()).unwrap();
        assert!(packer.finish_frame().is_none());
        let mut frames = Vec::new();
        for (i, r) in records.iter().enumerate() {
            if let Pushed::Completed(f) = packer.push(r).unwrap() {
                frames.push(f);
            }
            if i == 4 {
                let early = packer.finish_frame().expect("a frame of five records");
                assert_eq!(early.stats.records, 5);
                assert!(!early.stats.full);
                assert!(packer.finish_frame().is_none());
                frames.push(early);
            }
        }
        let (last, totals) = packer.finish();
        frames.extend(last);
        assert_eq!(totals.frames, frames.len() as u64);
        assert_eq!(totals.records, records.len() as u64);
        for (i, f) in frames.iter().enumerate() {
            assert_eq!(f.stats.index, i as u64);
            assert!(f.bytes.len() <= 256);
        }
        let mut back = Vec::new();
        for f in &frames {
            back.extend(crate::verify::decode(&f.bytes, crate::Format::Gzip).unwrap());
        }
        let joined: Vec<u8> = records
            .iter()
            .flat_map(|r| r.iter().copied().chain([b'\n']))
            .collect();
        assert_eq!(back, joined);
        // After the early frame, the frames are those of packing the rest alone.
        let (rest, _) = Packer::new(builder)
            .unwrap()
            .pack_all(&records[5..])
            .unwrap();
        let rest: Vec<Vec<u8>> = rest.into_iter().map(|f| f.bytes).collect();
        let after: Vec<Vec<u8>> = frames[1..].iter().map(|f| f.bytes.clone()).collect();
        assert_eq!(after, rest);
    }

    #[test]
    fn empty_input_has_no_records() {
        let mut lines = LineRecords::new(&b""[..]);
        assert!(lines.next_record().unwrap().is_none());
        let mut lines = LineRecords::new(&b"\n"[..]);
        assert_eq!(lines.next_record().unwrap(), Some(&b""[..]));
        assert!(lines.next_record().unwrap().is_none());
    }
}
