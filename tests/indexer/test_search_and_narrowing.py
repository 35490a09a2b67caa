"""An AND scores a term only on the documents the other side matches (issue 19, _whoosh_speed._intersection_scores),
and an OR joins its sides' scores in C (_union_scores):
taken on the queries it is meant for (a fallback fails here), with Whoosh's hits, scores and totals."""

from __future__ import annotations

import random

import pytest

from indexer.search import _whoosh_speed as speed
from indexer.search._whoosh_speed import SPEED
from indexer.search.engine import IndexDoc
from indexer.search.whoosh_engine import SearchIndex

_WORDS = ["harbour", "ferry", "crews", "storm", "pay", "talks", "union", "port", "coast", "road"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Long posting lists in two segments, with deletions; one rare word ("lighthouse") in a few documents."""
    rng = random.Random(7)
    ix = SearchIndex(tmp_path_factory.mktemp("and") / "index")
    for segment in range(2):
        with ix.writer() as writer:
            for n in range(600):
                words = rng.choices(_WORDS, k=rng.choice([3, 20, 60])) + (["lighthouse"] if n % 37 == 0 else [])
                writer.add_new(IndexDoc(f"s{segment}d{n}", "Wire", " ".join(words), "2025-05-01", "", "Wire",
                                        f"/x/{n}", "", ()))
    with ix.writer() as writer:
        for n in range(0, 600, 11):
            writer.delete(f"s1d{n}")
    yield ix
    ix.close()


def _whole_intersection(m):
    """The intersection as it was: both sides scored whole, then matched."""
    a, b = speed._tree_scores(m.a), speed._tree_scores(m.b)
    return {doc: score + b[doc] for doc, score in a.items() if doc in b}


_NARROWED = ["harbour ferry", "lighthouse storm", "storm lighthouse", "harbour ferry crews", "harbour (ferry OR storm)",
             "(ferry OR storm) harbour", "lighthouse pay -talks", '"pay talks" harbour']


@pytest.mark.parametrize("query", _NARROWED)
def test_an_and_with_a_term_scores_it_only_where_the_other_side_matches(index, query, monkeypatch):
    SPEED.reset()
    ours = index.search(query, limit=30)
    assert SPEED.snapshot().get("and.narrowed", 0) >= 2 and SPEED.fallbacks() == {}  # both segments
    assert ours.total > 0
    monkeypatch.setattr(speed, "_intersection_scores", _whole_intersection)
    assert index.search(query, limit=30) == ours
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)  # Whoosh's collector
    theirs = index.search(query, limit=30)
    assert theirs.total == ours.total
    assert [(h.id, h.score) for h in theirs.hits] == [(h.id, h.score) for h in ours.hits]


def test_an_and_of_two_compound_sides_is_scored_whole_and_that_is_no_fallback(index, monkeypatch):
    SPEED.reset()
    ours = index.search("(harbour OR lighthouse) (storm OR road)", limit=30)
    assert SPEED.snapshot().get("and.whole", 0) >= 1 and SPEED.fallbacks() == {}
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)
    theirs = index.search("(harbour OR lighthouse) (storm OR road)", limit=30)
    assert theirs.total == ours.total > 0
    assert [(h.id, h.score) for h in theirs.hits] == [(h.id, h.score) for h in ours.hits]


def test_an_and_with_an_absent_word_finds_nothing(index):
    SPEED.reset()
    assert index.search("harbour zzzabsent").total == 0
    assert index.search("lighthouse harbour", date_from="2030-01-01").total == 0
    assert SPEED.fallbacks() == {}


# -- an OR's scores joined in C ---------------------------------------------------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402

_SCORES = st.dictionaries(st.integers(0, 300), st.floats(-5, 40, allow_nan=False), max_size=60)


@settings(max_examples=300, deadline=None)
@given(a=_SCORES, b=_SCORES)
def test_an_ors_scores_are_the_sums_whoosh_makes(a, b):
    expected = {doc: (score + b[doc]) if doc in b else score for doc, score in a.items()}
    expected.update((doc, score) for doc, score in b.items() if doc not in a)
    assert speed._union_scores(a, b) == expected


@pytest.mark.parametrize("query", ["harbour OR lighthouse", "lighthouse OR harbour OR storm", "(harbour OR storm) pay"])
def test_an_or_gives_whooshs_hits_scores_and_totals(index, query, monkeypatch):
    SPEED.reset()
    ours = index.search(query, limit=30)
    assert SPEED.snapshot().get("search.bulk") == 1 and SPEED.fallbacks() == {}
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)
    theirs = index.search(query, limit=30)
    assert theirs.total == ours.total > 0
    assert [(h.id, h.score) for h in theirs.hits] == [(h.id, h.score) for h in ours.hits]


@pytest.mark.parametrize("part", [2048, 64, 7])  # Whoosh's part of documents read ahead: 64 and 7 leave a rest
@pytest.mark.parametrize("query", ["harbour OR lighthouse OR storm", "pay OR talks OR union OR port OR road",
                                   "lighthouse OR (harbour ferry) OR \"pay talks\""])
def test_an_or_of_three_or_more_in_a_small_segment_is_read_whole_with_whooshs_answer(index, query, part, monkeypatch):
    """Whoosh makes an ArrayUnionMatcher there (a segment of 5,000 documents or fewer): its array, then the
    rest from its submatchers, not a walk document by document (leaf.walked, a fallback)."""
    from whoosh.matching import ArrayUnionMatcher

    monkeypatch.setattr(ArrayUnionMatcher.__init__, "__defaults__", (1.0, True, part))
    SPEED.reset()
    ours = index.search(query, limit=30)
    assert SPEED.snapshot().get("leaf.array", 0) == 2 and SPEED.fallbacks() == {}  # one a segment
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)
    theirs = index.search(query, limit=30)
    assert theirs.total == ours.total > 0
    assert [(h.id, h.score) for h in theirs.hits] == [(h.id, h.score) for h in ours.hits]
