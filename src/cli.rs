//! Command-line arguments of the `fitflate` binary and the small parsers they need (sizes,
//! delimiters with escapes, gzip-style level flags).

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use fitflate::{Format, Level};

/// What `--help` says after the subcommands: records, exit status, pipes.
const AFTER_HELP: &str = "\
Records: `pack` reads lines by default. A line ends at \\n; the \\n is not part of the record,
and neither is a \\r right before it (CRLF line ends; a note says how many), unless --keep-cr
is given. A last line without \\n is a record too. With -z/--null, records end at NUL bytes
instead, as with `sort -z` and `xargs -0`. Each record is stored followed by --delimiter
(default \\n; \\0 with -z), so `unpack` (or `gzip -dc` on gzip frames) gives back the records,
each followed by the delimiter: with --keep-cr, a file that ends in a line end comes back byte
for byte.

Exit status: 0 success (also when the reader of stdout closes the pipe early, as with `| head`);
1 failure (unreadable input, a bad frame, a record that fits no frame, a write error; a `pack`
that stops says which input lines its frames hold and where it stopped); 2 usage error (bad
arguments, a cap below the format's minimum, a limit of 0).";

/// What `--help` of `compress` and `pack` says about levels.
const LEVEL_HELP: &str = "\
Levels: -0 ... -9 are short for --level 0 ... 9, as in gzip: -0 stores only, -1 is the fastest,
-6 the default, -9 the strongest of the fast levels. --level 10 is the strongest and slowest
(near-optimal parsing). One level option at most; -12 is not a level.";

/// What `--help` of `pack` adds: the line-end rule and the levels.
const PACK_HELP: &str = "\
Records: lines; a line ends at \\n, and the record leaves out the \\n and a \\r right before it
(CRLF; a note says how many) unless --keep-cr is given. With -z, records end at NUL bytes.

Levels: -0 ... -9 are short for --level 0 ... 9, as in gzip: -0 stores only, -1 is the fastest,
-6 the default, -9 the strongest of the fast levels. --level 10 is the strongest and slowest
(near-optimal parsing). One level option at most; -12 is not a level.";

/// Capped DEFLATE/zlib/gzip frames: the most whole records under a hard byte cap.
#[derive(Debug, Parser)]
#[command(name = "fitflate", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compress FILEs (concatenated; stdin when none) to stdout, like `gzip -c`; with -d,
    /// decompress like `gzip -dc`.
    #[command(after_help = LEVEL_HELP)]
    Compress(CompressArgs),
    /// Decompress FILEs (stdin when none) to stdout, like `gzip -dc`: gzip (several members one
    /// after the other too, as `cat frames/*.gz` makes), legacy, zlib or raw.
    Decompress(DecompressArgs),
    /// Pack the records (lines) of FILEs (stdin when none) into frames of at most --cap bytes
    /// each.
    #[command(after_help = PACK_HELP)]
    Pack(PackArgs),
    /// Write the records of frames to stdout, in order, each followed by the delimiter, after
    /// the checks `verify` makes.
    Unpack(UnpackArgs),
    /// Check frames: size under the cap, checksums, nothing after the stream; count records.
    Verify(VerifyArgs),
    /// Preset dictionaries: `dict train` makes one from sample records, for --dict.
    #[command(subcommand)]
    Dict(DictCommand),
}

/// `fitflate dict`.
#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Train a preset dictionary on the lines of FILEs (stdin when none): the byte strings that
    /// recur across lines, the most useful last. `pack --dict FILE` (zlib or raw) starts every
    /// frame from it; `unpack`, `verify` and zlib readers (`zdict=` in Python) need the same
    /// file.
    #[command(after_help = DICT_HELP)]
    Train(DictTrainArgs),
}

/// What `--help` of `dict train` adds.
const DICT_HELP: &str = "\
Records: lines, as `pack` reads them (without the \\n, and without a \\r right before it); each
is trained on with the \\n that `pack` stores after it. Lines of samples much like those to
pack (say, yesterday's) make the best dictionary; more than 16 MiB of them are thinned evenly.
A DEFLATE match reaches back 32 KiB at most: a larger dictionary adds nothing a frame can use.";

/// `fitflate dict train`.
#[derive(Debug, Args)]
pub struct DictTrainArgs {
    /// Most bytes of the dictionary (same syntax as --cap of `pack`); at least 8.
    #[arg(long, value_name = "SIZE", default_value = "32KiB", value_parser = parse_size)]
    pub size: u64,
    /// Write the dictionary to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Sample files: each line is a record (stdin when none; `-` is stdin).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `fitflate compress`.
#[derive(Debug, Args)]
pub struct CompressArgs {
    #[command(flatten)]
    pub level: LevelArgs,
    /// Container format [default: gzip; with -d: auto].
    #[arg(long, value_name = "FORMAT", value_parser = input_format_parser(), ignore_case = true)]
    pub format: Option<InputFormat>,
    /// Start the stream from the preset dictionary in FILE (zlib and raw only: gzip has no
    /// field for it); with -d, the dictionary to read with.
    #[arg(long = "dict", value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Decompress instead, like `gzip -d` (same as `fitflate decompress`).
    #[arg(short = 'd', long)]
    pub decompress: bool,
    /// Write to stdout (always done; accepted for `gzip -c` habits).
    #[arg(short = 'c', long = "stdout")]
    pub to_stdout: bool,
    /// Input files (stdin when none; `-` is stdin).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `fitflate decompress`.
#[derive(Debug, Args)]
pub struct DecompressArgs {
    /// Container format; auto tells gzip, legacy and zlib apart from the first bytes (raw
    /// DEFLATE has no header: name it, or use a .deflate file name).
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "auto",
        value_parser = input_format_parser(),
        ignore_case = true
    )]
    pub format: InputFormat,
    /// The preset dictionary the streams were made with (zlib names it by its DICTID; raw
    /// streams name nothing); streams made without one are read as usual.
    #[arg(long = "dict", value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Write to stdout (always done; accepted for `gzip -c` habits).
    #[arg(short = 'c', long = "stdout")]
    pub to_stdout: bool,
    /// Input files (stdin when none; `-` is stdin).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `fitflate unpack`.
#[derive(Debug, Args)]
pub struct UnpackArgs {
    /// Container format; auto tells gzip, legacy and zlib apart from the first bytes, and takes
    /// .deflate files as raw.
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "auto",
        value_parser = input_format_parser(),
        ignore_case = true
    )]
    pub format: InputFormat,
    /// Record delimiter the frames were packed with (escapes as for `pack`).
    #[arg(long, value_name = "STR", default_value = "\\n", value_parser = parse_delimiter)]
    pub delimiter: Delimiter,
    /// Records end with NUL (the same as --delimiter '\0').
    #[arg(short = 'z', long, conflicts_with = "delimiter")]
    pub null: bool,
    /// Also check that no frame exceeds this cap.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub cap: Option<u64>,
    /// The preset dictionary the frames were packed with (zlib names it by its DICTID; raw
    /// frames name nothing); frames packed without one are read as usual.
    #[arg(long = "dict", value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Frame files, or directories of frames (taken in name order); stdin when none.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

impl UnpackArgs {
    /// The record delimiter: NUL with -z, else --delimiter.
    pub fn delimiter(&self) -> Vec<u8> {
        if self.null {
            vec![0]
        } else {
            self.delimiter.0.clone()
        }
    }
}

/// A format to read: a named one, or `auto` (`None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputFormat(pub Option<Format>);

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
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "gzip",
        value_parser = format_parser(),
        ignore_case = true
    )]
    pub format: Format,
    #[command(flatten)]
    pub level: LevelArgs,
    /// Bytes appended after each record; escapes \n \r \t \0 \\ ; empty for none
    /// [default: \n; \0 with -z].
    #[arg(long, value_name = "STR", value_parser = parse_delimiter)]
    pub delimiter: Option<Delimiter>,
    /// Records end with NUL bytes, not line ends (as `sort -z`, `xargs -0`); the delimiter
    /// becomes \0 unless --delimiter is given.
    #[arg(short = 'z', long)]
    pub null: bool,
    /// Keep the \r of CRLF line ends in the records (default: dropped, with a note), so that
    /// `unpack` gives the input back byte for byte.
    #[arg(long, conflicts_with = "null")]
    pub keep_cr: bool,
    /// Flush each frame and the directory to disk (fsync) before going on. By default frames are
    /// written like gzip writes files, without fsync (the checksums catch damage); either way a
    /// frame appears whole under its name or not at all (temporary name, then rename).
    #[arg(long)]
    pub synchronous: bool,
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
    /// Also limit the uncompressed bytes per frame (records with their delimiters; same syntax
    /// as --cap). A record that would break the limit starts the next frame, like one that would
    /// break the cap; a record that breaks it alone fits no frame (see --skip-oversized).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_payload: Option<u64>,
    /// Also limit the records per frame; a record beyond the limit starts the next frame.
    #[arg(long, value_name = "N")]
    pub max_records: Option<u64>,
    /// Start every frame from the preset dictionary in FILE (`fitflate dict train` makes one):
    /// zlib frames name it by its DICTID (4 header bytes more), raw frames name nothing; gzip
    /// and legacy frames cannot carry one. Readers need the same file.
    #[arg(long = "dict", value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Send each frame to the standard input of `sh -c CMD` instead of writing it (as GNU
    /// split's --filter): one command per frame, in order, with FILE (the path the frame would
    /// have had in --out-dir), FRAME_INDEX (from 0), FRAME_RECORDS and FRAME_BYTES set. A
    /// command that fails (exits non-zero, or closes its input early) stops `pack`: that frame is
    /// saved as FILE, and the message says where to resume. stdout is the commands' (the table
    /// goes to stderr).
    #[arg(long, value_name = "CMD")]
    pub filter: Option<String>,
    /// Finish and write a frame at most DURATION after it took its first record, even when no
    /// more records come (for streams: stdin, a FIFO, `tail -F`): 250ms, 5s, 1.5s, 1m, 1h. Only
    /// ends frames early; a frame never is empty.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub flush_after: Option<Duration>,
    /// Threads that pack (1: this one only; 0: one per core). At levels 4-9 without --dict and
    /// caps of 64 KiB or more, N-1 helper threads (at most 255) find matches ahead of the
    /// packer; the frames are the same whatever N (elsewhere N changes nothing).
    #[arg(short = 'j', long, value_name = "N", default_value_t = 1)]
    pub jobs: usize,
    /// Statistics format: `table`, or `json` on stdout.
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub stats: StatsFormat,
    /// Input files (stdin when none; `-` is stdin). Each line is a record, without its line end
    /// (see the line-end rule in `fitflate --help`).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

impl PackArgs {
    /// The record delimiter: --delimiter, else NUL with -z, else \n.
    pub fn delimiter(&self) -> Vec<u8> {
        match &self.delimiter {
            Some(d) => d.0.clone(),
            None if self.null => vec![0],
            None => b"\n".to_vec(),
        }
    }
}

/// `fitflate verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The cap no frame may exceed (same syntax as for `pack`).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub cap: Option<u64>,
    /// Container format (default: from each file's extension — .gz gzip, .zz zlib, .deflate
    /// raw, .lgz legacy — else auto: gzip, legacy or zlib from the first bytes).
    #[arg(long, value_name = "FORMAT", value_parser = input_format_parser(), ignore_case = true)]
    pub format: Option<InputFormat>,
    /// Record delimiter, as for `pack`; empty: records are not counted.
    #[arg(long, value_name = "STR", default_value = "\\n", value_parser = parse_delimiter)]
    pub delimiter: Delimiter,
    /// The preset dictionary the frames were packed with (zlib names it by its DICTID; raw
    /// frames name nothing); frames packed without one are read as usual.
    #[arg(long = "dict", value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Frame files, or directories of frames (taken in name order).
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
    /// True when a level was given (as --level or a flag).
    pub fn given(&self) -> bool {
        self.level.is_some()
            || [
                self.l0, self.l1, self.l2, self.l3, self.l4, self.l5, self.l6, self.l7, self.l8,
                self.l9,
            ]
            .contains(&true)
    }

    /// The chosen level (6 when none is given).
    pub fn level(&self) -> Level {
        let flags = [
            self.l0, self.l1, self.l2, self.l3, self.l4, self.l5, self.l6, self.l7, self.l8,
            self.l9,
        ];
        self.level
            .or_else(|| flags.iter().position(|&on| on).map(|i| i as u32))
            .and_then(|n| Level::new(n).ok())
            .unwrap_or(Level::DEFAULT)
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

/// Parse a duration: a decimal number and a unit, `ms`, `s`, `m` or `h` (250ms, 5s, 1.5s,
/// 1m); more than 0.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let number_end = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(number_end);
    let examples = "examples: 250ms, 5s, 1.5s, 1m";
    let well_formed = number.bytes().any(|b| b.is_ascii_digit())
        && number.bytes().filter(|&b| b == b'.').count() <= 1;
    if !well_formed {
        return Err(format!("{s:?} is not a duration ({examples})"));
    }
    let seconds_per_unit = match unit.trim() {
        "ms" => 1e-3,
        "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "" => return Err(format!("{s:?} has no unit ({examples})")),
        other => {
            return Err(format!(
                "unknown duration unit {other:?} in {s:?} (use ms, s, m or h)"
            ))
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a duration ({examples})"))?;
    let duration = Duration::try_from_secs_f64(value * seconds_per_unit)
        .map_err(|_| format!("{s:?} is too long"))?;
    if duration.is_zero() {
        return Err(format!("{s:?}: the duration must be more than 0"));
    }
    Ok(duration)
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

/// The formats, with the names `--help` lists and the aliases `Format::from_str` knows.
fn format_values() -> [PossibleValue; 4] {
    [
        PossibleValue::new("gzip")
            .alias("gz")
            .help("gzip (RFC 1952), .gz"),
        PossibleValue::new("zlib").help("zlib (RFC 1950), .zz"),
        PossibleValue::new("raw")
            .alias("deflate")
            .help("raw DEFLATE (RFC 1951), no header or checksum, .deflate"),
        PossibleValue::new("legacy")
            .help("a gzip member followed by its big-endian CRC-32, .lgz (not gzip -t clean)"),
    ]
}

/// `--format` of the commands that write: one of the four formats.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(format_values()).map(|s| s.parse::<Format>().unwrap_or_default())
}

/// `--format` of the commands that read: `auto` or one of the four formats.
fn input_format_parser() -> impl TypedValueParser<Value = InputFormat> {
    let mut values =
        vec![PossibleValue::new("auto")
            .help("gzip, legacy or zlib, told apart from the first bytes")];
    values.extend(format_values());
    PossibleValuesParser::new(values).map(|s| InputFormat(s.parse::<Format>().ok()))
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
    fn durations() {
        let ms = Duration::from_millis;
        assert_eq!(parse_duration("250ms"), Ok(ms(250)));
        assert_eq!(parse_duration("5s"), Ok(ms(5000)));
        assert_eq!(parse_duration("1.5s"), Ok(ms(1500)));
        assert_eq!(parse_duration(" 2 s "), Ok(ms(2000)));
        assert_eq!(parse_duration("1m"), Ok(ms(60_000)));
        assert_eq!(parse_duration("1min"), Ok(ms(60_000)));
        assert_eq!(parse_duration("2h"), Ok(ms(7_200_000)));
        assert_eq!(parse_duration(".5s"), Ok(ms(500)));
        for bad in [
            "",
            "0s",
            "0ms",
            "0.0s",
            "5",
            "s",
            "-1s",
            "1.2.3s",
            "5 parsecs",
            "1e3s",
            "infs",
            "nan s",
            ".s",
            "1ns",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        assert!(parse_duration("0s").unwrap_err().contains("more than 0"));
        assert!(parse_duration("99999999999999999999999h").is_err());
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
            Ok(Command::Compress(c)) => Ok(c.level.level().get()),
            Ok(Command::Pack(p)) => Ok(p.level.level().get()),
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
