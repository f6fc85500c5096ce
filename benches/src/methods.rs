//! The packing methods compared by the density benchmark. Each turns the same records (each
//! already ending in `\n`) into gzip frames of at most `cap` bytes, greedily and in order.

use crate::zlib::{self, ZStream, Z_FINISH, Z_NO_FLUSH, Z_SYNC_FLUSH};
use crate::{Frames, Records};
use fitflate::{Dictionary, Format, FrameBuilder, Level, Push, PushError};

/// fitflate's capped frame at `level`; records are pushed without a delimiter (they carry it).
pub fn fitflate(records: &Records, cap: u64, level: u32) -> Frames {
    fitflate_with(records, FrameBuilder::new(cap).level(level_of(level)))
}

/// fitflate at `level`, squeezing at the cap (a near-optimal re-parse of the pending block when a
/// record does not fit).
pub fn fitflate_squeeze(records: &Records, cap: u64, level: u32) -> Frames {
    fitflate_with(
        records,
        FrameBuilder::new(cap).level(level_of(level)).squeeze(true),
    )
}

/// The level numbered `n` (the bench's methods are named by number).
pub fn level_of(n: u32) -> Level {
    Level::new(n).expect("a level in 0..=10")
}

/// fitflate's capped zlib frame at `level` with the preset dictionary `dict` (or none).
pub fn fitflate_zlib(records: &Records, cap: u64, level: u32, dict: Option<&Dictionary>) -> Frames {
    let builder = FrameBuilder::new(cap)
        .level(level_of(level))
        .format(Format::Zlib)
        .dictionary(dict.cloned());
    fitflate_in(records, builder.delimiter(Vec::new()))
}

fn fitflate_with(records: &Records, builder: FrameBuilder) -> Frames {
    fitflate_in(records, builder.format(Format::Gzip).delimiter(Vec::new()))
}

fn fitflate_in(records: &Records, builder: FrameBuilder) -> Frames {
    let mut out = Frames::default();
    let mut frame = builder.build().expect("cap above the gzip minimum");
    let mut payload = 0u64;
    for r in records.iter() {
        match frame.push(r) {
            Ok(Push::Accepted) => payload += r.len() as u64,
            Ok(Push::Full) => {
                out.push(frame.finish_and_reset(), payload, true);
                payload = 0;
                match frame.push(r) {
                    Ok(Push::Accepted) => payload += r.len() as u64,
                    _ => out.skipped += 1,
                }
            }
            Err(PushError::RecordTooLarge { .. }) => out.skipped += 1,
            Err(e) => panic!("{e}"),
        }
    }
    out.push(frame.finish(), payload, false);
    out
}

/// zlib with a `deflateCopy` before every record (to roll back) and another to finish a probe
/// copy (to measure): exact, at two state copies a record. With `sync`, a `Z_SYNC_FLUSH` after
/// every record, the design of the Python users' `StatefulCompressor`.
pub fn zlib_exact(records: &Records, cap: u64, level: i32, sync: bool) -> Frames {
    zlib_exact_with(records, cap, level, sync, 31, None)
}

/// `zlib_exact` in the container `window_bits` says (-15 raw, 15 zlib, 31 gzip), every frame
/// started with `deflateSetDictionary(dict)` when a dictionary is given.
pub fn zlib_exact_with(
    records: &Records,
    cap: u64,
    level: i32,
    sync: bool,
    window_bits: i32,
    dict: Option<&[u8]>,
) -> Frames {
    let flush = if sync { Z_SYNC_FLUSH } else { Z_NO_FLUSH };
    let mut out = Frames::default();
    let new_stream = || {
        let mut s = ZStream::new(level, window_bits);
        if let Some(d) = dict {
            s.set_dictionary(d);
        }
        s
    };
    let mut stream = new_stream();
    let mut bytes = Vec::new();
    let mut payload = 0u64;
    let mut n = 0u64;
    let mut tail = Vec::new();
    let mut i = 0;
    let recs: Vec<&[u8]> = records.iter().collect();
    while i < recs.len() {
        let r = recs[i];
        let backup = stream.copy();
        let kept = bytes.len();
        stream.deflate(r, flush, &mut bytes);
        let mut probe = stream.copy();
        tail.clear();
        probe.deflate(&[], Z_FINISH, &mut tail);
        if (bytes.len() + tail.len()) as u64 <= cap {
            payload += r.len() as u64;
            n += 1;
            i += 1;
            continue;
        }
        stream = backup;
        bytes.truncate(kept);
        if n == 0 {
            out.skipped += 1; // fits no frame
            i += 1;
            continue;
        }
        stream.deflate(&[], Z_FINISH, &mut bytes);
        out.push(std::mem::take(&mut bytes), payload, true);
        stream = new_stream();
        payload = 0;
        n = 0;
    }
    stream.deflate(&[], Z_FINISH, &mut bytes);
    out.push(bytes, payload, false);
    out
}

/// The whole-prefix oracle of libdeflate's gzip compression at `level` (1..=12).
pub fn libdeflate_oracle(records: &Records, cap: u64, level: i32) -> Frames {
    let level = libdeflater::CompressionLvl::new(level).expect("libdeflate level 1..=12");
    let mut comp = libdeflater::Compressor::new(level);
    oracle(records, cap, &mut |d| {
        let mut out = vec![0u8; comp.gzip_compress_bound(d.len())];
        let n = comp.gzip_compress(d, &mut out).expect("libdeflate");
        out.truncate(n);
        out
    })
}

/// A whole-prefix oracle: the longest run of the remaining records whose one-shot compression
/// fits the cap, found by galloping from the previous frame's count and then binary search.
pub fn oracle(records: &Records, cap: u64, compress: &mut dyn FnMut(&[u8]) -> Vec<u8>) -> Frames {
    let mut out = Frames::default();
    let n = records.len();
    let mut i = 0;
    let mut guess = 1usize;
    let fits = |a: usize, b: usize, compress: &mut dyn FnMut(&[u8]) -> Vec<u8>| {
        let c = compress(records.span(a, b));
        (c.len() as u64 <= cap, c)
    };
    while i < n {
        let (ok, mut best) = fits(i, i + 1, compress);
        if !ok {
            out.skipped += 1;
            i += 1;
            continue;
        }
        // lo fits, hi (if any) does not.
        let mut lo = 1usize;
        let mut hi = None;
        let mut k = guess.clamp(1, n - i);
        if k == lo {
            k = (2 * lo).min(n - i);
        }
        while k > lo {
            let (ok, c) = fits(i, i + k, compress);
            if ok {
                lo = k;
                best = c;
                if k == n - i {
                    break;
                }
                k = (k * 2).min(n - i);
            } else {
                hi = Some(k);
                break;
            }
        }
        if let Some(mut h) = hi {
            while h - lo > 1 {
                let mid = lo + (h - lo) / 2;
                let (ok, c) = fits(i, i + mid, compress);
                if ok {
                    lo = mid;
                    best = c;
                } else {
                    h = mid;
                }
            }
        }
        let payload = records.span(i, i + lo).len() as u64;
        i += lo;
        out.push(best, payload, i < n);
        guess = lo;
    }
    out
}

/// The safe worst-case bound many shippers use: add records while zlib's `compressBound` of the
/// payload plus the gzip wrapper (18 bytes instead of zlib's 6) stays within the cap; the frame
/// is then compressed at zlib -6.
pub fn compress_bound(records: &Records, cap: u64) -> Frames {
    let mut out = Frames::default();
    let n = records.len();
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && zlib::compress_bound(records.span(i, j + 1).len() as u64) + 12 <= cap {
            j += 1;
        }
        if j == i {
            out.skipped += 1;
            i += 1;
            continue;
        }
        let payload = records.span(i, j);
        out.push(zlib::compress(payload, 6, 31), payload.len() as u64, j < n);
        i = j;
    }
    out
}
