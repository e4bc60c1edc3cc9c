"""knowledge/places/: read the place files, and rewrite them from a CBS CSV download.

municipalities.csv (cbs_code, name, province), woonplaatsen.csv (woonplaatscode,
woonplaats, cbs_code, municipality), regions.csv (cbs_code, name, centrumgemeente,
source: only rows a source backs) and aliases.yaml (name: municipality). Their sources
are in sources.yaml.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import yaml

from .places import PlaceRows, normalise

MUNICIPALITIES = "municipalities.csv"
WOONPLAATSEN = "woonplaatsen.csv"
REGIONS = "regions.csv"
ALIASES = "aliases.yaml"
SOURCES = "sources.yaml"


def read(folder: Path) -> tuple[PlaceRows, list[tuple[str, int, str]]]:
    """The rows, and problems as (file name, line, message)."""
    problems: list[tuple[str, int, str]] = []
    if not (folder / MUNICIPALITIES).exists():
        return PlaceRows(), [(MUNICIPALITIES, 1, "the list of municipalities is missing")]
    munis = []
    for line, row in enumerate(csv.DictReader((folder / MUNICIPALITIES).open(encoding="utf-8")), 2):
        if not re.fullmatch(r"GM\d{4}", row.get("cbs_code") or "") or not row.get("name"):
            problems.append((MUNICIPALITIES, line, "each row needs a GMxxxx code and a name"))
            continue
        munis.append((row["cbs_code"], row["name"].strip(), (row.get("province") or "").strip()))
    codes = {c for c, _, _ in munis}
    by_name = {normalise(n): c for c, n, _ in munis}

    def code_of(written: str) -> str | None:
        written = str(written or "").strip()
        return written if written in codes else by_name.get(normalise(written))

    places = []
    path = folder / WOONPLAATSEN
    for line, row in enumerate(csv.DictReader(path.open(encoding="utf-8")) if path.exists() else [], 2):
        if row.get("cbs_code") not in codes or not row.get("woonplaats"):
            problems.append((WOONPLAATSEN, line, f"'{row.get('cbs_code')}' is not a municipality in {MUNICIPALITIES}"))
            continue
        places.append((row["woonplaats"].strip(), row["cbs_code"]))
    regions = []
    path = folder / REGIONS
    for line, row in enumerate(csv.DictReader(path.open(encoding="utf-8")) if path.exists() else [], 2):
        centre = code_of(row.get("centrumgemeente", ""))
        if row.get("cbs_code") not in codes or not centre:
            problems.append((REGIONS, line, "both the municipality and its centrumgemeente must be in the list"))
        elif not (row.get("source") or "").startswith("http"):
            problems.append((REGIONS, line, "a region needs its source (a link first)"))
        else:
            regions.append((row["cbs_code"], centre, row["source"]))
    aliases = []
    path = folder / ALIASES
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    for name, target in ((data or {}).get("aliases") or {}).items():
        code = code_of(target)
        if code is None:
            where = _line_of(path, str(name))
            problems.append((ALIASES, where, f"'{target}' is not a municipality in {MUNICIPALITIES}"))
        else:
            aliases.append((str(name), code))
    return PlaceRows(munis, places, aliases, regions), problems


def _line_of(path: Path, name: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(f"{name}:"):
            return i
    return 1


# ---- refresh from CBS --------------------------------------------------------------

# Column names as CBS writes them in 85877NED downloads, and as our own files do.
_PLACE = ("woonplaats", "naam_1", "woonplaatsnaam")
_PLACE_CODE = ("woonplaatscode", "code_2", "woonplaatsen")  # CBS's key column: "WP3241"
_MUNI = ("municipality", "gemeentenaam", "naam_2", "naam_3", "gemeente")
_MUNI_CODE = ("cbs_code", "gemeentecode", "code_3", "code_4")
_PROVINCE = ("province", "provincienaam", "naam_4", "naam_5", "provincie")


def _column(header: list[str], wanted: tuple[str, ...]) -> str | None:
    folded = {h.strip().casefold(): h for h in header}
    return next((folded[w] for w in wanted if w in folded), None)


def refresh(folder: Path, download: str, today: dt.date | None = None) -> tuple[int, int]:
    """Rewrite municipalities.csv and woonplaatsen.csv from a CBS CSV (85877NED: one row
    per woonplaats with its gemeente and provincie; ';' or ',' separated). Returns counts.
    Raises ValueError when a column is missing or the file holds no rows."""
    sample = download[:2000]
    dialect = csv.Sniffer().sniff(sample, delimiters=";,") if sample.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(download), dialect=dialect)
    header = list(reader.fieldnames or [])
    cols = {
        name: _column(header, wanted)
        for name, wanted in (("place", _PLACE), ("muni", _MUNI), ("muni_code", _MUNI_CODE), ("province", _PROVINCE))
    }
    missing = [n for n, c in cols.items() if c is None]
    if missing:
        raise ValueError(f"columns not found: {', '.join(missing)} (header: {', '.join(header)})")
    place_code = _column(header, _PLACE_CODE)
    munis: dict[str, tuple[str, str]] = {}
    places: list[tuple[str, str, str, str]] = []
    for row in reader:
        code = re.sub(r"\s+", "", row[cols["muni_code"]] or "")
        if re.fullmatch(r"\d{1,4}", code):
            code = f"GM{int(code):04d}"
        if not re.fullmatch(r"GM\d{4}", code):
            continue
        muni = (row[cols["muni"]] or "").strip()
        munis[code] = (muni, (row[cols["province"]] or "").strip())
        pcode = (row.get(place_code) or "").strip() if place_code else ""
        pcode = re.sub(r"^WP", "", pcode)
        places.append((pcode, (row[cols["place"]] or "").strip(), code, muni))
    if not munis or not places:
        raise ValueError("the file holds no woonplaatsen with a gemeente code")
    with (folder / MUNICIPALITIES).open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["cbs_code", "name", "province"])
        for code, (name, province) in sorted(munis.items(), key=lambda i: (normalise(i[1][0]), i[0])):
            w.writerow([code, name, province])
    with (folder / WOONPLAATSEN).open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["woonplaatscode", "woonplaats", "cbs_code", "municipality"])
        for place in sorted(places, key=lambda r: (normalise(r[1]), r[2])):
            w.writerow(place)
    _mark_checked(folder / SOURCES, (MUNICIPALITIES, WOONPLAATSEN), today or dt.date.today())
    return len(munis), len(places)


def _mark_checked(path: Path, names: tuple[str, ...], today: dt.date) -> None:
    """Set `checked` of these files to today, keeping every comment in sources.yaml."""
    if not path.exists():
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    current = None
    for i, line in enumerate(lines):
        m = re.match(r"^  (\S+):\s*$", line)
        if m:
            current = m.group(1)
        elif current in names and re.match(r"^    checked:", line):
            lines[i] = f"    checked: {today.isoformat()}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
