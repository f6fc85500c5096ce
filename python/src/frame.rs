//! `Frame`: one capped frame in any container, with `push()` and `finish()`.

use fitflate::frame::Push;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use crate::args::{builder, data};
use crate::batch::{fill, Batch, BATCH_BYTES, BATCH_RECORDS};
use crate::errors::{push_error, settings_error};
use crate::reusable::Reusable;

/// One capped frame: takes whole records until the next one would make the finished frame
/// exceed ``cap`` bytes, and always finishes at or under the cap.
///
/// ``format`` is ``"gzip"`` (RFC 1952), ``"zlib"`` (RFC 1950), ``"raw"`` (RFC 1951 DEFLATE) or
/// ``"legacy"`` (a gzip member plus its 4-byte big-endian CRC-32). ``delimiter`` is appended
/// after every record (``b""`` for none; ``None`` means ``b"\n"``).
///
/// ``finish()`` returns the frame's bytes and leaves the object holding a fresh empty frame with
/// the same settings, so one ``Frame`` can make any number of frames.
///
/// ``squeeze=True``: when a record does not fit, re-parse the frame's pending block
/// near-optimally and take the record if it then fits (at most two such parses per frame;
/// density beyond the zlib -9 oracle, paid for only at the cap).
///
/// ``max_payload`` (uncompressed bytes per frame, delimiters included) and ``max_records``
/// (records per frame) are limits beside the cap (None: no limit): a record that would break
/// either is refused exactly like one that would break the cap.
///
/// ``zdict`` (bytes-like; None: none): a preset dictionary, as ``zlib.compressobj(zdict=...)``
/// takes it: bytes the reader also knows (the most useful last; only the last 32 KiB are
/// reachable), so even a frame's first record finds matches and small frames hold more records.
/// Every frame this object makes starts from it. zlib frames set FDICT and carry its DICTID
/// (``dictionary_id``, ``zlib.adler32(zdict)``), 4 bytes more, so their cap must be at least
/// 12; raw frames carry nothing (the reader must know which dictionary). Read them back with
/// ``unpack(..., zdict=...)``, ``zlib.decompressobj(zdict=...)`` or
/// ``zlib.decompressobj(-15, zdict=...)``.
///
/// Raises ValueError for a cap below the format's minimum (``min_frame_size(format)``: gzip
/// 20, zlib 8, raw 2, legacy 24 bytes), a level outside 0..10, an unknown format, a limit
/// below 1, or a ``zdict`` with gzip or legacy frames (which have no field for one).
#[pyclass(module = "fitflate", name = "Frame")]
pub(crate) struct PyFrame {
    inner: Reusable,
}

#[pymethods]
impl PyFrame {
    #[new]
    #[pyo3(signature = (cap, format = "gzip", level = 6, delimiter = None, squeeze = false, max_payload = None, max_records = None, zdict = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        cap: i128,
        format: &str,
        level: i64,
        delimiter: Option<&Bound<'_, PyAny>>,
        squeeze: bool,
        max_payload: Option<i128>,
        max_records: Option<i128>,
        zdict: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
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
        Ok(PyFrame {
            inner: Reusable::new(b).map_err(settings_error)?,
        })
    }

    /// Offer a record (any bytes-like object; the delimiter is appended after it).
    ///
    /// Returns True when the record is in the frame, False when the frame is full: the record
    /// was not taken, the frame is exactly as before, and taking it would have made the finished
    /// frame exceed the cap (or broken ``max_payload`` or ``max_records``). Finish this frame and
    /// push the record into the next one.
    ///
    /// Raises ``RecordTooLarge`` (a ValueError) when the frame is empty and the record still does
    /// not fit: no frame of this cap (or ``max_payload``) can hold it. The frame is unchanged.
    fn push(&mut self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<bool> {
        let record = data(record, "record")?;
        match self.inner.push(py, record.as_slice()) {
            Ok(Push::Accepted) => Ok(true),
            Ok(Push::Full) => Ok(false),
            Err(e) => Err(push_error(py, e)),
        }
    }

    /// Offer the records of a list or tuple from index ``start`` on, in order, as ``push`` would
    /// one by one, but a batch (64 KiB) at a time with the GIL released, so that threads filling
    /// their own frames run in parallel (``push`` holds the GIL for records under 4 KiB: for
    /// small records releasing it costs more than it saves).
    ///
    /// Returns the index after the last record taken: ``len(records)`` when the frame took them
    /// all; less when the frame is full (finish it and call again from there). The list is not
    /// changed. Raises like ``push`` only for the record at ``start`` (``RecordTooLarge``: it fits
    /// no frame; ``TypeError``: it is no bytes-like object); a later such record ends the call
    /// before it, and the next call, which starts there, raises.
    #[pyo3(signature = (records, start = 0))]
    fn push_many(
        &mut self,
        py: Python<'_>,
        records: &Bound<'_, PyAny>,
        start: usize,
    ) -> PyResult<usize> {
        if !(records.is_instance_of::<PyList>() || records.is_instance_of::<PyTuple>()) {
            return Err(PyTypeError::new_err(
                "push_many takes a list or tuple of records",
            ));
        }
        let mut next = start;
        let mut batch = Batch::default();
        while next < records.len()? {
            let end = fill(&mut batch, records, next, (BATCH_RECORDS, BATCH_BYTES));
            let frame = &mut self.inner;
            let (taken, refused) = py.detach(|| {
                for k in 0..batch.ends.len() {
                    match frame.push_here(batch.record(k)) {
                        Ok(Push::Accepted) => {}
                        Ok(Push::Full) => return (k, None),
                        Err(e) => return (k, Some(e)),
                    }
                }
                (batch.ends.len(), None)
            });
            let first = next == start && taken == 0;
            next += taken;
            if let Some(e) = refused {
                return if first {
                    Err(push_error(py, e))
                } else {
                    Ok(next)
                };
            }
            if taken < batch.ends.len() {
                return Ok(next);
            }
            if let Some(e) = batch.error.take() {
                return if next == start { Err(e) } else { Ok(next) };
            }
            debug_assert_eq!(next, end);
        }
        Ok(next)
    }

    /// Close the frame and return its bytes (never more than ``cap``; a frame without records is
    /// a valid empty stream). The object then holds a fresh empty frame with the same settings.
    /// After ``take_output``, only the bytes not taken yet.
    fn finish<'py>(&mut self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.finish())
    }

    /// Stream the frame out while it fills: return the bytes that are already final (the header
    /// and the blocks written so far; often ``b""``) and drop them from the frame. ``finish``
    /// then returns the rest; the frame is the concatenation. Pushes and bytes are the same as
    /// without streaming, and memory stays at the encoder's working set however large the cap.
    fn take_output<'py>(&mut self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let mut out = Vec::new();
        self.inner.frame.take_output(&mut out);
        PyBytes::new(py, &out)
    }

    /// Records in the frame.
    #[getter]
    fn records(&self) -> u64 {
        self.inner.records()
    }

    /// Exact size in bytes of the finished frame if it were finished now.
    #[getter]
    fn size(&self) -> u64 {
        self.inner.size()
    }

    /// The cap in bytes.
    #[getter]
    fn cap(&self) -> u64 {
        self.inner.cap()
    }

    /// The most uncompressed bytes per frame (records with their delimiters), or None.
    #[getter]
    fn max_payload(&self) -> Option<u64> {
        self.inner.max_payload()
    }

    /// The most records per frame, or None.
    #[getter]
    fn max_records(&self) -> Option<u64> {
        self.inner.max_records()
    }

    /// Uncompressed bytes in the frame: the records with their delimiters.
    #[getter]
    fn payload_bytes(&self) -> u64 {
        self.inner.payload_bytes()
    }

    /// The container format: "gzip", "zlib", "raw" or "legacy".
    #[getter]
    fn format(&self) -> &'static str {
        self.inner.format().name()
    }

    /// The compression level (0..10; 10 is the strongest, near-optimal effort).
    #[getter]
    fn level(&self) -> u32 {
        self.inner.level()
    }

    /// The bytes appended after every record.
    #[getter]
    fn delimiter<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.delimiter())
    }

    /// Seconds since the frame took its first record (a float), or None while it holds none: a
    /// latency bound for shippers, which finish a frame once it is old enough even when no more
    /// records come. Only the clock reads it; the frame's bytes never depend on it.
    #[getter]
    fn first_record_age(&self) -> Option<f64> {
        self.inner.first_record_age()
    }

    /// The DICTID of the frame's preset dictionary (``zlib.adler32(zdict)``, as a zlib frame
    /// carries it), or None without one.
    #[getter]
    fn dictionary_id(&self) -> Option<u32> {
        self.inner.dictionary_id()
    }

    fn __len__(&self) -> usize {
        self.inner.records() as usize
    }

    fn __repr__(&self) -> String {
        let dictionary = match self.inner.dictionary_id() {
            Some(id) => format!(", zdict=<DICTID {id:08x}>"),
            None => String::new(),
        };
        format!(
            "Frame(cap={}, format={:?}, level={}{dictionary}) <{} records, {} bytes>",
            self.inner.cap(),
            self.inner.format().name(),
            self.inner.level(),
            self.inner.records(),
            self.inner.size()
        )
    }
}
