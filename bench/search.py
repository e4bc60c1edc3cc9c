"""Search at national scale: Whoosh (what we ship) against SQLite FTS5 (the cheap baseline).

Run from the repository root:

    .venv/bin/python bench/search.py            # full size: 342 municipalities x 10 counters
    .venv/bin/python bench/search.py --quick    # a smaller corpus and fewer rounds
    .venv/bin/python bench/search.py --profile  # also cProfile ~50 queries, top 10 by cumulative time

The corpus is generated in memory from the real knowledge/ folder: every topic in all seven
languages (a missing language is a copy of the English or Dutch file with `lang` changed:
this measures load, not content) and 342 municipalities with 10 counters each (the real
ones, padded to 10, plus clones under new names). Nothing in knowledge/ or instance/ is
touched; the indexes live in a temporary folder that is removed afterwards.

It is a benchmark, not a test: it prints PASS/FAIL per target and always exits 0.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import os
import platform
import pstats
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402
import yaml  # noqa: E402

import assistant  # noqa: E402, F401  (filters Whoosh's warnings before anything imports it)
from assistant.knowledge.loader import Knowledge, load  # noqa: E402
from assistant.knowledge.models import LANGUAGES, TOPIC_IDS  # noqa: E402
from assistant.search import query as search_query  # noqa: E402
from assistant.search.index import build_index, documents, open_index  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
# The shared cases as the project keeps them (tests/fixtures, copied from ../shared/eval with a note).
SHARED_CASES = ROOT / "tests" / "fixtures" / "search_cases.yaml"
EXTRA_CASES = ROOT / "tests" / "fixtures" / "search_cases_extra.yaml"

MUNICIPALITIES = 342  # the Netherlands, 2025
COUNTERS_EACH = 10
TARGET_BUILD_S = 60.0
TARGET_P95_MS = 20.0
# A new question as the site answers it (search and snippets, no cache): issue 20.
TARGET_NEW_P50_MS = 2.0
TARGET_NEW_P95_MS = 5.0
TARGET_CACHE_MB = 20.0
FTS_LIMIT = 8

# ---- the corpus --------------------------------------------------------------------------

_PREFIXES = ["", "Nieuw-", "Oud-", "Sint-", "Groot-", "Oost-", "West-", "Noord-", "Zuid-", "Hoog-"]
_STEMS = "Bred Zeven Laar Berg Wester Vecht Rijn Maas Kamp Wol Heer Drie Bos Lin Ros Ter Hel Ooster Lang Hors".split()
_SUFFIXES = ["dorp", "veen", "hoven", "dam", "wijk", "horst", "rode", "burg", "sel", "lo", "kerk", "meer"]
_VARIANTS = (
    "locatie Noord|locatie Zuid|wijkpost Centrum|inloopspreekuur|avondspreekuur|"
    "servicepunt|buitenpost|steunpunt Oost|dependance|mobiel team"
).split("|")
_EXTRA_SENTENCES = [
    "Dit loket in {place} helpt iedereen die in {place} woont, slaapt of er ingeschreven wil worden.",
    "Kom je uit een andere gemeente dan {place}? Vraag dan aan de medewerker waar je terecht kunt.",
    "Het {variant} van {place} is bereikbaar met het openbaar vervoer; bel vooraf als je twijfelt.",
    "Neem als je kunt een identiteitsbewijs mee naar {place}; heb je dat niet, kom dan toch.",
    "In {place} werken vrijwilligers en ervaringsdeskundigen mee aan het {variant}.",
]


def _place_names(count: int, rng: random.Random) -> list[str]:
    names = [f"{p}{s}{x}" for p, s, x in itertools.product(_PREFIXES, _STEMS, _SUFFIXES)]
    return rng.sample(names, count)


def _typo(name: str) -> str:
    plain = name.replace("-", "")
    i = len(plain) // 2
    return plain[:i] + plain[i + 1 :]


def _rename(text: str, old: list[str], new: str) -> str:
    for name in sorted({o for o in old if o}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", new, text)
    return text


def _ten_counters(base, slug: str, place: str, seed: int) -> dict:
    """Exactly COUNTERS_EACH counters for one municipality, cloned and varied from `base`."""
    originals = list(base.counters.values())
    old_names = [base.name, base.official_name]
    out = {}
    for k in range(COUNTERS_EACH):
        c = originals[k % len(originals)]
        variant_no = k // len(originals)
        variant = _VARIANTS[(seed + k) % len(_VARIANTS)]
        cid = c.id if variant_no == 0 else f"{c.id}-{variant_no + 1}"
        name = _rename(c.name, old_names, place)
        if variant_no:
            name = f"{name} ({variant})"
        paragraphs = [p for p in _rename(c.body, old_names, place).split("\n\n") if p.strip()]
        if paragraphs and (seed + k) % 3:  # vary the order a little, keep the first paragraph
            shift = (seed + k) % len(paragraphs)
            paragraphs = paragraphs[:1] + (paragraphs[1:][shift:] + paragraphs[1:][:shift])
        sentence = _EXTRA_SENTENCES[(seed + k) % len(_EXTRA_SENTENCES)].format(place=place, variant=variant)
        out[cid] = c.model_copy(
            update={
                "id": cid,
                "municipality": slug,
                "name": name,
                "organization": _rename(c.organization, old_names, place) if c.organization else None,
                "body": "\n\n".join([*paragraphs, sentence]),
            }
        )
    return out


def national_corpus(real: Knowledge, municipalities: int, seed: int = 20261123) -> tuple[Knowledge, dict]:
    """The real knowledge blown up to national scale, as a Knowledge object."""
    rng = random.Random(seed)
    kb = Knowledge(root=real.root, flow=real.flow)
    synthetic_topics = 0
    for topic_id in TOPIC_IDS:
        for lang in LANGUAGES:
            topic = real.topics.get((topic_id, lang))
            if topic is None:
                source = real.topics.get((topic_id, "en")) or real.topics[(topic_id, "nl")]
                topic = source.model_copy(update={"lang": lang})
                synthetic_topics += 1
            kb.topics[(topic_id, lang)] = topic
    bases = [real.municipalities[s] for s in sorted(real.municipalities)]
    for i, base in enumerate(bases[:municipalities]):
        kb.municipalities[base.slug] = base.model_copy(
            update={"counters": _ten_counters(base, base.slug, base.name, i)}
        )
    clones = max(0, municipalities - len(kb.municipalities))
    for n, place in enumerate(_place_names(clones, rng), start=1):
        base = bases[n % len(bases)]
        slug = f"gemeente-{n:03d}"
        kb.municipalities[slug] = base.model_copy(
            update={
                "slug": slug,
                "name": place,
                "official_name": place,
                "aliases": [place.replace("-", " "), _typo(place)],
                "counters": _ten_counters(base, slug, place, n),
            }
        )
    facts = {"synthetic_topics": synthetic_topics, "clones": clones}
    return kb, facts


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# ---- the queries -------------------------------------------------------------------------


def load_cases(path: Path) -> list[dict]:
    if not path.exists():
        print(f"  (missing {path}: its cases are left out)")
        return []
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [c for c in cases if isinstance(c, dict) and c.get("q")]


def query_mix(shared: list[dict], extra: list[dict], kb: Knowledge, slugs: list[str]) -> list[tuple[str, str, str]]:
    """(text, lang, municipality) for every query; fixed, so runs compare."""
    clone = kb.municipalities[slugs[1]]
    texts: list[tuple[str, str]] = [(str(c["q"]), c.get("lang", "nl")) for c in shared + extra]
    texts += [
        # typos
        ("briefadrs", "nl"),
        ("zorgverzkering", "nl"),
        ("nachtopvnagg", "nl"),
        ("daklozenopvnag aanmelden", "nl"),
        ("schuldhuelp gemeente", "nl"),
        ("identitietsbewijs kwijt", "nl"),
        ("huurachterstnd deurwarder", "nl"),
        ("helth insurence", "en"),
        # municipality names
        (clone.name, "nl"),
        (f"loket {clone.name} briefadres", "nl"),
        ("stadskantoor Utrecht", "nl"),
        ("Rotterdam", "nl"),
        ("Mokum nachtopvang", "nl"),
        # the two languages that only have synthetic copies
        ("де переночувати сьогодні", "uk"),
        ("أين أنام الليلة", "ar"),
        # long queries
        (
            "ik ben vorige maand uit mijn huis gezet omdat ik de huur niet meer kon betalen en nu slaap ik "
            "bij vrienden op de bank maar dat kan niet lang meer en ik heb ook nog schulden bij de zorgverzekeraar "
            "en ik weet niet waar mijn post naartoe moet",
            "nl",
        ),
        (
            "Hello, I came from Poland two years ago to work in a warehouse, I lost my job and my room last week "
            "because the room came with the job, I have no insurance and no address and I do not speak Dutch, "
            "where can I sleep and who can help me with papers?",
            "en",
        ),
        ("briefadres " * 40, "nl"),
        ("x" * 5000, "nl"),
        # empty, emoji, syntax
        ("", "nl"),
        ("   ", "nl"),
        ("🏠", "nl"),
        ("🏠🛏️❓ help", "en"),
        ("\x00\x01", "nl"),
        ('"', "nl"),
        ("AND(", "nl"),
        ("title:* OR ) NOT", "nl"),
        ("briefadres AND (", "nl"),
    ]
    return [(q, lang, slugs[i % len(slugs)]) for i, (q, lang) in enumerate(texts)]


def percentiles(samples_s: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples_s)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": statistics.median(ms), "p95": cuts[94], "p99": cuts[98], "max": ms[-1]}


def timed(run, mix, rounds: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        for q in mix:
            run(*q)
    samples = []
    gc.collect()
    for _ in range(rounds):
        for q in mix:
            t0 = time.perf_counter()
            run(*q)
            samples.append(time.perf_counter() - t0)
    return samples


def hit_at_3(ids_for, cases: list[dict]) -> tuple[float, int]:
    scored = [c for c in cases if c.get("expect")]
    hits = sum(1 for c in scored if set(c["expect"]) & set(ids_for(str(c["q"]), c.get("lang", "nl"))[:3]))
    return (hits / len(scored) if scored else 0.0), len(scored)


# ---- SQLite FTS5 -------------------------------------------------------------------------

FTS_COLUMNS = ["title", "syn", "tags", "body"]
FTS_SQL = (
    "SELECT d.kind, d.id FROM (SELECT rowid, rank FROM docs_fts WHERE docs_fts MATCH ? "
    f"ORDER BY rank LIMIT {FTS_LIMIT}) f JOIN docs d ON d.rowid = f.rowid ORDER BY f.rank"
)


def fts_rows(kb: Knowledge):
    """The very documents Whoosh indexes, flattened to one column per part."""
    for doc in documents(kb):
        lang = doc["lang"]
        yield {
            "key": doc["key"],
            "kind": doc["kind"],
            "id": doc["id"],
            "lang": lang,
            "municipality": doc["municipality"],
            "title": doc.get(f"title_{lang}", doc["title"]),
            "syn": doc.get(f"syn_{lang}", ""),
            "tags": doc.get(f"tags_{lang}", ""),
            "body": doc.get(f"body_{lang}", ""),
        }


def build_fts(kb: Knowledge, path: Path) -> sqlite3.Connection:
    db = sqlite_utils.Database(path)
    db["docs"].insert_all(fts_rows(kb), batch_size=500)
    db["docs"].enable_fts(FTS_COLUMNS, tokenize="unicode61 remove_diacritics 2")
    # The same weights per part as Whoosh's BOOSTS, so `rank` is not a straw man.
    db.execute("INSERT INTO docs_fts(docs_fts, rank) VALUES('rank', 'bm25(4.0, 3.0, 2.0, 1.0)')")
    db.execute("INSERT INTO docs_fts(docs_fts) VALUES('optimize')")
    db.conn.commit()
    db.execute("VACUUM")
    return db.conn


def fts_search(conn: sqlite3.Connection, text: str) -> list[tuple[str, str]]:
    words = search_query.words_of(search_query.clean(text))
    if not words:
        return []
    match = " OR ".join(f'"{w}"' for w in words)
    return conn.execute(FTS_SQL, (match,)).fetchall()


def fts_topic_ids(conn, text: str) -> list[str]:
    ids: list[str] = []
    for kind, topic_id in fts_search(conn, text):
        if kind == "topic" and topic_id not in ids:
            ids.append(topic_id)
    return ids


# ---- main --------------------------------------------------------------------------------


def full_cache(searcher, path: Path) -> tuple[float, int, float]:
    """Fill a search cache (assistant/searchcache.py) with as many distinct questions as it
    keeps, each stored as the site stores it: its size on disk, and the Python memory the
    process holds for it (tracemalloc), which should be next to nothing: the rows live in SQLite."""
    import tracemalloc

    from assistant.catalogue import _plain
    from assistant.searchcache import SIZE, SearchCache

    cases = load_cases(SHARED_CASES) + load_cases(EXTRA_CASES)
    words = sorted({w for c in cases for w in search_query.words_of(str(c["q"])) if len(w) > 3})
    rng = random.Random(20)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    cache = SearchCache(path, "bench")
    seen: set[str] = set()
    while len(seen) < SIZE:
        q = " ".join(rng.sample(words, 3))
        if q in seen:
            continue
        seen.add(q)
        results = search_query.search(searcher, q, "nl")
        results.snippets = [search_query.snippet(h.text, results.words, folded=h.folded) for h in results.hits]
        for h in results.hits:
            h.text = h.folded = ""
        cache.put([q, "nl", None], _plain(results))
    held = (tracemalloc.get_traced_memory()[0] - before) / 1e6
    tracemalloc.stop()
    on_disk = sum(f.stat().st_size for f in path.parent.glob(path.name + "*"))  # with its WAL
    return on_disk / 1e6, cache.count(), held


def machine() -> dict[str, str]:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 0
    return {
        "nproc": str(cores),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "whoosh": metadata.version("whoosh"),
        "sqlite": sqlite3.sqlite_version,
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="40 municipalities, 2 rounds")
    ap.add_argument("--rounds", type=int, help="timed rounds over the query mix (default 5, quick 2)")
    ap.add_argument("--profile", action="store_true", help="cProfile ~50 Whoosh queries: top 10 functions")
    args = ap.parse_args(argv)
    municipalities = 40 if args.quick else MUNICIPALITIES
    rounds = args.rounds or (2 if args.quick else 5)

    facts = machine()
    print("Loketwijzer search benchmark" + (" (quick)" if args.quick else ""))
    print("machine: " + "  ".join(f"{k} {v}" for k, v in facts.items()))

    t0 = time.perf_counter()
    real = load(KNOWLEDGE)
    if real.errors:
        print(f"  note: the real knowledge has {len(real.errors)} errors; the corpus uses what loaded")
    kb, made = national_corpus(real, municipalities)
    counters = sum(len(m.counters) for m in kb.municipalities.values())
    docs = len(kb.topics) + counters
    print(
        f"corpus: {len(kb.topics)} topic versions ({made['synthetic_topics']} synthetic copies), "
        f"{len(kb.municipalities)} municipalities ({made['clones']} clones), {counters} counters, "
        f"{docs} documents  [{time.perf_counter() - t0:.1f} s to generate]"
    )

    clone_slugs = sorted(s for s in kb.municipalities if s.startswith("gemeente-"))
    real_slugs = [s for s in ("utrecht", "amsterdam") if s in kb.municipalities]
    slugs = [real_slugs[0], clone_slugs[len(clone_slugs) // 2], real_slugs[-1], clone_slugs[-1]]
    shared, extra = load_cases(SHARED_CASES), load_cases(EXTRA_CASES)
    mix = query_mix(shared, extra, kb, slugs)
    print(f"queries: {len(mix)} in the mix ({len(shared)} shared, {len(extra)} own, rest typos/names/long/empty)")
    print(f"         1 warm-up round + {rounds} timed rounds; municipality rotates over {', '.join(slugs)}")

    with tempfile.TemporaryDirectory(prefix="loketwijzer-bench-") as tmp:
        tmpdir = Path(tmp)

        # -- Whoosh
        t0 = time.perf_counter()
        indexed = build_index(kb, tmpdir / "whoosh")
        build_s = time.perf_counter() - t0
        whoosh_mb = folder_mb(tmpdir / "whoosh")
        print(f"whoosh: built {indexed} documents in {build_s:.1f} s, {whoosh_mb:.1f} MB on disk")
        ix = open_index(tmpdir / "whoosh")

        opens = []
        for _ in range(20):
            t0 = time.perf_counter()
            ix.searcher().close()
            opens.append(time.perf_counter() - t0)

        with ix.searcher() as searcher:

            def run_whoosh(q, lang, muni):
                return search_query.search(searcher, q, lang, municipality=muni)

            w_samples = timed(run_whoosh, mix, rounds)
            w = percentiles(w_samples)
            per_query = {}
            for i, s in enumerate(w_samples):
                per_query.setdefault(i % len(mix), []).append(s)
            slowest = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:5]

            def whoosh_ids(q, lang):
                return [h.id for h in search_query.search(searcher, q, lang).hits if h.kind == "topic"]

            w_hit3, n_shared = hit_at_3(whoosh_ids, shared)
            w_hit3_extra, n_extra = hit_at_3(whoosh_ids, extra)

            # As served (catalogue.Loaded.search without its cache): the search, then a snippet
            # for each hit shown. This is what a person waits for with a question nobody asked.
            def served(q, lang, muni):
                results = search_query.search(searcher, q, lang, municipality=muni)
                return [search_query.snippet(h.text, results.words, folded=h.folded) for h in results.hits]

            s_samples = timed(served, mix, rounds)
            served_p = percentiles(s_samples)
            cache_mb, cache_rows, cache_py_mb = full_cache(searcher, tmpdir / "cache.db")

            profile_text = ""
            if args.profile:
                sample = mix[::2]  # ~50 queries spread over the whole mix
                prof = cProfile.Profile()
                prof.enable()
                for q in sample:
                    run_whoosh(*q)
                prof.disable()
                out = io.StringIO()
                stats = pstats.Stats(prof, stream=out)
                stats.sort_stats("cumulative").print_stats(10)
                stats.sort_stats("tottime").print_stats(10)
                profile_text = out.getvalue()
        ix.close()

        # -- SQLite FTS5
        t0 = time.perf_counter()
        conn = build_fts(kb, tmpdir / "fts.db")
        fts_build_s = time.perf_counter() - t0
        fts_mb = (tmpdir / "fts.db").stat().st_size / 1e6
        print(f"fts5:   built {docs} documents in {fts_build_s:.1f} s, {fts_mb:.1f} MB on disk")
        f_samples = timed(lambda q, lang, muni: fts_search(conn, q), mix, rounds)
        f = percentiles(f_samples)
        f_hit3, _ = hit_at_3(lambda q, lang: fts_topic_ids(conn, q), shared)
        f_hit3_extra, _ = hit_at_3(lambda q, lang: fts_topic_ids(conn, q), extra)
        conn.close()

    n = len(w_samples)
    print()
    print(f"{'':24}{'Whoosh':>12}{'FTS5':>12}{'Whoosh/FTS5':>14}")
    print(f"{'build (s)':24}{build_s:>12.1f}{fts_build_s:>12.1f}{build_s / fts_build_s:>13.0f}x")
    print(f"{'index size (MB)':24}{whoosh_mb:>12.1f}{fts_mb:>12.1f}{whoosh_mb / fts_mb:>13.1f}x")
    for key in ("p50", "p95", "p99", "max"):
        ratio = f"{w[key] / f[key]:>13.0f}x" if key in ("p50", "p95") else ""
        print(f"{f'latency {key} (ms)':24}{w[key]:>12.2f}{f[key]:>12.3f}{ratio}")
    print(f"{f'hit@3 shared ({n_shared})':24}{w_hit3:>12.1%}{f_hit3:>12.1%}")
    print(f"{f'hit@3 own ({n_extra})':24}{w_hit3_extra:>12.1%}{f_hit3_extra:>12.1%}")
    print(f"({n} timed searches each; searcher open p50 {statistics.median(opens) * 1000:.2f} ms, not in the latency)")
    print()
    print(
        f"new question as served (search + snippets, no cache): p50 {served_p['p50']:.2f} ms  "
        f"p95 {served_p['p95']:.2f} ms  p99 {served_p['p99']:.2f} ms  max {served_p['max']:.2f} ms"
    )
    print(
        f"a full search cache ({cache_rows} questions): {cache_mb:.1f} MB in its SQLite file, "
        f"{cache_py_mb:.2f} MB of Python memory held by the process"
    )
    print()
    print("slowest Whoosh queries (median ms):")
    for i, samples in slowest:
        q, lang, _ = mix[i]
        shown = q if len(q) <= 60 else q[:57] + "..."
        print(f"  {statistics.median(samples) * 1000:8.1f}  [{lang}] {shown!r}")
    print()
    scale = "" if not args.quick else "  (quick run: the targets are for the full size)"
    print(f"target build < {TARGET_BUILD_S:.0f} s:  {verdict(build_s < TARGET_BUILD_S)} ({build_s:.1f} s){scale}")
    print(f"target p95 < {TARGET_P95_MS:.0f} ms:  {verdict(w['p95'] < TARGET_P95_MS)} ({w['p95']:.1f} ms){scale}")
    new_ok = served_p["p50"] <= TARGET_NEW_P50_MS and served_p["p95"] <= TARGET_NEW_P95_MS
    print(
        f"target new question p50 <= {TARGET_NEW_P50_MS:.0f} ms and p95 <= {TARGET_NEW_P95_MS:.0f} ms:  "
        f"{verdict(new_ok)} ({served_p['p50']:.2f} / {served_p['p95']:.2f} ms){scale}"
    )
    cache_ok = max(cache_mb, cache_py_mb) < TARGET_CACHE_MB
    print(f"target full cache < {TARGET_CACHE_MB:.0f} MB:  {verdict(cache_ok)} ({cache_mb:.1f} MB file, "
          f"{cache_py_mb:.2f} MB in memory)")
    if profile_text:
        print()
        print("cProfile of every other query in the mix: top 10 by cumulative time, then by own time")
        print(profile_text)
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
