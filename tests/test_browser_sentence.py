"""Telling the story in one sentence, in Chromium, with and without JavaScript."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_sentence_is_confirmed_and_the_intake_skips_what_it_knows(chromium, live_server, javascript):
    context = chromium.new_context(java_script_enabled=javascript, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server + "/?lang=nl")
    page.get_by_label("Of vertel het in je eigen woorden").fill("ik ben 19 en slaap in mijn auto in Zwolle")
    page.locator("form.tell button").click()
    page.wait_for_function("() => document.body.dataset.page === 'understood'")
    assert page.get_by_text("Dit begreep ik. Klopt dit?").is_visible()
    assert page.get_by_text("18 tot en met 26").is_visible()
    page.get_by_role("button", name="Ja, dit klopt").click()
    page.wait_for_function("() => (document.querySelector('input[name=question]') || {}).value === 'gevaar'")
    page.locator("button.choice[value=nee]").click()
    # Zwolle, the car and the age were confirmed: the next question is whether there is a bed tonight.
    page.wait_for_function("() => (document.querySelector('input[name=question]') || {}).value === 'slapen'")
    car = "In een auto, kraakpand, caravan of schuur"
    assert page.locator("ol.chat p.me").all_inner_texts()[:3] == ["Nee", "Zwolle", car]
    context.close()
