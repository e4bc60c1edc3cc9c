"""Facts that used to live in code now live in the knowledge files, and are checked there:
the province in municipality.yaml, the worker form's defaults and contradictions in the flow."""

from __future__ import annotations

import json

from assistant import hsds, languages
from assistant.knowledge.loader import load
from assistant.knowledge.models import PROVINCES
from assistant.knowledge.scaffold import new_municipality

from .editing import edit as _edit
from .editing import line_of as _line_of


def _messages(kb, name: str) -> list[str]:
    return [str(p) for p in kb.errors if name in p.path]


# ---- province ---------------------------------------------------------------------------


def test_every_municipality_names_its_province(knowledge_copy, tmp_path):
    kb = load(knowledge_copy)
    assert kb.municipalities and all(m.province in PROVINCES for m in kb.municipalities.values())
    assert kb.municipalities["den-haag"].province == "Zuid-Holland"
    # The HSDS export takes the province from the file, not from code.
    assert _exported_provinces(knowledge_copy, tmp_path / "before") == {"Noord-Holland"}
    _edit(knowledge_copy / "municipalities/amsterdam/municipality.yaml", '"Noord-Holland"', '"Flevoland"')
    assert _exported_provinces(knowledge_copy, tmp_path / "after") == {"Flevoland"}


def _exported_provinces(knowledge, out) -> set[str]:
    hsds.export(load(knowledge), out)
    locations = json.loads((out / "locations.json").read_text(encoding="utf-8"))
    return {a["state_province"] for loc in locations for a in loc.get("addresses", [])}


def test_a_missing_or_unknown_province_is_an_error_with_its_line(knowledge_copy):
    path = knowledge_copy / "municipalities/venlo/municipality.yaml"
    _edit(path, 'province: "Limburg"', 'province: "Limburgia"')
    line = _line_of(path, "province:")
    errors = _messages(load(knowledge_copy), "venlo")
    assert any(f"municipality.yaml:{line}:" in m and "'Limburgia' is not a Dutch province" in m for m in errors), errors

    _edit(path, 'province: "Limburgia"\n', "")
    errors = _messages(load(knowledge_copy), "venlo")
    assert any("the field 'province' is missing" in m for m in errors), errors


def test_province_spelling_is_forgiving_but_stored_officially(knowledge_copy):
    path = knowledge_copy / "municipalities/groningen/municipality.yaml"
    _edit(path, 'province: "Groningen"', 'province: "friesland"')  # wrong province, but a valid name
    assert load(knowledge_copy).municipalities["groningen"].province == "Fryslân"


def test_new_municipality_asks_for_the_province(knowledge_copy):
    folder = new_municipality(knowledge_copy, "Leiden")
    line = _line_of(folder / "municipality.yaml", "province:")
    errors = _messages(load(knowledge_copy), "leiden")
    assert any(f"municipality.yaml:{line}:" in m and "province is empty" in m for m in errors), errors


# ---- worker form ------------------------------------------------------------------------


def test_worker_defaults_and_contradictions_come_from_the_flow(knowledge_copy):
    worker = load(knowledge_copy).flow.worker
    assert worker.defaults == {}  # nothing pre-selected that the worker did not say
    [found] = worker.found({"slapen": "nee", "situatie": "bank", "gevaar": "nee"})
    assert found.questions == ("slapen", "situatie")
    assert set(found.message) == set(languages.CODES)
    assert found.message["en"].startswith("‘No safe place to sleep tonight’")
    assert worker.found({"slapen": "nee", "situatie": "straat"}) == []
    assert len(worker.found({"leeftijd": "onder-18", "kinderen": "ja", "eu-werk": "ja", "eu-gewerkt": "nooit"})) == 2


def test_worker_rules_naming_unknown_questions_or_options_fail_the_check(knowledge_copy):
    path = knowledge_copy / "flows/intake.yaml"
    _edit(path, "    - when: {leeftijd: onder-18, kinderen: ja}", "    - when: {leeftijd: onder-17, kinderne: ja}")
    _edit(path, "  defaults: {}\n", "  defaults:\n    slapen: misschien\n")
    kb = load(knowledge_copy)
    assert kb.flow is None  # a broken flow is never served
    errors = _messages(kb, "intake.yaml")
    rule_line, default_line = _line_of(path, "onder-17"), _line_of(path, "slapen: misschien")
    assert any(f":{rule_line}:" in m and "has no option 'onder-17'" in m for m in errors), errors
    assert any(f":{rule_line}:" in m and "unknown question 'kinderne'" in m for m in errors), errors
    assert any(f":{default_line}:" in m and "has no option 'misschien'" in m for m in errors), errors


def test_a_worker_message_without_dutch_is_an_error(knowledge_copy):
    path = knowledge_copy / "flows/intake.yaml"
    _edit(path, '        nl: "Jonger dan 18 en zelf kinderen', '        xx: "Jonger dan 18 en zelf kinderen')
    errors = _messages(load(knowledge_copy), "intake.yaml")
    assert any("no Dutch (nl) version" in m for m in errors), errors
    assert any("unknown language 'xx'" in m for m in errors), errors
