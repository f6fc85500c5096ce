//! The Python users' repeated-record cases: one record of 8*i*i random letters and digits offered
//! again and again, cap 8*2^i bytes, legacy frames; records in the first frame for i = 5..9, by
//! fitflate at a level and by the zlib -9 (and with ZOPFLI set, the zopfli) whole-prefix oracle.
//!     [ZOPFLI=1] cargo run --release -p fitflate-bench --example repeated [-- LEVEL]
//! WHOLE=1 also compares whole-buffer sizes; DUMP=DIR writes each case's first frame and the
//! same records compressed whole by fitflate and zopfli (raw DEFLATE), for a stream dump.
use fitflate::{Format, FrameBuilder, Level, Push};
use fitflate_bench::zlib;

fn main() {
    let level: u32 = fitflate_bench::arg(1, 6);
    for i in 5..=9u64 {
        let mut rng = fitflate_testkit::Rng::new(i);
        let record = rng.alnum((8 * i * i) as usize);
        let cap = 8 << i;
        let mut frame = FrameBuilder::new(cap)
            .format(Format::Legacy)
            .level(Level::new(level).unwrap())
            .build()
            .unwrap();
        let mut n = 0;
        while frame.push(&record).unwrap() == Push::Accepted {
            n += 1;
        }
        if let Some(dir) = std::env::var_os("DUMP") {
            let path = std::path::Path::new(&dir).join(format!("i{i}-frame{level}.gz"));
            std::fs::write(path, frame.clone().finish()).unwrap();
        }
        let line = [&record[..], b"\n"].concat();
        // zlib -9 on the whole prefix of n records (gzip, plus the legacy 4-byte CRC).
        let z = oracle(n, cap, |k| zlib::compress(&line.repeat(k), 9, 31).len());
        print!("i={i} cap {cap}: fitflate -{level} {n}, zlib -9 oracle {z}");
        if std::env::var_os("ZOPFLI").is_some() {
            let zopfli = oracle(n, cap, |k| {
                let mut out = Vec::new();
                let options = zopfli::Options::default();
                zopfli::compress(options, zopfli::Format::Gzip, &line.repeat(k)[..], &mut out)
                    .expect("zopfli");
                out.len()
            });
            print!(", zopfli oracle {zopfli}");
        }
        println!();
        if let Some(dir) = std::env::var_os("DUMP") {
            // The same n records whole, as raw DEFLATE, for a stream dump (e.g. infgen).
            let data = line.repeat(n);
            let dir = std::path::Path::new(&dir);
            let mut d = fitflate::Deflater::new(Level::new(level).unwrap());
            d.append(&data);
            std::fs::write(dir.join(format!("i{i}-fitflate{level}.raw")), d.finish()).unwrap();
            let mut out = Vec::new();
            let options = zopfli::Options::default();
            zopfli::compress(options, zopfli::Format::Deflate, &data[..], &mut out).unwrap();
            std::fs::write(dir.join(format!("i{i}-zopfli.raw")), out).unwrap();
        }
        if std::env::var_os("WHOLE").is_some() {
            let data = line.repeat(z);
            let mut d = fitflate::Deflater::new(Level::new(level).unwrap());
            d.append(&data);
            let ours = d.finish();
            let theirs = zlib::compress(&data, 9, -15);
            println!(
                "  whole {z} records: fitflate {} bytes, zlib -9 {} bytes",
                ours.len(),
                theirs.len()
            );
            let mut d = fitflate::Deflater::new(Level::new(level).unwrap());
            let mut costs = Vec::new();
            for _ in 0..z.max(n) {
                d.append(&line);
                costs.push(d.close_cost());
            }
            println!(
                "  appended one by one: close cost {} (after {}: {})",
                costs[z - 1],
                n,
                costs[n - 1]
            );
            println!("  finish {}", d.finish().len());
        }
    }
}

/// The most records whose whole prefix, gzip-compressed to `gzip_len(k)` bytes plus the legacy
/// frame's 4-byte CRC, fits `cap`: searched from `from` (the sizes grow with `k`).
fn oracle(from: usize, cap: u64, gzip_len: impl Fn(usize) -> usize) -> usize {
    let fits = |k: usize| k == 0 || (gzip_len(k) + 4) as u64 <= cap;
    let mut k = from;
    if fits(k) {
        while fits(k + 1) {
            k += 1;
        }
    } else {
        while !fits(k) {
            k -= 1;
        }
    }
    k
}
