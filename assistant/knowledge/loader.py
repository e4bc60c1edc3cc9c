"""Load every file under knowledge/ into models, collecting problems with file and line.

One broken file never stops the others from loading: its problems are reported and the
rest of the knowledge is still there for `check` to examine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..languages import SOURCE
from ..textfold import phrase_key
from . import hours as hours_mod
from . import placefiles, provenance
from .flowcheck import check_flow
from .flowgraph import FlowGraph
from .models import (
    LANGUAGES,
    REQUIRED_LANGUAGES,
    TOPIC_IDS,
    Counter,
    Flow,
    Municipality,
    Topic,
)
from .places import PlaceRows, Places
from .sourcefile import SourceError, SourceFile, read_front_matter, read_yaml

STALE_AFTER_DAYS = 180
_TOPIC_NAME = re.compile(r"^([a-z0-9-]+)\.([a-z]{2})\.md$")
_UNSAFE = re.compile(r"<\s*(script|iframe|object|embed|style)|javascript:|\son[a-z]+\s*=", re.I)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {tag}{self.message}"


@dataclass
class Knowledge:
    root: Path
    topics: dict[tuple[str, str], Topic] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    flow: Flow | None = None
    problems: list[Problem] = field(default_factory=list)
    # Flows this site served before, without their words (fingerprint -> flow): old plan links read with them.
    past_flows: dict[str, Flow] = field(default_factory=dict)
    # knowledge/places/: every municipality and woonplaats (kb.places matches names against them).
    place_rows: PlaceRows = field(default_factory=PlaceRows)
    # knowledge/search_terms.yaml: (topic id, language) -> words people type in a language the
    # topic has no file for yet. Only searched (index.documents), never shown.
    search_terms: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _graph: FlowGraph | None = field(default=None, repr=False, compare=False)
    _places: tuple | None = field(default=None, repr=False, compare=False)
    _past_graphs: dict[str, FlowGraph] = field(default_factory=dict, repr=False, compare=False)

    @property
    def graph(self) -> FlowGraph:
        """The flow's one graph, computed on first use and held with this build."""
        if self.flow is None:
            raise LookupError("this knowledge has no flow")
        if self._graph is None or self._graph.flow is not self.flow:
            self._graph = FlowGraph(self.flow)
        return self._graph

    @property
    def places(self) -> Places:
        """Every municipality, covered or not, built once per build (rebuilt if the files change)."""
        stamp = (id(self.place_rows), tuple(self.municipalities))
        if self._places is None or self._places[0] != stamp:
            self._places = (stamp, Places(self.place_rows, self.municipalities))
        return self._places[1]

    def graphs(self) -> dict[str, FlowGraph]:
        """Every flow version we know, by fingerprint; the current one included."""
        for fp, flow in self.past_flows.items():
            if fp not in self._past_graphs:
                self._past_graphs[fp] = FlowGraph(flow)
        return {**self._past_graphs, self.graph.fingerprint: self.graph}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def topic(self, topic_id: str, lang: str) -> Topic | None:
        """The topic in the person's language, else English, else Dutch."""
        for candidate in (lang, "en", "nl"):
            found = self.topics.get((topic_id, candidate))
            if found:
                return found
        return None

    def topic_languages(self) -> dict[str, list[str]]:
        langs: dict[str, list[str]] = {}
        for topic_id, lang in self.topics:
            langs.setdefault(topic_id, []).append(lang)
        return {t: sorted(ls, key=LANGUAGES.index) for t, ls in sorted(langs.items())}


class _Collector:
    def __init__(self, root: Path, today: dt.date):
        self.root = root
        self.today = today
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def add(self, path: Path, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.rel(path), line, message, severity))

    def validation(self, src: SourceFile, exc: ValidationError) -> None:
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "file"
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = f"unknown field '{loc[-1]}': check the spelling, or remove it"
            elif err["type"] == "missing":
                msg = f"the field '{where}' is missing"
            else:
                msg = f"{where}: {msg}"
            self.add(src.path, src.line_of(loc), msg)

    def parse(self, path: Path, read, model, **filled):
        """Read a file and validate it as model; on any fault report it and return (src, None).

        `filled` are the fields the loader adds (language, slug, body...), not the editor."""
        try:
            src = read(path)
        except SourceError as exc:
            self.add(path, exc.line, exc.message)
            return None, None
        if "body" in filled:
            filled["body"] = src.body
        try:
            return src, model.model_validate({**src.data, **filled})
        except ValidationError as exc:
            self.validation(src, exc)
            return src, None

    def dated(self, src: SourceFile, reviewed: dt.date, key: str = "reviewed") -> None:
        line = src.line_of((key,))
        if reviewed > self.today:
            self.add(src.path, line, f"'{key}' is in the future ({reviewed}); use the date you checked")
        elif (self.today - reviewed).days > STALE_AFTER_DAYS:
            self.add(
                src.path,
                line,
                f"'{key}' is {(self.today - reviewed).days} days old; check the facts again",
                "warning",
            )

    def unsafe_body(self, src: SourceFile) -> None:
        for offset, line in enumerate(src.body.split("\n")):
            if _UNSAFE.search(line):
                self.add(
                    src.path,
                    src.body_line + offset,
                    "HTML or a script link in the text: it is shown as plain text; write Markdown",
                    "warning",
                )


def load(root: Path, today: dt.date | None = None) -> Knowledge:
    root = Path(root)
    col = _Collector(root, today or dt.date.today())
    kb = Knowledge(root=root)
    _load_topics(root / "topics", kb, col)
    _load_search_terms(root / "search_terms.yaml", kb, col)
    _load_municipalities(root / "municipalities", kb, col)
    if (root / "places").is_dir():
        kb.place_rows, problems = placefiles.read(root / "places")
        for name, line, message in problems:
            col.add(root / "places" / name, line, message)
        for muni in kb.places.unlisted if kb.place_rows.municipalities else []:
            col.add(
                root / "municipalities" / muni.slug / "municipality.yaml",
                1,
                "not found in knowledge/places/municipalities.csv by name; add cbs_code: \"GMxxxx\"",
                "warning",
            )
    flow_path = root / "flows" / "intake.yaml"
    if flow_path.exists():
        kb.flow = _load_flow(flow_path, kb, col)
    else:
        col.add(flow_path, 1, "the intake flow is missing")
    kb.problems = sorted(col.problems, key=lambda p: (p.path, p.line))
    return kb


def _load_topics(folder: Path, kb: Knowledge, col: _Collector) -> None:
    for path in sorted(folder.glob("*.md")):
        m = _TOPIC_NAME.match(path.name)
        if not m:
            col.add(path, 1, "a topic file is named <id>.<language>.md, for example briefadres.nl.md")
            continue
        topic_id, lang = m.groups()
        if lang not in LANGUAGES:
            col.add(path, 1, f"unknown language '{lang}'; use one of {', '.join(LANGUAGES)}")
            continue
        src, topic = col.parse(path, read_front_matter, Topic, lang=lang, body="")
        if topic is None:
            continue
        if topic.id != topic_id:
            col.add(path, src.line_of(("id",)), f"the id '{topic.id}' differs from the file name '{topic_id}'")
            continue
        if topic_id not in TOPIC_IDS:
            col.add(path, src.line_of(("id",)), f"unknown topic id '{topic_id}'")
        if topic.counter_card and lang != "nl":
            col.add(path, src.line_of(("counter_card",)), "'counter_card' belongs in the Dutch file only", "warning")
        if len(topic.body.split()) < 60:
            col.add(path, src.body_line, "the text is very short; a topic needs a complete explanation")
        for i, source in enumerate(topic.sources):
            if source.checked > col.today:
                col.add(path, src.line_of(("sources", i, "checked")), "'checked' is in the future")
        col.dated(src, topic.reviewed)
        for offset, why in provenance.editorial(topic.body):
            col.add(path, src.body_line + offset, f"a note to editors in the text: {why}; leave it out")
        col.unsafe_body(src)
        kb.topics[(topic_id, lang)] = topic
    present = kb.topic_languages()
    for topic_id, needed in REQUIRED_LANGUAGES.items():
        for lang in needed:
            if lang not in present.get(topic_id, []):
                col.add(folder / f"{topic_id}.{lang}.md", 1, f"topic '{topic_id}' is missing in language '{lang}'")


def _load_search_terms(path: Path, kb: Knowledge, col: _Collector) -> None:
    """topic id -> language -> the words people type, for a language the topic has no file in.

    A language with its own file keeps its words in that file's synonyms: one place each."""
    if not path.exists():
        return
    try:
        src = read_yaml(path)
    except SourceError as exc:
        col.add(path, exc.line, exc.message)
        return
    topics = path.parent / "topics"
    for topic_id, by_lang in src.data.items():
        where = (topic_id,)
        if topic_id not in TOPIC_IDS:
            col.add(path, src.line_of(where), f"unknown topic id '{topic_id}'")
            continue
        if not isinstance(by_lang, dict):
            col.add(path, src.line_of(where), "under a topic id, write a language code and then its words")
            continue
        for lang, phrases in by_lang.items():
            line = src.line_of(where + (lang,))
            if lang not in LANGUAGES:
                col.add(path, line, f"unknown language '{lang}'; use one of {', '.join(LANGUAGES)}")
            elif (topics / f"{topic_id}.{lang}.md").exists():
                col.add(path, line, f"'{topic_id}' has its own file in '{lang}': put these words in its synonyms")
            elif not isinstance(phrases, list) or not phrases:
                col.add(path, line, "write the words as a list, one '- word' a line")
            else:
                kept: dict[str, str] = {}
                for i, phrase in enumerate(phrases):
                    at = src.line_of(where + (lang, i))
                    key = phrase_key(phrase) if isinstance(phrase, str) else ""
                    if not key:
                        col.add(path, at, "an empty search word: write a word or remove the line")
                    elif key in kept:
                        col.add(path, at, f"'{phrase}' is already in this list ('{kept[key]}')")
                    else:
                        kept[key] = phrase.strip()
                kb.search_terms[(topic_id, lang)] = list(kept.values())


def _load_municipalities(folder: Path, kb: Knowledge, col: _Collector) -> None:
    for mdir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.exists() else []:
        slug = mdir.name
        path = mdir / "municipality.yaml"
        if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", slug):
            col.add(path, 1, f"folder name '{slug}' must be lowercase letters, digits and hyphens")
            continue
        if not path.exists():
            col.add(path, 1, "municipality.yaml is missing in this folder")
            continue
        src, muni = col.parse(path, read_yaml, Municipality, slug=slug)
        if muni is None:
            continue
        col.dated(src, muni.reviewed)
        if not muni.phone:
            col.add(path, 1, "no general phone number: add it once it is confirmed on an official page", "warning")
        for cpath in sorted((mdir / "counters").glob("*.md")):
            counter = _load_counter(cpath, slug, col)
            if counter:
                muni.counters[counter.id] = counter
        if not muni.counters:
            col.add(path, 1, "this municipality has no counters; add at least counters/gemeente.md")
        elif "gemeente" not in muni.counters:
            col.add(path, 1, "add counters/gemeente.md: the general contact for topics no counter serves", "warning")
        kb.municipalities[slug] = muni
    for muni in kb.municipalities.values():
        target = muni.centrumgemeente
        if re.match(r"^[a-z0-9-]+$", target) and target not in kb.municipalities and not muni.centrumgemeente_name:
            col.add(
                folder / muni.slug / "municipality.yaml",
                1,
                f"centrumgemeente '{target}' is not a municipality here; add 'centrumgemeente_name'",
                "warning",
            )


def _load_counter(path: Path, slug: str, col: _Collector) -> Counter | None:
    cid = path.stem
    if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", cid):
        col.add(path, 1, "a counter file name is lowercase letters, digits and hyphens, e.g. stadskantoor.md")
        return None
    src, counter = col.parse(path, read_front_matter, Counter, id=cid, municipality=slug, body="")
    if counter is None:
        return None
    bad = False
    for i, topic_id in enumerate(counter.topics):
        if topic_id not in TOPIC_IDS:
            col.add(path, src.line_of(("topics", i)), f"unknown topic id '{topic_id}'")
            bad = True
    if not counter.topics:
        col.add(path, src.line_of(("topics",)), "no topic uses this counter: list the topics it serves", "warning")
    if counter.serves is None:
        # Not an error: an unread source excludes nobody. But the plan cannot tell
        # whether this person may use the counter, so an editor should read it.
        col.add(
            path,
            1,
            "no 'serves:': write whom this counter serves, from its source; 'serves: {}' if the source does not say",
            "warning",
        )
    for loc, message in hours_mod.validate(counter):
        col.add(path, src.line_of(loc), message)
        bad = True
    bad = _check_provenance(counter, src, col) or bad
    col.unsafe_body(src)
    return None if bad else counter


def _check_provenance(counter: Counter, src: SourceFile, col: _Collector) -> bool:
    """Source dates that exist, a `verified` that happened, and no notes to editors in the text."""
    bad = False
    for i, source in enumerate(counter.sources):
        if provenance.is_future(source.parsed, col.today):
            col.add(src.path, src.line_of(("sources", i, "date")), f"the source date {source.date} is in the future")
            bad = True
    if counter.verified and counter.verified.date > col.today:
        col.add(src.path, src.line_of(("verified", "date")), "'verified' is in the future; use the day you checked")
        bad = True
    for offset, why in provenance.editorial(counter.body):
        col.add(src.path, src.body_line + offset, f"a note to editors in the text: {why}; move it to 'notes:'")
        bad = True
    referral = counter.serves.referral if counter.serves else None
    shown: list[tuple[tuple, str | None]] = [(("name",), counter.name), (("serves", "referral"), referral)]
    shown += [(("bring", i), item) for i, item in enumerate(counter.bring)]
    for loc, text in shown:
        for _offset, why in provenance.editorial(text or ""):
            col.add(src.path, src.line_of(loc), f"a note to editors in '{loc[0]}': {why}; move it to 'notes:'")
            bad = True
    return bad


def _load_flow(path: Path, kb: Knowledge, col: _Collector) -> Flow | None:
    src, flow = col.parse(path, read_yaml, Flow)
    if flow is None:
        return None
    bad = False
    for loc, message, severity in [*check_flow(flow, set(TOPIC_IDS)), *check_worker(flow)]:
        col.add(path, src.line_of(loc), message, severity)
        bad = bad or severity == "error"
    return None if bad else flow


def check_worker(flow: Flow):
    """The worker section names real questions and options, with a message in every language.

    Yields (location in the file, message, severity) like the flow check does."""

    def choice(loc: tuple, qid: str, option: str):
        q = flow.questions.get(qid)
        if q is None:
            yield loc, f"unknown question '{qid}'", "error"
        elif q.kind != "choice":
            yield loc, f"question '{qid}' has no options to choose from", "error"
        elif option not in {o.id for o in q.options}:
            known = ", ".join(o.id for o in q.options)
            yield loc, f"question '{qid}' has no option '{option}'; use one of: {known}", "error"

    for qid, option in flow.worker.defaults.items():
        yield from choice(("worker", "defaults", qid), qid, option)
    for i, rule in enumerate(flow.worker.contradictions):
        where = ("worker", "contradictions", i)
        for qid, option in rule.when.items():
            yield from choice(where + ("when", qid), qid, option)
        if not rule.message.get(SOURCE):
            yield where + ("message",), "this message has no Dutch (nl) version", "error"
        for lang in rule.message:
            if lang not in LANGUAGES:
                known = ", ".join(LANGUAGES)
                yield where + ("message", lang), f"unknown language '{lang}'; use one of {known}", "error"
        missing = [lang for lang in LANGUAGES if not rule.message.get(lang)]
        if missing and rule.message.get(SOURCE):
            yield where + ("message",), f"translation missing for: {', '.join(missing)}", "warning"
