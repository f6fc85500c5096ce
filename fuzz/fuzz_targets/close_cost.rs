//! After each append, the reported close cost equals the length of finishing a clone, the cheap
//! upper bound is never below it, and the exact fit test agrees with it. Squeezes (near-optimal
//! re-parses of the pending block) and near-optimal block emission keep all of that.
#![no_main]
use fitflate::Level;
use fitflate::{Compressor, SqueezeEffort};
use fitflate_fuzz::FuzzFormat;
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    level: u8,
    format: FuzzFormat,
    optimal_blocks: bool,
    /// Bit i set: squeeze after append i (at most `MAX_SQUEEZES` in all).
    squeezes: u64,
    /// A budget (see `Compressor::set_budget`): decides when the reference code is built.
    budget: Option<u16>,
    /// At levels 1-9, one time in sixteen: the first append cycled to 129-384 KiB at the end,
    /// so that the pending block outgrows what a stored block may hold (`repeat % 16 == 0`).
    repeat: u8,
    appends: Vec<Vec<u8>>,
}

/// Appends looked at: each is checked by finishing a clone (quadratic in the appends), and
/// squeezes re-parse the whole pending block, so both are bounded to keep hundreds of
/// executions a second; more appends and squeezes found nothing new in earlier campaigns.
const MAX_APPENDS: usize = 48;
const MAX_SQUEEZES: usize = 3;
/// ... and fewer at level 10, which splits the final block by cost at the strongest effort on
/// every cost question (three quarters of the time went there with 48).
const MAX_APPENDS_STRONGEST: usize = 6;

fuzz_target!(|input: Input| {
    let level = Level::new(u32::from(input.level % 11)).unwrap();
    let mut c = Compressor::new(input.format.format(), level);
    let max_appends = if level.is_strongest() {
        MAX_APPENDS_STRONGEST
    } else {
        MAX_APPENDS
    };
    c.set_optimal_blocks(input.optimal_blocks.then_some(SqueezeEffort::FAST));
    c.set_budget(input.budget.map(u64::from));
    let mut squeezes = 0;
    for (i, a) in input.appends.iter().take(max_appends).enumerate() {
        c.append(a);
        if input.squeezes >> (i % 64) & 1 == 1 && squeezes < MAX_SQUEEZES {
            squeezes += 1;
            let before = c.close_cost();
            c.squeeze(SqueezeEffort::FAST);
            assert!(c.close_cost() <= before);
        }
        let cost = c.close_cost();
        assert!(c.close_cost_upper_bound() >= cost);
        assert!(c.close_cost_fits(cost) && !c.close_cost_fits(cost - 1));
        assert!(
            !c.close_cost_within(cost - 1),
            "the cheap bound claims a fit the cost denies"
        );
        assert_eq!(c.clone().finish().len() as u64, cost);
    }
    let unit = input.appends.first().filter(|a| !a.is_empty());
    if let Some(unit) = unit.filter(|_| input.repeat % 16 == 0 && !level.is_strongest()) {
        let kib = 129 + usize::from(input.repeat);
        let long: Vec<u8> = unit.iter().cycle().take(kib << 10).copied().collect();
        for piece in long.chunks(40_000) {
            c.append(piece);
            let cost = c.close_cost();
            assert!(c.close_cost_upper_bound() >= cost);
            assert!(c.close_cost_fits(cost) && !c.close_cost_fits(cost - 1));
            assert!(!c.close_cost_within(cost - 1));
            assert_eq!(c.clone().finish().len() as u64, cost);
        }
    }
});
