//! What closing the stream owes, priced by the block cost model (RFC 1951 §3.2.3).
//!
//! Closing = the pending block (with the held-back tail parsed into it), in the cheapest type `block::plan` finds, emitted with BFINAL
//! set, then zero padding to a byte boundary. When nothing is pending (an empty stream, or
//! nothing since the last emitted block), the pending block is empty and `plan` finds the
//! cheapest final block to be an empty fixed one: 3 header bits + the 7-bit end-of-block code.
//! (Setting BFINAL on an already written block instead would save those 10 bits, but between
//! appends the pending block is never empty after a non-empty append, so the case is rare and
//! the simpler rule is kept.)
//!
//! `close_cost` and `finish` both go through `Closing::new`, so they cannot disagree.

use crate::bitwriter::BitWriter;
use crate::block::{self, BlockStats, PendingBlock, Plan, Reference, Split, SplitEffort, Symbol};

/// The typed answer to "what would closing cost now".
#[derive(Clone, Debug)]
pub struct Closing {
    /// Bits already written (emitted blocks).
    pub written_bits: u64,
    /// The final block as `finish` would emit it ...
    pub final_block: Plan,
    /// ... or, when splitting is on and cheaper, the blocks it would emit instead.
    pub split: Option<Split>,
}

impl Closing {
    /// `split`: the pending block's symbols and the search effort when block splitting is on
    /// (see `block::best_split`), else `None`.
    pub fn new(
        out: &BitWriter,
        pending: &BlockStats,
        stored_only: bool,
        reference: Option<&Reference>,
        split: Option<(&[Symbol], SplitEffort)>,
    ) -> Self {
        let written_bits = out.bit_len();
        let mut final_block = block::plan(pending, written_bits, stored_only, reference);
        if split.is_some_and(|(_, effort)| effort.refine_codes) {
            final_block = block::refine_code(pending, final_block);
        }
        let split = split.and_then(|(syms, effort)| {
            block::best_split(syms, pending, written_bits, final_block.bits, effort)
        });
        Closing {
            written_bits,
            final_block,
            split,
        }
    }

    /// Bits of the final block (or split blocks).
    pub fn final_bits(&self) -> u64 {
        self.split
            .as_ref()
            .map_or(self.final_block.bits, Split::bits)
    }

    /// Bits of the finished stream before the final padding.
    pub fn total_bits(&self) -> u64 {
        self.written_bits + self.final_bits()
    }

    /// Bytes of the finished stream.
    pub fn total_bytes(&self) -> u64 {
        self.total_bits().div_ceil(8)
    }

    /// Emit the block this prices (the pending one: final, or not when a full block is emitted
    /// mid-stream), split when that was cheaper.
    pub fn write_block(
        &self,
        out: &mut BitWriter,
        pending: &PendingBlock,
        window: &[u8],
        last: bool,
    ) {
        match &self.split {
            Some(split) => block::write_split(out, split, pending, window, last),
            None => block::write(out, &self.final_block, pending, window, last),
        }
    }

    /// Emit the final block and the padding; returns the stream (less the bytes taken from the
    /// writer before).
    pub fn finish(self, mut out: BitWriter, pending: &PendingBlock, window: &[u8]) -> Vec<u8> {
        self.write_block(&mut out, pending, window, true);
        debug_assert_eq!(
            out.bit_len().div_ceil(8),
            self.total_bytes(),
            "finish != close cost"
        );
        out.into_bytes()
    }
}

/// True when `Closing::new(..).total_bytes() <= limit`, decided by `block::plan_fits`: the same
/// prices as `Closing::new`, computed only until one candidate fits.
pub fn fits_exactly(
    out: &BitWriter,
    pending: &BlockStats,
    stored_only: bool,
    reference: Option<&Reference>,
    split: Option<(&[Symbol], SplitEffort)>,
    limit: u64,
) -> bool {
    let written = out.bit_len();
    // ceil((written + bits) / 8) <= limit  <=>  bits <= 8 * limit - written
    limit
        .checked_mul(8)
        .and_then(|l| l.checked_sub(written))
        .is_some_and(|room| {
            block::plan_fits(pending, written, stored_only, reference, room)
                || split.is_some_and(|(syms, effort)| {
                    effort.refine_codes && {
                        let plan = block::plan(pending, written, stored_only, reference);
                        block::refine_code(pending, plan).bits <= room
                    } || block::best_split(syms, pending, written, room + 1, effort).is_some()
                })
        })
}

/// A cheap upper bound of `Closing::new(..).total_bytes()`: the pending block plus the `tail`
/// bytes not yet parsed, priced as stored, fixed or under the block's reference code (whichever
/// is smallest); the real plan considers all three and may do better.
pub fn bytes_upper_bound(
    out: &BitWriter,
    pending: &PendingBlock,
    tail: u64,
    stored_only: bool,
) -> u64 {
    let at = out.bit_len();
    let bits = block::cheap_size_bound(
        &pending.stats,
        tail,
        at,
        stored_only,
        pending.reference.as_ref(),
    );
    (at + bits).div_ceil(8)
}

/// True when a cheap bound proves that the finished stream takes at most `limit` bytes: the
/// O(1) stored/fixed bound first, the O(alphabet) reference-code bound only if that is not
/// enough. False says nothing (the exact cost may still fit).
pub fn fits_cheaply(
    out: &BitWriter,
    pending: &PendingBlock,
    tail: u64,
    stored_only: bool,
    limit: u64,
) -> bool {
    let at = out.bit_len();
    let fits = |bits: u64| (at + bits).div_ceil(8) <= limit;
    fits(block::stored_or_fixed_bound(
        &pending.stats,
        tail,
        at,
        stored_only,
    )) || block::reference_bound(
        &pending.stats,
        tail,
        stored_only,
        pending.reference.as_ref(),
    )
    .is_some_and(fits)
}
