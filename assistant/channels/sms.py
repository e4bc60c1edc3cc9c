"""The SMS webhooks (Twilio, CM.com). The plan link in the last SMS opens /p/<token> (worker.py).

Each webhook proves itself with the gateway's signature or secret (so no CSRF token),
hands the text to the gateway-neutral core and renders the replies for its gateway.
Phone numbers are only used in memory: keyed-hashed for the state, and for CM the
reply address; no log line holds a number or a message text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request

from .. import conversation, publicurl
from ..keys import instance_secret
from ..private import private_file
from ..ratelimit import RateLimiter, Seen
from ..settings import Settings
from ..sms import Inbound, cm_gateway, composing, dialogue, identity, reading, texts, twilio_gateway
from ..store import SmsStore
from . import csrf

sms = Blueprint("sms", __name__)
SITE = "site"
log = logging.getLogger("loketwijzer.sms")


def _settings() -> Settings:
    return current_app.extensions["settings"]


def _store() -> SmsStore:
    # SMS_DB is a test hook: tests give each case its own database.
    path = Path(current_app.config.get("SMS_DB") or _settings().instance / "sms.db")
    stores = current_app.extensions.setdefault("sms_stores", {})
    if path not in stores:
        private_file(path)  # the conversations: readable by the service's user only (0600)
        stores[path] = SmsStore(path)
    return stores[path]


def _hmac_key() -> str:
    settings = _settings()
    return instance_secret(
        settings.instance, "hmac_key", settings.hmac_key, settings.hmac_key_file, settings.production
    )


def _context() -> dialogue.Context:
    data = current_app.extensions["catalogue"].get()
    kb, secret, base = data.kb, str(current_app.secret_key), publicurl.base(_settings(), request.url_root)
    assert kb.flow is not None

    def plan_url(answers: list[tuple[str, str]], lang: str) -> str:
        # The same short signed link the outreach workers hand over: one format, fewest characters.
        return f"{base}/p/{conversation.make_link(kb, secret, answers, lang)}"

    clock = current_app.config.get("SMS_CLOCK")  # a test hook: tests move time with this
    return dialogue.Context(
        kb=kb,
        store=_store(),
        plan_url=plan_url,
        search=dialogue.topic_search(data.search),
        now=clock or (lambda: dt.datetime.now(dt.UTC)),
        plain_latin=_settings().sms_plain_latin,
    )


class Guards:
    """What every process shares about the SMS channel (ratelimit.py's SQLite file): the
    message ids seen in the last day, and the site's cap on answered messages a minute."""

    def __init__(self, app) -> None:
        settings, store = app.extensions["settings"], app.extensions["limits"]
        clock = app.config.get("SMS_CLOCK")  # a test hook: tests move time with this
        now = (lambda: clock().timestamp()) if clock else time.time
        self.seen = Seen(now, store=store, name="sms-seen")
        per_minute = settings.sms_replies_per_minute
        self.answered = RateLimiter(per_minute, 60.0, now, store=store, name="sms-answered")
        self.busy = RateLimiter(per_minute, 60.0, now, store=store, name="sms-busy")  # kind replies: capped too
        self.noted = RateLimiter(1, 60.0, now, store=store, name="sms-cap-noted")  # one log line a minute


def _guards() -> Guards:
    found = current_app.extensions.get("sms_guards")
    if found is None:
        found = current_app.extensions["sms_guards"] = Guards(current_app)
    return found


def _replayed(ctx: dialogue.Context, gateway: str, sender: str, message: str) -> list[str]:
    """A message id seen before: the same replies again while the conversation still holds
    them (a gateway's retry), else nothing: a replay must not move anyone's conversation."""
    with ctx.store.transaction() as tx:
        s = tx.load(sender)
    again = s.reply_for(message) if s else None
    if again is None:
        log.warning("sms %s: a message seen before was ignored (a replay)", gateway)
        return []
    return again


def _capped(ctx: dialogue.Context, text: str) -> list[str]:
    """Over the site's cap: one short kind reply (itself capped), and one log line a minute."""
    guards = _guards()
    if guards.noted.allow(SITE):
        log.warning("sms: the cap of %d answered messages a minute is reached (LOKETWIJZER_SMS_REPLIES_PER_MINUTE);"
                    " people are asked to write again in a minute", guards.answered.limit)
    if not guards.busy.allow(SITE):
        return []
    lang = reading.guess_lang(reading.clean(text))
    return [composing.shape(texts.text("busy", lang), lang, ctx.plain_latin)]


def _answer(gateway: str, inbound: Inbound) -> list[str]:
    key = _hmac_key()
    sender = identity.sender_key(key, inbound.sender)
    message = identity.message_key(key, gateway, inbound.message_id)
    try:
        ctx = _context()
        if inbound.opt_out == "STOP":
            dialogue.forget(ctx, sender)
            return []  # the gateway confirmed the opt-out itself
        guards = _guards()
        if message and not guards.seen.first(Seen.key(sender, message)):
            return _replayed(ctx, gateway, sender, message)
        if guards.answered.full(SITE):
            return _capped(ctx, inbound.text)
        replies = dialogue.handle(ctx, inbound.text, sender, message)
        if replies:  # counted only when we answer: one sender's silenced flood costs others nothing
            guards.answered.hit(SITE)
        return replies
    except Exception as exc:  # a reply, never a 500 the gateway would retry for a day
        log.error("sms %s: %s while answering", gateway, type(exc).__name__)
        return [texts.text("error", "nl")]


WEBHOOK_MAX = 16 * 1024  # bytes: a gateway's SMS webhook is under 2 KB
JSON_DEPTH = 8  # CM's payload nests 3 deep
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(raw: bytes) -> int:
    """How deep a JSON text nests, without parsing it (Python's parser recurses)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b"", raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


@sms.before_request
def _bounded() -> None:
    """Oversized bodies are refused with 400 before anything parses them, on every webhook."""
    if (request.content_length or 0) > WEBHOOK_MAX or len(request.get_data(cache=True)) > WEBHOOK_MAX:
        abort(400)


@sms.post("/sms/twilio")
@csrf.exempt
def twilio_webhook():
    if not twilio_gateway.verify(request, _settings()):
        log.warning("sms twilio: refused a request without a valid signature")
        abort(403)
    inbound = twilio_gateway.parse(request)
    if not inbound.sender:
        abort(400)
    return twilio_gateway.render(_answer(twilio_gateway.NAME, inbound))


@sms.post("/sms/cm/<token>")
@csrf.exempt
def cm_webhook(token: str):
    if not cm_gateway.verify(token, _settings()):
        log.warning("sms cm: refused a request without the webhook secret")
        abort(403)
    if json_depth(request.get_data(cache=True)) > JSON_DEPTH:
        abort(400)  # nested deeper than any CM payload: refused before the parser recurses
    inbound = cm_gateway.parse(request)
    if inbound is None or not inbound.sender:
        return Response("", 200)  # not an SMS we can answer; a 200 stops CM's retries
    replies = _answer(cm_gateway.NAME, inbound)
    if not cm_gateway.send(replies, inbound.sender, _settings()):
        return Response("", 503)  # CM retries; the retry re-sends the same stored replies
    return Response("", 200)
