//! Reading back: `unpack` (the records of one frame) and `decompress` (a whole stream).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::args::{data, parse_read_format};
use crate::reusable::run;

/// The records of one frame, in order, without their delimiters: the frame is decoded and
/// checked (header, checksums, lengths, nothing after the stream, the payload ends with the
/// delimiter). ``format="auto"`` tells gzip, legacy and zlib apart; raw must be named. With an
/// empty delimiter the payload comes back as one record.
///
/// Raises ValueError for a corrupt, truncated or foreign frame, naming what is wrong.
#[pyfunction]
#[pyo3(signature = (frame, format = "auto", delimiter = None))]
pub(crate) fn unpack<'py>(
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
pub(crate) fn decompress<'py>(
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
