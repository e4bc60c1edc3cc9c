"""Twilio: a signed form POST in, TwiML out.

Twilio signs the full public URL plus every form field with the account's auth token
(X-Twilio-Signature). Behind a proxy the URL we see is not the one Twilio called, so
we rebuild it from PUBLIC_BASE_URL. Without a configured token nothing is accepted.
"""

from __future__ import annotations

import os

from flask import Request, Response
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from . import Inbound

NAME = "twilio"


def public_url(request: Request, base: str = "") -> str:
    base = (base or os.environ.get("PUBLIC_BASE_URL", "")).rstrip("/")
    if not base:
        return request.url  # no proxy in front: the URL as received
    query = request.query_string.decode("latin-1")
    return base + request.path + (f"?{query}" if query else "")


def verify(request: Request, base: str = "", token: str = "") -> bool:
    token = token or os.environ.get("TWILIO_AUTH_TOKEN", "")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False  # never open: no token configured means no request is trusted
    return RequestValidator(token).validate(public_url(request, base), request.form, signature)


def parse(request: Request) -> Inbound:
    form = request.form
    return Inbound(
        text=form.get("Body", ""),
        sender=form.get("From", ""),
        message_id=form.get("MessageSid") or form.get("SmsSid", ""),
        opt_out=form.get("OptOutType", "").upper(),
    )


def render(replies: list[str]) -> Response:
    """TwiML with one <Message> per reply; an empty <Response/> means: send nothing."""
    twiml = MessagingResponse()
    for text in replies:
        twiml.message(text)
    return Response(str(twiml), 200, {"Content-Type": "application/xml; charset=utf-8"})
