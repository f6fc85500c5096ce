//! The bundled real records (`corpus/` at the repository root), by kind: system logs (loghub),
//! JSON event payloads, CSV rows and Zeek network-monitor logs. Every file holds one record a
//! line; each folder has its LICENSE and a SOURCE.md saying which package it came from.

use std::path::{Path, PathBuf};

/// The repository's `corpus/` folder.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

/// One kind of record: its short name, its folder under `corpus/` and what a record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindInfo {
    pub name: &'static str,
    pub folder: &'static str,
    pub what: &'static str,
}

/// The bundled kinds, the logs first.
pub const KINDS: [KindInfo; 4] = [
    KindInfo {
        name: "logs",
        folder: "loghub",
        what: "system log lines (eight loghub logs, 2,000 lines each)",
    },
    KindInfo {
        name: "json",
        folder: "octokit-webhooks",
        what: "GitHub webhook payloads, one compact JSON object a line (1-27 KB)",
    },
    KindInfo {
        name: "csv",
        folder: "vega-datasets",
        what: "CSV rows (FAA wildlife strikes, US airports)",
    },
    KindInfo {
        name: "zeek",
        folder: "zat-zeek",
        what: "Zeek network-monitor logs, tab-separated and JSON lines",
    },
];

/// A kind with its data files.
#[derive(Clone, Debug)]
pub struct Kind {
    pub info: KindInfo,
    /// The data files (`*.log`, `*.jsonl`, `*.csv`, `*.tsv`), sorted by name.
    pub files: Vec<PathBuf>,
}

impl Kind {
    pub fn name(&self) -> &'static str {
        self.info.name
    }

    /// The files as (file name, bytes), sorted by name.
    pub fn read(&self) -> Vec<(String, Vec<u8>)> {
        self.files.iter().map(|p| (file_name(p), read(p))).collect()
    }

    /// Every file of the kind, back to back in name order (each ends in its newline), as one
    /// stream of records.
    pub fn concatenated(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for p in &self.files {
            let bytes = read(p);
            out.extend_from_slice(&bytes);
            if !bytes.is_empty() && !bytes.ends_with(b"\n") {
                out.push(b'\n');
            }
        }
        out
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The data files of `corpus/<folder>` with one of `extensions`, sorted by name.
fn files_in(folder: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let d = dir().join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&d)
        .unwrap_or_else(|e| panic!("{} is bundled with the repository: {e}", d.display()))
        .map(|e| e.expect("readable corpus folder").path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
        })
        .collect();
    files.sort();
    files
}

/// The record files' extensions.
const DATA: [&str; 4] = ["log", "jsonl", "csv", "tsv"];

/// Every bundled kind with its files, in [`KINDS`] order.
pub fn kinds() -> Vec<Kind> {
    KINDS.iter().map(|&info| kind_of(info)).collect()
}

/// The bundled kind called `name` (`logs`, `json`, `csv`, `zeek`).
pub fn kind(name: &str) -> Kind {
    let info = KINDS
        .iter()
        .find(|k| k.name == name)
        .unwrap_or_else(|| panic!("no bundled kind {name:?}"));
    kind_of(*info)
}

fn kind_of(info: KindInfo) -> Kind {
    let files = files_in(info.folder, &DATA);
    assert!(
        !files.is_empty(),
        "corpus/{} has no data files",
        info.folder
    );
    Kind { info, files }
}

/// The bundled loghub logs (`corpus/loghub/*.log`), sorted by name.
pub fn log_paths() -> Vec<PathBuf> {
    files_in("loghub", &["log"])
}

/// The bundled logs as (file name, bytes), sorted by name.
pub fn logs() -> Vec<(String, Vec<u8>)> {
    log_paths()
        .into_iter()
        .map(|p| (file_name(&p), read(&p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_bundled_with_its_licence_and_source() {
        let kinds = kinds();
        assert_eq!(
            kinds.iter().map(Kind::name).collect::<Vec<_>>(),
            ["logs", "json", "csv", "zeek"]
        );
        for k in &kinds {
            let d = dir().join(k.info.folder);
            assert!(d.join("LICENSE").is_file(), "{}: LICENSE", k.name());
            if k.name() != "logs" {
                assert!(d.join("SOURCE.md").is_file(), "{}: SOURCE.md", k.name());
            }
            let all = k.concatenated();
            assert!(all.len() > 100_000, "{}: {} bytes", k.name(), all.len());
            assert!(all.ends_with(b"\n"));
        }
        assert_eq!(kind("logs").files, log_paths());
        assert_eq!(logs().len(), 8);
    }

    #[test]
    fn json_records_are_one_object_a_line() {
        let json = kind("json").concatenated();
        for line in json.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            assert!(line.starts_with(b"{") && line.ends_with(b"}"));
            assert!((900..=30_000).contains(&line.len()), "{}", line.len());
        }
    }
}
