//! The shared test kit's inflaters, corpus and PRNG for the encoder's tests: three independent
//! inflaters (miniz_oxide, zlib through libz-sys, libdeflate through libdeflater) must agree.
#![allow(dead_code, unused_imports)]

use fitflate_testkit::inflate::{self, Wrapper};
pub use fitflate_testkit::Rng;

/// Inflate a raw DEFLATE stream with miniz_oxide; the stream must end exactly at the end of
/// `data`.
pub fn inflate_miniz(data: &[u8]) -> Result<Vec<u8>, String> {
    inflate::miniz(data, Wrapper::Raw)
}

/// Inflate with zlib (libz-sys). `window_bits`: -15 raw, 15 zlib, 31 gzip. The stream must end
/// exactly at the end of `data`.
pub fn inflate_zlib(data: &[u8], window_bits: i32) -> Result<Vec<u8>, String> {
    inflate::zlib_window_bits(data, window_bits)
}

/// All three inflaters must decode the raw stream to `want`.
pub fn assert_inflates_to(raw: &[u8], want: &[u8], what: &str) {
    let got = inflate::all(raw, Wrapper::Raw).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        got == want,
        "{what}: the inflaters gave {} bytes, want {}",
        got.len(),
        want.len()
    );
}

/// The bundled logs (name, bytes).
pub fn corpus() -> Vec<(String, Vec<u8>)> {
    fitflate_testkit::corpus::logs()
}
