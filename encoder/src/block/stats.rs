//! Symbol statistics and the pending block: what the cost model and the parser read of a block.

use super::reference::FIRST_REFERENCE_AT;
use super::Reference;
use crate::tables::*;

/// log2(x) to within 0.09 (the exponent plus a straight line through the mantissa): cheap
/// enough for a parse decision (`match_pays`) and for ranking split points (`split::estimate`),
/// both of which price symbols by their information content in a block's statistics.
#[inline]
pub(crate) fn log2(x: u32) -> f32 {
    (x as f32).to_bits() as f32 / (1u32 << 23) as f32 - 127.0
}

/// One LZ77 symbol: a literal byte (`dist == 0`) or a match of `len_or_lit` bytes `dist` back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub(super) len_or_lit: u16,
    pub(super) dist: u16,
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
/// kept up to date symbol by symbol, and the raw bytes covered (window indices
/// `raw_start..raw_end`, kept by the window for stored blocks).
#[derive(Clone, Debug)]
pub struct BlockStats {
    pub litlen_freq: [u32; NUM_LITLEN],
    pub dist_freq: [u32; NUM_DIST],
    /// Exact bits of the symbols (end-of-block included) under the fixed code: the O(1) half of
    /// the cheap upper bound.
    pub fixed_bits: u64,
    pub raw_start: usize,
    pub raw_end: usize,
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
            raw_start: start,
            raw_end: start,
            symbols: 1,
            matches: 0,
        }
    }

    pub fn raw_len(&self) -> usize {
        self.raw_end - self.raw_start
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
            self.raw_end -= 1;
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
            self.raw_end -= len;
        }
    }

    /// The statistics of the rest of this block after its first part `head` (which starts where
    /// this block does): both count an end-of-block symbol.
    pub fn minus(&self, head: &BlockStats) -> BlockStats {
        let mut rest = BlockStats::new(head.raw_end);
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
        self.raw_end += 1;
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
        self.raw_end += len;
    }

    fn push_raw(&mut self, n: usize) {
        self.raw_end += n;
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
}

impl PendingBlock {
    pub fn new(start: usize) -> Self {
        PendingBlock {
            syms: Vec::new(),
            stats: BlockStats::new(start),
            reference: None,
            next_reference_at: FIRST_REFERENCE_AT,
        }
    }

    /// Empty the block; the next one starts at window index `start`.
    pub fn reset(&mut self, start: usize) {
        self.syms.clear();
        self.stats = BlockStats::new(start);
        self.reference = None;
        self.next_reference_at = FIRST_REFERENCE_AT;
    }

    pub fn raw_len(&self) -> usize {
        self.stats.raw_len()
    }

    /// Window indices moved down by `delta`.
    pub fn slide(&mut self, delta: usize) {
        self.stats.raw_start -= delta;
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
