"""`loketwijzer new-municipality NAME`: a ready-to-fill folder with comments in Dutch."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..textfold import fold
from .places import Place

MUNICIPALITY = """\
# Gemeente {name}. Vul alles in met feiten van een officiële pagina.
# Weet je iets niet zeker? Laat het weg. Verzin nooit een nummer, adres of tijd.
name: "{name}"                    # de naam die mensen gebruiken
official_name: "{official_name}"  # de officiële naam van de gemeente{cbs_line}
aliases: []                       # andere namen die mensen typen, bijvoorbeeld ["Den Bosch"]
phone: "14 0"                     # VUL IN: het algemene nummer, meestal 14 + netnummer, bijvoorbeeld "14 030"
website: "https://www.VUL-IN.nl"  # VUL IN: de website van de gemeente
province: "{province}"  # {province_note}
centrumgemeente: "{centre}"  # {centre_note}
centrumgemeente_name: "{centre_name}"
sources:                          # waar staan deze feiten? Eén of meer bronnen.
  - title: "Gemeente {name}: contact"
    url: "https://www.VUL-IN.nl/contact"
    checked: {today}
reviewed: {today}                 # de datum waarop je alles hebt nagekeken
"""

GEMEENTE = """\
---
# Het algemene loket van de gemeente. Dit loket helpt bij elk onderwerp dat
# geen ander loket heeft. Laat velden weg die je niet zeker weet.
name: "Gemeente {name}"
organization: "Gemeente {name}"
topics: [waar-begin-ik, briefadres, inschrijven-brp, identiteitsbewijs]
# address:
#   street: "Straat 1"
#   postcode: "1234 AB"
#   city: "{name}"
access: phone-first               # walk-in | appointment | phone-first | walk-in-or-appointment | unknown
serves:                           # voor wie? Het algemene loket is er voor iedereen
  groups: [iedereen]
# hours:                          # alleen als de tijden op de officiële pagina staan
#   ma: "09:00-17:00"
#   di: "09:00-17:00"
#   wo: "09:00-17:00"
#   do: "09:00-17:00"
#   vr: "09:00-17:00"
# closed_on_holidays: true
hours: unknown                    # of de tijden per dag, als een bron ze noemt
sources:                          # elke pagina waar de feiten op staan
  - url: "https://www.VUL-IN.nl/contact"
    kind: organisation            # organisation | official | regulation | news | ngo | party
    date: undated                 # de datum op de pagina zelf: 2026, 2026-05 of 2026-05-12
    about: [phone, access, serves, text]
# verified:                       # alleen als je het bij de organisatie zelf hebt nagevraagd
#   date: {today}
#   how: phone                    # phone | visit | official-page
#   role: "redacteur gemeente"    # je rol, nooit je naam
# notes: |                        # alleen voor redacteuren; de site toont dit nooit
#   ...
---
Bel eerst de gemeente. Zij vertellen je waar je heen moet.
"""


def slugify(name: str) -> str:
    text = fold(name).replace("'s-", "s-")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def new_municipality(
    knowledge: Path, name: str, today: dt.date | None = None, known: Place | None = None, centre: Place | None = None
) -> Path:
    """known: the municipality in knowledge/places/, whose facts are filled in; centre: its
    centrumgemeente where regions.csv names one (with a source)."""
    name = (known.name if known else name).strip()
    slug = known.key if known else slugify(name)  # the key answers and plan links already carry
    if not slug:
        raise ValueError("give the name of the municipality, for example: loketwijzer new-municipality Leiden")
    folder = knowledge / "municipalities" / slug
    if folder.exists():
        raise FileExistsError(str(folder))
    (folder / "counters").mkdir(parents=True)
    values = {
        "name": name.replace('"', ""),
        "official_name": name.replace('"', ""),
        "cbs_line": f'\ncbs_code: "{known.code}"  # uit CBS (knowledge/places/)' if known else "",
        "province": known.province if known else "",
        "province_note": "uit CBS" if known else 'VUL IN: de provincie, bijvoorbeeld "Zuid-Holland" of "Fryslân"',
        "centre": centre.key if centre else slug,
        "centre_name": centre.name if centre else name.replace('"', ""),
        "centre_note": "uit knowledge/places/regions.csv (met bron)" if centre
        else "VUL IN met een bron: de centrumgemeente voor de opvang (slug of naam)",
        "slug": slug,
        "today": (today or dt.date.today()).isoformat(),
    }
    (folder / "municipality.yaml").write_text(MUNICIPALITY.format(**values), encoding="utf-8")
    (folder / "counters" / "gemeente.md").write_text(GEMEENTE.format(**values), encoding="utf-8")
    return folder
