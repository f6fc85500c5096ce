//! The fast u64-accumulator bit writer agrees bit for bit with a plain reference writer built on
//! `bitvec`, over random sequences of codes, lengths, alignments and byte copies.

use bitvec::prelude::*;
use fitflate_encoder::RawBitWriter;
use quickcheck::{quickcheck, Arbitrary, Gen};

#[derive(Clone, Debug)]
enum Op {
    Bits(u32, u32),
    Align,
    Bytes(Vec<u8>),
}

impl Arbitrary for Op {
    fn arbitrary(g: &mut Gen) -> Self {
        match u8::arbitrary(g) % 10 {
            0 => Op::Align,
            1 => Op::Bytes(Vec::<u8>::arbitrary(g)),
            _ => {
                let n = u32::arbitrary(g) % 33;
                let v = if n == 32 {
                    u32::arbitrary(g)
                } else {
                    u32::arbitrary(g) & ((1u32 << n) - 1)
                };
                Op::Bits(v, n)
            }
        }
    }
}

/// The reference: one bool per bit, LSB-first within bytes (RFC 1951 §3.1.1).
fn reference(ops: &[Op], prefix_bits: u32) -> Vec<u8> {
    let mut bits: BitVec<u8, Lsb0> = BitVec::new();
    bits.extend(std::iter::repeat_n(false, prefix_bits as usize));
    let align = |bits: &mut BitVec<u8, Lsb0>| {
        while !bits.len().is_multiple_of(8) {
            bits.push(false);
        }
    };
    for op in ops {
        match op {
            Op::Bits(v, n) => (0..*n).for_each(|i| bits.push(v >> i & 1 == 1)),
            Op::Align => align(&mut bits),
            Op::Bytes(b) => {
                align(&mut bits);
                bits.extend_from_bitslice(b.view_bits::<Lsb0>());
            }
        }
    }
    align(&mut bits);
    bits.into_vec()
}

fn fast(ops: &[Op], prefix_bits: u32) -> (Vec<u8>, bool) {
    let mut w = RawBitWriter::new();
    w.write_bits(0, prefix_bits);
    let mut counted = u64::from(prefix_bits);
    let mut exact = true;
    for op in ops {
        match op {
            Op::Bits(v, n) => {
                w.write_bits(*v, *n);
                counted += u64::from(*n);
            }
            Op::Align => {
                w.align_to_byte();
                counted = counted.div_ceil(8) * 8;
            }
            Op::Bytes(b) => {
                w.align_to_byte();
                w.write_bytes(b);
                counted = counted.div_ceil(8) * 8 + 8 * b.len() as u64;
            }
        }
        exact &= w.bit_len() == counted;
    }
    (w.into_bytes(), exact)
}

quickcheck! {
    fn agrees_with_bitvec_at_every_starting_bit_position(ops: Vec<Op>) -> bool {
        (0..8).all(|prefix| {
            let (bytes, exact) = fast(&ops, prefix);
            exact && bytes == reference(&ops, prefix)
        })
    }
}
