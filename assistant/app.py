"""create_app(): config, languages, channels, error pages and security headers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from babel.dates import format_date
from flask import Flask, g, render_template, request, session
from flask_babel import Babel
from flask_compress import Compress
from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header
from werkzeug.middleware.proxy_fix import ProxyFix

from . import numbers
from .catalogue import Catalogue
from .channels import i18n
from .channels.render import counter_facts, geo_link
from .keys import instance_secret
from .knowledge.models import LANGUAGE_NAMES, LANGUAGES, RTL_LANGUAGES
from .logfilter import quiet_waitress_queue
from .paths import LOCALES, ROOT, TEMPLATES
from .ratelimit import LimitStore, RateLimiter, shared_store
from .settings import Settings

__all__ = ["ROOT", "create_app", "instance_secret"]  # ROOT and instance_secret: kept for old imports
log = logging.getLogger("loketwijzer")


# Known throw-away keys: starting in production with one of these would make every
# signed cookie and plan link forgeable.
DEFAULT_SECRETS = {"", "dev", "development", "secret", "changeme", "change-me", "test", "test-secret"}


WORKER_CODE_MIN = 12  # characters of the outreach workers' access code, in production


def _check_production(app: Flask, settings: Settings) -> None:
    """Production starts only with its keys from outside instance/ and its public address."""
    if not settings.production:
        return
    if app.secret_key in DEFAULT_SECRETS or len(str(app.secret_key)) < 32:
        raise RuntimeError("refusing to start in production with a default or short secret key")
    # Raises when the HMAC key is neither set nor in a file outside instance/.
    instance_secret(settings.instance, "hmac_key", settings.hmac_key, settings.hmac_key_file, production=True)
    if not settings.public_base_url:
        # Else the Host header, which the caller chooses, would decide where links in SMS,
        # QR codes and printed plans point.
        raise RuntimeError("refusing to start in production without PUBLIC_BASE_URL")
    if settings.worker_access_code and len(settings.worker_access_code) < WORKER_CODE_MIN:
        raise RuntimeError(f"refusing to start in production: WORKER_ACCESS_CODE needs {WORKER_CODE_MIN}+ characters")


def _check_catalogues(app: Flask) -> None:
    """A missing compiled catalogue is not fatal (Dutch is shown), but must be noticed."""
    folder = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    for lang in LANGUAGES:
        if lang != "nl" and not (folder / lang / "LC_MESSAGES" / "messages.mo").exists():
            log.warning("no compiled catalogue for %s: pages fall back to Dutch (run 'make setup')", lang)


ACCEPT_LANGUAGE_MAX = 256  # bytes of Accept-Language we read: real browsers send under 100


def accepted_languages(header: str) -> LanguageAccept:
    """The header cut to its first few hundred bytes (at a comma) before Werkzeug parses it:
    a 200 KB header would otherwise cost a parse and a best_match over every entry."""
    if len(header) > ACCEPT_LANGUAGE_MAX:
        header = header[:ACCEPT_LANGUAGE_MAX].rsplit(",", 1)[0]
    return parse_accept_header(header, LanguageAccept)


def select_language() -> str:
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        return wanted
    cookie = request.cookies.get("lang")
    if cookie in LANGUAGES:
        return cookie
    return accepted_languages(request.headers.get("Accept-Language", "")).best_match(LANGUAGES) or "nl"


def limit_store(settings: Settings) -> LimitStore:
    """The rate limits' SQLite file, one per process, shared by every process serving the site."""
    return shared_store(Path(settings.limits_db) if settings.limits_db else settings.instance / "limits.db")


def create_app(settings: Settings | Mapping | None = None, config: Mapping | None = None) -> Flask:
    """The web app. `settings` defaults to Settings.from_env(); `config` is Flask config,
    where a key named like a setting (SECRET_KEY, SEARCH_LIMIT, ...) overrides it and
    SMS_DB and SMS_CLOCK are test hooks. create_app({...}) alone is read as config."""
    if isinstance(settings, Mapping):
        config = {**settings, **dict(config or {})}
        settings = None
    config = dict(config or {})
    settings = (settings or Settings.from_env()).with_config(config)
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder="static")
    app.extensions["settings"] = settings
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES=str(LOCALES),
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_DEFAULT_TIMEZONE="Europe/Amsterdam",
        SESSION_COOKIE_NAME="lw",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
        # Behind HTTPS (production) the cookies are sent over HTTPS only.
        SESSION_COOKIE_SECURE=settings.production,
        COMPRESS_MIMETYPES=["text/html", "text/css", "application/json", "text/javascript", "image/svg+xml"],
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_MIN_SIZE=256,
    )
    # Settings live in one place only; the rest of config is Flask's (and the test hooks).
    app.config.update({k: v for k, v in config.items() if k not in Settings.config_keys()})
    app.secret_key = instance_secret(
        settings.instance, "secret_key", settings.secret_key, settings.secret_key_file, settings.production
    )
    _check_production(app, settings)
    if settings.proxy_hops:
        # Only then are X-Forwarded-* believed: the client address (rate limits), scheme and host.
        n = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    quiet_waitress_queue()  # under load: one "Task queue depth" line a minute, not one per request
    app.extensions["catalogue"] = Catalogue.shared(settings.instance)
    app.extensions["limits"] = limit_store(settings)
    # Searches per client address per minute: plenty for a person, a wall for a script.
    app.extensions["search_limit"] = RateLimiter(
        settings.search_limit, 60.0, store=app.extensions["limits"], name="search"
    )
    Babel(app, locale_selector=lambda: g.get("lang") or select_language())
    i18n.install(app)  # the catalogue once a request, not once a string

    @app.before_request
    def _language() -> None:
        g.lang = select_language()

    @app.context_processor
    def _globals() -> dict:
        lang = g.get("lang", "nl")
        return {
            "counter_facts": counter_facts,
            # `serve --watch` only: what `check` refuses, shown on the page to the editor.
            "preview_problems": getattr(app.extensions.get("preview"), "problems", []),
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

    # Registered after Compress, so it runs before it: every phone number on every page a
    # tel: link, and in Arabic every number isolated left-to-right (numbers.py).
    @app.after_request
    def _numbers(response):
        if response.mimetype == "text/html" and not response.direct_passthrough and not response.is_streamed:
            rtl = g.get("lang") in RTL_LANGUAGES
            response.set_data(numbers.mark(response.get_data(as_text=True), rtl=rtl))
        return response

    app.register_blueprint(assets)
    app.jinja_env.globals["asset"] = asset_url
    app.jinja_env.filters["tel"] = numbers.tel_href  # one tel: link form for every number on every page
    app.jinja_env.filters["geo"] = geo_link  # an address opens the phone's map app
    _check_catalogues(app)

    app.register_blueprint(web)
    app.register_blueprint(api)
    from .channels.worker import worker  # outreach-worker mode: /werker, /p/<token>

    app.register_blueprint(worker)
    from .channels.sms import sms  # SMS webhooks (Twilio, CM.com)
    app.register_blueprint(sms)
    from .channels.redactie import redactie  # read-only to-do list for editors, noindex

    app.register_blueprint(redactie)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if request.path.startswith("/api/"):
            return {"error": exc.name, "status": exc.code}, exc.code
        # An expired form says truthfully whether the answers are still here (a lost cookie
        # takes them with it).
        kept = bool(session.get("a")) if exc.code == 400 else False
        return render_template("error.html", code=exc.code, page="error", kept=kept), exc.code

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
