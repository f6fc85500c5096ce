//! Python bindings for `fitflate`: capped DEFLATE, zlib and gzip frames — the most whole records
//! under a hard byte cap.
//!
//! Three entry points, thin wrappers over the crate's capped `Frame`:
//!
//! - `StatefulCompressor`: a drop-in replacement for the hand-written Python class of the same
//!   name (legacy framing: a gzip member followed by the 4-byte big-endian CRC-32 of the member);
//! - `Frame`: one capped frame in any container (`push()` says accepted or full, `finish()`);
//! - `pack()`: an iterator turning any iterable of records into finished frames.
//!
//! Inputs may be any bytes-like object (bytes, bytearray, memoryview, or anything with the
//! buffer protocol). `bytes` is read in place; other objects are copied once (the wheel uses the
//! stable ABI from Python 3.8, where the buffer protocol is not available directly). The GIL is
//! released while a record of [`GIL_RELEASE_THRESHOLD`] bytes or more is compressed.

use fitflate::container::Format;
use fitflate::frame::{BuildError, Frame, FrameBuilder, Push, PushError, MAX_RECORD_LEN};
use fitflate::Level;
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyIterator, PyString};

/// Records at least this long are compressed with the GIL released, so other Python threads run
/// meanwhile. Shorter ones are not worth the release and re-acquisition.
const GIL_RELEASE_THRESHOLD: usize = 64 * 1024;

/// The smallest legacy frame (an empty gzip member plus its 4-byte CRC-32).
const LEGACY_MIN: u64 = 24;

create_exception!(
    fitflate,
    RecordTooLarge,
    PyValueError,
    "A record that fits no frame of this cap, even an empty one (a subclass of ValueError).\n\n\
     Attributes: ``record_len`` (the record's length in bytes, without its delimiter), ``cap``, \
     ``needed`` (the exact size a frame holding only this record would have; None for a record \
     of 4 GiB or more, or one refused for ``max_payload``) and ``max_payload`` (the payload limit \
     the record and its delimiter break alone, or None when it is the cap that refuses it)."
);

// ---------------------------------------------------------------------------------------------
// Argument conversion
// ---------------------------------------------------------------------------------------------

/// The bytes of a bytes-like argument: `bytes` borrowed in place, anything else copied.
enum Data<'py> {
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
}

impl Data<'_> {
    fn as_slice(&self) -> &[u8] {
        match self {
            Data::Bytes(b) => b.as_bytes(),
            Data::Owned(v) => v,
        }
    }
}

/// Accept bytes, bytearray, memoryview or any object with the buffer protocol; refuse `str`
/// (which has no single byte encoding) and everything else with a TypeError.
fn data<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Data<'py>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Data::Bytes(b.clone()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Data::Owned(b.to_vec()));
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a bytes-like object, not str (encode it first, e.g. s.encode())"
        )));
    }
    // memoryview and every other buffer: `memoryview(obj).tobytes()` copies the bytes out in C
    // order and raises TypeError for objects without the buffer protocol.
    let py = obj.py();
    let view = py
        .import("builtins")?
        .getattr("memoryview")?
        .call1((obj,))
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "{what} must be a bytes-like object (bytes, bytearray, memoryview), not {}",
                obj.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_else(|_| "?".into())
            ))
        })?;
    let bytes = view.call_method0("tobytes")?;
    Ok(Data::Bytes(bytes.cast_into::<PyBytes>()?))
}

fn parse_format(format: &str) -> PyResult<Format> {
    format
        .parse::<Format>()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

fn parse_level(level: i64) -> PyResult<Level> {
    u32::try_from(level)
        .ok()
        .and_then(|n| Level::new(n).ok())
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "compression level {level} is out of range (0..={})",
                Level::STRONGEST
            ))
        })
}

/// A cap as u64; a negative cap is reported as below the format's minimum.
fn parse_cap(cap: i128, format: Format) -> PyResult<u64> {
    u64::try_from(cap).map_err(|_| {
        if cap < 0 {
            PyValueError::new_err(
                BuildError::CapBelowMinimum {
                    cap: 0,
                    format,
                    minimum: format.min_frame_size(),
                }
                .to_string()
                .replacen("cap of 0 bytes", &format!("cap of {cap} bytes"), 1),
            )
        } else {
            PyValueError::new_err(format!(
                "cap of {cap} bytes is too large (at most 2**64 - 1)"
            ))
        }
    })
}

/// A limit (`max_payload`, `max_records`): None, or a positive int; 0 is refused by the builder
/// with its own message.
fn parse_limit(name: &str, limit: Option<i128>) -> PyResult<Option<u64>> {
    limit
        .map(|n| {
            u64::try_from(n).map_err(|_| {
                PyValueError::new_err(format!(
                    "{name}={n} is out of range (a positive int, or None for no limit)"
                ))
            })
        })
        .transpose()
}

fn settings_error(e: BuildError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The Python exception for a record that fits no frame.
fn too_large(py: Python<'_>, message: String, reason: &PushError) -> PyErr {
    let err = RecordTooLarge::new_err(message);
    let (len, cap, needed, max_payload) = match *reason {
        PushError::RecordTooLarge { len, cap, needed } => (len, Some(cap), Some(needed), None),
        PushError::RecordTooLong { len } => (len, None, None, None),
        PushError::PayloadTooLarge {
            len, max_payload, ..
        } => (len, None, None, Some(max_payload)),
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice; if it did, the
    // exception is still raised, just without them.
    let _ = value.setattr("record_len", len);
    let _ = value.setattr("cap", cap);
    let _ = value.setattr("needed", needed);
    let _ = value.setattr("max_payload", max_payload);
    err
}

fn push_error(py: Python<'_>, e: PushError) -> PyErr {
    too_large(py, e.to_string(), &e)
}

// ---------------------------------------------------------------------------------------------
// The frame behind every Python object: reopens when finished
// ---------------------------------------------------------------------------------------------

/// Run `f`, with the GIL released when `detach` is set.
fn run<T: Send, F: FnOnce() -> T + Send>(py: Python<'_>, detach: bool, f: F) -> T {
    if detach {
        py.detach(f)
    } else {
        f()
    }
}

/// A capped frame that reopens itself: `finish()` returns the bytes and leaves a fresh empty
/// frame with the same settings, so one Python object serves any number of frames. Records of
/// [`GIL_RELEASE_THRESHOLD`] bytes or more are compressed with the GIL released.
struct Reusable {
    frame: Frame,
}

impl Reusable {
    /// An empty frame with `builder`'s settings (cap, format, level, delimiter).
    fn new(builder: FrameBuilder) -> Result<Self, BuildError> {
        Ok(Reusable {
            frame: builder.build()?,
        })
    }

    /// An empty frame with the same settings.
    fn empty_like(&self) -> Self {
        Reusable::new(self.frame.settings()).expect("frame settings were validated at construction")
    }

    fn push(&mut self, py: Python<'_>, record: &[u8]) -> Result<Push, PushError> {
        let frame = &mut self.frame;
        run(py, record.len() >= GIL_RELEASE_THRESHOLD, move || {
            frame.push(record)
        })
    }

    /// The frame's bytes; the object then holds a fresh empty frame.
    fn finish(&mut self) -> Vec<u8> {
        // The frame resets itself in place (same settings), reusing its allocations.
        self.frame.finish_and_reset()
    }

    fn records(&self) -> u64 {
        self.frame.records()
    }

    fn size(&self) -> u64 {
        self.frame.size()
    }

    fn cap(&self) -> u64 {
        self.frame.cap()
    }

    fn level(&self) -> u32 {
        self.frame.level().get()
    }

    fn format(&self) -> Format {
        self.frame.format()
    }

    fn delimiter(&self) -> &[u8] {
        self.frame.delimiter()
    }

    fn payload_bytes(&self) -> u64 {
        self.frame.payload_bytes()
    }

    fn max_payload(&self) -> Option<u64> {
        self.frame.max_payload()
    }

    fn max_records(&self) -> Option<u64> {
        self.frame.max_records()
    }
}

// ---------------------------------------------------------------------------------------------
// StatefulCompressor
// ---------------------------------------------------------------------------------------------

/// Drop-in replacement for the hand-written ``StatefulCompressor``: packs newline-terminated
/// records into one frame that never exceeds ``max_size_in_bytes``.
///
/// The frame is in the legacy framing: a gzip member followed by the 4-byte big-endian CRC-32
/// of the member. Decode the member with ``zlib.decompressobj(wbits=31)``.
///
/// Use::
///
///     c = StatefulCompressor(4096)
///     while c.compress(record):   # False: the frame is full (the record was not taken)
///         record = next_record()
///     frame, crc, size, incomplete = c.finalize()
///
/// After ``finalize()`` the compressor is empty again and can be reused for the next frame.
///
/// ``max_payload`` and ``max_records`` (None: no limit) also bound the uncompressed bytes
/// (records with their ``\n``) and the records per frame: a record that would break either is
/// refused like one that would break the cap (``compress`` returns False).
///
/// Raises ValueError when ``max_size_in_bytes`` is below 24 (the size of an empty frame), the
/// level is outside 0..10 (10: the strongest, near-optimal effort) or a limit is below 1.
#[pyclass(module = "fitflate")]
struct StatefulCompressor {
    inner: Reusable,
}

#[pymethods]
impl StatefulCompressor {
    #[new]
    #[pyo3(signature = (max_size_in_bytes, level = 6, squeeze = false, max_payload = None, max_records = None))]
    fn new(
        max_size_in_bytes: i128,
        level: i64,
        squeeze: bool,
        max_payload: Option<i128>,
        max_records: Option<i128>,
    ) -> PyResult<Self> {
        let cap = u64::try_from(max_size_in_bytes)
            .ok()
            .filter(|&cap| cap >= LEGACY_MIN)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "max_size_in_bytes={max_size_in_bytes} is below the minimum of {LEGACY_MIN} \
                     bytes (the size of an empty frame: an empty gzip member plus its 4-byte CRC-32)"
                ))
            })?;
        let builder = FrameBuilder::new(cap)
            .format(Format::Legacy)
            .level(parse_level(level)?)
            .delimiter(b"\n".to_vec())
            .squeeze(squeeze)
            .max_payload(parse_limit("max_payload", max_payload)?)
            .max_records(parse_limit("max_records", max_records)?);
        Ok(StatefulCompressor {
            inner: Reusable::new(builder).map_err(settings_error)?,
        })
    }

    /// Append ``data + b"\n"`` if the finished frame still fits the cap and return True.
    /// Otherwise (or when the record would break ``max_payload`` or ``max_records``) leave the
    /// frame unchanged and return False: the frame is full — or the record is too large for any
    /// frame of these settings, so it will never fit; either way, finalize.
    ///
    /// ``data`` is any bytes-like object (bytes, bytearray, memoryview).
    fn compress(&mut self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<bool> {
        let data = self::data(data, "data")?;
        Ok(matches!(
            self.inner.push(py, data.as_slice()),
            Ok(Push::Accepted)
        ))
    }

    /// Close the frame and return ``(frame, checksum, size, incomplete)``: ``frame`` is the gzip
    /// member followed by its big-endian CRC-32, ``checksum`` that CRC-32 as an int,
    /// ``size == len(frame) <= max_size_in_bytes``, and ``incomplete`` always False (every
    /// accepted record is whole in the frame). Never raises.
    ///
    /// The compressor then starts over with an empty frame.
    fn finalize<'py>(&mut self, py: Python<'py>) -> (Bound<'py, PyBytes>, u32, usize, bool) {
        let bytes = self.inner.finish();
        let n = bytes.len();
        let crc = u32::from_be_bytes([bytes[n - 4], bytes[n - 3], bytes[n - 2], bytes[n - 1]]);
        (PyBytes::new(py, &bytes), crc, n, false)
    }

    /// The cap in bytes.
    #[getter]
    fn max_size_in_bytes(&self) -> u64 {
        self.inner.cap()
    }

    /// The compression level (0..10; 10 is the strongest, near-optimal effort).
    #[getter]
    fn level(&self) -> u32 {
        self.inner.level()
    }

    /// Records in the current frame.
    #[getter]
    fn records(&self) -> u64 {
        self.inner.records()
    }

    /// The most uncompressed bytes per frame (records with their ``\n``), or None.
    #[getter]
    fn max_payload(&self) -> Option<u64> {
        self.inner.max_payload()
    }

    /// The most records per frame, or None.
    #[getter]
    fn max_records(&self) -> Option<u64> {
        self.inner.max_records()
    }

    /// Exact size in bytes the frame would have if finalized now.
    #[getter]
    fn size(&self) -> u64 {
        self.inner.size()
    }

    fn __repr__(&self) -> String {
        format!(
            "StatefulCompressor(max_size_in_bytes={}, level={}) <{} records, {} bytes>",
            self.inner.cap(),
            self.inner.level(),
            self.inner.records(),
            self.inner.size()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Frame
// ---------------------------------------------------------------------------------------------

fn builder(
    cap: i128,
    format: &str,
    level: i64,
    delimiter: Option<&Bound<'_, PyAny>>,
    squeeze: bool,
    max_payload: Option<i128>,
    max_records: Option<i128>,
) -> PyResult<FrameBuilder> {
    let format = parse_format(format)?;
    let cap = parse_cap(cap, format)?;
    let level = parse_level(level)?;
    let delimiter = match delimiter {
        Some(d) => data(d, "delimiter")?.as_slice().to_vec(),
        None => b"\n".to_vec(),
    };
    let b = FrameBuilder::new(cap)
        .format(format)
        .level(level)
        .delimiter(delimiter)
        .squeeze(squeeze)
        .max_payload(parse_limit("max_payload", max_payload)?)
        .max_records(parse_limit("max_records", max_records)?);
    b.validate().map_err(settings_error)?;
    Ok(b)
}

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
/// Raises ValueError for a cap below the format's minimum (``min_frame_size(format)``: gzip
/// 20, zlib 8, raw 2, legacy 24 bytes), a level outside 0..10, an unknown format or a limit
/// below 1.
#[pyclass(module = "fitflate", name = "Frame")]
struct PyFrame {
    inner: Reusable,
}

#[pymethods]
impl PyFrame {
    #[new]
    #[pyo3(signature = (cap, format = "gzip", level = 6, delimiter = None, squeeze = false, max_payload = None, max_records = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        cap: i128,
        format: &str,
        level: i64,
        delimiter: Option<&Bound<'_, PyAny>>,
        squeeze: bool,
        max_payload: Option<i128>,
        max_records: Option<i128>,
    ) -> PyResult<Self> {
        let b = builder(
            cap,
            format,
            level,
            delimiter,
            squeeze,
            max_payload,
            max_records,
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

    fn __len__(&self) -> usize {
        self.inner.records() as usize
    }

    fn __repr__(&self) -> String {
        format!(
            "Frame(cap={}, format={:?}, level={}) <{} records, {} bytes>",
            self.inner.cap(),
            self.inner.format().name(),
            self.inner.level(),
            self.inner.records(),
            self.inner.size()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// pack
// ---------------------------------------------------------------------------------------------

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
struct Packer {
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
/// Invalid settings (cap below ``min_frame_size(format)``, level outside 0..10, unknown format,
/// a limit below 1) raise ValueError at once, before any record is read.
#[pyfunction]
#[pyo3(signature = (records, cap, format = "gzip", level = 6, delimiter = None, skip_oversized = false, squeeze = false, keep_cr = false, max_payload = None, max_records = None))]
#[allow(clippy::too_many_arguments)]
fn pack(
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
) -> PyResult<Packer> {
    let b = builder(
        cap,
        format,
        level,
        delimiter,
        squeeze,
        max_payload,
        max_records,
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

/// The format a reader takes: ``"auto"`` (gzip, legacy or zlib, told apart from the bytes) or
/// a format's name.
fn parse_read_format(format: &str) -> PyResult<Option<Format>> {
    if format.eq_ignore_ascii_case("auto") {
        Ok(None)
    } else {
        parse_format(format).map(Some)
    }
}

/// The records of one frame, in order, without their delimiters: the frame is decoded and
/// checked (header, checksums, lengths, nothing after the stream, the payload ends with the
/// delimiter). ``format="auto"`` tells gzip, legacy and zlib apart; raw must be named. With an
/// empty delimiter the payload comes back as one record.
///
/// Raises ValueError for a corrupt, truncated or foreign frame, naming what is wrong.
#[pyfunction]
#[pyo3(signature = (frame, format = "auto", delimiter = None))]
fn unpack<'py>(
    py: Python<'py>,
    frame: &Bound<'py, PyAny>,
    format: &str,
    delimiter: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    let format = parse_read_format(format)?;
    let frame = data(frame, "frame")?;
    let delimiter = match delimiter {
        Some(d) => data(d, "delimiter")?.as_slice().to_vec(),
        None => b"\n".to_vec(),
    };
    let bytes = frame.as_slice();
    let records = run(py, bytes.len() >= 1 << 16, || {
        fitflate::unpack(bytes, format, &delimiter)
    })
    .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(records.iter().map(|r| PyBytes::new(py, r)).collect())
}

/// Decode a whole stream like ``gzip -dc``: gzip (members one after the other too), legacy,
/// zlib or raw; ``format="auto"`` tells gzip, legacy and zlib apart. Raises ValueError for a
/// corrupt, truncated or foreign stream.
#[pyfunction]
#[pyo3(signature = (data_in, format = "auto"))]
fn decompress<'py>(
    py: Python<'py>,
    data_in: &Bound<'py, PyAny>,
    format: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let format = parse_read_format(format)?;
    let input = data(data_in, "data")?;
    let bytes = input.as_slice();
    let mut out = Vec::new();
    run(py, bytes.len() >= 1 << 16, || {
        fitflate::read::decompress(bytes, format, &mut out)
    })
    .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &out))
}

/// The smallest frame of a format — an empty stream — and so the smallest allowed cap:
/// gzip 20, zlib 8, raw 2, legacy 24 bytes.
#[pyfunction]
#[pyo3(signature = (format = "gzip"))]
fn min_frame_size(format: &str) -> PyResult<u64> {
    Ok(parse_format(format)?.min_frame_size())
}

/// Capped DEFLATE, zlib and gzip frames: the most whole records under a hard byte cap.
///
/// - ``StatefulCompressor(max_size_in_bytes, level=6)``: drop-in replacement for the
///   hand-written class (legacy framing: gzip member + big-endian CRC-32 of the member).
/// - ``Frame(cap, format="gzip", level=6, delimiter=b"\n")``: one capped frame, ``push()`` /
///   ``finish()``.
/// - ``pack(records, cap, ...)``: an iterator of finished frames over an iterable of records (or
///   the lines of a binary file).
/// - ``unpack(frame, format="auto", delimiter=b"\n")``: the records of a frame.
/// - ``decompress(data, format="auto")``: a whole stream decoded, like ``gzip -dc``.
/// - ``RecordTooLarge``: raised for a record that fits no frame (a ValueError).
#[pymodule]
#[pyo3(name = "fitflate")]
fn fitflate_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<StatefulCompressor>()?;
    m.add_class::<PyFrame>()?;
    m.add_class::<Packer>()?;
    m.add_function(wrap_pyfunction!(pack, m)?)?;
    m.add_function(wrap_pyfunction!(min_frame_size, m)?)?;
    m.add_function(wrap_pyfunction!(unpack, m)?)?;
    m.add_function(wrap_pyfunction!(decompress, m)?)?;
    m.add("RecordTooLarge", m.py().get_type::<RecordTooLarge>())?;
    m.add("MAX_LEVEL", Level::STRONGEST.get())?;
    m.add("MAX_RECORD_LEN", MAX_RECORD_LEN)?;
    m.add("FORMATS", ("gzip", "zlib", "raw", "legacy"))?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // maturin wraps the extension in a package whose `__init__.py` does `from .fitflate import *`;
    // `__all__` makes that re-export every public name (and `__version__`).
    m.add(
        "__all__",
        vec![
            "StatefulCompressor",
            "Frame",
            "Packer",
            "pack",
            "unpack",
            "decompress",
            "min_frame_size",
            "RecordTooLarge",
            "MAX_LEVEL",
            "MAX_RECORD_LEN",
            "FORMATS",
            "__version__",
        ],
    )?;
    Ok(())
}
