"""`loketwijzer serve` uses every core: one process per core on one port (issue 20, point 14)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from assistant import serving
from assistant.settings import Settings


def test_one_worker_per_core_by_default_and_the_setting_changes_it():
    cores = len(os.sched_getaffinity(0))
    assert serving.worker_count(Settings()) == cores
    assert serving.worker_count(Settings(workers=3)) == 3
    assert serving.worker_count(Settings(workers=3), wanted=1) == 1


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status


def test_two_workers_share_one_port_and_a_dead_worker_is_replaced(instance):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LOKETWIJZER_INSTANCE": str(instance), "LOKETWIJZER_SECRET_KEY": "serve-test"}
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/search?q=briefadres&lang=nl"
    workers: set[int] = set()
    try:
        for _ in range(100):
            try:
                if _get(url) == 200 and len(_children(server.pid)) == 2:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        workers = first = _children(server.pid)
        assert len(workers) == 2
        assert all(_get(url) == 200 for _ in range(20))
        os.kill(min(workers), signal.SIGKILL)  # a worker crashes: the site keeps answering
        assert all(_get(url) == 200 for _ in range(20))
        for _ in range(50):
            if len(_children(server.pid)) == 2 and min(workers) not in _children(server.pid):
                break
            time.sleep(0.1)
        assert len(_children(server.pid)) == 2 and min(workers) not in _children(server.pid)
        workers = first | _children(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "stopping the server stops its workers"

