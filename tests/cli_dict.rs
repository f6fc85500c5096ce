//! The `fitflate` binary with preset dictionaries: `dict train`, and `--dict` on `pack`,
//! `compress`, `decompress`, `unpack` and `verify`. Frames packed with a trained dictionary give
//! their records back, decode with the system zlib and Python's `zdict=`, and a reader without
//! the dictionary, or with another, is told which DICTID the frames need.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::cli::{frames_in, run, run_exits, run_ok, stderr, TempDir};
use fitflate::container::adler32;
use fitflate::Format;
use fitflate_testkit::inflate::{zlib_with_dictionary, Wrapper};

/// A bundled log's lines as `pack` reads them, split in two files: samples and records.
fn halves(dir: &Path, log: &str) -> (PathBuf, PathBuf, Vec<u8>) {
    let path = common::corpus_logs()
        .into_iter()
        .find(|p| p.ends_with(log))
        .unwrap();
    let lines = common::lines_of(&std::fs::read(path).unwrap());
    let (a, b) = lines.split_at(lines.len() / 2);
    let (a, b) = (common::joined(a, b"\n"), common::joined(b, b"\n"));
    let (pa, pb) = (dir.join("a.log"), dir.join("b.log"));
    std::fs::write(&pa, &a).unwrap();
    std::fs::write(&pb, &b).unwrap();
    (pa, pb, b)
}

/// `dict train` of `samples` into `out`; the dictionary's bytes.
fn train(samples: &Path, size: &str, out: &Path) -> Vec<u8> {
    let o = run_ok(
        &[
            "dict",
            "train",
            "--size",
            size,
            "-o",
            out.to_str().unwrap(),
            samples.to_str().unwrap(),
        ],
        b"",
    );
    let dict = std::fs::read(out).unwrap();
    let msg = stderr(&o);
    assert!(
        msg.contains(&format!("DICTID {:08x}", adler32(&dict))),
        "{msg}"
    );
    dict
}

/// `pack` of `records` into `dir` with `args`.
fn pack(dir: &Path, records: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["pack", "--cap", "1KiB", "--out-dir", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    all.push(records.to_str().unwrap());
    run_ok(&all, b"")
}

/// Python's zlib decodes `frame` with `zdict=` the dictionary file; skipped without python3.
fn python_decodes(frame: &Path, wbits: i32, dict: &Path, want: &[u8]) {
    let script = format!(
        "import sys, zlib\n\
         d = zlib.decompressobj(wbits={wbits}, zdict=open(sys.argv[2], 'rb').read())\n\
         out = d.decompress(open(sys.argv[1], 'rb').read()) + d.flush()\n\
         assert d.eof and not d.unused_data\n\
         sys.stdout.buffer.write(out)\n"
    );
    match Command::new("python3")
        .arg("-c")
        .arg(&script)
        .arg(frame)
        .arg(dict)
        .output()
    {
        Ok(o) => {
            assert!(o.status.success(), "python zlib: {}", stderr(&o));
            assert_eq!(o.stdout, want, "python zlib: {}", frame.display());
        }
        Err(_) => eprintln!("note: python3 is not installed; skipping the Python zdict check"),
    }
}

#[test]
fn train_pack_and_unpack_with_a_dictionary() {
    let tmp = TempDir::new("dict-round-trip");
    let (samples, records, want) = halves(&tmp.0, "Zookeeper_2k.log");
    let dict_path = tmp.0.join("logs.dict");
    let dict = train(&samples, "16KiB", &dict_path);
    assert_eq!(dict.len(), 16 << 10);
    // The same bytes on stdout, and from stdin.
    let stdout = run_ok(
        &[
            "dict",
            "train",
            "--size",
            "16KiB",
            samples.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(stdout.stdout, dict);
    let from_stdin = run_ok(
        &["dict", "train", "--size", "16384", "-"],
        &std::fs::read(&samples).unwrap(),
    );
    assert_eq!(from_stdin.stdout, dict);

    let plain = tmp.0.join("plain");
    pack(&plain, &records, &["--format", "zlib"]);
    for (format, wrapper, wbits) in [
        (Format::Zlib, Wrapper::Zlib, 15),
        (Format::Raw, Wrapper::Raw, -15),
    ] {
        let dir = tmp.0.join(format.name());
        let out = pack(
            &dir,
            &records,
            &[
                "--format",
                format.name(),
                "--dict",
                dict_path.to_str().unwrap(),
            ],
        );
        let summary = String::from_utf8_lossy(&out.stdout);
        assert!(
            summary.contains(&format!("dictionary {:08x} (16384 bytes)", adler32(&dict))),
            "{summary}"
        );
        let frames = frames_in(&dir);
        assert!(
            frames.len() < frames_in(&plain).len(),
            "{format}: {} frames with the dictionary, {} without",
            frames.len(),
            frames_in(&plain).len()
        );
        let back = run_ok(
            &[
                "unpack",
                "--dict",
                dict_path.to_str().unwrap(),
                dir.to_str().unwrap(),
            ],
            b"",
        );
        assert!(back.stdout == want, "{format}: the records come back");
        // Every frame within the cap, decoded by the system zlib given the dictionary, and by
        // `decompress --dict`.
        let mut payload = Vec::new();
        for f in &frames {
            let bytes = std::fs::read(f).unwrap();
            assert!(bytes.len() <= 1024);
            if format == Format::Zlib {
                assert_eq!(bytes[1] & 0x20, 0x20, "FDICT");
                assert_eq!(bytes[2..6], adler32(&dict).to_be_bytes(), "DICTID");
            }
            let p = zlib_with_dictionary(&bytes, wrapper, &dict).unwrap();
            let d = run_ok(
                &[
                    "decompress",
                    "--format",
                    format.name(),
                    "--dict",
                    dict_path.to_str().unwrap(),
                    f.to_str().unwrap(),
                ],
                b"",
            );
            assert_eq!(d.stdout, p);
            payload.extend(p);
        }
        assert!(payload == want, "{format}: zlib decodes the records");
        python_decodes(
            &frames[0],
            wbits,
            &dict_path,
            &zlib_with_dictionary(&std::fs::read(&frames[0]).unwrap(), wrapper, &dict).unwrap(),
        );
        run_ok(
            &[
                "verify",
                "--cap",
                "1KiB",
                "--dict",
                dict_path.to_str().unwrap(),
                dir.to_str().unwrap(),
            ],
            b"",
        );
    }
}

#[test]
fn readers_name_the_dictid_a_frame_needs() {
    let tmp = TempDir::new("dict-mismatch");
    let (samples, records, _) = halves(&tmp.0, "Spark_2k.log");
    let dict_path = tmp.0.join("spark.dict");
    let id = format!("{:08x}", adler32(&train(&samples, "8KiB", &dict_path)));
    let other_path = tmp.0.join("other.dict");
    let other = format!("{:08x}", adler32(&train(&records, "8KiB", &other_path)));
    let dir = tmp.0.join("zlib");
    let out = pack(
        &dir,
        &records,
        &[
            "--format",
            "zlib",
            "--stats",
            "json",
            "--dict",
            dict_path.to_str().unwrap(),
        ],
    );
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(stats["dictionary"]["dictid"], id.as_str());
    assert_eq!(stats["dictionary"]["bytes"], 8192);

    let ok = run_ok(
        &[
            "verify",
            "--dict",
            dict_path.to_str().unwrap(),
            dir.to_str().unwrap(),
        ],
        b"",
    );
    let listing = String::from_utf8_lossy(&ok.stdout);
    assert!(
        listing.contains(&format!("(zlib, DICTID {id})")),
        "{listing}"
    );

    // No dictionary: each frame names the DICTID it needs, and --dict.
    for cmd in ["verify", "unpack"] {
        let out = run_exits(&[cmd, dir.to_str().unwrap()], b"", 1);
        let msg = stderr(&out);
        assert!(
            msg.contains(&format!("needs a preset dictionary (DICTID {id})"))
                && msg.contains("--dict"),
            "{cmd}: {msg}"
        );
        // Another dictionary: both DICTIDs.
        let out = run_exits(
            &[
                cmd,
                "--dict",
                other_path.to_str().unwrap(),
                dir.to_str().unwrap(),
            ],
            b"",
            1,
        );
        let msg = stderr(&out);
        assert!(
            msg.contains(&format!(
                "another preset dictionary (DICTID {id}, the one given is {other})"
            )),
            "{cmd}: {msg}"
        );
    }

    // Raw frames name nothing, but a reader without the dictionary is not fooled into zeros.
    let raw = tmp.0.join("raw");
    pack(
        &raw,
        &records,
        &["--format", "raw", "--dict", dict_path.to_str().unwrap()],
    );
    let out = run_exits(&["unpack", raw.to_str().unwrap()], b"", 1);
    assert!(
        stderr(&out).contains("preset dictionary"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty(), "no garbage records");

    // A dictionary file that cannot be read, or is empty: a failure that says so.
    let missing = tmp.0.join("missing.dict");
    let out = run_exits(
        &[
            "verify",
            "--dict",
            missing.to_str().unwrap(),
            dir.to_str().unwrap(),
        ],
        b"",
        1,
    );
    assert!(
        stderr(&out).contains("cannot read dictionary"),
        "{}",
        stderr(&out)
    );
    let empty = tmp.0.join("empty.dict");
    std::fs::write(&empty, b"").unwrap();
    let out = run_exits(
        &[
            "unpack",
            "--dict",
            empty.to_str().unwrap(),
            dir.to_str().unwrap(),
        ],
        b"",
        1,
    );
    assert!(stderr(&out).contains("is empty"), "{}", stderr(&out));
}

#[test]
fn formats_without_a_dictionary_field_are_usage_errors() {
    let tmp = TempDir::new("dict-usage");
    let dict = tmp.0.join("d.dict");
    std::fs::write(&dict, b"some shared bytes, some shared bytes").unwrap();
    let out_dir = tmp.0.join("never");
    for format in [None, Some("gzip"), Some("legacy")] {
        let mut args = vec![
            "pack",
            "--cap",
            "4KiB",
            "--out-dir",
            out_dir.to_str().unwrap(),
        ];
        args.extend(format.map(|f| ["--format", f]).iter().flatten());
        args.extend(["--dict", dict.to_str().unwrap()]);
        let out = run_exits(&args, b"a line\n", 2);
        let msg = stderr(&out);
        assert!(
            msg.contains("--dict") && msg.contains("cannot carry a preset dictionary"),
            "{format:?}: {msg}"
        );
        assert!(!out_dir.exists(), "nothing written");
        let mut args = vec!["compress", "--dict", dict.to_str().unwrap()];
        args.extend(format.map(|f| ["--format", f]).iter().flatten());
        let out = run_exits(&args, b"a line\n", 2);
        assert!(out.stdout.is_empty());
        assert!(stderr(&out).contains("cannot carry a preset dictionary"));
    }
    // The gzip refusal comes before the file is read.
    run_exits(&["compress", "--dict", "/nonexistent/d"], b"x", 2);

    // zlib and raw streams of `compress`, at a fast level and the strongest.
    let data = b"GET /api/items?id=1 HTTP/1.1\nGET /api/items?id=2 HTTP/1.1\n".repeat(20);
    let dict_bytes = std::fs::read(&dict).unwrap();
    for (format, wrapper) in [("zlib", Wrapper::Zlib), ("raw", Wrapper::Raw)] {
        for level in ["-1", "--level=10"] {
            let z = run_ok(
                &[
                    "compress",
                    level,
                    "--format",
                    format,
                    "--dict",
                    dict.to_str().unwrap(),
                ],
                &data,
            )
            .stdout;
            assert_eq!(
                zlib_with_dictionary(&z, wrapper, &dict_bytes).unwrap(),
                data
            );
            let back = run_ok(
                &[
                    "compress",
                    "-d",
                    "--format",
                    format,
                    "--dict",
                    dict.to_str().unwrap(),
                ],
                &z,
            );
            assert_eq!(back.stdout, data, "{format} {level}");
        }
    }

    // `dict train`: a size below 8 bytes or not a size is a usage error; input with nothing to
    // train on, or that cannot be read, a failure.
    run_exits(&["dict", "train", "--size", "4"], b"a line of samples\n", 2);
    run_exits(
        &["dict", "train", "--size", "4 parsecs"],
        b"a line of samples\n",
        2,
    );
    run_exits(&["dict", "train"], b"", 1);
    let out = run_exits(&["dict", "train"], b"short\nlines\n", 1);
    assert!(
        stderr(&out).contains("nothing to train on"),
        "{}",
        stderr(&out)
    );
    let out = run_exits(&["dict", "train", "/nonexistent/samples.log"], b"", 1);
    assert!(
        stderr(&out).contains("/nonexistent/samples.log"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_shows_the_dictionary_commands() {
    let out = run(&["dict", "train", "--help"], b"");
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in ["--size", "32KiB", "-o", "32 KiB"] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    for cmd in ["pack", "compress", "decompress", "unpack", "verify"] {
        let out = run(&[cmd, "--help"], b"");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("--dict <FILE>"),
            "{cmd}"
        );
    }
}
