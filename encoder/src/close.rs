//! What closing the stream owes, priced by the block cost model (RFC 1951 §3.2.3).
//!
//! Closing = the pending block (with the held-back tail parsed into it), written as the
//! cheapest of its candidate encodings (`block::Candidates`) with BFINAL set, then zero padding
//! to a byte boundary. When nothing is pending (an empty stream, or nothing since the last
//! emitted block), the pending block is empty and the cheapest final block is an empty fixed
//! one: 3 header bits + the 7-bit end-of-block code. (Setting BFINAL on an already written block
//! instead would save those 10 bits, but between appends the pending block is never empty after
//! a non-empty append, so the case is rare and the simpler rule is kept.)
//!
//! `close_cost` and `finish` both go through `Closing::new`, and the exact fit test
//! (`Closing::fits`) reads the same candidates, so none of them can disagree.

use crate::bitwriter::BitWriter;
use crate::block::{self, BlockStats, Candidates, PendingBlock, Plan, Pricing, Symbol};

/// The typed answer to "what would closing cost now".
#[derive(Clone, Debug)]
pub struct Closing {
    /// Bits already written (emitted blocks).
    pub written_bits: u64,
    /// The final block as `finish` would write it (split into several when that is cheaper).
    pub final_block: Plan,
}

impl Closing {
    /// How the pending block, `pending` its statistics, would be written now under `pricing`
    /// (whose `at_bit` is the stream's bit length): the cheapest candidate, a split choosing its
    /// points among `syms` (the symbols parsed before any held-back tail).
    pub fn new(pricing: Pricing, pending: &BlockStats, syms: &[Symbol]) -> Self {
        Closing {
            written_bits: pricing.at_bit,
            final_block: Candidates::new(pending, syms, pricing).cheapest(),
        }
    }

    /// Exactly `Closing::new(pricing, pending, syms).total_bytes() <= limit`, from the same
    /// candidates, priced only until one fits.
    pub fn fits(pricing: Pricing, pending: &BlockStats, syms: &[Symbol], limit: u64) -> bool {
        // ceil((written + bits) / 8) <= limit  <=>  bits <= 8 * limit - written
        limit
            .checked_mul(8)
            .and_then(|l| l.checked_sub(pricing.at_bit))
            .is_some_and(|room| Candidates::new(pending, syms, pricing).any_within(room))
    }

    /// Bits of the final block (or split blocks).
    pub fn final_bits(&self) -> u64 {
        self.final_block.bits
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
    /// mid-stream).
    pub fn write_block(
        &self,
        out: &mut BitWriter,
        pending: &PendingBlock,
        window: &[u8],
        last: bool,
    ) {
        block::write(out, &self.final_block, pending, window, last);
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

/// A cheap upper bound of `Closing::new(..).total_bytes()`: the pending block plus the `tail`
/// bytes not yet parsed, priced as stored, fixed or under the block's reference code (whichever
/// is smallest); the real plan considers all three and may do better.
pub fn bytes_upper_bound(pricing: Pricing, pending: &BlockStats, tail: u64) -> u64 {
    let bits = block::cheap_size_bound(pending, tail, pricing);
    (pricing.at_bit + bits).div_ceil(8)
}

/// True when a cheap bound proves that the finished stream takes at most `limit` bytes: the
/// O(1) stored/fixed bound first, the O(alphabet) reference-code bound only if that is not
/// enough. False says nothing (the exact cost may still fit).
pub fn fits_cheaply(pricing: Pricing, pending: &BlockStats, tail: u64, limit: u64) -> bool {
    let fits = |bits: u64| (pricing.at_bit + bits).div_ceil(8) <= limit;
    fits(block::stored_or_fixed_bound(pending, tail, pricing))
        || block::reference_bound(pending, tail, pricing).is_some_and(fits)
}
