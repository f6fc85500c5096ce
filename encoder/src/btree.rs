//! Binary-tree match finding for the near-optimal parser (libdeflate's `bt_matchfinder` is the
//! model; the idea goes back to LZMA's binary trees).
//!
//! Every position that starts a four-byte sequence is the root of the tree of its hash bucket
//! when it is inserted: the older positions of the bucket hang below it, ordered by the bytes
//! that follow them (left: smaller, right: greater). Inserting a position descends the tree
//! from the old root, and the positions it compares against on the way are the bucket's
//! strings nearest to its own; so one descent both re-roots the tree at the new position and
//! finds the longest matches, the most recent first for each length. Where a hash chain walks
//! every older position of the bucket, a descent meets only the few that share the longest
//! prefixes. Matches of exactly three bytes come from a separate table holding the two most
//! recent positions of each three-byte hash (two ways instead of one: the CSV rows, whose short
//! numeric fields repeat at three bytes, 0.02 % smaller whole-buffer at level 10 and 0.1 % more
//! payload per 16 KiB frame).
//!
//! One-shot: built for one block's parse (`optimal::find_matches`), never rolled back. Positions
//! are stored as `position + 1` (0: none); a node farther back than `MAX_DISTANCE` ends a
//! descent, and so does everything below it, which is older still.

use crate::matchfinder::{common_prefix, hash_bits, Match, MAX_DISTANCE};
use crate::tables::{MAX_MATCH, MIN_MATCH, WINDOW_SIZE};

const HASH3_BITS: u32 = 15;
const HASH4_BITS: u32 = 16;

/// The trees of a window of positions.
#[derive(Clone)]
pub struct BinaryTrees {
    /// The two most recent positions of each three-byte hash, the newer first.
    hash3: Vec<u32>,
    /// Root of each four-byte hash's tree.
    hash4: Vec<u32>,
    /// Children of position `p` at `2 * (p % WINDOW_SIZE)` (smaller) and the slot after
    /// (greater).
    child: Vec<u32>,
}

#[inline]
fn child_slot(pos: usize, greater: bool) -> usize {
    2 * (pos % WINDOW_SIZE) + usize::from(greater)
}

/// Length of the common prefix of `data[a..]` and `data[b..]`, from `from` up to `max`.
#[inline]
fn extend(data: &[u8], a: usize, b: usize, from: usize, max: usize) -> usize {
    from + common_prefix(&data[a + from..a + max], &data[b + from..b + max])
}

impl BinaryTrees {
    pub fn new() -> Self {
        BinaryTrees {
            hash3: vec![0; 2 << HASH3_BITS],
            hash4: vec![0; 1 << HASH4_BITS],
            child: vec![0; 2 * WINDOW_SIZE],
        }
    }

    /// Insert `pos` (positions are inserted in increasing order, each at most once) and, with
    /// `out`, append its improving matches: each longer than the one before, up to
    /// `MAX_MATCH` and the end of `data`; at most `max_depth` tree nodes are compared. `known`:
    /// a position whose bytes are known to match `pos`'s for a length, which is then not
    /// compared again (inside a long repeat, most of the work of a descent).
    pub fn advance(
        &mut self,
        data: &[u8],
        pos: usize,
        max_depth: u32,
        mut out: Option<&mut Vec<Match>>,
        known: Option<Match>,
    ) {
        let max_len = MAX_MATCH.min(data.len() - pos);
        if max_len < MIN_MATCH {
            return;
        }
        let within = |stored: u32| stored != 0 && stored as usize + MAX_DISTANCE > pos;
        let here = match data.get(pos..pos + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => u32::from_le_bytes([data[pos], data[pos + 1], data[pos + 2], 0]),
        };
        let h3 = hash_bits(here & 0x00FF_FFFF, HASH3_BITS);
        let near = [self.hash3[2 * h3], self.hash3[2 * h3 + 1]];
        self.hash3[2 * h3] = pos as u32 + 1;
        self.hash3[2 * h3 + 1] = near[0];
        let mut best_len = MIN_MATCH;
        if let Some(out) = out.as_deref_mut() {
            for n in near {
                if within(n) {
                    let c = n as usize - 1;
                    if data[c..c + MIN_MATCH] == data[pos..pos + MIN_MATCH] {
                        out.push(Match {
                            len: MIN_MATCH,
                            dist: pos - c,
                        });
                        break;
                    }
                }
            }
        }
        if max_len < 4 {
            // Too close to the end for a four-byte sequence: no tree to join, no longer match.
            return;
        }
        let h4 = hash_bits(here, HASH4_BITS);
        let mut node = self.hash4[h4];
        self.hash4[h4] = pos as u32 + 1;
        // The slots still to fill: where the next smaller and the next greater node hang.
        let mut pending_lt = child_slot(pos, false);
        let mut pending_gt = child_slot(pos, true);
        let (mut lt_len, mut gt_len) = (0, 0);
        let mut depth = max_depth;
        while within(node) && depth > 0 {
            depth -= 1;
            let c = node as usize - 1;
            // Both sides agree on at least the shorter of the two prefixes found so far.
            let mut len = lt_len.min(gt_len);
            if let Some(k) = known.filter(|k| k.dist == pos - c) {
                len = len.max(k.len.min(max_len));
            }
            if len < max_len && data[c + len] == data[pos + len] {
                len = extend(data, c, pos, len + 1, max_len);
            }
            if len > best_len {
                best_len = len;
                if let Some(out) = out.as_deref_mut() {
                    out.push(Match { len, dist: pos - c });
                }
            }
            if len == max_len {
                // As long as can be compared: `pos` takes over `c`'s children.
                self.child[pending_lt] = self.child[child_slot(c, false)];
                self.child[pending_gt] = self.child[child_slot(c, true)];
                return;
            }
            if data[c + len] < data[pos + len] {
                self.child[pending_lt] = node;
                pending_lt = child_slot(c, true);
                node = self.child[pending_lt];
                lt_len = len;
            } else {
                self.child[pending_gt] = node;
                pending_gt = child_slot(c, false);
                node = self.child[pending_gt];
                gt_len = len;
            }
        }
        self.child[pending_lt] = 0;
        self.child[pending_gt] = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match the trees report is real, and lengths only grow.
    #[test]
    fn matches_are_real_and_improving() {
        let mut data = Vec::new();
        for i in 0..20_000u32 {
            data.extend_from_slice(format!("k{}={} ", i % 37, (i * 7919) % 101).as_bytes());
        }
        let mut bt = BinaryTrees::new();
        let mut out = Vec::new();
        let mut longest = 0;
        for pos in 0..data.len() {
            out.clear();
            bt.advance(&data, pos, 64, Some(&mut out), None);
            for w in out.windows(2) {
                assert!(w[0].len < w[1].len);
            }
            for m in &out {
                assert!(m.dist >= 1 && m.dist <= MAX_DISTANCE && m.dist <= pos);
                assert!(m.len <= MAX_MATCH && pos + m.len <= data.len());
                assert_eq!(
                    data[pos..pos + m.len],
                    data[pos - m.dist..pos - m.dist + m.len]
                );
                if m.len > MIN_MATCH && pos + m.len < data.len() && m.len < MAX_MATCH {
                    // Tree matches are exact: the byte after differs.
                    assert_ne!(data[pos + m.len], data[pos - m.dist + m.len]);
                }
            }
            longest = longest.max(out.last().map_or(0, |m| m.len));
        }
        assert_eq!(
            longest, MAX_MATCH,
            "a periodic text has full-length matches"
        );
    }

    /// A known match changes no answer and no tree: it only saves comparing its bytes.
    #[test]
    fn a_known_match_gives_the_same_matches_and_trees() {
        let mut data = Vec::new();
        for i in 0..3_000u32 {
            // Every 37th record breaks the period: known matches end short of 258 bytes.
            let v = if i % 37 == 0 { 9 } else { (i * 31) % 7 };
            data.extend_from_slice(format!("id={:02} v={v} ", i % 50).as_bytes());
        }
        let (mut plain, mut hinted) = (BinaryTrees::new(), BinaryTrees::new());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut hints = 0;
        for pos in 0..data.len() {
            // The match 3,500 bytes back (the text repeats every 350 records of 10 bytes), as
            // far as it goes.
            let known = (pos >= 3_500).then(|| {
                let len = (0..data.len() - pos)
                    .take_while(|&i| data[pos + i] == data[pos - 3_500 + i])
                    .count();
                Match { len, dist: 3_500 }
            });
            hints += usize::from(known.is_some_and(|k| k.len >= MIN_MATCH));
            a.clear();
            b.clear();
            plain.advance(&data, pos, 32, Some(&mut a), None);
            hinted.advance(&data, pos, 32, Some(&mut b), known);
            assert_eq!(a, b, "matches at {pos}");
        }
        assert!(hints > data.len() / 2, "{hints} hints");
        assert!(plain.child == hinted.child && plain.hash4 == hinted.hash4);
    }
}
