//! Checkpoint and rollback: undoing tentative appends so completely that the stream is
//! bit-identical to never having seen them.
//!
//! What an append can change, and how each is restored:
//! - the bit writer: bytes are only appended, so its byte length and accumulator suffice;
//! - the window buffer: truncated back to its old length;
//! - the hash chains: journaled insert by insert in `MatchFinder` (O(bytes appended));
//! - the pending block: its symbol count, frequencies and raw range are saved here; if a block
//!   was emitted during the tentative appends, the old block's symbols are stashed here whole;
//! - parser state (positions, a deferred lazy match), the reference code and the input
//!   counter: saved here.
//!
//! A window slide during tentative appends is the one change that is not undone: it only
//! forgets positions that are out of reach of every position still to come (and never the
//! checkpoint's own window or block bytes), so it cannot change any later output. The saved
//! positions here slide along with it.

use crate::bitwriter::Mark;
use crate::block::{BlockStats, PendingBlock, Reference, Symbol};
use crate::parse::Parser;

#[derive(Clone, Debug)]
pub struct Checkpoint {
    pub out: Mark,
    pub window_len: usize,
    pub parser: Parser,
    pub total_in: u64,
    syms_len: usize,
    /// The pending block's symbols, taken when a block was emitted during the tentative region.
    stash: Option<Vec<Symbol>>,
    pub stats: BlockStats,
    /// The block's reference code and schedule (rebuilt at chunk starts, maybe meanwhile).
    reference: Option<Reference>,
    next_reference_at: usize,
}

impl Checkpoint {
    pub fn new(
        out: Mark,
        window_len: usize,
        parser: &Parser,
        block: &PendingBlock,
        total_in: u64,
    ) -> Self {
        Checkpoint {
            out,
            window_len,
            parser: parser.clone(),
            total_in,
            syms_len: block.syms.len(),
            stash: None,
            stats: block.stats.clone(),
            reference: block.reference.clone(),
            next_reference_at: block.next_reference_at,
        }
    }

    /// A block is about to be emitted and `block` reset: keep the checkpoint's symbols.
    pub fn before_block_reset(&mut self, block: &mut PendingBlock) {
        if self.stash.is_none() {
            self.stash = Some(std::mem::take(&mut block.syms));
        }
    }

    /// Put `block` back as it was at the checkpoint.
    pub fn restore_block(&mut self, block: &mut PendingBlock) {
        if let Some(syms) = self.stash.take() {
            block.syms = syms;
        }
        block.syms.truncate(self.syms_len);
        block.stats = self.stats.clone();
        block.reference = self.reference.take();
        block.next_reference_at = self.next_reference_at;
    }

    /// The window buffer dropped its first `delta` bytes.
    pub fn slide(&mut self, delta: usize) {
        self.window_len -= delta;
        self.parser.slide(delta);
        self.stats.raw_start -= delta;
        self.stats.raw_end -= delta;
    }
}
