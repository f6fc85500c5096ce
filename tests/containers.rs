//! Containers and the `Compressor`: minimal empty streams, headers, checksums and lengths checked
//! against independent implementations, `close_cost() == finish().len()` after every append, and
//! rollback leaving no trace.

mod common;

use common::{corpus_logs, decode_both, Rng};
use fitflate::container::{self, Adler32};
use fitflate::Level;
use fitflate::{Compressor, Format};
use quickcheck::{QuickCheck, TestResult};

/// zlib's own Adler-32 and CRC-32, as independent references.
fn zlib_adler32(data: &[u8]) -> u32 {
    // SAFETY: zlib reads exactly `len` bytes from a valid slice.
    unsafe { libz_sys::adler32(1, data.as_ptr(), data.len() as libz_sys::uInt) as u32 }
}

fn zlib_crc32(data: &[u8]) -> u32 {
    // SAFETY: as above.
    unsafe { libz_sys::crc32(0, data.as_ptr(), data.len() as libz_sys::uInt) as u32 }
}

#[test]
fn empty_input_gives_minimal_streams() {
    for format in Format::ALL {
        for level in 0..=9 {
            let c = Compressor::new(format, Level::new(level).unwrap());
            assert_eq!(c.close_cost(), format.min_frame_size());
            let out = c.finish();
            assert_eq!(
                out.len() as u64,
                format.min_frame_size(),
                "{format} level {level}"
            );
            assert!(decode_both(&out, format).is_empty());
        }
    }
    let gz = Compressor::new(Format::Gzip, Level::DEFAULT).finish();
    assert_eq!(gz.len(), 20);
    assert_eq!(&gz[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    assert_eq!(&gz[12..], &[0u8; 8], "CRC-32 and ISIZE of nothing are 0");
    let zz = Compressor::new(Format::Zlib, Level::DEFAULT).finish();
    assert_eq!(zz.len(), 8);
    assert_eq!(&zz[..2], &[0x78, 0x9c]);
    assert_eq!(&zz[4..], &[0, 0, 0, 1], "Adler-32 of nothing is 1");
    let legacy = Compressor::new(Format::Legacy, Level::DEFAULT).finish();
    assert_eq!(legacy.len(), 24);
    assert_eq!(&legacy[..20], &gz[..]);
    assert_eq!(legacy[20..], zlib_crc32(&gz).to_be_bytes());
}

#[test]
fn headers_by_level() {
    for level in 0..=9 {
        let gz = Compressor::new(Format::Gzip, Level::new(level).unwrap()).finish();
        let xfl = match level {
            0 | 1 => 4,
            9 => 2,
            _ => 0,
        };
        assert_eq!(gz[8], xfl, "XFL at level {level}");
        let zz = Compressor::new(Format::Zlib, Level::new(level).unwrap()).finish();
        assert_eq!((u16::from(zz[0]) << 8 | u16::from(zz[1])) % 31, 0);
        assert_eq!(
            zz[1] >> 6,
            container::zlib_header(Level::new(level).unwrap())[1] >> 6
        );
    }
    let gz = Compressor::new(Format::Gzip, Level::DEFAULT)
        .with_mtime(0x5f5e_1000)
        .finish();
    assert_eq!(gz[4..8], 0x5f5e_1000u32.to_le_bytes());
}

#[test]
fn trailers_carry_crc_adler_and_isize() {
    let mut rng = Rng::new(5);
    for len in [1usize, 100, 5552, 5553, 70_000, 200_000] {
        let data = rng.alnum(len);
        for format in Format::ALL {
            let mut c = Compressor::new(format, Level::DEFAULT);
            for chunk in data.chunks(7919) {
                c.append(chunk);
            }
            assert_eq!(c.total_in(), len as u64);
            let out = c.finish();
            assert_eq!(decode_both(&out, format), data);
            match format {
                Format::Gzip => {
                    let n = out.len();
                    assert_eq!(out[n - 8..n - 4], zlib_crc32(&data).to_le_bytes());
                    assert_eq!(out[n - 4..], (len as u32).to_le_bytes());
                }
                Format::Legacy => {
                    let n = out.len() - 4;
                    assert_eq!(out[n - 8..n - 4], zlib_crc32(&data).to_le_bytes());
                    assert_eq!(out[n - 4..n], (len as u32).to_le_bytes());
                    assert_eq!(out[n..], zlib_crc32(&out[..n]).to_be_bytes());
                }
                Format::Zlib => {
                    let n = out.len();
                    assert_eq!(out[n - 4..], zlib_adler32(&data).to_be_bytes());
                }
                Format::Raw => {}
            }
        }
    }
}

/// Our Adler-32 against zlib's, over random lengths and split points.
#[test]
fn adler32_matches_zlib() {
    fn prop(data: Vec<u8>, split: usize) -> bool {
        let split = split % (data.len() + 1);
        let mut a = Adler32::new();
        a.update(&data[..split]);
        a.update(&data[split..]);
        a.value() == zlib_adler32(&data) && container::adler32(&data) == zlib_adler32(&data)
    }
    QuickCheck::new()
        .tests(300)
        .quickcheck(prop as fn(Vec<u8>, usize) -> bool);
    let big = Rng::new(1).bytes(1 << 20);
    assert_eq!(container::adler32(&big), zlib_adler32(&big));
    let ones = vec![0xff; 1 << 20];
    assert_eq!(container::adler32(&ones), zlib_adler32(&ones));
}

/// After every append, `close_cost()` is the exact length `finish()` gives (on a clone), and the
/// upper bound is never below it; rollback restores checksums and lengths too.
#[test]
fn close_cost_is_exact_and_rollback_restores_everything() {
    fn prop(seed: u64, format_index: u8, level: u8, pieces: u8) -> TestResult {
        let format = Format::ALL[format_index as usize % 4];
        let level = u32::from(level % 10);
        let mut rng = Rng::new(seed);
        let mut kept = Compressor::new(format, Level::new(level).unwrap());
        let mut twin = Compressor::new(format, Level::new(level).unwrap());
        let mut data = Vec::new();
        for _ in 0..pieces % 24 {
            let len = rng.below(3000);
            let piece = if rng.below(2) == 0 {
                rng.alnum(len)
            } else {
                b"abcabcabd".iter().copied().cycle().take(len).collect()
            };
            if rng.below(3) == 0 {
                // A tentative append that is rolled back.
                kept.checkpoint();
                kept.append(&piece);
                assert_eq!(kept.clone().finish().len() as u64, kept.close_cost());
                kept.rollback();
            } else {
                kept.checkpoint();
                kept.append(&piece);
                kept.commit();
                twin.append(&piece);
                data.extend_from_slice(&piece);
            }
            let cost = kept.close_cost();
            assert!(kept.close_cost_upper_bound() >= cost);
            assert_eq!(cost, twin.close_cost());
            assert_eq!(kept.total_in(), data.len() as u64);
            assert_eq!(kept.clone().finish().len() as u64, cost);
        }
        let a = kept.finish();
        assert_eq!(a, twin.finish(), "rolled-back appends left a trace");
        assert_eq!(decode_both(&a, format), data);
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(150)
        .quickcheck(prop as fn(u64, u8, u8, u8) -> TestResult);
}

#[test]
fn format_names_and_extensions() {
    let exts: Vec<_> = Format::ALL.iter().map(|f| f.extension()).collect();
    assert_eq!(exts, ["deflate", "zz", "gz", "lgz"]);
    for f in Format::ALL {
        assert_eq!(f.to_string().parse::<Format>().unwrap(), f);
    }
    assert_eq!(Format::default(), Format::Gzip);
    let err = "bzip2".parse::<Format>().unwrap_err();
    assert!(err.to_string().contains("raw, zlib, gzip or legacy"));
}

/// Every level × container × kind of input (empty, one byte, random, highly repetitive, longer
/// than 64 KiB and than the 32 KiB window, the eight bundled logs) decodes byte-exact with both
/// inflaters, with right checksums, whole and in uneven appends.
#[test]
fn round_trip_every_level_and_container() {
    let mut rng = Rng::new(3);
    let far = rng.bytes(40 * 1024);
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        vec![b'x'],
        rng.bytes(70 * 1024),
        vec![b'a'; 100 * 1024],
        [far.clone(), far].concat(),
    ];
    inputs.extend(corpus_logs().iter().map(|p| std::fs::read(p).unwrap()));
    for format in Format::ALL {
        for level in 0..=9 {
            for data in &inputs {
                let mut whole = Compressor::new(format, Level::new(level).unwrap());
                whole.append(data);
                assert_eq!(
                    decode_both(&whole.finish(), format),
                    *data,
                    "{format} -{level}"
                );
                let mut pieces = Compressor::new(format, Level::new(level).unwrap());
                for chunk in data.chunks(1 + data.len() / 7) {
                    pieces.append(chunk);
                }
                assert_eq!(
                    decode_both(&pieces.finish(), format),
                    *data,
                    "{format} -{level} in pieces"
                );
            }
        }
    }
}

/// A tentative region that outgrows the encoder's buffer is abandoned: the encoder reports
/// `u64::MAX`, and the container's bytes saturate instead of wrapping to a tiny cost (a panic in
/// debug builds before). Nothing fits it; a rollback gives back the stream as it was.
#[test]
fn an_abandoned_region_costs_u64_max_through_the_container() {
    for format in [Format::Raw, Format::Zlib, Format::Gzip, Format::Legacy] {
        let mut c = Compressor::new(format, Level::DEFAULT);
        c.set_buffer_limit(64 * 1024);
        c.append(b"kept record\n");
        let before = c.close_cost();
        c.checkpoint();
        c.append(&Rng::new(8).bytes(100 * 1024));
        assert_eq!(c.close_cost(), u64::MAX, "{format}");
        assert_eq!(c.close_cost_upper_bound(), u64::MAX, "{format}");
        assert!(!c.close_cost_within(u64::MAX) && !c.close_cost_fits(u64::MAX));
        c.rollback();
        assert_eq!(c.close_cost(), before);
        let out = c.finish();
        assert_eq!(out.len() as u64, before);
        assert_eq!(decode_both(&out, format), b"kept record\n");
    }
}
