"""Page weight: each page type as sent (gzip), with its stylesheet and script.

Budget: 14 KB, what arrives in the first round trip of a new connection.
Run: .venv/bin/python bench/pages.py   (the test tests/test_access.py enforces the budget)
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import assistant  # noqa: F401
from assistant.app import ROOT, create_app
from assistant.catalogue import build

BUDGET = 14 * 1024


def size(client, url: str, encoding: str = "gzip") -> int:
    return len(client.get(url, headers={"Accept-Encoding": encoding}).data)


def main() -> None:
    instance = Path(tempfile.mkdtemp()) / "instance"
    build(ROOT / "knowledge", instance)
    client = create_app({"INSTANCE": instance, "SECRET_KEY": "p" * 40}).test_client()
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/s/[^"]+)"', home)
    extra = {enc: sum(size(client, a, enc) for a in assets) for enc in ("gzip", "br")}
    token = re.search(r'name="csrf" value="([^"]+)"', home).group(1)
    client.post("/antwoord", data={"csrf": token, "question": "gevaar", "value": "nee"})
    question = (size(client, "/vraag/gemeente"), size(client, "/vraag/gemeente", "br"))
    for value in ("nee", "amsterdam"):
        page = client.get("/", follow_redirects=True).get_data(as_text=True)
        q = re.search(r'name="question" value="([^"]+)"', page).group(1)
        client.post("/antwoord", data={"csrf": token, "question": q, "value": value})
    while "data-page=\"plan\"" not in (page := client.get("/", follow_redirects=True).get_data(as_text=True)):
        q = re.search(r'name="question" value="([^"]+)"', page).group(1)
        v = re.search(r'name="value" value="([^"]+)"', page).group(1)
        client.post("/antwoord", data={"csrf": token, "question": q, "value": v})
    rows = [("plan", "/plan")]
    rows += [
        ("search", "/zoek?q=briefadres"),
        ("topic", "/onderwerp/eu-burgers"),
        ("topic (ar)", "/onderwerp/briefadres?lang=ar"),
        ("counter", "/loket/amsterdam/gemeente"),
        ("worker", "/werker"),
        ("error", "/bestaat-niet"),
    ]
    print(f"stylesheet + script: gzip {extra['gzip']} B, brotli {extra['br']} B")
    print(f"{'page':<12}{'html gzip':>10}{'+assets':>10}{'html br':>10}{'+assets':>10}  budget {BUDGET} B")
    sizes = [(name, size(client, url), size(client, url, "br")) for name, url in rows]
    client.delete_cookie("lw")
    sizes.insert(0, ("question", *question))
    sizes.insert(0, ("home", size(client, "/vraag/gevaar"), size(client, "/vraag/gevaar", "br")))
    for name, gz, br in sizes:
        total = gz + extra["gzip"]
        flag = "ok" if total <= BUDGET else "OVER"
        print(f"{name:<12}{gz:>10}{total:>10}{br:>10}{br + extra['br']:>10}  {flag}")


if __name__ == "__main__":
    main()
