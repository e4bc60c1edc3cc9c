"""Where the project's own files are. No imports beyond the standard library, so the
command line can use these without loading the web app."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DEFAULT_INSTANCE = ROOT / "instance"
TEMPLATES = ROOT / "templates"
LOCALES = ROOT / "locales"
