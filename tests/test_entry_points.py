"""Every entry point that takes input from outside, fed arbitrary input: never a 500, never a trace.

The SMS webhooks (a signed Twilio request, CM.com with its secret), the worker form and its
SMS hand-over, plan links and the municipality switch. Example counts are modest: CI runs these.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from assistant import outbound_sms
from assistant.app import create_app
from assistant.sms import cm_gateway

from .walk import page_of, post

TOKEN = "twilio-test-token"
BASE = "https://loket.example"
CM_SECRET = "cm-secret-0123456789abcdef"
ACCESS_CODE = "straatwerk-2026"
HOST = "localhost"  # the Flask test client's host

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any text a form or an SMS can carry (lone surrogates cannot be sent as UTF-8 at all).
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
numbers = st.from_regex(r"\A(\+316\d{8}|\+48\d{9}|06\d{8}|0031\d{9})\Z") | text
LINK = re.compile(r'<p class="plan-link"><a href="([^"]+)"')
CHECKED = re.compile(r'<input type="radio" name="([^"]+)" value="([^"]+)" checked')
PLACE_UNKNOWN = re.compile(r'<input type="checkbox" name="([^"]+-onbekend)" value="(ja)" checked>')


def sound(response) -> str:
    """The body of a response that did not fail: no 500, no Python trace shown to anyone."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:500]
    assert "Traceback (most recent call last)" not in body
    return body


@pytest.fixture(scope="module")
def app(instance, tmp_path_factory):
    """One app with every channel switched on; outgoing SMS are caught, never sent."""
    env = {
        "TWILIO_AUTH_TOKEN": TOKEN,
        "PUBLIC_BASE_URL": BASE,
        "CM_WEBHOOK_SECRET": CM_SECRET,
        "LOKETWIJZER_HMAC_KEY": "hmac-test-key",
        "WORKER_ACCESS_CODE": ACCESS_CODE,
        "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
        "TWILIO_FROM": "+3197010000000",
    }
    config = {
        "INSTANCE": instance,
        "SECRET_KEY": "entry-points-secret",
        "SMS_DB": tmp_path_factory.mktemp("sms") / "sms.db",
        "SEARCH_LIMIT": 1_000_000,
        "WORKER_SMS_PER_SESSION": 1_000_000,
        "WORKER_SMS_PER_HOUR": 1_000_000,
        **env,
    }
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():  # set both ways: as the environment and as app config
            mp.setenv(name, value)
        sent: list[tuple[str, str]] = []
        mp.setattr(outbound_sms, "send", lambda gw, to, body: sent.append((to, body)) or "SM0")
        mp.setattr(cm_gateway, "send", lambda replies, to, settings=None: sent.append((to, "\n".join(replies))) or True)
        app = create_app(config)
        app.extensions["test_outbox"] = sent
        yield app


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def form_defaults(client) -> dict[str, str]:
    """What the worker form sends when the worker says one thing: the person sleeps outside."""
    html = client.get("/werker").get_data(as_text=True)
    return dict(CHECKED.findall(html)) | dict(PLACE_UNKNOWN.findall(html)) | {"situatie": "straat"}


@pytest.fixture(scope="module")
def plan_token(client, form_defaults) -> str:
    """A real plan link, as the worker form hands it over."""
    response = post(client, "/werker", form_defaults | {"nagekeken": "ja"})
    assert response.status_code == 200
    return LINK.search(response.get_data(as_text=True)).group(1).rsplit("/p/", 1)[1]


# ---- SMS: Twilio -------------------------------------------------------------------------


def twilio(client, params: dict[str, str]):
    signature = RequestValidator(TOKEN).compute_signature(f"{BASE}/sms/twilio", params)
    return client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": signature})


@SETTINGS
@given(body=text, sender=numbers, sid=text, media=st.sampled_from(["0", "1", "", "x"]),
       opt_out=st.sampled_from(["", "STOP", "START", "HELP", "stop"]) | text)
def test_a_signed_twilio_message_always_gets_twiml(client, body, sender, sid, media, opt_out):
    params = {"Body": body, "From": sender, "To": "+3197010000000", "MessageSid": sid, "NumMedia": media}
    if opt_out:
        params["OptOutType"] = opt_out
    response = twilio(client, params)
    sound(response)
    event(f"status {response.status_code}")
    if not sender:
        assert response.status_code == 400
        return
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # well-formed, whatever the person typed
    assert root.tag == "Response"
    assert all((m.text or "").strip() for m in root.iter("Message"))


@SETTINGS
@given(params=st.dictionaries(st.sampled_from(["Body", "From", "MessageSid", "SmsSid", "OptOutType"]) | text, text))
def test_an_unsigned_or_badly_signed_twilio_request_is_refused(client, params):
    assert client.post("/sms/twilio", data=params).status_code == 403
    forged = client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": "AAAA"})
    assert forged.status_code == 403


# ---- SMS: CM.com -------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
cm_messages = st.fixed_dictionaries(
    {
        "from": st.fixed_dictionaries({"number": numbers}) | json_values,
        "to": st.just({"number": "0031970102030"}),
        "message": st.fixed_dictionaries({"text": text}) | json_values,
        "channel": st.sampled_from(["SMS", "sms", "WhatsApp"]) | json_values,
    },
    optional={"reference": json_values, "timeUtc": text, "body": json_values},
)


@SETTINGS
@given(payload=cm_messages | json_values)
def test_cm_messages_of_any_shape_never_fail(client, payload):
    response = client.post(f"/sms/cm/{CM_SECRET}", json=payload)
    sound(response)
    assert response.status_code == 200  # a 200 (or 503 when sending failed) stops CM's retries


@SETTINGS
@given(raw=st.binary(max_size=500), kind=st.sampled_from(["application/json", "text/plain", ""]))
def test_cm_raw_bodies_never_fail(client, raw, kind):
    response = client.post(f"/sms/cm/{CM_SECRET}", data=raw, content_type=kind)
    sound(response)
    assert response.status_code == 200


@SETTINGS
@given(secret=text.filter(lambda s: s != CM_SECRET))
def test_cm_without_the_secret_is_refused(app, client, secret):
    outbox = app.extensions["test_outbox"]
    before = len(outbox)
    payload = {"from": {"number": "0031612345678"}, "message": {"text": "hallo"}}
    response = client.post("/sms/cm/" + urllib.parse.quote(secret, safe=""), json=payload)
    sound(response)
    # 403; or, when the secret is empty or holds a slash, no webhook route: a kind 400/404
    assert response.status_code in (400, 403, 404, 405)
    assert len(outbox) == before  # nothing answered, nothing sent


# ---- the worker form ---------------------------------------------------------------------


def flow_values(kb):
    """For every question: one of its options, empty, or anything at all."""
    fields = {}
    for qid, q in kb.flow.questions.items():
        known = [o.id for o in q.options] or ["utrecht", "den-haag", "Xyzdorp"]
        fields[qid] = st.sampled_from([*known, "", "-"]) | text
    return st.fixed_dictionaries({}, optional=fields)


@pytest.fixture(scope="module")
def worker_forms(kb):
    return flow_values(kb)


@SETTINGS
@given(data=st.data(), confirmed=st.sampled_from(["ja", "", "nee"]) | text,
       plan_lang=st.sampled_from(["nl", "pl", "ar", "xx", ""]) | text)
def test_the_worker_form_takes_any_values(client, form_defaults, worker_forms, data, confirmed, plan_lang):
    values = form_defaults | data.draw(worker_forms) | {"nagekeken": confirmed, "taal": plan_lang}
    response = post(client, "/werker", values)
    html = sound(response)
    event(f"status {response.status_code}")  # --hypothesis-show-statistics: both kinds are reached
    assert response.status_code in (200, 422)
    assert page_of(html) == "worker"
    if response.status_code == 200:  # accepted: the link it shows opens the plan
        link = LINK.search(html)
        assert link, "an accepted form shows a plan link"
        path = urllib.parse.urlsplit(link.group(1)).path
        opened = client.get(path)
        assert opened.status_code == 200 and page_of(sound(opened)) == "plan"


@SETTINGS
@given(args=st.dictionaries(st.sampled_from(["lang", "gemeente", "taal"]) | text, text, max_size=3))
def test_the_worker_form_opens_with_any_query(client, args):
    response = client.get("/werker", query_string=args)
    assert response.status_code == 200 and page_of(sound(response)) == "worker"


@SETTINGS
@given(token=st.one_of(st.just("good"), st.just("good"), st.just("bent"), text),
       code=st.one_of(st.just(ACCESS_CODE), st.just(f" {ACCESS_CODE} "), st.just(""), text), phone=numbers)
def test_the_worker_sms_handover_takes_any_values(app, client, plan_token, token, code, phone):
    if token == "good":
        token = plan_token
    elif token == "bent":
        token = plan_token[:-1] + ("A" if plan_token[-1] != "A" else "B")
    app.extensions.pop("worker_sms_limits", None)  # each example starts under the wrong-code limit
    outbox = app.extensions["test_outbox"]
    before = len(outbox)
    response = post(client, "/werker/sms", {"token": token, "telefoon": phone, "code": code})
    sound(response)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 400, 422)
    if token != plan_token:
        assert response.status_code == 400  # a changed or made-up link sends nothing
    if response.status_code == 200:
        [(to, body)] = outbox[before:]
        assert to.startswith("+") and f"/p/{plan_token}" in body and code.strip() == ACCESS_CODE
    else:
        assert len(outbox) == before


# ---- plan links --------------------------------------------------------------------------


@SETTINGS
@given(token=text, lang=st.sampled_from(["", "nl", "ar", "xx"]) | text)
def test_any_plan_link_opens_a_page_or_a_kind_refusal(client, plan_token, token, lang):
    response = client.get("/p/" + urllib.parse.quote(token, safe=""), query_string={"lang": lang} if lang else None)
    html = sound(response)
    if token == plan_token:
        assert response.status_code == 200
    elif response.status_code == 308:  # "/p//x": the router merges the slashes, on our own site
        assert response.headers["Location"].startswith(("/p/", "http://localhost/p/"))
    else:
        assert response.status_code in (400, 404)
        assert page_of(html) == "error"


@SETTINGS
@given(position=st.integers(min_value=0), char=st.sampled_from("AZaz09-_.~"))
def test_a_changed_plan_link_is_refused(client, plan_token, position, char):
    i = position % len(plan_token)
    bent = plan_token[:i] + char + plan_token[i + 1 :]
    response = client.get(f"/p/{bent}")
    html = sound(response)
    if bent == plan_token:
        assert response.status_code == 200
    else:
        assert response.status_code == 400 and page_of(html) == "error"


# ---- choosing a municipality -------------------------------------------------------------


def as_a_browser_follows(location: str) -> urllib.parse.SplitResult:
    """Resolve a Location as browsers do (WHATWG URL): tabs and newlines are dropped, leading
    and trailing controls and spaces stripped, and a backslash read as a slash."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("".join(map(chr, range(0x21))))
    cleaned = cleaned.replace("\\", "/")
    return urllib.parse.urlsplit(urllib.parse.urljoin(f"http://{HOST}/onderwerp/", cleaned))


def controls(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text)


NASTY_NEXT = [
    "/\t/evil.com", "/\\evil.com", "\\/evil.com", "/\n/evil.com", "/\r\n/evil.com", "//evil.com",
    "https://evil.com", "/%2F/evil.com", " //evil.com", "/\x00/evil.com", "/onderwerp/briefadres\r\nSet-Cookie: x=1",
    "javascript:alert(1)", "/\u3000/evil.com", "/.\t./evil.com", "", "/", "/zoek?q=opvang",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(["utrecht", "dnhaag", "Xyzdorp", ""]) | text, target=st.sampled_from(NASTY_NEXT) | text)
def test_choosing_a_place_never_fails_and_never_leaves_the_site(client, place, target):
    response = post(client, "/gemeente", {"place": place, "next": target})
    sound(response)
    if controls(target):
        assert response.status_code == 400 and "Location" not in response.headers
        return
    assert response.status_code in (302, 303)
    location = response.headers["Location"]
    followed = as_a_browser_follows(location)
    assert followed.scheme == "http" and followed.netloc == HOST, (target, location)
    assert "\r" not in location and "\n" not in location


@pytest.mark.parametrize("target", NASTY_NEXT)
def test_each_known_trick_in_next_stays_on_the_site(client, target):
    response = post(client, "/gemeente", {"place": "utrecht", "next": target})
    if controls(target):  # a tab, CR, LF or NUL: refused, never followed
        assert response.status_code == 400 and "Location" not in response.headers
        return
    assert response.status_code in (302, 303)
    assert as_a_browser_follows(response.headers["Location"]).netloc == HOST, response.headers["Location"]
