"""The outreach worker's one-page form: every question at once, checked as the chat would ask.

Pure core, no Flask: the worker view renders what this returns and translates the
problem codes. The form's shape (asking order, which answers make a question matter,
answers that end the intake) comes from the flow's one graph; defaults and the answers
that contradict each other come from the flow file (`worker:`), so editors change them
without code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .conversation import Answers, Choice, StaleState, find_place, place_choices, places, progress, text
from .intake.engine import advance, pass_by
from .knowledge.flowgraph import SKIP, UNKNOWN_PLACE
from .knowledge.loader import Knowledge

# Problem codes; the view turns them into sentences in the worker's language.
UNKNOWN_ANSWER = "unknown-answer"
NEEDED = "needed"
NEEDED_PLACE = "needed-place"
DOES_NOT_FIT = "does-not-fit"
WHICH_PLACE = "which-place"  # the typed place fits several municipalities, or none


@dataclass
class FormField:
    id: str
    text: str
    kind: str  # "choice" or "municipality"
    choices: list[Choice]  # without "not asked" and "other place": the view adds its own labels
    skippable: bool
    gate: tuple[str, list[str]] | None  # (question text, answer labels) when only asked after those answers
    ends: list[str]  # labels of answers that end the intake at once ("in danger")
    value: str = ""
    errors: list[str] = field(default_factory=list)


def _labels(kb: Knowledge, qid: str, lang: str) -> dict[str, str]:
    assert kb.flow is not None
    return {o.id: text(o.label, lang) for o in kb.flow.questions[qid].options}


def default_value(kb: Knowledge, qid: str, remembered_place: str = "") -> str:
    """Where a worker on the street starts: the flow's worker default, else "don't know", else not asked."""
    assert kb.flow is not None
    q = kb.flow.questions[qid]
    if q.kind == "municipality":
        return remembered_place if remembered_place in places(kb) else UNKNOWN_PLACE
    ids = [o.id for o in q.options]
    wanted = kb.flow.worker.defaults.get(qid)
    if wanted in ids:
        return str(wanted)
    if "weet-niet" in ids:
        return "weet-niet"
    return SKIP if q.skippable else ""


def defaults(kb: Knowledge, remembered_place: str = "") -> dict[str, str]:
    assert kb.flow is not None
    return {qid: default_value(kb, qid, remembered_place) for qid in kb.flow.questions}


def valid_values(kb: Knowledge, qid: str) -> list[str]:
    assert kb.flow is not None
    q = kb.flow.questions[qid]
    values = list(places(kb)) + [UNKNOWN_PLACE] if q.kind == "municipality" else [o.id for o in q.options]
    return values + ([SKIP] if q.skippable else [])


def form_fields(kb: Knowledge, values: dict[str, str], lang: str) -> list[FormField]:
    """One field per question, in the order the chat asks them."""
    flow, graph = kb.flow, kb.graph
    assert flow is not None
    fields = []
    for qid in graph.order:
        q = flow.questions[qid]
        choices = (
            place_choices(kb) if q.kind == "municipality" else [Choice(o.id, text(o.label, lang)) for o in q.options]
        )
        gate = None
        if qid in graph.gates:
            src, gate_values = graph.gates[qid]
            labels = _labels(kb, src, lang)
            gate = (text(flow.questions[src].text, lang), [labels.get(v, v) for v in gate_values])
        labels = _labels(kb, qid, lang)
        ends = [labels.get(v, v) for v in graph.ends_here(qid)]
        fields.append(FormField(qid, text(q.text, lang), q.kind, choices, q.skippable, gate, ends, values.get(qid, "")))
    return fields


def walk(kb: Knowledge, values: dict[str, str]) -> tuple[Answers, list[str]]:
    """(answers as the chat would collect them, required questions on the path left empty).

    Questions the path does not reach are not asked, so their values are not used. A
    skippable question left empty counts as skipped. An empty answer is passed by the way
    most answers go, so the rest of the form is still checked."""
    flow, graph = kb.flow, kb.graph
    assert flow is not None
    answers: Answers = []
    empty: list[str] = []
    facts: dict = {}  # so the questions the chat would pass by are passed by here too
    node = pass_by(graph, graph.start, facts)
    for _guard in range(len(flow.questions) + 1):
        if node not in flow.questions:
            break
        q = flow.questions[node]
        value = values.get(node, "") or (SKIP if q.skippable else "")
        nxt = advance(graph, node, value, facts) if value else None
        if nxt is None:
            empty.append(node)
            targets = [e.target for e in graph.edges[node]]
            node = pass_by(graph, max(targets, key=lambda t: (t in flow.questions, targets.count(t))), facts)
            continue
        answers.append((node, value))
        node = nxt
    return answers, empty


def contradictions(kb: Knowledge, chosen: dict[str, str], lang: str) -> list[tuple[tuple[str, ...], str]]:
    """Answers that do not fit together: (the questions involved, what to check), from the flow file."""
    assert kb.flow is not None
    return [(rule.questions, text(rule.message, lang)) for rule in kb.flow.worker.found(chosen)]


@dataclass
class Checked:
    answers: Answers
    errors: dict[str, list[str]]  # question -> problem codes or contradiction sentences
    problems: int  # how many messages, for the summary
    contradiction: bool
    unused: list[str]  # question texts answered but not used on this path
    place_options: list[str] = field(default_factory=list)  # "which town?": the names that fit or look alike


def check(kb: Knowledge, values: dict[str, str], confirmed: bool, lang: str, remembered_place: str = "") -> Checked:
    """The form's answers as the chat's answers, with every problem next to its question."""
    flow = kb.flow
    assert flow is not None
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    options: list[str] = []
    for qid in flow.questions:
        value = values.get(qid, "")
        if value and flow.questions[qid].kind == "municipality" and value not in valid_values(kb, qid):
            typed = find_place(kb, value)  # a typed place: "Hoogvliet" is Rotterdam
            if typed.place is None:
                errors.setdefault(qid, []).append(WHICH_PLACE)
                options = [o.label for o in typed.options]
            value = typed.place.key if typed.place else ""
        if value and value not in valid_values(kb, qid):
            errors.setdefault(qid, []).append(UNKNOWN_ANSWER)
            value = ""
        clean[qid] = value
    answers, empty = walk(kb, clean)
    for qid in empty:
        if qid not in errors:
            errors.setdefault(qid, []).append(NEEDED_PLACE if flow.questions[qid].kind == "municipality" else NEEDED)
    chosen = dict(answers)
    found = contradictions(kb, chosen, lang) if not confirmed else []
    for qids, message in found:
        for qid in qids:
            errors.setdefault(qid, []).append(message)
    known: dict = {}
    if not errors:
        try:
            known = progress(kb, answers).facts
        except StaleState:
            errors.setdefault(flow.start, []).append(DOES_NOT_FIT)
    start = defaults(kb, remembered_place)
    unused = [
        text(flow.questions[qid].text, lang)
        for qid in kb.graph.order
        if qid not in chosen
        and clean.get(qid)
        and clean[qid] not in (start[qid], SKIP)
        and not flow.questions[qid].skipped_for(known)  # passed by: already known, like "tonight" for the street
    ]
    problems = sum(len(v) for v in errors.values())
    return Checked(answers, errors, problems, bool(found), unused, options)
