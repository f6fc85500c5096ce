//! Preset dictionaries from Python's ``zdict=`` arguments.

use fitflate::Dictionary;
use pyo3::prelude::*;

use crate::args::data;

/// A ``zdict=`` argument: None for none, else any bytes-like object (``b""`` is an empty
/// dictionary, as in zlib: it changes only a zlib frame's header).
pub(crate) fn parse_zdict(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Dictionary>> {
    obj.map(|obj| Ok(Dictionary::new(data(obj, "zdict")?.as_slice())))
        .transpose()
}
