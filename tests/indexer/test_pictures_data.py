"""The data behind the pictures, checked exactly on a small invented library (tests/indexer/pictures_fixtures.py)."""

from __future__ import annotations

import pytest

from indexer.errors import QueryError
from indexer.pictures import OTHERS, Edge, Scope, network_data, timeline_data

from .pictures_fixtures import A, B, C, N, P, build_library


@pytest.fixture
def lib(tmp_path):
    library = build_library(tmp_path)
    yield library
    library.close()


def lanes(data):
    return [(lane.id, lane.quotes, lane.actors) for lane in data.lanes]


def marks(data):
    return [(m.lane, m.actor_id, m.date, m.article_id) for m in data.marks]


# -- timeline -----------------------------------------------------------------------------------
def test_timeline_of_the_whole_library(lib):
    data = timeline_data(lib)
    assert (data.articles, data.undated, data.unattributed) == (5, 1, 1)
    assert data.density == (("2025-03-01", 2), ("2025-03-05", 1), ("2025-04-10", 1))
    assert lanes(data) == [(A, 2, 1), (B, 1, 1), (C, 1, 1), (N, 1, 1)]  # most quoted, then by name
    assert marks(data) == [
        (A, A, "2025-03-01", "a1"), (B, B, "2025-03-01", "a1"), (A, A, "2025-03-01", "a2"),
        (N, N, "2025-03-05", "a3"), (C, C, "2025-04-10", "a5"),
    ]


def test_a_mark_carries_the_quote_and_where_it_is(lib):
    mark = timeline_data(lib).marks[0]
    text = lib.article("a1").text
    assert mark.text == "we will reopen the harbour soon" == text[mark.start:mark.end]
    assert [lane.name for lane in timeline_data(lib).lanes][:2] == ["Alba Ferrant", "Bram Oduya"]


def test_speakers_beyond_the_lane_limit_are_folded(lib):
    data = timeline_data(lib, max_lanes=2)
    assert lanes(data) == [(A, 2, 1), (B, 1, 1), (OTHERS, 2, 2)]
    assert data.lanes[-1].name == "Others"
    assert [(m.lane, m.actor_id) for m in data.marks if m.lane == OTHERS] == [(OTHERS, N), (OTHERS, C)]


def test_named_actors_are_the_lanes_in_order_and_choose_the_articles(lib):
    data = timeline_data(lib, Scope(actors=("Northwind Council", "Lindqvist")))
    assert [lane.id for lane in data.lanes] == [N, C, OTHERS]
    assert data.articles == 3  # a1, a3, a5 mention one of them
    assert data.density == (("2025-03-01", 1), ("2025-03-05", 1), ("2025-04-10", 1))
    assert [(m.lane, m.article_id) for m in data.marks] == [
        (OTHERS, "a1"), (OTHERS, "a1"), (N, "a3"), (C, "a5"),
    ]


def test_a_named_actor_without_quotes_keeps_an_empty_lane(lib):
    data = timeline_data(lib, Scope(actors=("Port Selmar",)))
    assert lanes(data)[0] == (P, 0, 1)


def test_query_and_date_range_narrow_the_timeline(lib):
    data = timeline_data(lib, Scope(query="harbour"))
    assert data.articles == 3 and [m.article_id for m in data.marks] == ["a1", "a1", "a3", "a5"]
    data = timeline_data(lib, Scope(query="harbour", date_from="2025-03-02", date_to="2025-03"))
    assert data.articles == 1 and data.density == (("2025-03-05", 1),) and marks(data) == [(N, N, "2025-03-05", "a3")]
    data = timeline_data(lib, Scope(article_ids=("a2", "a4")))
    assert (data.articles, data.undated, marks(data)) == (2, 1, [(A, A, "2025-03-01", "a2")])


def test_merges_and_ignores_apply_to_the_timeline(lib):
    lib.merge_actors(B, C)
    lib.ignore_actor(A)
    data = timeline_data(lib)
    assert lanes(data) == [(B, 2, 1), (N, 1, 1)]
    assert [(m.actor_id, m.article_id) for m in data.marks] == [(B, "a1"), (N, "a3"), (B, "a5")]
    assert timeline_data(lib, Scope(actors=("Lindqvist",))).lanes[0].id == B  # a merged name finds its actor


def test_timeline_bad_input_says_what_to_fix(lib):
    with pytest.raises(QueryError, match="Nobody Known"):
        timeline_data(lib, Scope(actors=("Nobody Known",)))
    with pytest.raises(QueryError, match="2025/03/01"):
        timeline_data(lib, Scope(date_from="2025/03/01"))
    with pytest.raises(QueryError, match="empty"):
        timeline_data(lib, Scope(date_from="2025-05-01", date_to="2025-04"))
    with pytest.raises(QueryError, match="quote"):
        timeline_data(lib, Scope(query='"unclosed'))


def test_a_damaged_quotes_row_is_skipped_not_fatal(lib):
    lib.store.db.execute("UPDATE articles SET quotes='{not json' WHERE id='a2'")
    lib.store.db.execute("UPDATE articles SET quotes='[[\"alba-ferrant\", \"x\", 3], 7]' WHERE id='a3'")
    lib.store.db.commit()
    assert [m.article_id for m in timeline_data(lib).marks] == ["a1", "a1", "a5"]


def test_an_empty_library_gives_an_empty_timeline(tmp_path):
    from .pictures_fixtures import open_library

    with open_library(tmp_path) as empty:
        data = timeline_data(empty)
    assert (data.articles, data.lanes, data.marks, data.density) == (0, (), (), ())


def test_timeline_json_round_trips_the_scope(lib):
    data = timeline_data(lib, Scope(query="harbour", actors=("Oduya",)))
    doc = data.to_json()
    assert doc["scope"]["query"] == "harbour" and doc["scope"]["actors"] == ["Oduya"]
    assert doc["density"][0] == ["2025-03-01", 1] and doc["lanes"][0]["id"] == B
    assert Scope.from_json(doc["scope"]) == data.scope


# -- network ------------------------------------------------------------------------------------
def test_network_of_the_whole_library(lib):
    data = network_data(lib)
    assert (data.articles, data.actors) == (5, 5)
    assert [(n.id, n.articles, n.type) for n in data.nodes] == [
        (A, 4, "person"), (B, 4, "person"), (N, 2, "organisation"), (P, 2, "place"), (C, 1, "person"),
    ]
    assert data.edges == (
        Edge(A, B, 3), Edge(A, N, 2), Edge(B, P, 2), Edge(A, P, 1), Edge(B, C, 1), Edge(B, N, 1),
        Edge(C, P, 1), Edge(N, P, 1),
    )


def test_min_weight_drops_light_edges_and_lonely_actors(lib):
    data = network_data(lib, min_weight=2)
    assert data.edges == (Edge(A, B, 3), Edge(A, N, 2), Edge(B, P, 2))
    assert [n.id for n in data.nodes] == [A, B, N, P]
    assert network_data(lib, min_weight=4).nodes == ()


def test_merges_and_ignores_apply_to_the_network(lib):
    lib.merge_actors(B, C)  # a5 mentions both: it counts once
    lib.ignore_actor(N)
    data = network_data(lib)
    assert [(n.id, n.articles) for n in data.nodes] == [(A, 4), (B, 4), (P, 2)]
    assert data.edges == (Edge(A, B, 3), Edge(B, P, 2), Edge(A, P, 1))


def test_network_scope_and_node_limit(lib):
    data = network_data(lib, Scope(query="harbour"))  # a1, a3, a5
    assert [(n.id, n.articles) for n in data.nodes] == [(A, 2), (B, 2), (N, 2), (P, 2), (C, 1)]
    assert Edge(A, N, 2) in data.edges and Edge(A, B, 1) in data.edges
    data = network_data(lib, max_nodes=2)
    assert [n.id for n in data.nodes] == [A, B] and data.edges == (Edge(A, B, 3),) and data.actors == 5
    data = network_data(lib, Scope(actors=("Lindqvist",)))  # only a5
    assert data.articles == 1 and {e.weight for e in data.edges} == {1} and len(data.edges) == 3


def test_network_bad_input(lib):
    with pytest.raises(QueryError, match="at least 1"):
        network_data(lib, min_weight=0)
    with pytest.raises(QueryError, match="Nobody"):
        network_data(lib, Scope(actors=("Nobody",)))


def test_library_methods_are_the_same_functions(lib):
    assert lib.network(min_weight=2) == network_data(lib, min_weight=2)
    assert lib.timeline(Scope(query="tariff")) == timeline_data(lib, Scope(query="tariff"))


def test_an_imported_article_shows_its_speaker(tmp_path):
    """End to end on real recognition: an invented article's quote lands on its speaker's lane."""
    from indexer.library import Library

    from .fixtures import write_corpus

    files = write_corpus(tmp_path / "articles")
    with Library(tmp_path / "lib") as library:
        library.add([files["riyadh"]])
        data = timeline_data(library)
        network = network_data(library)
    lavrov = [m for m in data.marks if "Lavrov" in next(l.name for l in data.lanes if l.id == m.lane)]
    assert lavrov and lavrov[0].text.startswith("We agreed to keep talking") and lavrov[0].date == "2025-02-18"
    assert any({"Lavrov" in n.name for n in network.nodes})


def test_the_store_lists_the_actor_ids_its_summary_mentions(lib):
    assert sorted(lib.store.actor_ids()) == sorted([A, B, C, N, P])


@pytest.mark.parametrize("bad, words", [
    ({"query": 3}, "scope.query"),
    ({"actors": "Alba"}, "scope.actors"),
    ({"article_ids": [1, 2]}, "scope.article_ids"),
])
def test_a_damaged_stored_scope_is_named(bad, words):
    with pytest.raises(ValueError, match=words):
        Scope.from_json(bad)
