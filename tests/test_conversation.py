"""The one write path: whatever a channel sends, the state stays one that replays, or it says why."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import conversation

# An operation a channel can ask for: answer with the n-th choice, answer with junk,
# answer a question that is not the current one, go back, restart.
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("choice"), st.integers(min_value=0, max_value=40)),
        st.tuples(st.just("junk"), st.text(max_size=30)),
        st.tuples(st.just("other-question"), st.integers(min_value=0, max_value=40)),
        st.tuples(st.just("back"), st.none()),
        st.tuples(st.just("restart"), st.none()),
        st.tuples(st.just("place"), st.text(max_size=20)),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPERATIONS)
def test_any_sequence_of_operations_leaves_a_state_that_replays(kb, ops):
    answers: list[tuple[str, str]] = []
    for op, arg in ops:
        turn = conversation.turn(kb, answers, "nl")
        before = list(answers)
        try:
            if op == "choice" and turn.kind == "question":
                value = turn.choices[arg % len(turn.choices)].value
                answers = conversation.answer(kb, answers, value, turn.question_id)
            elif op == "junk":
                answers = conversation.answer(kb, answers, arg)
            elif op == "other-question":
                qid = list(kb.flow.questions)[arg % len(kb.flow.questions)]
                if qid != turn.question_id:
                    assert conversation.answer(kb, answers, "nee", qid) == before  # an old tab changes nothing
            elif op == "back":
                answers = conversation.back(answers)
            elif op == "restart":
                answers = conversation.restart()
            elif op == "place" and turn.input == "municipality":
                answers = conversation.answer_place(kb, answers, arg, turn.question_id).answers
        except conversation.NotAnOption:
            assert answers == before  # asked again, nothing lost
        except conversation.StaleState:
            assert turn.kind == "plan"  # only a finished intake refuses more answers
        conversation.progress(kb, answers)  # never raises: every state we made replays
        assert conversation.keep(kb, answers) == answers


def test_keep_keeps_the_answers_that_still_fit_from_the_start(kb):
    assert conversation.keep(kb, [("gevaar", "nee"), ("gemeente", "zwemmen"), ("situatie", "straat")]) == [
        ("gevaar", "nee")
    ]
    assert conversation.keep(kb, [("situatie", "straat")]) == []


def test_a_place_nobody_has_files_for_is_answered_with_its_own_name(kb):
    answers = conversation.answer(kb, [], "nee")
    placed = conversation.answer_place(kb, answers, "Oss")
    assert placed.found is None and placed.answers[-1] == ("gemeente", "oss")
    assert placed.place.name == "Oss" and placed.place.province == "Noord-Brabant"
    assert conversation.answer_place(kb, answers, "'s-Gravenhage").found.slug == "den-haag"
    with pytest.raises(conversation.NotAnOption):
        conversation.answer_place(kb, answers, "   ")


def test_the_graph_is_built_once_and_held_with_the_build(loaded):
    assert loaded.kb.graph is loaded.kb.graph
    assert set(loaded.kb.graph.order) == set(loaded.kb.flow.questions)
