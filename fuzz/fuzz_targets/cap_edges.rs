//! Caps at the exact edge, where other encoders have answered wrongly (an "ok" with an invalid
//! stream for a buffer one byte too small; an error for a buffer filled exactly): a frame is
//! packed once at a cap drawn from the input, and again with the cap set to the exact size
//! some record needed there, one byte less and one byte more, for every format and level.
//! At every push: a record whose exact cost (`cost_with`) fits is taken, and then the frame's
//! size is that cost; one that does not fit is refused (unless squeezing made it fit) and the
//! refusal changes nothing; the finished frame has exactly the size reported, is within its
//! cap and decodes to its records with three inflaters.
#![no_main]
use fitflate::Level;
use fitflate::{FrameBuilder, Push, PushError};
use fitflate_fuzz::{check_finished, FuzzFormat};
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    cap: u16,
    level: u8,
    format: FuzzFormat,
    squeeze: bool,
    /// Which record's exact cost becomes the second cap, and whether one less, equal or one more.
    pick: u8,
    delta: u8,
    records: Vec<Vec<u8>>,
}

/// Records at most, and bytes in all: enough for several blocks at small caps, few enough to keep
/// hundreds of executions a second.
const MAX_RECORDS: usize = 24;
const MAX_BYTES: usize = 16 * 1024;

/// Pack `records` into frames of `builder`'s cap, checking every decision at its edge; returns
/// the exact cost each record had when it was offered (to a frame holding something, or empty).
fn pack(builder: &FrameBuilder, records: &[Vec<u8>]) -> Vec<u64> {
    let cap = builder.cap();
    let mut frame = builder.build().unwrap();
    let squeezes = frame.is_squeezing();
    let mut taken: Vec<&[u8]> = Vec::new();
    let mut costs = Vec::new();
    // Finish `frame`, holding `taken`: the size reported, within the cap, the records back, and
    // no trace of any refusal (a frame offered only the records it took is bit-identical).
    let finished = |frame: fitflate::Frame, taken: &mut Vec<&[u8]>| {
        let size = frame.size();
        let bytes = frame.finish();
        assert_eq!(
            bytes.len() as u64,
            size,
            "finish differs from the reported size"
        );
        assert!(size <= cap, "frame of {size} bytes over its cap {cap}");
        check_finished(builder, &bytes, taken);
        taken.clear();
    };
    for r in records {
        let mut offers = 0;
        loop {
            offers += 1;
            let needed = frame.cost_with(r);
            costs.push(needed);
            match frame.push(r) {
                Ok(Push::Accepted) => {
                    let size = frame.size();
                    assert!(size <= cap, "accepted to {size} bytes over the cap {cap}");
                    if frame.level().is_strongest() && frame.records() == 1 {
                        // The strongest level re-parses a frame's first record at once.
                        assert!(size <= needed, "the first record's squeeze grew the frame");
                    } else if needed <= cap {
                        assert_eq!(size, needed, "size after the push is not its cost");
                    } else {
                        assert!(squeezes, "a record costing {needed} > {cap} was taken");
                    }
                    taken.push(r);
                    break;
                }
                Ok(Push::Full) => {
                    assert!(
                        needed > cap,
                        "a record costing {needed} <= {cap} was refused"
                    );
                    assert!(!frame.is_empty() && offers == 1);
                    let full = std::mem::replace(&mut frame, builder.build().unwrap());
                    finished(full, &mut taken);
                }
                Err(PushError::RecordTooLarge { needed: n, .. }) => {
                    assert!(frame.is_empty() && n > cap && needed > cap);
                    break;
                }
                Err(e) => panic!("unexpected error {e}"),
            }
        }
    }
    finished(frame, &mut taken);
    costs
}

/// ... and at the strongest level, whose frames re-parse near-optimally on every refusal and
/// first record, and price every cost question with the finest splitting (a few hundred bytes
/// already exercise all of it). Its cost grows with the records offered: on a sample of the
/// corpus, inputs of 12 or more records took 25 ms each, and level 10 85 % of the target's time.
const MAX_BYTES_STRONGEST: usize = 2 * 1024;
const MAX_RECORDS_STRONGEST: usize = 8;

fuzz_target!(|input: Input| {
    let format = input.format.format();
    let level = Level::new(u32::from(input.level % 11)).unwrap();
    let (mut budget, most) = if level.is_strongest() {
        (MAX_BYTES_STRONGEST, MAX_RECORDS_STRONGEST)
    } else {
        (MAX_BYTES, MAX_RECORDS)
    };
    let records: Vec<Vec<u8>> = input
        .records
        .into_iter()
        .take(most)
        .map(|mut r| {
            r.truncate(budget);
            budget -= r.len();
            r
        })
        .collect();
    let builder = |cap: u64| {
        FrameBuilder::new(cap)
            .format(format)
            .level(level)
            .squeeze(input.squeeze)
    };
    let first = u64::from(input.cap).max(format.min_frame_size());
    let costs = pack(&builder(first), &records);
    if costs.is_empty() {
        return;
    }
    let edge = costs[usize::from(input.pick) % costs.len()] + u64::from(input.delta % 3);
    let cap = (edge - 1).max(format.min_frame_size());
    pack(&builder(cap), &records);
});
