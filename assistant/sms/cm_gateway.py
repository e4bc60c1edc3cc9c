"""CM.com (Breda): the inbound (MO) webhook as JSON, replies through the Business Messaging API.

CM posts `{"from": {"number": ...}, "to": {...}, "message": {"text": ...}, "reference",
"groupings", "timeUtc", "channel"}` and expects a bare 200; it retries every 5 minutes
until it gets one. Older Gateway-app hooks send `from` and `body` as plain strings; both
shapes are read. CM documents no signature for MO webhooks, so the webhook URL carries a
long random secret (CM_WEBHOOK_SECRET) that we compare in constant time.

Replies go out as an API call with the product token (CM_PRODUCT_TOKEN) from a
reply-enabled sender (CM_SENDER). If sending fails we answer 503: CM retries, and the
retry is recognised (same payload, same id) and re-sends the stored replies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.request

from flask import Request

from .. import phone
from ..settings import Settings
from . import Inbound

NAME = "cm"
log = logging.getLogger("loketwijzer.sms")


def verify(token: str, settings: Settings) -> bool:
    secret = settings.cm_webhook_secret
    if len(secret) < 16:
        return False  # unset or guessable: refuse everything rather than run open
    return hmac.compare_digest(token.encode("utf-8"), secret.encode("utf-8"))


def _number(value) -> str:
    if isinstance(value, dict):
        value = value.get("number", "")
    return value if isinstance(value, str) else ""


def parse(request: Request) -> Inbound | None:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return None
    message = data.get("message")
    text = message.get("text") if isinstance(message, dict) else None
    if text is None:
        text = data.get("body") if isinstance(data.get("body"), str) else ""
    channel = str(data.get("channel") or "SMS")
    if channel.upper() != "SMS":
        return None  # WhatsApp and others reach the same hook; we only answer SMS here
    # CM's `reference` points at our outgoing message, not at this one; a retry repeats
    # the same payload, so its hash is a stable id for it.
    message_id = hashlib.sha256(request.get_data()).hexdigest()[:32]
    return Inbound(text=str(text or ""), sender=_number(data.get("from")), message_id=message_id)


def send(replies: list[str], to: str, settings: Settings) -> bool:
    """Send the replies as SMS; True when CM accepted them (or there was nothing to send)."""
    if not replies:
        return True
    token, sender = settings.cm_product_token, settings.cm_sender
    if not token or not sender:
        log.error("sms cm: CM_PRODUCT_TOKEN or CM_SENDER not set; reply not sent")
        return False
    body = {
        "messages": {
            "msg": [
                {
                    "from": sender,
                    "to": [{"number": phone.international(to)}],
                    "body": {"type": "auto", "content": text},
                    "allowedChannels": ["SMS"],
                    "minimumNumberOfMessageParts": 1,
                    "maximumNumberOfMessageParts": 3,
                }
                for text in replies
            ]
        }
    }
    request = urllib.request.Request(
        settings.cm_api_url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "X-CM-PRODUCTTOKEN": token},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return 200 <= response.status < 300
    except OSError as exc:
        log.error("sms cm: sending failed (%s)", type(exc).__name__)  # never the number or text
        return False
