//! Peak heap of one frame builder at the density bench's caps (the bench's memory table alone):
//! whole frame in memory, and streamed out with `Frame::take_output`.
//!     cargo run --release -p fitflate-bench --example memory
use fitflate_bench::memory::{peak_memory, Counting};
use fitflate_bench::{bundled_logs, Records};

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let mut all = Vec::new();
    for _ in 0..8 {
        for (_, d) in bundled_logs() {
            all.extend_from_slice(&d);
        }
    }
    let records = Records::from_lines(&all);
    for level in [1u32, 6, 9] {
        for cap in [64u64 << 10, 256 << 10, 1 << 20] {
            let whole = peak_memory(&records, cap, level, false);
            let streamed = peak_memory(&records, cap, level, true);
            println!(
                "level {level} cap {:>4} KiB: whole frame {:>5} KiB, streamed {:>5} KiB",
                cap >> 10,
                whole >> 10,
                streamed >> 10
            );
        }
    }
}
