"""Whom each counter serves (issue 15, point 1): filled from the sources, checked by `check`.

The plan must never send a person to a counter that turns them away, so these tests pin
the facts that matter most for safety, and that a wrong value is caught with its line.
"""

from __future__ import annotations

import pytest

from assistant import cli
from assistant.knowledge.loader import load

from .conftest import KNOWLEDGE
from .editing import edit as _edit
from .editing import line_of as _line_of


@pytest.fixture(scope="module")
def real():
    return load(KNOWLEDGE)


@pytest.fixture(scope="module")
def counters(real):
    return {f"{m.slug}/{cid}": c for m in real.municipalities.values() for cid, c in m.counters.items()}


def test_every_counter_says_whom_it_serves(real, counters):
    assert len(counters) >= 78
    unread = sorted(key for key, c in counters.items() if c.serves is None)
    assert unread == [], f"no 'serves:' in {unread}"
    assert not [p for p in real.problems if "no 'serves:'" in p.message]


def test_rotterdam_centraal_onthaal_is_for_homeless_people_of_23_and_over_with_legal_residence(counters):
    serves = counters["rotterdam/centraal-onthaal"].serves
    assert serves.age_min == 23
    assert "rechtmatig-verblijf" in serves.requires
    # Only for people without a home: a family still in its house must not be sent here.
    assert serves.groups == ["dakloos"]
    # Its night shelters are reached only through it, so they carry the same limits.
    nas = counters["rotterdam/nachtopvang-nas"].serves
    assert nas.age_min == 23 and "rechtmatig-verblijf" in nas.requires
    assert "verwijzing" in nas.requires and "Centraal Onthaal" in nas.referral


# Youth counters whose sources name no age limit: nothing may be guessed for them.
YOUTH_WITHOUT_KNOWN_LIMIT = {"groningen/acute-opvang-jongeren", "zwolle/limor-logeerhuis"}


def test_youth_counters_have_an_upper_age(counters):
    youth = {key: c.serves for key, c in counters.items() if "jongeren" in c.serves.groups}
    assert len(youth) >= 7
    for key, serves in youth.items():
        if key in YOUTH_WITHOUT_KNOWN_LIMIT:
            assert serves.age_max is None, f"{key}: its source names no age; do not guess one"
        else:
            assert serves.age_max is not None and serves.age_max <= 26, key
    # The 34-year-old of the issue is not sent to Utrecht's youth team for a briefadres.
    assert counters["utrecht/stadsteam-back-up"].serves.age_max == 26
    assert counters["den-haag/jongerenpunt070"].serves.age_max == 26
    assert counters["rotterdam/jongerenloket"].serves.age_max == 26


def test_adult_counters_start_where_the_youth_counter_ends(counters):
    # Rotterdam: 18-26 to the Jongerenloket, 27 and over to Werk en Inkomen and the VraagWijzer.
    youth_max = counters["rotterdam/jongerenloket"].serves.age_max
    assert counters["rotterdam/werk-en-inkomen"].serves.age_min == youth_max + 1
    assert counters["rotterdam/vraagwijzer"].serves.age_min == youth_max + 1


def test_eu_shelters_serve_eu_citizens(counters):
    eu = {key: c for key, c in counters.items() if key.split("/")[1].startswith("eu-burgers")}
    assert len(eu) == 6
    for key, counter in eu.items():
        assert "eu-burgers" in counter.serves.groups, key


def test_street_doctors_serve_people_without_insurance(counters):
    assert "onverzekerd" in counters["rotterdam/straatdokters"].serves.groups
    assert "onverzekerd" in counters["amsterdam/kruispost"].serves.groups
    assert "zonder-verblijfsvergunning" in counters["amsterdam/kruispost"].serves.groups


def test_the_general_municipal_counter_serves_everyone(counters):
    general = {key: c.serves for key, c in counters.items() if key.endswith("/gemeente")}
    assert len(general) == 10
    for key, serves in general.items():
        assert serves.groups == ["iedereen"], key
        assert not serves.requires and serves.age_min is None and serves.age_max is None, key


def test_help_for_people_without_a_permit_never_asks_for_legal_residence(counters):
    for key, counter in counters.items():
        if "zonder-verblijfsvergunning" in [*counter.topics, *counter.serves.groups]:
            assert "rechtmatig-verblijf" not in counter.serves.requires, key


def test_shelter_access_in_amsterdam_asks_for_legal_residence(counters):
    # The undocumented person of the issue was sent here first.
    assert "rechtmatig-verblijf" in counters["amsterdam/screeningsbalie-ggd"].serves.requires
    assert counters["amsterdam/vreemdelingenloket-aco"].serves.groups == ["zonder-verblijfsvergunning"]


def test_a_voucher_always_says_where_to_get_it(counters):
    with_voucher = [c for c in counters.values() if "verwijzing" in c.serves.requires]
    assert with_voucher
    assert all(c.serves.referral for c in with_voucher)


def test_an_unknown_group_is_an_error_with_file_and_line(knowledge_copy, capsys):
    path = knowledge_copy / "municipalities/rotterdam/counters/straatdokters.md"
    _edit(path, "groups: [dakloos, onverzekerd, eu-burgers]", "groups: [kinderen]")
    line = _line_of(path, "groups: [kinderen]")
    assert cli.main(["check", "--quiet", "--knowledge", str(knowledge_copy)]) == 1
    out = capsys.readouterr().out
    assert f"straatdokters.md:{line}: serves.groups.0:" in out, out
    assert "'onverzekerd'" in out  # the message lists the values that are allowed


def test_a_voucher_without_where_to_get_it_is_an_error(knowledge_copy):
    path = knowledge_copy / "municipalities/amsterdam/counters/stoelenproject.md"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(ln for ln in text.split("\n") if not ln.startswith("  referral:")), encoding="utf-8")
    errors = [str(p) for p in load(knowledge_copy).errors if "stoelenproject" in p.path]
    assert any("'verwijzing' needs 'referral'" in e for e in errors), errors


def test_a_counter_without_serves_is_a_warning_not_an_error(knowledge_copy):
    path = knowledge_copy / "municipalities/den-haag/counters/dak-en-thuislozenloket.md"
    _edit(path, "serves:\n  groups: [dakloos]\n", "")
    kb = load(knowledge_copy)
    found = [p for p in kb.problems if "dak-en-thuislozenloket" in p.path]
    assert [p.severity for p in found] == ["warning"] and "no 'serves:'" in found[0].message
    assert "dak-en-thuislozenloket" in kb.municipalities["den-haag"].counters  # still shown
