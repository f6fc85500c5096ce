"""Do two Python threads, each packing its own stream, finish sooner than one thread doing both?

For each API (``Frame.push`` in a loop, and ``fitflate.pack``) and record kind, the same two jobs
run one after the other in one thread, then in two threads at once; the speedup is the first
time over the second (2.0 is perfect on two idle cores, below 1.0 means the threads hurt).
Medians of REPEATS runs. Needs the wheel installed (``python/build_and_test.sh``):

    python/.venv/bin/python python/bench_threads.py [REPEATS]
"""

import functools
import os
import statistics
import sys
import threading
import time

import fitflate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAP = 4096
# JSON payloads of 2-27 KB: a cap that holds several.
CAPS = {"json docs": 65536}


def records(kind):
    """Records of one kind from the bundled corpora: about 8 MB, or 32 MB of the JSON payloads
    (which compress three times as fast), so that each job takes a tenth of a second or more."""
    path = {
        "log lines": ("loghub", "HDFS_2k.log"),
        "csv rows": ("vega-datasets", "birdstrikes.csv"),
        "json docs": ("octokit-webhooks", "webhooks.jsonl"),
    }[kind]
    with open(os.path.join(ROOT, "corpus", *path), "rb") as f:
        lines = f.read().splitlines()
    out, size = [], 0
    while size < (32_000_000 if kind == "json docs" else 8_000_000):
        for line in lines:
            out.append(line)
            size += len(line)
    return out


def with_frame(recs, cap=CAP):
    frame, n = fitflate.Frame(cap), 0
    for r in recs:
        if not frame.push(r):
            n += len(frame.finish())
            frame.push(r)
    return n + len(frame.finish())


def with_push_many(recs, cap=CAP):
    frame, n, i = fitflate.Frame(cap), 0, 0
    while i < len(recs):
        i = frame.push_many(recs, i)
        if i < len(recs):
            n += len(frame.finish())
    return n + len(frame.finish())


def with_pack(recs, cap=CAP):
    return sum(len(f) for f in fitflate.pack(recs, cap))


def timed(job, jobs, threads):
    t0 = time.perf_counter()
    if threads:
        ts = [threading.Thread(target=job, args=(j,)) for j in jobs]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    else:
        for j in jobs:
            job(j)
    return time.perf_counter() - t0


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"cpus: {os.cpu_count()}, medians of {repeats}")
    for kind in ["log lines", "csv rows", "json docs"]:
        recs = records(kind)
        cap = CAPS.get(kind, CAP)
        mean = sum(map(len, recs)) / len(recs)
        jobs = [recs, list(reversed(recs))]
        apis = [("Frame.push", with_frame), ("push_many", with_push_many), ("pack", with_pack)]
        for name, api in apis:
            job = functools.partial(api, cap=cap)
            one, two = [], []
            for _ in range(repeats):
                one.append(timed(job, jobs, threads=False))
                two.append(timed(job, jobs, threads=True))
            a, b = statistics.median(one), statistics.median(two)
            print(
                f"{kind:10} ({mean:5.0f} B, cap {cap:5}) {name:10}: one thread {a:6.3f} s, "
                f"two threads {b:6.3f} s, speedup {a / b:4.2f}x"
            )


if __name__ == "__main__":
    main()
