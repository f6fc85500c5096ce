//! The `fitflate` command: `compress`, `decompress`, `pack`, `unpack`, `verify` and
//! `dict train`.
//!
//! Exit codes: 0 success (also when the reader of stdout closes the pipe early), 1 failure
//! (I/O, a record that fits no frame, a bad frame), 2 usage error (bad arguments, a cap below
//! the format's minimum).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use cmd::{compress, decompress, dict, pack, unpack, verify, Failure};

/// A multi-digit flag such as `-12`, which clap would read as `-1 -2`: say what the level
/// flags are instead.
fn bad_level_flag() -> Option<String> {
    std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .filter_map(|a| a.into_string().ok())
        .find(|a| a.len() > 2 && a.starts_with('-') && a[1..].bytes().all(|b| b.is_ascii_digit()))
        .map(|flag| {
            format!(
                "{flag} is not a level: the level flags are -0 ... -9 (as in gzip), and \
                 --level 10 is the strongest (see --help)"
            )
        })
}

fn main() -> ExitCode {
    if let Some(msg) = bad_level_flag() {
        eprintln!("fitflate: {msg}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Compress(args) => compress(args),
        Command::Decompress(args) => decompress(args),
        Command::Pack(args) => pack(args),
        Command::Unpack(args) => unpack(args),
        Command::Verify(args) => verify(args),
        Command::Dict(command) => dict(command),
    };
    match result {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("fitflate: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(msg)) => {
            eprintln!("fitflate: {msg}");
            ExitCode::from(1)
        }
    }
}
