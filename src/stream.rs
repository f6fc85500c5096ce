//! A DEFLATE stream inside its container: the encoder plus the header, the running checksum and
//! the trailer, with the encoder's exact close cost extended to the whole output.
//!
//! The invariant this module keeps: `close_cost()` equals `finish().len()` (plus the bytes
//! streamed out by `take_output` before), always.

use crate::container::{self, Checksum, Format};
use crate::dictionary::{Dictionary, NoDictionaryField};
use fitflate_encoder::{Deflater, Level, SplitEffort, SqueezeEffort};

/// A compressed stream in a container, built by appending bytes, that knows at every moment the
/// exact size of its finished output and can undo a tentative append.
///
/// ```
/// use fitflate::{Compressor, Format, Level};
///
/// let mut c = Compressor::new(Format::Gzip, Level::DEFAULT);
/// c.append(b"hello, ");
/// c.checkpoint();
/// c.append(b"tentative");
/// c.rollback(); // as if "tentative" was never appended
/// c.append(b"world\n");
/// let cost = c.close_cost();
/// let gz = c.finish();
/// assert_eq!(gz.len() as u64, cost); // the close cost is exact
/// let mut out = Vec::new();
/// fitflate::read::decompress(&gz, None, &mut out)?;
/// assert_eq!(out, b"hello, world\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Compressor {
    deflater: Deflater,
    format: Format,
    mtime: u32,
    checksum: Checksum,
    /// The checksum as it was at `checkpoint()`, while a tentative region is open.
    saved_checksum: Option<Checksum>,
    /// Streaming (`take_output`): bytes handed out so far (the header first), and their CRC-32
    /// (the legacy format's member CRC covers them).
    sent: u64,
    sent_crc: crc32fast::Hasher,
    /// The preset dictionary (zlib and raw only).
    dictionary: Option<Dictionary>,
}

impl Compressor {
    /// A new, empty stream of `format` at `level` (see [`Deflater::new`] for what
    /// [`Level::STRONGEST`] does).
    pub fn new(format: Format, level: Level) -> Self {
        Compressor {
            deflater: Deflater::new(level),
            format,
            mtime: 0,
            checksum: format.new_checksum(),
            saved_checksum: None,
            sent: 0,
            sent_crc: crc32fast::Hasher::new(),
            dictionary: None,
        }
    }

    /// A new, empty stream of `format` at `level` made with the preset dictionary `dict`
    /// (zlib: FDICT and DICTID in the header; raw: agreed out of band). The decoder needs the
    /// same bytes: zlib's `inflateSetDictionary`, Python's `zlib.decompressobj(zdict=...)`,
    /// [`crate::read::unpack_with_dictionary`]. gzip and legacy streams cannot carry one.
    ///
    /// ```
    /// use fitflate::{read, Compressor, Dictionary, Format, Level};
    ///
    /// let dict = Dictionary::new(b"\"status\":\"ok\",\"region\":\"eu-west-1\"");
    /// let mut c = Compressor::with_dictionary(Format::Zlib, Level::DEFAULT, &dict)?;
    /// c.append(b"{\"status\":\"ok\",\"region\":\"eu-west-1\"}\n");
    /// let cost = c.close_cost();
    /// let z = c.finish();
    /// assert_eq!(z.len() as u64, cost);
    /// let mut out = Vec::new();
    /// read::decompress_with_dictionary(&z, Some(Format::Zlib), Some(&dict), &mut out)?;
    /// assert_eq!(out, b"{\"status\":\"ok\",\"region\":\"eu-west-1\"}\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_dictionary(
        format: Format,
        level: Level,
        dict: &Dictionary,
    ) -> Result<Self, NoDictionaryField> {
        if !format.takes_dictionary() {
            return Err(NoDictionaryField { format });
        }
        let mut c = Compressor::new(format, level);
        c.deflater = Deflater::with_dictionary(level, dict.primed());
        c.dictionary = Some(dict.clone());
        Ok(c)
    }

    /// The preset dictionary this stream was made with, if any.
    pub fn dictionary(&self) -> Option<&Dictionary> {
        self.dictionary.as_ref()
    }

    /// Bytes the container adds around the DEFLATE data: the format's, plus zlib's DICTID when
    /// a dictionary is set.
    pub fn overhead(&self) -> u64 {
        self.format.overhead_with(self.dictionary.as_ref())
    }

    /// The bytes this stream starts with.
    fn header(&self) -> Vec<u8> {
        let level = self.deflater.level();
        match (&self.dictionary, self.format) {
            (Some(dict), Format::Zlib) => {
                container::zlib_header_with_dictionary(level, dict.id()).to_vec()
            }
            _ => container::header(self.format, level, self.mtime),
        }
    }

    /// Set the gzip MTIME field (seconds since the Unix epoch; 0, the default, means none).
    /// Ignored by the raw and zlib formats. The size of the output does not change.
    pub fn with_mtime(mut self, mtime: u32) -> Self {
        self.mtime = mtime;
        self
    }

    /// The container format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The compression level.
    pub fn level(&self) -> Level {
        self.deflater.level()
    }

    /// Lower the encoder's 4 GiB window-buffer limit, for tests of the abandoned-region path
    /// (see `Deflater::set_buffer_limit`). Not for production.
    #[doc(hidden)]
    pub fn set_buffer_limit(&mut self, bytes: usize) {
        self.deflater.set_buffer_limit(bytes);
    }

    /// Append `data` to the stream.
    pub fn append(&mut self, data: &[u8]) {
        self.deflater.append(data);
        self.checksum.update(data);
    }

    /// Exact number of bytes `finish()` would return now: header + DEFLATE data + trailer.
    /// `u64::MAX` (no cap fits it) while a tentative region that outgrew the encoder's 4 GiB
    /// buffer is open (see `Deflater::append`): the container's bytes saturate, never wrap.
    pub fn close_cost(&self) -> u64 {
        self.close_cost_parts().1
    }

    /// A cheap upper bound of `close_cost()`, never below it (`u64::MAX` as `close_cost`).
    pub fn close_cost_upper_bound(&self) -> u64 {
        self.deflater
            .close_cost_upper_bound()
            .saturating_add(self.overhead())
    }

    /// True when a cheap bound proves `close_cost() <= limit` (no Huffman code is built); false
    /// means "maybe not": ask `close_cost()`.
    pub fn close_cost_within(&self, limit: u64) -> bool {
        limit
            .checked_sub(self.overhead())
            .is_some_and(|l| self.deflater.close_cost_within(l))
    }

    /// Exactly `close_cost() <= limit`, computed with early exits (cheaper than `close_cost()`
    /// when the answer is yes).
    pub fn close_cost_fits(&self, limit: u64) -> bool {
        limit
            .checked_sub(self.overhead())
            .is_some_and(|l| self.deflater.close_cost_fits(l))
    }

    /// Tell the stream the most bytes (container included) it will be asked to fit in: cheaper
    /// cap checks in small frames (see `Deflater::set_budget`). `None`: no budget.
    pub fn set_budget(&mut self, limit: Option<u64>) {
        let budget = limit.map(|l| l.saturating_sub(self.overhead()));
        self.deflater.set_budget(budget);
    }

    /// Answer match searches from lists made ahead (see `Deflater::set_match_source`): `origin`
    /// is the offset of this stream's first byte in the source's input. Until the next reset.
    pub fn set_match_source(
        &mut self,
        source: Option<std::sync::Arc<dyn fitflate_encoder::MatchSource>>,
        origin: u64,
    ) {
        self.deflater.set_match_source(source, origin);
    }

    /// Cost-based block splitting with this effort, or none (see `Deflater::set_split_blocks`).
    pub fn set_split_blocks(&mut self, split: Option<SplitEffort>) {
        self.deflater.set_split_blocks(split);
    }

    /// The splitting effort set (see `Deflater::split_blocks`).
    pub(crate) fn split_blocks(&self) -> Option<SplitEffort> {
        self.deflater.split_blocks()
    }

    /// Re-parse every emitted block near-optimally (see `Deflater::set_optimal_blocks`).
    pub fn set_optimal_blocks(&mut self, effort: Option<SqueezeEffort>) {
        self.deflater.set_optimal_blocks(effort);
    }

    /// Re-parse the pending block near-optimally (see `Deflater::squeeze`); the stream stays
    /// exact. Commits an open tentative region. True when the new parse was kept.
    pub fn squeeze(&mut self, effort: SqueezeEffort) -> bool {
        self.saved_checksum = None;
        self.deflater.squeeze(effort)
    }

    /// `squeeze`, told the encoder's `close_cost_bits` as the stream stands (see
    /// `Deflater::squeeze_known`), with that figure; a frame has just asked it.
    pub(crate) fn squeeze_known(&mut self, effort: SqueezeEffort, close_cost_bits: u64) -> bool {
        self.saved_checksum = None;
        self.deflater.squeeze_known(effort, close_cost_bits)
    }

    /// The encoder's `close_cost_bits` (the DEFLATE data's bits before the final padding) and
    /// `close_cost()` from it.
    pub(crate) fn close_cost_parts(&self) -> (u64, u64) {
        let bits = self.deflater.close_cost_bits();
        let bytes = if bits == u64::MAX {
            u64::MAX
        } else {
            bits.div_ceil(8).saturating_add(self.overhead())
        };
        (bits, bytes)
    }

    /// Open a tentative region: everything appended after it can be undone by `rollback()`.
    /// Opening one while another is open commits the open one first.
    pub fn checkpoint(&mut self) {
        self.deflater.checkpoint();
        self.saved_checksum = Some(self.checksum.clone());
    }

    /// Undo everything appended since `checkpoint()`: the finished output is bit-identical to
    /// never having seen it. Does nothing when no region is open.
    pub fn rollback(&mut self) {
        if let Some(saved) = self.saved_checksum.take() {
            self.deflater.rollback();
            self.checksum = saved;
        }
    }

    /// Keep everything appended since `checkpoint()` and close the tentative region.
    pub fn commit(&mut self) {
        if self.saved_checksum.take().is_some() {
            self.deflater.commit();
        }
    }

    /// Total uncompressed bytes appended (and not rolled back).
    pub fn total_in(&self) -> u64 {
        self.deflater.total_in()
    }

    /// Forget everything appended: an empty stream with the same settings, allocations kept.
    pub fn reset(&mut self) {
        self.deflater.reset();
        self.checksum = self.format.new_checksum();
        self.saved_checksum = None;
        self.sent = 0;
        self.sent_crc = crc32fast::Hasher::new();
    }

    /// The gzip MTIME field this stream writes.
    pub fn mtime(&self) -> u32 {
        self.mtime
    }

    /// A new, empty stream with these settings but another level.
    pub fn with_level(&self, level: Level) -> Self {
        let c = match &self.dictionary {
            Some(dict) => Compressor::with_dictionary(self.format, level, dict)
                .expect("a format that took the dictionary takes it again"),
            None => Compressor::new(self.format, level),
        };
        c.with_mtime(self.mtime)
    }

    /// Stream out what is final: move the output's bytes so far (the header, then the whole
    /// bytes of the blocks written) to `into` and return how many. `finish` then returns only
    /// the rest; `close_cost` still counts everything. Takes nothing while a tentative region
    /// is open (its bytes may still be rolled back). Bounds the memory of a long stream or a
    /// large frame by the encoder's working set instead of the output's size.
    pub fn take_output(&mut self, into: &mut Vec<u8>) -> usize {
        if self.saved_checksum.is_some() {
            return 0;
        }
        let start = into.len();
        if self.sent == 0 {
            into.extend_from_slice(&self.header());
        }
        self.deflater.take_output(into);
        if self.format == Format::Legacy {
            self.sent_crc.update(&into[start..]);
        }
        let n = into.len() - start;
        self.sent += n as u64;
        n
    }

    /// Bytes handed out by `take_output` since the stream began.
    pub fn bytes_taken(&self) -> u64 {
        self.sent
    }

    /// Close the stream and return the complete output of its format (less what `take_output`
    /// handed out before).
    pub fn finish(mut self) -> Vec<u8> {
        self.finish_and_reset()
    }

    /// `finish`, then start a new, empty stream with the same settings in the same allocations
    /// (cheaper than a new `Compressor` per frame).
    pub fn finish_and_reset(&mut self) -> Vec<u8> {
        self.commit();
        #[cfg(debug_assertions)]
        let predicted = self.close_cost();
        let total_in = self.deflater.total_in();
        let check = self.checksum.value();
        let sent = std::mem::take(&mut self.sent);
        let header = (sent == 0).then(|| self.header());
        let deflate = self.deflater.finish_and_reset();
        self.checksum = self.format.new_checksum();

        let sent_crc = std::mem::take(&mut self.sent_crc);
        let mut out = match header {
            Some(mut header) => {
                header.extend_from_slice(&deflate);
                header
            }
            None => deflate,
        };
        container::close_member(self.format, &mut out, sent_crc, check, total_in);
        #[cfg(debug_assertions)]
        assert_eq!(
            sent + out.len() as u64,
            predicted,
            "close_cost() disagrees with the finished length"
        );
        out
    }
}

/// `data` compressed in one shot with near-optimal parsing (the strongest effort, level 10)
/// inside `format`: the complete output, header and trailer included.
pub fn compress_optimal_in(format: Format, mtime: u32, data: &[u8]) -> Vec<u8> {
    container::assemble(
        format,
        Level::STRONGEST,
        mtime,
        &fitflate_encoder::compress_optimal(data),
        container::checksum_of(format, data),
        data.len() as u64,
    )
}
