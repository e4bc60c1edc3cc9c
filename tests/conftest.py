"""Shared fixtures: one build of the real knowledge per test session, an app, a client."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import assistant  # noqa: F401  (filters Whoosh's warnings before anything imports it)
from assistant.app import ROOT, create_app
from assistant.catalogue import Catalogue, build

KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def instance(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("instance")
    build(KNOWLEDGE, path)
    return path


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
