//! Symbol statistics and the pending block: what the cost model and the parser read of a block.

use super::reference::FIRST_REFERENCE_AT;
use super::Reference;
use crate::tables::*;
use crate::SqueezeEffort;

/// log2(x) to within 0.09 (the exponent plus a straight line through the mantissa): cheap
/// enough for a parse decision (`match_pays`) and for ranking split points (`split::estimate`),
/// both of which price symbols by their information content in a block's statistics.
#[inline]
pub(crate) fn log2(x: u32) -> f32 {
    (x as f32).to_bits() as f32 / (1u32 << 23) as f32 - 127.0
}

/// The most raw bytes a block may cover and still be written as stored blocks (or split, as a
/// part may be stored), so the most the window must keep of it, unless the stream keeps whole
/// blocks (`BlockStats::keeps_all`: the stored-only level, and near-optimal blocks, which
/// re-parse their bytes; the stream cuts those by their length). A block beyond it (very
/// repetitive data at levels 1-9) has more than 4 bytes per symbol, where a coded block is far
/// smaller than a stored one: dropping the stored candidate lets the window forget the block's
/// first bytes instead of cutting the block and paying a new header every 128 KiB, as zlib
/// forgets a block's bytes once they leave its window (the repeated-record cases: one header
/// less per 128 KiB). 128 KiB and a chunk: the most a block cut at 128 KiB could reach.
pub const MAX_STORED_BLOCK: usize = 144 * 1024;

/// The one rule for whether the window keeps a block's bytes (and so whether it may be stored
/// or split): the stream keeps them whatever the length (`keeps_all`), or the block covers at
/// most `MAX_STORED_BLOCK` bytes (`len`).
fn keeps_bytes(keeps_all: bool, len: u64) -> bool {
    keeps_all || len <= MAX_STORED_BLOCK as u64
}

/// A block's raw range and policy, saved and restored by rollback (`BlockStats::raw_range`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawRange {
    end: usize,
    len: usize,
    keeps_all: bool,
}

impl RawRange {
    /// The window index of the block's first byte, if the window keeps its bytes.
    pub fn kept_from(&self) -> Option<usize> {
        keeps_bytes(self.keeps_all, self.len as u64).then(|| self.end - self.len)
    }

    /// Window indices moved down by `delta`.
    pub fn slide(&mut self, delta: usize) {
        self.end -= delta;
    }
}

/// One LZ77 symbol: a literal byte (`dist == 0`) or a match of `len_or_lit` bytes `dist` back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub(super) len_or_lit: u16,
    pub(super) dist: u16,
}

impl Symbol {
    /// Bytes the symbol covers.
    pub fn raw_len(self) -> usize {
        if self.dist == 0 {
            1
        } else {
            self.len_or_lit as usize
        }
    }
}

/// Where parsed symbols go: the real pending block, or (to price closing without changing
/// anything) its statistics alone.
pub trait SymbolSink {
    fn push_literal(&mut self, byte: u8);
    fn push_match(&mut self, len: usize, dist: usize);
    /// Bytes covered without symbols (stored-only level).
    fn push_raw(&mut self, n: usize);
    /// The block so far, for parse decisions priced by its statistics.
    fn stats(&self) -> &BlockStats;
}

/// Everything the cost model needs of a block: symbol frequencies, the exact fixed-code size
/// kept up to date symbol by symbol, and the raw bytes covered: `raw_len` bytes ending at window
/// index `raw_end` (the window keeps them while a stored block may need them, see
/// `MAX_STORED_BLOCK`; `raw_start` is their first index then).
#[derive(Clone, Debug)]
pub struct BlockStats {
    pub litlen_freq: [u32; NUM_LITLEN],
    pub dist_freq: [u32; NUM_DIST],
    /// Exact bits of the symbols (end-of-block included) under the fixed code: the O(1) half of
    /// the cheap upper bound.
    pub fixed_bits: u64,
    pub raw_end: usize,
    raw_len: usize,
    /// The stream keeps the block's bytes whatever its length (see `MAX_STORED_BLOCK`).
    keeps_all: bool,
    /// Sums of `litlen_freq` and `dist_freq`, kept for the parser's `match_pays` and `is_small`.
    pub(super) symbols: u32,
    matches: u32,
}

impl BlockStats {
    /// An empty block starting at window index `start`.
    pub fn new(start: usize) -> Self {
        let mut litlen_freq = [0; NUM_LITLEN];
        // Every block ends with an end-of-block symbol (§3.2.5); count it from the start.
        litlen_freq[END_OF_BLOCK] = 1;
        BlockStats {
            litlen_freq,
            dist_freq: [0; NUM_DIST],
            fixed_bits: u64::from(FIXED_LITLEN_LENS[END_OF_BLOCK]),
            raw_end: start,
            raw_len: 0,
            keeps_all: false,
            symbols: 1,
            matches: 0,
        }
    }

    pub fn raw_len(&self) -> usize {
        self.raw_len
    }

    /// The window index of the block's first byte; only while the window keeps the block's
    /// bytes (`keeps_bytes`).
    pub fn raw_start(&self) -> usize {
        debug_assert!(
            self.keeps_bytes(),
            "a block's bytes read after they were dropped"
        );
        self.raw_end - self.raw_len
    }

    /// Whether the window keeps the block's bytes, so that it may be written as stored blocks
    /// (or split): while it covers at most `MAX_STORED_BLOCK` bytes, or always for a stream that
    /// keeps whole blocks.
    pub fn keeps_bytes(&self) -> bool {
        self.storable_with(0)
    }

    /// `keeps_bytes` for the block with `tail` more bytes.
    pub fn storable_with(&self, tail: u64) -> bool {
        keeps_bytes(self.keeps_all, self.raw_len as u64 + tail)
    }

    /// An empty part of this block starting at window index `start` (its bytes kept as this
    /// block's are).
    pub fn part_from(&self, start: usize) -> BlockStats {
        let mut part = BlockStats::new(start);
        part.keeps_all = self.keeps_all;
        part
    }

    /// Whether the stream keeps this block's bytes whatever its length.
    pub fn keeps_all(&self) -> bool {
        self.keeps_all
    }

    /// See `keeps_all`: set by the stream for a new block.
    pub fn set_keeps_all(&mut self, keeps_all: bool) {
        self.keeps_all = keeps_all;
    }

    /// The block covers `n` more bytes.
    #[inline]
    fn grow(&mut self, n: usize) {
        self.raw_end += n;
        self.raw_len += n;
    }

    /// The block covers `n` bytes less (at its end).
    fn shrink(&mut self, n: usize) {
        self.raw_end -= n;
        self.raw_len -= n;
    }

    /// The block's raw range and policy, to save and restore.
    pub fn raw_range(&self) -> RawRange {
        RawRange {
            end: self.raw_end,
            len: self.raw_len,
            keeps_all: self.keeps_all,
        }
    }

    /// Restore what `raw_range` saved.
    pub fn set_raw_range(&mut self, range: RawRange) {
        self.raw_end = range.end;
        self.raw_len = range.len;
        self.keeps_all = range.keeps_all;
    }

    /// Symbols counted, end-of-block included (the sum of `litlen_freq`).
    pub fn symbols(&self) -> u32 {
        self.symbols
    }

    /// Matches counted (the sum of `dist_freq`).
    pub fn matches(&self) -> u32 {
        self.matches
    }
}

impl BlockStats {
    /// Take back `sym`, the last symbol pushed (rollback): the exact inverse of its push.
    pub fn unpush(&mut self, sym: Symbol) {
        if sym.dist == 0 {
            let byte = sym.len_or_lit as usize;
            self.litlen_freq[byte] -= 1;
            self.symbols -= 1;
            self.fixed_bits -= u64::from(FIXED_LITLEN_LENS[byte]);
            self.shrink(1);
        } else {
            let (len, dist) = (sym.len_or_lit as usize, sym.dist as usize);
            let lc = length_code(len);
            let dc = dist_code(dist);
            self.litlen_freq[257 + lc] -= 1;
            self.dist_freq[dc] -= 1;
            self.symbols -= 1;
            self.matches -= 1;
            self.fixed_bits -= u64::from(FIXED_LITLEN_LENS[257 + lc])
                + u64::from(LENGTH_EXTRA[lc])
                + u64::from(FIXED_DIST_LENS[dc])
                + u64::from(DIST_EXTRA[dc]);
            self.shrink(len);
        }
    }

    /// The statistics of the rest of this block after its first part `head` (which starts where
    /// this block does): both count an end-of-block symbol.
    pub fn minus(&self, head: &BlockStats) -> BlockStats {
        let mut rest = self.part_from(head.raw_end);
        for (r, (a, b)) in rest
            .litlen_freq
            .iter_mut()
            .zip(self.litlen_freq.iter().zip(&head.litlen_freq))
        {
            *r = a - b;
        }
        rest.litlen_freq[END_OF_BLOCK] = 1;
        for (r, (a, b)) in rest
            .dist_freq
            .iter_mut()
            .zip(self.dist_freq.iter().zip(&head.dist_freq))
        {
            *r = a - b;
        }
        rest.fixed_bits =
            self.fixed_bits - head.fixed_bits + u64::from(FIXED_LITLEN_LENS[END_OF_BLOCK]);
        rest.raw_end = self.raw_end;
        rest.raw_len = self.raw_len - head.raw_len;
        rest.symbols = self.symbols - head.symbols + 1;
        rest.matches = self.matches - head.matches;
        rest
    }

    /// Count `sym` (as `push_literal` or `push_match` would).
    pub fn push_symbol(&mut self, sym: Symbol) {
        if sym.dist == 0 {
            self.push_literal(sym.len_or_lit as u8);
        } else {
            self.push_match(sym.len_or_lit as usize, sym.dist as usize);
        }
    }

    /// The statistics of `syms` as a block starting at window index `start`.
    pub fn of(syms: &[Symbol], start: usize) -> Self {
        let mut stats = BlockStats::new(start);
        syms.iter().for_each(|&s| stats.push_symbol(s));
        stats
    }
}

impl SymbolSink for BlockStats {
    #[inline]
    fn push_literal(&mut self, byte: u8) {
        self.litlen_freq[byte as usize] += 1;
        self.symbols += 1;
        self.fixed_bits += u64::from(FIXED_LITLEN_LENS[byte as usize]);
        self.grow(1);
    }

    #[inline]
    fn push_match(&mut self, len: usize, dist: usize) {
        debug_assert!((MIN_MATCH..=MAX_MATCH).contains(&len) && (1..=WINDOW_SIZE).contains(&dist));
        let lc = length_code(len);
        let dc = dist_code(dist);
        self.litlen_freq[257 + lc] += 1;
        self.dist_freq[dc] += 1;
        self.symbols += 1;
        self.matches += 1;
        self.fixed_bits += u64::from(FIXED_LITLEN_LENS[257 + lc])
            + u64::from(LENGTH_EXTRA[lc])
            + u64::from(FIXED_DIST_LENS[dc])
            + u64::from(DIST_EXTRA[dc]);
        self.grow(len);
    }

    fn push_raw(&mut self, n: usize) {
        self.grow(n);
    }

    fn stats(&self) -> &BlockStats {
        self
    }
}

/// The block being built: its symbols and their statistics.
#[derive(Clone, Debug)]
pub struct PendingBlock {
    pub syms: Vec<Symbol>,
    pub stats: BlockStats,
    /// The block's reference code (see `Reference`) and the symbol count at which it is rebuilt.
    pub reference: Option<Reference>,
    pub next_reference_at: usize,
    /// How many of the block's first symbols are a squeeze's near-optimal parse, and at which
    /// effort (the rest was parsed after it). Such a block's statistics are a good first cost
    /// model for the next re-parse, which at the same effort parses again only the end of those
    /// symbols and what follows them.
    pub squeezed: Option<(usize, SqueezeEffort)>,
}

impl PendingBlock {
    pub fn new(start: usize) -> Self {
        PendingBlock {
            syms: Vec::new(),
            stats: BlockStats::new(start),
            reference: None,
            next_reference_at: FIRST_REFERENCE_AT,
            squeezed: None,
        }
    }

    /// Empty the block; the next one starts at window index `start`.
    pub fn reset(&mut self, start: usize) {
        self.syms.clear();
        self.stats = BlockStats::new(start);
        self.reference = None;
        self.next_reference_at = FIRST_REFERENCE_AT;
        self.squeezed = None;
    }

    pub fn raw_len(&self) -> usize {
        self.stats.raw_len()
    }

    /// Append a symbol taken from another parse of the same bytes.
    pub fn push_symbol(&mut self, sym: Symbol) {
        self.syms.push(sym);
        self.stats.push_symbol(sym);
    }

    /// Window indices moved down by `delta` (past the block's first bytes only when it no
    /// longer keeps them).
    pub fn slide(&mut self, delta: usize) {
        self.stats.raw_end -= delta;
    }
}

impl SymbolSink for PendingBlock {
    #[inline]
    fn push_literal(&mut self, byte: u8) {
        self.syms.push(Symbol {
            len_or_lit: u16::from(byte),
            dist: 0,
        });
        self.stats.push_literal(byte);
    }

    #[inline]
    fn push_match(&mut self, len: usize, dist: usize) {
        self.syms.push(Symbol {
            len_or_lit: len as u16,
            dist: dist as u16,
        });
        self.stats.push_match(len, dist);
    }

    fn push_raw(&mut self, n: usize) {
        self.stats.push_raw(n);
    }

    fn stats(&self) -> &BlockStats {
        &self.stats
    }
}
