//! Limits beside the cap (`max_payload`, `max_records`): no frame breaks either, a record refused
//! for a limit leaves the frame bit-identical and opens the next frame, a record that breaks
//! `max_payload` alone is reported, and every record comes back once, in order.

mod common;

use common::{check_driven, check_packer_agrees, decode_both, drive, Rng};
use fitflate::{
    BuildError, Format, FrameBuilder, Level, OversizedPolicy, PackError, Packer, Push, PushError,
    Pushed,
};
use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};

fn pick<T: Copy>(g: &mut Gen, items: &[T]) -> T {
    *g.choose(items).expect("non-empty choice")
}

/// A random packing job with limits.
#[derive(Clone, Debug)]
struct Job {
    format: Format,
    level: u32,
    cap: u64,
    delimiter: Vec<u8>,
    squeeze: bool,
    max_payload: Option<u64>,
    max_records: Option<u64>,
    records: Vec<Vec<u8>>,
}

impl Job {
    fn builder(&self) -> FrameBuilder {
        FrameBuilder::new(self.cap)
            .format(self.format)
            .level(Level::new(self.level).unwrap())
            .delimiter(self.delimiter.clone())
            .squeeze(self.squeeze)
            .max_payload(self.max_payload)
            .max_records(self.max_records)
    }
}

impl Arbitrary for Job {
    fn arbitrary(g: &mut Gen) -> Self {
        let format = pick(g, &Format::ALL);
        // The strongest level rarely: it is slow, and its limits are checked the same way.
        let level = pick(g, &[0u32, 1, 3, 6, 6, 9, 9, 10]);
        let cap = format.min_frame_size() + u64::arbitrary(g) % pick(g, &[64u64, 512, 4096]);
        let delimiter = pick(g, &[&b"\n"[..], b"", b"\r\n"]).to_vec();
        // Payload limits from tiny (most records break them alone) to far above the cap.
        let max_payload =
            bool::arbitrary(g).then(|| 1 + u64::arbitrary(g) % pick(g, &[16u64, 256, 2048, 16384]));
        let max_records = bool::arbitrary(g).then(|| 1 + u64::arbitrary(g) % 12);
        let n = usize::arbitrary(g) % 40;
        let mut rng = Rng::new(u64::arbitrary(g));
        let records = (0..n)
            .map(|_| {
                let len = rng.below(1 << pick(g, &[2usize, 5, 8, 10]));
                if bool::arbitrary(g) {
                    rng.alnum(len)
                } else {
                    b"abcab".iter().copied().cycle().take(len).collect()
                }
            })
            .collect();
        Job {
            format,
            level,
            cap,
            delimiter,
            squeeze: bool::arbitrary(g),
            max_payload,
            max_records,
            records,
        }
    }

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
    // `drive` checks every decision (a limit refusal included) and that refused pushes left no
    // trace; `check_driven` that frames keep the cap and both limits and decode to their records.
    let driven = drive(&builder, &job.records);
    check_driven(&builder, &job.records, &driven);
    check_packer_agrees(&builder, &job.records, &driven);
    TestResult::passed()
}

/// Random jobs with limits, caps, levels (squeezing too), containers and delimiters.
#[test]
fn random_jobs_keep_the_limits() {
    QuickCheck::new()
        .tests(150)
        .quickcheck(check_job as fn(Job) -> TestResult);
}

/// A refusal for a limit leaves the frame bit-identical, and the packer puts the record into
/// the next frame.
#[test]
fn a_limit_refusal_leaves_the_frame_bit_identical() {
    let records: Vec<Vec<u8>> = (0..10)
        .map(|i| format!("record {i}").into_bytes())
        .collect();
    for builder in [
        FrameBuilder::new(4096).max_records(Some(3)),
        // "record N\n" is 9 bytes: three fit in 30, the fourth does not.
        FrameBuilder::new(4096).max_payload(Some(30)),
        FrameBuilder::new(4096)
            .level(Level::STRONGEST)
            .max_records(Some(3)),
        FrameBuilder::new(4096).squeeze(true).max_payload(Some(30)),
    ] {
        let mut frame = builder.build().unwrap();
        for r in &records[..3] {
            assert_eq!(frame.push(r), Ok(Push::Accepted));
        }
        let before = frame.clone();
        assert_eq!(frame.push(&records[3]), Ok(Push::Full));
        assert_eq!(frame.records(), 3);
        assert_eq!(frame.payload_bytes(), 27);
        assert!(
            before.finish() == frame.clone().finish(),
            "refusal left a trace"
        );

        let (frames, totals) = Packer::new(builder.clone())
            .unwrap()
            .pack_all(&records)
            .unwrap();
        assert_eq!(
            frames.iter().map(|f| f.stats.records).collect::<Vec<_>>(),
            [3, 3, 3, 1]
        );
        assert_eq!(totals.full_frames, 3);
        let back: Vec<u8> = frames
            .iter()
            .flat_map(|f| decode_both(&f.bytes, Format::Gzip))
            .collect();
        assert_eq!(back, common::joined(&records, b"\n"));
    }
}

/// A record whose payload alone breaks `max_payload` fits no frame: an error from an empty
/// frame, `Full` from a non-empty one; the packer reports it (or skips it) and loses nothing.
#[test]
fn a_record_over_max_payload_alone_is_reported() {
    let builder = FrameBuilder::new(4096).max_payload(Some(10));
    let mut frame = builder.build().unwrap();
    let empty = frame.clone().finish();
    let err = frame.push(b"0123456789").unwrap_err();
    assert_eq!(
        err,
        PushError::PayloadTooLarge {
            len: 10,
            delimiter_len: 1,
            max_payload: 10
        }
    );
    assert!(err.to_string().contains("payload limit of 10 bytes"));
    assert!(frame.clone().finish() == empty);
    // Exactly at the limit is fine.
    assert_eq!(frame.push(b"012345678"), Ok(Push::Accepted));
    assert_eq!(frame.push(b""), Ok(Push::Full));

    let records: Vec<&[u8]> = vec![b"a", b"bb", b"this one is too long", b"c", b"dddddddd"];
    let err = Packer::new(builder.clone())
        .unwrap()
        .pack_all(&records)
        .unwrap_err();
    assert!(matches!(
        err,
        PackError::Oversized {
            index: 2,
            reason: PushError::PayloadTooLarge { len: 20, .. }
        }
    ));

    let mut packer = Packer::new(builder)
        .unwrap()
        .oversized(OversizedPolicy::Skip);
    let mut frames = Vec::new();
    let mut skipped = Vec::new();
    for r in &records {
        match packer.push(r).unwrap() {
            Pushed::Added => {}
            Pushed::Completed(f) => frames.push(f),
            Pushed::Skipped(s) => skipped.push(s),
        }
    }
    let (last, totals) = packer.finish();
    frames.extend(last);
    assert_eq!(skipped.len(), 1);
    assert_eq!((skipped[0].index, skipped[0].len), (2, 20));
    assert_eq!((totals.records, totals.skipped_records), (4, 1));
    // The open frame stayed open across the skipped record.
    assert_eq!(
        frames.iter().map(|f| f.stats.records).collect::<Vec<_>>(),
        [3, 1]
    );
    let back: Vec<u8> = frames
        .iter()
        .flat_map(|f| decode_both(&f.bytes, Format::Gzip))
        .collect();
    assert_eq!(back, b"a\nbb\nc\ndddddddd\n");
}

/// Limits and the cap together, over real-looking records at every level, squeezing or not:
/// whichever binds first closes the frame.
#[test]
fn limits_combined_with_the_cap_and_squeezing() {
    let mut rng = Rng::new(19);
    let records: Vec<Vec<u8>> = (0..300)
        .map(|i| {
            let n = rng.below(80);
            format!("2026-12-02 host{} GET /item/{i} {}", i % 7, "x".repeat(n)).into_bytes()
        })
        .collect();
    for level in [0, 1, 6, 9, 10] {
        for squeeze in [false, true] {
            for (max_payload, max_records) in
                [(Some(600), None), (None, Some(9)), (Some(900), Some(14))]
            {
                let builder = FrameBuilder::new(256)
                    .level(Level::new(level).unwrap())
                    .squeeze(squeeze)
                    .max_payload(max_payload)
                    .max_records(max_records);
                let driven = drive(&builder, &records);
                assert!(driven.skipped.is_empty());
                check_driven(&builder, &records, &driven);
                check_packer_agrees(&builder, &records, &driven);
            }
        }
    }
}

/// Without limits the frames are those of a builder that never heard of them.
#[test]
fn unset_limits_change_nothing() {
    let records: Vec<Vec<u8>> = (0..200)
        .map(|i| format!("line {i} {}", "ab".repeat(i % 30)).into_bytes())
        .collect();
    for level in [1, 6, 10] {
        let plain = FrameBuilder::new(300).level(Level::new(level).unwrap());
        let unset = plain.clone().max_payload(None).max_records(None);
        assert_eq!(plain, unset);
        // Limits far above what the cap lets in change no frame either.
        let loose = plain
            .clone()
            .max_payload(Some(1 << 30))
            .max_records(Some(1 << 30));
        let a = Packer::new(plain).unwrap().pack_all(&records).unwrap().0;
        let b = Packer::new(loose).unwrap().pack_all(&records).unwrap().0;
        assert!(a == b, "level {level}: loose limits moved the frames");
    }
}

/// Limits are reported by frames, kept by `settings()`, and a limit of 0 is refused.
#[test]
fn limits_are_reported_kept_and_checked() {
    let builder = FrameBuilder::new(1024)
        .max_payload(Some(500))
        .max_records(Some(7));
    let frame = builder.build().unwrap();
    assert_eq!(
        (frame.max_payload(), frame.max_records()),
        (Some(500), Some(7))
    );
    assert_eq!(frame.settings(), builder);
    let plain = FrameBuilder::new(1024).build().unwrap();
    assert_eq!((plain.max_payload(), plain.max_records()), (None, None));

    let err = FrameBuilder::new(1024)
        .max_payload(Some(0))
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        BuildError::ZeroLimit {
            limit: "max_payload"
        }
    );
    assert!(err.to_string().contains("max_payload of 0"));
    let err = FrameBuilder::new(1024)
        .max_records(Some(0))
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        BuildError::ZeroLimit {
            limit: "max_records"
        }
    );
    assert!(matches!(
        Packer::new(FrameBuilder::new(1024).max_records(Some(0))),
        Err(BuildError::ZeroLimit { .. })
    ));
}

/// `max_records(1)` puts every record in its own frame, even empty records.
#[test]
fn one_record_per_frame() {
    let records: Vec<&[u8]> = vec![b"", b"x", b"", b"yy"];
    let (frames, totals) = Packer::new(FrameBuilder::new(64).max_records(Some(1)))
        .unwrap()
        .pack_all(&records)
        .unwrap();
    assert_eq!(totals.frames, 4);
    for (f, r) in frames.iter().zip(&records) {
        assert_eq!(f.stats.records, 1);
        let mut want = r.to_vec();
        want.push(b'\n');
        assert_eq!(decode_both(&f.bytes, Format::Gzip), want);
    }
}
