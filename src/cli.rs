//! Command-line arguments of the `fitflate` binary and the small parsers they need (sizes,
//! delimiters with escapes, gzip-style level flags).

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use fitflate::{Format, DEFAULT_LEVEL};

/// Capped DEFLATE/zlib/gzip frames: the most whole records under a hard byte cap.
#[derive(Debug, Parser)]
#[command(name = "fitflate", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compress FILEs (concatenated; stdin when none) to stdout, like `gzip -c`.
    Compress(CompressArgs),
    /// Pack the lines of FILEs (stdin when none) into frames of at most --cap bytes each.
    Pack(PackArgs),
    /// Check frames: size under the cap, checksums, nothing after the stream; count records.
    Verify(VerifyArgs),
}

/// `fitflate compress`.
#[derive(Debug, Args)]
pub struct CompressArgs {
    #[command(flatten)]
    pub level: LevelArgs,
    /// Container format.
    #[arg(long, default_value = "gzip", value_parser = parse_format)]
    pub format: Format,
    /// Input files (stdin when none; `-` is stdin).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// How `pack` reports its statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// A table on stdout.
    Table,
    /// JSON on stdout (the table goes to stderr).
    Json,
}

/// `fitflate pack`.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// Most bytes per frame: 4096, 64KiB, 1MiB, 64k, 1M (k/M/G are binary: 1024, 1024², 1024³).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub cap: u64,
    /// Container format.
    #[arg(long, default_value = "gzip", value_parser = parse_format)]
    pub format: Format,
    #[command(flatten)]
    pub level: LevelArgs,
    /// Bytes appended after each record; escapes \n \r \t \0 \\ ; empty for none.
    #[arg(long, value_name = "STR", default_value = "\\n", value_parser = parse_delimiter)]
    pub delimiter: Delimiter,
    /// Directory for the frames 000000.EXT, 000001.EXT, … (created when missing).
    #[arg(long, value_name = "DIR", default_value = "frames")]
    pub out_dir: PathBuf,
    /// Leave out (and report) records that fit no frame, instead of stopping.
    #[arg(long)]
    pub skip_oversized: bool,
    /// When a record does not fit, re-parse the frame's pending block near-optimally and take
    /// the record if it then fits (at most two such parses per frame: more records per frame,
    /// paid for only at the cap).
    #[arg(long)]
    pub squeeze: bool,
    /// Statistics format: `table`, or `json` on stdout.
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub stats: StatsFormat,
    /// Input files (stdin when none; `-` is stdin). Each line is a record, without its line end.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `fitflate verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The cap no frame may exceed (same syntax as for `pack`).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub cap: Option<u64>,
    /// Container format (default: from each file's extension — .gz gzip, .zz zlib, .deflate
    /// raw, .lgz legacy — else gzip).
    #[arg(long, value_parser = parse_format)]
    pub format: Option<Format>,
    /// Record delimiter, as for `pack`; empty: records are not counted.
    #[arg(long, value_name = "STR", default_value = "\\n", value_parser = parse_delimiter)]
    pub delimiter: Delimiter,
    /// Frame files.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// The compression level, as `--level N` or gzip-style `-0` … `-9` (at most one of them).
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct LevelArgs {
    /// Compression level: 0 = stored only, 1 fastest … 9 strong; also as -0 … -9. 10 = the
    /// strongest and slowest: near-optimal parsing (for `pack`: when a record does not fit).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    level: Option<u32>,
    #[arg(short = '0', hide = true)]
    l0: bool,
    #[arg(short = '1', hide = true)]
    l1: bool,
    #[arg(short = '2', hide = true)]
    l2: bool,
    #[arg(short = '3', hide = true)]
    l3: bool,
    #[arg(short = '4', hide = true)]
    l4: bool,
    #[arg(short = '5', hide = true)]
    l5: bool,
    #[arg(short = '6', hide = true)]
    l6: bool,
    #[arg(short = '7', hide = true)]
    l7: bool,
    #[arg(short = '8', hide = true)]
    l8: bool,
    #[arg(short = '9', hide = true)]
    l9: bool,
}

impl LevelArgs {
    /// The chosen level (6 when none is given).
    pub fn level(&self) -> u32 {
        let flags = [
            self.l0, self.l1, self.l2, self.l3, self.l4, self.l5, self.l6, self.l7, self.l8,
            self.l9,
        ];
        self.level
            .or_else(|| flags.iter().position(|&on| on).map(|i| i as u32))
            .unwrap_or(DEFAULT_LEVEL)
    }
}

/// A record delimiter (a newtype, so that clap takes it as one value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delimiter(pub Vec<u8>);

/// Parse a size: decimal bytes with an optional binary multiple `k`/`K`/`KiB`, `M`/`MiB`,
/// `G`/`GiB` (also `kb`/`MB`/`GB`, all powers of 1024) and an optional `B`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, suffix) = t.split_at(digits_end);
    if digits.is_empty() {
        return Err(format!(
            "{s:?} is not a size (examples: 4096, 64KiB, 1MiB, 64k)"
        ));
    }
    let multiple: u64 = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => {
            return Err(format!(
                "unknown size unit {other:?} in {s:?} (use k/KiB, M/MiB or G/GiB)"
            ))
        }
    };
    let n: u64 = digits.parse().map_err(|_| format!("{s:?} is too large"))?;
    n.checked_mul(multiple)
        .ok_or_else(|| format!("{s:?} is too large"))
}

/// Parse a delimiter with the escapes `\n`, `\r`, `\t`, `\0` and `\\`; the empty string is no
/// delimiter.
pub fn parse_delimiter(s: &str) -> Result<Delimiter, String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let escaped = match bytes.next() {
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'0') => 0,
            Some(b'\\') => b'\\',
            Some(other) => {
                return Err(format!(
                    "unknown escape \\{} in delimiter (use \\n \\r \\t \\0 \\\\)",
                    char::from(other)
                ))
            }
            None => return Err("delimiter ends with a lone backslash (use \\\\)".into()),
        };
        out.push(escaped);
    }
    Ok(Delimiter(out))
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse::<Format>().map_err(|e| e.to_string())
}

/// The format a frame file's extension names, if any.
pub fn format_from_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    Format::ALL.into_iter().find(|f| f.extension() == ext)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("64KiB"), Ok(65536));
        assert_eq!(parse_size("64k"), Ok(65536));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("1M"), Ok(1 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("20B"), Ok(20));
        assert!(parse_size("").is_err());
        assert!(parse_size("KiB").is_err());
        assert!(parse_size("4x").is_err());
        assert!(parse_size("-4").is_err());
        assert!(parse_size("99999999999999999999").is_err());
        assert!(parse_size("99999999999G").is_err());
    }

    #[test]
    fn delimiters() {
        assert_eq!(parse_delimiter("\\n"), Ok(Delimiter(b"\n".to_vec())));
        assert_eq!(parse_delimiter(""), Ok(Delimiter(vec![])));
        assert_eq!(
            parse_delimiter("a\\r\\n\\t\\0\\\\"),
            Ok(Delimiter(b"a\r\n\t\0\\".to_vec()))
        );
        assert!(parse_delimiter("\\x").is_err());
        assert!(parse_delimiter("\\").is_err());
    }

    #[test]
    fn level_flags() {
        Cli::command().debug_assert();
        let level = |args: &[&str]| match Cli::try_parse_from(args).map(|c| c.command) {
            Ok(Command::Compress(c)) => Ok(c.level.level()),
            Ok(Command::Pack(p)) => Ok(p.level.level()),
            Ok(other) => panic!("{other:?}"),
            Err(e) => Err(e.kind()),
        };
        assert_eq!(level(&["fitflate", "compress"]), Ok(6));
        assert_eq!(level(&["fitflate", "compress", "-9"]), Ok(9));
        assert_eq!(level(&["fitflate", "compress", "-0"]), Ok(0));
        assert_eq!(level(&["fitflate", "compress", "--level", "3"]), Ok(3));
        assert_eq!(
            level(&["fitflate", "pack", "-6", "--cap", "4096", "f"]),
            Ok(6)
        );
        assert_eq!(
            level(&["fitflate", "pack", "--cap", "4k", "-1", "f"]),
            Ok(1)
        );
        assert!(level(&["fitflate", "compress", "-1", "-9"]).is_err());
        assert_eq!(level(&["fitflate", "compress", "--level", "10"]), Ok(10));
        assert!(level(&["fitflate", "compress", "--level", "11"]).is_err());
    }

    #[test]
    fn extensions() {
        assert_eq!(
            format_from_extension(Path::new("f/000001.gz")),
            Some(Format::Gzip)
        );
        assert_eq!(
            format_from_extension(Path::new("a.lgz")),
            Some(Format::Legacy)
        );
        assert_eq!(format_from_extension(Path::new("a.zz")), Some(Format::Zlib));
        assert_eq!(
            format_from_extension(Path::new("a.deflate")),
            Some(Format::Raw)
        );
        assert_eq!(format_from_extension(Path::new("a")), None);
    }
}
