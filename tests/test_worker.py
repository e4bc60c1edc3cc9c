"""Outreach-worker mode: the one-page intake, hand-over by link, QR code, SMS and print."""

from __future__ import annotations

import base64
import html as htmllib
import io
import json
import logging
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant import planlink
from assistant.app import create_app
from assistant.channels import worker
from assistant.intake import engine
from assistant.knowledge.flowgraph import FlowGraph
from assistant.sms import bidi, segments

from .walk import page_of, post, steps_of, unmarked, walk

CHECKED = re.compile(r'<input type="radio" name="([^"]+)" value="([^"]+)" checked')
PLACE_BOX = re.compile(r'<input id="in-([^"]+)" name="[^"]+" type="text"[^>]*value="([^"]*)"')
PLACE_UNKNOWN = re.compile(r'<input type="checkbox" name="([^"]+)-onbekend" value="ja" checked>')
LINK = re.compile(r'<p class="plan-link"><a href="([^"]+)"')
TOKEN = re.compile(r'name="token" value="([^"]+)"')
WORKER_STEPS = re.compile(r'<li data-topic="([^"]+)">')

# The EU citizen sleeping outside in Utrecht, as the browser test walks the chat.
EU_IN_UTRECHT = {  # in the order the chat asks; "tonight" is not asked of someone on the street
    "gevaar": "nee",
    "gemeente": "utrecht",
    "situatie": "straat",
    "leeftijd": "27-plus",
    "kinderen": "nee",
    "nationaliteit": "eu",
    "eu-werk": "kwijt",
    "eu-verblijf": "3-maanden-tot-5-jaar",
    "eu-gewerkt": "jaar-of-langer",
    "eu-ontslag": "ja",
    "eu-werkzoekend": "ja",
    "brp": "nee",
    "id": "ja",
    "verzekerd": "nee",
    "inkomen": "geen",
    "schulden": "nee",
    "zorg": "nee",
    "lhbtiqa": "zeg-liever-niet",
}


def defaults(client, url: str = "/werker") -> dict[str, str]:
    """What the form sends when the worker changes nothing."""
    html = client.get(url).get_data(as_text=True)
    values = dict(CHECKED.findall(html))
    values.update(PLACE_BOX.findall(html))
    values.update({qid: engine.UNKNOWN_PLACE for qid in PLACE_UNKNOWN.findall(html)})
    return values


def outside(client, url: str = "/werker") -> dict[str, str]:
    """The form as sent by a worker who said one thing: the person sleeps outside."""
    return defaults(client, url) | {"situatie": "straat"}


def field_of(html: str, qid: str) -> str:
    m = re.search(rf'<fieldset id="veld-{re.escape(qid)}".*?</fieldset>', html, re.S)
    assert m, f"no fieldset for {qid}"
    return m.group(0)


def submit(client, values: dict[str, str], url: str = "/werker"):
    return post(client, url, values)


# ---- the one-page form -------------------------------------------------------------


def test_the_home_page_links_to_the_worker_form(client):
    assert 'href="/werker"' in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_every_question_of_the_flow_is_on_one_form(client, kb):
    response = client.get("/werker")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_of(html) == "worker"
    for qid, q in kb.flow.questions.items():
        part = field_of(html, qid)
        assert htmllib.escape(q.text["nl"], quote=False) in part
        if q.kind == "municipality":  # a text box with every town as a suggestion, not a list of ten
            assert 'type="text" list="plaatsen-' in part and "<select" not in part
            for name in ("Oss", "Hengelo (O.)", "Den Haag", "Amsterdam", "Súdwest-Fryslân"):
                assert f'<option value="{name}">' in part
            assert f'name="{qid}-onbekend"' in part
        else:
            assert part.count('type="radio"') == len(q.options) + q.skippable
    # The EU questions are shown, and say when they count.
    assert "Alleen nodig bij" in field_of(html, "eu-werk")
    assert "Uit een ander EU-land" in field_of(html, "eu-werk")
    assert "Alleen nodig bij" not in field_of(html, "brp")
    # Every form on the page carries the CSRF token.
    assert html.count('method="post"') == html.count('name="csrf"')


def test_nothing_is_preselected_that_the_worker_did_not_say(client):
    values = defaults(client)
    assert values["gevaar"] == "weet-niet" and values["slapen"] == "weet-niet"
    assert values["gemeente"] == engine.UNKNOWN_PLACE
    assert "situatie" not in values  # no situation is assumed: the worker must say it
    response = submit(client, values)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Deze vraag is nodig voor het plan" in field_of(html, "situatie")


def test_a_family_facing_eviction_is_not_put_on_the_street(client):
    """The worker said only: Rotterdam, children, rent arrears, an eviction coming."""
    said = {"gemeente": "rotterdam", "situatie": "uitzetting", "kinderen": "ja", "schulden": "huur"}
    values = defaults(client) | said
    response = submit(client, values)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert 'data-ethos="7"' in html and 'data-ethos="1"' not in html  # still housed, eviction coming
    steps = WORKER_STEPS.findall(html)
    assert "nachtopvang" not in steps and steps[0] == "huisuitzetting", steps
    assert LINK.search(html)
    assert response.headers["Cache-Control"].startswith("no-store")


def test_a_missing_answer_gets_a_message_next_to_the_question_and_the_input_is_kept(client):
    values = {**outside(client), "gemeente": "utrecht", "leeftijd": "18-26"}
    del values["situatie"]
    response = submit(client, values)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    part = field_of(html, "situatie")
    assert 'id="fout-situatie"' in part and "Deze vraag is nodig" in part
    assert 'aria-describedby="fout-situatie"' in part and 'aria-invalid="true"' in part
    assert re.search(r'role="alert"[^>]*>.*?href="#veld-situatie"', html, re.S)
    # What was entered stays.
    assert 'name="gemeente" type="text"' in html and 'value="Utrecht"' in field_of(html, "gemeente")
    assert 'name="leeftijd" value="18-26" checked' in html
    assert "Meegeven" not in html  # no plan until it is fixed


def test_an_empty_municipality_is_asked_for(client):
    response = submit(client, {**outside(client), "gemeente": ""})
    assert response.status_code == 422
    assert "Kies een gemeente" in field_of(response.get_data(as_text=True), "gemeente")


def test_a_district_typed_in_the_place_box_gives_its_municipalitys_counters(client, kb):
    """"Hoogvliet" is a woonplaats of Rotterdam: the plan is Rotterdam's."""
    values = outside(client) | {"gemeente": "Hoogvliet", "gevaar": "nee", "slapen": "ja"}
    values.pop("gemeente-onbekend", None)
    response = submit(client, values | {"nagekeken": "ja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, field_of(html, "gemeente")
    rotterdam = {c.name for c in kb.municipalities["rotterdam"].counters.values()}
    shown = re.findall(r'<li data-topic="[^"]+"><strong>[^<]+</strong>: ([^<]+)</li>', html)
    assert shown and set(shown) <= rotterdam, shown
    assert 'value="Rotterdam"' in field_of(html, "gemeente")


@pytest.mark.parametrize("typed, offered", [("Hengelo", ["Hengelo (O.)", "Bronckhorst"]), ("Xyzdorp", [])])
def test_a_place_that_fits_two_towns_or_none_is_asked_again(client, typed, offered):
    response = submit(client, outside(client) | {"gemeente": typed})
    part = field_of(response.get_data(as_text=True), "gemeente")
    assert response.status_code == 422
    assert "Welke plaats bedoel je?" in part and f'value="{typed}"' in part  # what was typed stays
    for name in offered:
        assert name in part.split("Bedoel je:", 1)[1]


def test_a_town_without_our_files_gets_its_route_on_the_worker_form(client):
    response = submit(client, outside(client) | {"gemeente": "oss "})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Gemeente Oss" in html and "landelijke toegankelijkheid" in html


def test_an_unknown_answer_is_refused_next_to_its_question(client):
    response = submit(client, {**outside(client), "brp": "misschien"})
    assert response.status_code == 422
    assert "Dit antwoord kennen we niet" in field_of(response.get_data(as_text=True), "brp")


def test_contradictory_answers_are_asked_to_be_checked_then_can_be_confirmed(client):
    values = {**outside(client), "slapen": "nee", "situatie": "bank"}
    response = submit(client, values)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for qid in ("slapen", "situatie"):
        assert "spreken elkaar tegen" in field_of(html, qid)
        assert f'aria-describedby="fout-{qid}"' in field_of(html, qid)
    assert 'name="slapen" value="nee" checked' in html
    assert 'name="situatie" value="bank" checked' in html
    assert 'name="nagekeken"' in html
    response = submit(client, {**values, "nagekeken": "ja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-ethos="6"' in html


def test_under_18_with_children_is_asked_to_be_checked(client):
    response = submit(client, {**outside(client), "leeftijd": "onder-18", "kinderen": "ja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Jonger dan 18" in field_of(html, "kinderen") and "Jonger dan 18" in field_of(html, "leeftijd")


def test_eu_answers_only_count_for_eu_citizens(client):
    values = {**EU_IN_UTRECHT, "nationaliteit": "nl"}
    html = submit(client, values).get_data(as_text=True)
    assert "eu-burgers" not in WORKER_STEPS.findall(html)
    assert "Niet gebruikt" in html and "Werk je nu in Nederland?" in html
    html = submit(client, EU_IN_UTRECHT).get_data(as_text=True)
    assert "eu-burgers" in WORKER_STEPS.findall(html)
    assert "Niet gebruikt" not in html


def test_in_danger_makes_the_crisis_plan_at_once(client):
    html = submit(client, {**outside(client), "gevaar": "ja"}).get_data(as_text=True)
    assert WORKER_STEPS.findall(html)[0] == "crisis"
    assert 'data-urgency="acuut"' in html


def test_the_form_works_in_another_language(client, kb):
    html = client.get("/werker?lang=pl").get_data(as_text=True)
    assert '<html lang="pl"' in html
    assert kb.flow.questions["gevaar"].text["pl"] in html
    assert kb.flow.questions["situatie"].options[0].label["pl"] in html
    values = outside(client, "/werker?lang=pl")
    html = submit(client, values, "/werker?lang=pl").get_data(as_text=True)
    assert 'data-urgency="hoog"' in html
    assert kb.flow.ethos[1]["pl"] in html
    assert kb.topic("nachtopvang", "pl").title in html
    # The plan language defaults to the form's language and travels in the link.
    link = LINK.search(html).group(1)
    assert "/p/pl" in link
    missing = submit(client, {**values, "situatie": ""}, "/werker?lang=pl")
    assert missing.status_code == 422 and 'id="fout-situatie"' in missing.get_data(as_text=True)


# ---- the signed link -----------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        EU_IN_UTRECHT,
        {**EU_IN_UTRECHT, "gevaar": "ja"},
        {**EU_IN_UTRECHT, "nationaliteit": "geen-vergunning", "gemeente": "onbekend", "situatie": "uitzetting",
         "slapen": "ja"},
        {"gevaar": "weet-niet", "slapen": "ja", "gemeente": "amsterdam", "situatie": "bank"},
    ],
    ids=["eu-utrecht", "danger", "no-permit-unknown-town", "mostly-skipped"],
)
def test_the_link_opens_the_same_plan_as_the_chat(client, app, answers):
    def choose(qid, choices):
        return answers.get(qid, engine.SKIP)

    chat_html, _path = walk(app.test_client(), choose)
    chat_steps = steps_of(chat_html)
    html = submit(client, answers).get_data(as_text=True)
    assert WORKER_STEPS.findall(html) == chat_steps
    link = LINK.search(html).group(1)
    path = urllib.parse.urlsplit(link).path
    assert len(path) < 70, path
    response = app.test_client().get(path)  # another phone: no session, no cookie
    shared = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_of(shared) == "plan"
    assert steps_of(shared) == chat_steps
    assert response.headers["Cache-Control"].startswith("no-store")


def test_a_token_round_trips_and_refuses_any_change(kb):
    answers = [(q, v) for q, v in EU_IN_UTRECHT.items()]
    token = planlink.make("k", answers, "uk", graph=kb.graph)
    assert planlink.read("k", token, graphs=kb.graphs()) == (answers, "uk", kb.graph)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", token) and len(token) < 60
    with pytest.raises(planlink.TokenError):
        planlink.read("other key", token, graphs=kb.graphs())
    for i in range(len(token)):
        for ch in "0a_-.Z":
            changed = token[:i] + ch + token[i + 1 :]
            if changed != token:
                with pytest.raises(planlink.TokenError):
                    planlink.read("k", changed, graphs=kb.graphs())
    with pytest.raises(planlink.TokenError):
        planlink.read("k", token[:-1], graphs=kb.graphs())


def test_a_link_for_a_flow_we_never_served_is_refused(kb):
    changed = kb.flow.model_copy(deep=True)
    changed.questions["gevaar"].options.reverse()
    token = planlink.make("k", [("gevaar", "ja")], "nl", graph=FlowGraph(changed))
    with pytest.raises(planlink.TokenError):
        planlink.read("k", token, graphs=kb.graphs())


@pytest.mark.parametrize("mangle", ["flip", "cut", "garbage", "long", "other-secret"])
def test_a_tampered_link_gets_a_kind_page_not_an_error(client, kb, mangle):
    answers = [(q, v) for q, v in EU_IN_UTRECHT.items()]
    token = planlink.make("test-secret", answers, "nl", graph=kb.graph)
    bad = {
        "flip": token.replace("utrecht", "arnhem"),
        "cut": token[:-3],
        "garbage": "%3Cscript%3E",
        "long": "a" * 3000,
        "other-secret": planlink.make("not-the-key", answers, "nl", graph=kb.graph),
    }[mangle]
    response = client.get(f"/p/{bad}")
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 404)
    assert page_of(html) == "error"
    assert "Deze link werkt niet" in html and 'href="/"' in html
    assert "<script>" not in html


def test_a_signed_link_with_answers_that_do_not_reach_a_plan_is_refused_kindly(client, kb):
    token = planlink.make("test-secret", [("gevaar", "nee")], "nl", graph=kb.graph)
    response = client.get(f"/p/{token}")
    assert response.status_code == 400 and page_of(response.get_data(as_text=True)) == "error"


# ---- the QR code -----------------------------------------------------------------------


def test_the_qr_code_is_inline_svg_and_decodes_to_the_link(client):
    import segno
    import zxingcpp
    from PIL import Image

    html = submit(client, EU_IN_UTRECHT).get_data(as_text=True)
    link = htmllib.unescape(LINK.search(html).group(1))
    # The same link, drawn by segno as PNG, reads back as the link.
    png = io.BytesIO()
    segno.make(link, error="m", micro=False).save(png, kind="png", scale=6)
    png.seek(0)
    found = zxingcpp.read_barcodes(Image.open(png))
    assert [r.text for r in found] == [link]
    # The page carries exactly that code as inline SVG: no image request, no outside service.
    svg = re.search(r'<div class="qr-box">(<svg .*?</svg>)</div>', html, re.S).group(1)
    drawn = segno.make(link, error="m", micro=False).svg_inline(scale=4, border=4)
    assert re.search(r' d="([^"]+)"', svg).group(1) == re.search(r' d="([^"]+)"', drawn).group(1)
    assert 'role="img"' in svg and "<title>" in svg
    assert "<img" not in html
    urls = re.findall(r'(?:src|href|action)="([^"]+)"', html)
    outside = [u for u in urls if re.match(r"(?i)(https?:)?//", u) and not u.startswith("http://localhost/")]
    assert outside == [], outside


# ---- the SMS -----------------------------------------------------------------------------


class StandIn:
    """Twilio's Messages API as a small local server that records what it receives."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 201
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                outer.requests.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization", ""),
                        "type": self.headers.get("Content-Type", ""),
                        "form": {k: v[0] for k, v in urllib.parse.parse_qs(body).items()},
                    }
                )
                payload = json.dumps({"sid": "SM0123", "status": "queued"}).encode()
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    stand_in = StandIn()
    yield stand_in
    stand_in.close()


SMS_CONFIG = {
    "TWILIO_ACCOUNT_SID": "AC0000test",
    "TWILIO_AUTH_TOKEN": "token-1234",
    "TWILIO_FROM": "+3197010000000",
    "WORKER_ACCESS_CODE": "straat-2024",
    "PUBLIC_BASE_URL": "https://loketwijzer.example",
}


@pytest.fixture
def sms_app(instance, gateway):
    return create_app(
        {"INSTANCE": instance, "SECRET_KEY": "test-secret", "TWILIO_API_BASE": gateway.base, **SMS_CONFIG}
    )


def plan_token(client) -> str:
    html = submit(client, EU_IN_UTRECHT).get_data(as_text=True)
    return TOKEN.search(html).group(1)


def send(client, token: str, phone: str = "06 12 34 56 78", code: str = "straat-2024"):
    return post(client, "/werker/sms", {"token": token, "telefoon": phone, "code": code})


def test_the_plan_goes_out_by_sms_as_twilio_expects(sms_app, gateway, kb, caplog):
    caplog.set_level(logging.DEBUG)
    client = sms_app.test_client()
    token = plan_token(client)
    response = send(client, token)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Verstuurd" in html
    [sent] = gateway.requests
    assert sent["path"] == "/2010-04-01/Accounts/AC0000test/Messages.json"
    assert sent["auth"] == "Basic " + base64.b64encode(b"AC0000test:token-1234").decode()
    assert sent["type"] == "application/x-www-form-urlencoded"
    assert sent["form"]["To"] == "+31612345678"
    assert sent["form"]["From"] == "+3197010000000"
    body = sent["form"]["Body"]
    assert f"https://loketwijzer.example/p/{token}" in body
    assert kb.topic("nachtopvang", "nl").title in body
    assert len(body) < 480
    # The number is used for the send only: not shown back, not logged.
    for trace in ("12 34 56 78", "12345678"):
        assert trace not in html
        assert trace not in caplog.text


def test_the_sms_is_in_the_language_of_the_plan(sms_app, gateway, kb):
    client = sms_app.test_client()
    html = submit(client, {**EU_IN_UTRECHT, "taal": "pl"}).get_data(as_text=True)
    assert send(client, TOKEN.search(html).group(1), phone="+48 600 100 200").status_code == 200
    body = gateway.requests[0]["form"]["Body"]
    assert gateway.requests[0]["form"]["To"] == "+48600100200"
    assert segments.smart(kb.topic("nachtopvang", "pl").title, "pl", plain=True) in body  # plain Latin by default


def test_the_sms_is_shaped_as_the_sms_channel_shapes_it(sms_app, gateway, kb):
    """Arabic: the link and every number left-to-right isolated; Polish: plain Latin (GSM-7)."""
    client = sms_app.test_client()
    html = submit(client, {**EU_IN_UTRECHT, "taal": "ar"}).get_data(as_text=True)
    token = TOKEN.search(html).group(1)
    assert send(client, token).status_code == 200
    body = gateway.requests[0]["form"]["Body"]
    assert f"\u2066https://loketwijzer.example/p/{token}\u2069" in body
    assert bidi.isolate(body) == body  # nothing left that should have been isolated
    client = sms_app.test_client()
    html = submit(client, {**EU_IN_UTRECHT, "taal": "pl"}).get_data(as_text=True)
    assert send(client, TOKEN.search(html).group(1), phone="+48 600 100 200").status_code == 200
    polish = gateway.requests[1]["form"]["Body"]
    assert segments.is_gsm7(polish)
    assert segments.smart(kb.topic("nachtopvang", "pl").title, "pl", plain=True) in polish


def test_the_worker_sms_keeps_polish_letters_when_plain_latin_is_off(kb):
    answers = list(EU_IN_UTRECHT.items())
    title = kb.topic("nachtopvang", "pl").title
    assert not segments.is_gsm7(title)  # the test needs a letter to fold
    kept = worker.sms_body(kb, answers, "pl", "https://loketwijzer.example/p/x", plain=False)
    folded = worker.sms_body(kb, answers, "pl", "https://loketwijzer.example/p/x", plain=True)
    assert title in kept and title not in folded


def test_sending_needs_the_right_access_code(sms_app, gateway):
    client = sms_app.test_client()
    token = plan_token(client)
    response = send(client, token, code="raden")
    assert response.status_code == 422
    assert "Deze toegangscode klopt niet" in response.get_data(as_text=True)
    response = send(client, token, code="")
    assert response.status_code == 422
    assert gateway.requests == []


def test_without_an_access_code_sending_is_off(instance, gateway, monkeypatch):
    monkeypatch.delenv("WORKER_ACCESS_CODE", raising=False)
    config = {**SMS_CONFIG, "WORKER_ACCESS_CODE": ""}
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "test-secret", "TWILIO_API_BASE": gateway.base, **config})
    client = app.test_client()
    html = submit(client, EU_IN_UTRECHT).get_data(as_text=True)
    assert 'action="/werker/sms"' not in html
    assert "Versturen per sms staat uit" in html
    token = LINK.search(html).group(1).rsplit("/p/", 1)[1]
    response = send(client, token, code="")
    assert response.status_code == 422
    assert "geen toegangscode" in response.get_data(as_text=True)
    assert gateway.requests == []


def test_a_wrong_phone_number_is_asked_again(sms_app, gateway):
    client = sms_app.test_client()
    response = send(client, plan_token(client), phone="12ab")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dit telefoonnummer klopt niet" in html
    assert 'aria-describedby="sms-melding"' in html
    assert gateway.requests == []


def test_a_gateway_failure_is_told_kindly(sms_app, gateway):
    gateway.status = 401
    client = sms_app.test_client()
    response = send(client, plan_token(client))
    assert response.status_code == 422
    assert "Versturen lukte niet" in response.get_data(as_text=True)


def test_sending_is_rate_limited_per_worker_and_for_the_site(sms_app, gateway):
    first = sms_app.test_client()
    token = plan_token(first)
    for _ in range(10):
        assert send(first, token).status_code == 200
    response = send(first, token)
    assert response.status_code == 422
    assert "maximum" in response.get_data(as_text=True)
    assert len(gateway.requests) == 10
    # Other workers go on until the site's hourly limit of 30.
    others = [sms_app.test_client() for _ in range(3)]
    for client in others:
        plan_token(client)
    for n in range(20):
        assert send(others[n % 3], token).status_code == 200
    response = send(others[0], token)
    assert response.status_code == 422
    assert "maximum" in response.get_data(as_text=True)
    assert len(gateway.requests) == 30


def test_a_tampered_token_cannot_be_sent(sms_app, gateway):
    client = sms_app.test_client()
    token = plan_token(client)
    response = send(client, token[:-2] + "xx")
    assert response.status_code == 400
    assert page_of(response.get_data(as_text=True)) == "error"
    assert gateway.requests == []


def test_phone_numbers_are_read_as_people_type_them():
    from assistant.channels.worker import normalise_phone

    assert normalise_phone("06-12345678") == "+31612345678"
    assert normalise_phone("0031 6 1234 5678") == "+31612345678"
    assert normalise_phone("+40 712 345 678") == "+40712345678"
    assert normalise_phone("0201234567") is None
    assert normalise_phone("bel me") is None


# ---- the pocket sheet ---------------------------------------------------------------------


def test_the_pocket_sheet_lists_every_counter_of_the_municipality(client, kb):
    muni = kb.municipalities["amsterdam"]
    response = client.get("/werker/zakkaart/amsterdam")
    html = unmarked(response.get_data(as_text=True))
    assert response.status_code == 200
    assert page_of(html) == "pocket"
    for counter in muni.counters.values():
        assert f'data-counter="{counter.id}"' in html
        assert htmllib.escape(counter.name, quote=False) in html
        if counter.phone:
            assert counter.phone in html
        if counter.address and counter.address.street:
            assert htmllib.escape(counter.address.street, quote=False) in html
    assert "maandag – vrijdag" in html  # neighbouring days with the same hours share a line
    assert client.get("/werker/zakkaart/atlantis").status_code == 404
    assert 'href="/werker/zakkaart/amsterdam"' in client.get("/werker").get_data(as_text=True)


# ---- print, in Debian's Chromium ------------------------------------------------------------

# A heavy plan: six steps with long texts, in Polish, for Zwolle.
HEAVY = {
    "gevaar": "weet-niet",
    "slapen": "nee",
    "gemeente": "zwolle",
    "situatie": "instelling",
    "leeftijd": "onder-18",
    "kinderen": "nee",
    "nationaliteit": "eu",
    "eu-werk": "nee",
    "eu-gewerkt": "nooit",
    "eu-verblijf": "langer-dan-5-jaar",
    "brp": "weet-niet",
    "id": "weet-niet",
    "verzekerd": "ja",
    "inkomen": "werk",
    "schulden": "nee",
    "zorg": "zeg-liever-niet",
    "lhbtiqa": "zeg-liever-niet",
}


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.browser
def test_the_plan_prints_on_one_a4_sheet_with_the_dutch_counter_card(chromium, live_server):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server + "/werker?lang=pl")
    assert page.locator("body").get_attribute("data-page") == "worker"
    for qid, value in HEAVY.items():
        if qid == "gemeente":
            page.fill("#in-gemeente", value)  # a key is a name the box accepts too
        else:
            page.check(f'input[name="{qid}"][value="{value}"]')
    page.locator(".worker-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-urgency]").count() == 1
    assert page.locator(".qr-box svg").count() == 1
    page.locator('a[href^="/p/"]').click()
    page.wait_for_load_state()
    assert page.locator("body").get_attribute("data-page") == "plan"
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.locator("li.step").count() == 6
    assert page.locator('.counter-card[lang="nl"]').count() == 1
    assert pdf_pages(page.pdf(format="A4")) == 1
    assert all(url.startswith(live_server) for url in requests), requests
    context.close()


@pytest.mark.browser
def test_every_pocket_sheet_prints_on_one_page(chromium, live_server, kb):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    for slug in kb.municipalities:
        page.goto(f"{live_server}/werker/zakkaart/{slug}")
        assert page.locator("body").get_attribute("data-page") == "pocket"
        assert pdf_pages(page.pdf(format="A4")) == 1, slug
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_worker_pages_pass_axe_and_fit_a_phone(chromium, live_server, lang):
    from axe_playwright_python.sync_playwright import Axe

    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    axe = Axe()
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    reports = {}

    def audit(name):
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        result = axe.run(page, options=wcag)
        if result.violations_count:
            reports[name] = result.generate_report()

    page.goto(f"{live_server}/werker?lang={lang}")
    audit("form")
    page.check('input[name="slapen"][value="nee"]')
    page.check('input[name="situatie"][value="bank"]')
    page.locator(".worker-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".field-error").count() == 2
    audit("form with messages")
    page.check('input[name="nagekeken"]')
    page.locator(".worker-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-urgency]").count() == 1
    audit("result")
    page.goto(f"{live_server}/werker/zakkaart/utrecht")
    audit("pocket")
    context.close()
    assert reports == {}, "\n".join(f"{k}:\n{v}" for k, v in reports.items())


# ---- the access code (issue 20, finding 1) ---------------------------------------------------


def from_address(address: str):
    """A fresh browser (its own cookie and CSRF token) at this client address."""
    def client_for(app):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client
    return client_for


def guess(app, token: str, address: str, code: str):
    return send(from_address(address)(app), token, code=code)


def test_fifty_wrong_codes_from_fresh_cookies_do_not_lock_out_the_right_code(sms_app, gateway):
    token = plan_token(sms_app.test_client())
    for _ in range(50):
        assert guess(sms_app, token, "198.51.100.7", "raden").status_code == 422
    assert guess(sms_app, token, "203.0.113.5", "straat-2024").status_code == 200
    assert len(gateway.requests) == 1


def test_one_address_waits_longer_after_each_wrong_code_even_with_the_right_one(sms_app, gateway):
    from assistant.ratelimit import LimitStore

    now = [1_000_000.0]
    sms_app.extensions["worker_sms_limits"] = worker.Limits(sms_app.extensions["limits"], 10, 30, lambda: now[0])
    token = plan_token(sms_app.test_client())
    for _ in range(4):  # three are free, the fourth earns a wait
        assert "klopt niet" in guess(sms_app, token, "198.51.100.7", "raden").get_data(as_text=True)
    waiting = guess(sms_app, token, "198.51.100.7", "straat-2024")
    assert waiting.status_code == 422 and "te veel foute codes" in waiting.get_data(as_text=True)
    assert gateway.requests == []
    # A restart forgets nothing: the wait is in the shared SQLite file, not in memory.
    restarted = create_app(
        {"INSTANCE": sms_app.extensions["settings"].instance, "SECRET_KEY": "test-secret",
         "TWILIO_API_BASE": gateway.base, **SMS_CONFIG}
    )
    restarted.extensions["worker_sms_limits"] = worker.Limits(LimitStore(_limits_file()), 10, 30, lambda: now[0])
    assert guess(restarted, token, "198.51.100.7", "straat-2024").status_code == 422
    now[0] += 3  # the first wait is 2 seconds; it doubles with each wrong code after it
    assert guess(restarted, token, "198.51.100.7", "raden").status_code == 422
    now[0] += 3
    assert "te veel foute codes" in guess(restarted, token, "198.51.100.7", "straat-2024").get_data(as_text=True)
    now[0] += 2
    assert guess(restarted, token, "198.51.100.7", "straat-2024").status_code == 200


def _limits_file():
    import os

    return os.environ["LOKETWIJZER_LIMITS_DB"]


def test_a_worker_who_gave_the_right_code_is_heard_while_strangers_flood_the_site(sms_app, gateway):
    trusted = from_address("203.0.113.5")(sms_app)
    token = plan_token(trusted)
    assert send(trusted, token).status_code == 200
    for n in range(worker.WRONG_CODES_PER_HOUR + 5):  # from more addresses than the site allows wrong codes
        guess(sms_app, token, f"10.0.{n // 250}.{n % 250}", "raden")
    assert send(trusted, token).status_code == 200
    newcomer = guess(sms_app, token, "203.0.113.9", "straat-2024")  # the site-wide limit still holds
    assert newcomer.status_code == 422 and "te veel foute codes" in newcomer.get_data(as_text=True)
    assert len(gateway.requests) == 2


def test_the_code_is_compared_in_constant_time(sms_app, gateway, monkeypatch):
    import hmac

    compared = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    client = sms_app.test_client()
    assert send(client, plan_token(client)).status_code == 200
    assert (b"straat-2024", b"straat-2024") in compared


def test_production_refuses_a_short_access_code(instance, monkeypatch):
    base = {"INSTANCE": instance, "SECRET_KEY": "k" * 40, "HMAC_KEY": "h" * 40,
            "PUBLIC_BASE_URL": "https://lw.example", "ENV": "production"}
    with pytest.raises(RuntimeError, match="WORKER_ACCESS_CODE"):
        create_app({**base, "WORKER_ACCESS_CODE": "letmein"})
    assert create_app({**base, "WORKER_ACCESS_CODE": "lang-genoeg-2026"})
