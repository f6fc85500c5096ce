//! Two independent inflaters for the tests: miniz_oxide (through flate2's default backend) and
//! zlib itself (through libz-sys, called directly, so cargo's feature unification cannot swap it).
#![allow(dead_code)]

use std::io::Read;

/// Inflate a raw DEFLATE stream with flate2's default backend (miniz_oxide); also checks that
/// the stream ends exactly at the end of `data`.
pub fn inflate_miniz(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut d = flate2::read::DeflateDecoder::new(data);
    let mut out = Vec::new();
    d.read_to_end(&mut out).map_err(|e| e.to_string())?;
    if d.total_in() != data.len() as u64 {
        return Err(format!(
            "stream ended after {} of {} bytes",
            d.total_in(),
            data.len()
        ));
    }
    Ok(out)
}

/// Inflate with zlib (libz-sys). `window_bits`: -15 raw, 15 zlib, 31 gzip. The stream must end
/// exactly at the end of `data` (Z_STREAM_END with no input left).
pub fn inflate_zlib(data: &[u8], window_bits: i32) -> Result<Vec<u8>, String> {
    use libz_sys::*;
    use std::mem::MaybeUninit;
    let mut out = Vec::with_capacity(data.len() * 4 + 64);
    // SAFETY: z_stream is initialised by inflateInit2_ before use; buffers outlive the calls.
    unsafe {
        // z_stream's allocator fields are non-nullable function pointers: set them before
        // treating the struct as initialised.
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
            return Err(format!("inflateInit2 failed: {rc}"));
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
                Z_STREAM_END => {
                    break if strm.avail_in == 0 {
                        Ok(())
                    } else {
                        Err(format!(
                            "{} bytes after the end of the stream",
                            strm.avail_in
                        ))
                    };
                }
                Z_OK => continue,
                Z_BUF_ERROR if produced > 0 => continue,
                Z_BUF_ERROR => break Err("truncated stream".to_string()),
                rc => {
                    let msg = if strm.msg.is_null() {
                        String::new()
                    } else {
                        std::ffi::CStr::from_ptr(strm.msg)
                            .to_string_lossy()
                            .into_owned()
                    };
                    break Err(format!("inflate error {rc}: {msg}"));
                }
            }
        };
        inflateEnd(&mut strm);
        result.map(|_| out)
    }
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

/// Both inflaters must agree with `want`.
pub fn assert_inflates_to(raw: &[u8], want: &[u8], what: &str) {
    let a = inflate_miniz(raw).unwrap_or_else(|e| panic!("{what}: miniz_oxide: {e}"));
    assert!(
        a == want,
        "{what}: miniz_oxide gave {} bytes, want {}",
        a.len(),
        want.len()
    );
    let b = inflate_zlib(raw, -15).unwrap_or_else(|e| panic!("{what}: zlib: {e}"));
    assert!(
        b == want,
        "{what}: zlib gave {} bytes, want {}",
        b.len(),
        want.len()
    );
}

/// The bundled logs (name, bytes).
pub fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/loghub");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/loghub is bundled with the repository")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// A small deterministic generator (xorshift64*), so the tests need no RNG crate.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}
