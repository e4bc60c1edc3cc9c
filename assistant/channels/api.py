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
    wanted = (request.args.get("municipality") or "")[:80]
    place = data.kb.places.get(wanted) or (data.kb.places.match(wanted).place if wanted else None)
    muni = place.key if place else None
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
                # A counter outside the municipality searched for (the parameter, or a place in the question).
                "other_municipality": bool(hit.municipality and results.municipality)
                and hit.municipality != results.municipality,
                "score": round(hit.score, 3),
            }
        )
    return {
        "query": results.query,
        "municipality": results.municipality,
        "results": out,
        "suggestion": results.suggestion,
    }


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
    """Every Dutch municipality: "full" where we have its files, else "national route only"."""
    kb = _loaded().kb
    out = []
    for p in kb.places.all():
        m = kb.municipalities.get(p.key)
        centre = kb.places.centre_of(p)
        row = {
            "slug": p.key,
            "cbs_code": p.code if p.code.startswith("GM") else None,
            "name": m.name if m else p.name,
            "official_name": m.official_name if m else p.name,
            "province": p.province,
            "coverage": "full" if m else "national route only",
            "region": {"centrumgemeente": centre.display, "source": p.region_source} if centre else None,
        }
        if m:
            row |= {"phone": m.phone, "website": m.website, "counters": sorted(m.counters)}
            if centre is None and m.centrumgemeente_name:
                row["region"] = {"centrumgemeente": m.centrumgemeente_name, "source": m.sources[0].url}
        out.append(row)
    return {"municipalities": out, "source": "CBS 85877NED, gemeentelijke indeling 2025 (Bron: CBS)"}


@api.get("/understand")
def understand():
    """What a sentence answers, for other channels and tests. Nothing is stored or logged."""
    from ..understand import understand as read

    lang = request.args.get("lang", "nl")
    if lang not in LANGUAGES:
        lang = "nl"
    text = request.args.get("q", "")
    if text.strip() and not search_allowed():
        return {"error": "Too Many Requests", "status": 429, "retry_after": 60}, 429
    found = read(_loaded().kb, text, lang)
    return {
        "answers": [
            {"question": a.question, "option": a.option, "label_nl": a.label_nl, "evidence": a.evidence}
            for a in found.answers
        ],
        "place": found.place,
        "danger": found.danger,
        "unclear": found.unclear,
    }
