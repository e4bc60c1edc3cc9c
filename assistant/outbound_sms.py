"""Send one text message through the configured gateway (Twilio's REST Messages API).

Standard library only. The phone number is passed straight through to the gateway: it is
never stored, and nothing here logs it (or the message body, which holds the plan link).
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .settings import Settings

log = logging.getLogger("loketwijzer.sms")

DEFAULT_API_BASE = "https://api.twilio.com"
TIMEOUT = 10  # seconds; a worker on the street waits, but not forever


class SmsError(RuntimeError):
    """The gateway refused or could not be reached. The text never holds the number."""


@dataclass(frozen=True)
class Gateway:
    account_sid: str
    auth_token: str
    sender: str  # TWILIO_FROM: our number or messaging service sender
    api_base: str = DEFAULT_API_BASE


def gateway(settings: Settings) -> Gateway | None:
    """The configured gateway; None when not fully configured (sending is then off)."""
    sid, token, sender = (
        settings.twilio_account_sid.strip(), settings.twilio_auth_token.strip(), settings.twilio_from.strip()
    )
    if not (sid and token and sender):
        return None
    base = settings.twilio_api_base.strip() or DEFAULT_API_BASE
    return Gateway(sid, token, sender, base.rstrip("/"))


def send(gw: Gateway, to: str, body: str) -> str:
    """POST the message; returns the gateway's message id. Raises SmsError."""
    url = f"{gw.api_base}/2010-04-01/Accounts/{urllib.parse.quote(gw.account_sid, safe='')}/Messages.json"
    data = urllib.parse.urlencode({"To": to, "From": gw.sender, "Body": body}).encode()
    auth = base64.b64encode(f"{gw.account_sid}:{gw.auth_token}".encode()).decode()
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={
            "Authorization": f"Basic {auth}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = response.read(64 * 1024)
    except urllib.error.HTTPError as exc:
        log.warning("sms gateway refused the message: HTTP %s", exc.code)
        raise SmsError(f"gateway answered HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.warning("sms gateway not reachable: %s", type(exc).__name__)
        raise SmsError("gateway not reachable") from None
    try:
        return str(json.loads(answer).get("sid", ""))
    except (ValueError, AttributeError):
        return ""
