"""Opening hours as editors write them, and "open now / opens at / closes at".

Editors write per Dutch weekday ("ma".."zo") a text like "09:00-12:30, 13:30-17:00",
"gesloten", or an overnight range "21:00-08:00" that ends the next morning. A service
that never closes writes `hours: "24/7"`. All times are Europe/Amsterdam wall-clock
times, so a range keeps its meaning across the summer-time change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from .models import DAY_KEYS, Counter

TZ = ZoneInfo("Europe/Amsterdam")
ALWAYS = "24/7"
CLOSED_WORDS = {"gesloten", "dicht", "closed", ""}
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


class HoursError(ValueError):
    """An hours text that is not a list of valid time ranges."""


@dataclass(frozen=True)
class Span:
    start: dt.time
    end: dt.time  # dt.time(0, 0) with overnight=True means midnight at the end of the day
    overnight: bool

    def text(self) -> str:
        end = "24:00" if (self.end == dt.time(0, 0) and not self.overnight) else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


def parse_day(text: str) -> list[Span]:
    """Parse one day's hours; raises HoursError with a message an editor understands."""
    text = (text or "").strip().lower()
    if text in CLOSED_WORDS:
        return []
    spans: list[Span] = []
    for part in text.split(","):
        part = part.strip()
        m = _RANGE.match(part)
        if not m:
            raise HoursError(f"'{part}' is not a time range; write it like \"09:00-17:00\"")
        h1, m1, h2, m2 = (int(x) for x in m.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise HoursError(f"'{part}' contains a time that does not exist")
        start = dt.time(h1, m1)
        if h2 == 24:
            spans.append(Span(start, dt.time(0, 0), overnight=False))
            continue
        end = dt.time(h2, m2)
        if end == start:
            raise HoursError(f"'{part}' starts and ends at the same time; for always open write \"24/7\"")
        spans.append(Span(start, end, overnight=end < start and end != dt.time(0, 0)))
    _check_overlap(spans)
    return spans


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _check_overlap(spans: list[Span]) -> None:
    ranges = []
    for s in spans:
        end = 24 * 60 if (s.end == dt.time(0, 0) or s.overnight) else _minutes(s.end)
        ranges.append((_minutes(s.start), end, s.text()))
    ranges.sort()
    for (_a1, b1, t1), (a2, _b2, t2) in zip(ranges, ranges[1:], strict=False):
        if a2 < b1:
            raise HoursError(f"the ranges {t1} and {t2} overlap")


def validate(counter: Counter) -> list[tuple[tuple, str]]:
    """All problems in a counter's hours, as (path in the file, message)."""
    problems: list[tuple[tuple, str]] = []
    if isinstance(counter.hours, str):
        if counter.hours.strip() != ALWAYS:
            problems.append((("hours",), 'write the hours per day (ma: "09:00-17:00"), or "24/7"'))
    elif isinstance(counter.hours, dict):
        for day, text in counter.hours.items():
            try:
                parse_day(text)
            except HoursError as exc:
                problems.append((("hours", day), str(exc)))
    for i, special in enumerate(counter.exceptions):
        if special.hours:
            try:
                parse_day(special.hours)
            except HoursError as err:
                problems.append((("exceptions", i, "hours"), str(err)))
    return problems


# ---- Dutch public holidays (Algemene termijnenwet, art. 3) --------------------------


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (Anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    easter = _easter(year)
    kings = dt.date(year, 4, 27)
    if kings.weekday() == 6:  # on a Sunday it is celebrated the day before
        kings = dt.date(year, 4, 26)
    return {
        dt.date(year, 1, 1): "Nieuwjaarsdag",
        easter: "Eerste Paasdag",
        easter + dt.timedelta(days=1): "Tweede Paasdag",
        kings: "Koningsdag",
        dt.date(year, 5, 5): "Bevrijdingsdag",
        easter + dt.timedelta(days=39): "Hemelvaartsdag",
        easter + dt.timedelta(days=49): "Eerste Pinksterdag",
        easter + dt.timedelta(days=50): "Tweede Pinksterdag",
        dt.date(year, 12, 25): "Eerste Kerstdag",
        dt.date(year, 12, 26): "Tweede Kerstdag",
    }


def holiday_name(day: dt.date) -> str | None:
    return public_holidays(day.year).get(day)


# ---- open now ----------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    known: bool  # False when the file has no hours: we say so instead of guessing
    always: bool = False
    open_now: bool = False
    closes_at: dt.datetime | None = None
    opens_at: dt.datetime | None = None


def _spans_for(counter: Counter, day: dt.date) -> list[Span]:
    for exc in counter.exceptions:
        if exc.date == day:
            return [] if exc.closed else parse_day(exc.hours or "")
    if counter.closed_on_holidays and holiday_name(day):
        return []
    assert isinstance(counter.hours, dict)
    return parse_day(counter.hours.get(DAY_KEYS[day.weekday()], ""))


def _at(day: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=TZ)


def intervals(counter: Counter, start_day: dt.date, days: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """Opening intervals (aware datetimes) that start on the given days, merged when they touch."""
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for offset in range(days):
        day = start_day + dt.timedelta(days=offset)
        for span in _spans_for(counter, day):
            begin = _at(day, span.start)
            end_day = day + dt.timedelta(days=1) if (span.overnight or span.end == dt.time(0, 0)) else day
            out.append((begin, _at(end_day, span.end)))
    out.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for begin, end in out:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def status(counter: Counter, now: dt.datetime | None = None) -> Status:
    if counter.hours is None:
        return Status(known=False)
    if isinstance(counter.hours, str):
        return Status(known=True, always=True, open_now=True)
    now = (now or dt.datetime.now(TZ)).astimezone(TZ)
    try:
        spans = intervals(counter, now.date() - dt.timedelta(days=1), 9)
    except HoursError:
        return Status(known=False)
    for begin, end in spans:
        if begin <= now < end:
            return Status(known=True, open_now=True, closes_at=end)
        if begin > now:
            return Status(known=True, open_now=False, opens_at=begin)
    return Status(known=True, open_now=False)


def weekly(counter: Counter) -> list[tuple[str, list[str]]]:
    """(day key, ["09:00-12:30", ...]) for Monday..Sunday; [] means closed."""
    if not isinstance(counter.hours, dict):
        return []
    rows = []
    for key in DAY_KEYS:
        try:
            rows.append((key, [s.text() for s in parse_day(counter.hours.get(key, ""))]))
        except HoursError:
            rows.append((key, []))
    return rows


def moment_text(moment: dt.datetime, now: dt.datetime, lang: str, short: bool = False) -> str:
    """When a counter opens or closes, in the person's language: the time today, else the day too.

    short (for SMS, where every character costs): a 24-hour clock and the short day name."""
    from babel.dates import format_date, format_time  # only the channels that show hours need Babel

    moment = moment.astimezone(TZ)
    clock = moment.strftime("%H:%M") if short else format_time(moment, "short", locale=lang, tzinfo=TZ)
    if moment.date() == now.astimezone(TZ).date():
        return clock
    return f"{format_date(moment.date(), 'EEE' if short else 'EEEE', locale=lang)} {clock}"
