//! Match finding ahead: the chain walks of levels 4-9, done for a stretch of input on another
//! thread before the frames that hold it are packed, with the frames' output unchanged.
//!
//! At these levels every position enters the hash chains whatever the parse, so the chain a
//! frame walks from a position is the chain over the whole input cut where the frame starts:
//! the same candidates in the same order, up to the first one before the frame (or more than
//! `MAX_DISTANCE` back). A walk only keeps a candidate that is longer than every one before it,
//! and a frame compares at most up to the end of the bytes it holds, so its answer follows from
//! the list of those "improving" candidates on the whole input: their lengths, distances and
//! places on the chain (`MatchLists`, made by `ListMaker::make`). `Query::answer` derives the
//! frame's result from that list for any chain depth up to the one walked, any frame start, any
//! end of data and any length to beat at least the list's, including whether the answer is
//! final; a frame that finds no list for a position (or one walked less deep, or for longer
//! matches, than it asks) walks its own chain. Which positions get a list is decided by parsing
//! the stretch as one stream: a frame's parse mostly lands on the same positions. Debug builds
//! check every answer against the frame's own walk; release builds check that a listed match is
//! one in the frame's window (a source fed other bytes than the frame's costs speed, never a
//! wrong byte).
//!
//! Not for the greedy levels (their chains skip positions inside matches, which depends on the
//! parse), the strongest level (its near-optimal parse has a finder of its own) or a preset
//! dictionary (its chains are not the input's).

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::block::BlockStats;
use crate::deflater::MAX_BLOCK_SYMBOLS;
use crate::matchfinder::{walk_chain, Effort, Match, MatchFinder, Matcher, Search, MAX_DISTANCE};
use crate::parse::{LevelConfig, Parser, Strategy};
use crate::tables::{MAX_MATCH, MIN_MATCH};
use crate::Level;

const LOOKAHEAD: usize = MatchLists::LOOKAHEAD;
const LOOKBEHIND: usize = MatchLists::LOOKBEHIND;

/// A candidate longer than every one before it on a position's chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    len: u16,
    /// Links followed to reach it (1: the chain's first candidate).
    link: u16,
    dist: u32,
}

/// The search of one position: `found[first..first + count]`, walked `depth` links deep
/// (`COMPLETE`: to the end of the chain, its reach or a match no search goes beyond).
#[derive(Clone, Copy, Debug)]
struct Entry {
    first: u32,
    count: u32,
    depth: u32,
    /// The walk kept only candidates longer than this: it answers searches for matches longer
    /// than this or more.
    better_than: u32,
}

const COMPLETE: u32 = u32::MAX;

/// The improving candidates of the positions a parse of a stretch of input searched.
pub struct MatchLists {
    /// Input offset of the first position covered.
    start: u64,
    /// For each position covered: 1 + its index in `entries`, 0 when it was not searched.
    slots: Vec<u32>,
    entries: Vec<Entry>,
    found: Vec<Found>,
}

impl fmt::Debug for MatchLists {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MatchLists")
            .field("positions", &self.range())
            .field("searched", &self.entries.len())
            .finish()
    }
}

/// Where a frame's encoder finds match lists: the input offsets it packs are those of the
/// source's input (see `Deflater::set_match_source`). Implementations decide whether to wait
/// for a list being made.
pub trait MatchSource: Send + Sync + fmt::Debug {
    /// The lists that cover input offset `pos`, or `Err(end)`: none for offsets `pos..end`
    /// (the frame then walks its own chains there).
    fn lists(&self, pos: u64) -> Result<Arc<MatchLists>, u64>;
}

impl MatchLists {
    /// Bytes of input `ListMaker::make` needs after the positions it covers (unless the input
    /// ends there): a parse looks two positions ahead, and each search compares up to 258 bytes.
    pub const LOOKAHEAD: usize = 2 * MAX_MATCH;
    /// Bytes of input `ListMaker::make` needs before the positions it covers: the reach of a
    /// match.
    pub const LOOKBEHIND: usize = MAX_DISTANCE;

    /// Whether frames at `level` can use match lists (levels 4-9).
    pub fn supports(level: Level) -> bool {
        !level.is_strongest()
            && matches!(
                LevelConfig::for_level(level.parse_level()).strategy,
                Strategy::Lazy | Strategy::Lazy2
            )
    }

    /// The input offsets covered.
    pub fn range(&self) -> Range<u64> {
        self.start..self.start + self.slots.len() as u64
    }

    /// The answer of a search at input offset `pos` (which must be covered) for `query`, if its
    /// list goes deep enough.
    fn answer(&self, pos: u64, query: &Query) -> Option<Search> {
        let slot = self.slots[(pos - self.start) as usize];
        let entry = *self.entries.get(slot.checked_sub(1)? as usize)?;
        if (entry.depth != COMPLETE && query.depth > entry.depth)
            || (query.better_than as u32) < entry.better_than
        {
            return None;
        }
        let first = entry.first as usize;
        Some(query.answer(&self.found[first..first + entry.count as usize]))
    }
}

/// Match lists for a whole input held in memory, made on the calling thread in stretches of a
/// given size: a `MatchSource` whose lists never depend on threads or timing, for streams of
/// that input (tests, fuzzing, reproducing what helper threads give).
#[derive(Debug)]
pub struct InputLists {
    stretch: u64,
    lists: Vec<Arc<MatchLists>>,
}

impl InputLists {
    /// The lists of `input` at `level` (which [`MatchLists::supports`] must accept), in
    /// stretches of `stretch` bytes (at least one).
    pub fn new(level: Level, input: &[u8], stretch: usize) -> Self {
        let stretch = stretch.max(1);
        let mut maker = ListMaker::new();
        let mut lists = Vec::new();
        let mut at = 0;
        while at < input.len() {
            let to = (at + stretch).min(input.len());
            let from = at.saturating_sub(LOOKBEHIND);
            let end = (to + LOOKAHEAD).min(input.len());
            let positions = at as u64..to as u64;
            let data = &input[from..end];
            let at_end = end == input.len();
            lists.push(Arc::new(maker.make(
                level,
                data,
                from as u64,
                positions,
                at_end,
            )));
            at = to;
        }
        InputLists {
            stretch: stretch as u64,
            lists,
        }
    }
}

impl MatchSource for InputLists {
    fn lists(&self, pos: u64) -> Result<Arc<MatchLists>, u64> {
        let lists = self
            .lists
            .get((pos / self.stretch) as usize)
            .ok_or(pos + 1)?;
        debug_assert!(lists.range().contains(&pos));
        Ok(lists.clone())
    }
}

/// Working memory for making match lists, kept from one stretch to the next: fresh hash tables
/// (256 KiB) and lists for every stretch cost more in page faults than they save.
pub struct ListMaker {
    finder: MatchFinder,
    spare: Option<MatchLists>,
}

impl fmt::Debug for ListMaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ListMaker")
    }
}

impl Default for ListMaker {
    fn default() -> Self {
        ListMaker::new()
    }
}

impl ListMaker {
    /// Working memory for lists.
    pub fn new() -> Self {
        ListMaker {
            finder: MatchFinder::new(),
            spare: None,
        }
    }

    /// Lists no longer needed: the next `make` reuses their memory.
    pub fn recycle(&mut self, lists: MatchLists) {
        self.spare = Some(lists);
    }

    /// The lists for input offsets `positions` at `level` (which [`MatchLists::supports`]
    /// must accept): `data` is the input from offset `data_start`, holding at least
    /// [`MatchLists::LOOKBEHIND`] bytes before the positions (or all of them from the input's
    /// start) and [`MatchLists::LOOKAHEAD`] after them, unless `at_end` says the input ends with
    /// `data`.
    pub fn make(
        &mut self,
        level: Level,
        data: &[u8],
        data_start: u64,
        positions: Range<u64>,
        at_end: bool,
    ) -> MatchLists {
        assert!(
            MatchLists::supports(level),
            "level {level} has no match lists"
        );
        let from = (positions.start - data_start) as usize;
        let to = (positions.end - data_start) as usize;
        assert!(from <= to && to <= data.len());
        debug_assert!(at_end || data.len() >= to + LOOKAHEAD);
        debug_assert!(data_start == 0 || from >= LOOKBEHIND);
        let cfg = LevelConfig::for_level(level.parse_level());
        let mut lists = self.spare.take().unwrap_or(MatchLists {
            start: 0,
            slots: Vec::new(),
            entries: Vec::new(),
            found: Vec::new(),
        });
        lists.start = positions.start;
        lists.slots.clear();
        lists.slots.resize(to - from, 0);
        lists.entries.clear();
        lists.found.clear();
        self.finder.reset();
        let mut rec = Recorder {
            finder: &mut self.finder,
            covered: from..to,
            lists,
        };
        // The chains as they stand at `from`: every position within reach of the stretch.
        let hashable = (data.len() + 1).saturating_sub(crate::matchfinder::HASH_LEN);
        for p in from.saturating_sub(LOOKBEHIND)..from.min(hashable) {
            rec.finder.insert(data, p);
        }
        let mut parser = Parser::new(cfg);
        parser.pos = from;
        parser.hashed_upto = from;
        // Short matches are priced by the block's statistics: start a new "block" as the
        // encoder's block policy would, roughly (the choice only affects which positions get
        // a list, never what a list says).
        let mut stats = BlockStats::new(from);
        while parser.pos < to {
            let stop = (parser.pos + MAX_BLOCK_SYMBOLS).min(to);
            let end = at_end && stop == data.len();
            let before = parser.pos;
            parser.run(data, &mut rec, &mut stats, stop, end);
            if parser.pos == before && !end {
                break; // waits for bytes past the data: only where the input ends
            }
            if stats.symbols() as usize >= MAX_BLOCK_SYMBOLS {
                stats = BlockStats::new(parser.pos);
            }
        }
        rec.lists
    }
}

/// What a frame's search asks (see `walk_chain`).
#[derive(Clone, Copy, Debug)]
struct Query {
    /// Links it may follow.
    depth: u32,
    /// Farthest distance: `MAX_DISTANCE`, or less near the frame's start.
    max_dist: usize,
    better_than: usize,
    /// Bytes it may compare: up to the end of the frame's data, at most `MAX_MATCH`.
    max_len: usize,
    nice_len: usize,
}

impl Query {
    /// `walk_chain`'s answer when `found` are the candidates on the whole input's chain that are
    /// longer than every one before them and than the list's `better_than` (at most the
    /// query's): a frame's walk keeps a subset of them (lengths cut at `max_len` only ever tie,
    /// and a tie is not longer), the first whose cut length reaches `max_len` or `nice_len` ends
    /// it, and `max_len` below `MAX_MATCH` means more data could change an answer that reached
    /// it.
    fn answer(&self, found: &[Found]) -> Search {
        let capped = self.max_len < MAX_MATCH;
        if self.max_len < MIN_MATCH || self.better_than >= self.max_len {
            return Search {
                found: None,
                settled: !capped,
                late_gain: 0,
            };
        }
        let mut best_len = self.better_than;
        let mut best = None;
        let mut early = None;
        for f in found {
            if u32::from(f.link) > self.depth || f.dist as usize > self.max_dist {
                break;
            }
            let len = usize::from(f.len).min(self.max_len);
            if len > best_len {
                if u32::from(f.link) * 2 > self.depth && early.is_none() {
                    early = Some(best_len);
                }
                best_len = len;
                best = Some(Match {
                    len,
                    dist: f.dist as usize,
                });
                if len == self.max_len || len >= self.nice_len {
                    let settled = len != self.max_len || !capped;
                    return Search {
                        found: best,
                        settled,
                        late_gain: early.map_or(0, |e| (len - e) as u32),
                    };
                }
            }
        }
        Search {
            found: best,
            settled: true,
            late_gain: early.map_or(0, |e| (best_len - e) as u32),
        }
    }
}

/// The matcher of `ListMaker::make`: the parse's searches keep every candidate they find that
/// is longer than the ones before it, and their lists.
struct Recorder<'a> {
    finder: &'a mut MatchFinder,
    covered: Range<usize>,
    lists: MatchLists,
}

impl Matcher for Recorder<'_> {
    fn insert(&mut self, data: &[u8], pos: usize) -> u32 {
        self.finder.insert(data, pos)
    }

    #[inline]
    fn insert_range(&mut self, data: &[u8], from: usize, to: usize) {
        self.finder.insert_range(data, from, to)
    }

    fn link(&self, pos: usize) -> u32 {
        Matcher::link(&*self.finder, pos)
    }

    #[inline]
    fn longest_match(
        &mut self,
        data: &[u8],
        pos: usize,
        first: u32,
        better_than: usize,
        effort: Effort,
    ) -> Search {
        let lists = &mut self.lists;
        let start = lists.found.len();
        let finder = &*self.finder;
        let prev = |c| Matcher::link(finder, c);
        let (search, spent) = walk_chain(data, pos, first, better_than, effort, prev, |m, link| {
            lists.found.push(Found {
                len: m.len as u16,
                link: link as u16,
                dist: m.dist as u32,
            })
        });
        let entry = Entry {
            first: start as u32,
            count: (lists.found.len() - start) as u32,
            depth: if spent { effort.max_chain } else { COMPLETE },
            better_than: better_than as u32,
        };
        if self.covered.contains(&pos) {
            lists.slots[pos - self.covered.start] = lists.entries.len() as u32 + 1;
            lists.entries.push(entry);
        } else {
            lists.found.truncate(start);
        }
        search
    }
}

/// A frame encoder's use of a `MatchSource`: where its stream is in the source's input, and the
/// lists last used.
#[derive(Clone)]
pub(crate) struct Ahead {
    source: Arc<dyn MatchSource>,
    /// Input offset of the stream's first byte.
    origin: u64,
    lists: Option<Arc<MatchLists>>,
    /// Offsets for which the source has no lists.
    missing: Range<u64>,
}

impl fmt::Debug for Ahead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ahead")
            .field("origin", &self.origin)
            .field("lists", &self.lists)
            .finish()
    }
}

impl Ahead {
    pub(crate) fn new(source: Arc<dyn MatchSource>, origin: u64) -> Self {
        Ahead {
            source,
            origin,
            lists: None,
            missing: 0..0,
        }
    }

    /// The answer for stream offset `at` from the lists, if they have one.
    fn lookup(&mut self, at: u64, query: &Query) -> Option<Search> {
        let pos = self.origin + at;
        let covered =
            |l: &Option<Arc<MatchLists>>| l.as_ref().is_some_and(|l| l.range().contains(&pos));
        if !covered(&self.lists) {
            if self.missing.contains(&pos) {
                return None;
            }
            match self.source.lists(pos) {
                Ok(lists) => self.lists = Some(lists),
                Err(end) => {
                    self.missing = pos..end;
                    return None;
                }
            }
            if !covered(&self.lists) {
                return None;
            }
        }
        self.lists.as_ref()?.answer(pos, query)
    }
}

/// A frame encoder's hash chains, answering searches from match lists where they can.
pub(crate) struct AheadMatcher<'a> {
    pub(crate) finder: &'a mut MatchFinder,
    pub(crate) ahead: &'a mut Ahead,
    /// Stream bytes before window index 0.
    pub(crate) before: u64,
}

impl Matcher for AheadMatcher<'_> {
    #[inline]
    fn insert(&mut self, data: &[u8], pos: usize) -> u32 {
        self.finder.insert(data, pos)
    }

    #[inline]
    fn insert_range(&mut self, data: &[u8], from: usize, to: usize) {
        self.finder.insert_range(data, from, to)
    }

    #[inline]
    fn link(&self, pos: usize) -> u32 {
        Matcher::link(&*self.finder, pos)
    }

    fn longest_match(
        &mut self,
        data: &[u8],
        pos: usize,
        first: u32,
        better_than: usize,
        effort: Effort,
    ) -> Search {
        let at = self.before + pos as u64;
        let query = Query {
            depth: effort.max_chain,
            max_dist: MAX_DISTANCE.min(at as usize),
            better_than,
            max_len: MAX_MATCH.min(data.len() - pos),
            nice_len: effort.nice_len,
        };
        // A match taken from a list must be one in the window: a source whose input is not
        // this stream's costs the walk, never a wrong match.
        let real = |m: &Match| {
            m.dist <= pos && data[pos - m.dist..pos - m.dist + m.len] == data[pos..pos + m.len]
        };
        let listed = self.ahead.lookup(at, &query);
        if let Some(search) = listed.filter(|s| s.found.as_ref().is_none_or(real)) {
            debug_assert_eq!(
                search,
                self.finder
                    .longest_match(data, pos, first, better_than, effort),
                "match lists disagree with the chains at stream offset {at}"
            );
            return search;
        }
        self.finder
            .longest_match(data, pos, first, better_than, effort)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Deflater;
    use std::sync::Mutex;

    /// An input's lists, counting how often a frame asked for them.
    #[derive(Debug)]
    struct Precomputed {
        lists: InputLists,
        asked: Mutex<u64>,
    }

    impl MatchSource for Precomputed {
        fn lists(&self, pos: u64) -> Result<Arc<MatchLists>, u64> {
            *self.asked.lock().unwrap() += 1;
            self.lists.lists(pos)
        }
    }

    fn precomputed(level: Level, input: &[u8], stretch: usize) -> Arc<Precomputed> {
        Arc::new(Precomputed {
            lists: InputLists::new(level, input, stretch),
            asked: Mutex::new(0),
        })
    }

    /// Frames of `input` cut at `cuts`, packed record by record, with and without lists.
    fn frames(
        level: Level,
        input: &[u8],
        cuts: &[usize],
        source: Option<Arc<Precomputed>>,
    ) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut start = 0;
        for &end in cuts.iter().chain([input.len()].iter()) {
            let mut d = Deflater::new(level);
            if let Some(s) = &source {
                d.set_match_source(Some(s.clone()), start as u64);
            }
            for record in input[start..end].split_inclusive(|&b| b == b'\n') {
                d.checkpoint();
                d.append(record);
                d.commit();
            }
            out.push(d.finish());
            start = end;
        }
        out
    }

    #[test]
    fn frames_with_lists_are_the_frames_without() {
        let logs = fitflate_testkit::corpus::kind("logs").concatenated();
        let json = fitflate_testkit::corpus::kind("json").concatenated();
        for (input, level) in [
            (&logs[..300_000], 6),
            (&json[..400_000], 6),
            (&logs[..200_000], 4),
            (&json[..200_000], 9),
        ] {
            let level = Level::new(level).unwrap();
            let cuts: Vec<usize> = (1..6).map(|i| i * input.len() / 6 + i * 7).collect();
            let cuts: Vec<usize> = cuts
                .into_iter()
                .map(|c| {
                    input[..c]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1)
                })
                .collect();
            let source = precomputed(level, input, 50_000);
            let with = frames(level, input, &cuts, Some(source.clone()));
            assert!(
                *source.asked.lock().unwrap() > 0,
                "the lists were consulted"
            );
            assert_eq!(with, frames(level, input, &cuts, None));
        }
    }

    #[test]
    fn most_searches_are_answered_by_the_lists() {
        let json = fitflate_testkit::corpus::kind("csv").concatenated();
        let input = &json[..300_000];
        let level = Level::DEFAULT;
        let lists = precomputed(level, input, 100_000);
        let searched: usize = lists.lists.lists.iter().map(|l| l.entries.len()).sum();
        assert!(searched > input.len() / 10, "{searched} positions searched");
    }

    #[test]
    fn greedy_and_strongest_levels_have_no_lists() {
        let supported: Vec<u32> = Level::all()
            .filter(|&l| MatchLists::supports(l))
            .map(Level::get)
            .collect();
        assert_eq!(supported, [4, 5, 6, 7, 8, 9]);
    }
}
