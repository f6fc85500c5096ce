//! Records copied out of Python objects a batch at a time, to be packed with the GIL released.

use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::args::data;

/// Records of a list, a tuple or a regular file are copied out this many bytes at a time (or
/// `BATCH_RECORDS` records of a list or tuple) and packed with the GIL released (`pack`,
/// `Frame.push_many`), so that threads filling their own frames run in parallel.
pub(crate) const BATCH_BYTES: usize = 64 * 1024;
pub(crate) const BATCH_RECORDS: usize = 1024;

/// Records copied out of the input: `bytes[ends[k - 1]..ends[k]]` is the `k`-th, record
/// number `first + k` of the input, and those from `next` on are still to be packed. An item
/// that was no record stopped the copy: its error is raised once the records before it are
/// packed.
#[derive(Default)]
pub(crate) struct Batch {
    pub(crate) bytes: Vec<u8>,
    pub(crate) ends: Vec<usize>,
    pub(crate) next: usize,
    pub(crate) first: u64,
    pub(crate) error: Option<PyErr>,
}

impl Batch {
    pub(crate) fn is_empty(&self) -> bool {
        self.next == self.ends.len()
    }

    pub(crate) fn record(&self, k: usize) -> &[u8] {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.bytes[start..self.ends[k]]
    }

    /// The records are lines: drop each one's `\n`, and a `\r` before it unless `keep_cr`,
    /// as `fitflate pack` does.
    pub(crate) fn strip_line_ends(&mut self, keep_cr: bool) {
        let (mut out, mut start) = (0, 0);
        for k in 0..self.ends.len() {
            let end = self.ends[k];
            let mut line = start..end;
            if self.bytes[line.clone()].ends_with(b"\n") {
                line.end -= 1;
                if !keep_cr && self.bytes[line.clone()].ends_with(b"\r") {
                    line.end -= 1;
                }
            }
            self.bytes.copy_within(line.clone(), out);
            out += line.len();
            self.ends[k] = out;
            start = end;
        }
        self.bytes.truncate(out);
    }
}

/// Copy records of the list `items` (or tuple) from index `next` into `batch` (emptied first),
/// up to the most records and bytes given; returns the index after the last item taken. An item
/// that is no record stops the copy after it, its error kept in the batch.
pub(crate) fn fill(
    batch: &mut Batch,
    items: &Bound<'_, PyAny>,
    mut next: usize,
    (records, bytes): (usize, usize),
) -> usize {
    batch.bytes.clear();
    batch.ends.clear();
    batch.next = 0;
    let len = items.len().unwrap_or(0);
    while next < len && batch.ends.len() < records && batch.bytes.len() < bytes {
        // A list's or tuple's own accessor: the generic one costs a third of a small record's
        // time under the GIL.
        let item = match (items.cast::<PyList>(), items.cast::<PyTuple>()) {
            (Ok(list), _) => list.get_item(next),
            (_, Ok(tuple)) => tuple.get_item(next),
            _ => items.get_item(next),
        };
        let record = item.and_then(|item| {
            let record = data(&item, "record")?;
            batch.bytes.extend_from_slice(record.as_slice());
            Ok(())
        });
        next += 1;
        match record {
            Ok(()) => batch.ends.push(batch.bytes.len()),
            Err(e) => {
                batch.error = Some(e);
                break;
            }
        }
    }
    next
}
