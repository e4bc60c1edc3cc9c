"""Names typed loosely, and the terminal chat."""

from __future__ import annotations

import pytest

from assistant import chat


@pytest.mark.parametrize(
    "typed, slug",
    [
        ("den haag", "den-haag"),
        ("'s-Gravenhage", "den-haag"),
        ("dnhaag", "den-haag"),
        ("Den  Haag ", "den-haag"),
        ("The Hague", "den-haag"),
        ("UTRECHT", "utrecht"),
        ("gemeente Groningen", "groningen"),
        ("rotterdm", "rotterdam"),
        ("Eindhoven centrum", "eindhoven"),
    ],
)
def test_loose_names_find_the_municipality(kb, typed, slug):
    found = kb.places.match(typed).place
    assert found is not None and found.key == slug


@pytest.mark.parametrize("typed", ["", "x", "Xyzdorp", "🏠", "a" * 500])
def test_unknown_names_find_nothing(kb, typed):
    assert kb.places.match(typed).place is None


def test_terminal_chat_walks_to_a_plan(monkeypatch, instance):
    monkeypatch.setenv("LOKETWIJZER_INSTANCE", str(instance))
    answers = iter(["2", "2", "dnhaag", "1"] + ["1"] * 20)
    lines: list[str] = []
    assert chat.run("nl", read=lambda prompt: next(answers), out=lines.append) == 0
    text = "\n".join(lines)
    assert "Dit is je plan" in text
    assert "1. " in text and "Den Haag" in text
