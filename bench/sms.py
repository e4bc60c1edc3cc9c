"""SMS cost: messages and segments per completed intake, through the real SMS core.

Run from the repository root:

    .venv/bin/python bench/sms.py              # the table
    .venv/bin/python bench/sms.py --verbose    # also every message, with its encoding and segments

The same realistic conversations in all seven languages are played through
`assistant.sms.dialogue.handle` (the code the Twilio and CM webhooks call): a person who
answers every question asked in a message ("3 2"), types the town by name and ends at the
plan. The catalogue is built from the real knowledge/ into a temporary folder; nothing in
knowledge/ or instance/ is touched. The clock is fixed (Monday 2026-11-23, 10:00 in
Amsterdam) so hours read the same every run.

Budget: `assistant.sms.segments.BUDGET`, outbound segments from the first message to the
plan, per language (the SMS tests check the same numbers). It prints PASS/FAIL per
conversation and always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import assistant  # noqa: E402, F401  (filters Whoosh's warnings before anything imports it)
from assistant import conversation  # noqa: E402
from assistant.catalogue import Catalogue, build  # noqa: E402
from assistant.languages import CODES  # noqa: E402
from assistant.sms import composing, dialogue, identity, reading, segments, texts  # noqa: E402
from assistant.store import SmsStore  # noqa: E402

BUDGET = getattr(segments, "BUDGET", {})  # per path and language
BASE_URL = getattr(segments, "BUDGET_BASE_URL", "https://loketwijzer.nl")  # its length is paid for in every plan link
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # Monday 10:00 in Amsterdam

# The same realistic paths the SMS tests play (question -> option, in asking order).
PATHS_FILE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "intake_paths.yaml"
PATHS = {name: list(path.items()) for name, path in yaml.safe_load(PATHS_FILE.read_text()).items()}
NAMES = {
    "eu_utrecht": "EU citizen, Utrecht",
    "eviction_rotterdam": "Eviction with children, Rotterdam",
    "in_danger": "In danger now",
}

# A first message that picks each language, as people write it.
FIRST = yaml.safe_load((PATHS_FILE.parent / "sms_first.yaml").read_text(encoding="utf-8"))


@dataclass
class Case:
    path_id: str  # a path in tests/fixtures/intake_paths.yaml
    lang: str
    one_at_a_time: bool = False  # answers only the first question of every message
    plain_latin: bool = True  # LOKETWIJZER_SMS_PLAIN_LATIN (the default); False: Polish/Romanian keep their letters

    @property
    def first(self) -> str:
        return FIRST[self.lang]

    @property
    def path(self) -> list[tuple[str, str]]:
        return PATHS[self.path_id]

    @property
    def name(self) -> str:
        name = NAMES.get(self.path_id, self.path_id)
        if self.one_at_a_time:
            name += ", one answer per SMS"
        if not self.plain_latin:
            name += ", PLAIN_LATIN=0"
        return name

    @property
    def budget(self) -> int | None:
        if self.one_at_a_time or not self.plain_latin:
            return None  # what-ifs, not the promise
        return BUDGET.get(self.path_id, {}).get(self.lang)


CASES = [Case(path_id, lang) for path_id in PATHS for lang in CODES] + [
    Case("eu_utrecht", "nl", one_at_a_time=True),
    Case("eu_utrecht", "pl", plain_latin=False),
    Case("eu_utrecht", "ro", plain_latin=False),
]


@dataclass
class Result:
    case: Case
    lang: str = ""
    inbound: list[str] = field(default_factory=list)
    outbound: list[list[str]] = field(default_factory=list)  # replies per inbound message

    def segs(self, texts: list[str]) -> int:
        return sum(segments.segments(t) for t in texts)

    @property
    def questions(self) -> list[str]:
        return [t for replies in self.outbound[:-1] for t in replies]

    @property
    def plan(self) -> list[str]:
        return self.outbound[-1] if self.outbound else []


def play(case: Case, loaded, workdir: Path, verbose: bool) -> Result:
    """One whole conversation through the SMS core; also what the tests replay (timing-free)."""
    kb = loaded.kb
    store = SmsStore(workdir / f"bench-{id(case)}.db")
    ctx = dialogue.Context(
        kb=kb,
        store=store,
        plan_url=lambda answers, lang: f"{BASE_URL}/p/{conversation.make_link(kb, 'bench-secret', answers, lang)}",
        search=dialogue.topic_search(loaded.search),
        now=lambda: NOW,
        plain_latin=case.plain_latin,
    )
    sender = identity.sender_key("bench-key", "+31600000000")
    answers = dict(case.path)
    result = Result(case)

    def send(text: str) -> None:
        n = len(result.inbound) + 1
        replies = dialogue.handle(ctx, text, sender, f"bench-{n}", now=NOW + dt.timedelta(minutes=n))
        result.inbound.append(text)
        result.outbound.append(replies)
        if verbose:
            print(f"  > {text}")
            for r in replies:
                c = segments.count(r)
                print(f"  < [{c.encoding}, {c.units} units, {c.segments} seg]")
                print("    " + r.replace("\n", "\n    "))

    send(case.first)
    for _ in range(60):
        with store.transaction() as tx:
            s = tx.load(sender)
        result.lang = s.lang
        if not s.asked:
            break
        send(reading.reply_for(kb, s.asked, answers, case.one_at_a_time))
    else:
        raise RuntimeError(f"{case.name}: the intake did not end")
    if result.lang != case.lang:
        raise RuntimeError(f"{case.name}: {case.first!r} chose {result.lang}, not {case.lang}")
    for replies in result.outbound:
        assert all(segments.segments(r) <= segments.MAX_SEGMENTS for r in replies)
    return result


def floor(kb, path: list[tuple[str, str]], lang: str, plain: bool) -> int:
    """Segments the welcome and the question texts need even if packed perfectly (one long SMS)."""
    asked = [composing.render_questions(kb, [composing.question(kb, qid, lang)], lang, plain=plain) for qid, _v in path]
    c = segments.count(composing.shape("\n\n".join([texts.text("welcome", lang), *asked]), lang, plain))
    return -(-c.units // (153 if c.encoding == "GSM-7" else 67))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every message")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        build(ROOT / "knowledge", workdir / "instance")
        loaded = Catalogue(workdir / "instance").get()
        kb = loaded.kb
        results = []
        for case in CASES:
            if args.verbose:
                print(f"\n## {case.name} ({case.lang}, {case.first!r})")
            results.append(play(case, loaded, workdir, args.verbose))

    print("\nSMS cost per completed intake: outbound segments from the first message to the plan\n")
    header = (
        f"{'conversation':<40} {'lang':<4} {'in msg':>6} {'out msg':>7} "
        f"{'questions':>9} {'plan':>4} {'total':>5} {'floor':>5} {'budget':>6}  verdict"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        q_segs, p_segs = r.segs(r.questions), r.segs(r.plan)
        total = q_segs + p_segs
        out_msgs = sum(len(x) for x in r.outbound)
        low = floor(kb, r.case.path, r.lang, r.case.plain_latin) if len(r.case.path) > 1 else 0
        budget = r.case.budget
        verdict = "" if budget is None else ("PASS" if total <= budget else "FAIL")
        print(
            f"{r.case.name:<40} {r.lang:<4} {len(r.inbound):>6} {out_msgs:>7} "
            f"{q_segs:>9} {p_segs:>4} {total:>5} {low:>5} {budget if budget is not None else '-':>6}  {verdict}"
        )
    print(
        "\nquestions: outbound segments before the plan (welcome and every question); plan: the plan SMS"
        "\nwith its link; floor: segments the welcome and question texts alone need even if packed"
        "\nperfectly into one long SMS (GSM-7: 153 characters a segment, UCS-2: 67)."
    )


if __name__ == "__main__":
    main()
