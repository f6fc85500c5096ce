//! The contract of every C entry point: NULL pointers and bad lengths are errors, the last error
//! is per thread, a handle may move between threads, and the version is the crate's.

mod common;

use std::ffi::CStr;
use std::ptr;

use common::{last_error, open, Handle};
use fitflate::Format;
use fitflate_c::*;

#[test]
fn null_pointers_and_bad_lengths() {
    let mut err = 0;
    // SAFETY: every pointer is NULL or valid; the lengths are checked before any read.
    unsafe {
        // Delimiter NULL with a length: error; NULL with 0: no delimiter. out_err may be NULL.
        let f = fitflate_frame_new(4096, FITFLATE_FORMAT_GZIP, 6, ptr::null(), 1, &mut err);
        assert!(f.is_null());
        assert_eq!(err, FITFLATE_ERR_NULL_POINTER);
        assert!(last_error().contains("delimiter is NULL"));
        let f = fitflate_frame_new(
            4096,
            FITFLATE_FORMAT_GZIP,
            6,
            b"\n".as_ptr(),
            usize::MAX,
            &mut err,
        );
        assert!(f.is_null());
        assert_eq!(err, FITFLATE_ERR_BAD_LENGTH);
        let f = fitflate_frame_new(19, FITFLATE_FORMAT_GZIP, 6, ptr::null(), 0, ptr::null_mut());
        assert!(f.is_null());
        let f = Handle(fitflate_frame_new(
            4096,
            FITFLATE_FORMAT_RAW,
            6,
            ptr::null(),
            0,
            ptr::null_mut(),
        ));
        assert!(!f.0.is_null());

        // NULL frame everywhere.
        let null = ptr::null_mut();
        assert_eq!(
            fitflate_frame_push(null, b"x".as_ptr(), 1),
            FITFLATE_ERR_NULL_POINTER
        );
        assert!(last_error().contains("frame is NULL"));
        let mut buf = [0u8; 64];
        let mut len = 0usize;
        let mut data = ptr::null_mut();
        assert_eq!(
            fitflate_frame_finish_into(null, buf.as_mut_ptr(), 64, &mut len),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_frame_finish(null, &mut data, &mut len),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(fitflate_frame_reset(null), FITFLATE_ERR_NULL_POINTER);
        assert_eq!(fitflate_frame_records(null), 0);
        assert_eq!(fitflate_frame_size(null), 0);
        assert_eq!(fitflate_frame_cap(null), 0);
        fitflate_frame_free(null);
        fitflate_bytes_free(ptr::null_mut(), 0);
        fitflate_bytes_free(ptr::null_mut(), 10);

        // Record: NULL with 0 is the empty record; NULL with a length, or a huge length, errors.
        assert_eq!(fitflate_frame_push(f.0, ptr::null(), 0), FITFLATE_ACCEPTED);
        assert_eq!(
            fitflate_frame_push(f.0, ptr::null(), 5),
            FITFLATE_ERR_NULL_POINTER
        );
        assert!(last_error().contains("record is NULL"));
        assert_eq!(
            fitflate_frame_push(f.0, b"x".as_ptr(), usize::MAX),
            FITFLATE_ERR_BAD_LENGTH
        );
        assert_eq!(
            fitflate_frame_push(f.0, b"x".as_ptr(), isize::MAX as usize + 1),
            FITFLATE_ERR_BAD_LENGTH
        );
        assert!(last_error().contains("PTRDIFF_MAX"));
        assert_eq!(f.records(), 1);

        // Finish: NULL out pointers, NULL buffer with a capacity.
        assert_eq!(
            fitflate_frame_finish_into(f.0, buf.as_mut_ptr(), 64, ptr::null_mut()),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_frame_finish_into(f.0, ptr::null_mut(), 64, &mut len),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_frame_finish_into(f.0, buf.as_mut_ptr(), usize::MAX, &mut len),
            FITFLATE_ERR_BAD_LENGTH
        );
        assert_eq!(
            fitflate_frame_finish(f.0, ptr::null_mut(), &mut len),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(len, 0);
        assert_eq!(
            fitflate_frame_finish(f.0, &mut data, ptr::null_mut()),
            FITFLATE_ERR_NULL_POINTER
        );
        assert!(data.is_null());
        // None of that touched the frame.
        assert_eq!(f.records(), 1);
        assert_eq!(f.finish_payload(Format::Raw), b"");
    }
}

#[test]
fn last_error_is_per_thread() {
    assert_eq!(
        open(4096, 42, 6, b"\n").err(),
        Some(FITFLATE_ERR_BAD_FORMAT)
    );
    let here = last_error();
    assert!(here.contains("unknown format 42"));
    std::thread::spawn(|| {
        assert_eq!(last_error(), "", "a new thread starts with no message");
        assert_eq!(
            open(4096, FITFLATE_FORMAT_GZIP, 77, b"\n").err(),
            Some(FITFLATE_ERR_BAD_LEVEL)
        );
        assert!(last_error().contains("level 77"));
    })
    .join()
    .unwrap();
    assert_eq!(last_error(), here);
}

#[test]
fn a_handle_can_move_between_threads() {
    struct Send_(Handle);
    // SAFETY: the C contract allows moving a handle to another thread (not sharing it).
    unsafe impl Send for Send_ {}
    let f = Send_(open(4096, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap());
    assert_eq!(f.0.push(b"main"), FITFLATE_ACCEPTED);
    let f = std::thread::spawn(move || {
        let f = f;
        assert_eq!(f.0.push(b"worker"), FITFLATE_ACCEPTED);
        f
    })
    .join()
    .unwrap();
    assert_eq!(f.0.finish_payload(Format::Gzip), b"main\nworker\n");
}

#[test]
fn version() {
    // SAFETY: static NUL-terminated string.
    let v = unsafe { CStr::from_ptr(fitflate_version()) };
    assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}
