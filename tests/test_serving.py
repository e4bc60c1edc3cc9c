"""`loketwijzer serve` uses every core: one process per core on one port (issue 20, point 14)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


def _wait_until_ended(pid: int) -> None:
    for _ in range(100):
        status = Path(f"/proc/{pid}/status")
        if not status.exists() or "zombie" in status.read_text():
            return
        time.sleep(0.02)


def _sockets(port: int, state: str) -> list[str]:
    """The inodes of the TCP sockets on `port` in `state` (01 open connection, 0A listening)."""
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return [f[9] for f in rows if int(f[1].split(":")[1], 16) == port and f[3] == state]


def _wait_until_closed(port: int) -> None:
    """Until only one socket listens on the port: a killed worker's socket closes when its
    last thread has gone, which can be after its main thread shows as ended."""
    for _ in range(200):
        if len(_sockets(port, "0A")) <= 1:
            return
        time.sleep(0.02)


def _connections(pid: int, port: int, state: str = "01") -> int:
    """How many TCP sockets on `port` the process `pid` holds: open connections (state 01)
    or listening sockets (0A)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return sum(1 for inode in _sockets(port, state) if inode in inodes)


def _serve(instance, port: int) -> subprocess.Popen:
    env = {**os.environ, "LOKETWIJZER_INSTANCE": str(instance), "LOKETWIJZER_SECRET_KEY": "serve-test"}
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ready(server: subprocess.Popen, port: int) -> set[int]:
    """The two workers, once each has loaded the knowledge and takes connections."""
    for _ in range(300):
        workers = _children(server.pid)
        if len(workers) == 2 and all(_connections(pid, port, "0A") or not serving.REUSE_PORT for pid in workers):
            try:
                if _get(f"http://127.0.0.1:{port}/api/topics") == 200:
                    return workers
            except OSError:
                pass
        time.sleep(0.05)
    return _children(server.pid)


@pytest.mark.skipif(not serving.REUSE_PORT, reason="the kernel balances connections only with SO_REUSEPORT (Linux)")
def test_connections_are_spread_over_both_workers(instance):
    """On one shared socket nearly every connection went to one worker (62 of 64), so one
    core did the work of two and the plan page's p99 doubled."""
    port = _free_port()
    server = _serve(instance, port)
    clients: list[http.client.HTTPConnection] = []
    try:
        workers = _ready(server, port)
        assert len(workers) == 2
        # Many people at once, each connection kept open (as browsers and wrk keep them).
        for _ in range(64):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.connect()
            clients.append(conn)
        for conn in clients:
            conn.request("GET", "/api/topics")
        for conn in clients:
            conn.getresponse().read()
        held = sorted(_connections(pid, port) for pid in workers)
        assert sum(held) == 64
        assert held[0] >= 16, f"connections per worker: {held}"
    finally:
        for conn in clients:
            conn.close()
        server.terminate()
        server.wait(timeout=10)


def test_two_workers_share_one_port_and_a_dead_worker_is_replaced(instance):
    port = _free_port()
    server = _serve(instance, port)
    url = f"http://127.0.0.1:{port}/api/search?q=briefadres&lang=nl"
    workers: set[int] = set()
    try:
        workers = first = _ready(server, port)
        assert len(workers) == 2
        assert all(_get(url) == 200 for _ in range(20))
        os.kill(min(workers), signal.SIGKILL)  # a worker crashes: the site keeps answering
        _wait_until_closed(port)  # connections already waiting in its own queue are lost
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



def test_stopping_while_a_worker_is_being_replaced_leaves_no_worker_behind(instance):
    port = _free_port()
    server = _serve(instance, port)
    seen: set[int] = set()
    try:
        seen = set(_ready(server, port))
        os.kill(min(seen), signal.SIGKILL)
        for _ in range(100):  # its replacement is forked at once
            new = _children(server.pid) - seen
            if new:
                break
            time.sleep(0.01)
        seen |= new
        os.kill(min(new), signal.SIGKILL)  # a second death within a second: the parent waits 1 s
        time.sleep(0.3)
        server.terminate()  # ... and is told to stop during that second
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
        time.sleep(1.2)  # past the second the parent waited
        seen |= {int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _serves_on(int(p.name), port)}
        for pid in seen:
            _wait_until_ended(pid)
        left = [pid for pid in seen if Path(f"/proc/{pid}").exists()]
        for pid in left:  # never leave one running on the machine, whatever the outcome
            os.kill(pid, signal.SIGKILL)
    assert not left, "a worker outlived the server"


def _serves_on(pid: int, port: int) -> bool:
    try:
        return f"--port\x00{port}\x00".encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
