"""Read a YAML or front-matter file and remember the line of every value.

Editors are told "file:line: what is wrong", so we keep a map from a value's path
(for example ("hours", "ma") or ("sources", 0, "url")) to its 1-based line number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml


class SourceError(Exception):
    """A file that cannot be read as YAML; carries the line of the fault."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class SourceFile:
    path: Path
    data: dict
    body: str = ""
    body_line: int = 1
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int:
        """Best line for a path: the deepest known prefix of it, else line 1."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1


_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: ~8x faster


class _Loader(_Base):  # the base is chosen at import time
    """Safe: never builds Python objects from tags like !!python/object."""


def _positions(node, offset: int, path: tuple, out: dict) -> None:
    out.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = path + (key_node.value,)
            out[child] = key_node.start_mark.line + 1 + offset
            _positions(value_node, offset, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _positions(item, offset, path + (i,), out)


def _load_yaml(text: str, offset: int) -> tuple[dict, dict]:
    try:
        loader = _Loader(text)
        try:  # one parse: the nodes give the line numbers, the data is built from them
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else 1 + offset
        problem = exc.problem or "the YAML cannot be read"
        raise SourceError(line, f"YAML error: {problem}. Check quotes, colons and indentation.") from None
    except yaml.YAMLError as exc:
        raise SourceError(1 + offset, f"YAML error: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(1 + offset, "expected 'key: value' lines at the top level")
    lines: dict[tuple, int] = {}
    if node is not None:
        _positions(node, offset, (), lines)
    return data, lines


def read_yaml(path: Path) -> SourceFile:
    text = _read_text(path)
    data, lines = _load_yaml(text, 0)
    return SourceFile(path=path, data=data, lines=lines)


def read_front_matter(path: Path) -> SourceFile:
    """A Markdown file that starts with '---', YAML, '---', then the body."""
    text = _read_text(path)
    all_lines = text.split("\n")
    if not all_lines or all_lines[0].strip() != "---":
        raise SourceError(1, "the file must start with a line '---' and the YAML front matter")
    end = next((i for i, line in enumerate(all_lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        raise SourceError(1, "the front matter is not closed: add a line '---' after the YAML")
    data, lines = _load_yaml("\n".join(all_lines[1:end]), 1)
    body = "\n".join(all_lines[end + 1 :]).strip("\n")
    return SourceFile(path=path, data=data, body=body, body_line=end + 2, lines=lines)


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(line, "the file is not UTF-8 text; save it as UTF-8") from None
    if "\x00" in text:
        raise SourceError(text[: text.index("\x00")].count("\n") + 1, "the file contains a null byte")
    return text.lstrip("\ufeff").replace("\r\n", "\n")


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
