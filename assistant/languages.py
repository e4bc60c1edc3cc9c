"""Every language Loketwijzer speaks, and what the code needs to know about it.

Adding a language means one entry here plus its content: topic files, the flow texts, a
catalogue under locales/, the SMS copy in sms/texts.py (KNOWLEDGE.md lists the steps).
Everything else (the language menu, text direction, search analyzers, SMS language words
and guessing) is derived from this table; tests/test_languages_registry.py keeps the
content and the table in step.

Pure data and small helpers: no Flask, no Whoosh, no Babel imports here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SOURCE = "nl"  # the language the content is written in: msgids, flow texts, counter cards
FALLBACK = "en"  # shown when a text is missing in the person's language, before Dutch


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1: file names (briefadres.pl.md), flow text keys, ?lang=
    name: str  # the native name, as the language menu shows it
    latin_name: str  # the name in GSM-7 letters, for SMS language lists
    locale: str  # Babel locale: dates and times, and the folder locales/<locale>/
    direction: Literal["ltr", "rtl"] = "ltr"
    # Search: a Snowball stemmer name Whoosh knows, or None to cut folded words to
    # `prefix` letters (a light stemmer for languages without a good Snowball one).
    stemmer: str | None = None
    prefix: int = 6
    stop_words: tuple[str, ...] = ()  # added to Whoosh's own list, when it has one
    # SMS: words that, after TAAL/LANGUAGE, choose this language (the code always does).
    sms_names: tuple[str, ...] = ()
    # SMS: a regex of letters only this language uses (matched ignoring case), and common
    # words of a first message; both guess the language of someone who has not chosen.
    script: str | None = None
    common_words: frozenset[str] = frozenset()
    # When letters or words point at several languages, the lowest rank wins: Ukrainian
    # letters before the whole Cyrillic block, and any other language before Dutch.
    guess_rank: int = 50
    # SMS: fold letters like ë to GSM-7 "always" (Dutch readers do not mind), only when
    # the deployment asks for plain Latin ("if-plain"), or "never" (other scripts).
    sms_fold: Literal["always", "if-plain", "never"] = "never"
    yes_no: tuple[str, ...] = ()  # a bare yes or no: an answer to a question from an old chat


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


REGISTRY: tuple[Language, ...] = (
    Language(
        code="nl",
        name="Nederlands",
        latin_name="Nederlands",
        locale="nl",
        stemmer="dutch",
        stop_words=tuple("ik mijn me je jij u waar hoe wat kan kun wil moet heb geen".split()),
        sms_names=("nederlands", "dutch"),
        common_words=_words(
            "hallo hoi ik ben heb geen huis waar slapen nodig dakloos goedemorgen goedemiddag de het een dag "
            "bedankt woning"
        ),
        guess_rank=99,
        sms_fold="always",
        yes_no=("ja", "nee"),
    ),
    Language(
        code="en",
        name="English",
        latin_name="English",
        locale="en",
        stemmer="english",
        stop_words=tuple("i my me can where how what want need have get am".split()),
        sms_names=("english", "engels"),
        common_words=_words(
            "hello hi hey please need where sleep home homeless the have english what can my house thanks good "
            "morning"
        ),
        guess_rank=30,
        sms_fold="always",
        yes_no=("yes", "no"),
    ),
    Language(
        code="pl",
        name="Polski",
        latin_name="Polski",
        locale="pl",
        stop_words=tuple(
            "i w we na do z ze się sie nie jest jak co czy to mam mnie mi jestem gdzie moge mogę o od po za dla".split()
        ),
        sms_names=("polski", "polish", "pools"),
        script="[ąćęłńśźż]",
        common_words=_words(
            "czesc dzien dobry prosze pomocy jestem mam nie tak czy gdzie witam mieszkam spac praca pracy domu "
            "potrzebuje polski polska dziekuje"
        ),
        guess_rank=10,
        sms_fold="if-plain",
        yes_no=("tak", "nie"),
    ),
    Language(
        code="ro",
        name="Română",
        latin_name="Romana",
        locale="ro",
        stemmer="romanian",
        stop_words=tuple("si și in în la de pe cu nu sunt am o un unde cum ce".split()),
        sms_names=("romana", "romanian", "roemeens"),
        script="[ăâîșşțţ]",
        common_words=_words(
            "buna salut sunt unde nu da casa munca dorm vreau romana romania rog multumesc ziua locuinta"
        ),
        guess_rank=20,
        sms_fold="if-plain",
        yes_no=("da", "nu"),
    ),
    Language(
        code="bg",
        name="Български",
        latin_name="Balgarski",
        locale="bg",
        stop_words=tuple("и в във на до от за се не е как къде съм ме ми да с със по".split()),
        sms_names=("български", "balgarski", "bulgarian", "bulgaars"),
        script="[\u0400-\u04ff]",  # any Cyrillic that is not recognisably Ukrainian
        guess_rank=3,
        yes_no=("да", "не"),
    ),
    Language(
        code="uk",
        name="Українська",
        latin_name="Ukrainska",
        locale="uk",
        stop_words=tuple("і й в у на до з із за не є як де я мене мені що чи це по".split()),
        sms_names=("ua", "українська", "ukrainska", "ukrainian", "oekraiens"),
        script="[іїєґ]",
        guess_rank=2,
        yes_no=("так", "ні"),
    ),
    Language(
        code="ar",
        name="العربية",
        latin_name="Arabic",
        locale="ar",
        direction="rtl",
        prefix=5,  # no stemmer: the article is folded off and words cut to 5 letters
        stop_words=tuple("في من على الى إلى عن ما لا هل أين انا أنا عندي لدي لي أريد اريد كيف ماذا".split()),
        sms_names=("العربية", "arabic", "arabisch"),
        script="[\u0600-\u06ff]",
        guess_rank=1,
    ),
)

BY_CODE: dict[str, Language] = {lang.code: lang for lang in REGISTRY}
CODES: tuple[str, ...] = tuple(BY_CODE)
NAMES: dict[str, str] = {lang.code: lang.name for lang in REGISTRY}
RTL: frozenset[str] = frozenset(lang.code for lang in REGISTRY if lang.direction == "rtl")

_BY_RANK = sorted(REGISTRY, key=lambda lang: lang.guess_rank)
_SCRIPTS = [(re.compile(lang.script, re.IGNORECASE), lang.code) for lang in _BY_RANK if lang.script]


def get(code: str) -> Language:
    """The language for a code; Dutch for anything unknown."""
    return BY_CODE.get(code) or BY_CODE[SOURCE]


def direction(code: str) -> str:
    return get(code).direction


def chain(code: str) -> tuple[str, ...]:
    """Where to look for a text: the person's language, then English, then Dutch."""
    return tuple(dict.fromkeys((code, FALLBACK, SOURCE)))


def by_script(text: str) -> str | None:
    """A language given away by its letters (Arabic, Ukrainian, Polish ą...), else None."""
    for pattern, code in _SCRIPTS:
        if pattern.search(text):
            return code
    return None


def by_common_words(words: set[str]) -> str:
    """The language with most of its common words among `words` (folded); Dutch when none."""
    best, score = SOURCE, 0
    for lang in _BY_RANK:
        hits = len(words & lang.common_words)
        if hits > score:
            best, score = lang.code, hits
    return best
