"""Faults: a missing catalogue, a rebuild under load; nothing fails, nothing is lost."""

from __future__ import annotations

import logging
import threading
import urllib.request

import pytest

from assistant.app import create_app
from assistant.catalogue import build, current_dir

from .conftest import KNOWLEDGE


def test_a_missing_compiled_catalogue_falls_back_to_dutch_and_is_logged(instance, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="loketwijzer"):
        app = create_app({"INSTANCE": instance, "SECRET_KEY": "k" * 40, "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)})
    assert any("no compiled catalogue for en" in r.getMessage() for r in caplog.records)
    html = app.test_client().get("/?lang=en", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Of zoek zelf" in html  # the Dutch interface text, not an error


def serve(app):
    from waitress.server import create_server

    # The server thread is a daemon and ends with the test run; closing its socket from
    # another thread would only make waitress's select() complain.
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


@pytest.mark.slow  # two full builds under load: the longest test but one
def test_a_rebuild_while_requests_are_served_fails_no_request(tmp_path):
    instance = tmp_path / "instance"
    build(KNOWLEDGE, instance)
    server, base = serve(create_app({"INSTANCE": instance, "SECRET_KEY": "r" * 40, "SEARCH_LIMIT": 10_000}))
    failures: list[str] = []
    done = threading.Event()
    count = [0]

    def hammer():
        while not done.is_set():
            for path in ("/api/search?q=briefadres", "/onderwerp/nachtopvang", "/"):
                try:
                    with urllib.request.urlopen(base + path, timeout=10) as r:
                        if r.status != 200:
                            failures.append(f"{path}: {r.status}")
                except Exception as exc:
                    failures.append(f"{path}: {exc}")
                count[0] += 1

    workers = [threading.Thread(target=hammer) for _ in range(2)]
    for w in workers:
        w.start()
    try:
        builds = {current_dir(instance).name}
        for _ in range(2):
            builds.add(build(KNOWLEDGE, instance).name)
    finally:
        done.set()
        for w in workers:
            w.join()
    assert len(builds) == 3  # two real swaps happened under load
    assert count[0] > 20
    assert failures == []
