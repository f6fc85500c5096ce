//! Checking a frame from the outside: size under the cap, container header, DEFLATE data decoded
//! by an independent inflater (miniz_oxide's), checksums and lengths, nothing after the stream,
//! and the records it holds.
//!
//! Every malformed input — corrupt, truncated, padded — gives a [`VerifyError`]; nothing here
//! panics or indexes out of bounds, whatever the bytes.

use std::fmt;

use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use crate::container::{self, Format};
use crate::dictionary::Dictionary;

/// What is wrong with a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// The frame is larger than the cap.
    OverCap {
        /// The frame's size in bytes.
        size: u64,
        /// The cap.
        cap: u64,
    },
    /// The input ends inside the named part (e.g. "gzip header", "zlib trailer").
    Truncated(&'static str),
    /// A header field has a value the format does not allow.
    BadHeader(String),
    /// The DEFLATE data is invalid.
    CorruptData(String),
    /// A stored checksum does not match the one computed.
    ChecksumMismatch {
        /// Which checksum ("CRC-32", "Adler-32", "header CRC-16", "member CRC-32").
        kind: &'static str,
        /// The value stored in the frame.
        stored: u32,
        /// The value computed from the data.
        computed: u32,
    },
    /// The gzip ISIZE field does not match the decoded length (mod 2^32).
    LengthMismatch {
        /// The stored ISIZE.
        stored: u32,
        /// The decoded length mod 2^32.
        computed: u32,
    },
    /// Bytes follow the end of the stream.
    TrailingBytes(u64),
    /// The zlib frame was made with a preset dictionary (FDICT) and none was given.
    DictionaryNeeded {
        /// The frame's DICTID (the dictionary's Adler-32).
        id: u32,
    },
    /// The zlib frame was made with another preset dictionary than the one given.
    DictionaryMismatch {
        /// The frame's DICTID.
        stored: u32,
        /// The given dictionary's Adler-32.
        given: u32,
    },
    /// The payload does not end with the delimiter: its last record is incomplete.
    UnterminatedRecord {
        /// Bytes after the last delimiter.
        trailing: u64,
    },
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::OverCap { size, cap } => {
                write!(f, "frame is {size} bytes, over the cap of {cap} bytes")
            }
            VerifyError::Truncated(part) => write!(f, "truncated: input ends inside the {part}"),
            VerifyError::BadHeader(msg) => write!(f, "bad header: {msg}"),
            VerifyError::CorruptData(msg) => write!(f, "corrupt DEFLATE data: {msg}"),
            VerifyError::ChecksumMismatch {
                kind,
                stored,
                computed,
            } => write!(
                f,
                "{kind} mismatch: stored {stored:08x}, computed {computed:08x}"
            ),
            VerifyError::LengthMismatch { stored, computed } => write!(
                f,
                "length mismatch: ISIZE says {stored}, decoded {computed} (mod 2^32)"
            ),
            VerifyError::TrailingBytes(n) => write!(f, "{n} unexpected bytes after the stream"),
            VerifyError::DictionaryNeeded { id } => write!(
                f,
                "the zlib frame needs a preset dictionary (DICTID {id:08x}); give the one it \
                 was packed with"
            ),
            VerifyError::DictionaryMismatch { stored, given } => write!(
                f,
                "the zlib frame was packed with another preset dictionary (DICTID {stored:08x}, \
                 the one given is {given:08x})"
            ),
            VerifyError::UnterminatedRecord { trailing } => write!(
                f,
                "the payload does not end with the delimiter ({trailing} bytes after the last one)"
            ),
        }
    }
}

impl std::error::Error for VerifyError {}

/// What [`verify_frame`] found in a valid frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameReport {
    /// Size of the frame in bytes.
    pub frame_bytes: u64,
    /// Decoded bytes.
    pub payload_bytes: u64,
    /// Records, counted by delimiter; `None` when the delimiter is empty (records cannot be told
    /// apart).
    pub records: Option<u64>,
}

/// How to check a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The container format.
    pub format: Format,
    /// The cap the frame must not exceed (`None`: no size check).
    pub cap: Option<u64>,
    /// The record delimiter (empty: records are not counted).
    pub delimiter: Vec<u8>,
    /// The preset dictionary the frames were packed with (zlib and raw), if any.
    pub dictionary: Option<Dictionary>,
}

impl VerifyOptions {
    /// Check gzip frames, no cap, `\n`-terminated records.
    pub fn new(format: Format) -> Self {
        VerifyOptions {
            format,
            cap: None,
            delimiter: b"\n".to_vec(),
            dictionary: None,
        }
    }
}

/// Check `frame` as `options` say, returning what it holds.
pub fn verify_frame(frame: &[u8], options: &VerifyOptions) -> Result<FrameReport, VerifyError> {
    let size = frame.len() as u64;
    if let Some(cap) = options.cap {
        if size > cap {
            return Err(VerifyError::OverCap { size, cap });
        }
    }
    let payload = decode_with_dictionary(frame, options.format, options.dictionary.as_ref())?;
    let records = count_records(&payload, &options.delimiter)?;
    Ok(FrameReport {
        frame_bytes: size,
        payload_bytes: payload.len() as u64,
        records,
    })
}

/// Decode one complete stream of `format` that fills `bytes` exactly, checking every header
/// field, checksum and length the format carries. Returns the decoded bytes.
pub fn decode(bytes: &[u8], format: Format) -> Result<Vec<u8>, VerifyError> {
    decode_with_dictionary(bytes, format, None)
}

/// [`decode`] a stream packed with the preset dictionary `dict` (zlib, raw; `None`: none).
/// A zlib stream that names a dictionary (FDICT) needs it, and its DICTID must be `dict`'s.
pub fn decode_with_dictionary(
    bytes: &[u8],
    format: Format,
    dict: Option<&Dictionary>,
) -> Result<Vec<u8>, VerifyError> {
    let mut payload = Vec::with_capacity(bytes.len().saturating_mul(4).min(1 << 20));
    let used = decode_member(bytes, format, dict, &mut |chunk: &[u8]| {
        payload.extend_from_slice(chunk);
        Ok(())
    })
    .map_err(Stop::into_verify)?;
    expect_end(bytes, used)?;
    Ok(payload)
}

/// Why decoding into a sink stopped: the data is bad, or the sink refused its bytes.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The stream is malformed.
    Bad(VerifyError),
    /// The sink failed (e.g. writing stdout).
    Sink(std::io::Error),
}

impl Stop {
    /// The verify error of a decode whose sink cannot fail.
    fn into_verify(self) -> VerifyError {
        match self {
            Stop::Bad(e) => e,
            Stop::Sink(e) => VerifyError::CorruptData(format!("output failed: {e}")),
        }
    }
}

impl From<VerifyError> for Stop {
    fn from(e: VerifyError) -> Self {
        Stop::Bad(e)
    }
}

/// The sink decoded bytes go to, a chunk at a time.
pub(crate) type Sink<'a> = dyn FnMut(&[u8]) -> std::io::Result<()> + 'a;

/// Decode the one stream of `format` at the start of `bytes` into `sink`, checking every header
/// field, checksum and length the format carries; the decoded bytes are handed over in chunks of
/// at most 32 KiB as they come, so memory stays bounded whatever the payload. Returns the number of
/// bytes the stream took (what follows is the caller's).
pub(crate) fn decode_member(
    bytes: &[u8],
    format: Format,
    dict: Option<&Dictionary>,
    sink: &mut Sink<'_>,
) -> Result<usize, Stop> {
    match format {
        Format::Raw => Ok(inflate_raw_checked(bytes, dict, sink)?.used),
        Format::Zlib => decode_zlib(bytes, dict, sink),
        Format::Gzip => decode_gzip(bytes, sink),
        Format::Legacy => {
            let used = decode_gzip(bytes, sink)?;
            let (member, rest) = bytes.split_at(used.min(bytes.len()));
            let (suffix, _) = split(rest, 4, "legacy member CRC-32")?;
            let stored = be32(suffix);
            let computed = container::crc32(member);
            if stored != computed {
                return Err(Stop::Bad(VerifyError::ChecksumMismatch {
                    kind: "member CRC-32",
                    stored,
                    computed,
                }));
            }
            Ok(used + 4)
        }
    }
}

/// Count the records in `payload`: non-overlapping occurrences of `delimiter`, which must end the
/// payload (unless it is empty). `None` for an empty delimiter.
pub fn count_records(payload: &[u8], delimiter: &[u8]) -> Result<Option<u64>, VerifyError> {
    if delimiter.is_empty() {
        return Ok(None);
    }
    let mut count = 0u64;
    let mut end_of_last = 0usize;
    let mut i = 0usize;
    while i + delimiter.len() <= payload.len() {
        if payload[i..].starts_with(delimiter) {
            count += 1;
            i += delimiter.len();
            end_of_last = i;
        } else {
            i += 1;
        }
    }
    if end_of_last != payload.len() {
        return Err(VerifyError::UnterminatedRecord {
            trailing: (payload.len() - end_of_last) as u64,
        });
    }
    Ok(Some(count))
}

/// Check a zlib header (RFC 1950 §2.2): CMF FLG.
pub(crate) fn check_zlib_header(cmf: u8, flg: u8) -> Result<(), VerifyError> {
    if cmf & 0x0f != 8 {
        return Err(VerifyError::BadHeader(format!(
            "zlib compression method {} (only 8, deflate, exists)",
            cmf & 0x0f
        )));
    }
    if cmf >> 4 > 7 {
        return Err(VerifyError::BadHeader(format!(
            "zlib window size field {} (at most 7)",
            cmf >> 4
        )));
    }
    if (u16::from(cmf) * 256 + u16::from(flg)) % 31 != 0 {
        return Err(VerifyError::BadHeader(
            "zlib header check bits wrong".into(),
        ));
    }
    Ok(())
}

/// zlib's FDICT flag: a DICTID follows the two header bytes.
const FDICT: u8 = 0x20;

/// zlib (RFC 1950 §2.2): CMF FLG, DEFLATE data, Adler-32 big-endian.
fn decode_zlib(
    bytes: &[u8],
    dict: Option<&Dictionary>,
    sink: &mut Sink<'_>,
) -> Result<usize, Stop> {
    let (header, rest) = split(bytes, 2, "zlib header")?;
    check_zlib_header(header[0], header[1])?;
    let (rest, header_len, dict) = if header[1] & FDICT != 0 {
        let (id, rest) = split(rest, 4, "zlib DICTID")?;
        let stored = be32(id);
        match dict {
            None => return Err(Stop::Bad(VerifyError::DictionaryNeeded { id: stored })),
            Some(d) if d.id() != stored => {
                return Err(Stop::Bad(VerifyError::DictionaryMismatch {
                    stored,
                    given: d.id(),
                }))
            }
            Some(d) => (rest, 6, Some(d)),
        }
    } else {
        // A frame packed without a dictionary decodes without one, whatever was given.
        (rest, 2, None)
    };
    let mut adler = container::Adler32::new();
    let inflated = inflate_raw(rest, dict, &mut |chunk: &[u8]| {
        adler.update(chunk);
        sink(chunk)
    })?;
    let (_, rest) = split(rest, inflated.used, "DEFLATE data")?;
    let (trailer, _) = split(rest, 4, "zlib trailer")?;
    let stored = be32(trailer);
    let computed = adler.value();
    if stored != computed {
        return Err(Stop::Bad(VerifyError::ChecksumMismatch {
            kind: "Adler-32",
            stored,
            computed,
        }));
    }
    Ok(header_len + inflated.used + 4)
}

/// gzip (RFC 1952 §2.3): one member — header with its optional fields, DEFLATE data, CRC-32 and
/// ISIZE little-endian.
fn decode_gzip(bytes: &[u8], sink: &mut Sink<'_>) -> Result<usize, Stop> {
    const FTEXT: u8 = 1;
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    const RESERVED: u8 = !(FTEXT | FHCRC | FEXTRA | FNAME | FCOMMENT);

    let (fixed, mut rest) = split(bytes, 10, "gzip header")?;
    if fixed[0] != 0x1f || fixed[1] != 0x8b {
        return Err(Stop::Bad(VerifyError::BadHeader(format!(
            "not gzip: magic bytes {:02x} {:02x} (expected 1f 8b)",
            fixed[0], fixed[1]
        ))));
    }
    if fixed[2] != 8 {
        return Err(Stop::Bad(VerifyError::BadHeader(format!(
            "gzip compression method {} (only 8, deflate, exists)",
            fixed[2]
        ))));
    }
    let flags = fixed[3];
    if flags & RESERVED != 0 {
        return Err(Stop::Bad(VerifyError::BadHeader(format!(
            "reserved gzip flag bits set ({flags:#04x})"
        ))));
    }
    if flags & FEXTRA != 0 {
        let (xlen, after) = split(rest, 2, "gzip extra field")?;
        let xlen = usize::from(u16::from_le_bytes([xlen[0], xlen[1]]));
        let (_, after) = split(after, xlen, "gzip extra field")?;
        rest = after;
    }
    if flags & FNAME != 0 {
        rest = skip_zero_terminated(rest, "gzip file name")?;
    }
    if flags & FCOMMENT != 0 {
        rest = skip_zero_terminated(rest, "gzip comment")?;
    }
    if flags & FHCRC != 0 {
        let header_len = bytes.len() - rest.len();
        let (crc16, after) = split(rest, 2, "gzip header CRC")?;
        let stored = u32::from(u16::from_le_bytes([crc16[0], crc16[1]]));
        let computed = container::crc32(&bytes[..header_len]) & 0xffff;
        if stored != computed {
            return Err(Stop::Bad(VerifyError::ChecksumMismatch {
                kind: "header CRC-16",
                stored,
                computed,
            }));
        }
        rest = after;
    }
    let header_len = bytes.len() - rest.len();
    let mut crc = crc32fast::Hasher::new();
    let inflated = inflate_raw(rest, None, &mut |chunk: &[u8]| {
        crc.update(chunk);
        sink(chunk)
    })?;
    let (_, rest) = split(rest, inflated.used, "DEFLATE data")?;
    let (trailer, _) = split(rest, 8, "gzip trailer")?;
    let stored = le32(&trailer[..4]);
    let computed = crc.finalize();
    if stored != computed {
        return Err(Stop::Bad(VerifyError::ChecksumMismatch {
            kind: "CRC-32",
            stored,
            computed,
        }));
    }
    let stored = le32(&trailer[4..]);
    // ISIZE is the length modulo 2^32 (RFC 1952 §2.3.1).
    let computed = inflated.produced as u32;
    if stored != computed {
        return Err(Stop::Bad(VerifyError::LengthMismatch { stored, computed }));
    }
    Ok(header_len + inflated.used + 8)
}

/// What [`inflate_raw`] did.
struct Inflated {
    /// Input bytes the DEFLATE stream took.
    used: usize,
    /// Bytes it decoded to.
    produced: u64,
}

/// The window miniz_oxide's wrapping output buffer needs: 32 KiB, the farthest a DEFLATE
/// back-reference reaches (RFC 1951 §2).
const WINDOW: usize = 32 * 1024;

/// Inflate the raw DEFLATE stream at the start of `input` with miniz_oxide, handing the decoded
/// bytes to `sink` in chunks as they come (a 32 KiB ring holds the window, so memory is bounded
/// whatever the payload). The rest of `input` is the caller's.
fn inflate_raw(
    input: &[u8],
    dict: Option<&Dictionary>,
    sink: &mut Sink<'_>,
) -> Result<Inflated, Stop> {
    inflate_ring(input, dict, 0, sink)
}

/// [`inflate_raw`] for a raw stream, which has no checksum to catch a back-reference to before
/// its first byte (and the dictionary's): miniz_oxide's ring gives such a reference the ring's
/// initial bytes, so a raw frame packed with a preset dictionary and read without it would
/// decode to zeros where the dictionary's bytes were. A first pass with the ring's unset bytes
/// 0xff, up to where the output has overwritten them all (32 KiB at most), tells: the output of
/// the real pass differs from it exactly when a reference reached them. Nothing is handed to
/// `sink` before it is checked.
fn inflate_raw_checked(
    input: &[u8],
    dict: Option<&Dictionary>,
    sink: &mut Sink<'_>,
) -> Result<Inflated, Stop> {
    let unset = WINDOW - dict.map_or(0, |d| d.window().len());
    let mut probe = Vec::with_capacity(unset.min(input.len().saturating_mul(8)));
    // Decoding does not depend on the bytes decoded, so both passes stop at the same place.
    let _ = (unset > 0).then(|| {
        inflate_ring(input, dict, 0xff, &mut |chunk: &[u8]| {
            let take = (unset - probe.len()).min(chunk.len());
            probe.extend_from_slice(&chunk[..take]);
            if probe.len() < unset {
                Ok(())
            } else {
                Err(std::io::ErrorKind::Other.into())
            }
        })
    });
    let (mut at, mut too_far) = (0usize, false);
    let result = inflate_ring(input, dict, 0, &mut |chunk: &[u8]| {
        let seen = probe.get(at..).unwrap_or_default();
        let n = seen.len().min(chunk.len());
        if chunk[..n] != seen[..n] {
            too_far = true;
            return Err(std::io::ErrorKind::InvalidData.into());
        }
        at += chunk.len();
        sink(chunk)
    });
    match result {
        Err(Stop::Sink(_)) if too_far => Err(Stop::Bad(VerifyError::CorruptData(
            "a back-reference reaches before the start of the raw stream (a frame packed with \
             a preset dictionary needs the same one to be read)"
                .into(),
        ))),
        other => other,
    }
}

/// Inflate with the ring's bytes before the dictionary (and the first output) set to `fill`.
fn inflate_ring(
    mut input: &[u8],
    dict: Option<&Dictionary>,
    fill: u8,
    sink: &mut Sink<'_>,
) -> Result<Inflated, Stop> {
    // No TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF: the output buffer is a ring of WINDOW bytes
    // that back-references read from; each call writes one contiguous run at `pos`. A preset
    // dictionary is the ring's content before the first byte (at most WINDOW bytes), so
    // back-references reach into it.
    let flags = 0;
    let mut ring = vec![fill; WINDOW];
    let window = dict.map_or(&[][..], Dictionary::window);
    ring[..window.len()].copy_from_slice(window);
    let mut pos = window.len() & (WINDOW - 1);
    let mut used = 0usize;
    let mut produced = 0u64;
    let mut decomp = Box::<DecompressorOxide>::default();
    loop {
        let (status, consumed, written) = decompress(&mut decomp, input, &mut ring, pos, flags);
        let end = pos.saturating_add(written).min(WINDOW);
        if end > pos {
            sink(&ring[pos..end]).map_err(Stop::Sink)?;
            produced += (end - pos) as u64;
        }
        pos = end & (WINDOW - 1);
        let consumed = consumed.min(input.len());
        input = &input[consumed..];
        used += consumed;
        match status {
            TINFLStatus::Done => return Ok(Inflated { used, produced }),
            TINFLStatus::HasMoreOutput => {}
            TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                return Err(Stop::Bad(VerifyError::Truncated("DEFLATE data")));
            }
            other => {
                return Err(Stop::Bad(VerifyError::CorruptData(format!(
                    "{other:?} after {used} input bytes"
                ))))
            }
        }
    }
}

/// `bytes` split at `n`, or `Truncated(part)` when it is shorter.
fn split<'a>(
    bytes: &'a [u8],
    n: usize,
    part: &'static str,
) -> Result<(&'a [u8], &'a [u8]), VerifyError> {
    if bytes.len() < n {
        return Err(VerifyError::Truncated(part));
    }
    Ok(bytes.split_at(n))
}

/// What follows a zero-terminated header field.
fn skip_zero_terminated<'a>(bytes: &'a [u8], part: &'static str) -> Result<&'a [u8], VerifyError> {
    let end = bytes
        .iter()
        .position(|&b| b == 0)
        .ok_or(VerifyError::Truncated(part))?;
    Ok(&bytes[end + 1..])
}

/// Nothing may follow position `used` of `bytes`.
fn expect_end(bytes: &[u8], used: usize) -> Result<(), VerifyError> {
    match bytes.len().checked_sub(used) {
        Some(0) | None => Ok(()),
        Some(n) => Err(VerifyError::TrailingBytes(n as u64)),
    }
}

/// A little-endian u32 from the first 4 bytes of `b` (callers pass exactly 4).
fn le32(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    for (dst, src) in a.iter_mut().zip(b) {
        *dst = *src;
    }
    u32::from_le_bytes(a)
}

/// A big-endian u32 from the first 4 bytes of `b` (callers pass exactly 4).
fn be32(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    for (dst, src) in a.iter_mut().zip(b) {
        *dst = *src;
    }
    u32::from_be_bytes(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_records() {
        assert_eq!(count_records(b"", b"\n"), Ok(Some(0)));
        assert_eq!(count_records(b"a\n\nb\n", b"\n"), Ok(Some(3)));
        assert_eq!(count_records(b"a\r\nb\r\n", b"\r\n"), Ok(Some(2)));
        assert_eq!(count_records(b"abc", b""), Ok(None));
        assert_eq!(
            count_records(b"a\nbc", b"\n"),
            Err(VerifyError::UnterminatedRecord { trailing: 2 })
        );
    }

    #[test]
    fn empty_streams_decode() {
        // The empty fixed final block: 3 bits 1,01 then EOB 0000000.
        assert_eq!(decode(&[0x03, 0x00], Format::Raw), Ok(vec![]));
        assert_eq!(
            decode(&[0x78, 0x9c, 0x03, 0x00, 0, 0, 0, 1], Format::Zlib),
            Ok(vec![])
        );
        let gz = [
            0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(decode(&gz, Format::Gzip), Ok(vec![]));
        let mut legacy = gz.to_vec();
        legacy.extend_from_slice(&container::crc32(&gz).to_be_bytes());
        assert_eq!(decode(&legacy, Format::Legacy), Ok(vec![]));
    }

    #[test]
    fn gzip_optional_fields() {
        // FEXTRA + FNAME + FCOMMENT + FHCRC around an empty stream.
        let mut h = vec![0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 255];
        h.extend_from_slice(&[3, 0, b'x', b'y', b'z']);
        h.extend_from_slice(b"name\0comment\0");
        let crc16 = (container::crc32(&h) & 0xffff) as u16;
        h.extend_from_slice(&crc16.to_le_bytes());
        h.extend_from_slice(&[3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(decode(&h, Format::Gzip), Ok(vec![]));
        let mut bad = h.clone();
        bad[13] ^= 1; // inside the extra field: header CRC no longer matches
        assert!(matches!(
            decode(&bad, Format::Gzip),
            Err(VerifyError::ChecksumMismatch {
                kind: "header CRC-16",
                ..
            })
        ));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let gz = [
            0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        for n in 0..gz.len() {
            assert!(decode(&gz[..n], Format::Gzip).is_err(), "prefix of {n}");
        }
        let mut long = gz.to_vec();
        long.push(0);
        assert_eq!(
            decode(&long, Format::Gzip),
            Err(VerifyError::TrailingBytes(1))
        );
    }
}
