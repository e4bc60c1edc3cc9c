"""Reading what a person typed: one sentence proposes answers, and the person confirms them.

"ik ben 19 en slaap sinds vorige week in mijn auto in Zwolle" proposes: sleeping in a car,
18 to 26, Zwolle. Nothing is recorded here: channels show the proposals as short
confirmations and record only what the person accepts (conversation.py).

Understanding is data, not code: each option in the flow file may carry `phrases` per
language ("in mijn auto", "uitgezet*" for any ending) and an age question's options their
`ages`. Words are compared the way search compares them: folded (case, accents), stemmed
per language (Snowball where there is one, else a prefix), and one typo allowed in longer
words. Places come from the place matcher (kb.places).

Precision over recall: a phrase after a negation ("geen kinderen" is not "kinderen"), or
after a word of looking for something ("ik zoek een nachtopvang" is not sleeping in one),
proposes nothing; two answers to one question ("ik ben 17 … ik ben 30") propose neither and
the question is asked. Danger is the exception: words of danger are read in every language
and lead to the crisis answer even when nothing else was understood.

Pure: no Flask, nothing stored or logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import languages
from .knowledge.models import LANGUAGES, Flow
from .textfold import fold

LONGEST = 1000  # characters of one message that are read: a story, not a file
DANGER = ("gevaar", "ja")  # the answer that means "in danger now"
PLACE_QUESTION = "gemeente"
_MAX_GAP = 3  # other words allowed between the words of a phrase ("slaap [al 2 weken] buiten")

# Letters folding does not take apart, and Arabic forms people type either way.
_EXTRA = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "’": "'", "ʼ": "'", "`": "'",
     "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ـ": None}
)
_TOKEN = re.compile(r"[\w'’ʼ]+")

# Words that turn a phrase around, per language of the phrase.
_NEGATIONS = {
    "nl": {"geen", "niet", "nooit", "zonder", "nergens", "niks", "niets"},
    "en": {"no", "not", "never", "without", "dont", "don't", "isn't", "isnt", "aren't", "haven't", "havent", "nobody"},
    "pl": {"nie", "bez", "brak", "nigdy"},
    "ro": {"nu", "fara", "n", "niciodata", "nici"},
    "bg": {"не", "без", "няма", "никога"},
    "uk": {"не", "без", "немає", "нема", "ніколи"},
    "ar": {"لا", "ليس", "لست", "لم", "بدون", "بلا", "ما", "مش"},
}
# Words of looking for something: "ik zoek een nachtopvang" does not mean sleeping in one.
_SEEKING = {
    "nl": {"zoek", "zoeken", "nodig", "wil", "willen", "aanvragen", "vraag", "waar", "krijgen", "hoe"},
    "en": {"need", "looking", "want", "find", "where", "how", "get", "apply"},
    "pl": {"szukam", "potrzebuje", "potrzebuję", "chce", "chcę", "gdzie", "jak"},
    "ro": {"caut", "nevoie", "vreau", "unde", "cum"},
    "bg": {"търся", "трябва", "искам", "къде", "как"},
    "uk": {"шукаю", "потрібен", "потрібна", "потрібно", "хочу", "де", "як"},
    "ar": {"ابحث", "أبحث", "احتاج", "أحتاج", "اريد", "أريد", "اين", "أين", "كيف"},
}
# Words before a place: "in Zwolle", "z Gdańska" (not a Dutch place, so nothing), "في أوتريخت".
_BEFORE_PLACE = {
    "in", "uit", "bij", "te", "naar", "rond", "omgeving", "regio", "buurt", "at", "from", "near", "to", "around",
    "w", "we", "z", "ze", "pod", "kolo", "okolicach", "din", "la", "langa", "linga", "в", "във", "от", "около",
    "у", "з", "із", "біля", "في", "من", "قرب", "بالقرب", "gemeente", "woonplaats", "city", "of",
}
# Before a number, it is someone else's age or a duration, not the person's.
_NOT_MY_AGE = {
    "zoon", "dochter", "kind", "kinderen", "son", "daughter", "child", "kids", "children", "syn", "corka", "dziecko",
    "dzieci", "fiul", "fiica", "copil", "copii", "син", "дъщеря", "дете", "деца", "донька", "дочка", "дитина", "діти",
    "ابني", "ابنتي", "طفلي", "al", "sinds", "since", "for", "already", "od", "juz", "de", "deja", "от", "вече", "вже",
    "منذ", "nummer", "number", "straat", "huisnummer", "euro", "eur", "bus", "lijn", "line", "om", "at", "uur",
}
_AFTER_NOT_AGE = {
    "geleden", "ago", "temu", "urma", "назад", "тому", "hier", "here", "in", "w", "в", "у", "tu", "aici", "тук", "тут",
    "uur", "hours", "euro", "eur", "kinderen", "kids", "children", "dzieci", "copii", "деца", "дітей", "maanden",
    "months", "miesiecy", "luni", "месеца", "місяців", "weken", "weeks", "dagen", "days",
}
_AGE_WORDS = {
    "jaar", "jr", "years", "year", "yrs", "yo", "lat", "lata", "ani", "години", "год", "г", "років", "роки", "рік",
    "سنة", "سنه", "سنوات", "عام", "عاما",
}
_AGE_LEADS = {
    ("ik", "ben"), ("ben",), ("i", "am"), ("i'm",), ("im",), ("am",), ("aged",), ("age",), ("jestem",), ("mam",),
    ("sunt",), ("на",), ("мені",), ("мне",), ("عمري",), ("عندي",), ("net",), ("just",), ("turned",), ("pas",),
    ("skonczylem",), ("skonczylam",), ("implinit",),
}


# Short forms people type: "m'n" is "mijn".
_SHORT = {"m'n": "mijn", "mn": "mijn", "z'n": "zijn", "zn": "zijn", "d'r": "haar", "'t": "het", "u": "you",
          "ur": "your", "im": "i'm", "cant": "can't", "dont": "don't"}


def _norm(word: str) -> str:
    norm = fold(word).translate(_EXTRA).replace("’", "'")
    norm = _SHORT.get(norm, norm)
    return norm.strip("'") or norm


@lru_cache(maxsize=50000)
def _key(word: str, lang: str) -> str:
    """The word as search compares it in that language: its stem, or its first letters."""
    spec = languages.get(lang)
    if spec.stemmer:
        return _stemmer(spec.stemmer)(word)
    return word[: spec.prefix]


@lru_cache(maxsize=16)
def _stemmer(name: str):
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language(name)


def _typo(a: str, b: str) -> bool:
    """One letter off (added, dropped, changed or two swapped), for words of six letters or more
    ("slaap" is not "slaat": short words differ by one letter too often)."""
    if min(len(a), len(b)) < 6 or a[0] != b[0]:
        return False
    return OSA.distance(a, b, score_cutoff=1) <= 1


@dataclass(frozen=True)
class _Word:
    text: str  # as typed
    norm: str
    start: int
    end: int
    clause: int  # words in one clause share it: a "no" does not reach over a comma
    bare: str  # Arabic: without the "and" that is written onto the next word ("وليس" -> "ليس")


@dataclass(frozen=True)
class _PWord:
    norm: str
    key: str
    prefix: bool  # "uitgezet*": any ending


@dataclass(frozen=True)
class _Phrase:
    question: str
    option: str
    lang: str
    words: tuple[_PWord, ...]
    negated: bool  # the phrase itself says no ("geen kinderen"): no guard against a no before it


@dataclass(frozen=True)
class Proposal:
    question: str
    option: str
    label_nl: str
    evidence: str  # the words in the sentence that say so


@dataclass
class Understanding:
    answers: list[Proposal] = field(default_factory=list)
    place: str | None = None  # a municipality's key (kb.places)
    place_name: str = ""
    place_evidence: str = ""
    danger: bool = False
    unclear: list[str] = field(default_factory=list)  # questions the sentence answered two ways: asked

    @property
    def empty(self) -> bool:
        return not (self.answers or self.place or self.danger)


_CLAUSE_END = re.compile(r"[,.;:!?()\n،؛؟]")


def _words(text: str) -> list[_Word]:
    out = []
    clause, last = 0, 0
    for m in _TOKEN.finditer(text):
        if _CLAUSE_END.search(text, last, m.start()):
            clause += 1
        last = m.end()
        norm = _norm(m.group(0))
        if norm:
            # Arabic writes "and" and "the" onto the word: "والانتحار" is "انتحار".
            bare = norm[1:] if norm[0] == "و" and len(norm) > 3 else norm
            bare = bare[2:] if bare.startswith("ال") and len(bare) > 4 else bare
            out.append(_Word(m.group(0), norm, m.start(), m.end(), clause, bare))
    return out


class _Index:
    """The flow's phrases, compiled once per flow."""

    def __init__(self, flow: Flow):
        self.phrases: list[_Phrase] = []
        self.by_first: dict[str, list[_Phrase]] = {}
        self.prefixed_first: list[_Phrase] = []
        self.ages: dict[str, list[tuple[str, int, int]]] = {}
        self.labels: dict[tuple[str, str], str] = {}
        self.order = {qid: i for i, qid in enumerate(flow.questions)}
        for qid, q in flow.questions.items():
            for o in q.options:
                self.labels[(qid, o.id)] = (o.label.get("nl") if isinstance(o.label, dict) else str(o.label)) or o.id
                if o.ages:
                    self.ages.setdefault(qid, []).append((o.id, o.ages[0], o.ages[1]))
                for lang, phrases in o.phrases.items():
                    for phrase in phrases:
                        compiled = self._compile(qid, o.id, lang, phrase)
                        if compiled:
                            self.phrases.append(compiled)
                            first = compiled.words[0]
                            if first.prefix:
                                self.prefixed_first.append(compiled)
                            else:
                                for sig in {first.norm, f"{lang}:{first.key}"}:
                                    self.by_first.setdefault(sig, []).append(compiled)
        # The first words as typed (not stemmed): where a typo in the first word is looked up.
        self.words = [sig for sig in self.by_first if ":" not in sig]

    @staticmethod
    def _compile(qid: str, oid: str, lang: str, phrase: str) -> _Phrase | None:
        words = []
        for part in phrase.split():
            prefix = part.endswith("*")
            for w in _words(part.rstrip("*")):
                words.append(_PWord(w.norm, _key(w.norm, lang) if lang in LANGUAGES else w.norm, prefix))
        if not words:
            return None
        negated = words[0].norm in _NEGATIONS.get(lang, set()) or any(
            w.norm in _NEGATIONS.get(lang, set()) for w in words
        )
        return _Phrase(qid, oid, lang, tuple(words), negated)


_INDEXES: dict[int, tuple[Flow, _Index]] = {}


def _index(flow: Flow) -> _Index:
    found = _INDEXES.get(id(flow))
    if found is None or found[0] is not flow:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        found = (flow, _Index(flow))
        _INDEXES[id(flow)] = found
    return found[1]


def _same(p: _PWord, w: _Word, lang: str) -> bool:
    if p.prefix:
        return w.norm.startswith(p.norm) or w.bare.startswith(p.norm)
    if p.norm == w.norm or p.norm == w.bare:
        return True
    if lang in LANGUAGES and len(p.norm) >= 3 and _key(w.norm, lang) == p.key:
        return True
    return _typo(p.norm, w.norm)


def _match_at(phrase: _Phrase, words: list[_Word], i: int) -> int | None:
    """The index of the last word when the phrase starts at words[i], else None."""
    if not _same(phrase.words[0], words[i], phrase.lang):
        return None
    negations = _NEGATIONS.get(phrase.lang, set())
    at = i
    for p in phrase.words[1:]:
        for nxt in range(at + 1, min(at + 2 + _MAX_GAP, len(words))):
            if _same(p, words[nxt], phrase.lang):
                # No "no" slipped in between ("heb [geen] werk").
                if any(words[k].norm in negations for k in range(at + 1, nxt)):
                    return None
                at = nxt
                break
        else:
            return None
    return at


def _guarded(phrase: _Phrase, words: list[_Word], start: int, end: int) -> bool:
    """A no or a looking-for before (or a no right after) the phrase, in the same clause: it
    does not say this ("geen kinderen"; "ik zoek een nachtopvang"; "ik werk niet")."""
    clause = words[start].clause

    def near(indexes) -> set[str]:
        return {words[k].bare for k in indexes if 0 <= k < len(words) and words[k].clause == clause}

    negations = _NEGATIONS.get(phrase.lang, set())
    if not phrase.negated and (near(range(start - 2, start)) | near([end + 1])) & negations:
        return True
    if (phrase.question, phrase.option) == DANGER:
        return False  # danger is never explained away by a word of looking for help
    return bool(near(range(start - 3, start)) & _SEEKING.get(phrase.lang, set()))


def _phrase_hits(index: _Index, words: list[_Word]) -> list[tuple[_Phrase, int, int]]:
    hits = []
    for i, w in enumerate(words):
        candidates = list(index.prefixed_first)
        candidates += index.by_first.get(w.norm, [])
        if w.bare != w.norm:
            candidates += index.by_first.get(w.bare, [])
        for lang in LANGUAGES:
            candidates += index.by_first.get(f"{lang}:{_key(w.norm, lang)}", [])
        if len(w.norm) >= 6:  # one typo in the first word: compare with first words that look alike
            near = process.extract(w.norm, index.words, scorer=OSA.distance, score_cutoff=1, limit=None)
            candidates += [p for sig, _d, _i in near if _typo(sig, w.norm) for p in index.by_first[sig]]
        seen: set[int] = set()
        for phrase in candidates:
            if id(phrase) in seen:
                continue
            seen.add(id(phrase))
            end = _match_at(phrase, words, i)
            if end is not None and not _guarded(phrase, words, i, end):
                hits.append((phrase, i, end))
    return hits


def _ages(words: list[_Word]) -> list[tuple[int, int, int]]:
    """(age, first word, last word) for every number said as the person's own age."""
    found = []
    for i, w in enumerate(words):
        if not w.norm.isdigit():
            continue
        n = int(w.norm)
        if not 12 <= n <= 100:
            continue
        # Only words of the same clause tell whose number it is: "geen kinderen, ben 52".
        before = [x.bare for x in words[max(0, i - 3) : i] if x.clause == w.clause]
        after = words[i + 1].norm if i + 1 < len(words) and words[i + 1].clause == w.clause else ""
        lead = next((j for j in (2, 1) if len(before) >= j and tuple(before[-j:]) in _AGE_LEADS), 0)
        if after in _AFTER_NOT_AGE or (not lead and set(before[-2:]) & _NOT_MY_AGE):
            continue
        if after in _AGE_WORDS or lead:
            found.append((n, i - lead, i + (1 if after in _AGE_WORDS else 0)))
    return found


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Little words of every language ("een", "de", "my"): never a place on their own."""
    words = {"een", "de", "het", "mijn", "mn", "m'n", "the", "a", "an", "my", "la", "le", "un", "o"}
    for code in LANGUAGES:
        words |= {_norm(w) for w in languages.get(code).stop_words}
    return frozenset(words)


def _place(kb, words: list[_Word], text: str, taken: set[int]):
    """(place, first word, last word) named in the sentence, or "unclear", or None."""
    places = kb.places
    found: dict[str, tuple[object, int, int]] = {}
    ambiguous = False
    for i, w in enumerate(words):
        if i in taken:
            continue
        marked = i > 0 and words[i - 1].norm in _BEFORE_PLACE and words[i - 1].clause == w.clause
        capital = w.text[:1].isupper() and i > 0
        # A short clause of its own ("…, ben 31. nijmegen") or a message that is only a name.
        alone = len(words) <= 3 or sum(1 for x in words if x.clause == w.clause) <= 2
        if not (marked or capital or alone):
            continue
        for size in (3, 2, 1):
            span = words[i : i + size]
            if len(span) < size or any(k in taken for k in range(i, i + size)):
                continue
            if size == 1 and w.norm in _function_words():
                continue  # "een" is a village, but "in een auto" is not about it
            name = text[span[0].start : span[-1].end]
            match = places.named(name)
            if match is None and marked and size == 1 and len(w.norm) >= 6:
                near = places.match(name)
                match = near if near.place or near.ambiguous else None
            if match is None:
                continue
            if match.place is not None:
                if places.common(name) and (not marked or found):
                    continue  # "best", "echt": words first, places only after "in" and alone
                found.setdefault(match.place.key, (match.place, i, i + size - 1))
            elif match.ambiguous:
                ambiguous = True
            break
    if len(found) == 1 and not ambiguous:
        return next(iter(found.values()))
    return "unclear" if found or ambiguous else None


def understand(kb, text: str, lang: str = "nl") -> Understanding:
    """What a typed sentence answers, as proposals to confirm. Never raises on any input."""
    flow = kb.flow
    result = Understanding()
    text = str(text or "")[:LONGEST]
    words = _words(text)
    if not words or flow is None:
        return result
    index = _index(flow)
    by_question: dict[str, list[tuple[_Phrase | None, str, int, int]]] = {}
    for phrase, start, end in _phrase_hits(index, words):
        by_question.setdefault(phrase.question, []).append((phrase, phrase.option, start, end))
    for n, start, end in _ages(words):
        for qid, ranges in index.ages.items():
            for oid, low, high in ranges:
                if low <= n <= high:
                    by_question.setdefault(qid, []).append((None, oid, start, end))
    taken: set[int] = set()
    for qid in sorted(by_question, key=lambda q: index.order.get(q, 999)):
        hits = by_question[qid]
        # A match inside a longer match of another answer is part of it ("[geen] kinderen").
        hits = [
            h for h in hits
            if not any(o is not h and o[1] != h[1] and o[2] <= h[2] and h[3] <= o[3] and (o[3] - o[2]) > (h[3] - h[2])
                       for o in hits)
        ]
        options = {h[1] for h in hits}
        if len(options) != 1:
            result.unclear.append(qid)
            continue
        oid = options.pop()
        spans: list[tuple[int, int]] = []
        for a, b in sorted({(h[2], h[3]) for h in hits}):
            if spans and a <= spans[-1][1] + 1:  # overlapping or touching: one piece of evidence
                spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
            else:
                spans.append((a, b))
        taken.update(k for a, b in spans for k in range(a, b + 1))
        evidence = " … ".join(text[words[a].start : words[b].end] for a, b in spans[:2])
        result.answers.append(Proposal(qid, oid, index.labels.get((qid, oid), oid), evidence))
        if (qid, oid) == DANGER:
            result.danger = True
    place = _place(kb, words, text, taken)
    if place == "unclear":
        result.unclear.append(PLACE_QUESTION)
    elif place is not None:
        found, a, b = place
        result.place = found.key
        result.place_name = found.display
        result.place_evidence = text[words[a].start : words[b].end]
    return result
