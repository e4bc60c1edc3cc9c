"""CSRF protection for the web forms, small enough to read in one go.

A random token lives in the person's signed session cookie and in every form as a
hidden field; a POST without the matching token is refused with a kind page. Forms keep
working without JavaScript. Webhooks that prove themselves with a signature (SMS
gateways) are exempt.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, abort, request, session
from markupsafe import Markup

FIELD = "csrf"
_exempt: set[str] = set()


def exempt(view):
    _exempt.add(f"{view.__module__}.{view.__name__}")
    return view


def token() -> str:
    if not isinstance(session.get(FIELD), str):
        session[FIELD] = secrets.token_urlsafe(24)
    return session[FIELD]


def field() -> Markup:
    return Markup(f'<input type="hidden" name="{FIELD}" value="{token()}">')


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csrf_field"] = field

    @app.before_request
    def _check() -> None:
        if request.method in ("GET", "HEAD", "OPTIONS") or app.config.get("CSRF_DISABLED"):
            return
        view = app.view_functions.get(request.endpoint or "")
        if view is not None and f"{view.__module__}.{view.__name__}" in _exempt:
            return
        sent = request.form.get(FIELD, "")
        known = session.get(FIELD)
        if not (isinstance(known, str) and sent and hmac.compare_digest(sent, known)):
            abort(400, description="csrf")
