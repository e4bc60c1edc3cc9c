"""Over generated people: no counter they cannot use, no sentence that is untrue for them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import conversation

AGES = {"onder-18": (0, 17), "18-26": (18, 26), "27-plus": (27, 120)}
HOMELESS = {"straat", "nachtopvang", "tijdelijke-opvang", "instelling", "geen-woning", "bank"}


def person(kb, picks: list[int]) -> tuple[list[tuple[str, str]], dict]:
    """Walk the chat choosing by the picks (places included); (answers, facts) at the plan."""
    answers: list[tuple[str, str]] = []
    for n in range(60):
        turn = conversation.turn(kb, answers, "nl")
        if turn.kind == "plan":
            return answers, conversation.facts(kb, answers)
        pick = picks[n % len(picks)]
        if turn.question_id == "gevaar":
            pick = 1  # not in danger: the crisis plan has its own tests
        values = [c.value for c in turn.choices] + (["-"] if turn.skippable else [])
        answers = conversation.answer(kb, answers, values[pick % len(values)])
    raise AssertionError("no plan")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=20))
def test_no_counter_in_a_plan_excludes_the_person(kb, picks):
    answers, facts = person(kb, picks)
    plan = conversation.turn(kb, answers, "nl").plan
    age = AGES.get(facts.get("age"))
    for step in plan.steps:
        for counter in step.counters:
            serves = counter.serves
            if serves is None:
                continue
            if age and serves.age_min is not None:
                assert age[1] >= serves.age_min, (counter.id, facts)
            if age and serves.age_max is not None:
                assert age[0] <= serves.age_max, (counter.id, facts)
            if "rechtmatig-verblijf" in serves.requires:
                assert facts.get("nationality") != "geen-vergunning", (counter.id, facts)
            if serves.groups == ["gezinnen"]:
                assert facts.get("children") is not False, (counter.id, facts)
            if serves.groups == ["dakloos"]:
                housed = facts.get("situation") == "uitzetting" and facts.get("sleep_tonight") is not False
                assert not housed, (counter.id, facts)


UNDER_27 = ("jonger dan 27", "under 27")
NO_ADDRESS = ("geen woonadres", "geen vaste woonplek", "no home address", "no fixed address")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=20),
       lang=st.sampled_from(["nl", "en"]))
def test_what_the_plan_tells_a_person_to_say_is_true_for_them(kb, picks, lang):
    answers, facts = person(kb, picks)
    plan = conversation.turn(kb, answers, lang).plan
    young = facts.get("age") in ("onder-18", "18-26")
    homeless = facts.get("situation") in HOMELESS or facts.get("sleep_tonight") is False or facts.get("brp") == "nee"
    for step in plan.steps:
        said = " ".join(x for x in (step.say, step.counter_card) if x).lower()
        if not young:
            assert not any(claim in said for claim in UNDER_27), (step.topic.id, facts, said)
        if not homeless:
            assert not any(claim in said for claim in NO_ADDRESS), (step.topic.id, facts, said)


def test_eligibility_leaves_out_only_what_the_person_said_rules_out(kb):
    from assistant.intake import eligibility

    onthaal = kb.municipalities["rotterdam"].counters["centraal-onthaal"]  # 23+, homeless, lawful residence
    assert not eligibility.fits(onthaal, {"age": "onder-18"})
    assert not eligibility.fits(onthaal, {"nationality": "geen-vergunning"})
    assert not eligibility.fits(onthaal, {"situation": "uitzetting", "sleep_tonight": True})  # still housed
    assert eligibility.fits(onthaal, {"age": "18-26"})  # 23 to 26 fit: not ruled out
    assert eligibility.fits(onthaal, {})  # nothing said: nothing excluded
    buurtteams = kb.municipalities["utrecht"].counters["buurtteams"]  # adults or families
    assert eligibility.fits(buurtteams, {"age": "onder-18", "children": True})
    assert not eligibility.fits(buurtteams, {"age": "onder-18", "children": False})
