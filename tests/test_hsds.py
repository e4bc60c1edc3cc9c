"""The HSDS 3.0 export: every compiled service record passes the official schema."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import uuid
from pathlib import Path

import jsonschema
import pytest

from assistant import hsds
from assistant.knowledge import provenance
from assistant.knowledge.hours import weekly
from assistant.knowledge.loader import Knowledge
from assistant.knowledge.models import Counter, Municipality

# The official schema is kept beside the tests (source, licence and checksums in its README).
HSDS_FIXTURES = Path(__file__).parent / "fixtures" / "hsds"
SCHEMA = HSDS_FIXTURES / "service.schema.json"
CHECKSUM = re.compile(r"^([0-9a-f]{64})  (\S+)$", re.MULTILINE)
BYDAY = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def kb(source_kb) -> Knowledge:
    assert not source_kb.errors, "\n".join(map(str, source_kb.errors))
    return source_kb


@pytest.fixture(scope="module")
def exported(kb, tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("hsds")
    return out, hsds.export(kb, out)


def records(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "services").glob("*.json"))}


def problems(validator, record: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]


def all_counters(kb: Knowledge) -> list[Counter]:
    return [c for m in kb.municipalities.values() for c in m.counters.values()]


def test_the_kept_schema_is_the_official_one_unchanged():
    recorded = {name: digest for digest, name in CHECKSUM.findall((HSDS_FIXTURES / "README.md").read_text())}
    assert "service.schema.json" in recorded
    kept = {p.name for p in HSDS_FIXTURES.iterdir() if p.name != "README.md"}
    assert kept == set(recorded), "every file here needs its sha256 in README.md, and nothing else"
    for name, digest in recorded.items():
        actual = hashlib.sha256((HSDS_FIXTURES / name).read_bytes()).hexdigest()
        assert actual == digest, f"{name} changed: record its new source and sha256 in README.md"


# ---- the real knowledge --------------------------------------------------------------


def test_every_service_record_passes_the_official_schema(exported, validator):
    out, _ = exported
    found = records(out)
    assert found
    failures = {sid: errs for sid, record in found.items() if (errs := problems(validator, record))}
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)[:4000]


def test_every_record_has_the_required_fields(exported, schema):
    out, _ = exported
    props = schema["properties"]
    for sid, record in records(out).items():
        assert record["id"] == sid
        for key in schema["required"]:
            assert record.get(key) not in (None, ""), f"{sid}: '{key}' is empty"
        for key in props["organization"]["required"]:
            assert record["organization"].get(key), f"{sid}: organization '{key}' is empty"
        for sal in record["service_at_locations"]:
            location = sal["location"]
            assert sal["location_id"] == location["id"]
            for key in props["service_at_locations"]["items"]["properties"]["location"]["required"]:
                assert location.get(key), f"{sid}: location '{key}' is empty"


def test_one_service_per_counter_and_one_organization_per_municipality(exported, kb):
    out, counts = exported
    counters = all_counters(kb)
    assert counts["services"] == len(counters) == len(records(out))
    assert counts["organizations"] == len(kb.municipalities)
    flat = {kind: json.loads((out / f"{kind}.json").read_text(encoding="utf-8")) for kind in counts}
    assert {kind: len(items) for kind, items in flat.items()} == counts
    assert {s["id"] for s in flat["services"]} == set(records(out))
    wanted = {hsds.service_id(c.municipality, c.id) for c in counters}
    assert set(records(out)) == wanted


def test_a_counter_with_hours_yields_schedules(exported, kb):
    out, counts = exported
    found = records(out)
    with_hours = [c for c in all_counters(kb) if any(ranges for _day, ranges in weekly(c))]
    assert with_hours, "the knowledge should have at least one counter with opening hours"
    for c in with_hours:
        record = found[hsds.service_id(c.municipality, c.id)]
        assert record["schedules"], f"{c.municipality}/{c.id} has hours but no schedules"
        days = set()
        for s in record["schedules"]:
            assert s["freq"] == "WEEKLY" and s["service_id"] == record["id"]
            assert set(s["byday"].split(",")) <= BYDAY
            assert dt.time.fromisoformat(s["opens_at"]) and dt.time.fromisoformat(s["closes_at"])
            days |= set(s["byday"].split(","))
        open_days = {hsds.BYDAY[day] for day, ranges in weekly(c) if ranges}
        assert days == open_days
    without = [c for c in all_counters(kb) if c.hours is None and not c.exceptions]
    for c in without:
        assert found[hsds.service_id(c.municipality, c.id)]["schedules"] == []
    assert counts["schedules"] >= len(with_hours)


def test_phones_and_addresses_come_only_from_the_files(exported, kb):
    out, _ = exported
    found = records(out)
    for c in all_counters(kb):
        record = found[hsds.service_id(c.municipality, c.id)]
        assert [p["number"] for p in record["phones"]] == ([c.phone] if c.phone else [])
        # Assured only when someone confirmed it; otherwise dated by the newest source itself.
        assert record.get("assured_date") == (c.verified.date.isoformat() if c.verified else None)
        newest = provenance.newest(c.sources)
        expected = c.verified.date if c.verified else (newest.first() if newest else None)
        modified = record.get("last_modified")
        assert (dt.datetime.fromisoformat(modified).date() if modified else None) == expected
        assert record["url"] == (c.website or c.sources[0].url)
        locations = [sal["location"] for sal in record["service_at_locations"]]
        assert len(locations) == (1 if c.address else 0)
        for location in locations:
            for address in location.get("addresses", []):
                assert address["address_1"] == c.address.street
                assert address["postal_code"] == c.address.postcode
                assert address["city"] == c.address.city
                assert address["country"] == "NL"
            if not (c.address.street and c.address.postcode and c.address.city):
                assert "addresses" not in location, "an incomplete address must not be filled in"
        muni_phone = kb.municipalities[c.municipality].phone
        assert [p["number"] for p in record["organization"].get("phones", [])] == ([muni_phone] if muni_phone else [])


def test_ids_are_stable_uuid5(exported, kb, tmp_path):
    out, _ = exported
    again = tmp_path / "again"
    hsds.export(kb, again)
    for kind in ("services", "organizations", "locations", "schedules"):
        assert (out / f"{kind}.json").read_bytes() == (again / f"{kind}.json").read_bytes()
    names = [sorted(p.name for p in (d / "services").iterdir()) for d in (out, again)]
    assert names[0] == names[1]
    for sid in records(out):
        assert uuid.UUID(sid).version == 5


def test_a_removed_counter_disappears_from_the_export(kb, tmp_path):
    hsds.export(kb, tmp_path)
    stale = tmp_path / "services" / f"{uuid.uuid4()}.json"
    stale.write_text("{}", encoding="utf-8")
    hsds.export(kb, tmp_path)
    assert not stale.exists()


# ---- the validator is not a rubber stamp ---------------------------------------------


def test_the_validator_rejects_broken_records(exported, validator):
    out, _ = exported
    good = next(r for r in records(out).values() if r["schedules"])
    assert problems(validator, good) == []

    def broken(change) -> list[str]:
        record = copy.deepcopy(good)
        change(record)
        return problems(validator, record)

    assert any("is not a 'uuid'" in p for p in broken(lambda r: r.update(id="kruispost")))
    assert any("is not a 'uuid'" in p for p in broken(lambda r: r["schedules"][0].update(id="ma-09")))
    assert any("'name' is a required property" in p for p in broken(lambda r: r.pop("name")))
    assert any("is not one of" in p for p in broken(lambda r: r.update(status="open")))
    assert any("is not one of" in p for p in broken(lambda r: r["schedules"][0].update(freq="DAILY")))
    assert broken(lambda r: r["organization"].pop("description"))


# ---- hours and addresses the real knowledge does not (yet) have ----------------------


def synthetic_kb() -> Knowledge:
    muni = Municipality.model_validate(
        {
            "name": "Den Haag",
            "official_name": "'s-Gravenhage",
            "aliases": ["Den Haag"],
            "phone": "14 070",
            "website": "https://www.denhaag.nl",
            "province": "Zuid-Holland",
            "centrumgemeente": "den-haag",
            "sources": [{"title": "Gemeente", "url": "https://www.denhaag.nl", "checked": "2026-11-01"}],
            "reviewed": "2026-11-01",
            "slug": "den-haag",
        }
    )
    base = {
        "sources": [{"url": "https://example.nl/bron", "kind": "organisation", "date": "2026-11", "about": ["hours"]}],
        "topics": ["nachtopvang"],
    }
    counters = {
        "altijd": {"name": "Altijd open", "hours": "24/7", "access": "walk-in", "email": "info@example.nl"},
        "nacht": {
            "name": "Nachtopvang",
            "hours": {d: "21:00-08:00" for d in ("ma", "di", "wo", "do", "vr", "za", "zo")},
            "closed_on_holidays": True,
            "exceptions": [
                {"date": "2026-12-24", "closed": True},
                {"date": "2026-12-31", "hours": "18:00-24:00", "note": "Oudejaarsavond"},
            ],
            "address": {"street": "Straat 1", "postcode": "2500 AA", "city": "Den Haag"},
        },
        "halfadres": {"name": "Half adres", "address": {"street": "Straat 2", "city": "Den Haag"}},
    }
    for cid, fields in counters.items():
        muni.counters[cid] = Counter.model_validate(base | fields | {"id": cid, "municipality": "den-haag"})
    return Knowledge(root=Path("."), municipalities={"den-haag": muni})


def test_always_open_overnight_exceptions_and_addresses(tmp_path, validator):
    counts = hsds.export(synthetic_kb(), tmp_path)
    assert counts == {"services": 3, "organizations": 1, "locations": 2, "schedules": 1 + 1 + 2}
    found = {r["name"]: r for r in records(tmp_path).values()}
    for record in found.values():
        assert problems(validator, record) == []

    always = found["Altijd open"]
    assert always["email"] == "info@example.nl"
    [s] = always["schedules"]
    assert (s["byday"], s["opens_at"], s["closes_at"]) == ("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")
    assert s["attending_type"]

    night = found["Nachtopvang"]
    weekly_s, closed, open_late = night["schedules"]
    every_day = "MO,TU,WE,TH,FR,SA,SU"
    assert (weekly_s["byday"], weekly_s["opens_at"], weekly_s["closes_at"]) == (every_day, "21:00", "08:00")
    assert "volgende ochtend" in weekly_s["description"] and "feestdagen" in weekly_s["notes"]
    assert closed["valid_from"] == closed["valid_to"] == "2026-12-24" and "opens_at" not in closed
    assert closed["byday"] == "TH" and "gesloten" in closed["description"]
    assert (open_late["opens_at"], open_late["closes_at"], open_late["byday"]) == ("18:00", "23:59", "TH")
    [address] = night["service_at_locations"][0]["location"]["addresses"]
    assert address["state_province"] == "Zuid-Holland" and address["postal_code"] == "2500 AA"

    half = found["Half adres"]["service_at_locations"][0]["location"]
    assert "addresses" not in half and half["description"] == "Straat 2, Den Haag"
    assert found["Half adres"]["schedules"] == []
    assert found["Half adres"]["organization"]["alternate_name"] == "Den Haag"


def test_plain_text_drops_markdown():
    text = hsds.plain_text("Bel **14 070**.\n\n- een\n- twee\n\nZie [de site](https://www.denhaag.nl).")
    assert text == "Bel 14 070.\n\n- een\n- twee\n\nZie de site (https://www.denhaag.nl)."


def test_export_hsds_command_writes_the_files(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "hsds"
    command = [sys.executable, "-m", "assistant", "export-hsds", str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert all((out / name).exists() for name in ("services.json", "organizations.json", "locations.json"))
