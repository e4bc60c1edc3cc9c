"""What a rate-limit check costs now that the limits live in SQLite (issue 20).

Run from the repository root:

    .venv/bin/python bench/limits.py

Measures `RateLimiter.allow()` as a search request calls it (one UPSERT on a WAL file,
a connection per thread kept open), for one key and for 10,000 distinct keys, in one
process and with two processes at once (as two waitress processes would); the address
is hashed inside the timing, as web.search_allowed() does.
Target: at most 0.2 ms per search request. It prints PASS/FAIL and always exits 0.
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.ratelimit import LimitStore, RateLimiter

ROUNDS = 20_000
TARGET_MS = 0.2


def run(db: str, keys: int, rounds: int = ROUNDS) -> list[float]:
    limiter = RateLimiter(1_000_000, 60.0, store=LimitStore(db), name="search")
    times = []
    for n in range(rounds):
        address = f"10.0.{n % keys // 250}.{n % keys % 250}"
        start = time.perf_counter()
        limiter.allow(limiter.key("search", address))  # what web.search_allowed() does
        times.append(time.perf_counter() - start)
    return times


def _worker(db: str, keys: int, out) -> None:
    out.put(run(db, keys))


def report(label: str, times: list[float]) -> None:
    times = sorted(times)
    p50 = times[len(times) // 2] * 1000
    p99 = times[int(len(times) * 0.99)] * 1000
    verdict = "PASS" if p99 <= TARGET_MS else "FAIL"
    print(f"{label:44} p50 {p50:.3f} ms  p99 {p99:.3f} ms  mean {statistics.mean(times) * 1000:.3f} ms  {verdict}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "limits.db")
        run(db, 1, 500)  # warm: create the file and tables
        report("one process, one address", run(db, 1))
        report("one process, 10,000 addresses", run(db, 10_000))
        queue: multiprocessing.Queue = multiprocessing.Queue()
        procs = [multiprocessing.Process(target=_worker, args=(db, 10_000, queue)) for _ in range(2)]
        for p in procs:
            p.start()
        both = queue.get() + queue.get()
        for p in procs:
            p.join()
        report("two processes at once, 10,000 addresses", both)


if __name__ == "__main__":
    main()
