"""Shared rendering helpers: safe Markdown, and counter facts in the person's language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date, format_time, get_day_names
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..knowledge import hours
from ..knowledge.models import DAY_KEYS, Counter

# Raw HTML off; markdown-it refuses javascript:, vbscript: and data: links by itself.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown(text: str) -> Markup:
    return Markup(_md.render(text or ""))


def tel(phone: str) -> str:
    """A tel: link target; a Dutch 14 + area code number stays as dialled."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return f"tel:{digits}"


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


def _when(moment: dt.datetime, now: dt.datetime, lang: str) -> str:
    time_text = format_time(moment, "short", locale=lang, tzinfo=hours.TZ)
    if moment.date() == now.date():
        return time_text
    return f"{format_date(moment.date(), 'EEEE', locale=lang)} {time_text}"


def status_text(counter: Counter, lang: str, now: dt.datetime | None = None) -> tuple[str, bool]:
    from flask_babel import gettext as _

    now = (now or dt.datetime.now(hours.TZ)).astimezone(hours.TZ)
    st = hours.status(counter, now)
    if not st.known:
        return _("Openingstijden onbekend: bel eerst."), False
    if st.always:
        return _("Altijd open, dag en nacht."), True
    if st.open_now and st.closes_at:
        return _("Nu open, sluit om %(time)s.", time=_when(st.closes_at, now, lang)), True
    if st.opens_at:
        return _("Nu gesloten. Gaat open: %(time)s.", time=_when(st.opens_at, now, lang)), False
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
        phone_link=tel(counter.phone) if counter.phone else None,
        hours=rows,
        always_open=isinstance(counter.hours, str),
        known_hours=counter.hours is not None,
        status=status,
        is_open=is_open,
    )
