//! `pack()` and its iterator `Packer`: finished frames over an iterable of records or the lines
//! of a binary file.

use fitflate::frame::{Push, PushError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyIterator};

use crate::args::{builder, data};
use crate::errors::{settings_error, too_large};
use crate::reusable::Reusable;

/// Iterator of finished frames over an iterable of records; made by ``pack()``.
///
/// Each ``next()`` pulls records from the input until a frame is full and returns that frame's
/// bytes; after the input ends it returns the last frame (if it holds any record) and stops.
/// Only the open frame and one record are held in memory.
///
/// If a record fits no frame and ``skip_oversized`` is False, ``next()`` raises
/// ``RecordTooLarge``; the record is left out, the open frame is kept, and iteration may be
/// resumed. Exceptions raised by the input iterable propagate the same way.
#[pyclass(module = "fitflate")]
pub(crate) struct Packer {
    /// The input; None once exhausted.
    records: Option<Py<PyIterator>>,
    /// The open frame; None once the last frame was returned.
    frame: Option<Reusable>,
    skip_oversized: bool,
    /// The input is a binary file: its items are lines, whose line end is dropped as `fitflate
    /// pack` drops it (the `\n`, and a `\r` before it unless `keep_cr`).
    lines: bool,
    keep_cr: bool,
    /// Records read from the input so far.
    seen: u64,
    frames: u64,
    records_packed: u64,
    skipped: u64,
}

impl Packer {
    /// Read records into `frame` until a frame is finished (returned) or the input ends.
    fn next_frame<'py>(
        &mut self,
        py: Python<'py>,
        frame: &mut Reusable,
    ) -> PyResult<Option<Bound<'py, PyBytes>>> {
        while let Some(mut it) = self.records.as_ref().map(|r| r.bind(py).clone()) {
            let Some(record) = it.next() else {
                self.records = None;
                break;
            };
            let record = record?;
            let record = data(&record, "record")?;
            let mut record = record.as_slice();
            if self.lines {
                if let Some(line) = record.strip_suffix(b"\n") {
                    record = line;
                    if !self.keep_cr {
                        record = record.strip_suffix(b"\r").unwrap_or(record);
                    }
                }
            }
            let index = self.seen;
            self.seen += 1;
            let reason = match frame.push(py, record) {
                Ok(Push::Accepted) => continue,
                Ok(Push::Full) => {
                    // Close this frame and open the next with the record, unless the record
                    // fits no frame (then this frame stays open).
                    let mut next = frame.empty_like();
                    match next.push(py, record) {
                        Ok(Push::Accepted) => {
                            let mut done = std::mem::replace(frame, next);
                            return Ok(Some(self.finished(py, &mut done)));
                        }
                        Ok(Push::Full) => PushError::RecordTooLarge {
                            len: record.len() as u64,
                            cap: next.cap(),
                            needed: next.size(),
                        },
                        Err(e) => e,
                    }
                }
                Err(e) => e,
            };
            if self.skip_oversized {
                self.skipped += 1;
            } else {
                let msg = format!("record {index} (counting from 0): {reason}");
                return Err(too_large(py, msg, &reason));
            }
        }
        // End of input: the last frame, if it holds any record; then the iterator is done.
        if frame.records() > 0 {
            return Ok(Some(self.finished(py, frame)));
        }
        Ok(None)
    }

    fn finished<'py>(&mut self, py: Python<'py>, frame: &mut Reusable) -> Bound<'py, PyBytes> {
        self.frames += 1;
        self.records_packed += frame.records();
        PyBytes::new(py, &frame.finish())
    }
}

#[pymethods]
impl Packer {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let Some(mut frame) = self.frame.take() else {
            return Ok(None);
        };
        let result = self.next_frame(py, &mut frame);
        // Keep the open frame unless the input is exhausted and the last frame was returned
        // (or there was none).
        let exhausted = self.records.is_none() && frame.records() == 0;
        if !exhausted || result.is_err() {
            self.frame = Some(frame);
        }
        result
    }

    /// Frames returned so far.
    #[getter]
    fn frames(&self) -> u64 {
        self.frames
    }

    /// Records in the frames returned so far.
    #[getter]
    fn records(&self) -> u64 {
        self.records_packed
    }

    /// Records left out because they fit no frame (with ``skip_oversized=True``).
    #[getter]
    fn skipped(&self) -> u64 {
        self.skipped
    }
}

/// Pack an iterable of records (bytes-like objects) into capped frames, lazily: returns an
/// iterator (``Packer``) of frame bytes, each at most ``cap`` bytes and holding as many whole
/// records, in order, as fit. An empty input yields no frame.
///
/// ``max_payload`` and ``max_records`` (None: no limit) also bound each frame's uncompressed bytes
/// (delimiters included) and records; a record that would break either starts the next frame.
///
/// A record that fits no frame even alone (over the cap, or over ``max_payload`` with its
/// delimiter) raises ``RecordTooLarge`` from ``next()``, or is left out (and counted in
/// ``Packer.skipped``) with ``skip_oversized=True``.
///
/// A binary file object (``open(path, "rb")``, ``io.BytesIO``, ``sys.stdin.buffer``) is read as
/// ``fitflate pack`` reads a file: each line is a record without its ``\n``, and without a
/// ``\r`` before it unless ``keep_cr=True``; so the frames are the CLI's. Any other iterable
/// gives its items as records unchanged.
///
/// ``zdict`` (bytes-like; None: none): a preset dictionary every frame starts from, as in
/// ``Frame`` (zlib and raw frames only); read the frames back with the same ``zdict``.
///
/// Invalid settings (cap below ``min_frame_size(format)``, level outside 0..10, unknown format,
/// a limit below 1, a ``zdict`` with gzip or legacy) raise ValueError at once, before any record
/// is read.
#[pyfunction]
#[pyo3(signature = (records, cap, format = "gzip", level = 6, delimiter = None, skip_oversized = false, squeeze = false, keep_cr = false, max_payload = None, max_records = None, zdict = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn pack(
    records: &Bound<'_, PyAny>,
    cap: i128,
    format: &str,
    level: i64,
    delimiter: Option<&Bound<'_, PyAny>>,
    skip_oversized: bool,
    squeeze: bool,
    keep_cr: bool,
    max_payload: Option<i128>,
    max_records: Option<i128>,
    zdict: Option<&Bound<'_, PyAny>>,
) -> PyResult<Packer> {
    let b = builder(
        cap,
        format,
        level,
        delimiter,
        squeeze,
        max_payload,
        max_records,
        zdict,
    )?;
    let io = records.py().import("io")?;
    let lines = records.is_instance(&io.getattr("IOBase")?)?
        && !records.is_instance(&io.getattr("TextIOBase")?)?;
    Ok(Packer {
        records: Some(records.try_iter()?.unbind()),
        frame: Some(Reusable::new(b).map_err(settings_error)?),
        skip_oversized,
        lines,
        keep_cr,
        seen: 0,
        frames: 0,
        records_packed: 0,
        skipped: 0,
    })
}
