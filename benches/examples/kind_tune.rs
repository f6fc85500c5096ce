//! Tuning harness for every kind of data: level `L` packed on each bundled kind, as a ratio of
//! mean payload per full frame to the zlib -9 whole-prefix oracle, with packing time: each of the
//! eight logs at 1, 4 and 16 KiB (they are too small for more full frames at 64 KiB), and the
//! JSON payloads, CSV rows and Zeek logs, each as one stream, at 1, 4, 16 and 64 KiB. The oracle
//! is computed once per kind's exact bytes (keyed by name, length and a hash of the content: a
//! file converted again under the same name is measured anew) and kept in
//! `target/kind_tune_oracle.csv` (delete it after changing `MIN_FULL_FRAMES`); fitflate is
//! measured on every run, so a change to the encoder shows at once.
//! Further arguments are files measured the same way (each as one stream of lines), e.g. corpora
//! held out from tuning.
//!     cargo run --release -p fitflate-bench --example kind_tune -- 6 [FILE...]
use fitflate_bench::{bundled_kinds, bundled_logs, methods, repo_root, zlib, Frames, Records};
use std::collections::HashMap;
use std::time::Instant;

const CAPS: [u64; 4] = [1024, 4096, 16384, 65536];
/// A pair where either side fills fewer frames than this is left out (shown as `-`): with one
/// full frame, which records happen to end it moves the mean by several percent.
const MIN_FULL_FRAMES: usize = 2;

/// Mean payload per full frame, NaN with fewer than `MIN_FULL_FRAMES` of them.
fn mean_payload(frames: &Frames) -> f64 {
    if frames.full().count() >= MIN_FULL_FRAMES {
        frames.mean_payload_full().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// The oracle cache's name for a kind: its name, length and content hash.
fn fingerprint(name: &str, bytes: &[u8]) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write(bytes);
    format!("{name}-{}-{:016x}", bytes.len(), h.finish())
}

fn main() {
    let level: u32 = fitflate_bench::arg(1, 6);
    let mut kinds: Vec<(String, Records)> = bundled_logs()
        .into_iter()
        .map(|(name, d)| (name, Records::from_lines(&d)))
        .collect();
    kinds.extend(
        bundled_kinds()
            .into_iter()
            .map(|k| (k.name.to_string(), k.records)),
    );
    let bundled = kinds.len();
    for path in std::env::args().skip(2) {
        let name = std::path::Path::new(&path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        kinds.push((
            name,
            Records::from_lines(&std::fs::read(&path).expect("a file")),
        ));
    }
    let cache = repo_root().join("target/kind_tune_oracle.csv");
    let mut oracle: HashMap<(String, u64), f64> = std::fs::read_to_string(&cache)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Some(((f[0].to_string(), f[1].parse().ok()?), f[2].parse().ok()?))
        })
        .collect();
    let (mut geo, mut n, mut worst) = (0.0f64, 0.0, f64::MAX);
    let mut total_time = 0.0;
    for (name, records) in &kinds {
        let mut row = format!("{name:9}");
        let logs = bundled - 3;
        let caps = if kinds.iter().position(|k| &k.0 == name).unwrap() < logs {
            &CAPS[..3]
        } else {
            &CAPS[..]
        };
        for &cap in caps {
            let key = (fingerprint(name, &records.bytes), cap);
            if !oracle.contains_key(&key) {
                let o = methods::oracle(records, cap, &mut |d| zlib::compress(d, 9, 31));
                let p = mean_payload(&o);
                oracle.insert(key.clone(), p);
                let line = format!("{},{cap},{p}\n", key.0);
                use std::io::Write;
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&cache)
                    .and_then(|mut f| f.write_all(line.as_bytes()))
                    .expect("oracle cache");
            }
            let t = Instant::now();
            let frames = methods::fitflate(records, cap, level);
            let secs = t.elapsed().as_secs_f64();
            total_time += secs;
            let p = mean_payload(&frames);
            let r = p / oracle[&key];
            if r.is_finite() {
                geo += r.ln();
                n += 1.0;
                worst = worst.min(r);
            }
            let r = if r.is_finite() {
                format!("{r:.4}")
            } else {
                "     -".to_string()
            };
            row += &format!(
                " | {:>3}K {r} {:5.1}MB/s",
                cap / 1024,
                records.bytes.len() as f64 / secs / 1e6
            );
        }
        println!("{row}");
    }
    println!(
        "level {level}: geo {:.4} worst {worst:.4} over {n} kind/cap pairs, packing {total_time:.2} s",
        (geo / n).exp()
    );
}
