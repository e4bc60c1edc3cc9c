"""What people type, made comparable: one folding and one cleaning function."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Casefold and strip accents: 'Één' and 'een', 'Straße' and 'strasse' compare equal."""
    text = unicodedata.normalize("NFKD", str(text or "").casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def phrase_key(text: str) -> str:
    """A phrase compared whole (as typed, as a synonym, in a list of words): its words, folded,
    one space apart. "Daklozenopvang!" and "daklozenopvang" are one phrase."""
    return " ".join(_WORD.findall(fold(text)))


def clean(text: str, limit: int) -> str:
    """User text made safe to handle: NFC, control characters as spaces, runs of space
    as one, at most `limit` characters. Every script people write in is kept."""
    text = unicodedata.normalize("NFC", str(text or ""))
    # Cut before the character loop so a megabyte of input costs no more than a line.
    text = "".join(ch if ch.isprintable() else " " for ch in text[: limit * 4])
    return _SPACES.sub(" ", text).strip()[:limit]
