"""Every setting of the app: read from the environment once at start, then passed down.

`Settings.from_env()` is the only place in the package that reads `os.environ`. Each
field names its environment variable and says what it does (field metadata); the README
table is generated from the same fields (`python -m assistant.settings`) and a test keeps
the two in step. Standard library only: `loketwijzer check` must not load Flask.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import DEFAULT_INSTANCE

TRUE = {"1", "true", "yes", "ja", "on"}
FALSE = {"", "0", "false", "no", "nee", "off"}


class SettingsError(ValueError):
    """A setting in the environment that cannot be read; the message names it."""


def _setting(env: str, default: Any, help: str, *, shown: str = "", secret: bool = False) -> Any:
    # Secrets stay out of repr(), so a logged Settings never shows a key.
    return field(default=default, repr=not secret, metadata={"env": env, "help": help, "shown": shown})


@dataclass(frozen=True)
class Settings:
    instance: Path = _setting(
        "LOKETWIJZER_INSTANCE", DEFAULT_INSTANCE,
        "folder for builds, generated keys and the SMS database", shown="`instance/`",
    )
    env: str = _setting(
        "LOKETWIJZER_ENV", "development",
        "`production`: Secure cookies, links never use the request's host; refuses to start without "
        "the secret and HMAC keys (variable or file outside `instance/`) and `PUBLIC_BASE_URL`",
    )
    secret_key: str = _setting(
        "LOKETWIJZER_SECRET_KEY", "",
        "signs cookies and plan links; generated once into `instance/` when unset (development only)",
        shown="generated", secret=True,
    )
    secret_key_file: str = _setting(
        "LOKETWIJZER_SECRET_KEY_FILE", "",
        "a file holding the secret key (e.g. a systemd credential), outside `instance/`",
    )
    hmac_key: str = _setting(
        "LOKETWIJZER_HMAC_KEY", "",
        "keys the hash of SMS phone numbers; generated once into `instance/` when unset (development only): "
        "kept apart from `sms.db`, so a copy of `instance/` cannot turn hashes back into numbers",
        shown="generated", secret=True,
    )
    hmac_key_file: str = _setting(
        "LOKETWIJZER_HMAC_KEY_FILE", "", "a file holding the HMAC key, outside `instance/`",
    )
    search_limit: int = _setting("LOKETWIJZER_SEARCH_LIMIT", 60, "searches per client address per minute")
    proxy_hops: int = _setting(
        "LOKETWIJZER_PROXY_HOPS", 0,
        "reverse proxies in front of the app whose `X-Forwarded-For`/`-Proto`/`-Host` are trusted "
        "(1 behind Caddy or nginx); 0: the socket's address is the client",
    )
    limits_db: str = _setting(
        "LOKETWIJZER_LIMITS_DB", "",
        "SQLite file of the rate limits, shared by every serving process", shown="`instance/limits.db`",
    )
    public_base_url: str = _setting(
        "PUBLIC_BASE_URL", "",
        "the public address (links in SMS and QR codes, Twilio signatures behind a proxy); "
        "unset: the request's host, in development only",
    )
    port: int = _setting("PORT", 5000, "port of `loketwijzer serve`")
    workers: int = _setting(
        "LOKETWIJZER_WORKERS", 0, "processes of `loketwijzer serve`, each with its own threads; `0`: one per core",
    )
    worker_access_code: str = _setting(
        "WORKER_ACCESS_CODE", "",
        "outreach workers' code for sending a plan by SMS, at least 12 characters in production "
        "(unset: sending off)", secret=True,
    )
    worker_sms_per_session: int = _setting(
        "LOKETWIJZER_WORKER_SMS_PER_SESSION", 10, "plans one worker session may send by SMS per hour",
    )
    worker_sms_per_hour: int = _setting(
        "LOKETWIJZER_WORKER_SMS_PER_HOUR", 30, "plans the whole site may send by SMS per hour",
    )
    sms_replies_per_minute: int = _setting(
        "LOKETWIJZER_SMS_REPLIES_PER_MINUTE", 60,
        "SMS messages the whole site answers per minute; above it one short \"busy, write again in a minute\" "
        "reply, and one log line a minute",
    )
    sms_plain_latin: bool = _setting(
        "LOKETWIJZER_SMS_PLAIN_LATIN", True,
        "SMS replies in Polish and Romanian without diacritics (ł->l, ș->s): GSM-7, about half the cost; "
        "`0` keeps the letters",
    )
    twilio_account_sid: str = _setting("TWILIO_ACCOUNT_SID", "", "Twilio account, for the worker's outbound SMS")
    twilio_auth_token: str = _setting(
        "TWILIO_AUTH_TOKEN", "", "checks the Twilio webhook's signature; outbound SMS", secret=True,
    )
    twilio_from: str = _setting("TWILIO_FROM", "", "our Twilio number or sender, for outbound SMS")
    twilio_api_base: str = _setting("TWILIO_API_BASE", "https://api.twilio.com", "Twilio's REST API address")
    cm_webhook_secret: str = _setting(
        "CM_WEBHOOK_SECRET", "",
        "the secret in the CM.com webhook URL, at least 16 characters (unset: the webhook refuses all)",
        secret=True,
    )
    cm_product_token: str = _setting("CM_PRODUCT_TOKEN", "", "CM.com product token, for SMS replies", secret=True)
    cm_sender: str = _setting("CM_SENDER", "", "CM.com reply-enabled sender, for SMS replies")
    cm_api_url: str = _setting(
        "CM_API_URL", "https://gw.messaging.cm.com/v1.0/message", "CM.com's Business Messaging API address",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every setting once; an unreadable value raises SettingsError naming it."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is not None:
                values[f.name] = _parse(f, raw)
        return cls(**values)

    @classmethod
    def config_keys(cls) -> set[str]:
        """The Flask-config names of the settings: each field's name in capitals."""
        return {f.name.upper() for f in dataclasses.fields(cls)}

    def with_config(self, config: Mapping[str, Any]) -> Settings:
        """Overrides from a Flask-style config: a key named like a field in capitals
        (SECRET_KEY, SEARCH_LIMIT, ...) replaces that setting. Tests use this."""
        names = {f.name.upper(): f for f in dataclasses.fields(self)}
        changes = {}
        for key, value in config.items():
            f = names.get(key)
            if f is not None:
                changes[f.name] = _parse(f, value) if isinstance(value, str) else _coerce(f, value)
        return dataclasses.replace(self, **changes) if changes else self

    @property
    def production(self) -> bool:
        return self.env == "production"


def _coerce(f: dataclasses.Field, value: Any) -> Any:
    return Path(value) if f.type in ("Path", Path) else value


def _parse(f: dataclasses.Field, raw: str) -> Any:
    kind, env = f.type, f.metadata["env"]
    raw = raw.strip()
    if kind in ("int", int):
        try:
            number = int(raw)
        except ValueError:
            raise SettingsError(f"{env} must be a whole number, not {raw!r}") from None
        if number < 0:
            raise SettingsError(f"{env} must be 0 or more, not {number}")
        return number
    if kind in ("bool", bool):
        if raw.lower() not in TRUE | FALSE:
            raise SettingsError(f"{env} must be 1 or 0 (true or false), not {raw!r}")
        return raw.lower() in TRUE
    if kind in ("Path", Path):
        return Path(raw) if raw else f.default
    return raw


def table() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting, as the README lists them."""
    rows = []
    for f in dataclasses.fields(Settings):
        default = f.metadata["shown"] or ("unset" if f.default in ("", None) else f"`{f.default}`")
        if f.type in ("bool", bool):
            default = "`1`" if f.default else "`0`"
        rows.append((f"`{f.metadata['env']}`", default, f.metadata["help"]))
    return rows


def markdown_table() -> str:
    lines = ["| variable | default | what |", "|---|---|---|"]
    lines += [f"| {name} | {default} | {help} |" for name, default, help in table()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
