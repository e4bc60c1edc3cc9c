"""In Arabic, numbers on screen read as they are dialled: 0800-0113, not 0113-0800."""

from __future__ import annotations

import pytest

from .test_browser import current

pytestmark = pytest.mark.browser

# The digits of every on-screen occurrence of `number`, in the order they are drawn from left
# to right (the order a person reads a number in, in any script).
ON_SCREEN = """number => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const flat = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) flat.push(n);
  // A number may be split over text nodes by markup: read the page's text as one string.
  const text = flat.map(n => n.data).join('');
  let at = text.indexOf(number);
  while (at >= 0) {
    const rects = [];
    for (let i = at; i < at + number.length; i++) {
      if (!/[0-9]/.test(text[i])) continue;
      let offset = i, node = null;
      for (const n of flat) { if (offset < n.data.length) { node = n; break; } offset -= n.data.length; }
      const range = document.createRange();
      range.setStart(node, offset); range.setEnd(node, offset + 1);
      const r = range.getBoundingClientRect();
      if (r.width > 0) rects.push({digit: text[i], x: r.left, y: Math.round(r.top)});
    }
    if (rects.length) {
      rects.sort((a, b) => (a.y - b.y) || (a.x - b.x));
      out.push(rects.map(r => r.digit).join(''));
    }
    at = text.indexOf(number, at + 1);
  }
  return out;
}"""


def drawn(page, number: str) -> list[str]:
    return page.evaluate(ON_SCREEN, number)


def _check(page, *wanted: str) -> None:
    assert page.evaluate("document.documentElement.dir") == "rtl"
    for number in wanted:
        seen = drawn(page, number)
        digits = "".join(c for c in number if c.isdigit())
        assert seen, f"{number} is not on the page"
        assert set(seen) == {digits}, (number, seen)


def test_arabic_home_page_draws_the_crisis_number_in_order(phone, live_server):
    phone.goto(live_server + "/?lang=ar")
    _check(phone, "0800-0113")


def test_arabic_crisis_plan_draws_its_numbers_in_order(phone, live_server):
    phone.goto(live_server + "/?lang=ar")
    phone.locator('button.choice[value=ja]').click()
    phone.wait_for_function("() => document.body.dataset.page === 'plan'")
    _check(phone, "0800-0113", "0800-2000")


def test_arabic_counter_page_and_plan_draw_14_030_in_order(phone, live_server):
    phone.goto(live_server + "/loket/utrecht/gemeente?lang=ar")
    _check(phone, "14 030")
    # A plan for someone in Utrecht: the cards give the municipality's number.
    phone.goto(live_server + "/?lang=ar")
    phone.locator('button.choice[value=nee]').click()
    phone.wait_for_selector("#place")
    phone.fill("#place", "Utrecht")
    before = current(phone)
    phone.locator("#place ~ button").click()
    phone.wait_for_function("before => document.body.dataset.page + ':' + "
                            "(document.querySelector('input[name=question]') || {}).value !== before", arg=before)
    for _ in range(30):
        if phone.evaluate("document.body.dataset.page") == "plan":
            break
        before = current(phone)
        phone.locator("button.choice").last.click()
        phone.wait_for_function("before => document.body.dataset.page + ':' + "
                                "(document.querySelector('input[name=question]') || {}).value !== before", arg=before)
    assert phone.evaluate("document.body.dataset.page") == "plan"
    _check(phone, "14 030")


def test_the_digit_reader_sees_a_reversed_number(phone):
    """The check can fail: a number left to the bidi algorithm in Arabic text is drawn reversed."""
    phone.set_content('<html dir="rtl"><body><main><p>اتصل بالرقم 0800-0113 الآن</p></main></body></html>')
    assert drawn(phone, "0800-0113") == ["01130800"]
    phone.set_content(
        '<html dir="rtl"><body><main><p>اتصل بالرقم <bdi dir="ltr">0800-0113</bdi></p></main></body></html>'
    )
    assert drawn(phone, "0800-0113") == ["08000113"]

