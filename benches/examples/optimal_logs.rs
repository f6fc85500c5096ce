//! The near-optimal one-shot encoder against level 9, libdeflate -12 and zopfli on slices of
//! each bundled log (raw DEFLATE bytes).
use fitflate::Level;
use fitflate_bench::bundled_logs;
use std::time::Instant;
fn main() {
    let size: usize = fitflate_bench::arg(1, 30_000);
    let (mut t9, mut to, mut tl, mut tz) = (0, 0, 0, 0);
    let (mut s_opt, mut s_z) = (0f64, 0f64);
    for (name, d) in bundled_logs() {
        let data = &d[..size.min(d.len())];
        let mut e = fitflate::Deflater::new(Level::new(9).unwrap());
        e.append(data);
        let l9 = e.finish().len();
        let mut e = fitflate::Deflater::new(Level::new(10).unwrap());
        e.append(data);
        let l10 = e.finish().len();
        let t = Instant::now();
        let opt = fitflate::compress_optimal(data);
        s_opt += t.elapsed().as_secs_f64();
        assert_eq!(
            fitflate::verify::decode(&opt, fitflate::Format::Raw).unwrap(),
            data
        );
        let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::new(12).unwrap());
        let mut out = vec![0u8; c.deflate_compress_bound(data.len())];
        let lib = c.deflate_compress(data, &mut out).unwrap();
        let t = Instant::now();
        let mut z = Vec::new();
        zopfli::compress(
            zopfli::Options::default(),
            zopfli::Format::Deflate,
            data,
            &mut z,
        )
        .unwrap();
        s_z += t.elapsed().as_secs_f64();
        println!(
            "{name:>10}: -9 {l9}  -10 {l10}  optimal {}  libdeflate-12 {lib}  zopfli {}",
            opt.len(),
            z.len()
        );
        (t9, to, tl, tz) = (t9 + l9, to + opt.len(), tl + lib, tz + z.len());
    }
    println!("total: -9 {t9}  optimal {to}  libdeflate-12 {tl}  zopfli {tz}; optimal {s_opt:.2}s, zopfli {s_z:.2}s");
}
