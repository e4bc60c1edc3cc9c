"""Shared rendering helpers: safe Markdown, and counter facts in the person's language."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from babel.dates import format_date, get_day_names
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..knowledge import hours, provenance
from ..knowledge.models import Counter
from ..numbers import tel_href

# Raw HTML off; markdown-it refuses javascript:, vbscript: and data: links by itself.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown(text: str) -> Markup:
    return Markup(_md.render(text or ""))


class CounterFacts:
    """A counter's facts in the person's language, each worked out when a page first asks.

    A plan's counter card shows the address, status and phone; the counter page shows
    everything. Working out hours, sources and whom it serves for every card cost a fifth of
    a plan page."""

    def __init__(
        self, counter: Counter, lang: str, now: dt.datetime | None, call: str | None, with_number: bool = True
    ) -> None:
        self.counter, self.lang, self.call, self.with_number = counter, lang, call, with_number
        self.now = (now or dt.datetime.now(hours.TZ)).astimezone(hours.TZ)
        self.address = counter.address.one_line() if counter.address else ""
        self.phone = counter.phone
        self.phone_link = tel_href(counter.phone) if counter.phone else None
        self.always_open = isinstance(counter.hours, str)
        self.known_hours = counter.hours is not None

    @cached_property
    def _status(self) -> tuple[str, bool]:
        return status_text(self.counter, self.lang, self.now, self.call, self.with_number)

    @property
    def status(self) -> str:
        """"Nu open, sluit om 17:00." in the person's language."""
        return self._status[0]

    @property
    def is_open(self) -> bool:
        return self._status[1]

    @cached_property
    def hours(self) -> list[tuple[str, str]]:
        """(day name, "09:00-17:00, ..." or "gesloten"), Monday first."""
        from .i18n import gettext as _

        names = get_day_names("wide", locale=self.lang)
        return [
            (names[i], ", ".join(spans) if spans else _("gesloten"))
            for i, (_key, spans) in enumerate(hours.weekly(self.counter))
        ]

    @cached_property
    def for_whom(self) -> str:
        return for_whom(self.counter)

    @cached_property
    def address_note(self) -> str:
        """"uit 2018, bel eerst" when the address rests on an old source."""
        return _old_note(self.counter, "address", self.now.date()) if self.counter.address else ""

    @cached_property
    def phone_note(self) -> str:
        return _old_note(self.counter, "phone", self.now.date()) if self.counter.phone else ""

    @cached_property
    def hours_note(self) -> str:
        return _old_note(self.counter, "hours", self.now.date()) if self.counter.hours is not None else ""

    @cached_property
    def sources(self) -> tuple[tuple[str, str], ...]:
        """("Bron: utrecht.nl, pagina uit mei 2024.", url), newest first."""
        return tuple((source_line(v, self.lang), v.url) for v in provenance.views(self.counter, self.now.date()))

    @cached_property
    def verified(self) -> str:
        """"Nagevraagd bij de organisatie ..." when someone did, else ""."""
        from .i18n import gettext as _

        check = self.counter.verified
        if not check:
            return ""
        how = {
            "phone": _("per telefoon"),
            "visit": _("bij een bezoek"),
            "official-page": _("op de eigen website"),
        }[check.how or "phone"]
        return _(
            "Nagevraagd bij de organisatie %(how)s, %(date)s.",
            how=how,
            date=format_date(check.date, "MMMM y", locale=self.lang),
        )


def status_text(
    counter: Counter, lang: str, now: dt.datetime | None = None, call: str | None = None, with_number: bool = True
) -> tuple[str, bool]:
    """with_number=False where the number to call stands right below (a plan's counter card):
    "Bel eerst: 14 010" and then "Bel de gemeente: 14 010" said the same number twice."""
    from .i18n import gettext as _

    now = (now or dt.datetime.now(hours.TZ)).astimezone(hours.TZ)
    st = hours.status(counter, now)
    if not st.known:
        # One line for every counter without hours: what to do, with the number to do it.
        number = (counter.phone or call) if with_number else None
        if number:
            return _("Tijden niet bekend. Bel eerst: %(phone)s", phone=number), False
        return _("Tijden niet bekend. Bel eerst."), False
    if st.always:
        return _("Altijd open, dag en nacht."), True
    if st.open_now and st.closes_at:
        return _("Nu open, sluit om %(time)s.", time=hours.moment_text(st.closes_at, now, lang)), True
    if st.opens_at:
        return _("Nu gesloten. Gaat open: %(time)s.", time=hours.moment_text(st.opens_at, now, lang)), False
    return _("Nu gesloten."), False


def _kind(kind: str) -> str:
    from .i18n import gettext as _

    return {
        "organisation": _("pagina van de organisatie"),
        "official": _("pagina van de overheid"),
        "regulation": _("regeling van de gemeente"),
        "news": _("nieuwsbericht"),
        "ngo": _("pagina van een hulporganisatie"),
        "party": _("pagina van een politieke partij"),
    }[kind]


def _when(date: provenance.SourceDate, lang: str) -> str:
    if date.month:
        return format_date(date.first(), "MMMM y", locale=lang)
    return str(date.year)


def source_line(view: provenance.SourceView, lang: str) -> str:
    """What a source is and how old, never a check date nobody performed."""
    from .i18n import gettext as _

    if view.date is None:
        line = _("Bron: %(publisher)s, %(kind)s zonder datum.", publisher=view.publisher, kind=_kind(view.kind))
    else:
        line = _(
            "Bron: %(publisher)s, %(kind)s uit %(date)s.",
            publisher=view.publisher,
            kind=_kind(view.kind),
            date=_when(view.date, lang),
        )
    if view.old or view.kind in ("news", "party"):
        line = f"{line} {_('Bel eerst.')}"
    return line


def for_whom(counter: Counter) -> str:
    """Whom the counter serves, from `serves`, in the person's language."""
    from .i18n import gettext as _

    serves = counter.serves
    if serves is None:
        return ""
    groups = {
        "iedereen": _("iedereen"),
        "volwassenen": _("volwassenen"),
        "jongeren": _("jongeren"),
        "gezinnen": _("gezinnen met kinderen"),
        "alleenstaanden": _("mensen zonder kinderen bij zich"),
        "vrouwen": _("vrouwen"),
        "mannen": _("mannen"),
        "eu-burgers": _("mensen uit een ander EU-land"),
        "zonder-verblijfsvergunning": _("mensen zonder verblijfsvergunning"),
        "dakloos": _("mensen zonder huis"),
        "dreigend-dakloos": _("mensen die hun huis kunnen verliezen"),
        "onverzekerd": _("mensen zonder zorgverzekering"),
    }
    needs = {
        "rechtmatig-verblijf": _("je woont legaal in Nederland"),
        "regiobinding": _("je hebt een band met de regio"),
        "verwijzing": _("je hebt een verwijzing nodig"),
        "inschrijving-gemeente": _("je staat ingeschreven in deze gemeente"),
        "identiteitsbewijs": _("je hebt een geldig identiteitsbewijs"),
    }
    parts = [groups[g] for g in serves.groups]
    if serves.age_min is not None and serves.age_max is not None:
        parts.append(_("%(low)s tot en met %(high)s jaar", low=serves.age_min, high=serves.age_max))
    elif serves.age_min is not None:
        parts.append(_("%(low)s jaar en ouder", low=serves.age_min))
    elif serves.age_max is not None:
        parts.append(_("tot en met %(high)s jaar", high=serves.age_max))
    text = ", ".join(parts)
    if serves.requires:
        text = f"{text}. " if text else ""
        text += _("Voorwaarde: %(list)s.", list="; ".join(needs[r] for r in serves.requires))
    return text


def _old_note(counter: Counter, group: str, today: dt.date) -> str:
    from .i18n import gettext as _

    if not provenance.group_is_old(counter, group, today):
        return ""
    date = provenance.newest(provenance.sources_for(counter, group))
    return _("uit %(year)s, bel eerst", year=date.year) if date else ""


def counter_facts(
    counter: Counter, lang: str, now: dt.datetime | None = None, call: str | None = None, with_number: bool = True
) -> CounterFacts:
    return CounterFacts(counter, lang, now, call, with_number)


def geo_link(address: str) -> str:
    """A link that opens the phone's own map app at an address: no map site is contacted.

    'geo:0,0?q=' is the form Android's map apps read as a search (RFC 5870 plus that query)."""
    from urllib.parse import quote

    return "geo:0,0?q=" + quote(address or "", safe="")
