"""loketwijzer serve | build | check | report | chat | eval | new-municipality | export-hsds | settings"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

# Standard library and our own Flask-free modules only: `check` and `build` must not
# load the web app. `serve` imports it when it runs.
from .paths import KNOWLEDGE, ROOT
from .settings import Settings, SettingsError, markdown_table


def cmd_check(args) -> int:
    from .knowledge.loader import load

    kb = load(Path(args.knowledge))
    for problem in kb.problems:
        if problem.severity == "error" or not args.quiet:
            print(problem)
    errors = len(kb.errors)
    warnings = len(kb.problems) - errors
    topics = len(kb.topics)
    counters = sum(len(m.counters) for m in kb.municipalities.values())
    print(
        f"{topics} topic files, {len(kb.municipalities)} municipalities, {counters} counters: "
        f"{errors} errors, {warnings} warnings",
        file=sys.stderr,
    )
    return 1 if errors else 0


def cmd_build(args) -> int:
    from .catalogue import BuildError, build
    from .private import private_dir

    # Whoosh unpickles the index's schema: whoever can write to builds/ can run code here.
    # So instance/, builds/ and everything a build writes are the service user's alone.
    private_dir(args.settings.instance)
    private_dir(args.settings.instance / "builds")
    umask = os.umask(0o077)
    try:
        path = build(Path(args.knowledge), args.settings.instance, if_changed=args.if_changed)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"build refused: {exc}; the previous build keeps serving", file=sys.stderr)
        return 1
    finally:
        os.umask(umask)
    print(f"current build: {path.name}", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from . import serving

    settings: Settings = args.settings
    if not (settings.instance / "current").exists():
        if cmd_build(argparse.Namespace(knowledge=str(KNOWLEDGE), if_changed=True, settings=settings)):
            return 1
    port = args.port if args.port is not None else settings.port
    workers = 1 if args.watch else serving.worker_count(settings, args.workers)
    print(f"Loketwijzer serves on http://{args.host}:{port}/", file=sys.stderr)
    if workers == 1:
        app = _web_app(settings, args.watch)
        _sweeper(settings)
        _waitress(app, args.threads, host=args.host, port=port)
        return 0
    from .app import create_app

    create_app(settings)  # refuses a production start without its keys here, not in every worker
    sock = serving.take_port(args.host, port)
    from . import searchcache  # noqa: F401  (its key is made here, before the fork: shared by all workers)

    def worker(sock) -> None:
        app = _web_app(settings, False)  # ready before its socket takes connections
        _waitress(app, args.threads, sockets=[serving.worker_socket(sock)])

    _sweeper(settings)  # one sweeper, in the parent
    return serving.serve_forked(sock, workers, worker, quiet=False)


def _web_app(settings: Settings, watch: bool):
    from .app import create_app

    app = create_app(settings)
    if watch:
        from .preview import Watcher

        watcher = Watcher(Path(KNOWLEDGE), settings.instance)
        watcher.start()
        app.extensions["preview"] = watcher
        print("watching knowledge/: save a file and reload the page", file=sys.stderr)
    # Load the knowledge before the first person arrives, not during their request: the
    # catalogue, the search's document table, the place names and the sentence phrases
    # (together ~150 ms, which the first SMS or search of each worker used to pay).
    from . import conversation
    from .search import query

    data = app.extensions["catalogue"].get()
    query.prepare(data.searcher())
    conversation.read(data.kb, "hallo utrecht", "nl")
    return app


def _sweeper(settings: Settings) -> None:
    from .store import SmsStore, Sweeper

    # SMS conversations silent for a day are deleted even when nobody writes in again.
    Sweeper(SmsStore(settings.instance / "sms.db")).start()


def _waitress(app, threads: int, **where) -> None:
    from waitress import serve

    serve(app, threads=threads, ident="loketwijzer", **where)


def cmd_report(args) -> int:
    import datetime as dt

    from . import redactie
    from .knowledge import provenance
    from .knowledge.loader import load

    kb = load(Path(args.knowledge))
    if args.municipality and args.municipality not in kb.municipalities:
        print(f"unknown municipality '{args.municipality}'", file=sys.stderr)
        return 2
    today = dt.date.today()
    print(redactie.text(provenance.report(kb.municipalities, today, args.municipality)), end="")
    if args.html:
        out = Path(args.html)
        out.mkdir(parents=True, exist_ok=True)
        for slug, muni in kb.municipalities.items():
            if args.municipality and slug != args.municipality:
                continue
            rows = provenance.report(kb.municipalities, today, slug)
            problems = [str(p) for p in kb.problems if f"/{slug}/" in p.path]
            (out / f"{slug}.html").write_text(redactie.page(muni.name, rows, today, problems), encoding="utf-8")
        print(f"pages written to {out}", file=sys.stderr)
    return 0


def cmd_chat(args) -> int:
    from .chat import run

    return run(lang=args.lang, settings=args.settings)


# The typed sentences (issue 19): the tuning set, a held-out set and the last, unseen one.
SENTENCE_SETS = [ROOT / "tests/fixtures" / f"understand_{name}.yaml" for name in ("cases", "heldout", "unseen")]


def cmd_eval(args) -> int:
    """Search cases (hit@1, hit@3) and typed sentences (precision, recall, danger recall)."""
    from .evaluate import load_sentences, print_report, print_understanding, run_cases, run_understanding

    files = [Path(c) for c in args.cases] or [ROOT / "tests/fixtures/search_cases.yaml", *SENTENCE_SETS]
    ok = True
    for path in files:
        print(f"== {path.name}")
        if load_sentences(path):
            understood = run_understanding(path)
            print_understanding(understood)
            ok &= understood.precision >= 0.95 and understood.recall >= 0.70 and understood.danger_recall == 1.0
        else:
            report = run_cases(path, instance=args.settings.instance)
            print_report(report)
            ok &= report.hit3 >= args.min_hit3
    return 0 if ok else 1


def cmd_new_municipality(args) -> int:
    from .knowledge import placefiles
    from .knowledge.places import Places
    from .knowledge.scaffold import new_municipality

    # "GM0828", "Oss" or "GM0828|Oss": what CBS knows of it is filled in.
    rows, _ = placefiles.read(Path(args.knowledge) / "places")
    places = Places(rows)
    wanted = [w.strip() for w in args.name.split("|") if w.strip()]
    known = next((places.get(w) for w in wanted if places.get(w)), None)
    for w in wanted if known is None else []:
        found = places.match(w)
        if found.ambiguous:
            names = ", ".join(f"{places.get(o.key).code}|{o.label}" for o in found.options)  # type: ignore[union-attr]
            print(f"'{w}' fits more than one municipality; give the CBS code: {names}", file=sys.stderr)
            return 1
        known = known or found.place
    if known is None and wanted and re.fullmatch(r"GM\d{4}", wanted[0]):
        print(f"{wanted[0]} is not in knowledge/places/municipalities.csv", file=sys.stderr)
        return 1
    try:
        centre = places.centre_of(known) if known else None
        folder = new_municipality(Path(args.knowledge), wanted[-1] if wanted else "", known=known, centre=centre)
    except FileExistsError as exc:
        print(f"{exc}: that municipality already exists", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"written: {folder}; fill in the files, then run 'loketwijzer check'")
    return 0


def cmd_refresh_places(args) -> int:
    from .knowledge import placefiles

    try:
        download = Path(args.csv).read_text(encoding="utf-8-sig")
        munis, places = placefiles.refresh(Path(args.knowledge) / "places", download)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        print(f"not refreshed: {exc}", file=sys.stderr)
        return 1
    print(f"{munis} municipalities, {places} woonplaatsen written; run 'loketwijzer check', then look at the diff")
    return 0


def cmd_export_hsds(args) -> int:
    from .hsds import export
    from .knowledge.loader import load

    kb = load(Path(args.knowledge))
    if kb.errors:
        for problem in kb.errors:
            print(problem)
        print("export refused: fix the errors first ('loketwijzer check')", file=sys.stderr)
        return 1
    counts = export(kb, Path(args.out))
    print(", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" written to {args.out}")
    return 0


def cmd_settings(args) -> int:
    print(markdown_table())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="loketwijzer", description="Loketwijzer: help to the right counter.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="serve the web app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=None, help="default: the PORT setting (5000)")
    p.add_argument("--threads", type=int, default=8, help="threads per worker process")
    p.add_argument(
        "--workers", type=int, default=None, help="processes; default: LOKETWIJZER_WORKERS (0: one per core)"
    )
    p.add_argument("--watch", action="store_true", help="rebuild on every knowledge change; show problems on the page")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("build", help="build the catalogue and search index, then swap it in")
    p.add_argument("--knowledge", default=str(KNOWLEDGE))
    p.add_argument("--if-changed", action="store_true", help="do nothing when the knowledge did not change")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="validate every knowledge file")
    p.add_argument("--knowledge", default=str(KNOWLEDGE))
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("report", help="what each counter lacks, worst harm first (for editors)")
    p.add_argument("--municipality", default=None, help="one municipality (its folder name)")
    p.add_argument("--html", default=None, help="also write one HTML page per municipality here")
    p.add_argument("--knowledge", default=str(KNOWLEDGE))
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("chat", help="the intake in a terminal")
    p.add_argument("--lang", default="nl")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser(
        "eval", help="search cases (hit@1, hit@3) and typed sentences (precision, recall); all of tests/ by default"
    )
    p.add_argument("cases", nargs="*", help="case files (default: the project's search and sentence sets)")
    p.add_argument("--min-hit3", type=float, default=0.0)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "new-municipality", help="write a ready-to-fill municipality folder (CBS code or name: GM0828, Oss, GM0828|Oss)"
    )
    p.add_argument("name")
    p.add_argument("--knowledge", default=str(KNOWLEDGE))
    p.set_defaults(func=cmd_new_municipality)

    p = sub.add_parser("refresh-places", help="rewrite knowledge/places/ from a CBS 85877NED CSV download")
    p.add_argument("csv", help="the CSV file (';' or ',' separated)")
    p.add_argument("--knowledge", default=str(KNOWLEDGE))
    p.set_defaults(func=cmd_refresh_places)

    p = sub.add_parser("export-hsds", help="write Open Referral HSDS 3.0 JSON of all counters")
    p.add_argument("out")
    p.add_argument("--knowledge", default=str(KNOWLEDGE))
    p.set_defaults(func=cmd_export_hsds)

    p = sub.add_parser("settings", help="print every setting as the README's table")
    p.set_defaults(func=cmd_settings)

    args = parser.parse_args(argv)
    try:
        args.settings = Settings.from_env()  # once, here; every command gets it passed down
    except SettingsError as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
