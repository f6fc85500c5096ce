//! Reading back: `unpack` (the records of one frame) and `decompress` (a whole stream).

use fitflate::read::{decompress_with_dictionary, unpack_with_dictionary};
use fitflate::VerifyError;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::args::{data, parse_read_format};
use crate::dictionary::parse_zdict;
use crate::errors::read_error;
use crate::reusable::run;

/// The records of one frame, in order, without their delimiters: the frame is decoded and
/// checked (header, checksums, lengths, nothing after the stream, the payload ends with the
/// delimiter). ``format="auto"`` tells gzip, legacy and zlib apart; raw must be named. With an
/// empty delimiter the payload comes back as one record.
///
/// ``zdict``: the preset dictionary the frame was packed with (as ``zlib.decompressobj`` takes
/// it). A zlib frame names its dictionary (DICTID): read without it or with another, it raises
/// ``DictionaryError``. A raw frame names nothing: another dictionary gives wrong bytes or a
/// ValueError. Frames packed without one (and gzip and legacy frames) ignore it.
///
/// Raises ValueError for a corrupt, truncated or foreign frame, naming what is wrong.
#[pyfunction]
#[pyo3(signature = (frame, format = "auto", delimiter = None, zdict = None))]
pub(crate) fn unpack<'py>(
    py: Python<'py>,
    frame: &Bound<'py, PyAny>,
    format: &str,
    delimiter: Option<&Bound<'py, PyAny>>,
    zdict: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    let format = parse_read_format(format)?;
    let frame = data(frame, "frame")?;
    let delimiter = match delimiter {
        Some(d) => data(d, "delimiter")?.as_slice().to_vec(),
        None => b"\n".to_vec(),
    };
    let dict = parse_zdict(zdict)?;
    let bytes = frame.as_slice();
    let records = run(py, bytes.len() >= 1 << 16, || {
        unpack_with_dictionary(bytes, format, &delimiter, dict.as_ref())
    })
    .map_err(|e| read_error(py, &e))?;
    Ok(records.iter().map(|r| PyBytes::new(py, r)).collect())
}

/// Decode a whole stream like ``gzip -dc``: gzip (members one after the other too), legacy,
/// zlib or raw; ``format="auto"`` tells gzip, legacy and zlib apart. ``zdict``: the preset
/// dictionary, as for ``unpack`` (each zlib or raw stream starts from it). Raises ValueError for
/// a corrupt, truncated or foreign stream, ``DictionaryError`` for a missing or other dictionary.
#[pyfunction]
#[pyo3(signature = (data, format = "auto", zdict = None))]
pub(crate) fn decompress<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    format: &str,
    zdict: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let format = parse_read_format(format)?;
    // (`data` is the parameter here, named as in the stub and zlib.decompress.)
    let input = crate::args::data(data, "data")?;
    let dict = parse_zdict(zdict)?;
    let bytes = input.as_slice();
    let mut out = Vec::new();
    run(py, bytes.len() >= 1 << 16, || {
        decompress_with_dictionary(bytes, format, dict.as_ref(), &mut out)
    })
    .map_err(|e| {
        // The reader's errors come wrapped in io::Error; a dictionary error keeps its own type.
        match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<VerifyError>())
        {
            Some(inner) => read_error(py, inner),
            None => PyValueError::new_err(e.to_string()),
        }
    })?;
    Ok(PyBytes::new(py, &out))
}
