//! Level 10 (or any level) packing on a slice of every kind of data: mean payload per full frame
//! at 1, 4 and 16 KiB caps and the time taken, to compare two builds of the encoder.
//!     cargo run --release -p fitflate-bench --example strongest_probe [-- BYTES LEVEL SQUEEZE]
//! (SQUEEZE 1: frames squeeze a record that does not fit.)
use fitflate_bench::{bundled_slices, methods};
use std::time::Instant;

fn main() {
    let bytes: usize = fitflate_bench::arg(1, 40_000);
    let level: u32 = fitflate_bench::arg(2, 10);
    let squeeze: u32 = fitflate_bench::arg(3, 0);
    let sets = bundled_slices(bytes);
    let mut total_secs = 0.0;
    let mut log_sum = [0f64; 3];
    for (name, r) in &sets {
        print!("{name:<12}");
        for (i, cap) in [1024u64, 4096, 16384].into_iter().enumerate() {
            let t = Instant::now();
            let f = if squeeze == 1 {
                methods::fitflate_squeeze(r, cap, level)
            } else {
                methods::fitflate(r, cap, level)
            };
            let s = t.elapsed().as_secs_f64();
            total_secs += s;
            let p = f.mean_payload_full().unwrap_or(0.0);
            log_sum[i] += p.max(1.0).ln();
            print!(" {cap:>5}: {p:>8.1} B {s:>6.2}s");
        }
        println!();
    }
    let g: Vec<String> = log_sum
        .iter()
        .map(|s| format!("{:.1}", (s / sets.len() as f64).exp()))
        .collect();
    println!("geomean payload per full frame {g:?}, total {total_secs:.1}s");
}
