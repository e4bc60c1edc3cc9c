"""Outreach-worker mode: the whole intake on one form, and hand-over without storing anything.

The form is generated from the flow: one fieldset per question, in the order the flow asks
them. The submitted values are walked through the flow exactly as the chat would ask
them, so the plan is the chat's plan. Hand-over: a signed short link and QR code
(conversation.make_link), a print view, or the link by SMS (assistant/outbound_sms.py).
The person's answers and the phone number typed for an SMS are never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass, field

import segno
from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import force_locale, refresh
from flask_babel import gettext as _
from markupsafe import Markup

from .. import conversation, outbound_sms, phone, publicurl, workerform
from ..knowledge.models import LANGUAGE_NAMES, LANGUAGES
from ..ratelimit import Backoff, LimitStore, RateLimiter
from ..sms import composing
from .render import counter_facts
from .web import loaded, save

worker = Blueprint("worker", __name__)

WRONG_CODES_PER_HOUR = 100  # for the whole site; then only browsers that gave the right code before
TRUSTED = "wk"  # in the session: this browser gave the right access code once
HOUR = 3600.0
NOT_ASKED = conversation.SKIP


# ---- the form: its shape and checks come from workerform.py; here only words -------


def _problem(code: str) -> str:
    """A problem code from workerform as a sentence; contradiction sentences come translated already."""
    messages = {
        workerform.UNKNOWN_ANSWER: _("Dit antwoord kennen we niet. Kies een van de antwoorden."),
        workerform.NEEDED: _("Deze vraag is nodig voor het plan. Kies een antwoord."),
        workerform.NEEDED_PLACE: _("Kies een gemeente, of ‘andere gemeente of onbekend’."),
        workerform.DOES_NOT_FIT: _("Deze antwoorden passen niet bij elkaar. Kijk ze na."),
        workerform.WHICH_PLACE: _("Welke plaats bedoel je? Typ de naam van een woonplaats of gemeente."),
    }
    return messages.get(code, code)


@dataclass
class FieldView:
    """One question of the form as the template shows it."""

    id: str
    text: str
    note: str  # what choosing an answer here means for the rest
    kind: str  # "choice" or "municipality"
    choices: list[tuple[str, str]]  # (value, label)
    skippable: bool
    only_when: str  # "" or a sentence saying when the question matters
    value: str = ""
    errors: list[str] = field(default_factory=list)
    shown: str = ""  # a place field: the name shown in the text box
    other: str = ""  # a place field: the label of "another municipality or unknown"
    unknown: bool = False


def form_fields(kb, values: dict[str, str], lang: str) -> list[FieldView]:
    views = []
    for f in workerform.form_fields(kb, values, lang):
        choices = [(c.value, c.label) for c in f.choices]
        if f.kind == "municipality":
            other = conversation.other_place_label(kb, lang) or _("Andere gemeente of onbekend")
            choices.append((conversation.UNKNOWN_PLACE, other))
        if f.skippable:
            choices.append((NOT_ASKED, _("Niet gevraagd")))
        only_when = ""
        if f.gate:
            question, answers = f.gate
            only_when = _(
                "Alleen nodig bij ‘%(question)s’: %(answers)s", question=question, answers=" / ".join(answers)
            )
        note = ""
        if f.ends:
            note = _(
                "Bij %(answers)s volgt meteen het plan; de vragen hierna tellen dan niet mee.",
                answers=" / ".join(f"‘{label}’" for label in f.ends),
            )
        view = FieldView(f.id, f.text, note, f.kind, choices, f.skippable, only_when, f.value)
        if f.kind == "municipality":  # a key shows as its name; a typed name stays as typed
            view.unknown = f.value == conversation.UNKNOWN_PLACE
            view.shown = "" if view.unknown else conversation.places(kb).get(f.value, f.value)
            view.other = other
        views.append(view)
    return views


def check(kb, values: dict[str, str], confirmed: bool, lang: str) -> workerform.Checked:
    checked = workerform.check(kb, values, confirmed, lang, request.cookies.get("gemeente", ""))
    names = " / ".join(checked.place_options)
    checked.errors = {
        qid: [_problem(c) for c in codes]
        + ([_("Bedoel je: %(names)s?", names=names)] if names and workerform.WHICH_PLACE in codes else [])
        for qid, codes in checked.errors.items()
    }
    return checked


# ---- hand-over -------------------------------------------------------------------------


def public_base() -> str:
    return publicurl.base(current_app.extensions["settings"], request.host_url)


def plan_link(token: str) -> str:
    return public_base() + f"/p/{token}"


def qr_svg(link: str) -> Markup:
    """The QR code as inline SVG: drawn here, no outside service, no extra request."""
    qr = segno.make(link, error="m", micro=False)
    svg = qr.svg_inline(scale=4, border=4, title=_("QR-code met de link naar het plan"), svgclass="qr")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def access_code() -> str:
    return current_app.extensions["settings"].worker_access_code


def sms_gateway() -> outbound_sms.Gateway | None:
    return outbound_sms.gateway(current_app.extensions["settings"])


SITE = "site"


class Limits:
    """The SMS hand-over's limits, in the rate-limit file every process shares (ratelimit.py):
    sends per worker session and for the whole site per hour; wrong access codes for the
    whole site per hour, and a wait per client address that doubles with each wrong code.
    A stranger's guesses slow down the stranger's address only; when the whole site has seen
    too many wrong codes, only a browser that once gave the right code is still heard."""

    def __init__(self, store: LimitStore, per_session: int, per_hour: int, clock=time.time) -> None:
        self.sessions = RateLimiter(per_session, HOUR, clock, store=store, name="worker-session")
        self.sent = RateLimiter(per_hour, HOUR, clock, store=store, name="worker-sent")
        self.wrong = RateLimiter(WRONG_CODES_PER_HOUR, HOUR, clock, store=store, name="worker-wrong")
        self.guesses = Backoff(clock, store=store, name="worker-code")

    def count(self, who: str) -> tuple[int, int, int]:
        return self.sessions.count(who), self.sent.count(SITE), self.wrong.count(SITE)

    def attempt(self, who: str, wrong: bool = False) -> None:
        self.sessions.hit(who)
        (self.wrong if wrong else self.sent).hit(SITE)


def limits() -> Limits:
    found = current_app.extensions.get("worker_sms_limits")
    if found is None:
        settings = current_app.extensions["settings"]
        found = Limits(current_app.extensions["limits"], settings.worker_sms_per_session, settings.worker_sms_per_hour)
        current_app.extensions["worker_sms_limits"] = found
    return found


def code_matches(given: str, code: str) -> bool:
    """In constant time: how long the check takes says nothing about how much was right."""
    return hmac.compare_digest(given.strip().encode(), code.encode())


def worker_session() -> str:
    """Who is sending, without an account: a hash of this browser's CSRF token."""
    from . import csrf

    return hashlib.sha256(csrf.token().encode()).hexdigest()[:16]


def normalise_phone(raw: str) -> str | None:
    """+31612345678 from 06 12 34 56 78, 0031 6..., or any international +number."""
    return phone.e164(raw)


def sms_body(kb, answers: list[tuple[str, str]], lang: str, link: str, plain: bool = True) -> str:
    """The hand-over SMS, shaped as the SMS channel shapes its replies: plain Latin where
    the setting allows (GSM-7, half the cost in Polish and Romanian) and, in Arabic, the
    link and every number isolated left-to-right so they read as written."""
    t = conversation.turn(kb, answers, lang)
    with force_locale(lang):
        lines = [_("Je plan van Loketwijzer:"), link]
        if t.plan and t.plan.urgency == "acuut":
            lines.append(_("In gevaar? Bel 112."))
        for step in (t.plan.steps if t.plan else [])[:3]:
            lines.append(f"{step.number}. {step.topic.title}")
    return composing.shape("\n".join(lines), lang, plain)


# ---- pages ------------------------------------------------------------------------------


def _no_store(response):
    response.headers["Cache-Control"] = "no-store, private"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _plan_lang() -> str:
    wanted = request.form.get("taal", "")
    return wanted if wanted in LANGUAGES else g.lang


def _render(kb, values, checked=None, result=None, sms=None, status=200):
    fields = form_fields(kb, values, g.lang)
    if checked:
        for f in fields:
            f.errors = checked.errors.get(f.id, [])
    response = current_app.make_response(
        (
            render_template(
                "worker.html",
                page="worker",
                fields=fields,
                checked=checked,
                result=result,
                sms=sms or {},
                plan_lang=values.get("taal") or g.lang,
                plan_languages=[(c, LANGUAGE_NAMES[c]) for c in LANGUAGES],
                municipalities=sorted(kb.municipalities.values(), key=lambda m: m.name),
                place_names=kb.places.names(),
                sms_enabled=bool(access_code()) and sms_gateway() is not None,
            ),
            status,
        )
    )
    return _no_store(response)


def _result(kb, answers, plan_lang):
    t = conversation.turn(kb, answers, g.lang)
    token = conversation.make_link(kb, current_app.secret_key, answers, plan_lang)
    link = plan_link(token)
    missing = []
    for topic_id in t.plan.missing:
        topic = kb.topic(topic_id, g.lang)
        missing.append((topic_id, topic.title if topic else topic_id))
    return {"turn": t, "plan": t.plan, "token": token, "link": link, "qr": qr_svg(link), "missing": missing}


@worker.get("/werker")
def form():
    kb = loaded().kb
    return _render(kb, workerform.defaults(kb, request.cookies.get("gemeente", "")))


@worker.post("/werker")
def submit():
    kb = loaded().kb
    values = {qid: request.form.get(qid, "")[:80] for qid in kb.flow.questions}
    for qid, q in kb.flow.questions.items():  # the place box left empty, "unknown" ticked
        if q.kind == "municipality" and not values[qid].strip() and request.form.get(f"{qid}-onbekend"):
            values[qid] = conversation.UNKNOWN_PLACE
    values["taal"] = _plan_lang()
    checked = check(kb, values, confirmed=request.form.get("nagekeken") == "ja", lang=g.lang)
    if checked.problems:
        return _render(kb, values, checked=checked, status=422)
    return _render(kb, values, checked=checked, result=_result(kb, checked.answers, values["taal"]))


@worker.post("/werker/sms")
def send_sms():
    kb = loaded().kb
    try:
        opened = conversation.open_link(kb, str(current_app.secret_key), request.form.get("token", ""))
        if not opened.complete:
            return _link_problem()
        answers, plan_lang = opened.answers, opened.lang
        result = _result(kb, answers, plan_lang)
    except conversation.StaleState:
        return _link_problem()
    values = workerform.defaults(kb, request.cookies.get("gemeente", "")) | dict(answers)
    values["taal"] = plan_lang
    sms = {"status": "error"}
    settings = current_app.extensions["settings"]
    code = access_code()
    gw = sms_gateway()
    who = worker_session()
    per_session, per_hour = settings.worker_sms_per_session, settings.worker_sms_per_hour
    mine, sent, wrong = limits().count(who)
    address = Backoff.key("worker-code", request.remote_addr or "")
    trusted = session.get(TRUSTED) is True
    if not code:
        sms["message"] = _("Versturen per sms staat uit: er is geen toegangscode voor hulpverleners ingesteld.")
    elif gw is None:
        sms["message"] = _("Versturen per sms staat uit: er is geen sms-dienst ingesteld.")
    elif mine >= per_session:
        sms["message"] = _(
            "Je hebt het maximum van %(n)s sms'jes per uur bereikt. Gebruik de link of de QR-code.", n=per_session
        )
    elif (wait := limits().guesses.attempt(address)) > 0:
        sms["message"] = _(
            "Er zijn hier te veel foute codes geprobeerd. Probeer het over %(n)s seconden opnieuw.", n=int(wait) + 1
        )
        sms["field"] = "code"
    elif wrong >= WRONG_CODES_PER_HOUR and not trusted:
        sms["message"] = _("Er zijn te veel foute codes geprobeerd. Versturen kan over een uur weer.")
    elif not code_matches(request.form.get("code", ""), code):
        limits().attempt(who, wrong=True)  # the address's attempt was counted above
        sms["message"] = _("Deze toegangscode klopt niet.")
        sms["field"] = "code"
    else:
        trust(address)
        sms = deliver(gw, who, sent >= per_hour, lambda: sms_body(kb, answers, plan_lang, result["link"],
                                                                   settings.sms_plain_latin))
    return _render(kb, values, result=result, sms=sms, status=200 if sms["status"] == "ok" else 422)


def trust(address: str) -> None:
    """The right code: this address starts afresh, and this browser is heard from now on
    even while strangers' wrong codes have filled the site's hourly budget."""
    limits().guesses.succeed(address)
    session[TRUSTED] = True


def deliver(gw: outbound_sms.Gateway, who: str, site_full: bool, body) -> dict:
    """Send the plan to the typed number, once the access code was right."""
    if (to := normalise_phone(request.form.get("telefoon", ""))) is None:
        return {
            "status": "error", "field": "telefoon", "phone": request.form.get("telefoon", "")[:40],
            "message": _("Dit telefoonnummer klopt niet. Typ bijvoorbeeld 06 12345678 of +48 123 456 789."),
        }
    if site_full:
        return {"status": "error",
                "message": _("Het maximum aantal sms'jes per uur is bereikt. Gebruik de link of de QR-code.")}
    limits().attempt(who)
    try:
        outbound_sms.send(gw, to, body())
    except outbound_sms.SmsError:
        return {"status": "error", "message": _(
            "Versturen lukte niet. Probeer het later nog eens, of gebruik de link of de QR-code.")}
    return {"status": "ok", "message": _("Verstuurd. Het nummer is niet bewaard.")}


def _link_problem():
    return _no_store(current_app.make_response((render_template("worker_link_error.html", page="error"), 400)))


@worker.get("/p/<token>")
def shared_plan(token: str):
    """The plan from a signed link, on the person's own phone. Nothing is looked up but the token."""
    kb = loaded().kb
    try:
        opened = conversation.open_link(kb, str(current_app.secret_key), token)
    except conversation.StaleState:
        return _link_problem()
    if request.args.get("lang") not in LANGUAGES:
        g.lang = opened.lang
        refresh()
    if not opened.complete and not opened.changed:
        return _link_problem()  # signed, but not a whole plan: no hand-over makes such a link
    if not opened.complete:
        # Made before the questions changed: offer to go on with what could be kept.
        page = render_template("worker_link_error.html", page="error", kept=len(opened.answers), token=token)
        return _no_store(current_app.make_response((page, 200)))
    t = conversation.turn(kb, opened.answers, g.lang)
    return _no_store(current_app.make_response(render_template("plan.html", page="plan", turn=t, plan=t.plan)))


@worker.post("/p/<token>/verder")
def continue_link(token: str):
    """Go on in the chat with the answers an old link could keep."""
    kb = loaded().kb
    try:
        opened = conversation.open_link(kb, str(current_app.secret_key), token)
    except conversation.StaleState:
        return _link_problem()
    save(opened.answers)
    return redirect(url_for("web.home") + "#vraag")


def compact_hours(rows: list[tuple[str, str]], closed: str) -> list[tuple[str, str]]:
    """Neighbouring days with the same hours in one line: ("maandag – vrijdag", "09:00-17:00")."""
    groups: list[list[str]] = []
    for day, text in rows:
        if groups and groups[-1][2] == text:
            groups[-1][1] = day
        else:
            groups.append([day, day, text])
    return [(a if a == b else f"{a} – {b}", text) for a, b, text in groups if text != closed]


@worker.get("/werker/zakkaart/<slug>")
def pocket(slug: str):
    kb = loaded().kb
    muni = kb.municipalities.get(slug)
    if muni is None:
        abort(404)
    counters = []
    for counter in sorted(muni.counters.values(), key=lambda c: (c.id != "gemeente", c.name)):
        facts = counter_facts(counter, g.lang)
        counters.append((counter, facts, compact_hours(facts.hours, _("gesloten"))))
    return render_template("pocket.html", page="pocket", muni=muni, counters=counters, today=dt.date.today())
