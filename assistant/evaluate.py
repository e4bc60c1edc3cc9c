"""Run search cases (what people type -> which topic must come back) and score them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .catalogue import Catalogue, build, current_dir
from .paths import KNOWLEDGE
from .search import query as search_query
from .settings import Settings


@dataclass
class Report:
    total: int = 0
    hit1: float = 0.0
    hit3: float = 0.0
    failures: list[tuple[dict, list[str]]] = field(default_factory=list)


def load_cases(path: Path) -> list[dict]:
    cases = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return [c for c in cases if isinstance(c, dict) and c.get("q") and c.get("expect")]


def run_cases(path: Path, searcher=None, instance: Path | None = None) -> Report:
    """Score the cases with `searcher`, else with the build in `instance` (default: the
    LOKETWIJZER_INSTANCE setting), built first when there is none."""
    cases = load_cases(path)
    if searcher is None:
        instance = instance or Settings.from_env().instance
        if current_dir(instance) is None:
            build(KNOWLEDGE, instance, if_changed=True)
        with Catalogue(instance).get().index.searcher() as s:
            return run_cases(path, s)
    report = Report(total=len(cases))
    at1 = at3 = 0
    for case in cases:
        results = search_query.search(searcher, str(case["q"]), case.get("lang", "nl"))
        ids = [h.id for h in results.hits if h.kind == "topic"]
        expect = set(case["expect"])
        if ids[:1] and ids[0] in expect:
            at1 += 1
        if expect & set(ids[:3]):
            at3 += 1
        else:
            report.failures.append((case, ids[:3]))
    if cases:
        report.hit1, report.hit3 = at1 / len(cases), at3 / len(cases)
    return report


def print_report(report: Report) -> None:
    print(f"cases: {report.total}  hit@1: {report.hit1:.1%}  hit@3: {report.hit3:.1%}")
    for case, got in report.failures:
        print(f"  FAIL [{case.get('lang', 'nl')}] {case['q']!r}: expected {case['expect']}, got {got}")
