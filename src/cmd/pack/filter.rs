//! `pack --filter CMD`: each frame goes to the standard input of `sh -c CMD` instead of to a
//! file, as with GNU split's `--filter`, one command per frame and in order, with the frame's
//! would-be path and statistics in the environment.

use std::io::{self, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use fitflate::PackedFrame;

/// Run `sh -c command` with `frame` on its standard input and `FILE` (`file`), `FRAME_INDEX`,
/// `FRAME_RECORDS` and `FRAME_BYTES` in its environment; its stdout and stderr are those of
/// `pack`. Succeeds when the command read the whole frame (as far as a pipe tells: a command
/// that exits 0 without reading a frame that fits in the pipe is not caught) and exited with
/// status 0; otherwise says what went wrong.
pub(super) fn run_filter(command: &str, file: &Path, frame: &PackedFrame) -> Result<(), String> {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("FILE", file)
        .env("FRAME_INDEX", frame.stats.index.to_string())
        .env("FRAME_RECORDS", frame.stats.records.to_string())
        .env("FRAME_BYTES", frame.bytes.len().to_string())
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the filter `sh -c {command}` for frame {name}: {e}"))?;
    let mut input = child.stdin.take().expect("the filter's stdin is a pipe");
    let written = input.write_all(&frame.bytes).and_then(|()| input.flush());
    // End of input: the command sees EOF once the frame is read.
    drop(input);
    let status = child
        .wait()
        .map_err(|e| format!("waiting for the filter `{command}` on frame {name}: {e}"))?;
    match (written, status.success()) {
        (Ok(()), true) => Ok(()),
        (_, false) => Err(format!(
            "the filter `{command}` {} on frame {name}",
            describe(status)
        )),
        (Err(e), true) if e.kind() == io::ErrorKind::BrokenPipe => Err(format!(
            "the filter `{command}` closed its standard input before reading all of frame {name} \
             ({} bytes), and exited with status 0",
            frame.bytes.len()
        )),
        (Err(e), true) => Err(format!(
            "writing frame {name} to the filter `{command}`: {e}"
        )),
    }
}

/// "exited with status 3", "was killed by signal 9".
fn describe(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("was killed by signal {signal}");
        }
    }
    format!("ended with {status}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use fitflate::{FrameBuilder, Level, Packer};

    /// A frame of `records` short records, stored (level 0): about 12 bytes each.
    fn frame(records: usize) -> PackedFrame {
        let mut packer = Packer::new(FrameBuilder::new(1 << 20).level(Level::STORED)).unwrap();
        for i in 0..records {
            packer.push(format!("record {i}").as_bytes()).unwrap();
        }
        packer.finish().0.unwrap()
    }

    #[test]
    fn the_command_gets_the_frame_and_its_environment() {
        let dir = std::env::temp_dir().join(format!("fitflate-filter-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("000000.gz");
        let f = frame(3);
        let command = r#"cat > "$FILE.copy" && printf '%s %s %s' "$FRAME_INDEX" "$FRAME_RECORDS" "$FRAME_BYTES" > "$FILE.env""#;
        run_filter(command, &file, &f).unwrap();
        assert_eq!(std::fs::read(dir.join("000000.gz.copy")).unwrap(), f.bytes);
        assert_eq!(
            std::fs::read_to_string(dir.join("000000.gz.env")).unwrap(),
            format!("0 3 {}", f.bytes.len())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn failures_name_the_exit_status() {
        let file = Path::new("frames/000007.gz");
        let f = frame(2);
        let e = run_filter("cat > /dev/null; exit 3", file, &f).unwrap_err();
        assert!(
            e.contains("`cat > /dev/null; exit 3` exited with status 3 on frame 000007.gz"),
            "{e}"
        );
        let e = run_filter("kill -9 $$", file, &f).unwrap_err();
        assert!(e.contains("was killed by signal 9"), "{e}");
        // A command that does not read a frame larger than a pipe holds, and exits 0.
        let big = frame(40_000);
        assert!(big.bytes.len() > 256 << 10, "{}", big.bytes.len());
        let e = run_filter("exec 0<&-; sleep 0.2", file, &big).unwrap_err();
        assert!(e.contains("closed its standard input"), "{e}");
    }
}
