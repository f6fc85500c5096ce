//! Arbitrary cap (from below the minimum to 1 MiB), records, level, container and delimiter:
//! construction errors are clean; every finished frame is <= cap and decodes to exactly the
//! accepted records; a refusal leaves the frame unchanged and is justified; a record that fits
//! no frame is reported, never lost; a twin frame streamed out with `take_output` after every
//! push gives the same answers and the same bytes.
#![no_main]
use fitflate::{BuildError, FrameBuilder, Push, PushError};
use fitflate_fuzz::{decode_all, FuzzFormat};
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    cap: u32,
    level: u8,
    format: FuzzFormat,
    delimiter: Option<Vec<u8>>,
    squeeze: bool,
    records: Vec<Vec<u8>>,
}

fuzz_target!(|input: Input| {
    let format = input.format.format();
    let cap = u64::from(input.cap % (1 << 20));
    let mut builder = FrameBuilder::new(cap)
        .format(format)
        .level(u32::from(input.level % 12))
        .squeeze(input.squeeze);
    let delimiter = input.delimiter.clone().unwrap_or_else(|| b"\n".to_vec());
    builder = builder.delimiter(delimiter.clone());
    let mut frame = match builder.build() {
        Ok(f) => f,
        Err(BuildError::CapBelowMinimum { minimum, .. }) => {
            assert!(cap < minimum && minimum == format.min_frame_size());
            return;
        }
        Err(BuildError::Level(_)) => {
            assert!(input.level % 12 > 10);
            return;
        }
    };
    // The twin: same pushes, its final bytes taken out after each one.
    let mut streamed = builder.build().unwrap();
    let mut taken = Vec::new();
    let mut frames = Vec::new();
    let mut want = Vec::new(); // payload of accepted records, frame by frame
    let mut current = Vec::new();
    let mut reported = 0usize;
    let mut accepted = 0usize;
    for r in &input.records {
        // Finished only if the record is refused: a clone is cheap, finishing is not.
        let before = frame.clone();
        let answer = frame.push(r);
        assert_eq!(streamed.push(r), answer, "the streamed twin answered differently");
        streamed.take_output(&mut taken);
        match answer {
            Ok(Push::Accepted) => {
                accepted += 1;
                current.extend_from_slice(r);
                current.extend_from_slice(&delimiter);
            }
            Ok(Push::Full) => {
                // Unchanged, and justified: with the record the exact cost exceeds the cap.
                assert!(frame.clone().finish() == before.finish(), "refusal changed the frame");
                frames.push(std::mem::replace(&mut frame, builder.build().unwrap()).finish());
                taken.extend(streamed.finish_and_reset());
                assert!(
                    std::mem::take(&mut taken) == *frames.last().unwrap(),
                    "streamed bytes differ"
                );
                want.push(std::mem::take(&mut current));
                let answer = frame.push(r);
                assert_eq!(streamed.push(r), answer, "the streamed twin answered differently");
                streamed.take_output(&mut taken);
                match answer {
                    Ok(Push::Accepted) => {
                        accepted += 1;
                        current.extend_from_slice(r);
                        current.extend_from_slice(&delimiter);
                    }
                    Ok(Push::Full) => panic!("an empty frame said Full"),
                    Err(PushError::RecordTooLarge { needed, .. }) => {
                        assert!(needed > cap);
                        reported += 1;
                    }
                    Err(e) => panic!("unexpected error {e}"),
                }
            }
            Err(PushError::RecordTooLarge { needed, .. }) => {
                assert!(needed > cap && frame.records() == 0);
                assert!(frame.clone().finish() == before.finish());
                reported += 1;
            }
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    frames.push(frame.finish());
    taken.extend(streamed.finish());
    assert!(taken == *frames.last().unwrap(), "streamed bytes differ");
    want.push(current);
    assert_eq!(accepted + reported, input.records.len(), "a record was lost");
    for (bytes, payload) in frames.iter().zip(&want) {
        assert!(bytes.len() as u64 <= cap, "frame over its cap");
        assert!(decode_all(bytes, format) == *payload);
    }
});
