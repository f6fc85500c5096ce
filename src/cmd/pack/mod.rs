//! `pack`: records into capped frame files, with the inputs read on a thread of their own
//! (`reader`), the latency bound of `--flush-after` (`latency`), the report of what the frames
//! hold and where a stopped run resumes (`tracker`), the frame files themselves, written on a
//! thread of their own (`files`), or the command of `--filter` they go to (`filter`), a progress
//! bar (`progress`) and the summary table or JSON (`summary`).

mod files;
mod filter;
mod latency;
mod progress;
mod reader;
mod summary;
mod tracker;

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

use fitflate::{FrameBuilder, MatchAhead, OversizedPolicy, PackError, Packer, Pushed};

use super::shared::{dictionary_for, display, inputs, write_failure, Failure};
use crate::cli::{PackArgs, StatsFormat};
use files::remove_stale_frames;
use latency::Next;
use progress::Progress;
use reader::{Input, Split};
use summary::Summary;
use tracker::{Position, Stop, Tracker};

/// The smallest cap at which `--jobs` starts helper threads.
const MIN_JOBS_CAP: u64 = 64 << 10;

pub(crate) fn pack(args: PackArgs) -> Result<(), Failure> {
    let level = args.level.level();
    let dict = dictionary_for(args.dict.as_deref(), args.format)?;
    let builder = FrameBuilder::new(args.cap)
        .format(args.format)
        .level(level)
        .delimiter(args.delimiter())
        .squeeze(args.squeeze)
        .max_payload(args.max_payload)
        .max_records(args.max_records)
        .dictionary(dict.clone());
    if args.filter.as_deref().is_some_and(|c| c.trim().is_empty()) {
        return Err(Failure::Usage("--filter: the command is empty".into()));
    }
    // Bad settings (a cap below the format's minimum, a limit of 0) are refused before any input is read.
    builder
        .validate()
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let policy = if args.skip_oversized {
        OversizedPolicy::Skip
    } else {
        OversizedPolicy::Error
    };
    let jobs = match args.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    // Below 64 KiB caps a frame's own chains end close behind it, while a helper walks the
    // whole window: helpers measured slower there (see the paper's --jobs table).
    let ahead = (args.cap >= MIN_JOBS_CAP)
        .then(|| MatchAhead::new(&builder, jobs - 1))
        .flatten();
    let mut packer = Packer::new(builder)
        .map_err(|e| Failure::Usage(e.to_string()))?
        .oversized(policy);
    if let Some(ahead) = &ahead {
        packer = packer.match_ahead(ahead);
    }

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
    let mut tracker = Tracker::new(
        &files,
        if args.null { "record" } else { "line" },
        out_dir,
        ext,
        args.synchronous,
        args.filter.as_deref(),
    )
    .map_err(Failure::Failed)?;
    let split = Split {
        null: args.null,
        keep_cr: args.keep_cr,
    };
    let input = reader::spawn(files.clone(), split, ahead.as_ref().map(MatchAhead::feeder))
        .map_err(|e| Failure::Failed(format!("cannot start reading: {e}")))?;
    let mut stop: Option<Stop> = None;
    // The file being read, as far as its records are packed.
    let mut reading: Option<Reading> = None;
    let mut files_done = 0;
    // Frames finished by --flush-after before they were full.
    let mut flushed = 0u64;
    'input: loop {
        let received = match latency::next(&input, &packer, args.flush_after) {
            Next::Input(received) => Some(received),
            Next::Due => {
                if let Err(s) = finish_early(&mut packer, &mut tracker, &mut flushed) {
                    stop = Some(s);
                    break;
                }
                continue;
            }
            Next::Ended => None,
        };
        let Some(received) = received else {
            // The reader ends after the last file; before it, only by a fault of its own.
            if files_done < files.len() {
                stop = Some(Stop {
                    resume: reading.as_ref().map_or(
                        Position {
                            file: files_done,
                            record: 1,
                        },
                        |r| Position {
                            file: r.file,
                            record: r.records + 1,
                        },
                    ),
                    reason: "reading stopped unexpectedly".to_string(),
                    usage: false,
                });
            }
            break;
        };
        let batch = match received {
            Input::Batch(batch) => batch,
            Input::Done {
                file,
                records,
                bytes_read,
                cr_stripped,
                error,
            } => {
                reading = None;
                bytes_in += bytes_read;
                cr_note(&files[file], cr_stripped);
                if let Some(e) = error {
                    stop = Some(Stop {
                        resume: Position {
                            file,
                            record: records + 1,
                        },
                        reason: format!("reading {}: {e}", display(&files[file])),
                        usage: false,
                    });
                    break;
                }
                files_done += 1;
                continue;
            }
            Input::Unopened { file, reason } => {
                stop = Some(Stop {
                    resume: Position { file, record: 1 },
                    reason,
                    usage: false,
                });
                break;
            }
        };
        let file = batch.file;
        for record in batch.records() {
            let at = Position {
                file,
                record: record.number,
            };
            if latency::due(&packer, args.flush_after) {
                if let Err(s) = finish_early(&mut packer, &mut tracker, &mut flushed) {
                    stop = Some(s);
                    break 'input;
                }
            }
            reading = Some(Reading {
                file,
                records: record.number,
                bytes_read: record.bytes_read,
                cr_stripped: record.cr_stripped,
            });
            match packer.push(record.bytes) {
                Ok(Pushed::Added) => tracker.added(at),
                Ok(Pushed::Completed(frame)) => {
                    if let Err(s) = tracker.write(frame, Some(at)) {
                        stop = Some(s);
                        break 'input;
                    }
                    tracker.added(at);
                }
                Ok(Pushed::Skipped(skip)) => eprintln!(
                    "fitflate: skipped {} {} {} ({} bytes): {}",
                    display(&files[file]),
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
                    break 'input;
                }
                Err(e) => {
                    stop = Some(Stop {
                        resume: at,
                        reason: e.to_string(),
                        usage: matches!(e, PackError::Settings(_)),
                    });
                    break 'input;
                }
            }
            if record.number & 0x3ff == 0 {
                progress.update(bytes_in + record.bytes_read);
            }
        }
    }
    // Stopped inside a file: what was read of it counts.
    if let Some(r) = reading {
        bytes_in += r.bytes_read;
        cr_note(&files[r.file], r.cr_stripped);
    }
    // The open frame is finished and written whatever stopped the run (unless writing is what
    // failed): it is a whole frame, and its records need not be packed again.
    let (last, totals) = packer.finish();
    if let (Some(frame), false) = (last, tracker.write_failed) {
        if let Err(failed) = tracker.write(frame, stop.as_ref().map(|s| s.resume)) {
            stop = Some(earlier_first(&tracker, failed, stop.take()));
        }
    }
    // Every frame queued to the writer is on disk (or one failed: resume there).
    if let Err(failed) = tracker.finish() {
        stop = Some(earlier_first(&tracker, failed, stop.take()));
    }
    progress.done();
    // With --filter the directory is not the output: a frame saved there by an earlier run
    // holds records nothing else does.
    if args.filter.is_none() {
        remove_stale_frames(out_dir, ext, tracker.frames_written);
    }

    let elapsed = start.elapsed();
    let summary = Summary {
        args: &args,
        level,
        dict: dict.as_ref(),
        totals: &totals,
        bytes_in,
        elapsed,
        flushed,
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
        // With --filter, stdout is the commands' output.
        StatsFormat::Table if args.filter.is_some() => {
            eprint!("{}", summary.table());
            Ok(())
        }
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

/// The stop to report when delivering a frame `failed` after `earlier` stopped the run: the
/// frame's records come before whatever stopped it, so the run resumes at them.
fn earlier_first(tracker: &Tracker, failed: Stop, earlier: Option<Stop>) -> Stop {
    match earlier {
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
    }
}

/// Finish the open frame before it is full (`--flush-after`) and write it, if it holds any
/// record.
fn finish_early(packer: &mut Packer, tracker: &mut Tracker, flushed: &mut u64) -> Result<(), Stop> {
    match packer.finish_frame() {
        Some(frame) => {
            *flushed += 1;
            tracker.write(frame, None)
        }
        None => Ok(()),
    }
}

/// How far the file being read is packed.
struct Reading {
    file: usize,
    /// Records of it taken (or skipped) so far.
    records: u64,
    bytes_read: u64,
    cr_stripped: u64,
}

/// The note on a file whose CRLF line ends lost their `\r`.
fn cr_note(path: &Path, cr_stripped: u64) {
    if cr_stripped > 0 {
        eprintln!(
            "fitflate: note: {cr_stripped} line(s) of {} end in CRLF; the records leave out the \\r \
             (--keep-cr keeps it, for a byte-exact round trip)",
            display(path)
        );
    }
}
