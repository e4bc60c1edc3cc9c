"""The SMS channel end to end: signed Twilio webhooks, CM.com, state, cost and privacy."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from twilio.request_validator import RequestValidator

from assistant import planlink
from assistant.app import create_app
from assistant.settings import Settings
from assistant.sms import cm_gateway, dialogue, identity, reading, segments, texts
from assistant.store import SmsStore

TOKEN = "twilio-test-token"
BASE = "https://loket.example"
CM_SECRET = "cm-secret-0123456789abcdef"
HMAC_KEY = "hmac-test-key"
NUMBERS = ["+31612345678", "+48601234567", "+31687654321", "+40712345678", "+359881234567", "+31611112222"]
NUMBERS += ["+31612340001"]

# The EU citizen in Utrecht from the intake issue (shared with bench/sms.py).
PATHS = yaml.safe_load((Path(__file__).parent / "fixtures" / "intake_paths.yaml").read_text())
EU_PATH = list(PATHS["eu_utrecht"].items())


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def sms_env(monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("PUBLIC_BASE_URL", BASE)
    monkeypatch.setenv("CM_WEBHOOK_SECRET", CM_SECRET)
    monkeypatch.setenv("LOKETWIJZER_HMAC_KEY", HMAC_KEY)
    for name in ("CM_PRODUCT_TOKEN", "CM_SENDER", "CM_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sms_db(tmp_path) -> Path:
    return tmp_path / "sms.db"


@pytest.fixture
def sms_app(instance, sms_env, sms_db, clock):
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "test-secret", "SMS_DB": sms_db, "SMS_CLOCK": clock})
    yield app
    assert_no_numbers(sms_db)  # after every test: no phone number anywhere in the database


def assert_no_numbers(db: Path) -> None:
    """Scan every table and value, and the raw files, for any form of the test numbers."""
    forms = set()
    for n in NUMBERS:
        digits = n.lstrip("+")
        forms |= {n, digits, "00" + digits, digits[-9:]}
        if digits.startswith("31"):
            forms.add("0" + digits[2:])
    if not db.exists():
        return
    store = SmsStore(db)
    for table, rows in store.tables().items():
        for row in rows:
            for value in row.values():
                text = str(value)
                for form in forms:
                    assert form not in text, f"a phone number in table {table}"
    for path in (db, Path(f"{db}-wal")):
        if path.exists():
            raw = path.read_bytes()
            for form in forms:
                assert form.encode() not in raw, f"a phone number in {path.name}"


class Phone:
    """One person texting the Twilio webhook, with properly signed requests."""

    def __init__(self, app, client, number: str):
        self.app, self.client, self.number = app, client, number
        self.sent = 0
        self.replies: list[list[str]] = []

    def post(self, body: str, sid: str | None = None, extra: dict | None = None, signature: str | None = None):
        self.sent += 1
        params = {
            "Body": body,
            "From": self.number,
            "To": "+3197010000000",
            "MessageSid": sid or f"SM{self.number[-6:]}{self.sent:04d}",
            "NumMedia": "0",
            **(extra or {}),
        }
        if signature is None:
            signature = RequestValidator(TOKEN).compute_signature(f"{BASE}/sms/twilio", params)
        return self.client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": signature})

    def send(self, body: str, sid: str | None = None, extra: dict | None = None) -> list[str]:
        response = self.post(body, sid, extra)
        assert response.status_code == 200
        assert response.mimetype == "application/xml"
        root = ET.fromstring(response.data)
        assert root.tag == "Response"
        messages = [m.text or "" for m in root.iter("Message")]
        for m in messages:
            assert segments.segments(m) <= 3, f"a reply of {segments.segments(m)} segments: {m[:80]}"
            assert m.strip()
        self.replies.append(messages)
        return messages

    def session(self):
        store = self.app.extensions["sms_stores"][Path(self.app.config["SMS_DB"])]
        with store.transaction() as tx:
            return tx.load(identity.sender_key(HMAC_KEY, self.number))


def walk(phone: Phone, first: str, kb, path=EU_PATH) -> list[str]:
    """Answer the intake as the person would: every number asked for, the town by name."""
    answers = dict(path)
    replies = phone.send(first)
    for _ in range(40):
        s = phone.session()
        if not s.asked:
            return replies
        replies = phone.send(reading.reply_for(kb, s.asked, answers))
    raise AssertionError("the intake did not end")


def plan_path(replies: list[str]) -> str:
    for r in replies:
        m = re.search(re.escape(BASE) + r"(/p/\S+)", r)
        if m:
            return m.group(1)
    raise AssertionError("no plan link in the replies")


# ---- whole conversations -------------------------------------------------------------------


def test_dutch_conversation_to_plan(sms_app, kb):
    client = sms_app.test_client()
    phone = Phone(sms_app, client, NUMBERS[0])
    replies = walk(phone, "Hallo", kb)
    first = phone.replies[0]
    assert len(first) == 1 and "Loketwijzer" in first[0]
    assert "TAAL" in first[0] and "gevaar" in first[0]  # welcome, language hint, first question
    assert segments.segments(first[0]) == 1
    text = "\n".join(replies)
    assert "Je plan voor Utrecht" in text
    assert "Herstart" in text and "Nieuwegracht 92" in text
    assert "Bel eerst" in text
    assert "Stuur een stapnummer voor uitleg." in text  # the details are one number away
    assert 1 <= len(replies) <= 2  # one short line a step, so the plan fits one or two messages
    page = client.get(plan_path(replies))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'lang="nl"' in html and "EU-burger" in html
    assert set(page.headers["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
    s = phone.session()
    assert [q for q, _v in s.answers] == [q for q, _v in EU_PATH]


def test_polish_conversation_to_plan(sms_app, kb):
    """By default Polish goes in plain Latin (GSM-7): "Twoj plan", readable and half the cost."""
    client = sms_app.test_client()
    phone = Phone(sms_app, client, NUMBERS[1])
    replies = walk(phone, "Dzień dobry, potrzebuję pomocy", kb)
    first = phone.replies[0][0]
    assert "Najpierw to" in first and "JEZYK" in first
    assert all(segments.count(m).encoding == "GSM-7" for sent in phone.replies for m in sent)
    text = "\n".join(replies)
    assert "Twoj plan" in text and "Herstart" in text
    page = client.get(plan_path(replies))
    assert page.status_code == 200
    assert 'lang="pl"' in page.get_data(as_text=True)
    assert phone.session().lang == "pl"


@pytest.mark.parametrize("setting, letters", [(None, False), ("0", True), ("1", False)])
def test_plain_latin_setting_in_production(instance, sms_env, sms_db, clock, monkeypatch, setting, letters):
    """The deployment's switch, read from the environment the way production reads it."""
    monkeypatch.setenv("LOKETWIJZER_ENV", "production")
    monkeypatch.setenv("LOKETWIJZER_SECRET_KEY", "a-production-secret-key-of-forty-characters")
    monkeypatch.setenv("LOKETWIJZER_INSTANCE", str(instance))
    if setting is None:
        monkeypatch.delenv("LOKETWIJZER_SMS_PLAIN_LATIN", raising=False)
    else:
        monkeypatch.setenv("LOKETWIJZER_SMS_PLAIN_LATIN", setting)
    app = create_app(Settings.from_env(), {"SMS_DB": sms_db, "SMS_CLOCK": clock})
    assert app.extensions["settings"].production
    reply = Phone(app, app.test_client(), NUMBERS[3]).send("Dzień dobry")[0]
    assert ("niebezpieczeństwie" in reply) is letters
    assert ("niebezpieczenstwie" in reply) is not letters
    assert segments.count(reply).encoding == ("UCS-2" if letters else "GSM-7")


def test_crisis_answer_gives_112_at_once(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[2])
    phone.send("Hallo")
    replies = phone.send("1")
    assert "112" in replies[0].split("\n")[0]
    assert "/p/" in "\n".join(replies)


def test_keywords_language_back_menu_help(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[2])
    phone.send("Hallo")
    phone.send("2")
    assert phone.session().answers == [("gevaar", "nee")]
    english = phone.send("LANGUAGE en")
    assert "Which town" in english[0]
    back = phone.send("terug")  # any language's keyword works
    assert "danger" in back[0] and phone.session().answers == []
    helped = phone.send("help")
    assert "BACK" in helped[0] and "someone threatens" in helped[0]
    phone.send("2")
    restarted = phone.send("MENU")
    assert "start again" in restarted[0].lower() and phone.session().answers == []
    listing = phone.send("taal")
    assert "PL Polski" in listing[0]
    polish = phone.send("JĘZYK polski")
    assert "niebezpieczenstwie" in polish[0]  # plain Latin by default


def test_no_opt_out_word_is_a_command():
    folded = {reading.fold(k) for k in texts.KEYWORDS}
    assert not folded & texts.RESERVED
    for word in ("STOP", "stopp", "UNSUBSCRIBE", "cancel", "END", "quit"):
        assert reading.keyword(word) is None


def test_twilio_opt_out_forgets_the_chat(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[3])
    phone.send("Hallo")
    assert phone.session() is not None
    assert phone.send("STOP", extra={"OptOutType": "STOP"}) == []
    assert phone.session() is None


def test_answers_by_word_in_any_language(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[3])
    phone.send("Hallo")
    phone.send("nee")
    phone.send("utreg")  # an alias of Utrecht
    assert phone.session().answers == [("gevaar", "nee"), ("gemeente", "utrecht")]
    phone.send("vrienden")  # a word of "bij familie of vrienden"
    assert phone.session().answers[-1] == ("situatie", "bank")
    phone.send("Yes")  # English word in a Dutch chat
    assert phone.session().answers[-1] == ("slapen", "ja")


def test_unknown_town_gets_a_short_list(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[4])
    phone.send("Hallo")
    phone.send("2")
    phone.send("2")
    replies = phone.send("Xyzdorp")
    assert "ken ik niet" in replies[0] and "\n1 Amsterdam" in replies[0] and "\n0 " in replies[0]
    s = phone.session()
    number = s.offered.index("utrecht") + 1
    phone.send(str(number))
    assert phone.session().answers[-1] == ("gemeente", "utrecht")


def _at_the_place_question(sms_app) -> Phone:
    """A person at the place question: said hello, not in danger, and a number where a town was asked."""
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[4])
    for text in ("Hallo", "2", "2"):
        phone.send(text)
    return phone


def test_any_dutch_town_is_recognised_and_two_that_fit_are_both_offered(sms_app):
    phone = _at_the_place_question(sms_app)
    replies = phone.send("Hengelo")
    assert "meer plaatsen" in replies[0] and "1 Hengelo (O.)" in replies[0] and "2 Bronckhorst" in replies[0]
    phone.send("1")
    assert phone.session().answers[-1] == ("gemeente", "hengelo-o")


def test_a_village_gets_its_municipality(sms_app):
    phone = _at_the_place_question(sms_app)
    phone.send("Hoogvliet")
    assert phone.session().answers[-1] == ("gemeente", "rotterdam")


def test_unknown_town_can_be_left_open(sms_app):
    phone = _at_the_place_question(sms_app)
    phone.send("0")
    assert phone.session().answers[-1] == ("gemeente", "onbekend")


def test_search_question_mid_intake(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[5])
    phone.send("Hallo")
    before = phone.session().answers
    replies = phone.send("Hoe vraag ik een briefadres aan bij de gemeente?")
    assert len(replies) == 1
    assert "briefadres" in replies[0].lower()
    assert "Verder met de vragen" in replies[0]
    assert phone.session().answers == before  # a question does not answer the intake


# ---- bad input: always a helpful reply ------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("", "alleen tekst"),
        ("🙂🙂🙂", "alleen tekst"),
        ("7", "Kies een nummer van 1 tot 3"),
        ("x" * 1600, "begrijp ik niet"),
        ("Привет, как дела? maybe", "begrijp ik niet"),
        ("hallo", "begrijp ik niet"),
        ("qwrtzp", "begrijp ik niet"),
    ],
)
def test_bad_input_gets_a_helpful_reply(sms_app, body, expected):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[5])
    phone.send("Hallo")
    replies = phone.send(body)
    assert replies and expected in replies[0]
    assert phone.session().answers == []


def test_long_question_is_searched_and_capped(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[5])
    phone.send("Hallo")
    story = ("Ik ben mijn huis kwijt en ik slaap nu bij vrienden maar dat mag niet lang meer. " * 20)[:1600]
    replies = phone.send(story)
    assert replies and all(segments.segments(r) <= 3 for r in replies)


@pytest.mark.parametrize(
    "first, lang, word",
    [
        ("Hello, I need help", "en", "danger"),
        ("Dzień dobry", "pl", "niebezpieczenstwie"),  # plain Latin by default
        ("Bună ziua", "ro", "pericol"),
        ("Здравейте", "bg", "опасност"),
        ("Привіт, мені потрібна допомога, їжа", "uk", "небезпеці"),
        ("مرحبا", "ar", "خطر"),
        ("hoi", "nl", "gevaar"),
        ("LIMBA ro", "ro", "pericol"),
    ],
)
def test_first_message_picks_the_language(sms_app, first, lang, word):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[0])
    replies = phone.send(first)
    assert word in replies[0]
    assert phone.session().lang == lang


# ---- signatures ------------------------------------------------------------------------------


def test_missing_or_bad_signature_is_refused_and_nothing_stored(sms_app, sms_db):
    client = sms_app.test_client()
    phone = Phone(sms_app, client, NUMBERS[0])
    params = {"Body": "Hallo", "From": NUMBERS[0], "MessageSid": "SMx"}
    assert client.post("/sms/twilio", data=params).status_code == 403
    assert phone.post("Hallo", signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    wrong_url = RequestValidator(TOKEN).compute_signature("http://loket.example/sms/twilio", params)
    assert client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": wrong_url}).status_code == 403
    other_token = RequestValidator("another-token").compute_signature(f"{BASE}/sms/twilio", params)
    assert client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": other_token}).status_code == 403
    tampered = RequestValidator(TOKEN).compute_signature(f"{BASE}/sms/twilio", params)
    changed = {**params, "Body": "2"}
    assert client.post("/sms/twilio", data=changed, headers={"X-Twilio-Signature": tampered}).status_code == 403
    assert not sms_db.exists() or all(not rows for rows in SmsStore(sms_db).tables().values())


def test_without_a_token_the_webhook_is_closed(instance, sms_env, sms_db, clock):
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "test-secret", "SMS_DB": sms_db, "TWILIO_AUTH_TOKEN": ""})
    phone = Phone(app, app.test_client(), NUMBERS[0])
    assert phone.post("Hallo").status_code == 403
    assert not sms_db.exists() or all(not rows for rows in SmsStore(sms_db).tables().values())


def test_webhook_needs_no_csrf_token_but_web_forms_still_do(sms_app):
    client = sms_app.test_client()
    assert Phone(sms_app, client, NUMBERS[0]).post("Hallo").status_code == 200
    assert client.post("/antwoord", data={"question": "gevaar", "value": "nee"}).status_code == 400


# ---- state: expiry, retries, rate limit, locks ----------------------------------------------


def test_expiry_after_a_day_of_silence_restarts_politely(sms_app, clock):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[1])
    phone.send("Hallo")
    phone.send("2")
    clock.advance(hours=23, minutes=59)
    phone.send("Utrecht")  # still the same chat
    assert len(phone.session().answers) == 2
    clock.advance(hours=24, minutes=1)
    replies = phone.send("1")
    assert "na 24 uur stilte" in replies[0] and "gevaar" in replies[0]
    assert phone.session().answers == []  # the "1" did not answer a question they never saw


def test_expired_rows_are_purged(sms_app, clock, sms_db):
    Phone(sms_app, sms_app.test_client(), NUMBERS[1]).send("Hallo")
    clock.advance(hours=25)
    Phone(sms_app, sms_app.test_client(), NUMBERS[2]).send("Hallo")
    rows = SmsStore(sms_db).tables()["sms_sessions"]
    assert len(rows) == 1 and rows[0]["key"] == identity.sender_key(HMAC_KEY, NUMBERS[2])


def test_retried_webhook_gets_the_same_reply_and_changes_nothing(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[2])
    phone.send("Hallo", sid="SM-A")
    first = phone.send("2", sid="SM-B")
    state = phone.session()
    again = phone.send("2", sid="SM-B")  # Twilio retries after a timeout
    assert again == first
    after = phone.session()
    assert after.answers == state.answers == [("gevaar", "nee")]
    assert after.rate_count == state.rate_count
    phone.send("Utrecht", sid="SM-C")  # a new message does count
    assert phone.session().answers == [("gevaar", "nee"), ("gemeente", "utrecht")]


def test_rate_limit_sends_one_notice_then_silence(sms_app, clock):
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[3])
    for _ in range(dialogue.RATE_LIMIT):
        assert phone.send("help")
        clock.advance(seconds=5)
    notice = phone.send("help")
    assert notice == [texts.text("rate", "nl")]
    assert phone.send("help") == []
    assert phone.send("2") == []
    clock.advance(minutes=10)
    assert phone.send("help")  # the window has passed


def test_locked_database_gets_a_polite_reply(sms_app, sms_db):
    sms_app.extensions.setdefault("sms_stores", {})[Path(sms_db)] = SmsStore(sms_db, busy_timeout=0.05)
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[4])
    phone.send("Hallo")
    blocker = sqlite3.connect(sms_db, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        replies = phone.send("2")
    finally:
        blocker.rollback()
        blocker.close()
    assert replies == [texts.text("busy", "nl")]
    assert phone.session().answers == []
    phone.send("2")
    assert phone.session().answers == [("gevaar", "nee")]


# ---- CM.com ------------------------------------------------------------------------------------


def cm_payload(text: str, number: str, when: str = "2026-11-23T10:00:00") -> bytes:
    return json.dumps(
        {
            "reference": None,
            "from": {"number": number.replace("+", "00"), "name": None},
            "to": {"number": "0031970102030"},
            "message": {"text": text, "media": None, "custom": {}},
            "groupings": ["", "", ""],
            "timeUtc": when,
            "channel": "SMS",
        }
    ).encode()


@pytest.fixture
def cm_outbox(monkeypatch):
    sent: list[tuple[list[str], str]] = []
    monkeypatch.setattr(cm_gateway, "send", lambda replies, to, settings: sent.append((replies, to)) or True)
    return sent


def test_cm_with_the_secret(sms_app, cm_outbox):
    client = sms_app.test_client()
    r = client.post(f"/sms/cm/{CM_SECRET}", data=cm_payload("Hallo", NUMBERS[0]), content_type="application/json")
    assert r.status_code == 200 and r.data == b""
    ((replies, to),) = cm_outbox
    assert to == "0031612345678" and "gevaar" in replies[0]
    client.post(f"/sms/cm/{CM_SECRET}", data=cm_payload("2", NUMBERS[0]), content_type="application/json")
    assert "gemeente" in cm_outbox[-1][0][0]
    # Twilio and CM are one person when the number is the same: the chat carries on.
    assert Phone(sms_app, client, NUMBERS[0]).session().answers == [("gevaar", "nee")]


def test_cm_retry_resends_the_same_replies(sms_app, cm_outbox):
    client = sms_app.test_client()
    body = cm_payload("Hallo", NUMBERS[1])
    client.post(f"/sms/cm/{CM_SECRET}", data=body, content_type="application/json")
    client.post(f"/sms/cm/{CM_SECRET}", data=body, content_type="application/json")
    assert cm_outbox[0] == cm_outbox[1]
    assert Phone(sms_app, client, NUMBERS[1]).session().rate_count == 1


def test_cm_with_a_wrong_or_missing_secret(sms_app, instance, sms_db, cm_outbox):
    client = sms_app.test_client()
    body = cm_payload("Hallo", NUMBERS[0])
    assert client.post("/sms/cm/wrong-secret-0123456789", data=body, content_type="application/json").status_code == 403
    closed = create_app({"INSTANCE": instance, "SECRET_KEY": "test-secret", "SMS_DB": sms_db, "CM_WEBHOOK_SECRET": ""})
    response = closed.test_client().post(f"/sms/cm/{CM_SECRET}", data=body, content_type="application/json")
    assert response.status_code == 403
    assert cm_outbox == []
    assert not sms_db.exists() or all(not rows for rows in SmsStore(sms_db).tables().values())


def test_cm_send_failure_asks_for_a_retry(sms_app, monkeypatch):
    monkeypatch.setattr(cm_gateway, "send", lambda replies, to, settings: False)
    r = sms_app.test_client().post(
        f"/sms/cm/{CM_SECRET}", data=cm_payload("Hallo", NUMBERS[2]), content_type="application/json"
    )
    assert r.status_code == 503


def test_cm_api_request_shape(monkeypatch):
    captured = {}

    class Answer:
        status = 200

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(request, timeout):
        captured["url"], captured["headers"] = request.full_url, dict(request.header_items())
        captured["body"] = json.loads(request.data)
        return Answer()

    monkeypatch.setenv("CM_PRODUCT_TOKEN", "00000000-0000-0000-0000-000000000000")
    monkeypatch.setenv("CM_SENDER", "+3197010203040")
    monkeypatch.setattr(cm_gateway.urllib.request, "urlopen", fake_urlopen)
    assert cm_gateway.send(["een", "twee"], "+31612345678", Settings.from_env())
    msgs = captured["body"]["messages"]["msg"]
    assert [m["body"]["content"] for m in msgs] == ["een", "twee"]
    assert msgs[0]["to"] == [{"number": "0031612345678"}]
    assert captured["headers"]["X-cm-producttoken"] == "00000000-0000-0000-0000-000000000000"


# ---- the plan link --------------------------------------------------------------------------


def test_plan_link_from_sms_opens_the_plan_and_bad_tokens_are_refused_kindly(sms_app, kb):
    client = sms_app.test_client()
    answers = [(q, v if q != "gemeente" else "utrecht") for q, v in EU_PATH]
    good = planlink.make("test-secret", answers, "nl", graph=kb.graph)
    assert client.get(f"/p/{good}").status_code == 200
    for bad in (f"A{good[1:]}", "not-a-token", planlink.make("another-secret", answers, "nl", graph=kb.graph)):
        page = client.get(f"/p/{bad}")
        assert page.status_code in (400, 404)
        assert 'data-page="error"' in page.get_data(as_text=True)
    half = planlink.make("test-secret", answers[:3], "nl", graph=kb.graph)  # not a plan yet
    assert client.get(f"/p/{half}").status_code in (400, 404)


def test_plan_link_round_trip(kb):
    answers = [(q, v if q != "gemeente" else "utrecht") for q, v in EU_PATH]
    answers[[q for q, _v in answers].index("leeftijd")] = ("leeftijd", "-")  # skipped
    token = planlink.make("k", answers, "pl", graph=kb.graph)
    assert planlink.read("k", token, graphs=kb.graphs())[:2] == (answers, "pl")
    assert len(token) < 60  # it is paid for in every plan SMS


def test_a_conversation_survives_a_server_restart(sms_app, instance, sms_db, clock, kb):
    first = Phone(sms_app, sms_app.test_client(), "+31612340001")
    first.send("hallo")
    first.send("2")  # not in danger
    before = first.session().answers
    # A new app (as after a restart) over the same database carries on where it was.
    restarted = create_app({"INSTANCE": instance, "SECRET_KEY": "test-secret", "SMS_DB": sms_db, "SMS_CLOCK": clock})
    again = Phone(restarted, restarted.test_client(), "+31612340001")
    again.sent = first.sent
    replies = again.send("Utrecht")
    assert again.session().answers[: len(before)] == before
    assert len(again.session().answers) > len(before)
    assert not any("zoekt met je naar hulp" in r or "nieuw gesprek" in r for r in replies)


# ---- a sentence in the person's own words (issue 19) ----

def test_sms_reads_a_first_message_and_skips_what_was_confirmed(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), "+31612345001")
    reply = " ".join(phone.send("ik ben 19 en slaap in mijn auto in zwolle"))
    assert "Ik begreep" in reply and "Zwolle" in reply and "1 Ja" in reply
    assert phone.session().answers == []  # nothing recorded yet
    phone.send("1")
    asked = " ".join(phone.send("2"))  # not in danger: Zwolle and the car are not asked again
    answers = dict(phone.session().answers)
    assert answers["gevaar"] == "nee" and answers["gemeente"] == "zwolle" and answers["situatie"] == "geen-woning"
    assert "gemeente" not in asked.lower()


def test_sms_danger_sends_the_numbers_first(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), "+31612345002")
    reply = " ".join(phone.send("mój mąż mnie bije"))
    assert "112" in reply and "0800-0113" in reply
    assert reply.index("112") < reply.index("1 Tak")


def test_the_town_can_come_with_the_first_answer(sms_app):
    phone = Phone(sms_app, sms_app.test_client(), "+31612345003")
    welcome = " ".join(phone.send("Hallo"))
    assert "2 of 3? Zet je plaats erbij: 2 Utrecht" in welcome
    phone.send("2 zwolle")
    assert dict(phone.session().answers) == {"gevaar": "nee", "gemeente": "zwolle"}
    other = Phone(sms_app, sms_app.test_client(), "+31612345004")
    other.send("Hallo")
    which = " ".join(other.send("3 Hengelo"))  # two towns fit: both offered, the first answer kept
    assert dict(other.session().answers) == {"gevaar": "weet-niet"} and "Hengelo" in which
    danger = Phone(sms_app, sms_app.test_client(), "+31612345005")
    danger.send("Hallo")
    crisis = " ".join(danger.send("1 Utrecht"))  # in danger: that answer counts, at once
    assert dict(danger.session().answers) == {"gevaar": "ja"} and "112" in crisis


# ---- a real deployment (issue 20) ---------------------------------------------------------------


def test_a_replayed_message_sid_changes_nothing_for_a_day(sms_app, clock):
    """A captured request replayed after eight newer messages used to reset the intake."""
    phone = Phone(sms_app, sms_app.test_client(), NUMBERS[2])
    phone.send("Hallo", sid="SM-first")
    phone.send("2", sid="SM-answer")
    for n in range(9):  # the conversation's own memory of replies holds 8
        phone.send("help", sid=f"SM-help-{n}")
        clock.advance(minutes=30)
    state = phone.session()
    assert phone.send("MENU", sid="SM-help-0") == []  # the body does not matter, the id does
    assert phone.send("Hallo", sid="SM-first") == []
    after = phone.session()
    assert after.answers == state.answers == [("gevaar", "nee")] and after.rate_count == state.rate_count
    rows = [row for table, rows in SmsStore(sms_db_of(sms_app)).tables().items() for row in rows]
    assert rows and all("SM-" not in str(value) for row in rows for value in row.values())


def sms_db_of(app) -> Path:
    return Path(app.config["SMS_DB"])


def test_message_ids_are_kept_as_keyed_hashes_only(sms_app):
    import os
    import sqlite3 as sql

    Phone(sms_app, sms_app.test_client(), NUMBERS[2]).send("Hallo", sid="SM-secret-id")
    conn = sql.connect(os.environ["LOKETWIJZER_LIMITS_DB"])
    stored = [str(v) for row in conn.execute("SELECT * FROM seen") for v in row]
    conn.close()
    assert stored and not any("SM-secret-id" in v or NUMBERS[2][1:] in v for v in stored)


def test_the_site_caps_answered_sms_a_minute_kindly_and_tells_the_operator(sms_app, clock, caplog):
    from dataclasses import replace

    sms_app.extensions["settings"] = replace(sms_app.extensions["settings"], sms_replies_per_minute=3)
    phones = [Phone(sms_app, sms_app.test_client(), n) for n in NUMBERS[:6]]
    with caplog.at_level(logging.WARNING, logger="loketwijzer.sms"):
        replies = [p.send("Hallo") for p in phones]
    assert all("gevaar" in r[0] for r in replies[:3])
    assert replies[3] == replies[4] == [texts.text("busy", "nl")]  # kind: write again in a minute
    cap_lines = [r.getMessage() for r in caplog.records if "cap" in r.getMessage()]
    assert len(cap_lines) == 1 and not any(n[3:] in cap_lines[0] for n in NUMBERS)
    assert phones[3].session() is None  # nothing was taken in: the message can simply be sent again
    clock.advance(minutes=1)
    assert "gevaar" in phones[3].send("Hallo")[0]


def test_every_webhook_refuses_nested_or_oversized_bodies(sms_app, cm_outbox):
    client = sms_app.test_client()
    url = f"/sms/cm/{CM_SECRET}"
    deep = b"[" * 5000 + b"]" * 5000
    assert client.post(url, data=deep, content_type="application/json").status_code == 400
    nested = json.dumps({"message": {"text": "Hallo"}, "from": {"number": "0031612345678"},
                         "custom": [[[[[[[[[["x"]]]]]]]]]]}).encode()
    assert client.post(url, data=nested, content_type="application/json").status_code == 400
    big = cm_payload("Hallo " * 4000, NUMBERS[0])
    assert client.post(url, data=big, content_type="application/json").status_code == 400
    phone = Phone(sms_app, client, NUMBERS[1])
    assert phone.post("Hallo " * 4000).status_code == 400  # Twilio's form: too big
    assert cm_outbox == [] and "sms_stores" not in sms_app.extensions  # nothing reached the conversation
    assert client.post(url, data=cm_payload("Hallo", NUMBERS[0]), content_type="application/json").status_code == 200


def test_one_senders_silenced_flood_does_not_use_up_the_sites_cap(sms_app):
    from dataclasses import replace

    cap = dialogue.RATE_LIMIT + 5
    sms_app.extensions["settings"] = replace(sms_app.extensions["settings"], sms_replies_per_minute=cap)
    flooder = Phone(sms_app, sms_app.test_client(), NUMBERS[0])
    answered = [flooder.send("help") for _ in range(dialogue.RATE_LIMIT + 20)]
    assert sum(1 for r in answered if r) == dialogue.RATE_LIMIT + 1  # then silence: not counted
    assert "gevaar" in Phone(sms_app, sms_app.test_client(), NUMBERS[1]).send("Hallo")[0]
