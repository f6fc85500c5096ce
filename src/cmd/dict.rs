//! `dict train`: a preset dictionary from the lines of sample files, written to a file or
//! stdout.

use std::fs;
use std::io::{self, Write};

use fitflate::dictionary::{self, MAX_RECORD_BYTES, MAX_SAMPLE_BYTES};
use fitflate::{Dictionary, LineRecords};

use super::shared::{display, inputs, open, write_failure, Failure};
use crate::cli::{DictCommand, DictTrainArgs};

/// The smallest dictionary worth asking for: the trainer's d-mer length.
const MIN_SIZE: u64 = 8;

pub(crate) fn dict(command: DictCommand) -> Result<(), Failure> {
    match command {
        DictCommand::Train(args) => train(args),
    }
}

fn train(args: DictTrainArgs) -> Result<(), Failure> {
    if args.size < MIN_SIZE {
        return Err(Failure::Usage(format!(
            "--size {}: a dictionary needs at least {MIN_SIZE} bytes",
            args.size
        )));
    }
    let size = usize::try_from(args.size).unwrap_or(usize::MAX);
    let samples = Samples::read(&inputs(&args.files))?;
    let bytes = dictionary::train(&samples.kept, size);
    if bytes.is_empty() {
        return Err(Failure::Failed(format!(
            "no dictionary: the {} line(s) read hold nothing to train on (no line of {MIN_SIZE} \
             bytes or more)",
            samples.lines
        )));
    }
    let id = Dictionary::new(&bytes).id();
    let out_name = match &args.out {
        Some(path) => {
            fs::write(path, &bytes)
                .map_err(|e| Failure::Failed(format!("writing {}: {e}", path.display())))?;
            path.display().to_string()
        }
        None => {
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| write_failure("stdout", e))?;
            "stdout".to_string()
        }
    };
    let thinned = if samples.stride > 1 {
        format!(" (thinned to one in {})", samples.stride)
    } else {
        String::new()
    };
    eprintln!(
        "fitflate dict train: {} bytes, DICTID {id:08x}, from {} line(s){thinned}, to {out_name}",
        bytes.len(),
        samples.lines
    );
    if args.size > 32 << 10 {
        eprintln!(
            "fitflate dict train: note: a match reaches back 32 KiB at most; frames use only \
             the dictionary's last 32 KiB"
        );
    }
    Ok(())
}

/// The lines read, each with the `\n` that `pack` stores after it: all of them, or, when they
/// add up to more than twice what the trainer looks at, every `stride`-th (thinned as they come,
/// so memory stays bounded however long the input).
struct Samples {
    kept: Vec<Vec<u8>>,
    lines: u64,
    stride: u64,
}

impl Samples {
    fn read(files: &[std::path::PathBuf]) -> Result<Self, Failure> {
        let mut s = Samples {
            kept: Vec::new(),
            lines: 0,
            stride: 1,
        };
        let mut held = 0usize;
        for path in files {
            let mut lines = LineRecords::new(open(path)?);
            loop {
                let record = match lines.next_record() {
                    Ok(Some(record)) => record,
                    Ok(None) => break,
                    Err(e) => {
                        return Err(Failure::Failed(format!("reading {}: {e}", display(path))))
                    }
                };
                let index = s.lines;
                s.lines += 1;
                if !index.is_multiple_of(s.stride) {
                    continue;
                }
                let mut sample = record[..record.len().min(MAX_RECORD_BYTES - 1)].to_vec();
                sample.push(b'\n');
                held += sample.len();
                s.kept.push(sample);
                if held > 2 * MAX_SAMPLE_BYTES {
                    // Keep every other one: those whose index is a multiple of twice the stride.
                    let mut i = 0;
                    s.kept.retain(|_| {
                        i += 1;
                        i % 2 == 1
                    });
                    s.stride *= 2;
                    held = s.kept.iter().map(Vec::len).sum();
                }
            }
        }
        Ok(s)
    }
}
