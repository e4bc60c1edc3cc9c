"""Build, verify and swap the catalogue; and read the current one.

A build goes into a hidden folder under instance/builds/, is opened again and checked,
and only then renamed and pointed to by the symlink instance/current (os.replace is
atomic). The web process only reads: it follows the symlink, and notices a new build by
the symlink's target, so a rebuild never interrupts a request and a failed or killed
build never becomes current.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from .knowledge.flowgraph import skeleton
from .knowledge.loader import Knowledge, Problem, load
from .knowledge.models import Flow, Municipality, Topic
from .knowledge.places import PlaceRows
from .search.index import build_index, open_index
from .searchcache import SearchCache

KEEP_BUILDS = 3
FORMAT = "5"  # bump when the catalogue layout or index schema changes


class BuildError(Exception):
    def __init__(self, problems: list[Problem], message: str = "the knowledge has errors"):
        super().__init__(message)
        self.problems = problems


def fingerprint(knowledge_dir: Path) -> str:
    """A hash of every knowledge file and of the code that shapes the build."""
    h = hashlib.sha256(FORMAT.encode())
    code = Path(__file__).parent
    paths = sorted(knowledge_dir.rglob("*")) + sorted((code / "search").glob("*.py")) + sorted(
        (code / "knowledge").glob("*.py")
    ) + [code / "languages.py"]  # the registry picks stemmers and stop words
    for path in paths:
        if path.is_file():
            h.update(str(path.relative_to(path.parents[1])).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def current_dir(instance: Path) -> Path | None:
    link = instance / "current"
    try:
        target = os.readlink(link)
    except OSError:
        return None
    path = (instance / target).resolve()
    return path if (path / "BUILD_OK").exists() else None


def build(knowledge_dir: Path, instance: Path, *, if_changed: bool = False, today: dt.date | None = None) -> Path:
    knowledge_dir, instance = Path(knowledge_dir), Path(instance)
    builds = instance / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = fingerprint(knowledge_dir)
    current = current_dir(instance)
    if if_changed and current and (current / "BUILD_OK").read_text().strip() == stamp:
        return current
    kb = load(knowledge_dir, today=today)
    if kb.errors:
        raise BuildError(kb.errors)
    build_id = time.strftime("%Y%m%d-%H%M%S") + f"-{stamp[:8]}-{os.getpid()}"
    tmp = builds / f".tmp-{build_id}"
    final = builds / build_id
    try:
        tmp.mkdir()
        _write_catalogue(kb, tmp / "catalogue.db", stamp, current)
        docs = build_index(kb, tmp / "index")
        _verify(tmp, kb, docs)
        (tmp / "BUILD_OK").write_text(stamp + "\n")
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(instance, final)
    _prune(builds, keep={final.name})
    return final


def _flow_shapes(kb: Knowledge, previous: Path | None) -> dict[str, dict]:
    """The skeletons of every flow served so far, carried from build to build, plus this one."""
    shapes: dict[str, dict] = {}
    if previous is not None:
        try:
            conn = sqlite3.connect(f"file:{previous / 'catalogue.db'}?mode=ro", uri=True)
            try:
                row = conn.execute("select value from meta where key = 'flow_shapes'").fetchone()
            finally:
                conn.close()
            shapes = json.loads(row[0]) if row else {}
        except (sqlite3.Error, ValueError):
            shapes = {}  # an unreadable old build: old links then get the kind "start again" page
    if kb.flow is not None:
        shapes[kb.graph.fingerprint] = skeleton(kb.flow)
    return shapes


def _write_catalogue(kb: Knowledge, path: Path, stamp: str, previous: Path | None = None) -> None:
    db = sqlite_utils.Database(path)
    db.table("topics").insert_all(
        ({"id": t.id, "lang": t.lang, "data": t.model_dump_json()} for t in kb.topics.values()),
        pk=("id", "lang"),
    )
    db.table("municipalities").insert_all(
        ({"slug": m.slug, "name": m.name, "data": m.model_dump_json()} for m in kb.municipalities.values()),
        pk="slug",
    )
    db.table("meta").insert_all(
        [
            {"key": "flow", "value": kb.flow.model_dump_json() if kb.flow else "null"},
            {"key": "fingerprint", "value": stamp},
            {"key": "flow_shapes", "value": json.dumps(_flow_shapes(kb, previous))},
            {"key": "built_at", "value": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
            {"key": "places", "value": json.dumps(dataclasses.asdict(kb.place_rows))},
        ],
        pk="key",
    )
    db.conn.commit()
    db.close()


def _verify(folder: Path, kb: Knowledge, docs: int) -> None:
    loaded = read_catalogue(folder / "catalogue.db")
    if len(loaded.topics) != len(kb.topics) or len(loaded.municipalities) != len(kb.municipalities):
        raise BuildError([], "the catalogue does not hold what was built")
    if (loaded.flow is None) != (kb.flow is None):
        raise BuildError([], "the flow did not survive the build")
    ix = open_index(folder / "index")
    try:
        if ix.doc_count() != docs:
            raise BuildError([], "the search index is incomplete")
    finally:
        ix.close()


def _swap(instance: Path, final: Path) -> None:
    link = instance / "current"
    tmp_link = instance / f".current-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(final, instance), tmp_link)
    os.replace(tmp_link, link)


def _prune(builds: Path, keep: set[str]) -> None:
    done = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)
    for old in done[:-KEEP_BUILDS]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    # Leftovers of killed builds are older than a minute: safe to remove.
    for tmp in builds.glob(".tmp-*"):
        if time.time() - tmp.stat().st_mtime > 60:
            shutil.rmtree(tmp, ignore_errors=True)


def read_catalogue(path: Path) -> Knowledge:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        kb = Knowledge(root=path.parent)
        for data, in conn.execute("select data from topics"):
            t = Topic.model_validate_json(data)
            kb.topics[(t.id, t.lang)] = t
        for data, in conn.execute("select data from municipalities order by name"):
            m = Municipality.model_validate_json(data)
            kb.municipalities[m.slug] = m
        row = conn.execute("select value from meta where key = 'flow'").fetchone()
        flow = json.loads(row[0]) if row else None
        kb.flow = Flow.model_validate(flow) if flow else None
        row = conn.execute("select value from meta where key = 'places'").fetchone()
        if row:
            kb.place_rows = PlaceRows(**{k: [tuple(r) for r in v] for k, v in json.loads(row[0]).items()})
        row = conn.execute("select value from meta where key = 'flow_shapes'").fetchone()
        shapes = json.loads(row[0]) if row else {}
        current = kb.graph.fingerprint if kb.flow else None
        kb.past_flows = {fp: Flow.model_validate(shape) for fp, shape in shapes.items() if fp != current}
        return kb
    finally:
        conn.close()


@dataclass
class Loaded:
    build_id: str
    kb: Knowledge
    index: Any  # whoosh FileIndex (Whoosh ships no types)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    cache: SearchCache | None = None

    def searcher(self):
        """This thread's searcher for this build: opening one costs more than a search.

        Whoosh searchers must not be shared between threads; one per thread is safe, and a
        build never changes, so the searcher never needs a refresh."""
        found = getattr(self._local, "searcher", None)
        if found is None:
            found = self._local.searcher = self.index.searcher()
        return found

    def search(self, text: str, lang: str, municipality: str | None):
        """Search with a cache shared by every serving process (searchcache.py): people ask
        the same things, and a build never changes."""
        from .search import query as search_query

        key = [search_query.clean(text), lang, municipality]
        # A place in the question ("nachtopvang oss") counts as the municipality, and its
        # words are not searched for: other towns' counters then never come first.
        place, rest = self.kb.places.in_query(search_query.clean(text))
        if place is not None:
            text, municipality = rest, place.key
        if self.cache is not None:
            found = self.cache.get(key)
            if found is not None:
                return _results(found, search_query.clean(text), place, self.kb)
        results = search_query.search(self.searcher(), text, lang, municipality)
        results.place = place
        results.snippets = [search_query.snippet(h.text, results.words, folded=h.folded) for h in results.hits]
        for h in results.hits:  # what is kept is the snippets, not every hit's whole text
            h.text = h.folded = ""
        if self.cache is not None:
            self.cache.put(key, _plain(results))
        return results


def _plain(results) -> dict:
    """Results as JSON-ready data: what a page shows, and nothing the person typed (the
    cache is a file; its keys are keyed hashes). "Did you mean" is kept as the corrections
    alone, one per word (null: the word as typed)."""
    typed = results.suggestion.split(" ") if results.suggestion else []
    return {
        "hits": [[h.kind, h.id, h.lang, h.municipality, h.title, h.score] for h in results.hits],
        "corrections": [c if c != w else None for c, w in zip(typed, results.words, strict=True)] if typed else None,
        "snippets": results.snippets,
        "municipality": results.municipality,
        "place": results.place.code if results.place is not None else None,
    }


def _results(data: dict, query: str, place, kb: Knowledge):
    """Results from a cached row and the question asked (`query`: cleaned, the place taken out)."""
    from .search.query import Hit, Results, words_of

    words = words_of(query)
    corrections = data.get("corrections")
    suggestion = " ".join(c or w for c, w in zip(corrections, words, strict=True)) if corrections else None
    return Results(
        query=query, hits=[Hit(*h) for h in data["hits"]], suggestion=suggestion, words=words,
        snippets=data["snippets"], municipality=data["municipality"], place=place,
    )


class Catalogue:
    """The current build, reloaded when the symlink moves to a newer one."""

    _shared: dict[Path, Catalogue] = {}
    _shared_lock = threading.Lock()

    @classmethod
    def shared(cls, instance: Path) -> Catalogue:
        """One per instance folder in this process: every app over it reads the build once."""
        key = Path(instance).resolve()
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(key)
            return cls._shared[key]

    def __init__(self, instance: Path):
        self.instance = Path(instance)
        self._lock = threading.Lock()
        self._loaded: Loaded | None = None

    def get(self) -> Loaded:
        target = current_dir(self.instance)
        if target is None:
            if self._loaded:
                return self._loaded  # the link vanished mid-swap: keep serving what we have
            raise FileNotFoundError("no knowledge build yet: run 'loketwijzer build'")
        if self._loaded and self._loaded.build_id == target.name:
            return self._loaded
        with self._lock:
            if self._loaded and self._loaded.build_id == target.name:
                return self._loaded
            cache = SearchCache(self.instance / "search-cache.db", target.name)
            kb, index = read_catalogue(target / "catalogue.db"), open_index(target / "index")
            loaded = Loaded(target.name, kb, index, cache=cache)
            self._loaded = loaded
            return loaded
