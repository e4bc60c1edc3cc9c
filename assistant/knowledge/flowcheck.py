"""Prove the intake flow is sound: every answer leads somewhere real, no loops, no dead ends.

It reads the flow's one graph (flowgraph.py); the loader runs it on every build and check."""

from __future__ import annotations

from .flowgraph import FlowGraph
from .models import LANGUAGES, Flow


def check_flow(flow: Flow, topic_ids: set[str]) -> list[tuple[tuple, str, str]]:
    """(path in the file, message, severity) for every problem in the flow."""
    out: list[tuple[tuple, str, str]] = []
    nodes = set(flow.questions) | set(flow.outcomes)
    if flow.start not in flow.questions:
        out.append((("start",), f"start '{flow.start}' is not a question", "error"))
        return out
    graph = FlowGraph(flow)
    for qid, q in flow.questions.items():
        for edge in graph.edges[qid]:
            if edge.target not in nodes:
                out.append((edge.loc, f"'{edge.target}' is not a question or outcome", "error"))
        if q.kind == "choice" and q.next and q.next not in nodes:
            out.append((("questions", qid, "next"), f"'{q.next}' is not a question or outcome", "error"))
    if any(sev == "error" for _, _, sev in out):
        return out

    # Depth-first walk: finds loops; the graph knows what is reachable from the start.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, trail: list[str]) -> None:
        if node in flow.outcomes or state.get(node) == 2:
            return
        if state.get(node) == 1:
            loop = " -> ".join(trail[trail.index(node) :] + [node])
            out.append((("questions", node), f"the flow loops: {loop}", "error"))
            return
        state[node] = 1
        for target in sorted(graph.targets(node)):
            visit(target, trail + [node])
        state[node] = 2

    visit(flow.start, [])
    for qid in flow.questions:
        if qid not in graph.reachable:
            out.append((("questions", qid), f"question '{qid}' can never be reached", "error"))
    for oid in flow.outcomes:
        if oid not in graph.reachable:
            out.append((("outcomes", oid), f"outcome '{oid}' can never be reached", "warning"))

    for i, rule in enumerate(flow.rules):
        if rule.topic not in topic_ids:
            out.append((("rules", i, "topic"), f"unknown topic id '{rule.topic}'", "error"))
    for oid, outcome in flow.outcomes.items():
        for j, topic in enumerate(outcome.always):
            if topic not in topic_ids:
                out.append((("outcomes", oid, "always", j), f"unknown topic id '{topic}'", "error"))

    for loc, text in _texts(flow):
        if not text.get("nl"):
            out.append((loc, "this text has no Dutch (nl) version", "error"))
        missing = [lang for lang in LANGUAGES if not text.get(lang)]
        if missing and text.get("nl"):
            out.append((loc, f"translation missing for: {', '.join(missing)}", "warning"))
    return out


def _texts(flow: Flow):
    for qid, q in flow.questions.items():
        yield ("questions", qid, "text"), q.text
        if q.sms:
            yield ("questions", qid, "sms"), q.sms
        if q.help:
            yield ("questions", qid, "help"), q.help
        for i, o in enumerate(q.options):
            yield ("questions", qid, "options", i, "label"), o.label
            if o.sms:
                yield ("questions", qid, "options", i, "sms"), o.sms
    for oid, outcome in flow.outcomes.items():
        yield ("outcomes", oid, "text"), outcome.text
    for level, label in flow.ethos.items():
        yield ("ethos", level), label
    for key, text in flow.texts.items():
        yield ("texts", key), text
