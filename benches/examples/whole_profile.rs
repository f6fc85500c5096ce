//! Profiling harness (callgrind): whole-buffer compression of all bundled logs at a level.
//! Arguments: level (6), repetitions (1; more for `perf record`).
use fitflate::Level;
use fitflate_bench::bundled_logs;
fn main() {
    let level: u32 = fitflate_bench::arg(1, 6);
    let all: Vec<u8> = bundled_logs()
        .into_iter()
        .map(|(_, d)| d)
        .collect::<Vec<_>>()
        .concat();
    let reps: usize = fitflate_bench::arg(2, 1);
    for _ in 0..reps {
        let mut d = fitflate::Deflater::new(Level::new(level).unwrap());
        d.append(&all);
        println!("{}", d.finish().len());
    }
}
