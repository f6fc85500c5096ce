//! The frame files of `pack`: their names, writing one atomically, and removing the frames an
//! earlier, longer run left behind.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::thread::{self, JoinHandle};

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
pub(super) fn write_frame(path: &Path, bytes: &[u8], synchronous: bool) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
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

/// Frames on their way to the writer thread at most (memory: that many frames).
const IN_FLIGHT: usize = 16;

/// Frame files written on a thread of their own, in order, so that creating, writing and
/// renaming them (a fifth of `pack`'s time at 4 KiB caps) overlaps with packing. The first write
/// that fails ends the writing: the frames after it are not written (a run resumes at the
/// failed frame's first record), and each outcome comes back in order.
pub(super) struct Writer {
    jobs: Option<SyncSender<(PathBuf, Vec<u8>)>>,
    outcomes: Receiver<Result<(), String>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    pub(super) fn spawn(synchronous: bool) -> io::Result<Writer> {
        let (jobs, todo) = sync_channel::<(PathBuf, Vec<u8>)>(IN_FLIGHT);
        let (report, outcomes) = channel();
        let thread = thread::Builder::new()
            .name("fitflate-writer".into())
            .spawn(move || {
                let mut failed = false;
                for (path, bytes) in todo {
                    let outcome = if failed {
                        Err("not written: an earlier frame failed".to_string())
                    } else {
                        write_frame(&path, &bytes, synchronous)
                    };
                    failed |= outcome.is_err();
                    if report.send(outcome).is_err() {
                        return;
                    }
                }
            })?;
        Ok(Writer {
            jobs: Some(jobs),
            outcomes,
            thread: Some(thread),
        })
    }

    /// Queue a frame (waits while `IN_FLIGHT` frames are queued).
    pub(super) fn write(&self, path: PathBuf, bytes: Vec<u8>) {
        if let Some(jobs) = &self.jobs {
            // The thread only stops early by panicking; the frame's outcome then never comes
            // (see `next`).
            let _ = jobs.send((path, bytes));
        }
    }

    /// The outcome of the oldest frame whose outcome was not taken yet: waiting for it with
    /// `wait`, else `None` while it is being written.
    pub(super) fn next(&self, wait: bool) -> Option<Result<(), String>> {
        let lost = || Err("the writer thread stopped".to_string());
        if wait {
            Some(self.outcomes.recv().unwrap_or_else(|_| lost()))
        } else {
            match self.outcomes.try_recv() {
                Ok(outcome) => Some(outcome),
                Err(std::sync::mpsc::TryRecvError::Empty) => None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => Some(lost()),
            }
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // The queued frames are written (or skipped after a failure) before the thread ends.
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
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
