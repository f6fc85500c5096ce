//! What the commands share: a failure with the exit code it maps to, reading the inputs (stdin
//! or files, the display name of each, the frame files of a directory) and the preset
//! dictionary of `--dict`.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use fitflate::{Dictionary, Format, NoDictionaryField, VerifyError};

use crate::cli;

/// A failure, with the exit code it maps to.
pub(crate) enum Failure {
    /// Bad arguments: exit code 2.
    Usage(String),
    /// Anything else: exit code 1.
    Failed(String),
    /// The reader of stdout closed the pipe: stop quietly, exit code 0 (gzip and the other
    /// filters stop without a word when `| head` has what it wants).
    Closed,
}

/// The failure of a write to `what`: quiet when the reader closed the pipe.
pub(crate) fn write_failure(what: &str, e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Failed(format!("writing {what}: {e}"))
    }
}

/// The display name of an input: `-` and the empty path are stdin.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

pub(crate) fn display(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// The inputs to read: the files given, or stdin.
pub(crate) fn inputs(files: &[PathBuf]) -> Vec<PathBuf> {
    if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files.to_vec()
    }
}

/// Open an input for buffered reading; the error names the path.
pub(crate) fn open(path: &Path) -> Result<Box<dyn BufRead>, Failure> {
    let input = open_unbuffered(path).map_err(Failure::Failed)?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, input)))
}

/// Open an input (stdin for `-`), to be read from any thread; the error names the path.
pub(crate) fn open_unbuffered(path: &Path) -> Result<Box<dyn Read + Send>, String> {
    if is_stdin(path) {
        return Ok(Box::new(io::stdin()));
    }
    match File::open(path) {
        Ok(file) => Ok(Box::new(file)),
        Err(e) => Err(format!("cannot open {}: {e}", path.display())),
    }
}

/// Read a whole input; the error names the path.
pub(crate) fn read_all(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Failed(format!("reading {}: {e}", display(path))))?;
    Ok(bytes)
}

/// The frame files of `paths`: files as given, directories replaced by the frames in them
/// (files named with a format's extension, not hidden), in name order.
pub(crate) fn frame_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let entries = fs::read_dir(path).map_err(|e| {
            Failure::Failed(format!("cannot read directory {}: {e}", path.display()))
        })?;
        let mut frames: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && cli::format_from_extension(p).is_some()
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        if frames.is_empty() {
            return Err(Failure::Failed(format!(
                "no frames (.gz, .zz, .deflate, .lgz files) in {}",
                path.display()
            )));
        }
        frames.sort();
        out.extend(frames);
    }
    Ok(out)
}

/// The preset dictionary in `path` (`--dict FILE`), if one was given.
pub(crate) fn dictionary(path: Option<&Path>) -> Result<Option<Dictionary>, Failure> {
    let Some(path) = path else {
        return Ok(None);
    };
    let bytes = fs::read(path)
        .map_err(|e| Failure::Failed(format!("cannot read dictionary {}: {e}", path.display())))?;
    if bytes.is_empty() {
        return Err(Failure::Failed(format!(
            "dictionary {} is empty (`fitflate dict train` makes one)",
            path.display()
        )));
    }
    Ok(Some(Dictionary::new(&bytes)))
}

/// The preset dictionary of `--dict` for writing `format`: a usage error for gzip and legacy,
/// before the file is read.
pub(crate) fn dictionary_for(
    path: Option<&Path>,
    format: Format,
) -> Result<Option<Dictionary>, Failure> {
    if path.is_some() && !format.takes_dictionary() {
        return Err(Failure::Usage(format!(
            "--dict: {}",
            NoDictionaryField { format }
        )));
    }
    dictionary(path)
}

/// What went wrong with a frame, saying how to give the dictionary it needs.
pub(crate) fn describe(e: &VerifyError) -> String {
    match e {
        VerifyError::DictionaryNeeded { .. } => format!("{e} (--dict FILE)"),
        _ => e.to_string(),
    }
}
