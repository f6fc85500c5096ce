//! libdeflate's levels as whole-prefix oracles, against the zlib -9 oracle, per bundled log at
//! 1/4/16 KiB caps (geometric mean first): what one-shot lazy, lazy2 and near-optimal parsing
//! reach on these logs.
//!     cargo run --release -p fitflate-bench --example ldprobe [-- LEVEL...]   (default 6 8 12)
use fitflate_bench::{bundled_logs, methods, zlib, Records};
fn main() {
    let args: Vec<i32> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("libdeflate levels, 1..=12"))
        .collect();
    let levels = if args.is_empty() {
        vec![6, 8, 12]
    } else {
        args
    };
    let logs = bundled_logs();
    for cap in [1024u64, 4096, 16384] {
        let mut row = String::new();
        let mut g = vec![0.0f64; levels.len()];
        let mut n = 0.0;
        for (name, d) in &logs {
            let r = Records::from_lines(d);
            let z9 = methods::oracle(&r, cap, &mut |d| zlib::compress(d, 9, 31));
            let Some(p9) = z9.mean_payload_full() else {
                continue;
            };
            let v: Vec<f64> = levels
                .iter()
                .map(|&level| {
                    let f = methods::libdeflate_oracle(&r, cap, level);
                    f.mean_payload_full().unwrap_or(0.0) / p9
                })
                .collect();
            for (gi, vi) in g.iter_mut().zip(&v) {
                *gi += vi.ln();
            }
            n += 1.0;
            let r: Vec<String> = v.iter().map(|x| format!("{x:.3}")).collect();
            row += &format!(" {}={}", &name[..3], r.join("/"));
        }
        let geo: Vec<String> = levels
            .iter()
            .zip(&g)
            .map(|(l, x)| format!("ld{l} {:.4}", (x / n).exp()))
            .collect();
        println!("cap {cap}: {} |{row}", geo.join(" "));
    }
}
