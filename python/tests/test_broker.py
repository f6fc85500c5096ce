"""A real sink, end to end: a NATS server enforcing a payload limit (``max_payload``), a bundled
log packed with that limit as the cap, every frame published with the NATS client library
(nats-py), received by a subscriber, unpacked and compared. The broker accepts every frame, and
every record comes back in order.

Needs ``nats-server`` (Debian: ``apt-get install nats-server``; ``.ci/run`` installs it) and
``nats-py`` (``build_and_test.sh`` installs it); skips with a message otherwise.
"""

import asyncio
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

import fitflate

nats = pytest.importorskip("nats", reason="nats-py is not installed (pip install nats-py)")

HDFS_LOG = Path(__file__).resolve().parents[2] / "corpus" / "loghub" / "HDFS_2k.log"
# The broker's payload limit: NATS's default is 1 MiB; a small one makes many frames.
MAX_PAYLOAD = 4096


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nats_url(tmp_path):
    server = shutil.which("nats-server")
    if server is None:
        pytest.skip("nats-server is not installed (Debian: apt-get install nats-server)")
    port = free_port()
    conf = tmp_path / "nats.conf"
    conf.write_text(f"listen: 127.0.0.1:{port}\nmax_payload: {MAX_PAYLOAD}\n")
    proc = subprocess.Popen(
        [server, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                    pytest.fail(f"nats-server did not start: {err}")
                time.sleep(0.05)
        yield f"nats://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_every_frame_fits_the_brokers_payload_limit(nats_url):
    lines = [line.rstrip(b"\r\n") for line in HDFS_LOG.read_bytes().splitlines()]
    frames = list(fitflate.pack(lines, MAX_PAYLOAD, format="gzip"))
    assert len(frames) > 10 and all(len(f) <= MAX_PAYLOAD for f in frames)

    async def publish_and_receive():
        nc = await nats.connect(nats_url)
        try:
            # The server told the client its limit.
            assert nc.max_payload == MAX_PAYLOAD
            sub = await nc.subscribe("logs.hdfs")
            for frame in frames:
                await nc.publish("logs.hdfs", frame)
            await nc.flush()
            received = [(await sub.next_msg(timeout=10)).data for _ in frames]
            # One byte over the limit is what the broker refuses.
            with pytest.raises(nats.errors.MaxPayloadError):
                await nc.publish("logs.hdfs", b"x" * (MAX_PAYLOAD + 1))
            return received
        finally:
            await nc.close()

    received = asyncio.run(publish_and_receive())
    assert received == frames
    records = [r for frame in received for r in fitflate.unpack(frame)]
    assert records == lines
