//! The bundled real records (`corpus/` at the repository root).

use std::path::{Path, PathBuf};

/// The repository's `corpus/` folder.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

/// The bundled loghub logs (`corpus/loghub/*.log`), sorted by name.
pub fn log_paths() -> Vec<PathBuf> {
    let mut logs: Vec<_> = std::fs::read_dir(dir().join("loghub"))
        .expect("corpus/loghub is bundled with the repository")
        .map(|e| e.expect("readable corpus folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    logs.sort();
    logs
}

/// The bundled logs as (file name, bytes), sorted by name.
pub fn logs() -> Vec<(String, Vec<u8>)> {
    log_paths()
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, bytes)
        })
        .collect()
}
