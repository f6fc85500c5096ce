//! Packing on more than one core with frames that do not depend on how many: helper threads
//! walk the hash chains ahead of the packer ([`MatchLists`]) and the packer's frames take their
//! searches' answers from those lists. Every frame is byte for byte the frame one thread makes.
//!
//! The input is cut into stretches of `STRETCH` bytes. A helper takes the next stretch once its
//! bytes (and `MatchLists::LOOKAHEAD` more) have been fed, at most `AHEAD` stretches before the
//! packer, and makes its lists; the packer takes a stretch's lists when it gets there and walks
//! the chains itself through a stretch no helper has finished (taking the one after it too when
//! a helper is still at work, so that the helpers get ahead again). Neither side ever waits for
//! the other, whichever is faster on the data at hand.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};

use fitflate_encoder::{Level, ListMaker, MatchLists, MatchSource};

use crate::FrameBuilder;

/// Input bytes per stretch of lists.
const STRETCH: u64 = 128 << 10;
/// Stretches a helper may work ahead of the one the packer is in (memory: a few MiB).
const AHEAD: u64 = 24;
/// Stretches the helpers should have taken beyond the one the packer enters; with fewer, the
/// packer takes the next one itself.
const LEAD: u64 = 2;
/// Stretches kept behind the packer's, for a frame that starts again at a refused record.
const BEHIND: u64 = 2;
/// Helper threads at most, whatever is asked for.
const MAX_HELPERS: usize = 255;
/// Lists kept for reuse.
const SPARE: usize = 4;
/// Input bytes dropped at a time once no helper needs them.
const TRIM: u64 = 1 << 20;

/// Match finding ahead on helper threads, for one record stream packed by one [`Packer`]
/// (`Packer::match_ahead`) at levels 4-9 without a preset dictionary. Feed every record to the
/// [`Feeder`] before (or while) the packer takes it, in the same order, then call
/// [`Feeder::end`]. The feeder keeps the records fed until the helpers are past them, so feed
/// a stream as it is read rather than all at once. Feeding other records than the packer takes
/// is a caller's bug: release builds then walk the chains themselves wherever a listed match is
/// not one in the frame (the frames stay right), debug builds panic.
///
/// ```
/// use fitflate::{FrameBuilder, MatchAhead, Packer, Pushed};
///
/// let builder = FrameBuilder::new(4096);
/// let ahead = MatchAhead::new(&builder, 1).expect("level 6 can use helpers");
/// let records: Vec<String> = (0..3000).map(|i| format!("GET /item/{} 200", i % 97)).collect();
/// let feeder = ahead.feeder();
/// let reader = std::thread::scope(|s| {
///     // A reader thread feeds the helpers ahead of the packer.
///     s.spawn(|| {
///         feeder.records(records.iter().map(|r| r.as_bytes()));
///         feeder.end();
///     });
///     let mut packer = Packer::new(builder.clone())?.match_ahead(&ahead);
///     let mut frames = Vec::new();
///     for r in &records {
///         if let Pushed::Completed(frame) = packer.push(r.as_bytes())? {
///             frames.push(frame.bytes);
///         }
///     }
///     frames.extend(packer.finish().0.map(|f| f.bytes));
///     // The same frames as one thread makes.
///     let (alone, _) = Packer::new(builder.clone())?.pack_all(records.iter().map(|r| r.as_bytes()))?;
///     assert!(frames.iter().eq(alone.iter().map(|f| &f.bytes)));
///     Ok::<(), Box<dyn std::error::Error>>(())
/// });
/// reader?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct MatchAhead {
    shared: Arc<Shared>,
    helpers: Vec<JoinHandle<()>>,
}

impl fmt::Debug for MatchAhead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MatchAhead")
            .field("level", &self.shared.level)
            .field("helpers", &self.helpers.len())
            .finish()
    }
}

/// Feeds a [`MatchAhead`] the records, each followed by the frames' delimiter.
#[derive(Clone)]
pub struct Feeder {
    shared: Arc<Shared>,
}

impl fmt::Debug for Feeder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Feeder")
    }
}

struct Shared {
    level: Level,
    delimiter: Vec<u8>,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Input from offset `input_start` (record, delimiter, record, ...).
    input: Vec<u8>,
    input_start: u64,
    /// No more input will be fed.
    ended: bool,
    /// The `MatchAhead` is gone: helpers stop.
    closed: bool,
    /// The first stretch no helper has taken yet (nor the packer passed).
    next: u64,
    /// The stretch the packer asked for last.
    packer: u64,
    stretches: BTreeMap<u64, Stretch>,
    /// Lists the packer is done with, for helpers to reuse their memory.
    spare: Vec<MatchLists>,
}

enum Stretch {
    Working,
    Done(Arc<MatchLists>),
    /// The packer got there first and walks its own chains.
    Packer,
}

impl MatchAhead {
    /// Helpers for frames made by `builder` (`helpers` threads, at most 255 and as many as the
    /// system will start): `None` when its frames cannot use them (levels 0-3 and 10, a preset
    /// dictionary), `helpers` is 0 or no thread could be started. They pay at large caps only: below
    /// 64 KiB a frame's own chains end close behind it while a helper walks the whole window,
    /// and two threads measured slower than one (the paper's `--jobs` table; `pack --jobs`
    /// starts none there).
    pub fn new(builder: &FrameBuilder, helpers: usize) -> Option<MatchAhead> {
        let level = builder.level_setting();
        if helpers == 0 || !MatchLists::supports(level) || builder.has_dictionary() {
            return None;
        }
        let shared = Arc::new(Shared {
            level,
            delimiter: builder.delimiter_setting().to_vec(),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        });
        let mut ahead = MatchAhead {
            shared,
            helpers: Vec::new(),
        };
        // As many as asked for and the system gives (at least one, or none at all: dropping
        // `ahead` then ends the ones started).
        for _ in 0..helpers.min(MAX_HELPERS) {
            let shared = ahead.shared.clone();
            let spawned = thread::Builder::new()
                .name("fitflate-ahead".into())
                .spawn(move || shared.help());
            match spawned {
                Ok(h) => ahead.helpers.push(h),
                Err(_) => break,
            }
        }
        (!ahead.helpers.is_empty()).then_some(ahead)
    }

    /// Where records are fed.
    pub fn feeder(&self) -> Feeder {
        Feeder {
            shared: self.shared.clone(),
        }
    }

    pub(crate) fn source(&self) -> Arc<dyn MatchSource> {
        self.shared.clone()
    }
}

impl Drop for MatchAhead {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.changed.notify_all();
        for h in self.helpers.drain(..) {
            // A helper that panicked has nothing to give back; the packer walked its chains.
            let _ = h.join();
        }
    }
}

impl Feeder {
    /// The next records, in the order the packer will take them.
    pub fn records<'a>(&self, records: impl IntoIterator<Item = &'a [u8]>) {
        let mut st = self.shared.lock();
        for r in records {
            st.input.extend_from_slice(r);
            st.input.extend_from_slice(&self.shared.delimiter);
        }
        drop(st);
        self.shared.changed.notify_all();
    }

    /// No more records.
    pub fn end(&self) {
        self.shared.lock().ended = true;
        self.shared.changed.notify_all();
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MatchAhead")
            .field("level", &self.level)
            .finish()
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A helper that panicked leaves consistent state (it panics outside the lock).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A helper's loop: take the next stretch whose input is there, make its lists.
    fn help(&self) {
        let mut maker = ListMaker::new();
        let mut data = Vec::new();
        let mut st = self.lock();
        loop {
            if st.closed {
                return;
            }
            let input_end = st.input_start + st.input.len() as u64;
            let k = st.next;
            let (start, end) = (k * STRETCH, (k + 1) * STRETCH);
            if st.ended && start >= input_end {
                return;
            }
            let ready = input_end >= end + MatchLists::LOOKAHEAD as u64 || st.ended;
            if !ready || k > st.packer + AHEAD {
                st = self.changed.wait(st).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            st.next = k + 1;
            st.stretches.insert(k, Stretch::Working);
            let from = start
                .saturating_sub(MatchLists::LOOKBEHIND as u64)
                .max(st.input_start);
            let to = (end + MatchLists::LOOKAHEAD as u64).min(input_end);
            data.clear();
            data.extend_from_slice(
                &st.input[(from - st.input_start) as usize..(to - st.input_start) as usize],
            );
            let at_end = st.ended && to == input_end;
            if let Some(spare) = st.spare.pop() {
                maker.recycle(spare);
            }
            drop(st);
            let positions = start..end.min(input_end);
            let lists = maker.make(self.level, &data, from, positions, at_end);
            st = self.lock();
            st.stretches.insert(k, Stretch::Done(Arc::new(lists)));
            self.changed.notify_all();
        }
    }
}

impl State {
    /// Stretch `k` is the packer's: it walks its own chains there, and no helper takes it.
    fn reserve(&mut self, k: u64) {
        self.stretches.insert(k, Stretch::Packer);
        self.next = self.next.max(k + 1);
    }
}

impl MatchSource for Shared {
    fn lists(&self, pos: u64) -> Result<Arc<MatchLists>, u64> {
        let k = pos / STRETCH;
        let none = Err((k + 1) * STRETCH);
        let mut st = self.lock();
        let (packer, next) = (st.packer, st.next);
        if k > st.packer {
            st.packer = k;
            let keep = k.saturating_sub(BEHIND);
            let kept = st.stretches.split_off(&keep);
            for (_, old) in std::mem::replace(&mut st.stretches, kept) {
                if let Stretch::Done(lists) = old {
                    if let (Ok(lists), true) = (Arc::try_unwrap(lists), st.spare.len() < SPARE) {
                        st.spare.push(lists);
                    }
                }
            }
            // Input no helper will need again.
            let needed = (st.next * STRETCH).saturating_sub(MatchLists::LOOKBEHIND as u64);
            if needed >= st.input_start + TRIM {
                let n = ((needed - st.input_start) as usize).min(st.input.len());
                st.input.drain(..n);
                st.input_start += n as u64;
            }
        }
        let answer = match st.stretches.get(&k) {
            Some(Stretch::Done(lists)) => {
                let lists = lists.clone();
                // The helpers are barely ahead: the packer will walk the next stretch none has
                // taken itself, so that they keep ahead (and none of their work is wasted on a
                // stretch the packer reaches first).
                if st.next <= k + LEAD {
                    let own = st.next;
                    st.reserve(own);
                }
                Ok(lists)
            }
            Some(Stretch::Working) => {
                // A helper is still at it: the packer does not wait (a helper walks more than
                // the frame would), it walks this stretch itself and takes the next one none
                // has taken too, so that the helpers get ahead again.
                if st.next == k + 1 {
                    st.reserve(k + 1);
                }
                none
            }
            Some(Stretch::Packer) => none,
            None if k >= st.next => {
                // No helper got here: the packer walks, helpers go on beyond.
                st.reserve(k);
                none
            }
            None => none,
        };
        // The packer moved on or took a stretch: a waiting helper may go on.
        if (st.packer, st.next) != (packer, next) {
            self.changed.notify_all();
        }
        answer
    }
}
