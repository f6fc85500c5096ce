//! Block emission: writing a plan, asserting that exactly the predicted bits were written.

use super::cost::MAX_STORED;
use super::plan::{Encoding, Plan};
use super::split::Split;
use super::{PendingBlock, Symbol};
use crate::bitwriter::BitWriter;
use crate::huffman::canonical_codes;
use crate::tables::*;

/// Emit `block` as `plan` says (as several blocks for a split, the last one final when
/// `is_final`); `raw` is the window holding the block's bytes. Asserts (debug) that every block
/// written took exactly the bits its plan predicted.
pub fn write(w: &mut BitWriter, plan: &Plan, block: &PendingBlock, raw: &[u8], is_final: bool) {
    match &plan.encoding {
        Encoding::Split(split) => write_split(w, split, block, raw, is_final),
        Encoding::Stored => {
            let bytes = &raw[block.stats.raw_start()..block.stats.raw_end];
            write_part(w, plan, &block.syms, bytes, is_final);
        }
        // A coded block reads only its symbols (its bytes may be gone from the window).
        _ => write_part(w, plan, &block.syms, &[], is_final),
    }
}

/// Emit `block` as the blocks `split` says (the last one final when `is_final`).
fn write_split(w: &mut BitWriter, split: &Split, block: &PendingBlock, raw: &[u8], is_final: bool) {
    let last = split.parts.len().saturating_sub(1);
    for (k, (part, syms, bytes)) in split.ranges(block).enumerate() {
        write_part(
            w,
            &part.plan,
            &block.syms[syms],
            &raw[bytes],
            is_final && k == last,
        );
    }
}

/// Emit the symbols `syms` covering the raw `bytes` as `plan` says.
fn write_part(w: &mut BitWriter, plan: &Plan, syms: &[Symbol], bytes: &[u8], is_final: bool) {
    let start = w.bit_len();
    debug_assert_eq!(start, plan.at_bit, "plan made for another bit position");
    let bfinal = u32::from(is_final);
    match &plan.encoding {
        Encoding::Stored => {
            let mut pieces = bytes.chunks(MAX_STORED).peekable();
            if bytes.is_empty() {
                write_stored_piece(w, &[], bfinal);
            }
            while let Some(piece) = pieces.next() {
                let last = pieces.peek().is_none();
                write_stored_piece(w, piece, if last { bfinal } else { 0 });
            }
        }
        Encoding::Fixed => {
            w.write_bits(bfinal | 1 << 1, 3);
            write_symbols(
                w,
                syms,
                &FIXED.litlen_codes,
                &FIXED_LITLEN_LENS,
                &FIXED.dist_codes,
                &FIXED_DIST_LENS,
            );
        }
        Encoding::Dynamic(code) => {
            let mut litlen_codes = [0u16; NUM_LITLEN];
            let mut dist_codes = [0u16; NUM_DIST];
            let mut cl_codes = [0u16; NUM_CODELEN];
            canonical_codes(&code.litlen_lens, &mut litlen_codes);
            canonical_codes(&code.dist_lens, &mut dist_codes);
            canonical_codes(&code.cl_lens, &mut cl_codes);
            w.write_bits(bfinal | 2 << 1, 3);
            w.write_bits((code.hlit - 257) as u32, 5);
            w.write_bits((code.hdist - 1) as u32, 5);
            w.write_bits((code.hclen - 4) as u32, 4);
            for &s in &CODELEN_ORDER[..code.hclen] {
                w.write_bits(u32::from(code.cl_lens[s]), 3);
            }
            for s in &code.cl_syms {
                let i = s.sym as usize;
                w.write_bits(u32::from(cl_codes[i]), u32::from(code.cl_lens[i]));
                if i >= 16 {
                    w.write_bits(u32::from(s.extra), u32::from(CODELEN_EXTRA[i - 16]));
                }
            }
            write_symbols(
                w,
                syms,
                &litlen_codes,
                &code.litlen_lens,
                &dist_codes,
                &code.dist_lens,
            );
        }
        Encoding::Split(_) => {
            debug_assert!(false, "the part of a split is split again");
            return;
        }
    }
    debug_assert_eq!(
        w.bit_len() - start,
        plan.bits,
        "{} block: written != predicted",
        plan.encoding.name()
    );
}

fn write_stored_piece(w: &mut BitWriter, piece: &[u8], bfinal: u32) {
    w.write_bits(bfinal, 3); // BTYPE 00
    w.align_to_byte();
    let len = piece.len() as u16;
    w.write_bits(u32::from(len) | u32::from(!len) << 16, 32);
    w.write_bytes(piece);
}

fn write_symbols(
    w: &mut BitWriter,
    syms: &[Symbol],
    litlen_codes: &[u16],
    litlen_lens: &[u8],
    dist_codes: &[u16],
    dist_lens: &[u8],
) {
    for s in syms {
        if s.dist == 0 {
            let b = s.len_or_lit as usize;
            w.write_bits(u32::from(litlen_codes[b]), u32::from(litlen_lens[b]));
        } else {
            // Two writes per match: length code with its extra bits (at most 15 + 5), then
            // distance code with its extra bits (at most 15 + 13).
            let len = s.len_or_lit as usize;
            let lc = length_code(len);
            let n = u32::from(litlen_lens[257 + lc]);
            let extra = (len - LENGTH_BASE[lc] as usize) as u32;
            w.write_bits(
                u32::from(litlen_codes[257 + lc]) | extra << n,
                n + u32::from(LENGTH_EXTRA[lc]),
            );
            let dist = s.dist as usize;
            let dc = dist_code(dist);
            let n = u32::from(dist_lens[dc]);
            let extra = (dist - DIST_BASE[dc] as usize) as u32;
            w.write_bits(
                u32::from(dist_codes[dc]) | extra << n,
                n + u32::from(DIST_EXTRA[dc]),
            );
        }
    }
    w.write_bits(
        u32::from(litlen_codes[END_OF_BLOCK]),
        u32::from(litlen_lens[END_OF_BLOCK]),
    );
}

/// The fixed code's codewords (§3.2.6), bit-reversed.
struct FixedCodes {
    litlen_codes: [u16; 288],
    dist_codes: [u16; 32],
}

static FIXED: FixedCodes = FixedCodes {
    litlen_codes: fixed_codes(&FIXED_LITLEN_LENS),
    dist_codes: fixed_codes(&FIXED_DIST_LENS),
};

/// Canonical codes at compile time (the same rule as `huffman::canonical_codes`).
const fn fixed_codes<const N: usize>(lens: &[u8; N]) -> [u16; N] {
    let mut bl_count = [0u16; 16];
    let mut i = 0;
    while i < N {
        bl_count[lens[i] as usize] += 1;
        i += 1;
    }
    let mut next = [0u16; 16];
    let mut code = 0u16;
    let mut bits = 1;
    while bits < 16 {
        code = (code + if bits == 1 { 0 } else { bl_count[bits - 1] }) << 1;
        next[bits] = code;
        bits += 1;
    }
    let mut codes = [0u16; N];
    i = 0;
    while i < N {
        let l = lens[i];
        codes[i] = crate::huffman::reverse_bits(next[l as usize], l);
        next[l as usize] += 1;
        i += 1;
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::super::plan::{Candidates, Pricing, Source};
    use super::super::{Reference, SplitEffort, SymbolSink};
    use super::*;

    #[test]
    fn fixed_codes_match_the_rfc() {
        // §3.2.6: literal 0 is 00110000, 144 is 110010000, 256 is 0000000, 280 is 11000000.
        use crate::huffman::reverse_bits;
        assert_eq!(FIXED.litlen_codes[0], reverse_bits(0b0011_0000, 8));
        assert_eq!(FIXED.litlen_codes[144], reverse_bits(0b1_1001_0000, 9));
        assert_eq!(FIXED.litlen_codes[256], 0);
        assert_eq!(FIXED.litlen_codes[280], reverse_bits(0b1100_0000, 8));
    }

    #[test]
    fn every_candidate_writes_what_it_predicts_at_every_bit_position() {
        let raw: Vec<u8> = (0..3000u32).map(|i| (i * i % 251) as u8).collect();
        // A small block (every header choice, run-friendly codes) and a tiny one (refined).
        for literals in [1000, 300] {
            let mut block = PendingBlock::new(0);
            for &b in &raw[..literals] {
                block.push_literal(b);
            }
            block.push_match(258, literals);
            block.push_match(3, 7);
            let reference = Reference::new(&block.stats);
            let mut seen = Vec::new();
            for pos in 0..8u32 {
                let pricing = Pricing {
                    at_bit: u64::from(pos),
                    stored_only: false,
                    reference: Some(&reference),
                    split: Some(SplitEffort::MAX),
                };
                for candidate in Candidates::new(&block.stats, &block.syms, pricing) {
                    let source = candidate.source;
                    let plan = candidate.into_plan(&block.stats, u64::from(pos));
                    let mut w = BitWriter::new();
                    w.write_bits(0, pos);
                    write(&mut w, &plan, &block, &raw, true);
                    assert_eq!(
                        w.bit_len(),
                        u64::from(pos) + plan.bits,
                        "{source:?} at {pos}"
                    );
                    seen.push(source);
                }
            }
            for source in [
                Source::Stored,
                Source::Fixed,
                Source::Own(7),
                Source::Reference,
            ] {
                assert!(seen.contains(&source), "{source:?} never priced");
            }
        }
    }
}
