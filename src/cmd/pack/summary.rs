//! What `pack` reports when it is done: a table, or JSON with `--stats json`.

use std::time::Duration;

use fitflate::{Dictionary, Level, PackTotals};

use crate::cli::PackArgs;

/// What `pack` reports.
pub(super) struct Summary<'a> {
    pub(super) args: &'a PackArgs,
    pub(super) level: Level,
    /// The preset dictionary of `--dict`.
    pub(super) dict: Option<&'a Dictionary>,
    pub(super) totals: &'a PackTotals,
    pub(super) bytes_in: u64,
    pub(super) elapsed: Duration,
    /// Frames finished by `--flush-after` before they were full.
    pub(super) flushed: u64,
}

impl Summary<'_> {
    fn seconds(&self) -> f64 {
        self.elapsed.as_secs_f64().max(1e-9)
    }

    fn records_per_second(&self) -> f64 {
        (self.totals.records + self.totals.skipped_records) as f64 / self.seconds()
    }

    /// Input megabytes (10^6 bytes) per second.
    fn mb_per_second(&self) -> f64 {
        self.bytes_in as f64 / 1e6 / self.seconds()
    }

    pub(super) fn table(&self) -> String {
        let t = self.totals;
        let pct = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{:.2}%", v * 100.0));
        let mut rows: Vec<(&str, String)> = vec![
            ("frames", t.frames.to_string()),
            ("full frames", t.full_frames.to_string()),
            ("records", t.records.to_string()),
            ("skipped records", t.skipped_records.to_string()),
            ("payload bytes", t.payload_bytes.to_string()),
            ("frame bytes", t.frame_bytes.to_string()),
            ("mean fill (full)", pct(t.mean_fill_full())),
            ("mean fill (all)", pct(t.mean_fill_all())),
            (
                "ratio",
                t.ratio().map_or("-".to_string(), |r| format!("{r:.3}")),
            ),
            ("records/s", format!("{:.0}", self.records_per_second())),
            ("MB/s", format!("{:.2}", self.mb_per_second())),
        ];
        if self.args.flush_after.is_some() {
            rows.insert(2, ("flushed frames", self.flushed.to_string()));
        }
        let mut limits = String::new();
        if let Some(max) = self.args.max_payload {
            limits.push_str(&format!(", payload at most {max} bytes"));
        }
        if let Some(max) = self.args.max_records {
            limits.push_str(&format!(", at most {max} records"));
        }
        if let Some(after) = self.args.flush_after {
            limits.push_str(&format!(", flushed after {after:?}"));
        }
        let dict = self.dict.map_or(String::new(), |d| {
            format!(", dictionary {:08x} ({} bytes)", d.id(), d.len())
        });
        let to = match &self.args.filter {
            Some(command) => format!("to the filter `{command}`"),
            None => format!("into {}", self.args.out_dir.display()),
        };
        let mut out = format!(
            "fitflate pack: cap {} bytes{limits}, {}, level {}{dict}, {to}\n",
            t.cap, self.args.format, self.level,
        );
        for (name, value) in rows {
            out.push_str(&format!("  {name:<18}{value:>14}\n"));
        }
        out
    }

    pub(super) fn json(&self) -> serde_json::Value {
        let t = self.totals;
        serde_json::json!({
            "cap": t.cap,
            "max_payload": self.args.max_payload,
            "max_records": self.args.max_records,
            "flush_after": self.args.flush_after.map(|d| d.as_secs_f64()),
            "format": self.args.format.name(),
            "level": self.level.get(),
            "dictionary": self.dict.map(|d| serde_json::json!({
                "dictid": format!("{:08x}", d.id()),
                "bytes": d.len(),
                "file": self.args.dict.as_ref().map(|p| p.display().to_string()),
            })),
            "out_dir": self.args.out_dir.display().to_string(),
            "filter": self.args.filter,
            "frames": t.frames,
            "full_frames": t.full_frames,
            "flushed_frames": self.flushed,
            "records": t.records,
            "skipped_records": t.skipped_records,
            "skipped_bytes": t.skipped_bytes,
            "payload_bytes": t.payload_bytes,
            "frame_bytes": t.frame_bytes,
            "input_bytes": self.bytes_in,
            "mean_fill_full": t.mean_fill_full(),
            "mean_fill_all": t.mean_fill_all(),
            "ratio": t.ratio(),
            "seconds": self.elapsed.as_secs_f64(),
            "records_per_second": self.records_per_second(),
            "mb_per_second": self.mb_per_second(),
        })
    }
}
