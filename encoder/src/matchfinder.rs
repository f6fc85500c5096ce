//! LZ77 match finding over a 32 KiB window with hash chains (RFC 1951 §4 describes the idea).
//!
//! Positions are indices into the encoder's window buffer (`Deflater`'s `window`). `head` maps
//! the hash of the four bytes at a position (`HASH_LEN`) to the most recent position with that
//! hash, `prev` links each position to the previous one with the same hash; both store
//! `position + 1` so that 0 means "none". `prev` is indexed modulo the window size: an entry is only followed while its
//! position is less than `WINDOW_SIZE` behind the current one, before a newer position can have
//! reused its slot.
//!
//! Rollback: while a journal is open, the `prev` slots that the positions about to be parsed
//! may reuse are saved in bulk before each chunk (`save_slots`, one copy per append instead of
//! a record per insertion), so undoing a tentative append restores `head` and `prev` exactly
//! (O(bytes appended), not O(window)). Inserted positions are contiguous (`Parser::hashed_upto`
//! only grows) except the inner positions of long greedy matches, which `skip` records.

use crate::tables::{MAX_MATCH, MIN_MATCH, WINDOW_SIZE};

/// log2 of the number of hash buckets: 2^15 buckets of 4 bytes, 128 KiB, as zlib's default.
const HASH_BITS: u32 = 15;
const HASH_SIZE: usize = 1 << HASH_BITS;
const WINDOW_MASK: usize = WINDOW_SIZE - 1;

/// The `prev` slot of position `pos`: that of `pos + 1`, the value chains store for `pos`, so
/// that following a link indexes `prev` by the link itself, with no subtraction on the walk's
/// critical path (each step of a walk waits for the load of the one before).
#[inline]
fn slot(pos: usize) -> usize {
    (pos + 1) & WINDOW_MASK
}
/// Farthest distance a match may have. One less than the format's 32,768 so that a chain link
/// is never read from a `prev` slot that the current position has just reused.
pub const MAX_DISTANCE: usize = WINDOW_SIZE - 1;

/// The `prev` slots of positions `start..` as they were before one chunk was parsed (their
/// values are `saved[from..]` of the journal, up to the next chunk's `from`). The positions a
/// chunk inserted are `start` up to the next chunk's `start` (or the parser's `hashed_upto`);
/// the head each replaced is the link it stored, and its bucket is the hash of its bytes, still
/// in the window at rollback.
#[derive(Clone, Copy, Debug)]
struct ChunkUndo {
    start: u32,
    from: u32,
}

/// Hash chains keyed on `HASH_LEN` bytes per position.
#[derive(Clone, Debug)]
pub struct MatchFinder {
    /// Fixed-size tables: indexing by a masked position or a bucket needs no bounds check.
    head: Box<[u32; HASH_SIZE]>,
    prev: Box<[u32; WINDOW_SIZE]>,
    /// Open journal: one entry per chunk parsed since `start_journal`, and the slots saved.
    chunks: Vec<ChunkUndo>,
    saved: Vec<u32>,
    /// Ranges of positions passed over without insertion since `start_journal` (increasing).
    skips: Vec<(u32, u32)>,
    journaling: bool,
}

/// A match: `len` bytes at `dist` bytes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub len: usize,
    pub dist: usize,
}

/// How hard `longest_match` looks.
#[derive(Clone, Copy, Debug)]
pub struct Effort {
    /// Candidates examined at most.
    pub max_chain: u32,
    /// Stop at a match this long.
    pub nice_len: usize,
}

/// Bytes a position's hash covers, so bytes it needs before it can be inserted. Four, not the
/// format's minimum match of three: a chain then holds few positions that do not match at all,
/// so a search finds as much in fewer links (on the bundled logs level 6 got 25 % faster and
/// 1.6 % smaller). The matches of exactly three bytes this misses are rarely worth their
/// distance code in text; the near-optimal parser, which prices them, finds them in a table
/// of three-byte sequences beside its binary trees (`btree`).
pub const HASH_LEN: usize = 4;

impl MatchFinder {
    pub fn new() -> Self {
        MatchFinder {
            head: Box::new([0; HASH_SIZE]),
            prev: Box::new([0; WINDOW_SIZE]),
            chunks: Vec::new(),
            saved: Vec::new(),
            skips: Vec::new(),
            journaling: false,
        }
    }

    /// The bucket of the `HASH_LEN` bytes at `pos`.
    #[inline]
    fn bucket(data: &[u8], pos: usize) -> usize {
        Self::bucket_of(&data[pos..pos + HASH_LEN])
    }

    /// The bucket of the first `HASH_LEN` bytes of `b` (`hash_bits`).
    #[inline]
    fn bucket_of(b: &[u8]) -> usize {
        hash_bits(u32::from_le_bytes([b[0], b[1], b[2], b[3]]), HASH_BITS)
    }

    /// Make `pos` the newest position of `bucket`; returns the one it replaced (`position + 1`,
    /// 0: none), now `pos`'s link.
    #[inline]
    fn push(&mut self, bucket: usize, pos: usize) -> u32 {
        let old_head = self.head[bucket];
        self.prev[slot(pos)] = old_head;
        self.head[bucket] = pos as u32 + 1;
        old_head
    }

    /// Insert position `pos` (which needs `HASH_LEN` bytes of `data` from it) and return the
    /// previous most recent position with the same hash, as `position + 1` (0: none).
    #[inline]
    pub fn insert(&mut self, data: &[u8], pos: usize) -> u32 {
        debug_assert!(pos + HASH_LEN <= data.len());
        self.push(Self::bucket(data, pos), pos)
    }

    /// `insert` for every position of `from..to`, in order: one bounds check for the range,
    /// and each position's bytes read as one word.
    #[inline]
    pub fn insert_range(&mut self, data: &[u8], from: usize, to: usize) {
        if from >= to {
            return;
        }
        for (i, w) in data[from..to + HASH_LEN - 1].windows(HASH_LEN).enumerate() {
            self.push(Self::bucket_of(w), from + i);
        }
    }

    /// Forget every position: only the chain heads are cleared. `prev` slots are reached only
    /// through heads and links of positions inserted after this, each of which sets its own
    /// slot first, so stale slots are never read.
    pub fn reset(&mut self) {
        self.head.iter_mut().for_each(|h| *h = 0);
        self.drop_journal();
    }

    /// Become a copy of `other` (a primed dictionary's chains), in this finder's allocations.
    pub fn copy_from(&mut self, other: &MatchFinder) {
        self.head.copy_from_slice(&other.head[..]);
        self.prev.copy_from_slice(&other.prev[..]);
        self.drop_journal();
    }

    /// Start recording undo information (a checkpoint was taken).
    pub fn start_journal(&mut self) {
        self.drop_journal();
        self.journaling = true;
    }

    /// Forget the undo information (the tentative appends were committed).
    pub fn drop_journal(&mut self) {
        self.chunks.clear();
        self.saved.clear();
        self.skips.clear();
        self.journaling = false;
    }

    /// Before parsing a chunk: positions from `start` (the parser's `hashed_upto`) up to `end`
    /// (the window buffer's length) may be inserted; save the `prev` slots they would reuse.
    /// Nothing to do without an open journal.
    pub fn save_slots(&mut self, start: usize, end: usize) {
        if !self.journaling {
            return;
        }
        // A chunk and the tail before it are far shorter than the window: no slot twice.
        debug_assert!(end - start <= WINDOW_SIZE);
        self.chunks.push(ChunkUndo {
            start: start as u32,
            from: self.saved.len() as u32,
        });
        let (a, b) = (slot(start), end.saturating_sub(start).min(WINDOW_SIZE));
        let first = b.min(WINDOW_SIZE - a);
        self.saved.extend_from_slice(&self.prev[a..a + first]);
        self.saved.extend_from_slice(&self.prev[..b - first]);
    }

    /// Positions `from..to` are passed over without being inserted (the inner positions of a
    /// long greedy match): with a journal open, remember them, so that rollback does not take
    /// their slots for inserts.
    pub fn skip(&mut self, from: usize, to: usize) {
        if self.journaling {
            self.skips.push((from as u32, to as u32));
        }
    }

    /// Undo every insertion since `start_journal`, newest first: each inserted position was
    /// its bucket's head and its link is the head it replaced; then put the saved slots back.
    /// `data` is the window buffer still holding the inserted bytes, `hashed_upto` the parser's
    /// (the end of the newest chunk's insertions).
    pub fn roll_back_journal(&mut self, data: &[u8], hashed_upto: usize) {
        let mut end = hashed_upto;
        while let Some(c) = self.chunks.pop() {
            let start = c.start as usize;
            let mut pos = end.max(start);
            while pos > start {
                match self.skips.last() {
                    Some(&(from, to)) if to as usize >= pos && (from as usize) < pos => {
                        pos = from as usize;
                        self.skips.pop();
                    }
                    _ => {
                        pos -= 1;
                        let link = self.prev[slot(pos)];
                        self.head[Self::bucket(data, pos)] = link;
                    }
                }
            }
            let saved = &self.saved[c.from as usize..];
            for (i, &v) in saved.iter().enumerate() {
                self.prev[slot(start + i)] = v;
            }
            self.saved.truncate(c.from as usize);
            end = start;
        }
        self.journaling = false;
    }

    /// The window buffer dropped its first `delta` bytes (a multiple of `WINDOW_SIZE`, so `prev`
    /// slots keep their meaning): shift every stored position, forgetting those that fell off.
    /// Forgotten positions were out of reach (farther than the window) from every position still
    /// to be parsed, so matches found afterwards are the same as without the slide.
    pub fn slide(&mut self, delta: usize) {
        debug_assert_eq!(delta % WINDOW_SIZE, 0);
        let d = delta as u32;
        let shift = |v: &mut u32| *v = v.saturating_sub(d);
        self.head.iter_mut().for_each(shift);
        self.prev.iter_mut().for_each(shift);
        self.saved.iter_mut().for_each(shift);
        for c in &mut self.chunks {
            c.start -= d;
        }
        for s in &mut self.skips {
            *s = (s.0 - d, s.1 - d);
        }
    }
}

/// What the parser needs of a match finder.
pub trait Matcher {
    /// Insert `pos` (which needs `HASH_LEN` bytes of `data`) and return the previous most
    /// recent position with the same hash, as `position + 1` (0: none).
    fn insert(&mut self, data: &[u8], pos: usize) -> u32;
    /// Insert every position of `from..to` in order (each needs its `HASH_LEN` bytes).
    #[inline]
    fn insert_range(&mut self, data: &[u8], from: usize, to: usize) {
        for pos in from..to {
            self.insert(data, pos);
        }
    }
    /// The longest match for `pos` that is longer than `better_than`, following the chain that
    /// starts at `first` (as returned by `insert`); matches stay within `data`.
    #[inline]
    fn longest_match(
        &mut self,
        data: &[u8],
        pos: usize,
        first: u32,
        better_than: usize,
        effort: Effort,
    ) -> Search {
        let prev = |c| self.link(c);
        walk_chain(data, pos, first, better_than, effort, prev, |_, _| {}).0
    }
    /// The chain link recorded when `pos` was inserted: the head its search starts from.
    fn link(&self, pos: usize) -> u32;
    /// Positions `from..to` are passed over without being inserted.
    fn skip(&mut self, _from: usize, _to: usize) {}
}

/// A search's answer, and whether more data appended after `data` could change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Search {
    pub found: Option<Match>,
    /// True when the answer is final: no comparison reached the end of the data (or a full
    /// `MAX_MATCH` was available), so a longer input cannot change it.
    pub settled: bool,
    /// How much longer `found` is than the best match within the first half of the chain (0
    /// when that was the best, or nothing was found): what the second half of the walk bought.
    pub late_gain: u32,
}

impl Matcher for MatchFinder {
    #[inline]
    fn insert(&mut self, data: &[u8], pos: usize) -> u32 {
        MatchFinder::insert(self, data, pos)
    }

    #[inline]
    fn link(&self, pos: usize) -> u32 {
        self.prev[slot(pos)]
    }

    #[inline]
    fn insert_range(&mut self, data: &[u8], from: usize, to: usize) {
        MatchFinder::insert_range(self, data, from, to)
    }

    fn skip(&mut self, from: usize, to: usize) {
        MatchFinder::skip(self, from, to)
    }
}

/// The chain walk shared by every matcher: `prev(c)` gives the link of position `c`;
/// `on_improve` sees every match longer than the ones before (the match lists of `ahead` keep
/// them all), with the number of links followed to reach it (1 for the chain's first
/// candidate). Also
/// returns whether the walk ended because `max_chain` was spent while candidates within reach
/// remained (otherwise a deeper search would have found nothing more).
///
/// Two loops: until a match is in hand the cheap reject compares the one byte that would make a
/// match longer than `better_than`; with one in hand, the four bytes ending where a longer match
/// would end, in one load. Most candidates are rejected in the second loop, which keeps nothing
/// but the chain, the position to compare and the word to compare with in registers.
#[inline]
pub(crate) fn walk_chain(
    data: &[u8],
    pos: usize,
    first: u32,
    better_than: usize,
    effort: Effort,
    prev: impl Fn(usize) -> u32,
    mut on_improve: impl FnMut(Match, u32),
) -> (Search, bool) {
    let max_len = MAX_MATCH.min(data.len() - pos);
    // With fewer than MAX_MATCH bytes left, a comparison that runs to the end of the data
    // could go further once more data arrives: such an answer is not settled.
    let capped = max_len < MAX_MATCH;
    if max_len < MIN_MATCH || better_than >= max_len {
        let search = Search {
            found: None,
            settled: !capped,
            late_gain: 0,
        };
        return (search, false);
    }
    let here = &data[pos..pos + max_len];
    // Candidates are stored as position + 1: those below `floor` are farther back than
    // MAX_DISTANCE (or 0, the end of the chain).
    let floor = (pos + 1).saturating_sub(MAX_DISTANCE).max(1);
    let mut best_len = better_than;
    let mut best = None;
    // The best length when the first candidate in the second half of the chain improved on it.
    let mut early = None;
    let mut cand = first as usize;
    let mut chain = effort.max_chain;
    // Some(touched_end) once the walk is over: a match reached `max_len` or `nice_len`.
    let mut stop = None;
    // Record candidate `c`'s match of `len` bytes if it is longer than the best so far.
    let mut improve = |c: usize, len: usize, best_len: &mut usize, chain: u32| -> Option<bool> {
        if len <= *best_len {
            return None;
        }
        let link = effort.max_chain - chain + 1;
        if link * 2 > effort.max_chain && early.is_none() {
            early = Some(*best_len);
        }
        *best_len = len;
        let m = Match { len, dist: pos - c };
        best = Some(m);
        on_improve(m, link);
        if len == max_len {
            Some(capped)
        } else if len >= effort.nice_len {
            Some(false)
        } else {
            None
        }
    };
    while best_len < 3 && stop.is_none() {
        if cand < floor || chain == 0 {
            stop = Some(false);
            break;
        }
        let c = cand - 1;
        if data[c + best_len] == here[best_len] {
            let len = common_prefix(&data[c..c + max_len], here);
            stop = improve(c, len, &mut best_len, chain);
        }
        cand = prev(c) as usize;
        chain -= 1;
    }
    if stop.is_none() {
        let mut at = best_len - 3;
        let mut want = word(here, at);
        while cand >= floor && chain > 0 {
            let c = cand - 1;
            if word(data, c + at) == want {
                let len = common_prefix(&data[c..c + max_len], here);
                if let Some(s) = improve(c, len, &mut best_len, chain) {
                    stop = Some(s);
                    break;
                }
                at = best_len - 3;
                want = word(here, at);
            }
            cand = prev(c) as usize;
            chain -= 1;
        }
    }
    let found = best.filter(|m| m.len >= MIN_MATCH);
    let search = Search {
        found,
        settled: !stop.unwrap_or(false),
        late_gain: match (found, early) {
            (Some(m), Some(e)) => (m.len - e) as u32,
            _ => 0,
        },
    };
    (search, chain == 0 && cand >= floor)
}

/// Slots of `TailMatcher`'s bucket map: a power of two above twice the positions a tail can
/// insert (a held-back tail is at most `MAX_MATCH` bytes plus two unhashed positions).
const TAIL_SLOTS: usize = 512;

/// A read-only view of a `MatchFinder` plus the positions inserted while pricing the close:
/// the parser runs over the held-back tail exactly as `finish` will, without changing the real
/// hash chains (so `close_cost` can take `&self`).
pub struct TailMatcher<'a> {
    base: &'a MatchFinder,
    /// First position inserted here; `links[i]` is the chain link of position `start + i`.
    start: usize,
    links: Vec<u32>,
    /// Open-addressing map bucket -> (bucket + 1, newest position + 1) of this overlay.
    heads: [(u32, u32); TAIL_SLOTS],
}

impl<'a> TailMatcher<'a> {
    pub fn new(base: &'a MatchFinder, start: usize) -> Self {
        TailMatcher {
            base,
            start,
            links: Vec::with_capacity(MAX_MATCH + 4),
            heads: [(0, 0); TAIL_SLOTS],
        }
    }

    fn slot(&self, bucket: usize) -> usize {
        let mut i = bucket & (TAIL_SLOTS - 1);
        while self.heads[i].0 != 0 && self.heads[i].0 as usize != bucket + 1 {
            i = (i + 1) & (TAIL_SLOTS - 1);
        }
        i
    }
}

impl Matcher for TailMatcher<'_> {
    fn insert(&mut self, data: &[u8], pos: usize) -> u32 {
        debug_assert!(
            pos >= self.start + self.links.len(),
            "tail positions are inserted in order"
        );
        // Positions a greedy parser skipped are never in a chain: pad their links.
        while self.start + self.links.len() < pos {
            self.links.push(0);
        }
        let bucket = MatchFinder::bucket(data, pos);
        let slot = self.slot(bucket);
        let old = if self.heads[slot].0 == 0 {
            self.base.head[bucket]
        } else {
            self.heads[slot].1
        };
        self.heads[slot] = (bucket as u32 + 1, pos as u32 + 1);
        self.links.push(old);
        old
    }

    fn link(&self, pos: usize) -> u32 {
        if pos >= self.start {
            self.links.get(pos - self.start).copied().unwrap_or(0)
        } else {
            self.base.prev[slot(pos)]
        }
    }
}

/// The four bytes of `b` at `at`, as one word.
#[inline]
fn word(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or([0; 4]))
}

/// Multiplicative hashing of `v` (Knuth's golden-ratio constant) to `bits` bits, the
/// best-mixed top ones.
#[inline]
pub(crate) fn hash_bits(v: u32, bits: u32) -> usize {
    (v.wrapping_mul(0x9E37_79B1) >> (32 - bits)) as usize
}

/// Length of the common prefix of `a` and `b` (equal lengths), eight bytes at a time.
#[inline]
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or([0; 8]));
        let y = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        let diff = x ^ y;
        if diff != 0 {
            return i + (diff.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_counts_exactly() {
        let a = b"abcdefghijklmnopqrstuvwxyz";
        let mut b = *a;
        assert_eq!(common_prefix(a, &b), 26);
        for i in 0..26 {
            b = *a;
            b[i] = b'!';
            assert_eq!(common_prefix(a, &b), i);
        }
    }

    #[test]
    fn finds_the_repeat() {
        let data = b"hello world, hello world!";
        let mut mf = MatchFinder::new();
        let effort = Effort {
            max_chain: 32,
            nice_len: 258,
        };
        let mut found = None;
        for pos in 0..=data.len() - HASH_LEN {
            let first = mf.insert(data, pos);
            if pos == 13 {
                found = Matcher::longest_match(&mut mf, data, pos, first, 2, effort).found;
            }
        }
        assert_eq!(found, Some(Match { len: 11, dist: 13 }));
    }
}
