"""The web channel: server-rendered chat that works without JavaScript.

Every answer is a button in a form: POST, then redirect (so reload never answers twice).
The answers live only in the person's own signed cookie.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import conversation
from ..knowledge.models import LANGUAGES, TOPIC_IDS
from ..search import query as search_query
from . import csrf
from .render import counter_facts, markdown

web = Blueprint("web", __name__)


# Every cookie this site sets: "Snel weg" expires each of them (and any other it is sent).
SITE_COOKIES = {"lw", "gemeente", "lang"}


def same_site(target: str) -> str:
    """`target` when it is a path on this site, judged as a browser reads it; '' when not.
    Control characters (tab, CR, LF, ...) are refused with 400: no browser sends them in a
    form field we made, and a browser would silently drop a tab ("/\t/evil.com" is
    "//evil.com") while a CR or LF cannot go into a header."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in target):
        abort(400)
    # Browsers read "\\" as "/" and ignore surrounding spaces: judge what they will follow.
    seen = target.strip().replace("\\", "/")
    parts = urlsplit(seen)
    if parts.scheme or parts.netloc or not seen.startswith("/") or seen.startswith("//") or not seen.isprintable():
        return ""
    return seen


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
    """Store the answers; questions the person already confirmed from a sentence are answered
    as the intake reaches them ("k": question -> answer, waiting)."""
    waiting = session.get("k")
    if isinstance(waiting, dict) and waiting:
        new, waiting = conversation.go_on(loaded().kb, new, {str(q): str(v) for q, v in waiting.items()})
        if waiting:
            session["k"] = waiting
        else:
            session.pop("k", None)
    session["a"] = [list(x) for x in new]


def current_turn(kb):
    try:
        return conversation.turn(kb, answers(), g.lang)
    except conversation.StaleState:
        return conversation.turn(kb, stale(kb), g.lang)


def stale(kb) -> list[tuple[str, str]]:
    """The one path for a state that no longer fits: keep what still fits, and say so kindly."""
    kept = conversation.keep(kb, answers())
    save(kept)
    if kept:
        flash(_("De vragen zijn veranderd. We hebben je antwoorden bewaard die nog passen."))
    else:
        flash(_("We zijn opnieuw begonnen. Je antwoorden pasten niet meer bij de vragen."))
    return kept


def chosen_municipality(kb):
    chosen = conversation.facts(kb, answers()).get("municipality")
    return kb.municipalities.get(chosen or request.cookies.get("gemeente") or "")


def where(t) -> str:
    """The address of a turn: every question its own, so the phone's Back button works."""
    if t.kind == "plan":
        return url_for("web.plan")
    return url_for("web.question", question_id=t.question_id)


@web.get("/")
def home():
    kb = loaded().kb
    target = where(current_turn(kb))
    if request.args.get("lang") in LANGUAGES:
        target += "?lang=" + request.args["lang"]
    return redirect(target)


@web.get("/vraag/<question_id>")
def question(question_id: str):
    """A question by its address: the current one, or an earlier one with the answer given
    then (the phone's Back button). A question not reached yet sends on to the current one."""
    kb = loaded().kb
    state = answers()
    try:
        t = conversation.turn_at(kb, state, question_id, g.lang)
        now = conversation.turn(kb, state, g.lang)
    except conversation.StaleState:
        stale(kb)
        return redirect(url_for("web.home"))
    if t is None:
        return redirect(where(now))
    page = "home" if not t.history and t.chosen is None else "question"
    previous = conversation.before(state, question_id)
    # "Which town?": the towns that fit what was typed, as buttons (set by answer()).
    options = session.pop("po", None) if t.input == "municipality" else None
    return render_template(
        "chat.html",
        page=page,
        turn=t,
        place_options=options or [],
        previous=url_for("web.question", question_id=previous) if previous else None,
        resume=where(now) if t.chosen is not None else None,
    )


@web.post("/antwoord")
def answer():
    kb = loaded().kb
    state = answers()
    shown = request.form.get("question", "")
    value = request.form.get("value", "")
    typed = request.form.get("place", "")
    new = state
    try:
        if not value and "place" in request.form:
            found = []

            def place(head):
                placed = conversation.answer_place(kb, head, typed, shown)
                found.append(placed)
                return placed.answers

            new = conversation.revise(kb, state, shown, place)
            if found and found[0].found is None and new != state:
                flash(
                    _(
                        "We hebben nog geen gegevens over die gemeente. "
                        "Je krijgt de landelijke hulp en hoe je elke gemeente bereikt."
                    )
                )
        else:
            new = conversation.revise(kb, state, shown, lambda head: conversation.answer(kb, head, value, shown))
        save(new)
    except conversation.PlaceUnclear as unclear:
        # "Which town?": the towns that fit, or names like it, as buttons on the next page.
        session["po"] = [[o.key, o.label] for o in unclear.match.options[:9]]
        if unclear.match.ambiguous:
            flash(_("Die naam past bij meer dan één plaats. Welke bedoel je?"), "error")
        elif typed.strip():
            flash(_("Die plaats kennen we niet. Typ de naam van je woonplaats of gemeente."), "error")
        else:
            flash(_("Typ de naam van je gemeente, of kies er een."), "error")
        return redirect(url_for("web.question", question_id=shown) + "#vraag")
    except conversation.NotAnOption:
        if "place" in request.form and not typed.strip():
            flash(_("Typ de naam van je gemeente, of kies er een."), "error")
        else:
            flash(_("Kies een van de antwoorden."), "error")
        return redirect(url_for("web.question", question_id=shown) + "#vraag")
    except conversation.StaleState:
        stale(kb)
        return redirect(url_for("web.home"))
    # On to the question after the one answered: after a Back, the next one seen again.
    following = conversation.after(new, shown)
    if following:
        return redirect(url_for("web.question", question_id=following) + "#vraag")
    return redirect(where(current_turn(kb)) + "#vraag")


@web.post("/klaar")
def finish():
    """ "Toon mijn plan nu": a plan from what is known, the rest skipped."""
    kb = loaded().kb
    try:
        save(conversation.finish(kb, answers(), request.form.get("question", "")))
    except conversation.NotAnOption:
        flash(_("Kies een van de antwoorden."), "error")
    except conversation.StaleState:
        stale(kb)
    return redirect(where(current_turn(kb)) + "#vraag")


@web.post("/terug")
def back():
    """An old page's "Vorige vraag" button: the question before, with every answer kept."""
    previous = conversation.before(answers(), request.form.get("question", "") or "\0")
    if previous is None:
        return redirect(url_for("web.home"))
    return redirect(url_for("web.question", question_id=previous) + "#vraag")


@web.post("/begrijp")
def read_sentence():
    """A sentence in the person's own words: what it says is shown to confirm, nothing recorded yet."""
    kb = loaded().kb
    text = request.form.get("zin", "")
    shown = request.form.get("question", "")
    back = url_for("web.question", question_id=shown) if shown else url_for("web.home")
    if not text.strip():
        flash(_("Typ een paar woorden over je situatie, of kies hieronder."), "error")
        return redirect(back + "#vraag")
    reading = conversation.read(kb, text, g.lang)
    if reading.empty:
        flash(_("Dat begreep ik niet. Kies hieronder een antwoord. Je antwoorden blijven bewaard."), "error")
        return redirect(back + "#vraag")
    # Only what the sentence said, in short: the answers and the words that say so.
    session["u"] = {"items": [[u.question, u.value, u.evidence[:80]] for u in reading.items],
                    "danger": reading.danger, "back": back}
    return redirect(url_for("web.understood"))


def _told() -> dict:
    """What /begrijp read (session "u"): items, danger, back; {} when there is none."""
    raw = session.get("u")
    return raw if isinstance(raw, dict) else {}


def _understood_items(kb) -> list:
    out = []
    for entry in _told().get("items") or []:
        if isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry):
            found = conversation.understood(kb, entry[0], entry[1], entry[2], g.lang)
            if found is not None:
                out.append(found)
    return out


@web.get("/begrepen")
def understood():
    """ "Dit begreep ik. Klopt dit?": one tap accepts all, one tap changes any. Danger first."""
    kb = loaded().kb
    items = _understood_items(kb)
    raw = _told()
    danger = bool(raw.get("danger"))
    if not items and not danger:
        return redirect(url_for("web.home"))
    crisis = kb.topic("crisis", g.lang) if danger else None
    back = raw.get("back") if isinstance(raw.get("back"), str) and raw["back"].startswith("/vraag/") else "/"
    return render_template("understood.html", page="understood", items=items, crisis=crisis, back=back)


@web.post("/begrepen")
def confirm():
    kb = loaded().kb
    raw = _told()
    items = _understood_items(kb)
    dropped = request.form.get("drop")
    if dropped:
        # "Verander": this one is asked as a question instead.
        raw["items"] = [[u.question, u.value, u.evidence] for u in items if u.question != dropped]
        if not raw["items"] and not raw.get("danger"):
            session.pop("u", None)
            return redirect(url_for("web.home"))
        session["u"] = raw
        return redirect(url_for("web.understood"))
    # accept() replays from the start and keeps what fits: a stale state cannot stop it.
    new, waiting = conversation.accept(kb, answers(), {u.question: u.value for u in items})
    session.pop("u", None)
    session["k"] = waiting
    save(new)
    return redirect(where(current_turn(kb)) + "#vraag")


@web.post("/opnieuw")
def restart():
    session.pop("k", None)
    session.pop("u", None)
    save(conversation.restart())
    return redirect(url_for("web.home"))


@web.route("/weg", methods=["GET", "POST"])
@csrf.exempt  # leaving must always work, even from an old page
def leave():
    """Leave quickly: forget everything and show a neutral page."""
    session.clear()
    response = redirect("https://www.google.nl/")
    # Expire every cookie ourselves: browsers honour Clear-Site-Data over HTTPS only.
    for name in SITE_COOKIES | set(request.cookies):
        response.delete_cookie(name, samesite="Lax", httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
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
    # A town without our files still counts: other towns' counters are then marked as such.
    where = muni.slug if muni else conversation.facts(data.kb, answers()).get("municipality")
    results = None
    if text.strip() and not search_allowed():
        return render_template("error.html", code=429, page="error"), 429
    if text.strip():
        results = data.search(text, g.lang, where)
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
        facts=counter_facts(found, g.lang, call=muni.phone),
        body=markdown(found.body),
        kb=kb,
    )


@web.post("/gemeente")
def choose_municipality():
    kb = loaded().kb
    match = conversation.find_place(kb, request.form.get("place", "")[:200])
    found = kb.municipalities.get(match.place.key) if match.place else None
    response = redirect(same_site(request.form.get("next", "")) or url_for("web.home"))
    if found:
        response.set_cookie(
            "gemeente", found.slug, max_age=180 * 24 * 3600, samesite="Lax", httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    elif match.place:  # a town without our files: no number we do not have
        flash(_("Het adres en telefoonnummer van gemeente %(name)s staan op de eigen website van de gemeente.",
                name=match.place.display))
        response.delete_cookie("gemeente")
    elif match.options:
        flash(_("Bedoel je: %(names)s?", names=" / ".join(o.label for o in match.options)))
    else:
        flash(_("Die plaats kennen we niet. Typ de naam van je woonplaats of gemeente."))
        response.delete_cookie("gemeente")
    return response
