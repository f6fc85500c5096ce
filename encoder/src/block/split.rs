//! Cost-based block splitting.

use super::cost::{fixed_size, stored_size, BLOCK_HEADER_BITS};
use super::plan::{plan, plan_bits, Plan, Pricing};
use super::stats::log2;
use super::tune::{refines, TINY_BLOCK_SYMBOLS};
use super::{BlockStats, PendingBlock, Symbol};
use crate::tables::{DIST_EXTRA, END_OF_BLOCK, FIXED_LITLEN_LENS, LENGTH_EXTRA};
use std::ops::Range;

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

    /// Each part of `block` with the range of its symbols and the range of its raw bytes
    /// (window indices); the last part runs to the block's end.
    pub fn ranges<'a>(
        &'a self,
        block: &'a PendingBlock,
    ) -> impl Iterator<Item = (&'a Part, Range<usize>, Range<usize>)> + 'a {
        let last = self.parts.len().saturating_sub(1);
        let mut from = (0, block.stats.raw_start());
        self.parts.iter().enumerate().map(move |(k, part)| {
            let to = if k == last {
                (block.syms.len(), block.stats.raw_end)
            } else {
                (part.end, part.raw_end)
            };
            let ranges = (from.0..to.0, from.1..to.1);
            from = to;
            (part, ranges.0, ranges.1)
        })
    }
}

/// How hard the final block's planning works when splitting is on: cost-based splitting
/// (`FirstLevel`) with `intervals` evenly spaced intervals, so `intervals - 1` points, tried in
/// a part of more than `EXHAUSTIVE_SPLIT` symbols, and up to `depth` levels of two-way splits
/// (at most 2^depth parts); with `refine_codes`, tiny blocks and parts also get their codes
/// refined (`refine_code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitEffort {
    /// Evenly spaced intervals a large part is cut into to look for a split point.
    pub intervals: usize,
    /// Levels of two-way splits at most.
    pub depth: u32,
    /// Also refine tiny blocks' and their parts' codes (`refine_code`).
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
/// Split points priced exactly per two-way split: the rest are ranked by `estimate` only.
/// Pricing every point exactly (up to 383 in a tiny block) took 85 % of a level-10 cost question
/// on small frames; with the best four of the estimate, level 10 packed the bundled slices
/// (150 KB of each log and kind at 1, 4 and 16 KiB caps) in 54 % of the time with the same
/// payload per full frame (one 16 KiB csv frame 0.06 % less), and 8 of the 576 golden frame sets
/// moved by -1 to +2 bytes. Eight points instead of four found no more.
const PRICED_POINTS: usize = 4;
/// Parts shorter than this are not split further (a second header cannot pay for itself).
const MIN_SPLIT_SYMBOLS: usize = 16;

/// Cost-based splitting: the cheapest split of a block found, if any split point was found
/// that pays (the caller compares the result with the block whole). `syms` are the block's
/// symbols so far and `total` its statistics with any symbols not in `syms` yet (a held-back
/// tail, which stays in the last part). A block is split in two at the point where the two
/// parts, each priced by `plan` (the same exact model), cost least among the `PRICED_POINTS`
/// points that a quick estimate (`estimate`) ranks best of those tried; each part is then split
/// the same way if that pays, as deep as `effort` says; finally every part is planned at its
/// exact bit position, so the result is what writing costs.
///
/// In two steps: `of` finds the first level, the best two-way split of the whole block. That is
/// enough to bound what the whole search finds (`bound`); `split` goes on from it.
pub struct FirstLevel {
    /// The block's bits whole (`plan_bits`).
    whole: u64,
    best: Option<TwoWay>,
}

impl FirstLevel {
    pub fn of(syms: &[Symbol], total: &BlockStats, at_bit: u64, effort: SplitEffort) -> Self {
        let whole = plan_bits(total, Pricing::plain(at_bit));
        let block = Span::whole(syms, total, whole, at_bit);
        let best = two_way(block, effort, effort.depth);
        FirstLevel { whole, best }
    }

    /// At least the bits of the split the search finds (`None`: it finds none): the best
    /// two-way split, which the deeper levels only improve on part by part, plus
    /// `POSITION_SLACK` bits for each part the split may end with. A fit test near the cap
    /// (`Candidates::any_within`) that this bound answers skips the deeper levels and the
    /// parts' final plans, most of the search.
    pub fn bound(&self, effort: SplitEffort) -> Option<u64> {
        let parts = 1u64 << effort.depth;
        (self.best.as_ref()).map(|best| best.bits + parts * POSITION_SLACK)
    }

    /// The rest of the search: the deeper levels, then the parts' exact plans.
    pub fn split(
        self,
        syms: &[Symbol],
        total: &BlockStats,
        at_bit: u64,
        effort: SplitEffort,
    ) -> Option<Split> {
        let mut ends = Vec::new();
        let block = Span::whole(syms, total, self.whole, at_bit);
        descend(block, self.best?, effort, effort.depth, &mut ends);
        // A part's final plan is the cheapest, with its code refined at the strongest effort when
        // the whole block is tiny (a frame of a record or two; refining the parts of every larger
        // block made level 10 two-thirds slower for nothing measurable).
        let refine = effort.refine_codes && refines(total);
        let planned = |part: &BlockStats, at_bit: u64| {
            let split = refine.then_some(effort);
            plan(
                part,
                Pricing {
                    split,
                    ..Pricing::plain(at_bit)
                },
            )
        };
        // Exact plans of the parts in order, at their bit positions; `head` counts all parts but
        // the last, which is the rest of `total`.
        let mut parts = Vec::with_capacity(ends.len() + 1);
        let mut head = total.part_from(total.raw_start());
        let (mut done, mut bit) = (0, at_bit);
        for &end in &ends {
            let mut part = total.part_from(head.raw_end);
            syms[done..end].iter().for_each(|&s| {
                part.push_symbol(s);
                head.push_symbol(s);
            });
            let plan = planned(&part, bit);
            bit += plan.bits;
            parts.push(Part {
                end,
                raw_end: part.raw_end,
                plan,
            });
            done = end;
        }
        let last = total.minus(&head);
        let plan = planned(&last, bit);
        parts.push(Part {
            end: syms.len(),
            raw_end: total.raw_end,
            plan,
        });
        Some(Split { parts })
    }
}

/// Bits a part's plan may differ by between two bit positions: only a stored block's padding
/// to the byte depends on where it starts (`stored_size`). The search prices each part where
/// it would start if the parts before it were not split further, so a part of the final split
/// may cost this much more than it was priced at (and its final plan, with more candidates,
/// never more than that).
const POSITION_SLACK: u64 = 7;

/// The best two-way split of a part (see `split_points`): its point, the first side's
/// statistics and both sides' bits, the second priced where the first ends.
struct TwoWay {
    bits: u64,
    at: usize,
    first: BlockStats,
    b1: u64,
    b2: u64,
}

/// A part of a block the search may split: `syms[lo..]` (with a tail beyond `syms`, if any),
/// whose statistics are `stats`, starting at bit `at_bit`, costing `whole` bits whole
/// (`plan_bits`).
#[derive(Clone, Copy)]
struct Span<'a> {
    syms: &'a [Symbol],
    lo: usize,
    stats: &'a BlockStats,
    whole: u64,
    at_bit: u64,
}

impl<'a> Span<'a> {
    fn whole(syms: &'a [Symbol], stats: &'a BlockStats, whole: u64, at_bit: u64) -> Self {
        Span {
            syms,
            lo: 0,
            stats,
            whole,
            at_bit,
        }
    }
}

/// The split points (symbol indices, increasing, pushed to `ends`) of `part`: the best two-way
/// split if it beats the part whole, each side split again while `depth` allows.
fn split_points(part: Span, effort: SplitEffort, depth: u32, ends: &mut Vec<usize>) {
    if let Some(best) = two_way(part, effort, depth) {
        descend(part, best, effort, depth, ends);
    }
}

/// `split_points` of `part` split at `best`: the points of each side, and `best`'s between.
fn descend(part: Span, best: TwoWay, effort: SplitEffort, depth: u32, ends: &mut Vec<usize>) {
    let TwoWay {
        at, first, b1, b2, ..
    } = best;
    let left = Span {
        syms: &part.syms[..at],
        stats: &first,
        whole: b1,
        ..part
    };
    split_points(left, effort, depth - 1, ends);
    ends.push(at);
    let second = part.stats.minus(&first);
    let right = Span {
        lo: at,
        stats: &second,
        whole: b2,
        at_bit: part.at_bit + b1,
        ..part
    };
    split_points(right, effort, depth - 1, ends);
}

/// The best two-way split of `part` (as in `split_points`) if one beats it whole: the
/// cheapest of the `PRICED_POINTS` points the estimate ranks best, priced exactly.
fn two_way(part: Span, effort: SplitEffort, depth: u32) -> Option<TwoWay> {
    let Span {
        syms,
        lo,
        stats,
        whole,
        at_bit,
    } = part;
    let n = syms.len() - lo;
    if depth == 0 || n < MIN_SPLIT_SYMBOLS {
        return None;
    }
    // Every point in small parts, and in a whole block of up to TINY_BLOCK_SYMBOLS (a frame of
    // a record or two, where a split is most of what is left to gain).
    let whole_block = depth == effort.depth;
    let exhaustive = n <= EXHAUSTIVE_SPLIT || (whole_block && n <= TINY_BLOCK_SYMBOLS as usize);
    // Screen points with the estimate, then price the most promising exactly. In a large part,
    // evenly spaced points first, then evenly spaced points again between the best one's
    // neighbours, down to single symbols: a split point where the data changes (a record's
    // literals, then matches into it) is found to the symbol.
    let mut screened: Vec<(u64, usize)> = Vec::new();
    let used = Used::of(stats);
    let (mut from, mut to) = (lo, lo + n);
    loop {
        let span = to - from;
        let fine = exhaustive || span <= effort.intervals;
        let points = if fine { span - 1 } else { effort.intervals - 1 };
        let mut first = stats.part_from(stats.raw_start());
        syms[lo..from].iter().for_each(|&s| first.push_symbol(s));
        let (mut done, mut best) = (from, None::<(u64, usize)>);
        let mut previous = from;
        let mut around = (from, to);
        for i in 1..=points {
            let at = from + span * i / (points + 1);
            syms[done..at].iter().for_each(|&s| first.push_symbol(s));
            done = at;
            let bits = used.estimate(&first, at_bit) + used.estimate_rest(stats, &first, at_bit);
            #[cfg(debug_assertions)]
            assert_eq!(
                bits,
                estimate(&first, at_bit) + estimate(&stats.minus(&first), at_bit)
            );
            if !screened.iter().any(|&(_, a)| a == at) {
                screened.push((bits, at));
            }
            if best.is_none_or(|(b, _)| bits < b) {
                best = Some((bits, at));
                around.0 = previous;
            }
            if best.is_some_and(|(_, b)| b == previous) {
                around.1 = at;
            }
            previous = at;
        }
        if fine || best.is_none() {
            break;
        }
        if best.is_some_and(|(_, b)| b == previous) {
            around.1 = to;
        }
        (from, to) = around;
    }
    if screened.len() > PRICED_POINTS {
        screened.select_nth_unstable(PRICED_POINTS - 1);
        screened.truncate(PRICED_POINTS);
    }
    screened.sort_unstable_by_key(|&(_, at)| at);
    let mut first = stats.part_from(stats.raw_start());
    let mut best: Option<(u64, usize, BlockStats, u64, u64)> = None;
    let mut done = lo;
    for (_, at) in screened {
        syms[done..at].iter().for_each(|&s| first.push_symbol(s));
        done = at;
        let second = stats.minus(&first);
        let b1 = plan_bits(&first, Pricing::plain(at_bit));
        let b2 = plan_bits(&second, Pricing::plain(at_bit + b1));
        if b1 + b2 < best.as_ref().map_or(whole, |b| b.0) {
            best = Some((b1 + b2, at, first.clone(), b1, b2));
        }
    }
    best.map(|(bits, at, first, b1, b2)| TwoWay {
        bits,
        at,
        first,
        b1,
        b2,
    })
}

/// The symbols a part uses, in alphabet order: a part of it (a first part, or the rest after
/// one) uses no others, so ranking its split points visits only these. Pricing every point of
/// a small part over the whole alphabets, and making each rest's statistics, took a seventh of
/// the time of exact cost questions at small caps; visited in the same order, the estimates
/// are the same to the bit.
struct Used {
    litlen: Vec<u16>,
    dist: Vec<u8>,
}

impl Used {
    fn of(stats: &BlockStats) -> Self {
        let nonzero = |freqs: &[u32]| {
            (0..freqs.len())
                .filter(|&s| freqs[s] != 0)
                .collect::<Vec<_>>()
        };
        Used {
            litlen: nonzero(&stats.litlen_freq)
                .into_iter()
                .map(|s| s as u16)
                .collect(),
            dist: nonzero(&stats.dist_freq)
                .into_iter()
                .map(|s| s as u8)
                .collect(),
        }
    }

    /// `estimate(part, at_bit)` for a part of the block these symbols came from.
    fn estimate(&self, part: &BlockStats, at_bit: u64) -> u64 {
        let litlen = |s: usize| part.litlen_freq[s];
        let dist = |s: usize| part.dist_freq[s];
        let sized = Sized {
            symbols: part.symbols(),
            matches: part.matches(),
            fixed: fixed_size(part),
            stored: stored_size(part.raw_len() as u64, at_bit),
        };
        self.estimate_by(litlen, dist, sized)
    }

    /// `estimate(&block.minus(head), at_bit)` without making the rest's statistics.
    fn estimate_rest(&self, block: &BlockStats, head: &BlockStats, at_bit: u64) -> u64 {
        let litlen = |s: usize| {
            if s == END_OF_BLOCK {
                1
            } else {
                block.litlen_freq[s] - head.litlen_freq[s]
            }
        };
        let dist = |s: usize| block.dist_freq[s] - head.dist_freq[s];
        let eob = u64::from(FIXED_LITLEN_LENS[END_OF_BLOCK]);
        let sized = Sized {
            symbols: block.symbols() - head.symbols() + 1,
            matches: block.matches() - head.matches(),
            fixed: fixed_size(block) - fixed_size(head) + BLOCK_HEADER_BITS + eob,
            stored: stored_size((block.raw_len() - head.raw_len()) as u64, at_bit),
        };
        self.estimate_by(litlen, dist, sized)
    }

    /// `estimate` of the part whose frequencies `litlen` and `dist` give for these symbols.
    fn estimate_by(
        &self,
        litlen: impl Fn(usize) -> u32,
        dist: impl Fn(usize) -> u32,
        sized: Sized,
    ) -> u64 {
        fn entropy(used: impl Iterator<Item = u32>, total: u32) -> (f32, u32) {
            let lt = log2(total);
            let mut bits = 0.0;
            let mut n = 0;
            for f in used.filter(|&f| f != 0) {
                bits += f as f32 * (lt - log2(f));
                n += 1;
            }
            (bits, n)
        }
        let lits = self.litlen.iter().map(|&s| litlen(usize::from(s)));
        let dists = self.dist.iter().map(|&s| dist(usize::from(s)));
        let (lit_bits, lit_used) = entropy(lits, sized.symbols);
        let (dist_bits, dist_used) = entropy(dists, sized.matches);
        let lengths = self
            .litlen
            .iter()
            .filter(|&&s| usize::from(s) > END_OF_BLOCK)
            .map(|&s| {
                let s = usize::from(s);
                u64::from(litlen(s)) * u64::from(LENGTH_EXTRA[s - 257])
            });
        let extra: u64 = lengths
            .chain(self.dist.iter().map(|&s| {
                let s = usize::from(s);
                u64::from(dist(s)) * u64::from(DIST_EXTRA[s])
            }))
            .sum();
        let header = ESTIMATED_HEADER_BITS + 4 * u64::from(lit_used + dist_used);
        let dynamic = (lit_bits + dist_bits) as u64 + extra + header;
        dynamic.min(sized.fixed).min(sized.stored)
    }
}

/// What `estimate` takes of a part besides its frequencies.
struct Sized {
    symbols: u32,
    matches: u32,
    /// `fixed_size` and `stored_size` of the part.
    fixed: u64,
    stored: u64,
}

/// A quick estimate of a part's bits, to rank split points before pricing the best exactly:
/// the exact fixed-code and stored sizes, and the dynamic code's size as the symbols' entropy
/// plus their extra bits and a header of a few bits per symbol used. (`Used` computes the same
/// faster; this, the definition, checks it in debug builds.)
#[cfg(debug_assertions)]
fn estimate(part: &BlockStats, at_bit: u64) -> u64 {
    fn entropy(freqs: &[u32], total: u32) -> (f32, u32) {
        let lt = log2(total);
        let mut bits = 0.0;
        let mut used = 0;
        for &f in freqs.iter().filter(|&&f| f != 0) {
            bits += f as f32 * (lt - log2(f));
            used += 1;
        }
        (bits, used)
    }
    let (lit_bits, lit_used) = entropy(&part.litlen_freq, part.symbols());
    let (dist_bits, dist_used) = entropy(&part.dist_freq, part.matches());
    let extra: u64 = part.litlen_freq[257..]
        .iter()
        .zip(LENGTH_EXTRA)
        .chain(part.dist_freq.iter().zip(DIST_EXTRA))
        .map(|(&f, e)| u64::from(f) * u64::from(e))
        .sum();
    let header = ESTIMATED_HEADER_BITS + 4 * u64::from(lit_used + dist_used);
    let dynamic = (lit_bits + dist_bits) as u64 + extra + header;
    dynamic
        .min(fixed_size(part))
        .min(stored_size(part.raw_len() as u64, at_bit))
}

/// The fixed part of a dynamic header in `estimate`: the counts, and a code-length code of
/// about 15 lengths.
const ESTIMATED_HEADER_BITS: u64 = 3 + 14 + 15 * 3;
