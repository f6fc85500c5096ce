//! Tuning harness: level `L` (and optionally squeeze) packed at 1/4/16 KiB per bundled log, as a
//! ratio to the oracles recorded in papers/results/density.csv, plus packing and whole-buffer time.
//!     cargo run --release -p fitflate-bench --example tune -- 6 [squeeze]
use fitflate::Level;
use fitflate_bench::{bundled_logs, methods, repo_root, Records};
use std::collections::HashMap;
use std::time::Instant;

fn main() {
    let level: u32 = fitflate_bench::arg(1, 6);
    let squeeze = std::env::args().any(|a| a == "squeeze");
    let csv = std::fs::read_to_string(repo_root().join("papers/results/density.csv")).unwrap();
    let mut oracle: HashMap<(String, u64, String), f64> = HashMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if let Ok(p) = f[7].parse::<f64>() {
            oracle.insert(
                (f[0].to_string(), f[1].parse().unwrap(), f[2].to_string()),
                p,
            );
        }
    }
    let logs = bundled_logs();
    let mut t_pack = 0.0;
    let mut bytes = 0usize;
    for cap in [1024u64, 4096, 16384] {
        let (mut g9, mut g12, mut gz, mut n) = (0.0f64, 0.0f64, 0.0f64, 0.0);
        let mut worst = f64::MAX;
        let mut worst12 = f64::MAX;
        let mut row = String::new();
        for (name, d) in &logs {
            let r = Records::from_lines(d);
            let t = Instant::now();
            let fr = if squeeze {
                methods::fitflate_squeeze(&r, cap, level)
            } else {
                methods::fitflate(&r, cap, level)
            };
            t_pack += t.elapsed().as_secs_f64();
            bytes += d.len();
            let Some(p) = fr.mean_payload_full() else {
                continue;
            };
            let Some(_) = oracle.get(&(name.clone(), cap, "oracle zopfli".to_string())) else {
                continue;
            };
            let get = |m: &str| oracle[&(name.clone(), cap, m.to_string())];
            let r9 = p / get("oracle zlib -9");
            worst = worst.min(r9);
            g9 += r9.ln();
            let r12 = p / get("oracle libdeflate -12");
            worst12 = worst12.min(r12);
            g12 += r12.ln();
            gz += (p / get("oracle zopfli")).ln();
            n += 1.0;
            row += &format!(" {}={:.3}/{:.3}", &name[..3], r9, r12);
        }
        println!(
            "cap {cap:5}: vs z9 geo {:.4} worst {:.3} | vs ld12 {:.4} worst {:.3} | vs zopfli {:.4} |{row}",
            (g9 / n).exp(),
            worst,
            (g12 / n).exp(),
            worst12,
            (gz / n).exp()
        );
    }
    println!("packing: {:.1} MB/s", bytes as f64 / t_pack / 1e6);
    let all: Vec<u8> = logs.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    let mut best = f64::MAX;
    let mut size = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let mut c =
            fitflate::Compressor::new(fitflate::Format::Raw, Level::new(level.min(9)).unwrap());
        c.append(&all);
        size = c.finish().len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "whole-buffer: {:.1} MB/s, {size} bytes",
        all.len() as f64 / best / 1e6
    );
}
