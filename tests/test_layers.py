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
