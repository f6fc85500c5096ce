//! Builds `examples/pack_lines.c` against the library with the system C compiler (`$CC`, else
//! `cc`), runs it on the bundled logs and checks its frames from the outside: every frame at or
//! under the cap, `gzip -t` clean (when gzip is installed), and all lines back, in order.
//!
//! Skipped, with a note on stderr, when there is no C compiler.

mod cbuild;

use fitflate::Level;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::{env, fs, io::Write};

use cbuild::{
    cc, check_output, corpus, have, library_dir, remove_stale_scratch, scratch, MANIFEST_DIR,
};

use fitflate::verify::decode;
use fitflate::{Format, FrameBuilder, Push};

/// Compile pack_lines.c, linked statically or dynamically. Warnings are errors: the header and
/// the example must be clean C99.
fn compile(dynamic: bool) -> PathBuf {
    let dir = scratch(if dynamic {
        "build-dynamic"
    } else {
        "build-static"
    });
    let exe = dir.join("pack_lines");
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
    .arg(Path::new(MANIFEST_DIR).join("examples/pack_lines.c"))
    .arg("-o")
    .arg(&exe);
    if dynamic {
        let lib = library_dir("libfitflate_c.so");
        cmd.arg("-L")
            .arg(&lib)
            .arg(format!("-Wl,-rpath,{}", lib.display()))
            .arg("-lfitflate_c");
    } else {
        cmd.arg(library_dir("libfitflate_c.a").join("libfitflate_c.a"))
            .args(["-lpthread", "-ldl", "-lm"]);
    }
    let out = cmd.output().expect("run the C compiler");
    check_output(&format!("{cmd:?}"), &out);
    exe
}

/// The statically linked example, compiled once per test run; `None` without a C compiler.
fn pack_lines() -> Option<&'static Path> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(|| {
        if !have(&cc()) {
            eprintln!(
                "note: no C compiler ({}); skipping the C example tests",
                cc()
            );
            return None;
        }
        if Path::new("/proc/self").exists() {
            remove_stale_scratch();
        }
        Some(compile(false))
    })
    .as_deref()
}

struct Run {
    frames: Vec<(PathBuf, Vec<u8>)>,
    stdout: String,
    stderr: String,
}

/// Run `exe` with `input` on stdin and collect the frames it wrote, in order.
fn run(exe: &Path, name: &str, input: &[u8], args: &[&str]) -> Run {
    let out_dir = scratch(name);
    let mut child = Command::new(exe)
        .arg(&out_dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pack_lines");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    check_output(&format!("pack_lines {args:?}"), &out);
    let mut paths: Vec<PathBuf> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let frames = paths
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    Run {
        frames,
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The lines of `input` as the example packs them: without "\n" / "\r\n", each followed by "\n".
fn lines_of(input: &[u8]) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = input
        .split_inclusive(|&b| b == b'\n')
        .map(|l| {
            let l = l.strip_suffix(b"\n").unwrap_or(l);
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            let mut l = l.to_vec();
            l.push(b'\n');
            l
        })
        .collect();
    if input.is_empty() {
        lines.clear();
    }
    lines
}

/// Check a run: frames named frame_000000.EXT, ... in order, each within the cap, each a valid
/// stream of `format` (and `gzip -t` clean for gzip), together holding `expected`.
fn check_frames(run: &Run, format: Format, cap: u64, expected: &[u8]) {
    let mut payload = Vec::new();
    for (i, (path, bytes)) in run.frames.iter().enumerate() {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(name, format!("frame_{i:06}.{}", format.extension()));
        assert!(
            bytes.len() as u64 <= cap,
            "{name} is {} bytes, over the cap of {cap}",
            bytes.len()
        );
        let decoded = decode(bytes, format).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!decoded.is_empty(), "{name} holds no record");
        assert!(decoded.ends_with(b"\n"), "{name} ends inside a record");
        payload.extend_from_slice(&decoded);
    }
    assert!(
        payload == expected,
        "the frames do not hold the input's lines ({} bytes decoded, {} expected)",
        payload.len(),
        expected.len()
    );
    if format == Format::Gzip && have("gzip") {
        for (path, _) in &run.frames {
            let out = Command::new("gzip").arg("-t").arg(path).output().unwrap();
            check_output(&format!("gzip -t {}", path.display()), &out);
        }
        // gzip -dc of all frames in order: a multi-member stream of exactly the lines.
        let out = Command::new("gzip")
            .arg("-dc")
            .args(run.frames.iter().map(|(p, _)| p))
            .output()
            .unwrap();
        check_output("gzip -dc", &out);
        assert!(out.stdout == expected, "gzip -dc gives other bytes");
    }
}

fn summary(run: &Run) -> (usize, usize, usize) {
    let words: Vec<&str> = run.stdout.split_whitespace().collect();
    match words[..] {
        ["frames", f, "records", r, "skipped", s] => {
            (f.parse().unwrap(), r.parse().unwrap(), s.parse().unwrap())
        }
        _ => panic!("unexpected summary {:?}", run.stdout),
    }
}

#[test]
fn packs_a_log_into_gzip_frames_under_the_cap() {
    let Some(exe) = pack_lines() else { return };
    let input = fs::read(corpus("HDFS_2k.log")).unwrap();
    let lines = lines_of(&input);
    assert_eq!(lines.len(), 2000);
    let run = run(exe, "hdfs-gzip-4096", &input, &["4096", "gzip"]);
    let (frames, records, skipped) = summary(&run);
    assert_eq!((records, skipped), (2000, 0), "{}", run.stderr);
    assert_eq!(frames, run.frames.len());
    assert!(frames > 10, "only {frames} frames");
    check_frames(&run, Format::Gzip, 4096, &lines.concat());
    // The same frames, byte for byte, as the Rust API makes.
    let expected = rust_frames(&lines, Format::Gzip, 4096, 6);
    assert_eq!(run.frames.len(), expected.len());
    for ((path, bytes), want) in run.frames.iter().zip(&expected) {
        assert!(
            bytes == want,
            "{} differs from the Rust API's frame",
            path.display()
        );
    }
}

/// What pack_lines does, through the Rust API: `lines` (each ending in "\n") into frames.
fn rust_frames(lines: &[Vec<u8>], format: Format, cap: u64, level: u32) -> Vec<Vec<u8>> {
    let builder = FrameBuilder::new(cap)
        .format(format)
        .level(Level::new(level).unwrap())
        .delimiter(b"\n".to_vec());
    let mut frames = Vec::new();
    let mut frame = builder.build().unwrap();
    for line in lines {
        let record = &line[..line.len() - 1];
        if frame.push(record).unwrap() == Push::Full {
            frames.push(std::mem::replace(&mut frame, builder.build().unwrap()).finish());
            assert_eq!(frame.push(record).unwrap(), Push::Accepted);
        }
    }
    if !frame.is_empty() {
        frames.push(frame.finish());
    }
    frames
}

#[test]
fn packs_in_every_format_and_level() {
    let Some(exe) = pack_lines() else { return };
    for (log, cap, format, level) in [
        ("Apache_2k.log", 1500u64, Format::Zlib, "6"),
        ("Linux_2k.log", 700, Format::Raw, "1"),
        ("Zookeeper_2k.log", 2048, Format::Legacy, "9"),
        ("Spark_2k.log", 65536, Format::Gzip, "0"),
    ] {
        let input = fs::read(corpus(log)).unwrap();
        let lines = lines_of(&input);
        let run = run(
            exe,
            &format!("{log}-{format}-{cap}-{level}"),
            &input,
            &[&cap.to_string(), format.name(), level],
        );
        let (frames, records, skipped) = summary(&run);
        assert_eq!(
            (records, skipped),
            (lines.len(), 0),
            "{log}: {}",
            run.stderr
        );
        assert_eq!(frames, run.frames.len());
        check_frames(&run, format, cap, &lines.concat());
        let level: u32 = level.parse().unwrap();
        let want = rust_frames(&lines, format, cap, level);
        let got: Vec<Vec<u8>> = run.frames.iter().map(|(_, b)| b.clone()).collect();
        assert!(got == want, "{log}: frames differ from the Rust API's");
    }
}

/// Deterministic incompressible bytes without line breaks.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            b' ' + (seed % 94) as u8
        })
        .collect()
}

#[test]
fn skips_a_line_too_large_for_any_frame() {
    let Some(exe) = pack_lines() else { return };
    let mut input = Vec::new();
    for i in 0..50 {
        input.extend_from_slice(format!("line {i} of the log\n").as_bytes());
    }
    let mut too_large = noise(5000, 7);
    too_large.push(b'\n');
    let mut with_big = input.clone();
    with_big.extend_from_slice(&too_large);
    with_big.extend_from_slice(b"after the big one\n");
    // And an empty line and a last line without "\n".
    with_big.extend_from_slice(b"\nno newline at the end");
    let run = run(exe, "too-large", &with_big, &["512", "gzip"]);
    let (_, records, skipped) = summary(&run);
    assert_eq!((records, skipped), (53, 1));
    assert!(
        run.stderr.contains("line 51 skipped") && run.stderr.contains("does not fit"),
        "{}",
        run.stderr
    );
    let mut expected = input;
    expected.extend_from_slice(b"after the big one\n\nno newline at the end\n");
    check_frames(&run, Format::Gzip, 512, &expected);
}

#[test]
fn empty_input_writes_no_frame() {
    let Some(exe) = pack_lines() else { return };
    let run = run(exe, "empty", b"", &["4096"]);
    assert_eq!(summary(&run), (0, 0, 0));
    assert!(run.frames.is_empty());
}

#[test]
fn reports_a_cap_below_the_minimum() {
    let Some(exe) = pack_lines() else { return };
    let out = Command::new(exe)
        .arg(scratch("cap-too-small"))
        .args(["19", "gzip"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("minimum of 20 bytes"), "{stderr}");
    assert!(stderr.contains("error -5"), "{stderr}");
}

#[test]
fn links_against_the_shared_library() {
    if pack_lines().is_none() {
        return;
    }
    let exe = compile(true);
    let input = fs::read(corpus("OpenStack_2k.log")).unwrap();
    let lines = lines_of(&input);
    let run = run(&exe, "openstack-dynamic", &input, &["16384", "gzip"]);
    let (_, records, skipped) = summary(&run);
    assert_eq!((records, skipped), (lines.len(), 0));
    check_frames(&run, Format::Gzip, 16384, &lines.concat());
}

/// The header alone is clean C89 and C++ (when a C++ compiler is installed).
#[test]
fn header_compiles_as_c89_and_cxx() {
    if pack_lines().is_none() {
        return;
    }
    let header = Path::new(MANIFEST_DIR).join("include/fitflate.h");
    let mut compilers = vec![(cc(), "c", "-std=c89")];
    let cxx = env::var("CXX").unwrap_or_else(|_| "c++".to_string());
    if have(&cxx) {
        compilers.push((cxx, "c++", "-std=c++11"));
    }
    for (compiler, lang, std) in compilers {
        let out = Command::new(&compiler)
            .args([
                "-fsyntax-only",
                "-Wall",
                "-Wextra",
                "-pedantic",
                "-Werror",
                std,
                "-x",
                lang,
            ])
            .arg(&header)
            .output()
            .expect("run the compiler");
        check_output(&format!("{compiler} -x {lang} {std} fitflate.h"), &out);
    }
}
