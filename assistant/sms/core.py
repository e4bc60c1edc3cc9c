"""The SMS conversation, for any gateway: text in, a list of reply texts out.

A gateway adapter checks the request, then calls `handle(ctx, text, sender_key,
message_id)` and renders the replies its own way (TwiML, an API call, ...). The core
knows nothing about HTTP. It keeps the state per person in the store, keyed by a keyed
hash of the number, and it shapes every reply for cost: GSM-7 where the text allows,
and never more than three segments in one reply.

To keep a whole intake cheap, questions that always follow each other are asked
together when that saves a segment ("Stuur 2 cijfers, bv. 1 2"); one number at a time
works too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import hmac
import logging
import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.dates import format_date

from .. import conversation
from ..intake import engine
from ..intake.flowcheck import skip_target
from ..knowledge import hours, places
from ..knowledge.loader import Knowledge
from ..knowledge.models import Counter
from ..search import query
from ..store import TTL_SECONDS, SmsSession, SmsStore
from . import segments, texts

log = logging.getLogger("loketwijzer.sms")

RATE_WINDOW = 10 * 60
RATE_LIMIT = 30  # messages per window; then one notice, then silence
MAX_BATCH = 3  # questions in one message at most
MAX_INBOUND = 1600  # characters we look at; longer texts are cut
LOCK_RETRIES = 3

# Search: (topic id, score) pairs, best first.
SearchFn = Callable[[str, str, "str | None"], list[tuple[str, float]]]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Context:
    kb: Knowledge
    store: SmsStore
    plan_url: Callable[[list[tuple[str, str]], str], str]
    search: SearchFn | None = None
    now: Callable[[], dt.datetime] = field(default=_utcnow)  # injectable, so tests can move the clock
    plain_latin: bool = False  # fold Polish/Romanian diacritics to stay GSM-7 (see segments.smart)


def _shape(ctx: Context, text: str, lang: str) -> str:
    return segments.smart(text, lang, ctx.plain_latin)


# ---- keys: never the number itself ---------------------------------------------------


def normalise_number(number: str) -> str:
    """One form for one phone: '+31 6-1234 5678', '0031612345678' and 'whatsapp:+316…' match."""
    number = re.sub(r"^[a-z]+:", "", (number or "").strip().lower())
    digits = re.sub(r"[^0-9+]", "", number)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    return digits


def keyed(key: str | bytes, value: str) -> str:
    """HMAC-SHA256, hex: stable per person, useless without the key."""
    secret = key.encode() if isinstance(key, str) else key
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()


def sender_key(key: str | bytes, number: str) -> str:
    return keyed(key, "sender:" + normalise_number(number))


def message_key(key: str | bytes, gateway: str, message_id: str) -> str:
    # Hashed too, so our table cannot be joined with the gateway's logs (which hold numbers).
    return keyed(key, f"message:{gateway}:{message_id}")[:32] if message_id else ""


# ---- reading what people type ---------------------------------------------------------


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text or ""))[:MAX_INBOUND]
    text = "".join(c if c.isprintable() else " " for c in text)
    return re.sub(r"\s+", " ", text).strip()


_KEYWORDS = {fold(k): v for k, v in texts.KEYWORDS.items()}
_LANGUAGE_WORDS = {fold(k): v for k, v in texts.LANGUAGE_WORDS.items()}


def keyword(text: str) -> tuple[str, str] | None:
    """('menu' | 'lang' | 'help' | 'back', argument) when the whole message is a command."""
    ws = words(text)
    if not 1 <= len(ws) <= 2 or ws[0] not in _KEYWORDS:
        return None
    kind = _KEYWORDS[ws[0]]
    if len(ws) == 2 and kind != "lang":
        return None  # "terug naar huis" is a sentence, not a command
    return kind, ws[1] if len(ws) == 2 else ""


_LANG_WORDS = {
    lang: set(common.split())
    for lang, common in {
        "pl": "czesc dzien dobry prosze pomocy jestem mam nie tak czy gdzie witam mieszkam spac praca pracy domu "
        "potrzebuje polski polska dziekuje",
        "ro": "buna salut sunt unde nu da casa munca dorm vreau romana romania rog multumesc ziua locuinta",
        "en": "hello hi hey please need where sleep home homeless the have english what can my house thanks good "
        "morning",
        "nl": "hallo hoi ik ben heb geen huis waar slapen nodig dakloos goedemorgen goedemiddag de het een dag "
        "bedankt woning",
    }.items()
}


def guess_lang(text: str) -> str:
    """The person's language from their first message: script first, then common words; else Dutch."""
    if re.search("[\u0600-\u06ff]", text):
        return "ar"
    if re.search("[іїєґІЇЄҐ]", text):
        return "uk"
    if re.search("[\u0400-\u04ff]", text):
        return "bg"
    low = text.lower()
    if re.search("[ąćęłńśźż]", low):
        return "pl"
    if re.search("[ăâîșşțţ]", low):
        return "ro"
    ws = set(words(text))
    best, score = "nl", 0
    for lang, known in _LANG_WORDS.items():
        hits = len(ws & known)
        if hits > score:
            best, score = lang, hits
    return best


def looks_like_answer(text: str) -> bool:
    """A bare number or yes/no: probably an answer to a question from an expired chat."""
    if re.fullmatch(r"\s*\d{1,2}([\s,.]+\d{1,2})*\s*", text):
        return True
    return fold(text).strip(" .!") in {"ja", "nee", "yes", "no", "tak", "nie", "da", "nu", "да", "не", "так", "ні"}


# ---- questions as SMS ----------------------------------------------------------------


@dataclass
class Asked:
    qid: str
    kind: str
    text: str
    choices: list[tuple[str, str]]  # (value, label); for a municipality: the known places
    skippable: bool


def question_view(kb: Knowledge, qid: str, lang: str) -> Asked:
    flow = kb.flow
    assert flow is not None
    q = flow.questions[qid]
    t = lambda v: engine.text(v, lang)  # noqa: E731
    if q.kind == "municipality":
        choices = [(slug, m.name) for slug, m in sorted(kb.municipalities.items(), key=lambda i: i[1].name)]
    else:
        # The short SMS wording where the flow has one: every character costs the person.
        choices = [(o.id, t(o.sms or o.label)) for o in q.options]
    return Asked(qid, q.kind, t(q.sms or q.text), choices, q.skippable)


def _straight_next(kb: Knowledge, qid: str) -> str | None:
    """The question that always follows qid, whatever the answer; None when it branches."""
    flow = kb.flow
    assert flow is not None
    q = flow.questions[qid]
    if q.kind == "municipality" or not q.options:
        return None
    targets = {o.next for o in q.options}
    if q.skippable:
        targets.add(skip_target(flow, qid))
    if len(targets) != 1:
        return None
    nxt = targets.pop()
    nq = flow.questions.get(nxt)
    return nxt if nq is not None and nq.kind != "municipality" else None


def _options(a: Asked) -> str:
    return "\n".join(f"{i} {label}" for i, label in enumerate((label for _v, label in a.choices), start=1))


def render_questions(
    kb: Knowledge, asked: list[Asked], lang: str, offered: list[str] | None = None, plain: bool = False
) -> str:
    if len(asked) == 1 and asked[0].kind == "municipality":
        return _render_place(kb, asked[0], lang, offered, plain)
    parts = [f"{a.text}\n{_options(a)}" for a in asked]
    if len(asked) > 1:
        example = " ".join(str(1 + i % 2) for i in range(len(asked)))
        parts.append(texts.text("answer_n", lang, n=len(asked), example=example))
    return segments.smart("\n\n".join(parts), lang, plain)


def _unknown_label(kb: Knowledge, lang: str) -> str:
    flow = kb.flow
    assert flow is not None
    return engine.text(flow.texts.get("other_place"), lang) or engine.text(flow.texts.get("unknown_place"), lang)


def _render_place(kb: Knowledge, a: Asked, lang: str, offered: list[str] | None, plain: bool) -> str:
    other = f"0 {_unknown_label(kb, lang)}"
    if offered:  # the line before already says: a number, or the name again
        listing = "\n".join(f"{i} {kb.municipalities[s].name}" for i, s in enumerate(offered, 1))
        return segments.smart(f"{a.text}\n{listing}\n{other}", lang, plain)
    return segments.smart(f"{a.text}\n{texts.text('place_prompt', lang)}\n{other}", lang, plain)


def batch(kb: Knowledge, answers: list[tuple[str, str]], lang: str, plain: bool = False) -> list[Asked]:
    """The next question, plus the ones that always follow it when asking them together is cheaper.

    The questions that follow each other whatever the answer form a run; the run is cut
    into messages so that the whole run costs the fewest segments (each message at most
    MAX_BATCH questions and MAX_SEGMENTS long); on a tie the smaller first message wins,
    since one question at a time is easier to answer.
    """
    node = conversation.progress(kb, answers).node
    run = [question_view(kb, node, lang)]
    while len(run) < 4 * MAX_BATCH:
        nxt = _straight_next(kb, run[-1].qid)
        if nxt is None:
            break
        run.append(question_view(kb, nxt, lang))
    if len(run) == 1:
        return run
    n = len(run)
    best = [0] * (n + 1)
    first_cut = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i] = 10**6
        for j in range(i + 1, min(n, i + MAX_BATCH) + 1):
            cost = segments.segments(render_questions(kb, run[i:j], lang, plain=plain))
            if j > i + 1 and cost > segments.MAX_SEGMENTS:
                break
            if cost + best[j] < best[i]:
                best[i], first_cut[i] = cost + best[j], j
    return run[: first_cut[0]]


# ---- the plan as SMS -----------------------------------------------------------------


def _when(moment: dt.datetime, now: dt.datetime, lang: str) -> str:
    moment = moment.astimezone(hours.TZ)
    clock = moment.strftime("%H:%M")
    if moment.date() == now.astimezone(hours.TZ).date():
        return clock
    return f"{format_date(moment.date(), 'EEE', locale=lang)} {clock}"


def counter_line(counter: Counter, muni, lang: str, now: dt.datetime) -> str:
    """'Herstart, Nieuwegracht 92. Bel eerst: 14 030' in the person's language."""
    place = counter.name
    if counter.address:
        a = counter.address
        city = a.city if (a.city and (muni is None or a.city != muni.name)) else None
        where = ", ".join(p for p in (a.street, " ".join(x for x in (a.postcode, city) if x)) if p)
        if where:
            place += f", {where}"
    parts = [place]
    st = hours.status(counter, now)
    phone = counter.phone
    if not st.known:
        phone = phone or (muni.phone if muni else None)
        if phone and phone in counter.name:  # "Gemeente Utrecht (14 030)": the number is already there
            parts.append(texts.text("call_first", lang))
        else:
            parts.append(f"{texts.text('call_first', lang)}: {phone}" if phone else texts.text("hours_unknown", lang))
        phone = None
    elif st.always:
        parts.append(texts.text("always", lang))
    elif st.open_now and st.closes_at:
        parts.append(texts.text("open_until", lang, time=_when(st.closes_at, now, lang)))
    elif st.opens_at:
        parts.append(texts.text("opens", lang, when=_when(st.opens_at, now, lang)))
    else:
        parts.append(texts.text("call_first", lang))
    if phone and phone not in counter.name:
        parts.append(texts.text("phone", lang, phone=phone))
    return ". ".join(parts)


def plan_messages(ctx: Context, s: SmsSession, t: conversation.Turn, now: dt.datetime) -> list[str]:
    plan = t.plan
    assert plan is not None
    lang = s.lang
    muni = plan.municipality
    outcome = conversation.progress(ctx.kb, s.answers).node
    if outcome == "crisis":
        head = [plan.intro]  # "You are in danger now. Call 112." in full, instead of the usual header
    elif muni:
        head = [texts.text("plan_header", lang, place=muni.name)]
    else:
        head = [texts.text("plan_header_nowhere", lang), texts.text("no_municipality", lang)]
    blocks = [" ".join(head)]
    seen: dict[tuple[str, str], int] = {}
    for n, step in enumerate(plan.steps, start=1):
        first = step.counters[0] if step.counters else None
        if first is None:
            blocks.append(f"{n}. {step.topic.summary}")
            continue
        if (first.municipality, first.id) in seen:
            short = re.sub(r"\s*\([^)]*\)", "", first.name) or first.name  # "Herstart", not the full name again
            line = f"{n}. {short} ({texts.text('see_step', lang, n=seen[(first.municipality, first.id)])})."
        else:
            seen[(first.municipality, first.id)] = n
            line = f"{n}. {counter_line(first, muni, lang, now)}."
        blocks.append(f"{line}\n{step.topic.summary}")
    blocks.append(
        texts.text("link", lang, url=ctx.plan_url(s.answers, lang)) + "\n" + texts.text("search_more_done", lang)
    )
    return segments.pack([_shape(ctx, b, lang) for b in blocks])


# ---- search --------------------------------------------------------------------------


# Greetings and small words that are not a question: searching them gives random topics.
_SMALL_TALK = {
    fold(w)
    for w in "hallo hoi hey hi hello dag goedemorgen goedemiddag goedenavond ok oke oké bedankt dank dankjewel thanks "
    "thank you yes no ja nee tak nie da nu cześć czesc dzień dobry bună buna ziua salut привет здравей здравейте "
    "привіт да не так ні مرحبا شكرا maybe misschien".split()
}


def search_reply(ctx: Context, s: SmsSession, text: str, done: bool) -> list[str] | None:
    """Top topics for a question in words; None when nothing matched."""
    meaningful = [w for w in words(text) if w not in _SMALL_TALK]
    if ctx.search is None or not meaningful:
        return None
    municipality = _facts(ctx.kb, s.answers).get("municipality")
    # A weak best hit is a guess; an SMS that costs money should not carry guesses.
    hits = [h for h in ctx.search(" ".join(meaningful), s.lang, municipality) if h[1] >= query.WEAK]
    if not hits:
        return None
    tail = texts.text("search_more_done" if done else "search_more", s.lang)
    top = hits[0][1] or 1.0
    blocks: list[str] = []
    for topic_id, score in hits[:3]:
        topic = ctx.kb.topic(topic_id, s.lang)
        if topic is None or (blocks and score < 0.5 * top):
            continue
        candidate = blocks + [f"{topic.title}: {topic.summary}"]
        if blocks and len(segments.pack([_shape(ctx, b, s.lang) for b in candidate + [tail]])) > 1:
            break
        blocks = candidate
    if not blocks:
        return None
    return segments.pack([_shape(ctx, b, s.lang) for b in blocks + [tail]])


def _facts(kb: Knowledge, answers: list[tuple[str, str]]) -> dict:
    try:
        return conversation.progress(kb, answers).facts
    except engine.InvalidAnswer:
        return {}


# ---- answering -----------------------------------------------------------------------


def _match_option(text: str, a: Asked, kb: Knowledge) -> str | None:
    """The option a word (or a few) points to, in the person's language or any other."""
    typed = words(text)
    if not typed or len(typed) > 6:
        return None
    flow = kb.flow
    assert flow is not None
    q = flow.questions[a.qid]
    langs = [None] + list(texts.LANGS)  # None: the labels as shown; then every language

    def hit(option_words: list[str], ws: list[str]) -> bool:
        return all(any(o == w or (len(w) >= 4 and o.startswith(w)) for o in option_words) for w in ws)

    attempts = [typed, typed[:1]]  # "nee hoor" still means "nee"
    if len(typed) <= 3:
        attempts += [[w] for w in typed[1:]]  # "Привет nee maybe": the one word we know
    for attempt in attempts:
        for lang in langs:
            labels = {
                o.id: words(label if lang is None else engine.text(o.label, lang))
                for o, label in zip(q.options, (lbl for _v, lbl in a.choices), strict=False)
            }
            exact = [oid for oid, ws in labels.items() if ws == attempt]
            if len(exact) == 1:
                return exact[0]
            found = [oid for oid, ws in labels.items() if hit(ws, attempt)]
            if len(found) == 1:
                return found[0]
    return None


@dataclass
class Parsed:
    values: list[str] = field(default_factory=list)
    out_of_range: int = 0  # the option count of the question whose number did not fit


def parse_choices(text: str, asked: list[Asked], kb: Knowledge) -> Parsed | None:
    """Numbers ("2", "2 1 3", "213") or a word of an option; None when it is neither."""
    folded = fold(text).strip()
    if re.fullmatch(r"[\d\s,.;:/+\-]+", folded) and re.search(r"\d", folded):
        nums = re.findall(r"\d+", folded)
        if len(nums) == 1 and len(asked) > 1 and 1 < len(nums[0]) <= len(asked):
            nums = list(nums[0])  # "32" for two questions means 3 and 2
        parsed = Parsed()
        for raw, a in zip(nums, asked, strict=False):
            n = int(raw)
            if n == 0 and a.skippable:
                parsed.values.append(engine.SKIP)
            elif 1 <= n <= len(a.choices):
                parsed.values.append(a.choices[n - 1][0])
            else:
                parsed.out_of_range = len(a.choices)
                break
        return parsed
    value = _match_option(text, asked[0], kb)
    return Parsed(values=[value]) if value else None


def reply_for(kb: Knowledge, asked: list[str], intended: dict[str, str], one_at_a_time: bool = False) -> str:
    """The SMS a person sends to give `intended` answers to the asked questions: the inverse
    of parse_choices (option numbers; a town by its name). Plays conversations in tests and
    the cost bench."""
    assert kb.flow is not None
    values = []
    for qid in asked:
        q = kb.flow.questions[qid]
        if q.kind == "municipality":
            values.append(intended[qid])
            break
        values.append(str([o.id for o in q.options].index(intended[qid]) + 1))
        if one_at_a_time:
            break
    return " ".join(values)


def _place_suggestions(kb: Knowledge, typed: str) -> list[str]:
    """A short numbered list after a name we do not know: near names, else all when few."""
    table = {places.normalise(n): m.slug for m in kb.municipalities.values() for n in places.names_of(m)}
    near = difflib.get_close_matches(places.normalise(typed), list(table), n=8, cutoff=0.7)
    slugs = list(dict.fromkeys(table[n] for n in near))[:5]
    if not slugs and len(kb.municipalities) <= 12:
        slugs = [slug for slug, _m in sorted(kb.municipalities.items(), key=lambda i: i[1].name)]
    return slugs


def _ask(ctx: Context, s: SmsSession, prefix: str = "") -> list[str]:
    asked = batch(ctx.kb, s.answers, s.lang, ctx.plain_latin)
    s.asked = [a.qid for a in asked]
    if asked[0].kind != "municipality":
        s.offered = []
    body = render_questions(ctx.kb, asked, s.lang, s.offered, ctx.plain_latin)
    return segments.pack([_shape(ctx, prefix, s.lang), body] if prefix else [body])


def _after_answers(ctx: Context, s: SmsSession, now: dt.datetime, prefix: str = "") -> list[str]:
    t = conversation.turn(ctx.kb, s.answers, s.lang)
    if t.kind == "plan":
        s.asked, s.offered = [], []
        return plan_messages(ctx, s, t, now)
    return _ask(ctx, s, prefix)


def _answer_place(ctx: Context, s: SmsSession, text: str, now: dt.datetime) -> list[str] | None:
    kb = ctx.kb
    flow = kb.flow
    assert flow is not None
    folded = fold(text).strip()
    value = None
    if re.fullmatch(r"\d+", folded):
        n = int(folded)
        if n == 0:
            value = engine.UNKNOWN_PLACE
        elif s.offered and 1 <= n <= len(s.offered):
            value = s.offered[n - 1]
        else:
            s.offered = _place_suggestions(kb, "")
            key = "place_unknown" if s.offered else "place_unknown_nolist"
            return _ask(ctx, s, texts.text(key, s.lang))
    else:
        found = places.match(text, kb.municipalities)
        if found:
            value = found.slug
        elif len(words(text)) <= 3:
            s.offered = _place_suggestions(kb, text)
            key = "place_unknown" if s.offered else "place_unknown_nolist"
            return _ask(ctx, s, texts.text(key, s.lang))
        else:
            return None  # a sentence: a question for the search
    s.answers = engine.answer(flow, s.answers, value, conversation.places(kb))
    s.offered = []
    return _after_answers(ctx, s, now)


def converse(ctx: Context, s: SmsSession, raw: str, now: dt.datetime) -> list[str]:
    kb = ctx.kb
    flow = kb.flow
    assert flow is not None
    text = clean(raw)
    command = keyword(text)
    lang_choice = _LANGUAGE_WORDS.get(command[1]) if command and command[0] == "lang" else None

    if s.new:
        s.lang = lang_choice or guess_lang(text)
        s.answers = []
        intro = texts.text("welcome", s.lang)
        if looks_like_answer(text):
            intro = texts.text("restarted", s.lang) + "\n" + intro
        return _ask(ctx, s, intro)

    if command:
        kind, _arg = command
        if kind == "menu":
            s.answers, s.offered = [], []
            return _ask(ctx, s, texts.text("restart", s.lang))
        if kind == "lang":
            if not lang_choice:
                return [_shape(ctx, texts.text("lang_list", s.lang), s.lang)]
            s.lang = lang_choice
            return _after_answers(ctx, s, now)
        if kind == "back":
            s.answers, s.offered = engine.back(s.answers), []
            return _ask(ctx, s)
        if kind == "help":
            return _help(ctx, s)

    try:
        t = conversation.turn(kb, s.answers, s.lang)
    except engine.InvalidAnswer:
        # The questions changed since this chat began: start again, kindly.
        s.answers, s.offered = [], []
        return _ask(ctx, s, texts.text("restart", s.lang))

    if not re.search(r"\w", text):
        return [_shape(ctx, texts.text("empty", s.lang), s.lang)]

    if t.kind == "plan":
        found = search_reply(ctx, s, text, done=True) if not looks_like_answer(text) else None
        done = texts.text("done", s.lang, url=ctx.plan_url(s.answers, s.lang))
        return found or [_shape(ctx, done, s.lang)]

    if t.input == "municipality":
        replies = _answer_place(ctx, s, text, now)
        if replies is not None:
            return replies
    else:
        asked = [question_view(kb, qid, s.lang) for qid in s.asked] if s.asked[:1] == [t.question_id] else []
        if not asked or not _is_straight(kb, asked):
            asked = batch(kb, s.answers, s.lang, ctx.plain_latin)
        parsed = parse_choices(text, asked, kb)
        if parsed is not None:
            for value in parsed.values:
                s.answers = engine.answer(flow, s.answers, value, conversation.places(kb))
            prefix = texts.text("out_of_range", s.lang, n=parsed.out_of_range) if parsed.out_of_range else ""
            return _after_answers(ctx, s, now, prefix)

    found = search_reply(ctx, s, text, done=False)
    if found:
        return found
    return [_shape(ctx, texts.text("not_understood", s.lang), s.lang)]


def _is_straight(kb: Knowledge, asked: list[Asked]) -> bool:
    return all(_straight_next(kb, a.qid) == b.qid for a, b in zip(asked, asked[1:], strict=False))


def _help(ctx: Context, s: SmsSession) -> list[str]:
    flow = ctx.kb.flow
    assert flow is not None
    blocks = [texts.text("help", s.lang)]
    try:
        node = conversation.progress(ctx.kb, s.answers).node
    except engine.InvalidAnswer:
        node = ""
    q = flow.questions.get(node)
    if q is not None and q.help:
        blocks.insert(0, engine.text(q.help, s.lang))
    return segments.pack([_shape(ctx, b, s.lang) for b in blocks])


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
    return [_shape(ctx, texts.text("rate", s.lang), s.lang)]


def handle(ctx: Context, text: str, sender: str, message_id: str = "", now: dt.datetime | None = None) -> list[str]:
    """Answer one inbound SMS. `sender` is the keyed hash of the number, never the number.

    A message id seen before gets the same replies again and changes nothing (gateways
    retry). Returns [] when we should stay silent.
    """
    moment = now or ctx.now()
    stamp = moment.timestamp()
    for attempt in range(LOCK_RETRIES + 1):
        try:
            with ctx.store.transaction() as tx:
                tx.purge(stamp, TTL_SECONDS)
                s = tx.load(sender)
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
                    except engine.InvalidAnswer:
                        s.answers, s.offered = [], []
                        replies = _ask(ctx, s, texts.text("restart", s.lang))
                s.updated = stamp
                s.remember(message_id, replies)
                tx.save(s)
                return replies
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            log.warning("sms store busy (attempt %d)", attempt + 1)
            if attempt < LOCK_RETRIES:
                time.sleep(0.05 * 2**attempt)
    lang = guess_lang(clean(text))
    return [_shape(ctx, texts.text("busy", lang), lang)]


def whoosh_search(index) -> SearchFn:
    """The app's search, cut down to what an SMS can hold: topic ids with scores."""

    def run(text: str, lang: str, municipality: str | None) -> list[tuple[str, float]]:
        with index.searcher() as searcher:
            results = query.search(searcher, text, lang, municipality)
        topics = [h for h in results.hits if h.kind == "topic"]
        if results.clear:
            topics = topics[:1]
        return [(h.id, h.score) for h in topics]

    return run


def forget(ctx: Context, sender: str) -> None:
    """Delete everything about this person now (they opted out at the gateway)."""
    with ctx.store.transaction() as tx:
        tx.delete(sender)
