"""The one place that decides the address people and gateways reach us at.

Behind a proxy the URL a request arrives at is not the one people use, so links we hand
out (SMS, QR codes, printed plans) and the URL Twilio signed come from PUBLIC_BASE_URL.
Without it the request's own host is used in development only: in production a Host
header is whatever the caller sends, and a plan link must never point elsewhere.
"""

from __future__ import annotations

from .settings import Settings


def base(settings: Settings, request_root: str = "") -> str:
    """'https://example.org' (no trailing slash); '' when production has no PUBLIC_BASE_URL
    (links are then site-relative)."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    return "" if settings.production else request_root.rstrip("/")


def received(settings: Settings, request_url: str, path: str, query: str) -> str:
    """The URL a gateway called, to check its signature: rebuilt on PUBLIC_BASE_URL when
    set, else the URL as received (a wrong URL only makes the check fail)."""
    if not settings.public_base_url:
        return request_url
    return settings.public_base_url.rstrip("/") + path + (f"?{query}" if query else "")
