"""The SMS webhooks (Twilio, CM.com). The plan link in the last SMS opens /p/<token> (worker.py).

Each webhook proves itself with the gateway's signature or secret (so no CSRF token),
hands the text to the gateway-neutral core and renders the replies for its gateway.
Phone numbers are only used in memory: keyed-hashed for the state, and for CM the
reply address; no log line holds a number or a message text.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request

from .. import conversation, publicurl
from ..keys import instance_secret
from ..ratelimit import private_file
from ..settings import Settings
from ..sms import Inbound, cm_gateway, dialogue, identity, texts, twilio_gateway
from ..store import SmsStore
from . import csrf

sms = Blueprint("sms", __name__)
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


def _answer(gateway: str, inbound: Inbound) -> list[str]:
    key = _hmac_key()
    sender = identity.sender_key(key, inbound.sender)
    try:
        ctx = _context()
        if inbound.opt_out == "STOP":
            dialogue.forget(ctx, sender)
            return []  # the gateway confirmed the opt-out itself
        return dialogue.handle(ctx, inbound.text, sender, identity.message_key(key, gateway, inbound.message_id))
    except Exception as exc:  # a reply, never a 500 the gateway would retry for a day
        log.error("sms %s: %s while answering", gateway, type(exc).__name__)
        return [texts.text("error", "nl")]


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
    inbound = cm_gateway.parse(request)
    if inbound is None or not inbound.sender:
        return Response("", 200)  # not an SMS we can answer; a 200 stops CM's retries
    replies = _answer(cm_gateway.NAME, inbound)
    if not cm_gateway.send(replies, inbound.sender, _settings()):
        return Response("", 503)  # CM retries; the retry re-sends the same stored replies
    return Response("", 200)
