"""The one conversation core for every channel: what the assistant says next, and every change.

Read side: `turn()` gives a question with choices, or a plan, as plain data in the
person's language. Write side: `answer`, `answer_place`, `back`, `restart`,
`open_link` and `check_form` (the outreach worker's form) are the only ways a state
moves on. The state is only the list of answers; where an answer leads comes from the
flow's one graph (knowledge/flowgraph.py) through the intake engine.

Channels (web, API, worker, SMS, terminal) parse input and render turns; none of them
imports the engine or the graph. Anything that does not fit raises StaleState (or its
kinder cousin NotAnOption: ask the same question again), and every channel answers it
in one kind way that keeps what can be kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from . import planlink
from .intake import eligibility, engine, eu
from .intake.engine import NotAnOption, StaleState
from .knowledge.flowgraph import SKIP, UNKNOWN_PLACE
from .knowledge.loader import Knowledge
from .knowledge.models import Counter, Municipality, Question, Topic
from .knowledge.places import Match, Place

__all__ = ["SKIP", "UNKNOWN_PLACE", "NotAnOption", "StaleState", "TokenError"]

TokenError = planlink.TokenError  # a StaleState: a link that was changed or fits no flow we know
text = engine.text  # a flow text in the person's language
Answers = list[tuple[str, str]]


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class Step:
    number: int
    topic: Topic  # in the person's language when we have it (topic.lang says which)
    summary: str  # the topic's summary, in the words that are true for this person
    counters: list[Counter]
    bring: list[str]
    say: str | None
    because: list[tuple[str, str]]  # (question, the answer given)
    counter_card: str | None  # always Dutch
    same_as: int | None = None  # the earlier step that sends the person to the same counter


@dataclass
class PlanView:
    intro: str
    steps: list[Step]
    urgency: str
    ethos: int | None
    ethos_label: str
    municipality: Municipality | None
    missing: list[str]  # topic ids of documents or registrations still missing
    outcome: str = "plan"  # the flow outcome: "crisis" when the person is in danger now
    also: list[Topic] = field(default_factory=list)  # more that applies ("Ook voor jou"), nothing dropped
    eu: object | None = None  # the EU residence assessment (intake/eu.py), for EU citizens
    route: PlaceRoute | None = None  # a municipality we have no files for: where to go instead


    @property
    def first(self) -> Step | None:
        """"Nu eerst": the step the plan opens with."""
        return self.steps[0] if self.steps else None


@dataclass
class PlaceRoute:
    """The honest route for a municipality without local files (templates/_place_route.html)."""

    place: Place  # "gemeente Oss": briefadres, registration and income are arranged there
    centre: Place | None  # the centrumgemeente a source names for its region
    centre_source: str | None
    nearby: list[Municipality]  # else: centrumgemeenten we have files for in the same province


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
    can_finish: bool = False  # the essentials are answered: "Toon mijn plan nu" may skip the rest
    chosen: str | None = None  # an earlier question seen again (Back): the answer given then
    chosen_label: str = ""  # that answer as the person saw it (a typed place: its name)


# What each answer says is still missing (for outreach workers and the plan summary).
MISSING = (
    ("brp", ("nee", "weet-niet"), "briefadres"),
    ("id_document", (False,), "identiteitsbewijs"),
    ("insured", (False, "unknown"), "zorgverzekering"),
    ("income", ("geen",), "inkomen"),
)


def places(kb: Knowledge) -> Mapping[str, str]:
    """Every municipality an answer may name (key -> name), covered by our files or not."""
    return kb.places.labels()


def place_choices(kb: Knowledge) -> list[Choice]:
    """The municipalities we have files for, by name: the quick choices in every channel."""
    return [Choice(slug, m.name) for slug, m in sorted(kb.municipalities.items(), key=lambda i: i[1].name)]


def other_place_label(kb: Knowledge, lang: str) -> str:
    assert kb.flow is not None
    return text(kb.flow.texts.get("other_place"), lang) or text(kb.flow.texts.get("unknown_place"), lang)


def progress(kb: Knowledge, answers: Answers) -> engine.Progress:
    """Where these answers stand (node, facts, history); raises StaleState when they do not fit."""
    return engine.replay(kb.graph, answers, places(kb))


def facts(kb: Knowledge, answers: Answers) -> dict:
    """The facts the answers set so far; {} for a stale state (nothing to personalise with)."""
    try:
        return progress(kb, answers).facts
    except StaleState:
        return {}


@dataclass
class Asked:
    """One question as data, for channels that show several at once (the SMS batch, the worker form)."""

    qid: str
    kind: str  # "choice" or "municipality"
    text: str
    help: str
    choices: list[Choice]
    skippable: bool


def question(kb: Knowledge, qid: str, lang: str, short: bool = False) -> Asked:
    """A question in the person's language; short: the SMS wording where the flow has one."""
    assert kb.flow is not None
    q = kb.flow.questions[qid]
    if q.kind == "municipality":
        choices = place_choices(kb)
    else:
        choices = [Choice(o.id, text((o.sms or o.label) if short else o.label, lang)) for o in q.options]
    return Asked(
        qid, q.kind, text((q.sms or q.text) if short else q.text, lang), text(q.help, lang), choices, q.skippable
    )


def place_next(kb: Knowledge, qid: str) -> list[int]:
    """The numbers (from 1) of qid's answers that lead straight to the place question: a
    channel may ask for the town in the same message ("2 Utrecht")."""
    graph, flow = kb.graph, kb.graph.flow
    q = flow.questions.get(qid)
    if q is None or q.kind != "choice":
        return []
    return [
        n for n, o in enumerate(q.options, 1)
        if (nxt := graph.next(qid, o.id)) in flow.questions and flow.questions[nxt].kind == "municipality"
    ]


def following(kb: Knowledge, qid: str, limit: int, answers: Answers | None = None) -> list[str]:
    """qid and the questions that may be asked with it in one message (at most limit).

    Without answers: the questions that always follow qid whatever the answers. With the
    answers given so far the facts are known, so a question passed by for some people
    (skip_when) is in or out for this person, and two more kinds may join:

    - a question that every answer in the message leads to, once the facts are known;
    - a follow-up inside a block of follow-ups (the message starts with a question only
      asked after a particular answer, and this one is asked after an answer in the same
      message): an answer that makes it moot only skips it, and its number is then ignored.

    Never a question some answer would put another question in front of: that question
    would be asked again.
    """
    if answers is None:
        return kb.graph.run_from(qid, limit)
    graph, flow = kb.graph, kb.graph.flow
    if qid not in flow.questions or flow.questions[qid].kind == "municipality":
        return [qid]
    position = {q: n for n, q in enumerate(graph.order)}
    start_facts = progress(kb, answers).facts
    run = [qid]
    while len(run) < limit:
        # Every way the person can answer the run so far: (where it leads, the facts then).
        ends = _ends(graph, run, start_facts)
        nexts = {node for node, _facts in ends}
        if len(nexts) == 1:
            nxt = nexts.pop()
        else:
            candidates = [n for n in nexts if n in flow.questions]
            if not candidates:
                break
            nxt = min(candidates, key=lambda n: position.get(n, 10**6))
            if not _follows_up(graph, run, nxt):
                break
            # The others must only pass it by, forward; none may go to a question before it.
            if any(position.get(n, 10**6) < position[nxt] for n in nexts if n in flow.questions):
                break
        nq = flow.questions.get(nxt)
        if nq is None or nq.kind == "municipality":
            break
        run.append(nxt)
    return run


def _follows_up(graph: engine.FlowGraph, run: list[str], qid: str) -> bool:
    """True when qid is a follow-up to the run: asked or passed by because of an answer in it.

    Either a follow-up inside a block of follow-ups (the run starts with a question only
    asked after a particular answer, and qid is asked after an answer in the run: "How
    long in NL?" after "Do you work here?"), or a question passed by for facts only the
    run sets ("A bed tonight?" after "Where do you sleep now?")."""
    gate = graph.gates.get(qid)
    if gate is not None:
        return run[0] in graph.gates and gate[0] in run
    keys = _skip_keys(graph.flow.questions[qid])
    set_in_run = {k for q in run for o in graph.flow.questions[q].options for k in o.set}
    return bool(keys) and keys <= set_in_run


def _ends(graph: engine.FlowGraph, run: list[str], facts: dict) -> set[tuple[str, str]]:
    """Where answering the questions of run (each that is reached) can lead, with the facts that decide."""
    keys = sorted({k for q in graph.flow.questions.values() for k in _skip_keys(q)})
    states = {(run[0], tuple((k, str(facts.get(k))) for k in keys)): dict(facts)}
    for qid in run:
        nxt_states = {}
        for (node, key), f in states.items():
            if node != qid:  # this answer combination passed qid by
                nxt_states[(node, key)] = f
                continue
            q = graph.flow.questions[qid]
            values = [o.id for o in q.options] + ([SKIP] if q.skippable else [])
            for value in values:
                f2 = dict(f)
                target = engine.advance(graph, qid, value, f2)
                if target is None:
                    continue
                nxt_states[(target, tuple((k, str(f2.get(k))) for k in keys))] = f2
        states = nxt_states
    return {(node, str(key)) for node, key in states}


def _skip_keys(q: Question) -> set[str]:
    alternatives = q.skip_when if isinstance(q.skip_when, list) else [q.skip_when] if q.skip_when else []
    return {k for alt in alternatives for k in alt}


def turn(kb: Knowledge, answers: Answers, lang: str) -> Turn:
    """The next turn; raises StaleState when the answers do not fit the flow."""
    flow = kb.flow
    assert flow is not None
    state = progress(kb, answers)
    history = [(text(flow.questions[a.question].text, lang), text(a.label, lang)) for a in state.history]
    if state.done(flow):
        return Turn(kind="plan", lang=lang, history=history, number=len(history), plan=plan_view(kb, state, lang))
    asked = question(kb, state.node, lang)
    choices = asked.choices
    if asked.kind == "municipality":
        choices = choices + [Choice(UNKNOWN_PLACE, other_place_label(kb, lang))]
    return Turn(
        kind="question",
        lang=lang,
        history=history,
        question_id=state.node,
        text=asked.text,
        help=asked.help,
        input=asked.kind,
        choices=choices,
        skippable=asked.skippable,
        number=len(history),
        can_finish=_rest_skippable(kb, state),
    )


def turn_at(kb: Knowledge, answers: Answers, question_id: str, lang: str) -> Turn | None:
    """The question question_id as the person met it: the current one, or an earlier one
    with the answer given then (Back). None when these answers never reached it.
    Raises StaleState when the answers do not fit the flow."""
    for i, (qid, value) in enumerate(answers):
        if qid != question_id:
            continue
        earlier = turn(kb, answers[:i], lang)
        if earlier.kind != "question" or earlier.question_id != qid:
            return None
        earlier.chosen = value
        labels = {c.value: c.label for c in earlier.choices}
        muni = kb.municipalities.get(value)
        earlier.chosen_label = labels.get(value) or (muni.name if muni else "")
        return earlier
    now = turn(kb, answers, lang)
    return now if now.kind == "question" and now.question_id == question_id else None


def after(answers: Answers, question_id: str) -> str | None:
    """The question answered right after question_id; None when it is the last one answered."""
    ids = [qid for qid, _value in answers]
    if question_id in ids and ids.index(question_id) + 1 < len(ids):
        return ids[ids.index(question_id) + 1]
    return None


def before(answers: Answers, question_id: str) -> str | None:
    """The question answered before question_id (the current question when not answered yet)."""
    ids = [qid for qid, _value in answers]
    at = ids.index(question_id) if question_id in ids else len(ids)
    return ids[at - 1] if at > 0 else None


def _rest_skippable(kb: Knowledge, state: engine.Progress) -> bool:
    """True when every question still ahead may be skipped, so a plan can be made now."""
    flow = kb.graph.flow
    node = state.node
    for _guard in range(len(flow.questions) + 1):
        q = flow.questions.get(node)
        if q is None:
            return node in flow.outcomes
        if not q.skippable:
            return False
        node = engine.pass_by(kb.graph, kb.graph.skip_target(node), state.facts)
    return False


# ---- the write side: the only ways a state moves on ------------------------------------


def answer(kb: Knowledge, answers: Answers, value: str, question_id: str | None = None) -> Answers:
    """The answers after answering the current question with value.

    question_id: the question the channel showed. When it is no longer the current one (a
    double click, an old tab, a retried message) nothing changes. Raises StaleState when
    the answers do not fit the flow, NotAnOption when value is not an answer here."""
    state = progress(kb, answers)
    if question_id is not None and question_id != state.node:
        return list(answers)
    if state.done(kb.graph.flow):
        raise StaleState("the intake is already complete")
    engine.apply(kb.graph, state, state.node, str(value)[:80], places(kb))
    return state.answers


def find_place(kb: Knowledge, typed: str) -> Match:
    """The municipality a typed place names (any of the 342, by any woonplaats or alias),
    the ones it might name, or suggestions: never one picked when two fit."""
    return kb.places.match(typed)


def match_place(kb: Knowledge, typed: str) -> Municipality | None:
    """The covered municipality a typed place lies in ("Hoogvliet" -> Rotterdam), if exactly one."""
    found = find_place(kb, typed).place
    return kb.municipalities.get(found.key) if found else None


class PlaceUnclear(NotAnOption):
    """The typed place fits several municipalities, or none: ask "which town?" with options."""

    def __init__(self, match: Match):
        super().__init__("which town?")
        self.match = match


@dataclass
class PlaceAnswer:
    answers: Answers
    found: Municipality | None  # None: a municipality we have no files for (the plan gives its route)
    place: Place | None = None


def answer_place(kb: Knowledge, answers: Answers, typed: str, question_id: str | None = None) -> PlaceAnswer:
    """Answer the municipality question with a typed place name.

    Raises PlaceUnclear (a NotAnOption) when the name fits no municipality or several:
    the channel asks again with the options it carries."""
    if not typed.strip():
        raise PlaceUnclear(Match(None))
    found = find_place(kb, typed)
    if found.place is None:
        raise PlaceUnclear(found)
    done = answer(kb, answers, found.place.key, question_id)
    return PlaceAnswer(done, kb.municipalities.get(found.place.key), found.place)


def finish(kb: Knowledge, answers: Answers, question_id: str | None = None) -> Answers:
    """ "Toon mijn plan nu": skip every question still ahead, when all may be skipped.

    Raises NotAnOption when a question ahead must be answered first."""
    state = progress(kb, answers)
    if question_id is not None and question_id != state.node:
        return list(answers)
    if not _rest_skippable(kb, state):
        raise NotAnOption("a question ahead must be answered first")
    while not state.done(kb.graph.flow):
        engine.apply(kb.graph, state, state.node, SKIP, places(kb))
    return state.answers


def revise(kb: Knowledge, answers: Answers, question_id: str, change) -> Answers:
    """Answer an earlier question again (after Back), keeping every later answer that still fits.

    change(answers before question_id) gives those answers plus the new one: `answer` or
    `answer_place` on them. The same answer again changes nothing (a double click). For a
    question not answered yet this is change(answers)."""
    ids = [qid for qid, _value in answers]
    if question_id not in ids:
        return change(list(answers))
    at = ids.index(question_id)
    head = list(answers[:at])
    new = change(head)
    if new[: at + 1] == list(answers[: at + 1]) or new == head:
        return list(answers)
    return carry(kb, new, dict(answers[at + 1 :]))


def carry(kb: Knowledge, kept: Answers, wanted: dict[str, str]) -> Answers:
    """kept, followed by the answers in wanted to each question they lead to, while they fit."""
    wanted = dict(wanted)
    while True:
        state = progress(kb, kept)
        if state.done(kb.graph.flow) or state.node not in wanted:
            return kept
        try:
            kept = answer(kb, kept, wanted.pop(state.node))
        except NotAnOption:
            return kept


def back(answers: Answers) -> Answers:
    return list(answers[:-1])


def restart() -> Answers:
    return []


def keep(kb: Knowledge, answers: Answers) -> Answers:
    """The answers that still fit the flow, from the start: what a stale state can keep."""
    kept: Answers = []
    for qid, value in answers:
        try:
            longer = answer(kb, kept, value, qid)
        except StaleState:
            break
        if longer == kept:  # qid is not the question these answers lead to
            break
        kept = longer
    return kept


# ---- plan links ----------------------------------------------------------------------


def make_link(kb: Knowledge, secret: str | bytes, answers: Answers, lang: str) -> str:
    """The short signed token for a plan (worker hand-over, the last SMS)."""
    return planlink.make(secret, answers, lang, graph=kb.graph)


@dataclass
class Opened:
    answers: Answers  # what the link's answers give in today's flow
    lang: str
    complete: bool  # True: a whole plan
    changed: bool  # made for an older flow: when not complete, these answers are what could be kept


def open_link(kb: Knowledge, secret: str | bytes, token: str) -> Opened:
    """The plan behind a link, also when it was made before the questions changed.

    A link for today's flow opens its plan. A link for an older flow is read with that
    flow and its answers are carried over, question by question: when they still reach a
    plan, that plan; else what could be kept, to go on from. Raises TokenError (a
    StaleState) for a link that was changed or fits no flow we know."""
    old, lang, graph = planlink.read(secret, token, graphs=kb.graphs())
    if graph is kb.graph:
        state = progress(kb, old)
        return Opened(old, lang, state.done(kb.graph.flow), changed=False)
    kept = carry(kb, [], dict(old))
    return Opened(kept, lang, progress(kb, kept).done(kb.graph.flow), changed=True)


def _counters(muni: Municipality | None, topic: Topic | None, facts: dict) -> list[Counter]:
    """The counters for a step this person can use, best first; the general contact when none fits."""
    if muni is None or topic is None or topic.national:
        return []
    topic_id = topic.id
    found = muni.counters_for(topic_id)
    usable = eligibility.ranked(found, facts)
    general = muni.counters.get("gemeente")
    if not usable and general is not None and general not in found:
        usable = eligibility.ranked([general], facts)
    return usable


def plan_view(kb: Knowledge, state: engine.Progress, lang: str) -> PlanView:
    flow = kb.flow
    assert flow is not None
    plan = engine.build_plan(flow, state)
    muni = kb.municipalities.get(plan.municipality or "")
    outcome = flow.outcomes[plan.outcome]
    steps: list[Step] = []
    also: list[Topic] = []
    first_step_at: dict[tuple[str, str], int] = {}  # counter -> the step that shows it in full
    for step in plan.steps:
        topic = kb.topic(step.topic, lang)
        if topic is None:
            continue
        if len(steps) >= outcome.max_steps:
            also.append(topic)
            continue
        n = len(steps) + 1
        dutch = kb.topics.get((step.topic, "nl"))
        counters = _counters(muni, dutch, plan.facts)
        bring = list(topic.bring)
        for c in counters[:1]:
            bring += [b for b in c.bring if b not in bring] if lang == "nl" else []
        key = (counters[0].municipality, counters[0].id) if counters else None
        same_as = first_step_at.get(key) if key else None
        if key and same_as is None:
            first_step_at[key] = n
        steps.append(
            Step(
                number=n,
                topic=topic,
                summary=topic.summary_for(plan.facts),
                counters=counters,
                bring=bring,
                say=topic.say_for(plan.facts),
                because=[(text(flow.questions[a.question].text, lang), text(a.label, lang)) for a in step.because],
                counter_card=dutch.card_for(plan.facts) if dutch else None,
                same_as=same_as,
            )
        )
    missing = [topic for key, values, topic in MISSING if plan.facts.get(key) in values]
    if plan.facts.get("nationality") == "geen-vergunning":  # no permit: no BRP, insurance or bijstand to arrange
        missing = [t for t in missing if t not in ("briefadres", "zorgverzekering", "inkomen")]
    ethos_label = text(flow.ethos.get(plan.ethos), lang) if plan.ethos else ""
    place = kb.places.get(plan.municipality)
    route = None
    if place is not None and muni is None:
        centre = kb.places.centre_of(place)
        covered = [kb.municipalities[p.key] for p in kb.places.nearest_covered(place, most=len(kb.municipalities))]
        # Only those whose own files say they are a centrumgemeente, and only without a sourced region.
        nearby = [] if centre else [m for m in covered if m.centrumgemeente == m.slug][:2]
        route = PlaceRoute(place, centre, place.region_source, nearby)
    return PlanView(
        intro=text(outcome.text, lang),
        steps=steps,
        urgency=plan.urgency,
        ethos=plan.ethos,
        ethos_label=ethos_label,
        municipality=muni,
        missing=missing,
        outcome=plan.outcome,
        also=also,
        eu=eu.assess(plan.facts, lang),
        route=route,
    )


# ---- a typed sentence: what it says, confirmed before it counts ------------------------


@dataclass
class Understood:
    """One thing read from a sentence, as the person sees it to confirm."""

    question: str
    value: str
    label: str  # the answer in the person's language ("18 tot en met 26", "Zwolle")
    evidence: str  # the person's own words that say so
    asked: str = ""  # the question it answers, in the person's language


@dataclass
class Reading:
    items: list[Understood]
    danger: bool
    unclear: list[str]  # questions the sentence answered two ways: they are asked

    @property
    def empty(self) -> bool:
        return not self.items and not self.danger


def understood(kb: Knowledge, qid: str, value: str, evidence: str, lang: str) -> Understood | None:
    """One confirmed-to-be thing as the person reads it; None for a question or answer that does not exist."""
    flow = kb.graph.flow
    if qid not in flow.questions:
        return None
    asked = question(kb, qid, lang)
    if asked.kind == "municipality":
        place = kb.places.get(value)
        label = place.display if place else ""
    else:
        label = next((c.label for c in asked.choices if c.value == value), "")
    return Understood(qid, value, label, evidence, asked.text) if label else None


def read(kb: Knowledge, text: str, lang: str) -> Reading:
    """What a typed sentence answers, in the person's language, to confirm. Records nothing."""
    from .understand import PLACE_QUESTION, understand

    found = understand(kb, text, lang)
    pairs = [(p.question, p.option, p.evidence) for p in found.answers]
    if found.place:
        pairs.append((PLACE_QUESTION, found.place, found.place_evidence))
    items = [u for u in (understood(kb, q, v, e, lang) for q, v, e in pairs) if u is not None]
    order = {qid: i for i, qid in enumerate(kb.graph.flow.questions)}
    items.sort(key=lambda u: order.get(u.question, 999))
    return Reading(items, found.danger, found.unclear)


def accept(kb: Knowledge, answers: Answers, known: dict[str, str]) -> tuple[Answers, dict[str, str]]:
    """The answers after the person confirmed what a sentence said (`known`: question ->
    answer). An earlier answer the person now confirmed otherwise is changed; every other
    answer is kept while it fits. What the intake has not reached yet waits, and is used
    when it gets there (`go_on`). Returns (answers, still waiting)."""
    wanted = dict(answers)
    wanted.update(known)
    new = carry(kb, [], wanted)
    return new, {q: v for q, v in known.items() if q not in dict(new)}


def go_on(kb: Knowledge, answers: Answers, waiting: dict[str, str]) -> tuple[Answers, dict[str, str]]:
    """Answer the questions ahead that the person already confirmed; the rest keeps waiting."""
    if not waiting:
        return list(answers), {}
    try:
        new = carry(kb, list(answers), waiting)
    except StaleState:
        return list(answers), {}
    return new, {q: v for q, v in waiting.items() if q not in dict(new)}
