"""Load benchmark: every page type against a hello-world waitress app, in the same run.

    .venv/bin/python bench/load.py                      # 10 s a target, 8 and 64 connections
    .venv/bin/python bench/load.py --seconds 20 --runs 3 # the median of three runs
    .venv/bin/python bench/load.py --code /tmp/base     # serve other code (a `git archive` of main)

It builds the real knowledge into a temporary instance, starts `loketwijzer serve` there as
`make run` does (one process per core, 8 threads each) and, beside it, a WSGI app that answers
"hello" through waitress in the same shape (as many processes, as many threads). wrk (Debian's
`wrk`) drives each target on loopback, on the same cores. Each figure is given as well as a
ratio to the hello app at the same number of connections: the ratio is what the code costs,
whatever the machine. A benchmark, not a test: it prints PASS/FAIL per target, exits 0.

Targets: home (a new visitor, no cookie), a question (a person part-way, their cookie), the
plan (a whole intake in the cookie), search with a NEW question every request (three words
drawn from a list: almost never in the cache) and with one cached question, a topic, a
counter, and the Twilio SMS webhook (each request a new sender, correctly signed).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-secret-not-for-production"
TWILIO_TOKEN = "bench-twilio-token"
HELLO = ROOT / "bench" / "hello.py"

# Words people type (96, from the search cases); three at random make a question the cache has not seen.
WORDS = (
    "slapen vannacht nachtopvang briefadres adres post huis kwijt uitzetting huur schuld schulden "
    "deurwaarder zorgverzekering verzekering geld uitkering bijstand werk baan ontslag id paspoort "
    "identiteitskaart kwijt gestolen inschrijven gemeente brp jongeren jong kinderen zwanger geweld "
    "veilig thuis mishandeling verslaving drugs alcohol psychisch ziek dokter huisarts ziekenhuis "
    "tandarts medicijnen eten voedselbank kleding douche wassen telefoon opladen juridisch advocaat "
    "hulp gesprek loket balie wijkteam aanmelden wachtlijst opvang dakloos straat auto tent bank "
    "vrienden familie polen roemenie eu arbeidsmigrant verblijf vergunning asiel statushouder "
    "gevangenis detentie kliniek jeugdzorg lhbti sleep tonight shelter address mail insurance debt "
    "job lost papers help where"
).split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    end = time.time() + seconds
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def cookies_for(instance: Path, path: str) -> tuple[str, str]:
    """Walk the intake with Flask's test client (same secret as the server): (question cookie,
    plan cookie), each as a Cookie header, and the question page's address."""
    import yaml

    from assistant.app import create_app

    sys.path.insert(0, str(ROOT / "tests"))
    import walk  # the tests' own walker: the same answers a browser without JavaScript sends

    answers = yaml.safe_load((ROOT / "tests/fixtures/intake_paths.yaml").read_text())[path]
    app = create_app({"INSTANCE": instance, "SECRET_KEY": SECRET, "SEARCH_LIMIT": 10**8})
    client = app.test_client()

    def choose(qid, choices):
        wanted = str(answers.get(qid, ""))
        return wanted if wanted in choices or not choices else choices[0]

    def header() -> str:
        cookie = client.get_cookie("lw")
        return f"lw={cookie.value}" if cookie else ""

    response = client.get("/", follow_redirects=True)
    html = response.get_data(as_text=True)
    qid = walk.QUESTION.search(html).group(1)
    walk.post(client, "/antwoord", {"question": qid, "value": choose(qid, walk.CHOICE.findall(html))})
    response = client.get("/", follow_redirects=False)
    question_url = response.headers["Location"]
    question_cookie = header()
    html, _ = walk.walk(client, choose)
    return question_cookie, header(), question_url


def lua_search_new(folder: Path) -> Path:
    words = ", ".join(f'"{w}"' for w in WORDS)
    script = folder / "search_new.lua"
    script.write_text(
        f"""
local words = {{{words}}}
local counter = 1
function setup(thread) thread:set("id", counter); counter = counter + 1 end
function init(args) math.randomseed(os.time() * 1000 + id * 7919) end
function request()
  local q = words[math.random(#words)] .. "%20" .. words[math.random(#words)] .. "%20" .. words[math.random(#words)]
  return wrk.format("GET", "/api/search?lang=nl&municipality=utrecht&q=" .. q)
end
"""
    )
    return script


def lua_sms(folder: Path, base: str, count: int) -> Path:
    """Pre-signed Twilio requests, each from a new sender (wrk's Lua cannot compute HMAC)."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(TWILIO_TOKEN)
    url = base + "/sms/twilio"
    lines = []
    stamp = int(time.time())
    for n in range(count):
        params = {"From": f"+316{stamp % 10**4:04d}{n:04d}", "Body": "Hallo", "MessageSid": f"SMbench{stamp}{n:07d}"}
        body = urllib.parse.urlencode(params)
        lines.append(f'{{"{body}", "{validator.compute_signature(url, params)}"}}')
    script = folder / "sms.lua"
    script.write_text(
        "local msgs = {" + ",\n".join(lines) + "}\n"
        + """
local counter = 1
function setup(thread) thread:set("id", counter); counter = counter + 1 end
function init(args) i = id end
function request()
  local m = msgs[i]
  i = i + 2
  if i > #msgs then i = id end
  return wrk.format("POST", "/sms/twilio", {["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Twilio-Signature"] = m[2]}, m[1])
end
"""
    )
    return script


def wrk(url: str, conns: int, seconds: int, script: Path | None = None, header: str = "") -> dict:
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    if header:
        cmd += ["-H", header]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = sum(int(x) for x in socket_errors.groups()) if socket_errors else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": rps,
        "p50": _ms(lat["50"]),
        "p99": _ms(lat["99"]),
        "errors": errors + (int(bad.group(1)) if bad else 0),
        "requests": int(total.group(1)) if total else 0,
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def start(cmd: list[str], env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log.open("w"), stderr=subprocess.STDOUT)


def one_run(args, instance: Path, tmp: Path) -> dict:
    port, hello_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "LOKETWIJZER_INSTANCE": str(instance),
        "LOKETWIJZER_SECRET_KEY": SECRET,
        "LOKETWIJZER_HMAC_KEY": "bench-hmac",
        "LOKETWIJZER_SEARCH_LIMIT": str(10**8),  # the limits protect a site from scripts; this is one
        "LOKETWIJZER_SMS_REPLIES_PER_MINUTE": str(10**8),
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "PUBLIC_BASE_URL": base,
        "PYTHONPATH": str(args.code),
    }
    python = sys.executable
    serve = [python, "-m", "assistant", "serve", "--port", str(port)]
    if args.workers is not None:
        serve += ["--workers", str(args.workers)]
    if args.threads is not None:
        serve += ["--threads", str(args.threads)]
    app = start(serve, env, args.code, tmp / "serve.log")
    hello_cmd = [python, str(HELLO), "--port", str(hello_port), "--workers", str(args.hello_workers)]
    hello = start(hello_cmd, env, ROOT, tmp / "hello.log")
    try:
        wait_for(f"{base}/api/topics")
        wait_for(f"http://127.0.0.1:{hello_port}/")
        question_cookie, plan_cookie, question_url = cookies_for(instance, "eviction_rotterdam")
        search_new = lua_search_new(tmp)
        sms = lua_sms(tmp, base, 60000)
        targets = [
            ("hello", f"http://127.0.0.1:{hello_port}/", None, ""),
            ("home", f"{base}/vraag/gevaar", None, ""),
            ("question", base + question_url, None, f"Cookie: {question_cookie}"),
            ("plan", f"{base}/plan", None, f"Cookie: {plan_cookie}"),
            ("search new", base + "/", search_new, ""),
            ("search cached", f"{base}/api/search?q=waar%20kan%20ik%20vannacht%20slapen&lang=nl", None, ""),
            ("topic", f"{base}/onderwerp/briefadres", None, ""),
            ("counter", f"{base}/loket/utrecht/herstart", None, ""),
            ("sms webhook", base + "/", sms, ""),
        ]
        # Every target answers 200 once before it is measured: a redirect or an error page
        # measured at full speed would be a lie.
        for name, url, script, header in targets:
            if script is None:
                req = urllib.request.Request(url, headers=dict([header.split(": ", 1)]) if header else {})
                with urllib.request.urlopen(req, timeout=10) as r:
                    assert r.status == 200 and r.url == url, (name, r.status, r.url)
        results: dict = {}
        if args.targets:
            targets = [t for t in targets if t[0] == "hello" or t[0] in args.targets]
        for conns in args.connections:
            for name, url, script, header in targets:
                results[(name, conns)] = wrk(url, conns, args.seconds, script, header)
        results["workers"] = _workers(app.pid)
        return results
    finally:
        for proc in (app, hello):
            proc.terminate()
            proc.wait(timeout=20)


def _workers(pid: int) -> int:
    children = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children |= set((task / "children").read_text().split())
    return len(children) or 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--runs", type=int, default=1, help="repeat and report the median of each figure")
    ap.add_argument("--connections", type=int, nargs="+", default=[8, 64])
    ap.add_argument("--workers", type=int, default=None, help="processes of the app (default: its own default)")
    ap.add_argument("--threads", type=int, default=None, help="threads per process of the app (default: 8)")
    ap.add_argument("--hello-workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--code", type=Path, default=ROOT, help="the code to serve (default: this checkout)")
    ap.add_argument("--targets", nargs="+", help="only these (by name, e.g. home plan); hello always runs")
    args = ap.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="loketwijzer-load-"))
    try:
        runs = []
        for n in range(args.runs):
            instance = tmp / f"instance-{n}"  # a fresh search cache and SMS store every run
            subprocess.run(
                [sys.executable, "-m", "assistant", "build"], cwd=args.code, check=True, capture_output=True,
                env={**os.environ, "LOKETWIJZER_INSTANCE": str(instance), "PYTHONPATH": str(args.code)},
            )
            runs.append(one_run(args, instance, tmp))
            print(f"run {n + 1} of {args.runs} done", file=sys.stderr)
        report(args, runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(args, runs: list[dict]) -> None:
    print(
        f"wrk: {args.seconds}s a target, 2 threads, timeout 10s; "
        f"app {runs[0]['workers']} processes x {args.threads or 8} threads, "
        f"hello {args.hello_workers} x 8; {os.cpu_count()} cores shared with wrk; median of {len(runs)} run(s)"
    )
    for conns in args.connections:
        hello = statistics.median(r[("hello", conns)]["rps"] for r in runs)
        print(f"\n{conns} connections            req/s  x hello   p50 ms   p99 ms  errors")
        for name in [k[0] for k in runs[0] if isinstance(k, tuple) and k[1] == conns]:
            rows = [r[(name, conns)] for r in runs]
            rps = statistics.median(x["rps"] for x in rows)
            p50 = statistics.median(x["p50"] for x in rows)
            p99 = statistics.median(x["p99"] for x in rows)
            errors = sum(x["errors"] for x in rows)
            target = ""
            if conns == 64 and name in ("home", "plan"):
                target = "  p99 < 150 ms: " + ("PASS" if p99 < 150 else "FAIL")
            print(f"{name:<22} {rps:9.0f}  {rps / hello:7.2f}  {p50:7.1f}  {p99:7.1f}  {errors:6d}{target}")


if __name__ == "__main__":
    random.seed(20)
    sys.exit(main())
