//! The `fitflate` binary's readers: `unpack` and `decompress` give the records back, report bad
//! frames while writing the good ones, and stop quietly when stdout closes.

mod common;

use common::cli::{
    frames_in, hdfs_log, pack_into, run, run_closed_early, run_exits, stderr, TempDir,
};
use common::{corpus_logs, lines_of};
use fitflate::Format;

#[test]
fn unpack_and_decompress_give_the_records_back() {
    let tmp = TempDir::new("unpack");
    let log = hdfs_log();
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
        let out = run_exits(&["unpack", "--cap", "1KiB", dir.to_str().unwrap()], b"", 1);
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
    let out = run_exits(&args, b"", 1);
    assert_eq!(out.stdout, b"one\ntwo\none\ntwo\n");
    let msg = stderr(&out);
    for name in ["b.gz", "c.gz", "d.gz"] {
        assert!(msg.contains(name), "{msg}");
    }
    assert!(msg.contains("3 of 5"), "{msg}");
    // A wrong delimiter is caught, not guessed around.
    let out = run_exits(&["unpack", "-z", paths[0]], b"", 1);
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
    let out = run_exits(&["decompress"], &padded, 1);
    assert!(
        stderr(&out).contains("unexpected bytes"),
        "{}",
        stderr(&out)
    );
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
