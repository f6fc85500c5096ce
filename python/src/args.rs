//! Arguments from Python: bytes-like objects, formats, levels, caps, limits, and the frame
//! settings that `Frame` and `pack` take.

use fitflate::container::Format;
use fitflate::frame::{BuildError, FrameBuilder};
use fitflate::Level;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::dictionary::parse_zdict;
use crate::errors::settings_error;

/// The bytes of a bytes-like argument: `bytes` borrowed in place, anything else copied.
pub(crate) enum Data<'py> {
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
}

impl Data<'_> {
    pub(crate) fn as_slice(&self) -> &[u8] {
        match self {
            Data::Bytes(b) => b.as_bytes(),
            Data::Owned(v) => v,
        }
    }
}

/// Accept bytes, bytearray, memoryview or any object with the buffer protocol; refuse `str`
/// (which has no single byte encoding) and everything else with a TypeError.
pub(crate) fn data<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Data<'py>> {
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

pub(crate) fn parse_format(format: &str) -> PyResult<Format> {
    format
        .parse::<Format>()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

pub(crate) fn parse_level(level: i64) -> PyResult<Level> {
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
pub(crate) fn parse_cap(cap: i128, format: Format) -> PyResult<u64> {
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
pub(crate) fn parse_limit(name: &str, limit: Option<i128>) -> PyResult<Option<u64>> {
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

/// The settings of `Frame` and `pack`, checked (ValueError for bad ones, also for a ``zdict``
/// with a format that cannot carry one).
#[allow(clippy::too_many_arguments)]
pub(crate) fn builder(
    cap: i128,
    format: &str,
    level: i64,
    delimiter: Option<&Bound<'_, PyAny>>,
    squeeze: bool,
    max_payload: Option<i128>,
    max_records: Option<i128>,
    zdict: Option<&Bound<'_, PyAny>>,
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
        .max_records(parse_limit("max_records", max_records)?)
        .dictionary(parse_zdict(zdict)?);
    b.validate().map_err(settings_error)?;
    Ok(b)
}

/// The format a reader takes: ``"auto"`` (gzip, legacy or zlib, told apart from the bytes) or
/// a format's name.
pub(crate) fn parse_read_format(format: &str) -> PyResult<Option<Format>> {
    if format.eq_ignore_ascii_case("auto") {
        Ok(None)
    } else {
        parse_format(format).map(Some)
    }
}
