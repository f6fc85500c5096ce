//! Profiling harness (callgrind): pack every bundled log at a cap, level 6.
//!     valgrind --tool=callgrind target/release/examples/pack_profile 4096
use fitflate_bench::{bundled_logs, methods, Records};
fn main() {
    let cap: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4096);
    let level: u32 = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(6);
    let mut frames = 0;
    for (_, d) in bundled_logs() {
        frames += methods::fitflate(&Records::from_lines(&d), cap, level)
            .frames
            .len();
    }
    println!("{frames} frames");
}
