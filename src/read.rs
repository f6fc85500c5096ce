//! Reading frames back: the records of a frame ([`unpack`]), the format of a frame or stream
//! ([`detect`]), and plain streams decoded like `gzip -dc` ([`decompress`]).
//!
//! Everything here decodes with the same checked decoder as [`verify`]: every
//! header field, checksum and length the container carries is checked, and any malformed input —
//! corrupt, truncated, padded, foreign — gives an error, never a panic.
//!
//! ```
//! use fitflate::{read, Format, FrameBuilder};
//!
//! let mut frame = FrameBuilder::new(4096).format(Format::Zlib).build()?;
//! frame.push(b"first")?;
//! frame.push(b"second")?;
//! let bytes = frame.finish();
//!
//! // `None`: tell gzip, zlib and legacy apart from the bytes.
//! let records = read::unpack(&bytes, None, b"\n")?;
//! assert_eq!(records.format(), Format::Zlib);
//! assert_eq!(records.iter().collect::<Vec<_>>(), [&b"first"[..], b"second"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Write};

use crate::container::Format;
use crate::dictionary::Dictionary;
use crate::verify::{self, Stop, VerifyError};

/// The format of the stream at the start of `bytes`, from its header: [`Format::Gzip`] for a gzip
/// member (a legacy frame starts the same way; [`unpack`] and [`decompress`] tell them apart by
/// what follows the member), [`Format::Zlib`] for a valid zlib header, `None` otherwise. Raw
/// DEFLATE has no header and is never detected: name it.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    match bytes {
        [0x1f, 0x8b, ..] => Some(Format::Gzip),
        [cmf, flg, ..] if verify::check_zlib_header(*cmf, *flg).is_ok() => Some(Format::Zlib),
        _ => None,
    }
}

/// The format `bytes` is in: `format` when given, else detected (see [`detect`]); an error names
/// the first bytes when nothing matches.
fn resolve(bytes: &[u8], format: Option<Format>) -> Result<Format, VerifyError> {
    if let Some(format) = format {
        return Ok(format);
    }
    if bytes.len() < 2 {
        return Err(VerifyError::Truncated("header"));
    }
    detect(bytes).ok_or_else(|| {
        VerifyError::BadHeader(format!(
            "neither gzip, legacy nor zlib (first bytes {:02x} {:02x}); raw DEFLATE has no \
             header and must be named as the format",
            bytes[0], bytes[1]
        ))
    })
}

/// Decode the one frame `frame` (nothing may follow it) in `format`, or in the detected format
/// when `None` (gzip, legacy — a gzip member followed by exactly its 4-byte CRC-32 — or zlib).
/// Returns the payload and the format it was in.
fn decode_frame(
    frame: &[u8],
    format: Option<Format>,
    dict: Option<&Dictionary>,
) -> Result<(Vec<u8>, Format), VerifyError> {
    let auto = format.is_none();
    let mut format = resolve(frame, format)?;
    let mut payload = Vec::with_capacity(frame.len().saturating_mul(4).min(1 << 20));
    let mut used = verify::decode_member(frame, format, dict, &mut |chunk: &[u8]| {
        payload.extend_from_slice(chunk);
        Ok(())
    })
    .map_err(into_verify)?;
    if auto && format == Format::Gzip && frame.len() - used.min(frame.len()) == 4 {
        // Exactly four bytes after a gzip member: the legacy framing, if they are its CRC-32.
        let stored = u32::from_be_bytes([
            frame[used],
            frame[used + 1],
            frame[used + 2],
            frame[used + 3],
        ]);
        let computed = crate::container::crc32(&frame[..used]);
        if stored == computed {
            format = Format::Legacy;
            used += 4;
        }
    }
    if used < frame.len() {
        return Err(VerifyError::TrailingBytes((frame.len() - used) as u64));
    }
    Ok((payload, format))
}

fn into_verify(stop: Stop) -> VerifyError {
    match stop {
        Stop::Bad(e) => e,
        // The sinks in this module collect into memory and never fail.
        Stop::Sink(e) => VerifyError::CorruptData(format!("output failed: {e}")),
    }
}

/// The records of one frame: its payload split after each delimiter.
///
/// Made by [`unpack`]; iterate with [`Records::iter`] (or `for record in &records`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Records {
    payload: Vec<u8>,
    delimiter: Vec<u8>,
    format: Format,
    count: u64,
}

/// Decode `frame` and split its payload into records.
///
/// `format`: the container, or `None` to tell gzip, legacy and zlib apart from the bytes (raw
/// DEFLATE must be named). `delimiter`: the one the frame was packed with; every record ends with
/// it, so the payload must end with it ([`VerifyError::UnterminatedRecord`] otherwise). An empty
/// delimiter yields the whole payload as one record (none when it is empty), since records packed
/// without a delimiter cannot be told apart.
///
/// Records are split at each occurrence of the delimiter, left to right: a record that itself
/// contains the delimiter comes back as several.
///
/// Everything `verify` checks is checked here (header fields, checksums, lengths, nothing after
/// the stream) except the cap, which the frame does not carry: compare `frame.len()` with it.
pub fn unpack(
    frame: &[u8],
    format: Option<Format>,
    delimiter: &[u8],
) -> Result<Records, VerifyError> {
    unpack_with_dictionary(frame, format, delimiter, None)
}

/// [`unpack`] a frame packed with the preset dictionary `dict` (zlib or raw frames; see
/// [`crate::Dictionary`]). A zlib frame names its dictionary (DICTID): without one, or with
/// another, the answer is [`VerifyError::DictionaryNeeded`] or
/// [`VerifyError::DictionaryMismatch`]. A raw frame names nothing: the wrong dictionary gives
/// wrong bytes or an error, as with any raw DEFLATE.
pub fn unpack_with_dictionary(
    frame: &[u8],
    format: Option<Format>,
    delimiter: &[u8],
    dict: Option<&Dictionary>,
) -> Result<Records, VerifyError> {
    let (payload, format) = decode_frame(frame, format, dict)?;
    let count = if delimiter.is_empty() {
        u64::from(!payload.is_empty())
    } else {
        verify::count_records(&payload, delimiter)?.unwrap_or(0)
    };
    Ok(Records {
        payload,
        delimiter: delimiter.to_vec(),
        format,
        count,
    })
}

impl Records {
    /// The records, in order, without their delimiters.
    pub fn iter(&self) -> RecordIter<'_> {
        RecordIter {
            rest: &self.payload,
            delimiter: &self.delimiter,
        }
    }

    /// How many records the frame holds.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// True when the frame holds no record.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The container the frame was in (the detected one when `unpack` was given `None`).
    pub fn format(&self) -> Format {
        self.format
    }

    /// The decoded payload: every record followed by the delimiter.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The decoded payload, by value.
    pub fn into_payload(self) -> Vec<u8> {
        self.payload
    }

    /// The records as owned byte vectors.
    pub fn to_vec(&self) -> Vec<Vec<u8>> {
        self.iter().map(<[u8]>::to_vec).collect()
    }
}

impl<'a> IntoIterator for &'a Records {
    type Item = &'a [u8];
    type IntoIter = RecordIter<'a>;

    fn into_iter(self) -> RecordIter<'a> {
        self.iter()
    }
}

/// An iterator over the records of a frame (see [`Records::iter`]).
#[derive(Debug, Clone)]
pub struct RecordIter<'a> {
    rest: &'a [u8],
    delimiter: &'a [u8],
}

impl<'a> Iterator for RecordIter<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        if self.delimiter.is_empty() {
            return Some(std::mem::take(&mut self.rest));
        }
        // `unpack` checked that the payload is a sequence of delimiter-terminated records, so a
        // delimiter is always found; the fallback only guards against a broken invariant.
        let at = find(self.rest, self.delimiter).unwrap_or(self.rest.len());
        let record = &self.rest[..at];
        self.rest = self
            .rest
            .get(at + self.delimiter.len()..)
            .unwrap_or_default();
        Some(record)
    }
}

/// The first position of `needle` (non-empty) in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    match needle {
        [byte] => haystack.iter().position(|b| b == byte),
        _ => haystack.windows(needle.len()).position(|w| w == needle),
    }
}

/// Decode the stream(s) in `input` to `out`, like `gzip -dc`: for gzip, every member of a
/// concatenation in turn (as `cat a.gz b.gz` makes); for legacy, every member with its CRC-32;
/// for zlib and raw, one stream. `format` `None` detects gzip, legacy or zlib from the first
/// bytes. Nothing may follow the last stream. Returns the decoded length.
///
/// The decoded bytes are written in chunks of at most 32 KiB as they come, so memory stays at
/// the input plus a 32 KiB window whatever the output size. A malformed stream is an
/// [`io::ErrorKind::InvalidData`] error whose inner error is the [`VerifyError`]; any other
/// error comes from `out`. Bytes written before an error stay written.
///
/// ```
/// use fitflate::{read, Compressor, Format, Level};
///
/// let mut gz = Vec::new();
/// for part in [&b"hello, "[..], b"world\n"] {
///     let mut c = Compressor::new(Format::Gzip, Level::DEFAULT);
///     c.append(part);
///     gz.extend(c.finish()); // two gzip members, one after the other
/// }
/// let mut out = Vec::new();
/// read::decompress(&gz, None, &mut out)?;
/// assert_eq!(out, b"hello, world\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decompress<W: Write + ?Sized>(
    input: &[u8],
    format: Option<Format>,
    out: &mut W,
) -> io::Result<u64> {
    decompress_with_dictionary(input, format, None, out)
}

/// [`decompress`] streams packed with the preset dictionary `dict` (zlib or raw; each member
/// starts from it, as each frame did).
pub fn decompress_with_dictionary<W: Write + ?Sized>(
    input: &[u8],
    format: Option<Format>,
    dict: Option<&Dictionary>,
    out: &mut W,
) -> io::Result<u64> {
    let bad = |e: VerifyError| io::Error::new(io::ErrorKind::InvalidData, e);
    let auto = format.is_none();
    let mut format = resolve(input, format).map_err(bad)?;
    let mut produced = 0u64;
    let mut rest = input;
    loop {
        let used = verify::decode_member(rest, format, dict, &mut |chunk: &[u8]| {
            produced += chunk.len() as u64;
            out.write_all(chunk)
        })
        .map_err(|stop| match stop {
            Stop::Bad(e) => bad(e),
            Stop::Sink(e) => e,
        })?;
        let mut next = rest.get(used..).unwrap_or_default();
        if auto && format == Format::Gzip && next.len() >= 4 {
            // Four bytes after a gzip member that equal its CRC-32: the legacy framing.
            let stored = u32::from_be_bytes([next[0], next[1], next[2], next[3]]);
            if stored == crate::container::crc32(&rest[..used]) {
                format = Format::Legacy;
                next = &next[4..];
            }
        }
        rest = next;
        if rest.is_empty() {
            return Ok(produced);
        }
        let another = match format {
            Format::Gzip | Format::Legacy => rest.starts_with(&[0x1f, 0x8b]),
            Format::Zlib | Format::Raw => false,
        };
        if !another {
            return Err(bad(VerifyError::TrailingBytes(rest.len() as u64)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FrameBuilder;

    fn frame(format: Format, records: &[&[u8]], delimiter: &[u8]) -> Vec<u8> {
        let mut f = FrameBuilder::new(1 << 16)
            .format(format)
            .delimiter(delimiter.to_vec())
            .build()
            .unwrap();
        for r in records {
            f.push(r).unwrap();
        }
        f.finish()
    }

    #[test]
    fn detects_every_format_but_raw() {
        for format in Format::ALL {
            let bytes = frame(format, &[b"a", b"b"], b"\n");
            let got = unpack(&bytes, None, b"\n");
            if format == Format::Raw {
                assert!(got.is_err());
            } else {
                let got = got.unwrap();
                assert_eq!(got.format(), format);
                assert_eq!(got.to_vec(), vec![b"a".to_vec(), b"b".to_vec()]);
            }
            let named = unpack(&bytes, Some(format), b"\n").unwrap();
            assert_eq!(named.len(), 2);
        }
    }

    #[test]
    fn empty_delimiter_and_empty_frame() {
        let bytes = frame(Format::Gzip, &[b"ab", b"cd"], b"");
        let got = unpack(&bytes, None, b"").unwrap();
        assert_eq!(got.to_vec(), vec![b"abcd".to_vec()]);
        let bytes = frame(Format::Gzip, &[], b"\n");
        let got = unpack(&bytes, None, b"\n").unwrap();
        assert!(got.is_empty());
        assert_eq!(got.iter().count(), 0);
        let bytes = frame(Format::Zlib, &[b"", b""], b"\r\n");
        let got = unpack(&bytes, None, b"\r\n").unwrap();
        assert_eq!(got.to_vec(), vec![vec![], vec![]]);
    }

    #[test]
    fn wrong_delimiter_and_foreign_bytes_are_errors() {
        let bytes = frame(Format::Gzip, &[b"a"], b"\n");
        assert!(matches!(
            unpack(&bytes, None, b"\0"),
            Err(VerifyError::UnterminatedRecord { .. })
        ));
        assert!(unpack(b"", None, b"\n").is_err());
        assert!(unpack(b"hello world", None, b"\n").is_err());
        let mut padded = bytes.clone();
        padded.push(0);
        assert_eq!(
            unpack(&padded, None, b"\n"),
            Err(VerifyError::TrailingBytes(1))
        );
        // A gzip frame named as legacy, and a legacy frame named as gzip.
        assert!(unpack(&bytes, Some(Format::Legacy), b"\n").is_err());
        let legacy = frame(Format::Legacy, &[b"a"], b"\n");
        assert_eq!(
            unpack(&legacy, Some(Format::Gzip), b"\n"),
            Err(VerifyError::TrailingBytes(4))
        );
    }

    #[test]
    fn decompress_concatenations() {
        let a = frame(Format::Gzip, &[b"a"], b"\n");
        let b = frame(Format::Gzip, &[b"b"], b"\n");
        let mut out = Vec::new();
        let both = [a.clone(), b.clone()].concat();
        assert_eq!(decompress(&both, None, &mut out).unwrap(), 4);
        assert_eq!(out, b"a\nb\n");
        let la = frame(Format::Legacy, &[b"a"], b"\n");
        let lb = frame(Format::Legacy, &[b"b"], b"\n");
        out.clear();
        decompress(&[la, lb].concat(), None, &mut out).unwrap();
        assert_eq!(out, b"a\nb\n");
        let z = frame(Format::Zlib, &[b"z"], b"\n");
        out.clear();
        let err = decompress(&[z.clone(), z].concat(), None, &mut out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let mut garbage = both;
        garbage.extend_from_slice(b"xyz");
        assert!(decompress(&garbage, None, &mut Vec::new()).is_err());
        assert!(decompress(b"", Some(Format::Gzip), &mut Vec::new()).is_err());
    }
}
