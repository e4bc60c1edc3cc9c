"""EU citizens get an estimate of their right to stay, not a maybe (issue 15, point 4).

Table tests: named people walked through the real flow, and every combination of the EU
answers. What they check is what a person or the counter staff would notice: the status,
that nothing they are told to say is untrue for them, that each EU question asked can
change the outcome, and that every language has every text.
"""

from __future__ import annotations

import itertools

import jinja2
import pytest

from assistant.intake import engine, eu
from assistant.knowledge.loader import load
from assistant.paths import ROOT

EU_QUESTIONS = ("eu-werk", "eu-verblijf", "eu-gewerkt", "eu-ontslag", "eu-werkzoekend")
# Every value each EU fact can have after the intake; None = not asked or skipped.
FACT_VALUES = {
    "eu_work": ("nu", "kwijt", "nee", None),
    "eu_stay": ("korter-dan-3-maanden", "3-maanden-tot-5-jaar", "langer-dan-5-jaar", None),
    "eu_worked": ("nooit", "korter-dan-jaar", "jaar-of-langer", None),
    "eu_involuntary": (True, False, None),
    "eu_jobseeker": ("uwv", "ja", "nee", None),
}
PREFIX = [("gevaar", "nee"), ("gemeente", "utrecht"), ("situatie", "straat"),
          ("leeftijd", "27-plus"), ("kinderen", "nee"), ("nationaliteit", "eu")]


@pytest.fixture(scope="module")
def flow_kb():
    return load(ROOT / "knowledge")


def every_combination():
    for values in itertools.product(*FACT_VALUES.values()):
        for brp in ("woonadres", "nee"):
            yield {"nationality": "eu", "brp": brp, **dict(zip(FACT_VALUES, values, strict=True))}


def eu_paths(kb):
    """Every way through the EU questions in the real flow: (answers, facts) at the first non-EU question."""
    graph = kb.graph
    start = engine.Progress(node="eu-werk", facts={"nationality": "eu"})
    stack = [start]
    while stack:
        state = stack.pop()
        if state.node not in EU_QUESTIONS:
            yield state.answers, state.facts
            continue
        q = kb.flow.questions[state.node]
        for value in [o.id for o in q.options] + ([engine.SKIP] if q.skippable else []):
            nxt = engine.Progress(node=state.node, facts=dict(state.facts), history=list(state.history))
            engine.apply(graph, nxt, state.node, value, {})
            stack.append(nxt)


def outcome(facts: dict) -> tuple:
    """The estimate itself: the status and what to do now. (The sentence and the proof follow
    every answer, so they would make any question look useful.)"""
    a = eu.assess(facts, "nl")
    return (a.status, a.tips)


# ---- named people, walked through the real flow --------------------------------------------

PEOPLE = [
    # (who, EU answers in the order asked, expected status)
    ("works now", {"eu-werk": "ja"}, eu.WORKER),
    ("lost job after 2 years, registered with UWV",
     {"eu-werk": "kwijt", "eu-verblijf": "3-maanden-tot-5-jaar", "eu-gewerkt": "jaar-of-langer",
      "eu-ontslag": "ja", "eu-werkzoekend": "uwv"}, eu.RETAINED_WORKER),
    ("lost job after 2 months, registered with UWV",
     {"eu-werk": "kwijt", "eu-verblijf": "3-maanden-tot-5-jaar", "eu-gewerkt": "korter-dan-jaar",
      "eu-ontslag": "ja", "eu-werkzoekend": "uwv"}, eu.RETAINED_SIX_MONTHS),
    ("lost job after 2 years, not registered yet",
     {"eu-werk": "kwijt", "eu-verblijf": "3-maanden-tot-5-jaar", "eu-gewerkt": "jaar-of-langer",
      "eu-ontslag": "ja", "eu-werkzoekend": "ja"}, eu.JOBSEEKER),
    ("quit the job, registered with UWV",
     {"eu-werk": "kwijt", "eu-verblijf": "3-maanden-tot-5-jaar", "eu-gewerkt": "jaar-of-langer",
      "eu-ontslag": "nee", "eu-werkzoekend": "uwv"}, eu.JOBSEEKER),
    ("never worked, looking for work",
     {"eu-werk": "nee", "eu-verblijf": "3-maanden-tot-5-jaar", "eu-gewerkt": "nooit",
      "eu-werkzoekend": "ja"}, eu.JOBSEEKER),
    ("never worked, not looking",
     {"eu-werk": "nee", "eu-verblijf": "3-maanden-tot-5-jaar", "eu-gewerkt": "nooit",
      "eu-werkzoekend": "nee"}, eu.INACTIVE),
    ("arrived last month", {"eu-werk": "kwijt", "eu-verblijf": "korter-dan-3-maanden"}, eu.FIRST_THREE_MONTHS),
    ("here for 8 years", {"eu-werk": "nee", "eu-verblijf": "langer-dan-5-jaar"}, eu.PERMANENT),
    ("skipped everything",
     {"eu-werk": "-", "eu-verblijf": "-", "eu-gewerkt": "-", "eu-werkzoekend": "-"}, eu.UNKNOWN),
    ("skipped work, not looking",
     {"eu-werk": "-", "eu-verblijf": "3-maanden-tot-5-jaar", "eu-gewerkt": "nooit",
      "eu-werkzoekend": "nee"}, eu.UNKNOWN),
]


@pytest.mark.parametrize(("who", "answers", "expected"), PEOPLE, ids=[p[0] for p in PEOPLE])
def test_named_people_get_their_status_through_the_real_flow(flow_kb, who, answers, expected):
    places = {"utrecht": "Utrecht"}
    state = engine.replay(flow_kb.graph, PREFIX + list(answers.items()), places)
    assert state.node == "brp", f"{who}: the EU questions asked were not exactly {list(answers)}"
    assert eu.status(state.facts) == expected
    a = eu.assess(state.facts, "nl")
    assert "De gemeente beslist" in a.estimate and "de gemeente beslist" in a.card_nl


def test_the_retained_worker_card_cites_article_7_3_and_the_six_months():
    base = {"nationality": "eu", "eu_work": "kwijt", "eu_stay": "3-maanden-tot-5-jaar",
            "eu_involuntary": True, "eu_jobseeker": "uwv"}
    year = eu.assess({**base, "eu_worked": "jaar-of-langer"}, "en")
    months = eu.assess({**base, "eu_worked": "korter-dan-jaar"}, "en")
    assert "art. 7 lid 3 sub b" in year.card_nl
    assert "art. 7 lid 3 sub c" in months.card_nl and "minstens 6 maanden" in months.card_nl
    assert "C-483/17" in months.card_nl
    assert "at least 6 months" in months.summary
    assert year.equal_treatment and months.equal_treatment
    assert "as it would for a Dutch citizen" in year.shelter


def test_registering_with_uwv_is_the_tip_only_where_it_keeps_worker_status():
    lost = {"nationality": "eu", "eu_work": "kwijt", "eu_stay": "3-maanden-tot-5-jaar",
            "eu_worked": "jaar-of-langer", "eu_involuntary": True}
    assert eu.assess({**lost, "eu_jobseeker": "ja"}, "nl").tips == (eu.TEXTS["tip-register-uwv"]["nl"],)
    assert eu.assess({**lost, "eu_jobseeker": "uwv"}, "nl").tips == ()  # already registered
    assert eu.assess({**lost, "eu_involuntary": False, "eu_jobseeker": "ja"}, "nl").tips == ()  # quit: no use


def test_permanent_residence_cites_article_16_and_asks_for_five_years_of_proof():
    a = eu.assess({"nationality": "eu", "eu_work": "nee", "eu_stay": "langer-dan-5-jaar"}, "nl")
    assert a.status == eu.PERMANENT and "art. 16" in a.card_nl
    assert any("5 jaar" in item for item in a.bring)
    assert "Ik ben al 5 jaar of langer in Nederland." in a.say


def test_nobody_but_an_eu_citizen_gets_an_estimate():
    for nationality in ("nl", "vergunning", "geen-vergunning", None):
        assert eu.assess({"nationality": nationality, "eu_work": "nu"}, "nl") is None


# ---- every combination of the EU answers -------------------------------------------------------


@pytest.mark.parametrize("lang", eu.LANGS)
def test_every_combination_says_only_what_is_true(lang):
    def has(key: str, text: str) -> bool:
        return eu.TEXTS[key][lang] in text

    count = 0
    for facts in every_combination():
        a = eu.assess(facts, lang)
        count += 1
        assert a.status in eu.STATUSES
        worked = facts["eu_worked"] in eu.WORKED
        # The sentence to say: each claim only when the person said so.
        assert has("say-work", a.say) == (facts["eu_work"] == "nu")
        assert has("say-worked-year", a.say) == (facts["eu_work"] != "nu" and facts["eu_worked"] == "jaar-of-langer")
        assert has("say-worked-less", a.say) == (facts["eu_work"] != "nu" and facts["eu_worked"] == "korter-dan-jaar")
        assert has("say-involuntary", a.say) == (facts["eu_involuntary"] is True and worked)
        assert has("say-uwv", a.say) == (facts["eu_jobseeker"] == "uwv")
        assert has("say-seeking", a.say) == (facts["eu_jobseeker"] == "ja")
        assert has("say-short-stay", a.say) == (facts["eu_stay"] == "korter-dan-3-maanden")
        assert has("say-five-years", a.say) == (facts["eu_stay"] == "langer-dan-5-jaar")
        # Nobody who never said they worked is told they did, or asked for payslips.
        if not worked and facts["eu_work"] != "nu":
            assert "gewerkt" not in a.say_nl
            assert eu.TEXTS["bring-work"][lang] not in a.bring
        # The status words themselves claim only what was answered.
        if a.status == eu.INACTIVE:
            assert facts["eu_work"] in ("kwijt", "nee") and facts["eu_jobseeker"] == "nee"
        if a.status in (eu.RETAINED_WORKER, eu.RETAINED_SIX_MONTHS):
            assert worked and facts["eu_involuntary"] is True and facts["eu_jobseeker"] == "uwv"
        if a.status == eu.WORKER:
            assert facts["eu_work"] == "nu"
        # Always: it is an estimate, the municipality decides, and the card cites its articles.
        assert a.estimate == eu.TEXTS["estimate"][lang]
        assert "de gemeente beslist" in a.card_nl
        for article in a.legal_basis:
            assert article in a.card_nl
        assert a.bring[0] == eu.TEXTS["bring-id"][lang]
        registered = facts["brp"] == "woonadres"
        assert has("brp-registered", a.registration) == registered
        if not a.equal_treatment:
            assert a.shelter == eu.TEXTS["shelter-check"][lang]  # where to go when there is no right
    assert count == 4 * 4 * 4 * 3 * 4 * 2


def test_every_text_is_in_every_language():
    for key, texts in eu.TEXTS.items():
        assert set(texts) == set(eu.LANGS), key
        for lang, text in texts.items():
            assert text.strip(), (key, lang)
            if lang != "nl" and key != "label-bijstand":
                assert text != texts["nl"], f"{key} in {lang} is the Dutch text"
    for code in eu.STATUSES:
        assert f"title-{code}" in eu.TEXTS and f"summary-{code}" in eu.TEXTS
        assert code in eu.CARDS and code in eu.LEGAL_BASIS
        if code not in eu.EQUAL_TREATMENT:
            assert f"bijstand-{code}" in eu.TEXTS
    for facts in every_combination():
        for lang in eu.LANGS:
            a = eu.assess(facts, lang)
            assert all(isinstance(v, str) and v for v in (a.title, a.summary, a.shelter, a.bijstand,
                                                          a.registration, a.say, a.say_nl, a.card_nl))
            assert set(a.labels) == set(eu.LABELS)


# ---- the questions: asked only of EU citizens, and only where they change the outcome --------


def test_the_eu_questions_are_asked_only_of_eu_citizens(flow_kb):
    graph = flow_kb.graph
    seen, todo = set(), [graph.start]
    while todo:
        node = todo.pop()
        if node in seen or node not in graph.edges:
            continue
        seen.add(node)
        todo += [e.target for e in graph.edges[node] if (node, e.value) != ("nationaliteit", "eu")]
    assert not seen & set(EU_QUESTIONS)


def test_every_eu_question_asked_can_change_the_outcome(flow_kb):
    """At every point an EU question is asked, some two answers lead to different outcomes."""
    graph, flow = flow_kb.graph, flow_kb.flow
    paths = list(eu_paths(flow_kb))
    assert len(paths) > 100
    for answers, facts in paths:
        assert answers[-1][0] in EU_QUESTIONS and graph.next(*answers[-1]) == "brp"
        assert eu.assess(facts, "nl") is not None
    # Group the finished paths by the answers before each question asked on them.
    for answers, _facts in paths:
        for i, (qid, _value) in enumerate(answers):
            before = answers[:i]
            futures = {}
            for other, other_facts in paths:
                if other[:i] == before and other[i][0] == qid:
                    futures.setdefault(other[i][1], set()).add(outcome(other_facts))
            q = flow.questions[qid]
            assert len(futures) == len(q.options) + q.skippable
            assert len({frozenset(f) for f in futures.values()}) > 1, f"{qid} after {before} changes nothing"


def test_a_person_who_never_worked_is_never_told_to_say_they_worked(flow_kb):
    """Through the real flow and the topic file: the plan's sentences hold for everyone."""
    for answers, facts in eu_paths(flow_kb):
        if facts.get("eu_worked") in eu.WORKED or facts.get("eu_work") == "nu":
            continue
        for lang in eu.LANGS:
            assert "gewerkt" not in eu.assess(facts, lang).say_nl, answers
    for lang in eu.LANGS:
        topic = flow_kb.topics[("eu-burgers", lang)]
        assert "gewerkt" not in (topic.say or ""), lang


# ---- the plan page partial -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_partial_shows_the_estimate_and_folds_the_dutch_card(lang):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "templates"), autoescape=True)
    facts = {"nationality": "eu", "eu_work": "kwijt", "eu_stay": "3-maanden-tot-5-jaar",
             "eu_worked": "jaar-of-langer", "eu_involuntary": True, "eu_jobseeker": "ja", "brp": "nee"}
    a = eu.assess(facts, lang)
    html = env.get_template("_eu_assessment.html").render(plan={"eu": a})
    assert a.title in html and a.estimate in html and a.tips[0] in html
    assert '<details class="counter-card">' in html and f"<summary>{a.labels['card']}</summary>" in html
    assert '<p lang="nl" dir="ltr">' in html and "art. 14 lid 4 sub b" in html
    if lang == "ar":  # the Dutch sentence for the counter, beside the Arabic one
        assert a.say_nl.startswith("Ik ben EU-burger.") and a.say_nl in html and a.labels["say_nl"] in html
    else:
        assert a.labels["say_nl"] not in html
