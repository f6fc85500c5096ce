//! `pack()` and its iterator `Packer`: finished frames over an iterable of records or the lines
//! of a binary file.

use fitflate::frame::{Push, PushError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyIterator, PyList, PyTuple};

use crate::args::{builder, data};
use crate::batch::{fill, Batch, BATCH_BYTES, BATCH_RECORDS};
use crate::errors::{settings_error, too_large};
use crate::reusable::Reusable;

/// Iterator of finished frames over an iterable of records; made by ``pack()``.
///
/// Each ``next()`` pulls records from the input until a frame is full and returns that frame's
/// bytes; after the input ends it returns the last frame (if it holds any record) and stops.
/// Only the open frame and one record are held in memory; from a list, a tuple or a seekable
/// file, a batch of up to 64 KiB of records, packed with the GIL released (threads packing
/// their own inputs run in parallel).
///
/// If a record fits no frame and ``skip_oversized`` is False, ``next()`` raises
/// ``RecordTooLarge``; the record is left out, the open frame is kept, and iteration may be
/// resumed. Exceptions raised by the input iterable propagate the same way.
#[pyclass(module = "fitflate")]
pub(crate) struct Packer {
    /// The input; None once exhausted.
    records: Option<Input>,
    /// Records copied out of a list or tuple, still to be packed.
    batch: Batch,
    /// The open frame; None once the last frame was returned.
    frame: Option<Reusable>,
    /// An empty frame with the same settings, made when the first frame fills (see `offer`).
    spare: Option<Reusable>,
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

/// Where records come from: a list or tuple, or the lines of a seekable binary file (a regular
/// file), is read a batch at a time (nothing there can block, and the batch is packed with the
/// GIL released); any other iterable one record at a time (a generator, a pipe or a socket may
/// block, and a frame must come out as soon as it is full).
enum Input {
    Sequence { items: Py<PyAny>, next: usize },
    File(Py<PyAny>),
    Iterator(Py<PyIterator>),
}

/// What offering one record did.
enum Offered {
    Accepted,
    /// The open frame was full: these are its bytes, and the record opened the next frame.
    Finished(Vec<u8>, u64),
    /// The record fits no frame; the open frame is unchanged.
    TooLarge(PushError),
}

/// Offer `record` to `frame` (pure Rust, so that it may run with the GIL released). When the
/// frame is full the record goes to `spare`, an empty frame kept between calls, which then
/// becomes the open frame while the full one is finished and reset to serve as the next spare:
/// no frame's tables are allocated and zeroed again per frame (at 4 KiB caps that was several
/// percent of the time, and more with threads, each new frame mapping fresh pages).
fn offer(
    frame: &mut Reusable,
    spare: &mut Option<Reusable>,
    record: &[u8],
    detach: Option<Python<'_>>,
) -> Offered {
    let push = |frame: &mut Reusable| match detach {
        Some(py) => frame.push(py, record),
        None => frame.push_here(record),
    };
    let reason = match push(frame) {
        Ok(Push::Accepted) => return Offered::Accepted,
        Ok(Push::Full) => {
            // Close this frame and open the next with the record, unless the record fits no
            // frame (then this frame stays open).
            let next = spare.get_or_insert_with(|| frame.empty_like());
            match push(next) {
                Ok(Push::Accepted) => {
                    std::mem::swap(frame, next);
                    // `next` holds the full frame: finishing it leaves it empty, the next spare.
                    let records = next.records();
                    return Offered::Finished(next.finish(), records);
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
    Offered::TooLarge(reason)
}

impl Packer {
    /// Read records into `frame` until a frame is finished (returned) or the input ends.
    fn next_frame<'py>(
        &mut self,
        py: Python<'py>,
        frame: &mut Reusable,
    ) -> PyResult<Option<Bound<'py, PyBytes>>> {
        loop {
            let (index, offered) = if !self.batch.is_empty() {
                let (skipped, done) = self.pack_batch(py, frame);
                self.skipped += skipped;
                match done {
                    Some(done) => done,
                    None => continue,
                }
            } else {
                if let Some(e) = self.batch.error.take() {
                    return Err(e);
                }
                match self.records.as_mut() {
                    None => break,
                    Some(Input::Sequence { items, next }) => {
                        let items = items.bind(py).clone();
                        self.batch.first = self.seen;
                        let most = (BATCH_RECORDS, BATCH_BYTES);
                        let end = fill(&mut self.batch, &items, *next, most);
                        self.seen += (end - *next) as u64;
                        *next = end;
                        if end >= items.len()? {
                            self.records = None;
                        }
                        continue;
                    }
                    Some(Input::File(file)) => {
                        let lines = file.bind(py).call_method1("readlines", (BATCH_BYTES,))?;
                        self.batch.first = self.seen;
                        // All of them: readlines stops after the line that reaches the hint.
                        let end = fill(&mut self.batch, &lines, 0, (usize::MAX, usize::MAX));
                        self.batch.strip_line_ends(self.keep_cr);
                        self.seen += end as u64;
                        if end == 0 {
                            self.records = None;
                        }
                        continue;
                    }
                    Some(Input::Iterator(it)) => {
                        let mut it = it.bind(py).clone();
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
                        self.seen += 1;
                        (
                            self.seen - 1,
                            offer(frame, &mut self.spare, record, Some(py)),
                        )
                    }
                }
            };
            match offered {
                Offered::Accepted => {}
                Offered::Finished(bytes, records) => {
                    self.frames += 1;
                    self.records_packed += records;
                    return Ok(Some(PyBytes::new(py, &bytes)));
                }
                Offered::TooLarge(_) if self.skip_oversized => self.skipped += 1,
                Offered::TooLarge(reason) => {
                    let msg = format!("record {index} (counting from 0): {reason}");
                    return Err(too_large(py, msg, &reason));
                }
            }
        }
        // End of input: the last frame, if it holds any record; then the iterator is done.
        if frame.records() > 0 {
            self.frames += 1;
            self.records_packed += frame.records();
            return Ok(Some(PyBytes::new(py, &frame.finish())));
        }
        Ok(None)
    }

    /// Pack the batch's records with the GIL released until one finishes a frame or fits no
    /// frame (that record's index and what happened), or the batch is done (`None`). Returns
    /// the records skipped on the way (with `skip_oversized`) too.
    fn pack_batch(
        &mut self,
        py: Python<'_>,
        frame: &mut Reusable,
    ) -> (u64, Option<(u64, Offered)>) {
        let (batch, spare, skip) = (&mut self.batch, &mut self.spare, self.skip_oversized);
        let first = batch.first;
        py.detach(|| {
            let mut skipped = 0;
            while !batch.is_empty() {
                let k = batch.next;
                batch.next += 1;
                match offer(frame, spare, batch.record(k), None) {
                    Offered::Accepted => {}
                    Offered::TooLarge(_) if skip => skipped += 1,
                    other => return (skipped, Some((first + k as u64, other))),
                }
            }
            (skipped, None)
        })
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
        let exhausted = self.records.is_none()
            && self.batch.is_empty()
            && self.batch.error.is_none()
            && frame.records() == 0;
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
/// A list or tuple, or a seekable (regular) file, is read a batch (64 KiB) at a time and the
/// batch is packed with the GIL released, so threads packing their own inputs run in parallel.
/// Other iterables (generators, pipes, sockets) are read one record at a time, since reading
/// ahead could block, so that each frame comes out as soon as it is full.
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
    let input = if records.is_instance_of::<PyList>() || records.is_instance_of::<PyTuple>() {
        Input::Sequence {
            items: records.clone().unbind(),
            next: 0,
        }
    } else if lines && records.call_method0("seekable")?.is_truthy()? {
        Input::File(records.clone().unbind())
    } else {
        Input::Iterator(records.try_iter()?.unbind())
    };
    Ok(Packer {
        records: Some(input),
        batch: Batch::default(),
        frame: Some(Reusable::new(b).map_err(settings_error)?),
        spare: None,
        skip_oversized,
        lines,
        keep_cr,
        seen: 0,
        frames: 0,
        records_packed: 0,
        skipped: 0,
    })
}
