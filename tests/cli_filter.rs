//! `pack --filter CMD`: each frame goes to `sh -c CMD` on its standard input, with FILE,
//! FRAME_INDEX, FRAME_RECORDS and FRAME_BYTES set; the frames are those of writing files; a
//! command that fails stops `pack` with that frame saved under FILE and a report a new run
//! resumes from, so that no record is lost.

mod common;

use std::path::{Path, PathBuf};

use common::cli::{frames_in, hdfs_log, resume_line, run_exits, run_ok, stderr, TempDir};
use common::{decode_both, joined, lines_of};
use fitflate::Format;

/// Copy each frame next to where it would have been.
const COPY: &str = r#"cat > "$FILE.copy""#;

fn pack_args<'a>(dir: &'a Path, extra: &[&'a str], input: &'a Path) -> Vec<&'a str> {
    let mut args = vec!["pack", "--cap", "4KiB", "--out-dir", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(input.to_str().unwrap());
    args
}

/// The files of `dir` whose names end with `suffix`, in name order.
fn ending_with(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    frames_in(dir)
        .into_iter()
        .filter(|p| p.to_str().unwrap().ends_with(suffix))
        .collect()
}

/// The records of gzip frame files, in order.
fn records_of(frames: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut records = Vec::new();
    for f in frames {
        let bytes = std::fs::read(f).unwrap();
        assert!(bytes.len() <= 4096, "{} over the cap", f.display());
        let frame_records = lines_of(&decode_both(&bytes, Format::Gzip));
        assert!(!frame_records.is_empty(), "{} is empty", f.display());
        records.extend(frame_records);
    }
    records
}

#[test]
fn filtered_frames_are_the_frames_files_get_with_their_environment() {
    let tmp = TempDir::new("filter-same");
    let log = hdfs_log();
    let files = tmp.0.join("files");
    run_ok(&pack_args(&files, &[], &log), b"");
    let filtered = tmp.0.join("filtered");
    let command = format!(
        r#"{COPY} && printf '%s %s %s %s\n' "$FILE" "$FRAME_INDEX" "$FRAME_RECORDS" "$FRAME_BYTES" > "$FILE.env""#
    );
    let out = run_ok(&pack_args(&filtered, &["--filter", &command], &log), b"");
    // stdout is the commands' (these print nothing there); the table goes to stderr.
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr(&out).contains("to the filter `cat"),
        "{}",
        stderr(&out)
    );

    let want = frames_in(&files);
    let copies = ending_with(&filtered, ".gz.copy");
    assert!(want.len() > 3);
    assert_eq!(copies.len(), want.len());
    assert_eq!(
        ending_with(&filtered, ".gz"),
        Vec::<PathBuf>::new(),
        "no frame file is written"
    );
    for (i, (frame, copy)) in want.iter().zip(&copies).enumerate() {
        let bytes = std::fs::read(frame).unwrap();
        assert_eq!(std::fs::read(copy).unwrap(), bytes, "frame {i}");
        let records = lines_of(&decode_both(&bytes, Format::Gzip)).len();
        let file = filtered.join(format!("{i:06}.gz"));
        let env = std::fs::read_to_string(filtered.join(format!("{i:06}.gz.env"))).unwrap();
        assert_eq!(
            env,
            format!("{} {i} {records} {}\n", file.display(), bytes.len())
        );
    }

    // JSON statistics name the filter and stay on stdout, after the commands' output.
    let json = tmp.0.join("json");
    let out = run_ok(
        &pack_args(&json, &["--filter", "wc -c", "--stats", "json"], &log),
        b"",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), want.len() + 1, "{stdout}");
    for (line, frame) in lines.iter().zip(&want) {
        let len = std::fs::metadata(frame).unwrap().len();
        assert_eq!(line.trim().parse::<u64>().unwrap(), len);
    }
    let stats: serde_json::Value = serde_json::from_str(lines[want.len()]).unwrap();
    assert_eq!(stats["filter"], "wc -c");
    assert_eq!(stats["frames"], want.len());
    assert_eq!(stats["complete"], true);
}

#[test]
fn a_failing_filter_stops_with_the_frame_saved_and_a_report_to_resume_from() {
    let tmp = TempDir::new("filter-fails");
    let log = hdfs_log();
    let input = lines_of(&std::fs::read(&log).unwrap());
    let src = tmp.0.join("in.log");
    std::fs::write(&src, joined(&input, b"\n")).unwrap();
    let files = tmp.0.join("files");
    run_ok(&pack_args(&files, &[], &src), b"");
    let want = frames_in(&files);

    // The second frame (index 1) fails: read, then exit 3.
    let dir = tmp.0.join("f");
    let command = format!(r#"if [ "$FRAME_INDEX" = 1 ]; then cat > /dev/null; exit 3; fi; {COPY}"#);
    let out = run_exits(
        &pack_args(&dir, &["--filter", &command, "--stats", "json"], &src),
        b"",
        1,
    );
    let msg = stderr(&out);
    let saved = dir.join("000001.gz");
    assert!(
        msg.contains("exited with status 3 on frame 000001.gz"),
        "{msg}"
    );
    assert!(
        msg.contains(&format!(
            "frame 000000.gz, holding lines 1-{}",
            records_of(&want[..1]).len()
        )),
        "{msg}"
    );
    assert!(
        msg.contains(&format!("frame 000001.gz, saved as {}", saved.display())),
        "{msg}"
    );
    // The frame is saved under its name, whole (no temporary file left), as files get it.
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        std::fs::read(&want[1]).unwrap()
    );
    assert_eq!(
        frames_in(&dir)
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        ["000000.gz.copy", "000001.gz"]
    );
    let resume = resume_line(&msg);
    let held = records_of(&[dir.join("000000.gz.copy"), saved.clone()]);
    assert_eq!(held.len() + 1, resume);
    assert_eq!(held, input[..resume - 1]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(stats["complete"], false);
    assert_eq!(stats["frames"], 2);
    assert_eq!(stats["input"]["stopped_at"]["line"], resume);
    assert_eq!(stats["input"]["last"]["line"], resume - 1);
    assert_eq!(
        stats["input"]["saved"]["frame"],
        saved.display().to_string()
    );

    // A new run from the resume line into another directory: every record, once, in order.
    let rest = tmp.0.join("rest.log");
    std::fs::write(&rest, joined(&input[resume - 1..], b"\n")).unwrap();
    let again = tmp.0.join("g");
    run_ok(&pack_args(&again, &["--filter", COPY], &rest), b"");
    let mut all = held;
    all.extend(records_of(&ending_with(&again, ".copy")));
    assert_eq!(all, input);
}

#[test]
fn a_filter_that_closes_its_input_early_or_fails_on_the_last_frame_loses_nothing() {
    let tmp = TempDir::new("filter-closes");
    let log = hdfs_log();
    let input = lines_of(&std::fs::read(&log).unwrap());
    // Stored frames of 128 KiB: more than a pipe holds, so a command that does not read is seen.
    let dir = tmp.0.join("f");
    let command =
        format!(r#"if [ "$FRAME_INDEX" = 1 ]; then exec 0<&-; sleep 0.1; exit 0; fi; {COPY}"#);
    let args = [
        "pack",
        "-0",
        "--cap",
        "128KiB",
        "--out-dir",
        dir.to_str().unwrap(),
        "--filter",
        &command,
        log.to_str().unwrap(),
    ];
    let out = run_exits(&args, b"", 1);
    let msg = stderr(&out);
    assert!(
        msg.contains("closed its standard input before reading all of frame 000001.gz"),
        "{msg}"
    );
    let resume = resume_line(&msg);
    let held = payload_records(&[dir.join("000000.gz.copy"), dir.join("000001.gz")]);
    assert_eq!(held, input[..resume - 1]);

    // The last frame fails: it is saved, and the report says every line is held.
    let files = tmp.0.join("files");
    run_ok(&pack_args(&files, &[], &log), b"");
    let last_index = frames_in(&files).len() - 1;
    let dir = tmp.0.join("g");
    let command = format!(r#"cat > /dev/null; [ "$FRAME_INDEX" != {last_index} ]"#);
    let out = run_exits(&pack_args(&dir, &["--filter", &command], &log), b"", 1);
    let msg = stderr(&out);
    assert!(
        msg.contains(&format!("stopped at line {} of", input.len() + 1))
            && msg.contains(&format!("exited with status 1 on frame {last_index:06}.gz")),
        "{msg}"
    );
    let saved = frames_in(&dir);
    assert_eq!(saved, [dir.join(format!("{last_index:06}.gz"))]);
    let last = payload_records(&saved);
    assert_eq!(last, input[input.len() - last.len()..]);
}

#[test]
fn an_empty_filter_is_a_usage_error() {
    let out = run_exits(&["pack", "--cap", "4k", "--filter", " "], b"a\n", 2);
    assert!(stderr(&out).contains("--filter"), "{}", stderr(&out));
}

/// The records of gzip frame files of any size, in order.
fn payload_records(frames: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut payload = Vec::new();
    for f in frames {
        payload.extend(decode_both(&std::fs::read(f).unwrap(), Format::Gzip));
    }
    lines_of(&payload)
}
