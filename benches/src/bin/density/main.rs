//! The density and speed benchmark: every table, CSV and plot of `papers/paper.md`.
//!
//!     cargo run --release -p fitflate-bench --bin density            # everything (~15 min)
//!     cargo run --release -p fitflate-bench --bin density -- --quick # one log, small caps
//!     cargo run --release -p fitflate-bench --features zlib-ng --bin density  # + zlib-ng (cmake)
//!     cargo run --release -p fitflate-bench --bin density -- --dictionary-only # ~1 min
//!     cargo run --release -p fitflate-bench --bin density -- --jobs-only # ~3 min
//!     cargo run --release -p fitflate-bench --bin density -- --replot # plots from the CSVs
//!
//! The logs (`corpus/loghub`) are measured log by log, and concatenated into a large stream for
//! the large caps; each other bundled kind of record (JSON payloads, CSV rows, Zeek logs) is
//! measured as one stream at the per-log caps, with its own tables.
//!
//! Writes `papers/results/*.csv`, `papers/*.svg`, and rewrites the generated sections of
//! `papers/paper.md` (between `<!-- BEGIN:name -->` and `<!-- END:name -->`).

mod dictionary;
mod jobs;
mod kinds;
mod report;
mod runs;
mod stats;
mod tables;
mod units;
mod verdict;
mod whole;

use std::path::PathBuf;

use fitflate_bench::memory::Counting;
use fitflate_bench::{bundled_kinds, bundled_logs, repo_root, KindStream, Records};
use runs::Method;
use stats::Runs;

#[global_allocator]
static ALLOC: Counting = Counting;

const KIB: u64 = 1024;
/// Caps measured on each bundled log separately.
const LOG_CAPS: [u64; 3] = [KIB, 4 * KIB, 16 * KIB];
/// Caps measured on the large stream (the logs are too small for these).
const BIG_CAPS: [u64; 3] = [64 * KIB, 256 * KIB, 1024 * KIB];
/// The large stream: all eight logs concatenated, repeated this many times (see the paper).
const BIG_REPEAT: usize = 8;

/// What this run measures (everything, or `--quick`'s one log and small caps) and where the
/// results go.
struct Setup {
    /// `--quick`: one log, small caps, one repetition.
    quick: bool,
    /// `papers/`: the plots and the paper.
    out_dir: PathBuf,
    /// `papers/results/`: the CSVs.
    results: PathBuf,
    /// The bundled logs, by name.
    logs: Vec<(String, Vec<u8>)>,
    /// The large stream: the logs concatenated and repeated.
    big: Records,
    /// Caps measured on each log and on each other kind.
    log_caps: Vec<u64>,
    /// Caps measured on the large stream.
    big_caps: Vec<u64>,
    /// The other kinds of records, one stream each.
    kinds: Vec<KindStream>,
    /// The methods' names, in table order.
    method_names: Vec<&'static str>,
    /// Every cap: the per-log ones, then the large ones.
    caps: Vec<u64>,
    /// The cap of the per-log detail: 4 KiB (or the first cap in quick mode).
    detail_cap: u64,
    /// The caps of the speed table: the detail cap and the first large cap.
    speed_caps: Vec<u64>,
}

impl Setup {
    fn new(quick: bool, all_methods: &[Method]) -> Self {
        let out_dir = repo_root().join("papers");
        let results = out_dir.join("results");
        std::fs::create_dir_all(&results).expect("papers/results");

        let logs = bundled_logs();
        let logs: Vec<_> = if quick {
            logs.into_iter().take(1).collect()
        } else {
            logs
        };
        let mut big = Vec::new();
        for _ in 0..if quick { 1 } else { BIG_REPEAT } {
            for (_, d) in &logs {
                big.extend_from_slice(d);
            }
        }
        let big = Records::from_lines(&big);
        let log_caps: &[u64] = if quick { &LOG_CAPS[..2] } else { &LOG_CAPS };
        let big_caps: &[u64] = if quick { &BIG_CAPS[..1] } else { &BIG_CAPS };

        // The other kinds of records, one stream each (their first 300 kB in quick mode).
        let kinds: Vec<_> = bundled_kinds()
            .into_iter()
            .map(|mut k| {
                if quick {
                    k.records = take_bytes(&k.records, 300_000);
                }
                k
            })
            .collect();
        let method_names: Vec<&str> = all_methods.iter().map(|m| m.0).collect();
        let caps: Vec<u64> = log_caps.iter().chain(big_caps).copied().collect();
        let detail_cap = if log_caps.contains(&(4 * KIB)) {
            4 * KIB
        } else {
            log_caps[0]
        };
        let speed_caps: Vec<u64> = [detail_cap, big_caps[0]].to_vec();
        Setup {
            quick,
            out_dir,
            results,
            logs,
            big,
            log_caps: log_caps.to_vec(),
            big_caps: big_caps.to_vec(),
            kinds,
            method_names,
            caps,
            detail_cap,
            speed_caps,
        }
    }

    /// How many times the large stream repeats the logs.
    fn big_repeat(&self) -> usize {
        if self.quick {
            1
        } else {
            BIG_REPEAT
        }
    }

    /// "logs", then the names of the other kinds.
    fn kind_names(&self) -> Vec<&'static str> {
        std::iter::once("logs")
            .chain(self.kinds.iter().map(|k| k.name))
            .collect()
    }
}

/// The first records of `r`, about `bytes` of them.
fn take_bytes(r: &Records, bytes: usize) -> Records {
    let n = r
        .offsets
        .iter()
        .position(|&o| o >= bytes)
        .unwrap_or(r.len());
    r.take(n.max(1))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let zopfli = !quick && !args.iter().any(|a| a == "--no-zopfli");
    let all_methods = runs::methods(zopfli);
    let s = Setup::new(quick, &all_methods);
    if args.iter().any(|a| a == "--dictionary-only") {
        let section = dictionary::section(&s);
        report::paper(&s, &[("dictionary", &section)]);
        println!("{section}");
        return;
    }

    if args.iter().any(|a| a == "--jobs-only") {
        let section = jobs::section(&s);
        report::paper(&s, &[("jobs", &section)]);
        println!("{section}");
        return;
    }

    if args.iter().any(|a| a == "--replot") {
        // Redraw the plots that read only the runs, from the CSVs of the last full run.
        let size = |corpus: &str| {
            let logs = s.logs.iter().map(|(n, d)| (n.as_str(), d.len()));
            let kinds = s.kinds.iter().map(|k| (k.name, k.records.bytes.len()));
            logs.chain(kinds)
                .find(|(n, _)| *n == corpus)
                .map_or(s.big.bytes.len(), |(_, len)| len)
        };
        report::density_and_frontier(&s, &Runs::read_csv(&s.results, &size));
        return;
    }
    let (rows, kind_rows) = runs::measure(&s, &all_methods);
    let runs = Runs::new(rows, kind_rows);
    runs.write_csv(&s.results);

    let density_table = tables::density(&s, &runs);
    let frames_table = tables::frames(&s, &runs);
    let detail_table = tables::detail(&s, &runs);
    let speed_table = tables::speed(&s, &runs);
    let (wb, whole_table) = whole::logs(&s);
    let whole = whole::with_kinds(&s, wb);
    let kinds_summary = kinds::summary(&s, &runs, &whole);
    let kinds_detail = kinds::detail(&s, &runs);
    let kinds_whole = kinds::whole(&s, &whole);
    let memory_table = tables::memory(&s);
    let verdict = verdict::verdict(&s, &runs, &whole);
    let dictionary = dictionary::section(&s);
    let jobs = jobs::section(&s);
    report::plots(&s, &runs, &whole);
    report::paper(
        &s,
        &[
            ("density", &density_table),
            ("frames", &frames_table),
            ("detail", &detail_table),
            ("speed", &speed_table),
            ("whole", &whole_table),
            ("memory", &memory_table),
            ("verdict", &verdict),
            ("kinds", &kinds_summary),
            ("kinds-detail", &kinds_detail),
            ("kinds-whole", &kinds_whole),
            ("dictionary", &dictionary),
            ("jobs", &jobs),
        ],
    );
    println!("{density_table}\n{speed_table}\n{whole_table}\n{memory_table}\n{kinds_summary}\n{kinds_detail}\n{kinds_whole}\n{verdict}\n{dictionary}\n{jobs}");
}
