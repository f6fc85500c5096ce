//! The exceptions: `RecordTooLarge` and `DictionaryError` with their attributes, and ValueError
//! for bad settings and bad frames.

use fitflate::frame::{BuildError, PushError};
use fitflate::VerifyError;
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

create_exception!(
    fitflate,
    DictionaryError,
    PyValueError,
    "A zlib frame packed with a preset dictionary, read without it or with another one (a \
     subclass of ValueError).\n\n\
     Attributes: ``dictionary_id`` (the DICTID the frame names: the Adler-32 of the dictionary \
     it was packed with, ``zlib.adler32(zdict)``) and ``given_id`` (the DICTID of the ``zdict`` \
     given, or None when none was)."
);

/// The Python exception for a frame or stream that does not read back: `DictionaryError` for a
/// missing or other preset dictionary, ValueError for anything else.
pub(crate) fn read_error(py: Python<'_>, e: &VerifyError) -> PyErr {
    let (id, given) = match *e {
        VerifyError::DictionaryNeeded { id } => (id, None),
        VerifyError::DictionaryMismatch { stored, given } => (stored, Some(given)),
        _ => return PyValueError::new_err(e.to_string()),
    };
    let err = DictionaryError::new_err(e.to_string());
    let value = err.value(py);
    // As for RecordTooLarge: setting attributes on a fresh exception cannot fail in practice.
    let _ = value.setattr("dictionary_id", id);
    let _ = value.setattr("given_id", given);
    err
}

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
