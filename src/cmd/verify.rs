//! `verify`: decode and check frames, one line each (with the DICTID of a zlib frame packed with
//! a preset dictionary), and a summary.

use std::fs;
use std::io::{self, Write};

use super::shared::{describe, dictionary, frame_files, write_failure, Failure};
use crate::cli::{self, InputFormat, VerifyArgs};

pub(crate) fn verify(args: VerifyArgs) -> Result<(), Failure> {
    let dict = dictionary(args.dict.as_deref())?;
    let files = frame_files(&args.files)?;
    let mut stdout = io::stdout().lock();
    let mut bad = 0usize;
    let (mut frames, mut records, mut payload, mut frame_bytes) = (0u64, 0u64, 0u64, 0u64);
    let mut records_known = true;
    for path in &files {
        // The format named, else the file name's, else detected from the bytes.
        let format = match args.format {
            Some(InputFormat(named)) => named,
            None => cli::format_from_extension(path),
        };
        let result = fs::read(path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|bytes| {
                let size = bytes.len() as u64;
                match args.cap {
                    Some(cap) if size > cap => {
                        Err(fitflate::VerifyError::OverCap { size, cap }.to_string())
                    }
                    _ => fitflate::read::unpack_with_dictionary(
                        &bytes,
                        format,
                        &args.delimiter.0,
                        dict.as_ref(),
                    )
                    .map(|r| (dictid(&bytes, r.format()), r, size))
                    .map_err(|e| describe(&e)),
                }
            });
        match result {
            Ok((dictid, found, size)) => {
                frames += 1;
                payload += found.payload().len() as u64;
                frame_bytes += size;
                let count = if args.delimiter.0.is_empty() {
                    records_known = false;
                    "? records".to_string()
                } else {
                    records += found.len();
                    format!("{} records", found.len())
                };
                let fill = args.cap.map_or(String::new(), |cap| {
                    format!(", fill {:.2}%", size as f64 * 100.0 / cap as f64)
                });
                let dictid = dictid.map_or(String::new(), |id| format!(", DICTID {id:08x}"));
                writeln!(
                    stdout,
                    "{}: {count}, {} payload bytes, {size} frame bytes ({}{dictid}){fill}",
                    path.display(),
                    found.payload().len(),
                    found.format(),
                )
                .map_err(|e| write_failure("stdout", e))?;
            }
            Err(msg) => {
                bad += 1;
                eprintln!("fitflate: verify: {}: {msg}", path.display());
            }
        }
    }
    let records = if records_known {
        records.to_string()
    } else {
        "?".to_string()
    };
    let fill = match args.cap {
        Some(cap) if frames > 0 => format!(
            "mean fill {:.2}% of the cap of {cap} bytes",
            frame_bytes as f64 * 100.0 / (frames * cap) as f64
        ),
        Some(cap) => format!("cap {cap} bytes"),
        None => "no cap checked".to_string(),
    };
    writeln!(
        stdout,
        "verified {frames} of {} frame(s): {records} records, {payload} payload bytes, \
         {frame_bytes} frame bytes, {fill}; {bad} failure(s)",
        files.len()
    )
    .and_then(|()| stdout.flush())
    .map_err(|e| write_failure("stdout", e))?;
    if args.cap.is_none() {
        eprintln!(
            "fitflate: verify: note: no --cap given, so frame sizes were not checked against one"
        );
    }
    if bad > 0 {
        return Err(Failure::Failed(format!(
            "{bad} of {} frame(s) failed verification",
            files.len()
        )));
    }
    Ok(())
}

/// The DICTID of a zlib frame packed with a preset dictionary (FDICT set), if it is one.
fn dictid(bytes: &[u8], format: fitflate::Format) -> Option<u32> {
    match bytes {
        [_, flg, id @ ..] if format == fitflate::Format::Zlib && flg & 0x20 != 0 => {
            Some(u32::from_be_bytes(id.get(..4)?.try_into().ok()?))
        }
        _ => None,
    }
}
