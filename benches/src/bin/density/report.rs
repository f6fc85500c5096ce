//! The report's outputs besides the tables: the plots, the machine it ran on, and the generated
//! sections of the paper.

use std::fmt::Write as _;

use fitflate_bench::peers;
use fitflate_bench::plot::{line_chart, scatter_chart, Point, Series, GROUP_SHAPES};

use crate::stats::Runs;
use crate::units::cap_name;
use crate::whole::{Whole, WHOLE_LIBS};
use crate::Setup;

fn shell(cmd: &str, args: &[&str]) -> String {
    std::process::Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().next().map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0);
    let zv = unsafe { std::ffi::CStr::from_ptr(libz_sys::zlibVersion()) }
        .to_string_lossy()
        .into_owned();
    let ng = peers::zlib_ng_version().map_or(
        "zlib-ng not built (`--features zlib-ng`)".to_string(),
        |v| format!("zlib-ng {v} (libz-ng-sys)"),
    );
    format!(
        "- CPU: {cpu}, {} cores available\n- Memory: {:.1} GiB\n- {}\n- zlib {zv} (libz-sys), libdeflate (libdeflater 1.26), zopfli (Rust zopfli 0.8), miniz_oxide 0.9, zlib-rs {} (libz-rs-sys 0.6), {ng}\n- Date: {}\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        mem as f64 / 1024.0 / 1024.0,
        shell("rustc", &["-V"]),
        peers::zlib_rs_version(),
        shell("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
    )
}

/// `density.svg` (ratio to the oracle by cap), `frontier.svg` (see `density_and_frontier`) and
/// `speed.svg` (MB/s by level).
pub(crate) fn plots(s: &Setup, runs: &Runs, whole: &Whole) {
    density_and_frontier(s, runs);
    speed(s, runs, whole);
}

/// Which marker shape stands for which kind of records in `frontier.svg` (the chart's shapes,
/// in the order of `Setup::kind_names`).
pub(crate) fn frontier_shapes(s: &Setup) -> String {
    let names = s.kind_names();
    let pairs = GROUP_SHAPES
        .iter()
        .zip(&names)
        .map(|(shape, kind)| format!("{shape} {kind}"));
    pairs.collect::<Vec<_>>().join(", ")
}

/// The plots drawn from the runs alone (`--replot` redraws them from the CSVs): `density.svg`,
/// and `frontier.svg`, density against packing speed at the detail cap, one point per method
/// and kind of records (compressBound and the zopfli oracle left out: the first is no
/// compressor, the second ran on the logs only).
pub(crate) fn density_and_frontier(s: &Setup, runs: &Runs) {
    let points: Vec<(String, Vec<Point>)> = s
        .method_names
        .iter()
        .filter(|m| **m != "compressBound" && !m.contains("zopfli"))
        .map(|m| {
            let points = s
                .kind_names()
                .iter()
                .enumerate()
                .filter_map(|(k, kind)| {
                    let speed = runs.kind_speed(kind, m, s.detail_cap)?;
                    Some((speed, runs.kind_ratio(kind, m, s.detail_cap)?, k))
                })
                .collect();
            (m.to_string(), points)
        })
        .collect();
    scatter_chart(
        &s.out_dir.join("frontier.svg"),
        &format!(
            "Density against packing speed, {} caps",
            cap_name(s.detail_cap)
        ),
        "packing speed, MB/s of records",
        "payload per full frame, ratio to oracle zlib -9",
        &points,
        &|x| format!("{x:.1}"),
    )
    .expect("frontier.svg");
    density(s, runs);
}

fn density(s: &Setup, runs: &Runs) {
    let (method_names, caps, out_dir) = (&s.method_names, &s.caps, &s.out_dir);
    let series: Vec<Series> = method_names
        .iter()
        .map(|m| Series {
            name: m.to_string(),
            points: caps
                .iter()
                .filter_map(|&c| Some((c as f64, runs.gm(m, c)?)))
                .collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    line_chart(
        &out_dir.join("density.svg"),
        "Payload per full gzip frame vs the zlib -9 oracle",
        "cap",
        "ratio to oracle zlib -9",
        &series,
        true,
        &|x| cap_name(x.round() as u64),
    )
    .expect("density.svg");
}

fn speed(s: &Setup, runs: &Runs, whole: &Whole) {
    let (out_dir, detail_cap, wb) = (&s.out_dir, s.detail_cap, &whole.logs);
    let mut sp: Vec<Series> = WHOLE_LIBS
        .iter()
        .filter(|lib| wb.iter().any(|r| r.0 == **lib))
        .map(|lib| Series {
            name: format!("{lib} whole buffer"),
            points: wb
                .iter()
                .filter(|r| r.0 == *lib)
                .map(|r| (r.1 as f64, r.2))
                .collect(),
        })
        .collect();
    sp.push(Series {
        name: format!("fitflate packing, {} cap", cap_name(detail_cap)),
        points: [1u32, 6, 9]
            .iter()
            .filter_map(|l| {
                Some((
                    *l as f64,
                    runs.speed_of(&format!("fitflate -{l}"), detail_cap)?.0,
                ))
            })
            .collect(),
    });
    line_chart(
        &out_dir.join("speed.svg"),
        "Compression speed by level",
        "level",
        "MB/s",
        &sp,
        false,
        &|x| format!("{x:.0}"),
    )
    .expect("speed.svg");
}

fn replace_section(doc: &mut String, name: &str, body: &str) {
    let begin = format!("<!-- BEGIN:{name} -->");
    let end = format!("<!-- END:{name} -->");
    match (doc.find(&begin), doc.find(&end)) {
        (Some(a), Some(b)) if a < b => {
            doc.replace_range(a + begin.len()..b, &format!("\n{body}\n"));
        }
        _ => {
            let _ = write!(doc, "\n{begin}\n{body}\n{end}\n");
        }
    }
}

/// Rewrite the generated sections of `paper.md`: the machine, the corpus, then `sections` (name
/// and body) in order.
pub(crate) fn paper(s: &Setup, sections: &[(&str, &str)]) {
    let (out_dir, quick, big) = (&s.out_dir, s.quick, &s.big);
    // The paper's generated sections.
    let paper_path = out_dir.join("paper.md");
    let mut paper = std::fs::read_to_string(&paper_path)
        .unwrap_or_else(|_| "# fitflate: exact capped DEFLATE frames\n".into());
    let big_desc = format!(
        "The large stream is the eight logs concatenated and repeated {} times ({} records, {:.1} MB). DEFLATE's window is 32 KiB, so no peer can see the repetition; it only makes frames of 64 KiB–1 MiB possible. Zopfli runs on the per-log caps only (too slow for megabyte frames).{}",
        s.big_repeat(),
        big.len(),
        big.bytes.len() as f64 / 1e6,
        if quick { " **Quick run: one log and small caps only.**" } else { "" }
    );
    replace_section(&mut paper, "machine", &machine());
    replace_section(&mut paper, "corpus", &big_desc);
    for (name, body) in sections {
        replace_section(&mut paper, name, body);
    }
    std::fs::write(&paper_path, paper).unwrap();
}
