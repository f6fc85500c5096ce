//! Preset dictionaries for zlib and raw frames (RFC 1950 §2.2: FDICT and DICTID; zlib's
//! `deflateSetDictionary`, Python's `zdict=`): bytes both sides know before a frame, so that
//! even a frame's first record finds matches. Small frames gain most: they start with an empty
//! window and pay a Huffman header for a few records.
//!
//! A zlib frame made with a dictionary sets FDICT and carries the dictionary's Adler-32 (DICTID)
//! after its two header bytes, 4 bytes more than a plain one; a raw frame carries nothing, the
//! dictionary is agreed out of band; gzip has no field for it, so gzip and legacy frames refuse
//! one.
//!
//! [`train`] makes a dictionary from sample records: the byte strings that recur across them.

use std::sync::{Arc, OnceLock};

use crate::container::{adler32, Format};

mod train;

pub use train::{train, MAX_RECORD_BYTES, MAX_SAMPLE_BYTES};

/// A preset dictionary: its bytes primed once for the encoder (only the last 32 KiB can be
/// reached by a match, so only those are kept) and its DICTID, the Adler-32 of all the bytes
/// given (as zlib computes it). Cheap to clone: frames share one primed snapshot.
///
/// ```
/// use fitflate::{read, Dictionary, Format, FrameBuilder, Push};
///
/// let dict = Dictionary::new(b"level=info service=checkout msg=\"order placed\" user=");
/// let builder = FrameBuilder::new(64).format(Format::Zlib).dictionary(Some(dict.clone()));
/// let mut frame = builder.build()?;
/// assert_eq!(frame.push(b"level=info service=checkout msg=\"order placed\" user=41")?, Push::Accepted);
/// assert_eq!(frame.push(b"level=info service=checkout msg=\"order placed\" user=42")?, Push::Accepted);
/// let bytes = frame.finish();
/// assert!(bytes.len() <= 64);
/// let records = read::unpack_with_dictionary(&bytes, Some(Format::Zlib), b"\n", Some(&dict))?;
/// assert_eq!(records.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Dictionary {
    /// The last 32 KiB (or fewer) of the bytes given.
    window: Arc<[u8]>,
    /// The encoder's primed snapshot, made when the first stream needs it (readers never do),
    /// once for all clones.
    primed: Arc<OnceLock<fitflate_encoder::Dictionary>>,
    id: u32,
    len: u64,
}

impl Dictionary {
    /// A dictionary of `bytes` (any length; the most useful bytes last, nearest the data).
    pub fn new(bytes: &[u8]) -> Self {
        Dictionary {
            window: bytes[bytes.len().saturating_sub(WINDOW_SIZE)..].into(),
            primed: Arc::new(OnceLock::new()),
            id: adler32(bytes),
            len: bytes.len() as u64,
        }
    }

    /// The DICTID: the Adler-32 of all the bytes given, as a zlib header carries it.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// How many bytes were given.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// True for a dictionary of no bytes (which changes nothing but the zlib header).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes a decoder's window starts with: the last 32 KiB (or fewer) of those given.
    pub fn window(&self) -> &[u8] {
        &self.window
    }

    /// The encoder's primed snapshot (made on first use).
    pub(crate) fn primed(&self) -> &fitflate_encoder::Dictionary {
        self.primed
            .get_or_init(|| fitflate_encoder::Dictionary::new(&self.window))
    }
}

/// The DEFLATE window: the farthest back a match reaches, so the most of a dictionary used.
const WINDOW_SIZE: usize = 32 * 1024;

impl PartialEq for Dictionary {
    /// The same bytes as far as any stream can tell: the same DICTID, length and window.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.len == other.len && self.window == other.window
    }
}

impl Eq for Dictionary {}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("id", &format_args!("{:08x}", self.id))
            .field("len", &self.len)
            .finish()
    }
}

/// A preset dictionary given for a format that cannot carry one (gzip and legacy frames).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoDictionaryField {
    /// The format asked for.
    pub format: Format,
}

impl std::fmt::Display for NoDictionaryField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} frames cannot carry a preset dictionary (gzip has no field for it): use zlib \
             frames, or raw frames with the dictionary agreed out of band",
            self.format
        )
    }
}

impl std::error::Error for NoDictionaryField {}

impl Format {
    /// Whether streams of this format may be made with a preset dictionary: zlib (FDICT and
    /// DICTID in its header) and raw (the dictionary agreed out of band), not gzip or legacy.
    pub fn takes_dictionary(self) -> bool {
        matches!(self, Format::Raw | Format::Zlib)
    }

    /// Header bytes a preset dictionary adds: zlib's 4-byte DICTID; none for raw.
    pub fn dictionary_header_len(self) -> u64 {
        if self == Format::Zlib {
            4
        } else {
            0
        }
    }

    /// Bytes this container adds around the DEFLATE data of a stream made with `dict` (or
    /// none): [`Format::overhead`] plus zlib's DICTID when there is a dictionary.
    pub(crate) fn overhead_with(self, dict: Option<&Dictionary>) -> u64 {
        self.overhead() + dict.map_or(0, |_| self.dictionary_header_len())
    }
}
