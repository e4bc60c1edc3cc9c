"""Small helpers for tests that break a copy of the knowledge on purpose."""

from __future__ import annotations


def edit(path, old: str, new: str) -> None:
    """Replace the first `old` in a file; the test fails at once if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle: str) -> int:
    """The line number (from 1) of the first line holding `needle`."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)
