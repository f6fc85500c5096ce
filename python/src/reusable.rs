//! The frame behind every Python object: it reopens when finished, and compresses large records
//! with the GIL released.

use fitflate::container::Format;
use fitflate::frame::{BuildError, Frame, FrameBuilder, Push, PushError};
use fitflate::Dictionary;
use pyo3::prelude::*;

use crate::GIL_RELEASE_THRESHOLD;

/// Run `f`, with the GIL released when `detach` is set.
pub(crate) fn run<T: Send, F: FnOnce() -> T + Send>(py: Python<'_>, detach: bool, f: F) -> T {
    if detach {
        py.detach(f)
    } else {
        f()
    }
}

/// A capped frame that reopens itself: `finish()` returns the bytes and leaves a fresh empty
/// frame with the same settings, so one Python object serves any number of frames. Records of
/// [`GIL_RELEASE_THRESHOLD`] bytes or more are compressed with the GIL released.
pub(crate) struct Reusable {
    pub(crate) frame: Frame,
}

impl Reusable {
    /// An empty frame with `builder`'s settings (cap, format, level, delimiter, dictionary...).
    pub(crate) fn new(builder: FrameBuilder) -> Result<Self, BuildError> {
        Ok(Reusable {
            frame: builder.build()?,
        })
    }

    /// An empty frame with the same settings (the preset dictionary too: the settings hold it).
    pub(crate) fn empty_like(&self) -> Self {
        Reusable::new(self.frame.settings()).expect("frame settings were validated at construction")
    }

    /// Push `record`, with the GIL released if it is long enough to pay for that.
    pub(crate) fn push(&mut self, py: Python<'_>, record: &[u8]) -> Result<Push, PushError> {
        let frame = &mut self.frame;
        run(py, record.len() >= GIL_RELEASE_THRESHOLD, move || {
            frame.push(record)
        })
    }

    /// Push `record` as things are (the caller released the GIL, or holds it on purpose).
    pub(crate) fn push_here(&mut self, record: &[u8]) -> Result<Push, PushError> {
        self.frame.push(record)
    }

    /// The frame's bytes; the object then holds a fresh empty frame.
    pub(crate) fn finish(&mut self) -> Vec<u8> {
        // The frame resets itself in place (same settings), reusing its allocations.
        self.frame.finish_and_reset()
    }

    pub(crate) fn records(&self) -> u64 {
        self.frame.records()
    }

    pub(crate) fn size(&self) -> u64 {
        self.frame.size()
    }

    pub(crate) fn cap(&self) -> u64 {
        self.frame.cap()
    }

    pub(crate) fn level(&self) -> u32 {
        self.frame.level().get()
    }

    pub(crate) fn format(&self) -> Format {
        self.frame.format()
    }

    pub(crate) fn delimiter(&self) -> &[u8] {
        self.frame.delimiter()
    }

    pub(crate) fn payload_bytes(&self) -> u64 {
        self.frame.payload_bytes()
    }

    pub(crate) fn max_payload(&self) -> Option<u64> {
        self.frame.max_payload()
    }

    pub(crate) fn max_records(&self) -> Option<u64> {
        self.frame.max_records()
    }

    pub(crate) fn first_record_age(&self) -> Option<f64> {
        self.frame.first_record_age().map(|age| age.as_secs_f64())
    }

    pub(crate) fn dictionary_id(&self) -> Option<u32> {
        self.frame.dictionary().map(Dictionary::id)
    }
}
