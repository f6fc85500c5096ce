//! The tables on the logs and the large stream: density, frames and fill, the per-log detail,
//! packing speed, and the memory of one frame builder.

use std::fmt::Write as _;

use fitflate_bench::memory::peak_memory;

use crate::runs::Row;
use crate::stats::Runs;
use crate::units::cap_name;
use crate::{Setup, KIB};

/// Mean payload per full frame against the oracle, per method and cap.
pub(crate) fn density(s: &Setup, runs: &Runs) -> String {
    let (caps, method_names) = (&s.caps, &s.method_names);
    // Table: density summary.
    let mut t = String::from("Mean payload bytes per full frame as a ratio to the zlib -9 whole-prefix oracle (geometric mean over the eight logs for 1–16 KiB; the large stream for 64 KiB–1 MiB). Higher is better; 1.000 = the oracle.\n\n| method |");
    for &c in caps {
        let _ = write!(t, " {} |", cap_name(c));
    }
    t.push_str("\n|---|");
    t.push_str(&"---:|".repeat(caps.len()));
    t.push('\n');
    for m in method_names {
        let _ = write!(t, "| {m} |");
        for &c in caps {
            let _ = write!(
                t,
                " {} |",
                runs.gm(m, c).map_or("–".into(), |x| format!("{x:.3}"))
            );
        }
        t.push('\n');
    }
    t
}

/// Frames needed and the mean fill of the full ones, per method and cap.
pub(crate) fn frames(s: &Setup, runs: &Runs) -> String {
    let (caps, method_names) = (&s.caps, &s.method_names);
    // Table: frames needed and mean fill.
    let mut t = String::from("Frames needed (all logs together for 1–16 KiB) and mean fill of the full frames (frame bytes / cap).\n\n| method |");
    for &c in caps {
        let _ = write!(t, " {} frames | fill |", cap_name(c));
    }
    t.push_str("\n|---|");
    t.push_str(&"---:|---:|".repeat(caps.len()));
    t.push('\n');
    for m in method_names {
        let _ = write!(t, "| {m} |");
        for &c in caps {
            let sel: Vec<&Row> = runs
                .rows
                .iter()
                .filter(|r| r.method == *m && r.cap == c)
                .collect();
            let frames: usize = sel.iter().map(|r| r.frames).sum();
            let fills: Vec<f64> = sel.iter().filter_map(|r| r.mean_fill_full).collect();
            let fill = if fills.is_empty() {
                "–".to_string()
            } else {
                format!(
                    "{:.1} %",
                    100.0 * fills.iter().sum::<f64>() / fills.len() as f64
                )
            };
            if sel.is_empty() {
                t.push_str(" – | – |");
            } else {
                let _ = write!(t, " {frames} | {fill} |");
            }
        }
        t.push('\n');
    }
    t
}

/// Each log at the detail cap, per method.
pub(crate) fn detail(s: &Setup, runs: &Runs) -> String {
    let (logs, method_names, detail_cap) = (&s.logs, &s.method_names, s.detail_cap);
    // Table: per-log detail at 4 KiB (or the first cap in quick mode).
    let mut t = format!("Per log at {}: mean payload bytes per full frame (ratio to the zlib -9 oracle).\n\n| log |", cap_name(detail_cap));
    for m in method_names {
        let _ = write!(t, " {m} |");
    }
    t.push_str("\n|---|");
    t.push_str(&"---:|".repeat(method_names.len()));
    t.push('\n');
    for (name, _) in logs {
        let _ = write!(t, "| {name} |");
        for m in method_names {
            let r = runs
                .rows
                .iter()
                .find(|r| r.corpus == *name && r.cap == detail_cap && r.method == *m);
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
        t.push('\n');
    }
    t
}

/// Packing speed per method at the speed caps.
pub(crate) fn speed(s: &Setup, runs: &Runs) -> String {
    let (method_names, speed_caps) = (&s.method_names, &s.speed_caps);
    // Table: packing speed.
    let mut t = String::from("Packing speed with the cap checked after every record: MB/s of input and ns per record (best of up to 7 runs per log and cap; all logs for the per-log cap; the large stream for 64 KiB).\n\n| method |");
    for &c in speed_caps {
        let _ = write!(t, " {} MB/s | ns/record |", cap_name(c));
    }
    t.push_str("\n|---|");
    t.push_str(&"---:|---:|".repeat(speed_caps.len()));
    t.push('\n');
    for m in method_names {
        let _ = write!(t, "| {m} |");
        for &c in speed_caps {
            match runs.speed_of(m, c) {
                Some((mb, ns)) => {
                    let _ = write!(t, " {mb:.2} | {ns:.0} |");
                }
                None => t.push_str(" – | – |"),
            }
        }
        t.push('\n');
    }
    t
}

/// Peak heap of one frame builder; also writes `memory.csv`.
pub(crate) fn memory(s: &Setup) -> String {
    let (big, results) = (&s.big, &s.results);
    // Memory.
    let mut csv = String::from("level,cap,peak_heap_bytes,peak_heap_streamed_bytes\n");
    let mut t = String::from("Peak heap of one frame builder, filled until full (bytes allocated above the baseline, counting allocator): holding the whole frame until `finish`, and streaming it out (`Frame::take_output` after every record, the bytes going to a buffer allocated beforehand).\n\n| level | cap | peak heap, whole frame | peak heap, streamed |\n|---:|---:|---:|---:|\n");
    for level in [1u32, 6, 9] {
        for &cap in &[64 * KIB, 1024 * KIB] {
            let p = peak_memory(big, cap, level, false);
            let q = peak_memory(big, cap, level, true);
            let _ = writeln!(csv, "{level},{cap},{p},{q}");
            let _ = writeln!(
                t,
                "| {level} | {} | {:.0} KiB | {:.0} KiB |",
                cap_name(cap),
                p as f64 / 1024.0,
                q as f64 / 1024.0
            );
        }
    }
    std::fs::write(results.join("memory.csv"), csv).unwrap();
    t
}
