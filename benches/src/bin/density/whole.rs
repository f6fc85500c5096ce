//! Whole-buffer compression by each library at levels 1, 6 and 9, on the logs concatenated and
//! on each other kind's stream.

use std::fmt::Write as _;
use std::time::Instant;

use fitflate::Level;
use fitflate_bench::{peers, zlib};

use crate::Setup;

/// (library, level, MB/s, output bytes) per whole-buffer run.
pub(crate) type WholeRows = Vec<(String, u32, f64, usize)>;

/// Whole-buffer compression speed of each library at levels 1/6/9 (best of `reps`).
fn whole_buffer(data: &[u8], reps: usize) -> WholeRows {
    let mut rows = Vec::new();
    let best = |f: &mut dyn FnMut() -> usize| {
        let mut best = f64::MAX;
        let mut size = 0;
        for _ in 0..reps {
            let t = Instant::now();
            size = f();
            best = best.min(t.elapsed().as_secs_f64());
        }
        (data.len() as f64 / best / 1e6, size)
    };
    for level in [1u32, 6, 9] {
        let (s, n) = best(&mut || {
            let mut d = fitflate::Deflater::new(Level::new(level).unwrap());
            d.append(data);
            d.finish().len()
        });
        rows.push(("fitflate".into(), level, s, n));
        let (s, n) = best(&mut || zlib::compress(data, level as i32, -15).len());
        rows.push(("zlib".into(), level, s, n));
        let (s, n) = best(&mut || miniz_oxide::deflate::compress_to_vec(data, level as u8).len());
        rows.push(("miniz_oxide".into(), level, s, n));
        let mut c =
            libdeflater::Compressor::new(libdeflater::CompressionLvl::new(level as i32).unwrap());
        let (s, n) = best(&mut || {
            let mut out = vec![0u8; c.deflate_compress_bound(data.len())];
            c.deflate_compress(data, &mut out).unwrap()
        });
        rows.push(("libdeflate".into(), level, s, n));
        let (s, n) = best(&mut || peers::zlib_rs(data, level as i32).len());
        rows.push(("zlib-rs".into(), level, s, n));
        if peers::zlib_ng(&[], 1).is_some() {
            let (s, n) = best(&mut || peers::zlib_ng(data, level as i32).unwrap().len());
            rows.push(("zlib-ng".into(), level, s, n));
        }
    }
    rows
}

/// The whole-buffer libraries, in table order.
pub(crate) const WHOLE_LIBS: [&str; 6] = [
    "fitflate",
    "zlib",
    "zlib-ng",
    "zlib-rs",
    "miniz_oxide",
    "libdeflate",
];

/// The whole-buffer runs: on the logs concatenated, and on each other kind.
pub(crate) struct Whole {
    pub(crate) logs: WholeRows,
    pub(crate) kinds: Vec<(&'static str, WholeRows)>,
    /// libdeflate -12 on the logs concatenated, MB/s: the strongest level's speed target.
    pub(crate) libdeflate12_logs: f64,
}

impl Whole {
    /// A library's MB/s at a level on a kind ("logs", or another kind's name).
    pub(crate) fn of(&self, kind: &str, lib: &str, level: u32) -> Option<f64> {
        let wb = if kind == "logs" {
            &self.logs
        } else {
            &self.kinds.iter().find(|(n, _)| *n == kind)?.1
        };
        wb.iter().find(|r| r.0 == lib && r.1 == level).map(|r| r.2)
    }
}

/// The logs concatenated: the runs (also written to `whole_buffer.csv`) and their table.
pub(crate) fn logs(s: &Setup) -> (WholeRows, String) {
    let (logs, quick, results) = (&s.logs, s.quick, &s.results);
    // Whole-buffer compression.
    let all: Vec<u8> = logs.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    let wb = whole_buffer(&all, if quick { 1 } else { 5 });
    let mut csv = String::from("library,level,mb_per_s,raw_deflate_bytes\n");
    let mut t = format!("Whole-buffer compression of the {} logs concatenated ({} bytes), raw DEFLATE, best of {} runs.\n\n| library | level | MB/s | bytes |\n|---|---:|---:|---:|\n", logs.len(), all.len(), if quick { 1 } else { 5 });
    for (lib, level, mbs, n) in &wb {
        let _ = writeln!(csv, "{lib},{level},{mbs:.2},{n}");
        let _ = writeln!(t, "| {lib} | {level} | {mbs:.1} | {n} |");
    }
    std::fs::write(results.join("whole_buffer.csv"), csv).unwrap();
    (wb, t)
}

/// The other kinds too; `kinds_whole_buffer.csv` holds every kind's runs.
pub(crate) fn with_kinds(s: &Setup, wb: WholeRows) -> Whole {
    let (kinds, quick, results) = (&s.kinds, s.quick, &s.results);
    // The other kinds: whole-buffer speed on each kind's stream, then density and speed per kind.
    let reps = if quick { 1 } else { 5 };
    let kind_wb: Vec<(&'static str, WholeRows)> = kinds
        .iter()
        .map(|k| (k.name, whole_buffer(&k.records.bytes, reps)))
        .collect();
    let all: Vec<u8> = s.logs.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::new(12).unwrap());
    let mut out = vec![0u8; c.deflate_compress_bound(all.len())];
    let libdeflate12_logs = (0..reps)
        .map(|_| {
            let t = Instant::now();
            c.deflate_compress(&all, &mut out).unwrap();
            all.len() as f64 / t.elapsed().as_secs_f64() / 1e6
        })
        .fold(0.0, f64::max);
    let mut csv = String::from("kind,library,level,mb_per_s,raw_deflate_bytes\n");
    for (name, wb) in std::iter::once(("logs", &wb)).chain(kind_wb.iter().map(|(n, w)| (*n, w))) {
        for (lib, level, mbs, n) in wb {
            let _ = writeln!(csv, "{name},{lib},{level},{mbs:.2},{n}");
        }
    }
    std::fs::write(results.join("kinds_whole_buffer.csv"), csv).unwrap();
    Whole {
        logs: wb,
        kinds: kind_wb,
        libdeflate12_logs,
    }
}
