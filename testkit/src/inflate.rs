//! Three independent inflaters. Each returns the decoded bytes or a message; miniz_oxide and
//! zlib also insist that the stream ends exactly at the end of the input (libdeflate's one-shot
//! API does not report how much input it read, so trailing bytes are caught by the other two).

use std::io::Read;

/// The container around a DEFLATE stream, as the inflaters take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrapper {
    /// Raw DEFLATE (RFC 1951).
    Raw,
    /// zlib (RFC 1950): header, stream, Adler-32.
    Zlib,
    /// One gzip member (RFC 1952): header, stream, CRC-32, ISIZE.
    Gzip,
}

impl Wrapper {
    /// zlib's `windowBits` for this wrapper.
    pub fn window_bits(self) -> i32 {
        match self {
            Wrapper::Raw => -15,
            Wrapper::Zlib => 15,
            Wrapper::Gzip => 31,
        }
    }
}

/// Decode with miniz_oxide (through flate2's default backend).
pub fn miniz(data: &[u8], wrapper: Wrapper) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let rest: &[u8] = match wrapper {
        Wrapper::Raw => {
            let mut d = flate2::bufread::DeflateDecoder::new(data);
            d.read_to_end(&mut out)
                .map_err(|e| format!("miniz_oxide: {e}"))?;
            d.into_inner()
        }
        Wrapper::Zlib => {
            let mut d = flate2::bufread::ZlibDecoder::new(data);
            d.read_to_end(&mut out)
                .map_err(|e| format!("miniz_oxide: {e}"))?;
            d.into_inner()
        }
        Wrapper::Gzip => {
            let mut d = flate2::bufread::GzDecoder::new(data);
            d.read_to_end(&mut out)
                .map_err(|e| format!("miniz_oxide: {e}"))?;
            d.into_inner()
        }
    };
    if !rest.is_empty() {
        return Err(format!(
            "miniz_oxide: {} bytes after the stream",
            rest.len()
        ));
    }
    Ok(out)
}

extern "C" fn zalloc(
    _: libz_sys::voidpf,
    items: libz_sys::uInt,
    size: libz_sys::uInt,
) -> libz_sys::voidpf {
    // SAFETY: plain C allocation, freed by `zfree`.
    unsafe { libc::calloc(items as usize, size as usize) }
}

extern "C" fn zfree(_: libz_sys::voidpf, ptr: libz_sys::voidpf) {
    // SAFETY: `ptr` came from `zalloc`.
    unsafe { libc::free(ptr) }
}

/// Decode with the system zlib (`inflateInit2_` / `inflate`).
pub fn zlib(data: &[u8], wrapper: Wrapper) -> Result<Vec<u8>, String> {
    zlib_window_bits(data, wrapper.window_bits())
}

/// Decode with the system zlib, `window_bits` as zlib takes them (-15 raw, 15 zlib, 31 gzip,
/// 47 either).
pub fn zlib_window_bits(data: &[u8], window_bits: i32) -> Result<Vec<u8>, String> {
    zlib_inflate(data, window_bits, None)
}

/// Decode a raw or zlib stream made with the preset dictionary `dict`: raw streams get it
/// before the first byte (`inflateSetDictionary` right after init), zlib streams when zlib asks
/// for it (`Z_NEED_DICT`, after checking the header's DICTID).
pub fn zlib_with_dictionary(data: &[u8], wrapper: Wrapper, dict: &[u8]) -> Result<Vec<u8>, String> {
    if wrapper == Wrapper::Gzip {
        return Err("gzip has no preset dictionary".into());
    }
    zlib_inflate(data, wrapper.window_bits(), Some(dict))
}

fn zlib_inflate(data: &[u8], window_bits: i32, dict: Option<&[u8]>) -> Result<Vec<u8>, String> {
    use libz_sys::*;
    use std::mem::MaybeUninit;
    let input_len = uInt::try_from(data.len()).map_err(|_| "zlib: input too long")?;
    let mut out = Vec::new();
    // SAFETY: the z_stream's allocator fields (non-nullable function pointers) are set before
    // it is treated as initialised, and inflateInit2_ initialises the rest; zlib reads `data`
    // through next_in (never writes it, despite the *mut) and writes at most avail_out bytes at
    // next_out, inside `buf`; inflateEnd is called on every path after a successful init.
    unsafe {
        let mut raw = MaybeUninit::<z_stream>::zeroed();
        let p = raw.as_mut_ptr();
        std::ptr::addr_of_mut!((*p).zalloc).write(zalloc);
        std::ptr::addr_of_mut!((*p).zfree).write(zfree);
        let mut strm = raw.assume_init();
        let rc = inflateInit2_(
            &mut strm,
            window_bits,
            zlibVersion(),
            std::mem::size_of::<z_stream>() as i32,
        );
        if rc != Z_OK {
            return Err(format!("zlib: inflateInit2 failed: {rc}"));
        }
        let set_dictionary = |strm: &mut z_stream, dict: &[u8]| {
            // zlib copies the dictionary; `dict` outlives the call.
            inflateSetDictionary(strm, dict.as_ptr(), dict.len() as uInt)
        };
        if let (Some(dict), true) = (dict, window_bits < 0) {
            if set_dictionary(&mut strm, dict) != Z_OK {
                inflateEnd(&mut strm);
                return Err("zlib: inflateSetDictionary failed".into());
            }
        }
        strm.next_in = data.as_ptr() as *mut u8;
        strm.avail_in = input_len;
        let mut buf = vec![0u8; 1 << 16];
        let result = loop {
            strm.next_out = buf.as_mut_ptr();
            strm.avail_out = buf.len() as uInt;
            let rc = inflate(&mut strm, Z_NO_FLUSH);
            let produced = buf.len() - strm.avail_out as usize;
            out.extend_from_slice(&buf[..produced]);
            match rc {
                Z_STREAM_END if strm.avail_in == 0 => break Ok(()),
                Z_STREAM_END => {
                    break Err(format!("zlib: {} bytes after the stream", strm.avail_in))
                }
                Z_OK => continue,
                Z_NEED_DICT => match dict {
                    Some(dict) if set_dictionary(&mut strm, dict) == Z_OK => continue,
                    Some(_) => {
                        break Err("zlib: the dictionary's Adler-32 is not the DICTID".into())
                    }
                    None => break Err("zlib: the stream needs a preset dictionary".into()),
                },
                Z_BUF_ERROR if produced > 0 => continue,
                Z_BUF_ERROR => break Err("zlib: truncated stream".to_string()),
                rc => {
                    let msg = if strm.msg.is_null() {
                        String::new()
                    } else {
                        std::ffi::CStr::from_ptr(strm.msg)
                            .to_string_lossy()
                            .into_owned()
                    };
                    break Err(format!("zlib: inflate error {rc} {msg}"));
                }
            }
        };
        inflateEnd(&mut strm);
        result.map(|()| out)
    }
}

/// Decode with libdeflate's one-shot decompressor (checksums and ISIZE checked; trailing bytes
/// are not detected by its API).
pub fn libdeflate(data: &[u8], wrapper: Wrapper) -> Result<Vec<u8>, String> {
    use libdeflater::{DecompressionError, Decompressor};
    let mut d = Decompressor::new();
    let mut size = data.len().saturating_mul(4).max(1024);
    loop {
        let mut out = vec![0u8; size];
        let got = match wrapper {
            Wrapper::Raw => d.deflate_decompress(data, &mut out),
            Wrapper::Zlib => d.zlib_decompress(data, &mut out),
            Wrapper::Gzip => d.gzip_decompress(data, &mut out),
        };
        match got {
            Ok(n) => {
                out.truncate(n);
                return Ok(out);
            }
            Err(DecompressionError::InsufficientSpace) if size < 1 << 32 => size *= 4,
            Err(e) => return Err(format!("libdeflate: {e}")),
        }
    }
}

/// Decode a raw DEFLATE stream made with the preset dictionary `dict` with miniz_oxide: the
/// output buffer starts with the dictionary (non-wrapping), so back-references reach into it.
pub fn miniz_with_dictionary(data: &[u8], dict: &[u8]) -> Result<Vec<u8>, String> {
    use miniz_oxide::inflate::core::inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;
    let mut r = DecompressorOxide::new();
    let mut out = dict.to_vec();
    let (mut in_pos, mut out_pos) = (0, dict.len());
    loop {
        out.resize(out_pos + (data.len() * 4).max(1 << 16), 0);
        let (status, used, written) = decompress(
            &mut r,
            &data[in_pos..],
            &mut out,
            out_pos,
            TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        in_pos += used;
        out_pos += written;
        match status {
            TINFLStatus::Done if in_pos == data.len() => {
                out.truncate(out_pos);
                return Ok(out.split_off(dict.len()));
            }
            TINFLStatus::Done => {
                return Err(format!(
                    "miniz_oxide: {} bytes after the stream",
                    data.len() - in_pos
                ))
            }
            TINFLStatus::HasMoreOutput => continue,
            s => return Err(format!("miniz_oxide: {s:?}")),
        }
    }
}

/// Decode a stream made with the preset dictionary `dict` with zlib and (for the raw DEFLATE
/// inside, after checking a zlib header's DICTID and the Adler-32 trailer) miniz_oxide; both
/// must succeed and agree. libdeflate's decompressor takes no dictionary.
pub fn all_with_dictionary(data: &[u8], wrapper: Wrapper, dict: &[u8]) -> Result<Vec<u8>, String> {
    let a = zlib_with_dictionary(data, wrapper, dict)?;
    let b = match wrapper {
        Wrapper::Raw => miniz_with_dictionary(data, dict)?,
        Wrapper::Zlib => {
            if data.len() < 10 || data[1] & 0x20 == 0 {
                return Err("zlib stream without FDICT".into());
            }
            let adler = |b: &[u8]| {
                let (mut s1, mut s2) = (1u32, 0u32);
                for &x in b {
                    s1 = (s1 + u32::from(x)) % 65521;
                    s2 = (s2 + s1) % 65521;
                }
                s2 << 16 | s1
            };
            let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
            if be(&data[2..6]) != adler(dict) {
                return Err("DICTID is not the dictionary's Adler-32".into());
            }
            let out = miniz_with_dictionary(&data[6..data.len() - 4], dict)?;
            if be(&data[data.len() - 4..]) != adler(&out) {
                return Err("miniz_oxide: Adler-32 wrong".into());
            }
            out
        }
        Wrapper::Gzip => return Err("gzip has no preset dictionary".into()),
    };
    if a != b {
        return Err(format!(
            "the inflaters disagree: zlib {} bytes, miniz_oxide {}",
            a.len(),
            b.len()
        ));
    }
    Ok(a)
}

/// Decode with all three inflaters; they must all succeed and agree.
pub fn all(data: &[u8], wrapper: Wrapper) -> Result<Vec<u8>, String> {
    let a = miniz(data, wrapper)?;
    let b = zlib(data, wrapper)?;
    let c = libdeflate(data, wrapper)?;
    if a != b || a != c {
        return Err(format!(
            "the inflaters disagree: miniz_oxide {} bytes, zlib {}, libdeflate {}",
            a.len(),
            b.len(),
            c.len()
        ));
    }
    Ok(a)
}

/// The gzip member of a legacy frame (a gzip member followed by the big-endian CRC-32 of the
/// member), after checking that CRC.
pub fn legacy_member(data: &[u8]) -> Result<&[u8], String> {
    if data.len() < 4 {
        return Err("legacy frame shorter than 4 bytes".into());
    }
    let (member, tail) = data.split_at(data.len() - 4);
    let stored = u32::from_be_bytes([tail[0], tail[1], tail[2], tail[3]]);
    let mut crc = flate2::Crc::new();
    crc.update(member);
    if stored != crc.sum() {
        return Err("legacy member CRC-32 wrong".into());
    }
    Ok(member)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use flate2::Compression;
    use std::io::Write;

    fn encoded(wrapper: Wrapper, data: &[u8]) -> Vec<u8> {
        let level = Compression::default();
        match wrapper {
            Wrapper::Raw => {
                let mut e = DeflateEncoder::new(Vec::new(), level);
                e.write_all(data).unwrap();
                e.finish().unwrap()
            }
            Wrapper::Zlib => {
                let mut e = ZlibEncoder::new(Vec::new(), level);
                e.write_all(data).unwrap();
                e.finish().unwrap()
            }
            Wrapper::Gzip => {
                let mut e = GzEncoder::new(Vec::new(), level);
                e.write_all(data).unwrap();
                e.finish().unwrap()
            }
        }
    }

    #[test]
    fn all_three_decode_and_reject() {
        let data: Vec<u8> = (0..50_000u32).map(|i| (i * i % 251) as u8).collect();
        for wrapper in [Wrapper::Raw, Wrapper::Zlib, Wrapper::Gzip] {
            let mut s = encoded(wrapper, &data);
            assert_eq!(all(&s, wrapper).unwrap(), data);
            s.push(0);
            assert!(miniz(&s, wrapper).is_err(), "{wrapper:?} trailing byte");
            assert!(zlib(&s, wrapper).is_err(), "{wrapper:?} trailing byte");
            s.pop();
            s.truncate(s.len() - 1);
            assert!(all(&s, wrapper).is_err(), "{wrapper:?} truncated");
            if wrapper != Wrapper::Raw {
                let mut bad = encoded(wrapper, &data);
                let n = bad.len();
                bad[n - 5] ^= 1; // inside the checksum or ISIZE/CRC
                assert!(miniz(&bad, wrapper).is_err());
                assert!(zlib(&bad, wrapper).is_err());
                assert!(libdeflate(&bad, wrapper).is_err());
            }
        }
    }
}
