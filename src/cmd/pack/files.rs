//! The frame files of `pack`: their names, writing one atomically, and removing the frames an
//! earlier, longer run left behind.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use fitflate::PackedFrame;

/// The file name of frame `index`: six digits (more when needed) and the format's extension.
fn frame_name(index: u64, ext: &str) -> String {
    format!("{index:06}.{ext}")
}

/// The path of frame `index` in `dir`.
pub(super) fn frame_path(dir: &Path, index: u64, ext: &str) -> PathBuf {
    dir.join(frame_name(index, ext))
}

/// Write a frame atomically: into a temporary file in the same directory, then renamed over its
/// final name, so that no partial frame ever appears under a frame's name. Like gzip, no fsync by
/// default (the checksums catch damage); `synchronous` syncs the file before the rename and the
/// directory after it, so that a frame that has its name is on disk.
pub(super) fn write_frame(
    path: &Path,
    frame: &PackedFrame,
    synchronous: bool,
) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(&frame.bytes)?;
        if synchronous {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, path)?;
        if synchronous {
            File::open(dir)?.sync_all()?;
        }
        Ok::<(), io::Error>(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("writing {}: {e}", path.display())
    })
}

/// Remove frames numbered `frames` and up (with this extension) left in `dir` by an earlier,
/// longer run, so the directory holds exactly this run's frames.
pub(super) fn remove_stale_frames(dir: &Path, ext: &str, frames: u64) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut removed = 0u64;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(stem) = name.strip_suffix(ext).and_then(|s| s.strip_suffix('.')) else {
            continue;
        };
        if stem.len() < 6 || !stem.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if stem.parse::<u64>().is_ok_and(|n| n >= frames) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        eprintln!(
            "fitflate: removed {removed} stale frame(s) of an earlier run from {}",
            dir.display()
        );
    }
}
