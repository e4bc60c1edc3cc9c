"""Search results kept in SQLite, shared by every serving process.

People ask the same things, and a build never changes, so a question answered once is
answered from here until the next build. One file for all processes (`loketwijzer serve`
runs one per core): a question cached by one process is a hit in the others, and the
processes keep no copy of their own (a per-process cache held every hit's whole text: 53 MB).

It is only a cache: any SQLite trouble (busy, full disk, a damaged file) is a miss, never
an error for the person searching. Rows are JSON, never pickles: the file is plain data.

Nothing a person typed is written: a row's key is an HMAC of the question under a key that
lives only in the memory of the serving processes (made when this module is first imported:
`loketwijzer serve` imports it before it forks, so all workers share it), and the row holds
what the page shows from our own knowledge. A copy of `instance/` tells nobody what was
asked; after a restart the old rows match nothing and are deleted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from .private import private_file

log = logging.getLogger("loketwijzer.search")

SIZE = 2048  # distinct questions kept per build
PRUNE_EVERY = 64  # inserts between two prunes (a prune is one DELETE)
_SECRET = secrets.token_bytes(32)  # this server's run only: never written anywhere
_RUN = hashlib.sha256(_SECRET).hexdigest()[:12]


class SearchCache:
    def __init__(self, path: Path, build_id: str, size: int = SIZE):
        # Rows of another build, or of an earlier run of the server, are never read again.
        self.path, self.build_id, self.size = Path(path), f"{build_id}:{_RUN}", size
        self._local = threading.local()
        self._inserts = 0
        self._ready = False
        self._lock = threading.Lock()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():  # never a connection from before a fork
            if not self._ready:
                private_file(self.path)  # 0600, like the other databases in instance/
            conn = sqlite3.connect(str(self.path), timeout=0.05, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = OFF")  # a cache: losing the last rows in a crash is fine
            conn.execute("PRAGMA cache_size = -256")  # 256 KB a connection: the rows live on disk
            self._local.conn, self._local.pid = conn, os.getpid()
            if not self._ready:
                with self._lock:
                    conn.execute(
                        "CREATE TABLE IF NOT EXISTS results (build TEXT, key TEXT, value TEXT, "
                        "at REAL, PRIMARY KEY (build, key))"
                    )
                    conn.execute("CREATE INDEX IF NOT EXISTS results_at ON results (build, at)")
                    conn.execute("DELETE FROM results WHERE build != ?", [self.build_id])  # older builds
                    self._ready = True
        return conn

    def get(self, key: Any) -> dict | None:
        try:
            row = self._conn().execute(
                "SELECT value FROM results WHERE build = ? AND key = ?", [self.build_id, _key(key)]
            ).fetchone()
        except (sqlite3.Error, OSError) as exc:
            log.debug("search cache read skipped: %s", type(exc).__name__)
            return None
        return json.loads(row[0]) if row else None

    def put(self, key: Any, value: dict) -> None:
        try:
            conn = self._conn()
            conn.execute(
                "INSERT OR REPLACE INTO results (build, key, value, at) VALUES (?, ?, ?, ?)",
                [self.build_id, _key(key), json.dumps(value, ensure_ascii=False), time.time()],
            )
            self._inserts += 1
            if self._inserts % PRUNE_EVERY == 0:
                # The oldest go first; every process prunes, so the file stays near `size` rows.
                conn.execute(
                    "DELETE FROM results WHERE build = ? AND at < (SELECT at FROM results WHERE build = ? "
                    "ORDER BY at DESC LIMIT 1 OFFSET ?)",
                    [self.build_id, self.build_id, self.size - 1],
                )
        except (sqlite3.Error, OSError) as exc:
            log.debug("search cache write skipped: %s", type(exc).__name__)

    def count(self) -> int:
        return self._conn().execute("SELECT count(*) FROM results WHERE build = ?", [self.build_id]).fetchone()[0]


def _key(key: Any) -> str:
    text = json.dumps(key, ensure_ascii=False).encode()
    return hmac.new(_SECRET, text, hashlib.sha256).hexdigest()
