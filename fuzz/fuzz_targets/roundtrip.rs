//! Arbitrary bytes split into arbitrary appends, at an arbitrary level and container: the
//! output inflates (miniz_oxide and zlib) to the input, with correct checksums.
#![no_main]
use fitflate::Compressor;
use fitflate::Level;
use fitflate_fuzz::{decode_all, FuzzFormat};
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    level: u8,
    format: FuzzFormat,
    appends: Vec<Vec<u8>>,
}

fuzz_target!(|input: Input| {
    let format = input.format.format();
    let mut c = Compressor::new(format, Level::new(u32::from(input.level % 11)).unwrap());
    for a in &input.appends {
        c.append(a);
    }
    let out = c.finish();
    assert!(decode_all(&out, format) == input.appends.concat());
});
