"""Shared helpers of the wheel's tests: the formats, a bundled log, decoding with Python's
zlib, and the users' record generator."""

import random
import string
import zlib
from pathlib import Path


import fitflate
from fitflate import Frame, StatefulCompressor

HDFS_LOG = Path(__file__).resolve().parents[2] / "corpus" / "loghub" / "HDFS_2k.log"
FORMATS = ["gzip", "zlib", "raw", "legacy"]
WBITS = {"gzip": 31, "legacy": 31, "zlib": 15, "raw": -15}


def their_records(seed, size):
    """The users' record generator: reseeds on every call, so it repeats one record."""
    while True:
        random.seed(seed)
        yield "".join(random.choices(string.ascii_letters + string.digits, k=size)).encode()


def decode(frame, format):
    """Decode one frame of `format` completely; check the container's end and return the
    payload."""
    if format == "legacy":
        member, tail = frame[:-4], frame[-4:]
        assert int.from_bytes(tail, "big") == zlib.crc32(member), "legacy CRC-32 wrong"
        frame = member
    d = zlib.decompressobj(wbits=WBITS[format])
    out = d.decompress(frame) + d.flush()
    assert d.eof, "stream not finished"
    assert d.unused_data == b"", "bytes after the stream"
    return out


def check_repeats(member, unit, n):
    """The gzip `member` decodes to exactly `n` copies of `unit` (streamed in chunks of whole
    units, so a frame holding hundreds of megabytes is never materialised)."""
    d = zlib.decompressobj(wbits=31)
    limit = max(len(unit), 1 << 20)
    data, buf, seen = member, b"", 0
    while not d.eof:
        out = d.decompress(data, limit)
        data = d.unconsumed_tail
        if not out and not data:
            break  # no input left and no progress: truncated (caught below)
        buf += out
        k = len(buf) // len(unit)
        assert buf[: k * len(unit)] == unit * k, "unexpected bytes"
        seen += k
        buf = buf[k * len(unit) :]
    assert d.eof, "gzip member not finished"
    assert d.unused_data == b"" and data == b"", "bytes after the gzip member"
    assert buf == b"", "partial record at the end"
    assert seen == n, f"decoded {seen} records, accepted {n}"


def check_finalized(result, cap, records):
    """`result` is a StatefulCompressor.finalize() tuple holding exactly `records` (a list)."""
    frame, checksum, size, incomplete = result
    assert isinstance(frame, bytes)
    assert size == len(frame) <= cap
    assert incomplete is False
    member = frame[:-4]
    assert checksum == int.from_bytes(frame[-4:], "big") == zlib.crc32(member)
    assert decode(frame, "legacy") == b"".join(r + b"\n" for r in records)


def incremental_size(records, format="gzip", level=6):
    """Exact size of a frame with a cap too large to matter holding `records`."""
    f = Frame(2**40, format=format, level=level)
    for r in records:
        assert f.push(r)
    return f.size


def hdfs_lines():
    return [line.rstrip(b"\r\n") for line in HDFS_LOG.read_bytes().splitlines()]
