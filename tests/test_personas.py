"""Twelve people, each run through the web chat, the worker form and SMS, with the same expectations.

Each file in tests/personas/ says what the person answers when asked, when they press
"Toon mijn plan nu" (finish_after), and what their plan must hold: the first step and
counter, topics that must or must not appear, counters and sentences that must not.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from pathlib import Path

import pytest
import yaml

from assistant import conversation
from assistant.sms import dialogue
from assistant.store import SmsStore

from .test_worker import LINK, WORKER_STEPS, defaults, submit
from .walk import QUESTION, page_of, post, steps_of

PERSONAS = sorted((Path(__file__).parent / "personas").glob("*.yaml"))
COUNTER_LINK = re.compile(r'href="/loket/([a-z0-9-]+)/([a-z0-9-]+)"')
MONDAY_10 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def load(path: Path) -> dict:
    person = yaml.safe_load(path.read_text(encoding="utf-8"))
    person["name"] = path.stem
    person["expect"] = person.get("expect") or {}
    return person


def chat(client, person: dict) -> tuple[str, int, list[str]]:
    """(plan html, taps, questions asked) for a person in the web chat without JavaScript."""
    answers, taps, asked = person["answers"], 0, []
    response = client.get("/", follow_redirects=True)
    for _ in range(40):
        html = response.get_data(as_text=True)
        assert response.status_code == 200, html[:300]
        if page_of(html) == "plan":
            return html, taps, asked
        qid = QUESTION.search(html).group(1)
        asked.append(qid)
        finish = person.get("finish_after") in asked[:-1] and 'action="/klaar"' in html
        taps += 1
        if finish:
            response = post(client, "/klaar", {"question": qid}, follow_redirects=True)
        elif qid == "gemeente":
            response = post(client, "/antwoord", {"question": qid, "value": "", "place": answers[qid]},
                            follow_redirects=True)
        else:
            response = post(client, "/antwoord", {"question": qid, "value": answers.get(qid, "-")},
                            follow_redirects=True)
    raise AssertionError(f"{person['name']}: no plan after 40 taps ({asked})")


def check_plan(person: dict, html: str, topics: list[str], channel: str) -> None:
    expect, who = person["expect"], f"{person['name']} ({channel})"
    if "first_topic" in expect:
        assert topics[:1] == [expect["first_topic"]], (who, topics)
    for topic in expect.get("topics", []):
        assert topic in topics or f'/onderwerp/{topic}"' in html, (who, topic, topics)
    for topic in expect.get("not_topics", []):
        assert topic not in topics and f'/onderwerp/{topic}"' not in html, (who, topic)
    linked = {f"{m}/{c}" for m, c in COUNTER_LINK.findall(html)}
    for counter in expect.get("not_counters", []):
        assert counter not in linked, (who, counter)
    for sentence in expect.get("not_text", []):
        assert sentence not in html, (who, sentence)
    for sentence in expect.get("text", []) if channel == "web" else []:
        assert sentence in html, (who, sentence)


def first_counter(html: str) -> str | None:
    now = html.split('class="now"', 1)[1].split("</section>", 1)[0] if 'class="now"' in html else ""
    found = COUNTER_LINK.search(now)
    return f"{found.group(1)}/{found.group(2)}" if found else None


@pytest.mark.parametrize("path", PERSONAS, ids=lambda p: p.stem)
def test_web_chat_gives_the_right_counter_first(app, path):
    person = load(path)
    html, taps, asked = chat(app.test_client(), person)
    check_plan(person, html, steps_of(html), "web")
    if "first_counter" in person["expect"]:
        assert first_counter(html) == person["expect"]["first_counter"], (person["name"], first_counter(html))
    for qid in person["expect"].get("not_asked", []):
        assert qid not in asked, (person["name"], qid)
    assert taps <= person.get("max_taps", 40)


def test_median_taps_to_a_plan_is_at_most_ten(app):
    """Every answer counts: questions that cannot matter are passed by, and "Toon mijn plan nu"
    ends the intake once only skippable questions are left. Crisis stays one tap."""
    taps = [chat(app.test_client(), load(path))[1] for path in PERSONAS]
    assert statistics.median(taps) <= 10, taps


@pytest.mark.parametrize("path", PERSONAS, ids=lambda p: p.stem)
def test_worker_form_gives_the_same_plan(client, kb, path):
    person = load(path)
    values = defaults(client)
    for qid, value in person["answers"].items():
        if qid == "gemeente":
            found = conversation.find_place(kb, value).place
            value = found.key if found else conversation.UNKNOWN_PLACE
        values[qid] = value
    response = submit(client, values)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:500]
    assert LINK.search(html)
    check_plan(person, html, WORKER_STEPS.findall(html), "worker")


@pytest.mark.parametrize("path", PERSONAS, ids=lambda p: p.stem)
def test_sms_gives_the_same_first_counter(kb, tmp_path, path):
    person = load(path)
    store = SmsStore(tmp_path / "s.db")
    ctx = dialogue.Context(kb=kb, store=store, plan_url=lambda a, lang: "https://x.nl/p/t")
    replies = dialogue.handle(ctx, "Hallo", "p", "m0", now=MONDAY_10)
    answers = person["answers"]
    for n in range(1, 40):
        with store.transaction() as tx:
            asked = tx.load("p").asked
        if not asked:
            break
        if asked[0] == "gemeente":
            text = answers["gemeente"]  # by name: every Dutch town is known
        else:
            numbers = []
            for qid in asked:
                options = [o.id for o in kb.flow.questions[qid].options]
                numbers.append(str(options.index(answers[qid]) + 1) if qid in answers else "0")
            text = " ".join(numbers)
        replies = dialogue.handle(ctx, text, "p", f"m{n}", now=MONDAY_10)
    plan = "\n".join(replies)
    assert "https://x.nl/p/t" in plan, (person["name"], plan)
    expect = person["expect"]
    if "first_counter" in expect:
        slug, cid = expect["first_counter"].split("/")
        name = kb.municipalities[slug].counters[cid].name
        found = re.search(r"\n1(?:, \d+)*\. (.*)", plan, re.S)
        step_one = found.group(1) if found else plan
        assert step_one.startswith(name.split(" (")[0]), (person["name"], step_one[:120])
    for sentence in expect.get("not_text", []):
        assert sentence not in plan, (person["name"], sentence)


def answers_of(kb, person: dict) -> list[tuple[str, str]]:
    """The person's answers as the chat records them (the core's own walk, no web)."""
    answers: list[tuple[str, str]] = []
    asked: list[str] = []
    while conversation.turn(kb, answers, "nl").kind != "plan":
        qid = conversation.progress(kb, answers).node
        if person.get("finish_after") in asked:
            return conversation.finish(kb, answers)
        asked.append(qid)
        value = person["answers"].get(qid, conversation.SKIP)
        if qid == "gemeente":
            found = conversation.find_place(kb, value).place
            value = found.key if found else conversation.UNKNOWN_PLACE
        answers = conversation.answer(kb, answers, value)
    return answers


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "pl"])
def test_the_first_card_of_every_plan_fits_on_a_phone_screen(chromium, live_server, kb, lang):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in PERSONAS:
        person = load(path)
        token = conversation.make_link(kb, "browser-secret", answers_of(kb, person), lang)
        page.goto(f"{live_server}/p/{token}")
        assert page.locator("body").get_attribute("data-page") == "plan", person["name"]
        box = page.locator("section.now").bounding_box()
        assert box is not None, person["name"]
        assert box["y"] + box["height"] <= 740, (person["name"], lang, box)
    context.close()
