//! Shared pieces of the fuzz targets: input shapes and the two independent inflaters.

use arbitrary::Arbitrary;
use fitflate::Format;
use std::io::Read;

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

/// Decode a finished stream of `format` with flate2 (miniz_oxide) and with zlib (libz-sys),
/// checking container checksums (and the legacy trailing CRC-32); both must agree.
pub fn decode_both(bytes: &[u8], format: Format) -> Vec<u8> {
    let body = match format {
        Format::Legacy => {
            assert!(bytes.len() >= 4, "legacy frame shorter than its CRC");
            let (member, tail) = bytes.split_at(bytes.len() - 4);
            let mut h = flate2::Crc::new();
            h.update(member);
            assert_eq!(u32::from_be_bytes(tail.try_into().unwrap()), h.sum(), "legacy CRC");
            member
        }
        _ => bytes,
    };
    let mut a = Vec::new();
    match format {
        Format::Raw => flate2::read::DeflateDecoder::new(body).read_to_end(&mut a),
        Format::Zlib => flate2::read::ZlibDecoder::new(body).read_to_end(&mut a),
        Format::Gzip | Format::Legacy => flate2::read::GzDecoder::new(body).read_to_end(&mut a),
    }
    .expect("miniz_oxide rejects the stream");
    let wbits = match format {
        Format::Raw => -15,
        Format::Zlib => 15,
        Format::Gzip | Format::Legacy => 31,
    };
    let b = inflate_zlib(body, wbits).expect("zlib rejects the stream");
    assert!(a == b, "the two inflaters disagree");
    a
}

extern "C" fn zalloc(_: libz_sys::voidpf, items: libz_sys::uInt, size: libz_sys::uInt) -> libz_sys::voidpf {
    // SAFETY: plain C allocation, freed by `zfree`.
    unsafe { libc::calloc(items as usize, size as usize) }
}

extern "C" fn zfree(_: libz_sys::voidpf, ptr: libz_sys::voidpf) {
    // SAFETY: `ptr` came from `zalloc`.
    unsafe { libc::free(ptr) }
}

/// zlib's inflate; the stream must end exactly at the end of `data`.
pub fn inflate_zlib(data: &[u8], window_bits: i32) -> Result<Vec<u8>, String> {
    use libz_sys::*;
    use std::mem::MaybeUninit;
    let mut out = Vec::new();
    // SAFETY: the stream is initialised by inflateInit2_; buffers outlive the calls.
    unsafe {
        let mut raw = MaybeUninit::<z_stream>::zeroed();
        let p = raw.as_mut_ptr();
        std::ptr::addr_of_mut!((*p).zalloc).write(zalloc);
        std::ptr::addr_of_mut!((*p).zfree).write(zfree);
        let mut strm = raw.assume_init();
        if inflateInit2_(&mut strm, window_bits, zlibVersion(), std::mem::size_of::<z_stream>() as i32) != Z_OK {
            return Err("inflateInit2".into());
        }
        strm.next_in = data.as_ptr() as *mut u8;
        strm.avail_in = data.len() as u32;
        let mut buf = vec![0u8; 1 << 16];
        let result = loop {
            strm.next_out = buf.as_mut_ptr();
            strm.avail_out = buf.len() as u32;
            let rc = inflate(&mut strm, Z_NO_FLUSH);
            let produced = buf.len() - strm.avail_out as usize;
            out.extend_from_slice(&buf[..produced]);
            match rc {
                Z_STREAM_END if strm.avail_in == 0 => break Ok(()),
                Z_STREAM_END => break Err("bytes after the stream".to_string()),
                Z_OK => continue,
                Z_BUF_ERROR if produced > 0 => continue,
                rc => break Err(format!("inflate error {rc}")),
            }
        };
        inflateEnd(&mut strm);
        result.map(|_| out)
    }
}
