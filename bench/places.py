"""Place matching: any typed text to a municipality, and what the place data costs in memory.

Run from the repository root:

    .venv/bin/python bench/places.py            # every name, typos, bad input: 5 rounds
    .venv/bin/python bench/places.py --rounds 2

The inputs: all 342 municipality names and 2,501 woonplaatsen as written, the same lower
case and without accents, every alias, a typo (one letter dropped, one swapped) of every
municipality name, names CBS writes with a suffix typed without it, districts, whole
sentences ("ik woon in ede"), and bad input (empty, emoji, 500 letters, mixed scripts,
unknown names). Each `Places.match` call is timed with time.perf_counter; the memory is
tracemalloc's count of what loading the rows and building the matcher allocates (the
matcher's tables plus the rows the build keeps), measured in a fresh process state.

A benchmark, not a test: it prints PASS/FAIL per target and always exits 0.
Targets (issue 17): p95 < 1 ms; memory added < 20 MB.
"""

from __future__ import annotations

import argparse
import csv
import gc
import platform
import random
import statistics
import sys
import time
import tracemalloc
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.knowledge import placefiles  # noqa: E402
from assistant.knowledge.loader import load  # noqa: E402
from assistant.knowledge.places import Places, normalise  # noqa: E402

PLACES = ROOT / "knowledge" / "places"


def inputs() -> list[str]:
    rnd = random.Random(17)
    with (PLACES / "municipalities.csv").open(encoding="utf-8") as f:
        munis = [r["name"] for r in csv.DictReader(f)]
    with (PLACES / "woonplaatsen.csv").open(encoding="utf-8") as f:
        woon = [r["woonplaats"] for r in csv.DictReader(f)]
    typos = []
    for name in munis:
        n = normalise(name)
        if len(n) >= 5:
            i = rnd.randrange(1, len(n) - 1)
            typos.append(n[:i] + n[i + 1 :])  # a letter dropped
            typos.append(n[:i] + n[i + 1] + n[i] + n[i + 2 :])  # two swapped
    other = [
        "Hengelo", "Rijswijk", "Beek", "Bergen", "Den Bosch", "Den Haag", "Scheveningen", "Hoogvliet",
        "Zuidoost", "amsterdam zuidoost", "ik woon in ede", "gemeente Oss", "utrecht centraal",
        "", " ", "🙂🙂🙂", "a" * 500, "Утрecht", "Amsterdаm", "Xyzdorp", "qwertyuiop", "12345",
        "ik slaap al drie weken bij een vriend in de buurt van het station", "Oss " * 40,
    ]
    return munis + woon + [n.lower() for n in munis] + typos + other


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    # Memory: the rows as the build stores them, and the matcher built from them.
    covered = load(ROOT / "knowledge").municipalities
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    rows, _ = placefiles.read(PLACES)
    places = Places(rows, covered)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    added = sum(s.size_diff for s in after.compare_to(before, "filename"))
    megabytes = added / 1_000_000

    texts = inputs()
    for text in texts:  # warm up
        places.match(text)
    times: list[float] = []
    slowest: list[tuple[float, str]] = []
    for _ in range(args.rounds):
        for text in texts:
            t0 = time.perf_counter()
            places.match(text)
            elapsed = (time.perf_counter() - t0) * 1000
            times.append(elapsed)
            slowest.append((elapsed, text))
    times.sort()

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(p * len(times)))]

    found = sum(1 for t in texts if places.match(t).place is not None)
    asked = sum(1 for t in texts if places.match(t).ambiguous)
    fuzz = metadata.version("rapidfuzz")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, rapidfuzz {fuzz}")
    print(f"names in the matcher: {len(places._names):,}; inputs: {len(texts):,} x {args.rounds} rounds")
    print(f"inputs answered with one town: {found:,}; asked which of two or more: {asked:,}")
    print(f"match latency ms: p50 {pct(0.50):.3f}  p95 {pct(0.95):.3f}  p99 {pct(0.99):.3f}  max {times[-1]:.3f}")
    print(f"mean {statistics.mean(times):.3f} ms")
    print("slowest:", ", ".join(f"{t!r:.30} {ms:.2f} ms" for ms, t in sorted(slowest, reverse=True)[:5]))
    print(f"memory added by the place data and matcher: {megabytes:.1f} MB")
    print(f"target p95 < 1 ms: {'PASS' if pct(0.95) < 1 else 'FAIL'}")
    print(f"target memory < 20 MB: {'PASS' if megabytes < 20 else 'FAIL'}")


if __name__ == "__main__":
    main()
