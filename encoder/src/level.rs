//! Compression levels: one type and one range for the encoder, the containers, frames, the CLI,
//! the C ABI and the Python wheel.

use std::fmt;
use std::str::FromStr;

/// A compression level, `0..=10`.
///
/// - 0 stores only (no compression);
/// - 1-9 trade speed for density as in zlib and gzip: 1 parses greedily with short searches, 6
///   (the default) and up parse lazily, 9 searches longest; 6 searches deeper where the data
///   pays for it (its output depends on the data alone, never on how it was appended);
/// - 10, [`Level::STRONGEST`], parses as 9 and then re-parses every block near-optimally
///   (iterated least-cost parsing) and splits it by cost before writing it: many times slower,
///   and the densest. Capped frames at this level also squeeze a record that does not fit.
///
/// ```
/// use fitflate_encoder::Level;
/// assert_eq!(Level::new(6), Ok(Level::DEFAULT));
/// assert_eq!("10".parse::<Level>(), Ok(Level::STRONGEST));
/// assert!(Level::new(11).is_err());
/// assert_eq!(Level::all().count(), 11);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Level(u8);

impl Level {
    /// Level 0: stored blocks only.
    pub const STORED: Level = Level(0);
    /// Level 1: the fastest that compresses.
    pub const FASTEST: Level = Level(1);
    /// Level 6: the default of zlib, gzip and this crate.
    pub const DEFAULT: Level = Level(6);
    /// Level 10: near-optimal parsing and cost-based block splitting of every block.
    pub const STRONGEST: Level = Level(10);

    /// The level `n`, if it is in `0..=10`.
    pub const fn new(n: u32) -> Result<Level, LevelError> {
        if n <= Level::STRONGEST.0 as u32 {
            Ok(Level(n as u8))
        } else {
            Err(LevelError { level: n })
        }
    }

    /// The level as a number, `0..=10`.
    pub const fn get(self) -> u32 {
        self.0 as u32
    }

    /// True for [`Level::STRONGEST`].
    pub const fn is_strongest(self) -> bool {
        self.0 == Level::STRONGEST.0
    }

    /// Every level, from 0 to 10.
    pub fn all() -> impl Iterator<Item = Level> {
        (0..=Level::STRONGEST.0).map(Level)
    }

    /// The greedy/lazy parser's level: the strongest level parses as 9 before its near-optimal
    /// re-parse.
    pub(crate) fn parse_level(self) -> u32 {
        self.get().min(9)
    }
}

impl Default for Level {
    fn default() -> Self {
        Level::DEFAULT
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl TryFrom<u32> for Level {
    type Error = LevelError;
    fn try_from(n: u32) -> Result<Level, LevelError> {
        Level::new(n)
    }
}

impl From<Level> for u32 {
    fn from(level: Level) -> u32 {
        level.get()
    }
}

impl FromStr for Level {
    type Err = LevelError;
    /// A decimal level, `"0"` to `"10"`.
    fn from_str(s: &str) -> Result<Level, LevelError> {
        match s.trim().parse::<u32>() {
            Ok(n) => Level::new(n),
            // Not a number (or beyond u32): out of range all the same.
            Err(_) => Err(LevelError { level: u32::MAX }),
        }
    }
}

/// A compression level outside `0..=10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelError {
    /// The level asked for (`u32::MAX` for text that is not a number).
    pub level: u32,
}

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let strongest = Level::STRONGEST;
        if self.level == u32::MAX {
            write!(f, "compression level is not a number in 0..={strongest}")
        } else {
            write!(
                f,
                "compression level {} is out of range (0..={strongest}; {strongest} is the \
                 strongest, near-optimal effort)",
                self.level
            )
        }
    }
}

impl std::error::Error for LevelError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_range_everywhere() {
        for n in 0..=10 {
            let level = Level::new(n).unwrap();
            assert_eq!(level.get(), n);
            assert_eq!(level.to_string().parse::<Level>(), Ok(level));
            assert_eq!(Level::try_from(n), Ok(level));
            assert_eq!(level.parse_level(), n.min(9));
        }
        assert_eq!(Level::new(11), Err(LevelError { level: 11 }));
        assert!(Level::new(11).unwrap_err().to_string().contains("0..=10"));
        assert!("x".parse::<Level>().is_err());
        assert!("99999999999".parse::<Level>().is_err());
        assert!(Level::STRONGEST.is_strongest() && !Level::new(9).unwrap().is_strongest());
        assert_eq!(Level::default(), Level::DEFAULT);
        assert!(Level::all().eq((0..=10).map(|n| Level::new(n).unwrap())));
    }
}
