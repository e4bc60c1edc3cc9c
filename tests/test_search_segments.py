"""A large build writes its index as several segments at once (index.build_index): a person
must get exactly the answers a one-segment index gives, in the same order."""

from __future__ import annotations

import os

import pytest

from assistant.search import index
from assistant.search import query as sq

QUESTIONS = [
    ("nachtopvang", "nl", None),
    ("briefadres aanvragen", "nl", None),
    ("I have no place to sleep tonight", "en", None),
    ("ubezpieczenie zdrowotne", "pl", None),
    ("schulden", "nl", "amsterdam"),
    ("briefadres", "nl", "utrecht"),
    ("nachtopvang", "nl", "den-haag"),
    ("loket den haag", "nl", "den-haag"),
    ("briefadrs", "nl", None),  # a typo
    ("wohnung", "nl", None),  # no word known: "did you mean"
]


def answers(searcher):
    out = []
    for text, lang, municipality in QUESTIONS:
        r = sq.search(searcher, text, lang, municipality=municipality)
        hits = [(h.kind, h.id, h.lang, h.municipality, h.title, round(h.score, 9), h.docnum, h.text) for h in r.hits]
        out.append((hits, r.suggestion))
    return out


def counters_of(searcher, slug):
    return [(d, searcher.stored_fields(d)["key"]) for d in sq._tables(searcher.reader()).by_municipality[slug]]


@pytest.mark.parametrize("parts, topic_cost", [(2, index.TOPIC_COST), (3, 1)])
def test_a_split_index_answers_exactly_as_one_segment(source_kb, tmp_path, monkeypatch, parts, topic_cost):
    # Three parts with every document costing the same cut Den Haag's counters across two segments.
    monkeypatch.setattr(index, "TOPIC_COST", topic_cost)
    one, split = tmp_path / "one", tmp_path / "split"
    count = index.build_index(source_kb, one, parts=1)
    assert index.build_index(source_kb, split, parts=parts) == count == index.document_count(source_kb)
    ix1, ix2 = index.open_index(one), index.open_index(split)
    sizes = [s.doc_count_all() for s in ix2._segments()]
    assert len(ix1._segments()) == 1 and len(sizes) == parts and min(sizes) > 0 and sum(sizes) == count
    with ix1.searcher() as s1, ix2.searcher() as s2:
        # Every document at the same number: ties are ranked by document number.
        assert [s2.stored_fields(d)["key"] for d in range(count)] == [s1.stored_fields(d)["key"] for d in range(count)]
        hague = [d for d, _ in counters_of(s2, "den-haag")]
        if parts == 3:
            assert any(d < sum(sizes[:2]) for d in hague) and any(d >= sum(sizes[:2]) for d in hague)
        for slug in ("amsterdam", "den-haag", "zwolle"):
            assert counters_of(s2, slug) == counters_of(s1, slug)
        expected = answers(s1)
        assert all(hits for hits, _ in expected[:-1]) and expected[-1][1]  # the questions find something
        assert any(h[0] == "counter" for hits, _ in expected for h in hits)
        assert answers(s2) == expected


def test_a_small_knowledge_stays_one_segment(source_kb, tmp_path):
    assert index.document_count(source_kb) < index.SPLIT_AT
    index.build_index(source_kb, tmp_path / "ix")
    assert len(index.open_index(tmp_path / "ix")._segments()) == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="without fork the parts are written one by one, here")
def test_a_part_that_fails_fails_the_build_and_leaves_no_half_index(source_kb, tmp_path, monkeypatch):
    real = index._write_segment

    def second_part_dies(docs, folder):
        if folder.name.startswith(".part1"):  # the forked child's part
            raise OSError("disk full")
        return real(docs, folder)

    monkeypatch.setattr(index, "_write_segment", second_part_dies)
    with pytest.raises(RuntimeError, match="1 of 1 index parts failed"):
        index.build_index(source_kb, tmp_path / "ix", parts=2)
    assert not any(p.name.startswith(".part") for p in (tmp_path / "ix").iterdir())


def test_a_build_beside_other_threads_never_forks(source_kb, tmp_path, monkeypatch):
    """`serve --watch` rebuilds while the server's threads run: a fork there could copy a
    lock another thread holds and hang the preview."""
    import threading

    monkeypatch.setattr(index, "SPLIT_AT", 10)  # the real knowledge would be split
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        index.build_index(source_kb, tmp_path / "ix")
    finally:
        stop.set()
        server.join()
    assert len(index.open_index(tmp_path / "ix")._segments()) == 1
