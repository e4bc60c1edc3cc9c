"""`loketwijzer serve --watch` (make preview): rebuild when a knowledge file changes.

An editor without a developer saves a file and reloads the page: the site shows the change,
or, when `check` refuses it, the problems (file:line: message) at the top of every page while
the previous good build keeps serving. No Flask here; the app only reads `problems`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .catalogue import BuildError, build, fingerprint


class Watcher:
    def __init__(self, knowledge: Path, instance: Path, interval: float = 1.0):
        self.knowledge = Path(knowledge)
        self.instance = Path(instance)
        self.interval = interval
        self.problems: list[str] = []
        self._seen = ""
        self._stop = threading.Event()

    def poll(self) -> bool:
        """Rebuild if any knowledge file changed since the last look; True when it did."""
        stamp = fingerprint(self.knowledge)
        if stamp == self._seen:
            return False
        self._seen = stamp
        try:
            build(self.knowledge, self.instance, if_changed=True)
            self.problems = []
        except BuildError as exc:
            self.problems = [str(p) for p in exc.problems]
        return True

    def start(self) -> None:
        def loop():
            while not self._stop.wait(self.interval):
                self.poll()

        self.poll()
        threading.Thread(target=loop, name="knowledge-watch", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
