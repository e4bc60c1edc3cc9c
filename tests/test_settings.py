"""One set of settings: read once, documented in the README, reachable in production.
And the package's shape: no import cycles, `check` and `build` without Flask."""

from __future__ import annotations

import ast
import dataclasses
import graphlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.app import ROOT, create_app
from assistant.settings import Settings, SettingsError, table

from .test_worker import EU_IN_UTRECHT, LINK, TOKEN
from .walk import post

PACKAGE = ROOT / "assistant"


# ---- the settings ---------------------------------------------------------------------


def test_the_environment_is_read_in_settings_only():
    readers = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "settings.py" and path.parent == PACKAGE:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bos\.environ\b|\bgetenv\(|\benviron\[", text):
            readers.append(str(path.relative_to(ROOT)))
    assert readers == []


def readme_rows() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration (environment)", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 3:
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def test_the_readme_lists_every_setting_and_nothing_else():
    documented = {name: (default, help) for name, default, help in readme_rows()}
    settings = {name: (default, help) for name, default, help in table()}
    assert sorted(set(settings) - set(documented)) == [], "settings missing from the README table"
    assert sorted(set(documented) - set(settings)) == [], "README rows that are no setting"
    for name in settings:  # defaults and help texts agree too (python -m assistant.settings)
        assert documented[name] == settings[name], name


def test_every_setting_says_what_it_does():
    for f in dataclasses.fields(Settings):
        assert f.metadata["env"] and len(f.metadata["help"]) > 15, f.name


def test_values_are_read_and_bad_ones_named():
    s = Settings.from_env(
        {
            "LOKETWIJZER_INSTANCE": "/tmp/lw",
            "LOKETWIJZER_SEARCH_LIMIT": " 7 ",
            "LOKETWIJZER_SMS_PLAIN_LATIN": "ja",
            "LOKETWIJZER_WORKER_SMS_PER_HOUR": "3",
            "LOKETWIJZER_ENV": "production",
        }
    )
    assert (s.instance, s.search_limit, s.sms_plain_latin, s.worker_sms_per_hour) == (Path("/tmp/lw"), 7, True, 3)
    assert s.production and Settings.from_env({}).port == 5000
    bad_values = [("PORT", "eighty"), ("LOKETWIJZER_SEARCH_LIMIT", "-1"), ("LOKETWIJZER_SMS_PLAIN_LATIN", "misschien")]
    for env, bad in bad_values:
        with pytest.raises(SettingsError, match=env):
            Settings.from_env({env: bad})


def test_secrets_never_show_in_a_printed_settings():
    s = Settings.from_env(
        {
            "LOKETWIJZER_SECRET_KEY": "s3cret-key-value",
            "TWILIO_AUTH_TOKEN": "tw-token-value",
            "CM_PRODUCT_TOKEN": "cm-product-value",
        }
    )
    assert "s3cret" not in repr(s) and "tw-token" not in repr(s) and "cm-product" not in repr(s)


def test_the_cli_refuses_a_bad_setting_kindly(monkeypatch, capsys):
    from assistant import cli

    monkeypatch.setenv("LOKETWIJZER_SEARCH_LIMIT", "many")
    assert cli.main(["settings"]) == 2
    assert "LOKETWIJZER_SEARCH_LIMIT must be a whole number" in capsys.readouterr().err


# ---- settings reach the app -----------------------------------------------------------


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def worker_result(app, host: str) -> str:
    """The worker's plan page, asked for as if the site were called `host`."""
    client = app.test_client()
    form = client.get("/werker", base_url=f"http://{host}").get_data(as_text=True)
    data = {**EU_IN_UTRECHT, "csrf": CSRF.search(form).group(1)}
    return client.post("/werker", data=data, base_url=f"http://{host}").get_data(as_text=True)


def test_worker_sms_limits_are_set_from_the_environment(instance, monkeypatch):
    """They used to be reachable through create_app(config) only, never in production."""
    for env, value in {
        "LOKETWIJZER_WORKER_SMS_PER_SESSION": "1",
        "WORKER_ACCESS_CODE": "straat-2024",
        "TWILIO_ACCOUNT_SID": "AC0000test",
        "TWILIO_AUTH_TOKEN": "token-1234",
        "TWILIO_FROM": "+3197010000000",
        "TWILIO_API_BASE": "http://127.0.0.1:9",  # nothing listens: the send fails, but counts
        "LOKETWIJZER_SECRET_KEY": "test-secret",
        "LOKETWIJZER_INSTANCE": str(instance),
    }.items():
        monkeypatch.setenv(env, value)
    app = create_app()
    client = app.test_client()
    client.get("/", follow_redirects=True)
    token = TOKEN.search(post(client, "/werker", EU_IN_UTRECHT).get_data(as_text=True)).group(1)
    form = {"token": token, "telefoon": "06 12345678", "code": "straat-2024"}
    assert "Versturen lukte niet" in post(client, "/werker/sms", form).get_data(as_text=True)
    assert "maximum van 1 sms" in post(client, "/werker/sms", form).get_data(as_text=True)


def test_plan_links_use_the_request_host_in_development_only(instance, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    dev = create_app(Settings(instance=instance, secret_key="k" * 40))
    assert LINK.search(worker_result(dev, "dev.example")).group(1).startswith("http://dev.example/p/")
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):  # a forged Host never reaches a plan link
        create_app(Settings(instance=instance, secret_key="k" * 40, hmac_key="h" * 40, env="production"))
    named = create_app(Settings(
        instance=instance, secret_key="k" * 40, hmac_key="h" * 40, env="production",
        public_base_url="https://lw.example/",
    ))
    assert LINK.search(worker_result(named, "evil.example")).group(1).startswith("https://lw.example/p/")


# ---- the package's shape --------------------------------------------------------------


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Our modules this file imports, anywhere in it (a late import is still a dependency)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}  # `from . import x` names a module
    return {m for m in found if m in modules and m != name}


def test_no_import_cycles_between_modules():
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: imports_of(path, set(files)) for name, path in files.items()}
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_check_and_build_do_not_load_flask(tmp_path):
    script = (
        "import sys\n"
        "from assistant import cli\n"
        "assert cli.main(['check', '--quiet']) == 0\n"
        "assert cli.main(['build']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug', 'jinja2'))\n"
        "assert not loaded, loaded\n"
    )
    env = {**os.environ, "LOKETWIJZER_INSTANCE": str(tmp_path / "instance")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "instance" / "current").exists()


# ---- one of each helper ---------------------------------------------------------------


def test_one_phone_gives_one_key_and_one_number_to_send_to():
    from assistant import phone

    forms = ["+31 6-1234 5678", "0031612345678", "whatsapp:+31612345678", "+31 (6) 12.34.56.78"]
    assert {phone.canonical(f) for f in forms} == {"+31612345678"}
    assert {phone.e164(f) for f in ["06 12 34 56 78", *forms[:2]]} == {"+31612345678"}
    assert phone.e164("whatsapp:+31612345678") is None  # a worker typed that: ask again
    assert phone.international("+31612345678") == "0031612345678"


def test_the_limiter_counts_without_adding_and_forgets_after_its_window():
    from assistant.ratelimit import RateLimiter

    now = [0.0]
    limiter = RateLimiter(2, 60.0, clock=lambda: now[0])
    assert limiter.count("a") == 0 and not limiter.full("a")
    limiter.hit("a")
    assert limiter.allow("a") and not limiter.allow("a")  # the refused one is not counted
    assert limiter.count("a") == 2 and limiter.full("a") and limiter.count("b") == 0
    now[0] = 60.0
    assert limiter.count("a") == 0 and limiter.allow("a")


def test_folding_and_cleaning():
    from assistant.textfold import clean, fold

    assert fold("Één Straße ’s-Hertogenbosch") == "een strasse ’s-hertogenbosch"
    assert clean("  a\x00b\n\t c  ", 10) == "a b c"
    assert clean("x" * 10_000, 300) == "x" * 300
    assert clean("Cluj-Napoca ăîșț", 300) == "Cluj-Napoca ăîșț"  # every script is kept
