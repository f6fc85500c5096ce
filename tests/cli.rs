//! The `fitflate` binary: `compress` like `gzip -c`, `pack` + `verify` round trips, and the error
//! messages and exit codes users see.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{corpus_logs, decode_both, lines_of};
use fitflate::Format;

const BIN: &str = env!("CARGO_BIN_EXE_fitflate");

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("fitflate-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn frames_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn gzip_available() -> bool {
    Command::new("gzip")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn compress_stdin_and_files() {
    let log = &corpus_logs()[0];
    let data = std::fs::read(log).unwrap();
    for format in [Format::Gzip, Format::Zlib, Format::Raw] {
        for level in ["-0", "-1", "-6", "-9"] {
            let out = run(&["compress", level, "--format", format.name()], &data);
            assert!(out.status.success(), "{}", stderr(&out));
            assert_eq!(decode_both(&out.stdout, format), data);
            if level != "-0" {
                assert!(
                    out.stdout.len() < data.len() / 2,
                    "{format} {level} compresses"
                );
            }
        }
    }
    // Level 10: near-optimal, smaller than -9, same bytes back.
    for format in [Format::Gzip, Format::Zlib, Format::Raw] {
        let max = run(
            &["compress", "--level", "10", "--format", format.name()],
            &data,
        );
        let nine = run(&["compress", "-9", "--format", format.name()], &data);
        assert!(max.status.success(), "{}", stderr(&max));
        assert_eq!(decode_both(&max.stdout, format), data);
        assert!(
            max.stdout.len() < nine.stdout.len(),
            "{format}: -10 not smaller than -9"
        );
    }

    // Above the near-optimal encoder's budget, level 10 carries on at level 9 (and says so).
    let big: Vec<u8> = data
        .iter()
        .copied()
        .cycle()
        .take((8 << 20) + 12345)
        .collect();
    let out = run(&["compress", "--level", "10"], &big);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("continues as level 9"),
        "{}",
        stderr(&out)
    );
    assert!(
        decode_both(&out.stdout, Format::Gzip) == big,
        "big input round trip"
    );

    // Files are concatenated into one stream.
    let logs = corpus_logs();
    let a = logs[0].to_str().unwrap();
    let b = logs[1].to_str().unwrap();
    let out = run(&["compress", "--level", "9", a, b], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let mut both = std::fs::read(a).unwrap();
    both.extend(std::fs::read(b).unwrap());
    assert_eq!(decode_both(&out.stdout, Format::Gzip), both);

    // Empty input: the minimal gzip stream.
    let out = run(&["compress"], b"");
    assert_eq!(out.stdout.len(), 20);

    if gzip_available() {
        let dir = TempDir::new("compress");
        let path = dir.0.join("log.gz");
        std::fs::write(&path, run(&["compress", "-9"], &data).stdout).unwrap();
        let t = Command::new("gzip").arg("-t").arg(&path).output().unwrap();
        assert!(t.status.success(), "gzip -t: {}", stderr(&t));
    } else {
        eprintln!("note: `gzip` is not installed; skipping `gzip -t`");
    }

    // Python's zlib, a third inflater, where python3 is installed.
    let dir = TempDir::new("compress-py");
    for (format, wbits) in [(Format::Gzip, 31), (Format::Zlib, 15), (Format::Raw, -15)] {
        let path = dir.0.join(format!("log.{}", format.extension()));
        std::fs::write(
            &path,
            run(&["compress", "-6", "--format", format.name()], &data).stdout,
        )
        .unwrap();
        let script = format!(
            "import sys, zlib\nd = zlib.decompressobj(wbits={wbits})\n\
             out = d.decompress(open(sys.argv[1], 'rb').read()) + d.flush()\n\
             assert d.eof and not d.unused_data\n\
             assert out == open(sys.argv[2], 'rb').read()\n"
        );
        match Command::new("python3")
            .arg("-c")
            .arg(&script)
            .arg(&path)
            .arg(log)
            .output()
        {
            Ok(o) => assert!(o.status.success(), "python zlib, {format}: {}", stderr(&o)),
            Err(_) => eprintln!("note: python3 is not installed; skipping the Python zlib check"),
        }
    }
}

#[test]
fn pack_then_verify_round_trip() {
    let log = corpus_logs()
        .into_iter()
        .find(|p| p.ends_with("HDFS_2k.log"))
        .unwrap();
    let lines = lines_of(&std::fs::read(&log).unwrap());
    for (format, cap) in [
        (Format::Gzip, "4KiB"),
        (Format::Zlib, "4k"),
        (Format::Raw, "4096"),
        (Format::Legacy, "16KiB"),
    ] {
        let dir = TempDir::new(&format!("pack-{format}"));
        let out_dir = dir.0.join("frames");
        let out = run(
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
        assert!(out.status.success(), "{}", stderr(&out));
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
        let mut payload = Vec::new();
        for f in &frames {
            payload.extend(decode_both(&std::fs::read(f).unwrap(), format));
        }
        assert_eq!(payload, common::joined(&lines, b"\n"));

        // verify: counts add up; the format comes from the extension.
        let mut args = vec!["verify".to_string(), "--cap".into(), cap.into()];
        args.extend(frames.iter().map(|f| f.to_str().unwrap().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let v = run(&args, b"");
        assert!(v.status.success(), "{}", stderr(&v));
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
    let out = run(
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
    assert!(out.status.success(), "{}", stderr(&out));
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
    let mut payload = Vec::new();
    for f in frames_in(&out_dir) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(bytes.len() <= 1024);
        payload.extend(decode_both(&bytes, Format::Gzip));
    }
    let want: Vec<u8> = (0..3000)
        .flat_map(|i| format!("line {i}\0").into_bytes())
        .collect();
    assert_eq!(payload, want);
    // verify with the same delimiter counts; with the default one it fails.
    let first = frames_in(&out_dir)[0].to_str().unwrap().to_string();
    let ok = run(&["verify", "--delimiter", "\\0", &first], b"");
    assert!(ok.status.success(), "{}", stderr(&ok));
    let bad = run(&["verify", &first], b"");
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn cap_below_minimum_is_a_usage_error() {
    for (format, cap, min) in [
        ("gzip", "19", 20),
        ("legacy", "23", 24),
        ("zlib", "7", 8),
        ("raw", "1", 2),
    ] {
        let out = run(
            &[
                "pack",
                "--cap",
                cap,
                "--format",
                format,
                "--out-dir",
                "/nonexistent/x",
            ],
            b"a\n",
        );
        assert_eq!(out.status.code(), Some(2), "{format}");
        let msg = stderr(&out);
        assert!(msg.contains(&format!("minimum of {min} bytes")), "{msg}");
        assert!(!Path::new("/nonexistent/x").exists());
    }
    let out = run(&["pack", "--cap", "4 parsecs"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["pack", "--cap", "4096", "--level", "12"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["compress", "--format", "lzma"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn failures_name_the_path() {
    let dir = TempDir::new("fail");
    let missing = dir.0.join("no-such.log");
    let out = run(
        &[
            "pack",
            "--cap",
            "4096",
            "--out-dir",
            dir.0.join("f").to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no-such.log"), "{}", stderr(&out));

    let out = run(&["compress", missing.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
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
    let out = run(
        &[
            "verify",
            corrupt.to_str().unwrap(),
            truncated.to_str().unwrap(),
            fine.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let msg = stderr(&out);
    for name in ["corrupt.gz", "truncated.gz", "no-such.log"] {
        assert!(msg.contains(name), "{msg}");
    }
    assert!(msg.contains("truncated"), "{msg}");
    assert!(!msg.contains("fine.gz"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("fine.gz: 1 records"));

    // Over the cap.
    let out = run(&["verify", "--cap", "20", fine.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("over the cap"));
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
    let out = run(&args, input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let msg = stderr(&out);
    assert!(
        msg.contains("line 2") && msg.contains("does not fit"),
        "{msg}"
    );
    assert!(msg.contains("--skip-oversized"), "{msg}");

    let mut skip = args.to_vec();
    skip.push("--skip-oversized");
    let out = run(&skip, input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped <stdin> line 2"),
        "{}",
        stderr(&out)
    );
    let mut payload = Vec::new();
    for f in frames_in(&out_dir) {
        payload.extend(decode_both(&std::fs::read(f).unwrap(), Format::Gzip));
    }
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
        let out = run(
            &["pack", "--cap", cap, "--out-dir", out_dir.to_str().unwrap()],
            &input,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        frames_in(&out_dir)
    };
    let many = pack("512");
    let few = pack("8KiB");
    assert!(few.len() < many.len());
    let mut payload = Vec::new();
    for f in &few {
        payload.extend(decode_both(&std::fs::read(f).unwrap(), Format::Gzip));
    }
    assert_eq!(payload, input, "only the second run's frames remain");
}

/// Pack `log` into `dir` with `args`; panics on failure.
fn pack_into(dir: &Path, log: &Path, args: &[&str]) {
    let mut all = vec!["pack", "--out-dir", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    all.push(log.to_str().unwrap());
    let out = run(&all, b"");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn unpack_and_decompress_give_the_records_back() {
    let tmp = TempDir::new("unpack");
    let log = corpus_logs()
        .into_iter()
        .find(|p| p.ends_with("HDFS_2k.log"))
        .unwrap();
    let lines = lines_of(&std::fs::read(&log).unwrap());
    let expected = common::joined(&lines, b"\n");
    for format in Format::ALL {
        let dir = tmp.0.join(format.name());
        pack_into(&dir, &log, &["--cap", "2KiB", "--format", format.name()]);
        // A directory, detected format (raw from the .deflate names).
        let out = run(&["unpack", dir.to_str().unwrap()], b"");
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert_eq!(out.stdout, expected, "{format}");
        // The files, named format, --cap, --out.
        let frames = frames_in(&dir);
        let dest = tmp.0.join(format!("{format}.out"));
        let mut args = vec![
            "unpack",
            "--format",
            format.name(),
            "--cap",
            "2KiB",
            "-o",
            dest.to_str().unwrap(),
        ];
        args.extend(frames.iter().map(|p| p.to_str().unwrap()));
        let out = run(&args, b"");
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert_eq!(std::fs::read(&dest).unwrap(), expected);
        // A cap the frames exceed fails.
        let out = run(&["unpack", "--cap", "1KiB", dir.to_str().unwrap()], b"");
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("over the cap"), "{}", stderr(&out));
        // The frames one after the other, like `cat frames/* | gzip -dc`.
        if format != Format::Raw && format != Format::Zlib {
            let cat: Vec<u8> = frames
                .iter()
                .flat_map(|p| std::fs::read(p).unwrap())
                .collect();
            for cmd in [
                &["decompress"][..],
                &["compress", "-dc"],
                &["compress", "-d"],
            ] {
                let out = run(cmd, &cat);
                assert!(out.status.success(), "{format} {cmd:?}: {}", stderr(&out));
                assert_eq!(out.stdout, expected, "{format} {cmd:?}");
            }
        }
        // One frame from stdin.
        let one = std::fs::read(&frames[0]).unwrap();
        let named = ["unpack", "--format", format.name()];
        let args: &[&str] = if format == Format::Raw {
            &named
        } else {
            &["unpack"]
        };
        let out = run(args, &one);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert!(expected.starts_with(&out.stdout));
    }
    // compress -d and decompress for every format compress writes.
    let data = std::fs::read(&log).unwrap();
    for format in Format::ALL {
        let packed = run(&["compress", "--format", format.name()], &data).stdout;
        let auto = if format == Format::Raw { "raw" } else { "auto" };
        let out = run(&["decompress", "--format", auto], &packed);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert_eq!(out.stdout, data, "{format}");
    }
}

#[test]
fn unpack_reports_bad_frames_and_writes_the_good_ones() {
    let tmp = TempDir::new("unpack-bad");
    let good = run(&["compress"], b"one\ntwo\n").stdout;
    let a = tmp.0.join("a.gz");
    std::fs::write(&a, &good).unwrap();
    let b = tmp.0.join("b.gz");
    let mut corrupt = good.clone();
    let n = corrupt.len();
    corrupt[n - 7] ^= 2;
    std::fs::write(&b, &corrupt).unwrap();
    let c = tmp.0.join("c.gz");
    std::fs::write(&c, &good[..good.len() - 1]).unwrap();
    let d = tmp.0.join("d.gz");
    std::fs::write(&d, b"plain text, not a frame\n").unwrap();
    let e = tmp.0.join("e.gz");
    std::fs::write(&e, &good).unwrap();
    let paths: Vec<&str> = [&a, &b, &c, &d, &e]
        .iter()
        .map(|p| p.to_str().unwrap())
        .collect();
    let mut args = vec!["unpack"];
    args.extend(&paths);
    let out = run(&args, b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, b"one\ntwo\none\ntwo\n");
    let msg = stderr(&out);
    for name in ["b.gz", "c.gz", "d.gz"] {
        assert!(msg.contains(name), "{msg}");
    }
    assert!(msg.contains("3 of 5"), "{msg}");
    // A wrong delimiter is caught, not guessed around.
    let out = run(&["unpack", "-z", paths[0]], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("delimiter"), "{}", stderr(&out));
    // Empty input, foreign input, gzip named as zlib: errors, no panic.
    for (args, input) in [
        (&["unpack"][..], &b""[..]),
        (&["decompress"], b""),
        (&["decompress"], b"hello"),
        (&["unpack", "--format", "zlib"], &good[..]),
        (&["decompress", "--format", "raw"], b"\xff\xff\xff"),
    ] {
        let out = run(args, input);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    // Trailing garbage after a gzip stream is an error (gzip -dc only warns).
    let mut padded = good.clone();
    padded.extend_from_slice(b"garbage");
    let out = run(&["decompress"], &padded);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unexpected bytes"),
        "{}",
        stderr(&out)
    );
}

/// Run with stdout read for `keep` bytes and then closed, as `| head -c keep` does.
fn run_closed_early(args: &[&str], stdin: &[u8], keep: usize) -> Output {
    use std::io::Read;
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0u8; keep];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let log = &corpus_logs()[0];
    let data = std::fs::read(log).unwrap();
    let stored = run(&["compress", "-0"], &data).stdout;
    let mut big: Vec<u8> = data.repeat(15);
    big.push(b'\n');
    let gz = run(&["compress", "-1"], &big).stdout;
    for (args, input) in [
        (&["compress", "-0"][..], &data[..]),
        (&["decompress"], &gz[..]),
        (&["compress", "-dc"], &gz[..]),
        (&["unpack"], &gz[..]),
        (&["decompress", "--format", "gzip"], &stored[..]),
    ] {
        let out = run_closed_early(args, input, 10);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn help_lists_formats_levels_and_exit_codes() {
    let out = run(&["--help"], b"");
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Exit status",
        "--keep-cr",
        "-z/--null",
        "unpack",
        "decompress",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    for cmd in ["compress", "pack"] {
        let out = run(&[cmd, "--help"], b"");
        let help = String::from_utf8_lossy(&out.stdout);
        for needle in ["gzip", "zlib", "raw", "legacy", "-0 ... -9", "--level 10"] {
            assert!(help.contains(needle), "{cmd} {needle}: {help}");
        }
    }
    for flag in ["-12", "-10", "-99"] {
        let out = run(&["compress", flag], b"");
        assert_eq!(out.status.code(), Some(2));
        let msg = stderr(&out);
        assert!(
            msg.contains("is not a level") && msg.contains("-0 ... -9"),
            "{msg}"
        );
    }
    // After `--`, "-12" is a file name.
    let out = run(&["compress", "--", "-12"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("-12"), "{}", stderr(&out));
    let out = run(&["compress", "-d", "-9"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["compress", "--format", "auto"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn verify_summarises_accepts_directories_and_notes_a_missing_cap() {
    let tmp = TempDir::new("verify-dir");
    let dir = tmp.0.join("f");
    let log = &corpus_logs()[3];
    pack_into(&dir, log, &["--cap", "4KiB"]);
    let n = frames_in(&dir).len();
    let lines = lines_of(&std::fs::read(log).unwrap()).len();
    let out = run(&["verify", dir.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let summary = text.lines().last().unwrap();
    assert!(
        summary.starts_with(&format!("verified {n} of {n} frame(s): {lines} records")),
        "{summary}"
    );
    assert!(summary.contains("0 failure(s)"), "{summary}");
    assert!(stderr(&out).contains("no --cap"), "{}", stderr(&out));
    let out = run(&["verify", "--cap", "4KiB", dir.to_str().unwrap()], b"");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("mean fill"));
    assert_eq!(stderr(&out), "");
    // An empty directory is an error, not a silent success.
    let empty = tmp.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = run(&["verify", empty.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn line_ends_keep_cr_and_null_records() {
    let tmp = TempDir::new("line-ends");
    let hdfs = corpus_logs()
        .into_iter()
        .find(|p| p.ends_with("HDFS_2k.log"))
        .unwrap();
    let data = std::fs::read(&hdfs).unwrap();
    assert!(
        data.ends_with(b"\r\n"),
        "the bundled HDFS log has CRLF line ends"
    );
    // Default: the \r is dropped, and said so.
    let dir = tmp.0.join("lf");
    let out = run(
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
    assert!(out.status.success());
    assert!(stderr(&out).contains("2000 line(s)") && stderr(&out).contains("--keep-cr"));
    let back = run(&["unpack", dir.to_str().unwrap()], b"").stdout;
    assert_eq!(back, common::joined(&lines_of(&data), b"\n"));
    // --keep-cr: byte for byte, for every format and with --synchronous.
    for format in Format::ALL {
        let dir = tmp.0.join(format!("crlf-{format}"));
        let out = run(
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
        assert!(out.status.success(), "{}", stderr(&out));
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
    let out = run(
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
    assert!(out.status.success(), "{}", stderr(&out));
    let back = run(&["unpack", "-z", dir.to_str().unwrap()], b"").stdout;
    assert_eq!(back, b"one\r\nline\0two\0\0three\0");
    let out = run(&["unpack", dir.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1), "a \\n delimiter does not match");
    // -z with another delimiter.
    let dir = tmp.0.join("null-nl");
    let out = run(
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
    assert!(out.status.success(), "{}", stderr(&out));
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
    let out = run(
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
    );
    assert_eq!(out.status.code(), Some(1));
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
    let dir = tmp.0.join("g");
    std::fs::create_dir_all(dir.join("000001.gz").join("blocker")).unwrap();
    let out = run(
        &[
            "pack",
            "--cap",
            "512",
            "--out-dir",
            dir.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let msg = stderr(&out);
    assert!(
        msg.contains("frame 000000.gz holds lines 1-") && msg.contains("writing"),
        "{msg}"
    );
    let resume: u64 = msg
        .split("; stopped at line ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a resume line");
    let files: Vec<PathBuf> = frames_in(&dir)
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "no temporary or partial frame left: {files:?}"
    );
    let mut args = vec!["unpack"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    let back = run(&args, b"").stdout;
    let held = back.iter().filter(|&&b| b == b'\n').count() as u64;
    assert_eq!(
        held + 1,
        resume,
        "frames hold lines 1-{held}, resume at {resume}"
    );

    // An unreadable second input: the first one's frames are written and named.
    let dir = tmp.0.join("h");
    let missing = tmp.0.join("missing.log");
    let out = run(
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
    );
    assert_eq!(out.status.code(), Some(1));
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
    let out = run(&args, input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON stats");
    assert_eq!(stats["max_records"], 7);
    assert!(stats["max_payload"].is_null());
    assert_eq!(stats["frames"], 8);
    let mut payload = Vec::new();
    for f in frames_in(&out_dir) {
        let p = decode_both(&std::fs::read(f).unwrap(), Format::Gzip);
        assert!(p.iter().filter(|&&b| b == b'\n').count() <= 7);
        payload.extend(p);
    }
    assert_eq!(payload, input.as_bytes());

    // SIZE syntax as for --cap; the table names the limit.
    let mut args = base.to_vec();
    args.extend(["--max-payload", "1k"]);
    let long_input = input.repeat(10);
    let out = run(&args, long_input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("payload at most 1024 bytes"), "{table}");
    let mut payload = Vec::new();
    for f in frames_in(&out_dir) {
        let p = decode_both(&std::fs::read(f).unwrap(), Format::Gzip);
        assert!(p.len() <= 1024);
        payload.extend(p);
    }
    assert_eq!(payload, long_input.as_bytes());

    // A record over the payload limit alone stops the run, or is skipped.
    let mut args = base.to_vec();
    args.extend(["--max-payload", "10"]);
    let out = run(&args, b"short\nmuch too long\nok\n");
    assert_eq!(out.status.code(), Some(1));
    let msg = stderr(&out);
    assert!(
        msg.contains("line 2") && msg.contains("payload limit of 10 bytes"),
        "{msg}"
    );
    args.push("--skip-oversized");
    let out = run(&args, b"short\nmuch too long\nok\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let mut payload = Vec::new();
    for f in frames_in(&out_dir) {
        payload.extend(decode_both(&std::fs::read(f).unwrap(), Format::Gzip));
    }
    assert_eq!(payload, b"short\nok\n");

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
