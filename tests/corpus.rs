//! The eight bundled logs packed at 1, 4, 16 and 64 KiB: every invariant holds, and `gzip -t`
//! accepts every gzip frame.

mod common;

use fitflate::Level;
use std::path::Path;
use std::process::Command;

use common::{check_driven, check_packer_agrees, corpus_logs, drive, lines_of};
use fitflate::{verify_frame, Format, FrameBuilder, VerifyOptions};

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

#[test]
fn bundled_logs_gzip_at_every_cap() {
    let logs = corpus_logs();
    assert_eq!(logs.len(), 8, "eight bundled logs");
    let have_gzip = gzip_available();
    if !have_gzip {
        eprintln!("note: `gzip` is not installed; skipping the `gzip -t` part");
    }
    let tmp = std::env::temp_dir().join(format!("fitflate-corpus-{}", std::process::id()));
    for log in &logs {
        let records = lines_of(&std::fs::read(log).unwrap());
        for cap in CAPS {
            let builder = FrameBuilder::new(cap)
                .format(Format::Gzip)
                .level(Level::DEFAULT);
            let driven = drive(&builder, &records);
            check_driven(&builder, &records, &driven);
            // Only a line that does not fit stored may fit no frame: a stored block costs the
            // line, its newline and 5 bytes, and gzip adds 18.
            for &i in &driven.skipped {
                assert!(
                    records[i].len() as u64 + 1 + 5 + 18 > cap,
                    "{}: a {}-byte line fits no {cap}-byte frame",
                    log.display(),
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
            // Full frames are nearly full.
            let full = &driven.frames[..driven.frames.len() - 1];
            if !full.is_empty() {
                let fill: f64 = full.iter().map(|f| f.bytes.len() as f64).sum::<f64>()
                    / (full.len() as f64 * cap as f64);
                assert!(fill > 0.9, "{} cap {cap}: mean fill {fill}", log.display());
            }
            if have_gzip {
                std::fs::create_dir_all(&tmp).unwrap();
                for (i, f) in driven.frames.iter().enumerate() {
                    std::fs::write(tmp.join(format!("{i:06}.gz")), &f.bytes).unwrap();
                }
                gzip_test_all(&tmp, driven.frames.len());
                std::fs::remove_dir_all(&tmp).unwrap();
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
