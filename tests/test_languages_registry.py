"""The language registry and everything derived from it agree, and the content keeps up.

A new language is one registry entry plus content; these tests name what is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale
from whoosh.lang import has_stemmer

from assistant import languages
from assistant.knowledge import models
from assistant.knowledge.flowcheck import _texts
from assistant.knowledge.loader import load
from assistant.search import analyzers
from assistant.sms import reading, texts

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [lang for lang in languages.REGISTRY if lang.code != languages.SOURCE]


@pytest.fixture(scope="module")
def flow():
    kb = load(ROOT / "knowledge")
    assert kb.flow is not None, [str(p) for p in kb.errors]
    return kb.flow


def test_registry_entries_are_well_formed():
    codes = [lang.code for lang in languages.REGISTRY]
    assert len(set(codes)) == len(codes)
    assert languages.SOURCE in codes and languages.FALLBACK in codes
    for lang in languages.REGISTRY:
        assert re.fullmatch(r"[a-z]{2}", lang.code), lang.code
        # Babel knows the locale, and its script direction is the one we declare.
        locale = Locale.parse(lang.locale)
        assert locale.character_order == ("right-to-left" if lang.direction == "rtl" else "left-to-right")
        assert lang.name.casefold() == locale.get_display_name(locale).casefold()  # the native name
        assert lang.stemmer is None or has_stemmer(lang.stemmer), lang.stemmer
        assert lang.script is None or re.compile(lang.script)
        assert lang.latin_name.isascii(), lang.latin_name  # SMS lists in Latin must stay GSM-7


def test_old_names_are_derived_from_the_registry():
    codes = tuple(lang.code for lang in languages.REGISTRY)
    assert models.LANGUAGES == codes == texts.LANGS == tuple(analyzers.ANALYZERS)
    assert models.LANGUAGE_NAMES == {lang.code: lang.name for lang in languages.REGISTRY}
    assert models.RTL_LANGUAGES == {lang.code for lang in languages.REGISTRY if lang.direction == "rtl"}


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_every_translated_language_has_a_catalogue(lang):
    assert (ROOT / "locales" / lang.locale / "LC_MESSAGES" / "messages.po").exists()


def test_sms_copy_exists_for_exactly_the_registry_languages():
    assert set(texts.TEXTS) == set(languages.CODES)
    for code in languages.CODES:
        assert set(texts.TEXTS[code]) == set(texts.TEXTS["nl"]), code


def test_flow_texts_use_only_registry_languages_and_miss_none(flow):
    all_texts = list(_texts(flow)) + [
        (("worker", "contradictions", i, "message"), rule.message) for i, rule in enumerate(flow.worker.contradictions)
    ]
    assert [loc for loc, text in all_texts if set(text) != set(languages.CODES)] == []


def test_every_language_can_be_chosen_by_sms_with_its_code_and_names():
    seen: dict[str, str] = {}
    for lang in languages.REGISTRY:
        for word in (lang.code, *lang.sms_names):
            folded = reading.fold(word)
            assert seen.setdefault(folded, lang.code) == lang.code, f"'{word}' chooses two languages"
            assert reading.keyword(f"TAAL {word}") == ("lang", folded)
            assert {reading.fold(k): v for k, v in texts.LANGUAGE_WORDS.items()}[folded] == lang.code


FIRST_MESSAGES = [
    ("أين أنام الليلة", "ar"),
    ("Привіт, мені потрібна допомога", "uk"),
    ("ПРИВІТ", "uk"),
    ("Здравейте, нямам къде да спя", "bg"),
    ("Cześć, potrzebuję pomocy", "pl"),
    ("ŁÓDŹ", "pl"),
    ("Bună ziua, unde pot dormi?", "ro"),
    ("czesc, prosze o pomoc", "pl"),
    ("buna, unde dorm", "ro"),
    ("hello, I need a place to sleep", "en"),
    ("hallo hello", "en"),  # a tie between Dutch and another language: not Dutch
    ("hallo ik heb geen huis", "nl"),
    ("12345", "nl"),
]


@pytest.mark.parametrize(("message", "expected"), FIRST_MESSAGES)
def test_first_sms_language_is_guessed_from_registry_data(message, expected):
    guessed = languages.by_script(message) or languages.by_common_words(set(reading.words(message)))
    assert guessed == expected
    assert reading.guess_lang(message) == expected  # the SMS reader agrees with the registry


def test_search_analyzers_follow_the_registry():
    for lang in languages.REGISTRY:
        words = [t.text for t in analyzers.ANALYZERS[lang.code]("zorgverzekeringen слушайте")]
        if lang.stemmer is None:
            assert all(len(w) <= lang.prefix for w in words), (lang.code, words)
        else:
            assert any(len(w) > 6 for w in words), (lang.code, words)  # stemmed, not cut


def test_topic_direction_comes_from_the_registry(client):
    html = client.get("/onderwerp/briefadres?lang=ar").get_data(as_text=True)
    assert '<article class="topic" lang="ar" dir="rtl">' in html
    html = client.get("/onderwerp/briefadres?lang=pl").get_data(as_text=True)
    assert '<article class="topic" lang="pl" dir="ltr">' in html
