//! `fitflate`: capped DEFLATE, zlib and gzip frames — the most whole records under a hard byte
//! cap.
//!
//! The encoder ([`fitflate_encoder`], re-exported here) knows after every append exactly how many
//! bytes its finished stream would take, and can undo an append bit for bit. On top of it:
//!
//! - [`container`]: the raw, zlib, gzip and legacy containers (headers, trailers, checksums);
//! - [`stream`]: [`Compressor`], the encoder inside a container, whose `close_cost()` is the exact
//!   length of its finished output;
//! - [`frame`]: [`Frame`], a stream that takes whole records one at a time and always finishes at
//!   or under its cap;
//! - [`pack`]: [`Packer`], which turns any stream of records into a sequence of frames, with
//!   statistics;
//! - [`read`]: reads frames back — [`unpack`] gives the records of a frame in any format (gzip,
//!   zlib and legacy told apart from the bytes), [`read::decompress`] decodes plain streams like
//!   `gzip -dc`;
//! - [`verify`]: checks a frame from the outside with an independent inflater.
//!
//! ```
//! use fitflate::{FrameBuilder, Format, Level, Push};
//!
//! let mut frame = FrameBuilder::new(4096).format(Format::Gzip).level(Level::DEFAULT).build()?;
//! for record in [&b"first"[..], b"second"] {
//!     match frame.push(record)? {
//!         Push::Accepted => {}
//!         Push::Full => break, // finish this frame, push the record into the next one
//!     }
//! }
//! let bytes = frame.finish();
//! assert!(bytes.len() <= 4096);
//! # Ok::<(), fitflate::FrameError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ahead;
pub mod container;
pub mod dictionary;
pub mod frame;
pub mod pack;
pub mod read;
pub mod stream;
pub mod verify;

pub use ahead::{Feeder, MatchAhead};
pub use container::Format;
pub use dictionary::{Dictionary, NoDictionaryField};
pub use fitflate_encoder::{
    compress_optimal, Deflater, InputLists, Level, LevelError, MatchLists, MatchSource,
    SplitEffort, SqueezeEffort,
};
pub use frame::{BuildError, Frame, FrameBuilder, FrameError, Push, PushError, MAX_RECORD_LEN};
pub use pack::{
    FrameStats, LineRecords, OversizedPolicy, PackError, PackTotals, PackedFrame, Packer, Pushed,
    SkippedRecord,
};
pub use read::{unpack, RecordIter, Records};
pub use stream::Compressor;
pub use verify::{verify_frame, FrameReport, VerifyError, VerifyOptions};
