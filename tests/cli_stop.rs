//! The `fitflate` binary's `pack` when it stops early: what the frames written hold and where a
//! new run resumes, for a record that fits no frame, a frame that cannot be written and an
//! input that cannot be read.

mod common;

use std::path::{Path, PathBuf};

use common::cli::{frames_in, resume_line, run, run_exits, stderr, TempDir};

#[test]
fn a_stopped_pack_says_what_the_frames_hold_and_where_it_stopped() {
    let tmp = TempDir::new("resume");
    let mut noise = common::Rng::new(5);
    let mut input = Vec::new();
    for i in 1..=300 {
        if i == 200 {
            input.extend(noise.alnum(3000));
        } else {
            input.extend(format!("event {i} value {}", i * 37 % 101).into_bytes());
        }
        input.push(b'\n');
    }
    let src = tmp.0.join("in.log");
    std::fs::write(&src, &input).unwrap();
    let dir = tmp.0.join("f");
    let out = run_exits(
        &[
            "pack",
            "--cap",
            "512",
            "--stats",
            "json",
            "--out-dir",
            dir.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
        b"",
        1,
    );
    let frames = frames_in(&dir);
    let n = frames.len();
    let msg = stderr(&out);
    let src_name = src.to_str().unwrap();
    let want = format!(
        "frames 000000-{:06}.gz hold lines 1-199 of {src_name}; stopped at line 200 of {src_name}: a record of 3000 bytes",
        n - 1
    );
    assert!(msg.contains(&want), "{msg}\nwant: {want}");
    // The frames written hold exactly lines 1-199, nothing partial.
    let back = run(&["unpack", dir.to_str().unwrap()], b"").stdout;
    let end = input
        .split_inclusive(|&b| b == b'\n')
        .take(199)
        .map(<[u8]>::len)
        .sum::<usize>();
    assert_eq!(back, &input[..end]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(stats["complete"], false);
    assert_eq!(stats["frames"], n);
    assert_eq!(stats["records"], 199);
    assert_eq!(stats["input"]["last"]["line"], 199);
    assert_eq!(stats["input"]["stopped_at"]["line"], 200);
    assert!(stats["input"]["error"]
        .as_str()
        .unwrap()
        .contains("does not fit"));

    // A write that fails (here: a directory where frame 1 goes, as a full disk would fail it):
    // the frames before it are whole, and the report says where to resume.
    blocked_write(&tmp.0.join("g"), &src, 1, "frame 000000.gz holds lines 1-");

    // An unreadable second input: the first one's frames are written and named.
    let dir = tmp.0.join("h");
    let missing = tmp.0.join("missing.log");
    let out = run_exits(
        &[
            "pack",
            "--cap",
            "4k",
            "--out-dir",
            dir.to_str().unwrap(),
            hdfs_or(&src),
            missing.to_str().unwrap(),
        ],
        b"",
        1,
    );
    let msg = stderr(&out);
    assert!(
        msg.contains("stopped at line 1 of") && msg.contains("missing.log"),
        "{msg}"
    );
}

/// The first 199 lines of `src` in a file without an oversized record.
fn hdfs_or(src: &Path) -> &'static str {
    let data = std::fs::read(src).unwrap();
    let end = data
        .split_inclusive(|&b| b == b'\n')
        .take(199)
        .map(<[u8]>::len)
        .sum::<usize>();
    let path = src.with_file_name("first.log");
    std::fs::write(&path, &data[..end]).unwrap();
    Box::leak(path.to_str().unwrap().to_string().into_boxed_str())
}

#[test]
fn a_write_that_fails_behind_queued_frames_stops_there() {
    // Frames are written on a thread of their own, several queued at a time: a write that
    // fails deep into the run (frame 40 of a few hundred) still leaves exactly the frames
    // before it, whole, and the report resumes at the failed frame's first line.
    let tmp = TempDir::new("resume-queued");
    let src = common::cli::hdfs_log();
    blocked_write(
        &tmp.0.join("out"),
        &src,
        40,
        "frames 000000-000039.gz hold lines 1-",
    );
}

/// Pack `src` at 512-byte caps into `dir`, where a directory stands in the way of frame
/// `blocked`: the run fails saying `held` and "writing", exactly the frames before the blocked
/// one are left (no temporary or partial frame), and they hold the lines before the one the
/// report resumes at.
fn blocked_write(dir: &Path, src: &Path, blocked: usize, held: &str) {
    std::fs::create_dir_all(dir.join(format!("{blocked:06}.gz")).join("blocker")).unwrap();
    let out = run_exits(
        &[
            "pack",
            "--cap",
            "512",
            "--out-dir",
            dir.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
        b"",
        1,
    );
    let msg = stderr(&out);
    assert!(msg.contains(held) && msg.contains("writing"), "{msg}");
    let files: Vec<PathBuf> = frames_in(dir).into_iter().filter(|p| p.is_file()).collect();
    assert_eq!(files.len(), blocked, "no other frame left: {files:?}");
    let mut args = vec!["unpack"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    let back = run(&args, b"").stdout;
    let lines = back.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(
        lines + 1,
        resume_line(&msg),
        "frames hold lines 1-{lines}: {msg}"
    );
}
