"""Prove the intake flow is sound: every answer leads somewhere real, no loops, no dead ends."""

from __future__ import annotations

from ..knowledge.models import LANGUAGES, Flow


def _next_nodes(flow: Flow, qid: str) -> list[tuple[tuple, str]]:
    q = flow.questions[qid]
    edges = [(("questions", qid, "options", i, "next"), o.next) for i, o in enumerate(q.options)]
    if q.next:
        edges.append((("questions", qid, "next"), q.next))
    if q.skippable:
        edges.append((("questions", qid, "skip_next"), q.skip_next or _default_skip(q)))
    return edges


def _default_skip(q) -> str:
    """Skipping goes where the question's own 'next' (or its last option) goes."""
    return q.next or q.options[-1].next


def skip_target(flow: Flow, qid: str) -> str:
    q = flow.questions[qid]
    return q.skip_next or _default_skip(q)


def check_flow(flow: Flow, topic_ids: set[str]) -> list[tuple[tuple, str, str]]:
    """(path in the file, message, severity) for every problem in the flow."""
    out: list[tuple[tuple, str, str]] = []
    nodes = set(flow.questions) | set(flow.outcomes)
    if flow.start not in flow.questions:
        out.append((("start",), f"start '{flow.start}' is not a question", "error"))
        return out
    for qid in flow.questions:
        for loc, target in _next_nodes(flow, qid):
            if target not in nodes:
                out.append((loc, f"'{target}' is not a question or outcome", "error"))
    if any(sev == "error" for _, _, sev in out):
        return out

    # Depth-first walk: finds loops and everything reachable from the start.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, trail: list[str]) -> None:
        if node in flow.outcomes:
            state[node] = 2
            return
        if state.get(node) == 1:
            loop = " -> ".join(trail[trail.index(node) :] + [node])
            out.append((("questions", node), f"the flow loops: {loop}", "error"))
            return
        if state.get(node) == 2:
            return
        state[node] = 1
        for _, target in _next_nodes(flow, node):
            visit(target, trail + [node])
        state[node] = 2

    visit(flow.start, [])
    for qid in flow.questions:
        if qid not in state:
            out.append((("questions", qid), f"question '{qid}' can never be reached", "error"))
    for oid in flow.outcomes:
        if oid not in state:
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
    for oid, o in flow.outcomes.items():
        yield ("outcomes", oid, "text"), o.text
    for key, text in flow.ethos.items():
        yield ("ethos", key), text
    for key, text in flow.texts.items():
        yield ("texts", key), text
