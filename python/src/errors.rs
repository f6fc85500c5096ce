//! The exceptions: `RecordTooLarge` with its attributes, and ValueError for bad settings.

use fitflate::frame::{BuildError, PushError};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

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

pub(crate) fn settings_error(e: BuildError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The Python exception for a record that fits no frame.
pub(crate) fn too_large(py: Python<'_>, message: String, reason: &PushError) -> PyErr {
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

pub(crate) fn push_error(py: Python<'_>, e: PushError) -> PyErr {
    too_large(py, e.to_string(), &e)
}
