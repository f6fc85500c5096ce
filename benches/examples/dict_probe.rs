//! Preset dictionaries on held-out records: each bundled log (and kind) split in two halves, a
//! dictionary made from the first (its last SIZE bytes: the naive dictionary), the second packed
//! into zlib frames at 256 B - 16 KiB caps: mean payload per full frame without and with the
//! dictionary, fitflate level 6 against an exact zlib -6 packer given the same dictionary.
//!     cargo run --release -p fitflate-bench --example dict_probe [-- SIZE]
use fitflate::Dictionary;
use fitflate_bench::{bundled_kinds, bundled_logs, methods, Records};
use std::time::Instant;

fn main() {
    let size: usize = fitflate_bench::arg(1, 32 * 1024);
    let mut sets: Vec<(String, Records)> = bundled_logs()
        .into_iter()
        .map(|(n, d)| (n, Records::from_lines(&d)))
        .collect();
    for k in bundled_kinds() {
        sets.push((k.name.to_string(), k.records));
    }
    let caps = [256u64, 1024, 4096, 16384];
    let mut gain = vec![0f64; caps.len()];
    println!("dictionary: last {size} bytes of the first half; payload per full frame: none / dict / zlib+dict");
    for (name, r) in &sets {
        let half = r.len() / 2;
        let train = r.take(half);
        let test = Records::from_lines(r.span(half, r.len()));
        let dict_bytes = &train.bytes[train.bytes.len().saturating_sub(size)..];
        let dict = Dictionary::new(dict_bytes);
        print!("{name:<10}");
        for (i, &cap) in caps.iter().enumerate() {
            let none = methods::fitflate_zlib(&test, cap, 6, None).mean_payload_full();
            let with = methods::fitflate_zlib(&test, cap, 6, Some(&dict)).mean_payload_full();
            let z = methods::zlib_exact_with(&test, cap, 6, false, 15, Some(dict_bytes))
                .mean_payload_full();
            let f = |x: Option<f64>| x.map_or("-".into(), |v| format!("{v:.0}"));
            if let (Some(a), Some(b)) = (none, with) {
                if name.chars().next().unwrap().is_uppercase() {
                    gain[i] += (b / a).ln();
                }
            }
            print!(" | {cap:>5}: {:>6} {:>6} {:>6}", f(none), f(with), f(z));
        }
        println!();
    }
    let g: Vec<String> = gain
        .iter()
        .map(|s| format!("{:.2}", (s / 8.0).exp()))
        .collect();
    println!("geometric mean gain over the logs per cap {caps:?}: {g:?}");
    // Speed: 4 KiB frames of all logs' second halves, with and without the dictionary.
    let all: Vec<u8> = sets
        .iter()
        .take(8)
        .flat_map(|(_, r)| r.span(r.len() / 2, r.len()).to_vec())
        .collect();
    let test = Records::from_lines(&all);
    let dict = Dictionary::new(&sets[0].1.bytes[..size.min(sets[0].1.bytes.len())]);
    let mut t = [Vec::new(), Vec::new()];
    for _ in 0..7 {
        for (i, d) in [None, Some(&dict)].into_iter().enumerate() {
            let s = Instant::now();
            std::hint::black_box(methods::fitflate_zlib(&test, 4096, 6, d));
            t[i].push(s.elapsed().as_secs_f64());
        }
    }
    for v in &mut t {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    }
    println!(
        "4 KiB frames, median of 7: {:.3} s without, {:.3} s with a dictionary ({:.2}x)",
        t[0][3],
        t[1][3],
        t[0][3] / t[1][3]
    );
}
