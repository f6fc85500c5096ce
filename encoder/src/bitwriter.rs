//! Bit output, least-significant bit first (RFC 1951 §3.1.1), through a 64-bit accumulator.
//!
//! Huffman codewords are stored bit-reversed in advance (see `huffman`), so every field, data
//! or codeword, goes out with the same `write_bits`. The writer knows its exact length in bits at
//! every moment, and a `Mark` taken at any point can be restored exactly (rollback).

/// A growing byte buffer plus up to 63 pending bits.
#[derive(Clone, Debug, Default)]
pub struct BitWriter {
    out: Vec<u8>,
    /// Bytes handed out by `take_bytes` before `out`.
    taken: u64,
    /// Pending bits, the oldest in the least-significant position.
    acc: u64,
    /// How many bits of `acc` are pending (< 32 between calls).
    nbits: u32,
}

/// Everything needed to put a `BitWriter` back to an earlier state: bytes are only ever
/// appended, so the byte length plus the accumulator suffice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    len: usize,
    acc: u64,
    nbits: u32,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Exact number of bits written so far.
    #[inline]
    pub fn bit_len(&self) -> u64 {
        (self.taken + self.out.len() as u64) * 8 + u64::from(self.nbits)
    }

    /// Move the whole bytes written so far to `into` (the pending bits stay): streaming output.
    /// Not between `mark` and `restore`: a mark counts the bytes still held.
    pub fn take_bytes(&mut self, into: &mut Vec<u8>) -> usize {
        let n = self.out.len();
        into.extend_from_slice(&self.out);
        self.out.clear();
        self.taken += n as u64;
        n
    }

    /// Write the low `n` bits of `bits` (n <= 32), least-significant first.
    #[inline]
    pub fn write_bits(&mut self, bits: u32, n: u32) {
        debug_assert!(n <= 32);
        debug_assert!(
            n == 32 || bits >> n == 0,
            "value {bits:#x} wider than {n} bits"
        );
        self.acc |= u64::from(bits) << self.nbits;
        self.nbits += n;
        if self.nbits >= 32 {
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.nbits -= 32;
        }
    }

    /// Pad with zero bits to the next byte boundary (stored blocks, §3.2.4; end of stream).
    pub fn align_to_byte(&mut self) {
        let pad = (8 - self.nbits % 8) % 8;
        self.write_bits(0, pad);
        while self.nbits >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.nbits -= 8;
        }
        debug_assert_eq!(self.nbits, 0);
    }

    /// Copy whole bytes; the writer must be byte-aligned.
    pub fn write_bytes(&mut self, bytes: &[u8]) {
        debug_assert_eq!(self.nbits % 8, 0);
        while self.nbits >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.nbits -= 8;
        }
        self.out.extend_from_slice(bytes);
    }

    /// The current state, to `restore` later.
    pub fn mark(&self) -> Mark {
        Mark {
            len: self.out.len(),
            acc: self.acc,
            nbits: self.nbits,
        }
    }

    /// Put the writer back to `mark`, which must have been taken from this writer earlier.
    pub fn restore(&mut self, mark: Mark) {
        debug_assert!(mark.len <= self.out.len());
        self.out.truncate(mark.len);
        self.acc = mark.acc;
        self.nbits = mark.nbits;
    }

    /// Pad to a byte boundary and hand out the bytes.
    pub fn into_bytes(mut self) -> Vec<u8> {
        self.align_to_byte();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_lsb_first() {
        let mut w = BitWriter::new();
        w.write_bits(1, 1);
        w.write_bits(0b01, 2);
        assert_eq!(w.bit_len(), 3);
        w.write_bits(0x1F, 5);
        w.write_bits(0xABCD, 16);
        assert_eq!(w.into_bytes(), vec![0b1111_1011, 0xCD, 0xAB]);
    }

    #[test]
    fn restore_undoes_everything() {
        let mut w = BitWriter::new();
        w.write_bits(5, 3);
        let m = w.mark();
        let before = w.clone().into_bytes();
        for i in 0..100 {
            w.write_bits(i, 7);
        }
        w.align_to_byte();
        w.write_bytes(b"hello");
        w.restore(m);
        assert_eq!(w.bit_len(), 3);
        assert_eq!(w.into_bytes(), before);
    }
}
