//! Test helpers: the shared test kit's three independent inflaters (miniz_oxide, zlib through
//! libz-sys, libdeflate through libdeflater) applied to fitflate's formats, record helpers, and
//! the kit's deterministic PRNG and corpus; `cli` runs the `fitflate` binary.
#![allow(dead_code, unused_imports)]

/// Running the `fitflate` binary, for the `cli_*` tests (with the `cli` feature, which builds
/// it).
#[cfg(feature = "cli")]
pub mod cli;

use fitflate::Format;
pub use fitflate_testkit::inflate::legacy_member;
use fitflate_testkit::inflate::{self, Wrapper};
pub use fitflate_testkit::Rng;

/// The wrapper of `format` and the bytes the inflaters see (a legacy frame's member, after its
/// trailing CRC-32 is checked).
fn unwrap(data: &[u8], format: Format) -> Result<(&[u8], Wrapper), String> {
    Ok(match format {
        Format::Raw => (data, Wrapper::Raw),
        Format::Zlib => (data, Wrapper::Zlib),
        Format::Gzip => (data, Wrapper::Gzip),
        Format::Legacy => (legacy_member(data)?, Wrapper::Gzip),
    })
}

/// Decode one complete stream of `format` that must fill `data` exactly, with miniz_oxide.
pub fn flate2_decode(data: &[u8], format: Format) -> Result<Vec<u8>, String> {
    let (body, wrapper) = unwrap(data, format)?;
    inflate::miniz(body, wrapper)
}

/// Decode with the system zlib, `window_bits` as zlib takes them: -15 raw, 15 zlib, 31 gzip.
/// The stream must end exactly at the end of `data`.
pub fn zlib_inflate(data: &[u8], window_bits: i32) -> Result<Vec<u8>, String> {
    inflate::zlib_window_bits(data, window_bits)
}

/// Decode with zlib, by format.
pub fn zlib_decode(data: &[u8], format: Format) -> Result<Vec<u8>, String> {
    let (body, wrapper) = unwrap(data, format)?;
    inflate::zlib(body, wrapper)
}

/// Decode with all three inflaters; they must agree. Panics with a message otherwise.
pub fn decode_both(data: &[u8], format: Format) -> Vec<u8> {
    unwrap(data, format)
        .and_then(|(body, wrapper)| inflate::all(body, wrapper))
        .unwrap_or_else(|e| panic!("{format}: {e}"))
}

/// The records, each followed by the delimiter, concatenated.
pub fn joined(records: &[Vec<u8>], delimiter: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        out.extend_from_slice(r);
        out.extend_from_slice(delimiter);
    }
    out
}

/// The paths of the bundled logs.
pub fn corpus_logs() -> Vec<std::path::PathBuf> {
    fitflate_testkit::corpus::log_paths()
}

/// The records of a log as `pack` reads them: lines without `\n` and a `\r` before it.
pub fn lines_of(data: &[u8]) -> Vec<Vec<u8>> {
    let mut reader = fitflate::LineRecords::new(data);
    let mut out = Vec::new();
    while let Some(line) = reader.next_record().expect("reading from memory") {
        out.push(line.to_vec());
    }
    out
}

/// A frame of a driven sequence: its bytes and which records (by index, increasing) it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrivenFrame {
    pub bytes: Vec<u8>,
    pub records: Vec<usize>,
}

/// The outcome of [`drive`].
#[derive(Debug, Default)]
pub struct Driven {
    pub frames: Vec<DrivenFrame>,
    /// Records that fit no frame (by index).
    pub skipped: Vec<usize>,
    /// How many pushes were refused as `Full`.
    pub fulls: usize,
}

/// Close `frame`, holding `members`, and check that its bytes are those of a frame that saw only
/// the accepted pushes: refused pushes on the way left no trace.
fn close_checked(
    builder: &fitflate::FrameBuilder,
    records: &[Vec<u8>],
    frame: fitflate::Frame,
    members: Vec<usize>,
) -> DrivenFrame {
    use fitflate::Push;
    let bytes = frame.finish();
    let mut replay = builder.build().expect("valid settings");
    for &m in &members {
        assert_eq!(
            replay.push(&records[m]),
            Ok(Push::Accepted),
            "replay differs"
        );
    }
    assert!(
        replay.finish() == bytes,
        "refused pushes changed the frame's bytes"
    );
    DrivenFrame {
        bytes,
        records: members,
    }
}

/// The record delimiter of `builder`'s frames.
pub fn delimiter_of(builder: &fitflate::FrameBuilder) -> Vec<u8> {
    builder
        .build()
        .expect("valid settings")
        .delimiter()
        .to_vec()
}

/// Check that `record` fits no frame: `needed` is the exact cost of an empty frame holding it,
/// and that exceeds the cap.
fn check_too_large(builder: &fitflate::FrameBuilder, record: &[u8], err: fitflate::PushError) {
    use fitflate::PushError;
    let cap = builder.cap();
    match err {
        PushError::RecordTooLarge {
            len,
            cap: c,
            needed,
        } => {
            assert_eq!(len, record.len() as u64);
            assert_eq!(c, cap);
            let empty = builder.build().expect("valid settings");
            let mut alone = empty.compressor().clone();
            alone.append(record);
            alone.append(empty.delimiter());
            assert_eq!(alone.close_cost(), needed, "needed is the exact cost");
            assert!(needed > cap, "RecordTooLarge not justified");
            // Stored blocks are always possible: 5 bytes per block of up to 65,535 bytes.
            let data = (record.len() + empty.delimiter().len()) as u64;
            let stored = empty.format().overhead() + data + 5 * data.div_ceil(65535).max(1);
            assert!(
                needed <= stored,
                "needed {needed} exceeds the stored cost {stored}"
            );
        }
        PushError::PayloadTooLarge {
            len,
            delimiter_len,
            max_payload,
        } => {
            let frame = builder.build().expect("valid settings");
            assert_eq!(len, record.len() as u64);
            assert_eq!(delimiter_len, frame.delimiter().len() as u64);
            assert_eq!(Some(max_payload), frame.max_payload());
            assert!(
                len + delimiter_len > max_payload,
                "PayloadTooLarge not justified"
            );
        }
        e => panic!("unexpected error: {e}"),
    }
}

/// True when `frame` may refuse `record` for a limit beside the cap (`max_payload`,
/// `max_records`).
pub fn breaks_a_limit(frame: &fitflate::Frame, record: &[u8]) -> bool {
    let payload = frame.payload_bytes() + (record.len() + frame.delimiter().len()) as u64;
    frame.max_payload().is_some_and(|max| payload > max)
        || frame
            .max_records()
            .is_some_and(|max| frame.records() >= max)
}

/// Pack `records` by driving `Frame::push` directly (the packer's algorithm, written out: a
/// refused record is tried in a fresh frame; if it fits there, the current frame is finished,
/// else the record is skipped and the current frame stays open), and check every decision:
/// - `Full` is justified: the exact close cost with the record appended (on a clone) exceeds the
///   cap, or the record breaks `max_payload` or `max_records`; refused pushes leave the frame bit-identical (checked when the frame is finished);
/// - `RecordTooLarge` is justified: an empty frame with the record costs more than the cap, and
///   the empty frame still finishes valid and under the cap;
/// - `PayloadTooLarge` is justified: the record and its delimiter exceed `max_payload`;
/// - `Accepted` keeps the frame's exact size under the cap and within the limits.
pub fn drive(builder: &fitflate::FrameBuilder, records: &[Vec<u8>]) -> Driven {
    use fitflate::Push;
    let cap = builder.cap();
    let mut out = Driven::default();
    let mut frame = builder.build().expect("valid settings");
    let mut members = Vec::new();
    for (i, record) in records.iter().enumerate() {
        match frame.push(record) {
            Ok(Push::Accepted) => {
                assert!(frame.size() <= cap, "accepted past the cap");
                if let Some(max) = frame.max_payload() {
                    assert!(frame.payload_bytes() <= max, "accepted past max_payload");
                }
                if let Some(max) = frame.max_records() {
                    assert!(frame.records() <= max, "accepted past max_records");
                }
                members.push(i);
            }
            Ok(Push::Full) => {
                out.fulls += 1;
                assert!(!frame.is_empty(), "Full from an empty frame");
                let with = frame.cost_with(record);
                assert!(
                    with > cap || breaks_a_limit(&frame, record),
                    "refusal not justified: with the record the frame costs {with} <= cap {cap}"
                );
                let mut fresh = builder.build().expect("valid settings");
                match fresh.push(record) {
                    Ok(Push::Accepted) => {
                        let done = std::mem::replace(&mut frame, fresh);
                        let done_members = std::mem::replace(&mut members, vec![i]);
                        out.frames
                            .push(close_checked(builder, records, done, done_members));
                    }
                    Ok(Push::Full) => panic!("Full from an empty frame"),
                    Err(e) => {
                        check_too_large(builder, record, e);
                        out.skipped.push(i);
                    }
                }
            }
            Err(e) => {
                assert!(frame.is_empty(), "{e} from a non-empty frame");
                check_too_large(builder, record, e);
                let empty = frame.clone().finish();
                assert!(empty.len() as u64 <= cap);
                assert!(decode_both(&empty, frame.format()).is_empty());
                out.skipped.push(i);
            }
        }
    }
    if !frame.is_empty() {
        out.frames
            .push(close_checked(builder, records, frame, members));
    }
    out
}

/// Check a driven sequence: every frame under the cap and decoding (two inflaters) to exactly its
/// records with delimiters; frames and skipped records together are all records, in order, once.
pub fn check_driven(builder: &fitflate::FrameBuilder, records: &[Vec<u8>], driven: &Driven) {
    let cap = builder.cap();
    let probe = builder.build().expect("valid settings");
    let (delimiter, format) = (probe.delimiter(), probe.format());
    let in_frames: Vec<usize> = driven
        .frames
        .iter()
        .flat_map(|f| f.records.iter().copied())
        .collect();
    assert!(
        in_frames.windows(2).all(|w| w[0] < w[1]),
        "records out of order or duplicated"
    );
    let mut all: Vec<usize> = in_frames.iter().chain(&driven.skipped).copied().collect();
    all.sort_unstable();
    assert!(
        all == (0..records.len()).collect::<Vec<_>>(),
        "records lost or duplicated"
    );
    for frame in &driven.frames {
        assert!(!frame.records.is_empty(), "empty frame in the sequence");
        assert!(
            frame.bytes.len() as u64 <= cap,
            "frame of {} bytes over cap {cap}",
            frame.bytes.len()
        );
        let payload = decode_both(&frame.bytes, format);
        let settings = builder.build().expect("valid settings");
        if let Some(max) = settings.max_payload() {
            assert!(
                payload.len() as u64 <= max,
                "frame payload over max_payload"
            );
        }
        if let Some(max) = settings.max_records() {
            assert!(frame.records.len() as u64 <= max, "frame over max_records");
        }
        let want: Vec<Vec<u8>> = frame.records.iter().map(|&i| records[i].clone()).collect();
        assert!(
            payload == joined(&want, delimiter),
            "frame payload differs from its records"
        );
    }
}

/// Pack with the library's `Packer` (skipping oversized records) and check it made exactly the
/// frames `drive` made, with the right statistics.
pub fn check_packer_agrees(builder: &fitflate::FrameBuilder, records: &[Vec<u8>], driven: &Driven) {
    use fitflate::{OversizedPolicy, Packer, Pushed};
    let mut packer = Packer::new(builder.clone())
        .expect("valid settings")
        .oversized(OversizedPolicy::Skip);
    let mut frames = Vec::new();
    let mut skipped = Vec::new();
    for r in records {
        match packer.push(r).expect("skip policy never fails") {
            Pushed::Added => {}
            Pushed::Completed(f) => frames.push(f),
            Pushed::Skipped(s) => skipped.push(s.index as usize),
        }
    }
    let (last, totals) = packer.finish();
    frames.extend(last);
    assert_eq!(skipped, driven.skipped);
    assert_eq!(frames.len(), driven.frames.len());
    let delimiter_len = delimiter_of(builder).len();
    for (i, (p, d)) in frames.iter().zip(&driven.frames).enumerate() {
        assert!(p.bytes == d.bytes, "frame {i}: packer bytes differ");
        assert_eq!(p.stats.index, i as u64);
        assert_eq!(p.stats.records, d.records.len() as u64);
        assert_eq!(p.stats.frame_bytes, p.bytes.len() as u64);
        assert_eq!(p.stats.cap, builder.cap());
        assert_eq!(p.stats.full, i + 1 < frames.len());
        let payload: u64 = d
            .records
            .iter()
            .map(|&r| (records[r].len() + delimiter_len) as u64)
            .sum();
        assert_eq!(p.stats.payload_bytes, payload);
    }
    assert_eq!(totals.frames, frames.len() as u64);
    assert_eq!(totals.skipped_records, skipped.len() as u64);
    assert_eq!(
        totals.records + totals.skipped_records,
        records.len() as u64
    );
    assert_eq!(
        totals.frame_bytes,
        frames.iter().map(|f| f.bytes.len() as u64).sum::<u64>()
    );
}
