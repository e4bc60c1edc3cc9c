"""Search as people type: any words, any language, typos, no query syntax.

We never hand the text to Whoosh's query parser: words are cut out with a regular
expression and turned into term queries ourselves, so "AND(", quotes, "*" or "field:"
are just words, and nothing a person types can raise a parse error.
"""

from __future__ import annotations

import functools
import html
import operator
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import query as Q
from whoosh.searching import Searcher

from .. import textfold
from ..knowledge.models import LANGUAGES
from .analyzers import ANALYZERS, fold, gram_analyzer
from .index import BOOSTS, COUNTER_BOOSTS

MAX_CHARS = 300
MAX_WORDS = 12
MAX_WORD_LEN = 30
_WORD = re.compile(r"\w+")
_GRAMS = gram_analyzer()


@dataclass
class Hit:
    kind: str  # "topic" or "counter"
    id: str
    lang: str
    municipality: str
    title: str
    score: float
    text: str = ""  # the stored plain text, for the snippet; dropped once the snippet is made
    docnum: int = -1
    folded: str = ""  # fold(text), made when the index was built ("" when folding moves letters)


@dataclass
class Results:
    query: str
    hits: list[Hit]
    suggestion: str | None = None
    words: list[str] = field(default_factory=list)
    snippets: list[str] = field(default_factory=list)  # escaped HTML, one per hit
    municipality: str | None = None  # the municipality searched for (parameter, or a place in the question)
    place: Any = None  # the knowledge.places.Place named in the question, if one was

    @property
    def clear(self) -> bool:
        """One topic stands out: the chat may offer it straight away."""
        topics = [h for h in self.hits if h.kind == "topic"]
        if not topics:
            return False
        if len(topics) == 1:
            return True
        return topics[0].score >= 1.6 * topics[1].score


def clean(text: str) -> str:
    """Drop control characters and cap the length; keep every script people write in."""
    return textfold.clean(text, MAX_CHARS)


def words_of(text: str) -> list[str]:
    """Distinct words, in order; very long 'words' are cut (nobody types 300 letters)."""
    out: list[str] = []
    for w in _WORD.findall(text):
        w = w.lower()[:MAX_WORD_LEN]
        if w not in out:
            out.append(w)
    return out[:MAX_WORDS]


def _terms(analyzer, word: str) -> list[str]:
    return [t.text for t in analyzer(word)]


@dataclass
class _Word:
    """One typed word: the index terms it may match, each with a weight."""

    text: str
    terms: dict[tuple[str, str], float]  # (field, term) -> weight
    grams: list[str]


def _expand(reader, word: str, lang: str) -> _Word:
    terms: dict[tuple[str, str], float] = {}
    vocab = _tables(reader).vocab

    # Body text only in the person's language and the two masters: titles, synonyms and
    # tags in every language are enough to cross languages, and each field costs time.
    body_langs = {lang, "nl", "en"}

    def add_word(text: str, factor: float) -> None:
        for field_lang in LANGUAGES:
            own = 1.2 if field_lang == lang else 1.0
            for term in _terms(ANALYZERS[field_lang], text):
                for part, boost in BOOSTS.items():
                    if part == "body" and field_lang not in body_langs:
                        continue
                    name = f"{part}_{field_lang}"
                    key = (name, term)
                    # Only terms the index holds: a short query runs fast.
                    if key not in terms and term in vocab[name]:
                        terms[key] = boost * own * factor

    add_word(word, 1.0)
    folded = fold(word)
    if not terms and len(folded) >= 5:
        # A word we do not know at all is likely a typo: take the words one or two edits
        # away from the plain-word dictionary, once, and weigh them a little less.
        dist = 2 if len(folded) >= 9 else 1
        for near in _near(reader, folded, dist):
            add_word(near, 0.6)
    # Compound parts: the index holds 4-6 letter pieces; asking for the 5-letter ones
    # (or the whole word when shorter) finds the same compounds with a third of the clauses.
    pieces = [g for g in _terms(_GRAMS, word) if len(g) == min(5, len(fold(word)))]
    grams = [g for g in dict.fromkeys(pieces) if g in vocab["grams"]]
    return _Word(word, terms, grams)


@dataclass(frozen=True)
class _Doc:
    kind: str
    id: str
    lang: str
    municipality: str
    title: str


@dataclass
class _Tables:
    """What every search looks up, read once per index and process.

    docs: per document number its short stored fields. Whoosh stores a document's fields
    together (its whole text too): reading them for every candidate of every search cost
    more than the search; the text is read for the kept hits only.
    vocab: the terms of every field a question's words are looked up in (titles, synonyms,
    tags, bodies, word pieces, the counters' fields: a few MB). A set look-up instead of
    Whoosh's term table: each word is checked in about 30 fields.
    segments: the same per segment, when the index has more than one (else empty): which
    segments to read a term's postings from, without asking each segment's term table."""

    docs: list[_Doc]
    vocab: dict[str, frozenset[str]]
    segments: list[dict[str, frozenset[str]]]
    ends: list[int]  # per segment, one past its last document number (with `segments`)
    spell: dict[str, list[str]]  # the plain-word dictionary by first letter, in index order
    spell_all: list[str]
    by_municipality: dict[str, list[int]]  # a municipality's counters, by document number
    phrases: dict[str, frozenset[str]]  # a title, synonym or tag, whole (textfold.phrase_key) -> its topics


_TABLES: dict[tuple, _Tables] = {}


def _index_key(reader) -> tuple:
    """The index folder and its segments: a large build has two (index.build_index)."""
    leaves = [r for r, _ in reader.leaf_readers()]
    folder = getattr(getattr(leaves[0], "_storage", None), "folder", None) if leaves else None
    return (folder, tuple(r.segment().segment_id() for r in leaves if hasattr(r, "segment")))


def _tables(reader) -> _Tables:
    # Kept on the reader too: a search asks for its tables once per term, and making the
    # key walks the segments.
    found = getattr(reader, "_loketwijzer_tables", None)
    if found is not None:
        return found
    key = _index_key(reader)
    found = _TABLES.get(key)
    if found is None:
        docs: list = [None] * reader.doc_count_all()
        phrases: dict[str, set[str]] = {}
        for docnum, f in reader.iter_docs():
            docs[docnum] = _Doc(f["kind"], f["id"], f["lang"], f["municipality"], f["title"])
            for phrase in filter(None, f.get("phrases", "").split("\n")):
                phrases.setdefault(phrase, set()).add(f["id"])
        fields = [f"{part}_{lang}" for lang in LANGUAGES for part in BOOSTS] + ["grams", *COUNTER_BOOSTS]
        leaves = [r for r, _ in reader.leaf_readers()]
        segments = [{name: frozenset(r.field_terms(name)) for name in fields} for r in leaves]
        segments = segments if len(segments) > 1 else []
        ends = [offset + r.doc_count_all() for r, offset in reader.leaf_readers()] if segments else []
        if segments:
            vocab = {name: frozenset().union(*(seg[name] for seg in segments)) for name in fields}
        else:
            vocab = {name: frozenset(reader.field_terms(name)) for name in fields}
        spell: dict[str, list[str]] = {}
        spell_all = list(reader.field_terms("spell"))  # sorted, as Whoosh keeps its terms
        for term in spell_all:
            spell.setdefault(term[:1], []).append(term)
        by_municipality: dict[str, list[int]] = {}
        for docnum, doc in enumerate(docs):
            if doc is not None and doc.kind == "counter":
                by_municipality.setdefault(doc.municipality, []).append(docnum)
        exact = {phrase: frozenset(ids) for phrase, ids in phrases.items()}
        found = _Tables(docs, vocab, segments, ends, spell, spell_all, by_municipality, exact)
        if len(_TABLES) >= 4:  # old builds
            _TABLES.pop(next(iter(_TABLES)))
        _TABLES[key] = found
    reader._loketwijzer_tables = found
    return found


def _near(reader, folded: str, dist: int) -> list[str]:
    """The dictionary words at most `dist` edits from `folded` with the same first letter, in
    the index's order: what Whoosh's terms_within("spell", folded, dist, prefix=1) gives
    (a shared first letter never changes the distance), with rapidfuzz over the words in
    memory instead of a Levenshtein automaton walking the term file (88% of a typo's search)."""
    words = _tables(reader).spell.get(folded[:1], [])
    found = process.extract(folded, words, scorer=Levenshtein.distance, score_cutoff=dist, limit=None)
    return sorted(word for word, _, _ in found)


def _docs(reader) -> list[_Doc]:
    return _tables(reader).docs


# A Whoosh matcher's step to its next posting (called through methodcaller: tests/test_layers.py
# keeps `.next` for the flow's transitions).
_advance = operator.methodcaller("next")


def _postings(searcher: Searcher, field_name: str, text: str, among: list[int] | None = None) -> list[tuple[Any, int]]:
    """(matcher, first document number) per segment holding the term, scored by the
    searcher's weighting, in document order: what `searcher.postings` walks through its
    MultiMatcher on a multi-segment index, without its per-posting cost (a global scorer
    that looks every document's field length up through the MultiReader). Each segment's
    scorer takes idf and average length from the whole index: the scores are the same.
    On one segment, `searcher.postings` itself. The term must be in the index.

    `among`: sorted document numbers; segments holding none of them are left out."""
    weighting = searcher.weighting
    subs = searcher.subsearchers
    if not subs:
        return [(searcher.postings(field_name, text, weighting=weighting), 0)]
    if "avg_field_length" not in searcher.__dict__:
        # Every segment's scorer asks the whole index for it, which sums over the segments
        # each time; a searcher's index never changes.
        searcher.avg_field_length = functools.cache(searcher.avg_field_length)
    tables = _tables(searcher.reader())
    out = []
    for (sub, offset), end, terms in zip(subs, tables.ends, tables.segments, strict=True):
        if among is not None and (among[-1] < offset or among[0] >= end):
            continue
        if text in terms[field_name]:
            r = sub.reader()
            out.append((r.postings(field_name, text, scorer=weighting.scorer(sub, field_name, text)), offset))
    return out


def prepare(searcher: Searcher) -> None:
    """Read what every search needs once, before the first person searches."""
    _tables(searcher.reader())


def _matches(searcher: Searcher, words: list[_Word], limit: int) -> list[tuple[int, float, set]]:
    """(document, Whoosh's score, the (field, term) pairs it matched), best first, as
    `searcher.search(Or(all terms), limit, terms=True)` gives them, without its collector.

    The topic search reaches at most the few hundred topic documents; Whoosh's collector
    walked its whole matcher tree per document to find the matched terms, which cost more
    than reading the postings. Each posting list is read once here, scored by the
    searcher's own weighting, and the scores summed in the same order Whoosh's Or sums them."""
    keys = [key for w in words for key in w.terms] + [("grams", g) for w in words for g in w.grams]
    scores: dict[int, float] = {}
    matched: dict[int, set] = {}
    for key in keys:
        for m, offset in _postings(searcher, key[0], key[1]):
            while m.is_active():
                doc = m.id() + offset
                scores[doc] = scores.get(doc, 0.0) + m.score()
                matched.setdefault(doc, set()).add(key)
                _advance(m)
    ranked = sorted(scores, key=lambda d: (-scores[d], d))[:limit]
    return [(d, scores[d], matched[d]) for d in ranked]


_NL = ANALYZERS["nl"]


def _top(searcher: Searcher, keys: list[tuple[str, str]], limit: int, among: list[int] | None = None) -> list[int]:
    """The `limit` best documents for an Or of these terms (restricted to the sorted
    document numbers `among`), by Whoosh's own scores, ties by document number, as
    `searcher.search(Or(...), limit)` ranks them; without its query and collector set-up,
    which cost more than the scoring for a handful of counters."""
    scores: dict[int, float] = {}
    for field_name, text in keys:
        for m, offset in _postings(searcher, field_name, text, among):
            if among is None:
                while m.is_active():
                    doc = m.id() + offset
                    scores[doc] = scores.get(doc, 0.0) + m.score()
                    _advance(m)
                continue
            for doc in among:
                local = doc - offset  # this segment's own number for it
                if local < 0:
                    continue
                if not m.is_active():
                    break
                if m.id() < local:
                    m.skip_to(local)
                if m.is_active() and m.id() == local:
                    scores[doc] = scores.get(doc, 0.0) + m.score()
    return sorted(scores, key=lambda d: (-scores[d], d))[:limit]


def _counters(searcher: Searcher, words: list[str], municipality: str | None) -> list[Hit]:
    """Up to three counters: the chosen municipality's first. Scored by Whoosh alone (cheap);
    .score is 2 when a word of the counter's own name was typed that our guidance never uses
    ("herstart"), 1 when the only such word is one for a kind of help ("nachtopvang",
    "inloop"), else 0."""
    terms = {t for w in words for t in _terms(_NL, w)}
    if not terms:
        return []
    reader = searcher.reader()
    tables = _tables(reader)
    vocab = tables.vocab
    local = [Q.Term(f, t) for f in COUNTER_BOOSTS for t in terms if t in vocab[f]]
    # Across all municipalities, only names, places and topics: bodies match too widely.
    # Words on hundreds of counters ("gemeente") name none of them: leave them out there.
    wide = [q for q in local if q.fieldname != "c_body" and searcher.doc_frequency(q.fieldname, q.text) <= 50]
    found: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    docs = tables.docs
    rounds: list[list[int]] = []
    among = tables.by_municipality.get(municipality or "", [])
    if among and local:
        # The municipality's few counters only: each posting list skips straight to them.
        rounds.append(_top(searcher, [(q.fieldname, q.text) for q in local], 3, among))
    if wide:
        rounds.append(_top(searcher, [(q.fieldname, q.text) for q in wide], 3))
    for ranked in rounds:
        for docnum in ranked:
            doc = docs[docnum]
            key = (doc.municipality, doc.id)
            if key in seen or len(found) >= 3:
                continue
            seen.add(key)
            # Named: a typed word is in the counter's name, is not the town's name, and is
            # not a word many counters share ("gemeente", "briefadres").
            place = set(_terms(_NL, doc.municipality.replace("-", " ")))
            typed = terms & set(_terms(_NL, doc.title)) - place - _GENERIC
            own = {t for t in typed if searcher.doc_frequency("c_name", t) < 3}
            named = 2.0 if any(not _kind_of_help(vocab, t) for t in own) else 1.0 if own else 0.0
            hit = Hit("counter", doc.id, "nl", doc.municipality, doc.title, named)
            hit.docnum = docnum
            found.append(hit)
        if found:
            break
    return found


# Words in many counter names; typing them does not name a particular counter.
_GENERIC = set(_terms(_NL, "gemeente loket balie team buurtteam wijkteam stadsteam opvang"))
# The Dutch guidance's own words: a word found there names a kind of help, not one counter.
_KIND_FIELDS = ("title_nl", "syn_nl", "tags_nl", "body_nl")


def _kind_of_help(vocab: dict[str, frozenset[str]], term: str) -> bool:
    return any(term in vocab[f] for f in _KIND_FIELDS)
GRAM_WEIGHT = 2.0
TIEBREAK = 0.15
WEAK = 4.0  # below this best score, the results are a guess
# What was typed is, whole, one of a topic's own titles, synonyms or tags: "daklozenopvang"
# is a synonym of the night shelter, and only a word in the LGBTIQA+ synonym "niet veilig
# in de daklozenopvang", which had the higher score.
EXACT = 1.25


def _score(matched: set, words: list[_Word], idf) -> float:
    """Per typed word its best match counts (synonym, title, body...), weighted by rarity.

    Summing every field a common word appears in would let "woning" outweigh
    "postadres"; taking the best field per word keeps rare, telling words in charge.
    """
    total = 0.0
    for w in words:
        best = rest = 0.0
        for key, weight in w.terms.items():
            if key in matched:
                value = weight * idf(key)
                best, rest = max(best, value), rest + min(best, value)
        # A small share of the other fields breaks ties: a word in the title, the
        # synonyms and the text beats the same word in one synonym list alone.
        best += TIEBREAK * rest
        if w.grams:
            share = sum(1 for g in w.grams if ("grams", g) in matched) / len(w.grams)
            if share:
                best = max(best, GRAM_WEIGHT * share * share * idf(("grams", w.grams[0])))
        total += best
    return total


def _suggest(searcher: Searcher, words: list[str]) -> str | None:
    """A corrected query when some words are not in our vocabulary at all."""
    reader = searcher.reader()
    changed = False
    out = []
    for w in words:
        folded = fold(w)
        if len(folded) >= 4 and not reader.frequency("spell", folded):
            option = _correct(reader, folded)
            if option:
                out.append(option)
                changed = True
                continue
        out.append(w)
    return " ".join(out) if changed else None


def _correct(reader, folded: str, maxdist: int = 2) -> str | None:
    """What Whoosh's corrector for "spell" suggests first (suggest(folded, limit=1,
    maxdist=2)): of the words within two edits, the most frequent, then the last in order;
    its score is -(maxdist + 0.5 / frequency), whatever the distance. Found with rapidfuzz
    over the words in memory: its automaton over the whole term file took 20-40 ms."""
    words = _tables(reader).spell_all
    found = process.extract(folded, words, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
    best = None
    for word, _, _ in found:
        item = (0 - (maxdist + (1.0 / (reader.frequency("spell", word) or 1) * 0.5)), word)
        if best is None or item > best:
            best = item
    return best[1] if best else None


def search(
    searcher: Searcher,
    text: str,
    lang: str = "nl",
    municipality: str | None = None,
    limit: int = 8,
) -> Results:
    cleaned = clean(text)
    words = words_of(cleaned)
    reader = searcher.reader()
    expanded = [_expand(reader, w, lang) for w in words]
    counters = _counters(searcher, words, municipality)
    if not any(w.terms or w.grams for w in expanded) and not counters:
        # No word is in the guidance, nor in a counter's name or place ("stoelenproject" is
        # only a counter's name): this is when "did you mean" helps most.
        suggestion = _suggest(searcher, words)
        return Results(query=cleaned, hits=[], suggestion=suggestion, words=words, municipality=municipality)
    cache: dict[tuple[str, str], float] = {}

    def idf(key: tuple[str, str]) -> float:
        if key not in cache:
            cache[key] = searcher.idf(*key)
        return cache[key]

    topics: dict[str, Hit] = {}
    docs = _docs(reader)
    exact = _tables(reader).phrases.get(textfold.phrase_key(cleaned), frozenset())
    for docnum, whoosh_score, matched in _matches(searcher, expanded, limit=200):
        doc = docs[docnum]
        score = _score(matched, expanded, idf) + 0.01 * whoosh_score
        if doc.id in exact:
            score *= EXACT
        # Prefer the person's own language a little when scores are close.
        if doc.lang == lang:
            score *= 1.1
        best = topics.get(doc.id)
        if best is None or score > best.score:
            hit = topics[doc.id] = Hit("topic", doc.id, doc.lang, "", doc.title, score)
            hit.docnum = docnum
    ranked = sorted(topics.values(), key=lambda h: -h.score)
    top = ranked[0].score if ranked else 0.0
    # Drop weak tails: a hit far below the best one is noise, not an answer.
    ranked = [h for h in ranked if h.score >= 0.12 * top][:limit]
    # A counter named in the question ("herstart utrecht") comes first; other counters
    # follow the best topics, so they never push the guidance out of sight. With a
    # municipality known, only its own counters may come first ("nachtopvang oss" must
    # not open with Rotterdam's night shelter); without one, only a counter whose own name
    # was typed: "nachtopvang" alone opens with the guidance, not with one town's shelter.
    if municipality:
        named = [c for c in counters if c.score > 0 and c.municipality == municipality]
    else:
        named = [c for c in counters if c.score >= 2]
    for c in counters:
        c.score = (top * 1.05 + c.score) if c in named else 0.0
    hits = sorted(named, key=lambda h: -h.score) + ranked[:3] + [c for c in counters if c not in named] + ranked[3:]
    hits = hits[:limit]
    for h in hits:  # only the hits shown need their text (for the snippet)
        stored = searcher.stored_fields(h.docnum)
        h.text, h.folded = stored["text"], stored.get("folded", "")
    # "Did you mean" only when nothing matched well: a good answer needs no second guess.
    suggestion = _suggest(searcher, words) if top < WEAK else None
    return Results(query=cleaned, hits=hits, suggestion=suggestion, words=words, municipality=municipality)


def _word_pattern(words: list[str]) -> re.Pattern | None:
    """Whole words only: a long word by its stem ("verzeker" marks "verzekering"), a short
    word as itself. Never a piece inside another word ("arom" in "Waarom")."""
    parts = set()
    for w in words:
        f = fold(w)
        if len(f) < 3 or not f.replace("-", "").isalnum():
            continue
        stem = f[: max(4, len(f) - (3 if len(f) >= 8 else 2))]
        parts.add(re.escape(f) + r"(?!\w)" if len(f) <= 4 else re.escape(stem) + r"\w*")
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")")


def snippet(text: str, words: list[str], size: int = 180, folded: str | None = None) -> str:
    """Escaped HTML: a piece of the text around the first matched word, whole matched words in <mark>.

    `folded` is fold(text) when the index stored it (a whole text folded on every search cost
    a fifth of the search)."""
    if not text:
        return ""
    pattern = _word_pattern(words)
    if folded is None:
        folded = fold(text)
    # fold() keeps the length for most scripts; if not, fall back to the start.
    same = len(folded) == len(text)
    start = 0
    first = pattern.search(folded) if same and pattern else None
    if first:
        start = max(0, first.start() - size // 3)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    piece = text[start : start + size]
    lead, tail = ("… " if start > 0 else ""), ""
    if start + size < len(text):
        piece, tail = piece.rsplit(" ", 1)[0], " …"
    # Marked on the piece itself, before the ellipses: fold("…") is "...", which would shift
    # every mark after it ("Wa<mark>arom</mark>").
    fpiece = fold(piece)
    if not pattern or len(fpiece) != len(piece):
        return html.escape(lead + piece + tail)
    out, i = [html.escape(lead)], 0
    for m in pattern.finditer(fpiece):
        out.append(html.escape(piece[i : m.start()]))
        out.append(f"<mark>{html.escape(piece[m.start():m.end()])}</mark>")
        i = m.end()
    out.append(html.escape(piece[i:] + tail))
    return "".join(out)
