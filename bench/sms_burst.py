"""SMS bursts: N senders write at the same moment, through the real server (issue 20, point 12).

    .venv/bin/python bench/sms_burst.py                 # 1, 2 and 8 senders, 20 messages each
    .venv/bin/python bench/sms_burst.py --senders 8 --runs 3
    .venv/bin/python bench/sms_burst.py --code /tmp/base   # serve other code (before/after)

`loketwijzer serve` (as `make run` starts it) on a fresh instance; each sender is a thread that
plays one conversation through the signed Twilio webhook, message after message as fast as the
replies come ("Hallo", then answers), and in a last round every message is delivered twice at the same
moment, as a gateway that retries does. Latency is per delivery. Afterwards the SMS database is read:
a message is lost when the state of its sender does not hold it, and a reply is sent twice
when the two deliveries of one message got different replies (the second must repeat the
first) or the sender's message count is off. Target: p99 under 100 ms at 8 senders, none lost,
none twice. A benchmark, not a test: it always exits 0. BURST_LOG=file keeps the server's log.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import SECRET, TWILIO_TOKEN, free_port, wait_for

ANSWERS = ["Hallo", "2", "utrecht", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"]


def run(code: Path, senders: int, messages: int, retry: bool) -> dict:
    from twilio.request_validator import RequestValidator

    tmp = Path(tempfile.mkdtemp(prefix="loketwijzer-burst-"))
    instance = tmp / "instance"
    env = {**os.environ, "LOKETWIJZER_INSTANCE": str(instance), "PYTHONPATH": str(code)}
    subprocess.run([sys.executable, "-m", "assistant", "build"], cwd=code, env=env, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env |= {
        "LOKETWIJZER_SECRET_KEY": SECRET,
        "LOKETWIJZER_HMAC_KEY": "bench-hmac",
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "PUBLIC_BASE_URL": base,
        "LOKETWIJZER_SMS_REPLIES_PER_MINUTE": str(10**8),  # the site's cap is not what is measured
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=open(os.environ.get("BURST_LOG", os.devnull), "w"),
    )
    validator = RequestValidator(TWILIO_TOKEN)
    latencies: list[float] = []
    replies: dict[str, list[bytes]] = {}
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(senders)
    stamp = int(time.time() * 1000) % 10**6

    def deliver(params: dict, out: list) -> None:
        body = urllib.parse.urlencode(params)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": validator.compute_signature(base + "/sms/twilio", params),
        }
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/sms/twilio", body, headers)
            response = conn.getresponse()
            data = response.read()
            took = time.perf_counter() - t0
            with lock:
                latencies.append(took)
                if response.status != 200:
                    failures.append(f"{params['MessageSid']}: HTTP {response.status}")
            out.append(data)
        except OSError as exc:
            with lock:
                failures.append(f"{params['MessageSid']}: {exc}")
        finally:
            conn.close()

    def sender(n: int) -> None:
        start.wait()
        for i in range(messages):
            params = {"From": f"+3168{stamp:06d}{n:02d}", "Body": ANSWERS[i % len(ANSWERS)],
                      "MessageSid": f"SMburst{stamp}x{n}x{i}"}
            got: list[bytes] = []
            twice = [threading.Thread(target=deliver, args=(params, got)) for _ in range(2 if retry else 1)]
            for t in twice:
                t.start()
            for t in twice:
                t.join()
            with lock:
                replies[params["MessageSid"]] = got

    try:
        wait_for(f"{base}/api/topics")
        threads = [threading.Thread(target=sender, args=(n,)) for n in range(senders)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=20)
    # Two different answers to one message mean its state advanced twice. A delivery answered
    # with nothing (a retry recognised as already seen) sends nothing: that is right.
    lost = 0
    twice = sum(1 for got in replies.values() if len({g for g in got if b"<Message" in g}) > 1)
    lost += sum(1 for got in replies.values() if not any(b"<Message" in g for g in got))
    db = sqlite3.connect(instance / "sms.db")
    for (recent, count) in db.execute("SELECT recent, rate_count FROM sms_sessions"):
        keys = [k for k, _ in json.loads(recent)]
        lost += max(0, min(messages, 8) - len(keys))  # the store remembers the last 8 message keys
        if count != messages:
            twice += abs(count - messages)
            failures.append(f"a sender's state counts {count} messages of {messages}")
    rows = db.execute("SELECT count(*) FROM sms_sessions").fetchone()[0]
    lost += (senders - rows) * messages
    ms = sorted(x * 1000 for x in latencies)
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
    return {"p50": statistics.median(ms), "p95": cuts[94], "p99": cuts[98], "max": ms[-1],
            "deliveries": len(ms), "per_s": len(ms) / wall, "lost": lost, "twice": twice, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--senders", type=int, nargs="+", default=[1, 2, 8])
    ap.add_argument("--messages", type=int, default=20, help="per sender (at most 30: the per-person limit)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    args = ap.parse_args(argv)
    print(f"{os.cpu_count()} cores (shared); median of {args.runs} run(s); +retry: each message sent twice at once")
    print("senders   deliveries  deliveries/s   p50 ms   p95 ms   p99 ms   max ms  lost  twice  verdict")
    for senders, retry in [(n, False) for n in args.senders] + [(max(args.senders), True)]:
        rows = [run(args.code, senders, args.messages, retry) for _ in range(args.runs)]
        med = {k: statistics.median(r[k] for r in rows) for k in ("p50", "p95", "p99", "max", "per_s")}
        lost, twice = sum(r["lost"] for r in rows), sum(r["twice"] for r in rows)
        failures = [f for r in rows for f in r["failures"]]
        ok = med["p99"] < 100 and not lost and not twice and not failures
        verdict = ("PASS" if ok else "FAIL") if senders == 8 and not retry else ""
        if retry:  # twice the requests at once: the check is for lost and doubled replies
            verdict = "PASS" if not lost and not twice and not failures else "FAIL"
        label = f"{senders}{' +retry' if retry else ''}"
        print(f"{label:>8}  {rows[0]['deliveries']:10d}  {med['per_s']:12.0f}  {med['p50']:7.1f}  {med['p95']:7.1f}  "
              f"{med['p99']:7.1f}  {med['max']:7.1f}  {lost:4d}  {twice:5d}  {verdict}")
        for f in failures[:5]:
            print("   ", f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
