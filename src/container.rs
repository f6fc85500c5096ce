//! Containers around a raw DEFLATE stream: raw (RFC 1951), zlib (RFC 1950), gzip (RFC 1952) and
//! the legacy framing (a gzip member followed by the 4-byte big-endian CRC-32 of the member).
//!
//! This module knows the fixed bytes each container adds — header and trailer — and the two
//! checksums they carry. It writes no DEFLATE data itself.

use std::fmt;
use std::str::FromStr;

use fitflate_encoder::Level;

/// Bytes of the smallest raw DEFLATE stream: one empty final fixed-Huffman block (3 header bits +
/// the 7-bit end-of-block code = 10 bits, padded to 2 bytes; RFC 1951 §3.2.6).
pub const EMPTY_DEFLATE_LEN: u64 = 2;

/// Bytes of the gzip header we write: ID1 ID2 CM FLG MTIME(4) XFL OS (RFC 1952 §2.3).
pub const GZIP_HEADER_LEN: u64 = 10;
/// Bytes of the gzip trailer: CRC-32 and ISIZE, both little-endian (RFC 1952 §2.3).
pub const GZIP_TRAILER_LEN: u64 = 8;
/// Bytes of the zlib header: CMF FLG, no preset dictionary (RFC 1950 §2.2).
pub const ZLIB_HEADER_LEN: u64 = 2;
/// Bytes of the zlib trailer: Adler-32, big-endian (RFC 1950 §2.2).
pub const ZLIB_TRAILER_LEN: u64 = 4;
/// Bytes the legacy framing adds after a gzip member: its CRC-32, big-endian.
pub const LEGACY_SUFFIX_LEN: u64 = 4;

/// The operating-system byte of our gzip header: 255 = unknown (RFC 1952 §2.3.1), so that the
/// output does not depend on the machine that wrote it.
const GZIP_OS_UNKNOWN: u8 = 255;

/// The container a DEFLATE stream is wrapped in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Raw DEFLATE (RFC 1951), no header, no checksum.
    Raw,
    /// zlib (RFC 1950): 2-byte header, Adler-32 trailer.
    Zlib,
    /// gzip (RFC 1952): 10-byte header, CRC-32 and ISIZE trailer. The default.
    #[default]
    Gzip,
    /// A gzip member followed by the 4-byte big-endian CRC-32 of the whole member, as existing
    /// Python users frame their records.
    Legacy,
}

impl Format {
    /// Every format, in a fixed order (handy for tests and help texts).
    pub const ALL: [Format; 4] = [Format::Raw, Format::Zlib, Format::Gzip, Format::Legacy];

    /// The name used on the command line: `raw`, `zlib`, `gzip` or `legacy`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Raw => "raw",
            Format::Zlib => "zlib",
            Format::Gzip => "gzip",
            Format::Legacy => "legacy",
        }
    }

    /// File extension (without the dot) for a file holding one stream of this format:
    /// `deflate` for raw, `zz` for zlib (as pigz writes it), `gz` for gzip, and `lgz` for legacy
    /// — not `gz`, because the 4 trailing bytes are not gzip and `gzip -t` rejects them.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Raw => "deflate",
            Format::Zlib => "zz",
            Format::Gzip => "gz",
            Format::Legacy => "lgz",
        }
    }

    /// Bytes this container puts before the DEFLATE data.
    pub fn header_len(self) -> u64 {
        match self {
            Format::Raw => 0,
            Format::Zlib => ZLIB_HEADER_LEN,
            Format::Gzip | Format::Legacy => GZIP_HEADER_LEN,
        }
    }

    /// Bytes this container puts after the DEFLATE data (for legacy: the gzip trailer plus the
    /// member CRC-32).
    pub fn trailer_len(self) -> u64 {
        match self {
            Format::Raw => 0,
            Format::Zlib => ZLIB_TRAILER_LEN,
            Format::Gzip => GZIP_TRAILER_LEN,
            Format::Legacy => GZIP_TRAILER_LEN + LEGACY_SUFFIX_LEN,
        }
    }

    /// Bytes this container adds around the DEFLATE data: header plus trailer.
    pub fn overhead(self) -> u64 {
        self.header_len() + self.trailer_len()
    }

    /// The smallest complete stream of this format (an empty payload): gzip 20, zlib 8, raw 2,
    /// legacy 24 bytes. No cap below this can hold even an empty frame.
    pub fn min_frame_size(self) -> u64 {
        self.overhead() + EMPTY_DEFLATE_LEN
    }

    /// The checksum this container's trailer carries, in its initial state.
    pub(crate) fn new_checksum(self) -> Checksum {
        match self {
            Format::Raw => Checksum::None,
            Format::Zlib => Checksum::Adler32(Adler32::new()),
            Format::Gzip | Format::Legacy => Checksum::Crc32(crc32fast::Hasher::new()),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is none of `raw`, `zlib`, `gzip`, `legacy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown format {:?} (expected raw, zlib, gzip or legacy)",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "raw" | "deflate" => Ok(Format::Raw),
            "zlib" => Ok(Format::Zlib),
            "gzip" | "gz" => Ok(Format::Gzip),
            "legacy" => Ok(Format::Legacy),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// The zlib header for `level` (RFC 1950 §2.2): CMF = 0x78 (CM 8 = deflate, CINFO 7 = 32 KiB
/// window), FLG with FLEVEL chosen as zlib does (0 for levels 0–1, 1 for 2–5, 2 for 6, 3 for 7–9),
/// no preset dictionary, and FCHECK making `CMF * 256 + FLG` a multiple of 31.
pub fn zlib_header(level: Level) -> [u8; 2] {
    const CMF: u8 = 0x78;
    let flevel: u8 = match level.get() {
        0 | 1 => 0,
        2..=5 => 1,
        6 => 2,
        _ => 3,
    };
    let flg_without_check = flevel << 6;
    let rem = (u16::from(CMF) * 256 + u16::from(flg_without_check)) % 31;
    let fcheck = if rem == 0 { 0 } else { 31 - rem as u8 };
    [CMF, flg_without_check | fcheck]
}

/// The zlib header of a stream made with a preset dictionary (RFC 1950 §2.2): as
/// [`zlib_header`] with FDICT set (and FCHECK made again), then the DICTID `dict_id`, the
/// dictionary's Adler-32, big-endian.
pub fn zlib_header_with_dictionary(level: Level, dict_id: u32) -> [u8; 6] {
    const FDICT: u8 = 0x20;
    let [cmf, flg] = zlib_header(level);
    let flg = (flg & !0x1f) | FDICT;
    let rem = (u16::from(cmf) * 256 + u16::from(flg)) % 31;
    let fcheck = if rem == 0 { 0 } else { 31 - rem as u8 };
    let id = dict_id.to_be_bytes();
    [cmf, flg | fcheck, id[0], id[1], id[2], id[3]]
}

/// The gzip header we write (RFC 1952 §2.3): ID1 ID2 = 1f 8b, CM = 8, FLG = 0 (no name, comment,
/// extra field or header CRC), MTIME little-endian (0 = no time stamp, the default), XFL = 2 at
/// level 9 and above (slowest, strongest), 4 at levels 0–1 (fastest), else 0, and OS = 255.
pub fn gzip_header(level: Level, mtime: u32) -> [u8; 10] {
    let xfl = if level.get() >= 9 {
        2
    } else if level.get() <= 1 {
        4
    } else {
        0
    };
    let t = mtime.to_le_bytes();
    [
        0x1f,
        0x8b,
        8,
        0,
        t[0],
        t[1],
        t[2],
        t[3],
        xfl,
        GZIP_OS_UNKNOWN,
    ]
}

/// The gzip trailer (RFC 1952 §2.3): CRC-32 of the uncompressed data, then ISIZE = its length
/// modulo 2^32, both little-endian.
pub fn gzip_trailer(crc32: u32, total_in: u64) -> [u8; 8] {
    let c = crc32.to_le_bytes();
    // ISIZE is defined modulo 2^32; the truncation is the format's.
    let s = (total_in as u32).to_le_bytes();
    [c[0], c[1], c[2], c[3], s[0], s[1], s[2], s[3]]
}

/// The zlib trailer (RFC 1950 §2.2): the Adler-32 of the uncompressed data, big-endian.
pub fn zlib_trailer(adler32: u32) -> [u8; 4] {
    adler32.to_be_bytes()
}

/// The CRC-32 (IEEE, as in gzip) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// Adler-32 (RFC 1950 §8.2): two sums modulo 65521, the largest prime below 2^16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Adler32 {
    a: u32,
    b: u32,
}

/// The Adler-32 modulus: the largest prime smaller than 65536 (RFC 1950 §8.2).
const ADLER_MOD: u32 = 65521;
/// The most bytes that can be summed before `b` may overflow a u32 (zlib's NMAX): the largest n
/// with 255 n (n + 1) / 2 + (n + 1)(ADLER_MOD - 1) <= 2^32 - 1.
const ADLER_NMAX: usize = 5552;

impl Adler32 {
    /// The checksum of no bytes (1).
    pub fn new() -> Self {
        Adler32 { a: 1, b: 0 }
    }

    /// Add `bytes` to the checksum.
    pub fn update(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(ADLER_NMAX) {
            for &byte in chunk {
                self.a += u32::from(byte);
                self.b += self.a;
            }
            self.a %= ADLER_MOD;
            self.b %= ADLER_MOD;
        }
    }

    /// The checksum of everything added so far.
    pub fn value(&self) -> u32 {
        (self.b << 16) | self.a
    }
}

impl Default for Adler32 {
    fn default() -> Self {
        Self::new()
    }
}

/// The Adler-32 of `bytes`.
pub fn adler32(bytes: &[u8]) -> u32 {
    let mut a = Adler32::new();
    a.update(bytes);
    a.value()
}

/// The running checksum a container's trailer needs.
#[derive(Debug, Clone)]
pub(crate) enum Checksum {
    /// Raw DEFLATE carries none.
    None,
    /// zlib.
    Adler32(Adler32),
    /// gzip and legacy.
    Crc32(crc32fast::Hasher),
}

impl Checksum {
    /// Add `bytes` to the checksum.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        match self {
            Checksum::None => {}
            Checksum::Adler32(a) => a.update(bytes),
            Checksum::Crc32(c) => c.update(bytes),
        }
    }

    /// The checksum of everything added so far (0 for `None`).
    pub(crate) fn value(&self) -> u32 {
        match self {
            Checksum::None => 0,
            Checksum::Adler32(a) => a.value(),
            Checksum::Crc32(c) => c.clone().finalize(),
        }
    }
}

/// A complete stream of `format` around the raw DEFLATE stream `deflate` of `total_in` bytes
/// whose checksum (Adler-32 for zlib, CRC-32 for gzip and legacy) is `check`.
pub fn assemble(
    format: Format,
    level: Level,
    mtime: u32,
    deflate: &[u8],
    check: u32,
    total_in: u64,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(deflate.len() + format.overhead() as usize);
    out.extend_from_slice(&header(format, level, mtime));
    out.extend_from_slice(deflate);
    close_member(format, &mut out, crc32fast::Hasher::new(), check, total_in);
    out
}

/// The bytes a stream of `format` starts with (none for raw).
pub fn header(format: Format, level: Level, mtime: u32) -> Vec<u8> {
    match format {
        Format::Raw => Vec::new(),
        Format::Zlib => zlib_header(level).to_vec(),
        Format::Gzip | Format::Legacy => gzip_header(level, mtime).to_vec(),
    }
}

/// Append the trailer to `out`, the end of a member whose earlier bytes (already handed out,
/// when streaming) went through `before`; the legacy format's suffix is the CRC-32 of the whole
/// member, `before`'s bytes and `out` with its trailer.
pub fn close_member(
    format: Format,
    out: &mut Vec<u8>,
    mut before: crc32fast::Hasher,
    check: u32,
    total_in: u64,
) {
    match format {
        Format::Raw => {}
        Format::Zlib => out.extend_from_slice(&zlib_trailer(check)),
        Format::Gzip | Format::Legacy => {
            out.extend_from_slice(&gzip_trailer(check, total_in));
            if format == Format::Legacy {
                before.update(out);
                out.extend_from_slice(&before.finalize().to_be_bytes());
            }
        }
    }
}

/// The checksum of `data` as `format` carries it (0 for raw).
pub fn checksum_of(format: Format, data: &[u8]) -> u32 {
    let mut c = format.new_checksum();
    c.update(data);
    c.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lv(n: u32) -> Level {
        Level::new(n).unwrap()
    }

    #[test]
    fn minimum_sizes() {
        assert_eq!(Format::Gzip.min_frame_size(), 20);
        assert_eq!(Format::Zlib.min_frame_size(), 8);
        assert_eq!(Format::Raw.min_frame_size(), 2);
        assert_eq!(Format::Legacy.min_frame_size(), 24);
    }

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert!("lzma".parse::<Format>().is_err());
    }

    #[test]
    fn zlib_header_check_bits() {
        for level in Level::all() {
            let h = zlib_header(level);
            assert_eq!(h[0], 0x78);
            assert_eq!((u16::from(h[0]) * 256 + u16::from(h[1])) % 31, 0);
            assert_eq!(h[1] & 0x20, 0, "no preset dictionary");
        }
        // The headers zlib itself writes.
        assert_eq!(zlib_header(lv(1)), [0x78, 0x01]);
        assert_eq!(zlib_header(lv(6)), [0x78, 0x9c]);
        assert_eq!(zlib_header(lv(9)), [0x78, 0xda]);
    }

    #[test]
    fn adler32_known_values() {
        assert_eq!(adler32(b""), 1);
        // Wikipedia's example.
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        // Long input crosses many NMAX chunks and the modulus.
        let long = vec![0xffu8; 100_000];
        let mut a: u64 = 1;
        let mut b: u64 = 0;
        for &x in &long {
            a = (a + u64::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        assert_eq!(adler32(&long), ((b << 16) | a) as u32);
        // Split updates agree with one update.
        let mut split = Adler32::new();
        split.update(&long[..7777]);
        split.update(&long[7777..]);
        assert_eq!(split.value(), adler32(&long));
    }

    #[test]
    fn gzip_header_fields() {
        assert_eq!(
            gzip_header(lv(9), 0),
            [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]
        );
        assert_eq!(gzip_header(lv(1), 0)[8], 4);
        assert_eq!(gzip_header(lv(0), 0)[8], 4);
        assert_eq!(gzip_header(lv(6), 0x0403_0201)[4..8], [1, 2, 3, 4]);
        assert_eq!(gzip_header(lv(6), 0)[8], 0);
    }

    #[test]
    fn gzip_trailer_wraps_isize() {
        let t = gzip_trailer(0xdead_beef, (1u64 << 32) + 5);
        assert_eq!(t, [0xef, 0xbe, 0xad, 0xde, 5, 0, 0, 0]);
    }
}
