//! The progress bar of `pack`.

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on stderr, shown only when stderr is a terminal and the input takes longer
/// than a moment.
pub(super) struct Progress {
    start: Instant,
    total: Option<u64>,
    enabled: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Inputs shorter than this never show a bar.
    const DELAY: Duration = Duration::from_millis(500);

    pub(super) fn new(total: Option<u64>) -> Self {
        Progress {
            start: Instant::now(),
            total,
            enabled: io::stderr().is_terminal(),
            bar: None,
        }
    }

    pub(super) fn update(&mut self, bytes: u64) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() >= Self::DELAY {
            let bar = match self.total {
                Some(total) => ProgressBar::new(total).with_style(
                    ProgressStyle::with_template(
                        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
                None => ProgressBar::new_spinner().with_style(
                    ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                ),
            };
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
        }
    }

    pub(super) fn done(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
