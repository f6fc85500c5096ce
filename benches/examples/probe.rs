use fitflate::Level;
use fitflate::{Compressor, Format};
use fitflate_bench::{bundled_logs, Records};
use std::time::Instant;
fn main() {
    let logs = bundled_logs();
    for cap in [4096u64, 65536] {
        let (mut pushes, mut exact, mut t_exact, mut t_all) = (0u64, 0u64, 0f64, 0f64);
        for (_, d) in &logs {
            let r = Records::from_lines(d);
            let mut c = Compressor::new(Format::Gzip, Level::DEFAULT);
            let t0 = Instant::now();
            for rec in r.iter() {
                pushes += 1;
                c.checkpoint();
                c.append(rec);
                let ok = if c.close_cost_upper_bound() <= cap {
                    true
                } else {
                    exact += 1;
                    let t = Instant::now();
                    let e = c.close_cost();
                    t_exact += t.elapsed().as_secs_f64();
                    e <= cap
                };
                if ok {
                    c.commit()
                } else {
                    c.rollback();
                    c = Compressor::new(Format::Gzip, Level::DEFAULT);
                    c.append(rec);
                }
            }
            t_all += t0.elapsed().as_secs_f64();
        }
        println!("cap {cap}: {pushes} pushes, {exact} exact ({:.1}%), exact time {:.3}s of {:.3}s, {:.1} us/exact", 100.0*exact as f64/pushes as f64, t_exact, t_all, t_exact*1e6/exact as f64);
    }
}
