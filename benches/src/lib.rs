//! Density and speed benchmarks of fitflate against the zlib family: the peers (`methods`), a
//! zlib wrapper with `deflateCopy` (`zlib`), and the records and frame statistics they share.
//! The `density` binary runs everything and writes the paper's tables, CSVs and plots.

pub mod memory;
pub mod methods;
pub mod peers;
pub mod plot;
pub mod zlib;

use std::path::{Path, PathBuf};

/// Records stored back to back (each already ends in its `\n`), so a run of records is one
/// slice: the whole-prefix oracles compress `span(a, b)` directly.
#[derive(Clone, Debug, Default)]
pub struct Records {
    pub bytes: Vec<u8>,
    /// `offsets[i]..offsets[i + 1]` is record `i`.
    pub offsets: Vec<usize>,
}

impl Records {
    /// The lines of `data`, terminator (`\n` or `\r\n`) stripped and `\n` appended.
    pub fn from_lines(data: &[u8]) -> Self {
        let mut r = Records {
            bytes: Vec::with_capacity(data.len()),
            offsets: vec![0],
        };
        for line in data.split_inclusive(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\n").unwrap_or(line);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            r.bytes.extend_from_slice(line);
            r.bytes.push(b'\n');
            r.offsets.push(r.bytes.len());
        }
        r
    }

    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records `a..b` as one slice.
    pub fn span(&self, a: usize, b: usize) -> &[u8] {
        &self.bytes[self.offsets[a]..self.offsets[b]]
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.offsets.windows(2).map(|w| &self.bytes[w[0]..w[1]])
    }

    /// The first `n` records.
    pub fn take(&self, n: usize) -> Records {
        let n = n.min(self.len());
        Records {
            bytes: self.bytes[..self.offsets[n]].to_vec(),
            offsets: self.offsets[..=n].to_vec(),
        }
    }
}

/// The frames one method produced.
#[derive(Clone, Debug, Default)]
pub struct Frames {
    /// (frame bytes, payload bytes, full) per frame; a frame is full when the next record was
    /// refused (every frame but the last).
    pub frames: Vec<(Vec<u8>, u64, bool)>,
    /// Records that fit no frame.
    pub skipped: u64,
}

impl Frames {
    pub fn push(&mut self, bytes: Vec<u8>, payload: u64, full: bool) {
        self.frames.push((bytes, payload, full));
    }

    pub fn full(&self) -> impl Iterator<Item = &(Vec<u8>, u64, bool)> {
        self.frames.iter().filter(|f| f.2)
    }

    /// Mean payload bytes per full frame (the last, partial frame left out).
    pub fn mean_payload_full(&self) -> Option<f64> {
        let n = self.full().count();
        (n > 0).then(|| self.full().map(|f| f.1 as f64).sum::<f64>() / n as f64)
    }

    /// Mean frame bytes / cap over the full frames.
    pub fn mean_fill_full(&self, cap: u64) -> Option<f64> {
        let n = self.full().count();
        (n > 0).then(|| self.full().map(|f| f.0.len() as f64).sum::<f64>() / n as f64 / cap as f64)
    }

    pub fn payload(&self) -> u64 {
        self.frames.iter().map(|f| f.1).sum()
    }

    /// Every frame within the cap and the concatenated decoded payloads equal to `want`
    /// (decoded with zlib's own inflate through libz-sys... here with miniz_oxide, independent of
    /// every encoder measured).
    pub fn check(&self, cap: u64, want: &[u8]) -> Result<(), String> {
        let mut got = Vec::with_capacity(want.len());
        for (i, (bytes, payload, _)) in self.frames.iter().enumerate() {
            if bytes.len() as u64 > cap {
                return Err(format!("frame {i} is {} bytes > cap {cap}", bytes.len()));
            }
            let body = fitflate::verify::decode(bytes, fitflate::Format::Gzip)
                .map_err(|e| format!("frame {i}: {e}"))?;
            if body.len() as u64 != *payload {
                return Err(format!("frame {i}: payload {} != {}", body.len(), payload));
            }
            got.extend_from_slice(&body);
        }
        if got != want {
            return Err("decoded payload differs from the records".into());
        }
        Ok(())
    }
}

/// The example's `n`th command-line argument (1-based) parsed as `T`, or `default` when it is
/// missing or does not parse (the examples are tools with positional knobs).
pub fn arg<T: std::str::FromStr>(n: usize, default: T) -> T {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

/// The repository root (for the bundled corpus and the papers folder).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The bundled logs, (name, bytes), sorted by name.
pub fn bundled_logs() -> Vec<(String, Vec<u8>)> {
    let dir = repo_root().join("corpus/loghub");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/loghub")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .collect();
    v.sort();
    v.into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches("_2k")
                .to_string();
            let data = std::fs::read(&p).unwrap();
            (name, data)
        })
        .collect()
}

/// A bundled kind of record other than the logs (JSON payloads, CSV rows, Zeek logs), as one
/// stream: its files back to back.
#[derive(Clone, Debug)]
pub struct KindStream {
    /// Short name: `json`, `csv`, `zeek`.
    pub name: &'static str,
    /// What a record is.
    pub what: &'static str,
    /// The files, by name.
    pub files: Vec<String>,
    pub records: Records,
}

/// The bundled kinds other than the logs (`corpus/*/` beside `corpus/loghub/`), each as one
/// stream of records, in the test kit's order.
pub fn bundled_kinds() -> Vec<KindStream> {
    fitflate_testkit::corpus::kinds()
        .into_iter()
        .filter(|k| k.name() != "logs")
        .map(|k| KindStream {
            name: k.name(),
            what: k.info.what,
            files: k
                .files
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect(),
            records: Records::from_lines(&k.concatenated()),
        })
        .collect()
}

/// Every bundled log, then every other kind, each cut to its first records holding `bytes`
/// bytes (the record that reaches `bytes` included): slices for quick comparisons.
pub fn bundled_slices(bytes: usize) -> Vec<(String, Records)> {
    let logs = bundled_logs()
        .into_iter()
        .map(|(n, d)| (n, Records::from_lines(&d)));
    let kinds = bundled_kinds()
        .into_iter()
        .map(|k| (k.name.to_string(), k.records));
    logs.chain(kinds)
        .map(|(name, r)| {
            let (mut n, mut len) = (0, 0);
            while n < r.len() && len < bytes {
                len += r.span(n, n + 1).len();
                n += 1;
            }
            (name, r.take(n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Records, Vec<u8>) {
        let logs = bundled_logs();
        let r = Records::from_lines(&logs[2].1).take(600);
        let want = r.bytes.clone();
        (r, want)
    }

    #[test]
    fn every_method_keeps_the_cap_and_the_records() {
        let (r, want) = sample();
        for cap in [300u64, 1024, 4096] {
            methods::fitflate(&r, cap, 6).check(cap, &want).unwrap();
            methods::zlib_exact(&r, cap, 6, false)
                .check(cap, &want)
                .unwrap();
            methods::zlib_exact(&r, cap, 6, true)
                .check(cap, &want)
                .unwrap();
            methods::oracle(&r, cap, &mut |d| zlib::compress(d, 9, 31))
                .check(cap, &want)
                .unwrap();
            methods::compress_bound(&r, cap).check(cap, &want).unwrap();
        }
    }

    /// Every method keeps the cap and the records on a slice of each other kind too (JSON
    /// payloads of 1-27 KB are larger than a 1 KiB frame: the skipped ones are checked by the
    /// methods' own frame counts, the rest by decoding).
    #[test]
    fn every_method_keeps_the_cap_on_every_kind() {
        let kinds = bundled_kinds();
        assert_eq!(
            kinds.iter().map(|k| k.name).collect::<Vec<_>>(),
            ["json", "csv", "zeek"]
        );
        for k in &kinds {
            let r = k.records.take(if k.name == "json" { 12 } else { 400 });
            for cap in [1024u64, 4096] {
                for f in [
                    methods::fitflate(&r, cap, 6),
                    methods::zlib_exact(&r, cap, 6, false),
                    methods::oracle(&r, cap, &mut |d| zlib::compress(d, 9, 31)),
                ] {
                    if f.skipped == 0 {
                        f.check(cap, &r.bytes).unwrap();
                    } else {
                        assert!(f.frames.iter().all(|x| x.0.len() as u64 <= cap));
                    }
                }
            }
        }
    }

    #[test]
    fn exact_methods_beat_the_worst_case_bound() {
        let (r, _) = sample();
        let bound = methods::compress_bound(&r, 4096)
            .mean_payload_full()
            .unwrap();
        let exact = methods::zlib_exact(&r, 4096, 6, false)
            .mean_payload_full()
            .unwrap();
        let ours = methods::fitflate(&r, 4096, 6).mean_payload_full().unwrap();
        assert!(
            exact > 2.0 * bound && ours > 2.0 * bound,
            "{bound} {exact} {ours}"
        );
    }

    #[test]
    fn records_split_lines_and_normalise_terminators() {
        let r = Records::from_lines(b"a\r\nbb\nccc");
        assert_eq!(
            r.iter().collect::<Vec<_>>(),
            vec![&b"a\n"[..], b"bb\n", b"ccc\n"]
        );
        assert_eq!(r.span(1, 3), b"bb\nccc\n");
    }
}
