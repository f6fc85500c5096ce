//! The `fitflate` command: `compress`, `pack` and `verify`.
//!
//! Exit codes: 0 success, 1 failure (I/O, a record that fits no frame, a bad frame), 2 usage
//! error (bad arguments, a cap below the format's minimum).

mod cli;

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use cli::{Cli, Command, CompressArgs, PackArgs, StatsFormat, VerifyArgs};
use fitflate::{
    Compressor, FrameBuilder, LineRecords, OversizedPolicy, PackError, PackTotals, PackedFrame,
    Packer, Pushed, VerifyOptions,
};

/// A failure, with the exit code it maps to.
enum Failure {
    /// Bad arguments: exit code 2.
    Usage(String),
    /// Anything else: exit code 1.
    Failed(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Compress(args) => compress(args),
        Command::Pack(args) => pack(args),
        Command::Verify(args) => verify(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("fitflate: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(msg)) => {
            eprintln!("fitflate: {msg}");
            ExitCode::from(1)
        }
    }
}

/// The display name of an input: `-` and the empty path are stdin.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn display(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// The inputs to read: the files given, or stdin.
fn inputs(files: &[PathBuf]) -> Vec<PathBuf> {
    if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files.to_vec()
    }
}

/// Open an input for buffered reading; the error names the path.
fn open(path: &Path) -> Result<Box<dyn BufRead>, Failure> {
    if is_stdin(path) {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    let file = File::open(path)
        .map_err(|e| Failure::Failed(format!("cannot open {}: {e}", path.display())))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

fn compress(args: CompressArgs) -> Result<(), Failure> {
    let level = args.level.level();
    // Level 10: the whole input at once through the near-optimal encoder.
    let mut whole = (level == fitflate::MAX_FRAME_LEVEL).then(Vec::new);
    let mut stream = Compressor::new(args.format, level.min(fitflate::MAX_LEVEL))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let mut buf = vec![0u8; 1 << 16];
    for path in inputs(&args.files) {
        let mut input = open(&path)?;
        loop {
            let n = match input.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Failure::Failed(format!("reading {}: {e}", display(&path)))),
            };
            match whole.as_mut() {
                Some(all) if all.len() + n <= fitflate::frame::MAX_OPTIMAL_PAYLOAD => {
                    all.extend_from_slice(&buf[..n])
                }
                Some(all) => {
                    // Too large to hold and encode near-optimally: continue at level 9.
                    eprintln!(
                        "fitflate: input above {} MiB: level 10 continues as level 9",
                        fitflate::frame::MAX_OPTIMAL_PAYLOAD >> 20
                    );
                    stream.append(all);
                    stream.append(&buf[..n]);
                    whole = None;
                }
                None => stream.append(&buf[..n]),
            }
        }
    }
    let out = match whole {
        Some(all) => fitflate::stream::compress_optimal_in(args.format, 0, &all),
        None => stream.finish(),
    };
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::Failed(format!("writing stdout: {e}")))
}

fn pack(args: PackArgs) -> Result<(), Failure> {
    let level = args.level.level();
    let builder = FrameBuilder::new(args.cap)
        .format(args.format)
        .level(level)
        .delimiter(args.delimiter.0.clone())
        .squeeze(args.squeeze);
    // Bad settings (a cap below the format's minimum) are refused before any input is read.
    builder
        .validate()
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let policy = if args.skip_oversized {
        OversizedPolicy::Skip
    } else {
        OversizedPolicy::Error
    };
    let mut packer = Packer::new(builder)
        .map_err(|e| Failure::Usage(e.to_string()))?
        .oversized(policy);

    let out_dir = &args.out_dir;
    fs::create_dir_all(out_dir).map_err(|e| {
        Failure::Failed(format!(
            "cannot create directory {}: {e}",
            out_dir.display()
        ))
    })?;
    let ext = args.format.extension();
    let write = |frame: &PackedFrame| write_frame(out_dir, ext, frame);

    let start = Instant::now();
    let files = inputs(&args.files);
    let total_len = files
        .iter()
        .map(|p| fs::metadata(p).map(|m| m.len()).ok())
        .sum::<Option<u64>>();
    let mut progress = Progress::new(total_len);
    let mut bytes_in = 0u64;
    for path in &files {
        let mut lines = LineRecords::new(open(path)?);
        let mut line_no = 0u64;
        loop {
            let record = match lines.next_record() {
                Ok(Some(record)) => record,
                Ok(None) => break,
                Err(e) => return Err(Failure::Failed(format!("reading {}: {e}", display(path)))),
            };
            line_no += 1;
            match packer.push(record) {
                Ok(Pushed::Added) => {}
                Ok(Pushed::Completed(frame)) => write(&frame)?,
                Ok(Pushed::Skipped(skip)) => eprintln!(
                    "fitflate: skipped {} line {line_no} ({} bytes): {}",
                    display(path),
                    skip.len,
                    skip.reason
                ),
                Err(PackError::Oversized { reason, .. }) => {
                    return Err(Failure::Failed(format!(
                        "{} line {line_no}: {reason} (--skip-oversized leaves such records out)",
                        display(path)
                    )))
                }
                Err(e) => return Err(Failure::Failed(format!("{}: {e}", display(path)))),
            }
            if line_no & 0x3ff == 0 {
                progress.update(bytes_in + lines.bytes_read());
            }
        }
        bytes_in += lines.bytes_read();
    }
    let (last, totals) = packer.finish();
    if let Some(frame) = &last {
        write(frame)?;
    }
    progress.done();
    remove_stale_frames(out_dir, ext, totals.frames);

    let elapsed = start.elapsed();
    let summary = Summary {
        args: &args,
        level,
        totals: &totals,
        bytes_in,
        elapsed,
    };
    match args.stats {
        StatsFormat::Table => print!("{}", summary.table()),
        StatsFormat::Json => {
            eprint!("{}", summary.table());
            println!("{}", summary.json());
        }
    }
    Ok(())
}

/// The file name of frame `index`: six digits (more when needed) and the format's extension.
fn frame_name(index: u64, ext: &str) -> String {
    format!("{index:06}.{ext}")
}

/// Write a frame atomically: into a temporary file in the same directory, synced, then renamed
/// over its final name, so that a crash never leaves a partial frame under a frame's name.
fn write_frame(dir: &Path, ext: &str, frame: &PackedFrame) -> Result<(), Failure> {
    let name = frame_name(frame.stats.index, ext);
    let path = dir.join(&name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(&frame.bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, &path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Failure::Failed(format!("writing {}: {e}", path.display()))
    })
}

/// Remove frames numbered `frames` and up (with this extension) left in `dir` by an earlier,
/// longer run, so the directory holds exactly this run's frames.
fn remove_stale_frames(dir: &Path, ext: &str, frames: u64) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut removed = 0u64;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(stem) = name.strip_suffix(ext).and_then(|s| s.strip_suffix('.')) else {
            continue;
        };
        if stem.len() < 6 || !stem.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if stem.parse::<u64>().is_ok_and(|n| n >= frames) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        eprintln!(
            "fitflate: removed {removed} stale frame(s) of an earlier run from {}",
            dir.display()
        );
    }
}

/// A progress bar on stderr, shown only when stderr is a terminal and the input takes longer
/// than a moment.
struct Progress {
    start: Instant,
    total: Option<u64>,
    enabled: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Inputs shorter than this never show a bar.
    const DELAY: Duration = Duration::from_millis(500);

    fn new(total: Option<u64>) -> Self {
        Progress {
            start: Instant::now(),
            total,
            enabled: io::stderr().is_terminal(),
            bar: None,
        }
    }

    fn update(&mut self, bytes: u64) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() >= Self::DELAY {
            let bar = match self.total {
                Some(total) => ProgressBar::new(total).with_style(
                    ProgressStyle::with_template(
                        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
                None => ProgressBar::new_spinner().with_style(
                    ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                ),
            };
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
        }
    }

    fn done(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// What `pack` reports.
struct Summary<'a> {
    args: &'a PackArgs,
    level: u32,
    totals: &'a PackTotals,
    bytes_in: u64,
    elapsed: Duration,
}

impl Summary<'_> {
    fn seconds(&self) -> f64 {
        self.elapsed.as_secs_f64().max(1e-9)
    }

    fn records_per_second(&self) -> f64 {
        (self.totals.records + self.totals.skipped_records) as f64 / self.seconds()
    }

    /// Input megabytes (10^6 bytes) per second.
    fn mb_per_second(&self) -> f64 {
        self.bytes_in as f64 / 1e6 / self.seconds()
    }

    fn table(&self) -> String {
        let t = self.totals;
        let pct = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{:.2}%", v * 100.0));
        let rows: Vec<(&str, String)> = vec![
            ("frames", t.frames.to_string()),
            ("full frames", t.full_frames.to_string()),
            ("records", t.records.to_string()),
            ("skipped records", t.skipped_records.to_string()),
            ("payload bytes", t.payload_bytes.to_string()),
            ("frame bytes", t.frame_bytes.to_string()),
            ("mean fill (full)", pct(t.mean_fill_full())),
            ("mean fill (all)", pct(t.mean_fill_all())),
            (
                "ratio",
                t.ratio().map_or("-".to_string(), |r| format!("{r:.3}")),
            ),
            ("records/s", format!("{:.0}", self.records_per_second())),
            ("MB/s", format!("{:.2}", self.mb_per_second())),
        ];
        let mut out = format!(
            "fitflate pack: cap {} bytes, {}, level {}, into {}\n",
            t.cap,
            self.args.format,
            self.level,
            self.args.out_dir.display()
        );
        for (name, value) in rows {
            out.push_str(&format!("  {name:<18}{value:>14}\n"));
        }
        out
    }

    fn json(&self) -> String {
        let t = self.totals;
        serde_json::json!({
            "cap": t.cap,
            "format": self.args.format.name(),
            "level": self.level,
            "out_dir": self.args.out_dir.display().to_string(),
            "frames": t.frames,
            "full_frames": t.full_frames,
            "records": t.records,
            "skipped_records": t.skipped_records,
            "skipped_bytes": t.skipped_bytes,
            "payload_bytes": t.payload_bytes,
            "frame_bytes": t.frame_bytes,
            "input_bytes": self.bytes_in,
            "mean_fill_full": t.mean_fill_full(),
            "mean_fill_all": t.mean_fill_all(),
            "ratio": t.ratio(),
            "seconds": self.elapsed.as_secs_f64(),
            "records_per_second": self.records_per_second(),
            "mb_per_second": self.mb_per_second(),
        })
        .to_string()
    }
}

fn verify(args: VerifyArgs) -> Result<(), Failure> {
    let mut bad = 0usize;
    for path in &args.files {
        let format = args
            .format
            .or_else(|| cli::format_from_extension(path))
            .unwrap_or_default();
        let options = VerifyOptions {
            format,
            cap: args.cap,
            delimiter: args.delimiter.0.clone(),
        };
        let result = fs::read(path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|bytes| fitflate::verify_frame(&bytes, &options).map_err(|e| e.to_string()));
        match result {
            Ok(report) => {
                let records = report
                    .records
                    .map_or("? records".to_string(), |n| format!("{n} records"));
                let fill = args.cap.map_or(String::new(), |cap| {
                    format!(
                        ", fill {:.2}%",
                        report.frame_bytes as f64 * 100.0 / cap as f64
                    )
                });
                println!(
                    "{}: {records}, {} payload bytes, {} frame bytes ({format}){fill}",
                    path.display(),
                    report.payload_bytes,
                    report.frame_bytes
                );
            }
            Err(msg) => {
                bad += 1;
                eprintln!("fitflate: verify: {}: {msg}", path.display());
            }
        }
    }
    if bad > 0 {
        return Err(Failure::Failed(format!(
            "{bad} of {} frame(s) failed verification",
            args.files.len()
        )));
    }
    Ok(())
}
