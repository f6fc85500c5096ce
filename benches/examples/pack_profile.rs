//! Profiling harness (callgrind): pack every bundled log at a cap, level 6.
//!     valgrind --tool=callgrind target/release/examples/pack_profile 4096
//! Arguments: cap (4096), level (6), repetitions (1; more for `perf record`), squeeze (0; 1:
//! frames squeeze a record that does not fit).
use fitflate_bench::{bundled_logs, methods, Records};
fn main() {
    let cap: u64 = fitflate_bench::arg(1, 4096);
    let level: u32 = fitflate_bench::arg(2, 6);
    let reps: usize = fitflate_bench::arg(3, 1);
    let squeeze: u32 = fitflate_bench::arg(4, 0);
    let logs: Vec<Records> = bundled_logs()
        .iter()
        .map(|(_, d)| Records::from_lines(d))
        .collect();
    let mut frames = 0;
    for _ in 0..reps {
        for r in &logs {
            frames += if squeeze == 1 {
                methods::fitflate_squeeze(r, cap, level)
            } else {
                methods::fitflate(r, cap, level)
            }
            .frames
            .len();
        }
    }
    println!("{frames} frames");
}
