"""Preset dictionaries in the wheel (``zdict=``, as in Python's zlib): zlib and raw frames packed
with one stay within the cap, refuse records without a trace, decode with Python's own zlib and
with fitflate's readers, and hold more records; gzip and legacy refuse one; a reader without the
dictionary or with another gets a DictionaryError naming the DICTIDs."""

import ast
import inspect
import random
import threading
import time
import zlib
from pathlib import Path

import pytest

import fitflate
from fitflate import DictionaryError, Frame, pack

REPO = Path(__file__).resolve().parents[2]
LOGS = sorted((REPO / "corpus" / "loghub").glob("*.log"))
WBITS = {"zlib": 15, "raw": -15}


def sample(log, dict_lines, n):
    """The first `dict_lines` lines of a bundled log joined as a dictionary, and the `n` lines
    after them as records."""
    lines = log.read_bytes().split(b"\n")
    return b"\n".join(lines[:dict_lines]), lines[dict_lines : dict_lines + n]


def inflate(frame, format, zdict):
    """Decode one frame with Python's zlib and its ``zdict``; the stream must end at the end."""
    d = zlib.decompressobj(WBITS[format], zdict=zdict)
    out = d.decompress(frame) + d.flush()
    assert d.eof, "stream not finished"
    assert d.unused_data == b"", "bytes after the stream"
    return out


def fill(make, records):
    """Push `records` through frames of `make()`, checking each push: the size stays within the
    cap, and a refusal leaves the frame as it was. Returns each frame with its records."""
    frame, frames, taken = make(), [], []
    for r in records:
        before = (frame.size, frame.records, frame.payload_bytes)
        if frame.push(r):
            taken.append(r)
        else:
            assert (frame.size, frame.records, frame.payload_bytes) == before
            frames.append((frame.finish(), taken))
            assert frame.push(r)
            taken = [r]
        assert frame.size <= frame.cap
    frames.append((frame.finish(), taken))
    return frames


@pytest.mark.parametrize("format", ["zlib", "raw"])
@pytest.mark.parametrize("level", [0, 1, 6, 10])
def test_frames_packed_with_zdict_decode_with_pythons_zlib_and_unpack(format, level):
    zdict, records = sample(LOGS[0], 40, 400)
    frames = list(pack(records, 1024, format=format, level=level, zdict=zdict))
    assert len(frames) > 1
    back = []
    for frame in frames:
        assert len(frame) <= 1024
        payload = inflate(frame, format, zdict)
        got = fitflate.unpack(frame, format=format, zdict=zdict)
        assert payload == b"".join(r + b"\n" for r in got)
        assert fitflate.decompress(frame, format=format, zdict=bytearray(zdict)) == payload
        if format == "zlib":
            assert frame[1] & 0x20, "FDICT"
            assert frame[2:6] == zlib.adler32(zdict).to_bytes(4, "big")
            assert fitflate.unpack(frame, zdict=memoryview(zdict)) == got
        back += got
    assert back == records, "every record back, in order"


@pytest.mark.parametrize("format", ["zlib", "raw"])
def test_refusals_leave_the_frame_identical(format):
    zdict, records = sample(LOGS[3], 100, 500)
    frames = fill(lambda: Frame(1024, format=format, zdict=zdict), records)
    assert len(frames) > 2, "one object made several frames, each from the dictionary"
    for data, taken in frames:
        replay = Frame(1024, format=format, zdict=zdict)
        for r in taken:
            assert replay.push(r)
        assert replay.finish() == data, "a refusal left a trace"
        assert inflate(data, format, zdict) == b"".join(r + b"\n" for r in taken)
    # pack() makes the same frames (its next frame is opened from the frame's settings).
    assert list(pack(records, 1024, format=format, zdict=zdict)) == [d for d, _ in frames]


def test_a_missing_or_wrong_dictionary_names_the_dictid():
    zdict, records = sample(LOGS[2], 30, 5)
    frame = b"".join(pack(records, 4096, format="zlib", zdict=zdict))
    dictid = zlib.adler32(zdict)
    for read in (lambda **kw: fitflate.unpack(frame, **kw), lambda **kw: fitflate.decompress(frame, **kw)):
        with pytest.raises(DictionaryError) as e:
            read()
        assert isinstance(e.value, ValueError)
        assert f"{dictid:08x}" in str(e.value)
        assert (e.value.dictionary_id, e.value.given_id) == (dictid, None)
        other = b"another dictionary"
        with pytest.raises(DictionaryError) as e:
            read(zdict=other)
        assert f"{dictid:08x}" in str(e.value) and f"{zlib.adler32(other):08x}" in str(e.value)
        assert (e.value.dictionary_id, e.value.given_id) == (dictid, zlib.adler32(other))
    assert fitflate.unpack(frame, zdict=zdict) == records
    # Python's zlib agrees: without the dictionary it cannot read the frame.
    with pytest.raises(zlib.error):
        zlib.decompress(frame)
    # A frame packed without a dictionary, or in gzip, reads whatever zdict is given.
    for format in ("zlib", "gzip", "raw"):
        plain = b"".join(pack(records, 4096, format=format))
        assert fitflate.unpack(plain, format=format, zdict=b"unused") == records
    # A corrupt frame with the right dictionary is a plain ValueError.
    bad = frame[:-1] + bytes([frame[-1] ^ 1])
    with pytest.raises(ValueError) as e:
        fitflate.unpack(bad, zdict=zdict)
    assert not isinstance(e.value, DictionaryError)


@pytest.mark.parametrize("format", ["gzip", "legacy"])
def test_zdict_with_gzip_or_legacy_raises_at_once(format):
    with pytest.raises(ValueError, match="preset dictionary"):
        Frame(4096, format=format, zdict=b"shared bytes")
    with pytest.raises(ValueError, match="preset dictionary"):
        Frame(4096, format=format, zdict=b"")

    def never():
        raise AssertionError("no record is read before the settings are checked")
        yield b""

    with pytest.raises(ValueError, match="preset dictionary"):
        pack(never(), 4096, format=format, zdict=b"shared bytes")


@pytest.mark.parametrize("log", LOGS, ids=[p.stem for p in LOGS])
def test_a_dictionary_fills_1k_frames_with_more_records(log):
    zdict, records = sample(log, 300, 600)
    plain = list(pack(records, 1024, format="zlib"))
    primed = list(pack(records, 1024, format="zlib", zdict=zdict))
    assert len(primed) < len(plain), f"{len(primed)} frames with the dictionary, {len(plain)} without"
    assert [r for f in primed for r in fitflate.unpack(f, zdict=zdict)] == records
    first = len(fitflate.unpack(primed[0], zdict=zdict))
    assert first > len(fitflate.unpack(plain[0])), "the first frame holds more records"


def test_dictionary_id_types_and_the_dictid_in_the_cap():
    zdict = b"level=info service=checkout msg="
    assert Frame(64, format="zlib", zdict=zdict).dictionary_id == zlib.adler32(zdict)
    assert Frame(64, format="raw", zdict=bytearray(zdict)).dictionary_id == zlib.adler32(zdict)
    assert Frame(64, format="zlib", zdict=memoryview(zdict)).dictionary_id == zlib.adler32(zdict)
    assert Frame(64, format="zlib").dictionary_id is None
    assert Frame(64, format="zlib", zdict=None).dictionary_id is None
    assert "DICTID" in repr(Frame(64, format="zlib", zdict=zdict))
    with pytest.raises(TypeError):
        Frame(64, format="zlib", zdict="text")
    with pytest.raises(TypeError):
        fitflate.unpack(b"", zdict=42)
    # An empty dictionary is one (DICTID 1), as in zlib.
    f = Frame(64, format="zlib", zdict=b"")
    assert f.dictionary_id == 1
    f.push(b"x")
    assert inflate(f.finish(), "zlib", b"") == b"x\n"
    # A zlib frame with a dictionary is 4 bytes larger: 12 at least.
    with pytest.raises(ValueError, match="12"):
        Frame(11, format="zlib", zdict=zdict)
    f = Frame(12, format="zlib", zdict=zdict)
    assert f.size == 12
    with pytest.raises(fitflate.RecordTooLarge):
        f.push(b"")
    empty = f.finish()
    assert len(empty) == 12 and inflate(empty, "zlib", zdict) == b""
    assert fitflate.unpack(empty, zdict=zdict) == []
    # A long dictionary: only its last 32 KiB are reachable, its DICTID covers all of it.
    long = random.Random(3).randbytes(40_000).replace(b"\n", b" ")
    f = Frame(4096, format="zlib", zdict=long)
    assert f.dictionary_id == zlib.adler32(long)
    record = long[39_000:39_300]
    assert f.push(record)
    data = f.finish()
    assert len(data) < 40
    assert inflate(data, "zlib", long) == record + b"\n"
    assert fitflate.unpack(data, zdict=long) == [record]


def test_large_records_with_a_dictionary_release_the_gil():
    """A push of a multi-megabyte record into a frame with a dictionary still lets other Python
    threads run meanwhile."""
    rng = random.Random(9)
    zdict = rng.randbytes(32 << 10)
    rec = b"".join(zdict[i : i + 4096] for i in range(0, len(zdict), 4096)) * 96
    rec += rng.randbytes(2 << 20)
    f = Frame(16 << 20, format="zlib", level=9, delimiter=b"", zdict=zdict)
    stamps, window = [], []

    def work():
        t0 = time.perf_counter()
        f.push(rec)
        window.extend([t0, time.perf_counter()])

    t = threading.Thread(target=work)
    t.start()
    while t.is_alive():
        stamps.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    t0, t1 = window
    inside = [s for s in stamps if t0 + 0.03 < s < t1 - 0.001]
    if t1 - t0 > 0.1:  # only meaningful when the push takes a while
        assert inside, f"main thread made no progress during a {t1 - t0:.3f} s push"
    data = f.finish()
    assert inflate(data, "zlib", zdict) == rec
    assert fitflate.unpack(data, delimiter=b"", zdict=zdict) == [rec]


def test_the_stub_declares_the_modules_parameters():
    """fitflate.pyi lists the same parameters, in order, as the module's functions and classes
    take (so ``zdict`` and anything added later reach type checkers)."""
    tree = ast.parse((REPO / "python" / "fitflate.pyi").read_text())
    stub = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            stub[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__new__":
                    stub[node.name] = item
    for name in ("pack", "unpack", "decompress", "min_frame_size", "Frame", "StatefulCompressor"):
        runtime = [p for p in inspect.signature(getattr(fitflate, name)).parameters]
        declared = [a.arg for a in stub[name].args.args if a.arg != "cls"]
        assert declared == runtime, name
