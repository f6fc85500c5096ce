//! Parsing: turning bytes into literals and matches, greedily (levels 1–3) or lazily (4–9):
//! levels 1–5 in the manner of zlib's `deflate_fast` / `deflate_slow` (the greedy ones keeping a
//! sample of a long match's inner positions in the chains), levels 6–9 looking up to
//! two positions ahead, comparing matches by length and distance, and pricing short matches
//! against their literals (the level table is below).
//!
//! Lookahead choice: a position is parsed only once its answer is final — when no comparison
//! of its match search reached the end of the bytes given so far (or a full `MAX_MATCH` was
//! available). A position whose match might run on into the next record waits,
//! with everything after it, for more data: the "tail". So the parse of a stream fed record by
//! record is the parse of the same bytes given at once, and a match may run on from one record
//! into the next (parsing every record completely instead costs 3–14 % on the bundled logs).
//! The tail is usually a few bytes to a few dozen; the close cost prices it exactly by running
//! this same parser over it, with `at_end`, on a read-only overlay of the hash chains
//! (`matchfinder::TailMatcher`) into a copy of the block statistics: precisely what `finish`
//! then does for real.

use crate::block::{log2, BlockStats, SymbolSink};
use crate::matchfinder::{Effort, Match, Matcher, HASH_LEN, MAX_DISTANCE};
use crate::tables::{
    dist_code, length_code, DIST_EXTRA, LENGTH_EXTRA, MIN_MATCH, NUM_DIST, NUM_LITLEN,
};

/// Lazy matching drops a 3-byte match farther back than this: its distance code would cost
/// more than the three literals it replaces (zlib's TOO_FAR).
const TOO_FAR: usize = 4096;
/// Two-step lazy matching (`Strategy::Lazy2`) takes a match this short only when the block's
/// statistics say it costs fewer bits than the literals it replaces
/// (`match_pays`). On the bundled logs this is worth 1-5 % of payload per frame at
/// 4-16 KiB caps (HDFS most: its lines carry long random numbers, whose four- and five-digit
/// repeats far back cost more as matches than as cheap digit literals); 6 or 8 gained nothing
/// more, and a fixed distance limit for 4-byte matches gained less and cost Android 0.6 %.
const PRICED_MATCH_LEN: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Level 0: no matching, stored blocks only.
    Stored,
    /// Take the longest match at each position.
    Greedy,
    /// Defer a match by one byte when the next position has a longer one.
    Lazy,
    /// libdeflate's "lazy2": when the next position has nothing better, look at the one after
    /// it too; "better" weighs length against distance (`score`), and short matches must pay
    /// for themselves (`PRICED_MATCH_LEN`). The second look searches half the chain.
    Lazy2,
}

/// One level's tunables. Levels 1–5 started from zlib's numbers (deflate.c
/// `configuration_table`) and stop a search later (`nice_len` 64-258 instead of 8-32), and the
/// greedy levels insert a sample of a long match's inner positions (`insert_step`) where zlib
/// inserts none: whole-buffer, level 1 became 8 % smaller on the bundled logs, 28 % on the JSON
/// payloads, 11 % on CSV and 3 % on Zeek logs (below libdeflate -1 on all four) for 0-13 % more
/// instructions, and each of levels 1-5 packs denser than before at every cap on the held-out
/// kinds too (vega-datasets' zipcodes, birdstrikes, movies, flights, jobs, earthquakes, S&P 500:
/// `benches/examples/kind_tune.rs`). Levels 6–9 always look ahead, however long the match in
/// hand (`max_lazy` 258): on logs the next position often starts a much longer match — the
/// rest of a line seen before — and that one change is worth 4–8 % of payload per frame at
/// level 6, more than an 8-times longer chain (measured on the bundled logs with
/// `benches/examples/tune.rs`). Looking two positions ahead
/// with distance-aware comparison and priced short matches (`Strategy::Lazy2`) took level 6
/// from 1.018 / 1.007 / 1.007 of the zlib -9 oracle to 1.033 / 1.036 / 1.054 at 1 / 4 / 16 KiB
/// caps for about 10 % more time (libdeflate's own lazy2 levels reach 1.02-1.06 there). With
/// hash chains keyed on four bytes (see `matchfinder`) most candidates are real matches, so
/// level 6 walks 64 links where zlib walks 128 (32 lose the Android log's only full 16 KiB
/// frame). 64 instead of 48 took the geometric mean over the bundled kinds and caps from 1.0287
/// to 1.0305 of the oracle, no pair lower (JSON at 4 KiB 1.000 -> 1.028), and the held-out
/// vega-datasets files from 1.0437 to 1.0455, none lower (movies at 64 KiB 0.982 -> 0.988), for
/// 1-4 % more instructions whole-buffer and 0-3 % packing at 4 KiB, but about 9 % more wall
/// time on the logs: the extra links are the ones that wait on memory.
#[derive(Clone, Copy, Debug)]
pub struct LevelConfig {
    pub strategy: Strategy,
    /// Lazy: search only a quarter of the chain when the deferred match is this long already.
    pub good_len: usize,
    /// Lazy: do not look for a better match when the deferred one is this long. Greedy: insert
    /// the positions inside a match into the hash chains only when it is at most this long.
    pub max_lazy: usize,
    /// Stop searching at a match this long.
    pub nice_len: usize,
    /// Candidates examined per search.
    pub max_chain: u32,
    /// Lazy: how many times deeper a search after a long match may go (see
    /// `CHAIN_BOOST_BYTES`; 1: never).
    pub max_boost: u32,
    /// Greedy: of the inner positions of a match longer than `max_lazy`, insert one in this
    /// many into the hash chains (see `Parser::insert_sparsely`).
    pub insert_step: usize,
    /// Adaptive depth: searches may go up to 2^`max_deepen` times deeper than `max_chain` while
    /// the data pays for it (see `Parser::adapt`; 0: never).
    pub max_deepen: u32,
}

impl LevelConfig {
    /// The configuration of `level` (0..=9; callers check the range).
    pub fn for_level(level: u32) -> Self {
        let (strategy, good_len, max_lazy, nice_len, max_chain, insert_step) = match level {
            0 => (Strategy::Stored, 0, 0, 0, 0, 1),
            1 => (Strategy::Greedy, 4, 12, 64, 4, 16),
            2 => (Strategy::Greedy, 4, 16, 64, 8, 8),
            3 => (Strategy::Greedy, 4, 32, 258, 32, 4),
            4 => (Strategy::Lazy, 4, 4, 128, 16, 1),
            5 => (Strategy::Lazy, 8, 16, 258, 32, 1),
            6 => (Strategy::Lazy2, 16, 258, 258, 64, 1),
            7 => (Strategy::Lazy2, 32, 258, 258, 256, 1),
            8 => (Strategy::Lazy2, 32, 258, 258, 1024, 1),
            _ => (Strategy::Lazy2, 32, 258, 258, 4096, 1),
        };
        LevelConfig {
            strategy,
            good_len,
            max_lazy,
            nice_len,
            max_chain,
            max_boost: if strategy == Strategy::Lazy2 { 8 } else { 1 },
            insert_step,
            max_deepen: if level == 6 { 2 } else { 0 },
        }
    }
}

/// Where parsing stands in the window buffer.
#[derive(Clone, Debug)]
pub struct Parser {
    pub cfg: LevelConfig,
    /// Next position to look at.
    pub pos: usize,
    /// Positions below this are in the hash chains (or were skipped on purpose).
    pub hashed_upto: usize,
    /// Lazy: how many bytes before `pos` are not emitted yet (0, 1, or 2 with `Lazy2`).
    pending: usize,
    /// Lazy: the match found at `pos - pending`, if any, waiting to see whether the next
    /// position (with `Lazy2`, or the one after it) has a better one.
    deferred: Option<Match>,
    /// Length of the last match emitted (0 once a literal follows it).
    last_match: usize,
    /// Adaptive depth: searches walked in the current window, how many of them found their
    /// match in the second half of the chain, and how many times deeper than the level's chain
    /// searches now go (as a power of two).
    walked: u32,
    late: u32,
    deepen: u32,
}

/// After a match of `n` bytes, lazy levels search the next position's chain up to
/// `1 + n / CHAIN_BOOST_BYTES` times deeper (at most `LevelConfig::max_boost` times, and never
/// deeper than level 9's `MAX_BOOSTED_CHAIN`): the search costs no more per byte covered, and
/// data made of long repeats (JSON payloads that share most of their structure) pays for the
/// deeper look, where the longest match is an older copy rather than the most recent one. Level
/// 6 with boosts up to 8 packed the JSON payloads at 1.000 / 1.000 / 1.001 / 1.010 of the zlib
/// -9 oracle at 1 / 4 / 16 / 64 KiB caps instead of 1.000 / 0.936 / 0.897 / 0.942, and compressed
/// them whole 6.5 % smaller (below zlib -9's output); on the logs, CSV and Zeek kinds no cap
/// lost (+0.0-0.6 %), for 0.4-4.5 % more instructions packing at 4 KiB and 0.8-9.3 %
/// whole-buffer. Kinds held out from tuning moved the same way: movies 0.979 -> 0.992 and
/// flights 0.977 -> 0.981 of the oracle at 16 KiB (both still below it), jobs 1.127 -> 1.124,
/// and the rest within 0.005 up. A boost of at most 4, or one step per 32 bytes, left JSON at
/// 0.992-0.998 at 4-16 KiB.
const CHAIN_BOOST_BYTES: usize = 16;
/// The deepest a boosted search goes: level 9's chain.
const MAX_BOOSTED_CHAIN: u32 = 4096;

/// Adaptive depth (`Parser::adapt`, level 6): level 6's 64-link chains are too short for data
/// whose best matches lie further back than the 64 most recent candidates, such as short JSON
/// records whose fields recur in other combinations (vega-datasets' flights, 89 bytes a record,
/// and movies, 400: level 6 packed them at 0.985 and 0.996 of the zlib -9 oracle at 64 KiB caps,
/// level 9 flights at 1.035). What tells is a search whose second half of the chain found a
/// match at least `LATE_GAIN` bytes longer than its first half had: counting any longer find
/// also deepened files where it bought nothing (vega-datasets' weather and windvectors, 25-40 %
/// slower for no byte). A window of `DEPTH_WINDOW` searches with more than `DEEPER_PER_MILLE`
/// such finds doubles the depth (at most `LevelConfig::max_deepen` times), one with fewer than
/// `SHALLOWER_PER_MILLE` halves it again. At 1 / 4 / 16 / 64 KiB caps flights then packs at
/// 1.015 / 1.024 / 1.018 / 1.016 of the oracle and movies at 1.017 / 1.008 / 1.011 / 1.012, at
/// 0.47x and 0.69x of level 6's speed on them before (their searches go up to four times
/// deeper). The bundled kinds stay within 0.05 % (logs, CSV) or 0.003 % (JSON) of their size
/// before, Zeek byte for byte, at every cap, 0-3.5 % slower; of the files held out from this
/// choice (vega-datasets' football, platformer-terrain, cars, gapminder,
/// unemployment-across-industries, weather, windvectors, Seattle weather, as one compact JSON
/// object or CSV row a line) none packs less at any cap, cars fits its 406 records in two 4 KiB
/// frames instead of three, and cars and unemployment pack at 0.54x and 0.58x of the speed
/// before, weather at 0.92x.
const DEPTH_WINDOW: u32 = 1024;
const LATE_GAIN: u32 = 8;
const DEEPER_PER_MILLE: u32 = 10;
const SHALLOWER_PER_MILLE: u32 = 5;

impl Parser {
    pub fn new(cfg: LevelConfig) -> Self {
        Parser {
            cfg,
            pos: 0,
            hashed_upto: 0,
            pending: 0,
            deferred: None,
            last_match: 0,
            walked: 0,
            late: 0,
            deepen: 0,
        }
    }

    /// The window buffer dropped its first `delta` bytes.
    pub fn slide(&mut self, delta: usize) {
        self.pos -= delta;
        // Level 0 never hashes, so `hashed_upto` may lag behind the slide.
        self.hashed_upto = self.hashed_upto.saturating_sub(delta);
    }

    /// Every byte of `data` was parsed by someone else (a squeeze re-parsed the pending block):
    /// move to its end, settled, with every position that can be hashed in the chains.
    pub fn skip_to_end<M: Matcher>(&mut self, data: &[u8], mf: &mut M) {
        self.insert_upto(data, mf, data.len());
        self.pos = data.len();
        self.pending = 0;
        self.deferred = None;
        self.last_match = 0;
    }

    /// True when no byte before `pos` waits to be emitted (always so between appends).
    pub fn is_settled(&self) -> bool {
        self.pending == 0 && self.deferred.is_none()
    }

    /// Parse positions below `stop` (with `at_end`, all of `data`, emitting everything).
    pub fn run<M: Matcher, S: SymbolSink>(
        &mut self,
        data: &[u8],
        mf: &mut M,
        block: &mut S,
        stop: usize,
        at_end: bool,
    ) {
        debug_assert!(stop <= data.len() && (!at_end || stop == data.len()));
        match self.cfg.strategy {
            Strategy::Stored => {
                block.push_raw(stop - self.pos);
                self.pos = stop;
            }
            Strategy::Greedy => self.run_greedy(data, mf, block, stop, at_end),
            Strategy::Lazy | Strategy::Lazy2 => self.run_lazy(data, mf, block, stop, at_end),
        }
    }

    /// Insert the positions from `hashed_upto` up to (not including) `upto` that have
    /// `HASH_LEN` bytes available; the rest wait for more data.
    #[inline]
    fn insert_upto<M: Matcher>(&mut self, data: &[u8], mf: &mut M, upto: usize) {
        let last = (data.len() + 1).saturating_sub(HASH_LEN).min(upto);
        if self.hashed_upto < last {
            mf.insert_range(data, self.hashed_upto, last);
            self.hashed_upto = last;
        }
    }

    /// After a long greedy match ending at `end`: insert one in `insert_step` of the positions
    /// from `hashed_upto` up to `end`, and pass over the rest (`Matcher::skip`, one range per
    /// gap). zlib passes over them all at these levels; the sample keeps the chains pointing
    /// into long repeats (a JSON payload's shared structure, a log line's fixed text), which
    /// the next search can then extend (figures at `LevelConfig`). Only positions whose
    /// `HASH_LEN` bytes lie inside the match are inserted, so the choice never depends on how
    /// much data has arrived (a stream fed record by record parses as one given whole).
    fn insert_sparsely<M: Matcher>(&mut self, data: &[u8], mf: &mut M, end: usize) {
        let step = self.cfg.insert_step.max(1);
        let last = (end + 1).saturating_sub(HASH_LEN);
        let mut q = self.hashed_upto;
        while q < last {
            mf.insert(data, q);
            let next = q + step;
            if next >= last {
                // No more insertions: the rest of the match is one gap.
                q += 1;
                break;
            }
            mf.skip(q + 1, next);
            q = next;
        }
        if q < end {
            mf.skip(q, end);
        }
        self.hashed_upto = self.hashed_upto.max(end);
    }

    /// Insert `pos` and return the head of its chain (0 when fewer than `HASH_LEN` bytes remain).
    #[inline]
    fn insert_here<M: Matcher>(&mut self, data: &[u8], mf: &mut M, pos: usize) -> u32 {
        if self.hashed_upto > pos {
            // Inserted before parsing stopped here to wait for more data: the head its search
            // starts from was recorded as its link.
            return mf.link(pos);
        }
        self.insert_upto(data, mf, pos);
        if self.hashed_upto == pos && pos + HASH_LEN <= data.len() {
            self.hashed_upto = pos + 1;
            mf.insert(data, pos)
        } else {
            0
        }
    }

    /// Insert `p` and, when `query` asks (a match longer than `better_than`, following at most
    /// `max_chain` links), search for a match there. `Some(found)` is the final answer;
    /// `None` means the answer could still change with more data, so parsing must wait at `p`
    /// (never when `at_end`).
    #[inline]
    fn search_at<M: Matcher>(
        &mut self,
        data: &[u8],
        mf: &mut M,
        p: usize,
        query: Option<(usize, u32)>,
        at_end: bool,
    ) -> Option<Option<Match>> {
        if p + HASH_LEN > data.len() && !at_end {
            return None; // too few bytes to look for a match
        }
        let head = self.insert_here(data, mf, p);
        let Some((better_than, max_chain)) = query.filter(|_| head != 0) else {
            return Some(None);
        };
        let s = mf.longest_match(data, p, head, better_than, self.effort(max_chain));
        if !s.settled && !at_end {
            return None; // the match may run on into data not given yet
        }
        // Only a search with a candidate within reach counts: a chain head farther back is
        // forgotten (0) once the window slides and kept while it does not, so counting it would
        // make the depth depend on when the window slid.
        if head as usize + MAX_DISTANCE > p {
            self.adapt(s.late_gain);
        }
        Some(s.found)
    }

    /// Adaptive depth (`LevelConfig::max_deepen`): count a settled search whose chain's second
    /// half bought `late_gain` bytes over its first half (`Search::late_gain`). At the end of
    /// each window of `DEPTH_WINDOW` searches, go twice as deep when more than
    /// `DEEPER_PER_MILLE` of them gained at least `LATE_GAIN` bytes so, back half as deep when
    /// fewer than `SHALLOWER_PER_MILLE` did. A function of the parse alone: every append schedule (record
    /// by record, whole, rolled back and offered again) adapts the same way.
    #[inline]
    fn adapt(&mut self, late_gain: u32) {
        if self.cfg.max_deepen == 0 {
            return;
        }
        self.walked += 1;
        if late_gain >= LATE_GAIN {
            self.late += 1;
        }
        if self.walked == DEPTH_WINDOW {
            if self.late * 1000 >= DEEPER_PER_MILLE * DEPTH_WINDOW {
                self.deepen = (self.deepen + 1).min(self.cfg.max_deepen);
            } else if self.late * 1000 < SHALLOWER_PER_MILLE * DEPTH_WINDOW {
                self.deepen = self.deepen.saturating_sub(1);
            }
            self.walked = 0;
            self.late = 0;
        }
    }

    /// The chain a search may walk: `max_chain`, deeper after a long match (`CHAIN_BOOST_BYTES`).
    fn boosted_chain(&self) -> u32 {
        let boost = (1 + (self.last_match / CHAIN_BOOST_BYTES) as u32).min(self.cfg.max_boost);
        let base = self.cfg.max_chain << self.deepen;
        (base * boost).min(base.max(MAX_BOOSTED_CHAIN))
    }

    fn effort(&self, chain: u32) -> Effort {
        Effort {
            max_chain: chain,
            nice_len: self.cfg.nice_len,
        }
    }

    fn run_greedy<M: Matcher, S: SymbolSink>(
        &mut self,
        data: &[u8],
        mf: &mut M,
        block: &mut S,
        stop: usize,
        at_end: bool,
    ) {
        while self.pos < stop {
            let p = self.pos;
            let query = Some((MIN_MATCH - 1, self.cfg.max_chain));
            let Some(found) = self.search_at(data, mf, p, query, at_end) else {
                break;
            };
            match found {
                Some(m) => {
                    block.push_match(m.len, m.dist);
                    if m.len <= self.cfg.max_lazy {
                        self.insert_upto(data, mf, p + m.len);
                    } else {
                        self.insert_sparsely(data, mf, p + m.len);
                    }
                    self.pos = p + m.len;
                }
                None => {
                    block.push_literal(data[p]);
                    self.pos = p + 1;
                }
            }
        }
    }

    fn run_lazy<M: Matcher, S: SymbolSink>(
        &mut self,
        data: &[u8],
        mf: &mut M,
        block: &mut S,
        stop: usize,
        at_end: bool,
    ) {
        let lazy2 = self.cfg.strategy == Strategy::Lazy2;
        while self.pos < stop {
            let p = self.pos;
            let deferred_len = self.deferred.map_or(MIN_MATCH - 1, |m| m.len);
            // Only a match better than the deferred one is of interest, and none at all once the
            // deferred one is long enough; a good deferred match earns a shorter search, and so
            // does the second look ahead.
            let query = (deferred_len < self.cfg.max_lazy).then(|| {
                let mut chain = self.boosted_chain();
                if deferred_len >= self.cfg.good_len {
                    chain /= 4;
                }
                if self.pending == 2 {
                    chain = (chain / 2).max(1);
                }
                // Lazy2 compares by score: a match as long as the deferred one may still win.
                let floor = if lazy2 && self.deferred.is_some() {
                    deferred_len - 1
                } else {
                    deferred_len
                };
                (floor, chain)
            });
            let Some(found) = self.search_at(data, mf, p, query, at_end) else {
                break;
            };
            let found = found.filter(|m| {
                if lazy2 {
                    m.len > PRICED_MATCH_LEN
                        || match_pays(block.stats(), &data[p..p + m.len], m.dist)
                } else {
                    !(m.len == MIN_MATCH && m.dist > TOO_FAR)
                }
            });
            let better = match (self.deferred, found) {
                (Some(d), Some(f)) if lazy2 => (score(f) > score(d)).then_some(f),
                (_, found) => found,
            };
            match (self.deferred, better) {
                (Some(_), None) if lazy2 && self.pending == 1 => {
                    // Nothing better at `p`: look at `p + 1` before deciding.
                    self.pending = 2;
                    self.pos = p + 1;
                }
                (Some(d), None) => {
                    // Nothing better: emit the deferred match, which starts at `p - pending`.
                    block.push_match(d.len, d.dist);
                    self.last_match = d.len;
                    let end = p - self.pending + d.len;
                    self.insert_upto(data, mf, end);
                    self.pos = end;
                    self.deferred = None;
                    self.pending = 0;
                }
                (_, better) => {
                    // The bytes still pending become literals; `p` waits for the next look.
                    for &b in &data[p - self.pending..p] {
                        block.push_literal(b);
                        self.last_match = 0;
                    }
                    self.pending = 1;
                    self.deferred = better;
                    self.pos = p + 1;
                }
            }
        }
        if at_end && self.pending > 0 {
            // A deferred match of at least MIN_MATCH bytes always leaves positions to look at
            // before the end, so only a literal can be pending here.
            debug_assert!(self.deferred.is_none() && self.pending == 1);
            block.push_literal(data[self.pos - 1]);
            self.pending = 0;
            self.deferred = None;
        }
    }
}

/// Whether a short match pays for itself against the literals it replaces, each symbol priced
/// by its information content in the block so far (`stats`, add-one smoothed).
fn match_pays(stats: &BlockStats, bytes: &[u8], dist: usize) -> bool {
    let lt = log2(stats.symbols() + NUM_LITLEN as u32);
    let bits = |c: u32, t: f32| t - log2(c + 1);
    let lits: f32 = bytes
        .iter()
        .map(|&b| bits(stats.litlen_freq[b as usize], lt))
        .sum();
    let lc = length_code(bytes.len());
    let dc = dist_code(dist);
    let m = bits(stats.litlen_freq[257 + lc], lt)
        + LENGTH_EXTRA[lc] as f32
        + bits(stats.dist_freq[dc], log2(stats.matches() + NUM_DIST as u32))
        + DIST_EXTRA[dc] as f32;
    m < lits
}

/// Lazy2's comparison of two matches (libdeflate's): four points per byte of length, less one
/// per doubling of distance (roughly what the distance's extra bits cost). Signed: a 3-byte
/// match 8 KiB or more back scores below zero.
#[inline]
fn score(m: Match) -> isize {
    4 * m.len as isize - m.dist.ilog2() as isize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::MAX_MATCH;

    #[test]
    fn score_weighs_length_against_distance_and_never_underflows() {
        let m = |len, dist| Match { len, dist };
        assert!(score(m(3, 32_768)) < 0);
        assert!(score(m(3, 32_768)) < score(m(3, 1)));
        assert!(score(m(4, 1)) > score(m(3, 1)));
        // Fifteen doublings of distance outweigh three more bytes, not four.
        assert!(score(m(8, 32_768)) < score(m(5, 1)));
        assert!(score(m(9, 32_768)) > score(m(5, 1)));
        assert_eq!(score(m(258, 1)), 4 * 258);
    }

    /// Bits of `data` parsed with `cfg`, as one block with its own code.
    fn parsed_bits(data: &[u8], cfg: LevelConfig) -> u64 {
        let mut parser = Parser::new(cfg);
        let mut mf = crate::matchfinder::MatchFinder::new();
        let mut stats = BlockStats::new(0);
        parser.run(data, &mut mf, &mut stats, data.len(), true);
        assert_eq!(stats.raw_len(), data.len());
        crate::block::plan(&stats, crate::block::Pricing::plain(0)).bits
    }

    /// Level 6 with chain boosts up to `max_boost` (and no adaptive depth, which would make up
    /// for some of the missing boost).
    fn boosted(max_boost: u32) -> LevelConfig {
        LevelConfig {
            max_boost,
            max_deepen: 0,
            ..LevelConfig::for_level(6)
        }
    }

    /// Level 6 going at most 2^`max_deepen` times deeper.
    fn deepening(max_deepen: u32) -> LevelConfig {
        LevelConfig {
            max_deepen,
            ..LevelConfig::for_level(6)
        }
    }

    #[test]
    fn adaptive_depth_goes_deeper_where_late_finds_pay() {
        // Short JSON records whose routes recur ~144 records back.
        let data: Vec<u8> = fitflate_testkit::flights(4000)
            .into_iter()
            .flat_map(|r| [r, b"\n".to_vec()].concat())
            .collect();
        let (fixed, adaptive) = (
            parsed_bits(&data, deepening(0)),
            parsed_bits(&data, deepening(2)),
        );
        assert!(
            adaptive * 100 < fixed * 98,
            "{adaptive} bits adaptive, {fixed} with 64-link chains"
        );
        // The depth follows the data: Zeek logs, whose second halves of chains rarely find much
        // more, parse exactly as with fixed 64-link chains.
        let zeek = fitflate_testkit::corpus::kind("zeek").concatenated();
        let zeek = &zeek[..256 << 10];
        assert_eq!(
            parsed_bits(zeek, deepening(2)),
            parsed_bits(zeek, deepening(0))
        );
    }

    #[test]
    fn a_long_match_earns_a_deeper_search_up_to_level_9s() {
        let mut parser = Parser::new(LevelConfig::for_level(6));
        let chain = |p: &Parser| p.boosted_chain();
        assert_eq!(chain(&parser), 64);
        parser.last_match = 64;
        assert_eq!(chain(&parser), 5 * 64);
        parser.last_match = 258;
        assert_eq!(chain(&parser), 8 * 64);
        parser.cfg = LevelConfig::for_level(9);
        assert_eq!(chain(&parser), MAX_BOOSTED_CHAIN);
        parser.cfg = LevelConfig::for_level(5);
        assert_eq!(chain(&parser), 32, "zlib's lazy levels are not boosted");
    }

    #[test]
    fn json_payloads_pay_for_the_deeper_search() {
        // The first 256 KiB of the bundled webhook payloads: their longest matches are older
        // copies of a payload's structure, beyond an ordinary search (2.8 % fewer bits with
        // level 6's 64-link chains).
        let json = fitflate_testkit::corpus::kind("json").concatenated();
        let json = &json[..256 << 10];
        let (plain, boosted) = (parsed_bits(json, boosted(1)), parsed_bits(json, boosted(8)));
        assert!(
            boosted * 100 < plain * 98,
            "{boosted} bits boosted, {plain} plain"
        );
    }

    #[test]
    fn sampled_inner_positions_keep_long_repeats_findable() {
        // Level 1 on the JSON payloads, inserting one in 16 inner positions of its long matches
        // against none (zlib's way): the sample lets the next search continue a payload's
        // shared structure.
        let json = fitflate_testkit::corpus::kind("json").concatenated();
        let json = &json[..256 << 10];
        let sampled = LevelConfig::for_level(1);
        assert_eq!(sampled.insert_step, 16);
        let none = LevelConfig {
            insert_step: MAX_MATCH,
            ..sampled
        };
        let (sampled, none) = (parsed_bits(json, sampled), parsed_bits(json, none));
        assert!(
            sampled * 100 < none * 95,
            "{sampled} bits sampled, {none} without"
        );
    }

    #[test]
    fn sparse_insertion_passes_over_the_rest_and_stays_inside_the_match() {
        #[derive(Default)]
        struct Log {
            inserted: Vec<usize>,
            skipped: Vec<(usize, usize)>,
        }
        impl Matcher for Log {
            fn insert(&mut self, _: &[u8], pos: usize) -> u32 {
                self.inserted.push(pos);
                0
            }
            fn link(&self, _: usize) -> u32 {
                0
            }
            fn skip(&mut self, from: usize, to: usize) {
                self.skipped.push((from, to));
            }
        }
        let data = [7u8; 64];
        let mut parser = Parser::new(LevelConfig::for_level(1));
        parser.hashed_upto = 11;
        let mut log = Log::default();
        // A match over 10..50: positions 11..50 remain; one in 16 is inserted, while its four
        // bytes lie inside the match (11, 27, 43 would need 43..47: inside).
        parser.insert_sparsely(&data, &mut log, 50);
        assert_eq!(log.inserted, [11, 27, 43]);
        assert_eq!(log.skipped, [(12, 27), (28, 43), (44, 50)]);
        assert_eq!(parser.hashed_upto, 50);
    }
}
