//! Append / tentative append / roll back sequences give output byte-identical to the same
//! sequence without the rolled-back parts.
#![no_main]
use fitflate::Compressor;
use fitflate::Level;
use fitflate_fuzz::FuzzFormat;
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
enum Op {
    Append(Vec<u8>),
    /// Appends inside a checkpoint, then kept (true) or rolled back (false).
    Tentative(Vec<Vec<u8>>, bool),
    /// Ask for the close cost (must not change anything).
    Cost,
    /// Bytes cycled to `kib` KiB, appended tentatively and kept (true) or rolled back (false):
    /// long very repetitive blocks, which outgrow what a stored block may hold.
    Repeat(Vec<u8>, u8, bool),
}

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    level: u8,
    format: FuzzFormat,
    ops: Vec<Op>,
}

fuzz_target!(|input: Input| {
    let level = Level::new(u32::from(input.level % 11)).unwrap();
    let format = input.format.format();
    let mut tried = Compressor::new(format, level);
    let mut plain = Compressor::new(format, level);
    // Level 10 splits the final block by cost on every cost question: a few operations there.
    let ops = if level.is_strongest() { 6 } else { usize::MAX };
    for op in input.ops.iter().take(ops) {
        match op {
            Op::Append(a) => {
                tried.append(a);
                plain.append(a);
            }
            Op::Tentative(appends, keep) => {
                tried.checkpoint();
                for a in appends {
                    tried.append(a);
                    if *keep {
                        plain.append(a);
                    }
                }
                let _ = tried.close_cost();
                if *keep {
                    tried.commit();
                } else {
                    tried.rollback();
                }
            }
            Op::Cost => {
                let _ = tried.close_cost();
            }
            Op::Repeat(unit, kib, keep) => {
                // Level 10 re-parses every emitted block near-optimally: kept short there.
                let kib = if level.is_strongest() { kib % 8 } else { *kib };
                // Whole copies, then cut (a byte at a time, this took a sixth of the target's
                // time under the coverage counters).
                let len = usize::from(kib) << 10;
                let mut long = unit.repeat(len.div_ceil(unit.len().max(1)));
                long.truncate(len);
                tried.checkpoint();
                tried.append(&long);
                let _ = tried.close_cost();
                if *keep {
                    plain.append(&long);
                    tried.commit();
                } else {
                    tried.rollback();
                }
            }
        }
        assert_eq!(tried.close_cost(), plain.close_cost());
    }
    assert!(tried.finish() == plain.finish());
});
