"""A printed plan link keeps working after the questions change: the same plan, or go on with what fits."""

from __future__ import annotations

import re

import pytest
import yaml

from assistant import conversation
from assistant.app import create_app
from assistant.catalogue import Catalogue, build

from .test_worker import EU_IN_UTRECHT
from .walk import page_of, steps_of

# A whole route to a plan in today's flow: the EU citizen sleeping outside in Utrecht.
ROUTE = EU_IN_UTRECHT
SECRET = "version-secret"


def _answers(kb) -> list[tuple[str, str]]:
    answers: list[tuple[str, str]] = []
    while conversation.turn(kb, answers, "nl").kind != "plan":
        qid = conversation.progress(kb, answers).node
        answers = conversation.answer(kb, answers, ROUTE[qid])
    return answers


def _edit_flow(knowledge, change) -> None:
    path = knowledge / "flows" / "intake.yaml"
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(flow)
    path.write_text(yaml.safe_dump(flow, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _insert_question_before(flow: dict, before: str) -> None:
    """A new question asked just before `before`: every way into `before` now goes through it."""
    for q in flow["questions"].values():
        for o in q.get("options", []):
            if o["next"] == before:
                o["next"] = "nieuw"
        for key in ("next", "skip_next"):
            if q.get(key) == before:
                q[key] = "nieuw"
    text = {lang: "Nieuwe vraag?" for lang in ("nl", "en", "pl", "ro", "bg", "uk", "ar")}
    flow["questions"]["nieuw"] = {
        "text": text,
        "options": [{"id": "ja", "label": text, "next": before}, {"id": "nee", "label": text, "next": before}],
    }


@pytest.fixture
def served(knowledge_copy, tmp_path):
    """(knowledge folder, instance, a token made by the first build for ROUTE)."""
    instance = tmp_path / "instance"
    build(knowledge_copy, instance)
    kb = Catalogue(instance).get().kb
    answers = _answers(kb)
    token = conversation.make_link(kb, SECRET, answers, "nl")
    return knowledge_copy, instance, token, answers


def _client(instance):
    return create_app({"INSTANCE": instance, "SECRET_KEY": SECRET, "TESTING": False}).test_client()


@pytest.mark.slow
def test_a_link_made_before_the_options_moved_opens_the_same_plan(served):
    knowledge, instance, token, answers = served
    before = _client(instance).get(f"/p/{token}").get_data(as_text=True)
    _edit_flow(knowledge, lambda f: f["questions"]["schulden"]["options"].reverse())
    build(knowledge, instance)
    kb = Catalogue(instance).get().kb
    assert kb.past_flows, "the new build must remember the flow the link was made for"

    opened = conversation.open_link(kb, SECRET, token)
    assert opened.complete and opened.answers == answers
    after = _client(instance).get(f"/p/{token}")
    assert after.status_code == 200 and page_of(after.get_data(as_text=True)) == "plan"
    assert steps_of(after.get_data(as_text=True)) == steps_of(before)


@pytest.mark.slow
def test_a_link_made_before_a_new_question_offers_to_go_on_with_what_fits(served):
    knowledge, instance, token, answers = served
    _edit_flow(knowledge, lambda f: _insert_question_before(f, "verzekerd"))
    build(knowledge, instance)
    client = _client(instance)

    page = client.get(f"/p/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "De vragen zijn veranderd" in html and "Ga verder" in html
    csrf = re.search(r'name="csrf" value="([^"]+)"', html)
    assert csrf, "the form to go on carries a CSRF token"
    moved = client.post(f"/p/{token}/verder", data={"csrf": csrf.group(1)})
    assert moved.status_code == 302
    chat = client.get("/", follow_redirects=True).get_data(as_text=True)
    # The kept answers are there, and the chat asks the new question next.
    assert 'name="question" value="nieuw"' in chat
    kept = [qid for qid, _v in answers[: [q for q, _v in answers].index("verzekerd")]]
    kb = Catalogue(instance).get().kb
    assert [q for q, _v in conversation.open_link(kb, SECRET, token).answers] == kept


@pytest.mark.slow
def test_a_link_for_a_flow_this_site_never_served_gets_the_kind_page(served, tmp_path):
    knowledge, _instance, token, _answers = served
    other = tmp_path / "other-instance"  # a fresh site: it never served the link's flow
    _edit_flow(knowledge, lambda f: f["questions"]["schulden"]["options"].reverse())
    build(knowledge, other)
    response = _client(other).get(f"/p/{token}")
    assert response.status_code == 400 and "Deze link werkt niet" in response.get_data(as_text=True)
