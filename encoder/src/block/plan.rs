//! The plan: every way a block may be written, priced exactly, and the cheapest chosen.
//!
//! `Candidates` is the one list of candidate encodings. Three questions read it: `plan` (and
//! `close::Closing`, which adds splitting) takes the cheapest, and the exact fit test
//! (`Candidates::any_within`) asks whether any candidate fits. A fit test can therefore never
//! say yes to an encoding the plan would not consider, nor no to one it would: `finish` writes
//! what `close_cost` priced, and a frame never goes over its cap.
//!
//! Candidates come cheapest to compute first, so the fit test stops early: the O(1) stored and
//! fixed sizes, the reference code's O(alphabet) size, the block's own code (one code build, then
//! one header sizing per run-length symbol choice), the run-friendly codes (a code build each),
//! the refined code, the split. Which one wins a tie does not depend on that order: `Source`
//! ranks them.

use super::cost::{dynamic_size, fixed_size, headerless_size, stored_size};
use super::header::{code_lengths, header_bits, sent_runs, with_header_choice, DynamicCode};
use super::split::{FirstLevel, Split, SplitEffort};
use super::tune::{is_small, refine_code, refines, run_friendly_code, RUN_FRIENDLY_CODES};
use super::{BlockStats, Reference, Symbol};
use crate::huffman::RleSymbols;
use crate::tables::{FIXED_DIST_LENS, FIXED_LITLEN_LENS};
use std::sync::Arc;

/// What a block is priced against: one context instead of flags threaded through every cost
/// function. Cheap to copy.
#[derive(Clone, Copy, Debug)]
pub struct Pricing<'a> {
    /// The bit position the block starts at: a stored block's padding depends on it.
    pub at_bit: u64,
    /// Stored blocks only (level 0); an empty block may still be the 10-bit empty fixed block.
    pub stored_only: bool,
    /// The block's reference code (see `Reference`), a candidate beside its own codes.
    pub reference: Option<&'a Reference>,
    /// Cost-based splitting with this effort (among the symbols given to `Candidates::new`),
    /// and with `refine_codes` refinement of a tiny block's code; `None`: neither.
    pub split: Option<SplitEffort>,
}

impl Pricing<'_> {
    /// A block at `at_bit` priced by its own codes alone: no reference code, no splitting.
    pub fn plain(at_bit: u64) -> Self {
        Pricing {
            at_bit,
            stored_only: false,
            reference: None,
            split: None,
        }
    }
}

/// How a plan writes its block (§3.2.3: BTYPE 00, 01, 10), or its parts.
#[derive(Clone, Debug)]
pub enum Encoding {
    Stored,
    Fixed,
    /// A dynamic block with this code (its header made).
    Dynamic(Arc<DynamicCode>),
    /// Several blocks, each with its own plan (cost-based splitting; parts are not split).
    Split(Split),
}

impl Encoding {
    /// The block type's name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Encoding::Stored => "stored",
            Encoding::Fixed => "fixed",
            Encoding::Dynamic(_) => "dynamic",
            Encoding::Split(_) => "split",
        }
    }
}

/// How a block would be written, and exactly how many bits that takes.
#[derive(Clone, Debug)]
pub struct Plan {
    pub bits: u64,
    /// The bit position the plan was made for (stored padding depends on it).
    pub at_bit: u64,
    pub encoding: Encoding,
}

impl Plan {
    /// The literal/length and distance code lengths this plan writes symbols with (`None` for
    /// a stored block or a split; the fixed code's for a fixed one).
    pub fn code_lengths(&self) -> Option<(&[u8], &[u8])> {
        match &self.encoding {
            Encoding::Stored | Encoding::Split(_) => None,
            Encoding::Fixed => Some((&FIXED_LITLEN_LENS[..], &FIXED_DIST_LENS[..])),
            Encoding::Dynamic(code) => Some((&code.litlen_lens[..], &code.dist_lens[..])),
        }
    }
}

/// Where a candidate comes from. Of two candidates of equal size the one declared first here
/// wins, whatever order they were priced in: the simpler type (stored, then fixed), then the
/// block's own code (its header choices in `RleSymbols::choice` order), the reference code, the
/// run-friendly codes, the refined code and last the split (which must be strictly smaller to
/// be taken). This is the order the plan has always preferred, so the bytes stay the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Stored,
    Fixed,
    /// The block's own code, its header run-length coded with `RleSymbols::choice(k)`.
    Own(u8),
    Reference,
    /// The block's code from its counts smoothed the `k`-th way (`tune::run_friendly_code`).
    RunFriendly(u8),
    /// The cheapest of the above with its code refined (`tune::refine_code`).
    Refined,
    Split,
}

/// One way to write a block, priced exactly: writing it takes `bits`.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub source: Source,
    pub bits: u64,
    encoding: Encoding,
    /// The run-length symbols of a dynamic code's header still to be made: only sized so far
    /// (the block's own code, one of several header choices), it is made only for the plan.
    header: Option<RleSymbols>,
}

impl Candidate {
    /// The winner of the two: fewer bits, on a tie the earlier source.
    fn cheaper(self, other: Candidate) -> Candidate {
        if (other.bits, other.source) < (self.bits, self.source) {
            other
        } else {
            self
        }
    }

    /// The plan of this candidate for `block` at `at_bit`: its header made, if it had none.
    pub(super) fn into_plan(self, block: &BlockStats, at_bit: u64) -> Plan {
        let encoding = match (self.header, self.encoding) {
            (Some(allowed), Encoding::Dynamic(code)) => Encoding::Dynamic(Arc::new(
                with_header_choice(Arc::unwrap_or_clone(code), allowed),
            )),
            (_, encoding) => encoding,
        };
        debug_assert!(
            !matches!(&encoding, Encoding::Dynamic(code) if dynamic_size(block, code) != self.bits),
            "{:?} candidate mispriced",
            self.source
        );
        Plan {
            bits: self.bits,
            at_bit,
            encoding,
        }
    }
}

/// The block's own code, built once for all its header choices.
#[derive(Debug)]
struct OwnCode {
    code: Arc<DynamicCode>,
    /// Bits of the block under the code, header aside.
    headerless: u64,
    /// The runs of the lengths its header sends.
    runs: Vec<(u8, usize)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Stored,
    Fixed,
    Reference,
    Own(u8),
    RunFriendly(u8),
    Refined,
    Split,
    Done,
}

/// Every candidate encoding of a block under a `Pricing`, priced lazily, cheapest to compute
/// first (see the module doc). An iterator of `Candidate`s; `cheapest` and `any_within` are
/// the two ways it is read.
#[derive(Debug)]
pub struct Candidates<'a> {
    block: &'a BlockStats,
    /// The symbols a split may cut between (none: no split).
    syms: &'a [Symbol],
    pricing: Pricing<'a>,
    stage: Stage,
    /// Small blocks also try every header choice and the run-friendly codes (`is_small`).
    small: bool,
    own: Option<OwnCode>,
    /// The refined stage runs: every candidate before it is priced, and the cheapest kept.
    refining: bool,
    /// The block may be stored, and so split (a part may be stored): the window keeps its
    /// bytes (`BlockStats::keeps_bytes`; always at the stored-only level).
    storable: bool,
    best: Option<Candidate>,
    /// Candidates a floor proves dearer than this may be skipped (`any_within`; `None`: every
    /// candidate is priced, for the cheapest).
    cutoff: Option<u64>,
    /// The split stage proved, without finishing its search, that the split costs at most
    /// `cutoff` bits (`FirstLevel::bound`; only a fit test sets a cutoff).
    split_within_cutoff: bool,
}

impl<'a> Candidates<'a> {
    /// The candidates for `block` (statistics) under `pricing`; a split (when `pricing` asks
    /// for one) chooses its points among `syms`, the block's symbols (any beyond them, a
    /// held-back tail counted in `block`, stay in the last part).
    pub fn new(block: &'a BlockStats, syms: &'a [Symbol], pricing: Pricing<'a>) -> Self {
        Candidates {
            block,
            syms,
            pricing,
            stage: Stage::Stored,
            small: is_small(block),
            own: None,
            refining: !pricing.stored_only
                && pricing.split.is_some_and(|e| e.refine_codes)
                && refines(block),
            storable: pricing.stored_only || block.keeps_bytes(),
            best: None,
            cutoff: None,
            split_within_cutoff: false,
        }
    }

    /// The cheapest candidate as a plan: fewest bits, ties to the earlier `Source`.
    pub fn cheapest(mut self) -> Plan {
        let (block, at_bit) = (self.block, self.pricing.at_bit);
        let first = self.first();
        self.fold(first, Candidate::cheaper)
            .into_plan(block, at_bit)
    }

    /// `cheapest().bits`, without making the winner's header.
    pub fn cheapest_bits(mut self) -> u64 {
        let first = self.first().bits;
        self.fold(first, |bits, c| bits.min(c.bits))
    }

    /// The first candidate, which seeds the search: stored, or fixed for a block too long to
    /// store (every block has one of the two).
    fn first(&mut self) -> Candidate {
        debug_assert_eq!(self.stage, Stage::Stored);
        self.next().expect("a stored or a fixed candidate")
    }

    /// Exactly `cheapest().bits <= room`, but candidates are priced only until one fits, and
    /// the block's header choices not at all when its code's body alone exceeds `room`.
    pub fn any_within(mut self, room: u64) -> bool {
        self.cutoff = Some(room);
        self.any(|c| c.bits <= room) || self.split_within_cutoff
    }

    /// The stored candidate (the first stage), if the block may be stored.
    fn stored(&mut self) -> Option<Candidate> {
        debug_assert_eq!(self.stage, Stage::Stored);
        self.stage = Stage::Fixed;
        debug_assert!(self.block.keeps_bytes() || !self.pricing.stored_only);
        let bits = stored_size(self.block.raw_len() as u64, self.pricing.at_bit);
        self.storable
            .then(|| self.priced(Source::Stored, bits, Encoding::Stored))
    }

    /// A priced candidate; the cheapest so far is kept while the refined stage needs it.
    fn priced(&mut self, source: Source, bits: u64, encoding: Encoding) -> Candidate {
        self.keep(Candidate {
            source,
            bits,
            encoding,
            header: None,
        })
    }

    /// `candidate`, kept as the cheapest so far if it is, while the refined stage needs that.
    fn keep(&mut self, candidate: Candidate) -> Candidate {
        if self.refining {
            let best = match self.best.take() {
                Some(best) => best.cheaper(candidate.clone()),
                None => candidate.clone(),
            };
            self.best = Some(best);
        }
        candidate
    }

    /// Whether a candidate of at least `floor` bits may be skipped: it cannot fit the cutoff,
    /// and no later stage needs the true cheapest.
    fn beyond_cutoff(&self, floor: u64) -> bool {
        self.cutoff.is_some_and(|cutoff| floor > cutoff) && !self.refining
    }

    /// Run the next stage: `None` once all have run, else the candidate it priced, if any.
    fn step(&mut self) -> Option<Option<Candidate>> {
        let block = self.block;
        let found = match self.stage {
            Stage::Stored => self.stored(),
            Stage::Fixed => {
                // Level 0 stores every byte; an empty block carries no bytes, so it may take
                // the 10-bit empty fixed block (the minimal stream) instead of a 35+-bit stored
                // one.
                let stored_only = self.pricing.stored_only;
                self.stage = if stored_only {
                    Stage::Done
                } else {
                    Stage::Reference
                };
                (!stored_only || block.raw_len() == 0)
                    .then(|| self.priced(Source::Fixed, fixed_size(block), Encoding::Fixed))
            }
            Stage::Reference => {
                self.stage = Stage::Own(0);
                self.pricing.reference.map(|r| {
                    let bits = dynamic_size(block, &r.code);
                    self.priced(
                        Source::Reference,
                        bits,
                        Encoding::Dynamic(Arc::clone(&r.code)),
                    )
                })
            }
            Stage::Own(k) => {
                let choices = if self.small { RleSymbols::CHOICES } else { 1 };
                self.stage = if k + 1 < choices {
                    Stage::Own(k + 1)
                } else {
                    Stage::RunFriendly(0)
                };
                if k == 0 {
                    let code = code_lengths(&block.litlen_freq, &block.dist_freq);
                    let headerless = headerless_size(block, &code);
                    if self.beyond_cutoff(headerless) {
                        // No header choice can bring this code within the cutoff.
                        self.stage = Stage::RunFriendly(0);
                        return Some(None);
                    }
                    if choices == 1 {
                        // One header choice: making it costs no more than sizing it.
                        let code = with_header_choice(code, RleSymbols::choice(0));
                        let bits = headerless + code.header_bits;
                        let code = Encoding::Dynamic(Arc::new(code));
                        return Some(Some(self.priced(Source::Own(0), bits, code)));
                    }
                    self.own = Some(OwnCode {
                        runs: sent_runs(&code),
                        code: Arc::new(code),
                        headerless,
                    });
                }
                let allowed = RleSymbols::choice(k);
                let priced = self.own.as_ref().map(|own| Candidate {
                    source: Source::Own(k),
                    bits: own.headerless + header_bits(&own.runs, allowed),
                    encoding: Encoding::Dynamic(Arc::clone(&own.code)),
                    header: Some(allowed),
                });
                priced.map(|candidate| self.keep(candidate))
            }
            Stage::RunFriendly(k) => {
                self.stage = if self.small && k + 1 < RUN_FRIENDLY_CODES {
                    Stage::RunFriendly(k + 1)
                } else {
                    Stage::Refined
                };
                let code = if self.small {
                    run_friendly_code(block, k)
                } else {
                    None
                };
                code.map(|code| {
                    let bits = dynamic_size(block, &code);
                    self.priced(
                        Source::RunFriendly(k),
                        bits,
                        Encoding::Dynamic(Arc::new(code)),
                    )
                })
            }
            Stage::Refined => {
                self.stage = Stage::Split;
                let best = self.best.take().filter(|_| self.refining);
                self.refining = false;
                match best {
                    Some(Candidate {
                        bits,
                        encoding: Encoding::Dynamic(code),
                        ..
                    }) => refine_code(block, &code, bits).map(|(code, bits)| {
                        self.priced(Source::Refined, bits, Encoding::Dynamic(Arc::new(code)))
                    }),
                    _ => None,
                }
            }
            Stage::Split => {
                self.stage = Stage::Done;
                let effort =
                    (self.pricing.split).filter(|_| !self.pricing.stored_only && self.storable);
                match effort {
                    Some(effort) if !self.syms.is_empty() => {
                        let at_bit = self.pricing.at_bit;
                        let first = FirstLevel::of(self.syms, block, at_bit, effort);
                        // A fit test is answered by the first level's bound when that fits.
                        let bound = first.bound(effort);
                        if bound
                            .zip(self.cutoff)
                            .is_some_and(|(b, cutoff)| b <= cutoff)
                        {
                            self.split_within_cutoff = true;
                            return Some(None);
                        }
                        first.split(self.syms, block, at_bit, effort).map(|split| {
                            self.priced(Source::Split, split.bits(), Encoding::Split(split))
                        })
                    }
                    _ => None,
                }
            }
            Stage::Done => return None,
        };
        Some(found)
    }
}

impl Iterator for Candidates<'_> {
    type Item = Candidate;

    fn next(&mut self) -> Option<Candidate> {
        loop {
            if let Some(candidate) = self.step()? {
                return Some(candidate);
            }
        }
    }
}

/// The cheapest way to write `block` as one block under `pricing` (see `Candidates`).
pub fn plan(block: &BlockStats, pricing: Pricing) -> Plan {
    Candidates::new(block, &[], pricing).cheapest()
}

/// `plan(block, pricing).bits`, without making the winning code's header.
pub fn plan_bits(block: &BlockStats, pricing: Pricing) -> u64 {
    Candidates::new(block, &[], pricing).cheapest_bits()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::{PendingBlock, SymbolSink};

    /// Blocks of every size class: empty, tiny (refined), small (every header choice) and large.
    fn blocks() -> Vec<PendingBlock> {
        let raw: Vec<u8> = (0..40_000u32).map(|i| (i * i % 251) as u8 % 40).collect();
        [0, 50, 300, 1500, 6000]
            .into_iter()
            .map(|literals| {
                let mut block = PendingBlock::new(0);
                for (i, &b) in raw[..literals].iter().enumerate() {
                    block.push_literal(b);
                    if i % 7 == 6 {
                        block.push_match(3 + i % 40, 1 + i % 300);
                    }
                }
                block
            })
            .collect()
    }

    /// Blocks of three unlike stretches (a few letters, matches, bytes from a wide alphabet), of
    /// several sizes: blocks a split pays on.
    fn mixed_blocks() -> Vec<PendingBlock> {
        [20, 150, 900, 4000]
            .into_iter()
            .map(|n| {
                let mut block = PendingBlock::new(0);
                for i in 0..n {
                    block.push_literal(b"aeiou"[i * i % 5]);
                }
                for i in 0..n {
                    block.push_match(3 + i % 7, 1 + (i * 37) % 2000);
                }
                for i in 0..n as u32 {
                    block.push_literal((i.wrapping_mul(2_654_435_761) >> 24) as u8);
                }
                block
            })
            .collect()
    }

    #[test]
    fn the_split_searchs_first_level_bounds_the_split_it_finds() {
        let mut splits = 0;
        for block in mixed_blocks().into_iter().chain(blocks()) {
            for effort in [SplitEffort::FAST, SplitEffort::MAX] {
                for at_bit in 0..8 {
                    let (syms, stats) = (&block.syms, &block.stats);
                    let first = FirstLevel::of(syms, stats, at_bit, effort);
                    let bound = first.bound(effort);
                    let split = first.split(syms, stats, at_bit, effort);
                    assert_eq!(bound.is_some(), split.is_some());
                    if let (Some(bound), Some(split)) = (bound, split) {
                        assert!(split.bits() <= bound, "{} > {bound}", split.bits());
                        splits += 1;
                    }
                }
            }
        }
        assert!(splits >= 40, "only {splits} blocks split");
    }

    #[test]
    fn a_block_too_long_to_store_has_no_stored_or_split_candidate() {
        use crate::block::stats::MAX_STORED_BLOCK;
        use crate::block::stored_or_fixed_bound;
        let mut block = PendingBlock::new(0);
        while block.raw_len() <= MAX_STORED_BLOCK {
            block.push_literal(b'a');
            block.push_match(258, 1);
        }
        let pricing = Pricing {
            split: Some(SplitEffort::MAX),
            ..Pricing::plain(3)
        };
        let sources: Vec<Source> = Candidates::new(&block.stats, &block.syms, pricing)
            .map(|c| c.source)
            .collect();
        assert!(sources.contains(&Source::Fixed), "{sources:?}");
        assert!(!sources.contains(&Source::Stored) && !sources.contains(&Source::Split));
        // The cheap bound prices what the candidates offer: fixed, however short stored is.
        let cheapest = Candidates::new(&block.stats, &block.syms, pricing).cheapest_bits();
        let bound = stored_or_fixed_bound(&block.stats, 0, pricing);
        assert!(cheapest <= bound, "{cheapest} > {bound}");
        assert_eq!(bound, fixed_size(&block.stats));
        // At the limit a block may still be stored.
        let mut short = PendingBlock::new(0);
        short.push_raw(MAX_STORED_BLOCK);
        let first = Candidates::new(&short.stats, &[], Pricing::plain(0))
            .next()
            .unwrap();
        assert_eq!(first.source, Source::Stored);
    }

    #[test]
    fn the_fit_test_answers_exactly_whether_the_cheapest_candidate_fits() {
        for block in blocks().into_iter().chain(mixed_blocks()) {
            let reference = Reference::new(&block.stats);
            for at_bit in [0, 5] {
                for (stored_only, split) in [
                    (false, None),
                    (false, Some(SplitEffort::FAST)),
                    (false, Some(SplitEffort::MAX)),
                    (true, None),
                ] {
                    let pricing = Pricing {
                        at_bit,
                        stored_only,
                        reference: Some(&reference),
                        split,
                    };
                    let candidates = || Candidates::new(&block.stats, &block.syms, pricing);
                    let bits = candidates().cheapest().bits;
                    let all: Vec<u64> = candidates().map(|c| c.bits).collect();
                    assert_eq!(all.iter().min(), Some(&bits));
                    // Between the split and the cheapest block whole, the split's first level
                    // may answer alone.
                    let unsplit = all.iter().filter(|&&b| b > bits).min().copied();
                    let between = unsplit.map_or(bits, |u| (bits + u) / 2);
                    for room in [0, bits - 1, bits, bits + 1, between, 2 * bits] {
                        assert_eq!(
                            candidates().any_within(room),
                            bits <= room,
                            "{} symbols, room {room} for {bits} bits",
                            block.syms.len()
                        );
                    }
                }
            }
        }
    }
}
