"""Numbers a person acts on: every phone number tappable, and read in the right order in Arabic."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from assistant import numbers
from assistant.knowledge.models import LANGUAGES

from .test_personas import chat, load
from .walk import walk

PERSONAS = sorted((Path(__file__).parent / "personas").glob("*.yaml"))

# Looser than numbers.py on purpose: anything that looks like a Dutch number to call.
CALLABLE = re.compile(
    r"(?<![\w/.-])(?:\+31[\s\d()-]{9,16}\d|0\d[\d\s-]{7,12}\d|14\s?0\d{2,3}|11[23])(?![\w-])"
)
STREET_BEFORE = re.compile(r"(?:straat|laan|weg|plein|kade|gracht|dijk|singel)\s*$", re.I)


def untappable(html: str) -> list[str]:
    """Numbers to call in the page's text that are not inside a tel: link.

    Left out: tags' attributes, script/style/title/option/textarea (no links possible there),
    and the text of other links and buttons (a link cannot hold a link; the page it opens does)."""
    body = re.sub(r"<(script|style|title|option|textarea)\b.*?</\1>", " ", html, flags=re.S | re.I)
    body = re.sub(r'<a href="tel:[^"]+"[^>]*>.*?</a>', " ", body, flags=re.S)
    body = re.sub(r"<(a|button)\b[^>]*>.*?</\1>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", body)
    found = []
    for m in CALLABLE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) not in (3, 5, 6, 10, 11) or (len(digits) == 3 and STREET_BEFORE.search(text[: m.start()])):
            continue
        if re.fullmatch(r"20\d\d", digits[:4]) and len(digits) != 10:
            continue
        found.append(m.group(0))
    return found


@pytest.mark.parametrize(
    ("written", "dialled"),
    [
        ("0800-2000", "tel:+318002000"),
        ("0800-0113", "tel:+318000113"),
        ("14 030", "tel:14030"),
        ("112", "tel:112"),
        ("038-456 9700", "tel:+31384569700"),
        ("+31 (0)20 123 4567", "tel:+31201234567"),
    ],
)
def test_a_number_dials_what_it_says(written, dialled):
    html = numbers.mark(f"<p>Bel {written} nu.</p>")
    assert f'<a href="{dialled}" dir="ltr">{written}</a>' in html


def test_only_numbers_to_call_become_links():
    html = numbers.mark(
        "<p>Spoorstraat 113, 6811 AB Arnhem. Op 2026-12-05 van 09:00-17:00. Niet 1120 of 2025.</p>"
        "<script>var n = '0800-0113';</script><p>Tom&#39;s nummer: 14 020</p>"
    )
    assert html.count("<a ") == 1 and 'href="tel:14020"' in html
    assert "var n = '0800-0113';" in html  # scripts are never touched
    assert "&#39;" in html


def test_in_arabic_every_group_of_digits_is_isolated_left_to_right():
    html = numbers.mark(
        '<title>اتصل 0800-0113</title><p>الساعة 09:00-17:00، 6811 AB، <a href="/x">0800-2000</a></p>',
        rtl=True,
    )
    assert "<title>اتصل \u20660800-0113\u2069</title>" in html  # no markup in a title
    assert '<bdi dir="ltr">09:00-17:00</bdi>' in html and '<bdi dir="ltr">6811 AB</bdi>' in html
    assert '<a href="/x"><bdi dir="ltr">0800-2000</bdi></a>' in html  # a link in a link would not work


def _pages(client, kb):
    for lang in LANGUAGES:
        client.get(f"/?lang={lang}")
        yield f"home {lang}", client.get("/", follow_redirects=True).get_data(as_text=True)
        yield f"crisis {lang}", walk(client, lambda qid, c: "ja" if qid == "gevaar" else c[0])[0]
        client.post("/weg")
        for topic_id, topic_lang in sorted(kb.topics):
            if topic_lang == lang:
                yield f"topic {topic_id} {lang}", client.get(f"/onderwerp/{topic_id}").get_data(as_text=True)
        yield f"search {lang}", client.get("/zoek?q=briefadres").get_data(as_text=True)
    client.get("/?lang=nl", follow_redirects=True)
    for slug, muni in sorted(kb.municipalities.items()):
        yield f"pocket {slug}", client.get(f"/werker/zakkaart/{slug}").get_data(as_text=True)
        for counter_id in muni.counters:
            yield f"counter {slug}/{counter_id}", client.get(f"/loket/{slug}/{counter_id}").get_data(as_text=True)
    for path in ("/privacy", "/toegankelijkheid", "/werker"):
        yield path, client.get(path).get_data(as_text=True)


def test_every_phone_number_on_every_page_is_a_tel_link(client, kb):
    seen = 0
    for name, html in _pages(client, kb):
        assert not untappable(html), (name, untappable(html))
        seen += html.count('href="tel:')
    assert seen > 500  # the pages really carry numbers: the check above is not empty


@pytest.mark.parametrize("path", PERSONAS, ids=lambda p: p.stem)
def test_every_phone_number_in_a_plan_is_a_tel_link(client, path):
    person = load(path)
    html = chat(client, person)[0]
    assert not untappable(html), untappable(html)
    assert 'href="tel:' in html


def test_every_general_number_dials_the_digits_it_shows(kb):
    for muni in kb.municipalities.values():
        if muni.phone:
            written = re.sub(r"\D", "", muni.phone)
            href = numbers.tel_href(muni.phone)
            assert href in (f"tel:+31{written[1:]}", f"tel:{written}"), (muni.phone, href)
            assert re.fullmatch(r"tel:(\+31\d{7,10}|14\d{3,4}|11[23])", href), (muni.phone, href)


def test_every_address_opens_the_phones_map_app(client, kb):
    shown = 0
    for slug, muni in sorted(kb.municipalities.items()):
        pocket = client.get(f"/werker/zakkaart/{slug}").get_data(as_text=True)
        for counter_id, counter in muni.counters.items():
            if not (counter.address and counter.address.street):
                continue
            html = client.get(f"/loket/{slug}/{counter_id}").get_data(as_text=True)
            link = "geo:0,0?q=" + quote(counter.address.one_line(), safe="")
            assert f'href="{link}"' in html, (slug, counter_id)
            assert f'href="{link}"' in pocket, (slug, counter_id)
            shown += 1
    assert shown >= 20
