//! `pack --jobs`: packing with helper threads that find matches ahead of the packer
//! (`fitflate::MatchAhead`), against one thread, on the same records in the same run: time,
//! and whether the frames are the same (they must be: no density cost). Runs alone with
//! `--jobs-only`.

use std::fmt::Write as _;
use std::thread;
use std::time::{Duration, Instant};

use fitflate::{FrameBuilder, MatchAhead, Packer, Pushed};
use fitflate_bench::Records;

use crate::units::cap_name;
use crate::Setup;

/// Caps of the table: a small one, the first large one, a stream record's.
const CAPS: [u64; 3] = [4 << 10, 64 << 10, 1 << 20];
/// Each kind is repeated up to this many bytes (the logs' large stream is about this size).
const STREAM_BYTES: usize = 16 << 20;
/// Timed runs per method, alternated; the table gives medians.
const RUNS: usize = 5;

/// The frames of `records` at `cap` and the wall time, with `helpers` helper threads fed by a
/// thread of their own (as `pack`'s reader feeds them).
fn pack(records: &Records, cap: u64, helpers: usize) -> (Vec<Vec<u8>>, Duration) {
    let builder = FrameBuilder::new(cap);
    let lines = || records.iter().map(|r| r.strip_suffix(b"\n").unwrap_or(r));
    let start = Instant::now();
    let ahead = MatchAhead::new(&builder, helpers);
    let mut packer = Packer::new(builder).expect("valid settings");
    if let Some(ahead) = &ahead {
        packer = packer.match_ahead(ahead);
    }
    let frames = thread::scope(|s| {
        if let Some(ahead) = &ahead {
            let feeder = ahead.feeder();
            s.spawn(move || {
                let all: Vec<&[u8]> = lines().collect();
                for batch in all.chunks(4096) {
                    feeder.records(batch.iter().copied());
                }
                feeder.end();
            });
        }
        let mut frames = Vec::new();
        for r in lines() {
            if let Pushed::Completed(f) = packer.push(r).expect("every record fits") {
                frames.push(f.bytes);
            }
        }
        frames.extend(packer.finish().0.map(|f| f.bytes));
        frames
    });
    drop(ahead);
    (frames, start.elapsed())
}

/// `records` repeated up to `STREAM_BYTES`.
fn stream(records: &Records) -> Records {
    let mut out = Records {
        bytes: Vec::new(),
        offsets: vec![0],
    };
    while out.bytes.len() < STREAM_BYTES {
        for r in records.iter() {
            out.bytes.extend_from_slice(r);
            out.offsets.push(out.bytes.len());
        }
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The section: one row per kind and cap.
pub fn section(s: &Setup) -> String {
    let mut streams: Vec<(&str, Records)> = vec![("logs", s.big.clone())];
    streams.extend(s.kinds.iter().map(|k| (k.name, stream(&k.records))));
    let (caps, runs) = if s.quick {
        (&CAPS[..2], 1)
    } else {
        (&CAPS[..], RUNS)
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Level 6, gzip frames, in-process (`Packer` against `Packer::match_ahead` with one \
         helper thread and a feeding thread); medians of {runs} alternated runs.\n"
    );
    out.push_str(
        "| kind | MB | cap | frames | 1 thread MB/s | 2 threads MB/s | speedup | same frames |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (name, records) in &streams {
        let mb = records.bytes.len() as f64 / 1e6;
        for &cap in caps {
            let (mut one, mut two) = (Vec::new(), Vec::new());
            let (mut frames1, mut same) = (Vec::new(), true);
            for _ in 0..runs {
                let (f1, t1) = pack(records, cap, 0);
                let (f2, t2) = pack(records, cap, 1);
                same &= f1 == f2;
                frames1 = f1;
                one.push(t1);
                two.push(t2);
            }
            let (t1, t2) = (median(one), median(two));
            let _ = writeln!(
                out,
                "| {name} | {mb:.1} | {} | {} | {:.1} | {:.1} | {:.2}x | {} |",
                cap_name(cap),
                frames1.len(),
                mb / t1.as_secs_f64(),
                mb / t2.as_secs_f64(),
                t1.as_secs_f64() / t2.as_secs_f64(),
                if same { "yes" } else { "**no**" },
            );
        }
    }
    out
}
