//! Preset dictionaries from Python's ``zdict=`` arguments.

use std::cell::RefCell;

use fitflate::Dictionary;
use pyo3::prelude::*;

use crate::args::data;

thread_local! {
    /// The last dictionary made on this thread, with the bytes it was made of.
    static LAST: RefCell<Option<(Vec<u8>, Dictionary)>> = const { RefCell::new(None) };
}

/// The dictionary of `bytes`. Priming one hashes its window (a quarter of a millisecond for
/// 32 KiB), and a reader passes the same ``zdict`` for every frame: the last one made on this
/// thread is kept and handed out again for the same bytes.
fn dictionary(bytes: &[u8]) -> Dictionary {
    let cached = LAST
        .try_with(|last| {
            let last = last.try_borrow().ok()?;
            let (kept, dict) = last.as_ref()?;
            (kept[..] == *bytes).then(|| dict.clone())
        })
        .ok()
        .flatten();
    if let Some(dict) = cached {
        return dict;
    }
    let dict = Dictionary::new(bytes);
    // `try_with` fails only while the thread is being torn down; nothing is kept then.
    let _ = LAST.try_with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            *last = Some((bytes.to_vec(), dict.clone()));
        }
    });
    dict
}

/// A ``zdict=`` argument: None for none, else any bytes-like object (``b""`` is an empty
/// dictionary, as in zlib: it changes only a zlib frame's header).
pub(crate) fn parse_zdict(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Dictionary>> {
    obj.map(|obj| Ok(dictionary(data(obj, "zdict")?.as_slice())))
        .transpose()
}
