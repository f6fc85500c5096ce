//! The pending block, the one block cost model, and block emission (RFC 1951 §3.2.3–§3.2.7).
//!
//! `plan` prices the pending symbols as each block type, exactly, in bits, and picks the
//! cheapest; `write` emits a plan and asserts that it wrote exactly the bits it predicted. The
//! encoder uses `plan` both to emit blocks and to answer "what would closing cost now", so the two
//! can never disagree.

mod cost;
mod header;
mod reference;
mod split;
mod stats;
mod tune;
mod write;

pub use cost::{plan, plan_fits, Plan};
pub use reference::{cheap_size_bound, reference_bound, stored_or_fixed_bound, Reference};
pub use split::{best_split, Split, SplitEffort};
pub use stats::{BlockStats, PendingBlock, Symbol, SymbolSink};
pub use tune::refine_code;
pub use write::{write, write_split};
