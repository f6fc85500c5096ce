//! Criterion benches of the hot paths, short settings (a few minutes in all):
//!     cargo bench -p fitflate-bench --bench hot_paths
//! append, exact close cost, the cheap bound, push of 100-byte and 4 KiB records into capped
//! frames (cap checked after every record), and whole-buffer compression (with zlib -6 and
//! libdeflate -6 on the same bytes: the peers of the speed targets).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use fitflate::Level;
use fitflate::{Deflater, Format, FrameBuilder, Push};
use fitflate_bench::{bundled_logs, Records};
use std::time::Duration;

fn corpus() -> Vec<u8> {
    bundled_logs().into_iter().flat_map(|(_, d)| d).collect()
}

/// Records of about `size` bytes cut from the logs at line ends.
fn records_of(data: &[u8], size: usize) -> Vec<Vec<u8>> {
    let lines = Records::from_lines(data);
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for l in lines.iter() {
        cur.extend_from_slice(l);
        if cur.len() >= size {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

fn pack(records: &[Vec<u8>], cap: u64, level: u32) -> usize {
    let builder = FrameBuilder::new(cap)
        .format(Format::Gzip)
        .level(Level::new(level).unwrap())
        .delimiter(Vec::new());
    let mut frame = builder.build().unwrap();
    let mut frames = 0;
    for r in records {
        if let Ok(Push::Full) = frame.push(r) {
            frames += 1;
            frame.finish_and_reset();
            let _ = frame.push(r);
        }
    }
    frame.finish();
    frames
}

fn benches(c: &mut Criterion) {
    let data = corpus();
    let slice = &data[..512 * 1024];

    let mut g = c.benchmark_group("whole_buffer");
    g.throughput(Throughput::Bytes(slice.len() as u64));
    for level in [1, 6, 9] {
        g.bench_function(format!("fitflate -{level}"), |b| {
            b.iter(|| {
                let mut d = Deflater::new(Level::new(level).unwrap());
                d.append(slice);
                d.finish().len()
            })
        });
    }
    // The peers of the speed targets, on the same bytes in the same run.
    g.bench_function("zlib -6", |b| {
        b.iter(|| fitflate_bench::zlib::compress(slice, 6, -15).len())
    });
    g.bench_function("libdeflate -6", |b| {
        let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::new(6).unwrap());
        let mut out = vec![0u8; c.deflate_compress_bound(slice.len())];
        b.iter(|| c.deflate_compress(slice, &mut out).unwrap())
    });
    g.finish();

    let lines = records_of(slice, 1);
    let mut g = c.benchmark_group("encoder");
    g.throughput(Throughput::Bytes(slice.len() as u64));
    g.bench_function("append lines -6", |b| {
        b.iter(|| {
            let mut d = Deflater::new(Level::DEFAULT);
            for l in &lines {
                d.append(l);
            }
            d.total_in()
        })
    });
    let mut warm = Deflater::new(Level::DEFAULT);
    for l in &lines[..300] {
        warm.append(l);
    }
    g.throughput(Throughput::Elements(1));
    g.bench_function("close_cost exact (300 lines pending)", |b| {
        b.iter(|| warm.close_cost())
    });
    g.bench_function("close_cost_upper_bound", |b| {
        b.iter(|| warm.close_cost_upper_bound())
    });
    g.bench_function("checkpoint + append line + rollback", |b| {
        b.iter_batched_ref(
            || warm.clone(),
            |d| {
                d.checkpoint();
                d.append(&lines[301]);
                d.rollback();
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("push");
    for (name, size) in [("100 B", 100), ("4 KiB", 4096)] {
        let recs = records_of(slice, size);
        let bytes: usize = recs.iter().map(|r| r.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        for cap in [4096u64, 65536] {
            for level in [1, 6] {
                g.bench_function(format!("{name} records, cap {cap}, -{level}"), |b| {
                    b.iter(|| pack(&recs, cap, level))
                });
            }
        }
    }
    g.finish();
}

criterion_group! {
    name = hot_paths;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(hot_paths);
