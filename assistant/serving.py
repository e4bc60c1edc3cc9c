"""`loketwijzer serve`: waitress, one process per core, all on one listening socket.

Python runs one thread at a time per process, so a single waitress process uses one core
however many threads it has (home p99 212-232 ms at 64 connections on two cores). The
parent binds the socket once and forks the workers; each accepts on the shared socket
(the kernel hands every new connection to one of them) and loads the knowledge itself,
after the fork, so no file handle or SQLite connection is shared between processes. What
must be the same for all of them lives in SQLite: the search cache (searchcache.py), the
SMS conversations (store.py) and the rate limits (ratelimit.py). A worker that dies is
started again. Linux and macOS (os.fork); elsewhere, and with --watch, one process.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Callable

from .settings import Settings


def worker_count(settings: Settings, wanted: int | None = None) -> int:
    count = wanted if wanted is not None else settings.workers
    if count <= 0:
        count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return count if hasattr(os, "fork") else 1


def listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def serve_forked(sock: socket.socket, workers: int, run_worker: Callable[[socket.socket], None], quiet: bool) -> int:
    """Fork `workers` processes that each call run_worker(sock); restart any that die;
    stop them all on SIGTERM or Ctrl-C."""
    children: set[int] = set()
    stopping = False

    def start() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                run_worker(sock)
            except BaseException:  # report and leave; the parent starts another
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.add(pid)

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    for _ in range(workers):
        start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if not quiet:
        print(f"{workers} worker processes (LOKETWIJZER_WORKERS)", file=sys.stderr)
    last_restart = 0.0
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            print(f"worker {pid} ended ({status}); starting another", file=sys.stderr)
            if time.monotonic() - last_restart < 1:
                time.sleep(1)  # a worker that dies at once must not make the parent spin
            last_restart = time.monotonic()
            start()
    sock.close()
    return 0
