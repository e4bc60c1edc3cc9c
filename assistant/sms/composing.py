"""Writing SMS replies: questions (batched when that saves a segment), the plan, search answers.

Every reply is shaped for cost: GSM-7 where the text allows, never more than three
segments in one message (segments.py). Questions that always follow each other, whatever
the answers, may be asked together ("Stuur 2 cijfers, bv. 1 2"); which ones do comes
from the flow's one graph, through conversation.following().
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from .. import conversation, languages
from ..conversation import Asked
from ..knowledge import hours
from ..knowledge.loader import Knowledge
from ..knowledge.models import Counter, Municipality
from . import bidi, segments, texts

MAX_BATCH = 3  # questions in one message at most


def shape(text: str, lang: str, plain: bool) -> str:
    """Cheap letters (segments.smart) and, in right-to-left languages, numbers that read as written."""
    text = segments.smart(text, lang, plain)
    return bidi.isolate(text) if languages.direction(lang) == "rtl" else text


# ---- questions -----------------------------------------------------------------------


def question(kb: Knowledge, qid: str, lang: str) -> Asked:
    # The short SMS wording where the flow has one: every character costs the person.
    return conversation.question(kb, qid, lang, short=True)


def _options(a: Asked) -> str:
    return "\n".join(f"{i} {c.label}" for i, c in enumerate(a.choices, start=1))


def render_questions(
    kb: Knowledge, asked: list[Asked], lang: str, offered: list[str] | None = None, plain: bool = False
) -> str:
    if len(asked) == 1 and asked[0].kind == "municipality":
        return _render_place(kb, asked[0], lang, offered, plain)
    parts = [f"{a.text}\n{_options(a)}" for a in asked]
    if len(asked) > 1:
        example = " ".join(str(1 + i % 2) for i in range(len(asked)))
        parts.append(texts.text("answer_n", lang, n=len(asked), example=example))
    return shape("\n\n".join(parts), lang, plain)


def _render_place(kb: Knowledge, a: Asked, lang: str, offered: list[str] | None, plain: bool) -> str:
    other = f"0 {conversation.other_place_label(kb, lang)}"
    if offered:  # the line before already says: a number, or the name again
        names = conversation.places(kb)
        listing = "\n".join(f"{i} {names.get(s, s)}" for i, s in enumerate(offered, 1))
        return shape(f"{a.text}\n{listing}\n{other}", lang, plain)
    return shape(f"{a.text}\n{texts.text('place_prompt', lang)}\n{other}", lang, plain)


def batch(
    kb: Knowledge, node: str, lang: str, plain: bool = False, answers: conversation.Answers | None = None
) -> list[Asked]:
    """The question at node, plus the ones that always follow it when asking them together is cheaper.

    The run is cut into messages so that the whole run costs the fewest segments (each
    message at most MAX_BATCH questions and MAX_SEGMENTS long); on a tie the smaller
    first message wins, since one question at a time is easier to answer.
    """
    run = [question(kb, qid, lang) for qid in conversation.following(kb, node, 4 * MAX_BATCH, answers)]
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


def still_a_run(kb: Knowledge, asked: list[str], answers: conversation.Answers | None = None) -> bool:
    """True when the questions asked last time still go together in today's flow."""
    return bool(asked) and conversation.following(kb, asked[0], len(asked), answers) == asked


# ---- the plan ------------------------------------------------------------------------


def _short_name(name: str) -> str:
    """ "Herstart", not "Herstart (inloop voor daklozen)": the details say what it is."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip() or name


def counter_line(
    counter: Counter, muni: Municipality | None, lang: str, now: dt.datetime, short: bool = False
) -> str:
    """'Herstart, Nieuwegracht 92. Bel eerst: 14 030' in the person's language: where, when, phone."""
    name = _short_name(counter.name) if short else counter.name
    place = name
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
        if phone and phone in name:  # "Gemeente Utrecht (14 030)": the number is already there
            parts.append(texts.text("call_first", lang))
        else:
            parts.append(f"{texts.text('call_first', lang)}: {phone}" if phone else texts.text("hours_unknown", lang))
        phone = None
    elif st.always:
        parts.append(texts.text("always", lang))
    elif st.open_now and st.closes_at:
        parts.append(texts.text("open_until", lang, time=hours.moment_text(st.closes_at, now, lang, short=True)))
    elif st.opens_at:
        parts.append(texts.text("opens", lang, when=hours.moment_text(st.opens_at, now, lang, short=True)))
    else:
        parts.append(texts.text("call_first", lang))
    if phone and phone not in name:
        parts.append(texts.text("phone", lang, phone=phone))
    return ". ".join(parts)


def _step_line(
    step: conversation.Step, muni: Municipality | None, lang: str, now: dt.datetime, also: list[int] | None = None
) -> str:
    """One short line a step: where, when, phone. A step without a counter (national help
    like 113 or Veilig Thuis, or no town known) gives its summary: that is where its
    numbers are, and a crisis line must never lose them. `also`: later steps at the same
    counter, named on this line ("1, 3, 5. Herstart, ...") instead of a line each."""
    first = step.counters[0] if step.counters else None
    if first is None:
        return f"{step.number}. {step.summary}"
    numbers = ", ".join(str(n) for n in [step.number, *(also or [])])
    return f"{numbers}. {counter_line(first, muni, lang, now, short=True)}"


def _step_lines(plan: conversation.PlanView, muni: Municipality | None, lang: str, now: dt.datetime) -> list[str]:
    """The steps' lines; a step at the same counter as an earlier one joins that line."""
    later: dict[int, list[int]] = {}
    for step in plan.steps:
        if step.same_as is not None and step.counters:
            later.setdefault(step.same_as, []).append(step.number)
    shown = [step for step in plan.steps if step.same_as is None or not step.counters]
    lines = [_step_line(step, muni, lang, now, later.get(step.number)) for step in shown]
    # Every counter says "Bel eerst: 14 030": say it once, not on every line.
    at_counters = [i for i, step in enumerate(shown) if step.counters]
    ends = {lines[i][lines[i].rfind(". ") :] for i in at_counters if ". " in lines[i]}
    call_first = texts.text("call_first", lang)
    if len(at_counters) >= 2 and len(ends) == 1:
        end = ends.pop()
        if end.startswith(f". {call_first}: "):
            for i in at_counters:
                lines[i] = lines[i][: -len(end)]
            lines.insert(0, end[2:])
    return lines


def plan_messages(plan: conversation.PlanView, lang: str, link: str, now: dt.datetime, plain: bool) -> list[str]:
    """The plan in as few segments as it fits: a header, one short line a step, the link,
    and how to get a step's details (reply its number: step_messages)."""
    muni = plan.municipality
    if plan.outcome == "crisis":
        head = [plan.intro]  # "You are in danger now. Call 112." in full, instead of the usual header
    elif muni:
        head = [texts.text("plan_header", lang, place=muni.name)]
    elif plan.route:  # a municipality without our files: where to go instead
        place = plan.route.place.display
        head = [texts.text("plan_header", lang, place=place), texts.text("place_route", lang, place=place)]
        if plan.route.centre:
            head.append(texts.text("place_route_centre", lang, place=plan.route.centre.display))
    else:
        head = [texts.text("plan_header_nowhere", lang), texts.text("no_municipality", lang)]
    lines = [" ".join(head)] + _step_lines(plan, muni, lang, now)
    tail = [texts.text("link", lang, url=link)]
    if plan.steps:
        tail.append(texts.text("step_ask", lang))
    # Lines as blocks: a message never ends inside a step's line, and the cut costs the fewest segments.
    return segments.pack([shape(line, lang, plain) for line in lines + tail], sep="\n")


def step_messages(
    plan: conversation.PlanView, n: int, lang: str, now: dt.datetime, plain: bool
) -> list[str]:
    """A step's details, for a person who replied its number after the plan."""
    step = plan.steps[n - 1]
    muni = plan.municipality
    blocks = [f"{n}. {step.topic.title}"]
    if step.counters:
        blocks[0] += "\n" + counter_line(step.counters[0], muni, lang, now)
    blocks.append(step.summary)
    if step.bring:
        blocks.append(texts.text("bring", lang, items=", ".join(step.bring)))
    return segments.pack([shape(b, lang, plain) for b in blocks])


# ---- search answers ------------------------------------------------------------------

# (topic id, score) pairs, best first, for a question in words.
SearchFn = Callable[[str, str, "str | None"], list[tuple[str, float]]]


def search_messages(
    kb: Knowledge, hits: list[tuple[str, float]], lang: str, done: bool, plain: bool
) -> list[str] | None:
    """Up to three topics, as many as fit one message; None when there is nothing to say."""
    if not hits:
        return None
    tail = texts.text("search_more_done" if done else "search_more", lang)
    top = hits[0][1] or 1.0
    blocks: list[str] = []
    for topic_id, score in hits[:3]:
        topic = kb.topic(topic_id, lang)
        if topic is None or (blocks and score < 0.5 * top):
            continue
        candidate = blocks + [f"{topic.title}: {topic.summary}"]
        if blocks and len(segments.pack([shape(b, lang, plain) for b in candidate + [tail]])) > 1:
            break
        blocks = candidate
    if not blocks:
        return None
    return segments.pack([shape(b, lang, plain) for b in blocks + [tail]])
