"""Security: headers, cookies, secrets, rate limits, and hostile input that finds nothing."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.app import create_app

from .walk import page_of, post

PAGES = ["/", "/zoek?q=opvang", "/onderwerp/briefadres", "/loket/utrecht/gemeente", "/api/search?q=x", "/niets"]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in response.headers["Permissions-Policy"]


PRODUCTION_KEYS = {"HMAC_KEY": "h" * 40, "PUBLIC_BASE_URL": "https://lw.example"}


def test_cookies_are_httponly_and_lax_and_secure_in_production(instance, monkeypatch):
    dev = create_app({"INSTANCE": instance, "SECRET_KEY": "x" * 40}).test_client()
    post(dev, "/antwoord", {"question": "gevaar", "value": "nee"})
    cookie = dev.get_cookie("lw")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    monkeypatch.setenv("LOKETWIJZER_ENV", "production")
    prod = create_app({"INSTANCE": instance, "SECRET_KEY": "y" * 40, **PRODUCTION_KEYS}).test_client()
    response = prod.get("/?lang=en", follow_redirects=True)
    assert all("Secure" in c and "HttpOnly" in c for c in response.headers.getlist("Set-Cookie"))


def test_production_refuses_a_default_secret(instance, monkeypatch):
    monkeypatch.setenv("LOKETWIJZER_ENV", "production")
    for weak in ("dev", "changeme", "short"):
        with pytest.raises(RuntimeError):
            create_app({"INSTANCE": instance, "SECRET_KEY": weak})


def test_the_secret_is_generated_once_into_instance_and_not_in_the_repo(tmp_path, monkeypatch):
    from assistant.app import ROOT, instance_secret

    monkeypatch.delenv("LOKETWIJZER_SECRET_KEY", raising=False)
    first = instance_secret(tmp_path)
    assert first == instance_secret(tmp_path) and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    tracked = (ROOT / ".gitignore").read_text()
    assert "instance/" in tracked


def test_search_is_rate_limited_kindly(instance):
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "z" * 40, "SEARCH_LIMIT": 5})
    client = app.test_client()
    codes = [client.get("/zoek?q=opvang").status_code for _ in range(7)]
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
    html = client.get("/zoek?q=opvang").get_data(as_text=True)
    assert page_of(html) == "error" and "Wacht een minuut" in html
    assert client.get("/api/search?q=opvang").status_code == 429


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)


@pytest.fixture(scope="module")
def roomy(instance):
    """A client whose search limit is never reached, so every example reaches the search."""
    return create_app({"INSTANCE": instance, "SECRET_KEY": "z" * 40, "SEARCH_LIMIT": 1_000_000}).test_client()


LANGS = st.sampled_from(["nl", "en", "pl", "ar", "xx", ""])
MUNIS = st.sampled_from(["", "utrecht", "?"])


@settings(max_examples=100, deadline=None)
@given(q=text, lang=LANGS, muni=MUNIS)
def test_search_and_api_never_fail(roomy, q, lang, muni):
    args = {"q": q, "lang": lang, "municipality": muni}
    page = roomy.get("/zoek", query_string=args)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert page_of(html) == "search" and "Traceback" not in html
    api = roomy.get("/api/search", query_string=args)
    assert api.status_code == 200 and api.mimetype == "application/json"
    for hit in api.get_json()["results"]:
        assert set(hit) >= {"id", "kind", "title", "url", "snippet"} and hit["url"].startswith("/")


@settings(max_examples=60, deadline=None)
@given(word=st.sampled_from(["briefadres", "nachtopvang", "zorgverzekering", "schulden"]), noise=text, lang=LANGS)
def test_a_known_word_among_noise_still_finds_results(roomy, word, noise, lang):
    results = roomy.get("/api/search", query_string={"q": f"{word} {noise}", "lang": lang}).get_json()["results"]
    assert results, "a topic word should always find something"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    question=st.sampled_from(["gevaar", "slapen", "gemeente", "", "x" * 300]) | text,
    value=text,
    place=text,
)
def test_the_intake_form_never_fails(client, question, value, place):
    response = post(client, "/antwoord", {"question": question, "value": value, "place": place})
    assert response.status_code in (302, 303)
    page = client.get("/", follow_redirects=True)
    assert page.status_code in (200, 302)
    assert "Traceback" not in page.get_data(as_text=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cookie=st.text(alphabet=string.printable, max_size=500))
def test_forged_state_cookies_never_fail(client, cookie):
    client.set_cookie("lw", cookie.replace(";", "").replace("\n", ""))
    for url in ("/", "/plan"):
        response = client.get(url)
        assert response.status_code in (200, 302)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=2000))
def test_raw_bytes_as_a_form_never_fail(client, raw):
    response = client.post("/antwoord", data=raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400)
    assert "Traceback" not in response.get_data(as_text=True)
