"""The editors' to-do list: per municipality, what each counter lacks, worst harm first.

Plain text for `loketwijzer report`, and one static HTML page per municipality (with a small
SVG chart) for `report --html DIR` and the read-only /redactie/ route. No Flask here: the
same page is written to disk and served. Dutch only: it is for municipal editors.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from .knowledge import provenance
from .knowledge.provenance import CounterReport

MISSING_NL = {
    "hours": "openingstijden",
    "phone": "telefoonnummer",
    "house-number": "huisnummer",
    "official-source": "bron van de organisatie of de overheid",
    "old-source": "recente bron (alles ouder dan twee jaar of zonder datum)",
    "access": "binnenlopen of afspraak",
}
KIND_NL = {
    "organisation": "organisatie",
    "official": "overheid",
    "regulation": "regeling",
    "news": "nieuws",
    "ngo": "hulporganisatie",
    "party": "politieke partij",
}


def _age(view: provenance.SourceView) -> str:
    if view.date is None:
        return "zonder datum"
    text = view.date.first().strftime("%Y-%m") if view.date.month else str(view.date.year)
    return f"{text}, ouder dan twee jaar" if view.old else text


def text(rows: list[CounterReport]) -> str:
    """One block per counter, worst harm first."""
    out = []
    for r in rows:
        missing = ", ".join(MISSING_NL[m] for m in r.missing) or "niets"
        out.append(f"{r.municipality}/{r.counter}  score {r.score}  harm {r.harm}  {r.name}")
        out.append(f"  ontbreekt: {missing}")
        for v in r.sources:
            out.append(f"  bron: {KIND_NL[v.kind]}, {_age(v)}: {v.url}")
    return "\n".join(out) + ("\n" if out else "")


def chart(rows: list[CounterReport], today: dt.date) -> str:
    """Two bars: the share of complete counters, and the sources by age."""
    total = len(rows) or 1
    complete = sum(1 for r in rows if r.complete)
    ages = provenance.age_buckets(rows, today)
    sources = sum(ages.values()) or 1
    width = 300
    done = round(width * complete / total)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="90" role="img" '
        f'aria-label="{complete} van {len(rows)} loketten compleet; bronnen: {ages["recent"]} recent, '
        f'{ages["old"]} ouder dan twee jaar, {ages["undated"]} zonder datum">',
        '<text x="0" y="14" font-size="12">Loketten compleet</text>',
        f'<rect x="0" y="20" width="{width}" height="16" fill="#ddd"/>',
        f'<rect x="0" y="20" width="{done}" height="16" fill="#1a7f37"/>',
        f'<text x="{width + 8}" y="33" font-size="12">{complete}/{len(rows)}</text>',
        '<text x="0" y="58" font-size="12">Bronnen: recent, oud, zonder datum</text>',
    ]
    x = 0
    for key, colour in (("recent", "#1a7f37"), ("old", "#b35900"), ("undated", "#888")):
        w = round(width * ages[key] / sources)
        parts.append(f'<rect x="{x}" y="64" width="{w}" height="16" fill="{colour}"/>')
        x += w
    parts.append(f'<text x="{width + 8}" y="77" font-size="12">{ages["recent"]}/{ages["old"]}/{ages["undated"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def page(name: str, rows: list[CounterReport], today: dt.date, problems: tuple[str, ...] | list[str] = ()) -> str:
    """A read-only page for the municipality's editors; search engines are told to stay out."""
    items = []
    for r in rows:
        missing = ", ".join(MISSING_NL[m] for m in r.missing) or "niets"
        sources = "".join(
            f'<li>{escape(KIND_NL[v.kind])}, {escape(_age(v))}: <a href="{escape(v.url)}" rel="noreferrer">'
            f"{escape(v.publisher)}</a></li>"
            for v in r.sources
        )
        items.append(
            f"<tr><td>{escape(r.name)}<br><small>{escape(r.counter)}.md</small></td><td>{r.score}</td>"
            f"<td>{escape(missing)}</td><td><ul>{sources}</ul></td></tr>"
        )
    problem_list = "".join(f"<li><code>{escape(p)}</code></li>" for p in problems)
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="robots" content="noindex, nofollow">'
        f"<title>Redactie: {escape(name)}</title></head><body>"
        f"<h1>Wat moet er nog gebeuren in {escape(name)}?</h1>"
        f"<p>Bijgewerkt op {today.isoformat()}. Bovenaan: wat mensen het meest schaadt.</p>"
        + (f"<h2>Fouten bij de controle</h2><ul>{problem_list}</ul>" if problems else "")
        + chart(rows, today)
        + "<table><thead><tr><th>Loket</th><th>Score</th><th>Ontbreekt</th><th>Bronnen</th></tr></thead>"
        f"<tbody>{''.join(items)}</tbody></table></body></html>\n"
    )
