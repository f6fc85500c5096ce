//! `fitflate-encoder`: a from-scratch DEFLATE (RFC 1951) encoder that knows, after every
//! `append`, exactly how many bytes the raw stream would take if it were closed now, and that can
//! roll appends back so completely that the output is bit-identical to never having seen them.
//!
//! The pipeline, one module per stage: `deflater` (the `Deflater`: chunks, block policy,
//! window) → `parse` (greedy, lazy and two-step lazy parsing; `optimal`: near-optimal parsing)
//! → `matchfinder` (hash chains) → `block` (the pending block and the one cost model, a
//! directory with one file per stage: `stats` symbol statistics, `cost` exact block sizes,
//! `header` dynamic headers, `tune` codes tuned for small blocks, `reference` the reference code
//! and cheap bounds, `split` block splitting, `plan` the pricing context and the one list of
//! candidate encodings, `write` emission) → `huffman` (length-limited codes) → `bitwriter` (bit
//! output). `close` prices and performs closing from the same candidates, and answers "does it
//! fit" from them too; `checkpoint` undoes tentative appends.
//!
//! ```
//! use fitflate_encoder::{Deflater, Level};
//! let mut d = Deflater::new(Level::DEFAULT);
//! d.append(b"hello hello hello\n");
//! let cost = d.close_cost();
//! d.checkpoint();
//! d.append(b"a record that turns out not to fit\n");
//! d.rollback(); // as if it had never been appended
//! let out = d.finish();
//! assert_eq!(out.len() as u64, cost);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ahead;
mod bitwriter;
mod block;
mod btree;
mod checkpoint;
mod close;
mod deflater;
mod dictionary;
mod huffman;
mod level;
mod matchfinder;
mod optimal;
mod parse;
mod tables;

pub use ahead::{InputLists, ListMaker, MatchLists, MatchSource};
#[doc(hidden)]
pub use bitwriter::BitWriter as RawBitWriter;
pub use block::SplitEffort;
pub use deflater::Deflater;
pub use dictionary::Dictionary;
pub use level::{Level, LevelError};

/// One-shot compression of `data` with near-optimal parsing (iterated least-cost parsing under
/// the block's own Huffman costs) at `SqueezeEffort::MAX`: the strongest and slowest effort,
/// returning a complete raw DEFLATE stream (level 10 for whole streams; capped frames at level
/// 10 use `Deflater` with `set_optimal_blocks` and `squeeze` instead).
pub fn compress_optimal(data: &[u8]) -> Vec<u8> {
    optimal::compress(data)
}

/// How hard near-optimal parsing works (`Deflater::squeeze`, `Deflater::set_optimal_blocks`,
/// `compress_optimal`): match-search depth and parse / re-cost rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SqueezeEffort {
    /// Most match candidates (binary-tree nodes) compared per position; every match length
    /// found is kept.
    pub max_depth: u32,
    /// Parse / re-cost rounds: each re-parses with symbols priced by the previous parse.
    pub rounds: usize,
}

impl SqueezeEffort {
    /// Cheap enough to run whenever a frame is full (see `benches/examples/tune.rs`). A depth of
    /// 32 packs as densely as 64 hash-chain links did (`benches/examples/strongest_probe.rs`
    /// with squeezing at level 6).
    pub const FAST: SqueezeEffort = SqueezeEffort {
        max_depth: 32,
        rounds: 2,
    };
    /// The strongest effort (level 10; `compress_optimal` always uses it). On the bundled kinds
    /// a depth beyond 64 finds nothing more, and three rounds get most of the gain while five
    /// are within 0.1 % of where twelve converge.
    pub const MAX: SqueezeEffort = SqueezeEffort {
        max_depth: 128,
        rounds: 5,
    };
}
