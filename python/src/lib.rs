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

mod args;
mod batch;
mod compressor;
mod dictionary;
mod errors;
mod frame;
mod packer;
mod read;
mod reusable;

use fitflate::frame::MAX_RECORD_LEN;
use fitflate::Level;
use pyo3::prelude::*;

use args::parse_format;
use compressor::StatefulCompressor;
use errors::{DictionaryError, RecordTooLarge};
use frame::PyFrame;
use packer::{pack, Packer};
use read::{decompress, unpack};

/// Records at least this long are compressed with the GIL released, so other Python threads run
/// meanwhile: a 4 KiB record takes tens of microseconds, the release and re-acquisition a small
/// fraction of one. For shorter records the handoff between waiting threads costs more than it
/// saves (two threads pushing 120-140-byte records one by one gained 1.3-1.4x with every push
/// released, and one thread lost 2-5 %); `push_many` and `pack` release the GIL a batch at a
/// time instead. Two threads each pushing the bundled JSON payloads (2-27 KB) one by one took
/// 0.84x the time of one thread doing both with the threshold at 64 KiB, 1.5x with it here
/// (`python/bench_threads.py`).
pub(crate) const GIL_RELEASE_THRESHOLD: usize = 4 * 1024;

/// The smallest frame of a format — an empty stream — and so the smallest allowed cap:
/// gzip 20, zlib 8, raw 2, legacy 24 bytes. A zlib frame with a ``zdict`` needs 4 bytes more
/// (its DICTID): 12.
#[pyfunction]
#[pyo3(signature = (format = "gzip"))]
fn min_frame_size(format: &str) -> PyResult<u64> {
    Ok(parse_format(format)?.min_frame_size())
}

/// Capped DEFLATE, zlib and gzip frames: the most whole records under a hard byte cap.
///
/// - ``StatefulCompressor(max_size_in_bytes, level=6)``: drop-in replacement for the
///   hand-written class (legacy framing: gzip member + big-endian CRC-32 of the member).
/// - ``Frame(cap, format="gzip", level=6, delimiter=b"\n", zdict=None)``: one capped frame,
///   ``push()`` / ``finish()``.
/// - ``pack(records, cap, ...)``: an iterator of finished frames over an iterable of records (or
///   the lines of a binary file).
/// - ``unpack(frame, format="auto", delimiter=b"\n", zdict=None)``: the records of a frame.
/// - ``decompress(data, format="auto", zdict=None)``: a whole stream decoded, like ``gzip -dc``.
/// - ``RecordTooLarge``: raised for a record that fits no frame (a ValueError).
/// - ``DictionaryError``: raised for a zlib frame read without its preset dictionary or with
///   another (a ValueError).
///
/// ``zdict`` is a preset dictionary, as in Python's zlib: bytes both sides know, so that small
/// frames hold more records. zlib frames carry its DICTID, raw frames nothing; gzip and legacy
/// frames cannot take one.
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
    m.add("DictionaryError", m.py().get_type::<DictionaryError>())?;
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
            "DictionaryError",
            "MAX_LEVEL",
            "MAX_RECORD_LEN",
            "FORMATS",
            "__version__",
        ],
    )?;
    Ok(())
}
