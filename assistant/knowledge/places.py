"""Every Dutch municipality and woonplaats, and a matcher for what people type.

Pure data and functions: no Flask, no files (the loader reads knowledge/places/, the
catalogue stores the rows). A municipality's `key` is what an answer stores: the folder
name for a municipality we have files for ("den-haag"), else one made from its CBS name
("oss", "hengelo-o"). Adding a folder therefore upgrades a municipality by itself.

Matching, in order, stopping at the first that finds something:
1. the whole text, folded (case, accents, "'s-", "gemeente "), against every name: the
   municipality's, its woonplaatsen', the aliases', and the same without CBS's suffix
   ("Hengelo (O.)", "Bergen L", "Hoogvliet Rotterdam" are also "hengelo", "bergen",
   "hoogvliet");
2. a run of the typed words ("ik woon in oss", "amsterdam zuidoost");
3. one or two letters off (two only for longer names), with rapidfuzz.
When the names found lie in more than one municipality, all are offered; never one
picked. Text that is empty, too long or mixes scripts is never matched, only suggested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..textfold import fold
from .models import Municipality

LONGEST = 60  # more than this is not a place name: ask, with what it might hold as suggestions
# CBS's qualifiers after a name: "Hengelo (Gld)", "Bergen L", "Beers NB", "Bavel AC".
_QUALIFIERS = {"gld", "l", "nb", "ac", "gn", "nh", "zh", "o", "z", "lb", "fr", "dr", "ov", "ut", "u", "gr", "fl"}
_RANK_MUNICIPALITY, _RANK_PLACE, _RANK_SHORT = 0, 1, 2
# Woonplaatsen that are also everyday words in a question ("Best", "Echt", "Een", "Made",
# "Oude", "Nieuwe"): in a search they are words, not places. Found by comparing the place
# names with the words of our own topics, plus a few common ones.
QUERY_STOP = frozenset(
    "anderen best echt een goes hall heel hem hoeven loon made neer nederland nieuwe oranje oude spui zetten "
    "ens lent mill ee hoek wijk noord zuid oost west zand dam huis bank kamp veen hulp werk geld "
    "opende bergen elst well horn winkel heide sluis beek".split()
)


def normalise(name: str) -> str:
    """The comparable form of a name: folded, without "gemeente", spaces or punctuation."""
    text = fold(name).strip()
    text = re.sub(r"^(gemeente|gem\.?)\s+", "", text)
    text = re.sub(r"^['’`]s[\s-]", "s", text)
    # Letters of every script stay: "Амстердам" and "روتردام" are names people type (aliases.yaml).
    return re.sub(r"[\W_]", "", text)


def _words(name: str) -> list[str]:
    text = re.sub(r"['’`]s[\s-]", "s", fold(name))
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


def short_name(name: str, municipality: str = "") -> str:
    """A name without CBS's qualifier: "Hengelo (O.)" -> "Hengelo", "Hoogvliet Rotterdam" -> "Hoogvliet"."""
    base = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    words = base.split()
    if len(words) > 1 and words[-1].casefold().strip(".") in _QUALIFIERS:
        base = " ".join(words[:-1])
    if municipality and len(words) > 1 and fold(base).endswith(" " + fold(municipality)):
        base = base[: -len(municipality)].strip()
    return base


def slugify(name: str) -> str:
    text = re.sub(r"^['’`]s[\s-]", "s-", fold(name))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def mixed_script(text: str) -> bool:
    """True when the letters are not all Latin ("Утрecht"): such text is never matched."""
    for ch in text:
        if ch.isalpha():
            try:
                if not unicodedata.name(ch).startswith("LATIN"):
                    return True
            except ValueError:
                return True
    return False


def _mixed_within_words(text: str) -> bool:
    """A word that mixes Latin with another script ("Утрecht"): typed by mistake or to trick."""
    return any(len({mixed_script(ch) for ch in word if ch.isalpha()}) == 2 for word in text.split())


@dataclass(frozen=True)
class Place:
    """A municipality, covered by our files or not."""

    code: str  # CBS code, GM0828
    name: str  # as CBS writes it: "Oss", "'s-Hertogenbosch"
    province: str
    key: str  # what an answer stores: the folder slug when covered
    covered: bool
    display: str  # the name people use: "Den Haag" for 's-Gravenhage when we have its files
    centrumgemeente: str | None = None  # from regions.csv: only where a source names it
    region_source: str | None = None


@dataclass(frozen=True)
class Option:
    key: str  # the municipality's key
    label: str  # "Beek (gemeente Montferland)"


@dataclass(frozen=True)
class Match:
    place: Place | None  # exactly one municipality fits
    options: tuple[Option, ...] = ()  # several fit (ambiguous) or, with nothing found, suggestions
    ambiguous: bool = False
    typed_as: str = ""  # the name that matched: "Hoogvliet" for Rotterdam


@dataclass(frozen=True)
class PlaceRows:
    """The place files as plain rows: what the loader reads and the catalogue stores."""

    municipalities: list[tuple[str, str, str]] = field(default_factory=list)  # code, name, province
    woonplaatsen: list[tuple[str, str]] = field(default_factory=list)  # name, municipality code
    aliases: list[tuple[str, str]] = field(default_factory=list)  # name, municipality code
    regions: list[tuple[str, str, str]] = field(default_factory=list)  # code, centrumgemeente code, source


class Places:
    """All municipalities and every name they go by; built once per build."""

    def __init__(self, rows: PlaceRows, covered: dict[str, Municipality] | None = None):
        covered = covered or {}  # slug -> Municipality (knowledge/municipalities/)
        by_name = {normalise(name): code for code, name, _ in rows.municipalities}
        covered_code: dict[str, Municipality] = {}
        for m in covered.values():
            code = getattr(m, "cbs_code", None) or by_name.get(normalise(m.official_name)) or by_name.get(
                normalise(m.name)
            )
            if code:
                covered_code[code] = m
        regions = {code: (centre, source) for code, centre, source in rows.regions}
        self.by_code: dict[str, Place] = {}
        self._labels: Mapping[str, str] | None = None
        for code, name, province in rows.municipalities:
            folder = covered_code.get(code)
            centre, source = regions.get(code, (None, None))
            self.by_code[code] = Place(
                code=code,
                name=name,
                province=province,
                key=folder.slug if folder else slugify(name),
                covered=folder is not None,
                display=folder.name if folder else name,
                centrumgemeente=centre,
                region_source=source,
            )
        # A folder without a CBS row (a test's knowledge, a new municipality not yet in the
        # list) still counts: it is covered, under its own key.
        self.unlisted = [m for m in covered.values() if m not in covered_code.values()]
        for m in self.unlisted:
            code = f"kb-{m.slug}"
            covered_code[code] = m
            self.by_code[code] = Place(code, m.official_name, m.province, m.slug, True, m.name)
        self.by_key: dict[str, Place] = {p.key: p for p in self.by_code.values()}
        # normalised name -> {code: (rank, the name as written)}
        self._names: dict[str, dict[str, tuple[int, str]]] = {}
        for code, name, _ in rows.municipalities:
            self._add(name, code, _RANK_MUNICIPALITY)
            self._add(short_name(name), code, _RANK_SHORT)
        for code, m in covered_code.items():
            for n in [m.name, m.official_name, m.slug, *m.aliases]:
                self._add(n, code, _RANK_MUNICIPALITY)
        for name, code in rows.woonplaatsen:
            if code in self.by_code:
                self._add(name, code, _RANK_PLACE)
                self._add(short_name(name, self.by_code[code].name), code, _RANK_SHORT)
        for name, code in rows.aliases:
            if code in self.by_code:
                self._add(name, code, _RANK_MUNICIPALITY)
        self._keys = list(self._names)

    def _add(self, name: str, code: str, rank: int) -> None:
        key = normalise(name)
        if len(key) < 2:
            return
        found = self._names.setdefault(key, {})
        if code not in found or found[code][0] > rank:
            found[code] = (rank, name)

    def __len__(self) -> int:
        return len(self.by_code)

    def all(self) -> list[Place]:
        return sorted(self.by_code.values(), key=lambda p: normalise(p.name))

    def get(self, key_or_code: str | None) -> Place | None:
        if not key_or_code:
            return None
        return self.by_key.get(key_or_code) or self.by_code.get(key_or_code)

    def labels(self) -> Mapping[str, str]:
        """key -> the name to show, for every municipality (made once: every turn reads it)."""
        if self._labels is None:
            self._labels = MappingProxyType({p.key: p.display for p in self.by_code.values()})
        return self._labels

    def names(self) -> list[str]:
        """Every municipality's name once, for a datalist (woonplaatsen are matched on the server;
        all 2,650 names would put the page over one round trip)."""
        return sorted({p.display for p in self.by_code.values()}, key=normalise)

    def centre_of(self, place: Place) -> Place | None:
        """The centrumgemeente a source names for this municipality's region."""
        return self.by_code.get(place.centrumgemeente or "")

    def nearest_covered(self, place: Place, most: int = 2) -> list[Place]:
        """Municipalities we have files for in the same province (we hold no distances)."""
        return [p for p in self.all() if p.covered and p.province == place.province and p.code != place.code][:most]

    # ---- matching ----------------------------------------------------------------

    def _result(self, found: dict[str, tuple[int, str]], typed_as: str = "") -> Match:
        if len(found) == 1:
            code = next(iter(found))
            return Match(self.by_code[code], typed_as=found[code][1] or typed_as)
        return Match(None, self._options(found), ambiguous=True)

    def _options(self, found: dict[str, tuple[int, str]]) -> tuple[Option, ...]:
        ordered = sorted(found.items(), key=lambda i: (i[1][0], normalise(self.by_code[i[0]].name)))
        options = []
        for code, (_, written) in ordered:
            p = self.by_code[code]
            same = normalise(short_name(written)) == normalise(short_name(p.display))
            label = p.display if same else f"{short_name(written, p.name)} (gemeente {p.display})"
            options.append(Option(p.key, label))
        return tuple(options)

    def match(self, typed: str) -> Match:
        """The municipality what was typed names, the ones it might name, or suggestions."""
        text = str(typed or "").strip()
        if not text:
            return Match(None)
        wanted = normalise(text)
        if len(text) <= LONGEST and wanted in self._names and not _mixed_within_words(text):
            return self._result(self._names[wanted])  # a known name in any script ("Утрехт")
        if len(text) > LONGEST or mixed_script(text):
            return Match(None, self._suggest(text[: LONGEST * 2]))
        if len(wanted) < 2:
            return Match(None)
        if wanted in self._names:
            return self._result(self._names[wanted])
        found = self.in_words(text)
        if found is not None:
            return found
        near = self._near(wanted)
        if near:
            return self._result(near)
        return Match(None, self._suggest(text))

    def named(self, text: str) -> Match | None:
        """The municipality (or municipalities) a name is exactly, after folding; None for any
        other text. For reading sentences (understand.py), where a near name is not enough."""
        key = normalise(text)
        if len(key) < 3 or key not in self._names:
            return None
        return self._result(self._names[key], typed_as=text)

    @staticmethod
    def common(text: str) -> bool:
        """A place name that is also an everyday word ("best", "echt", "bergen")."""
        return normalise(text) in QUERY_STOP

    def in_words(self, text: str, min_len: int = 3) -> Match | None:
        """A name made of some of the typed words, the longest run first ("ik woon in oss")."""
        words = _words(text)[:12]
        for size in range(min(len(words), 4), 0, -1):
            found: dict[str, tuple[int, str]] = {}
            for start in range(len(words) - size + 1):
                key = "".join(words[start : start + size])
                if len(key) >= min_len and key in self._names:
                    found.update({c: v for c, v in self._names[key].items() if c not in found})
            if found:
                return self._result(found)
        return None

    def in_query(self, text: str) -> tuple[Place | None, str]:
        """A place named at the end or start of a search ("nachtopvang oss", "den haag briefadres"),
        and the rest of the question; (None, text) when none is, or when it fits two towns."""
        words = str(text or "").split()[:40]
        for size in (3, 2, 1):
            if len(words) <= size:
                continue
            for start in (len(words) - size, 0):
                key = normalise(" ".join(words[start : start + size]))
                found = self._names.get(key) if len(key) >= 3 and key not in QUERY_STOP else None
                if found and len(found) == 1:
                    rest = words[:start] + words[start + size :]
                    return self.by_code[next(iter(found))], " ".join(rest)
        return None, str(text or "")

    def _near(self, wanted: str) -> dict[str, tuple[int, str]]:
        """Names one letter off (two for names of 7 letters or more); the closest only."""
        most = 0 if len(wanted) < 4 else 1 if len(wanted) < 7 else 2
        if not most:
            return {}
        hits = process.extract(wanted, self._keys, scorer=Levenshtein.distance, score_cutoff=most, limit=20)
        if not hits:
            return {}
        best = min(d for _, d, _ in hits)
        found: dict[str, tuple[int, str]] = {}
        for key, d, _ in hits:
            if d == best:
                found.update({c: v for c, v in self._names[key].items() if c not in found})
        return found

    def _suggest(self, text: str, most: int = 5) -> tuple[Option, ...]:
        """Municipalities whose names look somewhat like the text: for "which town?"."""
        latin = "".join(ch for ch in text if not ch.isalpha() or not mixed_script(ch))
        wanted = normalise(latin)[: LONGEST]
        if len(wanted) < 2:
            return ()
        found: dict[str, tuple[int, str]] = {}
        words = self.in_words(latin)
        if words is not None:
            for p in [words.place] if words.place else [self.by_key[o.key] for o in words.options]:
                found.setdefault(p.code, (0, p.name))
        for key, _, _ in process.extract(wanted, self._keys, scorer=fuzz.ratio, score_cutoff=70, limit=15):
            for code, v in self._names[key].items():
                found.setdefault(code, v)
        return self._options(dict(list(found.items())[:most]))
