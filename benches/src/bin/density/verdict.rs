//! The verdict on the targets: density against the oracles, speed against zlib, and each kind.

use std::fmt::Write as _;

use crate::stats::{geomean, Runs};
use crate::units::cap_name;
use crate::whole::Whole;
use crate::{Setup, KIB};

/// A line per target, with the figures that meet or miss it.
pub(crate) fn verdict(s: &Setup, runs: &Runs, whole: &Whole) -> String {
    let (log_caps, speed_caps, detail_cap) = (&s.log_caps[..], &s.speed_caps, s.detail_cap);
    let (rows, wb) = (&runs.rows, &whole.logs);
    let kind_names = s.kind_names();
    // Verdict on the targets.
    let mut v = String::new();
    let sq_gm: Vec<f64> = log_caps
        .iter()
        .filter_map(|&c| runs.gm("fitflate -6 squeeze", c))
        .collect();
    let f6_min = log_caps
        .iter()
        .filter_map(|&c| runs.min_ratio("fitflate -6", c))
        .reduce(f64::min);
    let f6_gm: Vec<f64> = log_caps
        .iter()
        .filter_map(|&c| runs.gm("fitflate -6", c))
        .collect();
    let _ = writeln!(
        v,
        "- Density target (level 6 >= the zlib -9 oracle): worst log/cap ratio {}, geometric means by cap {}.",
        f6_min.map_or("–".into(), |x| format!("{x:.3}")),
        f6_gm.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(
        v,
        "- Level 6 with squeezing at the cap: worst log/cap ratio {}, geometric means by cap {}.",
        log_caps
            .iter()
            .filter_map(|&c| runs.min_ratio("fitflate -6 squeeze", c))
            .reduce(f64::min)
            .map_or("–".into(), |x| format!("{x:.3}")),
        sq_gm
            .iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let zlib6 = wb
        .iter()
        .find(|r| r.0 == "zlib" && r.1 == 6)
        .map(|r| r.2)
        .unwrap_or(0.0);
    for &c in speed_caps {
        if let Some((mb, _)) = runs.speed_of("fitflate -6", c) {
            let _ = writeln!(
                v,
                "- Speed target (level 6 packing at {} >= zlib -6 whole-buffer): {mb:.1} MB/s vs {zlib6:.1} MB/s = {:.2}x.",
                cap_name(c),
                mb / zlib6
            );
        }
    }
    for &c in speed_caps {
        if let Some((mb, _)) = runs.speed_of("fitflate -1", c) {
            let _ = writeln!(
                v,
                "- Speed target (level 1 packing at {} >= 2x zlib -6 whole-buffer): {mb:.1} MB/s = {:.2}x.",
                cap_name(c),
                mb / zlib6
            );
        }
    }
    if let Some(ours) = wb.iter().find(|r| r.0 == "fitflate" && r.1 == 6) {
        let _ = writeln!(
            v,
            "- Whole-buffer level 6 against zlib -6: {:.1} MB/s vs {zlib6:.1} MB/s ({:.2}x), {} vs {} bytes.",
            ours.2,
            ours.2 / zlib6,
            ours.3,
            wb.iter()
                .find(|r| r.0 == "zlib" && r.1 == 6)
                .map_or(0, |r| r.3)
        );
    }
    let f10_vs = |oracle: &str| -> Vec<f64> {
        rows.iter()
            .filter(|r| r.method == "fitflate -10")
            .filter_map(|r| {
                let o = rows
                    .iter()
                    .find(|o| o.method == oracle && o.corpus == r.corpus && o.cap == r.cap)?;
                Some(r.mean_payload_full? / o.mean_payload_full?)
            })
            .collect()
    };
    let lib = f10_vs("oracle libdeflate -12");
    let zop = f10_vs("oracle zopfli");
    if !lib.is_empty() {
        let _ = writeln!(
            v,
            "- Strongest level (-10) against the libdeflate -12 oracle: worst log/cap ratio {:.3}, geometric mean {:.3}.",
            lib.iter().copied().fold(f64::MAX, f64::min),
            geomean(&lib).unwrap_or(0.0)
        );
    }
    if !zop.is_empty() {
        let _ = writeln!(
            v,
            "- Strongest level (-10) against the zopfli oracle: geometric mean {:.3}.",
            geomean(&zop).unwrap_or(0.0)
        );
        let secs = |m: &str| -> f64 { rows.iter().filter(|r| r.method == m).map(|r| r.secs).sum() };
        let zs = secs("oracle zopfli");
        let fs: f64 = rows
            .iter()
            .filter(|r| r.method == "fitflate -10" && r.cap <= 16 * KIB)
            .map(|r| r.secs)
            .sum();
        if fs > 0.0 {
            let _ = writeln!(
                v,
                "- Packing time at 1–16 KiB, -10 against the zopfli oracle: {:.1}x faster.",
                zs / fs
            );
        }
    }
    for &c in speed_caps {
        if let Some((mb, _)) = runs.speed_of("fitflate -10", c) {
            let ld = whole.libdeflate12_logs;
            let _ = writeln!(
                v,
                "- Speed target (level 10 packing at {} >= libdeflate -12 whole-buffer): {mb:.2} MB/s vs {ld:.2} MB/s = {:.2}x.",
                cap_name(c),
                mb / ld
            );
        }
    }
    if let (Some((ours, _)), Some((theirs, _))) = (
        runs.speed_of("fitflate -6", detail_cap),
        runs.speed_of("zlib exact -6", detail_cap),
    ) {
        let _ = writeln!(
            v,
            "- Against the exact zlib packer at {}: {:.1}x faster.",
            cap_name(detail_cap),
            ours / theirs
        );
    }
    for &kind in kind_names.iter().filter(|k| **k != "logs") {
        let ratios: Vec<String> = log_caps
            .iter()
            .filter_map(|&c| Some(format!("{:.3}", runs.kind_ratio(kind, "fitflate -6", c)?)))
            .collect();
        let _ = writeln!(
            v,
            "- {kind}: level 6 against the zlib -9 oracle at {}: {}; packing at {} {} MB/s vs libdeflate -6 whole-buffer {} MB/s.",
            log_caps.iter().map(|&c| cap_name(c)).collect::<Vec<_>>().join(", "),
            ratios.join(", "),
            cap_name(detail_cap),
            runs.kind_speed(kind, "fitflate -6", detail_cap).map_or("–".into(), |x| format!("{x:.1}")),
            whole.of(kind, "libdeflate", 6).map_or("–".into(), |x| format!("{x:.1}"))
        );
    }
    v
}
