//! Reading frames back through the C ABI: `fitflate_unpack` and `fitflate_next_record`.

mod common;

use std::ptr;

use common::{last_error, open, unpack_c, FORMATS};
use fitflate_c::*;

#[test]
fn unpack_gives_the_records_back() {
    for (c, _) in FORMATS {
        for delimiter in [&b"\n"[..], b"\r\n", b"\0", b""] {
            let f = open(4096, c, FITFLATE_LEVEL_DEFAULT, delimiter).unwrap();
            let records: Vec<Vec<u8>> = (0..30).map(|i| format!("rec {i}").into_bytes()).collect();
            f.push_all(&records);
            let bytes = f.finish().unwrap();
            let named = unpack_c(&bytes, c, delimiter).unwrap();
            if delimiter.is_empty() {
                assert_eq!(named, vec![records.concat()]);
            } else {
                assert_eq!(named, records);
            }
            if c != FITFLATE_FORMAT_RAW {
                assert_eq!(
                    unpack_c(&bytes, FITFLATE_FORMAT_AUTO, delimiter).unwrap(),
                    named
                );
            }
            // Every truncation is an error.
            for n in 0..bytes.len() {
                if c != FITFLATE_FORMAT_RAW || n < bytes.len() - 1 {
                    assert!(unpack_c(&bytes[..n], c, delimiter).is_err());
                }
            }
        }
    }
    // An empty frame: no records, NULL payload.
    let f = open(4096, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    assert_eq!(
        unpack_c(&f.finish().unwrap(), FITFLATE_FORMAT_AUTO, b"\n"),
        Ok(vec![])
    );
    // Foreign bytes, a wrong delimiter, a bad format, NULL pointers.
    assert_eq!(
        unpack_c(b"not a frame", FITFLATE_FORMAT_AUTO, b"\n"),
        Err(FITFLATE_ERR_BAD_FRAME)
    );
    let f = open(4096, FITFLATE_FORMAT_ZLIB, 6, b"\n").unwrap();
    f.push(b"x");
    let z = f.finish().unwrap();
    assert_eq!(
        unpack_c(&z, FITFLATE_FORMAT_AUTO, b"\0"),
        Err(FITFLATE_ERR_BAD_FRAME)
    );
    assert!(last_error().contains("delimiter"), "{}", last_error());
    assert_eq!(unpack_c(&z, 7, b"\n"), Err(FITFLATE_ERR_BAD_FORMAT));
    let mut len = 0usize;
    // SAFETY: NULL pointers are what is tested.
    unsafe {
        assert_eq!(
            fitflate_unpack(
                ptr::null(),
                5,
                -1,
                ptr::null(),
                0,
                &mut ptr::null_mut(),
                &mut len,
                ptr::null_mut()
            ),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_unpack(
                z.as_ptr(),
                z.len(),
                -1,
                ptr::null(),
                0,
                ptr::null_mut(),
                &mut len,
                ptr::null_mut()
            ),
            FITFLATE_ERR_NULL_POINTER
        );
        let mut pos = 100usize;
        let mut rec = ptr::null();
        assert_eq!(
            fitflate_next_record(
                z.as_ptr(),
                z.len(),
                ptr::null(),
                0,
                &mut pos,
                &mut rec,
                &mut len
            ),
            FITFLATE_ERR_BAD_LENGTH
        );
        assert_eq!(
            fitflate_next_record(
                z.as_ptr(),
                z.len(),
                ptr::null(),
                0,
                ptr::null_mut(),
                &mut rec,
                &mut len
            ),
            FITFLATE_ERR_NULL_POINTER
        );
    }
}
