"""Who is writing, without ever keeping who: keyed hashes of phone numbers and message ids."""

from __future__ import annotations

import hashlib
import hmac

from .. import phone


def keyed(key: str | bytes, value: str) -> str:
    """HMAC-SHA256, hex: stable per person, useless without the key."""
    secret = key.encode() if isinstance(key, str) else key
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()


def sender_key(key: str | bytes, number: str) -> str:
    return keyed(key, "sender:" + phone.canonical(number))


def message_key(key: str | bytes, gateway: str, message_id: str) -> str:
    # Hashed too, so our table cannot be joined with the gateway's logs (which hold numbers).
    return keyed(key, f"message:{gateway}:{message_id}")[:32] if message_id else ""
