"""Do two Python threads, each packing its own stream, finish sooner than one thread doing both?

For each API (``Frame.push`` in a loop, and ``fitflate.pack``) and record kind, the same two jobs
run one after the other in one thread, then in two threads at once; the speedup is the first
time over the second (2.0 is perfect on two idle cores, below 1.0 means the threads hurt), and
how many cores the two threads kept busy (CPU time over wall time: below 2.0, one waited for the
GIL; near 2.0 with a speedup well below, the machine itself slowed between runs). Beside it, the
speedup of the same two jobs in two processes: what this machine gives two workers that share
nothing, the most two threads can reach.
Medians of REPEATS runs. Needs the wheel installed (``python/build_and_test.sh``):

    python/.venv/bin/python python/bench_threads.py [REPEATS]
"""

import functools
import multiprocessing
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


def in_processes(job, jobs):
    """Wall-clock seconds for the jobs in separate processes at once (forked, so they share the
    records): what the machine gives two independent workers, the ceiling for two threads."""
    ctx = multiprocessing.get_context("fork")
    t0 = time.perf_counter()
    ps = [ctx.Process(target=job, args=(j,)) for j in jobs]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return time.perf_counter() - t0


def timed(job, jobs, threads):
    """Wall-clock seconds, and the process's CPU seconds over them (2.0: both cores busy)."""
    c0, t0 = time.process_time(), time.perf_counter()
    if threads:
        ts = [threading.Thread(target=job, args=(j,)) for j in jobs]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    else:
        for j in jobs:
            job(j)
    wall = time.perf_counter() - t0
    return wall, (time.process_time() - c0) / wall


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
            one, two, busy, procs = [], [], [], []
            for _ in range(repeats):
                one.append(timed(job, jobs, threads=False)[0])
                wall, cpus = timed(job, jobs, threads=True)
                two.append(wall)
                busy.append(cpus)
                procs.append(in_processes(job, jobs))
            a, b, c = (statistics.median(v) for v in (one, two, procs))
            print(
                f"{kind:10} ({mean:5.0f} B, cap {cap:5}) {name:10}: one thread {a:6.3f} s, "
                f"two threads {b:6.3f} s, speedup {a / b:4.2f}x "
                f"(two processes {a / c:4.2f}x), cores busy {statistics.median(busy):4.2f}"
            )


if __name__ == "__main__":
    main()
