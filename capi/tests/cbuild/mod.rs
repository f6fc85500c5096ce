//! Building C programs against the library in the tests that compile C (`c_example.rs`,
//! `c_dictionary.rs`): the compiler, the library this test run built, scratch directories.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::{env, fs};

pub const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

pub fn corpus(name: &str) -> PathBuf {
    Path::new(MANIFEST_DIR).join("../corpus/loghub").join(name)
}

pub fn cc() -> String {
    env::var("CC").unwrap_or_else(|_| "cc".to_string())
}

pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The directory holding the library this test run built. `cargo test` writes the staticlib and
/// cdylib next to the test executable (`target/<profile>/deps`); `cargo build` uplifts them to
/// `target/<profile>`.
pub fn library_dir(file: &str) -> PathBuf {
    let exe = env::current_exe().expect("test executable path");
    let deps = exe
        .parent()
        .expect("test executable directory")
        .to_path_buf();
    let mut candidates = vec![deps.clone()];
    if let Some(profile_dir) = deps.parent() {
        candidates.push(profile_dir.to_path_buf());
    }
    if let Ok(target) = env::var("CARGO_TARGET_DIR") {
        candidates.push(Path::new(&target).join("debug"));
    }
    candidates.push(Path::new(MANIFEST_DIR).join("../target/debug"));
    candidates
        .iter()
        .find(|d| d.join(file).is_file())
        .unwrap_or_else(|| {
            panic!("{file} not found in any of {candidates:?}; run `cargo build -p fitflate-capi`")
        })
        .clone()
}

/// Remove scratch directories left by earlier runs whose process is gone.
pub fn remove_stale_scratch() {
    let Ok(entries) = fs::read_dir(env!("CARGO_TARGET_TMPDIR")) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("capi-c-example-"))
        else {
            continue;
        };
        if pid != std::process::id().to_string() && !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A fresh scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("capi-c-example-{}", std::process::id()))
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn check_output(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
