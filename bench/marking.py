"""The cost of numbers.mark: every HTML response passes through it (tel: links, isolation).

Run: .venv/bin/python bench/marking.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import assistant  # noqa: F401
from assistant import numbers
from assistant.app import ROOT, create_app
from assistant.catalogue import build


def main() -> None:
    instance = Path(tempfile.mkdtemp()) / "instance"
    build(ROOT / "knowledge", instance)
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "n" * 40})
    pages = {}
    for lang in ("nl", "ar"):
        client = app.test_client()
        client.get(f"/?lang={lang}")
        for name, url in [("home", "/vraag/gevaar"), ("topic", "/onderwerp/eu-burgers"),
                          ("counter", "/loket/utrecht/gemeente"), ("pocket", "/werker/zakkaart/amsterdam")]:
            pages[f"{name} ({lang})"] = client.get(url).get_data(as_text=True)
    # mark() is idempotent on what it adds only in part, so time it on the page before marking:
    # strip the added markup the way the tests do.
    sys.path.insert(0, str(ROOT))
    from tests.walk import unmarked

    print(f"{'page':<16}{'bytes':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for name, html in pages.items():
        raw = unmarked(html)
        rtl = name.endswith("(ar)")
        times = []
        for _ in range(200):
            t0 = time.perf_counter()
            numbers.mark(raw, rtl=rtl)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        print(f"{name:<16}{len(raw):>8}{statistics.median(times):>9.3f}{times[int(len(times) * 0.95)]:>9.3f}")


if __name__ == "__main__":
    main()
