//! The `fitflate` command: `compress`, `decompress`, `pack`, `unpack` and `verify`.
//!
//! Exit codes: 0 success (also when the reader of stdout closes the pipe early), 1 failure
//! (I/O, a record that fits no frame, a bad frame), 2 usage error (bad arguments, a cap below
//! the format's minimum).

mod cli;

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use cli::{
    Cli, Command, CompressArgs, DecompressArgs, InputFormat, PackArgs, StatsFormat, UnpackArgs,
    VerifyArgs,
};
use fitflate::{
    Compressor, FrameBuilder, Level, LineRecords, OversizedPolicy, PackError, PackTotals,
    PackedFrame, Packer, Pushed,
};

/// A failure, with the exit code it maps to.
enum Failure {
    /// Bad arguments: exit code 2.
    Usage(String),
    /// Anything else: exit code 1.
    Failed(String),
    /// The reader of stdout closed the pipe: stop quietly, exit code 0 (gzip and the other
    /// filters stop without a word when `| head` has what it wants).
    Closed,
}

/// The failure of a write to `what`: quiet when the reader closed the pipe.
fn write_failure(what: &str, e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Failed(format!("writing {what}: {e}"))
    }
}

/// A multi-digit flag such as `-12`, which clap would read as `-1 -2`: say what the level
/// flags are instead.
fn bad_level_flag() -> Option<String> {
    std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .filter_map(|a| a.into_string().ok())
        .find(|a| a.len() > 2 && a.starts_with('-') && a[1..].bytes().all(|b| b.is_ascii_digit()))
        .map(|flag| {
            format!(
                "{flag} is not a level: the level flags are -0 ... -9 (as in gzip), and \
                 --level 10 is the strongest (see --help)"
            )
        })
}

fn main() -> ExitCode {
    if let Some(msg) = bad_level_flag() {
        eprintln!("fitflate: {msg}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Compress(args) => compress(args),
        Command::Decompress(args) => decompress(args),
        Command::Pack(args) => pack(args),
        Command::Unpack(args) => unpack(args),
        Command::Verify(args) => verify(args),
    };
    match result {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
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

/// Read a whole input; the error names the path.
fn read_all(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Failed(format!("reading {}: {e}", display(path))))?;
    Ok(bytes)
}

/// The format to read `path` in: the one named, else (auto) raw for a `.deflate` file name and
/// detection from the bytes for anything else.
fn read_format(format: InputFormat, path: &Path) -> Option<fitflate::Format> {
    format.0.or_else(|| {
        (cli::format_from_extension(path) == Some(fitflate::Format::Raw))
            .then_some(fitflate::Format::Raw)
    })
}

fn decompress(args: DecompressArgs) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    let mut bad = 0usize;
    let files = inputs(&args.files);
    for path in &files {
        let bytes = match read_all(path) {
            Ok(bytes) => bytes,
            Err(Failure::Failed(msg)) => {
                bad += 1;
                eprintln!("fitflate: {msg}");
                continue;
            }
            Err(other) => return Err(other),
        };
        let format = read_format(args.format, path);
        if let Err(e) = fitflate::read::decompress(&bytes, format, &mut stdout) {
            match e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<fitflate::VerifyError>())
            {
                Some(bad_data) => {
                    bad += 1;
                    eprintln!("fitflate: {}: {bad_data}", display(path));
                }
                None => return Err(write_failure("stdout", e)),
            }
        }
    }
    stdout.flush().map_err(|e| write_failure("stdout", e))?;
    if bad > 0 {
        return Err(Failure::Failed(format!(
            "{bad} of {} input(s) could not be decompressed",
            files.len()
        )));
    }
    Ok(())
}

/// The frame files of `paths`: files as given, directories replaced by the frames in them
/// (files named with a format's extension, not hidden), in name order.
fn frame_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let entries = fs::read_dir(path).map_err(|e| {
            Failure::Failed(format!("cannot read directory {}: {e}", path.display()))
        })?;
        let mut frames: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && cli::format_from_extension(p).is_some()
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        if frames.is_empty() {
            return Err(Failure::Failed(format!(
                "no frames (.gz, .zz, .deflate, .lgz files) in {}",
                path.display()
            )));
        }
        frames.sort();
        out.extend(frames);
    }
    Ok(out)
}

fn unpack(args: UnpackArgs) -> Result<(), Failure> {
    let delimiter = args.delimiter();
    let files = frame_files(&inputs(&args.files))?;
    let (mut out, out_name): (Box<dyn Write>, String) = match &args.out {
        Some(path) => {
            let file = File::create(path)
                .map_err(|e| Failure::Failed(format!("cannot create {}: {e}", path.display())))?;
            (
                Box::new(io::BufWriter::with_capacity(1 << 16, file)),
                path.display().to_string(),
            )
        }
        None => (
            Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout().lock())),
            "stdout".to_string(),
        ),
    };
    let mut bad = 0usize;
    for path in &files {
        let result = read_all(path).and_then(|bytes| {
            if let Some(cap) = args.cap {
                if bytes.len() as u64 > cap {
                    let e = fitflate::VerifyError::OverCap {
                        size: bytes.len() as u64,
                        cap,
                    };
                    return Err(Failure::Failed(format!("{}: {e}", display(path))));
                }
            }
            fitflate::unpack(&bytes, read_format(args.format, path), &delimiter)
                .map_err(|e| Failure::Failed(format!("{}: {e}", display(path))))
        });
        match result {
            Ok(records) => out
                .write_all(records.payload())
                .map_err(|e| write_failure(&out_name, e))?,
            Err(Failure::Failed(msg)) => {
                bad += 1;
                eprintln!("fitflate: unpack: {msg}");
            }
            Err(other) => return Err(other),
        }
    }
    out.flush().map_err(|e| write_failure(&out_name, e))?;
    if bad > 0 {
        return Err(Failure::Failed(format!(
            "{bad} of {} frame(s) could not be unpacked; the records of the others were written",
            files.len()
        )));
    }
    Ok(())
}

fn compress(args: CompressArgs) -> Result<(), Failure> {
    if args.decompress {
        if args.level.given() {
            return Err(Failure::Usage(
                "a level applies to compression, not to -d".into(),
            ));
        }
        return decompress(DecompressArgs {
            format: args.format.unwrap_or(InputFormat(None)),
            to_stdout: true,
            files: args.files,
        });
    }
    let format = match args.format {
        None => fitflate::Format::Gzip,
        Some(InputFormat(Some(format))) => format,
        Some(InputFormat(None)) => {
            return Err(Failure::Usage(
                "--format auto is for reading (-d); name the format to compress into".into(),
            ))
        }
    };
    let level = args.level.level();
    // Level 10: the whole input at once through the near-optimal encoder.
    let mut whole = level.is_strongest().then(Vec::new);
    // ... and past MAX_OPTIMAL_PAYLOAD, level 9 streaming.
    let streaming = if level.is_strongest() {
        Level::new(9).expect("9 is a level")
    } else {
        level
    };
    let mut stream = Compressor::new(format, streaming);
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
        Some(all) => fitflate::stream::compress_optimal_in(format, 0, &all),
        None => stream.finish(),
    };
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .map_err(|e| write_failure("stdout", e))
}

/// Where a record is in the input: which file (index into the inputs) and which record of it,
/// from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    file: usize,
    record: u64,
}

/// Why `pack` stopped early.
struct Stop {
    /// The first input record no written frame holds: where a new run resumes.
    resume: Position,
    /// What happened.
    reason: String,
    /// True when the reason is a usage error (exit code 2), not a failure.
    usage: bool,
}

/// Where `pack` is: the input positions of the frames written and of the open frame.
struct Tracker<'a> {
    files: &'a [PathBuf],
    /// "line" or "record" (with -z).
    unit: &'static str,
    out_dir: &'a Path,
    ext: &'static str,
    synchronous: bool,
    /// First and last record held by the frames written so far.
    written: Option<(Position, Position)>,
    frames_written: u64,
    records_written: u64,
    /// A frame could not be written.
    write_failed: bool,
    /// First and last record of the open frame.
    open: Option<(Position, Position)>,
}

impl Tracker<'_> {
    fn name(&self, file: usize) -> String {
        display(&self.files[file])
    }

    /// A record went into the open frame.
    fn added(&mut self, at: Position) {
        self.open = Some(match self.open {
            Some((first, _)) => (first, at),
            None => (at, at),
        });
    }

    /// Write a finished frame holding the open frame's records; on failure, the stop to report.
    fn write(&mut self, frame: &PackedFrame) -> Result<(), Stop> {
        let held = self.open.take();
        if let Err(msg) = write_frame(self.out_dir, self.ext, frame, self.synchronous) {
            self.write_failed = true;
            let resume = held.map_or(Position { file: 0, record: 1 }, |(first, _)| first);
            return Err(Stop {
                resume,
                reason: msg,
                usage: false,
            });
        }
        self.frames_written += 1;
        self.records_written += frame.stats.records;
        if let Some((first, last)) = held {
            self.written = Some(match self.written {
                Some((start, _)) => (start, last),
                None => (first, last),
            });
        }
        Ok(())
    }

    /// "lines 1-1578 of FILE", or "FILE_A line 3 to FILE_B line 578" across files.
    fn span(&self, first: Position, last: Position) -> String {
        if first.file == last.file {
            format!(
                "{}s {}-{} of {}",
                self.unit,
                first.record,
                last.record,
                self.name(first.file)
            )
        } else {
            format!(
                "{} {} {} to {} {} {}",
                self.name(first.file),
                self.unit,
                first.record,
                self.name(last.file),
                self.unit,
                last.record
            )
        }
    }

    /// What the finished frames hold: "frames 000000-000050 hold lines 1-1578 of FILE".
    fn held(&self) -> String {
        match (self.frames_written, self.written) {
            (0, _) => "no frame was written".to_string(),
            (1, Some((first, last))) => format!(
                "frame {:06}.{} holds {}",
                0,
                self.ext,
                self.span(first, last)
            ),
            (n, Some((first, last))) => format!(
                "frames {:06}-{:06}.{} hold {}",
                0,
                n - 1,
                self.ext,
                self.span(first, last)
            ),
            (n, None) => format!("{n} frame(s) were written"),
        }
    }

    /// The stop report: what the frames hold and where it stopped.
    fn stop_message(&self, stop: &Stop) -> String {
        format!(
            "{}; stopped at {} {} of {}: {}",
            self.held(),
            self.unit,
            stop.resume.record,
            self.name(stop.resume.file),
            stop.reason
        )
    }

    fn position_json(&self, at: Position) -> serde_json::Value {
        serde_json::json!({ "file": self.name(at.file), self.unit: at.record })
    }

    /// The positions as JSON, for `--stats json`.
    fn json(&self, stop: Option<&Stop>) -> serde_json::Value {
        serde_json::json!({
            "frames_written": self.frames_written,
            "first": self.written.map(|(first, _)| self.position_json(first)),
            "last": self.written.map(|(_, last)| self.position_json(last)),
            "stopped_at": stop.map(|s| self.position_json(s.resume)),
            "error": stop.map(|s| s.reason.clone()),
        })
    }
}

fn pack(args: PackArgs) -> Result<(), Failure> {
    let level = args.level.level();
    let builder = FrameBuilder::new(args.cap)
        .format(args.format)
        .level(level)
        .delimiter(args.delimiter())
        .squeeze(args.squeeze)
        .max_payload(args.max_payload)
        .max_records(args.max_records);
    // Bad settings (a cap below the format's minimum, a limit of 0) are refused before any input is read.
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

    let start = Instant::now();
    let files = inputs(&args.files);
    let total_len = files
        .iter()
        .map(|p| fs::metadata(p).map(|m| m.len()).ok())
        .sum::<Option<u64>>();
    let mut progress = Progress::new(total_len);
    let mut bytes_in = 0u64;
    let mut tracker = Tracker {
        files: &files,
        unit: if args.null { "record" } else { "line" },
        out_dir,
        ext,
        synchronous: args.synchronous,
        written: None,
        frames_written: 0,
        records_written: 0,
        write_failed: false,
        open: None,
    };
    let mut stop: Option<Stop> = None;
    for (file, path) in files.iter().enumerate() {
        let input = match open(path) {
            Ok(input) => input,
            Err(Failure::Failed(msg)) | Err(Failure::Usage(msg)) => {
                stop = Some(Stop {
                    resume: Position { file, record: 1 },
                    reason: msg,
                    usage: false,
                });
                break;
            }
            Err(Failure::Closed) => return Err(Failure::Closed),
        };
        let mut lines = if args.null {
            LineRecords::null_separated(input)
        } else {
            LineRecords::new(input).keep_cr(args.keep_cr)
        };
        let mut record_no = 0u64;
        loop {
            let at = Position {
                file,
                record: record_no + 1,
            };
            let record = match lines.next_record() {
                Ok(Some(record)) => record,
                Ok(None) => break,
                Err(e) => {
                    stop = Some(Stop {
                        resume: at,
                        reason: format!("reading {}: {e}", display(path)),
                        usage: false,
                    });
                    break;
                }
            };
            record_no += 1;
            match packer.push(record) {
                Ok(Pushed::Added) => tracker.added(at),
                Ok(Pushed::Completed(frame)) => {
                    if let Err(s) = tracker.write(&frame) {
                        stop = Some(s);
                        break;
                    }
                    tracker.added(at);
                }
                Ok(Pushed::Skipped(skip)) => eprintln!(
                    "fitflate: skipped {} {} {} ({} bytes): {}",
                    display(path),
                    tracker.unit,
                    at.record,
                    skip.len,
                    skip.reason
                ),
                Err(PackError::Oversized { reason, .. }) => {
                    stop = Some(Stop {
                        resume: at,
                        reason: format!("{reason} (--skip-oversized leaves such records out)"),
                        usage: false,
                    });
                    break;
                }
                Err(e) => {
                    stop = Some(Stop {
                        resume: at,
                        reason: e.to_string(),
                        usage: matches!(e, PackError::Settings(_)),
                    });
                    break;
                }
            }
            if record_no & 0x3ff == 0 {
                progress.update(bytes_in + lines.bytes_read());
            }
        }
        bytes_in += lines.bytes_read();
        if lines.cr_stripped() > 0 {
            eprintln!(
                "fitflate: note: {} line(s) of {} end in CRLF; the records leave out the \\r \
                 (--keep-cr keeps it, for a byte-exact round trip)",
                lines.cr_stripped(),
                display(path)
            );
        }
        if stop.is_some() {
            break;
        }
    }
    // The open frame is finished and written whatever stopped the run (unless writing is what
    // failed): it is a whole frame, and its records need not be packed again.
    let (last, totals) = packer.finish();
    if let (Some(frame), false) = (&last, tracker.write_failed) {
        if let Err(failed) = tracker.write(frame) {
            // The records of this frame come before whatever stopped the run: resume there.
            stop = Some(match stop.take() {
                None => failed,
                Some(earlier) => Stop {
                    reason: format!(
                        "{}; then at {} {} of {}: {}",
                        failed.reason,
                        tracker.unit,
                        earlier.resume.record,
                        tracker.name(earlier.resume.file),
                        earlier.reason
                    ),
                    ..failed
                },
            });
        }
    }
    progress.done();
    remove_stale_frames(out_dir, ext, tracker.frames_written);

    let elapsed = start.elapsed();
    let summary = Summary {
        args: &args,
        level,
        totals: &totals,
        bytes_in,
        elapsed,
    };
    let mut stdout = io::stdout().lock();
    if let Some(stop) = &stop {
        let message = tracker.stop_message(stop);
        if args.stats == StatsFormat::Json {
            let mut json = summary.json();
            json["complete"] = serde_json::Value::Bool(false);
            json["frames"] = tracker.frames_written.into();
            json["records"] = tracker.records_written.into();
            json["input"] = tracker.json(Some(stop));
            writeln!(stdout, "{json}").map_err(|e| write_failure("stdout", e))?;
        }
        return Err(if stop.usage {
            Failure::Usage(message)
        } else {
            Failure::Failed(message)
        });
    }
    match args.stats {
        StatsFormat::Table => write!(stdout, "{}", summary.table()),
        StatsFormat::Json => {
            eprint!("{}", summary.table());
            let mut json = summary.json();
            json["complete"] = serde_json::Value::Bool(true);
            json["input"] = tracker.json(None);
            writeln!(stdout, "{json}")
        }
    }
    .and_then(|()| stdout.flush())
    .map_err(|e| write_failure("stdout", e))
}

/// The file name of frame `index`: six digits (more when needed) and the format's extension.
fn frame_name(index: u64, ext: &str) -> String {
    format!("{index:06}.{ext}")
}

/// Write a frame atomically: into a temporary file in the same directory, then renamed over its
/// final name, so that no partial frame ever appears under a frame's name. Like gzip, no fsync by
/// default (the checksums catch damage); `synchronous` syncs the file before the rename and the
/// directory after it, so that a frame that has its name is on disk.
fn write_frame(
    dir: &Path,
    ext: &str,
    frame: &PackedFrame,
    synchronous: bool,
) -> Result<(), String> {
    let name = frame_name(frame.stats.index, ext);
    let path = dir.join(&name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(&frame.bytes)?;
        if synchronous {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, &path)?;
        if synchronous {
            File::open(dir)?.sync_all()?;
        }
        Ok::<(), io::Error>(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("writing {}: {e}", path.display())
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
    level: Level,
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
        let mut limits = String::new();
        if let Some(max) = self.args.max_payload {
            limits.push_str(&format!(", payload at most {max} bytes"));
        }
        if let Some(max) = self.args.max_records {
            limits.push_str(&format!(", at most {max} records"));
        }
        let mut out = format!(
            "fitflate pack: cap {} bytes{limits}, {}, level {}, into {}\n",
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

    fn json(&self) -> serde_json::Value {
        let t = self.totals;
        serde_json::json!({
            "cap": t.cap,
            "max_payload": self.args.max_payload,
            "max_records": self.args.max_records,
            "format": self.args.format.name(),
            "level": self.level.get(),
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
    }
}

fn verify(args: VerifyArgs) -> Result<(), Failure> {
    let files = frame_files(&args.files)?;
    let mut stdout = io::stdout().lock();
    let mut bad = 0usize;
    let (mut frames, mut records, mut payload, mut frame_bytes) = (0u64, 0u64, 0u64, 0u64);
    let mut records_known = true;
    for path in &files {
        // The format named, else the file name's, else detected from the bytes.
        let format = match args.format {
            Some(InputFormat(named)) => named,
            None => cli::format_from_extension(path),
        };
        let result = fs::read(path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|bytes| {
                let size = bytes.len() as u64;
                match args.cap {
                    Some(cap) if size > cap => {
                        Err(fitflate::VerifyError::OverCap { size, cap }.to_string())
                    }
                    _ => fitflate::unpack(&bytes, format, &args.delimiter.0)
                        .map(|r| (r, size))
                        .map_err(|e| e.to_string()),
                }
            });
        match result {
            Ok((found, size)) => {
                frames += 1;
                payload += found.payload().len() as u64;
                frame_bytes += size;
                let count = if args.delimiter.0.is_empty() {
                    records_known = false;
                    "? records".to_string()
                } else {
                    records += found.len();
                    format!("{} records", found.len())
                };
                let fill = args.cap.map_or(String::new(), |cap| {
                    format!(", fill {:.2}%", size as f64 * 100.0 / cap as f64)
                });
                writeln!(
                    stdout,
                    "{}: {count}, {} payload bytes, {size} frame bytes ({}){fill}",
                    path.display(),
                    found.payload().len(),
                    found.format(),
                )
                .map_err(|e| write_failure("stdout", e))?;
            }
            Err(msg) => {
                bad += 1;
                eprintln!("fitflate: verify: {}: {msg}", path.display());
            }
        }
    }
    let records = if records_known {
        records.to_string()
    } else {
        "?".to_string()
    };
    let fill = match args.cap {
        Some(cap) if frames > 0 => format!(
            "mean fill {:.2}% of the cap of {cap} bytes",
            frame_bytes as f64 * 100.0 / (frames * cap) as f64
        ),
        Some(cap) => format!("cap {cap} bytes"),
        None => "no cap checked".to_string(),
    };
    writeln!(
        stdout,
        "verified {frames} of {} frame(s): {records} records, {payload} payload bytes, \
         {frame_bytes} frame bytes, {fill}; {bad} failure(s)",
        files.len()
    )
    .and_then(|()| stdout.flush())
    .map_err(|e| write_failure("stdout", e))?;
    if args.cap.is_none() {
        eprintln!(
            "fitflate: verify: note: no --cap given, so frame sizes were not checked against one"
        );
    }
    if bad > 0 {
        return Err(Failure::Failed(format!(
            "{bad} of {} frame(s) failed verification",
            files.len()
        )));
    }
    Ok(())
}
