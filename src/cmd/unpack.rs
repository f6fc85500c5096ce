//! `decompress` (whole streams, like `gzip -dc`) and `unpack` (the records of frames).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use super::shared::{
    describe, dictionary, display, frame_files, inputs, read_all, write_failure, Failure,
};
use crate::cli::{self, DecompressArgs, InputFormat, UnpackArgs};

/// The format to read `path` in: the one named, else (auto) raw for a `.deflate` file name and
/// detection from the bytes for anything else.
fn read_format(format: InputFormat, path: &Path) -> Option<fitflate::Format> {
    format.0.or_else(|| {
        (cli::format_from_extension(path) == Some(fitflate::Format::Raw))
            .then_some(fitflate::Format::Raw)
    })
}

pub(crate) fn decompress(args: DecompressArgs) -> Result<(), Failure> {
    let dict = dictionary(args.dict.as_deref())?;
    let mut stdout = io::stdout().lock();
    let mut bad = 0usize;
    let files = inputs(&args.files);
    for path in &files {
        let bytes = match read_all(path) {
            Ok(bytes) => bytes,
            Err(Failure::Failed(msg)) => {
                bad += 1;
                eprintln!("fitflate: {msg}");
                continue;
            }
            Err(other) => return Err(other),
        };
        let format = read_format(args.format, path);
        if let Err(e) =
            fitflate::read::decompress_with_dictionary(&bytes, format, dict.as_ref(), &mut stdout)
        {
            match e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<fitflate::VerifyError>())
            {
                Some(bad_data) => {
                    bad += 1;
                    eprintln!("fitflate: {}: {}", display(path), describe(bad_data));
                }
                None => return Err(write_failure("stdout", e)),
            }
        }
    }
    stdout.flush().map_err(|e| write_failure("stdout", e))?;
    if bad > 0 {
        return Err(Failure::Failed(format!(
            "{bad} of {} input(s) could not be decompressed",
            files.len()
        )));
    }
    Ok(())
}

pub(crate) fn unpack(args: UnpackArgs) -> Result<(), Failure> {
    let delimiter = args.delimiter();
    let dict = dictionary(args.dict.as_deref())?;
    let files = frame_files(&inputs(&args.files))?;
    let (mut out, out_name): (Box<dyn Write>, String) = match &args.out {
        Some(path) => {
            let file = File::create(path)
                .map_err(|e| Failure::Failed(format!("cannot create {}: {e}", path.display())))?;
            (
                Box::new(io::BufWriter::with_capacity(1 << 16, file)),
                path.display().to_string(),
            )
        }
        None => (
            Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout().lock())),
            "stdout".to_string(),
        ),
    };
    let mut bad = 0usize;
    for path in &files {
        let result = read_all(path).and_then(|bytes| {
            if let Some(cap) = args.cap {
                if bytes.len() as u64 > cap {
                    let e = fitflate::VerifyError::OverCap {
                        size: bytes.len() as u64,
                        cap,
                    };
                    return Err(Failure::Failed(format!("{}: {e}", display(path))));
                }
            }
            let format = read_format(args.format, path);
            fitflate::read::unpack_with_dictionary(&bytes, format, &delimiter, dict.as_ref())
                .map_err(|e| Failure::Failed(format!("{}: {}", display(path), describe(&e))))
        });
        match result {
            Ok(records) => out
                .write_all(records.payload())
                .map_err(|e| write_failure(&out_name, e))?,
            Err(Failure::Failed(msg)) => {
                bad += 1;
                eprintln!("fitflate: unpack: {msg}");
            }
            Err(other) => return Err(other),
        }
    }
    out.flush().map_err(|e| write_failure(&out_name, e))?;
    if bad > 0 {
        return Err(Failure::Failed(format!(
            "{bad} of {} frame(s) could not be unpacked; the records of the others were written",
            files.len()
        )));
    }
    Ok(())
}
