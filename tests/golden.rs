//! Golden outputs: the SHA-256 of every frame and stream for fixed inputs × levels × formats ×
//! caps, pinned in `tests/golden/*.txt`. A refactoring must leave every line as it is; an
//! intended change to the output shows exactly which lines moved.
//!
//! The files are rewritten only on request:
//!
//! ```sh
//! FITFLATE_BLESS=1 cargo test --test golden
//! ```
//!
//! and the diff of `tests/golden/` then belongs in the commit that changed the output.

mod common;

use fitflate::Level;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::{lines_of, Rng};
use fitflate::{Compressor, Format, FrameBuilder, Push, PushError};
use sha2::{Digest, Sha256};

const FORMATS: [Format; 4] = [Format::Raw, Format::Zlib, Format::Gzip, Format::Legacy];
/// Frame levels: stored, the fast and lazy parsers, the default, the strongest parse, and the
/// strongest frame level (near-optimal blocks, splitting, squeezing).
const FRAME_LEVELS: [u32; 6] = [0, 1, 4, 6, 9, 10];
/// A cap small enough that some records fit no frame (the error path), a small frame and a
/// frame of several emitted blocks' worth at the fast levels.
const CAPS: [u64; 3] = [160, 1024, 4096];

/// The inputs: slices of four bundled logs (kept small so that level 10 stays quick), records of
/// skewed random bytes (binary, with long and empty records), and one random alphanumeric record
/// offered again and again (the repeated-record case).
fn inputs() -> Vec<(&'static str, Vec<Vec<u8>>)> {
    let log = |name: &str, lines: usize| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/loghub")
            .join(name);
        let data = std::fs::read(&path).expect("bundled log");
        lines_of(&data).into_iter().take(lines).collect::<Vec<_>>()
    };
    let mut rng = Rng::new(16);
    let binary = (0..120)
        .map(|i| {
            let len = if i % 17 == 0 { 0 } else { rng.below(400) };
            // Skewed bytes: mostly a small alphabet, sometimes anything.
            (0..len)
                .map(|_| match rng.below(8) {
                    0 => rng.next_u64() as u8,
                    k => b"abcdefg"[k - 1],
                })
                .collect()
        })
        .collect();
    let record = rng.alnum(200);
    vec![
        ("hdfs", log("HDFS_2k.log", 160)),
        ("openstack", log("OpenStack_2k.log", 60)),
        ("windows", log("Windows_2k.log", 80)),
        ("android", log("Android_2k.log", 120)),
        ("binary", binary),
        ("repeat", vec![record; 60]),
    ]
}

/// A digest of a sequence of outputs: each one's length, then its bytes.
fn digest<'a>(outputs: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = Sha256::new();
    for out in outputs {
        h.update((out.len() as u64).to_le_bytes());
        h.update(out);
    }
    h.finalize().iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Pack `records` with `builder` as a packer does: a refused record goes into the next frame; a
/// record that fits no frame is counted and skipped. One golden line.
fn frames_line(builder: &FrameBuilder, records: &[Vec<u8>]) -> String {
    let mut frame = builder.build().expect("valid settings");
    let mut frames: Vec<Vec<u8>> = Vec::new();
    let mut too_large = 0;
    for record in records {
        let mut pushed = frame.push(record);
        if pushed == Ok(Push::Full) {
            frames.push(frame.finish_and_reset());
            pushed = frame.push(record);
        }
        match pushed {
            Ok(Push::Accepted) => {}
            Err(PushError::RecordTooLarge { .. }) => too_large += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    if !frame.is_empty() {
        frames.push(frame.finish());
    }
    let bytes: usize = frames.iter().map(Vec::len).sum();
    format!(
        "frames={} too_large={too_large} bytes={bytes} sha256={}",
        frames.len(),
        digest(frames.iter().map(Vec::as_slice))
    )
}

/// Every frame configuration: key -> line.
fn frame_lines() -> BTreeMap<String, String> {
    let mut lines = BTreeMap::new();
    for (name, records) in inputs() {
        for format in FORMATS {
            for level in FRAME_LEVELS {
                for cap in CAPS {
                    let squeezes: &[bool] = if matches!(level, 1 | 6) {
                        &[false, true]
                    } else {
                        &[false]
                    };
                    for &squeeze in squeezes {
                        let builder = FrameBuilder::new(cap)
                            .format(format)
                            .level(Level::new(level).unwrap())
                            .squeeze(squeeze);
                        let key = format!(
                            "{name} {format} L{level} cap{cap}{}",
                            if squeeze { " squeeze" } else { "" }
                        );
                        // Near-optimal parsing at the smallest cap re-encodes a frame per
                        // record: a few records show it (all of them took minutes).
                        let slow = cap == CAPS[0] && (squeeze || level == 10);
                        let records = &records[..if slow { 8 } else { records.len() }];
                        lines.insert(key, frames_line(&builder, records));
                    }
                }
            }
        }
    }
    lines
}

/// Whole streams (no cap): every input joined by `\n`, appended record by record at every level
/// (0-10) and compressed in one shot near-optimally, in every format.
fn stream_lines() -> BTreeMap<String, String> {
    let mut lines = BTreeMap::new();
    for (name, records) in inputs() {
        let data: Vec<u8> = records.join(&b"\n"[..]);
        for format in FORMATS {
            for level in Level::all() {
                let mut c = Compressor::new(format, level);
                for record in &records {
                    c.append(record);
                    c.append(b"\n");
                }
                let out = c.finish();
                let line = format!("bytes={} sha256={}", out.len(), digest([out.as_slice()]));
                lines.insert(format!("{name} {format} L{level}"), line);
            }
            let out = fitflate::stream::compress_optimal_in(format, 0, &data);
            let line = format!("bytes={} sha256={}", out.len(), digest([out.as_slice()]));
            lines.insert(format!("{name} {format} optimal"), line);
        }
    }
    // A long very repetitive stream (a 648-byte record 1,104 times, 715 KB), raw, at every
    // level: blocks that outgrow what a stored block may hold.
    let mut record = Rng::new(9).alnum(648);
    record.push(b'\n');
    for level in Level::all() {
        let mut c = Compressor::new(Format::Raw, level);
        for _ in 0..1104 {
            c.append(&record);
        }
        let out = c.finish();
        let line = format!("bytes={} sha256={}", out.len(), digest([out.as_slice()]));
        lines.insert(format!("repeated raw L{level}"), line);
    }
    // Level 10 over several blocks (each re-parse priced first by the block before it): the
    // eight logs whole, raw.
    let logs: Vec<u8> = fitflate_testkit::corpus::logs()
        .into_iter()
        .flat_map(|(_, log)| log)
        .collect();
    let mut c = Compressor::new(Format::Raw, Level::STRONGEST);
    c.append(&logs);
    let out = c.finish();
    let line = format!("bytes={} sha256={}", out.len(), digest([out.as_slice()]));
    lines.insert("logs raw L10".to_string(), line);
    // ... and packed into 16 KiB frames: squeezes of blocks of tens of KiB, the later ones going
    // on from the trees the one before left.
    let records: Vec<Vec<u8>> = lines_of(&logs).into_iter().map(|l| l.to_vec()).collect();
    let builder = FrameBuilder::new(16384)
        .format(Format::Raw)
        .level(Level::STRONGEST);
    lines.insert(
        "logs raw L10 cap16384".to_string(),
        frames_line(&builder, &records),
    );
    // Short JSON records whose routes recur further back than level 6's 64-link chains reach:
    // level 6 searches deeper there (adaptive depth), whole and in 4 KiB frames.
    let flights = fitflate_testkit::flights(2000);
    let data: Vec<u8> = flights.join(&b"\n"[..]);
    for level in Level::all() {
        let mut c = Compressor::new(Format::Raw, level);
        c.append(&data);
        let out = c.finish();
        let line = format!("bytes={} sha256={}", out.len(), digest([out.as_slice()]));
        lines.insert(format!("flights raw L{level}"), line);
    }
    for cap in [4096, 16384] {
        let builder = FrameBuilder::new(cap)
            .format(Format::Raw)
            .level(Level::DEFAULT);
        lines.insert(
            format!("flights raw L6 cap{cap}"),
            frames_line(&builder, &flights),
        );
    }
    lines
}

/// Small outputs pinned byte for byte (hex), where a digest would hide what moved.
fn byte_lines() -> BTreeMap<String, String> {
    let mut lines = BTreeMap::new();
    let cases: [(&str, &[u8]); 3] = [
        ("empty", b""),
        ("hello", b"hello hello hello\n"),
        (
            "line",
            b"081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block \
              blk_38865049064139660 terminating",
        ),
    ];
    for (name, data) in cases {
        for format in [Format::Raw, Format::Gzip] {
            for level in [0, 1, 6, 9] {
                let mut c = Compressor::new(format, Level::new(level).unwrap());
                c.append(data);
                let hex = c.finish().iter().fold(String::new(), |mut s, b| {
                    let _ = write!(s, "{b:02x}");
                    s
                });
                lines.insert(format!("{name} {format} L{level}"), hex);
            }
        }
    }
    lines
}

fn golden_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(file)
}

fn render(lines: &BTreeMap<String, String>) -> String {
    lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect()
}

fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Every line of `expected` that `actual` changed or dropped, and every line it added.
fn moved_lines(
    expected: &BTreeMap<String, String>,
    actual: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut moved = Vec::new();
    for (key, want) in expected {
        match actual.get(key) {
            Some(got) if got == want => {}
            Some(got) => moved.push(format!("  {key}\n    was: {want}\n    now: {got}")),
            None => moved.push(format!("  {key}: no longer produced")),
        }
    }
    for key in actual.keys().filter(|k| !expected.contains_key(*k)) {
        moved.push(format!("  {key}: new (not in the golden file)"));
    }
    moved
}

/// Compare `actual` with the golden file (or rewrite it under `FITFLATE_BLESS=1`); on a
/// difference, name every line that moved.
fn check(file: &str, header: &str, actual: BTreeMap<String, String>) {
    let path = golden_path(file);
    if std::env::var_os("FITFLATE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("{header}{}", render(&actual))).unwrap();
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (create it with FITFLATE_BLESS=1 cargo test --test golden)",
            path.display()
        )
    });
    let expected = parse(&text);
    let moved = moved_lines(&expected, &actual);
    assert!(
        moved.is_empty(),
        "{} of {} outputs in {} moved (FITFLATE_BLESS=1 rewrites the file if intended):\n{}",
        moved.len(),
        expected.len(),
        path.display(),
        moved.join("\n")
    );
}

const HEADER: &str =
    "# Golden outputs (tests/golden.rs). Regenerate only for an intended change:\n\
                      #   FITFLATE_BLESS=1 cargo test --test golden\n";

#[test]
fn frames_are_byte_identical_to_the_golden_file() {
    check("frames.txt", HEADER, frame_lines());
}

#[test]
fn streams_are_byte_identical_to_the_golden_file() {
    check("streams.txt", HEADER, stream_lines());
}

#[test]
fn small_streams_are_byte_identical_to_the_golden_file() {
    check("bytes.txt", HEADER, byte_lines());
}

/// The comparison can fail: one changed byte, one dropped and one new output are each named.
#[test]
fn moved_outputs_are_named() {
    let expected = parse(&render(&byte_lines()));
    let mut actual = expected.clone();
    let (first, second) = {
        let mut keys = actual.keys().cloned();
        (keys.next().unwrap(), keys.next().unwrap())
    };
    let changed = actual.get_mut(&first).unwrap();
    let flipped = if changed.starts_with('0') { "1" } else { "0" };
    changed.replace_range(0..1, flipped);
    actual.remove(&second);
    actual.insert("extra".into(), "00".into());
    let moved = moved_lines(&expected, &actual);
    assert_eq!(moved.len(), 3, "{moved:?}");
    assert!(moved[0].contains(&first) && moved[0].contains("was:"));
    assert!(moved[1].contains(&second) && moved[1].contains("no longer produced"));
    assert!(moved[2].contains("extra") && moved[2].contains("new"));
    assert!(moved_lines(&expected, &expected).is_empty());
}
