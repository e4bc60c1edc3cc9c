"""Outreach-worker mode: the whole intake on one form, and hand-over without storing anything.

The form is generated from the flow: one fieldset per question, in the order the flow asks
them. The submitted values are walked through the flow exactly as the chat would ask
them, so the plan is the chat's plan. Hand-over: a signed short link and QR code
(assistant/planlink.py), a print view, or the link by SMS (assistant/outbound_sms.py).
The person's answers and the phone number typed for an SMS are never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass, field

import segno
from flask import Blueprint, abort, current_app, g, render_template, request
from flask_babel import force_locale, refresh
from flask_babel import gettext as _
from markupsafe import Markup

from .. import conversation, outbound_sms, phone, planlink, publicurl
from ..intake import engine
from ..intake.flowcheck import skip_target
from ..knowledge.models import LANGUAGE_NAMES, LANGUAGES, Flow
from ..ratelimit import RateLimiter
from .render import counter_facts
from .web import loaded

worker = Blueprint("worker", __name__)

# Sensible starting points for a worker on the street; every other question starts at
# "weet ik niet" when it has that answer, else at "not asked" when it may be skipped.
DEFAULTS = {"gevaar": "nee", "slapen": "weet-niet", "situatie": "straat"}
SMS_PER_SESSION = 10  # per worker session per hour
SMS_PER_HOUR = 30  # for the whole site per hour
WRONG_CODES_PER_HOUR = 50  # then every code is refused for a while: no guessing
HOUR = 3600.0


# ---- the form, generated from the flow ----------------------------------------------


@dataclass
class FormField:
    id: str
    text: str
    note: str  # what choosing an answer here means for the rest
    kind: str  # "choice" or "municipality"
    choices: list[tuple[str, str]]  # (value, label)
    skippable: bool
    only_when: str  # "" or a sentence saying when the question matters
    value: str = ""
    errors: list[str] = field(default_factory=list)


def _targets(flow: Flow, qid: str) -> list[tuple[str, str]]:
    """(answer value, next node) for every way out of a question."""
    q = flow.questions[qid]
    out = [(o.id, o.next) for o in q.options] if q.kind == "choice" else [("", q.next or "")]
    if q.skippable:
        out.append((engine.SKIP, skip_target(flow, qid)))
    return out


def _reachable(flow: Flow, cut: tuple[str, str] | None = None) -> set[str]:
    """Nodes reachable from the start; cut = (question, target) removes those edges."""
    seen, todo = set(), [flow.start]
    while todo:
        node = todo.pop()
        if node in seen or node not in flow.questions:
            seen.add(node)
            continue
        seen.add(node)
        todo += [t for _v, t in _targets(flow, node) if (node, t) != cut]
    return seen


def _order(flow: Flow) -> list[str]:
    """Questions in asking order: a topological order, ties kept in file order."""
    position = {qid: n for n, qid in enumerate(flow.questions)}
    reachable = _reachable(flow)
    incoming = {qid: 0 for qid in flow.questions if qid in reachable}
    for qid in incoming:
        for t in {t for _v, t in _targets(flow, qid)}:
            if t in incoming:
                incoming[t] += 1
    ready = sorted((q for q, n in incoming.items() if n == 0), key=position.get)
    order = []
    while ready:
        qid = ready.pop(0)
        order.append(qid)
        for t in {t for _v, t in _targets(flow, qid)}:
            if t in incoming:
                incoming[t] -= 1
                if incoming[t] == 0:
                    ready.append(t)
                    ready.sort(key=position.get)
    return order


def _gates(flow: Flow, order: list[str]) -> dict[str, tuple[str, list[str]]]:
    """For questions only asked after particular answers: (question, [those answers])."""
    gates: dict[str, tuple[str, list[str]]] = {}
    for src in order:  # later sources overwrite earlier ones: the nearest gate wins
        targets = _targets(flow, src)
        if len({t for _v, t in targets}) < 2:
            continue
        for target in {t for _v, t in targets}:
            if not any(t in flow.questions for _v, t in targets if t != target):
                continue  # the other answers end the intake: see ends_here()
            without = _reachable(flow, cut=(src, target))
            values = [v for v, t in targets if t == target]
            for qid in order:
                if qid not in without:
                    gates[qid] = (src, values)
    return gates


def ends_here(flow: Flow, qid: str) -> list[str]:
    """Options that end the intake at once while the others go on (like "in danger")."""
    targets = _targets(flow, qid)
    if not any(t in flow.questions for _v, t in targets):
        return []
    return [v for v, t in targets if t in flow.outcomes]


_shape_cache: dict[int, tuple[Flow, list[str], dict]] = {}


def shape(flow: Flow) -> tuple[list[str], dict[str, tuple[str, list[str]]]]:
    cached = _shape_cache.get(id(flow))
    if cached is None or cached[0] is not flow:
        order = _order(flow)
        cached = (flow, order, _gates(flow, order))
        _shape_cache.clear()
        _shape_cache[id(flow)] = cached
    return cached[1], cached[2]


def default_value(flow: Flow, qid: str, kb) -> str:
    q = flow.questions[qid]
    if q.kind == "municipality":
        remembered = request.cookies.get("gemeente", "")
        return remembered if remembered in kb.municipalities else engine.UNKNOWN_PLACE
    ids = [o.id for o in q.options]
    if DEFAULTS.get(qid) in ids:
        return DEFAULTS[qid]
    if "weet-niet" in ids:
        return "weet-niet"
    return engine.SKIP if q.skippable else ""


def valid_values(flow: Flow, qid: str, kb) -> list[str]:
    q = flow.questions[qid]
    values = list(kb.municipalities) + [engine.UNKNOWN_PLACE] if q.kind == "municipality" else [o.id for o in q.options]
    return values + ([engine.SKIP] if q.skippable else [])


def form_fields(kb, values: dict[str, str], lang: str) -> list[FormField]:
    flow = kb.flow
    order, gates = shape(flow)
    t = lambda v: engine.text(v, lang)  # noqa: E731
    fields = []
    for qid in order:
        q = flow.questions[qid]
        if q.kind == "municipality":
            choices = [(slug, m.name) for slug, m in sorted(kb.municipalities.items(), key=lambda i: i[1].name)]
            choices.append((engine.UNKNOWN_PLACE, t(flow.texts.get("other_place")) or _("Andere gemeente of onbekend")))
        else:
            choices = [(o.id, t(o.label)) for o in q.options]
        if q.skippable:
            choices.append((engine.SKIP, _("Niet gevraagd")))
        only_when = ""
        if qid in gates:
            src, gate_values = gates[qid]
            labels = dict(_targets_labels(flow, src, lang))
            only_when = _(
                "Alleen nodig bij ‘%(question)s’: %(answers)s",
                question=t(flow.questions[src].text),
                answers=" / ".join(labels.get(v, v) for v in gate_values),
            )
        ends = dict(_targets_labels(flow, qid, lang))
        note = ""
        if ends_here(flow, qid):
            note = _(
                "Bij %(answers)s volgt meteen het plan; de vragen hierna tellen dan niet mee.",
                answers=" / ".join(f"‘{ends[v]}’" for v in ends_here(flow, qid)),
            )
        fields.append(FormField(qid, t(q.text), note, q.kind, choices, q.skippable, only_when, values.get(qid, "")))
    return fields


def _targets_labels(flow: Flow, qid: str, lang: str) -> list[tuple[str, str]]:
    q = flow.questions[qid]
    labels = [(o.id, engine.text(o.label, lang)) for o in q.options]
    return labels + [(engine.SKIP, _("Niet gevraagd"))]


# ---- from the form to answers --------------------------------------------------------


def next_node(flow: Flow, qid: str, value: str) -> str:
    q = flow.questions[qid]
    if value == engine.SKIP:
        return skip_target(flow, qid)
    if q.kind == "municipality":
        return q.next or ""
    return next(o.next for o in q.options if o.id == value)


def _likely_next(flow: Flow, qid: str) -> str:
    """Where most answers lead: to keep checking the rest when one answer is missing."""
    targets = [t for _v, t in _targets(flow, qid)]
    return max(targets, key=lambda t: (t in flow.questions, targets.count(t)))


def walk(flow: Flow, values: dict[str, str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(answers as the chat would collect them, required questions on the path left empty).

    Questions the path does not reach are not asked, so their values are not used. A
    skippable question left empty counts as skipped.
    """
    answers: list[tuple[str, str]] = []
    empty: list[str] = []
    node = flow.start
    for _guard in range(len(flow.questions) + 1):
        if node not in flow.questions:
            break
        q = flow.questions[node]
        value = values.get(node, "")
        if not value and q.skippable:
            value = engine.SKIP
        if not value:
            empty.append(node)
            node = _likely_next(flow, node)
            continue
        answers.append((node, value))
        node = next_node(flow, node, value)
    return answers, empty


def contradictions(chosen: dict[str, str]) -> list[tuple[tuple[str, ...], str]]:
    """Answers that do not fit together: (the questions involved, what to check)."""
    out = []
    if chosen.get("slapen") == "nee" and chosen.get("situatie") == "bank":
        out.append(
            (
                ("slapen", "situatie"),
                _(
                    "‘Geen veilige slaapplek vannacht’ en ‘bij familie of vrienden’ spreken elkaar tegen. "
                    "Kijk dit na: kan de persoon vannacht echt niet blijven?"
                ),
            )
        )
    if chosen.get("slapen") == "ja" and chosen.get("situatie") == "straat":
        out.append(
            (
                ("slapen", "situatie"),
                _("‘Wel een veilige slaapplek vannacht’ en ‘op straat’ spreken elkaar tegen. Kijk dit na."),
            )
        )
    if chosen.get("leeftijd") == "onder-18" and chosen.get("kinderen") == "ja":
        out.append(
            (
                ("leeftijd", "kinderen"),
                _("Jonger dan 18 en zelf kinderen bij zich: klopt dat? Kijk de leeftijd en de kinderen na."),
            )
        )
    if chosen.get("eu-werk") == "ja" and chosen.get("eu-gewerkt") == "nooit":
        out.append(
            (
                ("eu-werk", "eu-gewerkt"),
                _("‘Werkt nu in Nederland’ en ‘nooit in Nederland gewerkt’ spreken elkaar tegen. Kijk dit na."),
            )
        )
    return out


@dataclass
class Checked:
    answers: list[tuple[str, str]]
    errors: dict[str, list[str]]
    problems: int  # how many messages, for the summary
    contradiction: bool
    unused: list[str]  # question texts answered but not used on this path


def check(kb, values: dict[str, str], confirmed: bool, lang: str) -> Checked:
    flow = kb.flow
    errors: dict[str, list[str]] = {}
    clean = {}
    for qid in flow.questions:
        value = values.get(qid, "")
        if value and value not in valid_values(flow, qid, kb):
            errors.setdefault(qid, []).append(_("Dit antwoord kennen we niet. Kies een van de antwoorden."))
            value = ""
        clean[qid] = value
    answers, empty = walk(flow, clean)
    for qid in empty:
        if qid not in errors:
            if flow.questions[qid].kind == "municipality":
                message = _("Kies een gemeente, of ‘andere gemeente of onbekend’.")
            else:
                message = _("Deze vraag is nodig voor het plan. Kies een antwoord.")
            errors.setdefault(qid, []).append(message)
    chosen = {qid: v for qid, v in answers}
    found = contradictions(chosen) if not confirmed else []
    for qids, message in found:
        for qid in qids:
            errors.setdefault(qid, []).append(message)
    visited = set(chosen)
    defaults = {qid: default_value(flow, qid, kb) for qid in flow.questions}
    unused = [
        engine.text(flow.questions[qid].text, lang)
        for qid in shape(flow)[0]
        if qid not in visited and clean.get(qid) and clean[qid] not in (defaults[qid], engine.SKIP)
    ]
    problems = sum(len(v) for v in errors.values())
    return Checked(answers, errors, problems, bool(found), unused)


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
    """One-hour sliding windows (assistant/ratelimit.py): sends and wrong codes per worker
    session, sends for the whole site, wrong codes for the whole site."""

    def __init__(self, per_session: int, per_hour: int, clock=time.monotonic) -> None:
        self.sessions = RateLimiter(per_session, HOUR, clock)
        self.sent = RateLimiter(per_hour, HOUR, clock)
        self.wrong = RateLimiter(WRONG_CODES_PER_HOUR, HOUR, clock)

    def count(self, who: str) -> tuple[int, int, int]:
        return self.sessions.count(who), self.sent.count(SITE), self.wrong.count(SITE)

    def attempt(self, who: str, wrong: bool = False) -> None:
        self.sessions.hit(who)
        (self.wrong if wrong else self.sent).hit(SITE)


def limits() -> Limits:
    found = current_app.extensions.get("worker_sms_limits")
    if found is None:
        settings = current_app.extensions["settings"]
        found = Limits(settings.worker_sms_per_session, settings.worker_sms_per_hour)
        current_app.extensions["worker_sms_limits"] = found
    return found


def worker_session() -> str:
    """Who is sending, without an account: a hash of this browser's CSRF token."""
    from . import csrf

    return hashlib.sha256(csrf.token().encode()).hexdigest()[:16]


def normalise_phone(raw: str) -> str | None:
    """+31612345678 from 06 12 34 56 78, 0031 6..., or any international +number."""
    return phone.e164(raw)


def sms_body(kb, answers: list[tuple[str, str]], lang: str, link: str) -> str:
    t = conversation.turn(kb, answers, lang)
    with force_locale(lang):
        lines = [_("Je plan van Loketwijzer:"), link]
        if t.plan and t.plan.urgency == "acuut":
            lines.append(_("In gevaar? Bel 112."))
        for step in (t.plan.steps if t.plan else [])[:3]:
            lines.append(f"{step.number}. {step.topic.title}")
    return "\n".join(lines)


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
                sms_enabled=bool(access_code()) and sms_gateway() is not None,
            ),
            status,
        )
    )
    return _no_store(response)


def _result(kb, answers, plan_lang):
    t = conversation.turn(kb, answers, g.lang)
    token = planlink.make(current_app.secret_key, answers, plan_lang, flow=kb.flow)
    link = plan_link(token)
    missing = []
    for topic_id in t.plan.missing:
        topic = kb.topic(topic_id, g.lang)
        missing.append((topic_id, topic.title if topic else topic_id))
    return {"turn": t, "plan": t.plan, "token": token, "link": link, "qr": qr_svg(link), "missing": missing}


@worker.get("/werker")
def form():
    kb = loaded().kb
    values = {qid: default_value(kb.flow, qid, kb) for qid in kb.flow.questions}
    return _render(kb, values)


@worker.post("/werker")
def submit():
    kb = loaded().kb
    values = {qid: request.form.get(qid, "")[:80] for qid in kb.flow.questions}
    values["taal"] = _plan_lang()
    checked = check(kb, values, confirmed=request.form.get("nagekeken") == "ja", lang=g.lang)
    if checked.problems:
        return _render(kb, values, checked=checked, status=422)
    try:
        result = _result(kb, checked.answers, values["taal"])
    except engine.InvalidAnswer:
        checked.errors.setdefault(kb.flow.start, []).append(_("Deze antwoorden passen niet bij elkaar. Kijk ze na."))
        checked.problems += 1
        return _render(kb, values, checked=checked, status=422)
    return _render(kb, values, checked=checked, result=result)


@worker.post("/werker/sms")
def send_sms():
    kb = loaded().kb
    try:
        answers, plan_lang = planlink.read(current_app.secret_key, request.form.get("token", ""), flow=kb.flow)
        result = _result(kb, answers, plan_lang)
    except (planlink.TokenError, engine.InvalidAnswer):
        return _link_problem()
    values = {qid: default_value(kb.flow, qid, kb) for qid in kb.flow.questions} | dict(answers)
    values["taal"] = plan_lang
    sms = {"status": "error"}
    settings = current_app.extensions["settings"]
    code = access_code()
    gw = sms_gateway()
    who = worker_session()
    per_session, per_hour = settings.worker_sms_per_session, settings.worker_sms_per_hour
    mine, sent, wrong = limits().count(who)
    if not code:
        sms["message"] = _("Versturen per sms staat uit: er is geen toegangscode voor hulpverleners ingesteld.")
    elif gw is None:
        sms["message"] = _("Versturen per sms staat uit: er is geen sms-dienst ingesteld.")
    elif mine >= per_session:
        sms["message"] = _(
            "Je hebt het maximum van %(n)s sms'jes per uur bereikt. Gebruik de link of de QR-code.", n=per_session
        )
    elif wrong >= WRONG_CODES_PER_HOUR:
        sms["message"] = _("Er zijn te veel foute codes geprobeerd. Versturen kan over een uur weer.")
    elif not hmac.compare_digest(request.form.get("code", "").strip().encode(), code.encode()):
        limits().attempt(who, wrong=True)
        sms["message"] = _("Deze toegangscode klopt niet.")
        sms["field"] = "code"
    elif (to := normalise_phone(request.form.get("telefoon", ""))) is None:
        sms["message"] = _("Dit telefoonnummer klopt niet. Typ bijvoorbeeld 06 12345678 of +48 123 456 789.")
        sms["field"] = "telefoon"
        sms["phone"] = request.form.get("telefoon", "")[:40]
    elif sent >= per_hour:
        sms["message"] = _("Het maximum aantal sms'jes per uur is bereikt. Gebruik de link of de QR-code.")
    else:
        limits().attempt(who)
        try:
            outbound_sms.send(gw, to, sms_body(kb, answers, plan_lang, result["link"]))
        except outbound_sms.SmsError:
            sms["message"] = _("Versturen lukte niet. Probeer het later nog eens, of gebruik de link of de QR-code.")
        else:
            sms = {"status": "ok", "message": _("Verstuurd. Het nummer is niet bewaard.")}
    return _render(kb, values, result=result, sms=sms, status=200 if sms["status"] == "ok" else 422)


def _link_problem():
    return _no_store(current_app.make_response((render_template("worker_link_error.html", page="error"), 400)))


@worker.get("/p/<token>")
def shared_plan(token: str):
    """The plan from a signed link, on the person's own phone. Nothing is looked up but the token."""
    kb = loaded().kb
    try:
        answers, lang = planlink.read(current_app.secret_key, token, flow=kb.flow)
    except planlink.TokenError:
        return _link_problem()
    if request.args.get("lang") not in LANGUAGES:
        g.lang = lang
        refresh()
    try:
        t = conversation.turn(kb, answers, g.lang)
    except engine.InvalidAnswer:
        return _link_problem()
    if t.kind != "plan":
        return _link_problem()
    return _no_store(current_app.make_response(render_template("plan.html", page="plan", turn=t, plan=t.plan)))


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
