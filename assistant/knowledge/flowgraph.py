"""The intake flow as a graph, computed once per knowledge build and held with it.

Every reader of the flow's shape uses this one graph: the checker (targets, loops,
reachability), the engine (where an answer leads), plan links (positions and the flow
version), the outreach-worker form (asking order, which answers make a question matter)
and SMS batching (questions that always follow each other). None of them works out a
transition on its own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .models import Flow

SKIP = "-"  # the answer value for "skip this question"
UNKNOWN_PLACE = "onbekend"  # municipality not known or not in our files
ANY_PLACE = ""  # the edge value of a municipality question: every place leads the same way


@dataclass(frozen=True)
class Edge:
    value: str  # an option id, SKIP, or ANY_PLACE
    target: str  # a question or outcome id (maybe unknown in a broken file: the checker says so)
    loc: tuple  # where the target is written in the flow file, for the checker's line numbers


class FlowGraph:
    """Edges, skips, straight runs, asking order, gates and reachability of one flow."""

    def __init__(self, flow: Flow):
        self.flow = flow
        self.start = flow.start
        self.edges: dict[str, tuple[Edge, ...]] = {qid: tuple(_edges(flow, qid)) for qid in flow.questions}
        self.reachable: frozenset[str] = frozenset(self._reach())
        self.order: tuple[str, ...] = tuple(self._order())
        self.gates: dict[str, tuple[str, tuple[str, ...]]] = self._gates()
        self.straight: dict[str, str | None] = {qid: self._straight(qid) for qid in flow.questions}
        self.fingerprint: str = _fingerprint(flow)

    # ---- moving on ----------------------------------------------------------------

    def next(self, qid: str, value: str) -> str | None:
        """Where answering qid with value leads; None when the value is not an answer to qid."""
        q = self.flow.questions[qid]
        if q.kind == "municipality" and value not in (SKIP, ANY_PLACE):
            value = ANY_PLACE
        for edge in self.edges[qid]:
            if edge.value == value:
                return edge.target
        return None

    def skip_target(self, qid: str) -> str:
        q = self.flow.questions[qid]
        return q.skip_next or q.next or q.options[-1].next

    def targets(self, qid: str) -> set[str]:
        return {e.target for e in self.edges[qid]}

    def ends_here(self, qid: str) -> list[str]:
        """Answers that end the intake at once while the others go on (like "in danger")."""
        edges = self.edges[qid]
        if not any(e.target in self.flow.questions for e in edges):
            return []
        return [e.value for e in edges if e.target in self.flow.outcomes]

    def run_from(self, qid: str, limit: int) -> list[str]:
        """qid and the questions that always follow it, whatever the answers (at most limit)."""
        run = [qid]
        while len(run) < limit and (nxt := self.straight.get(run[-1])):
            if self.flow.questions[nxt].skip_when:
                break  # asked or not depends on the answers before it: never in the same message
            run.append(nxt)
        return run

    # ---- computed once ----------------------------------------------------------------

    def _reach(self, cut: tuple[str, str] | None = None) -> set[str]:
        """Nodes reachable from the start; cut = (question, target) removes those edges."""
        seen: set[str] = set()
        todo = [self.start]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in self.edges:
                todo += [e.target for e in self.edges[node] if (node, e.target) != cut]
        return seen

    def _order(self) -> list[str]:
        """Questions in asking order: a topological order, ties kept in file order."""
        position = {qid: n for n, qid in enumerate(self.flow.questions)}
        incoming = {qid: 0 for qid in self.flow.questions if qid in self.reachable}
        for qid in incoming:
            for t in self.targets(qid):
                if t in incoming:
                    incoming[t] += 1
        ready = sorted((q for q, n in incoming.items() if n == 0), key=position.__getitem__)
        order = []
        while ready:
            qid = ready.pop(0)
            order.append(qid)
            for t in self.targets(qid):
                if t in incoming:
                    incoming[t] -= 1
                    if incoming[t] == 0:
                        ready.append(t)
                        ready.sort(key=position.__getitem__)
        return order

    def _gates(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """For questions only asked after particular answers: (question, those answers)."""
        gates: dict[str, tuple[str, tuple[str, ...]]] = {}
        for src in self.order:  # later sources overwrite earlier ones: the nearest gate wins
            edges = self.edges[src]
            targets = {e.target for e in edges}
            if len(targets) < 2:
                continue
            for target in targets:
                if not any(e.target in self.flow.questions for e in edges if e.target != target):
                    continue  # the other answers end the intake: see ends_here()
                without = self._reach(cut=(src, target))
                values = tuple(e.value for e in edges if e.target == target)
                for qid in self.order:
                    if qid not in without:
                        gates[qid] = (src, values)
        return gates

    def _straight(self, qid: str) -> str | None:
        """The choice question that always follows qid, whatever the answer; None when it branches."""
        q = self.flow.questions[qid]
        if q.kind == "municipality":
            return None
        targets = self.targets(qid)
        if len(targets) != 1:
            return None
        nxt = targets.pop()
        nq = self.flow.questions.get(nxt)
        return nxt if nq is not None and nq.kind != "municipality" else None


def _edges(flow: Flow, qid: str) -> list[Edge]:
    q = flow.questions[qid]
    if q.kind == "municipality":
        out = [Edge(ANY_PLACE, q.next or "", ("questions", qid, "next"))]
    else:
        out = [Edge(o.id, o.next, ("questions", qid, "options", i, "next")) for i, o in enumerate(q.options)]
    if q.skippable:
        target = q.skip_next or q.next or (q.options[-1].next if q.options else "")
        out.append(Edge(SKIP, target, ("questions", qid, "skip_next")))
    return out


def _fingerprint(flow: Flow) -> str:
    """The flow's shape (questions, options and where they lead), not its wording."""
    parts = [flow.start]
    for qid, q in flow.questions.items():
        options = ",".join(f"{o.id}>{o.next}" for o in q.options)
        line = f"{qid}:{q.kind}:{q.next}:{q.skippable}:{q.skip_next}:{options}"
        if q.skip_when:  # passing a question by moves positions: a link must know (older flows had none)
            line += f":{json.dumps(q.skip_when, sort_keys=True)}"
        parts.append(line)
    if any(q.skip_when for q in flow.questions.values()):  # then the facts answers set decide the path too
        sets = [f"{o.id}={json.dumps(o.set, sort_keys=True)}" for q in flow.questions.values() for o in q.options]
        parts.append("sets:" + ",".join(sets))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def skeleton(flow: Flow) -> dict:
    """The flow without its words: enough to read plan links made for it after it changed."""
    questions = {}
    for qid, q in flow.questions.items():
        options = [{"id": o.id, "label": {"nl": o.id}, "set": o.set, "next": o.next} for o in q.options]
        questions[qid] = {
            "text": {"nl": qid},
            "kind": q.kind,
            "options": options,
            "next": q.next,
            "skippable": q.skippable,
            "skip_next": q.skip_next,
            "skip_when": q.skip_when,
        }
    outcomes = {oid: {"text": {"nl": oid}} for oid in flow.outcomes}
    return {"start": flow.start, "questions": questions, "outcomes": outcomes, "rules": []}
