"""The one rate limiter: an in-memory sliding window per key.

One waitress process serves the site, so memory is the right store: no Redis to run,
nothing personal kept (keys are hashed and forgotten when their window passes). Used for
searches per client address (app.py) and the worker's SMS sends (channels/worker.py).
The SMS channel's per-sender limit lives in its SQLite state instead, so it survives a
restart.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque

MAX_KEYS = 50_000  # a flood of distinct keys: forget the stale ones


class RateLimiter:
    def __init__(self, limit: int, window: float, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(*parts: str) -> str:
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]

    def _recent(self, key: str, now: float) -> deque:
        """The key's hits inside the window (lock held)."""
        if len(self._hits) > MAX_KEYS:
            self._hits = {k: q for k, q in self._hits.items() if q and q[-1] > now - self.window}
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def allow(self, key: str) -> bool:
        """Count one hit when the key is under its limit; False (and nothing counted) when not."""
        now = self.clock()
        with self._lock:
            hits = self._recent(key, now)
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def count(self, key: str) -> int:
        """Hits inside the window, without adding one."""
        now = self.clock()
        with self._lock:
            hits = self._recent(key, now)
            if not hits:
                del self._hits[key]  # looking must not keep a key alive
            return len(hits)

    def full(self, key: str) -> bool:
        return self.count(key) >= self.limit

    def hit(self, key: str) -> None:
        """Count one hit whatever the limit: for attempts that are judged afterwards."""
        now = self.clock()
        with self._lock:
            self._recent(key, now).append(now)
