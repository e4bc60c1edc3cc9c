"""The one rate limiter: token buckets and back-offs kept in one small SQLite file.

Several waitress processes serve the site, so a limit kept in memory would be a limit per
process. The state lives in SQLite instead (instance/limits.db, mode 0600, WAL): every
process sees the same buckets, and a restart forgets nothing. One statement per check
(an UPSERT with RETURNING) is atomic on its own, so no process can slip between a read
and a write, and it costs tens of microseconds (bench/README.md).

Nothing personal is kept: keys are hashed, and a bucket that has filled up again (its
window passed) is swept away. Used for searches per client address (app.py), the
outreach workers' SMS sends and access-code guesses (channels/worker.py) and the
site-wide cap on SMS replies (channels/sms.py). The SMS channel's per-sender limit lives
in its own SQLite state.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import random
import sqlite3
import threading
import time
from pathlib import Path

from .private import private_file

SWEEP_SECONDS = 60.0
BUSY_WAIT = 2.0  # seconds a check may wait for other writers, as the connection's timeout did
_memory = itertools.count()

SCHEMA = """
CREATE TABLE IF NOT EXISTS buckets (
    name TEXT NOT NULL, key TEXT NOT NULL, tokens REAL NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (name, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS backoff (
    name TEXT NOT NULL, key TEXT NOT NULL, failures INTEGER NOT NULL, at REAL NOT NULL, until REAL NOT NULL,
    PRIMARY KEY (name, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen (
    name TEXT NOT NULL, key TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (name, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_at ON seen (name, at);
"""


class LimitStore:
    """One SQLite file of limits; a connection per thread, each statement its own transaction."""

    def __init__(self, path: Path | str | None = None):
        if path is None:  # a private in-memory database, shared by this object's threads
            self.target, self.uri = f"file:limits-{os.getpid()}-{next(_memory)}?mode=memory&cache=shared", True
            self._keep = self._open()  # an in-memory database lives while a connection does
        else:
            private_file(Path(path))
            self.target, self.uri = str(path), False
        self._local = threading.local()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.target, uri=self.uri, timeout=2.0, isolation_level=None, check_same_thread=False)
        try:
            if not self.uri:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")  # a lost last second of counts is harmless
            conn.executescript(SCHEMA)
            conn.execute("PRAGMA busy_timeout = 0")  # from here on `execute` waits, in short steps
        except BaseException:
            conn.close()
            raise
        return conn

    def execute(self, sql: str, args=()) -> sqlite3.Cursor:
        """One statement; while another thread or process writes, try again after a short
        sleep. SQLite's own wait sleeps 1, 2, 5, 10 ... 100 ms between tries, so a check that
        met a write waited up to 330 ms for a lock held a few microseconds (search p99 318 ms
        at 64 connections); here a try comes every 0.2-0.5 ms, for up to BUSY_WAIT seconds."""
        return self._retrying(lambda: self.conn.execute(sql, args))

    @staticmethod
    def _retrying(step):
        """step(), again while SQLite says the file is locked. Also for opening: the first
        opens of a new file race to switch it to WAL, and SQLite does not wait for that."""
        deadline = 0.0
        while True:
            try:
                return step()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                now = time.monotonic()
                deadline = deadline or now + BUSY_WAIT
                if now >= deadline:
                    raise
                time.sleep(0.0002 + random.random() * 0.0003)  # apart, so waiting writers do not collide again

    @property
    def conn(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():  # never a connection from before a fork
            local.conn, local.pid = self._retrying(self._open), os.getpid()
        return local.conn


_stores: dict[str, LimitStore] = {}
_stores_lock = threading.Lock()


def shared_store(path: Path | str) -> LimitStore:
    """One LimitStore per file in this process."""
    key = str(path)
    with _stores_lock:
        if key not in _stores:
            _stores[key] = LimitStore(path)
        return _stores[key]


def hashed(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


class RateLimiter:
    """`limit` hits per `window` seconds per key, as a token bucket: a full bucket holds
    `limit` tokens and refills at limit/window a second."""

    _ALLOW = """
        INSERT INTO buckets (name, key, tokens, at) VALUES (:name, :key, :cap - 1, :now)
        ON CONFLICT (name, key) DO UPDATE SET
            tokens = min(:cap, tokens + max(0, :now - at) * :rate) - 1, at = max(at, :now)
        WHERE min(:cap, tokens + max(0, :now - at) * :rate) >= 1
        RETURNING tokens"""
    _HIT = """
        INSERT INTO buckets (name, key, tokens, at) VALUES (:name, :key, :cap - 1, :now)
        ON CONFLICT (name, key) DO UPDATE SET
            tokens = min(:cap, tokens + max(0, :now - at) * :rate) - 1, at = max(at, :now)"""

    def __init__(self, limit: int, window: float, clock=time.time, *, store: LimitStore | None = None,
                 name: str = "limit"):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.store = store or LimitStore()
        self.name = name
        self._swept = 0.0

    key = staticmethod(hashed)

    def _args(self, key: str, now: float) -> dict:
        return {"name": self.name, "key": key, "cap": float(self.limit), "now": now, "rate": self.limit / self.window}

    def _sweep(self, now: float) -> None:
        """Forget buckets that are full again: at most once a minute per process."""
        if now - self._swept < SWEEP_SECONDS and now >= self._swept:
            return
        self._swept = now
        self.store.execute(
            "DELETE FROM buckets WHERE name = ? AND tokens + (? - at) * ? >= ?",
            [self.name, now, self.limit / self.window, self.limit],
        )

    def allow(self, key: str) -> bool:
        """Count one hit when the key is under its limit; False (and nothing counted) when not."""
        if self.limit <= 0:
            return False
        now = self.clock()
        self._sweep(now)
        return self.store.execute(self._ALLOW, self._args(key, now)).fetchone() is not None

    def count(self, key: str) -> int:
        """Hits still inside the window (tokens used), without adding one."""
        now = self.clock()
        row = self.store.execute(
            "SELECT tokens, at FROM buckets WHERE name = ? AND key = ?", [self.name, key]
        ).fetchone()
        if row is None:
            return 0
        tokens = min(self.limit, row[0] + max(0.0, now - row[1]) * self.limit / self.window)
        return max(0, math.ceil(self.limit - tokens - 1e-9))

    def full(self, key: str) -> bool:
        return self.count(key) >= self.limit

    def hit(self, key: str) -> None:
        """Count one hit whatever the limit: for attempts that are judged afterwards."""
        now = self.clock()
        self._sweep(now)
        self.store.execute(self._HIT, self._args(key, now))


class Backoff:
    """A wait that doubles with each failure of one key (an address guessing a code), so
    one address cannot guess fast and cannot make anyone else wait. The first `free`
    failures cost nothing; a key without attempts for `forget` seconds starts afresh.
    Each attempt counts as a failure before it is judged, so a burst of parallel guesses
    cannot all slip through the free ones; `succeed` forgets the key."""

    def __init__(self, clock=time.time, *, store: LimitStore | None = None, name: str = "backoff",
                 free: int = 3, first: float = 2.0, longest: float = 3600.0, forget: float = 24 * 3600.0):
        self.clock, self.store, self.name = clock, store or LimitStore(), name
        self.free, self.first, self.longest, self.forget = free, first, longest, forget

    key = staticmethod(hashed)

    def delay(self, failures: int) -> float:
        if failures <= self.free:
            return 0.0
        return min(self.longest, self.first * 2 ** (failures - self.free - 1))

    def attempt(self, key: str) -> float:
        """Before judging an attempt: 0 when this key may try now (the attempt is counted as a
        failure until `succeed`), else the seconds it must still wait (nothing counted).
        One transaction, so parallel guesses from one address are each counted."""
        now = self.clock()
        conn = self.store.conn
        self.store.execute("BEGIN IMMEDIATE")  # the write lock, waited for in short steps
        try:
            conn.execute("DELETE FROM backoff WHERE name = ? AND at < ?", [self.name, now - self.forget])
            row = conn.execute(
                "SELECT failures, until FROM backoff WHERE name = ? AND key = ?", [self.name, key]
            ).fetchone()
            if row and row[1] > now:
                return row[1] - now
            failures = (row[0] if row else 0) + 1
            conn.execute(
                """INSERT INTO backoff (name, key, failures, at, until) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (name, key) DO UPDATE SET failures = excluded.failures, at = excluded.at,
                   until = excluded.until""",
                [self.name, key, failures, now, now + self.delay(failures)],
            )
            return 0.0
        finally:
            conn.execute("COMMIT")

    def succeed(self, key: str) -> None:
        self.store.execute("DELETE FROM backoff WHERE name = ? AND key = ?", [self.name, key])


class Seen:
    """Message ids seen in the last `keep` seconds (a day): a replayed webhook is known even
    after the conversation's own short memory has moved on. Only keyed hashes are stored."""

    def __init__(self, clock=time.time, *, store: LimitStore | None = None, name: str = "seen",
                 keep: float = 24 * 3600.0):
        self.clock, self.store, self.name, self.keep = clock, store or LimitStore(), name, keep
        self._swept = 0.0

    key = staticmethod(hashed)

    def first(self, key: str) -> bool:
        """Mark `key` seen; True when it was not seen within `keep` seconds."""
        now = self.clock()
        if now - self._swept >= SWEEP_SECONDS or now < self._swept:
            self._swept = now
            self.store.execute("DELETE FROM seen WHERE name = ? AND at < ?", [self.name, now - self.keep])
        row = self.store.execute(
            """INSERT INTO seen (name, key, at) VALUES (?, ?, ?)
               ON CONFLICT (name, key) DO UPDATE SET at = excluded.at WHERE at < ?
               RETURNING at""",
            [self.name, key, now, now - self.keep],
        ).fetchone()
        return row is not None
