"""Editors' side: the content loads, check names file and line, a bad build never goes live."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.catalogue import BuildError, Catalogue, build, current_dir
from assistant.knowledge.loader import load
from assistant.knowledge.models import REQUIRED_LANGUAGES, TOPIC_IDS
from assistant.knowledge.scaffold import new_municipality

TEN = {"amsterdam", "rotterdam", "den-haag", "utrecht", "eindhoven"}
TEN |= {"venlo", "zwolle", "tilburg", "arnhem", "groningen"}


def test_the_real_knowledge_has_no_errors(source_kb):
    kb = source_kb
    assert kb.errors == []
    for topic_id, langs in REQUIRED_LANGUAGES.items():
        for lang in langs:
            assert (topic_id, lang) in kb.topics
    assert TEN <= set(kb.municipalities)


def test_every_municipality_serves_every_topic(source_kb):
    kb = source_kb
    for muni in kb.municipalities.values():
        # Named by a counter's own topics: counters_for() would fall back to the general contact.
        served = {t for c in muni.counters.values() for t in c.topics}
        national = {t for t in TOPIC_IDS if kb.topics[(t, "nl")].national}  # Veilig Thuis: no local counter
        assert set(TOPIC_IDS) - national <= served, (muni.slug, sorted(set(TOPIC_IDS) - national - served))
        assert national == {"huiselijk-geweld"}


def test_every_topic_is_sourced_and_summaries_fit_one_sms(source_kb):
    kb = source_kb
    for topic in kb.topics.values():
        assert topic.sources and len(topic.summary) <= 160


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(kb) -> list[str]:
    return [str(p) for p in kb.problems]


def test_a_yaml_error_is_reported_with_its_line(knowledge_copy):
    path = knowledge_copy / "municipalities" / "utrecht" / "municipality.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, "name: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    kb = load(knowledge_copy)
    found = [m for m in messages(kb) if "municipalities/utrecht/municipality.yaml" in m]
    assert found and "YAML error" in found[0]
    assert found[0].split(":")[1] in {"3", "4"}
    # The other municipalities still load.
    assert "amsterdam" in kb.municipalities and "utrecht" not in kb.municipalities


def test_schema_errors_name_the_field_and_line(knowledge_copy):
    path = knowledge_copy / "topics" / "crisis.nl.md"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate(text.split("\n"), start=1) if ln.startswith("summary:"))
    edit(path, "summary:", "summary: " + "x" * 170 + "\nsummery:")
    kb = load(knowledge_copy)
    out = [m for m in messages(kb) if "crisis.nl.md" in m]
    assert any(f"crisis.nl.md:{line}:" in m and "160" in m for m in out), out
    assert any("unknown field 'summery'" in m for m in out), out


def test_missing_language_future_date_and_unknown_topic_are_errors(knowledge_copy):
    (knowledge_copy / "topics" / "crisis.pl.md").unlink()
    edit(knowledge_copy / "topics" / "schulden.nl.md", "reviewed: 2026-11-23", "reviewed: 2099-01-01")
    counter = next((knowledge_copy / "municipalities" / "utrecht" / "counters").glob("*.md"))
    edit(counter, "topics: [", "topics: [geen-echt-onderwerp, ")
    out = " | ".join(str(p) for p in load(knowledge_copy).errors)
    assert "'crisis' is missing in language 'pl'" in out
    assert "schulden.nl.md" in out and "future" in out
    assert "unknown topic id 'geen-echt-onderwerp'" in out


def test_search_terms_refuse_an_unknown_topic_or_language_a_written_language_and_bad_words(knowledge_copy):
    """knowledge/search_terms.yaml: each fault at its own line, the good words still loaded."""
    (knowledge_copy / "search_terms.yaml").write_text(
        "geen-onderwerp:\n"  # 1
        "  pl: [dług]\n"  # 2
        "schulden:\n"  # 3
        "  xx: [dług]\n"  # 4
        "  en: [debts]\n"  # 5
        "  pl:\n"  # 6
        "    - długi\n"  # 7
        "    - ''\n"  # 8
        "    - Długi\n"  # 9
        "    - komornik\n",  # 10
        encoding="utf-8",
    )
    kb = load(knowledge_copy)
    out = [m.removeprefix("knowledge/search_terms.yaml:") for m in messages(kb) if "search_terms.yaml" in m]
    assert any(m.startswith("1:") and "unknown topic id 'geen-onderwerp'" in m for m in out), out
    assert any(m.startswith("4:") and "unknown language 'xx'" in m for m in out), out
    assert any(m.startswith("5:") and "own file in 'en'" in m for m in out), out
    assert any(m.startswith("8:") and "empty" in m for m in out), out
    assert any(m.startswith("9:") and "already in this list" in m for m in out), out
    assert len(out) == 5, out
    assert kb.search_terms == {("schulden", "pl"): ["długi", "komornik"]}
    assert all(p.severity == "error" for p in kb.problems if p.path.endswith("search_terms.yaml"))


def test_bad_hours_are_errors_with_lines(knowledge_copy):
    path = knowledge_copy / "municipalities" / "utrecht" / "counters" / "gemeente.md"
    edit(path, "hours: unknown", 'hours:\n  ma: "08:00-12:00, 11:00-13:00"\n  di: "9 tot 5"')
    out = [str(p) for p in load(knowledge_copy).errors if "gemeente.md" in p.path]
    assert any("overlap" in m for m in out) and any("not a time range" in m for m in out), out


def test_html_in_a_counter_is_warned_about_and_rendered_harmless(knowledge_copy, tmp_path):
    path = knowledge_copy / "municipalities" / "utrecht" / "counters" / "gemeente.md"
    path.write_text(path.read_text(encoding="utf-8") + '\n<script>alert(1)</script> [klik](javascript:alert(1))\n')
    kb = load(knowledge_copy)
    assert any("HTML or a script" in str(p) for p in kb.problems if p.severity == "warning")
    from assistant.channels.render import markdown

    html = str(markdown(kb.municipalities["utrecht"].counters["gemeente"].body))
    assert "<script>" not in html and 'href="javascript:' not in html


@pytest.mark.slow  # two builds
def test_a_broken_build_is_refused_and_the_old_one_keeps_serving(knowledge_copy, tmp_path):
    instance = tmp_path / "instance"
    first = build(knowledge_copy, instance)
    catalogue = Catalogue(instance)
    assert catalogue.get().build_id == first.name
    edit(knowledge_copy / "topics" / "briefadres.nl.md", "id: briefadres", "id: [broken")
    with pytest.raises(BuildError):
        build(knowledge_copy, instance)
    assert current_dir(instance) == first
    assert catalogue.get().build_id == first.name


@pytest.mark.slow  # three builds, one in a subprocess
def test_a_build_killed_halfway_never_becomes_current(knowledge_copy, tmp_path):
    instance = tmp_path / "instance"
    first = build(knowledge_copy, instance)
    code = (
        "import os, sys\n"
        "import assistant.search.index as ix\n"
        "from assistant.catalogue import build\n"
        "real = ix.build_index\n"
        "def dying(kb, folder):\n"
        "    real(kb, folder)\n"
        "    os._exit(9)\n"
        "import assistant.catalogue as c\n"
        "c.build_index = dying\n"
        f"build({str(knowledge_copy)!r}, {str(instance)!r})\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert result.returncode == 9
    assert current_dir(instance) == first
    assert list((instance / "builds").glob(".tmp-*"))  # the half-written build is left aside
    edit(knowledge_copy / "topics" / "crisis.nl.md", 'title: "', 'title: "Nieuw: ')
    second = build(knowledge_copy, instance)
    assert current_dir(instance) == second != first
    assert Catalogue(instance).get().kb.topics[("crisis", "nl")].title.startswith("Nieuw: ")


def test_check_command_prints_path_line_message_and_fails(knowledge_copy):
    edit(knowledge_copy / "topics" / "crisis.nl.md", "title:", "title: [oops\ntitle2:")
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "check", "--knowledge", str(knowledge_copy)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert "knowledge/topics/crisis.nl.md:" in result.stdout
    ok = subprocess.run([sys.executable, "-m", "assistant", "check", "--quiet"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout


def test_new_municipality_writes_a_folder_that_check_reads(knowledge_copy):
    folder = new_municipality(knowledge_copy, "Leiden")
    assert (folder / "municipality.yaml").exists() and (folder / "counters" / "gemeente.md").exists()
    kb = load(knowledge_copy)
    problems = [str(p) for p in kb.problems if "leiden" in p.path]
    # Unfilled placeholders are reported, so an editor sees what to fill in.
    assert any("phone" in m or "website" in m or "url" in m for m in problems), problems
    with pytest.raises(FileExistsError):
        new_municipality(knowledge_copy, "Leiden")
