"""Prove the intake flow is sound: every answer leads somewhere real, no loops, no dead ends.

It reads the flow's one graph (flowgraph.py); the loader runs it on every build and check."""

from __future__ import annotations

from .flowgraph import FlowGraph
from .models import LANGUAGES, Flow

Found = list[tuple[tuple, str, str]]  # (path in the file, message, severity)


def check_flow(flow: Flow, topic_ids: set[str]) -> Found:
    """(path in the file, message, severity) for every problem in the flow."""
    if flow.start not in flow.questions:
        return [(("start",), f"start '{flow.start}' is not a question", "error")]
    graph = FlowGraph(flow)
    out = _targets(flow, graph)
    if out:
        return out  # a broken edge: loops and reachability would only repeat it
    return (
        _loops(flow, graph) + _reach(flow, graph) + _topics(flow, topic_ids) + _translations(flow)
        + _unread(flow) + _phrases(flow)
    )


# Facts the code reads besides the flow's own rules: who a counter serves
# (intake/eligibility.py), what is still missing and the ETHOS category (conversation.py),
# the EU residence assessment (intake/eu.py). tests/test_layers.py keeps this list true.
READ_BY_CODE = frozenset(
    {
        "age",
        "children",
        "nationality",
        "situation",
        "sleep_tonight",
        "insured",
        "brp",
        "id_document",
        "income",
        "ethos",
        "municipality",
        "eu_work",
        "eu_worked",
        "eu_stay",
        "eu_involuntary",
        "eu_jobseeker",
    }
)


def _conditions(flow: Flow):
    for rule in flow.rules:
        yield from rule.alternatives()
        if rule.unless:
            yield rule.unless
    for level in flow.urgency:
        yield from level.alternatives()
    for q in flow.questions.values():
        if q.skip_when:
            yield from q.skip_when if isinstance(q.skip_when, list) else [q.skip_when]


def _unread(flow: Flow) -> Found:
    """Every answer counts: a fact an answer sets that no rule, condition or code reads is an error."""
    read = set(READ_BY_CODE) | {key for condition in _conditions(flow) for key in condition}
    out: Found = []
    for qid, q in flow.questions.items():
        for i, option in enumerate(q.options):
            for key in option.set:
                if key not in read:
                    out.append(
                        (
                            ("questions", qid, "options", i, "set"),
                            f"nothing reads the fact '{key}': this answer changes nothing",
                            "error",
                        )
                    )
    return out


def _targets(flow: Flow, graph: FlowGraph) -> Found:
    nodes = set(flow.questions) | set(flow.outcomes)
    out: Found = []
    for qid, q in flow.questions.items():
        for edge in graph.edges[qid]:
            if edge.target not in nodes:
                out.append((edge.loc, f"'{edge.target}' is not a question or outcome", "error"))
        if q.kind == "choice" and q.next and q.next not in nodes:
            out.append((("questions", qid, "next"), f"'{q.next}' is not a question or outcome", "error"))
    return out


def _loops(flow: Flow, graph: FlowGraph) -> Found:
    """Depth-first walk from the start: every loop, with the questions it goes through."""
    out: Found = []
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
    return out


def _reach(flow: Flow, graph: FlowGraph) -> Found:
    out: Found = [
        (("questions", qid), f"question '{qid}' can never be reached", "error")
        for qid in flow.questions
        if qid not in graph.reachable
    ]
    out += [
        (("outcomes", oid), f"outcome '{oid}' can never be reached", "warning")
        for oid in flow.outcomes
        if oid not in graph.reachable
    ]
    return out


def _topics(flow: Flow, topic_ids: set[str]) -> Found:
    out: Found = [
        (("rules", i, "topic"), f"unknown topic id '{rule.topic}'", "error")
        for i, rule in enumerate(flow.rules)
        if rule.topic not in topic_ids
    ]
    for oid, outcome in flow.outcomes.items():
        for field in ("always", "fallback"):
            for j, topic in enumerate(getattr(outcome, field)):
                if topic not in topic_ids:
                    out.append((("outcomes", oid, field, j), f"unknown topic id '{topic}'", "error"))
    return out


def _translations(flow: Flow) -> Found:
    out: Found = []
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


def _phrases(flow: Flow) -> Found:
    """Phrases for reading typed sentences (understand.py): known languages, not empty, and
    never the same phrase for two answers of one question (it could then mean either)."""
    from ..textfold import fold

    out: Found = []
    for qid, q in flow.questions.items():
        owner: dict[tuple[str, str], str] = {}
        ranges = []
        for i, o in enumerate(q.options):
            if o.ages is not None:
                low, high = o.ages
                if low > high or low < 0:
                    where = ("questions", qid, "options", i, "ages")
                    out.append((where, f"ages {low}-{high} is not a range", "error"))
                ranges.append((low, high, o.id, i))
            for lang, phrases in o.phrases.items():
                if lang not in LANGUAGES:
                    spot: tuple = ("questions", qid, "options", i, "phrases", lang)
                    out.append((spot, f"unknown language '{lang}'", "error"))
                    continue
                for j, phrase in enumerate(phrases):
                    loc = ("questions", qid, "options", i, "phrases", lang, j)
                    key = " ".join(fold(str(phrase)).split())
                    if not key.strip("* "):
                        out.append((loc, "empty phrase", "error"))
                        continue
                    other = owner.get((lang, key))
                    if other is not None and other != o.id:
                        message = f"phrase '{phrase}' is also given for answer '{other}' of this question"
                        out.append((loc, message, "error"))
                    owner[(lang, key)] = o.id
        ranges.sort()
        for (_l1, h1, a, _), (l2, _h2, b, i) in zip(ranges, ranges[1:], strict=False):
            if l2 <= h1:
                out.append((("questions", qid, "options", i, "ages"), f"ages of '{a}' and '{b}' overlap", "error"))
    return out
