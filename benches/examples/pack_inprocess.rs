//! `fitflate pack` without the process around it: the lines of FILE packed into frames of CAP
//! bytes at LEVEL by `Packer`, the frames kept in memory. Timed against the command as a whole
//! (`fitflate pack --cap CAP -LEVEL --out-dir DIR FILE`), the difference is what the command
//! adds: start-up, reading, writing each frame to its file (no fsync by default), the report.
//!     cargo run --release -p fitflate-bench --example pack_inprocess -- FILE [CAP] [LEVEL]
use fitflate::{FrameBuilder, Level, LineRecords, Packer, Pushed};
use std::time::Instant;

fn main() {
    let path: String = fitflate_bench::arg(1, String::from("corpus/loghub/HDFS_2k.log"));
    let cap: u64 = fitflate_bench::arg(2, 4096);
    let level: u32 = fitflate_bench::arg(3, 6);
    let t = Instant::now();
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let builder = FrameBuilder::new(cap).level(Level::new(level).expect("a level in 0..=10"));
    let mut packer = Packer::new(builder).expect("cap above the gzip minimum");
    let mut lines = LineRecords::new(&data[..]);
    let (mut frames, mut bytes) = (0u64, 0u64);
    while let Some(line) = lines.next_record().expect("reading from memory") {
        if let Pushed::Completed(f) = packer.push(line).expect("every line fits a frame") {
            frames += 1;
            bytes += f.bytes.len() as u64;
        }
    }
    if let (Some(f), _) = packer.finish() {
        frames += 1;
        bytes += f.bytes.len() as u64;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{path}: {frames} frames, {bytes} bytes, {:.1} MB/s in process",
        data.len() as f64 / secs / 1e6
    );
}
