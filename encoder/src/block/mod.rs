//! The pending block, the one block cost model, and block emission (RFC 1951 §3.2.3–§3.2.7).
//!
//! One file per stage:
//! - `stats`: symbols, their statistics (`BlockStats`) and the pending block;
//! - `cost`: the exact size of a block as stored, fixed or dynamic, at its bit position;
//! - `header`: dynamic codes and the sizing of their headers;
//! - `tune`: codes tuned for small blocks (run-friendly codes, refinement by swaps);
//! - `reference`: the reference code and the cheap upper bounds it gives;
//! - `split`: cost-based block splitting;
//! - `plan`: the pricing context (`Pricing`), the one list of candidate encodings
//!   (`Candidates`) and the plan, their cheapest;
//! - `write`: emission of a plan, asserting that it wrote exactly the bits it predicted.
//!
//! The encoder uses the candidates to emit blocks, to answer "what would closing cost now" and
//! to answer "does it fit", so the three can never disagree.

mod cost;
mod header;
mod plan;
mod reference;
mod split;
mod stats;
mod tune;
mod write;

pub use plan::{plan, Candidates, Encoding, Plan, Pricing};
pub use reference::{cheap_size_bound, reference_bound, stored_or_fixed_bound, Reference};
pub use split::SplitEffort;
pub(crate) use stats::log2;
pub use stats::{BlockStats, PendingBlock, RawRange, Symbol, SymbolSink};
pub use write::write;
