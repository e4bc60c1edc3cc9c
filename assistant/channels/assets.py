"""Static files under a content-hash name, cached for a year.

A changed file gets a new name, so a phone never keeps an old stylesheet and never asks
twice for the same one: the fewer round trips on a slow prepaid connection, the better.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, url_for

STATIC = Path(__file__).resolve().parent.parent / "static"
YEAR = 365 * 24 * 3600

assets = Blueprint("assets", __name__)
_hashes: dict[str, str] = {}


def _hash(name: str) -> str:
    if name not in _hashes:
        _hashes[name] = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    return _hashes[name]


def asset_url(name: str) -> str:
    stem, _, ext = name.rpartition(".")
    return url_for("assets.serve", stem=stem, digest=_hash(name), ext=ext)


@assets.get("/sw.js")
def service_worker():
    """At the root, so it may serve the saved plan page; never cached long, so it can change."""
    response = Response((STATIC / "sw.js").read_bytes(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@assets.get("/s/<stem>.<digest>.<ext>")
def serve(stem: str, digest: str, ext: str):
    name = f"{stem}.{ext}"
    path = STATIC / name
    if "/" in name or not path.is_file() or digest != _hash(name):
        abort(404)
    response = Response(path.read_bytes(), mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
