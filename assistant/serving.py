"""`loketwijzer serve`: waitress, one process per core, all on one port.

Python runs one thread at a time per process, so a single waitress process uses one core
however many threads it has (home p99 212-232 ms at 64 connections on two cores). The
parent takes the port and forks the workers; each loads the knowledge itself, after the
fork, so no file handle or SQLite connection is shared between processes. What must be the
same for all of them lives in SQLite: the search cache (searchcache.py), the SMS
conversations (store.py) and the rate limits (ratelimit.py). A worker that dies is started
again. Linux and macOS (os.fork); elsewhere, and with --watch, one process.

How connections reach the workers: on Linux each worker listens on a socket of its own
with SO_REUSEPORT, and the kernel spreads new connections evenly over them. On one shared
socket the worker that happened to wake first took them: 62 of 64 wrk connections went to
one process, so one core did the work of two (plan p99 162 ms at 64 connections). The
parent only binds the port (without listening), so a port in use fails at start, and a
restarted worker can join. The price: connections still waiting in a worker's queue when
it dies are reset. Elsewhere the workers share one socket.
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


# The kernel balances connections over the workers' own sockets (see above).
REUSE_PORT = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _bound(host: str, port: int, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def listen(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """A listening socket; with reuse_port, one of several on the same port."""
    sock = _bound(host, port, reuse_port)
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def reserve(host: str, port: int) -> socket.socket:
    """The port, bound for the workers' SO_REUSEPORT sockets but never listening, so the
    kernel hands it no connection.

    First bound plainly: a port another server holds (even one with SO_REUSEPORT, such as
    an old Loketwijzer still running) fails here, instead of silently sharing its traffic.
    Port 0 becomes a free port."""
    with _bound(host, port, reuse_port=False) as probe:
        port = probe.getsockname()[1]
    return _bound(host, port, reuse_port=True)


def take_port(host: str, port: int) -> socket.socket:
    """What the parent holds for its workers: the reserved port (REUSE_PORT) or the one
    listening socket they share."""
    return reserve(host, port) if REUSE_PORT else listen(host, port)


def worker_socket(taken: socket.socket) -> socket.socket:
    """A worker's socket, made once its knowledge is loaded: a listening socket of its own
    on the parent's port (REUSE_PORT), or the shared one."""
    if not REUSE_PORT:
        return taken
    host, port = taken.getsockname()[:2]
    taken.close()
    return listen(host, port, reuse_port=True)


def _worker(run_worker: Callable[[socket.socket], None], sock: socket.socket) -> None:
    """A forked worker's life: serve until stopped; report a crash and leave (the parent
    starts another)."""
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        run_worker(sock)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def serve_forked(sock: socket.socket, workers: int, run_worker: Callable[[socket.socket], None], quiet: bool) -> int:
    """Fork `workers` processes that each call run_worker(sock); restart any that die;
    stop them all on SIGTERM or Ctrl-C. `sock` is the shared listening socket, or with
    REUSE_PORT the reserved port (each worker then listens on a socket of its own)."""
    children: set[int] = set()
    stopping = False

    def start() -> None:
        pid = os.fork()
        if pid == 0:
            _worker(run_worker, sock)
        children.add(pid)
        if stopping:  # a stop that came while this worker was being forked
            os.kill(pid, signal.SIGTERM)

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
            if not stopping:  # a stop during that second must not leave a new worker behind
                start()
    sock.close()
    return 0
