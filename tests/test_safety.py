"""Safety: a person hurt at home finds the violence-at-home topic first, in every language,
and the crisis plan gives numbers to tap, without a card that calls them homeless."""

from __future__ import annotations

import re

import pytest

from assistant.knowledge.models import LANGUAGES
from assistant.search import query as sq

from .walk import steps_of, walk

TOPIC = "huiselijk-geweld"
RIJKSOVERHEID = (
    "https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/vraag-en-antwoord/wat-moet-ik-doen-bij-huiselijk-geweld"
)

# As a frightened person types: short, with and without accents (or apostrophes, or hamza).
QUERIES = [
    ("nl", "mijn vriend slaat mij"),
    ("nl", "mijn man slaat me"),
    ("nl", "vrouwenopvang"),
    ("nl", "huiselijk geweld"),
    ("en", "my partner hits me"),
    ("en", "domestic violence"),
    ("pl", "mąż mnie bije, boję się"),
    ("pl", "maz mnie bije, boje sie"),
    ("ro", "soțul mă bate, mi-e frică"),
    ("ro", "sotul ma bate, mi-e frica"),
    ("bg", "мъжът ми ме бие, страх ме е"),
    ("bg", "mazhat mi me bie"),
    ("uk", "чоловік мене б’є, мені страшно"),
    ("uk", "чоловік мене бє мені страшно"),
    ("ar", "زوجي يضربني وأنا خائفة"),
    ("ar", "زوجي يضربني وانا خايفة"),
]


@pytest.mark.parametrize(("lang", "text"), QUERIES)
def test_violence_at_home_is_found_first(searcher, lang, text):
    topics = [h for h in sq.search(searcher, text, lang).hits if h.kind == "topic"]
    assert topics and topics[0].id == TOPIC, [h.id for h in topics[:3]]
    assert topics[0].lang == lang  # in the person's own language


def test_thoughts_of_suicide_still_find_the_crisis_topic_first(searcher):
    for lang, text in [("nl", "ik wil niet meer leven"), ("en", "I want to kill myself"), ("pl", "nie chcę żyć")]:
        assert sq.search(searcher, text, lang).hits[0].id == "crisis", text


def _crisis_plan(client, lang: str) -> str:
    client.get(f"/?lang={lang}")
    html, path = walk(client, lambda qid, choices: "ja" if qid == "gevaar" else choices[0])
    assert path == ["gevaar=ja"]  # one tap
    assert f'<html lang="{lang}"' in html
    return html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_crisis_plan_has_numbers_to_tap_and_veilig_thuis_second(client, lang):
    html = _crisis_plan(client, lang)
    assert steps_of(html)[:2] == ["crisis", TOPIC]
    links = set(re.findall(r'<a href="tel:([+\d]+)" dir="ltr">([\d-]+)</a>', html))
    assert {("112", "112"), ("+318000113", "0800-0113"), ("+318002000", "0800-2000")} <= links
    # Never a number left untappable in the texts the plan shows (the footer is the site's own).
    main = html[html.index("<main") : html.index("</main>")]
    bare = re.sub(r"<a href=\"tel:[^>]*>[^<]*</a>", "", main)
    assert not re.search(r"(?<![\d-])(112|0800-0113|0800-2000)(?![\d-])", bare)


def test_the_crisis_plan_card_does_not_call_the_person_homeless(client):
    html = _crisis_plan(client, "nl")
    card = re.search(r'<section class="counter-card".*?</section>', html, re.S)
    assert card, "the staff card says what the person told: in danger, violence at home"
    assert "Veilig Thuis" in card.group(0)
    assert "dakloos" not in card.group(0).lower()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_topic_is_there_in_every_language_with_only_sourced_numbers(kb, client, lang):
    topic = kb.topics[(TOPIC, lang)]
    assert RIJKSOVERHEID in [s.url for s in topic.sources]
    text = " ".join([topic.title, topic.summary, topic.body, topic.say or "", topic.counter_card or ""])
    # Veilig Thuis and 112 from Rijksoverheid, 0900-8844 from Politie; nothing else.
    assert "0800-2000" in text and "112" in text
    numbers = set(re.findall(r"(?<![\d-])\d{3,4}(?:-\d{4})?(?![\d-])", text))
    assert numbers <= {"0800-2000", "112", "0900-8844"}, numbers
    page = client.get(f"/onderwerp/{TOPIC}?lang={lang}")
    assert page.status_code == 200 and "0800-2000" in page.get_data(as_text=True)
