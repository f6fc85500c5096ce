//! The C functions called from Rust as a C caller would: every error path (NULL pointers, bad
//! lengths, bad format and level, cap below the minimum, too-large records, small buffers) and
//! the reuse contract (finishing resets the handle to an empty frame with the same settings).

use std::ffi::{c_int, CStr};
use std::ptr;

use fitflate::verify::decode;
use fitflate::Format;
use fitflate_c::*;

fn last_error() -> String {
    // SAFETY: never NULL, NUL-terminated, valid until the next call on this thread.
    unsafe { CStr::from_ptr(fitflate_last_error()) }
        .to_str()
        .unwrap()
        .to_string()
}

/// A handle that frees itself.
struct Handle(*mut fitflate_frame);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: a live handle, freed once.
        unsafe { fitflate_frame_free(self.0) }
    }
}

fn open(cap: u64, format: c_int, level: c_int, delimiter: &[u8]) -> Result<Handle, c_int> {
    let mut err = 12345;
    // SAFETY: a valid slice and out pointer.
    let f = unsafe {
        fitflate_frame_new(
            cap,
            format,
            level,
            delimiter.as_ptr(),
            delimiter.len(),
            &mut err,
        )
    };
    if f.is_null() {
        assert_ne!(err, FITFLATE_OK);
        Err(err)
    } else {
        assert_eq!(err, FITFLATE_OK);
        Ok(Handle(f))
    }
}

impl Handle {
    fn push(&self, record: &[u8]) -> c_int {
        // SAFETY: a live handle and a valid slice.
        unsafe { fitflate_frame_push(self.0, record.as_ptr(), record.len()) }
    }
    fn records(&self) -> u64 {
        // SAFETY: a live handle.
        unsafe { fitflate_frame_records(self.0) }
    }
    fn size(&self) -> u64 {
        // SAFETY: a live handle.
        unsafe { fitflate_frame_size(self.0) }
    }
    /// finish_into with a buffer of `buf_cap` bytes: (code, out_len, bytes written).
    fn finish_into(&self, buf_cap: usize) -> (c_int, usize, Vec<u8>) {
        let mut buf = vec![0xAAu8; buf_cap];
        let mut len = 777usize;
        // SAFETY: a live handle, a buffer of buf_cap bytes, a valid out pointer.
        let rc = unsafe { fitflate_frame_finish_into(self.0, buf.as_mut_ptr(), buf_cap, &mut len) };
        if rc == FITFLATE_OK {
            assert!(buf[len..].iter().all(|&b| b == 0xAA), "wrote past out_len");
            buf.truncate(len);
        }
        (rc, len, buf)
    }
    /// take_output into a library-owned buffer, copied out and freed.
    fn take_output(&self) -> Vec<u8> {
        let mut data = ptr::dangling_mut::<u8>();
        let mut len = 777usize;
        // SAFETY: a live handle and valid out pointers.
        let rc = unsafe { fitflate_frame_take_output(self.0, &mut data, &mut len) };
        assert_eq!(rc, FITFLATE_OK);
        if len == 0 {
            assert!(data.is_null());
            return Vec::new();
        }
        // SAFETY: the library's buffer of `len` bytes, freed right after copying.
        let bytes = unsafe { std::slice::from_raw_parts(data, len) }.to_vec();
        // SAFETY: as returned.
        unsafe { fitflate_bytes_free(data, len) };
        bytes
    }
    /// finish into a library-owned buffer, copied out and freed.
    fn finish(&self) -> Result<Vec<u8>, c_int> {
        let mut data = ptr::dangling_mut::<u8>();
        let mut len = 777usize;
        // SAFETY: a live handle and valid out pointers.
        let rc = unsafe { fitflate_frame_finish(self.0, &mut data, &mut len) };
        if rc != FITFLATE_OK {
            assert!(data.is_null());
            assert_eq!(len, 0);
            return Err(rc);
        }
        assert!(!data.is_null());
        // SAFETY: the library's buffer of `len` bytes, freed right after copying.
        let bytes = unsafe { std::slice::from_raw_parts(data, len) }.to_vec();
        // SAFETY: as returned.
        unsafe { fitflate_bytes_free(data, len) };
        Ok(bytes)
    }
}

const FORMATS: [(c_int, Format); 4] = [
    (FITFLATE_FORMAT_RAW, Format::Raw),
    (FITFLATE_FORMAT_ZLIB, Format::Zlib),
    (FITFLATE_FORMAT_GZIP, Format::Gzip),
    (FITFLATE_FORMAT_LEGACY, Format::Legacy),
];

#[test]
fn round_trip_in_every_format_and_level() {
    for (c, format) in FORMATS {
        for level in [FITFLATE_LEVEL_DEFAULT, 0, 1, 5, 9] {
            let f = open(4096, c, level, b"\n").unwrap();
            for i in 0..20 {
                assert_eq!(f.push(format!("record {i}").as_bytes()), FITFLATE_ACCEPTED);
            }
            assert_eq!(f.records(), 20);
            let size = f.size();
            let (rc, len, bytes) = f.finish_into(4096);
            assert_eq!(rc, FITFLATE_OK, "{}", last_error());
            assert_eq!(len as u64, size, "size() predicts the finished length");
            let payload = decode(&bytes, format).unwrap();
            let want: String = (0..20).map(|i| format!("record {i}\n")).collect();
            assert_eq!(payload, want.as_bytes());
        }
    }
}

#[test]
fn cap_below_minimum() {
    for (c, format) in FORMATS {
        let min = format.min_frame_size();
        assert_eq!(fitflate_min_frame_size(c), min);
        assert_eq!(
            open(min - 1, c, 6, b"\n").err(),
            Some(FITFLATE_ERR_CAP_BELOW_MINIMUM)
        );
        assert!(
            last_error().contains(&format!("minimum of {min} bytes")),
            "{}",
            last_error()
        );
        assert_eq!(
            open(0, c, 6, b"\n").err(),
            Some(FITFLATE_ERR_CAP_BELOW_MINIMUM)
        );
        // At the minimum: a frame that takes no record but finishes as an empty stream.
        let f = open(min, c, 6, b"\n").unwrap();
        assert_eq!(f.push(b""), FITFLATE_TOO_LARGE);
        let bytes = f.finish().unwrap();
        assert_eq!(bytes.len() as u64, min);
        assert_eq!(decode(&bytes, format).unwrap(), b"");
    }
}

#[test]
fn bad_format_and_level() {
    for bad in [-1, 4, 99, c_int::MIN, c_int::MAX] {
        assert_eq!(
            open(4096, bad, 6, b"\n").err(),
            Some(FITFLATE_ERR_BAD_FORMAT)
        );
        assert!(last_error().contains(&format!("unknown format {bad}")));
        assert_eq!(fitflate_min_frame_size(bad), 0);
    }
    for bad in [-2, 11, 100, c_int::MIN, c_int::MAX] {
        assert_eq!(
            open(4096, FITFLATE_FORMAT_GZIP, bad, b"\n").err(),
            Some(FITFLATE_ERR_BAD_LEVEL)
        );
        assert!(
            last_error().contains(&format!("level {bad}")),
            "{}",
            last_error()
        );
    }
}

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
        let bytes = f.finish().unwrap();
        assert_eq!(decode(&bytes, Format::Raw).unwrap(), b"");
    }
}

#[test]
fn buffer_too_small_leaves_the_frame_unchanged() {
    let f = open(4096, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    for i in 0..30 {
        assert_eq!(
            f.push(format!("line {i} of some log").as_bytes()),
            FITFLATE_ACCEPTED
        );
    }
    let needed = f.size() as usize;
    // A size query: NULL buffer, capacity 0.
    let mut len = 0usize;
    // SAFETY: NULL buffer with capacity 0 is allowed.
    let rc = unsafe { fitflate_frame_finish_into(f.0, ptr::null_mut(), 0, &mut len) };
    assert_eq!((rc, len), (FITFLATE_ERR_BUFFER_TOO_SMALL, needed));
    let (rc, len, _) = f.finish_into(needed - 1);
    assert_eq!((rc, len), (FITFLATE_ERR_BUFFER_TOO_SMALL, needed));
    assert!(
        last_error().contains(&format!("needs {needed} bytes")),
        "{}",
        last_error()
    );
    assert_eq!(f.records(), 30);
    assert_eq!(f.size() as usize, needed);
    // Still open: push one more, then finish into a buffer of exactly the size.
    assert_eq!(f.push(b"one more"), FITFLATE_ACCEPTED);
    let needed = f.size() as usize;
    let (rc, len, bytes) = f.finish_into(needed);
    assert_eq!((rc, len), (FITFLATE_OK, needed));
    let mut want: String = (0..30).map(|i| format!("line {i} of some log\n")).collect();
    want.push_str("one more\n");
    assert_eq!(decode(&bytes, Format::Gzip).unwrap(), want.as_bytes());
}

#[test]
fn full_and_reuse_after_finish() {
    let cap = 300u64;
    let f = open(cap, FITFLATE_FORMAT_ZLIB, 9, b"\r\n").unwrap();
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_cap(f.0) }, cap);
    let records: Vec<String> = (0..400)
        .map(|i| format!("{i:05} {}", i * 7919 % 10007))
        .collect();
    let mut frames = Vec::new();
    let mut current = Vec::new();
    for (n, r) in records.iter().enumerate() {
        let mut rc = f.push(r.as_bytes());
        if rc == FITFLATE_FULL {
            // Full leaves the frame as it was.
            assert_eq!(f.records() as usize, current.len());
            let size = f.size();
            assert!(size <= cap);
            // Alternate between the two ways to finish.
            let bytes = if frames.len() % 2 == 0 {
                let (rc, len, bytes) = f.finish_into(cap as usize);
                assert_eq!(rc, FITFLATE_OK);
                assert_eq!(len as u64, size);
                bytes
            } else {
                f.finish().unwrap()
            };
            // Reset to an empty frame with the same settings.
            assert_eq!(f.records(), 0);
            assert_eq!(f.size(), Format::Zlib.min_frame_size());
            frames.push((bytes, std::mem::take(&mut current)));
            rc = f.push(r.as_bytes());
        }
        assert_eq!(rc, FITFLATE_ACCEPTED, "record {n}");
        current.push(r.clone());
    }
    frames.push((f.finish().unwrap(), current));
    assert!(frames.len() > 5);
    for (bytes, recs) in &frames {
        assert!(bytes.len() as u64 <= cap);
        let want: String = recs.iter().map(|r| format!("{r}\r\n")).collect();
        assert_eq!(decode(bytes, Format::Zlib).unwrap(), want.as_bytes());
    }
    let total: usize = frames.iter().map(|(_, r)| r.len()).sum();
    assert_eq!(total, records.len());
}

#[test]
fn too_large_record() {
    let f = open(100, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    // Incompressible-ish: every byte different from its neighbours.
    let big: Vec<u8> = (0..500u32).map(|i| (i * 151 % 251) as u8).collect();
    assert_eq!(f.push(&big), FITFLATE_TOO_LARGE);
    assert!(
        last_error().contains("a record of 500 bytes does not fit"),
        "{}",
        last_error()
    );
    assert_eq!(f.records(), 0);
    assert_eq!(f.push(b"small"), FITFLATE_ACCEPTED);
    // Into a non-empty frame it is FULL; into the empty frame after finishing, TOO_LARGE.
    assert_eq!(f.push(&big), FITFLATE_FULL);
    let bytes = f.finish().unwrap();
    assert_eq!(decode(&bytes, Format::Gzip).unwrap(), b"small\n");
    assert_eq!(f.push(&big), FITFLATE_TOO_LARGE);
    // The frame is unchanged and finishes as an empty stream.
    let (rc, len, bytes) = f.finish_into(100);
    assert_eq!((rc, len), (FITFLATE_OK, 20));
    assert_eq!(decode(&bytes, Format::Gzip).unwrap(), b"");
}

#[test]
fn reset_drops_the_records() {
    let f = open(4096, FITFLATE_FORMAT_LEGACY, 1, b"|").unwrap();
    assert_eq!(f.push(b"dropped"), FITFLATE_ACCEPTED);
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_reset(f.0) }, FITFLATE_OK);
    assert_eq!(f.records(), 0);
    assert_eq!(f.push(b"kept"), FITFLATE_ACCEPTED);
    let bytes = f.finish().unwrap();
    assert_eq!(decode(&bytes, Format::Legacy).unwrap(), b"kept|");
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
    let bytes = f.0.finish().unwrap();
    assert_eq!(decode(&bytes, Format::Gzip).unwrap(), b"main\nworker\n");
}

#[test]
fn version() {
    // SAFETY: static NUL-terminated string.
    let v = unsafe { CStr::from_ptr(fitflate_version()) };
    assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn squeeze_keeps_frames_capped_and_records_whole() {
    // SAFETY: NULL is an error, not a crash.
    assert_eq!(
        unsafe { fitflate_frame_set_squeeze(ptr::null_mut(), 1) },
        FITFLATE_ERR_NULL_POINTER
    );
    let log = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../corpus/loghub/HDFS_2k.log"
    ))
    .unwrap();
    let lines: Vec<&[u8]> = log
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let cap = 4096;
    let f = open(cap, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_set_squeeze(f.0, 1) }, FITFLATE_OK);
    let mut payload = Vec::new();
    for line in &lines {
        let mut rc = f.push(line);
        if rc == FITFLATE_FULL {
            let bytes = f.finish().unwrap();
            assert!(bytes.len() as u64 <= cap);
            payload.extend(decode(&bytes, Format::Gzip).unwrap());
            rc = f.push(line);
        }
        assert_eq!(rc, FITFLATE_ACCEPTED);
    }
    payload.extend(decode(&f.finish().unwrap(), Format::Gzip).unwrap());
    let want: Vec<u8> = lines
        .iter()
        .flat_map(|l| l.iter().copied().chain([b'\n']))
        .collect();
    assert!(payload == want, "records back whole and in order");
}

/// Streaming through the C ABI: a frame taken out after every push (take_output) finishes to
/// the same bytes as one finished whole, bytes leave before finish at a large cap, and NULL
/// arguments are clean errors.
#[test]
fn take_output_streams_the_same_frames() {
    let cap = 65536u64;
    let whole = open(cap, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    let streamed = open(cap, FITFLATE_FORMAT_GZIP, 6, b"\n").unwrap();
    let records: Vec<String> = (0..60_000)
        .map(|i| {
            format!(
                "{i:06} worker {} finished job {}",
                i % 13,
                i * 7919 % 100_003
            )
        })
        .collect();
    let (mut pieces, mut early, mut frames) = (Vec::new(), 0, 0);
    for r in &records {
        let rc = whole.push(r.as_bytes());
        assert_eq!(streamed.push(r.as_bytes()), rc);
        let piece = streamed.take_output();
        early += piece.len();
        pieces.extend(piece);
        if rc == FITFLATE_FULL {
            pieces.extend(streamed.finish().unwrap());
            assert_eq!(pieces, whole.finish().unwrap());
            pieces.clear();
            frames += 1;
            assert_eq!(whole.push(r.as_bytes()), FITFLATE_ACCEPTED);
            assert_eq!(streamed.push(r.as_bytes()), FITFLATE_ACCEPTED);
        }
    }
    pieces.extend(streamed.finish().unwrap());
    assert_eq!(pieces, whole.finish().unwrap());
    assert!(
        frames > 0 && early > 0,
        "{frames} frames, {early} bytes early"
    );
    let mut data = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: NULL handle / NULL out pointers are documented errors.
    unsafe {
        assert_eq!(
            fitflate_frame_take_output(ptr::null_mut(), &mut data, &mut len),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_frame_take_output(streamed.0, ptr::null_mut(), &mut len),
            FITFLATE_ERR_NULL_POINTER
        );
        assert_eq!(
            fitflate_frame_take_output(streamed.0, &mut data, ptr::null_mut()),
            FITFLATE_ERR_NULL_POINTER
        );
    }
}

/// `fitflate_unpack` then `fitflate_next_record`: the records back, or the error code.
fn unpack_c(frame: &[u8], format: c_int, delimiter: &[u8]) -> Result<Vec<Vec<u8>>, c_int> {
    let mut data: *mut u8 = ptr::null_mut();
    let mut len = 99usize;
    let mut count = 99u64;
    // SAFETY: valid slices and out pointers.
    let rc = unsafe {
        fitflate_unpack(
            frame.as_ptr(),
            frame.len(),
            format,
            delimiter.as_ptr(),
            delimiter.len(),
            &mut data,
            &mut len,
            &mut count,
        )
    };
    if rc != FITFLATE_OK {
        assert!(data.is_null());
        assert_eq!(len, 0);
        assert!(!last_error().is_empty());
        return Err(rc);
    }
    let payload: &[u8] = if len == 0 {
        &[]
    } else {
        // SAFETY: the library's buffer of `len` bytes.
        unsafe { std::slice::from_raw_parts(data, len) }
    };
    let mut records = Vec::new();
    let mut pos = 0usize;
    loop {
        let mut rec: *const u8 = ptr::null();
        let mut rec_len = 0usize;
        // SAFETY: valid pointers.
        let more = unsafe {
            fitflate_next_record(
                payload.as_ptr(),
                payload.len(),
                delimiter.as_ptr(),
                delimiter.len(),
                &mut pos,
                &mut rec,
                &mut rec_len,
            )
        };
        assert!(more >= 0, "{}", last_error());
        if more == 0 {
            break;
        }
        // SAFETY: points into the payload.
        records.push(unsafe { std::slice::from_raw_parts(rec, rec_len) }.to_vec());
    }
    if !delimiter.is_empty() {
        assert_eq!(records.len() as u64, count);
    }
    // SAFETY: the buffer from fitflate_unpack, freed once.
    unsafe { fitflate_bytes_free(data, len) };
    Ok(records)
}

#[test]
fn unpack_gives_the_records_back() {
    for (c, _) in FORMATS {
        for delimiter in [&b"\n"[..], b"\r\n", b"\0", b""] {
            let f = open(4096, c, FITFLATE_LEVEL_DEFAULT, delimiter).unwrap();
            let records: Vec<Vec<u8>> = (0..30).map(|i| format!("rec {i}").into_bytes()).collect();
            for r in &records {
                assert_eq!(f.push(r), FITFLATE_ACCEPTED);
            }
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

#[test]
fn limits_refuse_like_the_cap() {
    // SAFETY: NULL is an error, not a crash.
    assert_eq!(
        unsafe { fitflate_frame_set_limits(ptr::null_mut(), 10, 2) },
        FITFLATE_ERR_NULL_POINTER
    );
    // SAFETY: NULL reads as no limit.
    assert_eq!(unsafe { fitflate_frame_max_payload(ptr::null()) }, 0);
    let f = open(4096, FITFLATE_FORMAT_ZLIB, 6, b"\n").unwrap();
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_max_records(f.0) }, 0);
    assert_eq!(f.push(b"dropped by set_limits"), FITFLATE_ACCEPTED);
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_set_limits(f.0, 0, 3) }, FITFLATE_OK);
    assert_eq!(f.records(), 0);
    // SAFETY: a live handle.
    let limits = unsafe {
        (
            fitflate_frame_max_payload(f.0),
            fitflate_frame_max_records(f.0),
        )
    };
    assert_eq!(limits, (0, 3));
    let records: Vec<String> = (0..10).map(|i| format!("record {i}")).collect();
    let mut payload = Vec::new();
    let mut frames = 0;
    for r in &records {
        let mut rc = f.push(r.as_bytes());
        if rc == FITFLATE_FULL {
            assert_eq!(f.records(), 3);
            let bytes = f.finish().unwrap();
            payload.extend(decode(&bytes, Format::Zlib).unwrap());
            frames += 1;
            rc = f.push(r.as_bytes());
        }
        assert_eq!(rc, FITFLATE_ACCEPTED);
    }
    payload.extend(decode(&f.finish().unwrap(), Format::Zlib).unwrap());
    assert_eq!(frames, 3);
    let want: String = records.iter().map(|r| format!("{r}\n")).collect();
    assert_eq!(payload, want.as_bytes());

    // A payload limit: a record over it alone is FITFLATE_TOO_LARGE, and the frame is intact.
    // SAFETY: a live handle.
    assert_eq!(
        unsafe { fitflate_frame_set_limits(f.0, 10, 0) },
        FITFLATE_OK
    );
    assert_eq!(f.push(b"0123456789"), FITFLATE_TOO_LARGE);
    assert!(
        last_error().contains("payload limit of 10 bytes"),
        "{}",
        last_error()
    );
    assert_eq!(f.push(b"abcd"), FITFLATE_ACCEPTED);
    assert_eq!(f.push(b"efgh"), FITFLATE_ACCEPTED);
    assert_eq!(f.push(b"i"), FITFLATE_FULL);
    assert_eq!(
        decode(&f.finish().unwrap(), Format::Zlib).unwrap(),
        b"abcd\nefgh\n"
    );
    // The limits survive finishing and resetting.
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_reset(f.0) }, FITFLATE_OK);
    // SAFETY: a live handle.
    assert_eq!(unsafe { fitflate_frame_max_payload(f.0) }, 10);
}
