"""Where a counter's facts come from, how old that is, and what is still missing.

Pure: no Flask, no files. The page says what is true about a fact ("Bron: nieuwsbericht
uit 2018, bel eerst"), never a check date nobody performed; `check` refuses notes to
editors in the text a person reads; the editors' report ranks what each counter lacks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KINDS = ("organisation", "official", "regulation", "news", "ngo", "party")
# The fact groups a source can carry. "text" is the free explanation under the facts.
FACT_GROUPS = ("address", "phone", "hours", "access", "serves", "bring", "text")
VERIFY_METHODS = ("phone", "visit", "official-page")
UNDATED = "undated"
OLD_AFTER_YEARS = 2
# Fields an editor may mark `unknown`: the source was read and does not say.
UNKNOWABLE = ("address", "phone", "hours", "access")
# The facts that tell a person where and when to go.
ROUTE = ("address", "phone", "hours", "access")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class SourceDate:
    """A source's own date, as precise as the source gives it (a year, a month or a day)."""

    year: int
    month: int | None = None
    day: int | None = None

    def first(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last(self) -> dt.date:
        """The latest day the date could mean: "2018" may be December 2018."""
        if self.day:
            return self.first()
        if self.month:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)


def parse_date(value: object) -> SourceDate | None:
    """ "2024", "2024-05", "2024-05-12" or a YAML date; None for "undated". Raises ValueError."""
    if isinstance(value, dt.date):
        return SourceDate(value.year, value.month, value.day)
    text = str(value if value is not None else "").strip()
    if text == UNDATED:
        return None
    m = _DATE.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a source date; write 2024, 2024-05, 2024-05-12 or undated")
    year = int(m.group(1))
    month, day = (int(x) if x else None for x in m.groups()[1:])
    try:
        SourceDate(year, month, day).first()
    except ValueError:
        raise ValueError(f"'{text}' is a date that does not exist") from None
    if month and not 1 <= month <= 12:
        raise ValueError(f"'{text}' is a date that does not exist")
    return SourceDate(year, month, day)


def is_future(date: SourceDate | None, today: dt.date) -> bool:
    return date is not None and date.first() > today


def is_old(date: SourceDate | None, today: dt.date) -> bool:
    """Older than two years even at its latest possible day. Undated is not known to be old."""
    if date is None:
        return False
    try:
        limit = today.replace(year=today.year - OLD_AFTER_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - OLD_AFTER_YEARS, day=28)
    return date.last() < limit


# ---- notes to editors in the person's text ---------------------------------------

# Sentences about our sources, not about the person's situation. They belong in `notes:`.
_PAST = "tells an old fact about a source in the past tense"
_FROM = "talks about where the information comes from"
_SOURCE_WORD = r"(document|pagina|bericht|artikel|nieuwsbericht)"
_EDITORIAL = [
    (re.compile(r"\bonze bron(nen)?\b", re.I), "talks about 'onze bron'"),
    (re.compile(r"\bstaa?t(en)? niet in\b", re.I), "says what a source does not contain ('staat niet in')"),
    (re.compile(r"\btoont geen datum\b", re.I), "talks about a source's date ('toont geen datum')"),
    (re.compile(r"\bdeze (gegevens|informatie) (komt|komen) van\b", re.I), _FROM),
    (re.compile(r"\bniet van de gemeente zelf\b", re.I), "talks about who published a source"),
    (re.compile(r"\b(komt|komen) uit een " + _SOURCE_WORD, re.I), "talks about where a fact comes from"),
    (re.compile(_SOURCE_WORD + r"s? uit (19|20)\d\d", re.I), "dates a source in the text"),
    (re.compile(r"\b(een|de) (oudere|andere) (pagina|bron)\b", re.I), "compares sources in the text"),
    (re.compile(r"\b(volgens|uit) (een|het) (nieuws)?(bericht|artikel)\b", re.I), "talks about a news item"),
    (re.compile(r"\b(in|uit|sinds) (19|20)\d\d (was|stond|gold|werd|kon)\b", re.I), _PAST),
    (re.compile(r"\b(was|stond|gold) in (19|20)\d\d\b", re.I), _PAST),
    (re.compile(r"\b(wij|we) konden\b|\bkonden (wij|we)\b|\bkonden controleren\b", re.I), "talks about our checking"),
    (re.compile(r"\bour sources?\b", re.I), "talks about 'our source'"),
    (re.compile(r"\bwe could not (check|find|confirm)\b", re.I), "talks about our own checking"),
]


def editorial(text: str) -> list[tuple[int, str]]:
    """(line offset, what is wrong) for every line of person-facing text that addresses editors."""
    found = []
    for offset, line in enumerate((text or "").split("\n")):
        for pattern, why in _EDITORIAL:
            if pattern.search(line):
                found.append((offset, why))
                break
    return found


# ---- what each fact rests on --------------------------------------------------


def sources_for(counter, group: str) -> list:
    """The sources that carry a fact group of this counter."""
    return [s for s in counter.sources if group in s.about]


def newest(sources) -> SourceDate | None:
    dates = [s.parsed for s in sources if s.parsed is not None]
    return max(dates, key=lambda d: d.last()) if dates else None


def verified_recently(counter, today: dt.date) -> bool:
    v = counter.verified
    return v is not None and not is_old(SourceDate(v.date.year, v.date.month, v.date.day), today)


def group_is_old(counter, group: str, today: dt.date) -> bool:
    """Every dated source for this group is older than two years, and nobody confirmed it since."""
    found = sources_for(counter, group)
    if not found or verified_recently(counter, today):
        return False
    if any(s.parsed is None for s in found):
        return False
    return all(is_old(s.parsed, today) for s in found)


def fit_for_tonight(counter, today: dt.date) -> bool:
    """May this counter be the route for a bed tonight? Not on facts older than two years alone."""
    if verified_recently(counter, today):
        return True
    # Judge by the sources that say where and when to go; background pages do not count.
    route = [s for s in counter.sources if set(s.about) & set(ROUTE)] or counter.sources
    dated = [s.parsed for s in route]
    if any(d is None for d in dated):
        return True
    return not all(is_old(d, today) for d in dated)


@dataclass(frozen=True)
class SourceView:
    """One source as a person reads it: what kind, where from, how old."""

    url: str
    kind: str
    publisher: str
    date: SourceDate | None
    old: bool
    about: tuple[str, ...]


def publisher_of(url: str) -> str:
    host = re.sub(r"^https?://", "", url).split("/")[0].lower()
    return host.removeprefix("www.")


def views(counter, today: dt.date) -> list[SourceView]:
    """Every source, newest first, undated last."""
    out = [
        SourceView(
            url=s.url,
            kind=s.kind,
            publisher=s.publisher or publisher_of(s.url),
            date=s.parsed,
            old=is_old(s.parsed, today),
            about=tuple(s.about),
        )
        for s in counter.sources
    ]
    return sorted(out, key=lambda v: (v.date is None, -(v.date.first().toordinal() if v.date else 0)))


# ---- the editors' to-do list ------------------------------------------------

# How much harm a gap does: a night shelter without hours hurts more than a debt counter
# without a phone. Topics weigh by how urgent the need is on the night itself.
_TOPIC_HARM = {
    "nachtopvang": 5,
    "crisis": 5,
    "maatschappelijke-opvang": 4,
    "jongeren": 3,
    "gezinnen": 3,
    "eu-burgers": 3,
    "zorg-zonder-verzekering": 3,
    "huisuitzetting": 3,
    "briefadres": 2,
    "waar-begin-ik": 2,
}
_GAP_WEIGHT = {"hours": 3, "phone": 3, "house-number": 2, "official-source": 2, "old-source": 2, "access": 1}


@dataclass(frozen=True)
class CounterReport:
    municipality: str
    counter: str
    name: str
    missing: tuple[str, ...]  # hours, phone, house-number, official-source, old-source, access
    sources: tuple[SourceView, ...]
    score: int  # 0-100: share of the fact groups that are present and current
    harm: int  # higher: fix first

    @property
    def complete(self) -> bool:
        return not self.missing


def _has_house_number(counter) -> bool:
    street = counter.address.street if counter.address else None
    return bool(street and re.search(r"\d", street))


def report_counter(counter, today: dt.date) -> CounterReport:
    missing = []
    if counter.hours is None:
        missing.append("hours")
    if not counter.phone:
        missing.append("phone")
    if not _has_house_number(counter):
        missing.append("house-number")
    if not any(s.kind in ("organisation", "official", "regulation") for s in counter.sources):
        missing.append("official-source")
    if not verified_recently(counter, today) and all(
        is_old(s.parsed, today) or s.parsed is None for s in counter.sources
    ):
        missing.append("old-source")
    if counter.access == "unknown":
        missing.append("access")
    weight = max((_TOPIC_HARM.get(t, 1) for t in counter.topics), default=1)
    gaps = sum(_GAP_WEIGHT[m] for m in missing)
    score = round(100 * (1 - gaps / sum(_GAP_WEIGHT.values())))
    return CounterReport(
        municipality=counter.municipality,
        counter=counter.id,
        name=counter.name,
        missing=tuple(missing),
        sources=tuple(views(counter, today)),
        score=score,
        harm=weight * gaps,
    )


def report(municipalities, today: dt.date, slug: str | None = None) -> list[CounterReport]:
    """Every counter's gaps, worst harm first (then lowest score, then name)."""
    rows = [
        report_counter(c, today)
        for m in municipalities.values()
        if slug is None or m.slug == slug
        for c in m.counters.values()
    ]
    return sorted(rows, key=lambda r: (-r.harm, r.score, r.municipality, r.counter))


def age_buckets(rows: list[CounterReport], today: dt.date) -> dict[str, int]:
    """How many sources are recent, older than two years, or undated: for the chart."""
    buckets = {"recent": 0, "old": 0, "undated": 0}
    for r in rows:
        for v in r.sources:
            buckets["undated" if v.date is None else "old" if v.old else "recent"] += 1
    return buckets
