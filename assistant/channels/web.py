"""The web channel: server-rendered chat that works without JavaScript.

Every answer is a button in a form: POST, then redirect (so reload never answers twice).
The answers live only in the person's own signed cookie.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import conversation
from ..intake import engine
from ..knowledge import places
from ..knowledge.models import TOPIC_IDS
from ..search import query as search_query
from . import csrf
from .render import counter_facts, markdown

web = Blueprint("web", __name__)


def search_allowed() -> bool:
    limiter = current_app.extensions["search_limit"]
    return limiter.allow(limiter.key("search", request.remote_addr or ""))


def loaded():
    return current_app.extensions["catalogue"].get()


def answers() -> list[tuple[str, str]]:
    raw = session.get("a", [])
    if not isinstance(raw, list):
        return []
    return [tuple(x) for x in raw if isinstance(x, list) and len(x) == 2 and all(isinstance(v, str) for v in x)]


def save(new: list[tuple[str, str]]) -> None:
    session["a"] = [list(x) for x in new]


def current_turn(kb):
    try:
        return conversation.turn(kb, answers(), g.lang)
    except engine.InvalidAnswer:
        # A stale or tampered state: start again, kindly, instead of failing.
        session.pop("a", None)
        flash(_("We zijn opnieuw begonnen. Je antwoorden pasten niet meer bij de vragen."))
        return conversation.turn(kb, [], g.lang)


def chosen_municipality(kb):
    slug = request.cookies.get("gemeente") or ""
    state = answers()
    for qid, value in state:
        if kb.flow and kb.flow.questions.get(qid) and kb.flow.questions[qid].kind == "municipality":
            slug = value
    return kb.municipalities.get(slug)


@web.get("/")
def home():
    kb = loaded().kb
    t = current_turn(kb)
    if t.kind == "plan":
        return redirect(url_for("web.plan"))
    page = "home" if not t.history else "question"
    return render_template("chat.html", page=page, turn=t)


@web.post("/antwoord")
def answer():
    kb = loaded().kb
    state = answers()
    try:
        node = conversation.progress(kb, state).node
    except engine.InvalidAnswer:
        session.pop("a", None)
        return redirect(url_for("web.home"))
    if request.form.get("question") != node:
        # A double click or an old tab: the question was already answered.
        return redirect(url_for("web.home"))
    value = request.form.get("value", "")
    question = kb.flow.questions.get(node) if kb.flow else None
    if question is not None and question.kind == "municipality" and not value:
        typed = request.form.get("place", "")
        found = places.match(typed, kb.municipalities)
        if found:
            value = found.slug
        elif typed.strip():
            flash(
                _(
                    "We hebben nog geen gegevens over die gemeente. "
                    "Je krijgt de landelijke hulp en hoe je elke gemeente bereikt."
                )
            )
            value = engine.UNKNOWN_PLACE
        else:
            flash(_("Typ de naam van je gemeente, of kies er een."), "error")
            return redirect(url_for("web.home") + "#vraag")
    try:
        save(engine.answer(kb.flow, state, value[:80], conversation.places(kb)))
    except engine.InvalidAnswer:
        flash(_("Kies een van de antwoorden."), "error")
    return redirect(url_for("web.home") + "#vraag")


@web.post("/terug")
def back():
    save(engine.back(answers()))
    return redirect(url_for("web.home") + "#vraag")


@web.post("/opnieuw")
def restart():
    session.pop("a", None)
    return redirect(url_for("web.home"))


@web.route("/weg", methods=["GET", "POST"])
@csrf.exempt  # leaving must always work, even from an old page
def leave():
    """Leave quickly: forget everything and show a neutral page."""
    session.clear()
    response = redirect("https://www.google.nl/")
    response.delete_cookie("lw")
    response.delete_cookie("gemeente")
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@web.get("/privacy")
def privacy():
    return render_template("privacy.html", page="topic")


@web.get("/toegankelijkheid")
def accessibility():
    return render_template("accessibility.html", page="topic")


@web.get("/plan")
def plan():
    kb = loaded().kb
    t = current_turn(kb)
    if t.kind != "plan":
        return redirect(url_for("web.home"))
    return render_template("plan.html", page="plan", turn=t, plan=t.plan)


@web.get("/zoek")
def search():
    data = loaded()
    text = request.args.get("q", "")
    muni = chosen_municipality(data.kb)
    results = None
    if text.strip() and not search_allowed():
        return render_template("error.html", code=429, page="error"), 429
    if text.strip():
        results = data.search(text, g.lang, muni.slug if muni else None)
    return render_template("search.html", page="search", q=search_query.clean(text), results=results, kb=data.kb)


@web.get("/onderwerp/<topic_id>")
def topic(topic_id: str):
    kb = loaded().kb
    if topic_id not in TOPIC_IDS:
        abort(404)
    found = kb.topic(topic_id, g.lang)
    if found is None:
        abort(404)
    muni = chosen_municipality(kb)
    counters = muni.counters_for(topic_id) if muni else []
    return render_template(
        "topic.html",
        page="topic",
        topic=found,
        body=markdown(found.body),
        muni=muni,
        counters=counters,
        kb=kb,
    )


@web.get("/loket/<slug>/<counter_id>")
def counter(slug: str, counter_id: str):
    kb = loaded().kb
    muni = kb.municipalities.get(slug)
    found = muni.counters.get(counter_id) if muni else None
    if found is None:
        abort(404)
    return render_template(
        "counter.html",
        page="counter",
        muni=muni,
        counter=found,
        facts=counter_facts(found, g.lang),
        body=markdown(found.body),
        kb=kb,
    )


@web.post("/gemeente")
def choose_municipality():
    kb = loaded().kb
    found = places.match(request.form.get("place", ""), kb.municipalities)
    target = request.form.get("next", "")
    # Only a path on this site. Browsers drop tabs and newlines and read "\\" as "/", so
    # "/\t/evil.com" would leave the site; a CR or LF cannot go in a header at all.
    if not target.startswith("/") or target.startswith("//") or "\\" in target or not target.isprintable():
        target = url_for("web.home")
    response = redirect(target)
    if found:
        response.set_cookie(
            "gemeente", found.slug, max_age=180 * 24 * 3600, samesite="Lax", httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    else:
        flash(_("We hebben nog geen gegevens over die gemeente. Bel de gemeente: 14 en dan het netnummer."))
        response.delete_cookie("gemeente")
    return response
