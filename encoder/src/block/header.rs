//! Dynamic codes and the sizing of their headers (§3.2.7).

use crate::huffman::{
    build_lengths, run_length_code, run_length_counts, runs, CodeLenSym, RleSymbols,
};
use crate::tables::*;

/// HLIT, HDIST and HCLEN fields of a dynamic header (§3.2.7).
const DYNAMIC_COUNTS_BITS: u64 = 5 + 5 + 4;

/// A dynamic block's code lengths and its header, as sized; the codewords follow from the
/// lengths (§3.2.2) and are assigned only when the block is written.
#[derive(Clone, Debug)]
pub struct DynamicCode {
    pub(super) litlen_lens: [u8; NUM_LITLEN],
    pub(super) dist_lens: [u8; NUM_DIST],
    /// Literal/length and distance code lengths sent (HLIT + 257, HDIST + 1).
    pub(super) hlit: usize,
    pub(super) hdist: usize,
    /// Code-length code lengths sent (HCLEN + 4), in `CODELEN_ORDER`.
    pub(super) hclen: usize,
    pub(super) cl_lens: [u8; NUM_CODELEN],
    pub(super) cl_syms: Vec<CodeLenSym>,
    /// Bits of the header after BFINAL/BTYPE: counts, code-length code, run-length coded lengths.
    pub(super) header_bits: u64,
}

impl DynamicCode {
    /// The literal/length (0) or distance (1) code lengths.
    pub(super) fn table_mut(&mut self, table: usize) -> &mut [u8] {
        if table == 0 {
            &mut self.litlen_lens
        } else {
            &mut self.dist_lens
        }
    }
}

/// Length-limited Huffman code lengths for these frequencies, with their header: the cheapest
/// of the eight run-length symbol choices when `best_header`, else all symbols allowed.
pub(super) fn code_for(
    litlen_freq: &[u32; NUM_LITLEN],
    dist_freq: &[u32; NUM_DIST],
    best_header: bool,
) -> DynamicCode {
    with_header(code_lengths(litlen_freq, dist_freq), best_header)
}

/// `code` with its header sized and made: with all run-length symbols allowed, or with the
/// cheapest of the eight choices (`best_header`; the first of equal size). The choices are
/// sized from symbol counts; only the chosen one's symbols are made.
pub(super) fn with_header(code: DynamicCode, best_header: bool) -> DynamicCode {
    let all_symbols = RleSymbols::choice(0);
    let allowed = if best_header {
        let runs = sent_runs(&code);
        RleSymbols::combinations()
            .min_by_key(|&choice| header_bits(&runs, choice))
            .unwrap_or(all_symbols)
    } else {
        all_symbols
    };
    with_header_choice(code, allowed)
}

/// `code` with its header made: its lengths run-length coded with the `allowed` symbols
/// (§3.2.7), the code-length code for them, and the header's size in bits.
pub(super) fn with_header_choice(mut code: DynamicCode, allowed: RleSymbols) -> DynamicCode {
    let (all, n) = sent_lengths(&code);
    let lens = &all[..n];
    let mut syms = Vec::with_capacity(lens.len());
    let mut cl_freq = [0u32; NUM_CODELEN];
    run_length_code(lens, allowed, &mut syms, &mut cl_freq);
    (code.header_bits, code.hclen, code.cl_lens) = header_size(&cl_freq);
    code.cl_syms = syms;
    code
}

/// Send lengths up to the last nonzero one (at least 257 and 1, §3.2.7).
pub(super) fn set_counts(code: &mut DynamicCode) {
    let sent = |lens: &[u8], least: usize| {
        least.max(lens.iter().rposition(|&l| l > 0).map_or(0, |i| i + 1))
    };
    code.hlit = sent(&code.litlen_lens, 257);
    code.hdist = sent(&code.dist_lens, 1);
}

/// The code lengths for these frequencies, the counts of lengths sent set (header not made
/// yet: `with_header` makes it).
pub(super) fn code_lengths(
    litlen_freq: &[u32; NUM_LITLEN],
    dist_freq: &[u32; NUM_DIST],
) -> DynamicCode {
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
/// what `with_header_choice` makes `header_bits`, from symbol counts alone (no symbols made).
pub(super) fn header_bits(runs: &[(u8, usize)], allowed: RleSymbols) -> u64 {
    let mut cl_freq = [0u32; NUM_CODELEN];
    run_length_counts(runs, allowed, &mut cl_freq);
    header_size(&cl_freq).0
}

/// The runs of the lengths `code`'s header sends.
pub(super) fn sent_runs(code: &DynamicCode) -> Vec<(u8, usize)> {
    let mut out = Vec::new();
    sent_runs_into(code, &mut out);
    out
}

/// `sent_runs` into `out` (cleared first), reusing its allocation.
pub(super) fn sent_runs_into(code: &DynamicCode, out: &mut Vec<(u8, usize)>) {
    let (all, n) = sent_lengths(code);
    out.clear();
    out.extend(runs(&all[..n]));
}
