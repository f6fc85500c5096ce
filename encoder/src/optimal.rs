//! Near-optimal parsing for one-shot compression (the strongest effort, used when a frame is
//! squeezed at its cap): instead of choosing matches greedily or lazily, find the parse of
//! least total bits under a symbol cost model by dynamic programming, and iterate — parse,
//! count that parse's symbols, re-parse with each symbol priced at its information content
//! under those counts (fractional bits) — keeping the smallest encoding (the idea of zopfli's
//! "squeeze" and libdeflate's near-optimal parser). The first round prices symbols with the
//! fixed code. Pricing by whole code lengths instead converged worse: a symbol without a
//! codeword cost 15 bits and never came back (at 4 KiB caps level 10's worst log against the
//! libdeflate -12 oracle was 0.977 with code lengths, 1.001 with information content).
//!
//! It is one-shot: the whole input is known before parsing. The caller gets exact bytes, so
//! nothing here needs the incremental close-cost machinery.

use crate::bitwriter::BitWriter;
use crate::block::{self, BlockStats, Candidates, PendingBlock, Pricing, SplitEffort, SymbolSink};
use crate::btree::BinaryTrees;
use crate::deflater::MAX_BLOCK_SYMBOLS;
use crate::matchfinder::Match;
use crate::tables::*;
use crate::SqueezeEffort;

/// Rounds of re-parsing under the chosen code's exact lengths after the information-content
/// rounds (`parse_block`), stopping at the first that gains nothing.
const POLISH_ROUNDS: usize = 3;

/// Rounds of a re-parse whose first round is priced by a seed (`parse_block`): a frame's second
/// and third squeezes at level 10 re-parse what follows the first one's parse (the deflater
/// keeps the rest of it), priced from statistics that are mostly near-optimal already. With
/// two, level 10 packed the bundled slices (500 KB of each log and kind, `strongest_probe`) in
/// 8.1 s instead of 9.1 s, geometric means per full frame 3213.7 / 42741.1 / 1977.9 bytes at
/// 1 / 4 / 16 KiB caps against 3212.9 / 42726.5 / 1977.5 with five unseeded rounds; squeezing at
/// level 6, 3.0 s instead of 3.3 s, 3146.2 / 41291.8 / 579.7 against 3146.7 / 41279.0 / 579.2.
/// Seeding every re-parse from the lazy parse's statistics instead cost 0.5 % on the CSV rows
/// whole-buffer.
const SEEDED_ROUNDS: usize = 2;

/// Costs are in units of 1/COST_SCALE bit, so that the rounds after the first can price symbols
/// by their information content (fractional bits), not by whole code lengths.
const COST_SCALE: u32 = 64;

/// Bits of every literal/length and distance symbol under some code, extra bits included.
struct Costs {
    literal: [u32; 256],
    /// By match length 3..=258.
    length: [u32; MAX_MATCH + 1],
    /// By distance code.
    dist: [u32; NUM_DIST],
}

impl Costs {
    /// Costs under the fixed code (§3.2.6; every symbol has a codeword): the first round's.
    fn fixed() -> Self {
        let bits = |l: u8| COST_SCALE * u32::from(l);
        Self::from_symbol_costs(|s| bits(FIXED_LITLEN_LENS[s]), |d| bits(FIXED_DIST_LENS[d]))
    }

    /// Costs under a code's lengths (whole bits): what the body costs with exactly that code.
    /// A symbol without a codeword gets a prohibitive price (the parse avoids it when it can;
    /// when it cannot, the next code gives it one).
    fn from_lengths(litlen: &[u8], dist: &[u8]) -> Self {
        let bits = |l: u8| {
            if l == 0 {
                COST_SCALE * 1024
            } else {
                COST_SCALE * u32::from(l)
            }
        };
        Self::from_symbol_costs(|s| bits(litlen[s]), |d| bits(dist[d]))
    }

    /// Costs from symbol counts: -log2(count / total) bits each (a symbol not seen costs as
    /// if seen once), the entropy model zopfli iterates with. Unlike whole code lengths it
    /// keeps a rare symbol affordable, so a later round can still take it up.
    fn from_counts(litlen_freq: &[u32; NUM_LITLEN], dist_freq: &[u32; NUM_DIST]) -> Self {
        fn info(freq: &[u32]) -> impl Fn(usize) -> u32 + '_ {
            let total = f64::from(freq.iter().sum::<u32>().max(1));
            move |s| {
                let f = f64::from(freq[s].max(1));
                ((total / f).log2().max(0.0) * f64::from(COST_SCALE)).round() as u32
            }
        }
        Self::from_symbol_costs(info(litlen_freq), info(dist_freq))
    }

    fn from_symbol_costs(litlen: impl Fn(usize) -> u32, dist: impl Fn(usize) -> u32) -> Self {
        let mut c = Costs {
            literal: [0; 256],
            length: [0; MAX_MATCH + 1],
            dist: [0; NUM_DIST],
        };
        for (b, cost) in c.literal.iter_mut().enumerate() {
            *cost = litlen(b);
        }
        for len in MIN_MATCH..=MAX_MATCH {
            let lc = length_code(len);
            c.length[len] = litlen(257 + lc) + COST_SCALE * u32::from(LENGTH_EXTRA[lc]);
        }
        for (d, cost) in c.dist.iter_mut().enumerate() {
            *cost = dist(d) + COST_SCALE * u32::from(DIST_EXTRA[d]);
        }
        c
    }
}

/// Every position's improving matches, flattened: `list[start[i]..start[i + 1]]` are position
/// `i`'s (length, distance) pairs. About 4 bytes a position plus 4 a match. An entry of
/// distance 0 offers nothing: it only marks the lengths up to its own as not offered by the
/// entries after it (a position inside a long repeat offers just its repeat's exact length,
/// see `find_matches`).
struct Matches {
    list: Vec<(u16, u16)>,
    start: Vec<u32>,
}

impl Matches {
    fn at(&self, i: usize) -> impl Iterator<Item = Match> + '_ {
        self.list[self.start[i] as usize..self.start[i + 1] as usize]
            .iter()
            .map(|&(len, dist)| Match {
                len: len as usize,
                dist: dist as usize,
            })
    }
}

/// The least-cost parse of `data[start..]` under `costs`, as a list of (length, distance)
/// steps, a distance of 0 meaning one literal.
fn parse_from(data: &[u8], start: usize, matches: &Matches, costs: &Costs) -> Vec<(u16, u16)> {
    parse_range(data, start, start..data.len(), matches, costs)
}

/// The least-cost parse of `data[range]` under `costs`, `matches` being those of
/// `data[start..]` (cut at the range's end).
fn parse_range(
    data: &[u8],
    start: usize,
    range: std::ops::Range<usize>,
    matches: &Matches,
    costs: &Costs,
) -> Vec<(u16, u16)> {
    let first = range.start;
    let data = &data[range];
    let n = data.len();
    debug_assert!(first >= start && first - start + n < matches.start.len());
    let mut cost = vec![u32::MAX; n + 1];
    // How each position is best reached: the step's length, and its distance in the high half
    // (0: a literal).
    let mut step = vec![0u32; n + 1];
    cost[0] = 0;
    for i in 0..n {
        let here = cost[i];
        if here == u32::MAX {
            continue;
        }
        let lit = here + costs.literal[data[i] as usize];
        if lit < cost[i + 1] {
            cost[i + 1] = lit;
            step[i + 1] = 1;
        }
        let mut shorter = MIN_MATCH - 1;
        for m in matches.at(first - start + i) {
            if m.dist == 0 {
                shorter = m.len;
                continue;
            }
            let base = here + costs.dist[dist_code(m.dist)];
            let (lo, hi) = (shorter + 1, m.len.min(n - i) + 1);
            shorter = m.len;
            if lo >= hi {
                continue;
            }
            let dist = (m.dist as u32) << 16;
            let targets = cost[i + lo..i + hi]
                .iter_mut()
                .zip(&mut step[i + lo..i + hi])
                .zip(&costs.length[lo..hi]);
            for (len, ((to, how), &len_cost)) in (lo as u32..).zip(targets) {
                let c = base + len_cost;
                let keep = u32::from(c >= *to).wrapping_neg();
                *to = (*to & keep) | (c & !keep);
                *how = (*how & keep) | ((len | dist) & !keep);
            }
        }
    }
    let mut path = Vec::new();
    let mut i = n;
    while i > 0 {
        let (len, dist) = (step[i] as u16, (step[i] >> 16) as u16);
        path.push((len, dist));
        i -= len as usize;
    }
    path.reverse();
    path
}

/// Feed the steps of `path`, starting at `data[pos]`, to `sink`; returns the position after.
pub fn replay(
    data: &[u8],
    mut pos: usize,
    path: &[(u16, u16)],
    sink: &mut impl SymbolSink,
) -> usize {
    for &(len, dist) in path {
        if dist == 0 {
            sink.push_literal(data[pos]);
            pos += 1;
        } else {
            sink.push_match(len as usize, dist as usize);
            pos += len as usize;
        }
    }
    pos
}

/// Encode `path` over `data` as final-terminated blocks, cut every `MAX_BLOCK_SYMBOLS` symbols
/// (the incremental encoder's symbol budget; its byte limit bounds a window buffer that one-shot
/// compression does not have), each split by cost where that is smaller and, where it is, the
/// parts re-parsed with costs of their own (`refine_parts`); returns the stream.
fn encode(data: &[u8], path: &[(u16, u16)], matches: &Matches) -> Vec<u8> {
    let mut out = BitWriter::new();
    let mut block = PendingBlock::new(0);
    let mut pos = 0;
    let chunks: Vec<&[(u16, u16)]> = path.chunks(MAX_BLOCK_SYMBOLS).collect();
    if chunks.is_empty() {
        let plan = block::plan(&block.stats, Pricing::plain(0));
        block::write(&mut out, &plan, &block, data, true);
        return out.into_bytes();
    }
    for (k, chunk) in chunks.iter().enumerate() {
        block.reset(pos);
        let end = replay(data, pos, chunk, &mut block);
        let pricing = Pricing {
            split: Some(SplitEffort::MAX),
            ..Pricing::plain(out.bit_len())
        };
        let mut plan = Candidates::new(&block.stats, &block.syms, pricing).cheapest();
        for _ in 0..PART_ROUNDS {
            let Some(parts) = refine_parts(data, &block, &plan, matches) else {
                break;
            };
            let mut refined = PendingBlock::new(pos);
            replay(data, pos, &parts, &mut refined);
            let refined_plan = Candidates::new(&refined.stats, &refined.syms, pricing).cheapest();
            if refined_plan.bits >= plan.bits {
                break;
            }
            (block, plan) = (refined, refined_plan);
        }
        block::write(&mut out, &plan, &block, data, k + 1 == chunks.len());
        pos = end;
    }
    out.into_bytes()
}

/// Times a one-shot block split by cost has its parts re-parsed and is split again.
const PART_ROUNDS: usize = 2;

/// When `plan` splits `block`, the steps of each part re-parsed near-optimally on its own: a
/// parse priced by the whole block's statistics serves parts whose symbols differ (zopfli
/// re-parses every block it splits off). Each part's rounds start from its own statistics.
fn refine_parts(
    data: &[u8],
    block: &PendingBlock,
    plan: &block::Plan,
    matches: &Matches,
) -> Option<Vec<(u16, u16)>> {
    let block::Encoding::Split(split) = &plan.encoding else {
        return None;
    };
    let mut steps = Vec::new();
    for (_, syms, bytes) in split.ranges(block) {
        let seed = BlockStats::of(&block.syms[syms], bytes.start);
        steps.extend(least_cost_rounds(
            data,
            0,
            bytes,
            matches,
            SEEDED_ROUNDS,
            Some(&seed),
            None,
        ));
    }
    Some(steps)
}

/// The improving matches of every position of `data[start..]` (indexed from `start`), with
/// `data[..start]` as history that matches may reach back into (at most a window), found by
/// binary trees (`btree`) comparing at most `max_depth` nodes a position.
///
/// Against the hash chains of three-byte sequences used before (1,024 links), level 10
/// whole-buffer went from 1.46 to 0.79 s on the logs, 0.97 to 0.46 s on the CSV rows and 0.19 to
/// 0.12 s on the Zeek logs (`benches/examples/whole_kind.rs KIND 10`), within 0.04 % of the
/// bytes (smaller on the logs and JSON, larger on CSV); a depth beyond 64 found nothing more.
///
/// Inside a long repeat (a match of `MAX_MATCH` bytes) the positions the match covers are not
/// searched: each offers only the match that continues the repeat at the same distance, at
/// exactly its length (libdeflate's near-optimal parser skips them altogether). Searching
/// them, and relaxing every length of their matches, was about 80 % of level 10's time on the
/// JSON payloads, which repeat whole stretches of earlier payloads; skipping them made level 10
/// whole-buffer 4.6x as fast there for 0.14 % more bytes (skipping without the continuation
/// cost 0.20 %), and changed nothing elsewhere beyond 0.01 %.
fn find_matches(data: &[u8], start: usize, max_depth: u32) -> Matches {
    let trees = Trees::new(start.saturating_sub(WINDOW_SIZE), max_depth);
    find_matches_in(data, start, trees, None).0
}

/// Binary trees holding every position from `from` up to `at` (excluded) of some bytes, built
/// with searches `max_depth` deep: what `find_matches_in` goes on from.
#[derive(Clone)]
pub struct Trees {
    from: usize,
    at: usize,
    max_depth: u32,
    trees: BinaryTrees,
}

impl std::fmt::Debug for Trees {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trees")
            .field("from", &self.from)
            .field("at", &self.at)
            .field("max_depth", &self.max_depth)
            .finish_non_exhaustive()
    }
}

impl Trees {
    /// Empty trees for history from window index `from`.
    pub fn new(from: usize, max_depth: u32) -> Self {
        Trees {
            from,
            at: from,
            max_depth,
            trees: BinaryTrees::new(),
        }
    }

    /// Whether these trees, made of the same bytes, can serve a search of history from
    /// `from` at `max_depth` for positions from `start` on.
    pub fn serves(&self, from: usize, max_depth: u32, start: usize) -> bool {
        self.from == from && self.max_depth == max_depth && self.at <= start
    }
}

/// `find_matches` with the trees given, which hold the positions from their `from` up to their
/// `at`: the positions from there to `start` go in as history. The same matches as trees built
/// from nothing with that history: a position's place in its tree depends only on the bytes and
/// the positions inserted before it. With `snapshot_at` (at least the trees' `at`), also the
/// trees as they were with the positions before it in, for a later search of the same bytes
/// and more to go on from.
fn find_matches_in(
    data: &[u8],
    start: usize,
    mut trees: Trees,
    snapshot_at: Option<usize>,
) -> (Matches, Option<Trees>) {
    let max_depth = trees.max_depth;
    let mut snapshot = None;
    let mut take_snapshot = |trees: &Trees, pos: usize| {
        if snapshot_at == Some(pos) {
            snapshot = Some(Trees {
                at: pos,
                ..trees.clone()
            });
        }
    };
    let mut matches = Matches {
        list: Vec::new(),
        start: Vec::with_capacity(data.len() - start + 1),
    };
    for pos in trees.at..start {
        take_snapshot(&trees, pos);
        trees.trees.advance(data, pos, max_depth, None, None);
    }
    let mut found = Vec::new();
    // The repeat being passed over: positions below `skip_until` repeat the bytes `dist` back
    // up to `run_end`.
    let (mut skip_until, mut run_end, mut dist) = (0, 0, 0);
    for pos in start..data.len() {
        take_snapshot(&trees, pos);
        let trees = &mut trees.trees;
        matches.start.push(matches.list.len() as u32);
        if pos < skip_until {
            let known = Match {
                len: run_end - pos,
                dist,
            };
            trees.advance(data, pos, max_depth, None, Some(known));
            let len = MAX_MATCH.min(run_end - pos);
            if len >= MIN_MATCH {
                matches.list.push((len as u16 - 1, 0));
                matches.list.push((len as u16, dist as u16));
            }
            continue;
        }
        found.clear();
        trees.advance(data, pos, max_depth, Some(&mut found), None);
        matches
            .list
            .extend(found.iter().map(|m| (m.len as u16, m.dist as u16)));
        if let Some(m) = found.last().filter(|m| m.len == MAX_MATCH) {
            // The continuations need the repeat's end up to a match's length past the skip.
            skip_until = pos + m.len;
            dist = m.dist;
            run_end = skip_until;
            let limit = (skip_until + MAX_MATCH).min(data.len());
            while run_end < limit && data[run_end] == data[run_end - dist] {
                run_end += 1;
            }
        }
    }
    matches.start.push(matches.list.len() as u32);
    (matches, snapshot)
}

/// The symbol counts a round's costs were derived from.
type Counts = ([u32; NUM_LITLEN], [u32; NUM_DIST]);

/// After a round that parsed to `stats`: derive the next round's `costs` from its symbol counts
/// and return true, or return false when the counts are those the round's own costs came from
/// (`last`): the same counts give the same costs, so every further round would repeat this one
/// exactly; the parse has converged and stopping changes nothing.
fn next_costs(costs: &mut Costs, last: &mut Option<Counts>, stats: &BlockStats) -> bool {
    let now = (stats.litlen_freq, stats.dist_freq);
    if last.as_ref() == Some(&now) {
        return false;
    }
    *costs = Costs::from_counts(&now.0, &now.1);
    *last = Some(now);
    true
}

/// The near-optimal parse of `data[base.raw_end..]`, the rest of a block whose first symbols
/// are `base`'s (none: a whole block), `data[..base.raw_end]` being history: `effort.rounds`
/// parse / re-cost rounds with searches `effort.max_depth` deep; the steps of the round whose
/// block (`base`'s symbols and these, own dynamic code, header included) is smallest. For
/// squeezing a pending block. With a `seed`, the statistics of a near-optimal parse of most of
/// these bytes (the block as an earlier squeeze left it), the first round is priced by those
/// instead of the fixed code, and `SEEDED_ROUNDS` rounds do.
///
/// The matches are found with the positions of `data` from `history.from` on in the trees
/// (`History`); the trees are returned as they were at `history.snapshot_at`, if asked.
pub fn parse_block(
    data: &[u8],
    base: &BlockStats,
    history: History,
    effort: SqueezeEffort,
    seed: Option<&BlockStats>,
) -> (Vec<(u16, u16)>, Option<Trees>) {
    let start = base.raw_end;
    let trees = match history.resume {
        Some(trees) if trees.serves(history.from, effort.max_depth, start) => trees.clone(),
        _ => Trees::new(history.from, effort.max_depth),
    };
    let (matches, snapshot) = find_matches_in(data, start, trees, history.snapshot_at);
    let rounds = match seed {
        Some(_) => effort.rounds.min(SEEDED_ROUNDS),
        None => effort.rounds,
    };
    let range = start..data.len();
    let path = least_cost_rounds(data, start, range, &matches, rounds, seed, Some(base));
    (path, snapshot)
}

/// Where a re-parse's matches come from (`parse_block`): trees holding the positions from window
/// index `from` on (the block's history: matches of the part re-parsed reach back into it and
/// the block before the part); `resume`, trees of the same bytes an earlier re-parse left,
/// which are used when they serve (`Trees::serves`) instead of inserting their positions again;
/// `snapshot_at`, where to leave trees for the next re-parse.
#[derive(Clone, Copy, Debug)]
pub struct History<'a> {
    pub from: usize,
    pub resume: Option<&'a Trees>,
    pub snapshot_at: Option<usize>,
}

/// Parse / re-cost rounds over `data[range]` (`matches` those of `data[start..]`): the first
/// priced by `seed`'s counts (the fixed code without one), each next one by the counts of the
/// one before, at most `rounds` or until the counts repeat; then the polish, re-parsing under
/// the best plan's own code while that gains. The steps of the smallest block, priced after
/// `base`'s symbols when the range continues a block.
fn least_cost_rounds(
    data: &[u8],
    start: usize,
    range: std::ops::Range<usize>,
    matches: &Matches,
    rounds: usize,
    seed: Option<&BlockStats>,
    base: Option<&BlockStats>,
) -> Vec<(u16, u16)> {
    let price = |path: &[(u16, u16)]| {
        let mut stats = base
            .cloned()
            .unwrap_or_else(|| BlockStats::new(range.start));
        replay(data, range.start, path, &mut stats);
        let plan = block::plan(&stats, Pricing::plain(0));
        (plan, stats)
    };
    let mut costs = Costs::fixed();
    let mut best: Option<(block::Plan, Vec<(u16, u16)>)> = None;
    let mut counts = None;
    if let Some(seed) = seed {
        next_costs(&mut costs, &mut counts, seed);
    }
    for _ in 0..rounds.max(1) {
        let path = parse_range(data, start, range.clone(), matches, &costs);
        let (plan, stats) = price(&path);
        if best.as_ref().is_none_or(|b| plan.bits < b.0.bits) {
            best = Some((plan, path));
        }
        if !next_costs(&mut costs, &mut counts, &stats) {
            break;
        }
    }
    // Polish: re-parse under the best plan's own code, whole bits (the least body that code
    // allows, so with its header no more than the plan), and re-plan; while that gains.
    for _ in 0..POLISH_ROUNDS {
        let Some((plan, _)) = best.as_ref() else {
            break;
        };
        let Some((litlen, dist)) = plan.code_lengths() else {
            break;
        };
        let costs = Costs::from_lengths(litlen, dist);
        let path = parse_range(data, start, range.clone(), matches, &costs);
        let (plan, _) = price(&path);
        if best.as_ref().is_some_and(|b| plan.bits >= b.0.bits) {
            break;
        }
        best = Some((plan, path));
    }
    best.map(|b| b.1).unwrap_or_default()
}

/// Compress `data` in one shot with near-optimal parsing at the strongest effort
/// (`SqueezeEffort::MAX`); returns a complete raw DEFLATE stream (its last block final).
/// Deterministic. The rounds' parses are compared as unsplit blocks; the best is then written
/// with its blocks split by cost and the parts re-parsed (`encode`).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let effort = SqueezeEffort::MAX;
    let matches = find_matches(data, 0, effort.max_depth);
    // Round 0 prices symbols with the fixed code.
    let mut costs = Costs::fixed();
    let mut best: Option<(u64, Vec<(u16, u16)>)> = None;
    let mut counts = None;
    for _ in 0..effort.rounds {
        let path = parse_from(data, 0, &matches, &costs);
        let (mut bits, mut pos) = (0, 0);
        for chunk in path.chunks(MAX_BLOCK_SYMBOLS) {
            let mut block = BlockStats::new(pos);
            pos = replay(data, pos, chunk, &mut block);
            bits += block::plan(&block, Pricing::plain(bits)).bits;
        }
        let mut stats = BlockStats::new(0);
        replay(data, 0, &path, &mut stats);
        if best.as_ref().is_none_or(|b| bits < b.0) {
            best = Some((bits, path));
        }
        if !next_costs(&mut costs, &mut counts, &stats) {
            break;
        }
    }
    let path = best.map(|b| b.1).unwrap_or_default();
    encode(data, &path, &matches)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &Matches, b: &Matches) -> bool {
        a.list == b.list && a.start == b.start
    }

    #[test]
    fn trees_left_by_a_search_serve_a_later_search_of_more_bytes_as_fresh_trees_do() {
        let logs: Vec<u8> = fitflate_testkit::corpus::logs()
            .into_iter()
            .flat_map(|(_, log)| log[..12_000].to_vec())
            .collect();
        // And stretches repeated whole, whose positions are passed over (`find_matches`).
        let repeats: Vec<u8> = logs.chunks(3_000).flat_map(|c| [c, c].concat()).collect();
        for data in [&logs, &repeats] {
            resumes_as_fresh(data);
        }
    }

    fn resumes_as_fresh(logs: &[u8]) {
        let (from, depth) = (1_000, SqueezeEffort::MAX.max_depth);
        // A first search of 60 KB leaves its trees 2 KB before its end; a second one, of the
        // same bytes and 30 KB more, searches from a little after that point.
        let first = &logs[..60_000];
        let at = first.len() - 2_306;
        let (_, snapshot) = find_matches_in(first, 40_000, Trees::new(from, depth), Some(at));
        let snapshot = snapshot.expect("trees at the point asked");
        assert!(snapshot.serves(from, depth, at) && !snapshot.serves(from, depth, at - 1));
        let more = &logs[..90_000];
        for start in [at, at + 100, at + 300] {
            let fresh = find_matches_in(more, start, Trees::new(from, depth), None).0;
            let resumed = find_matches_in(more, start, snapshot.clone(), None).0;
            assert!(same(&fresh, &resumed), "start {start}");
        }
        // Trees of other bytes do not: the test would pass with any trees otherwise.
        let (_, other) =
            find_matches_in(&logs[1..60_001], 40_000, Trees::new(from, depth), Some(at));
        let other = find_matches_in(more, at, other.unwrap(), None).0;
        let fresh = find_matches_in(more, at, Trees::new(from, depth), None).0;
        assert!(!same(&fresh, &other));
    }
}
