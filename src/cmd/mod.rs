//! The commands of the `fitflate` binary, a module each (`pack` a directory, with the report of
//! where a stopped run resumes; `dict` trains preset dictionaries), and what they share
//! (`shared`: failures and their exit codes, reading the inputs and `--dict`).

mod compress;
mod dict;
mod pack;
mod shared;
mod unpack;
mod verify;

pub(crate) use compress::compress;
pub(crate) use dict::dict;
pub(crate) use pack::pack;
pub(crate) use shared::Failure;
pub(crate) use unpack::{decompress, unpack};
pub(crate) use verify::verify;
