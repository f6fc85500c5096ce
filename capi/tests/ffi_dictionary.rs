//! Preset dictionaries through the C ABI: `fitflate_frame_set_dictionary`,
//! `fitflate_frame_dictionary_id` and `fitflate_unpack_with_dictionary`. zlib and raw frames
//! stay within the cap, refusals leave them bit-identical, they decode with zlib's
//! inflateSetDictionary and miniz_oxide and back through the ABI; gzip and legacy refuse a
//! dictionary, and a reader without it or with another gets its own error code.

mod common;

use std::ffi::c_int;
use std::ptr;

use common::{last_error, open, unpack_c, unpack_c_with_dictionary, Handle};
use fitflate::container::adler32;
use fitflate_c::*;
use fitflate_testkit::inflate::{all_with_dictionary, Wrapper};

/// The first `dict_lines` lines of bundled log `log` joined as a dictionary, and the `n` lines
/// after them as records.
fn sample(log: usize, dict_lines: usize, n: usize) -> (Vec<u8>, Vec<Vec<u8>>) {
    let logs = fitflate_testkit::corpus::logs();
    let lines: Vec<Vec<u8>> = logs[log % logs.len()]
        .1
        .split(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    (
        lines[..dict_lines].join(&b'\n'),
        lines[dict_lines..dict_lines + n].to_vec(),
    )
}

fn set_dictionary(f: &Handle, dict: Option<&[u8]>) -> c_int {
    let (data, len) = dict.map_or((ptr::null(), 0), |d| (d.as_ptr(), d.len()));
    // SAFETY: a live handle and a valid slice (or NULL, 0).
    unsafe { fitflate_frame_set_dictionary(f.0, data, len) }
}

fn dictionary_id(f: &Handle) -> Option<u32> {
    let mut id = 12345u32;
    // SAFETY: a live handle and a valid out pointer.
    match unsafe { fitflate_frame_dictionary_id(f.0, &mut id) } {
        1 => Some(id),
        0 => {
            assert_eq!(id, 0);
            None
        }
        rc => panic!("fitflate_frame_dictionary_id answered {rc}"),
    }
}

/// A frame of `cap` bytes in `format` at `level` with `dict`, lines delimited by "\n".
fn open_with(cap: u64, format: c_int, level: c_int, dict: Option<&[u8]>) -> Handle {
    let f = open(cap, format, level, b"\n").unwrap();
    assert_eq!(set_dictionary(&f, dict), FITFLATE_OK, "{}", last_error());
    f
}

/// Pack `records` into frames of `f`, checking the size after each push against the cap and
/// each frame against a replay of the records it took (a refusal leaves no trace). Returns each
/// frame with its records.
fn pack(
    f: &Handle,
    cap: u64,
    replay: impl Fn() -> Handle,
    records: &[Vec<u8>],
) -> Vec<(Vec<u8>, Vec<Vec<u8>>)> {
    let mut frames = Vec::new();
    let mut taken = Vec::new();
    for r in records {
        match f.push(r) {
            FITFLATE_ACCEPTED => taken.push(r.clone()),
            FITFLATE_FULL => {
                let size = f.size();
                let bytes = f.finish().unwrap();
                assert_eq!(bytes.len() as u64, size);
                frames.push((bytes, std::mem::take(&mut taken)));
                assert_eq!(f.push(r), FITFLATE_ACCEPTED);
                taken.push(r.clone());
            }
            rc => panic!("push answered {rc}: {}", last_error()),
        }
        assert!(f.size() <= cap);
    }
    frames.push((f.finish().unwrap(), taken));
    for (bytes, records) in &frames {
        assert!(bytes.len() as u64 <= cap);
        let again = replay();
        again.push_all(records);
        assert!(&again.finish().unwrap() == bytes, "a refusal left a trace");
    }
    frames
}

#[test]
fn zlib_and_raw_frames_with_a_dictionary_decode_with_zlib_and_through_the_abi() {
    for log in [0, 3, 4] {
        let (dict, records) = sample(log, 40, 400);
        for (c, wrapper) in [
            (FITFLATE_FORMAT_ZLIB, Wrapper::Zlib),
            (FITFLATE_FORMAT_RAW, Wrapper::Raw),
        ] {
            for level in [0, 1, 6, 10] {
                let f = open_with(1024, c, level, Some(&dict));
                assert_eq!(dictionary_id(&f), Some(adler32(&dict)));
                let replay = || open_with(1024, c, level, Some(&dict));
                let frames = pack(&f, 1024, replay, &records);
                assert!(
                    frames.len() > 1,
                    "log {log} format {c} level {level}: {} frames",
                    frames.len()
                );
                let mut back = Vec::new();
                for (bytes, taken) in &frames {
                    let want: Vec<u8> = taken
                        .iter()
                        .flat_map(|r| [&r[..], b"\n"])
                        .flatten()
                        .copied()
                        .collect();
                    let got = all_with_dictionary(bytes, wrapper, &dict)
                        .unwrap_or_else(|e| panic!("log {log} format {c} level {level}: {e}"));
                    assert!(got == want, "log {log} format {c} level {level}");
                    if c == FITFLATE_FORMAT_ZLIB {
                        assert_eq!(bytes[1] & 0x20, 0x20, "FDICT");
                        assert_eq!(bytes[2..6], adler32(&dict).to_be_bytes());
                    }
                    let unpacked = unpack_c_with_dictionary(bytes, c, b"\n", Some(&dict)).unwrap();
                    assert_eq!(&unpacked, taken);
                    back.extend(unpacked);
                }
                assert_eq!(back, records, "every record back, in order");
            }
        }
    }
}

#[test]
fn a_dictionary_fills_small_frames_with_more_records() {
    for log in 0..8 {
        let (dict, records) = sample(log, 300, 600);
        let count = |dict: Option<&[u8]>| {
            let f = open_with(1024, FITFLATE_FORMAT_ZLIB, FITFLATE_LEVEL_DEFAULT, dict);
            pack(
                &f,
                1024,
                || open_with(1024, FITFLATE_FORMAT_ZLIB, -1, dict),
                &records,
            )
            .len()
        };
        let (plain, primed) = (count(None), count(Some(&dict)));
        assert!(
            primed < plain,
            "log {log}: {primed} frames with the dictionary, {plain} without"
        );
    }
}

#[test]
fn gzip_and_legacy_refuse_a_dictionary_and_keep_their_records() {
    for c in [FITFLATE_FORMAT_GZIP, FITFLATE_FORMAT_LEGACY] {
        let f = open(4096, c, 6, b"\n").unwrap();
        f.push_all([b"kept", b"too!"]);
        let size = f.size();
        assert_eq!(
            set_dictionary(&f, Some(b"shared bytes")),
            FITFLATE_ERR_NO_DICTIONARY_FIELD
        );
        assert!(
            last_error().contains("preset dictionary"),
            "{}",
            last_error()
        );
        // An empty dictionary is a dictionary too.
        assert_eq!(
            set_dictionary(&f, Some(b"")),
            FITFLATE_ERR_NO_DICTIONARY_FIELD
        );
        assert_eq!((f.records(), f.size(), dictionary_id(&f)), (2, size, None));
        let replay = open(4096, c, 6, b"\n").unwrap();
        replay.push_all([b"kept", b"too!"]);
        assert_eq!(f.finish(), replay.finish());
        // None is no change for them.
        assert_eq!(set_dictionary(&f, None), FITFLATE_OK);
    }
}

#[test]
fn the_dictid_counts_against_the_cap() {
    let dict = b"level=info service=checkout msg=";
    // zlib: 8 bytes empty, 12 with the DICTID.
    let f = open(11, FITFLATE_FORMAT_ZLIB, 6, b"\n").unwrap();
    assert_eq!(
        set_dictionary(&f, Some(dict)),
        FITFLATE_ERR_CAP_BELOW_MINIMUM
    );
    assert!(last_error().contains("12"), "{}", last_error());
    assert_eq!(dictionary_id(&f), None);
    let f = open_with(12, FITFLATE_FORMAT_ZLIB, 6, Some(dict));
    assert_eq!(f.size(), 12);
    assert_eq!(f.push(b""), FITFLATE_TOO_LARGE);
    let empty = f.finish().unwrap();
    assert_eq!(empty.len(), 12);
    assert_eq!(
        unpack_c_with_dictionary(&empty, FITFLATE_FORMAT_AUTO, b"\n", Some(dict)),
        Ok(vec![])
    );
    // raw: nothing more.
    let f = open_with(2, FITFLATE_FORMAT_RAW, 6, Some(dict));
    assert_eq!(f.finish().unwrap().len(), 2);
}

#[test]
fn readers_tell_a_missing_or_wrong_dictionary() {
    let (dict, records) = sample(2, 30, 5);
    let f = open_with(4096, FITFLATE_FORMAT_ZLIB, 6, Some(&dict));
    f.push_all(&records);
    let z = f.finish().unwrap();
    let id = format!("{:08x}", adler32(&dict));
    for got in [
        unpack_c(&z, FITFLATE_FORMAT_AUTO, b"\n"),
        unpack_c_with_dictionary(&z, FITFLATE_FORMAT_ZLIB, b"\n", None),
    ] {
        assert_eq!(got, Err(FITFLATE_ERR_DICTIONARY_NEEDED));
        assert!(last_error().contains(&id), "{}", last_error());
    }
    let other = b"another dictionary";
    assert_eq!(
        unpack_c_with_dictionary(&z, FITFLATE_FORMAT_AUTO, b"\n", Some(other)),
        Err(FITFLATE_ERR_DICTIONARY_MISMATCH)
    );
    let message = last_error();
    assert!(
        message.contains(&id) && message.contains(&format!("{:08x}", adler32(other))),
        "{message}"
    );
    assert_eq!(
        unpack_c_with_dictionary(&z, FITFLATE_FORMAT_AUTO, b"\n", Some(&dict)),
        Ok(records.clone())
    );
    // A frame packed without a dictionary reads whatever is given; so does gzip.
    for c in [
        FITFLATE_FORMAT_ZLIB,
        FITFLATE_FORMAT_GZIP,
        FITFLATE_FORMAT_RAW,
    ] {
        let f = open(4096, c, 6, b"\n").unwrap();
        f.push_all(&records);
        let plain = f.finish().unwrap();
        assert_eq!(
            unpack_c_with_dictionary(&plain, c, b"\n", Some(other)),
            Ok(records.clone())
        );
        assert_eq!(
            unpack_c_with_dictionary(&plain, c, b"\n", None),
            Ok(records.clone())
        );
    }
    // A corrupt frame with the right dictionary is a bad frame.
    let mut bad = z.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert_eq!(
        unpack_c_with_dictionary(&bad, FITFLATE_FORMAT_ZLIB, b"\n", Some(&dict)),
        Err(FITFLATE_ERR_BAD_FRAME)
    );
    // NULL with a length is an error, not a crash.
    let mut data = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: a valid frame and out pointers; the NULL dictionary is refused before any read.
    let rc = unsafe {
        fitflate_unpack_with_dictionary(
            z.as_ptr(),
            z.len(),
            FITFLATE_FORMAT_ZLIB,
            ptr::null(),
            0,
            ptr::null(),
            5,
            &mut data,
            &mut len,
            ptr::null_mut(),
        )
    };
    assert_eq!(rc, FITFLATE_ERR_NULL_POINTER);
    assert!(data.is_null());
}

#[test]
fn setting_changing_and_clearing_a_dictionary() {
    let (dict, records) = sample(5, 20, 40);
    // NULL handles and NULL bytes with a length are errors.
    // SAFETY: NULL is an error, not a crash.
    unsafe {
        assert_eq!(
            fitflate_frame_set_dictionary(ptr::null_mut(), dict.as_ptr(), dict.len()),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_frame_dictionary_id(ptr::null(), ptr::null_mut()),
            FITFLATE_ERR_NULL_POINTER
        );
    }
    let f = open(4096, FITFLATE_FORMAT_ZLIB, 6, b"\n").unwrap();
    // SAFETY: a live handle; the NULL dictionary with a length is refused.
    assert_eq!(
        unsafe { fitflate_frame_set_dictionary(f.0, ptr::null(), 3) },
        FITFLATE_ERR_NULL_POINTER
    );
    // SAFETY: a live handle; NULL out_id asks only whether there is one.
    assert_eq!(
        unsafe { fitflate_frame_dictionary_id(f.0, ptr::null_mut()) },
        0
    );
    // Setting drops the records; the dictionary stays through finish and reset.
    f.push_all(&records[..3]);
    assert_eq!(set_dictionary(&f, Some(&dict)), FITFLATE_OK);
    assert_eq!(f.records(), 0);
    // SAFETY: a live handle.
    assert_eq!(
        unsafe { fitflate_frame_dictionary_id(f.0, ptr::null_mut()) },
        1
    );
    f.push_all(&records);
    let first = f.finish().unwrap();
    f.push_all(&records);
    assert_eq!(f.finish().unwrap(), first);
    f.push(b"dropped");
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_reset(f.0) }, FITFLATE_OK);
    assert_eq!(dictionary_id(&f), Some(adler32(&dict)));
    // Other settings keep it.
    // SAFETY: a live handle.
    unsafe {
        assert_eq!(fitflate_frame_set_limits(f.0, 0, 1000), FITFLATE_OK);
        assert_eq!(fitflate_frame_set_squeeze(f.0, 1), FITFLATE_OK);
    }
    assert_eq!(dictionary_id(&f), Some(adler32(&dict)));
    f.push_all(&records);
    let squeezed = f.finish().unwrap();
    assert_eq!(
        unpack_c_with_dictionary(&squeezed, FITFLATE_FORMAT_ZLIB, b"\n", Some(&dict)).unwrap(),
        records
    );
    // Another dictionary replaces it; NULL clears it, and the frames are plain ones again.
    assert_eq!(set_dictionary(&f, Some(b"other")), FITFLATE_OK);
    assert_eq!(dictionary_id(&f), Some(adler32(b"other")));
    assert_eq!(set_dictionary(&f, None), FITFLATE_OK);
    assert_eq!(dictionary_id(&f), None);
    // SAFETY: a live handle.
    unsafe { fitflate_frame_set_squeeze(f.0, 0) };
    f.push_all(&records);
    let plain = open(4096, FITFLATE_FORMAT_ZLIB, 6, b"\n").unwrap();
    // SAFETY: a live handle.
    unsafe { fitflate_frame_set_limits(plain.0, 0, 1000) };
    plain.push_all(&records);
    assert_eq!(f.finish(), plain.finish());
    // An empty dictionary: FDICT with the DICTID of no bytes (1), and nothing else changes.
    assert_eq!(set_dictionary(&f, Some(b"")), FITFLATE_OK);
    assert_eq!(dictionary_id(&f), Some(1));
    f.push_all(&records);
    let empty_dict = f.finish().unwrap();
    assert_eq!(empty_dict[2..6], [0, 0, 0, 1]);
    assert_eq!(
        unpack_c_with_dictionary(&empty_dict, FITFLATE_FORMAT_AUTO, b"\n", Some(b"")).unwrap(),
        records
    );
}
