"""Every page, as a person (or a browser without JavaScript) meets it."""

from __future__ import annotations

import re

import pytest

from assistant.knowledge.models import TOPIC_IDS

from .walk import page_of, post, steps_of, unmarked, walk


def test_home_shows_the_first_question_and_a_search(client):
    response = client.get("/", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_of(html) == "home"
    assert '<html lang="nl" dir="ltr">' in html
    assert "ben je nu in gevaar" in html.lower()
    assert 'action="/zoek"' in html


def test_answering_moves_to_the_next_question_and_back_returns(client):
    response = post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    assert response.headers["Location"].startswith("/vraag/gemeente")  # every question its own address
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert page_of(html) == "question"
    assert 'name="question" value="gemeente"' in html
    # An old page's "Vorige vraag" button: the first question again, its answer kept and marked.
    html = post(client, "/terug", {"question": "gemeente"}, follow_redirects=True).get_data(as_text=True)
    assert 'name="question" value="gevaar"' in html
    assert re.search(r'value="nee" class="choice chosen" aria-pressed="true"', html)
    assert 'href="/vraag/gemeente"' in html  # "Ga verder waar je was"


def test_a_double_submit_does_not_answer_twice(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert html.count('class="me"') == 1


def test_walking_first_options_reaches_a_plan(client):
    html, _ = walk(client, lambda q, choices: choices[0])
    assert page_of(html) == "plan"
    assert steps_of(html)[0] == "crisis"


def test_walking_last_options_reaches_a_plan_with_local_counters(client):
    def choose(qid, choices):
        if qid == "gevaar":
            return "nee"
        if qid == "gemeente":
            return "utrecht"
        return choices[-1]

    html, _ = walk(client, choose)
    assert page_of(html) == "plan"
    assert len(steps_of(html)) >= 1
    assert "/loket/utrecht/" in html


def test_a_municipality_typed_loosely_is_understood(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    post(client, "/antwoord", {"question": "gemeente", "value": "", "place": "dnhaag"})
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Den Haag" in html


def test_a_town_without_our_files_is_named_not_unknown(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    form = {"question": "gemeente", "value": "", "place": "Oss"}
    response = post(client, "/antwoord", form, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "landelijke hulp" in html
    assert '<p class="me">Oss</p>' in html and "weet ik niet" not in html


@pytest.mark.parametrize("typed", ["Xyzdorp", "🙂🙂", "Утрecht", "Oss " * 40, "Hengelo"])
def test_a_place_we_cannot_pin_down_asks_which_town(client, typed):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    form = {"question": "gemeente", "value": "", "place": typed}
    html = post(client, "/antwoord", form, follow_redirects=True).get_data(as_text=True)
    assert 'name="question" value="gemeente"' in html  # asked again, no town picked
    with client.session_transaction() as session:
        assert session["a"] == [["gevaar", "nee"]]
    if typed == "Hengelo":
        assert "meer dan één plaats" in html
        assert 'value="hengelo-o"' in html and 'value="bronckhorst"' in html
    if typed.startswith("Утр"):
        assert 'value="utrecht"' in html  # a suggestion, not an answer


def test_a_forged_cookie_restarts_politely(client):
    client.set_cookie("lw", "forged.value.here")
    response = client.get("/", follow_redirects=True)
    assert response.status_code == 200
    assert page_of(response.get_data(as_text=True)) == "home"


def test_a_stale_state_keeps_what_still_fits_and_says_so(app, client):
    with client.session_transaction() as session:
        session["a"] = [["gevaar", "nee"], ["gemeente", "niet-een-gemeente"]]
    response = client.get("/", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "antwoorden bewaard die nog passen" in html
    assert 'name="question" value="gemeente"' in html  # "not in danger" was kept: the next question is asked
    with client.session_transaction() as session:
        assert session["a"] == [["gevaar", "nee"]]


def test_a_state_with_nothing_that_fits_restarts_politely(app, client):
    with client.session_transaction() as session:
        session["a"] = [["situatie", "straat"]]
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "opnieuw begonnen" in html and 'name="question" value="gevaar"' in html


def test_leave_quickly_forgets_everything(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    response = post(client, "/weg")
    assert response.status_code == 302
    assert "google" in response.headers["Location"]
    assert "cookies" in response.headers["Clear-Site-Data"]
    assert page_of(client.get("/", follow_redirects=True).get_data(as_text=True)) == "home"


def test_search_page_shows_results_with_highlighted_words(client):
    html = client.get("/zoek?q=briefadres").get_data(as_text=True)
    assert page_of(html) == "search"
    assert 'data-id="briefadres"' in html
    assert "<mark>" in html


@pytest.mark.parametrize(
    "q", ['"', "AND(", "a" * 10000, "🏠🏡", "brief\x00adres", "<script>alert(1)</script>", "title:*", ""]
)
def test_hostile_searches_never_fail(client, q):
    page = client.get("/zoek", query_string={"q": q})
    assert page.status_code == 200
    assert "<script>alert" not in page.get_data(as_text=True)
    api = client.get("/api/search", query_string={"q": q})
    assert api.status_code == 200
    assert api.mimetype == "application/json"
    assert all("<script" not in r["snippet"] for r in api.get_json()["results"])


def test_topic_page_renders_with_sources(client):
    html = client.get("/onderwerp/briefadres").get_data(as_text=True)
    assert page_of(html) == "topic"
    assert "Bronnen" in html
    assert "<h1>" in html


def test_topic_page_shows_the_local_counter_for_the_chosen_municipality(client):
    post(client, "/gemeente", {"place": "utrecht", "next": "/onderwerp/briefadres"})
    html = client.get("/onderwerp/briefadres").get_data(as_text=True)
    assert "/loket/utrecht/" in html


def test_counter_page_shows_status_and_general_number(client, kb):
    muni = kb.municipalities["utrecht"]
    counter = next(iter(muni.counters.values()))
    html = client.get(f"/loket/utrecht/{counter.id}").get_data(as_text=True)
    assert page_of(html) == "counter"
    assert muni.phone in html
    assert 'href="tel:' in html


def test_unknown_pages_get_a_kind_404(client):
    for url in ("/bestaat-niet", "/onderwerp/onbekend", "/loket/utrecht/onbekend", "/loket/nergens/x"):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 404
        assert page_of(html) == "error"
        assert "Naar het begin" in html


def test_every_page_declares_language_and_direction(client):
    for url in ("/", "/zoek?q=opvang", "/onderwerp/crisis", "/bestaat-niet"):
        html = client.get(url + ("&" if "?" in url else "?") + "lang=ar", follow_redirects=True).get_data(as_text=True)
        assert re.search(r'<html lang="ar" dir="rtl">', html), url


def test_api_search_returns_the_topic_first(client):
    data = client.get("/api/search?q=briefadres&lang=nl").get_json()
    assert data["results"][0]["id"] == "briefadres"
    assert data["results"][0]["kind"] == "topic"
    assert set(data["results"][0]) >= {"id", "kind", "title", "url", "snippet"}
    assert "suggestion" in data


def test_api_topics_lists_languages(client):
    data = client.get("/api/topics").get_json()
    by_id = {t["id"]: t["languages"] for t in data["topics"]}
    assert set(by_id) == set(TOPIC_IDS)
    assert {"nl", "en"} <= set(by_id["briefadres"])


def test_api_unknown_path_is_json(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_a_clear_search_offers_one_topic_and_an_unclear_one_offers_choices(client):
    clear = client.get("/zoek?q=huurachterstand").get_data(as_text=True)
    assert "Dit past het best" in clear and "/onderwerp/huisuitzetting" in clear.split("Dit past het best")[1][:300]
    assert "Kies wat het meest past" not in clear
    vague = client.get("/zoek?q=hulp").get_data(as_text=True)
    assert "Kies wat het meest past" in vague and "Dit past het best" not in vague
    choices = vague.split("Kies wat het meest past")[1].split("</p>")[0]
    assert choices.count('href="/onderwerp/') >= 2  # more than one topic to choose from


def test_the_municipality_can_be_changed_where_it_changes_the_page(client):
    for url in ("/zoek?q=opvang", "/onderwerp/crisis"):
        html = client.get(url).get_data(as_text=True)
        assert 'action="/gemeente"' in html, url


def test_every_page_has_at_most_one_search_box_and_one_place_box(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    for url in ("/vraag/gevaar", "/vraag/gemeente", "/zoek?q=opvang", "/onderwerp/crisis", "/loket/utrecht/gemeente",
                "/privacy", "/werker"):
        html = client.get(url).get_data(as_text=True)
        assert html.count('type="search"') <= 1, url
        assert len(re.findall(r'name="place"', html)) <= 1, url


def test_the_plan_tells_workers_the_ethos_category_and_urgency(client):
    def choose(qid, choices):
        return {"gevaar": "nee", "slapen": "nee", "gemeente": "zwolle", "situatie": "straat"}.get(qid, choices[0])

    html, _ = walk(client, choose)
    assert "Voor hulpverleners" in html
    assert "1. Op straat" in html
    assert "acuut" in html or "hoog" in html


def test_a_form_without_its_csrf_token_is_refused_kindly(client):
    response = client.post("/antwoord", data={"question": "gevaar", "value": "nee"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert page_of(html) == "error" and "verlopen" in html
    assert page_of(client.get("/", follow_redirects=True).get_data(as_text=True)) == "home"  # nothing was answered
    assert "niets verloren" not in html and "bewaard" not in html  # no answers: it does not say they were kept


def test_an_expired_form_says_truthfully_that_the_answers_are_kept(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    response = client.post("/antwoord", data={"question": "gemeente", "value": "utrecht", "csrf": "old-token"})
    assert response.status_code == 400
    assert "Je antwoorden zijn bewaard" in response.get_data(as_text=True)
    assert 'value="gemeente"' in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_leaving_quickly_works_even_without_a_token(client):
    assert client.post("/weg").status_code == 302


def test_every_topic_page_renders_in_every_language(client, kb):
    for topic_id, lang in sorted(kb.topics):
        response = client.get(f"/onderwerp/{topic_id}?lang={lang}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, (topic_id, lang)
        assert f'<article class="topic" lang="{lang}"' in html, (topic_id, lang)
        assert kb.topics[(topic_id, lang)].title in unmarked(html).replace("&#39;", "'").replace("&amp;", "&")


def test_a_topic_page_shows_the_dutch_counter_card_beside_the_persons_language(client, kb):
    html = client.get("/onderwerp/briefadres?lang=pl").get_data(as_text=True)
    assert '<article class="topic" lang="pl" dir="ltr">' in html
    card = html.split('class="counter-card" lang="nl"')[1]
    assert kb.topics[("briefadres", "nl")].counter_card[:40] in card.replace("&#39;", "'")


def test_a_form_error_is_announced_to_screen_readers(client):
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    response = post(client, "/antwoord", {"question": "gemeente", "value": "", "place": "  "}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="notice error" role="alert">[^<]*gemeente', html)
    assert 'name="question" value="gemeente"' in html  # the question is asked again, nothing lost
