"""The Whoosh schema and the index build.

Every topic version (topic x language) and every counter is one document. Text goes into
the fields of its own language, each with that language's analyzer; a query is run
through all of them, so a Polish question finds the Polish text and a Dutch word typed in
a Polish sentence still finds the Dutch text.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import threading
import traceback
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from ..knowledge.loader import Knowledge
from ..knowledge.models import LANGUAGES
from ..textfold import phrase_key
from .analyzers import ANALYZERS, fold, gram_analyzer, plain_analyzer

# How much a match counts, per part of a document. Synonyms are the words people really
# type, so they weigh most; titles outrank bodies.
BOOSTS = {"syn": 4.0, "title": 3.0, "tags": 2.0, "body": 1.0}
COUNTER_BOOSTS = {"c_name": 3.0, "c_place": 2.0, "c_topics": 1.5, "c_body": 1.0}


def schema() -> Schema:
    fields = {
        "key": ID(stored=True, unique=True),
        "kind": ID(stored=True),
        "id": ID(stored=True),
        "lang": ID(stored=True),
        "municipality": ID(stored=True),
        "title": STORED(),
        "text": STORED(),
        "folded": STORED(),  # the text as fold() gives it, so a snippet never folds a whole text
        "phrases": STORED(),  # a topic's title, synonyms and tags as phrase_key() gives them, one a line
        "grams": TEXT(analyzer=gram_analyzer(), phrase=False),
        "spell": TEXT(analyzer=plain_analyzer(), phrase=False, spelling=True),
    }
    for lang in LANGUAGES:
        for part in BOOSTS:
            fields[f"{part}_{lang}"] = TEXT(analyzer=ANALYZERS[lang], phrase=False, field_boost=BOOSTS[part])
    # Counters get fields of their own, so a topic search never walks thousands of
    # counter postings, and a counter search stays small.
    for part, boost in COUNTER_BOOSTS.items():
        fields[part] = TEXT(analyzer=ANALYZERS["nl"], phrase=False, field_boost=boost)
    return Schema(**fields)


def plain_text(markdown: str) -> str:
    """Markdown to readable plain text for snippets (no markup survives)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = re.sub(r"[*_`>|]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _folded(text: str) -> str:
    """fold(text) when it keeps every position (what a snippet needs), else ""."""
    folded = fold(text)
    return folded if len(folded) == len(text) else ""


def _borrowed_terms(kb: Knowledge, topic_id: str, lang: str) -> dict[str, list[str]]:
    """The search words (knowledge/search_terms.yaml) of languages this topic has no file in,
    carried by its English version, else its Dutch one: a Polish word finds the English text,
    which the page shows with its "not yet in your language" note."""
    host = "en" if (topic_id, "en") in kb.topics else "nl"
    if lang != host:
        return {}
    return {other: terms for (tid, other), terms in kb.search_terms.items() if tid == topic_id}


def documents(kb: Knowledge):
    for (topic_id, lang), topic in kb.topics.items():
        body = plain_text(topic.body)
        borrowed = _borrowed_terms(kb, topic_id, lang)
        extra = [t for terms in borrowed.values() for t in terms]
        words = " ".join([topic.title, " ".join(topic.synonyms), " ".join(topic.tags), *extra])
        yield {
            "key": f"topic:{topic_id}:{lang}",
            "kind": "topic",
            "id": topic_id,
            "lang": lang,
            "municipality": "",
            "title": topic.title,
            "text": f"{topic.summary} {body}",
            "folded": _folded(f"{topic.summary} {body}"),
            "phrases": "\n".join(
                dict.fromkeys(phrase_key(p) for p in [topic.title, *topic.synonyms, *topic.tags, *extra])
            ),
            **{f"syn_{other}": " ; ".join(terms) for other, terms in borrowed.items()},
            f"title_{lang}": topic.title,
            f"syn_{lang}": " ; ".join(topic.synonyms),
            f"tags_{lang}": " ".join(topic.tags),
            f"body_{lang}": f"{topic.summary} {body}",
            "grams": words,
            "spell": f"{words} {topic.summary} {body}",
        }
    for muni in kb.municipalities.values():
        for counter in muni.counters.values():
            topic_words = " ".join(
                kb.topics[(t, "nl")].title for t in counter.topics if (t, "nl") in kb.topics
            )
            place = " ".join([muni.name, muni.official_name, *muni.aliases])
            body = plain_text(counter.body)
            yield {
                "key": f"counter:{muni.slug}:{counter.id}",
                "kind": "counter",
                "id": counter.id,
                "lang": "nl",
                "municipality": muni.slug,
                "title": counter.name,
                "text": body,
                "folded": _folded(body),
                "c_name": f"{counter.name} {counter.organization or ''}",
                "c_place": place,
                "c_topics": topic_words,
                "c_body": body,
                "spell": f"{counter.name} {place}",
            }


# From this many documents on, the build writes two segments at once, one per core
# (os.fork). Measured on 2 cores with the second one free (2026-12-05): 3,581 documents
# 3.5 -> 1.9 s, 1,011 documents 1.8 -> 1.0 s, 171 documents 1.3 -> 0.8 s. Below this the
# knowledge stays one segment anyway: its build is quick, and one segment is what search
# is simplest and fastest on (two cost the national search about 2% more).
SPLIT_AT = 1000
# A topic version takes about as long to index as 12 counters (measured: 161 topics 1.3 s,
# 3,420 counters 2.2 s): seven analysed fields and the word pieces. The parts are cut by
# this cost, not by count, so both processes finish at about the same time.
TOPIC_COST = 12


def document_count(kb: Knowledge) -> int:
    """How many documents `documents(kb)` yields, without making them."""
    return len(kb.topics) + sum(len(m.counters) for m in kb.municipalities.values())


def _bounds(kb: Knowledge, parts: int) -> list[int]:
    """Where the documents are cut into `parts` contiguous runs of about equal cost
    (topics come first in `documents`), each run holding at least one document."""
    topics, total = len(kb.topics), document_count(kb)
    cost = topics * TOPIC_COST + (total - topics)

    def docs_within(budget: int) -> int:  # documents from the start whose cost fits in budget
        if budget <= topics * TOPIC_COST:
            return budget // TOPIC_COST
        return topics + budget - topics * TOPIC_COST

    bounds = [0] + [docs_within(cost * i // parts) for i in range(1, parts)] + [total]
    for i in range(1, parts):  # never an empty run
        bounds[i] = min(max(bounds[i], bounds[i - 1] + 1), total - (parts - i))
    return bounds


def build_index(kb: Knowledge, folder: Path, parts: int | None = None) -> int:
    """Index every document into `folder`; returns how many.

    `parts`: how many segments to write (None: two at national scale where the machine can
    fork, else one). The documents are cut into contiguous runs in their fixed order, each
    written as a segment by its own process, and the segments listed in that order: the
    document numbers, and so the order of tied hits, are those of a one-segment build."""
    folder.mkdir(parents=True, exist_ok=True)
    total = document_count(kb)
    if parts is None:
        # Forking a process that runs other threads (`serve --watch` rebuilds beside the
        # server's threads) can copy a lock some thread holds, and the child would hang.
        alone = threading.active_count() == 1
        parts = 2 if total >= SPLIT_AT and hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and alone else 1
    if parts <= 1:
        return _write_segment(documents(kb), folder)
    bounds = _bounds(kb, parts)
    dirs = [Path(tempfile.mkdtemp(prefix=f".part{i}-", dir=folder)) for i in range(parts)]
    try:
        _write_parts(kb, bounds, dirs)
        return _join(folder, dirs)
    finally:
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)


def _write_segment(docs, folder: Path) -> int:
    ix = whoosh_index.create_in(str(folder), schema())
    writer = ix.writer(limitmb=128)
    count = 0
    for doc in docs:
        writer.add_document(**doc)
        count += 1
    writer.commit(optimize=True)
    return count


def _write_parts(kb: Knowledge, bounds: list[int], dirs: list[Path]) -> None:
    """Write part i (documents bounds[i] to bounds[i+1]) into dirs[i]: the parts after the
    first in forked children, the first here meanwhile. In order, one by one, without fork.
    The last part runs to the end of `documents`, whatever document_count said."""

    def part(i: int) -> None:
        end = bounds[i + 1] if i + 1 < len(dirs) else None
        _write_segment(itertools.islice(documents(kb), bounds[i], end), dirs[i])

    if not hasattr(os, "fork"):
        for i in range(len(dirs)):
            part(i)
        return
    children = []
    for i in range(1, len(dirs)):
        pid = os.fork()
        if pid == 0:  # the child: write its part, never return into the caller's code
            code = 1
            try:
                part(i)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        children.append(pid)
    try:
        part(0)
    finally:
        failed = [pid for pid in children if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0]
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(children)} index parts failed")


def _join(folder: Path, dirs: list[Path]) -> int:
    """One index in `folder` whose table of contents (generation 1, as a one-segment build
    leaves it) lists the parts' segments in order. Returns how many documents it holds."""
    name = whoosh_index._DEF_INDEX_NAME
    ix = whoosh_index.create_in(str(folder), schema())
    segments = []
    for d in dirs:
        storage = FileStorage(str(d))
        for segment in TOC.read(storage, name).segments:
            for filename in segment.list_files(storage):
                os.rename(d / filename, folder / filename)
            segments.append(segment)
    TOC(ix.schema, segments, 1).write(ix.storage, name)
    ix.storage.delete_file(TOC._filename(name, 0))
    return sum(segment.doc_count_all() for segment in segments)


def open_index(folder: Path):
    return whoosh_index.open_dir(str(folder))
