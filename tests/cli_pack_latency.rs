//! `pack --flush-after`: reading a stream that goes quiet (stdin kept open), a frame is written
//! within the bound of its first record, holding exactly the records that came; a stream that
//! never stops still gets its frames by the bound; the frames are those of packing without the
//! flag when no frame is due; bad durations are usage errors.
//!
//! The bound is 200 ms; the tests allow 3 s more for a loaded machine, and assert no upper
//! timing they do not need.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::cli::{frames_in, hdfs_log, payload_of, run_exits, run_ok, spawn, stderr, TempDir};
use common::{joined, lines_of};
use fitflate::Format;

const BOUND: Duration = Duration::from_millis(200);
/// What a loaded machine may add to the bound before a test calls it a failure.
const SLACK: Duration = Duration::from_secs(3);

/// `fitflate pack --flush-after 200ms` into `dir`, reading a pipe the test writes to.
fn spawn_pack(dir: &Path, extra: &[&str]) -> (Child, ChildStdin) {
    let dir = dir.to_str().unwrap();
    let mut args = vec![
        "pack",
        "--flush-after",
        "200ms",
        "--stats",
        "json",
        "--out-dir",
        dir,
    ];
    args.extend_from_slice(extra);
    spawn(&args)
}

/// The frame files in `dir` (not the temporary files a frame is written to before its rename).
fn frame_files(dir: &Path) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    frames_in(dir)
        .into_iter()
        .filter(|p| !p.file_name().unwrap().to_str().unwrap().starts_with('.'))
        .collect()
}

/// Wait until `dir` holds `n` frames or `limit` has passed since `since`; how long it took.
fn wait_for_frames(dir: &Path, n: usize, since: Instant, limit: Duration) -> Option<Duration> {
    loop {
        if frame_files(dir).len() >= n {
            return Some(since.elapsed());
        }
        if since.elapsed() > limit {
            return None;
        }
        sleep(Duration::from_millis(5));
    }
}

/// The records of one frame file (gzip, `\n` after each).
fn records_of(frame: &Path) -> Vec<Vec<u8>> {
    let payload = payload_of(&[frame.to_path_buf()], Format::Gzip, |_, _| {});
    lines_of(&payload)
}

#[test]
fn a_quiet_stream_gets_its_frame_within_the_bound() {
    let tmp = TempDir::new("latency-quiet");
    let dir = tmp.0.join("frames");
    let (child, mut stdin) = spawn_pack(&dir, &["--cap", "4KiB"]);
    let first: Vec<Vec<u8>> = (1..=3)
        .map(|i| format!("quiet stream line {i}").into_bytes())
        .collect();
    let written = Instant::now();
    stdin.write_all(&joined(&first, b"\n")).unwrap();
    stdin.flush().unwrap();
    // stdin stays open: only the bound can finish the frame.
    let took = wait_for_frames(&dir, 1, written, BOUND + SLACK)
        .unwrap_or_else(|| panic!("no frame within {:?} of the first records", BOUND + SLACK));
    assert!(took >= BOUND, "written after {took:?}, before the bound");
    let frames = frame_files(&dir);
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(
        records_of(&frames[0]),
        first,
        "exactly the records that came"
    );
    // Nothing more comes while the stream is quiet: no empty frame.
    sleep(BOUND * 2);
    assert_eq!(frame_files(&dir).len(), 1);

    // The rest of a real log, then the end of the stream: every record back, in order.
    let log = lines_of(&std::fs::read(hdfs_log()).unwrap());
    stdin.write_all(&joined(&log, b"\n")).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let frames = frame_files(&dir);
    assert!(frames.len() > 2, "{} frames", frames.len());
    let mut back = Vec::new();
    for f in &frames {
        assert!(std::fs::metadata(f).unwrap().len() <= 4096);
        let records = records_of(f);
        assert!(!records.is_empty(), "{} is an empty frame", f.display());
        back.extend(records);
    }
    let mut want = first.clone();
    want.extend(log); // lines_of drops the \r of the log's CRLF ends, as pack does
    assert_eq!(back, want);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(stats["frames"], frames.len());
    assert_eq!(stats["flush_after"], 0.2);
    assert!(stats["flushed_frames"].as_u64().unwrap() >= 1, "{stats}");
}

#[test]
fn a_stream_that_never_stops_still_gets_frames_by_the_bound() {
    let tmp = TempDir::new("latency-busy");
    let dir = tmp.0.join("frames");
    // A cap the stream will not fill for a long while: only the bound finishes frames.
    let (child, mut stdin) = spawn_pack(&dir, &["--cap", "1MiB"]);
    let start = Instant::now();
    let mut sent = Vec::new();
    let mut appeared = None;
    while start.elapsed() < BOUND + SLACK {
        let line = format!("busy stream line {}", sent.len() + 1).into_bytes();
        stdin.write_all(&line).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
        sent.push(line);
        if !frame_files(&dir).is_empty() {
            appeared = Some(start.elapsed());
            break;
        }
        sleep(Duration::from_millis(10));
    }
    let took = appeared.expect("a frame while lines keep coming");
    assert!(took >= BOUND, "{took:?}");
    // A few more lines, then the end.
    for i in 0..20 {
        let line = format!("after the first frame {i}").into_bytes();
        stdin.write_all(&line).unwrap();
        stdin.write_all(b"\n").unwrap();
        sent.push(line);
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let frames = frame_files(&dir);
    assert!(frames.len() >= 2);
    let mut back = Vec::new();
    for f in &frames {
        let records = records_of(f);
        assert!(!records.is_empty(), "{} is an empty frame", f.display());
        back.extend(records);
    }
    assert_eq!(back, sent);
}

#[test]
fn a_due_frame_goes_to_the_filter_within_the_bound() {
    let tmp = TempDir::new("latency-filter");
    let dir = tmp.0.join("frames");
    // The copy appears whole, by rename, once the command has read the frame.
    let copy = r#"d=$(dirname "$FILE"); cat > "$d/.part" && mv "$d/.part" "$FILE.copy""#;
    let (child, mut stdin) = spawn_pack(&dir, &["--cap", "4KiB", "--filter", copy]);
    let written = Instant::now();
    stdin
        .write_all(b"to the filter 1\nto the filter 2\n")
        .unwrap();
    stdin.flush().unwrap();
    let took = wait_for_frames(&dir, 1, written, BOUND + SLACK).expect("a frame for the filter");
    assert!(took >= BOUND, "{took:?}");
    let copies = frame_files(&dir);
    assert_eq!(copies, [dir.join("000000.gz.copy")]);
    assert_eq!(
        records_of(&copies[0]),
        [b"to the filter 1".to_vec(), b"to the filter 2".to_vec()]
    );
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(frame_files(&dir).len(), 1, "no empty frame at the end");
}

#[test]
fn without_a_due_frame_the_frames_are_those_of_packing_without_the_flag() {
    let tmp = TempDir::new("latency-same");
    let log = hdfs_log();
    let mut frames = Vec::new();
    for (name, extra) in [("plain", None), ("bound", Some("1h"))] {
        let dir = tmp.0.join(name);
        let mut args = vec!["pack", "--cap", "4KiB", "--out-dir", dir.to_str().unwrap()];
        if let Some(bound) = extra {
            args.extend(["--flush-after", bound]);
        }
        args.push(log.to_str().unwrap());
        run_ok(&args, b"");
        let files: Vec<Vec<u8>> = frame_files(&dir)
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect();
        assert!(files.len() > 3);
        frames.push(files);
    }
    assert_eq!(frames[0], frames[1]);
}

#[test]
fn bad_durations_are_usage_errors() {
    for bad in ["0", "0s", "0ms", "garbage", "5", "1.2.3s", "3 fortnights"] {
        let out = run_exits(&["pack", "--cap", "4k", "--flush-after", bad], b"a\n", 2);
        assert!(stderr(&out).contains("--flush-after"), "{}", stderr(&out));
    }
}
