"""JSON API for other tools: search, topics, counters."""

from __future__ import annotations

from flask import Blueprint, current_app, request, url_for

from ..knowledge.models import LANGUAGES
from .web import search_allowed

api = Blueprint("api", __name__, url_prefix="/api")


def _loaded():
    return current_app.extensions["catalogue"].get()


@api.get("/search")
def search():
    data = _loaded()
    lang = request.args.get("lang", "nl")
    if lang not in LANGUAGES:
        lang = "nl"
    muni = request.args.get("municipality") or None
    if muni not in data.kb.municipalities:
        muni = None
    text = request.args.get("q", "")
    if text.strip() and not search_allowed():
        return {"error": "Too Many Requests", "status": 429, "retry_after": 60}, 429
    results = data.search(text, lang, muni)
    out = []
    for hit, snippet in zip(results.hits, results.snippets, strict=True):
        if hit.kind == "topic":
            url = url_for("web.topic", topic_id=hit.id, lang=lang if lang != "nl" else None)
            ident = hit.id
        else:
            url = url_for("web.counter", slug=hit.municipality, counter_id=hit.id)
            ident = f"{hit.municipality}/{hit.id}"
        out.append(
            {
                "id": ident,
                "kind": hit.kind,
                "title": hit.title,
                "url": url,
                "snippet": snippet,
                "lang": hit.lang,
                "municipality": hit.municipality or None,
                "score": round(hit.score, 3),
            }
        )
    return {"query": results.query, "results": out, "suggestion": results.suggestion}


@api.get("/topics")
def topics():
    kb = _loaded().kb
    return {
        "topics": [
            {"id": topic_id, "languages": langs, "url": url_for("web.topic", topic_id=topic_id)}
            for topic_id, langs in kb.topic_languages().items()
        ]
    }


@api.get("/municipalities")
def municipalities():
    kb = _loaded().kb
    return {
        "municipalities": [
            {
                "slug": m.slug,
                "name": m.name,
                "official_name": m.official_name,
                "phone": m.phone,
                "website": m.website,
                "counters": sorted(m.counters),
            }
            for m in kb.municipalities.values()
        ]
    }
