//! Append / tentative append / roll back sequences give output byte-identical to the same
//! sequence without the rolled-back parts.
#![no_main]
use fitflate::Level;
use fitflate::Compressor;
use fitflate_fuzz::FuzzFormat;
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
enum Op {
    Append(Vec<u8>),
    /// Appends inside a checkpoint, then kept (true) or rolled back (false).
    Tentative(Vec<Vec<u8>>, bool),
    /// Ask for the close cost (must not change anything).
    Cost,
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
        }
        assert_eq!(tried.close_cost(), plain.close_cost());
    }
    assert!(tried.finish() == plain.finish());
});
