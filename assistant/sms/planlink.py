"""The short signed link to the full plan page: /plan/t/<token>.

The token carries the answers and the language, signed with the app's secret key
(itsdangerous, salt "plan-link"), so the page needs no stored state and nobody can
forge a plan. Every character of the link is paid for in the SMS, so the answers go
in compact form: one character per option (its position in the question), "_" for a
skipped question and "(slug)" for the municipality. A short fingerprint of the flow's
shape makes a link from before a change to the questions fail kindly instead of
silently pointing at other options.
"""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..intake import engine
from ..knowledge.models import Flow

SALT = "plan-link"
MAX_AGE = 30 * 24 * 3600
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def fingerprint(flow: Flow) -> str:
    shape = "|".join(f"{qid}:{q.kind}:{','.join(o.id for o in q.options)}" for qid, q in flow.questions.items())
    return hashlib.sha256(f"{flow.start}|{shape}".encode()).hexdigest()[:4]


def encode(flow: Flow, answers: list[tuple[str, str]]) -> str:
    out = []
    for qid, value in answers:
        q = flow.questions[qid]
        if value == engine.SKIP:
            out.append("_")
        elif q.kind == "municipality":
            out.append(f"({value})")
        else:
            out.append(_DIGITS[[o.id for o in q.options].index(value)])
    return "".join(out)


def decode(flow: Flow, code: str, places: dict[str, str]) -> list[tuple[str, str]]:
    """The answers again; raises engine.InvalidAnswer when the code does not fit the flow."""
    answers: list[tuple[str, str]] = []
    progress = engine.Progress(node=flow.start)
    i = 0
    while i < len(code):
        qid = progress.node
        q = flow.questions.get(qid)
        if q is None or len(answers) >= engine.MAX_ANSWERS:
            raise engine.InvalidAnswer("the link has more answers than the flow")
        ch = code[i]
        if ch == "_":
            value, i = engine.SKIP, i + 1
        elif ch == "(":
            end = code.find(")", i)
            if end < 0:
                raise engine.InvalidAnswer("broken municipality in the link")
            value, i = code[i + 1 : end], end + 1
        else:
            index = _DIGITS.find(ch)
            if not 0 <= index < len(q.options):
                raise engine.InvalidAnswer("option out of range in the link")
            value, i = q.options[index].id, i + 1
        engine.apply(flow, progress, qid, value, places)
        answers.append((qid, value))
    return answers


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def make(secret_key: str, flow: Flow, answers: list[tuple[str, str]], lang: str) -> str:
    return _serializer(secret_key).dumps(f"{lang}.{fingerprint(flow)}.{encode(flow, answers)}")


def read(secret_key: str, flow: Flow, token: str, places: dict[str, str], max_age: int = MAX_AGE):
    """(answers, lang), or None for a forged, expired, stale or broken token."""
    try:
        payload = _serializer(secret_key).loads(token, max_age=max_age)
    except BadSignature:  # also SignatureExpired, a subclass
        return None
    if not isinstance(payload, str) or payload.count(".") < 2:
        return None
    lang, fp, code = payload.split(".", 2)
    if fp != fingerprint(flow):
        return None
    try:
        return decode(flow, code, places), lang
    except (engine.InvalidAnswer, KeyError, ValueError):
        return None
