"""The SMS conversation, for any gateway: one text in, a list of reply texts out.

A gateway adapter checks the request, then calls `handle(ctx, text, sender_key,
message_id)` and renders the replies its own way (TwiML, an API call, ...). This module
knows nothing about HTTP. It keeps the state per person in the store, keyed by a keyed
hash of the number (identity.py); it reads what people type (reading.py), moves the
conversation on only through the conversation core, and writes replies (composing.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import conversation, languages
from ..knowledge.loader import Knowledge
from ..search import query
from ..store import TTL_SECONDS, SmsSession, SmsStore
from . import composing, reading, texts

log = logging.getLogger("loketwijzer.sms")

RATE_WINDOW = 10 * 60
RATE_LIMIT = 30  # messages per window; then one notice, then silence
LOCK_RETRIES = 3
CONFLICT_RETRIES = 20  # a person's own messages racing each other; each round is milliseconds


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Context:
    kb: Knowledge
    store: SmsStore
    plan_url: Callable[[list[tuple[str, str]], str], str]
    search: composing.SearchFn | None = None
    now: Callable[[], dt.datetime] = field(default=_utcnow)  # injectable, so tests can move the clock
    plain_latin: bool = True  # fold Polish/Romanian diacritics to stay GSM-7 (see segments.smart)


def topic_search(search: Callable) -> composing.SearchFn:
    """The app's one cached search (catalogue.Loaded.search), cut down to what an SMS can hold."""

    def run(text: str, lang: str, municipality: str | None) -> list[tuple[str, float]]:
        results = search(text, lang, municipality)
        topics = [h for h in results.hits if h.kind == "topic"]
        if results.clear:
            topics = topics[:1]
        return [(h.id, h.score) for h in topics]

    return run


def _shape(ctx: Context, text: str, lang: str) -> str:
    return composing.shape(text, lang, ctx.plain_latin)


def _say(ctx: Context, s: SmsSession, key: str, **kw) -> list[str]:
    return [_shape(ctx, texts.text(key, s.lang, **kw), s.lang)]


# ---- moving on -------------------------------------------------------------------------


def _ask(ctx: Context, s: SmsSession, prefix: str = "") -> list[str]:
    node = conversation.progress(ctx.kb, s.answers).node
    asked = composing.batch(ctx.kb, node, s.lang, ctx.plain_latin, s.answers)
    s.asked = [a.qid for a in asked]
    if asked[0].kind != "municipality":
        s.offered = []
    body = composing.render_questions(ctx.kb, asked, s.lang, s.offered, ctx.plain_latin)
    head = [_shape(ctx, prefix, s.lang)] if prefix else []
    plain = composing.segments.pack([*head, body])
    hint = _place_too(ctx, s, asked)
    if hint:
        with_hint = composing.segments.pack([*head, body + "\n" + hint])
        # Only where it costs nothing: then the town can come with the answer, one SMS less.
        if sum(map(composing.segments.segments, with_hint)) <= sum(map(composing.segments.segments, plain)):
            return with_hint
    return plain


def _place_too(ctx: Context, s: SmsSession, asked: list) -> str:
    """ "2 of 3? Zet je plaats erbij: 2 Utrecht" for a question whose answers lead to "which town?"."""
    if len(asked) != 1:
        return ""
    nums = conversation.place_next(ctx.kb, asked[0].qid)
    if not nums:
        return ""
    listed = " ".join(str(n) for n in nums[:-1]) + (f" {texts.text('or', s.lang)} " if len(nums) > 1 else "")
    return _shape(ctx, texts.text("place_too", s.lang, nums=listed + str(nums[-1]), n=nums[0]), s.lang)


def _after_answers(ctx: Context, s: SmsSession, now: dt.datetime, prefix: str = "") -> list[str]:
    # Questions the person already confirmed from a sentence are not asked again.
    s.answers, s.waiting = conversation.go_on(ctx.kb, s.answers, s.waiting)
    t = conversation.turn(ctx.kb, s.answers, s.lang)
    if t.kind == "plan":
        assert t.plan is not None
        s.asked, s.offered = [], []
        return composing.plan_messages(t.plan, s.lang, ctx.plan_url(s.answers, s.lang), now, ctx.plain_latin)
    return _ask(ctx, s, prefix)


def _restart(ctx: Context, s: SmsSession) -> list[str]:
    """The one stale-state path: keep the answers that still fit, then ask on."""
    s.answers, s.offered = conversation.keep(ctx.kb, s.answers), []
    return _ask(ctx, s, "" if s.answers else texts.text("restart", s.lang))


def _answer_place(ctx: Context, s: SmsSession, text: str, now: dt.datetime) -> list[str] | None:
    kb = ctx.kb
    folded = reading.fold(text).strip()
    if re.fullmatch(r"\d+", folded):
        n = int(folded)
        if n == 0:
            value = conversation.UNKNOWN_PLACE
        elif s.offered and 1 <= n <= len(s.offered):
            value = s.offered[n - 1]
        else:
            s.offered = [c.value for c in conversation.place_choices(kb)]
            return _ask(ctx, s, texts.text("place_unknown" if s.offered else "place_unknown_nolist", s.lang))
    else:
        found = conversation.find_place(kb, text)
        if found.place is None and not found.ambiguous and len(reading.words(text)) > 3:
            return None  # a sentence: a question for the search
        if found.place is None:
            # Two towns that fit are both offered; a name we do not know gets the nearest names.
            s.offered = [o.key for o in found.options][:9] or [c.value for c in conversation.place_choices(kb)]
            key = "place_which" if found.ambiguous else "place_unknown" if s.offered else "place_unknown_nolist"
            return _ask(ctx, s, texts.text(key, s.lang))
        value = found.place.key
    s.answers = conversation.answer(kb, s.answers, value)
    s.offered = []
    return _after_answers(ctx, s, now)


def _read(ctx: Context, s: SmsSession, text: str) -> list[str] | None:
    """A message in the person's own words: what it says, to confirm ("1 Ja, 2 Nee"); danger
    first, with the numbers. None when nothing was understood."""
    reading_ = conversation.read(ctx.kb, text, s.lang)
    if reading_.empty:
        return None
    s.pending = [[u.question, u.value] for u in reading_.items]
    s.asked, s.offered = [], []
    items = []
    for u in reading_.items:
        short = conversation.question(ctx.kb, u.question, s.lang, short=True)
        label = next((c.label for c in short.choices if c.value == u.value), u.label)
        items.append(label if short.kind == "municipality" else f"{short.text} {label}")
    blocks = [texts.text("understood", s.lang, items="; ".join(items))]
    if reading_.danger:
        crisis = ctx.kb.topic("crisis", s.lang)
        if crisis is not None:
            blocks.insert(0, crisis.summary)
    return composing.segments.pack([_shape(ctx, b, s.lang) for b in blocks])


def _confirm(ctx: Context, s: SmsSession, text: str, now: dt.datetime) -> list[str] | None:
    """The reply to "Klopt dit? 1 Ja, 2 Nee"; None when the message is something else."""
    folded = reading.fold(text).strip(" .!")
    yes_no = languages.get(s.lang).yes_no
    pending, s.pending = s.pending, []
    if folded in ("1", reading.fold(yes_no[0]) if yes_no else "1"):
        s.answers, s.waiting = conversation.accept(ctx.kb, s.answers, {q: v for q, v in pending})
        return _after_answers(ctx, s, now)
    if folded in ("2", reading.fold(yes_no[1]) if len(yes_no) > 1 else "2"):
        return _after_answers(ctx, s, now, texts.text("understood_no", s.lang))
    return None


def _search(ctx: Context, s: SmsSession, text: str, done: bool) -> list[str] | None:
    """Top topics for a question in words; None when nothing matched well enough."""
    meaningful = reading.meaningful(text)
    if ctx.search is None or not meaningful:
        return None
    municipality = conversation.facts(ctx.kb, s.answers).get("municipality")
    # A weak best hit is a guess; an SMS that costs money should not carry guesses.
    hits = [h for h in ctx.search(" ".join(meaningful), s.lang, municipality) if h[1] >= query.WEAK]
    return composing.search_messages(ctx.kb, hits, s.lang, done, ctx.plain_latin)


def _help(ctx: Context, s: SmsSession) -> list[str]:
    blocks = [texts.text("help", s.lang)]
    try:
        node = conversation.progress(ctx.kb, s.answers).node
    except conversation.StaleState:
        node = ""
    assert ctx.kb.flow is not None
    if node in ctx.kb.flow.questions:
        help_text = conversation.question(ctx.kb, node, s.lang).help
        if help_text:
            blocks.insert(0, help_text)
    return composing.segments.pack([_shape(ctx, b, s.lang) for b in blocks])


def _command(ctx: Context, s: SmsSession, command: tuple[str, str], now: dt.datetime) -> list[str]:
    kind, arg = command
    if kind == "menu":
        s.answers, s.offered, s.pending, s.waiting = conversation.restart(), [], [], {}
        return _ask(ctx, s, texts.text("restart", s.lang))
    if kind == "lang":
        choice = reading.LANGUAGE_WORDS.get(arg)
        if not choice:
            return _say(ctx, s, "lang_list")
        s.lang = choice
        return _after_answers(ctx, s, now)
    if kind == "back":
        s.answers, s.offered = conversation.back(s.answers), []
        return _ask(ctx, s)
    return _help(ctx, s)


def converse(ctx: Context, s: SmsSession, raw: str, now: dt.datetime) -> list[str]:
    kb = ctx.kb
    text = reading.clean(raw)
    command = reading.keyword(text)

    if s.new:
        chosen = reading.LANGUAGE_WORDS.get(command[1]) if command and command[0] == "lang" else None
        s.lang = chosen or reading.guess_lang(text)
        s.answers = []
        intro = texts.text("welcome", s.lang)
        if reading.looks_like_answer(text):
            intro = texts.text("restarted", s.lang) + "\n" + intro
        elif not command:
            # A first message that tells the story: read it, and confirm what it says.
            told = _read(ctx, s, text)
            if told is not None:
                return told
        return _ask(ctx, s, intro)

    if command:
        return _command(ctx, s, command, now)

    try:
        t = conversation.turn(kb, s.answers, s.lang)
    except conversation.StaleState:
        return _restart(ctx, s)  # the questions changed since this chat began

    if not re.search(r"\w", text):
        return _say(ctx, s, "empty")

    if s.pending:
        confirmed = _confirm(ctx, s, text, now)
        if confirmed is not None:
            return confirmed

    if t.kind == "plan":
        return _after_plan(ctx, s, t, text, now)
    replies = _answer_place(ctx, s, text, now) if t.input == "municipality" else _answer_choices(ctx, s, t, text, now)
    if replies is not None:
        return replies
    return _read(ctx, s, text) or _search(ctx, s, text, done=False) or _say(ctx, s, "not_understood")


def _after_plan(ctx: Context, s: SmsSession, t, text: str, now: dt.datetime) -> list[str]:
    """After the plan: a step number gives that step; words are a question for the search."""
    assert t.plan is not None
    step = reading.step_number(text)
    if step is not None and t.plan.steps:
        if 1 <= step <= len(t.plan.steps):
            return composing.step_messages(t.plan, step, s.lang, now, ctx.plain_latin)
        return _say(ctx, s, "no_step", n=step, last=len(t.plan.steps))
    found = _search(ctx, s, text, done=True) if not reading.looks_like_answer(text) else None
    return found or _say(ctx, s, "done", url=ctx.plan_url(s.answers, s.lang))


def _answer_choices(ctx: Context, s: SmsSession, t, text: str, now: dt.datetime) -> list[str] | None:
    """Numbered or worded answers to the questions last sent; None when the text is none."""
    kb = ctx.kb
    if s.asked[:1] == [t.question_id] and composing.still_a_run(kb, s.asked, s.answers):
        asked = [composing.question(kb, qid, s.lang) for qid in s.asked]
    else:
        asked = composing.batch(kb, t.question_id, s.lang, ctx.plain_latin, s.answers)
    # "2 Utrecht": the answer and the town in one SMS, where the answer leads to "which town?".
    both = re.fullmatch(r"\s*(\d)\s*[,.;:]?\s+(\D.*)", text)
    leads = conversation.place_next(kb, asked[0].qid) if len(asked) == 1 else []
    if leads and both and 1 <= int(both.group(1)) <= len(asked[0].choices):
        n = int(both.group(1))
        s.answers = conversation.answer(kb, s.answers, asked[0].choices[n - 1].value, asked[0].qid)
        if n not in leads:  # "1 Utrecht" with 1 = in danger: the answer counts, the town waits
            return _after_answers(ctx, s, now)
        placed = _answer_place(ctx, s, both.group(2), now)
        return placed if placed is not None else _after_answers(ctx, s, now)
    parsed = reading.parse_choices(text, asked, kb)
    if parsed is None:
        return None
    for shown, value in zip(asked, parsed.values, strict=False):
        # Each value answers the question it was given for; if that question is not
        # the current one (the flow moved on differently), it changes nothing.
        s.answers = conversation.answer(kb, s.answers, value, shown.qid)
    # A wrong number only for a question an earlier answer made moot needs no correction.
    wrong = parsed.out_of_range and parsed.out_of_range_qid == conversation.progress(kb, s.answers).node
    prefix = texts.text("out_of_range", s.lang, n=parsed.out_of_range) if wrong else ""
    return _after_answers(ctx, s, now, prefix)


# ---- the one entry point -------------------------------------------------------------


def _rate_limited(ctx: Context, s: SmsSession, now: float) -> list[str] | None:
    if now - s.rate_start >= RATE_WINDOW:
        s.rate_start, s.rate_count, s.rate_noticed = now, 0, False
    s.rate_count += 1
    if s.rate_count <= RATE_LIMIT:
        return None
    if s.rate_noticed:
        return []  # silence until the window passes
    s.rate_noticed = True
    return _say(ctx, s, "rate")


def handle(ctx: Context, text: str, sender: str, message_id: str = "", now: dt.datetime | None = None) -> list[str]:
    """Answer one inbound SMS. `sender` is the keyed hash of the number, never the number.

    A message id seen before gets the same replies again and changes nothing (gateways
    retry). Returns [] when we should stay silent.
    """
    moment = now or ctx.now()
    stamp = moment.timestamp()
    attempt = 0
    for _ in range(CONFLICT_RETRIES):
        try:
            # Read and decide without a lock; write only if nobody changed this person's
            # state meanwhile (store.py). Two messages of one person sent together: the
            # second is answered again from the state the first left.
            with ctx.store.read() as tx:
                s = tx.load(sender, fresh_after=stamp - TTL_SECONDS)
            if s is None:
                s = SmsSession(key=sender, created=stamp, rate_start=stamp, new=True)
            elif message_id:
                again = s.reply_for(message_id)
                if again is not None:
                    return again
            replies = _rate_limited(ctx, s, stamp)
            if replies is None:
                try:
                    replies = converse(ctx, s, text, moment)
                except conversation.StaleState:
                    replies = _restart(ctx, s)
            s.updated = stamp
            s.remember(message_id, replies)
            with ctx.store.transaction() as tx:
                tx.purge(stamp, TTL_SECONDS)
                if tx.version(sender) != s.version:
                    continue  # changed since we read it (the transaction ends without a write)
                tx.save(s)
            return replies
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            log.warning("sms store busy (attempt %d)", attempt + 1)
            if attempt >= LOCK_RETRIES:
                break
            time.sleep(0.05 * 2**attempt)
            attempt += 1
    lang = reading.guess_lang(reading.clean(text))
    return [composing.shape(texts.text("busy", lang), lang, ctx.plain_latin)]


def forget(ctx: Context, sender: str) -> None:
    """Delete everything about this person now (they opted out at the gateway)."""
    with ctx.store.transaction() as tx:
        tx.delete(sender)
