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


# ---- understanding typed sentences (assistant/understand.py) -----------------------------


@dataclass
class UnderstandReport:
    total: int = 0
    proposed: int = 0
    expected: int = 0
    right: int = 0
    danger_cases: int = 0
    danger_found: int = 0
    wrong: list[tuple[dict, str]] = field(default_factory=list)  # (case, "question=option")
    missed: list[tuple[dict, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def danger_recall(self) -> float:
        return self.danger_found / self.danger_cases if self.danger_cases else 1.0


def load_sentences(path: Path) -> list[dict]:
    cases = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return [c for c in cases if isinstance(c, dict) and "text" in c]


def run_understanding(path: Path, kb=None) -> UnderstandReport:
    """Precision (of what is proposed, how much is right) and recall (of what a careful reader
    takes from the sentence, how much is proposed) over the cases; danger separately."""
    from .knowledge.loader import load
    from .understand import PLACE_QUESTION, understand

    if kb is None:
        kb = load(KNOWLEDGE)
    report = UnderstandReport()
    for case in load_sentences(path):
        report.total += 1
        got = understand(kb, str(case["text"]), case.get("lang", "nl"))
        proposed = {f"{a.question}={a.option}" for a in got.answers}
        if got.place:
            proposed.add(f"{PLACE_QUESTION}={got.place}")
        expected = {f"{q}={o}" for q, o in (case.get("expect") or {}).items()}
        if case.get("place"):
            expected.add(f"{PLACE_QUESTION}={case['place']}")
        report.proposed += len(proposed)
        report.expected += len(expected)
        report.right += len(proposed & expected)
        report.wrong += [(case, p) for p in sorted(proposed - expected)]
        report.missed += [(case, e) for e in sorted(expected - proposed)]
        if case.get("danger"):
            report.danger_cases += 1
            report.danger_found += bool(got.danger)
    return report


def print_understanding(report: UnderstandReport) -> None:
    print(
        f"sentences: {report.total}  precision: {report.precision:.1%} ({report.right}/{report.proposed})"
        f"  recall: {report.recall:.1%} ({report.right}/{report.expected})"
        f"  danger recall: {report.danger_recall:.0%} ({report.danger_found}/{report.danger_cases})"
    )
    for case, what in report.wrong:
        print(f"  WRONG  [{case.get('lang', 'nl')}] {case['text']!r}: proposed {what}")
    for case, what in report.missed:
        print(f"  MISSED [{case.get('lang', 'nl')}] {case['text']!r}: {what}")
