//! Small frames: one record of random letters and digits (Python users' generator) per frame,
//! and the first line of each bundled log, fitflate vs zopfli: raw DEFLATE sizes, and gzip
//! members (a level-10 frame holding the one record against zopfli's gzip output).
use fitflate::Level;

fn main() {
    lines();
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for n in [100usize, 200, 400, 1000] {
        let mut rec: Vec<u8> = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ALNUM[(x % 62) as usize]
            })
            .collect();
        rec.push(b'\n');
        let mut d = fitflate::Deflater::new(Level::new(9).unwrap());
        d.append(&rec);
        let ours = d.finish().len();
        let lib = {
            let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::new(12).unwrap());
            let mut out = vec![0u8; 4096];
            c.deflate_compress(&rec, &mut out).unwrap()
        };
        let opt = fitflate::compress_optimal(&rec).len();
        println!(
            "{n}+1 bytes: fitflate -9 {ours}, optimal {opt}, zopfli {}, libdeflate-12 {lib}; gzip: frame -10 {}, zopfli {}",
            zopfli_len(&rec, zopfli::Format::Deflate),
            frame10(&rec),
            zopfli_len(&rec, zopfli::Format::Gzip)
        );
    }
}

/// The gzip frame of the strongest level holding `record` alone (no delimiter).
fn frame10(record: &[u8]) -> usize {
    let mut f = fitflate::FrameBuilder::new(1 << 20)
        .level(Level::STRONGEST)
        .delimiter(Vec::new())
        .build()
        .unwrap();
    f.push(record).unwrap();
    f.finish().len()
}

/// zopfli's output size for `record` (default options) in `format`.
fn zopfli_len(record: &[u8], format: zopfli::Format) -> usize {
    let mut z = Vec::new();
    zopfli::compress(zopfli::Options::default(), format, record, &mut z).unwrap();
    z.len()
}

/// Single log lines: fitflate -9 against zopfli (raw DEFLATE bytes), the first line of each log.
fn lines() {
    for (name, log) in fitflate_bench::bundled_logs() {
        let end = log
            .iter()
            .position(|&b| b == b'\n')
            .map_or(log.len(), |i| i + 1);
        let line = &log[..end];
        let mut d = fitflate::Deflater::new(Level::new(9).unwrap());
        d.append(line);
        let ours = d.finish().len();
        println!(
            "{name} line ({} bytes): fitflate -9 {ours}, zopfli {}; gzip: frame -10 {}, zopfli {}",
            line.len(),
            zopfli_len(line, zopfli::Format::Deflate),
            frame10(line),
            zopfli_len(line, zopfli::Format::Gzip)
        );
    }
}
