"""Every Dutch place: 342 municipalities and 2,501 woonplaatsen, recognised everywhere,
with an honest route where we have no local files (issue 17)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import conversation
from assistant.knowledge import placefiles
from assistant.knowledge.loader import load
from assistant.knowledge.places import normalise

from .walk import post

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "knowledge" / "places"
FIXTURES = Path(__file__).parent / "fixtures"


def rows(name: str) -> list[dict]:
    with (PLACES / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def lands_on(kb, typed: str, code: str) -> bool:
    """The name gives that municipality, or asks with it among the towns offered; never another."""
    found = kb.places.match(typed)
    if found.place is not None:
        return found.place.code == code
    return found.ambiguous and code in {kb.places.get(o.key).code for o in found.options}


# ---- the data and the matcher ------------------------------------------------------------


def test_the_place_files_hold_every_municipality_and_woonplaats_with_their_sources(kb):
    assert len(rows("municipalities.csv")) == 342 and len(kb.places) == 342
    assert len(rows("woonplaatsen.csv")) == 2501
    sources = (PLACES / "sources.yaml").read_text(encoding="utf-8")
    assert "85877NED" in sources and "Bron: CBS" in sources
    for row in rows("regions.csv"):  # only rows a source backs
        assert row["source"].startswith("http") and row["centrumgemeente"]


def test_all_342_municipality_names_resolve_to_their_municipality(kb):
    wrong = [r["name"] for r in rows("municipalities.csv") if not lands_on(kb, r["name"], r["cbs_code"])]
    assert wrong == []
    # Typed in lower case without accents, too.
    wrong = [r["name"] for r in rows("municipalities.csv") if not lands_on(kb, r["name"].lower(), r["cbs_code"])]
    assert wrong == []


def test_all_2501_woonplaatsen_resolve_to_their_municipality(kb):
    wrong = [(r["woonplaats"], r["municipality"]) for r in rows("woonplaatsen.csv")
             if not lands_on(kb, r["woonplaats"], r["cbs_code"])]
    assert wrong == []
    # A woonplaats whose name is unique says its municipality without asking.
    names = [normalise(r["woonplaats"]) for r in rows("woonplaatsen.csv")]
    unique = [r for r in rows("woonplaatsen.csv") if names.count(normalise(r["woonplaats"])) == 1]
    asked = [r["woonplaats"] for r in unique if kb.places.match(r["woonplaats"]).place is None]
    assert len(asked) < 0.01 * len(unique), asked  # only names shared with a municipality elsewhere ask


@pytest.mark.parametrize(
    "typed, key",
    [
        ("Den Bosch", "s-hertogenbosch"),
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("Den Haag", "den-haag"),
        ("Scheveningen", "den-haag"),
        ("Hoogvliet", "rotterdam"),
        ("Zuidoost", "amsterdam"),
        ("amsterdam zuidoost", "amsterdam"),
        ("Stein", "stein-l"),
        ("Middelburg", "middelburg-z"),
        ("SÚDWEST-FRYSLÂN", "sudwest-fryslan"),
        ("sudwest fryslan", "sudwest-fryslan"),
        ("Snits", "sudwest-fryslan"),
        ("gemeente Oss", "oss"),
        ("Zwole", "zwolle"),  # one letter off
        ("Amersfort", "amersfoort"),
        ("Nijmgen", "nijmegen"),
        ("Maastrcht", "maastricht"),
        ("Leeuwaarden", "leeuwarden"),  # an extra letter
        ("ik woon in Ede", "ede"),
    ],
)
def test_everyday_names_districts_suffixes_and_typos(kb, typed, key):
    found = kb.places.match(typed)
    assert found.place is not None and found.place.key == key, found


@pytest.mark.parametrize(
    "typed, both",
    [
        ("Hengelo", {"hengelo-o", "bronckhorst"}),
        ("Rijswijk", {"rijswijk-zh", "buren", "altena"}),
        ("Beek", {"beek-l", "montferland", "berg-en-dal"}),
        ("Bergen", {"bergen-l", "bergen-nh"}),
        ("Laren", {"laren-nh", "lochem"}),
        ("Rozenburg", {"rotterdam", "haarlemmermeer"}),
    ],
)
def test_a_name_two_towns_share_is_asked_with_both(kb, typed, both):
    found = kb.places.match(typed)
    assert found.place is None and found.ambiguous
    assert {o.key for o in found.options} == both


@pytest.mark.parametrize("typed", ["", "   ", "x", "🙂🙂🙂", "🏠 Utrecht 🏠" * 10, "Утрecht", "Amsterdаm", "a" * 500])
def test_bad_input_never_picks_a_town(kb, typed):
    """Empty, emoji, very long or mixed-script text (a Cyrillic 'а' in Amsterdam): ask which town."""
    assert kb.places.match(typed).place is None


def test_mixed_script_and_long_text_get_suggestions(kb):
    assert "utrecht" in [o.key for o in kb.places.match("Утрecht").options]
    assert "oss" in [o.key for o in kb.places.match("Oss " * 30).options]


def test_a_typo_never_lands_on_another_town_silently(kb):
    """Every municipality name with one letter dropped: its own town, a question, or nothing."""
    wrong = []
    for r in rows("municipalities.csv"):
        name = normalise(r["name"])
        for i in range(1, len(name)) if len(name) >= 5 else []:
            typo = name[:i] + name[i + 1 :]
            found = kb.places.match(typo)
            if typo in kb.places._names or found.place is None:
                continue  # a real name of its own, or asked
            if found.place.code != r["cbs_code"]:
                wrong.append((r["name"], typo, found.place.name))
    assert wrong == []


# ---- intake, chat, plan ----------------------------------------------------------------------


def test_a_village_inside_a_covered_municipality_gets_its_counters(kb):
    answers = conversation.answer(kb, [], "nee")
    placed = conversation.answer_place(kb, answers, "Hoogvliet")
    assert placed.found is kb.municipalities["rotterdam"]
    assert placed.answers[-1] == ("gemeente", "rotterdam")


def test_an_unclear_place_is_asked_again_with_the_towns_that_fit(kb):
    answers = conversation.answer(kb, [], "nee")
    with pytest.raises(conversation.PlaceUnclear) as asked:
        conversation.answer_place(kb, answers, "Bergen")
    assert {o.key for o in asked.value.match.options} == {"bergen-l", "bergen-nh"}


def plan_for(kb, typed: str) -> conversation.PlanView:
    answers = conversation.answer(kb, [], "nee")
    answers = conversation.answer_place(kb, answers, typed).answers
    answers = conversation.answer(kb, answers, "straat")
    answers = conversation.finish(kb, answers)
    return conversation.turn(kb, answers, "nl").plan


def test_the_plan_for_oss_names_oss_and_nearby_centrumgemeenten_as_such(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    post(client, "/antwoord", {"question": "gemeente", "value": "", "place": "Oss"})
    post(client, "/antwoord", {"question": "situatie", "value": "straat"})
    html = post(client, "/klaar", {"question": "leeftijd"}, follow_redirects=True).get_data(as_text=True)
    route = html.split('class="place-route"', 1)[1].split("</section>", 1)[0]
    assert "Gemeente Oss" in route and "gemeente Oss" in route
    assert "briefadres" in route and "Wet BRP" in route
    assert "landelijke toegankelijkheid" in route and "elke centrumgemeente" in route
    assert "centrumgemeenten in Noord-Brabant" in route and "Eindhoven" in route and "Tilburg" in route
    assert "Dat is niet je eigen gemeente" in route
    assert "tel:" not in route and "14 0" not in route  # no number we do not have
    assert "We weten je gemeente niet" not in html


def test_a_sourced_region_names_its_centrumgemeente_with_the_source(kb):
    plan = plan_for(kb, "Maasdriel")
    assert plan.municipality is None and plan.route.place.name == "Maasdriel"
    assert plan.route.centre.name == "'s-Hertogenbosch" and plan.route.nearby == []
    assert plan.route.centre_source.startswith("https://zoek.officielebekendmakingen.nl/")


def test_the_chat_echoes_the_town_not_dont_know(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    html = post(client, "/antwoord", {"question": "gemeente", "value": "", "place": "doetinchem"},
                follow_redirects=True).get_data(as_text=True)
    assert '<p class="me">Doetinchem</p>' in html and "weet ik niet" not in html.split('id="vraag"')[0]


# ---- search and API ---------------------------------------------------------------------------


def results_of(html: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<li class="result" data-kind="([a-z]+)" data-id="([^"]+)">(.*?)</li>', html, re.S)


def test_nachtopvang_oss_shows_the_topic_first_and_marks_other_towns_counters(client):
    html = client.get("/zoek?q=nachtopvang+oss").get_data(as_text=True)
    found = results_of(html)
    assert found[0][:2] == ("topic", "nachtopvang")
    counters = [body for kind, _, body in found if kind == "counter"]
    assert counters and all("niet in Oss" in body for body in counters)
    assert "Gezocht voor gemeente Oss" in html


def test_briefadres_zwolle_uses_zwolle_like_the_parameter(loaded):
    by_text = loaded.search("briefadres zwolle", "nl", None)
    assert by_text.municipality == "zwolle"
    assert [h.municipality for h in by_text.hits if h.kind == "counter"][:1] == ["zwolle"]
    assert by_text.hits[0].kind == "topic" and by_text.hits[0].id == "briefadres"


@pytest.mark.parametrize("text", ["ik heb echt hulp nodig", "beste opvang", "een briefadres", "nachtopvang"])
def test_everyday_words_are_not_taken_for_a_place(loaded, text):
    assert loaded.search(text, "nl", None).place is None


def test_the_api_lists_every_municipality_with_its_coverage_and_sourced_region(client):
    data = client.get("/api/municipalities").get_json()
    rows_ = {m["slug"]: m for m in data["municipalities"]}
    assert len(rows_) == 342
    assert sum(m["coverage"] == "full" for m in rows_.values()) == 10
    assert rows_["oss"]["coverage"] == "national route only" and rows_["oss"]["cbs_code"] == "GM0828"
    assert rows_["oss"]["region"] is None and "phone" not in rows_["oss"]
    assert rows_["maasdriel"]["region"]["centrumgemeente"] == "'s-Hertogenbosch"
    assert rows_["den-haag"]["coverage"] == "full" and rows_["den-haag"]["cbs_code"] == "GM0518"
    assert rows_["den-haag"]["counters"]


def test_api_search_reads_a_place_in_the_question(client):
    data = client.get("/api/search?q=nachtopvang+oss").get_json()
    assert data["municipality"] == "oss"
    assert data["results"][0]["kind"] == "topic"
    assert all(r["other_municipality"] for r in data["results"] if r["kind"] == "counter")


# ---- editors: a new municipality, fresh CBS data --------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=ROOT)


def test_new_municipality_fills_in_what_cbs_and_the_sources_know(knowledge_copy):
    result = run_cli("new-municipality", "GM0263|Maasdriel", "--knowledge", str(knowledge_copy))
    assert result.returncode == 0, result.stderr
    text = (knowledge_copy / "municipalities" / "maasdriel" / "municipality.yaml").read_text(encoding="utf-8")
    assert 'cbs_code: "GM0263"' in text and 'province: "Gelderland"' in text
    assert 'centrumgemeente: "s-hertogenbosch"' in text
    asked = run_cli("new-municipality", "Hengelo", "--knowledge", str(knowledge_copy))
    assert asked.returncode == 1 and "GM0164" in asked.stderr and "GM1876" in asked.stderr


def test_adding_a_municipalitys_files_upgrades_it_without_code(knowledge_copy):
    before = load(knowledge_copy)
    assert not before.places.get("oss").covered
    assert run_cli("new-municipality", "Oss", "--knowledge", str(knowledge_copy)).returncode == 0
    folder = knowledge_copy / "municipalities" / "oss"
    yaml_path = folder / "municipality.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace('phone: "14 0"', "phone: null").replace("https://www.VUL-IN.nl", "https://www.oss.nl")
    yaml_path.write_text(text, encoding="utf-8")
    counter = folder / "counters" / "gemeente.md"
    counter.write_text(counter.read_text(encoding="utf-8").replace("https://www.VUL-IN.nl", "https://www.oss.nl"))
    after = load(knowledge_copy)
    assert [p for p in after.errors if "oss" in p.path] == []
    assert after.places.get("oss").covered and "oss" in after.municipalities
    assert conversation.match_place(after, "Oss") is after.municipalities["oss"]


def test_refresh_places_reads_the_cbs_csv_format(tmp_path):
    folder = tmp_path / "places"
    folder.mkdir()
    (folder / "sources.yaml").write_text((PLACES / "sources.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("refresh-places", str(FIXTURES / "cbs_85877NED_small.csv"), "--knowledge", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "3 municipalities, 5 woonplaatsen" in result.stdout
    munis = (folder / "municipalities.csv").read_text(encoding="utf-8").splitlines()
    assert munis[0] == "cbs_code,name,province" and "GM0828,Oss,Noord-Brabant" in munis
    read, problems = placefiles.read(folder)
    assert problems == [] and ("Berghem", "GM0828") in read.woonplaatsen
    assert "checked: 20" in (folder / "sources.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b\n1;2\n", encoding="utf-8")
    assert run_cli("refresh-places", str(bad), "--knowledge", str(tmp_path)).returncode == 1


def test_the_topic_page_picker_takes_any_place(client):
    response = post(client, "/gemeente", {"place": "Hoogvliet", "next": "/onderwerp/briefadres"})
    assert "gemeente=rotterdam" in response.headers.get("Set-Cookie", "")
    response = post(client, "/gemeente", {"place": "Oss", "next": "/onderwerp/briefadres"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "gemeente Oss staan op de eigen website" in html and "14 en dan het netnummer" not in html


def test_a_folder_cbs_does_not_know_by_name_is_flagged_until_it_has_its_code(knowledge_copy):
    path = knowledge_copy / "municipalities" / "zwolle" / "municipality.yaml"
    text = path.read_text(encoding="utf-8").replace("name: Zwolle\n", "name: Zwolle-stad\n")
    path.write_text(text.replace('official_name: "Zwolle"', 'official_name: "Zwolle stad"'), encoding="utf-8")
    kb = load(knowledge_copy)
    assert any("zwolle" in p.path and "cbs_code" in p.message for p in kb.problems)
    assert kb.places.get("zwolle").covered  # still covered, under its own key
    path.write_text(text.replace('official_name: "Zwolle"', 'official_name: "Zwolle stad"\ncbs_code: "GM0193"'))
    kb = load(knowledge_copy)
    assert not any("cbs_code" in p.message for p in kb.problems)
    assert kb.places.get("GM0193").key == "zwolle" and kb.places.match("Zwolle").place.key == "zwolle"


def test_a_plan_link_for_a_town_without_files_opens_its_route(client):
    from .test_worker import LINK, outside

    response = post(client, "/werker", outside(client) | {"gemeente": "Den Bosch", "nagekeken": "ja"})
    link = LINK.search(response.get_data(as_text=True)).group(1)
    html = client.get(link[link.index("/p/"):]).get_data(as_text=True)
    assert "Gemeente &#39;s-Hertogenbosch" in html and "landelijke toegankelijkheid" in html
