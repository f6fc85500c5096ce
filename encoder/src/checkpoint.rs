//! Checkpoint and rollback: undoing tentative appends so completely that the stream is
//! bit-identical to never having seen them.
//!
//! What an append can change, and how each is restored:
//! - the bit writer: bytes are only appended, so its byte length and accumulator suffice;
//! - the window buffer: truncated back to its old length;
//! - the hash chains: the `prev` slots each chunk may reuse are saved before it is parsed, in
//!   `MatchFinder` (O(bytes appended));
//! - the pending block: its symbol count and raw range are saved here, and its statistics are
//!   recomputed at rollback by taking back the symbols pushed since (O(record), no copy per
//!   checkpoint); if a block was emitted during the tentative appends, the old block's symbols
//!   are stashed here whole and its statistics recounted from them;
//! - the reference code: kept here only if it is replaced during the tentative appends;
//! - parser state (positions, a deferred lazy match) and the input counter: saved here.
//!
//! A window slide during tentative appends is the one change that is not undone: it only
//! forgets positions that are out of reach of every position still to come (and never the
//! checkpoint's own window or block bytes), so it cannot change any later output. The saved
//! positions here slide along with it.

use crate::bitwriter::Mark;
use crate::block::{BlockStats, PendingBlock, RawRange, Reference, Symbol};
use crate::parse::Parser;

#[derive(Clone, Debug)]
pub struct Checkpoint {
    pub out: Mark,
    pub window_len: usize,
    pub parser: Parser,
    pub total_in: u64,
    syms_len: usize,
    /// The pending block's raw range at the checkpoint (`BlockStats::raw_range`).
    raw_range: RawRange,
    /// The pending block's squeezed symbols (`PendingBlock::squeezed`).
    squeezed: Option<(usize, crate::SqueezeEffort)>,
    /// The pending block's symbols, taken when a block was emitted during the tentative region,
    /// and the stream's `last_optimal` statistics as they were then.
    stash: Option<(Vec<Symbol>, Option<BlockStats>)>,
    /// The block's reference code and schedule, taken when they were replaced (a rebuild at a
    /// chunk start, or the reset after an emitted block) during the tentative region.
    reference: Option<(Option<Reference>, usize)>,
}

impl Checkpoint {
    /// Nothing of the block is copied here: its statistics are recomputed at rollback from the
    /// symbols (taking back the few pushed since), so a checkpoint costs O(1).
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
            raw_range: block.stats.raw_range(),
            squeezed: block.squeezed,
            stash: None,
            reference: None,
        }
    }

    /// The block's reference code is about to be replaced: keep the checkpoint's.
    pub fn before_reference_change(&mut self, old: (Option<Reference>, usize)) {
        if self.reference.is_none() {
            self.reference = Some(old);
        }
    }

    /// A block was just emitted and `block` is about to be reset: keep the checkpoint's symbols,
    /// reference code and the stream's near-optimal seed (`Deflater::last_optimal`) as it was
    /// before the block.
    pub fn before_block_reset(
        &mut self,
        block: &mut PendingBlock,
        last_optimal: Option<BlockStats>,
    ) {
        if self.stash.is_none() {
            self.stash = Some((std::mem::take(&mut block.syms), last_optimal));
        }
        let old = (block.reference.take(), block.next_reference_at);
        self.before_reference_change(old);
    }

    /// Put `block` back as it was at the checkpoint.
    pub fn restore_block(
        &mut self,
        block: &mut PendingBlock,
        last_optimal: &mut Option<BlockStats>,
    ) {
        match self.stash.take() {
            Some((syms, last)) => {
                *last_optimal = last;
                block.syms = syms;
                block.syms.truncate(self.syms_len);
                block.stats = BlockStats::of(&block.syms, 0);
            }
            None => {
                while block.syms.len() > self.syms_len {
                    if let Some(sym) = block.syms.pop() {
                        block.stats.unpush(sym);
                    }
                }
            }
        }
        block.stats.set_raw_range(self.raw_range);
        block.squeezed = self.squeezed;
        if let Some((reference, next_at)) = self.reference.take() {
            block.reference = reference;
            block.next_reference_at = next_at;
        }
    }

    /// The window index of the checkpoint's block's first byte, if a rollback may need its
    /// bytes (a block that may be stored, `BlockStats::keeps_bytes`).
    pub fn block_bytes_from(&self) -> Option<usize> {
        self.raw_range.kept_from()
    }

    /// The window buffer dropped its first `delta` bytes.
    pub fn slide(&mut self, delta: usize) {
        self.window_len -= delta;
        self.parser.slide(delta);
        self.raw_range.slide(delta);
    }
}
