//! Prints the README's size table: raw DEFLATE bytes of each bundled log, fitflate vs zlib
//! (libz-sys, the C library itself) at levels 1, 6 and 9.
//!
//! cargo run --release -p fitflate-encoder --example sizes

use fitflate_encoder::Level;

fn zlib_raw_size(data: &[u8], level: i32) -> usize {
    let mut out_len = unsafe { libz_sys::compressBound(data.len() as libz_sys::uLong) };
    let mut out = vec![0u8; out_len as usize];
    // SAFETY: buffers are valid for the lengths given.
    let rc = unsafe {
        libz_sys::compress2(
            out.as_mut_ptr(),
            &mut out_len,
            data.as_ptr(),
            data.len() as libz_sys::uLong,
            level,
        )
    };
    assert_eq!(rc, libz_sys::Z_OK);
    out_len as usize - 6 // zlib header (2) and Adler-32 (4): the rest is the raw DEFLATE stream
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/loghub");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .collect();
    files.sort();
    println!(
        "| log | bytes | fitflate -1 | zlib -1 | fitflate -6 | zlib -6 | fitflate -9 | zlib -9 |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut totals = [0usize; 7];
    for p in &files {
        let data = std::fs::read(p).unwrap();
        let mut row = vec![data.len()];
        for level in [1u32, 6, 9] {
            let mut d = fitflate_encoder::Deflater::new(Level::new(level).unwrap());
            d.append(&data);
            row.push(d.finish().len());
            row.push(zlib_raw_size(&data, level as i32));
        }
        for (t, v) in totals.iter_mut().zip(&row) {
            *t += v;
        }
        let name = p.file_name().unwrap().to_string_lossy();
        let cells: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    let cells: Vec<String> = totals.iter().map(|v| v.to_string()).collect();
    println!("| **total** | {} |", cells.join(" | "));
}
