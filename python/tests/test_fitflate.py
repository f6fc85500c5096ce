"""Tests of the fitflate wheel: the drop-in StatefulCompressor, the Frame / pack API, and a
comparison with the best packer a zlib user can write. Reading back: test_read.py; limits:
test_limits.py."""

import array
import random
import subprocess
import threading
import time
import zlib
from pathlib import Path

import pytest

import fitflate
from fitflate import Frame, RecordTooLarge, StatefulCompressor, min_frame_size, pack
from helpers import HDFS_LOG, FORMATS, their_records, decode, check_repeats, check_finalized, incremental_size, hdfs_lines

# ----------------------------------------------------------------------------------------------
# the users' own scenarios
# ----------------------------------------------------------------------------------------------

SCENARIOS = [(i, 8 * i * i, 8 * 2**i) for i in range(1, 20)] + [(i, 200, 200) for i in range(1, 20)]


@pytest.mark.parametrize("seed,size,cap", SCENARIOS, ids=[f"seed{s}-size{z}-cap{c}" for s, z, c in SCENARIOS])
def test_their_scenarios(seed, size, cap):
    gen = their_records(seed, size)
    rec = next(gen)
    assert next(gen) == rec, "the generator repeats one record"
    assert len(rec) == size
    if cap < 24:
        with pytest.raises(ValueError, match="24"):
            StatefulCompressor(cap)
        return
    c = StatefulCompressor(cap)
    n = 0
    while c.compress(rec):
        n += 1
    assert c.records == n
    predicted = c.size
    frame, checksum, size_, incomplete = c.finalize()
    assert size_ == len(frame) == predicted <= cap
    assert incomplete is False
    member = frame[:-4]
    assert checksum == int.from_bytes(frame[-4:], "big") == zlib.crc32(member)
    check_repeats(member, rec + b"\n", n)
    # Refusals are justified: the same records plus one more overflow the cap.
    if n < 20_000:
        assert incremental_size([rec] * (n + 1), "legacy") > cap
    # Reset after finalize: the next frame is made the same way, bit for bit.
    assert c.records == 0 and c.size == 24
    m = 0
    while c.compress(rec):
        m += 1
    assert m == n
    assert c.finalize()[0] == frame


def test_their_scenarios_fill_frames():
    """Repeated records compress well: the big caps hold many of them, close to the cap."""
    rec = next(their_records(12, 8 * 12 * 12))
    c = StatefulCompressor(8 * 2**12)
    n = 0
    while c.compress(rec):
        n += 1
    frame, _, size, _ = c.finalize()
    assert n > 100
    assert size > 8 * 2**12 - 64


# ----------------------------------------------------------------------------------------------
# StatefulCompressor details
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cap", [-1, 0, 1, 20, 23])
def test_stateful_cap_below_minimum(cap):
    with pytest.raises(ValueError, match="minimum of 24 bytes"):
        StatefulCompressor(cap)


@pytest.mark.parametrize("level", [-1, 11, 100])
def test_stateful_bad_level(level):
    with pytest.raises(ValueError, match="level"):
        StatefulCompressor(1000, level)


def test_stateful_minimum_cap_holds_empty_frame_only():
    c = StatefulCompressor(24)
    assert c.compress(b"") is False  # even "\n" needs a byte
    assert c.compress(b"x") is False
    result = c.finalize()
    assert result[2] == 24
    check_finalized(result, 24, [])


@pytest.mark.parametrize("cap", range(24, 129))
@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_stateful_small_caps(cap, level):
    records = [f"record {i} {'ab' * (i % 7)}".encode() for i in range(200)]
    c = StatefulCompressor(cap, level=level)
    taken = []
    for r in records:
        if not c.compress(r):
            break
        taken.append(r)
    result = c.finalize()
    check_finalized(result, cap, taken)
    # Justified refusal: one more record overflows.
    if len(taken) < len(records):
        assert incremental_size(records[: len(taken) + 1], "legacy", level) > cap


def test_stateful_record_that_never_fits_returns_false():
    rec = next(their_records(3, 400))
    c = StatefulCompressor(200)
    assert c.compress(b"short") is True
    assert c.compress(rec) is False  # full
    assert c.records == 1
    check_finalized(c.finalize(), 200, [b"short"])
    assert c.compress(rec) is False  # fits no frame: still False, no exception
    check_finalized(c.finalize(), 200, [])


def test_stateful_empty_records():
    c = StatefulCompressor(64)
    n = 0
    while c.compress(b""):
        n += 1
        assert n < 10**6
    assert n > 20
    check_finalized(c.finalize(), 64, [b""] * n)


@pytest.mark.parametrize(
    "wrap",
    [bytes, bytearray, memoryview, lambda b: memoryview(bytearray(b)), lambda b: array.array("B", b)],
    ids=["bytes", "bytearray", "memoryview", "memoryview-bytearray", "array"],
)
def test_stateful_bytes_like(wrap):
    records = [f"line {i}: {'x' * i}".encode() for i in range(50)]
    c = StatefulCompressor(4096)
    for r in records:
        assert c.compress(wrap(r))
    check_finalized(c.finalize(), 4096, records)


def test_non_contiguous_memoryview():
    c = StatefulCompressor(100)
    assert c.compress(memoryview(b"aXbXcX")[::2])
    check_finalized(c.finalize(), 100, [b"abc"])


@pytest.mark.parametrize("bad", ["text", 5, None, 1.5, [1, 2]])
def test_not_bytes_like(bad):
    c = StatefulCompressor(100)
    with pytest.raises(TypeError):
        c.compress(bad)
    with pytest.raises(TypeError):
        Frame(100).push(bad)
    with pytest.raises(TypeError):
        list(pack([bad], 100))


def test_stateful_properties_and_repr():
    c = StatefulCompressor(1000, level=9)
    assert c.max_size_in_bytes == 1000 and c.level == 9 and c.records == 0 and c.size == 24
    c.compress(b"hello")
    assert c.records == 1 and c.size > 24
    assert "StatefulCompressor(max_size_in_bytes=1000, level=9)" in repr(c)


def test_large_records_release_the_gil():
    """A push of a multi-megabyte record lets other Python threads run meanwhile."""
    rec = random.Random(7).randbytes(6 << 20)
    f = Frame(8 << 20, format="gzip", level=9)
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
    assert decode(f.finish(), "gzip") == rec + b"\n"


# ----------------------------------------------------------------------------------------------
# Frame
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_min_frame_size(format):
    minimum = {"gzip": 20, "zlib": 8, "raw": 2, "legacy": 24}[format]
    assert min_frame_size(format) == minimum
    with pytest.raises(ValueError, match=f"minimum of {minimum} bytes"):
        Frame(minimum - 1, format=format)
    f = Frame(minimum, format=format)
    assert f.size == minimum
    with pytest.raises(RecordTooLarge):
        f.push(b"")
    frame = f.finish()
    assert len(frame) == minimum
    assert decode(frame, format) == b""


@pytest.mark.parametrize("format", FORMATS)
def test_frame_small_caps(format):
    records = [f"{i:04d} {'abc' * (i % 5)}".encode() for i in range(100)]
    minimum = min_frame_size(format)
    for cap in range(minimum, minimum + 160):
        f = Frame(cap, format=format)
        taken = []
        for r in records:
            try:
                ok = f.push(r)
            except RecordTooLarge:
                assert not taken
                break
            if not ok:
                assert taken, "an empty frame never answers full"
                break
            taken.append(r)
        size = f.size
        frame = f.finish()
        assert len(frame) == size <= cap
        assert decode(frame, format) == b"".join(r + b"\n" for r in taken)
        # Exact: the refused record overflows the cap, and the frame is what a frame of any
        # larger cap holding the same records is, bit for bit.
        if len(taken) < len(records):
            g = Frame(100_000, format=format)
            for r in taken:
                assert g.push(r)
            assert g.finish() == frame
            assert incremental_size(records[: len(taken) + 1], format) > cap


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("level", [0, 1, 4, 6, 9])
def test_frame_roundtrip(format, level):
    lines = hdfs_lines()
    f = Frame(16384, format=format, level=level, delimiter=b"\r\n")
    assert f.format == format and f.level == level and f.delimiter == b"\r\n" and f.cap == 16384
    taken = 0
    for line in lines:
        if not f.push(line):
            break
        taken += 1
    assert len(f) == f.records == taken > 0
    assert f.payload_bytes == sum(len(x) + 2 for x in lines[:taken])
    size = f.size
    frame = f.finish()
    assert len(frame) == size <= 16384
    assert decode(frame, format) == b"".join(x + b"\r\n" for x in lines[:taken])


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("level,squeeze", [(1, False), (6, False), (6, True)])
def test_frame_take_output_streams_the_same_frames(format, level, squeeze):
    lines = hdfs_lines() * 3
    whole = Frame(65536, format=format, level=level, squeeze=squeeze)
    streamed = Frame(65536, format=format, level=level, squeeze=squeeze)
    pieces, early, frames = [], 0, 0
    for line in lines:
        a, b = whole.push(line), streamed.push(line)
        assert a == b
        piece = streamed.take_output()
        early += len(piece)
        pieces.append(piece)
        if not a:
            pieces.append(streamed.finish())
            frame = whole.finish()
            assert b"".join(pieces) == frame and len(frame) <= 65536
            pieces, frames = [], frames + 1
            assert whole.push(line) and streamed.push(line)
    pieces.append(streamed.finish())
    frame = whole.finish()
    assert b"".join(pieces) == frame
    assert decode(frame, format)
    assert frames > 0 and early > 0  # bytes really went out before finish


def test_frame_reuse_after_finish():
    f = Frame(200)
    assert f.push(b"one") and f.push(b"two")
    first = f.finish()
    assert f.records == 0 and f.size == 20 and f.payload_bytes == 0
    assert f.push(b"one") and f.push(b"two")
    assert f.finish() == first
    assert decode(first, "gzip") == b"one\ntwo\n"


def test_frame_empty_records_and_delimiters():
    f = Frame(64, delimiter=b"")
    for _ in range(1000):
        assert f.push(b"")  # nothing to add, always fits
    assert f.records == 1000 and f.size == 20
    assert decode(f.finish(), "gzip") == b""
    f = Frame(64, delimiter=None)
    assert f.delimiter == b"\n"
    f = Frame(64, delimiter=bytearray(b"||"))
    assert f.push(memoryview(b"a")) and f.push(bytearray(b"b"))
    assert decode(f.finish(), "gzip") == b"a||b||"


def test_record_too_large():
    rec = random.Random(1).randbytes(500)
    f = Frame(300)
    with pytest.raises(RecordTooLarge) as info:
        f.push(rec)
    e = info.value
    assert isinstance(e, ValueError)
    assert e.record_len == 500 and e.cap == 300 and e.needed > 300
    assert "500 bytes" in str(e) and "300" in str(e)
    assert f.records == 0 and f.size == 20
    assert f.push(b"small")  # unchanged, still usable
    assert f.push(rec) is False  # not empty any more: full, not an error
    assert decode(f.finish(), "gzip") == b"small\n"


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(cap=100, format="lz4"), "unknown format"),
        (dict(cap=100, level=11), "level"),
        (dict(cap=100, level=-1), "level"),
        (dict(cap=-5), "minimum of 20 bytes"),
        (dict(cap=7, format="zlib"), "minimum of 8 bytes"),
        (dict(cap=2**70), "too large"),
    ],
)
def test_frame_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Frame(**kwargs)
    with pytest.raises(ValueError, match=match):
        pack([], **kwargs)


def test_module_attributes():
    assert fitflate.__version__
    assert fitflate.MAX_LEVEL == 10
    assert set(fitflate.FORMATS) == set(FORMATS)
    assert issubclass(RecordTooLarge, ValueError)
    for name in ("StatefulCompressor", "Frame", "pack", "Packer", "min_frame_size"):
        assert getattr(fitflate, name).__doc__
    assert Frame.push.__doc__ and StatefulCompressor.finalize.__doc__
    pkg = Path(fitflate.__file__).parent
    assert (pkg / "py.typed").exists() and (pkg / "__init__.pyi").exists()


# ----------------------------------------------------------------------------------------------
# pack
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("cap", [1536, 4096])
def test_pack_all_formats(format, cap):
    lines = hdfs_lines()
    it = pack((line for line in lines), cap, format=format)
    assert iter(it) is it
    frames = list(it)
    assert all(len(fr) <= cap for fr in frames)
    assert b"".join(decode(fr, format) for fr in frames) == b"".join(x + b"\n" for x in lines)
    assert it.frames == len(frames) and it.records == len(lines) and it.skipped == 0
    # Same frames as driving Frame by hand.
    f, expected = Frame(cap, format=format), []
    for line in lines:
        if not f.push(line):
            expected.append(f.finish())
            assert f.push(line)
    expected.append(f.finish())
    assert frames == expected
    with pytest.raises(StopIteration):
        next(it)


def test_pack_empty_input_and_bytes_like():
    assert list(pack([], 100)) == []
    frames = list(pack([bytearray(b"a"), memoryview(b"b"), b"c"], 100, format="zlib", delimiter=b","))
    assert len(frames) == 1 and decode(frames[0], "zlib") == b"a,b,c,"


def test_pack_settings_checked_before_reading():
    started = []

    def gen():
        started.append(True)
        yield b"x"

    with pytest.raises(ValueError):
        pack(gen(), 10)
    assert not started


def test_pack_oversized():
    big = random.Random(2).randbytes(2000)
    records = [b"a", b"b", big, b"c"]
    it = pack(records, 512, skip_oversized=True)
    frames = list(it)
    assert it.skipped == 1 and it.records == 3
    assert [decode(fr, "gzip") for fr in frames] == [b"a\nb\nc\n"]

    it = pack(records, 512)
    with pytest.raises(RecordTooLarge, match="record 2") as info:
        next(it)
    assert info.value.record_len == 2000
    # Resumable: the record is left out, the open frame is kept.
    frames = list(it)
    assert [decode(fr, "gzip") for fr in frames] == [b"a\nb\nc\n"]


def test_pack_propagates_input_errors():
    def gen():
        yield b"a"
        raise KeyError("boom")

    with pytest.raises(KeyError):
        list(pack(gen(), 100))


def test_pack_of_a_list_or_tuple_equals_pack_of_an_iterator():
    # Lists and tuples are packed a batch (64 KiB, 1024 records) at a time with the GIL
    # released; the frames, counters and errors are those of a generator of the same records.
    rng = random.Random(5)
    lines = hdfs_lines()[:3000]
    big = rng.randbytes(5000)
    records = lines[:1500] + [big] + lines[1500:] + [b"", big[:100]]
    for cap, skip in [(512, True), (4096, True), (64 * 1024, True)]:
        want = pack(iter(records), cap, skip_oversized=skip)
        frames = list(want)
        for seq in (records, tuple(records)):
            got = pack(seq, cap, skip_oversized=skip)
            assert list(got) == frames
            assert (got.frames, got.records, got.skipped) == (want.frames, want.records, want.skipped)
    # Without skipping: the same error at the same record, and resumable the same way.
    for seq in (iter(records), records):
        it = pack(seq, 4096)
        before = []
        with pytest.raises(RecordTooLarge, match="record 1500 "):
            for frame in it:
                before.append(frame)
        after = list(it)
        back = [r for f in before + after for r in fitflate.unpack(f)]
        assert back == records[:1500] + records[1501:]


def test_pack_of_a_file_reads_batches_of_lines_and_equals_reading_line_by_line(tmp_path):
    # A seekable binary file is read a batch of lines at a time (readlines), a pipe line by
    # line; both give the frames of the same lines as a list of records.
    lines = [b"line %d \r" % i + b"x" * (i % 300) for i in range(5000)] + [b"no newline at the end"]
    data = b"\n".join(lines)
    path = tmp_path / "records.txt"
    path.write_bytes(data)
    for keep_cr in (False, True):
        want = [l if keep_cr else l.rstrip(b"\r") for l in lines]
        expected = list(pack(want, 4096))
        with open(path, "rb") as f:
            assert f.seekable()
            assert list(pack(f, 4096, keep_cr=keep_cr)) == expected
        with subprocess.Popen(["cat", str(path)], stdout=subprocess.PIPE) as proc:
            assert not proc.stdout.seekable()
            assert list(pack(proc.stdout, 4096, keep_cr=keep_cr)) == expected


def test_frame_push_many_equals_push_one_by_one():
    rng = random.Random(7)
    records = hdfs_lines() + [rng.randbytes(n) for n in (0, 10, 3000, 100)] + hdfs_lines()[:50]
    for cap, fmt in [(4096, "gzip"), (16384, "zlib"), (65536, "raw")]:
        one, many = Frame(cap, format=fmt), Frame(cap, format=fmt)
        want, got = [], []
        for r in records:
            if not one.push(r):
                want.append(one.finish())
                assert one.push(r)
        want.append(one.finish())
        i = 0
        for seq in (records, tuple(records)):
            i, got = 0, []
            while i < len(seq):
                j = many.push_many(seq, i)
                if j < len(seq):
                    assert j > i or many.records > 0
                    got.append(many.finish())
                i = j
            got.append(many.finish())
            assert got == want


def test_frame_push_many_raises_only_for_the_record_at_start():
    big = random.Random(3).randbytes(3000)
    f = Frame(512)
    records = [b"a", b"b", big, b"c", "no bytes", b"d"]
    assert f.push_many(records) == 2  # full: the big record does not fit after a and b
    assert fitflate.unpack(f.finish()) == [b"a", b"b"]
    with pytest.raises(RecordTooLarge):
        f.push_many(records, 2)  # it fits no frame
    assert f.records == 0  # unchanged
    assert f.push_many(records, 3) == 4  # stops before the item that is no record
    with pytest.raises(TypeError):
        f.push_many(records, 4)
    assert f.push_many(records, 5) == 6
    assert fitflate.unpack(f.finish()) == [b"c", b"d"]
    # A record that fits no frame after others ends the call before it, without raising.
    assert f.push_many([b"e", big], 0) == 1 and f.records == 1
    with pytest.raises(TypeError, match="list or tuple"):
        f.push_many(iter([b"x"]))
    assert f.push_many([], 0) == 0 and f.push_many([b"x"], 5) == 5


def test_pack_of_a_list_reports_an_item_that_is_no_record_after_the_records_before_it():
    records = [b"a", b"b", "not bytes", b"c"]
    it = pack(records, 4096)
    with pytest.raises(TypeError, match="bytes-like"):
        next(it)
    # Resumable: the records before it are in the open frame, those after it follow.
    assert [fitflate.unpack(f) for f in it] == [[b"a", b"b", b"c"]]


# ----------------------------------------------------------------------------------------------
# comparison with the best a zlib user can do
# ----------------------------------------------------------------------------------------------


def zlib_pack(records, cap, level=6):
    """An exact packer on Python's zlib: for every record, compress it into a copy of the
    stream, finish a copy of that to learn the exact finished size, and keep the record only if
    that fits (otherwise roll back by dropping the copy). Frames are gzip members. A record that
    does not fit even into an empty frame is skipped. Returns (frames, skipped records)."""
    frames, skipped = [], 0

    def fresh():
        return zlib.compressobj(level, zlib.DEFLATED, 31), [], 0, 0

    def finished_size(comp, emitted):
        return emitted + len(comp.copy().flush())

    comp, parts, emitted, n = fresh()
    for rec in records:
        data = rec + b"\n"
        trial = comp.copy()
        piece = trial.compress(data)
        if finished_size(trial, emitted + len(piece)) <= cap:
            comp, emitted, n = trial, emitted + len(piece), n + 1
            parts.append(piece)
            continue
        if n == 0:  # even an empty frame cannot take it
            skipped += 1
            continue
        # Full: close this frame, open the next with the record (unless it fits no frame).
        frames.append(b"".join(parts) + comp.flush())
        comp, parts, emitted, n = fresh()
        trial = comp.copy()
        piece = trial.compress(data)
        if finished_size(trial, len(piece)) <= cap:
            comp, emitted, n = trial, len(piece), 1
            parts.append(piece)
        else:
            skipped += 1
    if n:
        frames.append(b"".join(parts) + comp.flush())
    return frames, skipped


@pytest.mark.parametrize("cap", [1024, 4096, 16384])
def test_packs_at_least_as_well_as_exact_zlib_packer(cap):
    lines = hdfs_lines()
    it = pack(lines, cap, format="gzip", level=6, skip_oversized=True)
    ours = list(it)
    theirs, their_skipped = zlib_pack(lines, cap, level=6)
    assert all(len(fr) <= cap for fr in ours + theirs)
    payload = b"".join(decode(fr, "gzip") for fr in ours)
    assert payload == b"".join(decode(fr, "gzip") for fr in theirs)
    assert it.skipped == their_skipped and it.records == len(lines) - it.skipped
    print(
        f"cap {cap}: fitflate {len(ours)} frames ({it.records / len(ours):.2f} records/frame), "
        f"exact zlib packer {len(theirs)} frames ({it.records / len(theirs):.2f} records/frame), "
        f"{it.skipped} records fit no frame"
    )
    assert len(ours) <= len(theirs)


@pytest.mark.parametrize("log", sorted(HDFS_LOG.parent.glob("*.log")), ids=lambda p: p.name)
@pytest.mark.parametrize("level", [1, 6, 9])
def test_every_bundled_log_packs_at_least_as_well_as_zlib(log, level):
    lines = [line.rstrip(b"\r\n") for line in log.read_bytes().splitlines()]
    for cap in (1024, 4096):
        it = pack(lines, cap, level=level, skip_oversized=True)
        ours = list(it)
        theirs, skipped = zlib_pack(lines, cap, level)
        assert it.skipped == skipped
        assert all(len(fr) <= cap for fr in ours)
        assert len(ours) <= len(theirs), (cap, len(ours), len(theirs))


# --- squeezing ------------------------------------------------------------------------------


def test_squeeze_packs_at_least_as_many_records_and_keeps_every_frame_valid():
    lines = [line.rstrip(b"\r\n") for line in HDFS_LOG.read_bytes().splitlines()]
    for cap in (4096, 16384):
        plain = list(fitflate.pack(lines, cap))
        squeezed = list(fitflate.pack(lines, cap, squeeze=True))
        assert len(squeezed) <= len(plain)
        out = b""
        for frame in squeezed:
            assert len(frame) <= cap
            d = zlib.decompressobj(wbits=31)
            out += d.decompress(frame) + d.flush()
            assert d.eof and not d.unused_data
        assert out == b"".join(line + b"\n" for line in lines)


def test_squeeze_in_stateful_compressor_is_still_capped():
    c = fitflate.StatefulCompressor(300, squeeze=True)
    rec = b"abc123" * 20
    n = 0
    while c.compress(rec):
        n += 1
    frame, crc, size, incomplete = c.finalize()
    assert size == len(frame) <= 300 and not incomplete
    d = zlib.decompressobj(wbits=31)
    assert d.decompress(frame[:-4]) + d.flush() == (rec + b"\n") * n


def test_level_10_is_the_strongest_and_stays_capped():
    lines = [line.rstrip(b"\r\n") for line in HDFS_LOG.read_bytes().splitlines()][:400]
    nine = list(fitflate.pack(lines, 4096, level=9))
    ten = list(fitflate.pack(lines, 4096, level=10))
    assert len(ten) <= len(nine)
    out = b""
    for frame in ten:
        assert len(frame) <= 4096
        d = zlib.decompressobj(wbits=31)
        out += d.decompress(frame) + d.flush()
        assert d.eof and not d.unused_data
    assert out == b"".join(line + b"\n" for line in lines)
