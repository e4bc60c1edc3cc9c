"""A plan in a short signed link, so it opens on the person's own phone with nothing stored.

The token holds the answers as positions in the flow, not as text, for example
`nl12_0---32233--.utrecht.tlJFf0xjufiKUv1l`:

- `nl`: the language of the plan;
- `12_0---32233--`: one character per answer along the path: the option's index
  (0-9, a-z), `-` for skipped, `_` for the municipality question;
- `utrecht`: the municipality slug (empty: not known);
- the last part: the signature.

The signature is HMAC-SHA256 truncated to 12 bytes (base64url), keyed by a key derived
from the app's secret key. It also covers a fingerprint of the flow's shape, so a link
made before the questions changed is refused politely instead of meaning something else.
Anyone holding the link can read the answers back: it is the person's own link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from .intake import engine
from .intake.flowcheck import skip_target
from .knowledge.models import LANGUAGES, Flow

VERSION = b"planlink-1"
SIG_BYTES = 12
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
SKIPPED = "-"
PLACE = "_"
_SHAPE = re.compile(r"^([a-z]{2})([0-9a-z_-]{1,60})\.([a-z0-9-]{0,60})\.([A-Za-z0-9_-]{16})$")


class TokenError(ValueError):
    """The link was changed, cut off, or made for questions that have changed since."""


def _key(secret: str | bytes) -> bytes:
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, b"loketwijzer plan link", hashlib.sha256).digest()


def fingerprint(flow: Flow) -> str:
    """The flow's shape (questions, options and where they lead), not its wording."""
    parts = [flow.start]
    for qid, q in flow.questions.items():
        options = ",".join(f"{o.id}>{o.next}" for o in q.options)
        parts.append(f"{qid}:{q.kind}:{q.next}:{q.skippable}:{q.skip_next}:{options}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _sign(secret: str | bytes, flow: Flow, payload: str) -> str:
    message = VERSION + b"|" + fingerprint(flow).encode() + b"|" + payload.encode()
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()[:SIG_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make(secret: str | bytes, answers: list[tuple[str, str]], lang: str, *, flow: Flow) -> str:
    """A token for these answers (as the engine replays them) in this language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    path = []
    slug = ""
    for qid, value in answers:
        q = flow.questions[qid]
        if value == engine.SKIP:
            path.append(SKIPPED)
        elif q.kind == "municipality":
            path.append(PLACE)
            slug = "" if value == engine.UNKNOWN_PLACE else value
        else:
            ids = [o.id for o in q.options]
            if value not in ids or ids.index(value) >= len(DIGITS):
                raise ValueError(f"{value!r} is not an option of {qid}")
            path.append(DIGITS[ids.index(value)])
    payload = f"{lang}{''.join(path)}.{slug}"
    return f"{payload}.{_sign(secret, flow, payload)}"


def read(secret: str | bytes, token: str, *, flow: Flow) -> tuple[list[tuple[str, str]], str]:
    """(answers, lang) from a token; raises TokenError when it was changed or does not fit."""
    m = _SHAPE.match(token or "")
    if not m:
        raise TokenError("the link is not complete")
    lang, path, slug, sig = m.groups()
    payload = f"{lang}{path}.{slug}"
    if not hmac.compare_digest(sig, _sign(secret, flow, payload)):
        raise TokenError("the link was changed, or made for an older version of the questions")
    if lang not in LANGUAGES:
        raise TokenError("unknown language")
    answers: list[tuple[str, str]] = []
    node = flow.start
    for symbol in path:
        qid = node
        q = flow.questions.get(qid)
        if q is None:
            raise TokenError("more answers than questions")
        if symbol == SKIPPED:
            value, node = engine.SKIP, skip_target(flow, qid)
        elif symbol == PLACE:
            if q.kind != "municipality":
                raise TokenError("a place where no place was asked")
            value, node = slug or engine.UNKNOWN_PLACE, q.next or ""
        else:
            index = DIGITS.find(symbol)
            if q.kind != "choice" or not 0 <= index < len(q.options):
                raise TokenError("an answer that is not an option")
            value, node = q.options[index].id, q.options[index].next
        answers.append((qid, value))
    return answers, lang
