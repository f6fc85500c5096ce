//! Reading frames back: pack then unpack gives the records back, in order, for every format,
//! level, delimiter and cap; corrupt, truncated and foreign input are errors, never panics.

mod common;

use common::{corpus_logs, lines_of, Rng};
use fitflate::Level;
use fitflate::{read, unpack, Format, FrameBuilder, OversizedPolicy, Packer, VerifyError};

/// Pack `records` and unpack every frame (named and detected format); the records that were not
/// skipped must come back in order.
fn round_trip(records: &[Vec<u8>], format: Format, level: u32, delimiter: &[u8], cap: u64) {
    let builder = FrameBuilder::new(cap)
        .format(format)
        .level(Level::new(level).unwrap())
        .delimiter(delimiter.to_vec());
    let packer = Packer::new(builder)
        .unwrap()
        .oversized(OversizedPolicy::Skip);
    let mut kept = Vec::new();
    let mut frames = Vec::new();
    let mut packer = packer;
    for record in records {
        match packer.push(record).unwrap() {
            fitflate::Pushed::Added => kept.push(record.clone()),
            fitflate::Pushed::Completed(f) => {
                frames.push(f);
                kept.push(record.clone());
            }
            fitflate::Pushed::Skipped(_) => {}
        }
    }
    let (last, _) = packer.finish();
    frames.extend(last);
    let mut back = Vec::new();
    let mut stream = Vec::new();
    for frame in &frames {
        assert!(frame.bytes.len() as u64 <= cap);
        let named = unpack(&frame.bytes, Some(format), delimiter).unwrap();
        if !delimiter.is_empty() {
            assert_eq!(named.len(), frame.stats.records);
        }
        if format != Format::Raw {
            let detected = unpack(&frame.bytes, None, delimiter).unwrap();
            assert_eq!(detected.format(), format);
            assert_eq!(detected, named);
        }
        back.extend(named.to_vec());
        stream.extend_from_slice(&frame.bytes);
    }
    let what = format!("{format} level {level} delimiter {delimiter:?} cap {cap}");
    if delimiter.is_empty() {
        // Records packed without a delimiter come back as one block per frame.
        assert_eq!(back.concat(), kept.concat(), "{what}");
    } else {
        assert_eq!(back, kept, "{what}");
    }
    // The frames one after the other decode as one stream, like `cat frames/* | gzip -dc`.
    if matches!(format, Format::Gzip | Format::Legacy) && !frames.is_empty() {
        let mut out = Vec::new();
        read::decompress(&stream, Some(format), &mut out).unwrap();
        let mut expected = Vec::new();
        for r in &kept {
            expected.extend_from_slice(r);
            expected.extend_from_slice(delimiter);
        }
        assert_eq!(out, expected, "{what}");
    }
}

#[test]
fn pack_then_unpack_every_format_level_delimiter_and_cap() {
    let data = std::fs::read(&corpus_logs()[2]).unwrap();
    let lines = lines_of(&data);
    let lines = &lines[..300];
    for format in Format::ALL {
        for level in [0, 1, 6, 9] {
            for delimiter in [&b"\n"[..], b"\r\n", b"\0", b"", b"<end>"] {
                for cap in [64, 1024, 16 << 10] {
                    round_trip(lines, format, level, delimiter, cap);
                }
            }
        }
    }
}

#[test]
fn pack_then_unpack_level_10_and_squeeze() {
    let data = std::fs::read(&corpus_logs()[0]).unwrap();
    let lines = lines_of(&data);
    for format in Format::ALL {
        round_trip(&lines[..120], format, 10, b"\n", 2048);
    }
    let builder = FrameBuilder::new(1024).squeeze(true);
    let (frames, totals) = Packer::new(builder).unwrap().pack_all(&lines).unwrap();
    let back: Vec<Vec<u8>> = frames
        .iter()
        .flat_map(|f| unpack(&f.bytes, None, b"\n").unwrap().to_vec())
        .collect();
    assert_eq!(back.len() as u64, totals.records);
    assert_eq!(back, lines);
}

#[test]
fn binary_records() {
    let mut rng = Rng::new(18);
    let records: Vec<Vec<u8>> = (0..400)
        .map(|_| {
            let len = rng.below(300);
            // No NUL inside: the delimiter must not occur in a record.
            rng.bytes(len).into_iter().map(|b| b.max(1)).collect()
        })
        .collect();
    for format in Format::ALL {
        round_trip(&records, format, 6, b"\0", 4096);
    }
}

#[test]
fn corrupt_and_truncated_frames_are_errors() {
    let data = std::fs::read(&corpus_logs()[1]).unwrap();
    let lines = lines_of(&data);
    for format in Format::ALL {
        let builder = FrameBuilder::new(2048).format(format);
        let (frames, _) = Packer::new(builder)
            .unwrap()
            .pack_all(&lines[..50])
            .unwrap();
        let frame = &frames[0].bytes;
        for n in 0..frame.len() {
            assert!(unpack(&frame[..n], Some(format), b"\n").is_err());
            let _ = unpack(&frame[..n], None, b"\n");
        }
        let mut rng = Rng::new(format as u64);
        for _ in 0..300 {
            let mut bad = frame.clone();
            let i = rng.below(bad.len());
            bad[i] ^= 1 << rng.below(8);
            // Every bit flip is caught by a checksum or the decoder, or hits a padding bit after
            // the end of the DEFLATE data and changes nothing (raw has no checksum, so it may
            // decode to something else: it must not panic).
            let got = unpack(&bad, Some(format), b"\n");
            if format != Format::Raw {
                assert!(
                    got.as_ref()
                        .map_or(true, |r| r.to_vec() == lines[..r.len() as usize]),
                    "{format}: flip at {i} not caught"
                );
            }
            let _ = unpack(&bad, None, b"\n");
            let _ = read::decompress(&bad, None, &mut Vec::new());
        }
    }
    let mut rng = Rng::new(7);
    for _ in 0..2000 {
        let len = rng.below(64);
        let junk = rng.bytes(len);
        let _ = unpack(&junk, None, b"\n");
        let _ = read::decompress(&junk, Some(Format::Raw), &mut Vec::new());
    }
    assert!(matches!(
        unpack(b"\x1f\x8b", None, b"\n"),
        Err(VerifyError::Truncated(_))
    ));
}
