//! Training a preset dictionary from sample records (see [`train`]); its tests, on the bundled
//! logs, in `tests.rs`.

use std::collections::BinaryHeap;

/// The most sample bytes the trainer looks at: more samples than this are thinned evenly (every
/// n-th record), so that time stays bounded (about a second for 4 MiB). Memory stays bounded
/// too: besides the samples themselves, at most 32 MiB of tables and some 60 bytes per record
/// looked at.
pub const MAX_SAMPLE_BYTES: usize = 16 << 20;

/// The most bytes of one record the trainer looks at (its first bytes); a longer record counts,
/// but only so far.
pub const MAX_RECORD_BYTES: usize = 64 << 10;

/// The d-mer length: a match into the dictionary must be this long to count. A long distance
/// costs DEFLATE two or three bytes, so shorter matches into a dictionary hardly pay.
const D: usize = 8;

/// The segment length: about a log line or two. (On the bundled logs, 512 did better than 128
/// or 256 and as well as 1024; 6-byte d-mers no better than 8.)
const K: usize = 512;

/// The most d-mer positions one candidate covers: a longer record is split into candidates of
/// this many positions (segments never cross one, so a pick rescans at most this many).
const CHUNK: usize = 2048;

/// A dictionary of at most `max_size` bytes for records like `samples`: the byte strings that
/// recur across the most records, the most useful last.
///
/// The method is segment scoring, as zstd's COVER trainer does it. Every 8-byte substring of a
/// record (a d-mer) is scored by the number of distinct records that contain it: what many
/// records share scores high, what one record holds scores 1. A segment, a window of up to 512
/// bytes of one record, is worth the sum of the scores of the distinct d-mers in it. The trainer
/// picks the best segment, zeroes the scores of its d-mers (they are covered now: a match can
/// reach them), and picks again, until the dictionary is full or every d-mer is covered. Scores
/// only ever go down, so a segment's old score bounds its new one, and a heap of the candidates,
/// rescored only when they come to the top, picks exactly what a full rescan would; among equal
/// scores the later record wins (logs come in time order: later lines are more like the next).
/// The first segment picked is the most useful, so it goes last: nearest the data, where a
/// match's distance is cheapest to code, and where zlib and the encoder keep it when a
/// dictionary is cut to the 32 KiB window.
///
/// The same samples always give the same bytes. The dictionary is shorter than `max_size` when
/// the samples hold less (every d-mer covered), and empty for no samples, records all shorter
/// than 8 bytes, or a `max_size` below 8. A DEFLATE match reaches back 32 KiB at most, so
/// `max_size` above 32 KiB adds bytes that no frame can use. At most [`MAX_SAMPLE_BYTES`] of
/// samples are looked at (more are thinned evenly), and at most [`MAX_RECORD_BYTES`] of each.
///
/// ```
/// use fitflate::{dictionary, read, Dictionary, Format, FrameBuilder, Push};
///
/// // Records like those to come (here: made up; in practice, a sample of real ones).
/// let samples: Vec<Vec<u8>> = (0..200)
///     .map(|i| format!("level=info service=checkout msg=\"order placed\" order={i} user={}", i * 7).into_bytes())
///     .collect();
/// let bytes = dictionary::train(&samples, 1024);
/// assert!(!bytes.is_empty() && bytes.len() <= 1024);
///
/// // Frames packed with it (the reader needs the same bytes: save them).
/// let dict = Dictionary::new(&bytes);
/// let mut frame = FrameBuilder::new(128).format(Format::Zlib).dictionary(Some(dict.clone())).build()?;
/// let mut records = 0;
/// while frame.push(format!("level=info service=checkout msg=\"order placed\" order={} user=9", 1000 + records).as_bytes())? == Push::Accepted {
///     records += 1;
/// }
/// let bytes = frame.finish();
/// assert!(bytes.len() <= 128);
/// assert_eq!(read::unpack_with_dictionary(&bytes, None, b"\n", Some(&dict))?.len(), records);
/// assert!(records >= 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn train<S: AsRef<[u8]>>(samples: &[S], max_size: usize) -> Vec<u8> {
    let (d, k) = (D, K);
    if max_size < d {
        return Vec::new();
    }
    let records = looked_at(samples, d);
    if records.is_empty() {
        return Vec::new();
    }
    let mut t = Tables::new(&records, d);
    let window = k - d + 1;
    let mut heap: BinaryHeap<(u64, usize)> = BinaryHeap::new();
    for c in 0..t.chunks.len() {
        let chunk = t.chunks[c];
        let best = t.best(&chunk, window);
        if best.score > 0 {
            heap.push((best.score, c));
        }
    }
    // The segments picked, best first.
    let mut picked: Vec<&[u8]> = Vec::new();
    let mut room = max_size;
    while room >= d {
        let Some((_, c)) = heap.pop() else {
            break;
        };
        let chunk = t.chunks[c];
        let best = t.best(&chunk, window);
        if best.score == 0 {
            continue;
        }
        if heap.peek().is_some_and(|&(next, _)| best.score < next) {
            // Others may now be worth more: back in line with the score it has now.
            heap.push((best.score, c));
            continue;
        }
        // The whole window, covered d-mers inside it too: a match that runs on across them
        // costs less than two (cutting them out did worse on the bundled logs).
        let bytes = &records[chunk.record][best.begin..best.end + d - 1];
        let bytes = &bytes[..bytes.len().min(room)];
        if bytes.len() < d {
            break;
        }
        picked.push(bytes);
        room -= bytes.len();
        t.cover(chunk.record, best.begin, best.end);
        let rest = t.best(&chunk, window);
        if rest.score > 0 {
            heap.push((rest.score, c));
        }
    }
    picked
        .iter()
        .rev()
        .flat_map(|s| s.iter().copied())
        .collect()
}

/// The records looked at: every record, or, past [`MAX_SAMPLE_BYTES`], every n-th; each cut to
/// [`MAX_RECORD_BYTES`]; none shorter than a d-mer.
fn looked_at<S: AsRef<[u8]>>(samples: &[S], d: usize) -> Vec<&[u8]> {
    fn cut<S: AsRef<[u8]>>(s: &S) -> &[u8] {
        let r = s.as_ref();
        &r[..r.len().min(MAX_RECORD_BYTES)]
    }
    let total = samples
        .iter()
        .map(|s| cut(s).len())
        .fold(0, usize::saturating_add);
    let stride = total.div_ceil(MAX_SAMPLE_BYTES).max(1);
    let mut taken = 0usize;
    let mut out = Vec::new();
    for s in samples.iter().step_by(stride) {
        let r = cut(s);
        if r.len() < d {
            continue;
        }
        if taken + r.len() > MAX_SAMPLE_BYTES {
            break;
        }
        taken += r.len();
        out.push(r);
    }
    out
}

/// One candidate: d-mer positions `start..end` of one record.
#[derive(Clone, Copy, Debug)]
struct Chunk {
    record: usize,
    start: usize,
    end: usize,
}

/// The best segment of a candidate: d-mer positions `begin..end` of its record, and its score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    score: u64,
    begin: usize,
    end: usize,
}

/// The d-mers' scores, kept by hash (as zstd's FASTCOVER does): a fixed table whatever the
/// samples hold, and no table of positions (a d-mer's hash is recomputed from the bytes). Two
/// d-mers of one hash share a score, a small error at the table sizes used.
struct Tables<'a> {
    records: &'a [&'a [u8]],
    chunks: Vec<Chunk>,
    d: usize,
    /// Which high bits of the multiplied d-mer are its hash.
    shift: u32,
    /// Per hash: the records that hold the d-mer, zeroed once the dictionary covers it.
    score: Vec<u32>,
    /// Per hash: how often it is in the window being scored (zero between scans).
    in_window: Vec<u32>,
}

/// The most hash bits: 4 Mi entries, 32 MiB of tables.
const MAX_HASH_BITS: u32 = 22;

impl<'a> Tables<'a> {
    fn new(records: &'a [&'a [u8]], d: usize) -> Self {
        let positions: usize = records.iter().map(|r| r.len() - d + 1).sum();
        // Twice as many entries as positions (rounded up to a power of two), within bounds.
        let bits = (usize::BITS - positions.leading_zeros() + 1).clamp(10, MAX_HASH_BITS);
        let mut t = Tables {
            records,
            chunks: Vec::new(),
            d,
            shift: 64 - bits,
            score: vec![0; 1 << bits],
            in_window: vec![0; 1 << bits],
        };
        // `in_window` holds the last record seen with each hash (plus one) while counting.
        for (r, record) in records.iter().enumerate() {
            let n = record.len() - d + 1;
            for p in 0..n {
                let h = t.hash(record, p);
                if t.in_window[h] != r as u32 + 1 {
                    t.in_window[h] = r as u32 + 1;
                    t.score[h] += 1;
                }
            }
            let mut start = 0;
            while start < n {
                let end = (start + CHUNK).min(n);
                t.chunks.push(Chunk {
                    record: r,
                    start,
                    end,
                });
                start = end;
            }
        }
        t.in_window.iter_mut().for_each(|c| *c = 0);
        t
    }

    /// The hash of the d-mer at `p` of `record`.
    fn hash(&self, record: &[u8], p: usize) -> usize {
        let mut word = [0u8; 8];
        let take = (record.len() - p).min(8);
        word[..take].copy_from_slice(&record[p..p + take]);
        let key = u64::from_le_bytes(word) << (64 - 8 * self.d as u32);
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The hashes of a candidate's d-mers.
    fn hashes(&self, c: &Chunk) -> Vec<usize> {
        let record = self.records[c.record];
        (c.start..c.end).map(|p| self.hash(record, p)).collect()
    }

    /// The best window of `window` positions of a candidate (all of a shorter one), trimmed to
    /// its first and last d-mer that still scores; the earliest of equals.
    fn best(&mut self, c: &Chunk, window: usize) -> Segment {
        let hashes = self.hashes(c);
        let (score, in_window) = (&self.score, &mut self.in_window);
        let width = window.min(hashes.len());
        let mut sum = 0u64;
        let mut best = Segment {
            score: 0,
            begin: 0,
            end: 0,
        };
        for (i, &h) in hashes.iter().enumerate() {
            in_window[h] += 1;
            if in_window[h] == 1 {
                sum += u64::from(score[h]);
            }
            if i >= width {
                let out = hashes[i - width];
                in_window[out] -= 1;
                if in_window[out] == 0 {
                    sum -= u64::from(score[out]);
                }
            }
            if i + 1 >= width && sum > best.score {
                best = Segment {
                    score: sum,
                    begin: i + 1 - width,
                    end: i + 1,
                };
            }
        }
        for &h in &hashes[hashes.len() - width..] {
            in_window[h] = 0;
        }
        if best.score == 0 {
            return best;
        }
        while score[hashes[best.begin]] == 0 {
            best.begin += 1;
        }
        while score[hashes[best.end - 1]] == 0 {
            best.end -= 1;
        }
        best.begin += c.start;
        best.end += c.start;
        best
    }

    /// The d-mers at positions `begin..end` of `record` are in the dictionary now.
    fn cover(&mut self, record: usize, begin: usize, end: usize) {
        let bytes = self.records[record];
        for p in begin..end {
            let h = self.hash(bytes, p);
            self.score[h] = 0;
        }
    }
}

#[cfg(test)]
mod tests;
