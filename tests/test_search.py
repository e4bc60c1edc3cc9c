"""Search as people type: quality on the shared cases and our own, safety on hostile text."""

from __future__ import annotations

import re

import pytest

from assistant.evaluate import run_cases
from assistant.search import query as sq

from .conftest import FIXTURES, SHARED

SHARED_CASES = SHARED / "eval" / "search_cases.yaml"


def test_the_known_search_cases_hit_at_3_is_at_least_95_percent(searcher):
    """Our copy of the team's cases (tests/fixtures/search_cases.yaml): runs in a lone clone."""
    report = run_cases(FIXTURES / "search_cases.yaml", searcher)
    print(f"known cases: hit@1 {report.hit1:.1%}, hit@3 {report.hit3:.1%} of {report.total}")
    assert report.total >= 30
    assert report.hit3 >= 0.95, report.failures


@pytest.mark.skipif(not SHARED_CASES.exists(), reason="no ../shared beside the project: its cases run from our copy")
def test_the_shared_search_cases_beside_the_project_hit_at_3_is_at_least_95_percent(searcher):
    """The team's current list, when it is beside the project: it may have grown since our copy."""
    report = run_cases(SHARED_CASES, searcher)
    print(f"shared cases: hit@1 {report.hit1:.1%}, hit@3 {report.hit3:.1%} of {report.total}")
    assert report.total >= 30
    assert report.hit3 >= 0.95, report.failures


def test_our_own_unseen_cases_hit_at_3_is_at_least_85_percent(searcher):
    report = run_cases(FIXTURES / "search_cases_extra.yaml", searcher)
    print(f"own cases: hit@1 {report.hit1:.1%}, hit@3 {report.hit3:.1%} of {report.total}")
    assert report.hit3 >= 0.85, report.failures


def test_topics_not_yet_in_a_language_are_found_by_words_typed_in_it(searcher):
    """Held-out questions in pl, ro, bg, uk, ar for the topics only in Dutch and English
    (knowledge/search_terms.yaml carries their words). Measured 86.4% hit@3; main: 17.3%."""
    report = run_cases(FIXTURES / "search_cases_languages.yaml", searcher)
    print(f"language cases: hit@1 {report.hit1:.1%}, hit@3 {report.hit3:.1%} of {report.total}")
    assert report.total >= 60
    assert report.hit3 >= 0.80, report.failures


def test_a_polish_word_for_an_english_only_topic_opens_with_its_english_text(searcher):
    hits = [h for h in sq.search(searcher, "eksmisja", "pl").hits if h.kind == "topic"]
    assert hits and hits[0].id == "huisuitzetting" and hits[0].lang == "en"


def test_typos_still_find_the_topic(searcher):
    assert sq.search(searcher, "zorgverzkering", "nl").hits[0].id in {"zorgverzekering", "zorg-zonder-verzekering"}
    assert sq.search(searcher, "brief adres", "nl").hits[0].id == "briefadres"
    typo = sq.search(searcher, "nachtopvnagg", "nl")
    assert typo.hits and typo.hits[0].id == "nachtopvang"
    assert typo.suggestion is None  # a good answer needs no second guess


def test_a_typo_that_finds_nothing_gets_a_suggestion_that_does(searcher):
    lost = sq.search(searcher, "opvnag", "nl")
    assert lost.hits == []
    assert lost.suggestion == "opvang"
    found = sq.search(searcher, lost.suggestion, "nl")
    assert {"nachtopvang", "maatschappelijke-opvang"} & {h.id for h in found.hits[:3]}


def test_real_nonsense_gets_no_made_up_suggestion(searcher):
    nonsense = sq.search(searcher, "xqzvbnmw", "nl")
    assert nonsense.hits == [] and nonsense.suggestion is None


def test_the_search_page_offers_the_suggestion_as_a_link(client):
    html = client.get("/zoek?q=opvnag").get_data(as_text=True)
    assert '<p class="suggest">' in html and 'href="/zoek?q=opvang">opvang</a>' in html


def test_a_polish_question_finds_the_polish_text(searcher):
    hit = sq.search(searcher, "adres do korespondencji", "pl").hits[0]
    assert (hit.id, hit.lang) == ("briefadres", "pl")


def test_a_question_in_a_language_without_the_topic_finds_it_in_english_or_dutch(searcher):
    hit = sq.search(searcher, "kostendelersnorm", "pl").hits[0]
    assert hit.id == "inkomen" and hit.lang in {"en", "nl"}


def test_the_chosen_municipality_ranks_first_among_counters(searcher):
    results = sq.search(searcher, "briefadres", "nl", municipality="utrecht")
    counters = [h for h in results.hits if h.kind == "counter"]
    assert counters and counters[0].municipality == "utrecht"


def test_query_syntax_is_just_words(searcher):
    for text in ['"', "AND(", "OR ) NOT", "title:*", "*", "a" * 10000, "🏠", "", "\x00\x01", "briefadres AND ("]:
        results = sq.search(searcher, text, "nl")
        assert isinstance(results.hits, list)
    assert sq.search(searcher, "briefadres AND (", "nl").hits[0].id == "briefadres"


def test_snippets_mark_matches_and_escape_html():
    text = "Vraag een briefadres aan. <script>alert(1)</script> Het briefadres is gratis."
    out = sq.snippet(text, ["briefadres"])
    assert "<mark>briefadres</mark>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out


@pytest.mark.parametrize(
    "query", ["waarom", "waar", "briefadres", "ik slaap buiten", "verzekering", "arom", "iefadres", "ar je", "opvang"]
)
def test_highlighting_marks_whole_words_only(kb, query):
    marked = 0
    for (topic_id, lang), topic in sorted(kb.topics.items()):
        out = sq.snippet(topic.body, sq.words_of(query), size=400)
        for m in re.finditer(r"(.?)<mark>([^<]*)</mark>(.?)", out):
            before, word, after = m.groups()
            assert not before.isalnum() and not after.isalnum(), (topic_id, lang, m.group(0))
            marked += 1
    if query in ("arom", "iefadres", "ar je"):
        assert marked == 0  # pieces of other words are never marked
    elif query in ("briefadres", "opvang"):
        assert marked > 0


def test_a_question_cached_by_one_serving_process_is_a_hit_in_another(instance, monkeypatch):
    """`loketwijzer serve` runs one process per core; they share one search cache on disk.
    The second process answers from it, with the same hits, snippets and place."""
    from assistant.catalogue import Catalogue
    from assistant.search import query as search_query

    first, second = Catalogue(instance).get(), Catalogue(instance).get()  # two processes' catalogues
    asked = first.search("briefadres nachtopvang oss", "nl", None)
    assert asked.hits and asked.place is not None and asked.place.name == "Oss"

    def no_search(*args, **kwargs):
        raise AssertionError("searched again instead of using the shared cache")

    monkeypatch.setattr(search_query, "search", no_search)
    again = second.search("briefadres nachtopvang oss", "nl", None)
    assert [(h.kind, h.id, h.municipality, h.title) for h in again.hits] == [
        (h.kind, h.id, h.municipality, h.title) for h in asked.hits
    ]
    assert again.snippets == asked.snippets and again.place == asked.place and again.words == asked.words
    assert again.query == asked.query


def test_the_search_cache_file_holds_nothing_a_person_typed(instance):
    from assistant.catalogue import Catalogue

    data = Catalogue(instance).get()
    for typed in ("schuldhulp voor jan pietersen uit de kerkstraat", "opvnag xqzwv"):
        first = data.search(typed, "nl", None)
        again = data.search(typed, "nl", None)  # from the cache
        assert again.suggestion == first.suggestion and again.words == first.words
        assert [h.id for h in again.hits] == [h.id for h in first.hits]
    assert first.suggestion == "opvang xqzwv"  # "did you mean" keeps the words as typed
    stored = b"".join(p.read_bytes() for p in instance.glob("search-cache.db*"))
    for word in (b"pietersen", b"kerkstraat", b"opvnag", b"xqzwv"):
        assert word not in stored


def test_a_broken_search_cache_is_a_miss_not_an_error(instance, tmp_path):
    from assistant.searchcache import SearchCache

    bad = tmp_path / "cache.db"
    bad.write_bytes(b"this is not a database" * 100)
    cache = SearchCache(bad, "build")
    assert cache.get(["q", "nl", None]) is None
    cache.put(["q", "nl", None], {"hits": []})  # no exception


@pytest.mark.parametrize("typed", ["briefadrs", "zorgverzkering", "nachtopvnag", "helth", "insurence", "schuldhuelp"])
def test_typos_get_the_same_neighbours_and_did_you_mean_as_whoosh_gives(searcher, typed):
    """The typo look-ups run in memory (rapidfuzz) instead of Whoosh's automaton: the words
    found and the "did you mean" must stay exactly what Whoosh itself gives."""
    from assistant.search import query as search_query

    reader = searcher.reader()
    for dist in (1, 2):
        assert search_query._near(reader, typed, dist) == list(reader.terms_within("spell", typed, dist, prefix=1))
    whoosh = searcher.corrector("spell").suggest(typed, limit=1, maxdist=2)
    assert search_query._correct(reader, typed) == (whoosh[0] if whoosh else None)


def _first(searcher, text: str, municipality: str | None = None):
    hits = sq.search(searcher, text, "nl", municipality=municipality).hits
    return (hits[0].kind, hits[0].municipality, hits[0].id) if hits else None


def test_a_kind_of_help_without_a_town_opens_with_the_guidance_not_one_towns_counter(searcher):
    """"nachtopvang" typed by someone whose town we do not know: Arnhem's or Rotterdam's
    night shelter first would send them to a town they may not be in."""
    assert _first(searcher, "nachtopvang") == ("topic", "", "nachtopvang")
    assert _first(searcher, "inloop")[0] == "topic"  # a word of our guidance, in two counters' names


def test_a_kind_of_help_with_the_town_opens_with_that_towns_counter(searcher):
    assert _first(searcher, "nachtopvang", "rotterdam") == ("counter", "rotterdam", "nachtopvang-nas")


def test_a_counters_own_name_opens_with_that_counter(searcher):
    assert _first(searcher, "herstart") == ("counter", "utrecht", "herstart")
    assert _first(searcher, "vraagwijzer") == ("counter", "rotterdam", "vraagwijzer")


def test_a_name_only_a_counter_carries_still_finds_it(searcher):
    """Someone told "go to the Springplank" types just that: it is in no guidance text, and
    the search said it found nothing."""
    assert _first(searcher, "springplank") == ("counter", "eindhoven", "springplank-centrale-inloop")
    found = sq.search(searcher, "stoelenproject", "nl").hits
    assert {(h.municipality, h.id) for h in found} >= {("amsterdam", "stoelenproject")}
    assert sq.search(searcher, "xyzzy", "nl").hits == []


@pytest.mark.parametrize(
    ("typed", "topic"),
    [("daklozenopvang", "nachtopvang"), ("geld", "inkomen"), ("Daklozenopvang!", "nachtopvang")],
)
def test_a_word_that_is_a_topics_own_synonym_opens_with_that_topic(searcher, typed, topic):
    """Before, a longer synonym of another topic that merely holds the word could win:
    "daklozenopvang" opened with the LGBTIQA+ page ("niet veilig in de daklozenopvang")."""
    assert _first(searcher, typed) == ("topic", "", topic)


@pytest.mark.parametrize(
    ("typed", "topic"),
    [("geen huis", "waar-begin-ik"), ("op straat", "waar-begin-ik"), ("verslaving", "na-detentie-of-opname")],
)
def test_a_common_dutch_phrasing_opens_with_the_general_first_page_not_a_narrow_one(searcher, typed, topic):
    """"geen huis" opened with the families page, "op straat" with Housing First, and
    "verslaving" with the ID card page (a near word, "verklaring")."""
    assert _first(searcher, typed) == ("topic", "", topic)
