//! Where `pack` is in its input: the records the written frames hold and those of the open
//! frame, so that a stopped run says what the frames hold and where a new run resumes.

use std::path::{Path, PathBuf};

use fitflate::PackedFrame;

use super::files::write_frame;
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

/// Where `pack` is: the input positions of the frames written and of the open frame.
pub(super) struct Tracker<'a> {
    pub(super) files: &'a [PathBuf],
    /// "line" or "record" (with -z).
    pub(super) unit: &'static str,
    pub(super) out_dir: &'a Path,
    pub(super) ext: &'static str,
    pub(super) synchronous: bool,
    /// First and last record held by the frames written so far.
    pub(super) written: Option<(Position, Position)>,
    pub(super) frames_written: u64,
    pub(super) records_written: u64,
    /// A frame could not be written.
    pub(super) write_failed: bool,
    /// First and last record of the open frame.
    pub(super) open: Option<(Position, Position)>,
}

impl Tracker<'_> {
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

    /// Write a finished frame holding the open frame's records; on failure, the stop to report.
    pub(super) fn write(&mut self, frame: &PackedFrame) -> Result<(), Stop> {
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
        serde_json::json!({
            "frames_written": self.frames_written,
            "first": self.written.map(|(first, _)| self.position_json(first)),
            "last": self.written.map(|(_, last)| self.position_json(last)),
            "stopped_at": stop.map(|s| self.position_json(s.resume)),
            "error": stop.map(|s| s.reason.clone()),
        })
    }
}
