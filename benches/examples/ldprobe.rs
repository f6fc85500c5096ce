//! libdeflate's levels as whole-prefix oracles, against the zlib -9 oracle, per bundled log at
//! 1/4/16 KiB caps (geometric mean first): what one-shot lazy, lazy2 and near-optimal parsing
//! reach on these logs.
//!     cargo run --release -p fitflate-bench --example ldprobe -- 6 8 12
use fitflate_bench::{bundled_logs, methods, zlib, Records};
fn main() {
    let logs = bundled_logs();
    for cap in [1024u64, 4096, 16384] {
        let mut row = String::new();
        let lv: Vec<i32> = std::env::args()
            .skip(1)
            .map(|a| a.parse().unwrap())
            .collect();
        let mut g = vec![0.0f64; lv.len()];
        let mut n = 0.0;
        for (name, d) in &logs {
            let r = Records::from_lines(d);
            let z9 = methods::oracle(&r, cap, &mut |d| zlib::compress(d, 9, 31));
            let Some(p9) = z9.mean_payload_full() else {
                continue;
            };
            let mut v = vec![];
            for &lvl in &lv {
                let mut comp =
                    libdeflater::Compressor::new(libdeflater::CompressionLvl::new(lvl).unwrap());
                let f = methods::oracle(&r, cap, &mut |d| {
                    let mut out = vec![0; comp.gzip_compress_bound(d.len())];
                    let n = comp.gzip_compress(d, &mut out).expect("libdeflate");
                    out.truncate(n);
                    out
                });
                v.push(f.mean_payload_full().unwrap() / p9);
            }
            for (gi, vi) in g.iter_mut().zip(&v) {
                *gi += vi.ln();
            }
            n += 1.0;
            let r: Vec<String> = v.iter().map(|x| format!("{x:.3}")).collect();
            row += &format!(" {}={}", &name[..3], r.join("/"));
        }
        let geo: Vec<String> = lv
            .iter()
            .zip(&g)
            .map(|(l, x)| format!("ld{l} {:.4}", (x / n).exp()))
            .collect();
        println!("cap {cap}: {} |{row}", geo.join(" "));
    }
}
