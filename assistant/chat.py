"""The intake in a terminal: the same turns the web and SMS get, as numbered lines."""

from __future__ import annotations

from . import conversation
from .catalogue import Catalogue, build, current_dir
from .knowledge import hours
from .paths import KNOWLEDGE
from .settings import Settings


def _loaded(settings: Settings):
    instance = settings.instance
    if current_dir(instance) is None:
        build(KNOWLEDGE, instance, if_changed=True)
    return Catalogue(instance).get()


def _print_plan(plan: conversation.PlanView, out) -> None:
    out(f"\n{plan.intro}\n")
    for step in plan.steps:
        out(f"{step.number}. {step.topic.title}\n   {step.summary}")
        for c in step.counters[:1]:
            st = hours.status(c)
            where = c.address.one_line() if c.address else ""
            state = "open" if st.open_now else ("?" if not st.known else "closed")
            out(f"   -> {c.name} {where} {c.phone or ''} [{state}]".rstrip())
        for question, answer in step.because:
            out(f"   ({question} {answer})")
    if plan.municipality:
        out(f"\nGemeente {plan.municipality.name}: {plan.municipality.phone}")
    elif plan.route:
        out(f"\nGemeente {plan.route.place.display}: {plan.route.place.province}")


def _ask(turn: conversation.Turn, out) -> None:
    out(f"\n{turn.text}")
    if turn.help:
        out(f"  {turn.help}")
    for n, choice in enumerate(turn.choices, start=1):
        out(f"  {n}. {choice.label}")
    if turn.skippable:
        out("  0. -")


def _value(kb, turn: conversation.Turn, raw: str, out=print) -> str | None:
    """The answer a typed line gives: an option number, 0 to skip, or a place name; else None.
    "" for a place name that fits no town or several (the options are printed)."""
    if raw.isdigit():
        n = int(raw)
        if n == 0 and turn.skippable:
            return conversation.SKIP
        return turn.choices[n - 1].value if 1 <= n <= len(turn.choices) else None
    if turn.input == "municipality" and raw:
        found = conversation.find_place(kb, raw)
        if found.place is None:  # which town? the towns that fit, never one picked
            out("  ? " + (" | ".join(o.label for o in found.options) or "-"))
            return ""
        return found.place.key
    return None


def _search(data, raw: str, lang: str, out) -> None:
    results = data.search(raw, lang, None)
    for hit in results.hits[:3]:
        out(f"  * {hit.title} ({hit.kind})")
    if results.suggestion:
        out(f"  ? {results.suggestion}")


def run(lang: str = "nl", read=input, out=print, settings: Settings | None = None) -> int:
    data = _loaded(settings or Settings.from_env())
    kb = data.kb
    answers: list[tuple[str, str]] = []
    out("Loketwijzer. Type a number. 't' = back, 'q' = stop; other text is a search.")
    while True:
        turn = conversation.turn(kb, answers, lang)
        if turn.plan is not None:
            _print_plan(turn.plan, out)
            return 0
        _ask(turn, out)
        try:
            raw = read("> ").strip()
        except EOFError:
            return 0
        if raw.lower() == "q":
            return 0
        if raw.lower() == "t":
            answers = conversation.back(answers)
            continue
        value = _value(kb, turn, raw, out)
        if value:
            answers = conversation.answer(kb, answers, value)
        elif value is None and raw:
            _search(data, raw, lang, out)
