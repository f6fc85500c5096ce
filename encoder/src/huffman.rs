//! Huffman codes under the format's length limits (RFC 1951 §3.2.2, §3.2.7): code lengths from
//! symbol frequencies, canonical codewords from code lengths, and the run-length coding of a
//! block's code lengths.

use crate::tables::NUM_CODELEN;

/// The largest alphabet coded here: the fixed literal/length code's 288 symbols.
const MAX_SYMBOLS: usize = 288;

/// Code lengths for `freqs`, no longer than `limit` bits, written to `lens` (same length).
///
/// Algorithm: an unrestricted Huffman tree by the two-queue method over the symbols sorted by
/// (frequency, symbol), then, if the tree is deeper than `limit`, the length-limiting adjustment
/// of ITU T.81 Annex K.3: repeatedly take two sibling leaves from the deepest level, lift one to
/// its parent's place and hang the other, together with a leaf from the deepest level above
/// `limit - 1` that has one, one level lower. Each step keeps the Kraft sum exactly 1, so the code
/// stays complete (zlib's inflater rejects incomplete literal/length codes). Finally the lengths
/// are handed out shortest-first to the most frequent symbols. The result is optimal when no
/// limiting is needed and within a fraction of a percent of optimal when it is; package-merge
/// would be exactly optimal and is left for the density work.
///
/// Fewer than two used symbols: the format needs at least one bit per code (§3.2.7) and zlib's
/// decoder prefers complete codes, so the used symbol (if any) and the lowest unused ones get
/// length 1 until two symbols have a code — like zlib's encoder.
pub fn build_lengths<const N: usize, const TWICE_N: usize>(
    freqs: &[u32; N],
    limit: u8,
    lens: &mut [u8; N],
) {
    debug_assert!(N >= 2 && N <= MAX_SYMBOLS && N <= 1 << limit && TWICE_N == 2 * N);
    lens.iter_mut().for_each(|l| *l = 0);
    // The work arrays are sized for the symbols used, not the alphabet: zeroing them for all
    // 286 literal/length symbols took more than half of this function's time in the exact cost
    // questions of small blocks (a frame of a few records uses a few dozen symbols).
    let used = freqs.iter().filter(|&&f| f > 0).count();
    if used <= FEW_SYMBOLS && N > FEW_SYMBOLS {
        tree_lengths::<FEW_SYMBOLS, { 2 * FEW_SYMBOLS }>(freqs, limit, lens);
    } else {
        tree_lengths::<N, TWICE_N>(freqs, limit, lens);
    }
}

/// The work arrays of `tree_lengths` hold this many used symbols when no more are used.
const FEW_SYMBOLS: usize = 64;

/// `build_lengths` for at most `M` used symbols, `lens` all zero on entry.
fn tree_lengths<const M: usize, const TWICE_M: usize>(freqs: &[u32], limit: u8, lens: &mut [u8]) {
    // Used symbols sorted by (frequency, symbol), packed in one u64 key: deterministic, and a
    // sort of plain integers on the stack (no allocation: this runs for every exact close cost).
    let mut keys = [0u64; M];
    let mut n = 0;
    for (s, &f) in freqs.iter().enumerate() {
        if f > 0 {
            keys[n] = u64::from(f) << 16 | s as u64;
            n += 1;
        }
    }
    let sym = |k: u64| (k & 0xFFFF) as usize;
    if n < 2 {
        let mut have = n;
        if n == 1 {
            lens[sym(keys[0])] = 1;
        }
        for l in lens.iter_mut() {
            if have == 2 {
                break;
            }
            if *l == 0 {
                *l = 1;
                have += 1;
            }
        }
        return;
    }
    let keys = &mut keys[..n];
    keys.sort_unstable();

    // Two-queue Huffman: leaves in order, internal nodes are created in nondecreasing weight.
    let mut weight = [0u64; TWICE_M];
    let mut parent = [0u16; TWICE_M];
    for (w, &k) in weight.iter_mut().zip(keys.iter()) {
        *w = k >> 16;
    }
    let (mut next_leaf, mut next_node) = (0usize, n);
    for node in n..2 * n - 1 {
        let mut pick = || {
            // Take a leaf on ties: keeps the tree shallow.
            if next_leaf < n && (next_node >= node || weight[next_leaf] <= weight[next_node]) {
                next_leaf += 1;
                next_leaf - 1
            } else {
                next_node += 1;
                next_node - 1
            }
        };
        let a = pick();
        let b = pick();
        weight[node] = weight[a] + weight[b];
        parent[a] = node as u16;
        parent[b] = node as u16;
    }
    // Depths, root first (parents always have larger indices than their children); `weight`
    // is reused to hold them. A tree of depth d needs a total weight of at least the Fibonacci
    // number F(d + 2); 288 weights below 2^32 sum to less than 2^41 < F(62), so depths stay
    // below 60.
    let depth = &mut weight;
    depth[2 * n - 2] = 0;
    let mut bl_count = [0u32; 64];
    let mut deepest = 0;
    for i in (0..2 * n - 2).rev() {
        depth[i] = depth[parent[i] as usize] + 1;
    }
    for &d in &depth[..n] {
        bl_count[d as usize] += 1;
        deepest = deepest.max(d as usize);
    }

    // Length limiting (T.81 K.3), keeping the Kraft sum at exactly 1.
    let limit = limit as usize;
    while deepest > limit {
        while bl_count[deepest] > 0 {
            let mut j = deepest - 2;
            while bl_count[j] == 0 {
                j -= 1;
            }
            bl_count[deepest] -= 2;
            bl_count[deepest - 1] += 1;
            bl_count[j + 1] += 2;
            bl_count[j] -= 1;
        }
        deepest -= 1;
    }

    // Hand lengths out: the least frequent symbols (first in `keys`) get the longest codes.
    let mut it = keys.iter();
    for len in (1..=limit).rev() {
        for _ in 0..bl_count[len] {
            if let Some(&k) = it.next() {
                lens[sym(k)] = len as u8;
            }
        }
    }
}

/// Canonical codewords for `lens` (§3.2.2), bit-reversed so they can be written LSB-first.
pub fn canonical_codes(lens: &[u8], codes: &mut [u16]) {
    debug_assert_eq!(lens.len(), codes.len());
    let mut bl_count = [0u16; 16];
    for &l in lens {
        bl_count[l as usize] += 1;
    }
    bl_count[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + bl_count[bits - 1]) << 1;
        next[bits] = code;
    }
    for (c, &l) in codes.iter_mut().zip(lens) {
        if l == 0 {
            *c = 0;
            continue;
        }
        *c = reverse_bits(next[l as usize], l);
        next[l as usize] += 1;
    }
}

/// The low `len` bits of `code`, mirrored.
#[inline]
pub const fn reverse_bits(code: u16, len: u8) -> u16 {
    if len == 0 {
        return 0;
    }
    code.reverse_bits() >> (16 - len as u32)
}

/// One symbol of the code-length alphabet (§3.2.7) with the value of its extra bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeLenSym {
    pub sym: u8,
    pub extra: u8,
}

/// Which run-length symbols a header may use (§3.2.7). Leaving some out can make the
/// code-length code cheaper: small blocks' headers try all eight combinations, as zopfli does,
/// larger blocks' take the first (all symbols allowed; see `block::tune::SMALL_BLOCK_SYMBOLS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RleSymbols {
    /// 16: repeat the previous length 3..=6 times.
    pub repeat: bool,
    /// 17: 3..=10 zeros.
    pub short_zeros: bool,
    /// 18: 11..=138 zeros.
    pub long_zeros: bool,
}

impl RleSymbols {
    /// How many combinations there are.
    pub const CHOICES: u8 = 8;

    /// The eight combinations, all symbols first.
    pub fn combinations() -> impl Iterator<Item = RleSymbols> {
        (0..Self::CHOICES).map(Self::choice)
    }

    /// Combination `i` (0..8) of `combinations`: each bit of `i` leaves one symbol out.
    pub fn choice(i: u8) -> RleSymbols {
        RleSymbols {
            repeat: i & 1 == 0,
            short_zeros: i & 2 == 0,
            long_zeros: i & 4 == 0,
        }
    }
}

/// Run-length code `lens` (the literal/length lengths followed by the distance lengths) with
/// the allowed symbols among 16 (repeat the previous length 3..=6 times), 17 (3..=10 zeros)
/// and 18 (11..=138 zeros); pushes the symbols to `out` and counts them in `freqs`.
pub fn run_length_code(
    lens: &[u8],
    allowed: RleSymbols,
    out: &mut Vec<CodeLenSym>,
    freqs: &mut [u32; NUM_CODELEN],
) {
    for (l, run) in runs(lens) {
        code_run(l, run, allowed, &mut |sym, extra| {
            out.push(CodeLenSym { sym, extra });
            freqs[sym as usize] += 1;
        });
    }
}

/// Count the symbols `run_length_code` would emit for `runs` (from `runs(lens)`), without
/// emitting them: sizing the eight header choices needs only the counts.
pub fn run_length_counts(
    runs: &[(u8, usize)],
    allowed: RleSymbols,
    freqs: &mut [u32; NUM_CODELEN],
) {
    for &(l, run) in runs {
        code_run(l, run, allowed, &mut |sym, _| freqs[sym as usize] += 1);
    }
}

/// The runs of equal values in `lens`: (value, run length).
pub fn runs(lens: &[u8]) -> impl Iterator<Item = (u8, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let l = *lens.get(i)?;
        let run = lens[i..].iter().take_while(|&&x| x == l).count();
        i += run;
        Some((l, run))
    })
}

/// The code-length symbols of one run of `run` lengths `l`, as (symbol, extra bits value).
#[inline]
fn code_run(l: u8, mut run: usize, allowed: RleSymbols, emit: &mut impl FnMut(u8, u8)) {
    if l == 0 {
        if allowed.long_zeros {
            while run >= 11 {
                let r = run.min(138);
                emit(18, (r - 11) as u8);
                run -= r;
            }
        }
        if allowed.short_zeros {
            while run >= 3 {
                let r = run.min(10);
                emit(17, (r - 3) as u8);
                run -= r;
            }
        }
    } else {
        emit(l, 0);
        run -= 1;
        if allowed.repeat {
            while run >= 3 {
                let r = run.min(6);
                emit(16, (r - 3) as u8);
                run -= r;
            }
        }
    }
    for _ in 0..run {
        emit(l, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quickcheck::quickcheck;

    fn kraft_ok(lens: &[u8], limit: u8) -> bool {
        let sum: u64 = lens
            .iter()
            .filter(|&&l| l > 0)
            .map(|&l| 1u64 << (limit - l))
            .sum();
        sum == 1u64 << limit && lens.iter().all(|&l| l <= limit)
    }

    #[test]
    fn fibonacci_weights_are_limited_and_complete() {
        // Fibonacci frequencies give the deepest possible Huffman tree.
        let mut freqs = vec![0u32; 286];
        let (mut a, mut b) = (1u32, 1u32);
        for f in freqs.iter_mut().take(30) {
            *f = a;
            (a, b) = (b, a.saturating_add(b));
        }
        let freqs: [u32; 286] = freqs.try_into().unwrap();
        let mut lens = [0u8; 286];
        build_lengths::<286, 572>(&freqs, 15, &mut lens);
        assert!(kraft_ok(&lens, 15));
        assert_eq!(*lens.iter().max().unwrap(), 15);
        let mut cl = [0u8; 19];
        build_lengths::<19, 38>(&freqs[..19].try_into().unwrap(), 7, &mut cl);
        assert!(kraft_ok(&cl, 7));
    }

    #[test]
    fn one_or_no_symbol_still_gives_two_codes() {
        let mut lens = [0u8; 30];
        build_lengths::<30, 60>(&[0; 30], 15, &mut lens);
        assert_eq!(&lens[..3], &[1, 1, 0]);
        let mut freqs = [0u32; 30];
        freqs[7] = 9;
        build_lengths::<30, 60>(&freqs, 15, &mut lens);
        assert_eq!((lens[0], lens[7], lens[1]), (1, 1, 0));
    }

    #[test]
    fn canonical_example_from_rfc() {
        // RFC 1951 §3.2.2: lengths (3,3,3,3,3,2,4,4) give codes 010,011,100,101,110,00,1110,1111.
        let lens = [3, 3, 3, 3, 3, 2, 4, 4];
        let mut codes = [0u16; 8];
        canonical_codes(&lens, &mut codes);
        let want = [0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111];
        for i in 0..8 {
            assert_eq!(codes[i], reverse_bits(want[i], lens[i]));
        }
    }

    #[test]
    fn run_length_coding_round_trips() {
        let lens: Vec<u8> = [
            vec![0u8; 140],
            vec![5; 9],
            vec![0; 12],
            vec![3; 2],
            vec![0; 4],
        ]
        .concat();
        for allowed in RleSymbols::combinations() {
            let mut out = Vec::new();
            let mut freqs = [0u32; 19];
            run_length_code(&lens, allowed, &mut out, &mut freqs);
            let mut back = Vec::new();
            for s in &out {
                match s.sym {
                    16 => {
                        let p = *back.last().unwrap();
                        back.extend(std::iter::repeat_n(p, 3 + s.extra as usize));
                    }
                    17 => back.extend(std::iter::repeat_n(0, 3 + s.extra as usize)),
                    18 => back.extend(std::iter::repeat_n(0, 11 + s.extra as usize)),
                    l => back.push(l),
                }
            }
            assert_eq!(back, lens);
            assert_eq!(freqs.iter().sum::<u32>() as usize, out.len());
            assert!(allowed.repeat || freqs[16] == 0);
            assert!(allowed.short_zeros || freqs[17] == 0);
            assert!(allowed.long_zeros || freqs[18] == 0);
        }
    }

    quickcheck! {
        fn lengths_are_complete_and_limited(freqs: Vec<u32>, limit_sel: bool) -> bool {
            let limit = if limit_sel { 7 } else { 15 };
            // Full-size alphabets (19 or 286 symbols), padded with unused ones; weights up to
            // u32::MAX exercise the deepest trees.
            let n = if limit == 7 { 19 } else { 286 };
            let mut freqs: Vec<u32> = freqs.into_iter().take(n).collect();
            freqs.resize(n, 0);
            let mut lens = vec![0u8; n];
            if limit == 7 {
                let mut l = [0u8; 19];
                build_lengths::<19, 38>(&freqs[..].try_into().unwrap(), limit, &mut l);
                lens.copy_from_slice(&l);
            } else {
                let mut l = [0u8; 286];
                build_lengths::<286, 572>(&freqs[..].try_into().unwrap(), limit, &mut l);
                lens.copy_from_slice(&l);
            }
            let used_have_codes = freqs.iter().zip(&lens).all(|(&f, &l)| f == 0 || l > 0);
            let codes_used = lens.iter().filter(|&&l| l > 0).count();
            used_have_codes && (kraft_ok(&lens, limit) || (codes_used == 2 && lens.iter().all(|&l| l <= 1)))
        }
    }
}
