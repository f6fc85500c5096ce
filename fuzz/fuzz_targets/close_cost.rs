//! After each append, the reported close cost equals the length of finishing a clone, and the
//! cheap upper bound is never below it.
#![no_main]
use fitflate::Compressor;
use fitflate_fuzz::FuzzFormat;
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    level: u8,
    format: FuzzFormat,
    appends: Vec<Vec<u8>>,
}

fuzz_target!(|input: Input| {
    let mut c = Compressor::new(input.format.format(), u32::from(input.level % 10)).unwrap();
    for a in &input.appends {
        c.append(a);
        let cost = c.close_cost();
        assert!(c.close_cost_upper_bound() >= cost);
        assert_eq!(c.clone().finish().len() as u64, cost);
    }
});
