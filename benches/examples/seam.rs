//! Probe: frames packed from a record in the middle of the input (a second thread's guess)
//! against frames packed from the start: how many frames until a true frame start is one of the
//! guessed frame starts (from there on the two agree, as a frame depends only on its first
//! record).
//!     cargo run --release -p fitflate-bench --example seam -- FILE CAP
use fitflate::{FrameBuilder, Push};

fn starts(records: &[&[u8]], from: usize, cap: u64, upto: usize) -> Vec<usize> {
    let builder = FrameBuilder::new(cap);
    let mut frame = builder.build().unwrap();
    let mut out = vec![from];
    for (i, r) in records.iter().enumerate().skip(from) {
        if frame.push(r).unwrap() == Push::Full {
            frame = builder.build().unwrap();
            assert_eq!(frame.push(r).unwrap(), Push::Accepted);
            out.push(i);
            if out.len() > upto {
                break;
            }
        }
    }
    out
}

fn main() {
    let path: String = fitflate_bench::arg(1, "corpus/loghub/HDFS_2k.log".to_string());
    let cap: u64 = fitflate_bench::arg(2, 4096);
    let data = std::fs::read(&path).unwrap();
    let records: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let truth = starts(&records, 0, cap, usize::MAX);
    let per_frame = records.len() as f64 / truth.len() as f64;
    println!(
        "{path}: {} records, {} frames ({per_frame:.1} records a frame)",
        records.len(),
        truth.len()
    );
    let mut lags = Vec::new();
    for k in 1..20 {
        let m = records.len() * k / 20;
        let guess = starts(&records, m, cap, 200);
        // The first true start at or after m that is a guessed start.
        let lag = truth
            .iter()
            .filter(|&&t| t >= m)
            .position(|t| guess.binary_search(t).is_ok());
        lags.push(lag.map_or(-1, |l| l as i64));
    }
    println!("frames until the seam closes, from 19 guesses: {lags:?}");
}
