//! Exact block sizes (RFC 1951 §3.2.4–§3.2.7): what a block costs in bits as each type, at
//! its bit position. Every plan, bound and fit test prices blocks with these functions alone.

use super::header::DynamicCode;
use super::BlockStats;
use crate::tables::*;

/// Bits of a stored block's LEN and NLEN fields (§3.2.4).
const STORED_LEN_BITS: u64 = 32;
/// Most bytes one stored block can carry (LEN is 16 bits).
pub const MAX_STORED: usize = 65_535;
/// Bits of a block header: BFINAL and BTYPE (§3.2.3).
pub(super) const BLOCK_HEADER_BITS: u64 = 3;

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

/// Exact bits of the block written with the dynamic code `code`, header included.
pub fn dynamic_size(block: &BlockStats, code: &DynamicCode) -> u64 {
    BLOCK_HEADER_BITS + code.header_bits + body_size(block, &code.litlen_lens, &code.dist_lens)
}

/// Bits of the block written with `code`'s lengths, all but the code's header: the floor of
/// every header the code could be sent with.
pub fn headerless_size(block: &BlockStats, code: &DynamicCode) -> u64 {
    BLOCK_HEADER_BITS + body_size(block, &code.litlen_lens, &code.dist_lens)
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
