"""The phone's Back button goes to the previous question and never loses an answer."""

from __future__ import annotations

import pytest

from .test_browser import answer, current

pytestmark = pytest.mark.browser


def _three_answers(page, live_server) -> None:
    page.goto(live_server + "/?lang=nl")
    answer(page, "Nee")  # not in danger
    page.get_by_label("Naam van je gemeente").fill("utrecht")
    answer(page, "Verder")
    answer(page, "Op straat of buiten")
    assert current(page) == "question:leeftijd"


def _back(page, expected: str) -> None:
    page.go_back()
    page.wait_for_function("q => { const i = document.querySelector('input[name=question]');"
                           " return i && i.value === q; }", arg=expected)


def _answers_shown(page) -> list[str]:
    return page.locator("ol.chat p.me").all_inner_texts()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_back_goes_to_each_previous_question_and_keeps_every_answer(chromium, live_server, javascript):
    context = chromium.new_context(java_script_enabled=javascript, viewport={"width": 360, "height": 740})
    page = context.new_page()
    _three_answers(page, live_server)
    assert page.url.endswith("/vraag/leeftijd") or "/vraag/leeftijd#" in page.url
    _back(page, "situatie")
    _back(page, "gemeente")
    _back(page, "gevaar")
    # Nothing was lost: going on from the first question shows all three answers.
    page.goto(live_server + "/")
    assert current(page) == "question:leeftijd"
    assert _answers_shown(page) == ["Nee", "Utrecht", "Op straat of buiten"]
    context.close()


def test_changing_an_earlier_answer_after_back_keeps_the_later_ones(phone, live_server):
    _three_answers(phone, live_server)
    _back(phone, "situatie")
    _back(phone, "gemeente")
    # The earlier page shows what was chosen, and can be changed.
    assert phone.get_by_label("Naam van je gemeente").input_value() == "Utrecht"
    phone.get_by_label("Naam van je gemeente").fill("zwolle")
    answer(phone, "Verder")
    assert current(phone) == "question:situatie"  # the next question, its answer still marked
    assert phone.locator("button.chosen").inner_text().startswith("Op straat of buiten")
    phone.get_by_role("link", name="Ga verder waar je was").click()
    phone.wait_for_function("() => document.querySelector('input[name=question]').value === 'leeftijd'")
    assert _answers_shown(phone) == ["Nee", "Zwolle", "Op straat of buiten"]
