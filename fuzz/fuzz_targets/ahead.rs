//! Match lists made ahead (the helper threads of `pack --jobs`): streams whose match searches
//! are answered from lists made over the whole input, in stretches of any size, are byte for
//! byte the streams that walk their own chains, and decode to their records — whatever the level
//! (4-9), where the streams start, which appends are rolled back (a refused record starts the
//! next stream) and where the input ends.
#![no_main]
use std::sync::Arc;

use fitflate::{Deflater, InputLists, Level, MatchSource};
use fitflate_fuzz::decode_all;
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    level: u8,
    /// Stretch size of the lists, 1 to 8,192 bytes.
    stretch: u16,
    /// Per record: 0 appended; 1 appended then rolled back, and the next stream starts with
    /// it; 2 the next stream starts with it.
    ops: Vec<u8>,
    records: Vec<Vec<u8>>,
    /// Repeat the records this many times (1-8): long inputs, matches far back.
    repeat: u8,
}

/// Both streams' bytes are the same and decode to `payload`.
fn finish(with: &mut Deflater, without: &mut Deflater, payload: &[u8]) {
    let (a, b) = (with.finish_and_reset(), without.finish_and_reset());
    assert!(a == b, "a stream with lists differs from one without");
    assert_eq!(decode_all(&a, fitflate::Format::Raw), payload);
}

fuzz_target!(|input: Input| {
    let level = Level::new(4 + u32::from(input.level % 6)).unwrap();
    let repeat = 1 + usize::from(input.repeat % 8);
    let records: Vec<&[u8]> = (0..repeat)
        .flat_map(|_| input.records.iter().map(Vec::as_slice))
        .take(400)
        .collect();
    let mut all = Vec::new();
    let mut offsets = Vec::new();
    for r in &records {
        offsets.push(all.len());
        all.extend_from_slice(r);
        all.push(b'\n');
    }
    let stretch = 1 + usize::from(input.stretch % 8192);
    let source: Arc<dyn MatchSource> = Arc::new(InputLists::new(level, &all, stretch));
    let (mut with, mut without) = (Deflater::new(level), Deflater::new(level));
    with.set_match_source(Some(source.clone()), 0);
    let mut start = 0;
    for (i, r) in records.iter().enumerate() {
        let op = input.ops.get(i).copied().unwrap_or(0) % 3;
        let record = &all[offsets[i]..offsets[i] + r.len() + 1];
        if op == 1 {
            for d in [&mut with, &mut without] {
                d.checkpoint();
                d.append(record);
                d.rollback();
            }
        }
        if op != 0 {
            // The record starts the next stream.
            finish(&mut with, &mut without, &all[start..offsets[i]]);
            start = offsets[i];
            with.set_match_source(Some(source.clone()), start as u64);
        }
        for d in [&mut with, &mut without] {
            d.checkpoint();
            d.append(record);
            d.commit();
        }
    }
    finish(&mut with, &mut without, &all[start..]);
});
