//! Capped frames and the packer: every frame under its cap, every record back exactly once and in
//! order (two independent inflaters), every refusal justified, refused pushes without a trace.

mod common;

use common::{check_driven, check_packer_agrees, corpus_logs, decode_both, drive, lines_of, Rng};
use fitflate::Level;
use fitflate::{
    BuildError, Format, FrameBuilder, OversizedPolicy, PackError, Packer, Push, PushError,
};
use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};

/// A random packing job.
#[derive(Clone, Debug)]
struct Job {
    format: Format,
    level: u32,
    cap: u64,
    delimiter: Vec<u8>,
    squeeze: bool,
    records: Vec<Vec<u8>>,
}

impl Job {
    fn builder(&self) -> FrameBuilder {
        FrameBuilder::new(self.cap)
            .format(self.format)
            .level(Level::new(self.level).unwrap())
            .delimiter(self.delimiter.clone())
            .squeeze(self.squeeze)
    }
}

fn pick<T: Copy>(g: &mut Gen, items: &[T]) -> T {
    *g.choose(items).expect("non-empty choice")
}

/// A record: random bytes, alphanumerics, a repeated short pattern, or a copy of an earlier
/// record; its length is spread logarithmically over 0 to 8 KiB.
fn arbitrary_record(g: &mut Gen, earlier: &[Vec<u8>]) -> Vec<u8> {
    let max_len = 1usize << pick(g, &[0u32, 2, 4, 6, 8, 10, 11, 12, 13]);
    let len = usize::arbitrary(g) % (max_len + 1);
    let mut rng = Rng::new(u64::arbitrary(g));
    match u8::arbitrary(g) % 4 {
        0 => rng.bytes(len),
        1 => rng.alnum(len),
        2 => {
            let pattern_len = 1 + rng.below(12);
            let pattern = rng.alnum(pattern_len);
            pattern.iter().copied().cycle().take(len).collect()
        }
        _ => match earlier.len() {
            0 => rng.alnum(len),
            n => earlier[rng.below(n)].clone(),
        },
    }
}

impl Arbitrary for Job {
    fn arbitrary(g: &mut Gen) -> Self {
        let format = pick(g, &Format::ALL);
        let level = u32::arbitrary(g) % 11;
        let min = format.min_frame_size();
        // Caps spread logarithmically from the format's minimum up to 64 KiB.
        let span = 1u64 << pick(g, &[0u32, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14, 16]);
        let cap = (min + u64::arbitrary(g) % span).min(64 * 1024);
        let delimiter = pick(g, &[&b"\n"[..], b"", b"\r\n", b"\0"]).to_vec();
        let n = usize::arbitrary(g) % 48;
        let mut records = Vec::with_capacity(n);
        for _ in 0..n {
            let r = arbitrary_record(g, &records);
            records.push(r);
        }
        Job {
            format,
            level,
            cap,
            delimiter,
            squeeze: bool::arbitrary(g),
            records,
        }
    }

    /// Shrink by dropping whole records, never by editing their bytes: a failing job then
    /// shrinks in at most a few hundred runs (byte-wise shrinking of 8 KiB records took
    /// minutes before the failure was reported).
    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let job = self.clone();
        Box::new((0..self.records.len()).rev().map(move |i| {
            let mut records = job.records.clone();
            records.remove(i);
            Job {
                records,
                ..job.clone()
            }
        }))
    }
}

fn check_job(job: Job) -> TestResult {
    let builder = job.builder();
    let driven = drive(&builder, &job.records);
    check_driven(&builder, &job.records, &driven);
    check_packer_agrees(&builder, &job.records, &driven);
    TestResult::passed()
}

/// Random record sequences, caps, levels, containers and delimiters: every frame <= cap, exact
/// records back from both inflaters, maximal and trace-free refusals, and the packer agrees.
#[test]
fn random_jobs_hold_every_invariant() {
    QuickCheck::new()
        .tests(300)
        .quickcheck(check_job as fn(Job) -> TestResult);
}

/// Every level and container at a few caps over the same mixed records (a fixed, broad sweep
/// beside the random one).
#[test]
fn every_level_and_container() {
    let mut rng = Rng::new(7);
    let mut records: Vec<Vec<u8>> = Vec::new();
    for i in 0..120 {
        let len = rng.below(600);
        let r = match i % 3 {
            0 => rng.alnum(len),
            1 => format!("2024-01-01 12:00:{:02} INFO worker {} done", i % 60, i % 7).into_bytes(),
            _ => rng.bytes(len / 4),
        };
        records.push(r);
    }
    for format in Format::ALL {
        for level in 0..=9 {
            for cap in [format.min_frame_size(), 64, 300, 1024, 4096] {
                let builder = FrameBuilder::new(cap)
                    .format(format)
                    .level(Level::new(level).unwrap());
                let driven = drive(&builder, &records);
                check_driven(&builder, &records, &driven);
                check_packer_agrees(&builder, &records, &driven);
            }
        }
    }
}

/// A refused push between accepted ones leaves no trace: (accept A, refuse B, accept C) finishes
/// to the same bytes as (accept A, accept C).
#[test]
fn refused_push_is_bit_identical() {
    let mut rng = Rng::new(11);
    for format in Format::ALL {
        for level in 0..=9 {
            let builder = FrameBuilder::new(2048)
                .format(format)
                .level(Level::new(level).unwrap());
            let mut frame = builder.build().unwrap();
            let mut twin = builder.build().unwrap();
            let big = rng.bytes(3000);
            let mut refused = 0;
            for i in 0..200 {
                let small = format!("record {i} {}", i * 37).into_bytes();
                // Offer the big record first; it never fits at this cap once the frame has data.
                match frame.push(&big) {
                    Ok(Push::Full) => refused += 1,
                    Err(PushError::RecordTooLarge { .. }) => refused += 1,
                    other => panic!("big record taken: {other:?}"),
                }
                match frame.push(&small).unwrap() {
                    Push::Accepted => assert_eq!(twin.push(&small), Ok(Push::Accepted)),
                    Push::Full => break,
                }
            }
            assert!(refused > 1);
            assert!(frame.records() > 1);
            assert_eq!(frame.records(), twin.records());
            assert_eq!(frame.size(), twin.size());
            assert_eq!(frame.payload_bytes(), twin.payload_bytes());
            assert_eq!(frame.finish(), twin.finish(), "{format} level {level}");
        }
    }
}

/// The Python users' first case: cap 200, records of 200 random alphanumerics — always the same
/// record, since their generator reseeds on every call.
#[test]
fn python_cap_200_repeated_alnum_records() {
    let record = Rng::new(1234).alnum(200);
    let records = vec![record; 100];
    for format in Format::ALL {
        for level in 0..=9 {
            let builder = FrameBuilder::new(200)
                .format(format)
                .level(Level::new(level).unwrap());
            let driven = drive(&builder, &records);
            check_driven(&builder, &records, &driven);
            check_packer_agrees(&builder, &records, &driven);
            if !driven.skipped.is_empty() {
                // Then it fits no frame at all: every copy is refused, no frame is made.
                assert_eq!(driven.skipped.len(), records.len());
                assert!(driven.frames.is_empty());
            }
        }
    }
    // Stored, the record and its newline take 201 bytes plus a 5-byte stored block header, so
    // at level 0 it fits no 200-byte frame of any container.
    for format in Format::ALL {
        let mut frame = FrameBuilder::new(200)
            .format(format)
            .level(Level::new(0).unwrap())
            .build()
            .unwrap();
        assert!(matches!(
            frame.push(&records[0]),
            Err(PushError::RecordTooLarge {
                len: 200,
                cap: 200,
                ..
            })
        ));
        assert!(decode_both(&frame.finish(), format).is_empty());
    }
}

/// The Python users' second case: cap `8 * 2^i` with records of `8 * i^2` bytes, i = 1..19 —
/// caps below the minimum are refused with a clear error; where not even one record fits, the
/// record is refused and the empty frame still finishes valid and under the cap.
#[test]
fn python_growing_caps_and_records() {
    for format in Format::ALL {
        for level in [0, 1, 6, 9] {
            for i in 1u64..=19 {
                let cap = 8 << i;
                let len = (8 * i * i) as usize;
                let builder = FrameBuilder::new(cap)
                    .format(format)
                    .level(Level::new(level).unwrap());
                let min = format.min_frame_size();
                if cap < min {
                    let err = builder.build().unwrap_err();
                    assert_eq!(
                        err,
                        BuildError::CapBelowMinimum {
                            cap,
                            format,
                            minimum: min
                        }
                    );
                    assert!(err.to_string().contains(&min.to_string()));
                    assert!(matches!(
                        Packer::new(builder),
                        Err(BuildError::CapBelowMinimum { .. })
                    ));
                    continue;
                }
                let mut rng = Rng::new(i);
                let count = (3 * cap as usize / len).clamp(3, 40);
                let records: Vec<Vec<u8>> = (0..count).map(|_| rng.alnum(len)).collect();
                let driven = drive(&builder, &records);
                check_driven(&builder, &records, &driven);
                if i <= 2 {
                    // 8 bytes under a 16-byte cap, 32 under 32: hopeless for every container
                    // but raw, where 8 alphanumerics fit in 16 bytes.
                    if format != Format::Raw {
                        assert_eq!(driven.skipped.len(), count, "{format} i={i}");
                    }
                }
                if i >= 8 {
                    // 2 KiB caps and up hold several records of these sizes.
                    assert!(driven.skipped.is_empty(), "{format} level {level} i={i}");
                }
                // The default policy stops at a record that fits no frame, with a clear error.
                let result = Packer::new(builder.clone()).unwrap().pack_all(&records);
                match (driven.skipped.first(), result) {
                    (None, Ok((frames, totals))) => {
                        assert_eq!(frames.len(), driven.frames.len());
                        assert_eq!(totals.records, count as u64);
                    }
                    (Some(&first), Err(PackError::Oversized { index, reason })) => {
                        assert_eq!(index, first as u64);
                        assert!(matches!(reason, PushError::RecordTooLarge { .. }));
                        assert!(reason.to_string().contains("does not fit"));
                    }
                    (skipped, result) => panic!("{skipped:?} vs {result:?}"),
                }
            }
        }
    }
}

/// An empty frame finishes to the format's minimal stream, under any valid cap.
#[test]
fn empty_frame_is_minimal() {
    for format in Format::ALL {
        let frame = FrameBuilder::new(format.min_frame_size())
            .format(format)
            .build()
            .unwrap();
        assert_eq!(frame.size(), format.min_frame_size());
        let bytes = frame.finish();
        assert_eq!(bytes.len() as u64, format.min_frame_size());
        assert!(decode_both(&bytes, format).is_empty());
    }
}

/// An empty record with the default delimiter is a line of its own; with no delimiter it adds
/// nothing but still counts as a record.
#[test]
fn empty_records() {
    let mut frame = FrameBuilder::new(100).build().unwrap();
    for _ in 0..5 {
        assert_eq!(frame.push(b""), Ok(Push::Accepted));
    }
    assert_eq!(frame.records(), 5);
    assert_eq!(frame.payload_bytes(), 5);
    assert_eq!(decode_both(&frame.finish(), Format::Gzip), b"\n\n\n\n\n");

    let mut frame = FrameBuilder::new(20).delimiter(Vec::new()).build().unwrap();
    assert_eq!(frame.push(b""), Ok(Push::Accepted));
    assert_eq!(frame.records(), 1);
    assert_eq!(frame.finish().len(), 20);
}

/// With `OversizedPolicy::Skip`, a record that fits no frame is reported and the open frame
/// stays open: the records around it share a frame.
#[test]
fn skip_keeps_the_frame_open() {
    let builder = FrameBuilder::new(256).level(Level::DEFAULT);
    let huge = Rng::new(3).bytes(1000);
    let records = vec![
        b"first".to_vec(),
        huge.clone(),
        b"second".to_vec(),
        huge,
        b"third".to_vec(),
    ];
    let (frames, totals) = Packer::new(builder.clone())
        .unwrap()
        .oversized(OversizedPolicy::Skip)
        .pack_all(&records)
        .unwrap();
    assert_eq!(frames.len(), 1);
    assert_eq!(totals.skipped_records, 2);
    assert_eq!(totals.skipped_bytes, 2000);
    assert_eq!(totals.records, 3);
    assert_eq!(
        decode_both(&frames[0].bytes, Format::Gzip),
        b"first\nsecond\nthird\n"
    );
    let err = Packer::new(builder)
        .unwrap()
        .pack_all(&records)
        .unwrap_err();
    assert!(
        matches!(err, PackError::Oversized { index: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().starts_with("record 2 "), "{err}");
}

/// Statistics add up, and the fill of full frames is high on ordinary log lines.
#[test]
fn totals_add_up() {
    let lines: Vec<Vec<u8>> = (0..5000)
        .map(|i| format!("{i:08} GET /api/v1/items/{} 200 {}ms", i * 7 % 1000, i % 97).into_bytes())
        .collect();
    let cap = 4096;
    let (frames, totals) = Packer::new(FrameBuilder::new(cap))
        .unwrap()
        .pack_all(&lines)
        .unwrap();
    assert!(frames.len() > 2);
    assert_eq!(totals.frames, frames.len() as u64);
    assert_eq!(totals.full_frames, frames.len() as u64 - 1);
    assert_eq!(totals.records, 5000);
    let payload: u64 = lines.iter().map(|l| l.len() as u64 + 1).sum();
    assert_eq!(totals.payload_bytes, payload);
    let full_fill = totals.mean_fill_full().unwrap();
    assert!(full_fill > 0.95 && full_fill <= 1.0, "fill {full_fill}");
    assert!(totals.mean_fill_all().unwrap() <= 1.0);
    for f in &frames {
        assert!(f.stats.fill() <= 1.0);
        // A full frame misses the cap by less than one more record could cost: these lines are
        // under 64 bytes each, so they cost well under 256 bytes even stored.
        if f.stats.full {
            assert!(f.stats.frame_bytes + 256 > cap, "{:?}", f.stats);
        }
    }
}

/// The decision at the cap is exact: with the cap set to the exact size a prefix of records
/// reaches, the prefix is taken, and the next record is taken exactly when its exact size is
/// within that cap too.
#[test]
fn decision_at_the_cap_is_exact() {
    let mut rng = Rng::new(99);
    for format in Format::ALL {
        for level in 0..=9 {
            let records: Vec<Vec<u8>> = (0..30)
                .map(|i| match i % 3 {
                    0 => {
                        let n = rng.below(200);
                        rng.alnum(n)
                    }
                    1 => format!("id={} status=ok", rng.below(1000)).into_bytes(),
                    _ => {
                        let n = rng.below(50);
                        rng.bytes(n)
                    }
                })
                .collect();
            // Exact sizes after each prefix, with no cap in the way.
            let mut open = FrameBuilder::new(u64::MAX)
                .format(format)
                .level(Level::new(level).unwrap())
                .build()
                .unwrap();
            let mut sizes = Vec::new();
            for r in &records {
                assert_eq!(open.push(r), Ok(Push::Accepted));
                sizes.push(open.size());
            }
            for k in 1..records.len() {
                let cap = *sizes[..k].iter().max().unwrap();
                let mut frame = FrameBuilder::new(cap)
                    .format(format)
                    .level(Level::new(level).unwrap())
                    .build()
                    .unwrap();
                for r in &records[..k] {
                    assert_eq!(frame.push(r), Ok(Push::Accepted), "{format} {level} k={k}");
                }
                assert_eq!(frame.size(), sizes[k - 1]);
                let want = if sizes[k] <= cap {
                    Push::Accepted
                } else {
                    Push::Full
                };
                assert_eq!(frame.push(&records[k]), Ok(want), "{format} {level} k={k}");
            }
        }
    }
}

/// Squeezing re-parses a frame's pending block near-optimally when a record does not fit: on
/// the bundled logs it never needs more frames than plain level 6, needs fewer in all, and every
/// invariant holds (`check_driven`).
#[test]
fn squeezing_packs_at_least_as_much_as_its_level() {
    let (mut plain_total, mut squeezed_total) = (0, 0);
    for path in corpus_logs() {
        let data = std::fs::read(&path).unwrap();
        let records = lines_of(&data);
        for cap in [1024u64, 4096] {
            let plain = FrameBuilder::new(cap).level(Level::DEFAULT);
            let squeezing = plain.clone().squeeze(true);
            let a = drive(&plain, &records);
            let b = drive(&squeezing, &records);
            check_driven(&squeezing, &records, &b);
            assert!(
                b.frames.len() <= a.frames.len(),
                "{path:?} at {cap}: squeezing needed more frames"
            );
            plain_total += a.frames.len();
            squeezed_total += b.frames.len();
        }
    }
    assert!(
        squeezed_total < plain_total,
        "squeezing saved no frame: {squeezed_total} vs {plain_total}"
    );
}

/// The strongest level (10): near-optimal blocks and squeezing never need more frames than
/// level 9, and every invariant holds.
#[test]
fn the_strongest_level_packs_at_least_as_much_as_level_9() {
    for path in corpus_logs().into_iter().take(3) {
        let data = std::fs::read(&path).unwrap();
        let records: Vec<Vec<u8>> = lines_of(&data).into_iter().take(600).collect();
        for cap in [1024u64, 4096] {
            let nine = FrameBuilder::new(cap).level(Level::new(9).unwrap());
            let max = FrameBuilder::new(cap).level(Level::STRONGEST);
            let a = drive(&nine, &records);
            let b = drive(&max, &records);
            check_driven(&max, &records, &b);
            assert!(b.frames.len() <= a.frames.len(), "{path:?} at {cap}");
        }
    }
}

/// A frame that squeezed (its stream then splits blocks) starts its next frame exactly as a
/// fresh frame would, and refused records do not change what later records may try: packing
/// with one reused frame gives the bytes of a fresh frame per output frame.
#[test]
fn a_reused_squeezing_frame_behaves_like_a_fresh_one() {
    let data = std::fs::read(&corpus_logs()[0]).unwrap();
    let records = lines_of(&data);
    for level in [6, 10] {
        let builder = FrameBuilder::new(1024)
            .level(Level::new(level).unwrap())
            .squeeze(true);
        let mut reused = builder.build().unwrap();
        let mut fresh = builder.build().unwrap();
        let mut frames = 0;
        for r in records.iter().take(400) {
            let a = reused.push(r).unwrap();
            let b = fresh.push(r).unwrap();
            assert_eq!(a, b, "level {level}");
            if a == Push::Full {
                // Offering refused records again changes nothing.
                assert_eq!(reused.push(r).unwrap(), Push::Full);
                assert_eq!(reused.finish_and_reset(), fresh.finish());
                fresh = builder.build().unwrap();
                assert_eq!(reused.push(r).unwrap(), Push::Accepted);
                assert_eq!(fresh.push(r).unwrap(), Push::Accepted);
                frames += 1;
            }
        }
        assert!(frames > 3, "level {level}: only {frames} frames");
    }
}

/// Streaming a frame out while it fills (`take_output` after every push, taken or refused)
/// gives the same frames, byte for byte, as finishing it whole: every container, fast to
/// strongest levels, squeezing on and off, caps from the minimum to 256 KiB. At the large caps
/// bytes do go out before `finish` (blocks are emitted mid-frame), so the test is not vacuous.
#[test]
fn streamed_frames_equal_whole_frames() {
    let mut records = Vec::new();
    for path in corpus_logs() {
        records.extend(lines_of(&std::fs::read(path).unwrap()));
    }
    for format in Format::ALL {
        for (level, squeeze, caps, take) in [
            (0, false, &[300u64, 65536][..], 400),
            (1, false, &[300, 4096, 65536, 262144][..], 16000),
            (6, true, &[format.min_frame_size(), 4096][..], 1500),
            (6, false, &[65536, 262144][..], 16000),
            (10, true, &[1024][..], 300),
        ] {
            for &cap in caps {
                let builder = FrameBuilder::new(cap)
                    .format(format)
                    .level(Level::new(level).unwrap())
                    .squeeze(squeeze);
                let (mut whole, mut streamed) =
                    (builder.build().unwrap(), builder.build().unwrap());
                let (mut current, mut early) = (Vec::new(), 0);
                let mut frames = 0;
                for r in records.iter().take(take) {
                    let a = whole.push(r);
                    let b = streamed.push(r);
                    assert_eq!(a, b, "{format:?} level {level} cap {cap}");
                    early += streamed.take_output(&mut current);
                    if a == Ok(Push::Full) {
                        current.extend(streamed.finish_and_reset());
                        assert_eq!(
                            current,
                            whole.finish_and_reset(),
                            "{format:?} {level} {cap}"
                        );
                        assert!(current.len() as u64 <= cap);
                        current.clear();
                        frames += 1;
                        assert_eq!(whole.push(r), streamed.push(r));
                    }
                }
                current.extend(streamed.finish());
                assert_eq!(
                    current,
                    whole.finish(),
                    "{format:?} level {level} cap {cap}"
                );
                if cap >= 65536 && level > 0 {
                    assert!(
                        early > 0,
                        "{format:?} level {level} cap {cap}: nothing streamed"
                    );
                }
                assert!(
                    frames > 0 || !(64..=4096).contains(&cap),
                    "{format:?} {level} {cap}: no full frame"
                );
            }
        }
    }
}

/// A frame of the strongest level holding one log line (the first of each bundled log, its
/// newline included) is no larger than zopfli's gzip member of the line: the first record is
/// parsed near-optimally at once, blocks split by cost (every point, in a block this small),
/// small blocks try codes levelled for run-length coding, a tiny block's code is refined by
/// swapping lengths, and a lone distance code is sent without a partner. zopfli's gzip members
/// (zopfli 0.8, default options) are 237, 107, 120, 139, 243, 125, 182 and 132 bytes.
#[test]
fn single_log_lines_at_the_strongest_level_are_no_larger_than_zopfli() {
    let zopfli = [237usize, 107, 120, 139, 243, 125, 182, 132];
    for (path, z) in corpus_logs().iter().zip(zopfli) {
        let data = std::fs::read(path).unwrap();
        let end = data.iter().position(|&b| b == b'\n').unwrap() + 1;
        let mut frame = FrameBuilder::new(1 << 20)
            .level(Level::STRONGEST)
            .delimiter(Vec::new())
            .build()
            .unwrap();
        assert_eq!(frame.push(&data[..end]), Ok(Push::Accepted));
        let size = frame.size() as usize;
        let out = frame.finish();
        assert_eq!(out.len(), size, "{path:?}: size() disagrees with finish()");
        assert_eq!(decode_both(&out, Format::Gzip), data[..end], "{path:?}");
        assert!(out.len() <= z, "{path:?}: {} bytes, zopfli {z}", out.len());
    }
}

/// A frame reports its settings, and `settings()` builds frames that pack byte-identically; the
/// two error types say which step failed.
#[test]
fn a_frame_reports_its_settings_and_rebuilds_itself() {
    let records = lines_of(&std::fs::read(&corpus_logs()[2]).unwrap());
    for (level, squeeze, format) in [
        (0, true, Format::Raw),
        (6, false, Format::Gzip),
        (6, true, Format::Legacy),
        (10, false, Format::Zlib),
    ] {
        let builder = FrameBuilder::new(700)
            .format(format)
            .level(Level::new(level).unwrap())
            .delimiter(&b"\r\n"[..])
            .mtime(7)
            .squeeze(squeeze);
        let mut a = builder.build().unwrap();
        assert_eq!(
            (a.cap(), a.format(), a.level(), a.delimiter(), a.mtime()),
            (700, format, Level::new(level).unwrap(), &b"\r\n"[..], 7)
        );
        assert_eq!(a.is_squeezing(), level == 10 || (squeeze && level > 0));
        for r in records.iter().take(40) {
            if a.push(r).unwrap() == Push::Full {
                break;
            }
        }
        let mut b = a.settings().build().unwrap();
        for r in records.iter().take(40) {
            if b.push(r).unwrap() == Push::Full {
                break;
            }
        }
        assert_eq!(a.settings(), b.settings());
        assert!(
            a.finish() == b.finish(),
            "level {level}: rebuilt frame differs"
        );
    }
    let err = FrameBuilder::new(5).build().unwrap_err();
    assert!(matches!(err, BuildError::CapBelowMinimum { cap: 5, .. }));
    assert!(Level::new(11).is_err());
    let mut f = FrameBuilder::new(64).format(Format::Raw).build().unwrap();
    let err = f.push(&Rng::new(3).bytes(1000)).unwrap_err();
    assert!(matches!(
        err,
        PushError::RecordTooLarge {
            len: 1000,
            cap: 64,
            ..
        }
    ));
    // Both convert into the umbrella error for `?`.
    let umbrella: fitflate::FrameError = err.into();
    assert!(umbrella.to_string().contains("does not fit"));
}
