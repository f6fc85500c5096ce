//! Profiling harness: pack the second halves of the bundled logs into 4 KiB zlib frames at level
//! 6, with (argument 1) or without (0) a 32 KiB dictionary made from the first halves.
//!     valgrind --tool=callgrind target/release/examples/dict_speed 1
use fitflate::Dictionary;
use fitflate_bench::{bundled_logs, methods, Records};

fn main() {
    let with: u32 = fitflate_bench::arg(1, 1);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (_, d) in bundled_logs() {
        let r = Records::from_lines(&d);
        let half = r.len() / 2;
        train.extend_from_slice(r.span(0, half));
        test.extend_from_slice(r.span(half, r.len()));
    }
    let dict = Dictionary::new(&train[train.len() - 32 * 1024..]);
    let test = Records::from_lines(&test);
    let f = methods::fitflate_zlib(&test, 4096, 6, (with == 1).then_some(&dict));
    println!("{} frames", f.frames.len());
}
