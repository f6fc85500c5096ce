//! The eight bundled logs, and a slice of each other bundled kind of record (JSON payloads, CSV
//! rows, Zeek logs), packed at 1, 4, 16 and 64 KiB: every invariant holds, and `gzip -t` accepts
//! every gzip frame.

mod common;

use fitflate::Level;
use std::path::Path;
use std::process::Command;

use common::{check_driven, check_packer_agrees, corpus_logs, drive, lines_of};
use fitflate::{verify_frame, Format, FrameBuilder, VerifyOptions};
use fitflate_testkit::corpus::{kind as kind_of, kinds};

const CAPS: [u64; 4] = [1024, 4096, 16 * 1024, 64 * 1024];

fn gzip_available() -> bool {
    Command::new("gzip")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `gzip -t` on every frame in `dir`.
fn gzip_test_all(dir: &Path, count: usize) {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert_eq!(names.len(), count);
    let out = Command::new("gzip")
        .arg("-t")
        .args(&names)
        .output()
        .expect("gzip runs");
    assert!(
        out.status.success(),
        "gzip -t: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Pack `records` at `cap` as gzip level 6, check every invariant, and return the mean fill of
/// the full frames (None when there is no full frame) and the number of full frames.
fn gzip_at_cap(
    what: &str,
    records: &[Vec<u8>],
    cap: u64,
    gzip: Option<&Path>,
    packer_too: bool,
) -> (Option<f64>, usize) {
    let builder = FrameBuilder::new(cap)
        .format(Format::Gzip)
        .level(Level::DEFAULT);
    let driven = drive(&builder, records);
    check_driven(&builder, records, &driven);
    if packer_too {
        check_packer_agrees(&builder, records, &driven);
    }
    // Only a line that does not fit stored may fit no frame: a stored block costs the line, its
    // newline and 5 bytes, and gzip adds 18.
    for &i in &driven.skipped {
        assert!(
            records[i].len() as u64 + 1 + 5 + 18 > cap,
            "{what}: a {}-byte line fits no {cap}-byte frame",
            records[i].len()
        );
    }
    // Our own verifier agrees, with the record counts.
    let options = VerifyOptions {
        cap: Some(cap),
        ..VerifyOptions::new(Format::Gzip)
    };
    for f in &driven.frames {
        let report = verify_frame(&f.bytes, &options).unwrap();
        assert_eq!(report.records, Some(f.records.len() as u64));
    }
    if let Some(tmp) = gzip.filter(|_| !driven.frames.is_empty()) {
        std::fs::create_dir_all(tmp).unwrap();
        for (i, f) in driven.frames.iter().enumerate() {
            std::fs::write(tmp.join(format!("{i:06}.gz")), &f.bytes).unwrap();
        }
        gzip_test_all(tmp, driven.frames.len());
        std::fs::remove_dir_all(tmp).unwrap();
    }
    let full = &driven.frames[..driven.frames.len().saturating_sub(1)];
    let fill = (!full.is_empty()).then(|| {
        full.iter().map(|f| f.bytes.len() as f64).sum::<f64>() / (full.len() as f64 * cap as f64)
    });
    (fill, full.len())
}

/// Where `gzip -t` checks frames, when `gzip` is installed.
fn gzip_dir(tag: &str) -> Option<std::path::PathBuf> {
    if gzip_available() {
        Some(std::env::temp_dir().join(format!("fitflate-corpus-{tag}-{}", std::process::id())))
    } else {
        eprintln!("note: `gzip` is not installed; skipping the `gzip -t` part");
        None
    }
}

#[test]
fn bundled_logs_gzip_at_every_cap() {
    let logs = corpus_logs();
    assert_eq!(logs.len(), 8, "eight bundled logs");
    let tmp = gzip_dir("logs");
    for log in &logs {
        let records = lines_of(&std::fs::read(log).unwrap());
        for cap in CAPS {
            let what = log.display().to_string();
            if let (Some(fill), _) = gzip_at_cap(&what, &records, cap, tmp.as_deref(), false) {
                // Full frames are nearly full.
                assert!(fill > 0.9, "{what} cap {cap}: mean fill {fill}");
            }
        }
    }
}

/// Every `step`th record of a kind's stream (all its files back to back), from the first.
fn every(kind: &str, step: usize) -> Vec<Vec<u8>> {
    lines_of(&kind_of(kind).concatenated())
        .into_iter()
        .step_by(step)
        .collect()
}

/// The other bundled kinds at every cap, the packer agreeing at each: every third JSON payload
/// (110 of them, 1.1 MB, every event type), every fourth CSV row (3,345, 360 KB) and all the
/// Zeek logs (1,778 lines, 535 KB).
#[test]
fn bundled_kinds_gzip_at_every_cap() {
    let tmp = gzip_dir("kinds");
    let names: Vec<&str> = kinds().iter().map(|k| k.name()).collect();
    assert_eq!(names, ["logs", "json", "csv", "zeek"]);
    for (kind, step) in [("json", 3), ("csv", 4), ("zeek", 1)] {
        let records = every(kind, step);
        let what = format!("{kind} ({} records)", records.len());
        for cap in CAPS {
            let (fill, full) = gzip_at_cap(&what, &records, cap, tmp.as_deref(), true);
            // Full frames are nearly full, except where a record is a sizeable part of the
            // frame: a JSON payload alone compresses to 0.3-2.8 KB, so a 1 KiB frame often
            // has room left that the next payload does not fit. (The payloads share a lot:
            // together they compress 38 times, so 64 KiB frames are rarely full.)
            let floor = if kind == "json" && cap < 4096 {
                0.75
            } else {
                0.9
            };
            if cap <= 16 * 1024 {
                assert!(full > 0, "{what} cap {cap}: no full frame");
            }
            if let Some(fill) = fill {
                assert!(fill > floor, "{what} cap {cap}: mean fill {fill}");
            }
        }
    }
}

/// The other containers and a few levels, on two logs at two caps (the packer must agree with
/// the written-out algorithm here too).
#[test]
fn bundled_logs_other_containers_and_levels() {
    let logs = corpus_logs();
    for log in logs.iter().take(2) {
        let records = lines_of(&std::fs::read(log).unwrap());
        for format in [Format::Raw, Format::Zlib, Format::Legacy] {
            for level in [0, 1, 9] {
                for cap in [1024, 16 * 1024] {
                    let builder = FrameBuilder::new(cap)
                        .format(format)
                        .level(Level::new(level).unwrap());
                    let driven = drive(&builder, &records);
                    check_driven(&builder, &records, &driven);
                    check_packer_agrees(&builder, &records, &driven);
                }
            }
        }
    }
}
