//! The `fitflate` binary's usage errors (exit code 2) and help.

mod common;

use std::path::Path;

use common::cli::{run, run_exits, stderr};

#[test]
fn cap_below_minimum_is_a_usage_error() {
    for (format, cap, min) in [
        ("gzip", "19", 20),
        ("legacy", "23", 24),
        ("zlib", "7", 8),
        ("raw", "1", 2),
    ] {
        let out = run_exits(
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
            2,
        );
        let msg = stderr(&out);
        assert!(msg.contains(&format!("minimum of {min} bytes")), "{msg}");
        assert!(!Path::new("/nonexistent/x").exists());
    }
    run_exits(&["pack", "--cap", "4 parsecs"], b"", 2);
    run_exits(&["pack", "--cap", "4096", "--level", "12"], b"", 2);
    run_exits(&["compress", "--format", "lzma"], b"", 2);
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
        let out = run_exits(&["compress", flag], b"", 2);
        let msg = stderr(&out);
        assert!(
            msg.contains("is not a level") && msg.contains("-0 ... -9"),
            "{msg}"
        );
    }
    // After `--`, "-12" is a file name.
    let out = run_exits(&["compress", "--", "-12"], b"", 1);
    assert!(stderr(&out).contains("-12"), "{}", stderr(&out));
    run_exits(&["compress", "-d", "-9"], b"", 2);
    run_exits(&["compress", "--format", "auto"], b"", 2);
}
