//! Code tuning for small blocks: refinement by swaps and run-friendly (smoothed) codes.

use super::cost::dynamic_size;
use super::header::{
    code_for, header_bits, sent_runs, sent_runs_into, set_counts, with_header, DynamicCode,
};
use super::BlockStats;
use crate::huffman::RleSymbols;

/// Blocks of at most this many symbols may have their code refined (`refine_code`).
pub(super) const TINY_BLOCK_SYMBOLS: u32 = 384;
/// Swaps whose body cost exceeds this many bits are not priced: a header rarely saves more.
const MAX_SWAP_BODY_BITS: i64 = 24;
/// Rounds of swaps at most.
const REFINE_ROUNDS: usize = 3;

/// Whether `block` is tiny enough for `refine_code` (a frame of a record or two).
pub(super) fn refines(block: &BlockStats) -> bool {
    block.symbols <= TINY_BLOCK_SYMBOLS
}

/// For a tiny block (`refines`) planned dynamic with `start`, `bits` in all (the strongest
/// level's single records and log lines): the code refined by swapping the lengths of two
/// symbols — the Kraft sum, so completeness, is unchanged and the body changes by
/// (f_a - f_b)(l_b - l_a) bits — wherever the header (runs of equal lengths) saves more than the
/// body loses, until no swap gains; with its exact size, or `None` when no swap gained. Zopfli
/// finds codes that run-length code well by smoothing counts; this reaches codes that no
/// smoothing of counts gives (one line's code improves by a few bits: a byte of output).
pub(super) fn refine_code(
    block: &BlockStats,
    start: &DynamicCode,
    bits: u64,
) -> Option<(DynamicCode, u64)> {
    if !refines(block) {
        return None;
    }
    let mut code = start.clone();
    // Swaps are priced with the starting code's best run-length symbol choice (one header
    // sizing per swap instead of eight); the result gets the best choice again.
    let runs = sent_runs(&code);
    let choice = RleSymbols::combinations().min_by_key(|&choice| header_bits(&runs, choice))?;
    let mut buf = Vec::with_capacity(runs.len() + 2);
    let mut header = |code: &DynamicCode| {
        sent_runs_into(code, &mut buf);
        header_bits(&buf, choice)
    };
    let mut best_header = header(&code);
    let mut gained = 0i64;
    for _ in 0..REFINE_ROUNDS {
        let mut improved = false;
        for table in 0..2 {
            // Only symbols with a codeword swap, and a swap keeps both: pairs of them, in
            // order (the full alphabet's pairs, each checked for a zero length, cost most of
            // a tiny block's cost question at the strongest level).
            let lens = code.table_mut(table);
            let used: Vec<usize> = (0..lens.len()).filter(|&s| lens[s] != 0).collect();
            for (i, &a) in used.iter().enumerate() {
                for &b in &used[i + 1..] {
                    let freqs: &[u32] = if table == 0 {
                        &block.litlen_freq
                    } else {
                        &block.dist_freq
                    };
                    let lens = code.table_mut(table);
                    let (la, lb) = (lens[a], lens[b]);
                    if la == lb {
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
        return None;
    }
    set_counts(&mut code);
    let code = with_header(code, true);
    let refined = dynamic_size(block, &code);
    debug_assert!(
        refined as i64 <= bits as i64 - gained,
        "refined code mispriced"
    );
    Some((code, refined))
}

/// Blocks of at most this many symbols are small: the header is a large part of their cost, so
/// the plan also tries the run-friendly codes (`run_friendly_code`) and every one of the eight
/// run-length symbol choices for the header. Larger blocks take the block's own code with all
/// run-length symbols allowed. Both extras cost code builds on every exact cost question and
/// hardly ever win above this size: from 4,096 down to 2,048 symbols, packing the logs at 4 KiB
/// caps took 9 % fewer instructions at level 1 and 3.5 % fewer at level 6 (2.07x instead of
/// 1.72x zlib -6's whole-buffer speed at level 1) with payload per frame unchanged to four
/// digits at 1, 4 and 16 KiB; 1,024 lost 0.06 % at 1 KiB.
const SMALL_BLOCK_SYMBOLS: u64 = 2048;

/// Whether `block` is small (see `SMALL_BLOCK_SYMBOLS`).
pub(super) fn is_small(block: &BlockStats) -> bool {
    debug_assert_eq!(
        block.litlen_freq.iter().map(|&f| u64::from(f)).sum::<u64>(),
        u64::from(block.symbols),
        "symbol count out of step with the frequencies"
    );
    u64::from(block.symbols) <= SMALL_BLOCK_SYMBOLS
}

/// The ways counts are smoothed for `run_friendly_code`, in the order they are tried.
const SMOOTHINGS: [fn(&mut [u32]); 2] = [smooth_stretches, level_for_runs];
/// How many run-friendly codes a small block tries.
pub(super) const RUN_FRIENDLY_CODES: u8 = SMOOTHINGS.len() as u8;

/// A code whose lengths run-length code well, for a small block (`None` when smoothing changes
/// nothing): the block's own code built from its counts smoothed the `k`-th way (of
/// `RUN_FRIENDLY_CODES`) — `smooth_stretches` (0), which averages stretches of similar nonzero
/// counts (every used symbol keeps a codeword; worth it in a single record of random letters
/// and digits), or `level_for_runs` (1), which levels stretches of similar counts, zeros among
/// them (unused symbols inside a stretch get a codeword, so the lengths run on across the
/// alphabet's gaps; in a single log line this halves the header). The idea is zopfli's
/// "optimize Huffman for RLE": neighbouring symbols get equal lengths, and the header shrinks
/// by more than the body grows.
pub(super) fn run_friendly_code(block: &BlockStats, k: u8) -> Option<DynamicCode> {
    let smooth = SMOOTHINGS.get(usize::from(k))?;
    let mut litlen = block.litlen_freq;
    let mut dist = block.dist_freq;
    smooth(&mut litlen);
    smooth(&mut dist);
    (litlen != block.litlen_freq || dist != block.dist_freq).then(|| code_for(&litlen, &dist, true))
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
