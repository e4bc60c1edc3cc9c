"""SQLite state for the SMS channel, through sqlite-utils.

One row per conversation, keyed by a keyed hash (HMAC-SHA256) of the phone number: the
number itself is never stored, and without the key the hash cannot be turned back
into a number. Rows expire after 24 hours of silence: every message purges expired
rows first, and `Sweeper` (started by `loketwijzer serve`) purges every hour, so a row is
gone at most an hour after it expired even when nobody writes in.

WAL mode lets readers and the one writer work side by side; a busy timeout makes a
second writer wait instead of failing at once. A message is answered optimistically: the
state is read without a lock, the reply is worked out, and only the write takes SQLite's
write lock, in a short `BEGIN IMMEDIATE` that first checks the row's `version` is still the
one read. When another message from the same person got there first, nothing is written
and the message is answered again from the new state, so two messages that arrive
together can never both advance the same old state. Holding the write lock while the reply
was worked out made eight senders at once wait on each other (p99 788 ms).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

TABLE = "sms_sessions"
TTL_SECONDS = 24 * 3600
SWEEP_SECONDS = 3600
log = logging.getLogger("loketwijzer.sms")


@dataclass
class SmsSession:
    key: str  # HMAC-SHA256 of the phone number, hex
    lang: str = "nl"
    answers: list[tuple[str, str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # question ids in the last message we sent
    offered: list[str] = field(default_factory=list)  # municipality slugs we last listed by number
    recent: list[list] = field(default_factory=list)  # [[message key, [replies]], ...] for retries
    created: float = 0.0
    updated: float = 0.0
    rate_start: float = 0.0
    rate_count: int = 0
    rate_noticed: bool = False
    # A sentence read (understand.py): answers shown to confirm, and confirmed ones waiting
    # for their question. Only question and answer ids, never the person's words.
    pending: list = field(default_factory=list)  # [[question, answer], ...] awaiting "1 Ja"
    waiting: dict = field(default_factory=dict)  # question -> answer, confirmed
    new: bool = False  # not stored: this message starts the conversation
    version: int | None = None  # the row's version when read; None when there was no row

    def reply_for(self, message_key: str) -> list[str] | None:
        for key, replies in self.recent:
            if key == message_key:
                return list(replies)
        return None

    def remember(self, message_key: str, replies: list[str], keep: int = 8) -> None:
        if message_key:
            self.recent = [r for r in self.recent if r[0] != message_key][-(keep - 1) :] + [[message_key, replies]]


_JSON = ("answers", "asked", "offered", "recent")


class Transaction:
    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def purge(self, now: float, ttl: float = TTL_SECONDS) -> int:
        # Plain SQL inside our own transaction: it must not commit half-way.
        return self.db.execute(f"DELETE FROM {TABLE} WHERE updated < ?", [now - ttl]).rowcount

    def version(self, key: str) -> int | None:
        row = self.db.execute(f"SELECT version FROM {TABLE} WHERE key = ?", [key]).fetchone()
        return None if row is None else int(row[0] or 0)

    def load(self, key: str, fresh_after: float | None = None) -> SmsSession | None:
        """The stored state; None when there is none, or (with `fresh_after`) when it expired."""
        rows = list(self.db[TABLE].rows_where("key = ?", [key], limit=1))
        if not rows or (fresh_after is not None and rows[0]["updated"] < fresh_after):
            return None
        row = rows[0]
        values = {name: json.loads(row[name] or "[]") for name in _JSON}
        values["answers"] = [(str(a[0]), str(a[1])) for a in values["answers"] if isinstance(a, list) and len(a) == 2]
        known = json.loads(row.get("known") or "{}")
        known = known if isinstance(known, dict) else {}
        pending = [[str(x[0]), str(x[1])] for x in known.get("p", []) if isinstance(x, list) and len(x) == 2]
        raw_waiting: dict = known.get("w") if isinstance(known.get("w"), dict) else {}  # type: ignore[assignment]
        waiting = {str(q): str(v) for q, v in raw_waiting.items()}
        return SmsSession(
            key=row["key"],
            lang=row["lang"] or "nl",
            created=row["created"],
            updated=row["updated"],
            rate_start=row["rate_start"],
            rate_count=row["rate_count"],
            rate_noticed=bool(row["rate_noticed"]),
            pending=pending,
            waiting=waiting,
            version=int(row.get("version") or 0),
            **values,
        )

    def save(self, s: SmsSession) -> None:
        row = {
            "key": s.key,
            "lang": s.lang,
            "answers": json.dumps([list(a) for a in s.answers]),
            "asked": json.dumps(s.asked),
            "offered": json.dumps(s.offered),
            "recent": json.dumps(s.recent, ensure_ascii=False),
            "created": s.created,
            "updated": s.updated,
            "rate_start": s.rate_start,
            "rate_count": s.rate_count,
            "rate_noticed": int(s.rate_noticed),
            "known": json.dumps({"p": s.pending, "w": s.waiting}) if (s.pending or s.waiting) else "",
            "version": (s.version or 0) + 1,
        }
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "key")
        self.db.execute(
            f"INSERT INTO {TABLE} ({columns}) VALUES ({marks}) ON CONFLICT(key) DO UPDATE SET {updates}",
            list(row.values()),
        )

    def delete(self, key: str) -> None:
        self.db.execute(f"DELETE FROM {TABLE} WHERE key = ?", [key])


class SmsStore:
    def __init__(self, path: Path | str, busy_timeout: float = 2.0):
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._ready = False
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._local = threading.local()

    def _connect(self) -> sqlite_utils.Database:
        """This thread's connection, kept open: opening and closing one per message cost more
        than the message (and closing the last one checkpoints the WAL)."""
        db = getattr(self._local, "db", None)
        if db is not None and self._local.pid == os.getpid():
            return db
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        # WAL with NORMAL: a commit no longer waits for the disk (a power cut may lose the last
        # messages' state, never corrupt the file); the person's next SMS starts again from there.
        conn.execute("PRAGMA synchronous = NORMAL")
        db = sqlite_utils.Database(conn)
        if not self._ready:
            # Creating the table is a write too: behind the same lock as every other write
            # (each worker's first messages arrive together; SQLite refused one of them).
            with self._lock, self._writer():
                if not self._ready:
                    self._create(db)
                    self._ready = True
        self._local.db, self._local.pid = db, os.getpid()
        return db

    @contextmanager
    def _writer(self) -> Iterator[None]:
        """One writer at a time, woken as soon as the one before is done: threads of this
        process on a lock, processes on an flock of a file beside the database. SQLite's own
        busy handler polls with sleeps of up to 100 ms, which under a burst was most of the wait."""
        with self._write_lock:
            fd = getattr(self._local, "lockfd", None)
            if fd is None or self._local.lockpid != os.getpid():
                fd = os.open(str(self.path) + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
                self._local.lockfd, self._local.lockpid = fd, os.getpid()
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def _create(self, db: sqlite_utils.Database) -> None:
        db.enable_wal()
        db.table(TABLE).create(
            {
                "key": str,
                "lang": str,
                "answers": str,
                "asked": str,
                "offered": str,
                "recent": str,
                "created": float,
                "updated": float,
                "rate_start": float,
                "rate_count": int,
                "rate_noticed": int,
                "known": str,
                "version": int,
            },
            pk="key",
            if_not_exists=True,
        )
        if "known" not in db.table(TABLE).columns_dict:  # a store from before sentences were read
            db.table(TABLE).add_column("known", str)
        if "version" not in db.table(TABLE).columns_dict:  # a store from before optimistic writes
            db.table(TABLE).add_column("version", int)
        db.table(TABLE).create_index(["updated"], if_not_exists=True)

    def read(self) -> AbstractContextManager[Transaction]:
        """A read without any lock (WAL: readers never wait for the writer)."""
        return self._open(write=False)

    def transaction(self) -> AbstractContextManager[Transaction]:
        """A write step; raises sqlite3.OperationalError when locked too long. Keep it short:
        every other writer waits for it."""
        return self._open(write=True)

    @contextmanager
    def _open(self, write: bool) -> Iterator[Transaction]:
        db = self._connect()
        if not write:
            yield Transaction(db)
            return
        with self._writer():
            db.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(db)
            except BaseException:
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
                raise
            db.conn.execute("COMMIT")

    def purge_expired(self, now: float | None = None) -> int:
        """Delete every conversation silent for more than a day; how many went."""
        if not self.path.exists():
            return 0
        with self.transaction() as tx:
            return tx.purge(time.time() if now is None else now)

    def tables(self) -> dict[str, list[dict]]:
        """Every row of every table (for tests that prove no phone number is stored)."""
        db = self._connect()
        return {name: list(db[name].rows) for name in db.table_names()}


class Sweeper(threading.Thread):
    """Purges expired conversations every hour, in the serving process (a daemon thread)."""

    def __init__(self, store: SmsStore, every: float = SWEEP_SECONDS):
        super().__init__(name="sms-sweeper", daemon=True)
        self.store, self.every = store, every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                self.store.purge_expired()
            except sqlite3.Error as exc:  # busy or broken: try again next round, never take the site down
                log.warning("sms sweep skipped: %s", type(exc).__name__)
