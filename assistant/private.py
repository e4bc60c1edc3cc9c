"""Files and folders only the service's own user may read: keys, the SMS database, limits,
and the builds (Whoosh unpickles the index's schema, so whoever can write there can run code)."""

from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: Path) -> Path:
    """The folder and its parents up to it made when missing; this folder 0700 either way."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """Create the file (and its folder) readable by this user only, before SQLite opens it:
    SQLite gives its -wal and -shm files the database file's mode."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)
    return path
