"""Twilio: a signed form POST in, TwiML out.

Twilio signs the full public URL plus every form field with the account's auth token
(X-Twilio-Signature). Behind a proxy the URL we see is not the one Twilio called, so
we rebuild it from PUBLIC_BASE_URL (assistant/publicurl.py). Without a configured token
nothing is accepted.
"""

from __future__ import annotations

from flask import Request, Response
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from .. import publicurl
from ..settings import Settings
from . import Inbound

NAME = "twilio"


def verify(request: Request, settings: Settings) -> bool:
    token = settings.twilio_auth_token
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False  # never open: no token configured means no request is trusted
    url = publicurl.received(settings, request.url, request.path, request.query_string.decode("latin-1"))
    return RequestValidator(token).validate(url, request.form, signature)


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
