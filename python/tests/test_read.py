"""Reading frames back: unpack, decompress; the lines of a binary file; the README's snippets."""

import zlib
from pathlib import Path

import pytest

import fitflate
from fitflate import Frame, pack
from helpers import FORMATS, hdfs_lines

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("delimiter", [b"\n", b"\r\n", b"\0", b"<end>"])
@pytest.mark.parametrize("cap", [256, 4096])
def test_pack_then_unpack_round_trip(format, delimiter, cap):
    lines = hdfs_lines()[:400]
    frames = list(pack(lines, cap, format=format, delimiter=delimiter))
    named = [r for f in frames for r in fitflate.unpack(f, format=format, delimiter=delimiter)]
    assert named == lines
    if format != "raw":
        auto = [r for f in frames for r in fitflate.unpack(f, delimiter=delimiter)]
        assert auto == lines
    if format in ("gzip", "legacy"):
        joined = b"".join(line + delimiter for line in lines)
        assert fitflate.decompress(b"".join(frames)) == joined


def test_unpack_empty_delimiter_and_bytes_like():
    frame = Frame(4096, delimiter=b"")
    frame.push(b"ab")
    frame.push(b"cd")
    data = frame.finish()
    assert fitflate.unpack(data, delimiter=b"") == [b"abcd"]
    assert fitflate.unpack(bytearray(data), delimiter=memoryview(b"")) == [b"abcd"]


def test_unpack_errors_are_value_errors():
    frame = Frame(4096)
    frame.push(b"one")
    good = frame.finish()
    for bad, kwargs in [
        (good[:-1], {}),
        (good + b"x", {}),
        (b"plain text", {}),
        (b"", {}),
        (good, {"delimiter": b"\0"}),
        (good, {"format": "zlib"}),
        (good, {"format": "lzma"}),
    ]:
        with pytest.raises(ValueError):
            fitflate.unpack(bad, **kwargs)
    with pytest.raises(TypeError):
        fitflate.unpack("text")
    flipped = bytearray(good)
    flipped[12] ^= 1
    with pytest.raises(ValueError):
        fitflate.unpack(bytes(flipped))
    with pytest.raises(ValueError):
        fitflate.decompress(good + b"junk")


def test_lines_of_a_binary_file_are_records_without_line_ends(tmp_path):
    path = tmp_path / "crlf.log"
    path.write_bytes(b"a\r\nb\n\nc\r\r\nd")
    with open(path, "rb") as f:
        frames = list(pack(f, 4096))
    assert fitflate.unpack(frames[0]) == [b"a", b"b", b"", b"c\r", b"d"]
    with open(path, "rb") as f:
        frames = list(pack(f, 4096, keep_cr=True))
    assert fitflate.unpack(frames[0]) == [b"a\r", b"b", b"", b"c\r\r", b"d"]
    # Not a file: items are records as they are.
    frames = list(pack([b"a\n"], 4096))
    assert fitflate.unpack(frames[0]) == [b"a", b""]


def cli_binary():
    import os

    path = os.environ.get("FITFLATE_BIN")
    for candidate in [path, REPO / "target/debug/fitflate", REPO / "target/release/fitflate"]:
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


@pytest.mark.parametrize("keep_cr", [False, True])
@pytest.mark.parametrize("format", ["gzip", "legacy"])
def test_binary_file_packs_to_the_clis_frames(tmp_path, keep_cr, format):
    import subprocess

    binary = cli_binary()
    if binary is None:
        pytest.skip("the fitflate binary is not built (cargo build)")
    log = REPO / "corpus/loghub/HDFS_2k.log"
    args = [binary, "pack", "--cap", "4KiB", "--format", format, "--out-dir", str(tmp_path)]
    if keep_cr:
        args.append("--keep-cr")
    subprocess.run(args + [str(log)], check=True, capture_output=True)
    cli_frames = [p.read_bytes() for p in sorted(tmp_path.iterdir())]
    with open(log, "rb") as f:
        ours = list(pack(f, 4096, format=format, keep_cr=keep_cr))
    assert ours == cli_frames
    if keep_cr:
        back = b"".join(r + b"\n" for f in ours for r in fitflate.unpack(f))
        assert back == log.read_bytes()


def test_readme_python_snippets_run_as_written(monkeypatch):
    import re

    readme = (REPO / "README.md").read_text()
    snippets = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert snippets, "the README has Python snippets"
    monkeypatch.chdir(REPO)
