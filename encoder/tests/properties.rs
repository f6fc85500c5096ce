//! The encoder's promises, checked against two independent inflaters:
//! round trip, close cost == finish length after every append, rollback identity, determinism.

mod common;
use common::*;
use fitflate_encoder::Level;
use fitflate_encoder::{Deflater, SplitEffort, SqueezeEffort};
use quickcheck::{QuickCheck, TestResult};

/// Records of mixed kinds drawn from `seed`: random bytes, repetitive runs, log lines, empty.
fn records(seed: u64, count: usize, max_len: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(seed | 1);
    let logs = corpus();
    (0..count)
        .map(|_| {
            let n = rng.below(max_len + 1);
            match rng.below(5) {
                0 => rng.bytes(n),
                1 => {
                    let k = 1 + rng.below(7);
                    let unit = rng.bytes(k);
                    unit.iter().cycle().take(n).copied().collect()
                }
                2 => Vec::new(),
                _ => {
                    let (_, log) = &logs[rng.below(logs.len())];
                    let at = rng.below(log.len());
                    log[at..(at + n).min(log.len())].to_vec()
                }
            }
        })
        .collect()
}

fn compress(level: u32, recs: &[Vec<u8>]) -> Vec<u8> {
    let mut d = Deflater::new(Level::new(level).unwrap());
    for r in recs {
        d.append(r);
    }
    d.finish()
}

#[test]
fn round_trip_every_level_on_every_kind_of_input() {
    let mut rng = Rng::new(42);
    let mut inputs: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), vec![]),
        ("one byte".into(), vec![b'x']),
        ("random 100 KiB".into(), rng.bytes(100 * 1024)),
        ("zeros 300 KiB".into(), vec![0; 300 * 1024]),
        (
            "abc repeated 70 KiB".into(),
            b"abc".iter().cycle().take(70 * 1024).copied().collect(),
        ),
        // A repeat just beyond the window: matches must not reach past 32 KiB.
        ("40 KiB twice".into(), {
            let a = rng.bytes(40 * 1024);
            [a.clone(), a].concat()
        }),
    ];
    inputs.extend(corpus());
    for level in 0..=9 {
        for (name, data) in &inputs {
            // Whole, and in uneven appends.
            let out = compress(level, std::slice::from_ref(data));
            assert_inflates_to(&out, data, &format!("{name} level {level}"));
            let pieces: Vec<Vec<u8>> = data.chunks(777).map(|c| c.to_vec()).collect();
            let out = compress(level, &pieces);
            assert_inflates_to(&out, data, &format!("{name} level {level} in pieces"));
        }
    }
}

#[test]
fn empty_stream_is_the_minimal_one() {
    for level in 0..=10 {
        // One empty fixed final block: BFINAL=1, BTYPE=01, end-of-block = 0000000.
        assert_eq!(compress(level, &[]), vec![0x03, 0x00], "level {level}");
        assert_eq!(Deflater::new(Level::new(level).unwrap()).close_cost(), 2);
    }
}

#[test]
fn levels_out_of_range_are_errors() {
    assert!(Level::new(11).is_err());
    assert!(Level::new(u32::MAX).is_err());
    assert_eq!(
        Level::new(12).unwrap_err().to_string(),
        "compression level 12 is out of range (0..=10; 10 is the strongest, near-optimal effort)"
    );
    assert_eq!(Deflater::new(Level::STRONGEST).level(), Level::STRONGEST);
}

/// After every append: close_cost == the length finish() of a clone produces, and the upper
/// bound is never below it; the final stream inflates to the concatenation.
fn check_close_cost(seed: u64, level: u32, count: usize, max_len: usize) -> Result<(), String> {
    check_close_cost_of(&records(seed, count, max_len), seed, level)
}

/// Every promise of the cost questions after every append of `recs` (the budget and splitting
/// drawn from `seed`), and the finished stream decodes.
fn check_close_cost_of(recs: &[Vec<u8>], seed: u64, level: u32) -> Result<(), String> {
    let mut d = Deflater::new(Level::new(level).unwrap());
    // A budget only changes when the reference code is built; every promise still holds.
    d.set_budget(seed.is_multiple_of(3).then_some(100 + seed % 20_000));
    d.set_split_blocks((seed % 4 == 1).then_some(SplitEffort::MAX));
    let mut all = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        d.append(r);
        all.extend_from_slice(r);
        let cost = d.close_cost();
        let bound = d.close_cost_upper_bound();
        let out = d.clone().finish();
        if out.len() as u64 != cost {
            return Err(format!(
                "seed {seed} level {level} append {i}: close_cost {cost} != finish {}",
                out.len()
            ));
        }
        if bound < cost {
            return Err(format!(
                "seed {seed} level {level} append {i}: bound {bound} < cost {cost}"
            ));
        }
        // The cheap test may only say yes when the exact cost fits.
        for limit in [cost.saturating_sub(1), cost, cost + 8, bound] {
            if d.close_cost_within(limit) && cost > limit {
                return Err(format!(
                    "seed {seed} level {level} append {i}: within({limit}) but cost {cost}"
                ));
            }
        }
        // The exact fit test agrees with the exact cost at every limit around it.
        for limit in [
            0,
            cost.saturating_sub(2),
            cost.saturating_sub(1),
            cost,
            cost + 1,
            bound,
        ] {
            if d.close_cost_fits(limit) != (cost <= limit) {
                return Err(format!(
                    "seed {seed} level {level} append {i}: fits({limit}) wrong for cost {cost}"
                ));
            }
        }
        if !d.close_cost_within(bound) {
            return Err(format!(
                "seed {seed} level {level} append {i}: not within its own bound"
            ));
        }
    }
    let out = d.finish();
    assert_inflates_to(&out, &all, &format!("seed {seed} level {level}"));
    Ok(())
}

#[test]
fn close_cost_equals_finish_length_after_every_append() {
    fn prop(seed: u64, level: u8, count: u8) -> TestResult {
        match check_close_cost(seed, u32::from(level % 10), usize::from(count % 40), 3000) {
            Ok(()) => TestResult::passed(),
            Err(e) => TestResult::error(e),
        }
    }
    QuickCheck::new()
        .tests(150)
        .quickcheck(prop as fn(u64, u8, u8) -> TestResult);
}

#[test]
fn close_cost_is_exact_across_block_boundaries_and_slides() {
    // Many small and some large appends: blocks are emitted and the window slides.
    for level in 0..=9 {
        check_close_cost(7 + level as u64, level, 120, 9000).unwrap();
    }
}

/// (A, B, rollback, C) must equal (A, C), byte for byte, with close_cost exact all along.
fn check_rollback(seed: u64, level: u32, max_len: usize) -> Result<(), String> {
    check_rollback_of(&records(seed, 60, max_len), seed, level)
}

/// `check_rollback` on the records `recs`.
fn check_rollback_of(recs: &[Vec<u8>], seed: u64, level: u32) -> Result<(), String> {
    let mut rng = Rng::new(seed ^ 0x5EED);
    let mut tried = Deflater::new(Level::new(level).unwrap());
    let mut plain = Deflater::new(Level::new(level).unwrap());
    tried.set_split_blocks((seed % 2 == 1).then_some(SplitEffort::FAST));
    plain.set_split_blocks((seed % 2 == 1).then_some(SplitEffort::FAST));
    for (i, r) in recs.iter().enumerate() {
        if rng.below(3) == 0 {
            // A tentative region of one or more appends, rolled back.
            tried.checkpoint();
            for _ in 0..1 + rng.below(3) {
                let k = rng.below(recs.len());
                tried.append(&recs[k]);
            }
            if rng.below(2) == 0 {
                let _ = tried.close_cost();
            }
            tried.rollback();
            if tried.close_cost() != plain.close_cost() {
                return Err(format!(
                    "seed {seed} level {level} at {i}: cost differs after rollback"
                ));
            }
        }
        if rng.below(2) == 0 {
            // A tentative append that is kept.
            tried.checkpoint();
            tried.append(r);
            tried.commit();
        } else {
            tried.append(r);
        }
        plain.append(r);
    }
    let (a, b) = (tried.finish(), plain.finish());
    if a != b {
        return Err(format!(
            "seed {seed} level {level}: outputs differ ({} vs {} bytes)",
            a.len(),
            b.len()
        ));
    }
    assert_inflates_to(&a, &recs.concat(), "rollback output");
    Ok(())
}

#[test]
fn rollback_is_bit_identical_to_never_appending() {
    fn prop(seed: u64, level: u8) -> TestResult {
        match check_rollback(seed, u32::from(level % 10), 2500) {
            Ok(()) => TestResult::passed(),
            Err(e) => TestResult::error(e),
        }
    }
    QuickCheck::new()
        .tests(150)
        .quickcheck(prop as fn(u64, u8) -> TestResult);
}

#[test]
fn rollback_while_level_6_searches_deeper() {
    // Records whose best matches lie far back: level 6 deepens its searches there, and that
    // state too must come back exactly on rollback (records of up to 60 KB slide the window).
    let mut recs = fitflate_testkit::flights(3000);
    for r in &mut recs {
        r.push(b'\n');
    }
    let recs: Vec<Vec<u8>> = recs.chunks(20).map(|c| c.concat()).collect();
    for seed in 0..4 {
        check_rollback_of(&recs, seed, 6).unwrap();
    }
}

#[test]
fn rollback_of_large_appends_that_emit_blocks_and_slide_the_window() {
    for level in 0..=9 {
        for seed in 0..4 {
            check_rollback(1000 + seed, level, 60_000).unwrap();
        }
    }
}

/// The repeated-record case: one record of 648 random letters and digits appended 1,104 times
/// (715 KB, a few symbols a record).
fn repeated_records() -> Vec<Vec<u8>> {
    let mut record = Rng::new(9).alnum(648);
    record.push(b'\n');
    vec![record; 1104]
}

#[test]
fn blocks_too_long_to_store_are_exact_and_not_cut() {
    // Past 144 KiB a block at levels 1-9 can no longer be stored, and the window forgets its
    // first bytes instead of cutting the block: every cost question, rollback and squeeze
    // must stay exact across that limit.
    let recs = repeated_records();
    for (level, seed) in [(1, 0), (6, 1), (6, 3), (9, 2)] {
        check_close_cost_of(&recs, seed, level).unwrap();
        // Tentative regions of 26-78 KB, some across the limit.
        let runs: Vec<Vec<u8>> = recs.chunks(40).map(|c| c.concat()).collect();
        check_rollback_of(&runs, seed, level).unwrap();
    }
    // Level 10 keeps whole blocks of very repetitive data up to 1 MiB (re-parsed when written).
    check_close_cost_of(&recs[..300], 5, 10).unwrap();
    let runs: Vec<Vec<u8>> = recs[..480].chunks(40).map(|c| c.concat()).collect();
    check_rollback_of(&runs, 5, 10).unwrap();
    // Near-optimal blocks switched on and off while a block is past the limit: every block
    // is written from what the window still has, and the stream stays exact.
    let mut d = Deflater::new(Level::new(6).unwrap());
    for (i, r) in recs.iter().enumerate() {
        if i % 150 == 75 {
            d.set_optimal_blocks((i % 300 == 75).then_some(SqueezeEffort::FAST));
        }
        d.append(r);
        if i % 50 == 0 {
            assert_eq!(d.clone().finish().len() as u64, d.close_cost(), "at {i}");
        }
    }
    assert_inflates_to(&d.finish(), &recs.concat(), "optimal blocks switched");
    let mut d = Deflater::new(Level::new(6).unwrap());
    for r in &recs {
        d.append(r);
    }
    let cost = d.close_cost();
    assert!(
        !d.squeeze(SqueezeEffort::FAST),
        "a block too long to store is not squeezed"
    );
    assert_eq!(d.close_cost(), cost);
    let out = d.finish();
    assert_inflates_to(&out, &recs.concat(), "repeated records");
    // One block: 4,069 bytes. Cut every 128 KiB as before it took 4,118, and zlib -9 takes
    // 4,073 (`WHOLE=1 cargo run --release -p fitflate-bench --example repeated`).
    assert!(out.len() <= 4073, "{} bytes", out.len());
}

#[test]
fn the_stored_level_keeps_its_blocks_bytes_whatever_is_set() {
    // Found by the close_cost fuzz target: switching near-optimal blocks off at level 0 (where
    // the setting is ignored) marked the pending block as one whose bytes the window may
    // forget; past 144 KiB the window did, and closing read a stored block's bytes from before
    // the buffer. Every block at level 0 is stored, so its bytes stay, whatever is set.
    let unit: Vec<u8> = (0..37u8).collect();
    let long: Vec<u8> = unit.iter().cycle().take(300 << 10).copied().collect();
    for optimal in [None, Some(SqueezeEffort::FAST)] {
        let mut d = Deflater::new(Level::new(0).unwrap());
        d.set_optimal_blocks(optimal);
        d.append(&unit);
        for piece in long.chunks(40_000) {
            d.append(piece);
            assert_eq!(d.clone().finish().len() as u64, d.close_cost());
        }
        assert_inflates_to(&d.finish(), &[&unit[..], &long].concat(), "level 0");
    }
}

#[test]
fn rollback_abc_identity_on_logs() {
    // The literal form: A, B, roll back, C == A, C — with real log data.
    for (name, log) in corpus() {
        let (a, b, c) = (&log[..50_000], &log[50_000..120_000], &log[120_000..]);
        for level in [1, 6, 9] {
            let mut x = Deflater::new(Level::new(level).unwrap());
            x.append(a);
            x.checkpoint();
            x.append(b);
            x.rollback();
            x.append(c);
            let mut y = Deflater::new(Level::new(level).unwrap());
            y.append(a);
            y.append(c);
            assert!(x.finish() == y.finish(), "{name} level {level}");
        }
    }
}

#[test]
fn same_input_and_boundaries_give_the_same_bytes() {
    for level in 0..=9 {
        let recs = records(99, 80, 4000);
        assert_eq!(
            compress(level, &recs),
            compress(level, &recs),
            "level {level}"
        );
    }
}

#[test]
fn no_panic_on_odd_calls() {
    let mut d = Deflater::new(Level::DEFAULT);
    d.rollback(); // nothing open
    d.commit(); // nothing open
    d.checkpoint();
    d.checkpoint(); // commits the first
    d.append(b"x");
    d.rollback();
    d.append(&[]);
    d.checkpoint();
    d.append(b"kept by finish");
    let out = d.finish();
    assert_inflates_to(&out, b"kept by finish", "finish with an open checkpoint");
}

/// Fed record by record, the stream is parsed exactly as the same bytes given at once: a
/// position is parsed only when more data cannot change its answer. (Within one block: block
/// boundaries are placed between appends, so they may differ.)
#[test]
fn record_by_record_equals_one_shot_within_a_block() {
    for (name, log) in corpus() {
        let data = &log[..40_000];
        for level in 1..=9 {
            let whole = compress(level, &[data.to_vec()]);
            let lines: Vec<Vec<u8>> = data
                .split_inclusive(|&b| b == b'\n')
                .map(|l| l.to_vec())
                .collect();
            assert!(
                compress(level, &lines) == whole,
                "{name} level {level}: per line"
            );
            let bytes: Vec<Vec<u8>> = data.chunks(1).map(|c| c.to_vec()).collect();
            assert!(
                compress(level, &bytes) == whole,
                "{name} level {level}: byte by byte"
            );
        }
    }
}

#[test]
fn finish_and_reset_starts_a_stream_identical_to_a_new_one() {
    for level in 0..=9 {
        let a = records(5, 40, 3000);
        let b = records(6, 40, 3000);
        let mut reused = Deflater::new(Level::new(level).unwrap());
        for r in &a {
            reused.append(r);
        }
        let first = reused.finish_and_reset();
        assert!(first == compress(level, &a), "level {level}: first stream");
        for r in &b {
            reused.checkpoint();
            reused.append(r);
            reused.commit();
        }
        assert!(
            reused.finish_and_reset() == compress(level, &b),
            "level {level}: after reset"
        );
        assert_eq!(reused.finish(), vec![0x03, 0x00]);
    }
}

#[test]
fn optimal_compression_round_trips_and_beats_level_9_on_logs() {
    let mut rng = Rng::new(77);
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![],
        vec![b'q'],
        rng.bytes(5000),
        vec![7; 70_000],
        b"abcabcabd".iter().cycle().take(40_000).copied().collect(),
    ];
    for (_, log) in corpus() {
        inputs.push(log[..30_000].to_vec());
    }
    // Parts of very different kinds in one block: split, and each part re-parsed on its own.
    let mut mixed = corpus()[0].1[..8_000].to_vec();
    mixed.extend(rng.bytes(3_000));
    mixed.extend([b'z'; 2_000]);
    mixed.extend_from_slice(&corpus()[3].1[..8_000]);
    inputs.push(mixed);
    for data in &inputs {
        let opt = fitflate_encoder::compress_optimal(data);
        assert_inflates_to(&opt, data, &format!("optimal, {} bytes", data.len()));
    }
    for (name, log) in corpus() {
        let data = &log[..30_000];
        let nine = compress(9, &[data.to_vec()]);
        let opt = fitflate_encoder::compress_optimal(data);
        assert!(
            opt.len() < nine.len(),
            "{name}: optimal {} >= level 9 {}",
            opt.len(),
            nine.len()
        );
    }
}

/// Squeezing the pending block at random points, and re-parsing emitted blocks near-optimally,
/// keep every promise: close cost == finish length before and after, round trip, appends after
/// a squeeze stay exact, and rollback across an optimal block emission is bit-identical.
fn check_squeeze(seed: u64, level: u32, optimal_blocks: bool) -> Result<(), String> {
    let recs = records(seed, 40, 4000);
    let mut rng = Rng::new(seed ^ 0x5A);
    let effort = if optimal_blocks {
        SqueezeEffort::MAX
    } else {
        SqueezeEffort::FAST
    };
    let mut d = Deflater::new(Level::new(level).unwrap());
    d.set_optimal_blocks(optimal_blocks.then_some(effort));
    d.set_split_blocks(seed.is_multiple_of(2).then_some(SplitEffort::MAX));
    let mut all = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        // A rolled-back region (it may emit an optimal block) changes nothing.
        let before = d.close_cost();
        d.checkpoint();
        d.append(&recs[rng.below(recs.len())]);
        let n = rng.below(40_000);
        d.append(&rng.bytes(n));
        d.rollback();
        if d.close_cost() != before {
            return Err(format!(
                "seed {seed} level {level} at {i}: rollback changed the cost"
            ));
        }
        d.append(r);
        all.extend_from_slice(r);
        if rng.below(4) == 0 {
            let was = d.close_cost();
            let kept = d.squeeze(effort);
            let now = d.close_cost();
            // Kept only when smaller (in bits); otherwise nothing changes.
            if now > was || (!kept && now != was) {
                return Err(format!(
                    "seed {seed} level {level} at {i}: squeeze grew {was} -> {now}"
                ));
            }
        }
        let cost = d.close_cost();
        let out = d.clone().finish();
        if out.len() as u64 != cost {
            return Err(format!(
                "seed {seed} level {level} at {i}: close_cost {cost} != finish {}",
                out.len()
            ));
        }
        assert_inflates_to(
            &out,
            &all,
            &format!("squeeze seed {seed} level {level} at {i}"),
        );
    }
    Ok(())
}

#[test]
fn squeezing_and_optimal_blocks_keep_every_promise() {
    fn prop(seed: u64, level: u8, optimal_blocks: bool) -> TestResult {
        match check_squeeze(seed, u32::from(level % 10), optimal_blocks) {
            Ok(()) => TestResult::passed(),
            Err(e) => TestResult::error(e),
        }
    }
    QuickCheck::new()
        .tests(12)
        .quickcheck(prop as fn(u64, u8, bool) -> TestResult);
}

/// A squeezed block seeds the next re-parse (`PendingBlock::squeezed`). An append that emits
/// that block inside a tentative region, then rolled back, must give the mark back too: the
/// next squeeze then parses exactly as in a stream that never saw the append.
#[test]
fn rollback_across_an_emitted_squeezed_block_keeps_its_seed() {
    let logs = corpus();
    let (first, then) = (&logs[0].1[..20_000], &logs[1].1[..20_000]);
    // Random bytes: about a symbol a byte, past the near-optimal block's symbol budget.
    let offered = Rng::new(7).bytes(200_000);
    let run = |offer: bool| {
        let mut d = Deflater::new(Level::STRONGEST);
        d.append(first);
        assert!(d.squeeze(SqueezeEffort::MAX), "the first squeeze is kept");
        if offer {
            d.checkpoint();
            d.append(&offered);
            d.rollback();
        }
        d.append(then);
        d.squeeze(SqueezeEffort::MAX);
        d.finish()
    };
    let (rolled_back, never) = (run(true), run(false));
    assert!(rolled_back == never, "rollback changed the next squeeze");
    assert_inflates_to(&never, &[first, then].concat(), "squeezed twice");
}

/// Level 10 prices a block's first re-parse by the last near-optimal block written
/// (`Deflater::last_optimal`). An append that writes such blocks inside a tentative region, then
/// rolled back, must give the earlier one back: the next block is then parsed exactly as in a
/// stream that never saw the append.
#[test]
fn rollback_across_written_optimal_blocks_keeps_the_next_blocks_seed() {
    let logs = corpus();
    let first: Vec<u8> = logs
        .iter()
        .flat_map(|(_, l)| l[..20_000].to_vec())
        .collect();
    let then: Vec<u8> = logs
        .iter()
        .rev()
        .flat_map(|(_, l)| l[..20_000].to_vec())
        .collect();
    // Blocks the rolled-back append writes near-optimally: other lines of the logs.
    let offered: Vec<u8> = logs
        .iter()
        .flat_map(|(_, l)| l[20_000..60_000].to_vec())
        .collect();
    let run = |offer: bool| {
        let mut d = Deflater::new(Level::STRONGEST);
        d.append(&first);
        if offer {
            d.checkpoint();
            d.append(&offered);
            d.rollback();
        }
        d.append(&then);
        d.finish()
    };
    let (rolled_back, never) = (run(true), run(false));
    assert!(
        rolled_back == never,
        "rollback changed a later block's parse"
    );
    assert_inflates_to(&never, &[&first[..], &then[..]].concat(), "after the seed");
}

#[test]
fn squeezing_a_log_block_makes_it_smaller_and_optimal_blocks_beat_level_9() {
    // Level 6's two-step lazy parse can beat the cheap squeeze on a whole log block (it does on
    // HDFS): a squeeze is kept only when it is smaller, and the strongest one always is.
    let (mut optimal_total, mut nine_total) = (0, 0);
    for (name, log) in corpus() {
        let data = &log[..60_000];
        let mut d = Deflater::new(Level::DEFAULT);
        d.append(data);
        let lazy = d.close_cost();
        let kept = d.squeeze(SqueezeEffort::FAST);
        let squeezed = d.close_cost();
        assert!(
            if kept {
                squeezed < lazy
            } else {
                squeezed == lazy
            },
            "{name}: fast squeeze kept={kept}: {squeezed} vs lazy {lazy}"
        );
        assert!(
            d.squeeze(SqueezeEffort::MAX),
            "{name}: max squeeze not kept"
        );
        let strongest = d.close_cost();
        assert!(
            strongest < lazy.min(squeezed),
            "{name}: max squeeze {strongest} vs {squeezed}"
        );
        assert_inflates_to(&d.finish(), data, name.as_str());

        let whole = &log[..];
        let nine = compress(9, &[whole.to_vec()]);
        let mut d = Deflater::new(Level::new(9).unwrap());
        d.set_optimal_blocks(Some(SqueezeEffort::FAST));
        d.append(whole);
        let out = d.finish();
        assert_inflates_to(&out, whole, name.as_str());
        assert!(
            out.len() <= nine.len(),
            "{name}: optimal blocks {} > level 9 {}",
            out.len(),
            nine.len()
        );
        optimal_total += out.len();
        nine_total += nine.len();
    }
    assert!(
        optimal_total < nine_total,
        "optimal blocks {optimal_total} >= level 9 {nine_total} over all logs"
    );
}

#[test]
fn block_splitting_is_exact_and_pays_on_a_mixed_block() {
    // Two halves with different statistics: random letters, then digits and punctuation.
    let mut rng = Rng::new(11);
    let mut data: Vec<u8> = (0..20_000)
        .map(|_| b'a' + (rng.next_u64() % 26) as u8)
        .collect();
    data.extend((0..20_000).map(|_| b"0123456789.,:;-"[(rng.next_u64() % 15) as usize]));
    let mut plain = Deflater::new(Level::new(9).unwrap());
    let mut split = Deflater::new(Level::new(9).unwrap());
    split.set_split_blocks(Some(SplitEffort::MAX));
    for chunk in data.chunks(997) {
        plain.append(chunk);
        split.append(chunk);
        let cost = split.close_cost();
        assert!(cost <= plain.close_cost());
        assert_eq!(split.clone().finish().len() as u64, cost);
    }
    let (a, b) = (plain.finish(), split.finish());
    assert!(
        b.len() < a.len(),
        "split {} >= unsplit {}",
        b.len(),
        a.len()
    );
    assert_inflates_to(&b, &data, "split blocks");
}

/// Refining a tiny block's code (the strongest split effort) is exact and never loses: for log
/// lines alone and in pairs, close cost == finish length, both inflaters decode the stream, it
/// is no larger than without refining, and refining gains somewhere.
#[test]
fn refined_codes_of_tiny_blocks_are_exact_and_never_larger() {
    let plain = SplitEffort {
        refine_codes: false,
        ..SplitEffort::MAX
    };
    let (mut with, mut without) = (0, 0);
    for (name, log) in corpus() {
        let lines: Vec<&[u8]> = log.split_inclusive(|&b| b == b'\n').take(12).collect();
        for k in 0..lines.len() - 1 {
            for data in [lines[k].to_vec(), [lines[k], lines[k + 1]].concat()] {
                let size = |effort: SplitEffort| {
                    let mut d = Deflater::new(Level::new(9).unwrap());
                    d.set_split_blocks(Some(effort));
                    d.append(&data);
                    let cost = d.close_cost();
                    let out = d.finish();
                    assert_eq!(out.len() as u64, cost, "{name} line {k}: close cost");
                    assert_inflates_to(&out, &data, &name);
                    out.len()
                };
                let (a, b) = (size(SplitEffort::MAX), size(plain));
                assert!(a <= b, "{name} line {k}: refined {a} > {b}");
                with += a;
                without += b;
            }
        }
    }
    assert!(
        with < without,
        "refining gained nothing: {with} vs {without}"
    );
}

/// A block that uses one distance code sends that code alone, with one bit, and a block that
/// uses none sends a single zero length (RFC 1951 §3.2.7): HDIST is then the used code + 1, or
/// 1, and both inflaters (and gzip -t, in the CLI tests) accept these incomplete codes.
#[test]
fn a_lone_distance_code_is_sent_alone() {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = Rng::new(7);
    let random: Vec<u8> = (0..300).map(|_| ALNUM[rng.below(62)]).collect();
    // No match at all; then one run (distance 1, distance code 0) in the middle.
    let mut one = random[..150].to_vec();
    one.extend_from_slice(&[b'='; 40]);
    one.extend_from_slice(&random[150..]);
    for (what, data, hdist) in [("no match", &random, 1), ("one run", &one, 1)] {
        for level in [1, 6, 9] {
            let out = compress(level, std::slice::from_ref(data));
            assert_eq!(out[0] >> 1 & 3, 2, "{what} level {level}: a dynamic block");
            let hdist_sent = (u16::from_le_bytes([out[1], out[2]]) & 0x1F) as usize + 1;
            assert_eq!(hdist_sent, hdist, "{what} level {level}: HDIST");
            assert_inflates_to(&out, data, what);
        }
    }
}

/// A single record of random letters and digits (the Python users' generator): the header is
/// a large part of its block, and the run-friendly code candidate (equal lengths for similar
/// counts) must win there. zopfli's raw DEFLATE of these records is 101, 179, 328 and 773 bytes
/// (`benches/examples/small.rs`); fitflate must be no larger, with close cost == finish.
#[test]
fn single_alnum_records_are_no_larger_than_zopfli() {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for (n, zopfli) in [(100usize, 101usize), (200, 179), (400, 328), (1000, 773)] {
        let mut rec: Vec<u8> = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ALNUM[(x % 62) as usize]
            })
            .collect();
        rec.push(b'\n');
        let mut d = Deflater::new(Level::new(9).unwrap());
        d.append(&rec);
        let cost = d.close_cost();
        let out = d.finish();
        assert_eq!(out.len() as u64, cost);
        assert!(
            out.len() <= zopfli,
            "{n}+1 bytes: {} > zopfli {zopfli}",
            out.len()
        );
        assert_inflates_to(&out, &rec, "alnum record");
    }
}

#[test]
fn streams_answered_from_match_lists_are_the_streams_that_walk_their_chains() {
    use fitflate_encoder::{InputLists, MatchSource};
    use std::sync::Arc;
    fn prop(seed: u64, level: u8, stretch: u16, cuts: u8) -> TestResult {
        let level = Level::new(4 + u32::from(level % 6)).unwrap();
        let recs = records(seed, 60, 2000);
        let mut all = Vec::new();
        let mut offsets = Vec::new();
        for r in &recs {
            offsets.push(all.len());
            all.extend_from_slice(r);
            all.push(b'\n');
        }
        // Lists made in stretches of 1-4,096 bytes, as `pack --jobs`'s helpers make them.
        let stretch = 1 + usize::from(stretch % 4096);
        let source: Arc<dyn MatchSource> = Arc::new(InputLists::new(level, &all, stretch));
        // Streams start at every `cuts`-th record; the record before a cut is appended and
        // rolled back first (a refusal).
        let every = 1 + usize::from(cuts % 16);
        let mut rng = Rng::new(seed ^ 0x5eed);
        let (mut with, mut without) = (Deflater::new(level), Deflater::new(level));
        with.set_match_source(Some(source.clone()), 0);
        let mut start = 0;
        for (i, r) in recs.iter().enumerate() {
            let record = &all[offsets[i]..offsets[i] + r.len() + 1];
            if i > 0 && i % every == 0 {
                if rng.below(2) == 0 {
                    for d in [&mut with, &mut without] {
                        d.checkpoint();
                        d.append(record);
                        d.rollback();
                    }
                }
                let (a, b) = (with.finish_and_reset(), without.finish_and_reset());
                if a != b {
                    return TestResult::error(format!("stream of records before {i} differs"));
                }
                assert_inflates_to(&a, &all[start..offsets[i]], "a stream with lists");
                start = offsets[i];
                with.set_match_source(Some(source.clone()), start as u64);
            }
            for d in [&mut with, &mut without] {
                d.checkpoint();
                d.append(record);
                d.commit();
            }
        }
        let (a, b) = (with.finish(), without.finish());
        if a != b {
            return TestResult::error("the last stream differs");
        }
        assert_inflates_to(&a, &all[start..], "the last stream with lists");
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(40)
        .quickcheck(prop as fn(u64, u8, u16, u8) -> TestResult);
}
