"""``Frame.first_record_age``: the clock of a latency bound. None while the frame is empty (a
refused record starts no clock), seconds since the first record once it holds one, None again
after ``finish()``; the frame's bytes never depend on it. And the shipper's loop it is for: a
frame is shipped once it is full or old enough, never empty."""

import time

from fitflate import Frame, RecordTooLarge, unpack

import pytest


def test_the_age_starts_at_the_first_record_and_ends_with_the_frame():
    frame = Frame(64, format="zlib")
    assert frame.first_record_age is None
    with pytest.raises(RecordTooLarge):
        frame.push(bytes(range(256)) * 16)  # fits no frame: no clock
    assert frame.first_record_age is None
    before = time.monotonic()
    assert frame.push(b"first")
    assert isinstance(frame.first_record_age, float)
    early = frame.first_record_age
    assert 0.0 <= early <= time.monotonic() - before
    time.sleep(0.03)
    assert frame.push(b"second")
    later = frame.first_record_age
    assert later >= early + 0.03
    while frame.push(b"more records until the frame is full"):
        pass
    assert frame.first_record_age >= later  # a refusal leaves the clock running
    frame.finish()
    assert frame.first_record_age is None


def test_a_shippers_loop_ships_frames_when_full_or_old_enough():
    flush_after = 0.5  # long beside the pushes, so that a loaded machine does not matter
    frame = Frame(4096)
    sent = []

    def ship_if_due():
        age = frame.first_record_age
        if age is not None and age >= flush_after:
            sent.append(frame.finish())

    records = [b"event %d" % i for i in range(6)]
    for i, record in enumerate(records):
        if not frame.push(record):
            sent.append(frame.finish())
            frame.push(record)
        if i == 2:
            time.sleep(flush_after)  # the stream goes quiet
        ship_if_due()
    ship_if_due()  # nothing due yet: the frame of the last three is young
    assert len(sent) == 1
    time.sleep(flush_after)
    ship_if_due()
    ship_if_due()  # the frame is empty now: nothing more, never an empty frame
    assert [unpack(f) for f in sent] == [records[:3], records[3:]]
