"""A sentence in the person's own words fills in answers, after they confirm; danger first."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from assistant.evaluate import load_sentences, run_understanding
from assistant.knowledge.loader import load
from assistant.understand import understand

from .editing import edit, line_of
from .walk import QUESTION, page_of, post

FIXTURES = Path(__file__).parent / "fixtures"
SETS = [FIXTURES / f"understand_{name}.yaml" for name in ("cases", "heldout", "unseen")]
DANGER = [(c["lang"], c["text"]) for path in SETS for c in load_sentences(path) if c.get("danger")]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_it_proposes_mostly_right_answers_and_every_danger(kb, path):
    report = run_understanding(path, kb)
    assert report.total >= 45
    assert report.precision >= 0.95, [(c["text"], w) for c, w in report.wrong]
    assert report.recall >= 0.70, [(c["text"], m) for c, m in report.missed]
    assert report.danger_recall == 1.0


def test_the_sentence_set_is_large_and_in_every_language():
    cases = [c for path in SETS for c in load_sentences(path)]
    assert len(cases) >= 200
    assert {c["lang"] for c in cases} == {"nl", "en", "pl", "ro", "bg", "uk", "ar"}
    assert all(len([c for c in DANGER if c[0] == lang]) >= 3 for lang in ("nl", "en", "pl", "ro", "bg", "uk", "ar"))


def test_a_negation_or_a_search_proposes_nothing(kb):
    assert [a.option for a in understand(kb, "ik heb geen kinderen", "nl").answers] == ["nee"]
    assert not understand(kb, "ik ben niet in gevaar", "nl").danger
    assert not [a for a in understand(kb, "ik zoek een nachtopvang", "nl").answers if a.question == "situatie"]


def test_a_contradiction_is_asked_not_guessed(kb):
    found = understand(kb, "ik ben 17 ... nee wacht, ik ben 30", "nl")
    assert "leeftijd" in found.unclear and not [a for a in found.answers if a.question == "leeftijd"]


@pytest.mark.parametrize("text", ["", " ", "🙏🙏🙏", "<b>x</b><script>alert(1)</script>", "x" * 10000, "漢字だけの文"])
def test_bad_input_is_understood_as_nothing(kb, text):
    assert understand(kb, text, "nl").empty


def _start(client, lang="nl"):
    client.get(f"/?lang={lang}", follow_redirects=True)


def _tell(client, text: str, question: str = "gevaar"):
    return post(client, "/begrijp", {"zin": text, "question": question}, follow_redirects=True)


def _plan_taps(client, answers: dict, taps: int) -> tuple[str, int]:
    """Answer what is asked from `answers` (else skip or the first choice) until the plan."""
    response = client.get("/", follow_redirects=True)
    for _ in range(40):
        html = response.get_data(as_text=True)
        if page_of(html) == "plan":
            return html, taps
        qid = QUESTION.search(html).group(1)
        taps += 1
        if qid == "gemeente":
            response = post(client, "/antwoord", {"question": qid, "value": "", "place": answers[qid]},
                            follow_redirects=True)
        else:
            choices = re.findall(r'name="value" value="([^"]+)"', html)
            value = answers.get(qid) or ("-" if 'value="-"' in html else choices[0])
            response = post(client, "/antwoord", {"question": qid, "value": value}, follow_redirects=True)
    raise AssertionError("no plan")


PEOPLE = [
    ("nl", "ik ben 19 en slaap sinds vorige week in mijn auto in Zwolle",
     {"gevaar": "nee", "gemeente": "Zwolle", "situatie": "geen-woning", "leeftijd": "18-26"}),
    ("pl", "jestem z Polski, straciłem pracę i pokój, jestem w Utrecht",
     {"gevaar": "nee", "gemeente": "Utrecht", "nationaliteit": "eu", "eu-werk": "kwijt"}),
    ("en", "im 23 sleeping rough in amsterdam no money",
     {"gevaar": "nee", "gemeente": "Amsterdam", "situatie": "straat", "leeftijd": "18-26", "inkomen": "geen"}),
]


@pytest.mark.parametrize(("lang", "text", "person"), PEOPLE, ids=[p[0] for p in PEOPLE])
def test_a_sentence_at_the_start_reaches_the_plan_in_fewer_taps(app, lang, text, person):
    buttons = app.test_client()
    _start(buttons, lang)
    plain_plan, plain_taps = _plan_taps(buttons, person, 0)

    told = app.test_client()
    _start(told, lang)
    page = _tell(told, text).get_data(as_text=True)
    assert page_of(page) == "understood"
    shown = re.findall(r'name="drop" value="([^"]+)"', page)
    assert set(shown) >= set(person) - {"gevaar"}, shown  # everything it read is shown to confirm
    post(told, "/begrepen", {"ja": "1"})
    plan, taps = _plan_taps(told, person, 2)  # typing the sentence and "Ja, dit klopt"
    assert taps < plain_taps, (taps, plain_taps)
    steps = lambda html: re.findall(r'data-topic="([^"]+)"', html)
    assert steps(plan) == steps(plain_plan)  # the same plan, sooner


def test_nothing_is_recorded_before_the_person_confirms_and_a_change_is_asked(client):
    _start(client)
    page = _tell(client, "ik ben 19 en slaap in mijn auto in Zwolle").get_data(as_text=True)
    assert "Zwolle" in page and "18 tot en met 26" in page
    assert 'value="gevaar"' in client.get("/", follow_redirects=True).get_data(as_text=True)  # nothing recorded
    # "Verander" on the age: it is asked as a question, the rest is kept.
    page = post(client, "/begrepen", {"drop": "leeftijd"}, follow_redirects=True).get_data(as_text=True)
    assert "18 tot en met 26" not in page and "Zwolle" in page
    post(client, "/begrepen", {"ja": "1"})
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    # Zwolle and the car were confirmed: not asked again; the age was changed: asked.
    assert re.findall(r'class="me">([^<]*)', html)[:3] == ["Nee", "Zwolle", "In een auto, kraakpand, caravan of schuur"]
    assert QUESTION.search(html).group(1) == "slapen"


@pytest.mark.parametrize(("lang", "text"), DANGER, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(DANGER)])
def test_danger_in_any_language_goes_straight_to_the_crisis_answer(app, lang, text):
    client = app.test_client()
    _start(client, lang)
    page = _tell(client, text).get_data(as_text=True)
    main = page[page.index("<main") :]
    # The numbers come first, before anything to confirm.
    assert main.index('href="tel:112"') < main.index("understood-list")
    assert 'href="tel:+318000113"' in main
    post(client, "/begrepen", {"ja": "1"})
    plan = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert re.findall(r'data-topic="([^"]+)"', plan)[0] == "crisis"


@pytest.mark.parametrize("text", ["", "🙏🙏", "<script>alert(1)</script>", "x" * 10000, "漢字だけの文"])
def test_a_sentence_not_understood_gets_a_kind_message_and_loses_no_answer(client, text):
    _start(client)
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    response = _tell(client, text, "gemeente")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<script>alert" not in html
    assert "begreep ik niet" in html or "Typ een paar woorden" in html
    assert QUESTION.search(html).group(1) == "gemeente"
    assert re.findall(r'class="me">([^<]*)', html) == ["Nee"]


def test_the_api_reads_a_sentence_and_stores_nothing(client, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get("/api/understand", query_string={"q": "ik ben 19, slaap in mijn auto in Zwolle"})
    data = response.get_json()
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    read = {(a["question"], a["option"]) for a in data["answers"]}
    assert read == {("situatie", "geen-woning"), ("leeftijd", "18-26")}
    assert all(a["label_nl"] and a["evidence"] for a in data["answers"])
    assert data["place"] == "zwolle" and data["danger"] is False
    assert "Zwolle" not in caplog.text and "auto" not in caplog.text
    assert client.get("/api/understand", query_string={"q": "hij slaat me", "lang": "xx"}).get_json()["danger"] is True
    assert client.get("/api/understand").get_json() == {"answers": [], "place": None, "danger": False, "unclear": []}


def test_check_refuses_a_phrase_two_answers_share(knowledge_copy):
    flow = knowledge_copy / "flows" / "intake.yaml"
    edit(flow, 'nl: ["geen kinderen"', 'nl: ["kinderen", "geen kinderen"')
    errors = [str(p) for p in load(knowledge_copy).errors]
    line = line_of(flow, 'nl: ["kinderen", "geen kinderen"')
    shared = "phrase 'kinderen' is also given for answer 'ja'"
    assert any(f"intake.yaml:{line}:" in e and shared in e for e in errors), errors



@pytest.mark.parametrize(
    ("lang", "text", "key"),
    [("uk", "сплю на вулиці в Роттердам", "rotterdam"), ("bg", "спя в парка в Утрехт", "utrecht"),
     ("ar", "أنام في الشارع في روتردام", "rotterdam"), ("ar", "أنا في لاهاي", "den-haag")],
)
def test_a_town_written_in_cyrillic_or_arabic_is_understood(kb, lang, text, key):
    assert understand(kb, text, lang).place == key
    assert kb.places.match(text.split()[-1]).place.key == key  # and in the intake's place box


def test_a_word_mixing_scripts_is_still_never_a_town(kb):
    assert kb.places.match("Утрecht").place is None
