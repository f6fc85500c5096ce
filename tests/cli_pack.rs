//! The `fitflate` binary's `pack`: round trips through `verify`, stdin and delimiters, records
//! that fit no frame, reruns into the same directory, line ends and NUL-separated records, and
//! the limits beside the cap.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::cli::{
    frames_in, gzip_available, hdfs_log, payload_in, payload_of, run, run_exits, run_ok, stderr,
    TempDir,
};
use common::lines_of;
use fitflate::Format;

#[test]
fn pack_then_verify_round_trip() {
    let log = hdfs_log();
    let lines = lines_of(&std::fs::read(&log).unwrap());
    for (format, cap) in [
        (Format::Gzip, "4KiB"),
        (Format::Zlib, "4k"),
        (Format::Raw, "4096"),
        (Format::Legacy, "16KiB"),
    ] {
        let dir = TempDir::new(&format!("pack-{format}"));
        let out_dir = dir.0.join("frames");
        let out = run_ok(
            &[
                "pack",
                "-6",
                "--cap",
                cap,
                "--format",
                format.name(),
                "--out-dir",
                out_dir.to_str().unwrap(),
                "--stats",
                "json",
                log.to_str().unwrap(),
            ],
            b"",
        );
        let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON stats");
        let frames = frames_in(&out_dir);
        assert_eq!(stats["frames"], frames.len());
        assert_eq!(stats["records"], lines.len());
        assert_eq!(stats["format"], format.name());
        assert!(
            stderr(&out).contains("mean fill"),
            "the table goes to stderr"
        );
        for (i, f) in frames.iter().enumerate() {
            let want = format!("{i:06}.{}", format.extension());
            assert_eq!(f.file_name().unwrap().to_str().unwrap(), want);
        }
        // All records back, in order.
        let payload = payload_of(&frames, format, |_, _| {});
        assert_eq!(payload, common::joined(&lines, b"\n"));

        // verify: counts add up; the format comes from the extension.
        let mut args = vec!["verify".to_string(), "--cap".into(), cap.into()];
        args.extend(frames.iter().map(|f| f.to_str().unwrap().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let v = run_ok(&args, b"");
        let counted: u64 = String::from_utf8(v.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("verified "))
            .map(|l| {
                // "<path>: <n> records, ..."
                let (_, rest) = l.split_once(": ").expect("path: report");
                rest.split(' ').next().unwrap().parse::<u64>().unwrap()
            })
            .sum();
        assert_eq!(counted, lines.len() as u64);
    }
}

#[test]
fn pack_reads_stdin_with_a_custom_delimiter_and_prints_a_table() {
    let dir = TempDir::new("stdin");
    let out_dir = dir.0.join("f");
    let input: Vec<u8> = (0..3000)
        .flat_map(|i| format!("line {i}\r\n").into_bytes())
        .collect();
    let out = run_ok(
        &[
            "pack",
            "--cap",
            "1KiB",
            "--delimiter",
            "\\0",
            "--out-dir",
            out_dir.to_str().unwrap(),
        ],
        &input,
    );
    let table = String::from_utf8(out.stdout).unwrap();
    for row in [
        "frames",
        "records",
        "payload bytes",
        "mean fill (full)",
        "records/s",
        "MB/s",
    ] {
        assert!(table.contains(row), "table lacks {row}: {table}");
    }
    let payload = payload_of(&frames_in(&out_dir), Format::Gzip, |bytes, _| {
        assert!(bytes.len() <= 1024);
    });
    let want: Vec<u8> = (0..3000)
        .flat_map(|i| format!("line {i}\0").into_bytes())
        .collect();
    assert_eq!(payload, want);
    // verify with the same delimiter counts; with the default one it fails.
    let first = frames_in(&out_dir)[0].to_str().unwrap().to_string();
    run_ok(&["verify", "--delimiter", "\\0", &first], b"");
    run_exits(&["verify", &first], b"", 1);
}

#[test]
fn oversized_records_stop_or_are_skipped() {
    let dir = TempDir::new("oversized");
    let out_dir = dir.0.join("f");
    let long = "x".repeat(50);
    let mut noise = common::Rng::new(2);
    let wide = String::from_utf8(noise.alnum(400)).unwrap();
    let input = format!("{long}\n{wide}\n{long}\n");
    let args = [
        "pack",
        "--cap",
        "64",
        "--out-dir",
        out_dir.to_str().unwrap(),
    ];
    let out = run_exits(&args, input.as_bytes(), 1);
    let msg = stderr(&out);
    assert!(
        msg.contains("line 2") && msg.contains("does not fit"),
        "{msg}"
    );
    assert!(msg.contains("--skip-oversized"), "{msg}");

    let mut skip = args.to_vec();
    skip.push("--skip-oversized");
    let out = run_ok(&skip, input.as_bytes());
    assert!(
        stderr(&out).contains("skipped <stdin> line 2"),
        "{}",
        stderr(&out)
    );
    let payload = payload_in(&out_dir, Format::Gzip);
    assert_eq!(payload, format!("{long}\n{long}\n").into_bytes());
}

#[test]
fn a_second_run_replaces_the_frames_of_the_first() {
    let dir = TempDir::new("rerun");
    let out_dir = dir.0.join("f");
    let input: Vec<u8> = (0..2000)
        .flat_map(|i| format!("event {i} at {}\n", i * 7919 % 10007).into_bytes())
        .collect();
    let pack = |cap: &str| {
        run_ok(
            &["pack", "--cap", cap, "--out-dir", out_dir.to_str().unwrap()],
            &input,
        );
        frames_in(&out_dir)
    };
    let many = pack("512");
    let few = pack("8KiB");
    assert!(few.len() < many.len());
    let payload = payload_of(&few, Format::Gzip, |_, _| {});
    assert_eq!(payload, input, "only the second run's frames remain");
}

#[test]
fn line_ends_keep_cr_and_null_records() {
    let tmp = TempDir::new("line-ends");
    let hdfs = hdfs_log();
    let data = std::fs::read(&hdfs).unwrap();
    assert!(
        data.ends_with(b"\r\n"),
        "the bundled HDFS log has CRLF line ends"
    );
    // Default: the \r is dropped, and said so.
    let dir = tmp.0.join("lf");
    let out = run_ok(
        &[
            "pack",
            "--cap",
            "4KiB",
            "--out-dir",
            dir.to_str().unwrap(),
            hdfs.to_str().unwrap(),
        ],
        b"",
    );
    assert!(stderr(&out).contains("2000 line(s)") && stderr(&out).contains("--keep-cr"));
    let back = run(&["unpack", dir.to_str().unwrap()], b"").stdout;
    assert_eq!(back, common::joined(&lines_of(&data), b"\n"));
    // --keep-cr: byte for byte, for every format and with --synchronous.
    for format in Format::ALL {
        let dir = tmp.0.join(format!("crlf-{format}"));
        let out = run_ok(
            &[
                "pack",
                "--keep-cr",
                "--synchronous",
                "--cap",
                "4KiB",
                "--format",
                format.name(),
                "--out-dir",
                dir.to_str().unwrap(),
                hdfs.to_str().unwrap(),
            ],
            b"",
        );
        assert!(!stderr(&out).contains("CRLF"), "{}", stderr(&out));
        let back = run(&["unpack", dir.to_str().unwrap()], b"").stdout;
        assert_eq!(back, data, "{format}");
        if format == Format::Gzip && gzip_available() {
            // `cat frames/* | gzip -dc | cmp - FILE`.
            let cat: Vec<u8> = frames_in(&dir)
                .iter()
                .flat_map(|p| std::fs::read(p).unwrap())
                .collect();
            let mut gz = Command::new("gzip")
                .arg("-dc")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            let mut input = gz.stdin.take().unwrap();
            let writer = std::thread::spawn(move || input.write_all(&cat));
            let out = gz.wait_with_output().unwrap();
            writer.join().unwrap().unwrap();
            assert!(out.status.success());
            assert_eq!(out.stdout, data, "gzip -dc");
        }
    }
    // -z: NUL-terminated records, \r and \n inside them kept; delimiter \0 by default.
    let input = b"one\r\nline\0two\0\0three";
    let dir = tmp.0.join("null");
    run_ok(
        &[
            "pack",
            "-z",
            "--cap",
            "1k",
            "--out-dir",
            dir.to_str().unwrap(),
        ],
        input,
    );
    let back = run(&["unpack", "-z", dir.to_str().unwrap()], b"").stdout;
    assert_eq!(back, b"one\r\nline\0two\0\0three\0");
    let out = run(&["unpack", dir.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1), "a \\n delimiter does not match");
    // -z with another delimiter.
    let dir = tmp.0.join("null-nl");
    run_ok(
        &[
            "pack",
            "-z",
            "--delimiter",
            "\\n",
            "--cap",
            "1k",
            "--out-dir",
            dir.to_str().unwrap(),
        ],
        b"a\0b\0",
    );
    assert_eq!(
        run(&["unpack", dir.to_str().unwrap()], b"").stdout,
        b"a\nb\n"
    );
    assert_eq!(
        run(&["pack", "-z", "--keep-cr", "--cap", "1k"], b"")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn pack_keeps_max_payload_and_max_records() {
    let dir = TempDir::new("limits");
    let out_dir = dir.0.join("f");
    let records: Vec<String> = (0..50).map(|i| format!("event number {i}")).collect();
    let input: String = records.iter().map(|r| format!("{r}\n")).collect();
    let base = [
        "pack",
        "--cap",
        "4k",
        "--out-dir",
        out_dir.to_str().unwrap(),
    ];

    let mut args = base.to_vec();
    args.extend(["--max-records", "7", "--stats", "json"]);
    let out = run_ok(&args, input.as_bytes());
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON stats");
    assert_eq!(stats["max_records"], 7);
    assert!(stats["max_payload"].is_null());
    assert_eq!(stats["frames"], 8);
    let payload = payload_of(&frames_in(&out_dir), Format::Gzip, |_, p| {
        assert!(p.iter().filter(|&&b| b == b'\n').count() <= 7);
    });
    assert_eq!(payload, input.as_bytes());

    // SIZE syntax as for --cap; the table names the limit.
    let mut args = base.to_vec();
    args.extend(["--max-payload", "1k"]);
    let long_input = input.repeat(10);
    let out = run_ok(&args, long_input.as_bytes());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("payload at most 1024 bytes"), "{table}");
    let payload = payload_of(&frames_in(&out_dir), Format::Gzip, |_, p| {
        assert!(p.len() <= 1024);
    });
    assert_eq!(payload, long_input.as_bytes());

    // A record over the payload limit alone stops the run, or is skipped.
    let mut args = base.to_vec();
    args.extend(["--max-payload", "10"]);
    let out = run_exits(&args, b"short\nmuch too long\nok\n", 1);
    let msg = stderr(&out);
    assert!(
        msg.contains("line 2") && msg.contains("payload limit of 10 bytes"),
        "{msg}"
    );
    args.push("--skip-oversized");
    run_ok(&args, b"short\nmuch too long\nok\n");
    assert_eq!(payload_in(&out_dir, Format::Gzip), b"short\nok\n");

    // A limit of 0 is a usage error; --help lists both flags.
    for flag in ["--max-payload", "--max-records"] {
        let mut args = base.to_vec();
        args.extend([flag, "0"]);
        let out = run(&args, b"a\n");
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(stderr(&out).contains("of 0"), "{}", stderr(&out));
    }
    let out = run(&["pack", "--help"], b"");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--max-payload") && help.contains("--max-records"));
}

#[test]
fn jobs_change_how_fast_not_the_frames() {
    // Several inputs (logs with CRLF line ends among them, JSON payloads, CSV), one record
    // stream: the frames of --jobs 2 and --jobs 0 (one thread per core) are those of --jobs 1.
    let mut inputs: Vec<String> = common::corpus_logs()
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    for kind in ["json", "csv"] {
        for f in fitflate_testkit::corpus::kind(kind).files {
            inputs.push(f.to_str().unwrap().to_string());
        }
    }
    let dir = TempDir::new("pack-jobs");
    for (level, cap) in [
        ("-6", "64KiB"),
        ("-4", "64KiB"),
        ("-9", "256KiB"),
        ("-1", "16KiB"),
    ] {
        let mut frames = Vec::new();
        for jobs in ["1", "2", "0"] {
            let out_dir = dir.0.join(format!("frames{level}-{jobs}"));
            let mut args = vec![
                "pack",
                level,
                "--cap",
                cap,
                "--jobs",
                jobs,
                "--out-dir",
                out_dir.to_str().unwrap(),
            ];
            args.extend(inputs.iter().map(String::as_str));
            run_ok(&args, b"");
            let bytes: Vec<Vec<u8>> = frames_in(&out_dir)
                .iter()
                .map(|f| std::fs::read(f).unwrap())
                .collect();
            assert!(bytes.len() > 1, "{level}: {} frames", bytes.len());
            frames.push(bytes);
        }
        assert!(
            frames[1] == frames[0],
            "{level}: --jobs 2 changed the frames"
        );
        assert!(
            frames[2] == frames[0],
            "{level}: --jobs 0 changed the frames"
        );
    }
}

#[test]
fn jobs_from_stdin_with_skipped_records() {
    // Records that fit no frame are left out between the ones packed; the stream comes from
    // stdin.
    let mut input = Vec::new();
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..60_000u32 {
        if i % 9_973 == 0 {
            // 80,000 bytes of noise (7 bits a byte, no line end): more than a 64 KiB frame holds.
            input.extend((0..80_000).map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8 | 1
            }));
        } else {
            input.extend(format!("{i} GET /api/items/{} 200 {}", i % 89, i * 7 % 1013).bytes());
        }
        input.push(b'\n');
    }
    let dir = TempDir::new("pack-jobs-stdin");
    let mut frames = Vec::new();
    for jobs in ["1", "2"] {
        let out_dir = dir.0.join(format!("frames-{jobs}"));
        let args = [
            "pack",
            "--cap",
            "64KiB",
            "--skip-oversized",
            "-j",
            jobs,
            "--stats",
            "json",
            "--out-dir",
            out_dir.to_str().unwrap(),
        ];
        let out = run_ok(&args, &input);
        let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON stats");
        assert_eq!(stats["skipped_records"], 7, "{stats}");
        let bytes: Vec<Vec<u8>> = frames_in(&out_dir)
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect();
        frames.push(bytes);
    }
    assert!(frames[0].len() > 3, "{} frames", frames[0].len());
    assert!(frames[1] == frames[0], "--jobs 2 changed the frames");
}
