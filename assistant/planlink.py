"""A plan in a short signed link, so it opens on the person's own phone with nothing stored.

The token holds the answers as positions in the flow, not as text, for example
`nl12_0---32233--.utrecht.3fa2.tlJFf0xjufiKUv1l`:

- `nl`: the language of the plan;
- `12_0---32233--`: one character per answer along the path: the option's index
  (0-9, a-z), `-` for skipped, `_` for the municipality question;
- `utrecht`: the municipality slug (empty: not known);
- `3fa2`: the version of the questions (the start of the flow graph's fingerprint);
- the last part: the signature.

The signature is HMAC-SHA256 truncated to 12 bytes (base64url), keyed by a key derived
from the app's secret key. It also covers the whole fingerprint of the flow's shape.
Positions only mean something for the flow they were made for, so every build keeps the
shapes of the flows served before (catalogue.py); a link from an older flow is read with
its own flow and carried over to the new one (conversation.open_link). Links made before
the version tag existed have no tag: they are tried against every known flow.
Anyone holding the link can read the answers back: it is the person's own link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping

from .intake.engine import StaleState, advance, pass_by
from .knowledge.flowgraph import SKIP, UNKNOWN_PLACE, FlowGraph
from .knowledge.models import LANGUAGES

VERSION = b"planlink-1"
SIG_BYTES = 12
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
SKIPPED = "-"
PLACE = "_"
FLOW_TAG = 4  # hex characters of the flow's fingerprint carried in the link
_SHAPE = re.compile(
    rf"^([a-z]{{2}})([0-9a-z_-]{{1,60}})\.([a-z0-9-]{{0,60}})(?:\.([0-9a-f]{{{FLOW_TAG}}}))?\.([A-Za-z0-9_-]{{16}})$"
)


class TokenError(StaleState):
    """The link was changed, cut off, or made for questions we no longer know."""


def _key(secret: str | bytes) -> bytes:
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, b"loketwijzer plan link", hashlib.sha256).digest()


def _sign(secret: str | bytes, fingerprint: str, payload: str) -> str:
    message = VERSION + b"|" + fingerprint.encode() + b"|" + payload.encode()
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()[:SIG_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make(secret: str | bytes, answers: list[tuple[str, str]], lang: str, *, graph: FlowGraph) -> str:
    """A token for these answers (as the engine replays them) in this language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    flow = graph.flow
    path = []
    slug = ""
    for qid, value in answers:
        q = flow.questions[qid]
        if value == SKIP:
            path.append(SKIPPED)
        elif q.kind == "municipality":
            path.append(PLACE)
            slug = "" if value == UNKNOWN_PLACE else value
        else:
            ids = [o.id for o in q.options]
            if value not in ids or ids.index(value) >= len(DIGITS):
                raise ValueError(f"{value!r} is not an option of {qid}")
            path.append(DIGITS[ids.index(value)])
    payload = f"{lang}{''.join(path)}.{slug}"
    tag = graph.fingerprint[:FLOW_TAG]
    return f"{payload}.{tag}.{_sign(secret, graph.fingerprint, payload)}"


def read(
    secret: str | bytes, token: str, *, graphs: Mapping[str, FlowGraph]
) -> tuple[list[tuple[str, str]], str, FlowGraph]:
    """(answers, lang, the flow the link was made for) from a token.

    graphs: every flow version this site has served, by fingerprint. A link names its
    version, so a link made before the questions changed still reads (as that version's
    answers); links from before versions were named are tried against every version.
    Raises TokenError when it was changed or fits no version we know."""
    m = _SHAPE.match(token or "")
    if not m:
        raise TokenError("the link is not complete")
    lang, path, slug, tag, sig = m.groups()
    payload = f"{lang}{path}.{slug}"
    candidates = [g for fp, g in graphs.items() if tag is None or fp.startswith(tag)]
    graph = next((g for g in candidates if hmac.compare_digest(sig, _sign(secret, g.fingerprint, payload))), None)
    if graph is None:
        raise TokenError("the link was changed, or made for questions we no longer know")
    if lang not in LANGUAGES:
        raise TokenError("unknown language")
    return _decode(graph, path, slug), lang, graph


def _decode(graph: FlowGraph, path: str, slug: str) -> list[tuple[str, str]]:
    flow = graph.flow
    answers: list[tuple[str, str]] = []
    facts: dict = {}  # so questions the intake passed by are passed by here too
    node = pass_by(graph, graph.start, facts)
    for symbol in path:
        qid = node
        q = flow.questions.get(qid)
        if q is None:
            raise TokenError("more answers than questions")
        if symbol == SKIPPED:
            value = SKIP
        elif symbol == PLACE:
            if q.kind != "municipality":
                raise TokenError("a place where no place was asked")
            value = slug or UNKNOWN_PLACE
        else:
            index = DIGITS.find(symbol)
            if q.kind != "choice" or not 0 <= index < len(q.options):
                raise TokenError("an answer that is not an option")
            value = q.options[index].id
        nxt = advance(graph, qid, value, facts)
        if nxt is None:
            raise TokenError("an answer that does not fit its question")
        answers.append((qid, value))
        node = nxt
    return answers
