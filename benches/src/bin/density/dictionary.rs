//! Preset dictionaries: each bundled log and kind split into halves, a dictionary made from the
//! first half, the second half packed into zlib frames at small caps with and without it, and by
//! an exact zlib packer given the same dictionary (`deflateSetDictionary` on every frame,
//! `deflateCopy` per record). Runs alone with `--dictionary-only`.

use std::fmt::Write as _;

use fitflate::Dictionary;
use fitflate_bench::plot::{line_chart, Series};
use fitflate_bench::{methods, Records};

use crate::stats::geomean;
use crate::units::cap_name;
use crate::Setup;

/// Caps of the dictionary tables: where an empty window hurts most.
const CAPS: [u64; 4] = [256, 1024, 4096, 16384];
/// Dictionary sizes of the size sweep (the last is the table's).
const SIZES: [usize; 4] = [1024, 4096, 16384, 32768];
/// The cap of the size sweep, the verdict and the zlib comparison.
const KEY_CAP: u64 = 1024;

/// A dictionary of at most `size` bytes for records like `train`'s: the trainer's
/// (`fitflate::dictionary::train`, as `fitflate dict train` makes it).
fn make_dictionary(train: &Records, size: usize) -> Vec<u8> {
    let samples: Vec<&[u8]> = train.iter().collect();
    fitflate::dictionary::train(&samples, size)
}

/// One set of records (a log or a kind), halved.
struct Set {
    name: String,
    is_log: bool,
    train: Records,
    test: Records,
}

fn sets(s: &Setup) -> Vec<Set> {
    let halve = |name: String, is_log: bool, r: &Records| {
        let half = r.len() / 2;
        Set {
            name,
            is_log,
            train: r.take(half),
            test: Records::from_lines(r.span(half, r.len())),
        }
    };
    let mut v: Vec<Set> = s
        .logs
        .iter()
        .map(|(n, d)| halve(n.clone(), true, &Records::from_lines(d)))
        .collect();
    v.extend(
        s.kinds
            .iter()
            .map(|k| halve(k.name.to_string(), false, &k.records)),
    );
    v
}

/// The paper's dictionary section (tables, verdict lines, speed) and its plot.
pub(crate) fn section(s: &Setup) -> String {
    let sets = sets(s);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Each log and kind is split into halves; the dictionary ({} KiB, made by the trainer, \
         `fitflate dict train`) is made from the first, the second is packed into zlib frames (level 6). Mean payload bytes per full frame: \
         without a dictionary / with it / an exact zlib -6 packer with the same dictionary \
         (`deflateSetDictionary` per frame, `deflateCopy` per record); `x` is with / without.\n",
        SIZES[SIZES.len() - 1] / 1024
    );
    let _ = write!(out, "| records |");
    for cap in CAPS {
        let _ = write!(out, " {} none | dict | zlib+dict | x |", cap_name(cap));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "|---|{}", "---:|".repeat(4 * CAPS.len()));
    let mut log_gain = Vec::new();
    let mut below_zlib = Vec::new();
    // Each set's payload per frame without a dictionary at KEY_CAP, for the size sweep.
    let mut plain_at_key = Vec::new();
    for set in &sets {
        let dict_bytes = make_dictionary(&set.train, SIZES[SIZES.len() - 1]);
        let dict = Dictionary::new(&dict_bytes);
        let _ = write!(out, "| {} |", set.name);
        for cap in CAPS {
            let none = methods::fitflate_zlib(&set.test, cap, 6, None).mean_payload_full();
            let with = methods::fitflate_zlib(&set.test, cap, 6, Some(&dict)).mean_payload_full();
            let zlib = methods::zlib_exact_with(&set.test, cap, 6, false, 15, Some(&dict_bytes))
                .mean_payload_full();
            let cell = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.0}"));
            let gain = none.zip(with).map(|(a, b)| b / a);
            if cap == KEY_CAP {
                plain_at_key.push(none);
            }
            let _ = write!(
                out,
                " {} | {} | {} | {} |",
                cell(none),
                cell(with),
                cell(zlib),
                gain.map_or("-".into(), |g| format!("{g:.2}"))
            );
            if cap == KEY_CAP && set.is_log {
                if let Some(g) = gain {
                    log_gain.push(g);
                }
                if let (Some(w), Some(z)) = (with, zlib) {
                    if w < z {
                        below_zlib.push(format!("{} ({:.3})", set.name, w / z));
                    }
                }
            }
        }
        let _ = writeln!(out);
    }
    let g = geomean(&log_gain).unwrap_or(0.0);
    let _ = writeln!(
        out,
        "\n- At {} caps a dictionary gives the logs {g:.2}x the payload per frame (geometric mean; \
         target >= 1.5x): **{}**.",
        cap_name(KEY_CAP),
        if g >= 1.5 { "met" } else { "not met" }
    );
    let _ = writeln!(
        out,
        "- fitflate with the dictionary against the exact zlib packer with it, every log at {}: \
         **{}**.",
        cap_name(KEY_CAP),
        if below_zlib.is_empty() {
            "never below".to_string()
        } else {
            format!("below on {}", below_zlib.join(", "))
        }
    );
    out.push_str(&speed(&sets));
    out.push_str(&size_sweep(s, &sets, &plain_at_key));
    out
}

/// Packing speed at 4 KiB caps with and without a dictionary (all logs' second halves, median of
/// seven interleaved runs, in this thread's CPU time: the comparison holds on a busy machine).
fn speed(sets: &[Set]) -> String {
    let all: Vec<u8> = sets
        .iter()
        .filter(|s| s.is_log)
        .flat_map(|s| s.test.bytes.clone())
        .collect();
    let train: Vec<u8> = sets
        .iter()
        .filter(|s| s.is_log)
        .flat_map(|s| s.train.bytes.clone())
        .collect();
    let test = Records::from_lines(&all);
    let dict = Dictionary::new(&make_dictionary(&Records::from_lines(&train), 32 * 1024));
    let mut t = [Vec::new(), Vec::new()];
    for _ in 0..7 {
        for (i, d) in [None, Some(&dict)].into_iter().enumerate() {
            let start = thread_cpu_secs();
            std::hint::black_box(methods::fitflate_zlib(&test, 4096, 6, d));
            t[i].push(thread_cpu_secs() - start);
        }
    }
    for v in &mut t {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    let mb = test.bytes.len() as f64 / 1e6;
    let (plain, with) = (mb / t[0][3], mb / t[1][3]);
    format!(
        "- Speed at 4 KiB caps, the logs' second halves ({mb:.1} MB), median of 7: {plain:.1} MB/s \
         without a dictionary, {with:.1} MB/s with one, in CPU time ({:.2}x; target >= 0.9x): \
         **{}**.\n",
        with / plain,
        if with >= 0.9 * plain { "met" } else { "not met" }
    )
}

/// Payload per full frame at `KEY_CAP` against the dictionary's size, per set (with / without,
/// `plain` per set), as a table and `papers/dictionary.svg`.
fn size_sweep(s: &Setup, sets: &[Set], plain: &[Option<f64>]) -> String {
    let mut out = format!(
        "\nThe dictionary's size: payload per full frame with it / without it at {} caps.\n\n| records |",
        cap_name(KEY_CAP)
    );
    for size in SIZES {
        let _ = write!(out, " {} |", cap_name(size as u64));
    }
    let _ = writeln!(out, "\n|---|{}", "---:|".repeat(SIZES.len()));
    let mut series = Vec::new();
    for (set, &none) in sets.iter().zip(plain) {
        let Some(none) = none else {
            continue;
        };
        let _ = write!(out, "| {} |", set.name);
        let mut points = Vec::new();
        for size in SIZES {
            let dict = Dictionary::new(&make_dictionary(&set.train, size));
            let with =
                methods::fitflate_zlib(&set.test, KEY_CAP, 6, Some(&dict)).mean_payload_full();
            match with {
                Some(w) => {
                    let _ = write!(out, " {:.2} |", w / none);
                    points.push((size as f64, w / none));
                }
                None => {
                    let _ = write!(out, " - |");
                }
            }
        }
        let _ = writeln!(out);
        series.push(Series {
            name: set.name.clone(),
            points,
        });
    }
    line_chart(
        &s.out_dir.join("dictionary.svg"),
        "Preset dictionaries: payload per 1 KiB frame, with / without",
        "dictionary size",
        "payload ratio",
        &series,
        true,
        &|x| cap_name(x as u64),
    )
    .expect("dictionary.svg");
    out.push_str("\n![payload ratio against dictionary size](dictionary.svg)\n");
    out
}

/// This thread's CPU time in seconds.
fn thread_cpu_secs() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into `ts`, which outlives the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}
