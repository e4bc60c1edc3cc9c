"""Text analysis per language, for the Whoosh index and for queries alike.

The language registry (assistant/languages.py) says which language gets which: Dutch,
English and Romanian a Snowball stemmer (Whoosh ships them). Polish, Bulgarian, Ukrainian
and Arabic have none, so their words are accent-folded and cut to a fixed prefix: a light
stemmer that joins most case endings ("schronisko", "schroniska", "schronisku"); Arabic
also loses its article. Accents are folded everywhere, because people type
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
from whoosh.lang import has_stopwords
from whoosh.support.charset import accent_map

from .. import languages

WORD = r"\w+"


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
    if text.isascii():  # most Dutch and English text: nothing left to drop, skip the slow loop
        return text
    return "".join(ch for ch in text if not unicodedata.combining(ch))



def language_analyzer(lang: str):
    spec = languages.get(lang)
    chain = RegexTokenizer(WORD) | LowercaseFilter()
    stops = set(spec.stop_words)
    if has_stopwords(lang):
        from whoosh.lang import stopwords_for_language

        stops |= set(stopwords_for_language(lang))
    # Stop words before folding, so "één" is kept apart from "een"; then fold the stops too.
    stops |= {fold(w) for w in stops}
    chain = chain | StopFilter(stoplist=stops, minsize=2)
    if spec.stemmer:
        chain = chain | StemFilter(lang=spec.stemmer, cachesize=20000)
        chain = chain | CharsetFilter(accent_map)
    else:
        chain = chain | CharsetFilter(accent_map) | _ArabicFold() | Truncate(spec.prefix)
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


ANALYZERS = {lang: language_analyzer(lang) for lang in languages.CODES}
