//! Where `pack` is in its input: the records the written frames hold and those of the open
//! frame, so that a stopped run says what the frames hold and where a new run resumes; and
//! where the frames go: files in the output directory, or the command of `--filter` (a frame
//! the command fails on is saved as the file it would have been).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use fitflate::PackedFrame;

use super::files::{frame_path, write_frame, Writer};
use super::filter::run_filter;
use crate::cmd::shared::display;

/// Where a record is in the input: which file (index into the inputs) and which record of it,
/// from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Position {
    pub(super) file: usize,
    pub(super) record: u64,
}

/// Why `pack` stopped early.
pub(super) struct Stop {
    /// The first input record no written frame holds: where a new run resumes.
    pub(super) resume: Position,
    /// What happened.
    pub(super) reason: String,
    /// True when the reason is a usage error (exit code 2), not a failure.
    pub(super) usage: bool,
}

/// The frame the `--filter` command failed on, saved as the file it would have been.
struct Saved {
    index: u64,
    path: PathBuf,
    /// Its first and last record.
    first: Position,
    last: Position,
}

/// Where `pack` is: the input positions of the frames written and of the open frame.
pub(super) struct Tracker<'a> {
    files: &'a [PathBuf],
    /// "line" or "record" (with -z).
    pub(super) unit: &'static str,
    out_dir: &'a Path,
    ext: &'static str,
    synchronous: bool,
    /// `--filter`: the command each frame goes to, instead of a file.
    filter: Option<&'a str>,
    /// First and last record held by the frames delivered so far (written, or taken by the
    /// filter).
    delivered: Option<(Position, Position)>,
    /// The frame the filter failed on, saved.
    saved: Option<Saved>,
    /// Frames whose records are safe: delivered, or saved.
    pub(super) frames_written: u64,
    pub(super) records_written: u64,
    /// A frame could not be delivered: no more are.
    pub(super) write_failed: bool,
    /// First and last record of the open frame.
    open: Option<(Position, Position)>,
    /// Without a filter: the thread that writes the frame files, and the frames queued to it
    /// whose outcome is not known yet (their record counts and first and last records).
    writer: Option<Writer>,
    queued: VecDeque<(u64, Option<(Position, Position)>)>,
}

impl<'a> Tracker<'a> {
    /// Nothing written yet; frames go to files in `out_dir` with extension `ext`, or with a
    /// `filter` to its command.
    pub(super) fn new(
        files: &'a [PathBuf],
        unit: &'static str,
        out_dir: &'a Path,
        ext: &'static str,
        synchronous: bool,
        filter: Option<&'a str>,
    ) -> Result<Self, String> {
        let writer = match filter {
            None => Some(
                Writer::spawn(synchronous)
                    .map_err(|e| format!("cannot start writing frames: {e}"))?,
            ),
            Some(_) => None,
        };
        Ok(Tracker {
            files,
            unit,
            out_dir,
            ext,
            synchronous,
            filter,
            delivered: None,
            saved: None,
            frames_written: 0,
            records_written: 0,
            write_failed: false,
            open: None,
            writer,
            queued: VecDeque::new(),
        })
    }

    pub(super) fn name(&self, file: usize) -> String {
        display(&self.files[file])
    }

    /// A record went into the open frame.
    pub(super) fn added(&mut self, at: Position) {
        self.open = Some(match self.open {
            Some((first, _)) => (first, at),
            None => (at, at),
        });
    }

    /// Deliver a finished frame holding the open frame's records: write it (its bytes go to the
    /// writer thread as they are), or hand it to the filter. On failure, the stop to report,
    /// with `next` (the record after the frame, when known) as where to resume if the frame is
    /// saved all the same.
    pub(super) fn write(&mut self, frame: PackedFrame, next: Option<Position>) -> Result<(), Stop> {
        let held = self.open.take();
        let path = frame_path(self.out_dir, frame.stats.index, self.ext);
        let Some(command) = self.filter else {
            // A file: queued to the writer thread, after taking the outcomes known so far.
            self.collect(false)?;
            if let Some(writer) = &self.writer {
                self.queued.push_back((frame.stats.records, held));
                writer.write(path, frame.bytes);
            }
            return Ok(());
        };
        let Err(reason) = run_filter(command, &path, &frame) else {
            self.delivered(frame.stats.records, held);
            return Ok(());
        };
        self.write_failed = true;
        let first = held.map_or(Position { file: 0, record: 1 }, |(first, _)| first);
        // The filter failed: the frame is saved as the file it would have been, so its records
        // are not lost and need not be packed again.
        if let Err(also) = write_frame(&path, &frame.bytes, self.synchronous) {
            return Err(Stop {
                resume: first,
                reason: format!("{reason}; saving the frame failed too: {also}"),
                usage: false,
            });
        }
        self.count(frame.stats.records);
        let last = held.map_or(first, |(_, last)| last);
        self.saved = Some(Saved {
            index: frame.stats.index,
            path,
            first,
            last,
        });
        Err(Stop {
            resume: next.unwrap_or(Position {
                file: last.file,
                record: last.record + 1,
            }),
            reason,
            usage: false,
        })
    }

    fn count(&mut self, records: u64) {
        self.frames_written += 1;
        self.records_written += records;
    }

    /// A frame of `records` records, `held` the first and last of them, was delivered.
    fn delivered(&mut self, records: u64, held: Option<(Position, Position)>) {
        self.count(records);
        if let Some((first, last)) = held {
            self.delivered = Some(match self.delivered {
                Some((start, _)) => (start, last),
                None => (first, last),
            });
        }
    }

    /// Take the writer's outcomes for the queued frames, in order: those known already, or
    /// (`wait`) all of them. The first failure is the stop to report: resume at that frame's
    /// first record (the writer writes none after it).
    fn collect(&mut self, wait: bool) -> Result<(), Stop> {
        while !self.write_failed && !self.queued.is_empty() {
            let Some(outcome) = self.writer.as_ref().and_then(|w| w.next(wait)) else {
                break;
            };
            let Some((records, held)) = self.queued.pop_front() else {
                break;
            };
            match outcome {
                Ok(()) => self.delivered(records, held),
                Err(reason) => {
                    self.write_failed = true;
                    let first = held.map_or(Position { file: 0, record: 1 }, |(first, _)| first);
                    return Err(Stop {
                        resume: first,
                        reason,
                        usage: false,
                    });
                }
            }
        }
        Ok(())
    }

    /// Wait until every queued frame is written (or the first failure, the stop to report),
    /// and end the writer thread.
    pub(super) fn finish(&mut self) -> Result<(), Stop> {
        let result = self.collect(true);
        self.queued.clear();
        self.writer = None;
        result
    }

    /// First and last record of all frames whose records are safe (delivered or saved).
    fn written(&self) -> Option<(Position, Position)> {
        match (self.delivered, &self.saved) {
            (Some((first, _)), Some(saved)) => Some((first, saved.last)),
            (None, Some(saved)) => Some((saved.first, saved.last)),
            (delivered, None) => delivered,
        }
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

    /// What the finished frames hold: "frames 000000-000050.gz hold lines 1-1578 of FILE"; with
    /// a filter, which frames went to it and which one is saved.
    fn held(&self) -> String {
        if self.filter.is_some() {
            return self.held_by_filter();
        }
        match (self.frames_written, self.delivered) {
            (0, _) => "no frame was written".to_string(),
            (n, Some((first, last))) => {
                let verb = if n == 1 { "holds" } else { "hold" };
                format!("{} {verb} {}", self.first_frames(n), self.span(first, last))
            }
            (n, None) => format!("{n} frame(s) were written"),
        }
    }

    /// The first `n` frames (n >= 1) by name: "frame 000000.gz" or "frames 000000-000050.gz".
    fn first_frames(&self, n: u64) -> String {
        match n {
            1 => format!("frame {:06}.{}", 0, self.ext),
            n => format!("frames {:06}-{:06}.{}", 0, n - 1, self.ext),
        }
    }

    /// "frames 000000-000003.gz, holding lines 1-160 of FILE, went to the filter; frame
    /// 000004.gz, saved as DIR/000004.gz, holds lines 161-200 of FILE".
    fn held_by_filter(&self) -> String {
        let delivered = self.frames_written - u64::from(self.saved.is_some());
        let mut out = match (delivered, self.delivered) {
            (0, _) => "no frame went to the filter".to_string(),
            (n, Some((first, last))) => format!(
                "{}, holding {}, went to the filter",
                self.first_frames(n),
                self.span(first, last)
            ),
            (n, None) => format!("{n} frame(s) went to the filter"),
        };
        if let Some(saved) = &self.saved {
            out.push_str(&format!(
                "; frame {:06}.{}, saved as {}, holds {}",
                saved.index,
                self.ext,
                saved.path.display(),
                self.span(saved.first, saved.last)
            ));
        }
        out
    }

    /// The stop report: what the frames hold and where it stopped.
    pub(super) fn stop_message(&self, stop: &Stop) -> String {
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
    pub(super) fn json(&self, stop: Option<&Stop>) -> serde_json::Value {
        let written = self.written();
        let mut json = serde_json::json!({
            "frames_written": self.frames_written,
            "first": written.map(|(first, _)| self.position_json(first)),
            "last": written.map(|(_, last)| self.position_json(last)),
            "stopped_at": stop.map(|s| self.position_json(s.resume)),
            "error": stop.map(|s| s.reason.clone()),
        });
        if let Some(saved) = &self.saved {
            json["saved"] = serde_json::json!({
                "frame": saved.path.display().to_string(),
                "first": self.position_json(saved.first),
                "last": self.position_json(saved.last),
            });
        }
        json
    }
}
