//! Packing with helper threads that find matches ahead (`MatchAhead`, `pack --jobs`): the
//! frames are byte for byte those of one thread, whatever the kind of data, level, cap, limits
//! and refusals, and whichever side gets to a stretch of input first.

use std::thread;

use fitflate::{FrameBuilder, MatchAhead, OversizedPolicy, Packer, Pushed};
use fitflate_testkit::corpus;

/// The frames (and skipped records) of `records` packed with `builder`, with `helpers` helper
/// threads fed by a reader thread that sleeps now and then (so that the packer sometimes gets
/// to a stretch before the helpers and walks it itself).
fn pack(builder: &FrameBuilder, records: &[&[u8]], helpers: usize) -> (Vec<Vec<u8>>, u64) {
    let ahead = MatchAhead::new(builder, helpers);
    assert_eq!(ahead.is_some(), helpers > 0, "level 4-9 frames use helpers");
    let mut packer = Packer::new(builder.clone())
        .unwrap()
        .oversized(OversizedPolicy::Skip);
    if let Some(ahead) = &ahead {
        packer = packer.match_ahead(ahead);
    }
    thread::scope(|s| {
        if let Some(ahead) = &ahead {
            let feeder = ahead.feeder();
            s.spawn(move || {
                for (i, chunk) in records.chunks(500).enumerate() {
                    feeder.records(chunk.iter().copied());
                    if i % 7 == 3 {
                        thread::sleep(std::time::Duration::from_millis(2));
                    }
                }
                feeder.end();
            });
        }
        let mut frames = Vec::new();
        for r in records {
            if let Pushed::Completed(f) = packer.push(r).unwrap() {
                frames.push(f.bytes);
            }
        }
        let (last, totals) = packer.finish();
        frames.extend(last.map(|f| f.bytes));
        (frames, totals.skipped_records)
    })
}

#[test]
fn frames_do_not_depend_on_the_helpers() {
    for kind in corpus::kinds() {
        let data = kind.concatenated();
        let data = &data[..data.len().min(1 << 20)];
        let records: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
        for (level, cap) in [(6, 4096u64), (6, 64 << 10), (4, 16 << 10), (9, 16 << 10)] {
            let builder = FrameBuilder::new(cap).level(fitflate::Level::new(level).unwrap());
            let alone = pack(&builder, &records, 0);
            assert_eq!(
                pack(&builder, &records, 1),
                alone,
                "{} at level {level}, cap {cap}",
                kind.name()
            );
        }
    }
}

#[test]
fn limits_refusals_and_oversized_records_change_nothing() {
    let data = corpus::kind("json").concatenated();
    let records: Vec<&[u8]> = data.split(|&b| b == b'\n').take(400).collect();
    // 2 KiB caps refuse many JSON payloads outright; the limits cut frames early.
    let builder = FrameBuilder::new(2048)
        .max_records(Some(3))
        .max_payload(Some(40_000));
    let alone = pack(&builder, &records, 0);
    assert!(alone.1 > 0, "some records fit no frame");
    assert_eq!(pack(&builder, &records, 2), alone);
}

#[test]
fn only_levels_4_to_9_without_a_dictionary_take_helpers() {
    for level in fitflate::Level::all() {
        let builder = FrameBuilder::new(4096).level(level);
        let takes = MatchAhead::new(&builder, 1).is_some();
        assert_eq!(takes, (4..=9).contains(&level.get()), "level {level}");
    }
    assert!(MatchAhead::new(&FrameBuilder::new(4096), 0).is_none());
    let dict = fitflate::Dictionary::new(b"a preset dictionary");
    let builder = FrameBuilder::new(4096).dictionary(Some(dict));
    assert!(MatchAhead::new(&builder, 1).is_none());
}
