"""Phone numbers: one form per phone, and E.164 for sending. Nothing here logs a number."""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^[a-z]+:")  # 'whatsapp:', 'tel:'
_NOT_DIGIT = re.compile(r"[^0-9+]")
_SPACING = re.compile(r"[\s().\-]")
_DUTCH_MOBILE = re.compile(r"06\d{8}")
_E164 = re.compile(r"\+[1-9]\d{7,14}")


def _plus(digits: str) -> str:
    return "+" + digits[2:] if digits.startswith("00") else digits


def canonical(number: str) -> str:
    """One key per phone: '+31 6-1234 5678', '0031612345678' and 'whatsapp:+316…' match.
    Loose on purpose (gateways send what they send); for hashing, not for dialling."""
    number = _SCHEME.sub("", (number or "").strip().lower())
    return _plus(_NOT_DIGIT.sub("", number))


def e164(raw: str) -> str | None:
    """+31612345678 from 06 12 34 56 78, 0031 6..., or any international +number; None
    for anything a worker mistyped (letters, a landline without country code)."""
    digits = _plus(_SPACING.sub("", raw or ""))
    if _DUTCH_MOBILE.fullmatch(digits):
        return "+31" + digits[1:]
    if _E164.fullmatch(digits):
        return digits
    return None


def international(number: str) -> str:
    """'0031612345678' from '+31612345678': the form CM.com's API wants."""
    digits = canonical(number)
    return "00" + digits[1:] if digits.startswith("+") else digits

