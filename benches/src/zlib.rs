//! A small safe wrapper around zlib's deflate (libz-sys, the C library itself), with
//! `deflateCopy`: what a zlib user has for capped frames today.

use libz_sys as z;
use std::mem::MaybeUninit;

extern "C" fn zalloc(_: z::voidpf, items: z::uInt, size: z::uInt) -> z::voidpf {
    // SAFETY: plain C allocation, released by `zfree`.
    unsafe { libc::calloc(items as usize, size as usize) }
}

extern "C" fn zfree(_: z::voidpf, ptr: z::voidpf) {
    // SAFETY: `ptr` came from `zalloc`.
    unsafe { libc::free(ptr) }
}

/// A deflate stream. Boxed: zlib's internal state points back at the `z_stream`, which must not
/// move after initialisation.
pub struct ZStream {
    strm: Box<z::z_stream>,
}

fn blank() -> Box<z::z_stream> {
    let mut raw = Box::new(MaybeUninit::<z::z_stream>::zeroed());
    let p = raw.as_mut_ptr();
    // SAFETY: the allocator fields are non-nullable function pointers; set them before the
    // struct counts as initialised. Every other field may be zero.
    unsafe {
        std::ptr::addr_of_mut!((*p).zalloc).write(zalloc);
        std::ptr::addr_of_mut!((*p).zfree).write(zfree);
        Box::from_raw(Box::into_raw(raw) as *mut z::z_stream)
    }
}

impl ZStream {
    /// A stream with zlib's defaults (memLevel 8, default strategy). `window_bits`: -15 raw,
    /// 15 zlib, 31 gzip.
    pub fn new(level: i32, window_bits: i32) -> Self {
        let mut strm = blank();
        // SAFETY: strm is a valid, zeroed z_stream with allocators set.
        let rc = unsafe {
            z::deflateInit2_(
                &mut *strm,
                level,
                z::Z_DEFLATED,
                window_bits,
                8,
                z::Z_DEFAULT_STRATEGY,
                z::zlibVersion(),
                std::mem::size_of::<z::z_stream>() as i32,
            )
        };
        assert_eq!(rc, z::Z_OK, "deflateInit2");
        ZStream { strm }
    }

    /// Feed `input` with `flush` (Z_NO_FLUSH, Z_SYNC_FLUSH, Z_FINISH), appending output to `out`.
    pub fn deflate(&mut self, input: &[u8], flush: i32, out: &mut Vec<u8>) {
        let mut buf = [0u8; 1 << 14];
        self.strm.next_in = input.as_ptr() as *mut u8;
        self.strm.avail_in = input.len() as u32;
        loop {
            self.strm.next_out = buf.as_mut_ptr();
            self.strm.avail_out = buf.len() as u32;
            // SAFETY: next_in/next_out point into live buffers of the stated sizes.
            let rc = unsafe { z::deflate(&mut *self.strm, flush) };
            let produced = buf.len() - self.strm.avail_out as usize;
            out.extend_from_slice(&buf[..produced]);
            match rc {
                z::Z_STREAM_END => break,
                z::Z_OK | z::Z_BUF_ERROR => {
                    if self.strm.avail_in == 0 && self.strm.avail_out != 0 && flush != z::Z_FINISH {
                        break;
                    }
                    if rc == z::Z_BUF_ERROR && produced == 0 {
                        break;
                    }
                }
                rc => panic!("deflate returned {rc}"),
            }
        }
        self.strm.next_in = std::ptr::null_mut();
        self.strm.avail_in = 0;
    }

    /// `deflateSetDictionary` (before the first `deflate`): a zlib stream then sets FDICT and
    /// the DICTID; a raw one takes the dictionary as history only.
    pub fn set_dictionary(&mut self, dict: &[u8]) {
        // SAFETY: a live deflate stream; zlib reads `dict.len()` bytes from `dict` during the
        // call and keeps no pointer to it.
        let rc =
            unsafe { z::deflateSetDictionary(&mut *self.strm, dict.as_ptr(), dict.len() as u32) };
        assert_eq!(rc, z::Z_OK, "deflateSetDictionary");
    }

    /// `deflateCopy`: an independent copy of the whole state.
    pub fn copy(&self) -> Self {
        let mut strm = blank();
        // SAFETY: source is a live deflate stream; dest is a blank z_stream.
        let rc = unsafe { z::deflateCopy(&mut *strm, &*self.strm as *const _ as *mut _) };
        assert_eq!(rc, z::Z_OK, "deflateCopy");
        ZStream { strm }
    }
}

impl Drop for ZStream {
    fn drop(&mut self) {
        // SAFETY: initialised by deflateInit2_ or deflateCopy.
        unsafe {
            z::deflateEnd(&mut *self.strm);
        }
    }
}

/// One-shot compression of `data` at `level` (`window_bits` as in `ZStream::new`).
pub fn compress(data: &[u8], level: i32, window_bits: i32) -> Vec<u8> {
    let mut s = ZStream::new(level, window_bits);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    s.deflate(data, z::Z_FINISH, &mut out);
    out
}

/// zlib's `compressBound`: the worst case of a zlib stream of `n` bytes.
pub fn compress_bound(n: u64) -> u64 {
    // SAFETY: pure function.
    unsafe { z::compressBound(n as z::uLong) as u64 }
}

pub use z::{Z_FINISH, Z_NO_FLUSH, Z_SYNC_FLUSH};
