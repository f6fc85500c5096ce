//! `verify` rejects corrupt, truncated and padded frames with an error — never a panic — and
//! accepts good ones with the right record count.

mod common;

use common::Rng;
use fitflate::verify::{decode, VerifyError};
use fitflate::Level;
use fitflate::{verify_frame, Format, FrameBuilder, Push, VerifyOptions};
use quickcheck::{QuickCheck, TestResult};

/// A frame of `format` holding a few log-like records.
fn sample_frame(format: Format, level: u32) -> (Vec<u8>, u64) {
    let mut frame = FrameBuilder::new(4096)
        .format(format)
        .level(Level::new(level).unwrap())
        .build()
        .unwrap();
    let mut rng = Rng::new(9);
    let mut n = 0;
    for i in 0..40 {
        let r = format!("{i} {}", String::from_utf8(rng.alnum(i % 30)).unwrap());
        assert_eq!(frame.push(r.as_bytes()), Ok(Push::Accepted));
        n += 1;
    }
    (frame.finish(), n)
}

#[test]
fn accepts_good_frames_and_counts_records() {
    for format in Format::ALL {
        for level in [0, 1, 6, 9] {
            let (bytes, n) = sample_frame(format, level);
            let options = VerifyOptions {
                cap: Some(4096),
                ..VerifyOptions::new(format)
            };
            let report = verify_frame(&bytes, &options).unwrap();
            assert_eq!(report.records, Some(n));
            assert_eq!(report.frame_bytes, bytes.len() as u64);
            // Over a smaller cap it is refused.
            let small = VerifyOptions {
                cap: Some(bytes.len() as u64 - 1),
                ..VerifyOptions::new(format)
            };
            assert_eq!(
                verify_frame(&bytes, &small),
                Err(VerifyError::OverCap {
                    size: bytes.len() as u64,
                    cap: bytes.len() as u64 - 1
                })
            );
            // With another delimiter the payload does not end in one.
            let other = VerifyOptions {
                delimiter: b"\0".to_vec(),
                ..VerifyOptions::new(format)
            };
            assert!(matches!(
                verify_frame(&bytes, &other),
                Err(VerifyError::UnterminatedRecord { .. })
            ));
        }
    }
}

#[test]
fn every_truncation_and_any_padding_is_an_error() {
    for format in Format::ALL {
        let (bytes, _) = sample_frame(format, 6);
        for n in 0..bytes.len() {
            let r = decode(&bytes[..n], format);
            assert!(r.is_err(), "{format}: prefix of {n} bytes accepted");
            let msg = r.unwrap_err().to_string();
            assert!(!msg.is_empty());
        }
        let mut padded = bytes.clone();
        padded.push(0);
        let r = decode(&padded, format);
        assert!(r.is_err(), "{format}: a trailing byte accepted");
    }
}

/// Flip each bit in turn: the frame must be rejected, except where the format carries no check
/// — gzip FTEXT/MTIME/XFL/OS, the padding bits after the last DEFLATE block (which decode to the same
/// bytes), and raw DEFLATE as a whole, which has no checksum: there a flip may decode to other
/// bytes, but never panics.
#[test]
fn bit_flips_are_caught() {
    for format in Format::ALL {
        let (bytes, _) = sample_frame(format, 6);
        let payload = decode(&bytes, format).unwrap();
        let last_deflate_byte = bytes.len() - 1 - format.trailer_len() as usize;
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut bad = bytes.clone();
                bad[i] ^= 1 << bit;
                let r = decode(&bad, format);
                let unchecked = match format {
                    Format::Raw => true,
                    // FTEXT (FLG bit 0) is a hint only; MTIME, XFL and OS are informative.
                    Format::Gzip => (i == 3 && bit == 0) || (4..10).contains(&i),
                    Format::Legacy | Format::Zlib => false,
                };
                if unchecked {
                    continue;
                }
                if i == last_deflate_byte {
                    // Only padding bits may flip unnoticed, and then nothing changes.
                    assert!(r.is_err() || r == Ok(payload.clone()));
                } else {
                    assert!(
                        r.is_err(),
                        "{format}: flip of bit {bit} in byte {i} accepted"
                    );
                }
            }
        }
    }
}

#[test]
fn specific_errors_are_named() {
    let (gz, _) = sample_frame(Format::Gzip, 6);
    let n = gz.len();
    let mut bad = gz.clone();
    bad[n - 8] ^= 1;
    assert!(matches!(
        decode(&bad, Format::Gzip),
        Err(VerifyError::ChecksumMismatch { kind: "CRC-32", .. })
    ));
    let mut bad = gz.clone();
    bad[n - 1] ^= 1;
    assert!(matches!(
        decode(&bad, Format::Gzip),
        Err(VerifyError::LengthMismatch { .. })
    ));
    let mut bad = gz.clone();
    bad[0] = 0;
    assert!(decode(&bad, Format::Gzip)
        .unwrap_err()
        .to_string()
        .contains("not gzip"));
    let mut bad = gz.clone();
    bad[3] = 0x20;
    assert!(matches!(
        decode(&bad, Format::Gzip),
        Err(VerifyError::BadHeader(_))
    ));
    // A gzip frame read as zlib, and the other way round.
    assert!(decode(&gz, Format::Zlib).is_err());
    let (zz, _) = sample_frame(Format::Zlib, 6);
    assert!(decode(&zz, Format::Gzip).is_err());
    let mut bad = zz.clone();
    let m = bad.len();
    bad[m - 1] ^= 1;
    assert!(matches!(
        decode(&bad, Format::Zlib),
        Err(VerifyError::ChecksumMismatch {
            kind: "Adler-32",
            ..
        })
    ));
    let (legacy, _) = sample_frame(Format::Legacy, 6);
    let mut bad = legacy.clone();
    let m = bad.len();
    bad[m - 1] ^= 1;
    assert!(matches!(
        decode(&bad, Format::Legacy),
        Err(VerifyError::ChecksumMismatch {
            kind: "member CRC-32",
            ..
        })
    ));
    // Two gzip members are one too many.
    let mut two = gz.clone();
    two.extend_from_slice(&gz);
    assert!(matches!(
        decode(&two, Format::Gzip),
        Err(VerifyError::TrailingBytes(_))
    ));
}

/// Arbitrary bytes, and valid frames with arbitrary damage, never make `verify` panic.
#[test]
fn arbitrary_input_never_panics() {
    fn prop(data: Vec<u8>, format_index: u8) -> TestResult {
        let format = Format::ALL[format_index as usize % 4];
        let _ = verify_frame(&data, &VerifyOptions::new(format));
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(2000)
        .quickcheck(prop as fn(Vec<u8>, u8) -> TestResult);

    fn damaged(seed: u64, format_index: u8, edits: Vec<(u16, u8)>, cut: u16) -> TestResult {
        let format = Format::ALL[format_index as usize % 4];
        let (mut bytes, _) = sample_frame(format, (seed % 10) as u32);
        for (pos, value) in edits {
            let len = bytes.len();
            bytes[pos as usize % len] = value;
        }
        let keep = bytes.len() - (cut as usize % 8).min(bytes.len());
        bytes.truncate(keep);
        let _ = verify_frame(&bytes, &VerifyOptions::new(format));
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(2000)
        .quickcheck(damaged as fn(u64, u8, Vec<(u16, u8)>, u16) -> TestResult);
}
