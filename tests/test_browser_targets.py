"""Every target a finger must hit is at least 24 x 24 CSS pixels (WCAG 2.2, 2.5.8)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SMALL = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
  .filter(e => e.offsetParent !== null || e.getClientRects().length)
  .map(e => { const r = e.getBoundingClientRect(), round = v => Math.round(v * 10) / 10;
              return {what: e.outerHTML.slice(0, 90), w: round(r.width), h: round(r.height)}; })
  .filter(t => t.w > 0 && (t.w < 24 || t.h < 24))"""

PAGES = ["/vraag/gevaar", "/vraag/gemeente", "/plan", "/onderwerp/briefadres", "/loket/utrecht/gemeente",
         "/zoek?q=briefadres", "/werker", "/privacy", "/werker/zakkaart/utrecht"]


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_every_target_is_at_least_24_by_24(phone, live_server, lang):
    phone.goto(f"{live_server}/?lang={lang}")
    phone.locator("button.choice[value=nee]").click()  # so the second question and a plan exist
    phone.wait_for_selector("#place")
    small = {}
    for path in PAGES:
        phone.goto(live_server + path)
        found = phone.evaluate(SMALL)
        if found:
            small[path] = found
    assert small == {}
