"""Channels only parse and render: none reaches past the conversation core into the engine or the graph."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
CHANNELS = sorted((PACKAGE / "channels").glob("*.py")) + sorted((PACKAGE / "sms").glob("*.py")) + [
    PACKAGE / "chat.py"
]
FORBIDDEN = ("assistant.intake", "assistant.knowledge.flowgraph", "assistant.knowledge.flowcheck")


def imported_modules(source: str, package: str) -> set[str]:
    """Absolute names of every module some source imports (relative imports resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("path", CHANNELS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_channel_never_imports_the_engine_or_the_flow_graph(path):
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    bad = sorted(m for m in imported_modules(path.read_text(encoding="utf-8"), package) if m.startswith(FORBIDDEN))
    assert bad == [], f"{path.name} imports {bad}: go through assistant.conversation instead"


def test_the_check_finds_a_forbidden_import():
    """The rule above can fail: relative and absolute imports of the engine are both caught."""
    assert "assistant.intake.engine" in imported_modules("from ..intake import engine\n", "assistant.channels")
    assert "assistant.knowledge.flowgraph" in imported_modules("import assistant.knowledge.flowgraph\n", "x")
    assert "assistant.intake.engine" in imported_modules("from ...intake.engine import SKIP\n", "assistant.sms.x")


GRAPH_READERS = {"flowgraph.py", "models.py", "flowcheck.py"}  # the graph, the model, and the check of the file


def transitions_worked_out(source: str) -> list[int]:
    """Lines that read where an answer leads (`.next`, `.skip_next`) other than from a flow graph."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("next", "skip_next"):
            base = node.value
            name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
            if name != "graph":
                lines.append(node.lineno)
    return lines


def test_only_the_flow_graph_works_out_where_an_answer_leads():
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if path.name not in GRAPH_READERS and (lines := transitions_worked_out(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "read transitions from kb.graph (knowledge/flowgraph.py) instead"


def test_the_transition_check_can_fail():
    assert transitions_worked_out("target = q.options[0].next\nskip = q.skip_next\n") == [1, 2]
    assert transitions_worked_out("target = kb.graph.next(qid, value)\nt = graph.next(q, v)\n") == []


def facts_read(source: str) -> set[str]:
    """Fact names a module reads: facts.get("x"), facts["x"], and .get("x") on anything named *facts."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name.endswith("facts") and node.args and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name.endswith("facts") and isinstance(node.slice.value, str):
                found.add(node.slice.value)
    return found


def test_the_facts_check_knows_what_the_code_reads():
    """flowcheck.READ_BY_CODE says which facts code reads besides the rules; it must stay true,
    or `check` would wave through an answer that changes nothing (or refuse one that counts)."""
    from assistant.knowledge.flowcheck import READ_BY_CODE

    readers = ["intake/eligibility.py", "intake/eu.py", "intake/engine.py", "conversation.py"]
    read = set().union(*(facts_read((PACKAGE / p).read_text(encoding="utf-8")) for p in readers))
    missing_keys = {"brp", "id_document", "insured", "income"}  # read through conversation.MISSING, a table
    assert READ_BY_CODE == read | missing_keys
