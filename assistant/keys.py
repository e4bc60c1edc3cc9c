"""Keys the app signs and hashes with: configured (a variable, or a file given by path),
else, in development only, generated once into instance/.

In production the keys must come from outside instance/: an operator copies instance/
for backups, and sms.db next to the HMAC key would let anyone with the copy try every
phone number against the stored hashes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class MissingKey(RuntimeError):
    """A key production cannot start without; the message says which and how to give it."""


def _from_file(path: str, instance: Path, name: str) -> str:
    file = Path(path).resolve()
    if file.is_relative_to(Path(instance).resolve()):
        raise MissingKey(f"the {name} file {path} lies inside instance/: keep keys apart from the data")
    try:
        return file.read_text().strip()
    except OSError as exc:
        raise MissingKey(f"the {name} file {path} cannot be read ({type(exc).__name__})") from None


def configured_key(instance: Path, name: str, value: str = "", path: str = "") -> str:
    """The key from its variable, else from its file; '' when neither is given."""
    if value:
        return value
    return _from_file(path, instance, name) if path else ""


def instance_secret(instance: Path, name: str = "secret_key", configured: str = "", path: str = "",
                    production: bool = False) -> str:
    """The configured key when there is one, else (development) a random key kept in
    instance/<name> (mode 0600, never in git), made on first use so every restart signs alike."""
    key = configured_key(instance, name, configured, path)
    if key:
        return key
    if production:
        env = "LOKETWIJZER_SECRET_KEY" if name == "secret_key" else "LOKETWIJZER_HMAC_KEY"
        raise MissingKey(f"refusing to start in production without {env} (or {env}_FILE, outside instance/)")
    path_ = Path(instance) / name
    if not path_.exists():
        path_.parent.mkdir(parents=True, exist_ok=True)
        tmp = path_.with_suffix(".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)  # never readable by others, not even briefly
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path_)  # atomic: two first requests never see half a key
    return path_.read_text().strip()
