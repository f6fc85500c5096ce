//! Preset dictionaries: streams primed with a dictionary decode (zlib's inflateSetDictionary and
//! miniz_oxide with the dictionary before its output), keep the exact close cost and the
//! bit-identical rollback at every level, restart from the same snapshot, and use it.
mod common;

use common::{corpus, Rng};
use fitflate_encoder::{Deflater, Dictionary, Level, SqueezeEffort};
use fitflate_testkit::inflate::{all_with_dictionary, Wrapper};

/// Lines of a bundled log: the first `dict_lines` as the dictionary, the next `n` as records.
fn sample(log: usize, dict_lines: usize, n: usize) -> (Vec<u8>, Vec<Vec<u8>>) {
    let logs = corpus();
    let lines: Vec<Vec<u8>> = logs[log % logs.len()]
        .1
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let dict = lines[..dict_lines].concat();
    (dict, lines[dict_lines..dict_lines + n].to_vec())
}

fn assert_decodes(raw: &[u8], dict: &[u8], want: &[u8], what: &str) {
    let got =
        all_with_dictionary(raw, Wrapper::Raw, dict).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        got == want,
        "{what}: decoded {} bytes, want {}",
        got.len(),
        want.len()
    );
}

#[test]
fn every_level_decodes_with_the_dictionary_and_the_close_cost_is_exact() {
    for log in 0..8 {
        let (dict_bytes, records) = sample(log, 60, 40);
        let dict = Dictionary::new(&dict_bytes);
        for level in Level::all() {
            let mut d = Deflater::with_dictionary(level, &dict);
            let mut want = Vec::new();
            for r in &records {
                d.append(r);
                want.extend_from_slice(r);
                let cost = d.close_cost();
                let out = d.clone().finish();
                assert_eq!(
                    out.len() as u64,
                    cost,
                    "log {log} level {level}: close cost"
                );
            }
            assert_decodes(
                &d.finish(),
                dict.window(),
                &want,
                &format!("log {log} level {level}"),
            );
        }
    }
}

#[test]
fn the_dictionary_pays_and_a_plain_decoder_cannot_read_the_stream() {
    let (dict_bytes, records) = sample(2, 200, 10);
    let data = records.concat();
    let dict = Dictionary::new(&dict_bytes);
    let mut with = Deflater::with_dictionary(Level::DEFAULT, &dict);
    with.append(&data);
    let mut plain = Deflater::new(Level::DEFAULT);
    plain.append(&data);
    let (with, plain) = (with.finish(), plain.finish());
    assert!(
        with.len() * 3 < plain.len() * 2,
        "{} bytes with the dictionary, {} without",
        with.len(),
        plain.len()
    );
    // Matches reach into the dictionary: without it the stream does not decode to the data.
    let blind = fitflate_testkit::inflate::zlib_window_bits(&with, -15);
    assert!(blind.map_or(true, |out| out != data));
}

#[test]
fn rollback_with_a_dictionary_is_bit_identical() {
    let mut rng = Rng::new(7);
    let (dict_bytes, records) = sample(5, 80, 60);
    let dict = Dictionary::new(&dict_bytes);
    for level in [1, 6, 9, 10].map(|n| Level::new(n).unwrap()) {
        let mut tried = Deflater::with_dictionary(level, &dict);
        let mut plain = Deflater::with_dictionary(level, &dict);
        for r in &records {
            tried.checkpoint();
            tried.append(r);
            let keep = rng.below(3) != 0;
            if keep {
                tried.commit();
                plain.append(r);
            } else {
                tried.rollback();
            }
            assert_eq!(tried.close_cost(), plain.close_cost(), "level {level}");
        }
        assert!(
            tried.finish() == plain.finish(),
            "level {level}: rollback left a trace"
        );
    }
}

#[test]
fn a_reset_stream_starts_from_the_same_snapshot() {
    let (dict_bytes, records) = sample(1, 50, 30);
    let dict = Dictionary::new(&dict_bytes);
    let mut reused = Deflater::with_dictionary(Level::DEFAULT, &dict);
    for round in 0..3 {
        let mut fresh = Deflater::with_dictionary(Level::DEFAULT, &dict);
        for r in &records[round * 10..round * 10 + 10] {
            reused.append(r);
            fresh.append(r);
        }
        assert!(reused.finish_and_reset() == fresh.finish(), "round {round}");
    }
    reused.append(b"after a reset");
    reused.reset();
    reused.append(&records[0]);
    let mut fresh = Deflater::with_dictionary(Level::DEFAULT, &dict);
    fresh.append(&records[0]);
    assert!(reused.finish() == fresh.finish());
}

#[test]
fn squeezes_and_long_data_with_a_dictionary_decode() {
    let (dict_bytes, records) = sample(3, 100, 400);
    let dict = Dictionary::new(&dict_bytes);
    let mut d = Deflater::with_dictionary(Level::DEFAULT, &dict);
    let mut want = Vec::new();
    for (i, r) in records.iter().enumerate() {
        d.append(r);
        want.extend_from_slice(r);
        if i % 97 == 0 {
            let before = d.close_cost();
            d.squeeze(SqueezeEffort::FAST);
            assert!(d.close_cost() <= before);
        }
    }
    // Past several windows and blocks: the dictionary slides out like any history.
    let cost = d.close_cost();
    let out = d.finish();
    assert_eq!(out.len() as u64, cost);
    assert_decodes(&out, dict.window(), &want, "squeezed");
}

#[test]
fn only_the_last_window_of_a_long_dictionary_is_kept() {
    let mut rng = Rng::new(3);
    let long: Vec<u8> = rng.alnum(50_000);
    let dict = Dictionary::new(&long);
    assert_eq!(dict.window(), &long[long.len() - 32_768..]);
    // A record repeating bytes from the far end of the window still decodes.
    let record = [&long[long.len() - 32_000..long.len() - 31_900], b"\n"].concat();
    for level in Level::all() {
        let mut d = Deflater::with_dictionary(level, &dict);
        d.append(&record);
        let out = d.finish();
        assert_decodes(&out, dict.window(), &record, &format!("level {level}"));
        if level > Level::STORED {
            assert!(out.len() < 40, "level {level}: {} bytes", out.len());
        }
    }
    assert_eq!(Dictionary::new(b""), Dictionary::new(b""));
    assert_ne!(Dictionary::new(b"a"), Dictionary::new(b"b"));
}
