//! The trainer: deterministic, within its size, never panicking, its best bytes last, and on the
//! bundled logs better than no dictionary and than the samples' last bytes.

use super::*;
use crate::{Dictionary, Format, FrameBuilder, Push};

/// The lines of a log split in halves: the samples, and the records to pack (those that a 1 KiB
/// frame takes even stored: HDFS has a line of 2.5 KB).
fn halves(log: &[u8]) -> (Vec<&[u8]>, Vec<&[u8]>) {
    let lines: Vec<&[u8]> = log
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    let fit = b.iter().copied().filter(|r| r.len() <= 1000).collect();
    (a.to_vec(), fit)
}

/// How many 1 KiB zlib frames `records` take with the dictionary `dict`.
fn frames(records: &[&[u8]], dict: Option<&[u8]>) -> usize {
    let builder = FrameBuilder::new(1024)
        .format(Format::Zlib)
        .dictionary(dict.map(Dictionary::new));
    let mut frame = builder.build().unwrap();
    let mut n = 1;
    for r in records {
        if frame.push(r).unwrap() == Push::Full {
            assert!(frame.finish_and_reset().len() <= 1024);
            n += 1;
            assert_eq!(frame.push(r).unwrap(), Push::Accepted);
        }
    }
    assert!(frame.finish().len() <= 1024);
    n
}

/// The naive dictionary: the samples' last `size` bytes, line after line.
fn naive(samples: &[&[u8]], size: usize) -> Vec<u8> {
    let all = samples.join(&b'\n');
    all[all.len().saturating_sub(size)..].to_vec()
}

#[test]
fn the_same_samples_give_the_same_bytes() {
    let logs = fitflate_testkit::corpus::logs();
    for (name, log) in &logs[..3] {
        let lines: Vec<&[u8]> = log.split(|&b| b == b'\n').collect();
        let owned: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
        for size in [100, 4096, 32 << 10] {
            let a = train(&lines, size);
            assert_eq!(a, train(&lines, size), "{name} {size}");
            assert_eq!(a, train(&owned, size), "{name} {size}");
            assert_eq!(a.len(), size, "{name}: 2,000 lines fill {size} bytes");
        }
    }
}

#[test]
fn never_more_than_max_size_and_never_a_panic() {
    let empty: [&[u8]; 0] = [];
    assert!(train(&empty, 32 << 10).is_empty());
    assert!(train(&[b""; 10], 32 << 10).is_empty());
    assert!(
        train(&[b"short"; 10], 32 << 10).is_empty(),
        "no 8-byte d-mer"
    );
    let log = &fitflate_testkit::corpus::logs()[1].1;
    let lines: Vec<&[u8]> = log.split(|&b| b == b'\n').collect();
    for size in [0, 1, 7, 8, 9, 100, 1000, 40_000, 1 << 20] {
        let dict = train(&lines, size);
        assert!(dict.len() <= size, "{size}: {}", dict.len());
        assert_eq!(dict.is_empty(), size < 8, "{size}");
    }
    // One byte over and over: one d-mer, covered by the first segment.
    let zeros = vec![0u8; 100_000];
    let dict = train(&[&zeros[..]], 32 << 10);
    assert!(!dict.is_empty() && dict.len() <= 512, "{}", dict.len());
    // A record far over MAX_RECORD_BYTES, and samples far over MAX_SAMPLE_BYTES (the same
    // record many times: thinned, not copied).
    let mut rng = fitflate_testkit::Rng::new(5);
    let huge = rng.alnum(3 << 20);
    let dict = train(&[&huge[..]], 32 << 10);
    assert!(
        dict.len() > (32 << 10) - D && dict.len() <= 32 << 10,
        "{}",
        dict.len()
    );
    let many = vec![&huge[..MAX_RECORD_BYTES]; 2 * MAX_SAMPLE_BYTES / MAX_RECORD_BYTES + 3];
    let dict = train(&many, 32 << 10);
    assert!(dict.len() <= 32 << 10);
    assert!(huge[..MAX_RECORD_BYTES]
        .windows(64)
        .any(|w| w == &dict[dict.len() - 64..]));
}

#[test]
fn what_most_records_share_goes_last() {
    let mut rng = fitflate_testkit::Rng::new(9);
    let samples: Vec<Vec<u8>> = (0..300)
        .map(|i| {
            let mut r = rng.alnum(20);
            if i % 3 == 0 {
                r.extend_from_slice(b" level=warn component=scheduler");
            }
            r.extend_from_slice(b" GET /api/v2/orders?customer=");
            r.extend(rng.alnum(30));
            r
        })
        .collect();
    let dict = train(&samples, 4096);
    let at = |needle: &[u8]| dict.windows(needle.len()).rposition(|w| w == needle);
    let all = at(b" GET /api/v2/orders?customer=").expect("in the dictionary");
    let third = at(b" level=warn component=scheduler").expect("in the dictionary");
    assert!(all >= dict.len() - K, "{all} of {}", dict.len());
    assert!(third >= dict.len() - K, "in the same, best, segment");
}

/// Trained on one half of each bundled log, packing the other into 1 KiB zlib frames: fewer
/// frames than no dictionary, never more than the naive one of the same size at 1 and 4 KiB,
/// and fewer over the four sizes on nearly every log.
/// Prints the frames per log and size (`--nocapture`).
#[test]
fn trained_on_one_half_packs_the_other_into_fewer_frames() {
    const SIZES: [usize; 4] = [1 << 10, 4 << 10, 16 << 10, 32 << 10];
    eprintln!("frames of 1 KiB (zlib, level 6) for the second half of each log");
    eprintln!(
        "{:<18}{:>6} | naive {:>5}{:>5}{:>5}{:>5} | trained {:>5}{:>5}{:>5}{:>5}",
        "log", "none", "1K", "4K", "16K", "32K", "1K", "4K", "16K", "32K"
    );
    let mut better = 0;
    let logs = fitflate_testkit::corpus::logs();
    for (name, log) in &logs {
        let (samples, records) = halves(log);
        let none = frames(&records, None);
        let naive: Vec<usize> = SIZES
            .iter()
            .map(|&s| frames(&records, Some(&naive(&samples, s))))
            .collect();
        let trained: Vec<usize> = SIZES
            .iter()
            .map(|&s| frames(&records, Some(&train(&samples, s))))
            .collect();
        let row = |v: &[usize]| v.iter().map(|n| format!("{n:>5}")).collect::<String>();
        eprintln!(
            "{name:<18}{none:>6} | naive {} | trained {}",
            row(&naive),
            row(&trained)
        );
        assert!(
            trained[3] < none,
            "{name}: {} frames, {none} without",
            trained[3]
        );
        // Small dictionaries are where choosing the bytes matters most.
        assert!(
            trained[0] <= naive[0] && trained[1] <= naive[1],
            "{name}: {trained:?} frames, {naive:?} with the naive dictionary"
        );
        if trained.iter().sum::<usize>() < naive.iter().sum::<usize>() {
            better += 1;
        }
    }
    assert!(
        better >= 6,
        "better than the naive dictionary on {better} of 8 logs"
    );
}
