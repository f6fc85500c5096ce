mod common;
use common::*;
use fitflate_encoder::Deflater;

#[test]
fn smoke() {
    for level in 0..=9 {
        for input in [&b""[..], b"a", b"hello hello hello hello", &include_bytes!("../../corpus/loghub/HDFS_2k.log")[..]] {
            let mut d = Deflater::new(level).unwrap();
            d.append(input);
            let cost = d.close_cost();
            let out = d.finish();
            assert_eq!(out.len() as u64, cost, "level {level}");
            assert_inflates_to(&out, input, &format!("level {level} len {}", input.len()));
            println!("level {level} {} -> {}", input.len(), out.len());
        }
    }
}
