"""Log lines that repeat under load, kept to one a minute.

waitress warns "Task queue depth is N" for every request that has to wait: 78,000 lines
in a 20-second burst, which hides everything else and fills the disk. One line a minute
says the same; it counts the ones it held back.
"""

from __future__ import annotations

import logging
import threading
import time

QUEUE_LOGGER = "waitress.queue"


class OncePer(logging.Filter):
    """Lets one record through per `seconds`; the next one let through says how many were held back."""

    def __init__(self, seconds: float = 60.0, clock=time.monotonic) -> None:
        super().__init__()
        self.seconds, self.clock = seconds, clock
        self.last: float | None = None
        self.held = 0
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        now = self.clock()
        with self._lock:
            if self.last is not None and now - self.last < self.seconds:
                self.held += 1
                return False
            self.last, held, self.held = now, self.held, 0
        if held:
            record.msg = f"{record.msg} (and {held} more like it in the last minute)"
        return True


def quiet_waitress_queue(seconds: float = 60.0) -> OncePer:
    """Install (once) the filter on waitress's queue logger."""
    logger = logging.getLogger(QUEUE_LOGGER)
    for existing in logger.filters:
        if isinstance(existing, OncePer):
            return existing
    found = OncePer(seconds)
    logger.addFilter(found)
    return found
