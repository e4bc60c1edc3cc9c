"""Find a municipality from a name typed loosely: "den haag", "'s-Gravenhage", "dnhaag"."""

from __future__ import annotations

import difflib
import re

from ..textfold import fold
from .models import Municipality


def normalise(name: str) -> str:
    text = fold(name)
    text = re.sub(r"^(gemeente|gem\.?)\s+", "", text.strip())
    text = text.replace("'s-", "s").replace("’s-", "s")
    return re.sub(r"[^a-z0-9]", "", text)


def names_of(m: Municipality) -> list[str]:
    return [m.name, m.official_name, m.slug, *m.aliases]


def _table(municipalities: dict[str, Municipality]) -> dict[str, Municipality]:
    """Every name of every municipality, normalised."""
    return {normalise(n): m for m in municipalities.values() for n in names_of(m)}


def match(text: str, municipalities: dict[str, Municipality]) -> Municipality | None:
    """The best municipality for a typed name, or None when nothing is close enough."""
    wanted = normalise(text)[:60]
    if len(wanted) < 2:
        return None
    table = _table(municipalities)
    if wanted in table:
        return table[wanted]
    close = difflib.get_close_matches(wanted, list(table), n=1, cutoff=0.75)
    if close:
        return table[close[0]]
    # "utrecht centraal", "rotterdam zuid": a known name at the start of what was typed.
    for key in sorted(table, key=len, reverse=True):
        if len(key) >= 4 and wanted.startswith(key):
            return table[key]
    return None


def near(text: str, municipalities: dict[str, Municipality], most: int = 5) -> list[Municipality]:
    """Municipalities whose names look like what was typed (for "did you mean one of these?")."""
    table = _table(municipalities)
    close = difflib.get_close_matches(normalise(text), list(table), n=8, cutoff=0.7)
    return list({table[n].slug: table[n] for n in close}.values())[:most]
