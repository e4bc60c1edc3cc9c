"""Shared rendering helpers: safe Markdown, and counter facts in the person's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import get_day_names
from markdown_it import MarkdownIt
from markupsafe import Markup

from .. import phone
from ..knowledge import hours
from ..knowledge.models import DAY_KEYS, Counter

# Raw HTML off; markdown-it refuses javascript:, vbscript: and data: links by itself.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown(text: str) -> Markup:
    return Markup(_md.render(text or ""))


@dataclass
class CounterFacts:
    address: str
    phone: str | None
    phone_link: str | None
    hours: list[tuple[str, str]]  # (day name, "09:00-17:00, ..." or "closed")
    always_open: bool
    known_hours: bool
    status: str  # "open now, closes at 17:00" in the person's language
    is_open: bool


def status_text(counter: Counter, lang: str, now: dt.datetime | None = None) -> tuple[str, bool]:
    from flask_babel import gettext as _

    now = (now or dt.datetime.now(hours.TZ)).astimezone(hours.TZ)
    st = hours.status(counter, now)
    if not st.known:
        return _("Openingstijden onbekend: bel eerst."), False
    if st.always:
        return _("Altijd open, dag en nacht."), True
    if st.open_now and st.closes_at:
        return _("Nu open, sluit om %(time)s.", time=hours.moment_text(st.closes_at, now, lang)), True
    if st.opens_at:
        return _("Nu gesloten. Gaat open: %(time)s.", time=hours.moment_text(st.opens_at, now, lang)), False
    return _("Nu gesloten."), False


def counter_facts(counter: Counter, lang: str, now: dt.datetime | None = None) -> CounterFacts:
    from flask_babel import gettext as _

    names = get_day_names("wide", locale=lang)
    rows = [
        (names[i], ", ".join(spans) if spans else _("gesloten"))
        for i, (_key, spans) in enumerate(hours.weekly(counter))
    ]
    status, is_open = status_text(counter, lang, now)
    assert len(DAY_KEYS) == 7
    return CounterFacts(
        address=counter.address.one_line() if counter.address else "",
        phone=counter.phone,
        phone_link=phone.tel_link(counter.phone) if counter.phone else None,
        hours=rows,
        always_open=isinstance(counter.hours, str),
        known_hours=counter.hours is not None,
        status=status,
        is_open=is_open,
    )


def geo_link(address: str) -> str:
    """A link that opens the phone's own map app at an address: no map site is contacted.

    'geo:0,0?q=' is the form Android's map apps read as a search (RFC 5870 plus that query)."""
    from urllib.parse import quote

    return "geo:0,0?q=" + quote(address or "", safe="")
