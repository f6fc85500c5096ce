//! Settings of a C frame beside the cap: squeezing, and the limits on payload and records.

mod common;

use std::ptr;

use common::{last_error, open};
use fitflate::verify::decode;
use fitflate::Format;
use fitflate_c::*;

#[test]
fn squeeze_keeps_frames_capped_and_records_whole() {
    // SAFETY: NULL is an error, not a crash.
    assert_eq!(
        unsafe { fitflate_frame_set_squeeze(ptr::null_mut(), 1) },
        FITFLATE_ERR_NULL_POINTER
    );
    let log = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../corpus/loghub/HDFS_2k.log"
    ))
    .unwrap();
    let lines: Vec<&[u8]> = log
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let cap = 4096;
    let f = open(cap, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_set_squeeze(f.0, 1) }, FITFLATE_OK);
    let mut payload = Vec::new();
    for line in &lines {
        let mut rc = f.push(line);
        if rc == FITFLATE_FULL {
            let bytes = f.finish().unwrap();
            assert!(bytes.len() as u64 <= cap);
            payload.extend(decode(&bytes, Format::Gzip).unwrap());
            rc = f.push(line);
        }
        assert_eq!(rc, FITFLATE_ACCEPTED);
    }
    payload.extend(f.finish_payload(Format::Gzip));
    let want: Vec<u8> = lines
        .iter()
        .flat_map(|l| l.iter().copied().chain([b'\n']))
        .collect();
    assert!(payload == want, "records back whole and in order");
}

#[test]
fn limits_refuse_like_the_cap() {
    // SAFETY: NULL is an error, not a crash.
    assert_eq!(
        unsafe { fitflate_frame_set_limits(ptr::null_mut(), 10, 2) },
        FITFLATE_ERR_NULL_POINTER
    );
    // SAFETY: NULL reads as no limit.
    assert_eq!(unsafe { fitflate_frame_max_payload(ptr::null()) }, 0);
    let f = open(4096, FITFLATE_FORMAT_ZLIB, 6, b"\n").unwrap();
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_max_records(f.0) }, 0);
    assert_eq!(f.push(b"dropped by set_limits"), FITFLATE_ACCEPTED);
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_set_limits(f.0, 0, 3) }, FITFLATE_OK);
    assert_eq!(f.records(), 0);
    // SAFETY: a live handle.
    let limits = unsafe {
        (
            fitflate_frame_max_payload(f.0),
            fitflate_frame_max_records(f.0),
        )
    };
    assert_eq!(limits, (0, 3));
    let records: Vec<String> = (0..10).map(|i| format!("record {i}")).collect();
    let mut payload = Vec::new();
    let mut frames = 0;
    for r in &records {
        let mut rc = f.push(r.as_bytes());
        if rc == FITFLATE_FULL {
            assert_eq!(f.records(), 3);
            let bytes = f.finish().unwrap();
            payload.extend(decode(&bytes, Format::Zlib).unwrap());
            frames += 1;
            rc = f.push(r.as_bytes());
        }
        assert_eq!(rc, FITFLATE_ACCEPTED);
    }
    payload.extend(f.finish_payload(Format::Zlib));
    assert_eq!(frames, 3);
    let want: String = records.iter().map(|r| format!("{r}\n")).collect();
    assert_eq!(payload, want.as_bytes());

    // A payload limit: a record over it alone is FITFLATE_TOO_LARGE, and the frame is intact.
    // SAFETY: a live handle.
    assert_eq!(
        unsafe { fitflate_frame_set_limits(f.0, 10, 0) },
        FITFLATE_OK
    );
    assert_eq!(f.push(b"0123456789"), FITFLATE_TOO_LARGE);
    assert!(
        last_error().contains("payload limit of 10 bytes"),
        "{}",
        last_error()
    );
    assert_eq!(f.push(b"abcd"), FITFLATE_ACCEPTED);
    assert_eq!(f.push(b"efgh"), FITFLATE_ACCEPTED);
    assert_eq!(f.push(b"i"), FITFLATE_FULL);
    assert_eq!(f.finish_payload(Format::Zlib), b"abcd\nefgh\n");
    // The limits survive finishing and resetting.
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_reset(f.0) }, FITFLATE_OK);
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_max_payload(f.0) }, 10);
}
