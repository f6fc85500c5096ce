//! The latency bound of `pack --flush-after`: the open frame is due once its first record is
//! that old, and the packer waits for input only until then.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use fitflate::Packer;

/// What the packer does next.
pub(super) enum Next<T> {
    /// Pack this input.
    Input(T),
    /// Finish the open frame first: it is due, and no input came before.
    Due,
    /// The reader is done.
    Ended,
}

/// True when the open frame holds a record and has held it for `flush_after` or longer.
pub(super) fn due(packer: &Packer, flush_after: Option<Duration>) -> bool {
    wait_left(packer, flush_after).is_some_and(|left| left.is_zero())
}

/// How long the open frame may wait for more records: `None` when there is no bound (no
/// `--flush-after`, or an empty frame: no clock runs).
fn wait_left(packer: &Packer, flush_after: Option<Duration>) -> Option<Duration> {
    let bound = flush_after?;
    let age = packer.current().first_record_age()?;
    Some(bound.saturating_sub(age))
}

/// The next input, waiting at most until the open frame is due.
pub(super) fn next<T>(
    input: &Receiver<T>,
    packer: &Packer,
    flush_after: Option<Duration>,
) -> Next<T> {
    match wait_left(packer, flush_after) {
        None => input.recv().map_or(Next::Ended, Next::Input),
        Some(left) => match input.recv_timeout(left) {
            Ok(received) => Next::Input(received),
            Err(RecvTimeoutError::Timeout) => Next::Due,
            Err(RecvTimeoutError::Disconnected) => Next::Ended,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;
    use std::thread;
    use std::time::Instant;

    use fitflate::FrameBuilder;

    #[test]
    fn an_open_frame_stops_the_wait_at_its_deadline() {
        let bound = Some(Duration::from_millis(150));
        let mut packer = Packer::new(FrameBuilder::new(4096)).unwrap();
        let (tx, rx) = channel::<u32>();
        // An empty frame has no deadline: the wait is for input alone.
        assert!(!due(&packer, bound));
        tx.send(1).unwrap();
        assert!(matches!(next(&rx, &packer, bound), Next::Input(1)));
        packer.push(b"first record").unwrap();
        let pushed = Instant::now();
        assert!(!due(&packer, bound));
        // No input comes: the wait ends when the frame is due, not before.
        assert!(matches!(next(&rx, &packer, bound), Next::Due));
        assert!(pushed.elapsed() >= Duration::from_millis(150));
        assert!(due(&packer, bound));
        // Due, input waiting: it is handed over (the caller finishes the frame before packing
        // it, since the frame is due).
        tx.send(2).unwrap();
        assert!(matches!(next(&rx, &packer, bound), Next::Input(2)));
        let frame = packer
            .finish_frame()
            .expect("the frame of the first record");
        assert_eq!(frame.stats.records, 1);
        assert!(!due(&packer, bound));
        // Without the bound nothing is ever due.
        packer.push(b"another").unwrap();
        assert!(!due(&packer, None));
        // Input arriving before the deadline ends the wait at once.
        let sender = thread::spawn(move || {
            thread::sleep(Duration::from_millis(20));
            tx.send(3).unwrap();
        });
        let long = Some(Duration::from_secs(60));
        let start = Instant::now();
        assert!(matches!(next(&rx, &packer, long), Next::Input(3)));
        assert!(start.elapsed() < Duration::from_secs(30));
        sender.join().unwrap();
        // The reader gone: the end, with or without a deadline.
        assert!(matches!(next(&rx, &packer, long), Next::Ended));
        packer.finish_frame();
        assert!(matches!(next(&rx, &packer, long), Next::Ended));
    }
}
