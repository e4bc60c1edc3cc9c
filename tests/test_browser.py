"""In Debian's Chromium on a phone-sized screen, as a person walks the intake."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def current(page) -> str:
    return page.evaluate(
        "() => { const q = document.querySelector('input[name=question]');"
        " return document.body.dataset.page + ':' + (q ? q.value : ''); }"
    )


def answer(page, label: str) -> None:
    """Click an answer and wait until the next question (or the plan) is on screen.

    With JavaScript the page is updated in place, without a navigation to wait for."""
    before = current(page)
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_function(
        "before => { const q = document.querySelector('input[name=question]');"
        " return (document.body.dataset.page + ':' + (q ? q.value : '')) !== before; }",
        arg=before,
    )


def test_eu_citizen_sleeping_outside_in_utrecht_gets_a_local_plan(phone, live_server):
    page = phone
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server + "/?lang=nl")
    assert page.locator("body").get_attribute("data-page") == "home"
    answer(page, "Nee")  # not in danger
    page.get_by_label("Naam van je gemeente").fill("utrecht")
    answer(page, "Verder")
    answer(page, "Op straat of buiten")  # on the street: "a place tonight?" is not asked
    answer(page, "27 of ouder")
    answer(page, "Nee")  # no children
    answer(page, "Uit een ander EU-land, de EER of Zwitserland")
    answer(page, "Nee, ik ben mijn werk kwijtgeraakt")
    answer(page, "3 maanden tot 5 jaar")
    answer(page, "1 jaar of langer")
    answer(page, "Ja, buiten mijn wil")
    answer(page, "Ja, maar ik sta niet ingeschreven bij UWV")
    answer(page, "Nee")  # not in the BRP
    answer(page, "Ja")  # has ID
    answer(page, "Nee")  # uninsured
    answer(page, "Nee, geen inkomen")
    answer(page, "Nee")  # no debts
    answer(page, "Nee")  # no care needs
    answer(page, "Zeg ik liever niet")
    assert page.locator("body").get_attribute("data-page") == "plan"
    # The plan came in place, without a reload: the save button is offered all the same.
    assert page.locator("#keep-plan").is_visible()
    topics = page.locator("li.step").evaluate_all("els => els.map(e => e.dataset.topic)")
    for needed in ("nachtopvang", "eu-burgers", "zorg-zonder-verzekering", "briefadres"):
        assert needed in topics, topics
    assert topics.index("nachtopvang") < 2
    for topic in ("nachtopvang", "briefadres"):
        links = page.locator(f'li.step[data-topic="{topic}"] .counter a').evaluate_all("els => els.map(e => e.href)")
        assert any("/loket/utrecht/" in href for href in links), (topic, links)
    # Nothing went to another site while walking.
    assert all(url.startswith(live_server) for url in requests), [u for u in requests if not u.startswith(live_server)]
    # It fits the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_javascript_off_still_walks_to_a_plan(chromium, live_server):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(live_server + "/")
    for _ in range(30):
        if page.locator("body").get_attribute("data-page") == "plan":
            break
        page.locator("button.choice").first.click()
        page.wait_for_load_state()
    assert page.locator("body").get_attribute("data-page") == "plan"
    context.close()
