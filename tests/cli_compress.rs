//! The `fitflate` binary's `compress`: like `gzip -c`, every level and format, decoded by every
//! inflater (and by gzip and Python's zlib where installed).

mod common;

use std::process::Command;

use common::cli::{gzip_available, run, run_ok, stderr, TempDir};
use common::{corpus_logs, decode_both};
use fitflate::Format;

#[test]
fn compress_stdin_and_files() {
    let log = &corpus_logs()[0];
    let data = std::fs::read(log).unwrap();
    for format in [Format::Gzip, Format::Zlib, Format::Raw] {
        for level in ["-0", "-1", "-6", "-9"] {
            let out = run_ok(&["compress", level, "--format", format.name()], &data);
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
        let max = run_ok(
            &["compress", "--level", "10", "--format", format.name()],
            &data,
        );
        let nine = run(&["compress", "-9", "--format", format.name()], &data);
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
    let out = run_ok(&["compress", "--level", "10"], &big);
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
    let out = run_ok(&["compress", "--level", "9", a, b], b"");
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
