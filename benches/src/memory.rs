//! Peak heap measurement: a counting global allocator (a binary installs it with
//! `#[global_allocator] static A: Counting = Counting;`) and the peak of one frame builder.

use crate::Records;
use fitflate::{Format, FrameBuilder, Push};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Counts live heap bytes and their high-water mark (for "peak memory per frame builder").
pub struct Counting;
pub static LIVE: AtomicUsize = AtomicUsize::new(0);
pub static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

/// Peak heap of one frame builder, filled until full (bytes above what was live before). With
/// `streamed`, the frame's final bytes are taken out after every record (`Frame::take_output`)
/// into a buffer allocated beforehand, as a shipper writing frames to a socket or file would:
/// what remains is the builder's working set.
pub fn peak_memory(records: &Records, cap: u64, level: u32, streamed: bool) -> usize {
    let mut sink = Vec::with_capacity(if streamed { cap as usize } else { 0 });
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut frame = FrameBuilder::new(cap)
        .format(Format::Gzip)
        .level(crate::methods::level_of(level))
        .delimiter(Vec::new())
        .build()
        .unwrap();
    for r in records.iter() {
        if frame.push(r) != Ok(Push::Accepted) {
            break;
        }
        if streamed {
            frame.take_output(&mut sink);
            sink.clear();
        }
    }
    let bytes = frame.finish();
    let peak = PEAK.load(Relaxed) - base;
    drop(bytes);
    peak
}
