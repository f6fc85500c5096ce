//! Preset dictionaries in frames and streams: zlib frames carry FDICT and the DICTID, raw frames
//! nothing, gzip and legacy refuse one; every frame stays within its cap with exact sizes and
//! bit-identical refusals, decodes with zlib (inflateSetDictionary) and miniz_oxide and with the
//! crate's own reader, and a reader without the dictionary or with another gets a clear error.
mod common;

use fitflate::{
    read, verify, BuildError, Compressor, Dictionary, Format, FrameBuilder, Level, Push,
    VerifyError, VerifyOptions,
};
use fitflate_testkit::inflate::{all_with_dictionary, Wrapper};

/// The first `dict_lines` lines of a bundled log as a dictionary and the next `n` as records.
fn sample(log: usize, dict_lines: usize, n: usize) -> (Dictionary, Vec<Vec<u8>>) {
    let logs = fitflate_testkit::corpus::logs();
    let lines: Vec<Vec<u8>> = logs[log % logs.len()]
        .1
        .split(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let dict = Dictionary::new(&lines[..dict_lines].join(&b'\n'));
    (dict, lines[dict_lines..dict_lines + n].to_vec())
}

/// Pack `records` into frames of `builder`, checking every push: the size after a push is
/// within the cap, a refusal leaves the frame as a replay of what it took. Returns each frame
/// with its records.
fn pack(builder: &FrameBuilder, records: &[Vec<u8>]) -> Vec<(Vec<u8>, Vec<Vec<u8>>)> {
    let mut frames = Vec::new();
    let mut frame = builder.build().unwrap();
    let mut taken = Vec::new();
    for r in records {
        match frame.push(r).unwrap() {
            Push::Accepted => taken.push(r.clone()),
            Push::Full => {
                let size = frame.size();
                let bytes = frame.finish_and_reset();
                assert_eq!(bytes.len() as u64, size);
                frames.push((bytes, std::mem::take(&mut taken)));
                assert_eq!(frame.push(r).unwrap(), Push::Accepted);
                taken.push(r.clone());
            }
        }
    }
    frames.push((frame.finish(), taken));
    for (bytes, records) in &frames {
        assert!(bytes.len() as u64 <= builder.cap());
        let mut replay = builder.build().unwrap();
        for r in records {
            assert_eq!(replay.push(r).unwrap(), Push::Accepted);
        }
        assert!(&replay.finish() == bytes, "a refusal left a trace");
    }
    frames
}

#[test]
fn zlib_and_raw_frames_with_a_dictionary_decode_everywhere() {
    for log in 0..8 {
        let (dict, records) = sample(log, 40, 120);
        for format in [Format::Zlib, Format::Raw] {
            for level in [0, 1, 6, 9, 10].map(|n| Level::new(n).unwrap()) {
                let builder = FrameBuilder::new(1024)
                    .format(format)
                    .level(level)
                    .dictionary(Some(dict.clone()));
                for (bytes, records) in pack(&builder, &records) {
                    let want: Vec<u8> = records
                        .iter()
                        .flat_map(|r| [&r[..], b"\n"])
                        .flatten()
                        .copied()
                        .collect();
                    let wrapper = if format == Format::Zlib {
                        Wrapper::Zlib
                    } else {
                        Wrapper::Raw
                    };
                    let got = all_with_dictionary(&bytes, wrapper, &{
                        // zlib checks the DICTID against all the bytes given; the window is
                        // what a raw decoder needs (the same bytes here: under 32 KiB).
                        dict.window().to_vec()
                    })
                    .unwrap_or_else(|e| panic!("log {log} {format} level {level}: {e}"));
                    assert!(got == want, "log {log} {format} level {level}");
                    let unpacked =
                        read::unpack_with_dictionary(&bytes, Some(format), b"\n", Some(&dict))
                            .unwrap();
                    assert_eq!(unpacked.to_vec(), records);
                    if format == Format::Zlib {
                        assert_eq!(&bytes[2..6], &dict.id().to_be_bytes());
                        assert_eq!(bytes[1] & 0x20, 0x20, "FDICT");
                    }
                }
            }
        }
    }
}

#[test]
fn a_dictionary_fills_small_frames_with_more_records() {
    for log in 0..8 {
        let (dict, records) = sample(log, 300, 600);
        let plain = FrameBuilder::new(1024).format(Format::Zlib);
        let primed = plain.clone().dictionary(Some(dict));
        let (a, b) = (pack(&plain, &records).len(), pack(&primed, &records).len());
        assert!(
            b < a,
            "log {log}: {b} frames with the dictionary, {a} without"
        );
    }
}

#[test]
fn gzip_and_legacy_refuse_a_dictionary_and_caps_count_the_dictid() {
    let dict = Dictionary::new(b"some shared bytes");
    for format in [Format::Gzip, Format::Legacy] {
        let err = FrameBuilder::new(1024)
            .format(format)
            .dictionary(Some(dict.clone()))
            .build()
            .unwrap_err();
        assert!(matches!(err, BuildError::NoDictionaryField(e) if e.format == format));
        assert!(err.to_string().contains("preset dictionary"), "{err}");
        assert!(Compressor::with_dictionary(format, Level::DEFAULT, &dict).is_err());
    }
    // zlib: the smallest frame is 4 bytes larger (the DICTID); raw: the same.
    let zlib = FrameBuilder::new(11)
        .format(Format::Zlib)
        .dictionary(Some(dict.clone()));
    assert_eq!(zlib.min_frame_size(), 12);
    assert!(matches!(
        zlib.build(),
        Err(BuildError::CapBelowMinimum { minimum: 12, .. })
    ));
    let mut frame = FrameBuilder::new(12)
        .format(Format::Zlib)
        .dictionary(Some(dict.clone()))
        .build()
        .unwrap();
    assert_eq!(frame.size(), 12);
    let empty = frame.finish_and_reset();
    assert_eq!(empty.len(), 12);
    assert_eq!(
        read::unpack_with_dictionary(&empty, None, b"\n", Some(&dict))
            .unwrap()
            .len(),
        0
    );
    let raw = FrameBuilder::new(2)
        .format(Format::Raw)
        .dictionary(Some(dict));
    assert_eq!(raw.min_frame_size(), 2);
    assert!(raw.build().is_ok());
}

#[test]
fn readers_name_a_missing_or_wrong_dictionary() {
    let (dict, records) = sample(3, 30, 5);
    let mut c = Compressor::with_dictionary(Format::Zlib, Level::DEFAULT, &dict).unwrap();
    for r in &records {
        c.append(r);
    }
    let cost = c.close_cost();
    let z = c.finish();
    assert_eq!(z.len() as u64, cost);
    assert_eq!(
        verify::decode(&z, Format::Zlib),
        Err(VerifyError::DictionaryNeeded { id: dict.id() })
    );
    let other = Dictionary::new(b"another dictionary");
    let err = read::unpack_with_dictionary(&z, None, b"", Some(&other)).unwrap_err();
    assert_eq!(
        err,
        VerifyError::DictionaryMismatch {
            stored: dict.id(),
            given: other.id()
        }
    );
    assert!(
        err.to_string().contains(&format!("{:08x}", dict.id())),
        "{err}"
    );
    let options = VerifyOptions {
        delimiter: Vec::new(),
        dictionary: Some(dict.clone()),
        ..VerifyOptions::new(Format::Zlib)
    };
    assert_eq!(
        verify::verify_frame(&z, &options).unwrap().payload_bytes,
        records.concat().len() as u64
    );
    let mut out = Vec::new();
    read::decompress_with_dictionary(&[z.clone(), z].concat(), None, Some(&dict), &mut out)
        .unwrap_err();
    // (two zlib streams back to back are not one stream; one decodes)
    out.clear();
    let mut c = Compressor::with_dictionary(Format::Zlib, Level::DEFAULT, &dict).unwrap();
    c.append(&records[0]);
    read::decompress_with_dictionary(&c.finish(), None, Some(&dict), &mut out).unwrap();
    assert_eq!(out, records[0]);
    // A plain zlib frame decodes whatever dictionary is given.
    let mut c = Compressor::new(Format::Zlib, Level::DEFAULT);
    c.append(b"plain");
    assert_eq!(
        verify::decode_with_dictionary(&c.finish(), Format::Zlib, Some(&dict)).unwrap(),
        b"plain"
    );
}

#[test]
fn a_long_dictionary_keeps_its_last_window_and_its_whole_dictid() {
    let mut rng = common::Rng::new(11);
    let long = rng.alnum(40_000);
    let dict = Dictionary::new(&long);
    assert_eq!(dict.len(), 40_000);
    assert_eq!(dict.window(), &long[40_000 - 32_768..]);
    assert_eq!(dict.id(), fitflate::container::adler32(&long));
    let record = [&long[39_000..39_300], b"\n"].concat();
    let mut c = Compressor::with_dictionary(Format::Zlib, Level::DEFAULT, &dict).unwrap();
    c.append(&record);
    let z = c.finish();
    assert!(z.len() < 30, "{} bytes", z.len());
    // zlib wants the dictionary as given (its DICTID covers all of it).
    assert_eq!(
        fitflate_testkit::inflate::zlib_with_dictionary(&z, Wrapper::Zlib, &long).unwrap(),
        record
    );
    assert_eq!(
        read::unpack_with_dictionary(&z, None, b"", Some(&dict))
            .unwrap()
            .payload(),
        &record[..]
    );
    // A streamed-out frame is the same bytes.
    let mut c = Compressor::with_dictionary(Format::Zlib, Level::DEFAULT, &dict).unwrap();
    let mut taken = Vec::new();
    c.append(&record[..100]);
    c.take_output(&mut taken);
    c.append(&record[100..]);
    taken.extend(c.finish());
    assert_eq!(taken, z);
}

#[test]
fn a_raw_frame_read_without_its_dictionary_is_an_error_not_zeros() {
    // Raw frames name no dictionary, and have no checksum: a back-reference into the missing
    // dictionary must still be refused, not decoded as the inflater's initial window.
    for (log, dict_lines) in [(0, 40), (5, 300)] {
        let (dict, records) = sample(log, dict_lines, 60);
        let builder = FrameBuilder::new(1024)
            .format(Format::Raw)
            .dictionary(Some(dict.clone()));
        for (bytes, records) in pack(&builder, &records) {
            let err =
                read::unpack_with_dictionary(&bytes, Some(Format::Raw), b"\n", None).unwrap_err();
            assert!(
                err.to_string().contains("before the start"),
                "log {log}: {err}"
            );
            let mut out = Vec::new();
            assert!(read::decompress(&bytes, Some(Format::Raw), &mut out).is_err());
            assert!(out.is_empty(), "nothing unchecked was written");
            let unpacked =
                read::unpack_with_dictionary(&bytes, Some(Format::Raw), b"\n", Some(&dict))
                    .unwrap();
            assert_eq!(unpacked.to_vec(), records);
        }
    }
    // Long plain raw streams (past the window) still decode, with no dictionary.
    let mut rng = common::Rng::new(3);
    let data: Vec<u8> = (0..2000).flat_map(|_| rng.alnum(60)).collect();
    let mut c = Compressor::new(Format::Raw, Level::DEFAULT);
    c.append(&data);
    let mut out = Vec::new();
    read::decompress(&c.finish(), Some(Format::Raw), &mut out).unwrap();
    assert_eq!(out, data);
}
