//! Profiling harness (callgrind): whole-buffer compression of one kind of bundled records
//! (`logs`, `json`, `csv`, `zeek`) at a level, or with a third argument packing them at that cap.
//!     valgrind --tool=callgrind target/release/examples/whole_kind json 6 [4096]
use fitflate::Level;
use fitflate_bench::{bundled_kinds, bundled_logs, methods, Records};
fn main() {
    let kind: String = fitflate_bench::arg(1, "logs".to_string());
    let level: u32 = fitflate_bench::arg(2, 6);
    let data: Vec<u8> = if kind == "logs" {
        // Concatenated whole (a byte-at-a-time flat_map here was a fifth of the instructions).
        bundled_logs()
            .into_iter()
            .map(|(_, d)| d)
            .collect::<Vec<_>>()
            .concat()
    } else {
        let k = bundled_kinds()
            .into_iter()
            .find(|k| k.name == kind)
            .expect("a bundled kind");
        k.records.bytes
    };
    let cap: u64 = fitflate_bench::arg(3, 0);
    if cap > 0 {
        let frames = methods::fitflate(&Records::from_lines(&data), cap, level);
        println!(
            "{kind}: {} bytes -> {} frames, {:.1} bytes a full frame",
            data.len(),
            frames.frames.len(),
            frames.mean_payload_full().unwrap_or(0.0)
        );
        return;
    }
    let mut d = fitflate::Deflater::new(Level::new(level).unwrap());
    d.append(&data);
    println!("{kind}: {} bytes -> {}", data.len(), d.finish().len());
}
