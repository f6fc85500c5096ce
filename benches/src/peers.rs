//! More whole-buffer peers beside zlib, miniz_oxide and libdeflate: zlib-rs (libz-rs-sys, Rust)
//! and, with the `zlib-ng` feature (needs cmake to build), zlib-ng (libz-ng-sys). Both are called
//! through their zlib-style `deflateInit2_`/`deflate(Z_FINISH)`, one call on the whole buffer,
//! raw DEFLATE, memLevel 8, default strategy, as `zlib::compress` does for zlib.

/// One-shot raw DEFLATE of `data` at `level` with zlib-rs.
pub fn zlib_rs(data: &[u8], level: i32) -> Vec<u8> {
    use libz_rs_sys as z;
    let mut strm = z::z_stream::default();
    // SAFETY: a default z_stream (zlib-rs's own allocator); the version and size are this
    // crate's own.
    let rc = unsafe {
        z::deflateInit2_(
            &mut strm,
            level,
            z::Z_DEFLATED,
            -15,
            8,
            z::Z_DEFAULT_STRATEGY,
            z::zlibVersion(),
            std::mem::size_of::<z::z_stream>() as i32,
        )
    };
    assert_eq!(rc, z::Z_OK, "zlib-rs deflateInit2_");
    // SAFETY: an initialised stream.
    let bound = unsafe { z::deflateBound(&mut strm, data.len() as _) } as usize;
    let mut out = vec![0u8; bound];
    strm.next_in = data.as_ptr();
    strm.avail_in = data.len() as u32;
    strm.next_out = out.as_mut_ptr();
    strm.avail_out = out.len() as u32;
    // SAFETY: next_in/next_out point into live buffers of the stated sizes; deflateBound's
    // room lets one Z_FINISH call complete the stream.
    let rc = unsafe { z::deflate(&mut strm, z::Z_FINISH) };
    assert_eq!(rc, z::Z_STREAM_END, "zlib-rs deflate");
    out.truncate(out.len() - strm.avail_out as usize);
    // SAFETY: initialised above.
    unsafe { z::deflateEnd(&mut strm) };
    out
}

/// zlib-rs's version string.
pub fn zlib_rs_version() -> String {
    // SAFETY: a static NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(libz_rs_sys::zlibVersion()) }
        .to_string_lossy()
        .into_owned()
}

/// One-shot raw DEFLATE of `data` at `level` with zlib-ng (native API); `None` when the bench
/// was built without the `zlib-ng` feature.
#[cfg(feature = "zlib-ng")]
pub fn zlib_ng(data: &[u8], level: i32) -> Option<Vec<u8>> {
    use libz_ng_sys as z;
    use std::mem::MaybeUninit;
    extern "C" fn zalloc(_: z::voidpf, items: z::uInt, size: z::uInt) -> z::voidpf {
        // SAFETY: plain C allocation, released by `zfree`.
        unsafe { libc::calloc(items as usize, size as usize) }
    }
    extern "C" fn zfree(_: z::voidpf, ptr: z::voidpf) {
        // SAFETY: `ptr` came from `zalloc`.
        unsafe { libc::free(ptr) }
    }
    let mut raw = Box::new(MaybeUninit::<z::z_stream>::zeroed());
    let p = raw.as_mut_ptr();
    // SAFETY: the allocator fields are non-nullable function pointers; set them before the
    // struct counts as initialised. Every other field may be zero. Boxed: zlib-ng's state
    // points back at the stream.
    let mut strm = unsafe {
        std::ptr::addr_of_mut!((*p).zalloc).write(zalloc);
        std::ptr::addr_of_mut!((*p).zfree).write(zfree);
        Box::from_raw(Box::into_raw(raw) as *mut z::z_stream)
    };
    // SAFETY: a zeroed stream with allocators set.
    let rc = unsafe {
        z::deflateInit2_(
            &mut *strm,
            level,
            z::Z_DEFLATED,
            -15,
            8,
            z::Z_DEFAULT_STRATEGY,
            z::zlibVersion(),
            std::mem::size_of::<z::z_stream>() as i32,
        )
    };
    assert_eq!(rc, z::Z_OK, "zlib-ng deflateInit2_");
    // SAFETY: an initialised stream.
    let bound = unsafe { z::deflateBound(&mut *strm, data.len() as _) } as usize;
    let mut out = vec![0u8; bound];
    strm.next_in = data.as_ptr() as *mut u8;
    strm.avail_in = data.len() as _;
    strm.next_out = out.as_mut_ptr();
    strm.avail_out = out.len() as _;
    // SAFETY: live buffers of the stated sizes; deflateBound's room finishes in one call.
    let rc = unsafe { z::deflate(&mut *strm, z::Z_FINISH) };
    assert_eq!(rc, z::Z_STREAM_END, "zlib-ng deflate");
    out.truncate(out.len() - strm.avail_out as usize);
    // SAFETY: initialised above.
    unsafe { z::deflateEnd(&mut *strm) };
    Some(out)
}

/// Without the `zlib-ng` feature there is no zlib-ng peer.
#[cfg(not(feature = "zlib-ng"))]
pub fn zlib_ng(_: &[u8], _: i32) -> Option<Vec<u8>> {
    None
}

/// zlib-ng's version string, when built in.
pub fn zlib_ng_version() -> Option<String> {
    #[cfg(feature = "zlib-ng")]
    {
        // SAFETY: a static NUL-terminated string.
        Some(
            unsafe { std::ffi::CStr::from_ptr(libz_ng_sys::zlibVersion()) }
                .to_string_lossy()
                .into_owned(),
        )
    }
    #[cfg(not(feature = "zlib-ng"))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(d: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(d).expect("raw DEFLATE")
    }

    #[test]
    fn peers_round_trip() {
        let logs = crate::bundled_logs();
        let data = &logs[2].1[..100_000];
        for level in [1, 6, 9] {
            assert_eq!(inflate(&zlib_rs(data, level)), data);
            if let Some(c) = zlib_ng(data, level) {
                assert_eq!(inflate(&c), data);
            }
        }
        assert!(!zlib_rs_version().is_empty());
        assert_eq!(zlib_ng_version().is_some(), cfg!(feature = "zlib-ng"));
    }
}
