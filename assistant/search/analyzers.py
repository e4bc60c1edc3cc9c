"""Text analysis per language, for the Whoosh index and for queries alike.

Dutch, English, Romanian and Arabic get Snowball stemmers (Whoosh ships them). Polish,
Bulgarian and Ukrainian have no stemmer in Whoosh, so their words are accent-folded and
cut to a fixed prefix: a light stemmer that joins most case endings ("schronisko",
"schroniska", "schronisku"). Accents are folded everywhere, because people type
"zorg verzekering" and "coordinatie" on phones without them.
"""

from __future__ import annotations

import unicodedata

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import has_stemmer, has_stopwords
from whoosh.support.charset import accent_map

from ..knowledge.models import LANGUAGES

WORD = r"\w+"

# Small stop lists where Whoosh has none: only words that carry no topic.
_EXTRA_STOPS = {
    "pl": "i w we na do z ze się sie nie jest jak co czy to mam mnie mi jestem gdzie moge mogę o od po za dla".split(),
    "bg": "и в във на до от за се не е как къде съм ме ми да с със по".split(),
    "uk": "і й в у на до з із за не є як де я мене мені що чи це по".split(),
    "ro": "si și in în la de pe cu nu sunt am o un unde cum ce".split(),
    "ar": "في من على الى إلى عن ما لا هل أين انا أنا".split(),
    "nl": "ik mijn me je jij u waar hoe wat kan kun wil moet heb geen".split(),
    "en": "i my me can where how what want need have get am".split(),
}


class Truncate(Filter):
    """Cut words to a prefix: a light stemmer for languages without a Snowball one."""

    def __init__(self, length: int = 6):
        self.length = length

    def __eq__(self, other):
        return isinstance(other, Truncate) and other.length == self.length

    def __call__(self, tokens):
        for t in tokens:
            if len(t.text) > self.length:
                t.text = t.text[: self.length]
            yield t


def fold(text: str) -> str:
    """Lowercase and remove accents, the way the index does."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def language_analyzer(lang: str):
    chain = RegexTokenizer(WORD) | LowercaseFilter()
    stops = set(_EXTRA_STOPS.get(lang, ()))
    if has_stopwords(lang):
        from whoosh.lang import stopwords_for_language

        stops |= set(stopwords_for_language(lang))
    # Stop words before folding, so "één" is kept apart from "een"; then fold the stops too.
    stops |= {fold(w) for w in stops}
    chain = chain | StopFilter(stoplist=stops, minsize=2)
    if has_stemmer(lang) and lang != "ar":
        chain = chain | StemFilter(lang=lang, cachesize=20000)
        chain = chain | CharsetFilter(accent_map)
    else:
        chain = chain | CharsetFilter(accent_map) | _ArabicFold() | Truncate(5 if lang == "ar" else 6)
    return chain


class _ArabicFold(Filter):
    """Arabic: drop the article and unify alef forms, so 'المأوى' meets 'مأوى'."""

    def __eq__(self, other):
        return isinstance(other, _ArabicFold)

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            for a in "أإآ":
                text = text.replace(a, "ا")
            if text.startswith("ال") and len(text) > 4:
                text = text[2:]
            t.text = text
            yield t


def gram_analyzer():
    """Word pieces of 4 to 6 letters: compounds meet their parts (nachtopvang / opvang)."""
    return RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map) | NgramFilter(4, 6)


def plain_analyzer():
    """Folded whole words, for the spelling dictionary and 'did you mean'."""
    return RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map)


ANALYZERS = {lang: language_analyzer(lang) for lang in LANGUAGES}
