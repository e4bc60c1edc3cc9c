"""Shared fixtures: one build of the real knowledge per test session, an app, a client."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import assistant  # noqa: F401  (filters Whoosh's warnings before anything imports it)
from assistant.app import ROOT, create_app
from assistant.catalogue import Catalogue, build
from assistant.knowledge.loader import load

KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _own_rate_limits(tmp_path, monkeypatch):
    """Each test its own rate-limit file: the limits are shared through SQLite, and tests
    share one instance/ (as processes of one site do)."""
    monkeypatch.setenv("LOKETWIJZER_LIMITS_DB", str(tmp_path / "limits.db"))


@pytest.fixture(scope="session")
def instance(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("instance")
    build(KNOWLEDGE, path)
    return path


@pytest.fixture(scope="session")
def source_kb():
    """The knowledge read straight from its files, as `check` reads it: once per run, never changed."""
    return load(KNOWLEDGE)


@pytest.fixture(scope="session")
def loaded(instance):
    return Catalogue(instance).get()


@pytest.fixture(scope="session")
def kb(loaded):
    return loaded.kb


@pytest.fixture
def searcher(loaded):
    with loaded.index.searcher() as s:
        yield s


@pytest.fixture
def app(instance):
    app = create_app({"INSTANCE": instance, "SECRET_KEY": "test-secret", "TESTING": False})
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def knowledge_copy(tmp_path) -> Path:
    """A private copy of the knowledge to break on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def today() -> dt.date:
    return dt.date.today()


@pytest.fixture(scope="session")
def live_server(instance):
    """The real app on a free loopback port, served by waitress as `make run` does."""
    import socket
    import threading

    from waitress.server import create_server

    app = create_app({"INSTANCE": instance, "SECRET_KEY": "browser-secret"})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"  # a daemon thread: it ends with the test run


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run 'make test', which installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A small phone: 360 x 640, touch."""
    context = chromium.new_context(viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()
