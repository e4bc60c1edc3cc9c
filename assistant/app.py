"""create_app(): config, languages, channels, error pages and security headers."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from babel.dates import format_date
from flask import Flask, g, render_template, request
from flask_babel import Babel
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

from .catalogue import Catalogue
from .channels.render import counter_facts
from .knowledge.models import LANGUAGE_NAMES, LANGUAGES, RTL_LANGUAGES
from .ratelimit import RateLimiter

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("loketwijzer")


def instance_secret(instance: Path, name: str = "secret_key", env: str = "LOKETWIJZER_SECRET_KEY") -> str:
    """A key from the environment, else generated once into instance/ (never in git)."""
    if os.environ.get(env):
        return os.environ[env]
    path = instance / name
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    return path.read_text().strip()


# Known throw-away keys: starting in production with one of these would make every
# signed cookie and plan link forgeable.
DEFAULT_SECRETS = {"", "dev", "development", "secret", "changeme", "change-me", "test", "test-secret"}


def _check_secret(app: Flask) -> None:
    if app.config.get("ENV_NAME") == "production" and (
        app.secret_key in DEFAULT_SECRETS or len(str(app.secret_key)) < 32
    ):
        raise RuntimeError("refusing to start in production with a default or short secret key")


def _check_catalogues(app: Flask) -> None:
    """A missing compiled catalogue is not fatal (Dutch is shown), but must be noticed."""
    folder = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    for lang in LANGUAGES:
        if lang != "nl" and not (folder / lang / "LC_MESSAGES" / "messages.mo").exists():
            log.warning("no compiled catalogue for %s: pages fall back to Dutch (run 'make setup')", lang)


def select_language() -> str:
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        return wanted
    cookie = request.cookies.get("lang")
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or "nl"


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder="static")
    instance = Path(os.environ.get("LOKETWIJZER_INSTANCE", ROOT / "instance"))
    app.config.update(
        INSTANCE=instance,
        KNOWLEDGE=ROOT / "knowledge",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "locales"),
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_DEFAULT_TIMEZONE="Europe/Amsterdam",
        SESSION_COOKIE_NAME="lw",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
        ENV_NAME=os.environ.get("LOKETWIJZER_ENV", "development"),
        # Behind HTTPS (production) the cookies are sent over HTTPS only.
        SESSION_COOKIE_SECURE=os.environ.get("LOKETWIJZER_ENV") == "production",
        COMPRESS_MIMETYPES=["text/html", "text/css", "application/json", "text/javascript", "image/svg+xml"],
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_MIN_SIZE=256,
    )
    app.config.update(config or {})
    app.config["INSTANCE"] = Path(app.config["INSTANCE"])
    app.secret_key = app.config.get("SECRET_KEY") or instance_secret(app.config["INSTANCE"])
    _check_secret(app)
    app.extensions["catalogue"] = Catalogue(app.config["INSTANCE"])
    # Searches per client address per minute: plenty for a person, a wall for a script.
    limit = int(app.config.get("SEARCH_LIMIT") or os.environ.get("LOKETWIJZER_SEARCH_LIMIT", "60"))
    app.extensions["search_limit"] = RateLimiter(limit, 60.0)
    Babel(app, locale_selector=lambda: g.get("lang") or select_language())

    @app.before_request
    def _language() -> None:
        g.lang = select_language()

    @app.context_processor
    def _globals() -> dict:
        lang = g.get("lang", "nl")
        return {
            "counter_facts": counter_facts,
            "format_date": lambda d: format_date(d, "long", locale=lang),
            "dict": dict,
            "lang": lang,
            "dir": "rtl" if lang in RTL_LANGUAGES else "ltr",
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        }

    @app.after_request
    def _headers(response):
        if request.args.get("lang") in LANGUAGES:
            response.set_cookie(
                "lang", request.args["lang"], max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                secure=app.config["SESSION_COOKIE_SECURE"],
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        )
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response

    from .channels import csrf
    from .channels.api import api
    from .channels.assets import asset_url, assets
    from .channels.web import web

    csrf.init_app(app)
    Compress(app)
    app.register_blueprint(assets)
    app.jinja_env.globals["asset"] = asset_url
    _check_catalogues(app)

    app.register_blueprint(web)
    app.register_blueprint(api)
    from .channels.worker import worker  # outreach-worker mode: /werker, /p/<token>

    app.register_blueprint(worker)
    from .channels.sms import sms  # SMS webhooks (Twilio, CM.com)
    app.register_blueprint(sms)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if request.path.startswith("/api/"):
            return {"error": exc.name, "status": exc.code}, exc.code
        return render_template("error.html", code=exc.code, page="error"), exc.code

    @app.errorhandler(Exception)
    def _crash(exc: Exception):
        # Log the kind of fault, never the request data: it may be personal.
        # The route pattern, not the path: a path can hold a plan link's token.
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, rule)
        if request.path.startswith("/api/"):
            return {"error": "Internal Server Error", "status": 500}, 500
        return render_template("error.html", code=500, page="error"), 500

    return app
