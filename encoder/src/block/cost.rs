//! Exact block sizes and the plan: every block type priced in bits, the cheapest chosen.

use super::header::{code_lengths, dynamic_code, header_bits, sent_runs, DynamicCode};
use super::tune::{is_small, run_friendly_codes};
use super::{BlockStats, Reference};
use crate::huffman::RleSymbols;
use crate::tables::*;
use std::sync::Arc;

/// Bits of a stored block's LEN and NLEN fields (§3.2.4).
const STORED_LEN_BITS: u64 = 32;
/// Most bytes one stored block can carry (LEN is 16 bits).
pub const MAX_STORED: usize = 65_535;
/// Bits of a block header: BFINAL and BTYPE (§3.2.3).
pub(super) const BLOCK_HEADER_BITS: u64 = 3;
/// A block type (§3.2.3: BTYPE 00, 01, 10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    Stored,
    Fixed,
    Dynamic,
}

/// How the pending block would be emitted, and exactly how many bits that takes.
#[derive(Clone, Debug)]
pub struct Plan {
    pub kind: BlockType,
    pub bits: u64,
    /// The bit position the plan was made for (stored padding depends on it).
    pub at_bit: u64,
    pub(super) dynamic: Option<Arc<DynamicCode>>,
}

impl Plan {
    /// The literal/length and distance code lengths this plan writes symbols with (`None` for
    /// a stored block; the fixed code's for a fixed one).
    pub fn code_lengths(&self) -> Option<(&[u8], &[u8])> {
        match (self.kind, &self.dynamic) {
            (BlockType::Stored, _) => None,
            (BlockType::Dynamic, Some(code)) => Some((&code.litlen_lens[..], &code.dist_lens[..])),
            _ => Some((&FIXED_LITLEN_LENS[..], &FIXED_DIST_LENS[..])),
        }
    }
}

/// Exact bits of `raw_len` bytes as stored blocks starting at bit position `at_bit` (§3.2.4):
/// each piece of up to 65,535 bytes pays 3 header bits, padding to a byte boundary, LEN and
/// NLEN. Only the first piece's padding depends on `at_bit`; the others start aligned.
pub fn stored_size(raw_len: u64, at_bit: u64) -> u64 {
    let pieces = raw_len.div_ceil(MAX_STORED as u64).max(1);
    let first_pad = (8 - (at_bit + BLOCK_HEADER_BITS) % 8) % 8;
    let later_pad = (8 - BLOCK_HEADER_BITS % 8) % 8;
    pieces * (BLOCK_HEADER_BITS + STORED_LEN_BITS)
        + first_pad
        + (pieces - 1) * later_pad
        + raw_len * 8
}

/// Exact bits of the block with the fixed code (§3.2.6).
pub fn fixed_size(block: &BlockStats) -> u64 {
    BLOCK_HEADER_BITS + block.fixed_bits
}

/// Bits of the block's symbols (end-of-block included) under the given code lengths, extra
/// bits included.
fn body_size(block: &BlockStats, litlen_lens: &[u8], dist_lens: &[u8]) -> u64 {
    let mut bits = 0u64;
    for (s, &f) in block.litlen_freq.iter().enumerate() {
        bits += u64::from(f) * u64::from(litlen_lens[s]);
    }
    for (i, &f) in block.litlen_freq[257..].iter().enumerate() {
        bits += u64::from(f) * u64::from(LENGTH_EXTRA[i]);
    }
    for (d, &f) in block.dist_freq.iter().enumerate() {
        bits += u64::from(f) * u64::from(dist_lens[d] + DIST_EXTRA[d]);
    }
    bits
}

/// Exact bits of the block with its own dynamic code, header included.
pub fn dynamic_size(block: &BlockStats, code: &DynamicCode) -> u64 {
    BLOCK_HEADER_BITS + code.header_bits + body_size(block, &code.litlen_lens, &code.dist_lens)
}

/// The cheapest way to emit `block` at bit position `at_bit`. `stored_only` restricts the
/// choice to stored blocks (level 0). Ties go to the simpler type (stored, then fixed).
pub fn plan(
    block: &BlockStats,
    at_bit: u64,
    stored_only: bool,
    reference: Option<&Reference>,
) -> Plan {
    let stored = stored_size(block.raw_len() as u64, at_bit);
    let mut best = Plan {
        kind: BlockType::Stored,
        bits: stored,
        at_bit,
        dynamic: None,
    };
    let fixed = fixed_size(block);
    if stored_only {
        // Level 0 stores every byte; an empty block carries no bytes, so it may take the
        // 10-bit empty fixed block (the minimal stream) instead of a 35+-bit stored one.
        if block.raw_len() == 0 && fixed < best.bits {
            best.kind = BlockType::Fixed;
            best.bits = fixed;
        }
        return best;
    }
    if fixed < best.bits {
        best.kind = BlockType::Fixed;
        best.bits = fixed;
    }
    let code = dynamic_code(block);
    let dynamic = dynamic_size(block, &code);
    if dynamic < best.bits {
        best.kind = BlockType::Dynamic;
        best.bits = dynamic;
        best.dynamic = Some(Arc::new(code));
    }
    if let Some(r) = reference {
        let bits = dynamic_size(block, &r.code);
        if bits < best.bits {
            best.kind = BlockType::Dynamic;
            best.bits = bits;
            best.dynamic = Some(Arc::clone(&r.code));
        }
    }
    for code in run_friendly_codes(block) {
        let bits = dynamic_size(block, &code);
        if bits < best.bits {
            best.kind = BlockType::Dynamic;
            best.bits = bits;
            best.dynamic = Some(Arc::new(code));
        }
    }
    best
}

/// True when `plan(block, at_bit, stored_only, reference).bits <= limit`: the same candidates
/// priced by the same functions, cheapest first, stopping at the first that fits. A record that
/// fits usually needs the stored, fixed or reference size, or the block's own code with one
/// header choice, instead of all eight (`close_cost_fits` near a frame's cap).
pub fn plan_fits(
    block: &BlockStats,
    at_bit: u64,
    stored_only: bool,
    reference: Option<&Reference>,
    limit: u64,
) -> bool {
    if stored_size(block.raw_len() as u64, at_bit) <= limit {
        return true;
    }
    let fixed = fixed_size(block);
    if stored_only {
        return block.raw_len() == 0 && fixed <= limit;
    }
    if fixed <= limit || reference.is_some_and(|r| dynamic_size(block, &r.code) <= limit) {
        return true;
    }
    let code = code_lengths(&block.litlen_freq, &block.dist_freq);
    let body = BLOCK_HEADER_BITS + body_size(block, &code.litlen_lens, &code.dist_lens);
    if body <= limit {
        let runs = sent_runs(&code);
        let choices = if is_small(block) { usize::MAX } else { 1 };
        if RleSymbols::combinations()
            .take(choices)
            .any(|allowed| body + header_bits(&runs, allowed) <= limit)
        {
            return true;
        }
    }
    run_friendly_codes(block).any(|code| dynamic_size(block, &code) <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_size_depends_on_bit_position() {
        // 3 header bits, pad to the byte, 32 bits LEN/NLEN: an empty stored block at bit 0
        // costs 40 bits, at bit 5 it costs 3 + 0 + 32 = 35.
        assert_eq!(stored_size(0, 0), 40);
        assert_eq!(stored_size(0, 5), 35);
        for pos in 0..8 {
            assert_eq!((pos + stored_size(10, pos)) % 8, 0);
        }
        // Two pieces: the second pays its own 40 bits.
        assert_eq!(stored_size(65_536, 0), 2 * 40 + 65_536 * 8);
    }
}
