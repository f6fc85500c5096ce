//! Test helpers shared by the encoder's and the `fitflate` crate's test suites and by the fuzz
//! targets (dev-only; never a dependency of a library):
//!
//! - [`inflate`]: three independent inflaters — miniz_oxide (flate2's default backend), the
//!   system zlib called directly through libz-sys (so cargo's feature unification cannot swap
//!   it), and libdeflate's decompressor through libdeflater — and [`inflate::all`], which makes
//!   them agree;
//! - [`Rng`]: a small deterministic PRNG, so tests replay exactly without an RNG crate;
//! - [`corpus`]: the bundled real records;
//! - [`flights`]: synthetic short JSON records whose best matches lie far back.

pub mod corpus;
pub mod inflate;

pub use inflate::Wrapper;

/// A small deterministic generator (xorshift64*).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose sequence depends only on `seed` (any value, zero included).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// `len` random alphanumeric bytes (as Python's `random.choices(ascii_letters + digits)`).
    pub fn alnum(&mut self, len: usize) -> Vec<u8> {
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len).map(|_| ALNUM[self.below(ALNUM.len())]).collect()
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

/// `n` records of flights between twelve airports, one compact JSON object each (no line end):
/// a route, and so its distance, recurs about 144 records back, far beyond the 64 most recent
/// candidates of a search at `,"di`. Level 6 searches deeper on such data (adaptive depth).
pub fn flights(n: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(89);
    let airports = [
        "SAN", "SMF", "LAX", "SFO", "SEA", "PDX", "DEN", "PHX", "LAS", "SLC", "BOI", "OAK",
    ];
    (0..n)
        .map(|_| {
            let (o, d) = (rng.below(12), rng.below(12));
            format!(
                "{{\"date\":\"2001/{:02}/{:02} {:02}:{:02}\",\"delay\":{},\"distance\":{},\
                 \"origin\":\"{}\",\"destination\":\"{}\"}}",
                1 + rng.below(12),
                1 + rng.below(28),
                rng.below(24),
                rng.below(60),
                rng.below(40) as i64 - 10,
                100 + 37 * o + 11 * d,
                airports[o],
                airports[d],
            )
            .into_bytes()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_replays_and_differs_by_seed() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(1);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(1);
                move |_| r.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(2);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = Rng::new(0);
        assert!((0..1000).all(|_| r.below(7) < 7));
        assert!(r.alnum(100).iter().all(u8::is_ascii_alphanumeric));
    }
}
