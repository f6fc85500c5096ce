//! Preset dictionaries (RFC 1950 §2.2's FDICT; zlib's `deflateSetDictionary`): bytes that the
//! decoder is given before the stream, so that matches may reach into them from the first byte.
//!
//! A [`Dictionary`] is primed once: its last `WINDOW_SIZE` bytes are copied into a window and
//! every position is inserted into the hash chains. A `Deflater` made with it starts from a copy
//! of that snapshot, and so does each `reset` (a new frame): two table copies, no re-hashing.
//! Nothing else changes: the dictionary bytes sit in the window before the first block, whose
//! statistics, stored size and close cost cover only what was appended.

use std::sync::Arc;

use crate::matchfinder::MatchFinder;
use crate::parse::{LevelConfig, Parser};
use crate::tables::WINDOW_SIZE;

/// A preset dictionary, primed once and shared (cheap to clone) by every stream made with it.
///
/// Only the last 32 KiB of the bytes given can be reached by a match (the DEFLATE window), so
/// only those are kept; zlib does the same. The dictionary should end with the bytes most
/// likely to recur: they are nearest the data, so their distances are the cheapest.
///
/// ```
/// use fitflate_encoder::{Deflater, Dictionary, Level};
/// let dict = Dictionary::new(b"GET /api/v1/items?id= HTTP/1.1\n");
/// let mut d = Deflater::with_dictionary(Level::DEFAULT, &dict);
/// d.append(b"GET /api/v1/items?id=42 HTTP/1.1\n");
/// let cost = d.close_cost();
/// let raw = d.finish();
/// assert_eq!(raw.len() as u64, cost);
/// assert!(raw.len() < 20); // two matches into the dictionary, and the "42"
/// ```
#[derive(Clone)]
pub struct Dictionary {
    primed: Arc<Primed>,
}

/// The snapshot a stream with a dictionary starts from.
pub(crate) struct Primed {
    /// The dictionary's last `WINDOW_SIZE` bytes: the window before the first appended byte.
    pub(crate) window: Vec<u8>,
    /// Hash chains with every position of `window` that has enough bytes after it.
    pub(crate) matcher: MatchFinder,
    /// Positions below this are in the chains (the last few wait for the data that follows).
    pub(crate) hashed_upto: usize,
}

impl Dictionary {
    /// Prime a dictionary from `bytes` (any length; only the last 32 KiB are used).
    pub fn new(bytes: &[u8]) -> Self {
        let window = bytes[bytes.len().saturating_sub(WINDOW_SIZE)..].to_vec();
        let mut matcher = MatchFinder::new();
        // The parser's own insertion, so the chains are exactly what appending the bytes would
        // have built (without parsing them).
        let mut parser = Parser::new(LevelConfig::for_level(1));
        parser.skip_to_end(&window, &mut matcher);
        Dictionary {
            primed: Arc::new(Primed {
                hashed_upto: parser.hashed_upto,
                window,
                matcher,
            }),
        }
    }

    /// The bytes a stream made with this dictionary sees before its own: the last 32 KiB (or
    /// fewer) of the bytes given to [`Dictionary::new`].
    pub fn window(&self) -> &[u8] {
        &self.primed.window
    }

    pub(crate) fn primed(&self) -> &Primed {
        &self.primed
    }

    /// True when both are the same primed dictionary (or equal bytes).
    fn same(&self, other: &Dictionary) -> bool {
        Arc::ptr_eq(&self.primed, &other.primed) || self.window() == other.window()
    }
}

impl PartialEq for Dictionary {
    fn eq(&self, other: &Self) -> bool {
        self.same(other)
    }
}

impl Eq for Dictionary {}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("window_len", &self.primed.window.len())
            .finish()
    }
}
