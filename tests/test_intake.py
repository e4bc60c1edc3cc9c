"""The intake engine: every route ends in a plan, safety always comes first."""

from __future__ import annotations

import random

import pytest

from assistant import conversation
from assistant.intake import engine
from assistant.knowledge.flowcheck import check_flow
from assistant.knowledge.models import TOPIC_IDS, Flow

from .walk import page_of, steps_of, walk

# The questions whose answers decide the route or the top of the plan: every
# combination of these is walked. The other questions are varied one at a time.
ROUTING = ("gevaar", "gemeente", "situatie", "slapen", "leeftijd", "kinderen", "nationaliteit",
           "eu-werk", "eu-gewerkt", "eu-verblijf")


def options(flow: Flow, qid: str) -> list[str]:
    q = flow.questions[qid]
    if q.kind == "municipality":
        values = ["utrecht", engine.UNKNOWN_PLACE]
    else:
        values = [o.id for o in q.options]
    return values + ([engine.SKIP] if q.skippable else [])


def paths(graph, places: dict, choose_rest):
    """Depth-first: all answer sequences over ROUTING questions, others by choose_rest."""
    flow = graph.flow
    # What to try at each question, worked out once: the walk below meets them ~500,000 times.
    tries = {qid: options(flow, qid) if qid in ROUTING else [choose_rest(flow, qid)] for qid in flow.questions}
    stack = [engine.replay(graph, [], places)]
    while stack:
        state = stack.pop()
        if state.done(flow):
            yield state.answers, state
            continue
        qid = state.node
        for value in tries[qid]:
            # Extend a copy instead of replaying from the start: same rules, far faster.
            nxt = engine.Progress(node=state.node, facts=dict(state.facts), history=list(state.history))
            engine.apply(graph, nxt, qid, value, places)
            stack.append(nxt)


def check_plan(flow, state):
    plan = engine.build_plan(flow, state)
    topics = [s.topic for s in plan.steps]
    assert topics, state.answers
    assert len(topics) == len(set(topics))
    if len(topics) > 1:
        assert "waar-begin-ik" not in topics  # only when nothing more specific applies
    if state.facts.get("danger") is True:
        assert topics[0] == "crisis"
    if state.facts.get("sleep_tonight") is False:
        assert "nachtopvang" in topics[:2], (state.answers, topics)
    return topics


# Each variant walks all >10,000 routing combinations; the fast loop keeps one of them.
@pytest.mark.parametrize("rest", ["first", pytest.param("last", marks=pytest.mark.slow),
                                  pytest.param("skip", marks=pytest.mark.slow)])
def test_every_route_ends_in_a_plan_with_safety_first(kb, rest):
    flow = kb.flow
    places = conversation.places(kb)

    def choose(flow, qid):
        values = options(flow, qid)
        if rest == "first":
            return values[0]
        if rest == "skip" and engine.SKIP in values:
            return engine.SKIP
        return [v for v in values if v != engine.SKIP][-1]

    count = 0
    for _answers, state in paths(kb.graph, places, choose):
        check_plan(flow, state)
        count += 1
    assert count > 10_000  # all routing combinations, not a sample


def test_every_option_of_every_question_leads_to_a_plan(kb):
    """Each non-routing option, tried on every route's baseline, still ends in a sound plan."""
    flow, places = kb.flow, conversation.places(kb)
    for qid in flow.questions:
        if qid in ROUTING:
            continue
        for value in options(flow, qid):
            def choose(flow, q, qid=qid, value=value):
                return value if q == qid else options(flow, q)[0]

            asked = False
            for _answers, state in paths(kb.graph, places, choose):
                if not any(q == qid for q, _ in state.answers):
                    continue  # crisis ends early; some questions follow only some answers (EU)
                check_plan(flow, state)
                asked = True
                break
            assert asked, f"{qid}={value} is asked on no route"


def test_the_flow_is_sound(kb):
    problems = [p for p in check_flow(kb.flow, set(TOPIC_IDS)) if p[2] == "error"]
    assert problems == []


def test_flowcheck_finds_loops_dead_ends_and_unreachable_questions(kb):
    data = kb.flow.model_dump()
    data["questions"]["kinderen"]["options"][0]["next"] = "slapen"  # a loop
    data["questions"]["weesvraag"] = data["questions"]["leeftijd"]  # unreachable
    data["questions"]["brp"]["options"][0]["next"] = "nergens"  # a dead end
    messages = " | ".join(m for _, m, sev in check_flow(Flow.model_validate(data), set(TOPIC_IDS)) if sev == "error")
    assert "'nergens' is not a question or outcome" in messages
    data["questions"]["brp"]["options"][0]["next"] = "id"
    messages = " | ".join(m for _, m, sev in check_flow(Flow.model_validate(data), set(TOPIC_IDS)) if sev == "error")
    assert "loops" in messages
    assert "weesvraag" in messages


def test_back_and_invalid_answers(kb):
    places = conversation.places(kb)
    answers = engine.answer(kb.graph, [], "nee", places)
    answers = engine.answer(kb.graph, answers, "utrecht", places)
    assert engine.replay(kb.graph, answers, places).node == "situatie"
    assert engine.replay(kb.graph, conversation.back(answers), places).node == "gemeente"
    with pytest.raises(engine.StaleState):
        engine.answer(kb.graph, answers, "amsterdam-noord-bestaat-niet", places)
    with pytest.raises(engine.StaleState):
        engine.replay(kb.graph, [("slapen", "nee")], places)  # out of order
    with pytest.raises(engine.StaleState):
        engine.replay(kb.graph, [("gevaar", "nee")] * 100, places)


def test_because_names_the_answer_that_led_to_the_step(kb):
    flow, places = kb.flow, conversation.places(kb)
    answers = []
    for value in ["nee", "utrecht", "bank", "nee"]:  # sofa tonight, then "no safe place tonight"
        answers = engine.answer(kb.graph, answers, value, places)
    state = engine.replay(kb.graph, answers, places)
    while not state.done(flow):
        answers = engine.answer(kb.graph, answers, options(flow, state.node)[0], places)
        state = engine.replay(kb.graph, answers, places)
    view = conversation.plan_view(kb, state, "nl")
    night = next(s for s in view.steps if s.topic.id == "nachtopvang")
    assert any("slapen" in q and a == "Nee" for q, a in night.because)
    assert night.counters and all(c.municipality == "utrecht" for c in night.counters)


def test_random_walks_through_the_web_always_reach_a_plan(client, kb):
    """The engine-level enumeration above covers every route; these walks prove the web pages
    carry any mix of answers to a plan. Each walk prefers answers no walk chose yet (or the way to them), so forty
    reach every question and choose every option."""
    rng = random.Random(20261123)
    chosen: set[tuple[str, str]] = set()

    def unexplored_below(node: str) -> bool:
        """True when some answer not chosen yet can still be reached from node."""
        seen: set[str] = set()
        todo = [node]
        while todo:
            n = todo.pop()
            if n in seen or n not in kb.flow.questions:
                continue
            seen.add(n)
            if any((n, o.id) not in chosen for o in kb.flow.questions[n].options):
                return True
            todo += [e.target for e in kb.graph.edges[n]]
        return False

    def choose(qid: str, choices: list[str]) -> str:
        fresh = [c for c in choices if (qid, c) not in chosen]
        if not fresh:  # every answer here was tried: go where something is still untried
            fresh = [c for c in choices if (t := kb.graph.next(qid, c)) and unexplored_below(t)]
        pick = rng.choice(fresh or choices)
        chosen.add((qid, pick))
        return pick

    for _ in range(40):
        client.delete_cookie("lw")
        html, path = walk(client, choose)
        assert page_of(html) == "plan", path
        assert steps_of(html), path
    # If the flow grows past what these walks reach, this says so instead of testing less.
    assert {q for q, _ in chosen} == set(kb.flow.questions)
    assert {(qid, o.id) for qid, q in kb.flow.questions.items() for o in q.options} <= chosen


def test_check_rejects_an_answer_that_changes_nothing(kb):
    flow = kb.flow.model_copy(deep=True)
    flow.questions["zorg"].options[0].set = {"care": True, "favourite_colour": "blauw"}
    problems = [(loc, msg) for loc, msg, sev in check_flow(flow, set(TOPIC_IDS)) if sev == "error"]
    message = "nothing reads the fact 'favourite_colour': this answer changes nothing"
    assert (("questions", "zorg", "options", 0, "set"), message) in problems
    assert not [p for p in check_flow(kb.flow, set(TOPIC_IDS)) if p[2] == "error"]
