"""Limits beside the cap: max_payload, max_records."""

import zlib

import pytest

import fitflate
from fitflate import Frame, RecordTooLarge, StatefulCompressor, pack
from helpers import decode


def test_frame_limits_refuse_like_the_cap():
    f = Frame(4096, max_records=3)
    assert (f.max_payload, f.max_records) == (None, 3)
    for i in range(3):
        assert f.push(b"record %d" % i)
    before = f.size
    assert not f.push(b"record 3")  # full: not taken, frame unchanged
    assert (f.records, f.size, f.payload_bytes) == (3, before, 27)
    assert decode(f.finish(), "gzip") == b"record 0\nrecord 1\nrecord 2\n"

    f = Frame(4096, format="zlib", max_payload=20)
    assert f.max_payload == 20
    assert f.push(b"x" * 9) and f.push(b"y" * 9)  # 20 bytes with delimiters: at the limit
    assert not f.push(b"")
    with pytest.raises(RecordTooLarge) as e:
        Frame(4096, max_payload=20).push(b"z" * 20)  # 21 bytes with its delimiter
    assert (e.value.record_len, e.value.max_payload, e.value.needed) == (20, 20, None)
    assert "payload limit of 20 bytes" in str(e.value)

    for bad in [dict(max_payload=0), dict(max_records=0), dict(max_records=-1)]:
        with pytest.raises(ValueError):
            Frame(4096, **bad)
        with pytest.raises(ValueError):
            pack([b"a"], 4096, **bad)
        with pytest.raises(ValueError):
            StatefulCompressor(4096, **bad)


@pytest.mark.parametrize("squeeze", [False, True])
def test_pack_keeps_limits_and_loses_nothing(squeeze):
    records = [b"event %d %s" % (i, b"ab" * (i % 17)) for i in range(400)]
    for kw in [dict(max_payload=500), dict(max_records=9), dict(max_payload=700, max_records=12)]:
        frames = list(pack(records, 256, squeeze=squeeze, **kw))
        back = []
        for frame in frames:
            assert len(frame) <= 256
            payload = decode(frame, "gzip")
            assert len(payload) <= kw.get("max_payload", len(payload))
            got = fitflate.unpack(frame)
            assert len(got) <= kw.get("max_records", len(got))
            back.extend(got)
        assert back == records


def test_pack_reports_or_skips_a_record_over_max_payload():
    records = [b"a", b"much too long", b"b"]
    it = pack(records, 4096, max_payload=8)
    with pytest.raises(RecordTooLarge) as e:
        next(it)
    assert e.value.max_payload == 8
    assert fitflate.unpack(next(it)) == [b"a", b"b"]  # resumed: nothing else lost

    it = pack(records, 4096, max_payload=8, skip_oversized=True)
    assert [r for f in it for r in fitflate.unpack(f)] == [b"a", b"b"]
    assert it.skipped == 1


def test_stateful_compressor_limits():
    c = StatefulCompressor(4096, max_records=2, max_payload=100)
    assert (c.max_payload, c.max_records) == (100, 2)
    assert c.compress(b"one") and c.compress(b"two")
    assert not c.compress(b"three")
    frame, _, size, _ = c.finalize()
    assert size == len(frame) and fitflate.unpack(frame) == [b"one", b"two"]
    assert c.compress(b"three")
