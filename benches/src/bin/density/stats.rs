//! The runs' results: the CSVs of every run, and what the tables read from them (ratios to the
//! zlib -9 oracle, geometric means, speeds), for the logs and per kind.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::runs::Row;

pub(crate) fn geomean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp())
}

/// The rows of every run, with the zlib -9 oracle's mean payload per corpus and cap.
pub(crate) struct Runs {
    /// The logs and the large stream.
    pub(crate) rows: Vec<Row>,
    /// The other kinds.
    pub(crate) kind_rows: Vec<Row>,
    oracle: BTreeMap<(String, u64), f64>,
}

impl Runs {
    pub(crate) fn new(rows: Vec<Row>, kind_rows: Vec<Row>) -> Self {
        let oracle: BTreeMap<(String, u64), f64> = rows
            .iter()
            .chain(&kind_rows)
            .filter(|r| r.method == "oracle zlib -9")
            .filter_map(|r| r.mean_payload_full.map(|p| ((r.corpus.clone(), r.cap), p)))
            .collect();
        Runs {
            rows,
            kind_rows,
            oracle,
        }
    }

    /// A run's mean payload per full frame as a ratio to the oracle's on the same corpus at the
    /// same cap.
    pub(crate) fn ratio(&self, r: &Row) -> Option<f64> {
        Some(r.mean_payload_full? / *self.oracle.get(&(r.corpus.clone(), r.cap))?)
    }

    /// Write every run: `density.csv` (the logs and the large stream) and `kinds.csv`.
    pub(crate) fn write_csv(&self, results: &Path) {
        // CSV of every run.
        let mut csv = String::from("corpus,cap,method,frames,full_frames,records,skipped,mean_payload_full,mean_fill_full,ratio_vs_zlib9_oracle,seconds,mb_per_s,ns_per_record\n");
        let csv_header = csv.clone();
        let write_row = |csv: &mut String, r: &Row| {
            let opt = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x:.4}"));
            let _ = writeln!(
                csv,
                "{},{},{},{},{},{},{},{},{},{},{:.4},{:.3},{:.1}",
                r.corpus,
                r.cap,
                r.method,
                r.frames,
                r.full_frames,
                r.records,
                r.skipped,
                opt(r.mean_payload_full),
                opt(r.mean_fill_full),
                opt(self.ratio(r)),
                r.secs,
                r.mb_s(),
                r.ns_per_record()
            );
        };
        for r in &self.rows {
            write_row(&mut csv, r);
        }
        std::fs::write(results.join("density.csv"), csv).unwrap();
        let mut csv = csv_header;
        for r in &self.kind_rows {
            write_row(&mut csv, r);
        }
        std::fs::write(results.join("kinds.csv"), csv).unwrap();
    }

    /// The runs back from `density.csv` and `kinds.csv` in `results` (as `write_csv` wrote
    /// them), for redrawing the plots without measuring again; `input_bytes` gives a corpus's
    /// size by name (the CSVs keep speeds, not sizes).
    pub(crate) fn read_csv(results: &Path, input_bytes: &dyn Fn(&str) -> usize) -> Self {
        let read = |name: &str| -> Vec<Row> {
            let path = results.join(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (run the benchmark first)", path.display()));
            text.lines()
                .skip(1)
                .map(|line| {
                    let f: Vec<&str> = line.split(',').collect();
                    let num = |i: usize| f[i].parse::<f64>().ok();
                    Row {
                        corpus: f[0].to_string(),
                        cap: f[1].parse().expect("cap"),
                        method: f[2].to_string(),
                        frames: f[3].parse().expect("frames"),
                        full_frames: f[4].parse().expect("full frames"),
                        records: f[5].parse().expect("records"),
                        skipped: f[6].parse().expect("skipped"),
                        mean_payload_full: num(7),
                        mean_fill_full: num(8),
                        secs: num(10).expect("seconds"),
                        input_bytes: input_bytes(f[0]),
                    }
                })
                .collect()
        };
        Runs::new(read("density.csv"), read("kinds.csv"))
    }

    /// Geometric-mean ratio per method and cap (over the logs for the per-log caps).
    pub(crate) fn gm(&self, m: &str, cap: u64) -> Option<f64> {
        let v: Vec<f64> = self
            .rows
            .iter()
            .filter(|r| r.method == m && r.cap == cap)
            .filter_map(|r| self.ratio(r))
            .collect();
        geomean(&v)
    }
    /// The lowest ratio of a method at a cap (over the logs for the per-log caps).
    pub(crate) fn min_ratio(&self, m: &str, cap: u64) -> Option<f64> {
        self.rows
            .iter()
            .filter(|r| r.method == m && r.cap == cap)
            .filter_map(|r| self.ratio(r))
            .reduce(f64::min)
    }

    /// Packing speed of a method at a cap, in MB/s of input and ns per record: over all logs for a
    /// per-log cap, the large stream for a large one.
    pub(crate) fn speed_of(&self, m: &str, c: u64) -> Option<(f64, f64)> {
        let sel: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| r.method == m && r.cap == c)
            .collect();
        if sel.is_empty() {
            return None;
        }
        let secs: f64 = sel.iter().map(|r| r.secs).sum();
        let bytes: usize = sel.iter().map(|r| r.input_bytes).sum();
        let recs: usize = sel.iter().map(|r| r.records).sum();
        Some((bytes as f64 / secs / 1e6, secs * 1e9 / recs as f64))
    }

    /// Ratio to the oracle and packing speed per kind: for the logs the geometric mean over the
    /// eight logs and the speed over all of them, as in the tables above.
    pub(crate) fn kind_ratio(&self, kind: &str, m: &str, cap: u64) -> Option<f64> {
        if kind == "logs" {
            return self.gm(m, cap);
        }
        self.kind_rows
            .iter()
            .find(|r| r.corpus == kind && r.method == m && r.cap == cap)
            .and_then(|r| self.ratio(r))
    }
    /// Packing speed (MB/s) per kind: for the logs over all of them, as in the speed table.
    pub(crate) fn kind_speed(&self, kind: &str, m: &str, cap: u64) -> Option<f64> {
        if kind == "logs" {
            return self.speed_of(m, cap).map(|s| s.0);
        }
        // A run that filled no frame (every record larger than the cap) has no speed to show.
        self.kind_rows
            .iter()
            .find(|r| r.corpus == kind && r.method == m && r.cap == cap && r.full_frames > 0)
            .map(Row::mb_s)
    }
}
