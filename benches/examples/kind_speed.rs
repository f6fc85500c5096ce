//! The default level's speed targets per kind of data in a minute: fitflate packing at 64 KiB and
//! 4 KiB caps (exact cost after every record) and whole-buffer, against libdeflate compressing the
//! same bytes whole, with the sizes beside (gzip framing for all). Runs are interleaved and each
//! figure is the median of N, so the machine's slow spells hit every method alike.
//! Level 10 is set against libdeflate -12, its strongest.
//!     cargo run --release -p fitflate-bench --example kind_speed [-- N LEVEL]
use fitflate::{Deflater, Level};
use fitflate_bench::{bundled_kinds, bundled_logs, methods, Records};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let reps: usize = fitflate_bench::arg(1, 5);
    let level: u32 = fitflate_bench::arg(2, 6);
    let logs: Vec<u8> = bundled_logs().into_iter().flat_map(|(_, d)| d).collect();
    let mut kinds: Vec<(String, Records)> = vec![("logs".into(), Records::from_lines(&logs))];
    for k in bundled_kinds() {
        kinds.push((k.name.to_string(), k.records));
    }
    let all: Vec<u8> = kinds.iter().flat_map(|(_, r)| r.bytes.clone()).collect();
    kinds.push(("all".into(), Records::from_lines(&all)));
    // The strongest level is measured against libdeflate's strongest, 12.
    let peer_level = if level >= 10 { 12 } else { level as i32 };
    println!("level {level} against libdeflate -{peer_level}, median of {reps}; MB/s (bytes out)");
    println!(
        "{:<5} {:>8} {:>18} {:>18} {:>18} {:>18} {:>7} {:>7}",
        "kind", "MB", "libdeflate", "fitflate whole", "pack 64K", "pack 4K", "64K/ld", "4K/ld"
    );
    for (name, r) in &kinds {
        let mb = r.bytes.len() as f64 / 1e6;
        let mut t = vec![Vec::new(); 4];
        let mut size = [0usize; 4];
        for _ in 0..reps {
            let s = Instant::now();
            let mut c =
                libdeflater::Compressor::new(libdeflater::CompressionLvl::new(peer_level).unwrap());
            let mut out = vec![0; c.gzip_compress_bound(r.bytes.len())];
            size[0] = c.gzip_compress(&r.bytes, &mut out).unwrap();
            t[0].push(s.elapsed().as_secs_f64());
            let s = Instant::now();
            let mut d = Deflater::new(Level::new(level).unwrap());
            d.append(&r.bytes);
            size[1] = d.finish().len() + 18;
            t[1].push(s.elapsed().as_secs_f64());
            for (i, cap) in [(2, 65536u64), (3, 4096)] {
                let s = Instant::now();
                let f = methods::fitflate(r, cap, level);
                t[i].push(s.elapsed().as_secs_f64());
                size[i] = f.frames.iter().map(|x| x.0.len()).sum();
            }
        }
        let speed: Vec<f64> = t.into_iter().map(|v| mb / median(v)).collect();
        let cell = |i: usize| format!("{:.1} ({})", speed[i], size[i]);
        println!(
            "{:<5} {:>8.2} {:>18} {:>18} {:>18} {:>18} {:>7.2} {:>7.2}",
            name,
            mb,
            cell(0),
            cell(1),
            cell(2),
            cell(3),
            speed[2] / speed[0],
            speed[3] / speed[0]
        );
    }
}
