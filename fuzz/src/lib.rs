//! Shared pieces of the fuzz targets: input shapes, and the test kit's independent inflaters.

use arbitrary::Arbitrary;
use fitflate::{Format, FrameBuilder, Push};
use fitflate_testkit::inflate::{self, legacy_member, Wrapper};

/// A container drawn from the input.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum FuzzFormat {
    Raw,
    Zlib,
    Gzip,
    Legacy,
}

impl FuzzFormat {
    pub fn format(self) -> Format {
        match self {
            FuzzFormat::Raw => Format::Raw,
            FuzzFormat::Zlib => Format::Zlib,
            FuzzFormat::Gzip => Format::Gzip,
            FuzzFormat::Legacy => Format::Legacy,
        }
    }
}

/// Decode a finished stream of `format` with the test kit's three inflaters (miniz_oxide, zlib
/// through libz-sys, libdeflate), checking container checksums (and the legacy trailing CRC-32);
/// all must agree.
pub fn decode_all(bytes: &[u8], format: Format) -> Vec<u8> {
    decode_all_with(bytes, format, None)
}

/// `decode_all` for a stream made with the preset dictionary `dict` (zlib and raw; zlib and
/// miniz_oxide then, since libdeflate's decompressor takes no dictionary).
pub fn decode_all_with(bytes: &[u8], format: Format, dict: Option<&[u8]>) -> Vec<u8> {
    if let Some(dict) = dict {
        let wrapper = match format {
            Format::Raw => Wrapper::Raw,
            Format::Zlib => Wrapper::Zlib,
            _ => panic!("{format} frames cannot carry a dictionary"),
        };
        return match inflate::all_with_dictionary(bytes, wrapper, dict) {
            Ok(out) => out,
            Err(e) => panic!("{format} with a dictionary: {e}"),
        };
    }
    let (body, wrapper) = match format {
        Format::Raw => (bytes, Wrapper::Raw),
        Format::Zlib => (bytes, Wrapper::Zlib),
        Format::Gzip => (bytes, Wrapper::Gzip),
        Format::Legacy => (legacy_member(bytes).expect("legacy CRC"), Wrapper::Gzip),
    };
    match inflate::all(body, wrapper) {
        Ok(out) => out,
        Err(e) => panic!("{format}: {e}"),
    }
}

/// A finished frame of `builder`'s settings that took `records`: it is within the cap and its
/// payload and record limits, decodes
/// (three inflaters) to the records each followed by the delimiter, and refusals left no trace:
/// a frame offered only the records it took is bit-identical (this covers the record refused as
/// Full at its end and any record that fit no frame).
pub fn check_finished(builder: &FrameBuilder, bytes: &[u8], records: &[&[u8]]) {
    let mut replay = builder.build().expect("valid settings");
    assert!(bytes.len() as u64 <= replay.cap(), "frame over its cap");
    let payload: Vec<u8> = records
        .iter()
        .flat_map(|r| [*r, replay.delimiter()])
        .flatten()
        .copied()
        .collect();
    // The fuzzed dictionaries are shorter than the window: their window is all their bytes,
    // which zlib's DICTID check needs.
    let dict = replay.dictionary().map(|d| d.window());
    assert!(
        decode_all_with(bytes, replay.format(), dict) == payload,
        "records not decoded back"
    );
    assert!(
        replay.max_payload().is_none_or(|max| payload.len() as u64 <= max),
        "frame over its payload limit"
    );
    assert!(
        replay.max_records().is_none_or(|max| records.len() as u64 <= max),
        "frame over its record limit"
    );
    for r in records {
        assert_eq!(replay.push(r), Ok(Push::Accepted), "the replay answered differently");
    }
    assert!(replay.finish() == bytes, "a refused record changed the frame");
}
