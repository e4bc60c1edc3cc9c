"""Issue 18: facts people can trust. Sources as data, their real age on the page, no notes to
editors in anything a person reads, and an editors' to-do list worst first."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from assistant.knowledge import provenance
from assistant.knowledge.loader import load
from assistant.knowledge.models import LANGUAGES, Counter

from .editing import edit
from .walk import unmarked, walk

# What a note to editors, or a false check date, looks like in any of the seven languages.
EDITORIAL = re.compile(
    r"onze bron|staat niet in|toont geen datum|deze informatie komt van|Laatst nagekeken|gecontroleerd op"
    r"|our source|we could not|Last checked|notes:",
    re.I,
)


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def counters(kb):
    return [c for m in kb.municipalities.values() for c in m.counters.values()]


def test_no_person_facing_page_holds_a_note_to_editors(client, kb):
    pages = [f"/loket/{c.municipality}/{c.id}" for c in counters(kb)]
    pages += [f"/onderwerp/{t}" for t in sorted({t for t, _ in kb.topics})]
    pages += [f"/zoek?q={q}" for q in ("opvang", "briefadres", "schulden", "bijstand", "dokter")]
    for lang in LANGUAGES:
        client.set_cookie("gemeente", "arnhem")
        for url in pages:
            sep = "&" if "?" in url else "?"
            html = client.get(f"{url}{sep}lang={lang}").get_data(as_text=True)
            found = EDITORIAL.search(text_of(html))
            assert found is None, (url, lang, found and found.group(0))
    for c in counters(kb):
        assert not c.notes or c.notes.strip()[:40] not in client.get(f"/loket/{c.municipality}/{c.id}").get_data(
            as_text=True
        )


@pytest.mark.parametrize("person", ["arnhem-gezin-straat", "den-haag-na-detentie", "groningen-twintig"])
def test_plans_hold_no_note_to_editors(app, person):
    from .test_personas import PERSONAS, chat
    from .test_personas import load as load_person

    found = load_person(next(p for p in PERSONAS if p.stem == person))
    for lang in LANGUAGES:
        client = app.test_client()
        client.get(f"/?lang={lang}")
        html, _taps, _asked = chat(client, found)
        assert "/loket/" in html, lang  # a real plan, with local counters
        assert EDITORIAL.search(text_of(html)) is None, (person, lang)


def test_every_counter_page_shows_the_real_age_of_its_sources(client, kb, today):
    for c in counters(kb):
        html = client.get(f"/loket/{c.municipality}/{c.id}").get_data(as_text=True)
        for source in c.sources:
            date = source.parsed
            assert f'href="{source.url}"' in html.replace("&amp;", "&"), (c.id, source.url)
            if date is None:
                assert "zonder datum" in html, c.id
            else:
                assert str(date.year) in html, (c.id, source.date)
            if provenance.is_old(date, today):
                assert "Bel eerst." in html, c.id


def test_the_page_says_news_from_2018_and_call_first(client):
    html = client.get("/loket/arnhem/stoelenproject-de-duif").get_data(as_text=True)
    assert "nieuwsbericht uit oktober 2018. Bel eerst." in html
    assert "uit 2018, bel eerst" in html  # next to the address itself


def test_a_2018_news_item_is_no_route_for_a_bed_tonight(kb, today):
    arnhem = kb.municipalities["arnhem"]
    route = [c.id for c in arnhem.counters_for("nachtopvang", today)]
    assert "stoelenproject-de-duif" not in route
    assert route  # someone to call instead: the general number


def test_unknown_hours_say_call_first_with_the_number(client):
    html = client.get("/loket/utrecht/gemeente?lang=nl").get_data(as_text=True)
    assert 'Tijden niet bekend. Bel eerst: <a href="tel:14030" dir="ltr">14 030</a>' in html
    english = unmarked(client.get("/loket/utrecht/gemeente?lang=en").get_data(as_text=True))
    assert "Hours not known. Call first: 14 030" in english


def test_counter_facts_read_in_the_persons_language_and_the_dutch_text_says_so(client):
    html = client.get("/loket/rotterdam/centraal-onthaal?lang=pl").get_data(as_text=True)
    assert "Dla kogo" in html and "23 lat i więcej" in html
    assert "Poniższe wyjaśnienie jest tylko po niderlandzku." in html
    assert "Dla kogo" not in client.get("/loket/rotterdam/centraal-onthaal?lang=nl").get_data(as_text=True)


def test_no_phone_number_or_address_without_a_source(kb):
    for c in counters(kb):
        if c.phone:
            assert provenance.sources_for(c, "phone"), c.id
        if c.address:
            assert provenance.sources_for(c, "address"), c.id
        if c.hours is not None:
            assert provenance.sources_for(c, "hours"), c.id


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("kind: organisation", "kind: blog", "unknown source kind 'blog'"),
        ('date: "2025-04"', 'date: "2099-01"', "the source date 2099-01 is in the future"),
        ('date: "2025-04"', 'date: "april"', "is not a source date"),
        (
            "sources:",
            "verified:\n  date: 2026-01-05\n  role: redacteur\nsources:",
            "'verified' needs 'how'",
        ),
    ],
)
def test_bad_provenance_fails_check_with_file_and_line(knowledge_copy, old, new, message):
    path = knowledge_copy / "municipalities" / "utrecht" / "counters" / "gemeente.md"
    text = path.read_text(encoding="utf-8")
    if old == 'date: "2025-04"':
        text = re.sub(r"date: (undated|\"[0-9-]+\")", old, text, count=1)
        path.write_text(text, encoding="utf-8")
    edit(path, old, new)
    errors = [str(p) for p in load(knowledge_copy).errors]
    assert any(re.match(r"^knowledge/municipalities/utrecht/counters/gemeente\.md:\d+: ", e) and message in e
               for e in errors), errors


@pytest.mark.parametrize(
    "sentence",
    [
        "Het adres staat niet in onze bron.",
        "Onze bron toont geen datum.",
        "In 2018 was iedereen welkom.",
        "Deze gegevens komen van de website van Straatalliantie, niet van de gemeente zelf.",
    ],
)
def test_a_note_to_editors_in_the_text_fails_check_at_its_line(knowledge_copy, sentence):
    path = knowledge_copy / "municipalities" / "utrecht" / "counters" / "gemeente.md"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + sentence + "\n", encoding="utf-8")
    last = len(path.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    errors = [str(p) for p in load(knowledge_copy).errors]
    assert any(e.startswith(f"knowledge/municipalities/utrecht/counters/gemeente.md:{last}: a note to editors")
               for e in errors), errors


def _counter(cid, topics, **fields):
    base = {
        "name": cid,
        "topics": topics,
        "sources": [{"url": "https://example.nl", "kind": "organisation", "date": "2026-06", "about": ["text"]}],
        "access": "walk-in",
        "id": cid,
        "municipality": "x",
    }
    return Counter.model_validate(base | fields)


def test_report_puts_a_night_shelter_without_hours_before_a_debt_counter_without_a_phone():
    today = dt.date(2026, 12, 5)
    address = {"street": "Straat 1", "city": "X"}
    shelter = _counter("nacht", ["nachtopvang"], phone="010 123 4567", address=address)
    debts = _counter("schuld", ["schulden"], hours="24/7", address=address)
    complete = _counter("klaar", ["schulden"], hours="24/7", phone="010 123 4567", address=address)

    class Muni:
        slug = "x"
        counters = {c.id: c for c in (complete, debts, shelter)}

    rows = provenance.report({"x": Muni}, today)
    assert [r.counter for r in rows] == ["nacht", "schuld", "klaar"]
    assert rows[0].missing == ("hours",) and rows[1].missing == ("phone",)
    assert rows[2].complete and rows[2].score == 100


def test_redactie_page_is_read_only_and_not_indexed(client):
    response = client.get("/redactie/arnhem")
    assert response.status_code == 200
    assert "noindex" in response.headers["X-Robots-Tag"]
    html = response.get_data(as_text=True)
    assert '<meta name="robots" content="noindex' in html and "<svg" in html
    assert html.index("Stoelenproject De Duif") < html.index("Gemeente Arnhem (klantenservice")
    assert client.post("/redactie/arnhem").status_code in (400, 405)


def test_preview_rebuilds_on_a_change_and_shows_check_problems_on_the_page(knowledge_copy, tmp_path):
    from assistant.app import create_app
    from assistant.preview import Watcher

    instance = tmp_path / "instance"
    watcher = Watcher(knowledge_copy, instance)
    assert watcher.poll() and watcher.problems == []
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "test-secret", "TESTING": False})
    app.extensions["preview"] = watcher
    client = app.test_client()
    path = knowledge_copy / "municipalities" / "utrecht" / "counters" / "gemeente.md"

    edit(path, "Gemeente Utrecht (14 030)", "Gemeente Utrecht, nieuw loket")
    assert watcher.poll()
    assert "Gemeente Utrecht, nieuw loket" in client.get("/loket/utrecht/gemeente").get_data(as_text=True)

    edit(path, "kind: organisation", "kind: blog")
    assert watcher.poll() and not watcher.poll()  # one rebuild per change
    html = client.get("/loket/utrecht/gemeente").get_data(as_text=True)
    assert "unknown source kind &#39;blog&#39;" in html and "gemeente.md:" in html
    assert "Gemeente Utrecht, nieuw loket" in html  # the last good build keeps serving


def test_a_plans_counter_card_says_the_number_to_call_once(client):
    """VraagWijzer has no number and no known hours: the card said "Bel eerst: 14 010" and
    right below it "Bel de gemeente: 14 010"."""
    answers = yaml.safe_load((Path(__file__).parent / "fixtures" / "intake_paths.yaml").read_text())
    path = {q: str(v) for q, v in answers["eviction_rotterdam"].items()}
    html, _ = walk(client, lambda qid, choices: path[qid] if path.get(qid) in choices else choices[0])
    card = unmarked(html).split('<div class="counter">')[1].split("</div>")[0]
    assert "VraagWijzer" in card and "Tijden niet bekend" in card
    assert card.count("14 010") == 1 and "Bel de gemeente: 14 010" in card
