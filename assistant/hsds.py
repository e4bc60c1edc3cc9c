"""Export the municipalities and counters as Open Referral HSDS 3.0 JSON.

    export(kb, out_dir) -> {"services": n, "organizations": n, "locations": n, "schedules": n}

writes into out_dir:

- services.json, organizations.json, locations.json, schedules.json: JSON arrays, one record
  per entity, linked by id (organization_id, service_id, location_id);
- services/<id>.json: one compiled service record per counter, with the organization,
  service_at_locations (each with its location), schedules and phones nested, as the
  compiled HSDS schema (schema/compiled/service.json) describes.

Mapping:

- one organization per municipality: name = official_name, website, the general phone;
- one service per counter: name, description = the counter text as plain text,
  url = website (else the first source), email, status "active", assured_date = the date
  someone verified it (left out when nobody did), last_modified = that date, else the newest
  source's own date, at 00:00 UTC (the knowledge files keep a date, not a time);
- one physical location per counter that has an address. HSDS requires address_1, city,
  postal_code, state_province and country in an address record, so the address record is
  only written when street, postcode and city are all in the file and the city is the
  municipality itself (whose `province` municipality.yaml gives). Otherwise the location
  keeps the address as one line in `description`: a missing postcode is never filled in;
- phones: only the numbers in the files; nothing is invented;
- schedules: one WEEKLY schedule per distinct time range, with byday MO..SU. Times are
  local wall-clock times (Europe/Amsterdam) in HH:MM without an offset: a fixed UTC offset
  would be wrong for half the year, so `notes` names the time zone. "24/7" is 00:00-23:59
  on every day; a range that ends at midnight closes at 23:59; an overnight range keeps its
  closes_at (earlier than opens_at) and says so in `description`. An exception date becomes
  a schedule valid on that date only (without opening times when closed). `access` becomes
  attending_type.

IDs are UUIDs (the schema's format), derived with uuid5 from NAMESPACE_URL and a
"kb://<municipality>/<counter>" name, so the same knowledge always gives the same ids.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path

from markdown_it import MarkdownIt

from .knowledge import provenance
from .knowledge.hours import ALWAYS, HoursError, Span, parse_day
from .knowledge.models import DAY_KEYS, Counter, Municipality

BYDAY = dict(zip(DAY_KEYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
TIMEZONE_NOTE = "Lokale tijd in Nederland (Europe/Amsterdam)."
ATTENDING = {
    "walk-in": "Binnenlopen zonder afspraak.",
    "appointment": "Op afspraak.",
    "phone-first": "Eerst bellen.",
    "walk-in-or-appointment": "Binnenlopen of op afspraak.",
}
_UUID_FILE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$")
_md = MarkdownIt("commonmark", {"html": False})


def make_id(name: str) -> str:
    """A stable UUID for a name like 'kb://amsterdam/kruispost#location'."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def organization_id(slug: str) -> str:
    return make_id(f"kb://{slug}")


def service_id(slug: str, counter_id: str) -> str:
    return make_id(f"kb://{slug}/{counter_id}")


# ---- plain text -------------------------------------------------------------------


def plain_text(markdown: str) -> str:
    """The counter text without Markdown marks: paragraphs, '- ' list items, link text (url)."""
    out: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number] or [0] for bullets
    for tok in _md.parse(markdown or ""):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1) if tok.type == "ordered_list_open" else 0
            lists.append([start])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                out.append("\n")
        elif tok.type == "list_item_open":
            indent = "  " * (len(lists) - 1)
            number = lists[-1]
            if number[0]:
                out.append(f"{indent}{number[0]}. ")
                number[0] += 1
            else:
                out.append(f"{indent}- ")
        elif tok.type == "paragraph_close":
            out.append("\n" if lists else "\n\n")
        elif tok.type == "heading_close":
            out.append("\n\n")
        elif tok.type in ("fence", "code_block"):
            out.append(tok.content.rstrip("\n") + "\n\n")
        elif tok.type == "inline":
            out.append(_inline_text(tok.children or []))
    text = "".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _inline_text(children) -> str:
    parts: list[str] = []
    href_stack: list[str] = []
    link_text: list[int] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" " if child.type == "softbreak" else "\n")
        elif child.type == "link_open":
            href_stack.append(str(child.attrGet("href") or ""))
            link_text.append(len(parts))
        elif child.type == "link_close" and href_stack:
            href, start = href_stack.pop(), link_text.pop()
            label = "".join(parts[start:])
            if href and href not in label and href.removeprefix("mailto:") not in label:
                parts.append(f" ({href.removeprefix('mailto:')})")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


# ---- records -------------------------------------------------------------------------


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00.000Z"


def _organization(muni: Municipality) -> dict:
    oid = organization_id(muni.slug)
    record: dict = {
        "id": oid,
        "name": muni.official_name,
        "description": (
            f"Gemeente {muni.official_name}. Loketwijzer noemt de loketten in {muni.name}; "
            "sommige worden door andere organisaties gerund."
        ),
        "website": muni.website,
    }
    if muni.name != muni.official_name:
        record["alternate_name"] = muni.name
    if muni.phone:
        record["phones"] = [
            {
                "id": make_id(f"kb://{muni.slug}#phone"),
                "organization_id": oid,
                "number": muni.phone,
                "type": "voice",
            }
        ]
    return record


def _city_matches(muni: Municipality, city: str) -> bool:
    names = {muni.name, muni.official_name, *muni.aliases}
    return city.strip().casefold() in {n.casefold() for n in names}


def _location(muni: Municipality, counter: Counter) -> dict | None:
    address = counter.address
    if not address or not (address.street or address.postcode or address.city):
        return None
    base = f"kb://{muni.slug}/{counter.id}"
    lid = make_id(f"{base}#location")
    record: dict = {
        "id": lid,
        "location_type": "physical",
        "organization_id": organization_id(muni.slug),
        "name": counter.name,
        "description": address.one_line(),
    }
    if address.street and address.postcode and address.city and _city_matches(muni, address.city):
        record["addresses"] = [
            {
                "id": make_id(f"{base}#address"),
                "location_id": lid,
                "address_1": address.street,
                "city": address.city,
                "state_province": muni.province,
                "postal_code": address.postcode,
                "country": "NL",
                "address_type": "physical",
            }
        ]
    return record


def _phones(muni: Municipality, counter: Counter) -> list[dict]:
    if not counter.phone:
        return []
    base = f"kb://{muni.slug}/{counter.id}"
    return [
        {
            "id": make_id(f"{base}#phone"),
            "service_id": service_id(muni.slug, counter.id),
            "number": counter.phone,
            "type": "voice",
        }
    ]


def _hhmm(t: dt.time) -> str:
    return t.strftime("%H:%M")


def _closes(span: Span) -> str:
    # A range that ends at midnight (end 00:00, not overnight) closes at the end of the day.
    return "23:59" if span.end == dt.time(0, 0) else _hhmm(span.end)


def _span_text(span: Span) -> str:
    text = span.text()
    return f"{text} (tot de volgende ochtend)" if span.overnight else text


def _schedules(muni: Municipality, counter: Counter) -> list[dict]:
    base = f"kb://{muni.slug}/{counter.id}"
    sid = service_id(muni.slug, counter.id)
    notes = TIMEZONE_NOTE
    if counter.closed_on_holidays:
        notes += " Gesloten op officiële feestdagen."
    attending = {"attending_type": ATTENDING[counter.access]} if counter.access in ATTENDING else {}
    out: list[dict] = []

    if isinstance(counter.hours, str) and counter.hours.strip() == ALWAYS:
        out.append(
            {
                "id": make_id(f"{base}#schedule/always"),
                "service_id": sid,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ",".join(BYDAY.values()),
                "opens_at": "00:00",
                "closes_at": "23:59",
                "description": "Altijd open: 24 uur per dag, 7 dagen per week.",
                "notes": notes,
                **attending,
            }
        )
    elif isinstance(counter.hours, dict):
        groups: dict[Span, list[str]] = {}
        for key in DAY_KEYS:
            try:
                spans = parse_day(counter.hours.get(key, ""))
            except HoursError:  # the loader refuses such a counter; never export a guess
                spans = []
            for span in spans:
                groups.setdefault(span, []).append(key)
        ordered = sorted(groups.items(), key=lambda kv: (DAY_KEYS.index(kv[1][0]), kv[0].start))
        for span, days in ordered:
            byday = ",".join(BYDAY[d] for d in days)
            opens, closes = _hhmm(span.start), _closes(span)
            out.append(
                {
                    "id": make_id(f"{base}#schedule/{byday}/{opens}-{closes}"),
                    "service_id": sid,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": byday,
                    "opens_at": opens,
                    "closes_at": closes,
                    "description": f"{', '.join(days)}: {_span_text(span)}",
                    "notes": notes,
                    **attending,
                }
            )

    for i, exc in enumerate(counter.exceptions):
        day = exc.date.isoformat()
        common = {
            "service_id": sid,
            "valid_from": day,
            "valid_to": day,
            "dtstart": day,
            "freq": "WEEKLY",
            "byday": BYDAY[DAY_KEYS[exc.date.weekday()]],
            "count": 1,
            "notes": TIMEZONE_NOTE,
        }
        note = f" {exc.note}" if exc.note else ""
        try:
            spans = [] if exc.closed else parse_day(exc.hours or "")
        except HoursError:
            spans = []
        if not spans:  # closed that day: a schedule without opening times, said in words
            out.append(
                {
                    "id": make_id(f"{base}#exception/{day}/{i}"),
                    **common,
                    "description": f"Uitzondering: gesloten op {day}.{note}",
                }
            )
        for span in spans:
            out.append(
                {
                    "id": make_id(f"{base}#exception/{day}/{i}/{_hhmm(span.start)}"),
                    **common,
                    "opens_at": _hhmm(span.start),
                    "closes_at": _closes(span),
                    "description": f"Uitzondering op {day}: {_span_text(span)}.{note}",
                }
            )
    return out


def _service(muni: Municipality, counter: Counter) -> dict:
    record: dict = {
        "id": service_id(muni.slug, counter.id),
        "organization_id": organization_id(muni.slug),
        "name": counter.name,
        "description": plain_text(counter.body),
        "url": counter.website_or_source,
        "status": "active",
    }
    # Only a real confirmation is an assurance; otherwise the newest source's own date.
    if counter.verified:
        record["assured_date"] = counter.verified.date.isoformat()
    changed = counter.verified.date if counter.verified else None
    newest = provenance.newest(counter.sources)
    if changed is None and newest is not None:
        changed = newest.first()
    if changed is not None:
        record["last_modified"] = _timestamp(changed)
    if counter.email:
        record["email"] = counter.email
    if not record["description"]:
        del record["description"]
    return record


# ---- export --------------------------------------------------------------------------


def _write(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def export(kb, out_dir: Path) -> dict[str, int]:
    """Write the HSDS files for every municipality and counter in kb; return counts per kind."""
    out_dir = Path(out_dir)
    service_dir = out_dir / "services"
    service_dir.mkdir(parents=True, exist_ok=True)

    services: list[dict] = []
    organizations: list[dict] = []
    locations: list[dict] = []
    schedules: list[dict] = []
    written: set[str] = set()

    for slug in sorted(kb.municipalities):
        muni = kb.municipalities[slug]
        org = _organization(muni)
        organizations.append(org)
        for cid in sorted(muni.counters):
            counter = muni.counters[cid]
            service = _service(muni, counter)
            phones = _phones(muni, counter)
            times = _schedules(muni, counter)
            location = _location(muni, counter)

            flat = dict(service)
            if phones:
                flat["phones"] = phones
            services.append(flat)
            schedules.extend(times)

            compiled = dict(service)
            compiled["organization"] = org
            compiled["phones"] = phones
            compiled["schedules"] = times
            compiled["service_at_locations"] = []
            if location:
                locations.append(location)
                compiled["service_at_locations"].append(
                    {
                        "id": make_id(f"kb://{slug}/{cid}#service-at-location"),
                        "service_id": service["id"],
                        "location_id": location["id"],
                        "location": location,
                    }
                )
            name = f"{service['id']}.json"
            _write(service_dir / name, compiled)
            written.add(name)

    # A counter that was removed from the knowledge must not live on in the export.
    for old in service_dir.glob("*.json"):
        if old.name not in written and _UUID_FILE.match(old.name):
            old.unlink()

    _write(out_dir / "services.json", services)
    _write(out_dir / "organizations.json", organizations)
    _write(out_dir / "locations.json", locations)
    _write(out_dir / "schedules.json", schedules)
    return {
        "services": len(services),
        "organizations": len(organizations),
        "locations": len(locations),
        "schedules": len(schedules),
    }
