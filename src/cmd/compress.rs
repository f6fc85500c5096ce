//! `compress`: one stream like `gzip -c` (level 10 near-optimal while the input fits its
//! budget; with `--dict`, streamed from the dictionary at every level), or `compress -d`, which
//! is `decompress`.

use std::io::{self, Read, Write};

use fitflate::{Compressor, Level};

use super::shared::{dictionary_for, display, inputs, open, write_failure, Failure};
use super::unpack::decompress;
use crate::cli::{CompressArgs, DecompressArgs, InputFormat};

pub(crate) fn compress(args: CompressArgs) -> Result<(), Failure> {
    if args.decompress {
        if args.level.given() {
            return Err(Failure::Usage(
                "a level applies to compression, not to -d".into(),
            ));
        }
        return decompress(DecompressArgs {
            format: args.format.unwrap_or(InputFormat(None)),
            dict: args.dict,
            to_stdout: true,
            files: args.files,
        });
    }
    let format = match args.format {
        None => fitflate::Format::Gzip,
        Some(InputFormat(Some(format))) => format,
        Some(InputFormat(None)) => {
            return Err(Failure::Usage(
                "--format auto is for reading (-d); name the format to compress into".into(),
            ))
        }
    };
    let dict = dictionary_for(args.dict.as_deref(), format)?;
    let level = args.level.level();
    // Level 10: the whole input at once through the near-optimal encoder (which starts from no
    // dictionary: with one, level 10 streams, every block re-parsed near-optimally) ...
    let mut whole = (level.is_strongest() && dict.is_none()).then(Vec::new);
    // ... and past MAX_OPTIMAL_PAYLOAD, level 9 streaming.
    let streaming = if whole.is_some() {
        Level::new(9).expect("9 is a level")
    } else {
        level
    };
    let mut stream = match &dict {
        Some(dict) => Compressor::with_dictionary(format, streaming, dict)
            .map_err(|e| Failure::Usage(format!("--dict: {e}")))?,
        None => Compressor::new(format, streaming),
    };
    let mut buf = vec![0u8; 1 << 16];
    for path in inputs(&args.files) {
        let mut input = open(&path)?;
        loop {
            let n = match input.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Failure::Failed(format!("reading {}: {e}", display(&path)))),
            };
            match whole.as_mut() {
                Some(all) if all.len() + n <= fitflate::frame::MAX_OPTIMAL_PAYLOAD => {
                    all.extend_from_slice(&buf[..n])
                }
                Some(all) => {
                    // Too large to hold and encode near-optimally: continue at level 9.
                    eprintln!(
                        "fitflate: input above {} MiB: level 10 continues as level 9",
                        fitflate::frame::MAX_OPTIMAL_PAYLOAD >> 20
                    );
                    stream.append(all);
                    stream.append(&buf[..n]);
                    whole = None;
                }
                None => stream.append(&buf[..n]),
            }
        }
    }
    let out = match whole {
        Some(all) => fitflate::stream::compress_optimal_in(format, 0, &all),
        None => stream.finish(),
    };
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .map_err(|e| write_failure("stdout", e))
}
