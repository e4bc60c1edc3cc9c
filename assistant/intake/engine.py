"""The intake decision tree: replay answers, find the next question, build the plan.

Pure Python on purpose: the web page, SMS and the terminal all call the same functions.
State is only the list of answers, so "back" is dropping the last one, and a stored or
signed state can always be checked by replaying it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..knowledge.flowgraph import SKIP, UNKNOWN_PLACE, FlowGraph
from ..knowledge.models import Condition, Flow, Question, Text, matches

MAX_ANSWERS = 60  # far above the longest path; stops a forged state from being huge


class StaleState(ValueError):
    """Answers that do not fit the flow (forged, made before the questions changed, or impossible).

    The one error for a state that cannot go on: every channel answers it the same kind way."""


class NotAnOption(StaleState):
    """The state is fine, but this value is not an answer to the current question: ask again."""


@dataclass(frozen=True)
class Answered:
    question: str
    value: str
    label: Text  # what the person chose, in every language we have
    facts: dict  # the facts this answer set


@dataclass
class Progress:
    node: str
    facts: dict = field(default_factory=dict)
    history: list[Answered] = field(default_factory=list)

    def done(self, flow: Flow) -> bool:
        return self.node in flow.outcomes

    @property
    def answers(self) -> list[tuple[str, str]]:
        return [(a.question, a.value) for a in self.history]


def apply(graph: FlowGraph, progress: Progress, qid: str, value: str, places: Mapping[str, str]) -> None:
    """Record one answer; where it leads comes from the flow's graph, never worked out here."""
    flow = graph.flow
    q = flow.questions[qid]
    target = graph.next(qid, value)  # None too for a skip where skipping is not allowed
    if target is None:
        raise NotAnOption(f"{value!r} is not an answer to {qid}")
    if value == SKIP:
        label: Text = flow.texts.get("skipped", {"nl": "overgeslagen"})
    elif q.kind == "municipality":
        if value != UNKNOWN_PLACE and value not in places:
            raise NotAnOption(f"unknown municipality {value!r}")
        label = (
            flow.texts.get("unknown_place", {"nl": "weet ik niet"}) if value == UNKNOWN_PLACE else {"nl": places[value]}
        )
    else:
        label = next(o.label for o in q.options if o.id == value)
    facts = facts_of(q, value)
    progress.facts.update(facts)
    progress.history.append(Answered(qid, value, label, facts))
    progress.node = pass_by(graph, target, progress.facts)


def facts_of(q: Question, value: str) -> dict:
    """The facts an answer sets."""
    if value == SKIP:
        return {}
    if q.kind == "municipality":
        return {"municipality": None if value == UNKNOWN_PLACE else value}
    return dict(next((o.set for o in q.options if o.id == value), {}))


def advance(graph: FlowGraph, qid: str, value: str, facts: dict) -> str | None:
    """Where answering qid with value leads, past the questions then passed by; adds the
    answer's facts to `facts`. None when value is not an answer to qid. For readers that
    walk answers without a Progress (plan links, the worker form)."""
    target = graph.next(qid, value)
    if target is None:
        return None
    facts.update(facts_of(graph.flow.questions[qid], value))
    return pass_by(graph, target, facts)


def pass_by(graph: FlowGraph, node: str, facts: dict) -> str:
    """From node on, past every question whose answer could change nothing for these facts."""
    for _guard in range(len(graph.flow.questions) + 1):
        q = graph.flow.questions.get(node)
        if q is None or not q.skipped_for(facts):
            return node
        node = graph.skip_target(node)
    return node


def replay(graph: FlowGraph, answers: list[tuple[str, str]], places: Mapping[str, str]) -> Progress:
    """Rebuild the state from answers; raises StaleState when they do not fit the flow."""
    if len(answers) > MAX_ANSWERS:
        raise StaleState("too many answers")
    progress = Progress(node=pass_by(graph, graph.start, {}))
    for qid, value in answers:
        if progress.node != qid:
            raise StaleState(f"expected an answer to {progress.node}, got {qid}")
        try:
            apply(graph, progress, qid, value, places)
        except NotAnOption as exc:
            raise StaleState(str(exc)) from exc  # stored answers that no longer fit: the state is stale
    return progress


def answer(
    graph: FlowGraph, answers: list[tuple[str, str]], value: str, places: Mapping[str, str]
) -> list[tuple[str, str]]:
    """The answers after answering the current question with value."""
    progress = replay(graph, answers, places)
    if progress.done(graph.flow):
        raise StaleState("the intake is already complete")
    apply(graph, progress, progress.node, value, places)
    return progress.answers


def back(answers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return answers[:-1]


# ---- the plan ----------------------------------------------------------------------


@dataclass
class PlanStep:
    topic: str
    priority: int
    because: list[Answered]  # the answers that made this step appear


@dataclass
class Plan:
    outcome: str
    steps: list[PlanStep]
    urgency: str
    ethos: int | None
    municipality: str | None
    facts: dict


def _because(condition: Condition, history: list[Answered]) -> list[Answered]:
    found = []
    for key in condition:
        for a in reversed(history):
            if key in a.facts:
                if a not in found:
                    found.append(a)
                break
    return found


def build_plan(flow: Flow, progress: Progress) -> Plan:
    if not progress.done(flow):
        raise StaleState("the intake is not complete yet")
    outcome = flow.outcomes[progress.node]
    facts = progress.facts
    chosen: dict[str, PlanStep] = {}
    for rule in flow.rules:
        if rule.unless and matches(rule.unless, facts):
            continue
        for alt in rule.alternatives():
            if matches(alt, facts):
                step = chosen.get(rule.topic)
                if step is None or rule.priority > step.priority:
                    chosen[rule.topic] = PlanStep(rule.topic, rule.priority, _because(alt, progress.history))
                break
    # Every step that applies, most urgent first: nothing is dropped. The channels show
    # the first max_steps in full and list the rest ("Ook voor jou").
    steps = sorted(chosen.values(), key=lambda s: -s.priority)
    extra = list(outcome.always) + (list(outcome.fallback) if not steps else [])
    for topic in extra:
        if topic not in {s.topic for s in steps}:
            steps.append(PlanStep(topic, 0, []))
    urgency = "laag"
    for level in flow.urgency:
        if any(matches(alt, facts) for alt in level.alternatives()):
            urgency = level.level
            break
    ethos = facts.get("ethos")
    return Plan(
        outcome=progress.node,
        steps=steps,
        urgency=urgency,
        ethos=ethos if isinstance(ethos, int) else None,
        municipality=facts.get("municipality"),
        facts=dict(facts),
    )


def text(value: Text | None, lang: str) -> str:
    """A flow text in the person's language, else English, else Dutch."""
    if not value:
        return ""
    return value.get(lang) or value.get("en") or value.get("nl") or ""
