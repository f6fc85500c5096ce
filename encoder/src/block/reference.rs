//! The reference code and the cheap bounds it gives.

use super::cost::{dynamic_size, fixed_size, stored_size};
use super::header::{code_for, DynamicCode};
use super::plan::Pricing;
use super::{BlockStats, PendingBlock};
use crate::tables::*;
use std::sync::Arc;

/// The first reference code of a block is built once it holds this many symbols ...
pub(super) const FIRST_REFERENCE_AT: usize = 64;
/// ... and it is rebuilt whenever the block has grown by 1/REFERENCE_GROWTH (at least
/// MIN_REFERENCE_STEP symbols) since: a geometric schedule, so a block pays for O(log n) code
/// builds, and the reference stays close enough to the block's own code for the cheap bound to
/// decide almost every record. Doubling (1) costs fewer instructions in all than 1/2 or 1/3
/// (callgrind, packing the logs at 4 and 64 KiB): the extra exact checks near the cap are
/// cheaper than the rebuilds saved.
const REFERENCE_GROWTH: usize = 1;
const MIN_REFERENCE_STEP: usize = 64;

impl PendingBlock {
    /// Rebuild the reference code when the schedule says so. Called only at chunk starts, a
    /// point fixed by the appends alone, so the output never depends on who asked for a cost.
    /// Returns the reference and schedule it replaced, if it did (a checkpoint keeps them).
    /// `needed` false skips the rebuild: the caller knows the cheap stored/fixed bound decides.
    pub fn refresh_reference(&mut self, needed: bool) -> Option<(Option<Reference>, usize)> {
        let n = self.syms.len();
        if !needed || n < self.next_reference_at {
            return None;
        }
        let old = (
            self.reference.replace(Reference::new(&self.stats)),
            self.next_reference_at,
        );
        self.next_reference_at = n + (n / REFERENCE_GROWTH).max(MIN_REFERENCE_STEP);
        Some(old)
    }
}

/// A reference code: a dynamic code built at a deterministic point of the block (see
/// `Deflater`'s reference schedule) from the block's frequencies smoothed so that every symbol
/// has a codeword. `plan` considers it beside the block's own optimal code, so the cost under
/// it — computable in O(alphabet) without building a code — bounds the final block from above.
#[derive(Clone, Debug)]
pub struct Reference {
    pub(super) code: Arc<DynamicCode>,
    /// The most bits any symbol costs per byte it covers under this code, as a fraction
    /// `rate_num / rate_den`: bounds the cost of a tail not yet parsed, whatever its parse.
    rate_num: u64,
    rate_den: u64,
}

/// Weight of a seen symbol against the pseudo-count 1 every symbol gets in a reference code:
/// high enough that the smoothing costs the seen symbols little, low enough that the code
/// stays close to the block's own.
const REFERENCE_SMOOTHING: u32 = 8;

impl Reference {
    pub fn new(block: &BlockStats) -> Self {
        let smooth = |f: u32| f.saturating_mul(REFERENCE_SMOOTHING).saturating_add(1);
        let code = code_for(
            &block.litlen_freq.map(smooth),
            &block.dist_freq.map(smooth),
            false,
        );
        // Literals cost their codeword per byte; a match of length code `lc` costs at most
        // its codeword, extra bits and the dearest distance, over its shortest length.
        let worst_dist = (0..NUM_DIST)
            .map(|d| u64::from(code.dist_lens[d]) + u64::from(DIST_EXTRA[d]))
            .max()
            .unwrap_or(0);
        let (mut num, mut den) = (
            code.litlen_lens[..256]
                .iter()
                .map(|&l| u64::from(l))
                .max()
                .unwrap_or(0),
            1u64,
        );
        for lc in 0..29 {
            let cost =
                u64::from(code.litlen_lens[257 + lc]) + u64::from(LENGTH_EXTRA[lc]) + worst_dist;
            let base = u64::from(LENGTH_BASE[lc]);
            if cost * den > num * base {
                (num, den) = (cost, base);
            }
        }
        Reference {
            code: Arc::new(code),
            rate_num: num,
            rate_den: den,
        }
    }

    /// Upper bound of the bits of `block` plus a `tail` of unparsed bytes under this code.
    fn size_bound(&self, block: &BlockStats, tail: u64) -> u64 {
        dynamic_size(block, &self.code) + (tail * self.rate_num).div_ceil(self.rate_den)
    }
}

/// A fixed-code symbol never costs more than 9 bits per byte it covers: literals take 8 or 9
/// bits (§3.2.6), and the dearest match, 3 bytes at the longest distances, takes 7 + 5 + 13 = 25
/// bits, 8.33 per byte.
const MAX_FIXED_BITS_PER_BYTE: u64 = 9;

/// A cheap upper bound of the cheapest candidate's bits (`Candidates`) for `block` plus `tail`
/// bytes not yet parsed: the smallest of the stored size, the fixed size (with the tail at 9
/// bits a byte) and the size under the reference code (with the tail at its worst rate), none of
/// which builds a code. They are the `Stored`, `Fixed` and `Reference` candidates with the tail
/// at its dearest, so the plan can only do better.
pub fn cheap_size_bound(block: &BlockStats, tail: u64, pricing: Pricing) -> u64 {
    let bound = stored_or_fixed_bound(block, tail, pricing);
    reference_bound(block, tail, pricing).map_or(bound, |r| bound.min(r))
}

/// The O(alphabet) part of `cheap_size_bound`: the size under the reference code, if there is
/// one (level 0 stores everything and has none that counts).
pub fn reference_bound(block: &BlockStats, tail: u64, pricing: Pricing) -> Option<u64> {
    pricing
        .reference
        .filter(|_| !pricing.stored_only)
        .map(|r| r.size_bound(block, tail))
}

/// The O(1) part of `cheap_size_bound`: stored, or fixed with the tail at 9 bits a byte (for
/// level 0, fixed only while nothing is pending; stored only while the block with its tail is
/// short enough to store: as the candidates have it).
pub fn stored_or_fixed_bound(block: &BlockStats, tail: u64, pricing: Pricing) -> u64 {
    let raw = block.raw_len() as u64 + tail;
    let stored = stored_size(raw, pricing.at_bit);
    if pricing.stored_only && raw > 0 {
        return stored;
    }
    let fixed = fixed_size(block) + MAX_FIXED_BITS_PER_BYTE * tail;
    if !block.storable_with(tail) {
        return fixed;
    }
    stored.min(fixed)
}
