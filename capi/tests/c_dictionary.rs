//! Builds `tests/c/dictionary_zlib.c` against the library and the system zlib and runs it on
//! bundled logs: a C program packs lines with a preset dictionary into zlib and raw frames and
//! decodes every one with zlib's `inflateSetDictionary` (see the program's comment for all it
//! checks).
//!
//! Skipped, with a note on stderr, when there is no C compiler or no zlib to build against
//! (`zlib.h` and `-lz`, e.g. Debian's zlib1g-dev).

mod cbuild;

use std::path::{Path, PathBuf};
use std::process::Command;

use cbuild::{cc, check_output, corpus, have, library_dir, scratch, MANIFEST_DIR};

/// Whether a program including `zlib.h` and linking `-lz` builds.
fn have_zlib(dir: &Path) -> bool {
    let probe = dir.join("probe.c");
    std::fs::write(
        &probe,
        "#include <zlib.h>\nint main(void) { return zlibVersion()[0] == '\\0'; }\n",
    )
    .unwrap();
    Command::new(cc())
        .arg(&probe)
        .arg("-o")
        .arg(dir.join("probe"))
        .arg("-lz")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// The test program, statically linked to the library; `None` (with a note) when it cannot be
/// built here.
fn build() -> Option<PathBuf> {
    if !have(&cc()) {
        eprintln!(
            "note: no C compiler ({}); skipping the C dictionary test",
            cc()
        );
        return None;
    }
    let dir = scratch("dictionary-zlib");
    if !have_zlib(&dir) {
        eprintln!("note: no zlib to build against (zlib.h, -lz); skipping the C dictionary test");
        return None;
    }
    let exe = dir.join("dictionary_zlib");
    let mut cmd = Command::new(cc());
    cmd.args([
        "-std=c99",
        "-O1",
        "-Wall",
        "-Wextra",
        "-pedantic",
        "-Werror",
    ])
    .arg("-I")
    .arg(Path::new(MANIFEST_DIR).join("include"))
    .arg(Path::new(MANIFEST_DIR).join("tests/c/dictionary_zlib.c"))
    .arg("-o")
    .arg(&exe)
    .arg(library_dir("libfitflate_c.a").join("libfitflate_c.a"))
    .args(["-lz", "-lpthread", "-ldl", "-lm"]);
    let out = cmd.output().expect("run the C compiler");
    check_output(&format!("{cmd:?}"), &out);
    Some(exe)
}

#[test]
fn a_c_program_packs_with_a_dictionary_and_zlib_decodes_every_frame() {
    let Some(exe) = build() else { return };
    for (log, dict_lines, cap) in [
        ("Apache_2k.log", 300, 1024),
        ("Linux_2k.log", 100, 1024),
        ("Zookeeper_2k.log", 100, 512),
        ("OpenStack_2k.log", 50, 2048),
    ] {
        let out = Command::new(&exe)
            .arg(corpus(log))
            .arg(dict_lines.to_string())
            .arg(cap.to_string())
            .output()
            .unwrap();
        check_output(&format!("dictionary_zlib {log} {dict_lines} {cap}"), &out);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let words: Vec<&str> = stdout.split_whitespace().collect();
        let ["zlib", zlib, "plain", plain, "raw", _, "records", records] = words[..] else {
            panic!("unexpected summary {stdout:?}");
        };
        let (zlib, plain): (u32, u32) = (zlib.parse().unwrap(), plain.parse().unwrap());
        assert!(zlib > 1 && zlib < plain, "{log}: {stdout}");
        assert!(records.parse::<u32>().unwrap() > 1000, "{log}: {stdout}");
    }
}
