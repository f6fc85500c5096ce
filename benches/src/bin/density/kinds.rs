//! The tables of the other kinds of records beside the logs: a summary line per kind, every
//! method on each kind, and whole-buffer compression per kind.

use std::fmt::Write as _;

use fitflate_bench::Records;

use crate::stats::Runs;
use crate::units::{cap_name, int};
use crate::whole::{Whole, WHOLE_LIBS};
use crate::Setup;

/// Min, median and max record length (terminator excluded).
fn record_sizes(r: &Records) -> (usize, usize, usize) {
    let mut v: Vec<usize> = r.iter().map(|x| x.len() - 1).collect();
    v.sort_unstable();
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

/// One line per kind: level 6 against the oracle and its packing speed against whole-buffer
/// compression.
pub(crate) fn summary(s: &Setup, runs: &Runs, whole: &Whole) -> String {
    let (logs, kinds, log_caps, detail_cap) = (&s.logs, &s.kinds, &s.log_caps[..], s.detail_cap);
    let kind_names = s.kind_names();
    let log_records: Vec<Records> = logs.iter().map(|(_, d)| Records::from_lines(d)).collect();

    // Summary: one line per kind.
    let mut t = String::from("Each kind of record: level 6 against the zlib -9 whole-prefix oracle (mean payload per full frame; for the logs, the geometric mean over the eight logs), and level 6 packing speed at 4 KiB against libdeflate -6 and zlib -6 compressing the same bytes as one buffer.\n\n| kind | bytes | records | record bytes min / median / max |");
    for &c in log_caps {
        let _ = write!(t, " -6 / oracle, {} |", cap_name(c));
    }
    let _ = writeln!(
        t,
        " -6 packing at {0}, MB/s | libdeflate -6 whole, MB/s | zlib -6 whole, MB/s |",
        cap_name(detail_cap)
    );
    t.push_str("|---|---:|---:|---:|");
    t.push_str(&"---:|".repeat(log_caps.len() + 3));
    t.push('\n');
    for &kind in &kind_names {
        let (bytes, records, sizes) = if kind == "logs" {
            let mut all: Vec<usize> = log_records
                .iter()
                .flat_map(|r| r.iter().map(|x| x.len() - 1))
                .collect();
            all.sort_unstable();
            (
                log_records.iter().map(|r| r.bytes.len()).sum::<usize>(),
                all.len(),
                (all[0], all[all.len() / 2], all[all.len() - 1]),
            )
        } else {
            let k = kinds.iter().find(|k| k.name == kind).unwrap();
            (
                k.records.bytes.len(),
                k.records.len(),
                record_sizes(&k.records),
            )
        };
        let _ = write!(
            t,
            "| {kind} | {} | {} | {} / {} / {} |",
            int(bytes),
            int(records),
            int(sizes.0),
            int(sizes.1),
            int(sizes.2)
        );
        for &c in log_caps {
            let _ = write!(
                t,
                " {} |",
                runs.kind_ratio(kind, "fitflate -6", c)
                    .map_or("–".into(), |x| format!("{x:.3}"))
            );
        }
        let f = |v: Option<f64>| v.map_or("–".into(), |x| format!("{x:.1}"));
        let _ = writeln!(
            t,
            " {} | {} | {} |",
            f(runs.kind_speed(kind, "fitflate -6", detail_cap)),
            f(whole.of(kind, "libdeflate", 6)),
            f(whole.of(kind, "zlib", 6))
        );
    }
    t.push('\n');
    for k in kinds {
        let _ = writeln!(t, "- **{}**: {} ({}).", k.name, k.what, k.files.join(", "));
    }
    let _ = writeln!(
        t,
        "\n![density against packing speed per kind](frontier.svg)\n\nDensity against packing speed at {}, every method on every kind ({}; the logs as in the summary above). Up and to the right is better.",
        cap_name(detail_cap),
        crate::report::frontier_shapes(s)
    );
    t
}

/// Per kind: every method's density and speed at every per-log cap.
pub(crate) fn detail(s: &Setup, runs: &Runs) -> String {
    let (kinds, log_caps, method_names) = (&s.kinds, &s.log_caps[..], &s.method_names);
    // Per kind: every method's density and speed at every per-log cap.
    let mut t = String::new();
    for k in kinds {
        let frames_of = |m: &str, c: u64| {
            runs.kind_rows
                .iter()
                .find(|r| r.corpus == k.name && r.method == m && r.cap == c)
                .map(|r| (r.frames, r.full_frames, r.skipped))
        };
        let _ = write!(
            t,
            "**{}** ({} bytes, {} records). Mean payload bytes per full frame, its ratio to the zlib -9 oracle, and packing speed (MB/s of input, best of up to 7 runs). Full frames of fitflate -6:",
            k.name,
            int(k.records.bytes.len()),
            int(k.records.len())
        );
        for &c in log_caps {
            if let Some((_, full, skipped)) = frames_of("fitflate -6", c) {
                let _ = write!(t, " {full} at {}", cap_name(c));
                if skipped > 0 {
                    let _ = write!(t, " ({skipped} records larger than a frame skipped)");
                }
                t.push(',');
            }
        }
        t.pop();
        t.push_str(".\n\n| method |");
        for &c in log_caps {
            let _ = write!(t, " {} |", cap_name(c));
        }
        for &c in log_caps {
            let _ = write!(t, " {} MB/s |", cap_name(c));
        }
        t.push_str("\n|---|");
        t.push_str(&"---:|".repeat(2 * log_caps.len()));
        t.push('\n');
        for m in method_names.iter().filter(|m| !m.contains("zopfli")) {
            let _ = write!(t, "| {m} |");
            for &c in log_caps {
                let r = runs
                    .kind_rows
                    .iter()
                    .find(|r| r.corpus == k.name && r.method == *m && r.cap == c);
                let cell = r
                    .and_then(|r| {
                        Some(format!(
                            "{:.0} ({:.3})",
                            r.mean_payload_full?,
                            runs.ratio(r)?
                        ))
                    })
                    .unwrap_or_else(|| "–".into());
                let _ = write!(t, " {cell} |");
            }
            for &c in log_caps {
                let _ = write!(
                    t,
                    " {} |",
                    runs.kind_speed(k.name, m, c)
                        .map_or("–".into(), |x| format!("{x:.2}"))
                );
            }
            t.push('\n');
        }
        t.push('\n');
    }
    t
}

/// Whole-buffer compression of each kind.
pub(crate) fn whole(s: &Setup, whole: &Whole) -> String {
    let logs = &s.logs;
    let kind_names = s.kind_names();
    let reps = if s.quick { 1 } else { 5 };
    // Whole-buffer speed per kind.
    let mut t = format!("Whole-buffer compression of each kind (the logs: the {} logs concatenated; the other kinds: the stream measured above), raw DEFLATE, MB/s (best of {reps} runs) and output bytes.\n\n| library | level |", logs.len());
    for &kind in &kind_names {
        let _ = write!(t, " {kind} MB/s | {kind} bytes |");
    }
    t.push_str("\n|---|---:|");
    t.push_str(&"---:|---:|".repeat(kind_names.len()));
    t.push('\n');
    for level in [1u32, 6, 9] {
        for lib in WHOLE_LIBS {
            if whole.of("logs", lib, level).is_none() {
                continue;
            }
            let _ = write!(t, "| {lib} | {level} |");
            for &kind in &kind_names {
                let w = if kind == "logs" {
                    &whole.logs
                } else {
                    &whole.kinds.iter().find(|(n, _)| *n == kind).unwrap().1
                };
                match w.iter().find(|r| r.0 == lib && r.1 == level) {
                    Some(r) => {
                        let _ = write!(t, " {:.1} | {} |", r.2, int(r.3));
                    }
                    None => t.push_str(" – | – |"),
                }
            }
            t.push('\n');
        }
    }
    t
}
