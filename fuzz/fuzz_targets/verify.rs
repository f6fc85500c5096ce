//! Arbitrary bytes, and mutated valid frames, given to the verify path: never a panic, always
//! a clear error or a correct count.
#![no_main]
use fitflate::{verify_frame, FrameBuilder, VerifyOptions};
use fitflate_fuzz::FuzzFormat;
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    format: FuzzFormat,
    raw: Vec<u8>,
    records: Vec<Vec<u8>>,
    /// (position, xor) pairs applied to a valid frame.
    flips: Vec<(u16, u8)>,
    truncate: Option<u16>,
}

fuzz_target!(|input: Input| {
    let format = input.format.format();
    let opts = VerifyOptions::new(format);
    // Arbitrary bytes: any answer but a panic.
    let _ = verify_frame(&input.raw, &opts);

    // A valid frame, then mutated.
    let mut frame = FrameBuilder::new(1 << 16).format(format).build().unwrap();
    let mut n = 0u64;
    for r in &input.records {
        if r.contains(&b'\n') {
            continue;
        }
        match frame.push(r) {
            Ok(fitflate::Push::Accepted) => n += 1,
            _ => break,
        }
    }
    let mut bytes = frame.finish();
    let report = verify_frame(&bytes, &opts).expect("a valid frame must verify");
    assert_eq!(report.records, Some(n));
    for &(pos, x) in &input.flips {
        if !bytes.is_empty() {
            let i = pos as usize % bytes.len();
            bytes[i] ^= x;
        }
    }
    if let Some(t) = input.truncate {
        let t = t as usize;
        if t < bytes.len() {
            bytes.truncate(t);
        }
    }
    let _ = verify_frame(&bytes, &opts);
});
