//! Level 10's full frames against zopfli and libdeflate -12 compressing exactly the same
//! records (gzip): where the strongest level stands per frame, at one cap.
//!     cargo run --release -p fitflate-bench --example frame_vs_zopfli [-- CAP BYTES]
use fitflate_bench::{bundled_slices, methods};

fn main() {
    let cap: u64 = fitflate_bench::arg(1, 4096);
    let bytes: usize = fitflate_bench::arg(2, 200_000);
    let (mut all_f, mut all_z, mut all_l, mut all_s) = (0usize, 0usize, 0usize, 0usize);
    for (name, r) in &bundled_slices(bytes) {
        let frames = methods::fitflate(r, cap, 10);
        let (mut f, mut z, mut l, mut sq) = (0usize, 0usize, 0usize, 0usize);
        for (frame, _, full) in &frames.frames {
            if !full {
                continue;
            }
            let payload = fitflate::verify::decode(frame, fitflate::Format::Gzip).unwrap();
            let mut zo = Vec::new();
            zopfli::compress(
                zopfli::Options::default(),
                zopfli::Format::Gzip,
                &payload[..],
                &mut zo,
            )
            .unwrap();
            let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::new(12).unwrap());
            let mut out = vec![0u8; c.gzip_compress_bound(payload.len())];
            let ld = c.gzip_compress(&payload, &mut out).unwrap();
            // The same records as one stream at level 10, its last block squeezed (a frame
            // writes the records taken after its last squeeze as level 9 parsed them).
            let mut d = fitflate::Deflater::new(fitflate::Level::STRONGEST);
            d.set_split_blocks(Some(fitflate::SplitEffort::MAX));
            d.append(&payload);
            d.squeeze(fitflate::SqueezeEffort::MAX);
            sq += d.finish().len() + 18;
            f += frame.len();
            z += zo.len();
            l += ld;
        }
        println!(
            "{name:<10} frames {:>4}: -10 {f:>8} squeezed {sq:>8} zopfli {z:>8} ({:.4})  libdeflate -12 {l:>8} ({:.4})",
            frames.frames.len(),
            z as f64 / f as f64,
            l as f64 / f as f64
        );
        (all_f, all_z, all_l, all_s) = (all_f + f, all_z + z, all_l + l, all_s + sq);
    }
    println!(
        "all: -10 {all_f} squeezed {all_s} zopfli {all_z} ({:.4})  libdeflate -12 {all_l} ({:.4})",
        all_z as f64 / all_f as f64,
        all_l as f64 / all_f as f64
    );
}
