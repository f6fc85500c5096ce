//! Reading the inputs of `pack` on a thread of their own, so that waiting for input never holds
//! up the packer: a frame that is due under `--flush-after` is finished while the reader waits
//! for the next line. The records cross a bounded channel in batches (one batch per read of the
//! input at most, so that fast inputs pay little for the channel), and the records read so far
//! are always sent before a read that may wait: none sits in the reader while more are awaited.

use std::cell::RefCell;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;

use fitflate::{Feeder, LineRecords};

use crate::cmd::shared::open_unbuffered;

/// A batch is sent once it holds this many bytes of records...
const BATCH_BYTES: usize = 64 << 10;
/// ... or this many records (or before the next read of the input, whichever comes first).
const BATCH_RECORDS: usize = 4096;
/// Batches on their way to the packer: with the one being filled and the one being packed,
/// memory stays at a few batches whatever the input.
const IN_FLIGHT: usize = 4;
/// ... or, with helpers finding matches ahead (`--jobs`), enough for them to stay ahead of the
/// packer (4 MiB).
const IN_FLIGHT_AHEAD: usize = 64;

/// What the reader sends, in input order.
pub(super) enum Input {
    /// Records of one file.
    Batch(Batch),
    /// A file is read to its end (`error: None`) or reading it failed after the records sent.
    Done {
        file: usize,
        /// Records read from the file.
        records: u64,
        /// Bytes read from the file (line ends included).
        bytes_read: u64,
        /// Records whose `\r` before the `\n` was dropped.
        cr_stripped: u64,
        error: Option<String>,
    },
    /// A file could not be opened: nothing after it is read.
    Unopened { file: usize, reason: String },
}

/// Consecutive records of one file.
pub(super) struct Batch {
    pub(super) file: usize,
    /// The number of its first record in the file, from 1.
    first: u64,
    data: Vec<u8>,
    ends: Vec<End>,
}

/// Where a record of a batch ends, and how far the file was read then.
struct End {
    /// End of the record in the batch's data.
    data: usize,
    /// Bytes of the file read up to the end of this record.
    bytes_read: u64,
    /// Records of the file whose `\r` was dropped, up to this one.
    cr_stripped: u64,
}

/// A record of a batch, with its place in its file.
pub(super) struct Record<'a> {
    pub(super) bytes: &'a [u8],
    /// Its number in the file, from 1.
    pub(super) number: u64,
    /// Bytes of the file read up to its end.
    pub(super) bytes_read: u64,
    /// Records of the file whose `\r` was dropped, up to this one.
    pub(super) cr_stripped: u64,
}

impl Batch {
    fn new(file: usize, first: u64) -> Self {
        Batch {
            file,
            first,
            data: Vec::new(),
            ends: Vec::new(),
        }
    }

    fn is_full(&self) -> bool {
        self.data.len() >= BATCH_BYTES || self.ends.len() >= BATCH_RECORDS
    }

    /// The records, in order.
    pub(super) fn records(&self) -> impl Iterator<Item = Record<'_>> {
        let mut start = 0;
        self.ends
            .iter()
            .zip(self.first..)
            .map(move |(end, number)| {
                let bytes = &self.data[start..end.data];
                start = end.data;
                Record {
                    bytes,
                    number,
                    bytes_read: end.bytes_read,
                    cr_stripped: end.cr_stripped,
                }
            })
    }
}

/// The batch being filled, shared by the reading loop (which adds records) and the input
/// (which sends it before each read).
struct Outbox {
    tx: SyncSender<Input>,
    batch: Batch,
    /// The helpers of `--jobs`, fed each batch as it is sent.
    feeder: Option<Feeder>,
}

impl Outbox {
    /// Send the batch if it holds records; false when the packer has stopped listening.
    fn send(&mut self) -> bool {
        if self.batch.ends.is_empty() {
            return true;
        }
        let next = Batch::new(
            self.batch.file,
            self.batch.first + self.batch.ends.len() as u64,
        );
        let batch = std::mem::replace(&mut self.batch, next);
        if let Some(feeder) = &self.feeder {
            feeder.records(batch.records().map(|r| r.bytes));
        }
        self.tx.send(Input::Batch(batch)).is_ok()
    }
}

/// An input that sends the records read so far before every read (which may wait for more).
struct SendFirst<R> {
    inner: R,
    outbox: Rc<RefCell<Outbox>>,
}

impl<R: Read> Read for SendFirst<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.outbox.borrow_mut().send() {
            return Err(io::Error::other("the packer stopped"));
        }
        self.inner.read(buf)
    }
}

/// How the reader splits records: at `\n` (dropping a `\r` before it unless `keep_cr`), or at
/// NUL bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Split {
    pub(super) null: bool,
    pub(super) keep_cr: bool,
}

/// Start reading `files` (`-` is stdin) on a thread of its own; the receiver gets their records
/// in order. Dropping it stops the thread at its next send (or, if it waits for input, with the
/// process). With a `feeder`, every batch goes to it too, before the packer gets it, and it is
/// told when the records end.
pub(super) fn spawn(
    files: Vec<PathBuf>,
    split: Split,
    feeder: Option<Feeder>,
) -> io::Result<Receiver<Input>> {
    let (tx, rx) = sync_channel(if feeder.is_some() {
        IN_FLIGHT_AHEAD
    } else {
        IN_FLIGHT
    });
    thread::Builder::new()
        .name("fitflate-reader".into())
        .spawn(move || {
            let open = |i: usize| open_unbuffered(&files[i]);
            read_inputs(files.len(), open, split, tx, feeder)
        })?;
    Ok(rx)
}

/// Tells the feeder that the records end, however reading ends.
struct EndFeed(Option<Feeder>);

impl Drop for EndFeed {
    fn drop(&mut self) {
        if let Some(feeder) = &self.0 {
            feeder.end();
        }
    }
}

/// Read inputs `0..count`, opened by `open`, and send their records.
fn read_inputs<R, O>(
    count: usize,
    mut open: O,
    split: Split,
    tx: SyncSender<Input>,
    feeder: Option<Feeder>,
) where
    R: Read,
    O: FnMut(usize) -> Result<R, String>,
{
    let _end = EndFeed(feeder.clone());
    for file in 0..count {
        let input = match open(file) {
            Ok(input) => input,
            Err(reason) => {
                let _ = tx.send(Input::Unopened { file, reason });
                return;
            }
        };
        let outbox = Rc::new(RefCell::new(Outbox {
            tx: tx.clone(),
            batch: Batch::new(file, 1),
            feeder: feeder.clone(),
        }));
        let input = BufReader::with_capacity(
            1 << 16,
            SendFirst {
                inner: input,
                outbox: Rc::clone(&outbox),
            },
        );
        let mut lines = if split.null {
            LineRecords::null_separated(input)
        } else {
            LineRecords::new(input).keep_cr(split.keep_cr)
        };
        let mut records = 0u64;
        let error = loop {
            let mut out = match lines.next_record() {
                Ok(Some(record)) => {
                    let mut out = outbox.borrow_mut();
                    out.batch.data.extend_from_slice(record);
                    out
                }
                Ok(None) => break None,
                Err(e) => break Some(e.to_string()),
            };
            records += 1;
            let data = out.batch.data.len();
            out.batch.ends.push(End {
                data,
                bytes_read: lines.bytes_read(),
                cr_stripped: lines.cr_stripped(),
            });
            if out.batch.is_full() && !out.send() {
                return;
            }
        };
        let sent = outbox.borrow_mut().send();
        let done = Input::Done {
            file,
            records,
            bytes_read: lines.bytes_read(),
            cr_stripped: lines.cr_stripped(),
            error,
        };
        if !sent || tx.send(done).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{channel, Receiver as StdReceiver};
    use std::time::Duration;

    /// An input that hands out chunks as they arrive on a channel, waiting for each (as a pipe
    /// does), and ends when the channel closes.
    struct Trickle {
        chunks: StdReceiver<Vec<u8>>,
        rest: Vec<u8>,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.rest.is_empty() {
                match self.chunks.recv() {
                    Ok(chunk) => self.rest = chunk,
                    Err(_) => return Ok(0),
                }
            }
            let n = buf.len().min(self.rest.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest.drain(..n);
            Ok(n)
        }
    }

    fn lines() -> Split {
        Split {
            null: false,
            keep_cr: false,
        }
    }

    fn records(input: &Input) -> Vec<(u64, Vec<u8>)> {
        match input {
            Input::Batch(b) => b.records().map(|r| (r.number, r.bytes.to_vec())).collect(),
            _ => panic!("not a batch"),
        }
    }

    #[test]
    fn records_read_are_sent_before_the_reader_waits() {
        let (feed, chunks) = channel();
        let (tx, rx) = sync_channel(IN_FLIGHT);
        let mut trickle = Some(Trickle {
            chunks,
            rest: Vec::new(),
        });
        let reader = thread::spawn(move || {
            read_inputs(1, |_| Ok(trickle.take().unwrap()), lines(), tx, None);
        });
        // Two whole lines and half of a third: the two arrive while the reader waits for more.
        feed.send(b"one\r\ntwo\nthr".to_vec()).unwrap();
        let first = rx.recv_timeout(Duration::from_secs(10)).expect("a batch");
        assert_eq!(
            records(&first),
            vec![(1, b"one".to_vec()), (2, b"two".to_vec())]
        );
        assert!(rx.recv_timeout(Duration::from_millis(50)).is_err());
        feed.send(b"ee\nfour".to_vec()).unwrap();
        let second = rx.recv_timeout(Duration::from_secs(10)).expect("a batch");
        assert_eq!(records(&second), vec![(3, b"three".to_vec())]);
        drop(feed);
        let third = rx.recv_timeout(Duration::from_secs(10)).expect("a batch");
        assert_eq!(records(&third), vec![(4, b"four".to_vec())]);
        match rx.recv_timeout(Duration::from_secs(10)).expect("the end") {
            Input::Done {
                file: 0,
                records: 4,
                bytes_read: 19,
                cr_stripped: 1,
                error: None,
            } => {}
            _ => panic!("not the end of file 0"),
        }
        reader.join().unwrap();
        assert!(rx.recv().is_err(), "nothing after the last file");
    }

    #[test]
    fn large_inputs_come_in_bounded_batches_in_order() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let inputs = [text.clone(), b"last\0x".to_vec()];
        let (tx, rx) = sync_channel(IN_FLIGHT);
        let reader = thread::spawn(move || {
            read_inputs(
                3,
                |i| match i {
                    2 => Err("cannot open third".to_string()),
                    i => Ok(&inputs[i][..]),
                },
                Split {
                    null: false,
                    keep_cr: true,
                },
                tx,
                None,
            );
        });
        let mut got: Vec<Vec<(u64, Vec<u8>)>> = vec![Vec::new(), Vec::new()];
        let mut done = Vec::new();
        for input in rx.iter() {
            match input {
                Input::Batch(b) => {
                    assert!(b.ends.len() <= BATCH_RECORDS);
                    assert!(b.data.len() < BATCH_BYTES + 64);
                    let last = b.records().last().unwrap();
                    assert!(last.bytes_read > 0);
                    got[b.file].extend(b.records().map(|r| (r.number, r.bytes.to_vec())));
                }
                Input::Done {
                    file,
                    records,
                    bytes_read,
                    error,
                    ..
                } => done.push((file, records, bytes_read, error)),
                Input::Unopened { file, reason } => done.push((file, 0, 0, Some(reason))),
            }
        }
        reader.join().unwrap();
        let want: Vec<(u64, Vec<u8>)> = (0..20_000u32)
            .map(|i| (u64::from(i) + 1, format!("line {i}").into_bytes()))
            .collect();
        assert_eq!(got[0], want);
        assert_eq!(got[1], vec![(1, b"last\0x".to_vec())]);
        assert_eq!(
            done,
            vec![
                (0, 20_000, text.len() as u64, None),
                (1, 1, 6, None),
                (2, 0, 0, Some("cannot open third".to_string())),
            ]
        );
    }
}
