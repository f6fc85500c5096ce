//! Helpers of the command-line tests (`tests/cli_*.rs`): run the `fitflate` binary and look at
//! what it wrote.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};

use fitflate::Format;

use super::decode_both;

/// The `fitflate` binary, as cargo built it for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_fitflate");

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
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

/// Start the binary with `args`, its standard streams piped; the child and its stdin.
pub fn spawn(args: &[&str]) -> (Child, ChildStdin) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let input = child.stdin.take().unwrap();
    (child, input)
}

/// Write `data` to `input` on a thread of its own (so a child that writes much before it reads
/// everything cannot deadlock), then close it.
fn feed(mut input: ChildStdin, data: &[u8]) -> std::thread::JoinHandle<()> {
    let data = data.to_vec();
    std::thread::spawn(move || {
        let _ = input.write_all(&data);
    })
}

/// Run the binary with `args`, `stdin` written to it; its exit status and output.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let (child, input) = spawn(args);
    let writer = feed(input, stdin);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Run the binary and check that it succeeded; its output.
pub fn run_ok(args: &[&str], stdin: &[u8]) -> Output {
    let out = run(args, stdin);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

/// Run the binary and check that it exits with `code`; its output.
pub fn run_exits(args: &[&str], stdin: &[u8], code: i32) -> Output {
    let out = run(args, stdin);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
    out
}

/// Run with stdout read for `keep` bytes and then closed, as `| head -c keep` does.
pub fn run_closed_early(args: &[&str], stdin: &[u8], keep: usize) -> Output {
    use std::io::Read;
    let (mut child, input) = spawn(args);
    let writer = feed(input, stdin);
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0u8; keep];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// What the binary wrote to stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The line a stopped `pack` says to resume from (its `; stopped at line N ` report).
pub fn resume_line(msg: &str) -> usize {
    msg.split("; stopped at line ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a resume line in: {msg}"))
}

/// The files in `dir`, in name order.
pub fn frames_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// The payloads of `frames`, decoded by every inflater and concatenated; `check` sees each
/// frame's bytes and payload first.
pub fn payload_of(
    frames: &[PathBuf],
    format: Format,
    mut check: impl FnMut(&[u8], &[u8]),
) -> Vec<u8> {
    let mut payload = Vec::new();
    for f in frames {
        let bytes = std::fs::read(f).unwrap();
        let p = decode_both(&bytes, format);
        check(&bytes, &p);
        payload.extend(p);
    }
    payload
}

/// The payloads of the frames in `dir`, concatenated.
pub fn payload_in(dir: &Path, format: Format) -> Vec<u8> {
    payload_of(&frames_in(dir), format, |_, _| {})
}

/// Whether a `gzip` command is installed.
pub fn gzip_available() -> bool {
    Command::new("gzip")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Pack `log` into `dir` with `args`; panics on failure.
pub fn pack_into(dir: &Path, log: &Path, args: &[&str]) {
    let mut all = vec!["pack", "--out-dir", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    all.push(log.to_str().unwrap());
    let out = run(&all, b"");
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The bundled HDFS log (its lines end in CRLF).
pub fn hdfs_log() -> PathBuf {
    super::corpus_logs()
        .into_iter()
        .find(|p| p.ends_with("HDFS_2k.log"))
        .unwrap()
}
