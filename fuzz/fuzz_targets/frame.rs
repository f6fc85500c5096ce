//! Arbitrary cap (from below the minimum to 1 MiB), records, level, container and delimiter:
//! construction errors are clean; every finished frame is <= cap and decodes to exactly the
//! accepted records; a refusal leaves no trace (a replay of only the accepted records gives the
//! same bytes); a record that fits no frame is reported, never lost; a twin frame streamed out
//! with `take_output` after every push gives the same answers and the same bytes. Payload and
//! record limits and a preset dictionary are drawn too.
#![no_main]
use fitflate::Level;
use fitflate::{BuildError, Dictionary, FrameBuilder, Push, PushError};
use fitflate_fuzz::{check_finished, FuzzFormat};
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    cap: u32,
    level: u8,
    format: FuzzFormat,
    delimiter: Option<Vec<u8>>,
    squeeze: bool,
    /// Limits beside the cap (`Some(0)` must be refused at build time).
    max_payload: Option<u16>,
    max_records: Option<u8>,
    /// A preset dictionary (gzip and legacy must refuse one at build time).
    dictionary: Option<Vec<u8>>,
    /// Whether a twin frame streamed out with `take_output` runs beside.
    twin: bool,
    records: Vec<Vec<u8>>,
}

/// Frames finished at most: later records are not offered. A tiny cap (a frame of a record or
/// two) otherwise finished dozens of frames per input, each starting afresh, for the same
/// paths; they took 43 % of the target's time on a sample of its corpus.
const MAX_FRAMES: usize = 8;
/// Records offered at most, and at the strongest level (every cost question splits finely, every
/// refusal squeezes). Inputs of 40-54 records squeezing at caps of a few hundred bytes took up to
/// 200 ms each on a sample of the corpus of this target's next run.
const MAX_RECORDS: usize = 24;
const MAX_RECORDS_STRONGEST: usize = 8;

fuzz_target!(|input: Input| {
    let format = input.format.format();
    let cap = u64::from(input.cap % (1 << 20));
    // Levels 11 and up are not levels: a clean error, never a frame.
    let level = match Level::new(u32::from(input.level % 12)) {
        Ok(level) => level,
        Err(e) => {
            assert!(input.level % 12 > 10 && e.to_string().contains("0..=10"));
            return;
        }
    };
    let mut builder = FrameBuilder::new(cap)
        .format(format)
        .level(level)
        .squeeze(input.squeeze)
        .max_payload(input.max_payload.map(u64::from))
        .max_records(input.max_records.map(u64::from))
        .dictionary(input.dictionary.as_deref().map(Dictionary::new));
    let delimiter = input.delimiter.clone().unwrap_or_else(|| b"\n".to_vec());
    builder = builder.delimiter(delimiter.clone());
    let mut frame = match builder.build() {
        Ok(f) => f,
        Err(BuildError::CapBelowMinimum { minimum, .. }) => {
            assert!(cap < minimum && minimum == builder.min_frame_size());
            assert!(input.dictionary.is_none() || format.takes_dictionary());
            return;
        }
        Err(BuildError::NoDictionaryField(e)) => {
            assert!(input.dictionary.is_some() && !format.takes_dictionary() && e.format == format);
            return;
        }
        Err(BuildError::ZeroLimit { limit }) => {
            assert!(
                (limit == "max_payload" && input.max_payload == Some(0))
                    || (limit == "max_records" && input.max_records == Some(0))
            );
            return;
        }
    };
    // The twin: same pushes, its final bytes taken out after each one.
    let mut streamed = input.twin.then(|| builder.build().unwrap());
    let mut taken = Vec::new();
    // Finished frames with the records they took; `current` is the open frame's.
    let mut frames: Vec<(Vec<u8>, Vec<&[u8]>)> = Vec::new();
    let mut current: Vec<&[u8]> = Vec::new();
    let mut reported = 0usize;
    let mut offered = 0usize;
    let most = if level.is_strongest() {
        MAX_RECORDS_STRONGEST
    } else {
        MAX_RECORDS
    };
    for r in input.records.iter().take(most) {
        if frames.len() == MAX_FRAMES {
            break;
        }
        offered += 1;
        let mut offers = 0;
        loop {
            offers += 1;
            let answer = frame.push(r);
            if let Some(streamed) = streamed.as_mut() {
                assert_eq!(
                    streamed.push(r),
                    answer,
                    "the streamed twin answered differently"
                );
                streamed.take_output(&mut taken);
            }
            match answer {
                Ok(Push::Accepted) => {
                    current.push(r);
                    break;
                }
                Ok(Push::Full) => {
                    assert!(
                        offers == 1 && !current.is_empty(),
                        "an empty frame said Full"
                    );
                    let done = std::mem::replace(&mut frame, builder.build().unwrap()).finish();
                    if let Some(streamed) = streamed.as_mut() {
                        taken.extend(streamed.finish_and_reset());
                        assert!(std::mem::take(&mut taken) == done, "streamed bytes differ");
                    }
                    frames.push((done, std::mem::take(&mut current)));
                }
                Err(PushError::RecordTooLarge { needed, .. }) => {
                    assert!(needed > cap && current.is_empty());
                    reported += 1;
                    break;
                }
                Err(PushError::PayloadTooLarge {
                    len,
                    delimiter_len,
                    max_payload,
                }) => {
                    assert!(current.is_empty() && len + delimiter_len > max_payload);
                    assert_eq!(Some(max_payload), input.max_payload.map(u64::from));
                    reported += 1;
                    break;
                }
                Err(e) => panic!("unexpected error {e}"),
            }
        }
    }
    let done = frame.finish();
    if let Some(streamed) = streamed {
        taken.extend(streamed.finish());
        assert!(taken == done, "streamed bytes differ");
    }
    frames.push((done, current));
    let accepted: usize = frames.iter().map(|(_, records)| records.len()).sum();
    assert_eq!(
        accepted + reported,
        offered,
        "a record was lost"
    );
    for (bytes, records) in &frames {
        check_finished(&builder, bytes, records);
    }
});
