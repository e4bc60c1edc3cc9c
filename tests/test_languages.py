"""Seven languages: complete catalogues, complete flow texts, the right lang and dir."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from assistant.app import ROOT
from assistant.knowledge.models import LANGUAGES

from .walk import page_of, walk

TRANSLATED = [lang for lang in LANGUAGES if lang != "nl"]  # Dutch is the source language
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.fixture(scope="module")
def source_ids(tmp_path_factory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "pyproject.toml", "-k", "lazy_gettext",
         "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_is_complete_and_compiles(lang, source_ids):
    path = ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"no catalogue for {lang}"
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    problems = []
    ids = set()
    for m in catalog:
        if not m.id:
            continue
        ids.add(m.id)
        if m.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings):
            problems.append(f"untranslated: {m.id!r}")
        source = m.id if isinstance(m.id, str) else m.id[0]
        for s in strings:
            if s and sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {m.id!r}")
    problems += [f"missing: {mid!r}" for mid in sorted(source_ids - ids)]
    assert problems == []
    write_mo(io.BytesIO(), catalog)


def test_every_flow_text_exists_in_every_language(kb):
    from assistant.knowledge.flowcheck import _texts

    missing = [(loc, lang) for loc, text in _texts(kb.flow) for lang in LANGUAGES if not text.get(lang)]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_declare_the_chosen_language(client, lang):
    direction = "rtl" if lang == "ar" else "ltr"
    for url in ("/", "/zoek?q=opvang", "/onderwerp/briefadres", "/loket/utrecht/gemeente", "/niets"):
        sep = "&" if "?" in url else "?"
        html = client.get(f"{url}{sep}lang={lang}", follow_redirects=True).get_data(as_text=True)
        assert f'<html lang="{lang}" dir="{direction}">' in html, url


def test_language_comes_from_query_then_cookie_then_browser(client):
    def home(accept: str) -> str:
        return client.get("/", follow_redirects=True, headers={"Accept-Language": accept}).get_data(as_text=True)

    assert '<html lang="pl"' in home("pl-PL,pl;q=0.9")
    assert '<html lang="nl"' in home("de-DE")
    client.get("/?lang=ro", follow_redirects=True)
    assert '<html lang="ro"' in home("pl")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_whole_intake_works_in_every_language(client, kb, lang):
    client.get(f"/?lang={lang}")
    first = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert kb.flow.questions["gevaar"].text[lang] in first

    def choose(qid, choices):
        return {"gevaar": "nee", "gemeente": "utrecht"}.get(qid, choices[0])

    html, _ = walk(client, choose)
    assert page_of(html) == "plan"
    assert kb.flow.outcomes["plan"].text[lang] in html
    assert 'class="counter-card" lang="nl"' in html  # the counter card stays Dutch


def test_a_topic_without_a_translation_says_so_in_the_persons_language(client):
    html = client.get("/onderwerp/schulden?lang=uk").get_data(as_text=True)
    assert '<article class="topic" lang="en" dir="ltr">' in html
    assert 'class="notice" lang="uk"' in html


@pytest.mark.browser
def test_arabic_on_a_small_phone_has_no_sideways_scroll_and_the_switch_works(phone, live_server):
    page = phone
    for path in ("/?lang=ar", "/onderwerp/briefadres?lang=ar", "/zoek?q=opvang&lang=ar"):
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
