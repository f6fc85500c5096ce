//! `StatefulCompressor`: the drop-in replacement for the hand-written class of that name (legacy
//! framing).

use fitflate::container::Format;
use fitflate::frame::{FrameBuilder, Push};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::args::{data, parse_level, parse_limit};
use crate::errors::settings_error;
use crate::reusable::Reusable;

/// The smallest legacy frame (an empty gzip member plus its 4-byte CRC-32).
const LEGACY_MIN: u64 = 24;

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
pub(crate) struct StatefulCompressor {
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
