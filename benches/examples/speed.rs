//! The speed targets of the density bench in a few seconds: level 1 and 6 packing (cap checked
//! after every line) of each bundled log at 4 KiB and of the logs concatenated at 64 KiB,
//! against zlib -6 compressing the concatenation whole. The runs are interleaved and each
//! figure is the best of N, so that the machine's slow spells (this VM's speed changes by a
//! quarter from second to second) hit every method alike.
//!     cargo run --release -p fitflate-bench --example speed [-- N]
use fitflate_bench::{bundled_logs, methods, zlib, Records};
use std::time::Instant;

fn timed(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

fn main() {
    let reps: usize = fitflate_bench::arg(1, 15);
    let logs: Vec<Records> = bundled_logs()
        .iter()
        .map(|(_, d)| Records::from_lines(d))
        .collect();
    let all: Vec<u8> = logs.iter().flat_map(|r| r.bytes.clone()).collect();
    let all_records = Records::from_lines(&all);
    let mb = all.len() as f64 / 1e6;
    // best[0]: zlib; then (level, cap) pairs.
    let runs: [(u32, u64); 4] = [(1, 4096), (1, 65536), (6, 4096), (6, 65536)];
    let mut best = [f64::MAX; 5];
    for _ in 0..reps {
        best[0] = best[0].min(timed(|| drop(zlib::compress(&all, 6, -15))));
        for (i, &(level, cap)) in runs.iter().enumerate() {
            let secs = if cap == 4096 {
                logs.iter()
                    .map(|r| timed(|| drop(methods::fitflate(r, cap, level))))
                    .sum()
            } else {
                timed(|| drop(methods::fitflate(&all_records, cap, level)))
            };
            best[i + 1] = best[i + 1].min(secs);
        }
    }
    let zlib6 = mb / best[0];
    println!("zlib -6 whole buffer: {zlib6:.1} MB/s");
    for (i, &(level, cap)) in runs.iter().enumerate() {
        let s = mb / best[i + 1];
        println!(
            "fitflate -{level} at {:>2} KiB: {s:.1} MB/s ({:.2}x)",
            cap / 1024,
            s / zlib6
        );
    }
}
