//! Shared pieces of the fuzz targets: input shapes, and the test kit's independent inflaters.

use arbitrary::Arbitrary;
use fitflate::Format;
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
