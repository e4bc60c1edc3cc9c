"""Keys the app signs and hashes with: configured, else generated once into instance/."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def instance_secret(instance: Path, name: str = "secret_key", configured: str = "") -> str:
    """The configured key when there is one, else a random key kept in instance/<name>
    (mode 0600, never in git), made on first use so every restart signs alike."""
    if configured:
        return configured
    path = Path(instance) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)  # atomic: two first requests never see half a key
    return path.read_text().strip()
