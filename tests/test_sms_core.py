"""The gateway-neutral SMS core: reading input, batching questions, the plan, the copy."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from assistant import conversation, planlink
from assistant.sms import composing, dialogue, identity, reading, segments, texts
from assistant.store import SmsStore

MONDAY_10 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam


def test_numbers_in_any_form_are_one_person():
    forms = ["+31612345678", "0031612345678", "+31 6-1234 5678", "whatsapp:+31612345678"]
    assert len({identity.sender_key("k", f) for f in forms}) == 1
    assert identity.sender_key("k", forms[0]) != identity.sender_key("other key", forms[0])
    assert "612345678" not in identity.sender_key("k", forms[0])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("MENU", ("menu", "")),
        ("opnieuw", ("menu", "")),
        ("Nowy", ("menu", "")),
        ("меню", ("menu", "")),
        ("TAAL", ("lang", "")),
        ("taal pl", ("lang", "pl")),
        ("JĘZYK", ("lang", "")),
        ("limba ro", ("lang", "ro")),
        ("ЕЗИК bg", ("lang", "bg")),
        ("hulp", ("help", "")),
        ("AJUTOR!", ("help", "")),
        ("ПОМОЩ", ("help", "")),
        ("ÎNAPOI", ("back", "")),
        ("wstecz", ("back", "")),
        ("НАЗАД", ("back", "")),
        ("terug naar huis", None),
        ("help me please", None),
        ("stop", None),
        ("2", None),
    ],
)
def test_keywords(text, expected):
    assert reading.keyword(text) == expected


def test_expired_chat_answer_detection():
    assert reading.looks_like_answer("2")
    assert reading.looks_like_answer(" 3 2 ")
    assert reading.looks_like_answer("Nee.")
    assert not reading.looks_like_answer("Hallo")
    assert not reading.looks_like_answer("ik slaap buiten")


def test_numbers_for_a_batch(kb):
    asked = [composing.question(kb, q, "nl") for q in ("leeftijd", "kinderen", "nationaliteit")]
    assert reading.parse_choices("3 2 2", asked, kb).values == ["27-plus", "nee", "eu"]
    assert reading.parse_choices("32", asked, kb).values == ["27-plus", "nee"]
    assert reading.parse_choices("3, 2", asked, kb).values == ["27-plus", "nee"]
    assert reading.parse_choices("0 0", asked, kb).values == ["-", "-"]  # both may be skipped
    parsed = reading.parse_choices("3 5", asked, kb)
    assert parsed.values == ["27-plus"] and parsed.out_of_range == 2
    assert reading.parse_choices("jonger", asked, kb).values == ["onder-18"]
    assert reading.parse_choices("ik weet het echt niet zo goed", asked, kb) is None


def test_zero_does_not_skip_a_question_that_must_be_answered(kb):
    asked = [composing.question(kb, "gevaar", "nl")]
    assert reading.parse_choices("0", asked, kb).out_of_range == 3


@pytest.mark.parametrize("lang", texts.LANGS)
def test_every_question_batch_fits_three_segments(kb, lang):
    """Walk every reachable question: the message asking it is at most three segments per SMS."""
    flow = kb.flow
    seen: set[tuple[str, tuple[str, ...]]] = set()
    todo: list[list[tuple[str, str]]] = [[]]
    while todo:
        answers = todo.pop()
        t = conversation.turn(kb, answers, lang)
        facts = conversation.facts(kb, answers)
        # A question is walked on once per set of questions the person's facts pass by.
        passed_by = tuple(q for q, question in flow.questions.items() if question.skipped_for(facts))
        if t.kind == "plan" or (t.question_id, passed_by) in seen:
            continue
        seen.add((t.question_id, passed_by))
        asked = composing.batch(kb, t.question_id, lang)
        assert 1 <= len(asked) <= composing.MAX_BATCH
        assert asked[0].qid == t.question_id
        for message in segments.pack([composing.render_questions(kb, asked, lang)]):
            assert segments.segments(message) <= 3
        values = [c.value for c in t.choices][:8]
        todo += [answers + [(t.question_id, v)] for v in values]
    assert {qid for qid, _passed in seen} == set(flow.questions)


@pytest.mark.parametrize("lang", texts.LANGS)
def test_copy_exists_and_is_short_in_every_language(lang):
    for key in texts.TEXTS["nl"]:
        own = texts.TEXTS[lang].get(key)
        assert own, f"{key} missing in {lang}"
        filled = own.format(
            n=3, example="1 2 1", place="Utrecht", url="https://x.nl/p", time="10:00", when="di 09:00", phone="14 030",
            items="ID", last=6, nums="2 of 3",
        )
        assert segments.segments(segments.smart(filled, lang)) <= 3, key
        if lang in ("nl", "en"):
            assert segments.count(segments.smart(filled, lang)).encoding == "GSM-7", key


def test_polish_welcome_and_first_question_are_ucs2_but_within_budget(kb):
    asked = composing.batch(kb, kb.flow.start, "pl")
    text = texts.text("welcome", "pl") + "\n\n" + composing.render_questions(kb, asked, "pl")
    assert segments.count(text).encoding == "UCS-2"
    assert segments.segments(text) <= 3


def test_counter_line_with_hours_and_without(kb):
    amsterdam = kb.municipalities["amsterdam"]
    wpi = next(c for c in amsterdam.counters.values() if c.name.startswith("WPI"))
    line = composing.counter_line(wpi, amsterdam, "nl", MONDAY_10)
    assert line.startswith("WPI") and "Nu open tot 12:00" in line and "Tel 020 252 6000" in line
    later = composing.counter_line(wpi, amsterdam, "nl", MONDAY_10 + dt.timedelta(hours=4))
    assert "Open di 09:30" in later
    utrecht = kb.municipalities["utrecht"]
    herstart = next(c for c in utrecht.counters.values() if c.name.startswith("Herstart"))
    line = composing.counter_line(herstart, utrecht, "nl", MONDAY_10)
    assert line == "Herstart (inloop voor daklozen), Nieuwegracht 92. Bel eerst: 14 030"


def test_plan_messages_without_a_municipality(kb, tmp_path):
    store = SmsStore(tmp_path / "s.db")
    ctx = dialogue.Context(kb=kb, store=store, plan_url=lambda a, lang: "https://x.nl/plan/t/abc")
    replies = dialogue.handle(ctx, "Hallo", "k", "m0", now=MONDAY_10)
    for n in range(1, 30):
        with store.transaction() as tx:
            asked = tx.load("k").asked
        if not asked:
            break
        # "No" to danger, "don't know" to the town, the first option everywhere else.
        numbers = ["2" if q == "gevaar" else "0" if q == "gemeente" else "1" for q in asked]
        replies = dialogue.handle(ctx, " ".join(numbers), "k", f"m{n}", now=MONDAY_10)
    joined = "\n".join(replies)
    assert "We weten je gemeente niet" in joined and "https://x.nl/plan/t/abc" in joined
    assert "Het nummer staat op de website van de gemeente." in joined
    assert all(segments.segments(r) <= 3 for r in replies)


# "14 + area code" is not known to reach every municipality (only those that joined; some
# publish another number): a person is sent to the municipality's own number instead.
AREA_CODE = re.compile(
    r"netnummer|area code|numer kierunkowy|prefixul|кода на града|код міста|رمز المنطقة|14 (\+|en dan|and then)"
)


def test_no_text_tells_a_person_to_dial_14_and_an_area_code():
    for lang in texts.LANGS:
        for key, text in texts.TEXTS[lang].items():
            assert not AREA_CODE.search(text), (lang, key)
    root = Path(__file__).resolve().parent.parent
    for page in (root / "templates").rglob("*.html"):
        assert not AREA_CODE.search(page.read_text()), page.name
    for po in (root / "locales").glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as f:
            for message in read_po(f):
                assert not AREA_CODE.search(str(message.string or "")), (po.parent.parent.name, message.id)


def test_plan_link_is_short_enough_for_sms(kb):
    answers = [("gevaar", "nee"), ("gemeente", "utrecht"), ("situatie", "bank"), ("slapen", "nee")]
    token = planlink.make("k" * 40, answers, "nl", graph=kb.graph)
    assert len(token) <= 60
    assert planlink.read("k" * 40, token, graphs=kb.graphs()) == (answers, "nl", kb.graph)



def test_silent_conversations_are_deleted_without_a_new_message(kb, tmp_path):
    """The sweeper's purge: a day of silence and the row is gone, nobody has to write in."""
    from assistant.store import Sweeper

    store = SmsStore(tmp_path / "s.db")
    ctx = dialogue.Context(kb=kb, store=store, plan_url=lambda a, lang: "https://x.nl/p/t")
    dialogue.handle(ctx, "Hallo", "old", "m1", now=MONDAY_10)
    dialogue.handle(ctx, "Hallo", "recent", "m2", now=MONDAY_10 + dt.timedelta(hours=20))
    day_later = (MONDAY_10 + dt.timedelta(hours=24, minutes=1)).timestamp()
    assert store.purge_expired(now=day_later) == 1
    assert [row["key"] for row in store.tables()["sms_sessions"]] == ["recent"]
    sweeper = Sweeper(store, every=0.01)
    sweeper.start()
    sweeper.stopped.set()
    sweeper.join(timeout=2)
    assert not sweeper.is_alive()


def test_eight_senders_at_once_lose_no_message_and_get_no_reply_twice(kb, tmp_path):
    """Eight people write at the same moment, each three messages, and every gateway retries
    each message once, also at the same moment: everyone's state holds all three answers,
    and a retry gets exactly the reply the first delivery got."""
    import threading

    store = SmsStore(tmp_path / "s.db")
    ctx = dialogue.Context(kb=kb, store=store, plan_url=lambda a, lang: "https://x.nl/p/t")
    got: dict[tuple[str, str], list[list[str]]] = {}
    lock = threading.Lock()

    def deliver(text: str, sender: str, mid: str, results: list) -> None:
        results.append(dialogue.handle(ctx, text, sender, mid, now=MONDAY_10))

    def person(n: int) -> None:
        for i, text in enumerate(["Hallo", "2", "utrecht"]):
            mid = f"m{n}-{i}"
            results: list[list[str]] = []
            both = [threading.Thread(target=deliver, args=(text, f"k{n}", mid, results)) for _ in range(2)]
            for t in both:
                t.start()
            for t in both:
                t.join()
            with lock:
                got[(f"k{n}", mid)] = results

    people = [threading.Thread(target=person, args=(n,)) for n in range(8)]
    for t in people:
        t.start()
    for t in people:
        t.join()
    for (sender, mid), results in got.items():
        assert len(results) == 2 and results[0] == results[1] and results[0], (sender, mid)
    with store.read() as tx:
        for n in range(8):
            s = tx.load(f"k{n}")
            assert [key for key, _ in s.recent] == [f"m{n}-0", f"m{n}-1", f"m{n}-2"]
            assert s.rate_count == 3  # each message counted once, none lost
            assert ("gevaar", "nee") in s.answers


def test_two_different_messages_of_one_person_at_once_both_count(kb, tmp_path):
    import threading

    store = SmsStore(tmp_path / "s.db")
    ctx = dialogue.Context(kb=kb, store=store, plan_url=lambda a, lang: "https://x.nl/p/t")
    dialogue.handle(ctx, "Hallo", "k", "m0", now=MONDAY_10)
    both = [threading.Thread(target=dialogue.handle, args=(ctx, text, "k", mid), kwargs={"now": MONDAY_10})
            for text, mid in (("2", "m1"), ("2", "m2"))]
    for t in both:
        t.start()
    for t in both:
        t.join()
    with store.read() as tx:
        s = tx.load("k")
    assert sorted(key for key, _ in s.recent) == ["m0", "m1", "m2"] and s.rate_count == 3
