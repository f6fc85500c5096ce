//! Panics caught at the boundary (injected where fitflate would panic on a bug) and the
//! last-error message.

use std::ffi::{c_int, CStr};
use std::ptr;

use fitflate::Format;

use super::*;
use crate::errors::{catch, set_message, INJECT_PANIC};

fn last_error() -> String {
    // SAFETY: never NULL, NUL-terminated, valid until the next call on this thread.
    unsafe { CStr::from_ptr(fitflate_last_error()) }
        .to_str()
        .unwrap()
        .to_string()
}

fn new_frame(cap: u64) -> *mut fitflate_frame {
    let mut err = 1;
    // SAFETY: valid delimiter and out pointer.
    let f =
        unsafe { fitflate_frame_new(cap, FITFLATE_FORMAT_GZIP, 6, b"\n".as_ptr(), 1, &mut err) };
    assert!(!f.is_null());
    assert_eq!(err, FITFLATE_OK);
    f
}

fn push(f: *mut fitflate_frame, record: &[u8]) -> c_int {
    // SAFETY: a live handle and a valid slice.
    unsafe { fitflate_frame_push(f, record.as_ptr(), record.len()) }
}

#[test]
fn a_panic_in_push_is_caught_and_poisons_the_frame() {
    let f = new_frame(4096);
    assert_eq!(push(f, b"before"), FITFLATE_ACCEPTED);
    INJECT_PANIC.with(|p| p.set(true));
    assert_eq!(push(f, b"boom"), FITFLATE_ERR_INTERNAL);
    assert!(
        last_error().contains("internal error in fitflate_frame_push"),
        "{}",
        last_error()
    );
    assert!(last_error().contains("injected panic"));
    // Poisoned: everything but reset and free refuses.
    assert_eq!(push(f, b"after"), FITFLATE_ERR_POISONED);
    assert!(last_error().contains("poisoned"));
    let mut buf = [0u8; 4096];
    let mut len = 0usize;
    // SAFETY: valid buffer and out pointers.
    unsafe {
        assert_eq!(
            fitflate_frame_finish_into(f, buf.as_mut_ptr(), buf.len(), &mut len),
            FITFLATE_ERR_POISONED
        );
        let mut data = ptr::null_mut();
        assert_eq!(
            fitflate_frame_finish(f, &mut data, &mut len),
            FITFLATE_ERR_POISONED
        );
        assert!(data.is_null());
        assert_eq!(fitflate_frame_records(f), 0);
        assert_eq!(fitflate_frame_size(f), 0);
        assert_eq!(fitflate_frame_cap(f), 4096);
        // Reset clears the poison.
        assert_eq!(fitflate_frame_reset(f), FITFLATE_OK);
        assert_eq!(push(f, b"after"), FITFLATE_ACCEPTED);
        assert_eq!(fitflate_frame_records(f), 1);
        assert_eq!(
            fitflate_frame_finish_into(f, buf.as_mut_ptr(), buf.len(), &mut len),
            FITFLATE_OK
        );
        let payload = fitflate::verify::decode(&buf[..len], Format::Gzip).unwrap();
        assert_eq!(payload, b"after\n");
        fitflate_frame_free(f);
    }
}

#[test]
fn a_panic_in_finish_is_caught_and_poisons_the_frame() {
    let f = new_frame(4096);
    assert_eq!(push(f, b"record"), FITFLATE_ACCEPTED);
    let mut buf = [0u8; 4096];
    let mut len = 0usize;
    // SAFETY: valid buffer and out pointers.
    unsafe {
        INJECT_PANIC.with(|p| p.set(true));
        assert_eq!(
            fitflate_frame_finish_into(f, buf.as_mut_ptr(), buf.len(), &mut len),
            FITFLATE_ERR_INTERNAL
        );
        assert_eq!(push(f, b"x"), FITFLATE_ERR_POISONED);
        assert_eq!(fitflate_frame_reset(f), FITFLATE_OK);

        assert_eq!(push(f, b"record"), FITFLATE_ACCEPTED);
        INJECT_PANIC.with(|p| p.set(true));
        let mut data = ptr::null_mut();
        assert_eq!(
            fitflate_frame_finish(f, &mut data, &mut len),
            FITFLATE_ERR_INTERNAL
        );
        assert!(data.is_null());
        assert_eq!(len, 0);
        assert_eq!(push(f, b"x"), FITFLATE_ERR_POISONED);
        // Free works on a poisoned handle.
        fitflate_frame_free(f);
    }
}

#[test]
fn catch_turns_any_panic_payload_into_internal() {
    assert_eq!(
        catch("t", || -> Result<(), c_int> {
            panic!("{}", String::from("owned"))
        }),
        Err(FITFLATE_ERR_INTERNAL)
    );
    assert!(last_error().contains("owned"));
    assert_eq!(
        catch("t", || -> Result<(), c_int> { std::panic::panic_any(42u8) }),
        Err(FITFLATE_ERR_INTERNAL)
    );
    assert!(last_error().contains("unknown panic payload"));
}

#[test]
fn messages_with_nul_bytes_survive() {
    set_message("a\0b");
    assert_eq!(last_error(), "a\\0b");
}
