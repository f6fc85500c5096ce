//! A level's density on every kind: mean payload per full frame at 1, 4 and 16 KiB caps (gzip
//! frames) for the bundled logs (each; their geometric mean) and each other kind, and the
//! whole-buffer size of each kind, to compare two builds of the encoder.
//!     cargo run --release -p fitflate-bench --example level_probe [-- LEVEL]
use fitflate::{Deflater, Level};
use fitflate_bench::{bundled_kinds, bundled_logs, methods, Records};

fn main() {
    let level: u32 = fitflate_bench::arg(1, 6);
    let caps = [1024u64, 4096, 16384];
    let mut logs_ln = [0f64; 3];
    let logs = bundled_logs();
    let mut all_logs = Vec::new();
    for (_, d) in &logs {
        let r = Records::from_lines(d);
        for (i, &cap) in caps.iter().enumerate() {
            logs_ln[i] += methods::fitflate(&r, cap, level)
                .mean_payload_full()
                .unwrap_or(1.0)
                .ln();
        }
        all_logs.extend_from_slice(d);
    }
    let g: Vec<String> = logs_ln
        .iter()
        .map(|s| format!("{:.1}", (s / logs.len() as f64).exp()))
        .collect();
    let whole = |data: &[u8]| {
        let mut d = Deflater::new(Level::new(level).unwrap());
        d.append(data);
        d.finish().len()
    };
    println!("logs geomean {g:?} whole {}", whole(&all_logs));
    for k in bundled_kinds() {
        let p: Vec<String> = caps
            .iter()
            .map(|&c| {
                format!(
                    "{:.0}",
                    methods::fitflate(&k.records, c, level)
                        .mean_payload_full()
                        .unwrap_or(0.0)
                )
            })
            .collect();
        println!("{:<5} {p:?} whole {}", k.name, whole(&k.records.bytes));
    }
}
