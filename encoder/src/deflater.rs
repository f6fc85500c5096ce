//! The stream: `Deflater` takes appends in chunks, parses them (`parse`), keeps the pending
//! block (`block`) and emits it by the block policy below, prices closing (`close`), and undoes
//! tentative appends (`checkpoint`).

use std::borrow::Cow;
use std::sync::Arc;

use crate::ahead::{Ahead, AheadMatcher, MatchLists, MatchSource};
use crate::bitwriter::BitWriter;
use crate::block::{self, BlockStats, PendingBlock, Pricing};
use crate::checkpoint::Checkpoint;
use crate::close::{self, Closing};
use crate::dictionary::Dictionary;
use crate::matchfinder::{MatchFinder, TailMatcher};
use crate::optimal;
use crate::parse::{LevelConfig, Parser};
use crate::tables::WINDOW_SIZE;
use crate::{Level, SplitEffort, SqueezeEffort};

/// Input is taken in chunks of this size: between chunks the encoder may emit a block or slide
/// the window, so memory stays bounded however large one append is.
const CHUNK: usize = 16 * 1024;

/// Bytes of a squeezed block's near-optimal parse that its next re-parse parses again: the
/// last symbols were chosen knowing only the bytes up to the parse's end (`reparsed_block`).
const REPARSE_OVERLAP: usize = 2048;

/// A squeeze leaves its trees this far before the end of the bytes it parsed: the positions
/// before that point are in the trees as a longer input would put them (no search from them
/// reached the end), and the next squeeze of the block re-parses from after it
/// (`REPARSE_OVERLAP`, and a symbol at most).
const SNAPSHOT_BACK: usize = REPARSE_OVERLAP + crate::tables::MAX_MATCH;

/// ... when that leaves at least this many positions in them: copying the trees (768 KiB)
/// twice costs about what inserting as many positions again does. Always leaving them made
/// level 10 at 1 KiB caps, whose blocks are a few KiB, 9 % slower.
const SNAPSHOT_MIN: usize = 16 * 1024;

/// The block policy. A pending block is emitted (as a non-final block) before a chunk once it
/// holds this many symbols: zlib's default symbol buffer size, enough for Huffman codes to pay
/// for their header. One-shot compression (`optimal::compress`) cuts its parse by it too.
pub(crate) const MAX_BLOCK_SYMBOLS: usize = 16 * 1024;
/// ... or this many with near-optimal blocks (`set_optimal_blocks`, the strongest frame level):
/// splitting by cost then decides more of the boundaries instead of a symbol budget (at 16 KiB
/// caps level 10 packed 0.07 % more against the zopfli oracle, and its worst log against
/// libdeflate -12 went from 0.996 to 0.999; the symbol buffer may grow by 192 KiB more).
const MAX_OPTIMAL_BLOCK_SYMBOLS: usize = 64 * 1024;
/// ... or once it covers this many bytes (bounding the window buffer, which keeps a block's
/// bytes for a stored candidate or a re-parse), unless it is very repetitive (see
/// `block_bytes_full`). Smaller blocks adapt their codes better: letting every block at levels
/// 1-9 grow to its symbol budget made level 6 0.56 % larger on the bundled logs whole-buffer.
const MAX_BLOCK_BYTES: usize = 128 * 1024;
/// ... or this many for a near-optimal block (which is re-parsed from its bytes before it is
/// written) of very repetitive data, `REPETITIVE_BYTES_PER_SYMBOL` bytes a symbol or more: one
/// dynamic header per MiB instead of per 128 KiB. The repeated-record cases packed
/// 63/189/392/647/1,131 records at level 10 instead of 63/189/385/636/1,109, against the zopfli
/// oracle's 53/185/389/645/1,128; the window buffer may grow to 1 MiB more there. On other data
/// (a dynamic header is small beside thousands of symbols) a 1 MiB limit lost 0.7 % on one log
/// at 16 KiB caps: one code for a quarter megabyte fitted worse than two. At levels 1-9 a very
/// repetitive block has no byte limit: past `MAX_STORED_BLOCK` it can no longer be stored, and
/// the window forgets its first bytes.
const MAX_OPTIMAL_BLOCK_BYTES: usize = 1024 * 1024;
/// Very repetitive: 64 bytes a symbol or more (the repeated-record cases, about 250). At 32,
/// whole-buffer JSON payloads (35 bytes a symbol in places) grew 0.4 % at level 6; at 64 they
/// are within 0.02 % of cutting every block at 128 KiB (0.28 % at level 9), logs, CSV and Zeek
/// byte-identical, and frames of every kind at 1-16 KiB caps unchanged; at 128 the first block
/// of the i = 9 case (its record's literals, then matches) no longer qualified.
const REPETITIVE_BYTES_PER_SYMBOL: usize = 64;
/// Window buffer positions are kept in `u32` (as position + 1); a tentative region that would
/// grow the buffer past this is abandoned (see `Deflater::append`).
const MAX_BUFFER: usize = u32::MAX as usize - 1;

/// A raw DEFLATE stream under construction.
#[derive(Clone, Debug)]
pub struct Deflater {
    level: Level,
    out: BitWriter,
    /// The window buffer: the last `WINDOW_SIZE` bytes (at least), plus every byte of the pending
    /// block and of an open tentative region.
    window: Vec<u8>,
    matcher: MatchFinder,
    parser: Parser,
    block: PendingBlock,
    tentative: Option<Checkpoint>,
    /// A tentative append overflowed the buffer limit and was abandoned; only rollback helps.
    abandoned: bool,
    total_in: u64,
    /// Re-parse every block near-optimally before emitting it (the strongest frame level).
    optimal_blocks: Option<SqueezeEffort>,
    /// See `set_budget`.
    budget: Option<u64>,
    /// See `set_split_blocks`.
    split_blocks: Option<SplitEffort>,
    /// The window buffer's limit: `MAX_BUFFER`, lower only in tests (`set_buffer_limit`).
    buffer_limit: usize,
    /// The preset dictionary every (re)started stream is primed with.
    dictionary: Option<Dictionary>,
    /// Match lists made ahead on other threads (`set_match_source`), until the next reset.
    ahead: Option<Ahead>,
    /// The statistics of the last block written as a near-optimal re-parse (`optimal_blocks`):
    /// the first cost model of the next re-parse of a block with none of its own.
    last_optimal: Option<BlockStats>,
    /// The binary trees the last kept squeeze of the pending block built, as they were
    /// `SNAPSHOT_BACK` bytes before its end: the next squeeze goes on from them instead of
    /// inserting the block's positions again (`reparsed_block`). Cleared with the block.
    squeeze_trees: Option<Arc<optimal::Trees>>,
}

impl Deflater {
    /// A new stream at `level`. At [`Level::STRONGEST`] every block is re-parsed
    /// near-optimally ([`SqueezeEffort::MAX`]) and split by cost ([`SplitEffort::MAX`]) before
    /// it is written; `set_optimal_blocks` and `set_split_blocks` change that.
    pub fn new(level: Level) -> Self {
        let strongest = level.is_strongest();
        let mut d = Deflater {
            level,
            out: BitWriter::new(),
            window: Vec::new(),
            matcher: MatchFinder::new(),
            parser: Parser::new(LevelConfig::for_level(level.parse_level())),
            block: PendingBlock::new(0),
            tentative: None,
            abandoned: false,
            total_in: 0,
            optimal_blocks: strongest.then_some(SqueezeEffort::MAX),
            budget: None,
            split_blocks: strongest.then_some(SplitEffort::MAX),
            buffer_limit: MAX_BUFFER,
            dictionary: None,
            ahead: None,
            last_optimal: None,
            squeeze_trees: None,
        };
        d.start_block(0);
        d
    }

    /// A new stream at `level` whose window starts with the preset dictionary `dict`: matches
    /// may reach into it, and the decoder must be given the same bytes (zlib's
    /// `inflateSetDictionary`, Python's `zdict=`). The stream starts from the dictionary's primed
    /// snapshot, and so does every `reset` and `finish_and_reset`.
    pub fn with_dictionary(level: Level, dict: &Dictionary) -> Self {
        let mut d = Deflater::new(level);
        d.dictionary = Some(dict.clone());
        d.prime();
        d
    }

    /// The preset dictionary this stream was made with, if any.
    pub fn dictionary(&self) -> Option<&Dictionary> {
        self.dictionary.as_ref()
    }

    /// An empty stream (just reset) takes the dictionary's snapshot: its bytes as the window,
    /// its hash chains, the parser and the first block starting after it.
    fn prime(&mut self) {
        let Some(dict) = &self.dictionary else {
            return;
        };
        let primed = dict.primed();
        debug_assert!(self.window.is_empty() && self.total_in == 0);
        self.window.extend_from_slice(&primed.window);
        self.matcher.copy_from(&primed.matcher);
        self.parser.pos = primed.window.len();
        self.parser.hashed_upto = primed.hashed_upto;
        self.start_block(primed.window.len());
    }

    /// Lower the window buffer's limit from 4 GiB (clamped to it), so that tests can reach an
    /// abandoned tentative region (see `append`) without 4 GiB of memory. Not for production.
    #[doc(hidden)]
    pub fn set_buffer_limit(&mut self, bytes: usize) {
        self.buffer_limit = bytes.min(MAX_BUFFER);
    }

    /// Re-parse every non-final block near-optimally with `effort` before it is written (when
    /// that makes it smaller), or stop doing so (`None`). Only blocks emitted later are affected
    /// (the final block has `squeeze`), the pending one if the window still keeps its bytes.
    /// Emission happens inside `append`, so this multiplies the cost of appends by roughly the
    /// near-optimal parser's; output stays deterministic. Level 0 stores every byte, so there is
    /// no parse to improve: the setting is ignored there.
    pub fn set_optimal_blocks(&mut self, effort: Option<SqueezeEffort>) {
        self.optimal_blocks = effort.filter(|_| !self.stored_only());
        // The pending block follows if the window still has all its bytes (it may then be
        // re-parsed when it is written); one that outgrew them is written as parsed.
        if self.block.stats.keeps_bytes() {
            let keeps_all = self.keeps_whole_blocks();
            self.block.stats.set_keeps_all(keeps_all);
        }
    }

    /// Answer this stream's match searches from match lists made ahead (on other threads, see
    /// [`MatchLists`]) where `source` has them; `origin` is the offset in the source's input of
    /// this stream's first byte, whose bytes from there on must be the ones appended. The
    /// output is the same as without a source: only who walks the hash chains changes. Each
    /// match taken from a list is checked against the window, so a source that does not match
    /// the input costs speed, never a wrong byte. Ignored at levels that cannot use lists
    /// (0-3 and 10, see [`MatchLists::supports`]) and with a preset dictionary; `None`, and
    /// every `reset` or `finish_and_reset`, end it.
    pub fn set_match_source(&mut self, source: Option<Arc<dyn MatchSource>>, origin: u64) {
        let usable = MatchLists::supports(self.level) && self.dictionary.is_none();
        self.ahead = source.filter(|_| usable).map(|s| Ahead::new(s, origin));
    }

    /// The level this stream was made with.
    pub fn level(&self) -> Level {
        self.level
    }

    /// Level 0: no matching, stored blocks only.
    fn stored_only(&self) -> bool {
        self.level == Level::STORED
    }

    /// Append `data`. Every position whose parse cannot change with more data is parsed; the
    /// rest (the tail, usually a few bytes) waits, and `close_cost` prices it exactly as
    /// `finish` will parse it.
    ///
    /// Inside a tentative region the window buffer must hold every byte since the checkpoint; a
    /// region that would exceed 4 GiB is abandoned instead: `close_cost` then reports
    /// `u64::MAX` (it can fit no cap) until `rollback`.
    pub fn append(&mut self, data: &[u8]) {
        if self.abandoned {
            return;
        }
        let mut rest = data;
        while !rest.is_empty() {
            let n = rest.len().min(CHUNK);
            self.before_chunk(n);
            if self.abandoned {
                return;
            }
            self.window.extend_from_slice(&rest[..n]);
            self.total_in += n as u64;
            // Parse every position whose answer is final (see `parse`); the rest, the tail,
            // waits for more data. Level 0 has no matches and takes everything.
            let end = self.window.len();
            if !self.stored_only() {
                self.matcher.save_slots(self.parser.hashed_upto, end);
            }
            if let Some(ahead) = self.ahead.as_mut() {
                let mut matcher = AheadMatcher {
                    finder: &mut self.matcher,
                    ahead,
                    before: self.total_in - end as u64,
                };
                self.parser
                    .run(&self.window, &mut matcher, &mut self.block, end, false);
            } else {
                self.parser
                    .run(&self.window, &mut self.matcher, &mut self.block, end, false);
            }
            rest = &rest[n..];
        }
    }

    /// Block policy and window housekeeping before `incoming` more bytes.
    fn before_chunk(&mut self, incoming: usize) {
        let max_symbols = if self.optimal_blocks.is_some() {
            MAX_OPTIMAL_BLOCK_SYMBOLS
        } else {
            MAX_BLOCK_SYMBOLS
        };
        if self.block.syms.len() >= max_symbols || self.block_bytes_full() {
            self.emit_block();
        }
        if let Some(old) = self
            .block
            .refresh_reference(self.reference_needed(incoming))
        {
            if let Some(cp) = self.tentative.as_mut() {
                cp.before_reference_change(old);
            }
        }
        self.slide_window();
        if self.window.len() + incoming > self.buffer_limit {
            self.abandoned = true;
        }
    }

    /// Whether the pending block has grown to its byte limit: `MAX_BLOCK_BYTES`, unless it is
    /// very repetitive (one symbol per `REPETITIVE_BYTES_PER_SYMBOL` bytes or fewer, never at
    /// the stored-only level); then `MAX_OPTIMAL_BLOCK_BYTES` for a block whose bytes the
    /// window keeps whatever its length (`keeps_all`), and no limit at levels 1-9.
    fn block_bytes_full(&self) -> bool {
        let (raw, syms) = (self.block.raw_len(), self.block.syms.len());
        let repetitive = !self.stored_only() && syms * REPETITIVE_BYTES_PER_SYMBOL <= raw;
        if !repetitive {
            raw >= MAX_BLOCK_BYTES
        } else {
            self.block.stats.keeps_all() && raw >= MAX_OPTIMAL_BLOCK_BYTES
        }
    }

    /// Whether the reference code can be of use before the next chunk: always, unless a budget
    /// is set and the cheap stored/fixed bound, with the `incoming` bytes at their worst, stays
    /// within it (then that bound decides every fit question up to the budget, and building a
    /// code would be wasted). A function of the appends and the budget alone.
    fn reference_needed(&self, incoming: usize) -> bool {
        self.budget.is_none_or(|budget| {
            let at = self.out.bit_len();
            let tail = self.unparsed() + incoming as u64;
            let bound = block::stored_or_fixed_bound(&self.block.stats, tail, self.pricing());
            (at + bound).div_ceil(8) > budget
        })
    }

    /// Cost-based block splitting with this search effort, or none (the default): every block,
    /// the final one included, may be written as several blocks with their own codes when that
    /// is smaller, the split points chosen by the exact cost model (`block::split::FirstLevel`).
    /// Costs more code builds per cost question (`SplitEffort::MAX` several times
    /// `SplitEffort::FAST`'s); `close_cost` and `finish` stay equal.
    pub fn set_split_blocks(&mut self, split: Option<SplitEffort>) {
        self.split_blocks = split;
    }

    /// The splitting effort `set_split_blocks` set (at the strongest level, `SplitEffort::MAX`
    /// from the start).
    pub fn split_blocks(&self) -> Option<SplitEffort> {
        self.split_blocks
    }

    /// Tell the stream the most bytes its callers will ask it to fit in (a frame's cap less the
    /// container's overhead), or `None` (the default). The reference code (see
    /// `block::Reference`) is then built only once the block is large enough for the cheap
    /// stored/fixed bound to exceed the budget: in small frames most rebuilds are skipped. The
    /// output depends on the budget (the reference code is a block-type candidate), never on
    /// which costs were asked.
    pub fn set_budget(&mut self, budget: Option<u64>) {
        self.budget = budget;
    }

    /// Emit the pending block as a non-final block.
    fn emit_block(&mut self) {
        let own = Closing::new(self.pricing(), &self.block.stats, &self.block.syms);
        // (A block too long to store may have lost its first bytes: only if the setting came
        // late; the block policy keeps near-optimal blocks short.)
        let better = (self.optimal_blocks)
            .filter(|_| self.block.stats.keeps_bytes())
            .map(|effort| {
                let (block, _) = self.reparsed_block(self.block.stats.raw_end, effort, true);
                (self.closing_of_reparsed(&block), block)
            })
            .filter(|(c, _)| c.final_bits() < own.final_bits());
        // The seed the stream had before this block, for a rollback.
        let replaced = match better {
            Some((closing, block)) => {
                closing.write_block(&mut self.out, &block, &self.window, false);
                Some(self.last_optimal.replace(block.stats))
            }
            None => {
                own.write_block(&mut self.out, &self.block, &self.window, false);
                None
            }
        };
        if let Some(cp) = self.tentative.as_mut() {
            let before = replaced.unwrap_or_else(|| self.last_optimal.clone());
            cp.before_block_reset(&mut self.block, before);
        }
        let next = self.block.stats.raw_end;
        self.start_block(next);
    }

    /// Empty the pending block; the next one starts at window index `start`, its bytes kept
    /// whatever its length at the stored-only level and with near-optimal blocks.
    fn start_block(&mut self, start: usize) {
        self.block.reset(start);
        self.squeeze_trees = None;
        let keeps_all = self.keeps_whole_blocks();
        self.block.stats.set_keeps_all(keeps_all);
    }

    /// Whether the window keeps a new block's bytes whatever its length: at the stored-only
    /// level (every block is stored) and with near-optimal blocks (re-parsed from their bytes).
    fn keeps_whole_blocks(&self) -> bool {
        self.stored_only() || self.optimal_blocks.is_some()
    }

    /// Drop window bytes that nothing can need any more, in multiples of the window size:
    /// everything before the last `WINDOW_SIZE` bytes, the pending block (while it may be
    /// stored), and (in a tentative region) the checkpoint's window and block.
    fn slide_window(&mut self) {
        let stats = &self.block.stats;
        let mut keep_from = self.window.len().saturating_sub(WINDOW_SIZE);
        if stats.keeps_bytes() {
            keep_from = keep_from.min(stats.raw_start());
        }
        if let Some(cp) = &self.tentative {
            keep_from = keep_from.min(cp.window_len.saturating_sub(WINDOW_SIZE));
            if let Some(from) = cp.block_bytes_from() {
                keep_from = keep_from.min(from);
            }
        }
        let delta = keep_from / WINDOW_SIZE * WINDOW_SIZE;
        // Slide only when it frees at least two windows' worth: amortised O(1) per byte.
        if delta < 2 * WINDOW_SIZE {
            return;
        }
        self.window.drain(..delta);
        self.squeeze_trees = None;
        self.matcher.slide(delta);
        self.parser.slide(delta);
        self.block.slide(delta);
        if let Some(cp) = self.tentative.as_mut() {
            cp.slide(delta);
        }
    }

    /// The statistics of the final block as `finish` would emit it: the pending block plus the
    /// held-back tail, parsed exactly as `finish` parses it but on a read-only overlay of the
    /// hash chains and a copy of the statistics.
    fn final_stats(&self) -> Cow<'_, BlockStats> {
        if self.parser.pos == self.window.len() && self.parser.is_settled() {
            return Cow::Borrowed(&self.block.stats);
        }
        let mut stats = self.block.stats.clone();
        let mut parser = self.parser.clone();
        let mut overlay = TailMatcher::new(&self.matcher, parser.hashed_upto);
        let end = self.window.len();
        parser.run(&self.window, &mut overlay, &mut stats, end, true);
        Cow::Owned(stats)
    }

    /// The context the pending block is priced in: at the stream's bit length, stored blocks
    /// only at level 0, with the block's reference code and the split effort.
    fn pricing(&self) -> Pricing<'_> {
        Pricing {
            at_bit: self.out.bit_len(),
            stored_only: self.stored_only(),
            reference: self.block.reference.as_ref(),
            split: self.split_blocks,
        }
    }

    /// How closing would write the stream now: the final block with the held-back tail (see
    /// `final_stats`), split points chosen among the symbols parsed before the tail.
    fn closing(&self) -> Closing {
        Closing::new(self.pricing(), &self.final_stats(), &self.block.syms)
    }

    /// How a re-parse of the pending block (`reparsed_block`) would be written now: priced as
    /// the pending block, less its reference code (built from the other parse's statistics).
    fn closing_of_reparsed(&self, block: &PendingBlock) -> Closing {
        let pricing = Pricing {
            reference: None,
            ..self.pricing()
        };
        Closing::new(pricing, &block.stats, &block.syms)
    }

    /// The pending block's bytes up to window index `end`, re-parsed near-optimally (the
    /// window before the block is history its matches may reach into).
    ///
    /// A block about to be written (`emitting`) is parsed whole, seeded by its statistics when
    /// part of it was squeezed (two rounds instead of five: at 64 KiB caps level 10 re-parses
    /// each frame's blocks once, as they fill). A squeeze keeps what an earlier squeeze at the
    /// same effort parsed (`PendingBlock::squeezed`) up to `REPARSE_OVERLAP` bytes before its end
    /// and parses only the rest, seeded by the block's statistics; a block mostly parsed lazily
    /// (only its first record squeezed) is parsed whole, since the parse it gets is the one
    /// later squeezes keep. A block with no seed of its own is seeded by the last block written
    /// near-optimally (`last_optimal`), as libdeflate prices each block from the one before:
    /// level 10 whole-buffer took 0.76-0.81x the time for bytes within 0.05 %; otherwise its
    /// rounds start from the fixed code.
    fn reparsed_block(
        &self,
        end: usize,
        effort: SqueezeEffort,
        emitting: bool,
    ) -> (PendingBlock, Option<optimal::Trees>) {
        let (start, history) = (self.block.stats.raw_start(), &self.window[..end]);
        let (near, same_effort) = match self.block.squeezed {
            Some((syms, by)) => (&self.block.syms[..syms], by == effort),
            None => (&self.block.syms[..0], false),
        };
        let near_len = near.iter().map(|s| s.raw_len()).sum::<usize>();
        let mostly_near = near_len >= (end - start) / 2;
        let seed = if near_len > 0 && (emitting || mostly_near) {
            Some(&self.block.stats)
        } else {
            self.last_optimal.as_ref()
        };
        let mut block = PendingBlock::new(start);
        block.stats.set_keeps_all(self.block.stats.keeps_all());
        if !emitting && mostly_near && same_effort {
            let mut left = near_len;
            for &sym in near {
                if sym.raw_len() + REPARSE_OVERLAP > left {
                    break;
                }
                left -= sym.raw_len();
                block.push_symbol(sym);
            }
        }
        // A squeeze's trees hold the block's whole history, so that the next squeeze can go on
        // from them whatever it keeps.
        let from = start.saturating_sub(WINDOW_SIZE);
        let trees = optimal::History {
            from,
            resume: self.squeeze_trees.as_deref().filter(|_| !emitting),
            snapshot_at: end
                .checked_sub(SNAPSHOT_BACK)
                .filter(|&at| !emitting && at >= from + SNAPSHOT_MIN),
        };
        let (path, trees) = optimal::parse_block(history, &block.stats, trees, effort, seed);
        optimal::replay(history, block.stats.raw_end, &path, &mut block);
        (block, trees)
    }

    /// Bytes given but not yet turned into symbols (the tail, plus a pending lazy literal).
    fn unparsed(&self) -> u64 {
        (self.window.len() - self.block.stats.raw_end) as u64
    }

    /// Exact number of bytes `finish()` would return now (`u64::MAX` for an abandoned
    /// tentative region).
    pub fn close_cost(&self) -> u64 {
        if self.abandoned {
            return u64::MAX;
        }
        self.closing().total_bytes()
    }

    /// Exact number of bits of the finished stream before its final padding.
    pub fn close_cost_bits(&self) -> u64 {
        if self.abandoned {
            return u64::MAX;
        }
        self.closing().total_bits()
    }

    /// A cheap upper bound of `close_cost()` (no Huffman code is built): never below it.
    pub fn close_cost_upper_bound(&self) -> u64 {
        if self.abandoned {
            return u64::MAX;
        }
        close::bytes_upper_bound(self.pricing(), &self.block.stats, self.unparsed())
    }

    /// True when a cheap bound (no Huffman code is built) proves `close_cost() <= limit`;
    /// false means "maybe not": ask `close_cost()`. The frame layer accepts records with this
    /// far from the cap and only computes the exact cost near it.
    pub fn close_cost_within(&self, limit: u64) -> bool {
        !self.abandoned
            && close::fits_cheaply(self.pricing(), &self.block.stats, self.unparsed(), limit)
    }

    /// Exactly `close_cost() <= limit`, but cheaper when it holds: the final block's candidates
    /// are priced only until one fits (see `block::Candidates`). The frame layer asks this when
    /// the cheap bound could not decide.
    pub fn close_cost_fits(&self, limit: u64) -> bool {
        !self.abandoned
            && Closing::fits(self.pricing(), &self.final_stats(), &self.block.syms, limit)
    }

    /// Squeeze: re-parse the pending block, with the held-back tail, by near-optimal parsing
    /// (`effort`), and keep that parse when its block is smaller. Blocks already written are
    /// untouched, and so is everything the next appends depend on except the pending symbols,
    /// so the stream stays exact: `close_cost` prices the new block, `finish` writes it. Cost:
    /// O(pending bytes × effort), once; frames call it when a record does not fit (on a copy,
    /// so that a record refused anyway leaves the frame bit-identical). Commits an open
    /// tentative region; returns true when the parse was kept.
    pub fn squeeze(&mut self, effort: SqueezeEffort) -> bool {
        self.squeeze_priced(effort, None)
    }

    /// `squeeze`, told `close_cost_bits()` as the stream stands (a frame has just asked it for
    /// the record that did not fit): the same decision without pricing the pending block again.
    /// A value that is not the stream's changes only whether the new parse is kept; the stream
    /// stays exact either way.
    pub fn squeeze_known(&mut self, effort: SqueezeEffort, close_cost_bits: u64) -> bool {
        self.squeeze_priced(effort, Some(close_cost_bits))
    }

    fn squeeze_priced(&mut self, effort: SqueezeEffort, now: Option<u64>) -> bool {
        self.commit();
        // A block too long to store (levels 1-9 only) may have lost its first bytes.
        if self.abandoned || self.stored_only() || !self.block.stats.keeps_bytes() {
            return false;
        }
        let (mut block, trees) = self.reparsed_block(self.window.len(), effort, false);
        let now = now.unwrap_or_else(|| self.closing().total_bits());
        if self.closing_of_reparsed(&block).total_bits() >= now {
            return false;
        }
        self.parser.skip_to_end(&self.window, &mut self.matcher);
        block.squeezed = Some((block.syms.len(), effort));
        self.block = block;
        self.squeeze_trees = trees.map(Arc::new);
        true
    }

    /// Open a tentative region: everything appended after it can be undone by `rollback`.
    /// Opening one while another is open commits the open one first.
    pub fn checkpoint(&mut self) {
        self.commit();
        self.matcher.start_journal();
        self.tentative = Some(Checkpoint::new(
            self.out.mark(),
            self.window.len(),
            &self.parser,
            &self.block,
            self.total_in,
        ));
    }

    /// Undo everything since `checkpoint()`; the stream is bit-identical to never having seen it.
    /// Does nothing when no checkpoint is open.
    pub fn rollback(&mut self) {
        let Some(mut cp) = self.tentative.take() else {
            return;
        };
        self.out.restore(cp.out);
        self.matcher
            .roll_back_journal(&self.window, self.parser.hashed_upto);
        self.window.truncate(cp.window_len);
        cp.restore_block(&mut self.block, &mut self.last_optimal);
        self.parser = cp.parser.clone();
        self.total_in = cp.total_in;
        self.abandoned = false;
    }

    /// Keep everything since `checkpoint()` and close the tentative region. An abandoned region
    /// (see `append`) cannot be kept: it is rolled back.
    pub fn commit(&mut self) {
        if self.abandoned {
            self.rollback();
            return;
        }
        if self.tentative.take().is_some() {
            self.matcher.drop_journal();
        }
    }

    /// True while a checkpoint is open.
    pub fn is_tentative(&self) -> bool {
        self.tentative.is_some()
    }

    /// Total uncompressed bytes appended (and not rolled back).
    pub fn total_in(&self) -> u64 {
        self.total_in
    }

    /// Stream out the committed output: move the whole bytes of the blocks written so far to
    /// `into` and return how many (`finish` then returns only the rest; `close_cost` still
    /// counts the whole stream). Emitted blocks are final once committed, so this takes nothing
    /// while a tentative region is open. Bounds a long stream's memory by its working set.
    pub fn take_output(&mut self, into: &mut Vec<u8>) -> usize {
        if self.tentative.is_some() {
            return 0;
        }
        self.out.take_bytes(into)
    }

    /// Close the stream: the pending symbols become the final block; returns the raw DEFLATE
    /// bytes not taken by `take_output` (all of them, exactly `close_cost()`, when none were).
    /// An open tentative region is kept (committed).
    pub fn finish(mut self) -> Vec<u8> {
        self.finish_and_reset()
    }

    /// `finish`, then start a new, empty stream at the same level in the same allocations
    /// (the hash tables and buffers are reused: cheaper than a new `Deflater` per frame).
    pub fn finish_and_reset(&mut self) -> Vec<u8> {
        self.commit();
        // Split points are chosen among the symbols parsed before the tail, as `close_cost`
        // (which sees the tail only as statistics) chose them.
        let parsed = self.block.syms.len();
        let end = self.window.len();
        self.parser
            .run(&self.window, &mut self.matcher, &mut self.block, end, true);
        let closing = Closing::new(
            self.pricing(),
            &self.block.stats,
            &self.block.syms[..parsed],
        );
        let out = std::mem::take(&mut self.out);
        let bytes = closing.finish(out, &self.block, &self.window);
        self.reset();
        bytes
    }

    /// Forget everything appended: an empty stream at the same level (primed again with its
    /// dictionary, if any), allocations kept.
    pub fn reset(&mut self) {
        self.out = BitWriter::new();
        self.window.clear();
        if self.dictionary.is_none() {
            self.matcher.reset();
        }
        self.parser = Parser::new(LevelConfig::for_level(self.level.parse_level()));
        self.start_block(0);
        self.tentative = None;
        self.abandoned = false;
        self.total_in = 0;
        self.ahead = None;
        self.last_optimal = None;
        self.prime();
    }
}
