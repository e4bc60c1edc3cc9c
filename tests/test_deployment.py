"""A real deployment (issue 20): keys apart from data, behind a proxy, headers capped,
limits shared by every process, quiet logs under load, a quick exit that forgets all."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from http.cookies import SimpleCookie

import pytest

from assistant import app as app_module
from assistant import cli
from assistant.app import create_app
from assistant.logfilter import OncePer, quiet_waitress_queue
from assistant.paths import ROOT
from assistant.ratelimit import LimitStore, RateLimiter

from .walk import page_of, post

PRODUCTION = {"SECRET_KEY": "k" * 40, "HMAC_KEY": "h" * 40, "PUBLIC_BASE_URL": "https://lw.example"}


def mode(path) -> int:
    return os.stat(path).st_mode & 0o777


# ---- keys apart from data (findings 2 and 8) ---------------------------------------------------


@pytest.mark.parametrize("missing", ["SECRET_KEY", "HMAC_KEY", "PUBLIC_BASE_URL"])
def test_production_refuses_to_start_without_its_keys_or_public_address(instance, monkeypatch, missing):
    monkeypatch.setenv("LOKETWIJZER_ENV", "production")
    for name in ("LOKETWIJZER_SECRET_KEY", "LOKETWIJZER_HMAC_KEY", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    config = {"INSTANCE": instance, **PRODUCTION}
    config.pop(missing)
    with pytest.raises(RuntimeError, match=missing.replace("_KEY", "")):
        create_app(config)
    assert not (instance / "hmac_key").exists()  # nothing generated next to the data


def test_production_reads_keys_from_files_outside_instance_only(instance, tmp_path, monkeypatch):
    monkeypatch.setenv("LOKETWIJZER_ENV", "production")
    monkeypatch.delenv("LOKETWIJZER_HMAC_KEY", raising=False)
    outside = tmp_path / "credentials" / "hmac"
    outside.parent.mkdir()
    outside.write_text("h" * 40 + "\n")
    config = {"INSTANCE": instance, "SECRET_KEY": "k" * 40, "PUBLIC_BASE_URL": "https://lw.example"}
    assert create_app({**config, "HMAC_KEY_FILE": str(outside)}).extensions["settings"].production
    inside = instance / "hmac_copy"
    inside.write_text("h" * 40)
    try:
        with pytest.raises(RuntimeError, match="inside instance"):
            create_app({**config, "HMAC_KEY_FILE": str(inside)})
    finally:
        inside.unlink()


def test_the_sms_database_and_generated_keys_are_readable_by_the_service_only(instance, tmp_path, monkeypatch):
    from assistant.keys import instance_secret

    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "token")
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "test-secret", "SMS_DB": tmp_path / "sms.db"})
    app.test_client().post("/sms/twilio", data={"Body": "hoi"}, headers={"X-Twilio-Signature": "x"})  # refused
    from assistant.channels import sms

    with app.test_request_context():
        sms._store()
    assert mode(tmp_path / "sms.db") == 0o600
    assert mode(os.environ["LOKETWIJZER_LIMITS_DB"]) == 0o600
    instance_secret(tmp_path / "dev", "hmac_key")
    assert mode(tmp_path / "dev" / "hmac_key") == 0o600


# ---- finding 13: the builds, and the venv ----------------------------------------------------


def test_the_builds_folder_is_private_because_whoosh_unpickles_from_it(tmp_path, monkeypatch):
    target = tmp_path / "instance"
    monkeypatch.setenv("LOKETWIJZER_INSTANCE", str(target))
    assert cli.main(["build"]) == 0
    assert mode(target) == 0o700 and mode(target / "builds") == 0o700
    current = (target / "current").resolve()
    assert mode(current) == 0o700 and mode(current / "index") == 0o700
    assert all(mode(f) & 0o077 == 0 for f in (current / "index").iterdir())
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").lower()
    assert "unpickl" in architecture and "trust boundary" in architecture


def test_make_setup_upgrades_pip_and_setuptools():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--upgrade pip setuptools" in makefile


# ---- finding 3: Accept-Language ---------------------------------------------------------------


def test_a_huge_accept_language_is_cut_before_anything_parses_it(client, monkeypatch):
    parsed = []
    real = app_module.parse_accept_header
    monkeypatch.setattr(app_module, "parse_accept_header", lambda value, cls: parsed.append(value) or real(value, cls))
    huge = "pl," + ",".join(f"x-{n:06d};q=0.{n % 9}" for n in range(14_500))
    assert len(huge) > 213_000
    response = client.get("/", follow_redirects=True, headers={"Accept-Language": huge})
    assert response.status_code == 200 and page_of(response.get_data(as_text=True)) == "home"
    assert 'lang="pl"' in response.get_data(as_text=True)  # the language named first still counts
    assert parsed and max(map(len, parsed)) <= app_module.ACCEPT_LANGUAGE_MAX


# ---- finding 4: behind a proxy --------------------------------------------------------------


def searches(client, forwarded_for: str, n: int) -> list[int]:
    return [
        client.get("/zoek?q=opvang", headers={"X-Forwarded-For": forwarded_for}).status_code for _ in range(n)
    ]


def test_behind_a_proxy_each_client_has_its_own_search_bucket(instance):
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "z" * 40, "SEARCH_LIMIT": 2, "PROXY_HOPS": 1})
    proxy = app.test_client()  # every request comes from the proxy's own address
    assert searches(proxy, "203.0.113.1", 3) == [200, 200, 429]
    assert searches(proxy, "203.0.113.2", 2) == [200, 200]  # another person, another bucket
    # A client cannot pose as another by adding its own X-Forwarded-For: the proxy appends
    # the real address last, and only the last hop is believed.
    assert searches(proxy, "203.0.113.9, 203.0.113.1", 1) == [429]


def test_without_the_setting_a_forged_forwarded_for_changes_nothing(instance):
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "z" * 40, "SEARCH_LIMIT": 2})
    client = app.test_client()
    assert searches(client, "203.0.113.1", 2) == [200, 200]
    assert searches(client, "203.0.113.2", 1) == [429]


# ---- the limiter itself: shared by processes --------------------------------------------------


def test_the_limits_are_shared_by_every_process(tmp_path):
    db = tmp_path / "limits.db"
    program = (
        "from assistant.ratelimit import LimitStore, RateLimiter\n"
        f"limiter = RateLimiter(5, 60.0, store=LimitStore({str(db)!r}), name='search')\n"
        "print(sum(limiter.allow('one address') for _ in range(3)))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                           cwd=ROOT).stdout.strip() for _ in range(2)]
    assert runs == ["3", "2"]  # the second process sees the first one's searches
    assert RateLimiter(5, 60.0, store=LimitStore(db), name="search").full("one address")



def test_a_search_check_waits_for_another_writer_and_then_counts(tmp_path):
    """The limiter waits for another process's write in its own short steps (SQLite's wait,
    1, 2, 5 ... 100 ms between tries, is off): it must still wait, not fail, and count."""
    import sqlite3
    import threading

    db = tmp_path / "limits.db"
    limiter = RateLimiter(5, 60.0, store=LimitStore(db), name="search")
    assert limiter.allow("one address")
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    threading.Timer(0.05, lambda: other.execute("COMMIT")).start()
    assert limiter.allow("one address")
    assert limiter.count("one address") == 2
    other.close()


# ---- finding 10: Snel weg ------------------------------------------------------------------


def test_leaving_quickly_expires_every_cookie_the_site_set(client):
    client.get("/?lang=en")
    post(client, "/gemeente", {"place": "utrecht", "next": "/"})
    client.set_cookie("something-else", "1")
    assert {c.key for c in client._cookies.values()} >= {"lw", "gemeente", "lang"}
    response = post(client, "/weg")
    expired = set()
    for header in response.headers.getlist("Set-Cookie"):
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                expired.add(name)
    assert expired >= {"lw", "gemeente", "lang", "something-else"}
    assert not {c.key for c in client._cookies.values()}  # the browser keeps none of them


# ---- finding 11: quiet logs under load -------------------------------------------------------


def test_waitress_queue_warnings_come_once_a_minute(caplog):
    now = [0.0]
    quiet = OncePer(60.0, clock=lambda: now[0])
    logger = logging.getLogger("waitress.queue.test")
    logger.addFilter(quiet)
    with caplog.at_level(logging.WARNING, logger="waitress.queue.test"):
        for n in range(1000):
            now[0] = n * 0.05  # 1,000 queued requests in 50 seconds
            logger.warning("Task queue depth is %d", n)
        now[0] = 61.0
        logger.warning("Task queue depth is %d", 3)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["Task queue depth is 0", "Task queue depth is 3 (and 999 more like it in the last minute)"]


def test_the_app_installs_the_filter_and_logs_nothing_per_request(app, caplog):
    from waitress.utilities import queue_logger

    client = app.test_client()
    with caplog.at_level(logging.DEBUG):
        for path in ("/", "/zoek?q=opvang", "/onderwerp/briefadres", "/plan"):
            client.get(path, follow_redirects=True)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO] == []

    assert any(isinstance(f, OncePer) for f in queue_logger.filters)
    assert quiet_waitress_queue() in queue_logger.filters  # installing twice keeps one
    assert sum(isinstance(f, OncePer) for f in queue_logger.filters) == 1


def test_each_guess_is_counted_before_it_is_judged(tmp_path):
    from assistant.ratelimit import Backoff

    now = [0.0]
    guesses = Backoff(lambda: now[0], store=LimitStore(tmp_path / "limits.db"))
    # Four guesses arriving at the same moment (in parallel): the fourth already earns a wait.
    assert [guesses.attempt("address") for _ in range(5)] == [0.0, 0.0, 0.0, 0.0, 2.0]
    assert guesses.attempt("another address") == 0.0  # one address never makes another wait
    now[0] = 2.0
    assert guesses.attempt("address") == 0.0  # the fifth guess: the next wait doubles
    assert guesses.attempt("address") == 4.0
    guesses.succeed("address")  # the right code: starts afresh
    assert guesses.attempt("address") == 0.0
