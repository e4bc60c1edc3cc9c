"""The Whoosh schema and the index build.

Every topic version (topic x language) and every counter is one document. Text goes into
the fields of its own language, each with that language's analyzer; a query is run
through all of them, so a Polish question finds the Polish text and a Dutch word typed in
a Polish sentence still finds the Dutch text.
"""

from __future__ import annotations

import re
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema

from ..knowledge.loader import Knowledge
from ..knowledge.models import LANGUAGES
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


def documents(kb: Knowledge):
    for (topic_id, lang), topic in kb.topics.items():
        body = plain_text(topic.body)
        words = " ".join([topic.title, " ".join(topic.synonyms), " ".join(topic.tags)])
        yield {
            "key": f"topic:{topic_id}:{lang}",
            "kind": "topic",
            "id": topic_id,
            "lang": lang,
            "municipality": "",
            "title": topic.title,
            "text": f"{topic.summary} {body}",
            "folded": _folded(f"{topic.summary} {body}"),
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


def build_index(kb: Knowledge, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), schema())
    writer = ix.writer(limitmb=128)
    count = 0
    for doc in documents(kb):
        writer.add_document(**doc)
        count += 1
    writer.commit(optimize=True)
    return count


def open_index(folder: Path):
    return whoosh_index.open_dir(str(folder))
