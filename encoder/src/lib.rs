//! `fitflate-encoder`: a from-scratch DEFLATE (RFC 1951) encoder that knows, after every
//! `append`, exactly how many bytes the raw stream would take if it were closed now, and that can
//! roll an append back so completely that the output is bit-identical to never having seen it.
//!
//! (API stub: the implementation lands in the following commits.)
#![forbid(unsafe_code)]

use std::fmt;

/// The strongest level this encoder knows.
pub const MAX_LEVEL: u32 = 9;
/// The level zlib and gzip default to.
pub const DEFAULT_LEVEL: u32 = 6;

/// A compression level outside `0..=MAX_LEVEL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelError {
    pub level: u32,
}

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "compression level {} is out of range (0..={MAX_LEVEL})", self.level)
    }
}

impl std::error::Error for LevelError {}

/// A raw DEFLATE stream under construction.
#[derive(Clone, Debug)]
pub struct Deflater {
    level: u32,
}

impl Deflater {
    /// A new stream at `level` (0 = stored only, 1 fastest, 6 default, 9 strongest).
    pub fn new(level: u32) -> Result<Self, LevelError> {
        if level > MAX_LEVEL {
            return Err(LevelError { level });
        }
        Ok(Deflater { level })
    }
    /// The level this stream was made with.
    pub fn level(&self) -> u32 {
        self.level
    }
    /// Append `data`; it is parsed completely (no bytes are held back).
    pub fn append(&mut self, _data: &[u8]) {
        todo!()
    }
    /// Exact number of bytes `finish()` would return now.
    pub fn close_cost(&self) -> u64 {
        todo!()
    }
    /// A cheap (O(1)) upper bound of `close_cost()`: never below it.
    pub fn close_cost_upper_bound(&self) -> u64 {
        todo!()
    }
    /// Open a tentative region: everything appended after it can be undone by `rollback`.
    /// Opening one while another is open commits the open one first.
    pub fn checkpoint(&mut self) {
        todo!()
    }
    /// Undo everything since `checkpoint()`; the stream is bit-identical to never having seen it.
    /// Does nothing when no checkpoint is open.
    pub fn rollback(&mut self) {
        todo!()
    }
    /// Keep everything since `checkpoint()` and close the tentative region.
    pub fn commit(&mut self) {
        todo!()
    }
    /// Total uncompressed bytes appended (and not rolled back).
    pub fn total_in(&self) -> u64 {
        todo!()
    }
    /// Close the stream: the pending symbols become the final block; returns the raw DEFLATE bytes.
    pub fn finish(self) -> Vec<u8> {
        todo!()
    }
}
