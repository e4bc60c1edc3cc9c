"""Works for everyone on any phone: axe audits, keyboard, 200% text, page weight, offline plan."""

from __future__ import annotations

import re

import pytest

from .walk import post

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BUDGET = 14 * 1024  # one round trip on a fresh connection


def plan_answers(page, base):
    """Walk the intake to a plan with the first non-danger answers, without JavaScript tricks."""
    page.goto(base + "/")
    for _ in range(30):
        if page.evaluate("document.body.dataset.page") == "plan":
            return
        before = page.evaluate("document.querySelector('input[name=question]').value")
        buttons = page.locator("button.choice")
        target = buttons.nth(1) if before in ("gevaar", "slapen") else buttons.first
        target.click()
        page.wait_for_function(
            "b => document.body.dataset.page === 'plan' ||"
            " (document.querySelector('input[name=question]') || {}).value !== b",
            arg=before,
        )


PAGE_TYPES = {
    "home": "/",
    "search": "/zoek?q=briefadres",
    "topic": "/onderwerp/briefadres",
    "counter": "/loket/utrecht/gemeente",
    "error": "/bestaat-niet",
    "privacy": "/privacy",
    "worker": "/werker",
    "pocket": "/werker/zakkaart/utrecht",
}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_every_page_type_passes_axe_for_wcag_21_aa(chromium, live_server, lang):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server}/?lang={lang}")
    reports = {}
    for name, path in PAGE_TYPES.items():
        page.goto(live_server + path)
        result = axe.run(page, options=WCAG)
        if result.violations_count:
            reports[name] = result.generate_report()
    page.goto(live_server + "/")
    page.locator("button.choice").nth(1).click()  # a question page
    page.wait_for_function("() => document.body.dataset.page === 'question'")
    result = axe.run(page, options=WCAG)
    if result.violations_count:
        reports["question"] = result.generate_report()
    plan_answers(page, live_server)
    result = axe.run(page, options=WCAG)
    if result.violations_count:
        reports["plan"] = result.generate_report()
    context.close()
    assert reports == {}, "\n".join(f"{k}:\n{v}" for k, v in reports.items())


@pytest.mark.browser
def test_the_whole_intake_can_be_done_with_tab_and_enter(chromium, live_server):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server + "/")
    for _ in range(40):
        if page.evaluate("document.body.dataset.page") == "plan":
            break
        before = page.evaluate("document.querySelector('input[name=question]').value")
        # Tab until a choice button has the focus; its outline must be visible.
        for _ in range(60):
            page.keyboard.press("Tab")
            info = page.evaluate(
                "() => { const e = document.activeElement; const s = getComputedStyle(e);"
                " return {choice: e.classList.contains('choice'), text: e.textContent.trim(),"
                " outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
            )
            if info["choice"] and info["text"] not in ("Ja, ik ben in gevaar",):
                break
        assert info["choice"], "Tab never reached an answer"
        assert info["outline"] != "none" and info["width"] >= 2, info
        page.keyboard.press("Enter")
        page.wait_for_function(
            "b => document.body.dataset.page === 'plan' ||"
            " (document.querySelector('input[name=question]') || {}).value !== b",
            arg=before,
        )
    assert page.evaluate("document.body.dataset.page") == "plan"
    context.close()


@pytest.mark.browser
def test_text_at_200_percent_loses_nothing(chromium, live_server):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in ("/", "/onderwerp/eu-burgers", "/loket/utrecht/gemeente", "/zoek?q=opvang"):
        page.goto(live_server + path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        clipped = page.evaluate(
            "() => [...document.querySelectorAll('main *')].filter(e => {"
            " const s = getComputedStyle(e); return (s.overflow === 'hidden' || s.textOverflow === 'ellipsis')"
            " && e.scrollWidth > e.clientWidth + 1; }).length"
        )
        assert clipped == 0, path
    context.close()


def compressed_size(client, url: str, status: int = 200) -> int:
    """The bytes sent for a page, as a phone that accepts gzip receives them."""
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == status, url
    if status == 200:  # error pages go out uncompressed (flask-compress skips them): they count as sent
        assert response.headers.get("Content-Encoding") == "gzip", f"{url} was sent uncompressed"
    return len(response.data)


def test_every_page_type_fits_one_round_trip(client):
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/s/[^"]+)"', home)
    assert assets, "the stylesheet and script are served under content-hash names"
    extra = sum(compressed_size(client, a) for a in assets)
    post(client, "/antwoord", {"question": "gevaar", "value": "nee"})
    question = compressed_size(client, "/vraag/gemeente")
    client.delete_cookie("lw")
    from .walk import walk

    walk(client, lambda q, choices: {"gevaar": "nee", "gemeente": "amsterdam"}.get(q, choices[0]))
    sizes = {
        "question": question,
        "plan": compressed_size(client, "/plan"),
        "search": compressed_size(client, "/zoek?q=briefadres"),
        "topic": compressed_size(client, "/onderwerp/eu-burgers"),
        "counter": compressed_size(client, "/loket/amsterdam/gemeente"),
        "error": compressed_size(client, "/bestaat-niet", status=404),
        "worker": compressed_size(client, "/werker"),
    }
    client.delete_cookie("lw")
    sizes["home"] = compressed_size(client, "/vraag/gevaar")
    print({k: v + extra for k, v in sizes.items()})
    over = {k: v + extra for k, v in sizes.items() if v + extra > BUDGET}
    assert over == {}


def test_static_files_are_cached_for_a_year_under_their_hash(client):
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    css = re.search(r'href="(/s/site\.[0-9a-f]+\.css)"', home).group(1)
    response = client.get(css)
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert client.get("/s/site.0000000000.css").status_code == 404


@pytest.mark.browser
def test_a_saved_plan_can_be_read_again_offline(chromium, live_server):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    plan_answers(page, live_server)
    page.goto(live_server + "/plan")
    keep = page.locator("#keep-plan")
    assert keep.is_visible()
    keep.click()
    page.wait_for_function("() => document.getElementById('keep-plan').disabled === true", timeout=15000)
    steps = page.locator("li.step h2").all_text_contents()
    context.set_offline(True)
    page.goto(live_server + "/plan")
    assert page.locator("li.step h2").all_text_contents() == steps
    context.close()


@pytest.mark.browser
def test_nothing_is_kept_unless_the_person_chooses(chromium, live_server):
    context = chromium.new_context()
    page = context.new_page()
    plan_answers(page, live_server)
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert page.evaluate("caches.keys().then(k => k.length)") == 0
    context.close()
