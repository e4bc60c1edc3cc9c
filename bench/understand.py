"""How fast a typed sentence is read (assistant/understand.py): p50/p95/max per sentence.

Run: .venv/bin/python bench/understand.py [--rounds N]
Sentences: all three sets in tests/fixtures (understand_*.yaml), plus long and odd input.
Target: p95 under 5 ms a sentence. A benchmark, not a test: prints PASS or FAIL, exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.evaluate import load_sentences
from assistant.knowledge.loader import load
from assistant.paths import KNOWLEDGE, ROOT
from assistant.understand import understand

TARGET_MS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    kb = load(KNOWLEDGE)
    cases = [(c["lang"], c["text"]) for p in sorted((ROOT / "tests/fixtures").glob("understand_*.yaml"))
             for c in load_sentences(p)]
    story = "ik ben 34 en slaap sinds mijn scheiding in mijn auto, soms bij vrienden in utrecht, " * 12
    cases += [("nl", story[:1000]), ("nl", "x" * 10000), ("ar", "🙏" * 300), ("pl", "a " * 500)]
    understand(kb, "warm up", "nl")
    times = []
    for _ in range(args.rounds):
        for lang, text in cases:
            t0 = time.perf_counter()
            understand(kb, text, lang)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(f"{len(cases)} sentences x {args.rounds} rounds = {len(times)} readings")
    print(f"p50 {statistics.median(times):.3f} ms  p95 {p95:.3f} ms  p99 {times[int(len(times) * 0.99)]:.3f} ms"
          f"  max {times[-1]:.3f} ms")
    print(f"target p95 < {TARGET_MS} ms: {'PASS' if p95 < TARGET_MS else 'FAIL'}")


if __name__ == "__main__":
    main()
