//! The fixed tables of the DEFLATE format (RFC 1951 §3.2.5 and §3.2.6).

/// Largest back-reference distance the format allows (RFC 1951 §3.2.5): a 32 KiB window.
pub const WINDOW_SIZE: usize = 32 * 1024;
/// Shortest match the format can code (length code 257 = 3 bytes).
pub const MIN_MATCH: usize = 3;
/// Longest match the format can code (length code 285 = 258 bytes).
pub const MAX_MATCH: usize = 258;
/// Literal/length symbols that can appear in a block: 0..=255 literals, 256 end-of-block,
/// 257..=285 lengths (286 and 287 exist in the fixed code but never occur, §3.2.6).
pub const NUM_LITLEN: usize = 286;
/// Distance symbols that can appear: 0..=29 (30 and 31 never occur, §3.2.6).
pub const NUM_DIST: usize = 30;
/// Code-length alphabet: 0..=15 lengths, 16 repeat previous, 17/18 runs of zeros (§3.2.7).
pub const NUM_CODELEN: usize = 19;
/// The end-of-block symbol.
pub const END_OF_BLOCK: usize = 256;
/// Longest literal/length or distance codeword the format allows (§3.2.7: lengths are 0..=15).
pub const MAX_CODE_BITS: u8 = 15;
/// Longest code-length codeword: HCLEN entries are 3-bit fields (§3.2.7).
pub const MAX_CODELEN_BITS: u8 = 7;
/// The order in which the code-length code lengths are sent (§3.2.7).
pub const CODELEN_ORDER: [usize; NUM_CODELEN] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];
/// Extra bits of the code-length symbols 16, 17, 18 (§3.2.7).
pub const CODELEN_EXTRA: [u8; 3] = [2, 3, 7];

/// First match length of each length code 257..=285 (§3.2.5).
pub const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
/// Extra bits of each length code 257..=285 (§3.2.5).
pub const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// First distance of each distance code 0..=29 (§3.2.5).
pub const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
/// Extra bits of each distance code 0..=29 (§3.2.5).
pub const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Length code index (0..=28, i.e. symbol 257 + index) of every match length 0..=258; entries
/// below 3 are unused.
static LENGTH_CODE: [u8; MAX_MATCH + 1] = build_length_code();

const fn build_length_code() -> [u8; MAX_MATCH + 1] {
    let mut table = [0u8; MAX_MATCH + 1];
    let mut code = 0;
    let mut len = MIN_MATCH;
    while len <= MAX_MATCH {
        // Length 258 has its own code (285) although 227 + 31 would reach it (§3.2.5).
        while code + 1 < 29 && LENGTH_BASE[code + 1] as usize <= len {
            code += 1;
        }
        table[len] = code as u8;
        len += 1;
    }
    table
}

/// The length code index (symbol minus 257) of a match length in `3..=258`.
#[inline]
pub fn length_code(len: usize) -> usize {
    debug_assert!((MIN_MATCH..=MAX_MATCH).contains(&len));
    LENGTH_CODE[len] as usize
}

/// The distance code (0..=29) of a distance in `1..=32768`.
#[inline]
pub fn dist_code(dist: usize) -> usize {
    debug_assert!((1..=WINDOW_SIZE).contains(&dist));
    if dist <= 4 {
        return dist - 1;
    }
    // Codes come in pairs per power of two: distance - 1 = 1x..x in binary; the position of
    // the top bit picks the pair and the bit below it picks the member.
    let d = (dist - 1) as u32;
    let top = 31 - d.leading_zeros();
    (2 * top + ((d >> (top - 1)) & 1)) as usize
}

/// Code lengths of the fixed literal/length code (§3.2.6), for the 288 symbols it defines.
pub const FIXED_LITLEN_LENS: [u8; 288] = {
    let mut lens = [0u8; 288];
    let mut i = 0;
    while i < 288 {
        lens[i] = if i < 144 {
            8
        } else if i < 256 {
            9
        } else if i < 280 {
            7
        } else {
            8
        };
        i += 1;
    }
    lens
};

/// Code lengths of the fixed distance code (§3.2.6): every distance code is 5 bits.
pub const FIXED_DIST_LENS: [u8; 32] = [5; 32];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_codes_cover_their_ranges() {
        for len in MIN_MATCH..=MAX_MATCH {
            let c = length_code(len);
            let base = LENGTH_BASE[c] as usize;
            assert!(len >= base && len - base < (1 << LENGTH_EXTRA[c]) || (c == 28 && len == 258));
        }
        assert_eq!(length_code(258), 28);
        assert_eq!(length_code(257), 27);
    }

    #[test]
    fn dist_codes_cover_their_ranges() {
        for d in 1..=WINDOW_SIZE {
            let c = dist_code(d);
            let base = DIST_BASE[c] as usize;
            assert!(
                d >= base && d - base < (1 << DIST_EXTRA[c]),
                "distance {d} code {c}"
            );
        }
    }
}
