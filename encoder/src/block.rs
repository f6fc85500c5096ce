//! The pending block, the one block cost model, and block emission (RFC 1951 §3.2.3–§3.2.7).
//!
//! `plan` prices the pending symbols as each block type, exactly, in bits, and picks the
//! cheapest; `write` emits a plan and asserts that it wrote exactly the bits it predicted. The
//! encoder uses `plan` both to emit blocks and to answer "what would closing cost now", so the two
//! can never disagree.

use crate::bitwriter::BitWriter;
use crate::huffman::{
    build_lengths, canonical_codes, run_length_code, run_length_counts, runs, CodeLenSym,
    RleSymbols,
};
use crate::tables::*;
use std::sync::Arc;

/// One LZ77 symbol: a literal byte (`dist == 0`) or a match of `len_or_lit` bytes `dist` back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol {
    len_or_lit: u16,
    dist: u16,
}

/// Bits of a stored block's LEN and NLEN fields (§3.2.4).
const STORED_LEN_BITS: u64 = 32;
/// Most bytes one stored block can carry (LEN is 16 bits).
pub const MAX_STORED: usize = 65_535;
/// Bits of a block header: BFINAL and BTYPE (§3.2.3).
const BLOCK_HEADER_BITS: u64 = 3;
/// HLIT, HDIST and HCLEN fields of a dynamic header (§3.2.7).
const DYNAMIC_COUNTS_BITS: u64 = 5 + 5 + 4;

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
    /// Sums of `litlen_freq` and `dist_freq`, kept for `match_pays` and `is_small`.
    symbols: u32,
    matches: u32,
}

/// log2(x) to within 0.09 (the exponent plus a straight line through the mantissa): cheap
/// enough for a parse decision.
#[inline]
fn log2(x: u32) -> f32 {
    (x as f32).to_bits() as f32 / (1u32 << 23) as f32 - 127.0
}

impl BlockStats {
    /// Whether a short match pays for itself against the literals it replaces, each symbol
    /// priced by its information content in this block so far (add-one smoothed).
    pub fn match_pays(&self, bytes: &[u8], dist: usize) -> bool {
        let lt = log2(self.symbols + NUM_LITLEN as u32);
        let bits = |c: u32, t: f32| t - log2(c + 1);
        let lits: f32 = bytes
            .iter()
            .map(|&b| bits(self.litlen_freq[b as usize], lt))
            .sum();
        let lc = length_code(bytes.len());
        let dc = dist_code(dist);
        let m = bits(self.litlen_freq[257 + lc], lt)
            + LENGTH_EXTRA[lc] as f32
            + bits(self.dist_freq[dc], log2(self.matches + NUM_DIST as u32))
            + DIST_EXTRA[dc] as f32;
        m < lits
    }

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

/// The first reference code of a block is built once it holds this many symbols ...
const FIRST_REFERENCE_AT: usize = 64;
/// ... and it is rebuilt whenever the block has grown by 1/REFERENCE_GROWTH (at least
/// MIN_REFERENCE_STEP symbols) since: a geometric schedule, so a block pays for O(log n) code
/// builds, and the reference stays close enough to the block's own code for the cheap bound to
/// decide almost every record. Doubling (1) costs fewer instructions in all than 1/2 or 1/3
/// (callgrind, packing the logs at 4 and 64 KiB): the extra exact checks near the cap are
/// cheaper than the rebuilds saved.
const REFERENCE_GROWTH: usize = 1;
const MIN_REFERENCE_STEP: usize = 64;

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

    /// Rebuild the reference code when the schedule says so. Called only at chunk starts, a
    /// point fixed by the appends alone, so the output never depends on who asked for a cost.
    /// Returns the reference and schedule it replaced, if it did (a checkpoint keeps them).
    /// `needed` false skips the rebuild: the caller knows the cheap stored/fixed bound decides.
    pub fn refresh_reference(&mut self, needed: bool) -> Option<(Option<Reference>, usize)> {
        let n = self.syms.len();
        if !needed || n < self.next_reference_at {
            return None;
        }
        let old = (
            self.reference.replace(Reference::new(&self.stats)),
            self.next_reference_at,
        );
        self.next_reference_at = n + (n / REFERENCE_GROWTH).max(MIN_REFERENCE_STEP);
        Some(old)
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

/// A block type (§3.2.3: BTYPE 00, 01, 10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    Stored,
    Fixed,
    Dynamic,
}

/// A dynamic block's code lengths and its header, as sized; the codewords follow from the
/// lengths (§3.2.2) and are assigned only when the block is written.
#[derive(Clone, Debug)]
pub struct DynamicCode {
    litlen_lens: [u8; NUM_LITLEN],
    dist_lens: [u8; NUM_DIST],
    /// Literal/length and distance code lengths sent (HLIT + 257, HDIST + 1).
    hlit: usize,
    hdist: usize,
    /// Code-length code lengths sent (HCLEN + 4), in `CODELEN_ORDER`.
    hclen: usize,
    cl_lens: [u8; NUM_CODELEN],
    cl_syms: Vec<CodeLenSym>,
    /// Bits of the header after BFINAL/BTYPE: counts, code-length code, run-length coded lengths.
    header_bits: u64,
}

impl DynamicCode {
    /// The literal/length (0) or distance (1) code lengths.
    fn table_mut(&mut self, table: usize) -> &mut [u8] {
        if table == 0 {
            &mut self.litlen_lens
        } else {
            &mut self.dist_lens
        }
    }
}

/// How the pending block would be emitted, and exactly how many bits that takes.
#[derive(Clone, Debug)]
pub struct Plan {
    pub kind: BlockType,
    pub bits: u64,
    /// The bit position the plan was made for (stored padding depends on it).
    pub at_bit: u64,
    dynamic: Option<Arc<DynamicCode>>,
}

impl Plan {
    /// The literal/length and distance code lengths this plan writes symbols with (`None` for
    /// a stored block; the fixed code's for a fixed one).
    pub fn code_lengths(&self) -> Option<(&[u8], &[u8])> {
        match (self.kind, &self.dynamic) {
            (BlockType::Stored, _) => None,
            (BlockType::Dynamic, Some(code)) => Some((&code.litlen_lens[..], &code.dist_lens[..])),
            _ => Some((&FIXED_LITLEN_LENS[..], &FIXED_DIST_LENS[..])),
        }
    }
}

/// Exact bits of `raw_len` bytes as stored blocks starting at bit position `at_bit` (§3.2.4):
/// each piece of up to 65,535 bytes pays 3 header bits, padding to a byte boundary, LEN and
/// NLEN. Only the first piece's padding depends on `at_bit`; the others start aligned.
pub fn stored_size(raw_len: u64, at_bit: u64) -> u64 {
    let pieces = raw_len.div_ceil(MAX_STORED as u64).max(1);
    let first_pad = (8 - (at_bit + BLOCK_HEADER_BITS) % 8) % 8;
    let later_pad = (8 - BLOCK_HEADER_BITS % 8) % 8;
    pieces * (BLOCK_HEADER_BITS + STORED_LEN_BITS)
        + first_pad
        + (pieces - 1) * later_pad
        + raw_len * 8
}

/// Exact bits of the block with the fixed code (§3.2.6).
pub fn fixed_size(block: &BlockStats) -> u64 {
    BLOCK_HEADER_BITS + block.fixed_bits
}

/// Bits of the block's symbols (end-of-block included) under the given code lengths, extra
/// bits included.
fn body_size(block: &BlockStats, litlen_lens: &[u8], dist_lens: &[u8]) -> u64 {
    let mut bits = 0u64;
    for (s, &f) in block.litlen_freq.iter().enumerate() {
        bits += u64::from(f) * u64::from(litlen_lens[s]);
    }
    for (i, &f) in block.litlen_freq[257..].iter().enumerate() {
        bits += u64::from(f) * u64::from(LENGTH_EXTRA[i]);
    }
    for (d, &f) in block.dist_freq.iter().enumerate() {
        bits += u64::from(f) * u64::from(dist_lens[d] + DIST_EXTRA[d]);
    }
    bits
}

/// Build the dynamic codes for the block and size their header (§3.2.7).
pub fn dynamic_code(block: &BlockStats) -> DynamicCode {
    code_for(&block.litlen_freq, &block.dist_freq, is_small(block))
}

/// Length-limited Huffman code lengths for these frequencies, with their header: the cheapest
/// of the eight run-length symbol choices when `best_header`, else all symbols allowed.
fn code_for(
    litlen_freq: &[u32; NUM_LITLEN],
    dist_freq: &[u32; NUM_DIST],
    best_header: bool,
) -> DynamicCode {
    with_header(code_lengths(litlen_freq, dist_freq), best_header)
}

/// `code` with its header sized and made: with all run-length symbols allowed, or with the
/// cheapest of the eight choices (`best_header`).
fn with_header(mut code: DynamicCode, best_header: bool) -> DynamicCode {
    // All symbols allowed comes first: the one choice when `best_header` is off. The choices
    // are sized from symbol counts; only the cheapest one's symbols are made.
    let mut allowed = RleSymbols::combinations().next();
    if best_header {
        let runs = sent_runs(&code);
        allowed = RleSymbols::combinations().min_by_key(|&choice| header_bits(&runs, choice));
    }
    if let Some(h) = allowed.map(|a| header_for(&code, a)) {
        code.header_bits = h.bits;
        code.hclen = h.hclen;
        code.cl_lens = h.cl_lens;
        code.cl_syms = h.syms;
    }
    code
}

/// Send lengths up to the last nonzero one (at least 257 and 1, §3.2.7).
fn set_counts(code: &mut DynamicCode) {
    let sent = |lens: &[u8], least: usize| {
        least.max(lens.iter().rposition(|&l| l > 0).map_or(0, |i| i + 1))
    };
    code.hlit = sent(&code.litlen_lens, 257);
    code.hdist = sent(&code.dist_lens, 1);
}

/// Blocks of at most this many symbols may have their code refined (`refine_code`).
const TINY_BLOCK_SYMBOLS: u32 = 384;
/// Swaps whose body cost exceeds this many bits are not priced: a header rarely saves more.
const MAX_SWAP_BODY_BITS: i64 = 24;
/// Rounds of swaps at most.
const REFINE_ROUNDS: usize = 3;

/// For a tiny block planned dynamic (the strongest level's single records and log lines): the
/// plan with its code refined by swapping the lengths of two symbols — the Kraft sum, so
/// completeness, is unchanged and the body changes by (f_a - f_b)(l_b - l_a) bits — wherever the
/// header (runs of equal lengths) saves more than the body loses, until no swap gains. Zopfli
/// finds codes that run-length code well by smoothing counts; this reaches codes that no
/// smoothing of counts gives (one line's code improves by a few bits: a byte of output).
pub fn refine_code(block: &BlockStats, plan: Plan) -> Plan {
    let Some(start) = plan.dynamic.as_deref() else {
        return plan;
    };
    if plan.kind != BlockType::Dynamic || block.symbols > TINY_BLOCK_SYMBOLS {
        return plan;
    }
    let mut code = start.clone();
    // Swaps are priced with the starting code's best run-length symbol choice (one header
    // sizing per swap instead of eight); the result gets the best choice again.
    let runs = sent_runs(&code);
    let Some(choice) = RleSymbols::combinations().min_by_key(|&choice| header_bits(&runs, choice))
    else {
        return plan;
    };
    let header = |code: &DynamicCode| header_bits(&sent_runs(code), choice);
    let mut best_header = header(&code);
    let mut gained = 0i64;
    for _ in 0..REFINE_ROUNDS {
        let mut improved = false;
        for table in 0..2 {
            let n = if table == 0 { NUM_LITLEN } else { NUM_DIST };
            for a in 0..n {
                for b in a + 1..n {
                    let freqs: &[u32] = if table == 0 {
                        &block.litlen_freq
                    } else {
                        &block.dist_freq
                    };
                    let lens = code.table_mut(table);
                    let (la, lb) = (lens[a], lens[b]);
                    if la == 0 || lb == 0 || la == lb {
                        continue;
                    }
                    let body = (i64::from(freqs[a]) - i64::from(freqs[b]))
                        * (i64::from(lb) - i64::from(la));
                    if body > MAX_SWAP_BODY_BITS {
                        continue;
                    }
                    lens.swap(a, b);
                    let h = header(&code);
                    if (h as i64) + body < best_header as i64 {
                        gained += best_header as i64 - h as i64 - body;
                        best_header = h;
                        improved = true;
                    } else {
                        code.table_mut(table).swap(a, b);
                    }
                }
            }
        }
        if !improved {
            break;
        }
    }
    if gained <= 0 {
        return plan;
    }
    set_counts(&mut code);
    let code = with_header(code, true);
    let bits = dynamic_size(block, &code);
    debug_assert!(
        bits as i64 <= plan.bits as i64 - gained,
        "refined code mispriced"
    );
    Plan {
        kind: BlockType::Dynamic,
        bits,
        at_bit: plan.at_bit,
        dynamic: Some(Arc::new(code)),
    }
}

/// The code lengths for these frequencies (header not sized yet).
fn code_lengths(litlen_freq: &[u32; NUM_LITLEN], dist_freq: &[u32; NUM_DIST]) -> DynamicCode {
    let mut code = DynamicCode {
        litlen_lens: [0; NUM_LITLEN],
        dist_lens: [0; NUM_DIST],
        hlit: 257,
        hdist: 1,
        hclen: 4,
        cl_lens: [0; NUM_CODELEN],
        cl_syms: Vec::new(),
        header_bits: 0,
    };
    build_lengths::<NUM_LITLEN, { 2 * NUM_LITLEN }>(
        litlen_freq,
        MAX_CODE_BITS,
        &mut code.litlen_lens,
    );
    build_lengths::<NUM_DIST, { 2 * NUM_DIST }>(dist_freq, MAX_CODE_BITS, &mut code.dist_lens);
    // §3.2.7: a block using one distance code sends it alone, with one bit ("a single code
    // length of one, with one unused code"), and a block using none sends one zero length. The
    // padding `build_lengths` gives a lone symbol costs header bits for nothing (zlib, gzip,
    // miniz_oxide and libdeflate all accept these incomplete distance codes).
    if dist_freq.iter().filter(|&&f| f > 0).count() < 2 {
        code.dist_lens = [0; NUM_DIST];
        if let Some(d) = dist_freq.iter().position(|&f| f > 0) {
            code.dist_lens[d] = 1;
        }
    }

    set_counts(&mut code);
    code
}

/// A dynamic header as sized for one choice of run-length symbols.
struct Header {
    bits: u64,
    hclen: usize,
    cl_lens: [u8; NUM_CODELEN],
    syms: Vec<CodeLenSym>,
}

/// The code lengths a dynamic header sends: HLIT literal/length lengths, then HDIST distance
/// lengths (§3.2.7).
fn sent_lengths(code: &DynamicCode) -> ([u8; NUM_LITLEN + NUM_DIST], usize) {
    let mut all = [0u8; NUM_LITLEN + NUM_DIST];
    all[..code.hlit].copy_from_slice(&code.litlen_lens[..code.hlit]);
    all[code.hlit..code.hlit + code.hdist].copy_from_slice(&code.dist_lens[..code.hdist]);
    (all, code.hlit + code.hdist)
}

/// The code-length code for these code-length symbol counts: its lengths, HCLEN + 4, and the
/// header's bits after BFINAL/BTYPE (counts, code-length code, coded lengths with extra bits).
fn header_size(cl_freq: &[u32; NUM_CODELEN]) -> (u64, usize, [u8; NUM_CODELEN]) {
    let mut cl_lens = [0u8; NUM_CODELEN];
    build_lengths::<NUM_CODELEN, { 2 * NUM_CODELEN }>(cl_freq, MAX_CODELEN_BITS, &mut cl_lens);
    let hclen = 4.max(
        CODELEN_ORDER
            .iter()
            .rposition(|&s| cl_lens[s] > 0)
            .map_or(0, |i| i + 1),
    );
    let mut bits = DYNAMIC_COUNTS_BITS + 3 * hclen as u64;
    for (sym, &f) in cl_freq.iter().enumerate() {
        bits += u64::from(f) * u64::from(cl_lens[sym]);
        if sym >= 16 {
            bits += u64::from(f) * u64::from(CODELEN_EXTRA[sym - 16]);
        }
    }
    (bits, hclen, cl_lens)
}

/// Bits of the header whose sent lengths have these `runs`, coded with the `allowed` symbols:
/// the same as `header_for(..).bits`, from symbol counts alone (no symbols are made).
fn header_bits(runs: &[(u8, usize)], allowed: RleSymbols) -> u64 {
    let mut cl_freq = [0u32; NUM_CODELEN];
    run_length_counts(runs, allowed, &mut cl_freq);
    header_size(&cl_freq).0
}

/// The header of `code`'s lengths run-length coded with the `allowed` symbols (§3.2.7): the
/// counts, the code-length code and the coded lengths, in bits, and the symbols to write.
fn header_for(code: &DynamicCode, allowed: RleSymbols) -> Header {
    let (all, n) = sent_lengths(code);
    let lens = &all[..n];
    let mut syms = Vec::with_capacity(lens.len());
    let mut cl_freq = [0u32; NUM_CODELEN];
    run_length_code(lens, allowed, &mut syms, &mut cl_freq);
    let (bits, hclen, cl_lens) = header_size(&cl_freq);
    Header {
        bits,
        hclen,
        cl_lens,
        syms,
    }
}

/// The runs of the lengths `code`'s header sends.
fn sent_runs(code: &DynamicCode) -> Vec<(u8, usize)> {
    let (all, n) = sent_lengths(code);
    runs(&all[..n]).collect()
}

/// Exact bits of the block with its own dynamic code, header included.
pub fn dynamic_size(block: &BlockStats, code: &DynamicCode) -> u64 {
    BLOCK_HEADER_BITS + code.header_bits + body_size(block, &code.litlen_lens, &code.dist_lens)
}

/// The cheapest way to emit `block` at bit position `at_bit`. `stored_only` restricts the
/// choice to stored blocks (level 0). Ties go to the simpler type (stored, then fixed).
pub fn plan(
    block: &BlockStats,
    at_bit: u64,
    stored_only: bool,
    reference: Option<&Reference>,
) -> Plan {
    let stored = stored_size(block.raw_len() as u64, at_bit);
    let mut best = Plan {
        kind: BlockType::Stored,
        bits: stored,
        at_bit,
        dynamic: None,
    };
    let fixed = fixed_size(block);
    if stored_only {
        // Level 0 stores every byte; an empty block carries no bytes, so it may take the
        // 10-bit empty fixed block (the minimal stream) instead of a 35+-bit stored one.
        if block.raw_len() == 0 && fixed < best.bits {
            best.kind = BlockType::Fixed;
            best.bits = fixed;
        }
        return best;
    }
    if fixed < best.bits {
        best.kind = BlockType::Fixed;
        best.bits = fixed;
    }
    let code = dynamic_code(block);
    let dynamic = dynamic_size(block, &code);
    if dynamic < best.bits {
        best.kind = BlockType::Dynamic;
        best.bits = dynamic;
        best.dynamic = Some(Arc::new(code));
    }
    if let Some(r) = reference {
        let bits = dynamic_size(block, &r.code);
        if bits < best.bits {
            best.kind = BlockType::Dynamic;
            best.bits = bits;
            best.dynamic = Some(Arc::clone(&r.code));
        }
    }
    for code in run_friendly_codes(block) {
        let bits = dynamic_size(block, &code);
        if bits < best.bits {
            best.kind = BlockType::Dynamic;
            best.bits = bits;
            best.dynamic = Some(Arc::new(code));
        }
    }
    best
}

/// Blocks of at most this many symbols are small: the header is a large part of their cost, so
/// the plan also tries the run-friendly codes (`run_friendly_codes`) and every one of the eight
/// run-length symbol choices for the header. Larger blocks take the block's own code with all
/// run-length symbols allowed. Both extras cost code builds on every exact cost question and
/// hardly ever win above this size: from 4,096 down to 2,048 symbols, packing the logs at 4 KiB
/// caps took 9 % fewer instructions at level 1 and 3.5 % fewer at level 6 (2.07x instead of
/// 1.72x zlib -6's whole-buffer speed at level 1) with payload per frame unchanged to four
/// digits at 1, 4 and 16 KiB; 1,024 lost 0.06 % at 1 KiB.
const SMALL_BLOCK_SYMBOLS: u64 = 2048;

fn is_small(block: &BlockStats) -> bool {
    debug_assert_eq!(
        block.litlen_freq.iter().map(|&f| u64::from(f)).sum::<u64>(),
        u64::from(block.symbols),
        "symbol count out of step with the frequencies"
    );
    u64::from(block.symbols) <= SMALL_BLOCK_SYMBOLS
}

/// Codes whose lengths run-length code well, for small blocks (`None` for large ones, or when
/// smoothing changes nothing): the block's own code built from counts smoothed two ways —
/// `smooth_stretches`, which averages stretches of similar nonzero counts (every used symbol
/// keeps a codeword; worth it in a single record of random letters and digits), and
/// `level_for_runs`, which levels stretches of similar counts, zeros among them (unused symbols
/// inside a stretch get a codeword, so the lengths run on across the alphabet's gaps; in a
/// single log line this halves the header). The idea is zopfli's "optimize Huffman for RLE":
/// neighbouring symbols get equal lengths, and the header shrinks by more than the body grows.
fn run_friendly_codes(block: &BlockStats) -> impl Iterator<Item = DynamicCode> + '_ {
    let smoothings: [fn(&mut [u32]); 2] = [smooth_stretches, level_for_runs];
    let small = is_small(block);
    smoothings
        .into_iter()
        .filter(move |_| small)
        .filter_map(|smooth| {
            let mut litlen = block.litlen_freq;
            let mut dist = block.dist_freq;
            smooth(&mut litlen);
            smooth(&mut dist);
            (litlen != block.litlen_freq || dist != block.dist_freq)
                .then(|| code_for(&litlen, &dist, true))
        })
}

/// Level counts so that their code lengths come out in runs (the idea of zopfli's "optimize
/// Huffman for RLE"): counts already in long runs of equal values (five zeros, seven of anything
/// else) stay; elsewhere, each stretch of at least four counts within 4 of the stretch's opening
/// average (three, if all zero) is replaced by its rounded average, at least 1 unless all zero.
/// Trailing zeros are left alone (the header does not send them).
fn level_for_runs(counts: &mut [u32]) {
    let len = counts.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    let counts = &mut counts[..len];
    // Symbols inside runs the header already codes well.
    let mut in_run = vec![false; len];
    let mut i = 0;
    while i < len {
        let j = i + counts[i..].iter().take_while(|&&c| c == counts[i]).count();
        if j - i >= if counts[i] == 0 { 5 } else { 7 } {
            in_run[i..j].iter_mut().for_each(|r| *r = true);
        }
        i = j;
    }
    let opening = |counts: &[u32], i: usize| -> u32 {
        if i + 4 <= counts.len() {
            (counts[i..i + 4].iter().sum::<u32>() + 2) / 4
        } else {
            counts.get(i).copied().unwrap_or(0)
        }
    };
    let (mut start, mut sum, mut target) = (0usize, 0u64, opening(counts, 0));
    for i in 0..=len {
        let boundary = i == len || in_run[i] || counts[i].abs_diff(target) >= 4;
        if boundary {
            let stride = i - start;
            if stride >= 4 || (stride >= 3 && sum == 0) {
                let avg = if sum == 0 {
                    0
                } else {
                    ((sum + stride as u64 / 2) / stride as u64).max(1) as u32
                };
                counts[start..i].iter_mut().for_each(|c| *c = avg);
            }
            start = i;
            sum = 0;
            target = opening(counts, i);
        }
        if i < len {
            sum += u64::from(counts[i]);
        }
    }
}

/// Replace every stretch of at least four consecutive nonzero counts, each within 4 (or a
/// quarter) of the stretch's running average, by that average (at least 1).
fn smooth_stretches(counts: &mut [u32]) {
    let mut i = 0;
    while i < counts.len() {
        if counts[i] == 0 {
            i += 1;
            continue;
        }
        let (start, mut sum) = (i, u64::from(counts[i]));
        let mut j = i + 1;
        while j < counts.len() && counts[j] != 0 {
            let avg = sum / (j - start) as u64;
            if u64::from(counts[j]).abs_diff(avg) > 4.max(avg / 4) {
                break;
            }
            sum += u64::from(counts[j]);
            j += 1;
        }
        let len = j - start;
        if len >= 4 {
            let avg = ((sum + len as u64 / 2) / len as u64).max(1) as u32;
            counts[start..j].iter_mut().for_each(|c| *c = avg);
        }
        i = j;
    }
}

/// True when `plan(block, at_bit, stored_only, reference).bits <= limit`: the same candidates
/// priced by the same functions, cheapest first, stopping at the first that fits. A record that
/// fits usually needs the stored, fixed or reference size, or the block's own code with one
/// header choice, instead of all eight (`close_cost_fits` near a frame's cap).
pub fn plan_fits(
    block: &BlockStats,
    at_bit: u64,
    stored_only: bool,
    reference: Option<&Reference>,
    limit: u64,
) -> bool {
    if stored_size(block.raw_len() as u64, at_bit) <= limit {
        return true;
    }
    let fixed = fixed_size(block);
    if stored_only {
        return block.raw_len() == 0 && fixed <= limit;
    }
    if fixed <= limit || reference.is_some_and(|r| dynamic_size(block, &r.code) <= limit) {
        return true;
    }
    let code = code_lengths(&block.litlen_freq, &block.dist_freq);
    let body = BLOCK_HEADER_BITS + body_size(block, &code.litlen_lens, &code.dist_lens);
    if body <= limit {
        let runs = sent_runs(&code);
        let choices = if is_small(block) { usize::MAX } else { 1 };
        if RleSymbols::combinations()
            .take(choices)
            .any(|allowed| body + header_bits(&runs, allowed) <= limit)
        {
            return true;
        }
    }
    run_friendly_codes(block).any(|code| dynamic_size(block, &code) <= limit)
}

/// The pending block written as several blocks, each with the cheapest type and code for its
/// part. Part `k` holds the symbols from the previous part's `end` (0 for the first) up to its
/// own `end` and the raw bytes up to window index `raw_end`; the last part runs to the end of
/// the block (any held-back tail included), whatever its `end` says.
#[derive(Clone, Debug)]
pub struct Split {
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug)]
pub struct Part {
    pub end: usize,
    pub raw_end: usize,
    pub plan: Plan,
}

impl Split {
    pub fn bits(&self) -> u64 {
        self.parts.iter().map(|p| p.plan.bits).sum()
    }
}

/// How hard the final block's planning works when splitting is on: cost-based splitting
/// (`best_split`) with `intervals` evenly spaced intervals, so `intervals - 1` points, tried in
/// a part of more than `EXHAUSTIVE_SPLIT` symbols, and up to `depth` levels of two-way splits
/// (at most 2^depth parts); with `refine_codes`, tiny blocks and parts also get their codes
/// refined (`refine_code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitEffort {
    pub intervals: usize,
    pub depth: u32,
    pub refine_codes: bool,
}

impl SplitEffort {
    /// Squeezed frames at levels 1-9: every exact cost question near the cap pays the search,
    /// so it stays small (at most four parts, seven points).
    pub const FAST: SplitEffort = SplitEffort {
        intervals: 8,
        depth: 2,
        refine_codes: false,
    };
    /// The strongest level: 16 intervals and three levels took level 10 from 0.997/0.994/0.991
    /// to 0.998/0.995/0.993 of the zopfli oracle at 1/4/16 KiB caps, at 25 % more time (a
    /// fourth level added 0.03 % at 4 KiB only). At levels 6-9 with squeezing it cost 4x the
    /// packing time for 0.1 %, so those keep `FAST`.
    pub const MAX: SplitEffort = SplitEffort {
        intervals: 16,
        depth: 3,
        refine_codes: true,
    };
}

/// ... while a part this small tries every point (small blocks are where a part with its own
/// code, or a fixed-code part for a few odd bytes, pays most: zopfli's splits of single log
/// lines isolate the first bytes and the last).
const EXHAUSTIVE_SPLIT: usize = 256;
/// Parts shorter than this are not split further (a second header cannot pay for itself).
const MIN_SPLIT_SYMBOLS: usize = 16;

/// The cheapest split of a block found by cost-based splitting, if it costs fewer than `than`
/// bits. `syms` are the block's symbols so far and `total` its statistics with any symbols not
/// in `syms` yet (a held-back tail, which stays in the last part). A block is split in two at
/// the point where the two parts, each priced by `plan` (the same exact model), cost least;
/// each part is then split the same way if that pays, as deep as `effort` says; finally every
/// part is planned at its exact bit position, so the result is what writing costs.
pub fn best_split(
    syms: &[Symbol],
    total: &BlockStats,
    at_bit: u64,
    than: u64,
    effort: SplitEffort,
) -> Option<Split> {
    let mut ends = Vec::new();
    split_points(syms, 0, total, at_bit, effort, effort.depth, &mut ends);
    if ends.is_empty() {
        return None;
    }
    // Exact plans of the parts in order, at their bit positions; `head` counts all parts but
    // the last, which is the rest of `total`.
    let mut parts = Vec::with_capacity(ends.len() + 1);
    let mut head = BlockStats::new(total.raw_start);
    let (mut done, mut bit) = (0, at_bit);
    for &end in &ends {
        let mut part = BlockStats::new(head.raw_end);
        syms[done..end].iter().for_each(|&s| {
            part.push_symbol(s);
            head.push_symbol(s);
        });
        let plan = planned(&part, bit, effort, total);
        bit += plan.bits;
        parts.push(Part {
            end,
            raw_end: part.raw_end,
            plan,
        });
        done = end;
    }
    let last = total.minus(&head);
    let plan = planned(&last, bit, effort, total);
    parts.push(Part {
        end: syms.len(),
        raw_end: total.raw_end,
        plan,
    });
    let split = Split { parts };
    (split.bits() < than).then_some(split)
}

/// A split part's final plan: the cheapest, with its code refined at the strongest effort when
/// the whole block is tiny (a frame of a record or two; refining the parts of every larger
/// block made level 10 two-thirds slower for nothing measurable).
fn planned(part: &BlockStats, at_bit: u64, effort: SplitEffort, whole: &BlockStats) -> Plan {
    let plan = plan(part, at_bit, false, None);
    if effort.refine_codes && whole.symbols <= TINY_BLOCK_SYMBOLS {
        refine_code(part, plan)
    } else {
        plan
    }
}

/// The split points (symbol indices, increasing, pushed to `ends`) of `syms[lo..]` whose
/// statistics (with a tail beyond `syms`, if any) are `stats`, starting at bit `at_bit`: the
/// best two-way split if it beats the part whole, each side split again while `depth` allows.
fn split_points(
    syms: &[Symbol],
    lo: usize,
    stats: &BlockStats,
    at_bit: u64,
    effort: SplitEffort,
    depth: u32,
    ends: &mut Vec<usize>,
) {
    let n = syms.len() - lo;
    if depth == 0 || n < MIN_SPLIT_SYMBOLS {
        return;
    }
    let whole = plan(stats, at_bit, false, None).bits;
    // Every point in small parts, and in a whole block of up to TINY_BLOCK_SYMBOLS (a frame of
    // a record or two, where a split is most of what is left to gain).
    let whole_block = depth == effort.depth;
    let points = if n <= EXHAUSTIVE_SPLIT || (whole_block && n <= TINY_BLOCK_SYMBOLS as usize) {
        n - 1
    } else {
        effort.intervals - 1
    };
    let mut first = BlockStats::new(stats.raw_start);
    let mut best: Option<(u64, usize, BlockStats, u64)> = None;
    let mut done = lo;
    for i in 1..=points {
        let at = lo + n * i / (points + 1);
        syms[done..at].iter().for_each(|&s| first.push_symbol(s));
        done = at;
        let second = stats.minus(&first);
        let b1 = plan(&first, at_bit, false, None).bits;
        let b2 = plan(&second, at_bit + b1, false, None).bits;
        if b1 + b2 < best.as_ref().map_or(whole, |b| b.0) {
            best = Some((b1 + b2, at, first.clone(), b1));
        }
    }
    let Some((_, at, first, b1)) = best else {
        return;
    };
    split_points(&syms[..at], lo, &first, at_bit, effort, depth - 1, ends);
    ends.push(at);
    let second = stats.minus(&first);
    split_points(syms, at, &second, at_bit + b1, effort, depth - 1, ends);
}

/// A reference code: a dynamic code built at a deterministic point of the block (see
/// `Deflater`'s reference schedule) from the block's frequencies smoothed so that every symbol
/// has a codeword. `plan` considers it beside the block's own optimal code, so the cost under
/// it — computable in O(alphabet) without building a code — bounds the final block from above.
#[derive(Clone, Debug)]
pub struct Reference {
    code: Arc<DynamicCode>,
    /// The most bits any symbol costs per byte it covers under this code, as a fraction
    /// `rate_num / rate_den`: bounds the cost of a tail not yet parsed, whatever its parse.
    rate_num: u64,
    rate_den: u64,
}

/// Weight of a seen symbol against the pseudo-count 1 every symbol gets in a reference code:
/// high enough that the smoothing costs the seen symbols little, low enough that the code
/// stays close to the block's own.
const REFERENCE_SMOOTHING: u32 = 8;

impl Reference {
    pub fn new(block: &BlockStats) -> Self {
        let smooth = |f: u32| f.saturating_mul(REFERENCE_SMOOTHING).saturating_add(1);
        let code = code_for(
            &block.litlen_freq.map(smooth),
            &block.dist_freq.map(smooth),
            false,
        );
        // Literals cost their codeword per byte; a match of length code `lc` costs at most
        // its codeword, extra bits and the dearest distance, over its shortest length.
        let worst_dist = (0..NUM_DIST)
            .map(|d| u64::from(code.dist_lens[d]) + u64::from(DIST_EXTRA[d]))
            .max()
            .unwrap_or(0);
        let (mut num, mut den) = (
            code.litlen_lens[..256]
                .iter()
                .map(|&l| u64::from(l))
                .max()
                .unwrap_or(0),
            1u64,
        );
        for lc in 0..29 {
            let cost =
                u64::from(code.litlen_lens[257 + lc]) + u64::from(LENGTH_EXTRA[lc]) + worst_dist;
            let base = u64::from(LENGTH_BASE[lc]);
            if cost * den > num * base {
                (num, den) = (cost, base);
            }
        }
        Reference {
            code: Arc::new(code),
            rate_num: num,
            rate_den: den,
        }
    }

    /// Upper bound of the bits of `block` plus a `tail` of unparsed bytes under this code.
    fn size_bound(&self, block: &BlockStats, tail: u64) -> u64 {
        dynamic_size(block, &self.code) + (tail * self.rate_num).div_ceil(self.rate_den)
    }
}

/// A fixed-code symbol never costs more than 9 bits per byte it covers: literals take 8 or 9
/// bits (§3.2.6), and the dearest match, 3 bytes at the longest distances, takes 7 + 5 + 13 = 25
/// bits, 8.33 per byte.
const MAX_FIXED_BITS_PER_BYTE: u64 = 9;

/// A cheap upper bound of `plan(..).bits` for `block` plus `tail` bytes not yet parsed: the
/// smallest of the stored size, the fixed size (with the tail at 9 bits a byte) and the size
/// under the reference code (with the tail at its worst rate), none of which builds a code.
/// `plan` considers all three, so it can only do better.
pub fn cheap_size_bound(
    block: &BlockStats,
    tail: u64,
    at_bit: u64,
    stored_only: bool,
    reference: Option<&Reference>,
) -> u64 {
    let bound = stored_or_fixed_bound(block, tail, at_bit, stored_only);
    reference_bound(block, tail, stored_only, reference).map_or(bound, |r| bound.min(r))
}

/// The O(alphabet) part of `cheap_size_bound`: the size under the reference code, if there is
/// one (level 0 stores everything and has none that counts).
pub fn reference_bound(
    block: &BlockStats,
    tail: u64,
    stored_only: bool,
    reference: Option<&Reference>,
) -> Option<u64> {
    reference
        .filter(|_| !stored_only)
        .map(|r| r.size_bound(block, tail))
}

/// The O(1) part of `cheap_size_bound`: stored, or fixed with the tail at 9 bits a byte.
pub fn stored_or_fixed_bound(block: &BlockStats, tail: u64, at_bit: u64, stored_only: bool) -> u64 {
    let raw = block.raw_len() as u64 + tail;
    let stored = stored_size(raw, at_bit);
    if stored_only && raw > 0 {
        return stored;
    }
    stored.min(fixed_size(block) + MAX_FIXED_BITS_PER_BYTE * tail)
}

/// Emit `block` as `plan` says; `raw` is the window holding the block's bytes. Asserts (debug)
/// that exactly the predicted bits were written.
pub fn write(w: &mut BitWriter, plan: &Plan, block: &PendingBlock, raw: &[u8], is_final: bool) {
    let bytes = &raw[block.stats.raw_start..block.stats.raw_end];
    write_part(w, plan, &block.syms, bytes, is_final);
}

/// Emit `block` as the blocks `split` says (the last one final when `is_final`).
pub fn write_split(
    w: &mut BitWriter,
    split: &Split,
    block: &PendingBlock,
    raw: &[u8],
    is_final: bool,
) {
    let (mut sym, mut byte) = (0, block.stats.raw_start);
    for (k, part) in split.parts.iter().enumerate() {
        let last = k + 1 == split.parts.len();
        let (end, raw_end) = if last {
            (block.syms.len(), block.stats.raw_end)
        } else {
            (part.end, part.raw_end)
        };
        write_part(
            w,
            &part.plan,
            &block.syms[sym..end],
            &raw[byte..raw_end],
            is_final && last,
        );
        (sym, byte) = (end, raw_end);
    }
}

/// Emit the symbols `syms` covering the raw `bytes` as `plan` says.
fn write_part(w: &mut BitWriter, plan: &Plan, syms: &[Symbol], bytes: &[u8], is_final: bool) {
    let start = w.bit_len();
    debug_assert_eq!(start, plan.at_bit, "plan made for another bit position");
    let bfinal = u32::from(is_final);
    match plan.kind {
        BlockType::Stored => {
            let mut pieces = bytes.chunks(MAX_STORED).peekable();
            if bytes.is_empty() {
                write_stored_piece(w, &[], bfinal);
            }
            while let Some(piece) = pieces.next() {
                let last = pieces.peek().is_none();
                write_stored_piece(w, piece, if last { bfinal } else { 0 });
            }
        }
        BlockType::Fixed => {
            w.write_bits(bfinal | 1 << 1, 3);
            write_symbols(
                w,
                syms,
                &FIXED.litlen_codes,
                &FIXED_LITLEN_LENS,
                &FIXED.dist_codes,
                &FIXED_DIST_LENS,
            );
        }
        BlockType::Dynamic => {
            let Some(code) = plan.dynamic.as_deref() else {
                debug_assert!(false, "dynamic plan without codes");
                return;
            };
            let mut litlen_codes = [0u16; NUM_LITLEN];
            let mut dist_codes = [0u16; NUM_DIST];
            let mut cl_codes = [0u16; NUM_CODELEN];
            canonical_codes(&code.litlen_lens, &mut litlen_codes);
            canonical_codes(&code.dist_lens, &mut dist_codes);
            canonical_codes(&code.cl_lens, &mut cl_codes);
            w.write_bits(bfinal | 2 << 1, 3);
            w.write_bits((code.hlit - 257) as u32, 5);
            w.write_bits((code.hdist - 1) as u32, 5);
            w.write_bits((code.hclen - 4) as u32, 4);
            for &s in &CODELEN_ORDER[..code.hclen] {
                w.write_bits(u32::from(code.cl_lens[s]), 3);
            }
            for s in &code.cl_syms {
                let i = s.sym as usize;
                w.write_bits(u32::from(cl_codes[i]), u32::from(code.cl_lens[i]));
                if i >= 16 {
                    w.write_bits(u32::from(s.extra), u32::from(CODELEN_EXTRA[i - 16]));
                }
            }
            write_symbols(
                w,
                syms,
                &litlen_codes,
                &code.litlen_lens,
                &dist_codes,
                &code.dist_lens,
            );
        }
    }
    debug_assert_eq!(
        w.bit_len() - start,
        plan.bits,
        "{:?} block: written != predicted",
        plan.kind
    );
}

fn write_stored_piece(w: &mut BitWriter, piece: &[u8], bfinal: u32) {
    w.write_bits(bfinal, 3); // BTYPE 00
    w.align_to_byte();
    let len = piece.len() as u16;
    w.write_bits(u32::from(len) | u32::from(!len) << 16, 32);
    w.write_bytes(piece);
}

fn write_symbols(
    w: &mut BitWriter,
    syms: &[Symbol],
    litlen_codes: &[u16],
    litlen_lens: &[u8],
    dist_codes: &[u16],
    dist_lens: &[u8],
) {
    for s in syms {
        if s.dist == 0 {
            let b = s.len_or_lit as usize;
            w.write_bits(u32::from(litlen_codes[b]), u32::from(litlen_lens[b]));
        } else {
            // Two writes per match: length code with its extra bits (at most 15 + 5), then
            // distance code with its extra bits (at most 15 + 13).
            let len = s.len_or_lit as usize;
            let lc = length_code(len);
            let n = u32::from(litlen_lens[257 + lc]);
            let extra = (len - LENGTH_BASE[lc] as usize) as u32;
            w.write_bits(
                u32::from(litlen_codes[257 + lc]) | extra << n,
                n + u32::from(LENGTH_EXTRA[lc]),
            );
            let dist = s.dist as usize;
            let dc = dist_code(dist);
            let n = u32::from(dist_lens[dc]);
            let extra = (dist - DIST_BASE[dc] as usize) as u32;
            w.write_bits(
                u32::from(dist_codes[dc]) | extra << n,
                n + u32::from(DIST_EXTRA[dc]),
            );
        }
    }
    w.write_bits(
        u32::from(litlen_codes[END_OF_BLOCK]),
        u32::from(litlen_lens[END_OF_BLOCK]),
    );
}

/// The fixed code's codewords (§3.2.6), bit-reversed.
struct FixedCodes {
    litlen_codes: [u16; 288],
    dist_codes: [u16; 32],
}

static FIXED: FixedCodes = FixedCodes {
    litlen_codes: fixed_codes(&FIXED_LITLEN_LENS),
    dist_codes: fixed_codes(&FIXED_DIST_LENS),
};

/// Canonical codes at compile time (the same rule as `huffman::canonical_codes`).
const fn fixed_codes<const N: usize>(lens: &[u8; N]) -> [u16; N] {
    let mut bl_count = [0u16; 16];
    let mut i = 0;
    while i < N {
        bl_count[lens[i] as usize] += 1;
        i += 1;
    }
    let mut next = [0u16; 16];
    let mut code = 0u16;
    let mut bits = 1;
    while bits < 16 {
        code = (code + if bits == 1 { 0 } else { bl_count[bits - 1] }) << 1;
        next[bits] = code;
        bits += 1;
    }
    let mut codes = [0u16; N];
    i = 0;
    while i < N {
        let l = lens[i];
        codes[i] = crate::huffman::reverse_bits(next[l as usize], l);
        next[l as usize] += 1;
        i += 1;
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_size_depends_on_bit_position() {
        // 3 header bits, pad to the byte, 32 bits LEN/NLEN: an empty stored block at bit 0
        // costs 40 bits, at bit 5 it costs 3 + 0 + 32 = 35.
        assert_eq!(stored_size(0, 0), 40);
        assert_eq!(stored_size(0, 5), 35);
        for pos in 0..8 {
            assert_eq!((pos + stored_size(10, pos)) % 8, 0);
        }
        // Two pieces: the second pays its own 40 bits.
        assert_eq!(stored_size(65_536, 0), 2 * 40 + 65_536 * 8);
    }

    #[test]
    fn fixed_codes_match_the_rfc() {
        // §3.2.6: literal 0 is 00110000, 144 is 110010000, 256 is 0000000, 280 is 11000000.
        use crate::huffman::reverse_bits;
        assert_eq!(FIXED.litlen_codes[0], reverse_bits(0b0011_0000, 8));
        assert_eq!(FIXED.litlen_codes[144], reverse_bits(0b1_1001_0000, 9));
        assert_eq!(FIXED.litlen_codes[256], 0);
        assert_eq!(FIXED.litlen_codes[280], reverse_bits(0b1100_0000, 8));
    }

    #[test]
    fn every_block_type_writes_what_it_predicts_at_every_bit_position() {
        let raw: Vec<u8> = (0..3000u32).map(|i| (i * i % 251) as u8).collect();
        let mut block = PendingBlock::new(0);
        for &b in &raw[..1000] {
            block.push_literal(b);
        }
        block.push_match(258, 1000);
        block.push_match(3, 7);
        for pos in 0..8u32 {
            for kind in [BlockType::Stored, BlockType::Fixed, BlockType::Dynamic] {
                let mut w = BitWriter::new();
                w.write_bits(0, pos);
                let mut p = plan(&block.stats, pos as u64, false, None);
                p.kind = kind;
                match kind {
                    BlockType::Stored => p.bits = stored_size(block.raw_len() as u64, pos as u64),
                    BlockType::Fixed => p.bits = fixed_size(&block.stats),
                    BlockType::Dynamic => {
                        let code = dynamic_code(&block.stats);
                        p.bits = dynamic_size(&block.stats, &code);
                        p.dynamic = Some(Arc::new(code));
                    }
                }
                write(&mut w, &p, &block, &raw, true);
                assert_eq!(w.bit_len(), pos as u64 + p.bits, "{kind:?} at {pos}");
            }
        }
    }
}
