//! The C functions called from Rust as a C caller would: a frame's round trip in every format and
//! level, caps at and below the minimum, bad formats and levels, small buffers, full frames and
//! the reuse contract (finishing resets the handle to an empty frame with the same settings),
//! too-large records, reset, and streaming the frame out while it fills.

mod common;

use std::ffi::c_int;
use std::ptr;

use common::{last_error, open, FORMATS};
use fitflate::verify::decode;
use fitflate::Format;
use fitflate_c::*;

#[test]
fn round_trip_in_every_format_and_level() {
    for (c, format) in FORMATS {
        for level in [FITFLATE_LEVEL_DEFAULT, 0, 1, 5, 9] {
            let f = open(4096, c, level, b"\n").unwrap();
            f.push_all((0..20).map(|i| format!("record {i}")));
            assert_eq!(f.records(), 20);
            let size = f.size();
            let (rc, len, bytes) = f.finish_into(4096);
            assert_eq!(rc, FITFLATE_OK, "{}", last_error());
            assert_eq!(len as u64, size, "size() predicts the finished length");
            let payload = decode(&bytes, format).unwrap();
            let want: String = (0..20).map(|i| format!("record {i}\n")).collect();
            assert_eq!(payload, want.as_bytes());
        }
    }
}

#[test]
fn cap_below_minimum() {
    for (c, format) in FORMATS {
        let min = format.min_frame_size();
        assert_eq!(fitflate_min_frame_size(c), min);
        assert_eq!(
            open(min - 1, c, 6, b"\n").err(),
            Some(FITFLATE_ERR_CAP_BELOW_MINIMUM)
        );
        assert!(
            last_error().contains(&format!("minimum of {min} bytes")),
            "{}",
            last_error()
        );
        assert_eq!(
            open(0, c, 6, b"\n").err(),
            Some(FITFLATE_ERR_CAP_BELOW_MINIMUM)
        );
        // At the minimum: a frame that takes no record but finishes as an empty stream.
        let f = open(min, c, 6, b"\n").unwrap();
        assert_eq!(f.push(b""), FITFLATE_TOO_LARGE);
        let bytes = f.finish().unwrap();
        assert_eq!(bytes.len() as u64, min);
        assert_eq!(decode(&bytes, format).unwrap(), b"");
    }
}

#[test]
fn bad_format_and_level() {
    for bad in [-1, 4, 99, c_int::MIN, c_int::MAX] {
        assert_eq!(
            open(4096, bad, 6, b"\n").err(),
            Some(FITFLATE_ERR_BAD_FORMAT)
        );
        assert!(last_error().contains(&format!("unknown format {bad}")));
        assert_eq!(fitflate_min_frame_size(bad), 0);
    }
    for bad in [-2, 11, 100, c_int::MIN, c_int::MAX] {
        assert_eq!(
            open(4096, FITFLATE_FORMAT_GZIP, bad, b"\n").err(),
            Some(FITFLATE_ERR_BAD_LEVEL)
        );
        assert!(
            last_error().contains(&format!("level {bad}")),
            "{}",
            last_error()
        );
    }
}

#[test]
fn buffer_too_small_leaves_the_frame_unchanged() {
    let f = open(4096, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    f.push_all((0..30).map(|i| format!("line {i} of some log")));
    let needed = f.size() as usize;
    // A size query: NULL buffer, capacity 0.
    let mut len = 0usize;
    // SAFETY: NULL buffer with capacity 0 is allowed.
    let rc = unsafe { fitflate_frame_finish_into(f.0, ptr::null_mut(), 0, &mut len) };
    assert_eq!((rc, len), (FITFLATE_ERR_BUFFER_TOO_SMALL, needed));
    let (rc, len, _) = f.finish_into(needed - 1);
    assert_eq!((rc, len), (FITFLATE_ERR_BUFFER_TOO_SMALL, needed));
    assert!(
        last_error().contains(&format!("needs {needed} bytes")),
        "{}",
        last_error()
    );
    assert_eq!(f.records(), 30);
    assert_eq!(f.size() as usize, needed);
    // Still open: push one more, then finish into a buffer of exactly the size.
    assert_eq!(f.push(b"one more"), FITFLATE_ACCEPTED);
    let needed = f.size() as usize;
    let (rc, len, bytes) = f.finish_into(needed);
    assert_eq!((rc, len), (FITFLATE_OK, needed));
    let mut want: String = (0..30).map(|i| format!("line {i} of some log\n")).collect();
    want.push_str("one more\n");
    assert_eq!(decode(&bytes, Format::Gzip).unwrap(), want.as_bytes());
}

#[test]
fn full_and_reuse_after_finish() {
    let cap = 300u64;
    let f = open(cap, FITFLATE_FORMAT_ZLIB, 9, b"\r\n").unwrap();
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_cap(f.0) }, cap);
    let records: Vec<String> = (0..400)
        .map(|i| format!("{i:05} {}", i * 7919 % 10007))
        .collect();
    let mut frames = Vec::new();
    let mut current = Vec::new();
    for (n, r) in records.iter().enumerate() {
        let mut rc = f.push(r.as_bytes());
        if rc == FITFLATE_FULL {
            // Full leaves the frame as it was.
            assert_eq!(f.records() as usize, current.len());
            let size = f.size();
            assert!(size <= cap);
            // Alternate between the two ways to finish.
            let bytes = if frames.len() % 2 == 0 {
                let (rc, len, bytes) = f.finish_into(cap as usize);
                assert_eq!(rc, FITFLATE_OK);
                assert_eq!(len as u64, size);
                bytes
            } else {
                f.finish().unwrap()
            };
            // Reset to an empty frame with the same settings.
            assert_eq!(f.records(), 0);
            assert_eq!(f.size(), Format::Zlib.min_frame_size());
            frames.push((bytes, std::mem::take(&mut current)));
            rc = f.push(r.as_bytes());
        }
        assert_eq!(rc, FITFLATE_ACCEPTED, "record {n}");
        current.push(r.clone());
    }
    frames.push((f.finish().unwrap(), current));
    assert!(frames.len() > 5);
    for (bytes, recs) in &frames {
        assert!(bytes.len() as u64 <= cap);
        let want: String = recs.iter().map(|r| format!("{r}\r\n")).collect();
        assert_eq!(decode(bytes, Format::Zlib).unwrap(), want.as_bytes());
    }
    let total: usize = frames.iter().map(|(_, r)| r.len()).sum();
    assert_eq!(total, records.len());
}

#[test]
fn too_large_record() {
    let f = open(100, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    // Incompressible-ish: every byte different from its neighbours.
    let big: Vec<u8> = (0..500u32).map(|i| (i * 151 % 251) as u8).collect();
    assert_eq!(f.push(&big), FITFLATE_TOO_LARGE);
    assert!(
        last_error().contains("a record of 500 bytes does not fit"),
        "{}",
        last_error()
    );
    assert_eq!(f.records(), 0);
    assert_eq!(f.push(b"small"), FITFLATE_ACCEPTED);
    // Into a non-empty frame it is FULL; into the empty frame after finishing, TOO_LARGE.
    assert_eq!(f.push(&big), FITFLATE_FULL);
    assert_eq!(f.finish_payload(Format::Gzip), b"small\n");
    assert_eq!(f.push(&big), FITFLATE_TOO_LARGE);
    // The frame is unchanged and finishes as an empty stream.
    let (rc, len, bytes) = f.finish_into(100);
    assert_eq!((rc, len), (FITFLATE_OK, 20));
    assert_eq!(decode(&bytes, Format::Gzip).unwrap(), b"");
}

#[test]
fn reset_drops_the_records() {
    let f = open(4096, FITFLATE_FORMAT_LEGACY, 1, b"|").unwrap();
    assert_eq!(f.push(b"dropped"), FITFLATE_ACCEPTED);
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_reset(f.0) }, FITFLATE_OK);
    assert_eq!(f.records(), 0);
    assert_eq!(f.push(b"kept"), FITFLATE_ACCEPTED);
    assert_eq!(f.finish_payload(Format::Legacy), b"kept|");
}

/// Streaming through the C ABI: a frame taken out after every push (take_output) finishes to
/// the same bytes as one finished whole, bytes leave before finish at a large cap, and NULL
/// arguments are clean errors.
#[test]
fn take_output_streams_the_same_frames() {
    let cap = 65536u64;
    let whole = open(cap, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    let streamed = open(cap, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    let records: Vec<String> = (0..60_000)
        .map(|i| {
            format!(
                "{i:06} worker {} finished job {}",
                i % 13,
                i * 7919 % 100_003
            )
        })
        .collect();
    let (mut pieces, mut early, mut frames) = (Vec::new(), 0, 0);
    for r in &records {
        let rc = whole.push(r.as_bytes());
        assert_eq!(streamed.push(r.as_bytes()), rc);
        let piece = streamed.take_output();
        early += piece.len();
        pieces.extend(piece);
        if rc == FITFLATE_FULL {
            pieces.extend(streamed.finish().unwrap());
            assert_eq!(pieces, whole.finish().unwrap());
            pieces.clear();
            frames += 1;
            assert_eq!(whole.push(r.as_bytes()), FITFLATE_ACCEPTED);
            assert_eq!(streamed.push(r.as_bytes()), FITFLATE_ACCEPTED);
        }
    }
    pieces.extend(streamed.finish().unwrap());
    assert_eq!(pieces, whole.finish().unwrap());
    assert!(
        frames > 0 && early > 0,
        "{frames} frames, {early} bytes early"
    );
    let mut data = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: NULL handle / NULL out pointers are documented errors.
    unsafe {
        assert_eq!(
            fitflate_frame_take_output(ptr::null_mut(), &mut data, &mut len),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_frame_take_output(streamed.0, ptr::null_mut(), &mut len),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_frame_take_output(streamed.0, &mut data, ptr::null_mut()),
            FITFLATE_ERR_NULL_POINTER
        );
    }
}
