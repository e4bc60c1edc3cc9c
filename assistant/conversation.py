"""What the assistant says next, for any channel: a question with choices, or a plan.

Turns hold plain data in the person's language. The web page, SMS and terminal only
render them; none of them decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .intake import engine
from .knowledge.loader import Knowledge
from .knowledge.models import Counter, Municipality, Topic


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class Step:
    number: int
    topic: Topic  # in the person's language when we have it (topic.lang says which)
    counters: list[Counter]
    bring: list[str]
    say: str | None
    because: list[tuple[str, str]]  # (question, the answer given)
    counter_card: str | None  # always Dutch


@dataclass
class PlanView:
    intro: str
    steps: list[Step]
    urgency: str
    ethos: int | None
    ethos_label: str
    municipality: Municipality | None
    missing: list[str]  # topic ids of documents or registrations still missing


@dataclass
class Turn:
    kind: str  # "question" or "plan"
    lang: str
    history: list[tuple[str, str]] = field(default_factory=list)
    question_id: str = ""
    text: str = ""
    help: str = ""
    input: str = "choice"  # or "municipality": a free text box plus choices
    choices: list[Choice] = field(default_factory=list)
    skippable: bool = False
    number: int = 0  # how many questions answered so far
    plan: PlanView | None = None


# What each answer says is still missing (for outreach workers and the plan summary).
MISSING = (
    ("brp", ("nee", "weet-niet"), "briefadres"),
    ("id_document", (False,), "identiteitsbewijs"),
    ("insured", (False, "unknown"), "zorgverzekering"),
    ("income", ("geen",), "inkomen"),
)


def places(kb: Knowledge) -> dict[str, str]:
    return {slug: m.name for slug, m in kb.municipalities.items()}


def progress(kb: Knowledge, answers: list[tuple[str, str]]) -> engine.Progress:
    assert kb.flow is not None
    return engine.replay(kb.flow, answers, places(kb))


def turn(kb: Knowledge, answers: list[tuple[str, str]], lang: str) -> Turn:
    """The next turn; raises engine.InvalidAnswer when the answers do not fit the flow."""
    flow = kb.flow
    assert flow is not None
    state = progress(kb, answers)
    t = lambda value: engine.text(value, lang)  # noqa: E731
    history = [(t(flow.questions[a.question].text), t(a.label)) for a in state.history]
    if state.done(flow):
        return Turn(kind="plan", lang=lang, history=history, number=len(history), plan=plan_view(kb, state, lang))
    q = flow.questions[state.node]
    if q.kind == "municipality":
        choices = [Choice(slug, m.name) for slug, m in sorted(kb.municipalities.items(), key=lambda i: i[1].name)]
        other = t(flow.texts.get("other_place")) or t(flow.texts.get("unknown_place"))
        choices.append(Choice(engine.UNKNOWN_PLACE, other))
    else:
        choices = [Choice(o.id, t(o.label)) for o in q.options]
    return Turn(
        kind="question",
        lang=lang,
        history=history,
        question_id=state.node,
        text=t(q.text),
        help=t(q.help),
        input=q.kind,
        choices=choices,
        skippable=q.skippable,
        number=len(history),
    )


def plan_view(kb: Knowledge, state: engine.Progress, lang: str) -> PlanView:
    flow = kb.flow
    assert flow is not None
    plan = engine.build_plan(flow, state)
    muni = kb.municipalities.get(plan.municipality or "")
    steps = []
    for n, step in enumerate(plan.steps, start=1):
        topic = kb.topic(step.topic, lang)
        if topic is None:
            continue
        dutch = kb.topics.get((step.topic, "nl"))
        counters = muni.counters_for(step.topic) if muni else []
        bring = list(topic.bring)
        for c in counters[:1]:
            bring += [b for b in c.bring if b not in bring] if lang == "nl" else []
        steps.append(
            Step(
                number=n,
                topic=topic,
                counters=counters,
                bring=bring,
                say=topic.say,
                because=[
                    (engine.text(flow.questions[a.question].text, lang), engine.text(a.label, lang))
                    for a in step.because
                ],
                counter_card=dutch.counter_card if dutch else None,
            )
        )
    missing = [topic for key, values, topic in MISSING if plan.facts.get(key) in values]
    ethos_label = engine.text(flow.ethos.get(plan.ethos), lang) if plan.ethos else ""
    return PlanView(
        intro=engine.text(flow.outcomes[plan.outcome].text, lang),
        steps=steps,
        urgency=plan.urgency,
        ethos=plan.ethos,
        ethos_label=ethos_label,
        municipality=muni,
        missing=missing,
    )
