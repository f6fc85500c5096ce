//! `pack`: records into capped frame files, with the report of what the frames hold and where a
//! stopped run resumes (`tracker`), the frame files themselves (`files`), a progress bar
//! (`progress`) and the summary table or JSON (`summary`).

mod files;
mod progress;
mod summary;
mod tracker;

use std::fs;
use std::io::{self, Write};
use std::time::Instant;

use fitflate::{FrameBuilder, LineRecords, OversizedPolicy, PackError, Packer, Pushed};

use super::shared::{dictionary_for, display, inputs, open, write_failure, Failure};
use crate::cli::{PackArgs, StatsFormat};
use files::remove_stale_frames;
use progress::Progress;
use summary::Summary;
use tracker::{Position, Stop, Tracker};

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
        dict: dict.as_ref(),
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
