//! The `fitflate` binary's `verify`: its summary, directories, a missing cap, and failures that
//! name the path.

mod common;

use common::cli::{frames_in, pack_into, run, run_exits, run_ok, stderr, TempDir};
use common::{corpus_logs, lines_of};

#[test]
fn verify_summarises_accepts_directories_and_notes_a_missing_cap() {
    let tmp = TempDir::new("verify-dir");
    let dir = tmp.0.join("f");
    let log = &corpus_logs()[3];
    pack_into(&dir, log, &["--cap", "4KiB"]);
    let n = frames_in(&dir).len();
    let lines = lines_of(&std::fs::read(log).unwrap()).len();
    let out = run_ok(&["verify", dir.to_str().unwrap()], b"");
    let text = String::from_utf8_lossy(&out.stdout);
    let summary = text.lines().last().unwrap();
    assert!(
        summary.starts_with(&format!("verified {n} of {n} frame(s): {lines} records")),
        "{summary}"
    );
    assert!(summary.contains("0 failure(s)"), "{summary}");
    assert!(stderr(&out).contains("no --cap"), "{}", stderr(&out));
    let out = run_ok(&["verify", "--cap", "4KiB", dir.to_str().unwrap()], b"");
    assert!(String::from_utf8_lossy(&out.stdout).contains("mean fill"));
    assert_eq!(stderr(&out), "");
    // An empty directory is an error, not a silent success.
    let empty = tmp.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    run_exits(&["verify", empty.to_str().unwrap()], b"", 1);
}

#[test]
fn failures_name_the_path() {
    let dir = TempDir::new("fail");
    let missing = dir.0.join("no-such.log");
    let out = run_exits(
        &[
            "pack",
            "--cap",
            "4096",
            "--out-dir",
            dir.0.join("f").to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
        b"",
        1,
    );
    assert!(stderr(&out).contains("no-such.log"), "{}", stderr(&out));

    let out = run_exits(&["compress", missing.to_str().unwrap()], b"", 1);
    assert!(stderr(&out).contains("no-such.log"));

    // A corrupt frame and a truncated one: verify names each and exits 1.
    let good = run(&["compress"], b"hello\n").stdout;
    let corrupt = dir.0.join("corrupt.gz");
    let mut bytes = good.clone();
    let n = bytes.len();
    bytes[n - 6] ^= 0x40;
    std::fs::write(&corrupt, &bytes).unwrap();
    let truncated = dir.0.join("truncated.gz");
    std::fs::write(&truncated, &good[..good.len() - 3]).unwrap();
    let fine = dir.0.join("fine.gz");
    std::fs::write(&fine, &good).unwrap();
    let out = run_exits(
        &[
            "verify",
            corrupt.to_str().unwrap(),
            truncated.to_str().unwrap(),
            fine.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
        b"",
        1,
    );
    let msg = stderr(&out);
    for name in ["corrupt.gz", "truncated.gz", "no-such.log"] {
        assert!(msg.contains(name), "{msg}");
    }
    assert!(msg.contains("truncated"), "{msg}");
    assert!(!msg.contains("fine.gz"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("fine.gz: 1 records"));

    // Over the cap.
    let out = run_exits(&["verify", "--cap", "20", fine.to_str().unwrap()], b"", 1);
    assert!(stderr(&out).contains("over the cap"));
}
