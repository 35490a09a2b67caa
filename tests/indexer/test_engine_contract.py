"""The search engine contract: the Whoosh engine and the PostgreSQL engine find the same articles.

Each test runs on both engines over one small invented corpus; the PostgreSQL half needs a server (pg_dsn
skips with the reason without one). Ranking may differ between engines; matches, totals, highlights and
messages may not.
"""

from __future__ import annotations

import pytest

from indexer.errors import QueryError
from indexer.search.engine import IndexDoc, SearchEngine

DOCS = (
    IndexDoc("a1", "Ceasefire talks resume in Riyadh", "Negotiators met on Monday. The talks were described as "
             "a prisoner exchange first, a ceasefire later. Peacekeepers were not mentioned.",
             date="2025-02-03", author="Anna Berg", source="Northern Wire", path="/n/a1.txt",
             content_hash="h1", actor_ids=("p:lavrov", "l:riyadh")),
    IndexDoc("a2", "Grain corridor reopens", "Ships left Odesa under the grain corridor deal. Russia's envoy "
             "called the deal fragile. The U.S. welcomed it.", date="2025-02-10", author="Tom Ley",
             source="Harbour Post", path="/n/a2.txt", content_hash="h2", actor_ids=("l:odesa",)),
    IndexDoc("a3", "Élysée hosts envoys", "The Elysee meeting on peace brought envoys from Kyiv and Moscow. "
             "A prisoner of war exchange was discussed.", date="2025-03-01", author="Anna Berg",
             source="Northern Wire", path="/n/a3.txt", content_hash="h3", actor_ids=("p:lavrov", "l:kyiv")),
    IndexDoc("a4", "Istanbul round ends", "Delegations in Istanbul talked about grain and a peaceful "
             "settlement. No exchange of prisoners was agreed.", date="2025-03-15", author="Li Wen",
             source="Bosporus Daily", path="/n/a4.txt", content_hash="h4", actor_ids=("l:istanbul",)),
    IndexDoc("a5", "Markets shrug", "Wheat prices fell as the US dollar rose. Analysts expect little change.",
             date="2024-12-30", author="Tom Ley", source="Harbour Post", path="/n/a5.txt", content_hash="h5"),
)
ACTORS = {"lavrov": {"p:lavrov"}, "sergei lavrov": {"p:lavrov"}, "kyiv": {"l:kyiv"}}

# (query, the ids it matches): terms, stemming, folding, phrases, prefixes, wildcards, fields, dates, actors,
# boolean operators, possessives and initialisms (analyzer v2).
CASES = (
    ("talks", {"a1", "a4"}),  # talk, talks, talked
    ("ceasefire talks", {"a1"}),
    ("riyadh OR istanbul", {"a1", "a4"}),
    ("grain NOT corridor", {"a4"}),
    ("grain -corridor", {"a4"}),
    ('"prisoner exchange"', {"a1"}),
    ('"prisoner of war exchange"', {"a3"}),
    ('"exchange prisoners"', {"a4"}),  # "exchange of prisoners": stop words close up
    ('"exchange ceasefire"', set()),
    ("peace*", {"a1", "a3", "a4"}),
    ("pe?ce", {"a3", "a4"}),  # analysed whole: the stem pe?c finds peac (peace, peaceful)
    ("elysee", {"a3"}),
    ("title:grain", {"a2"}),
    ("title:(talks OR round)", {"a1", "a4"}),
    ("author:berg", {"a1", "a3"}),
    ('source:"harbour post"', {"a2", "a5"}),
    ("date:[2025-02-01 TO 2025-02-28]", {"a1", "a2"}),
    ("date:[2025-03 TO]", {"a3", "a4"}),
    ("envoys date:[TO 2025-02-28]", {"a2"}),
    ("envoys date:[TO 2025-01-31]", set()),
    ("actor:lavrov", {"a1", "a3"}),
    ('actor:"Sergei Lavrov" exchange', {"a1", "a3"}),
    ("russia", {"a2"}),  # Russia's
    ("US", {"a2", "a5"}),  # U.S. and US, not the pronoun
    ("(grain OR wheat) AND NOT corridor", {"a4", "a5"}),
    ("id:a5", {"a5"}),
    ("NOT grain", {"a1", "a3", "a5"}),
    ("the talks", {"a1", "a4"}),  # a stop word drops out
    ("text:[riyadh TO riyadz]", {"a1"}),
    ("author:ber*", {"a1", "a3"}),
)


@pytest.fixture(params=["whoosh", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def engine(request, tmp_path) -> SearchEngine:
    """Each engine with the corpus indexed."""
    resolve = lambda name: ACTORS.get(name.lower(), set())  # noqa: E731
    if request.param == "whoosh":
        from indexer.search.whoosh_engine import SearchIndex

        eng = SearchIndex(tmp_path / "index", actor_resolver=resolve)
    else:
        from indexer.search.pg_engine import PgEngine

        eng = PgEngine(request.getfixturevalue("pg_dsn"), actor_resolver=resolve)
    with eng.writer() as writer:
        for doc in DOCS:
            writer.add(doc)
    yield eng
    eng.close()


def _ids(engine, query: str, **filters) -> tuple[set[str], int]:
    results = engine.search(query, limit=50, **filters)
    return {hit.id for hit in results.hits}, results.total


@pytest.mark.parametrize("query, expected", CASES, ids=[case[0] for case in CASES])
def test_same_matches_and_totals(engine, query, expected):
    ids, total = _ids(engine, query)
    assert ids == expected
    assert total == len(expected)


def test_engine_follows_the_protocol(engine):
    assert isinstance(engine, SearchEngine)
    assert engine.doc_count() == len(DOCS)
    assert not engine.outdated


def test_filters(engine):
    assert _ids(engine, "", actor_sets=[{"p:lavrov"}]) == ({"a1", "a3"}, 2)
    assert _ids(engine, "", date_from="2025-02-05", date_to="2025-03-01") == ({"a2", "a3"}, 2)
    assert _ids(engine, "grain", source="Harbour Post") == ({"a2"}, 1)
    assert _ids(engine, "exchange", actor_sets=[{"p:lavrov"}, {"l:kyiv"}]) == ({"a3"}, 1)


def test_limit_keeps_the_total_and_relevance_orders(engine):
    results = engine.search("exchange", limit=1)
    assert results.total == 3 and len(results.hits) == 1
    assert all(hit.score > 0 for hit in results.hits)
    newest = engine.search("exchange", sort="date", limit=5)
    assert [hit.id for hit in newest.hits] == ["a4", "a3", "a1"]
    assert [hit.id for hit in engine.search("exchange", sort="oldest", limit=5).hits] == ["a1", "a3", "a4"]


def test_relevance_prefers_the_article_about_the_word(engine):
    """BM25 on both: the article saying 'grain' twice in a short text beats the one saying it once."""
    assert engine.search("grain", limit=5).hits[0].id == "a2"


def test_hits_carry_stored_fields(engine):
    hit = engine.search("wheat").hits[0]
    assert (hit.fields["title"], hit.fields["date"], hit.fields["source"]) == ("Markets shrug", "2024-12-30",
                                                                               "Harbour Post")
    assert hit.fields["path"] == "/n/a5.txt" and hit.fields["author"] == "Tom Ley"


def test_highlights_are_the_same(engine):
    terms, phrases = engine.query_highlights('peace* "prisoner exchange" -grain title:round')
    assert {"peac", "peacekeep", "peac"} <= terms and "grain" not in terms and "round" in terms
    assert phrases == {("prison", "exchang")}
    text = "A prisoner exchange, then peace."
    assert engine.hit_spans(text, '"prisoner exchange" peace') == [(2, 19), (26, 31)]


def test_facets_count_each_article_once(engine):
    results = engine.search("exchange OR grain", facets=True, facet_key=lambda raw: raw.split(":")[0])
    assert results.facets == {"p": 2, "l": 4}


def test_name_expansion(engine):
    """A word naming an actor also finds the actor's other names (given by the library)."""
    names = {"moscow": ["Kyiv"]}
    expand = lambda text, explicit=False: names.get(text.lower(), [])  # noqa: E731
    assert _ids(engine, "moscow", expand_names=expand) == ({"a3"}, 1)
    assert engine.search("moscow", expand_names=expand).terms >= {"moscow", "kyiv"}


def test_changes_and_deletes(engine):
    with engine.writer() as writer:
        writer.add(IndexDoc("a5", "Markets rally", "Wheat prices rose.", date="2025-01-02"))
        writer.delete("a4")
    assert _ids(engine, "rally") == ({"a5"}, 1)
    assert _ids(engine, "shrug") == (set(), 0)
    assert _ids(engine, "istanbul") == (set(), 0)
    assert engine.doc_count() == len(DOCS) - 1


def test_cancelled_writes_leave_nothing(engine):
    writer = engine.writer()
    writer.add(IndexDoc("z9", "Zanzibar", "Zanzibar talks."))
    writer.cancel()
    assert _ids(engine, "zanzibar") == (set(), 0)


def test_reads_while_a_writer_is_open_keep_its_changes(engine):
    writer = engine.writer()
    writer.add(IndexDoc("z9", "Zanzibar", "Zanzibar talks."))
    assert engine.doc_count() == len(DOCS) and engine.search("grain").total == 2
    writer.commit()
    assert _ids(engine, "zanzibar") == ({"z9"}, 1)


def test_recreate_empties(engine):
    """A rebuild with nothing to re-add: the writer after recreate() leaves no article (a team library's rows
    go only at that writer's commit: tests/indexer/test_pg_rebuild.py)."""
    engine.recreate()
    engine.writer().commit()
    assert engine.doc_count() == 0 and engine.search("grain").total == 0


@pytest.mark.parametrize("query, fragment", [
    ('"unclosed', "unclosed quote"),
    ("(grain", "unbalanced brackets"),
    ("colour:red", "unknown field"),
    ("actor:", "nothing after 'actor:'.*actor:Putin"),
    ('actor:""', "nothing after 'actor:'"),
    ("talks title: peace", "nothing after 'title:'.*no space"),
    ("*", "would match everything"),
    ("the of", "nothing to search for"),
    ("a*b*c*d*", "wildcards"),
    ('"how are you"', "common words the index does not keep.*every article with “how”"),  # not the phrase
    ('grain "in the future"', "common words.*“in”, “the”"),
])
def test_bad_queries_get_the_same_messages(engine, query, fragment):
    with pytest.raises(QueryError, match=fragment):
        engine.search(query)


def test_a_phrase_that_keeps_two_words_is_searched(engine):
    engine.search('"grain from the harbour"')  # "from", "the" dropped, "grain" and "harbour" kept: no error


def test_a_pattern_matching_too_many_words_is_refused(engine):
    with engine.writer() as writer:
        writer.add(IndexDoc("big", "Codes", " ".join(f"zq{n:04d}x" for n in range(1001))))
    assert _ids(engine, "zq0999*") == ({"big"}, 1)
    with pytest.raises(QueryError, match="'zq\\*' matches more than 1,000 words"):
        engine.search("zq*")


def test_no_query_and_no_filter_is_refused(engine):
    with pytest.raises(QueryError, match="Type a query"):
        engine.search("")


def test_bad_date_filter(engine):
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        engine.search("grain", date_from="soon")


def test_more_like_finds_the_kindred_article(engine):
    similar = engine.more_like("a1", DOCS[0].title + "\n\n" + DOCS[0].body, limit=3)
    ids = [article_id for article_id, _score in similar]
    assert "a1" not in ids and ids and ids[0] in {"a3", "a4"}


def test_words_with_quotes_and_backslashes(engine):
    """Apostrophes and backslashes survive the tsvector and tsquery quoting."""
    with engine.writer() as writer:
        writer.add(IndexDoc("q1", "O'Neill's memo", r"They don't agree on C:\temp\notes or o'clock."))
    assert _ids(engine, "don't") == ({"q1"}, 1)
    assert _ids(engine, "o'neill") == ({"q1"}, 1)
    assert _ids(engine, '"temp notes"') == ({"q1"}, 1)


# -- PostgreSQL only: the time bound and the server's failures ----------------------------------------------
@pytest.fixture
def pg_engine(pg_dsn):
    from indexer.search.pg_engine import PgEngine

    eng = PgEngine(pg_dsn)
    yield eng
    eng.close()


def test_pg_statement_timeout_gives_the_whoosh_message(pg_engine):
    with pytest.raises(QueryError, match=r"'grain' took longer than 0.05 seconds and was stopped"):
        with pg_engine._deadline("grain", 0.05) as conn:
            conn.execute("SELECT pg_sleep(2)")
    assert pg_engine.doc_count() == 0  # the connection is usable afterwards


def test_pg_unreachable_server_is_a_clear_error():
    pytest.importorskip("psycopg")
    from indexer.search.pg_engine import PgEngine
    from indexer.store import StoreError

    with pytest.raises(StoreError) as caught:
        PgEngine("postgresql://analyst:s3cret@127.0.0.1:1/newsroom?connect_timeout=2")
    message = str(caught.value)
    assert "cannot be reached" in message and "s3cret" not in message and "127.0.0.1:1/newsroom" in message


def test_pg_tsvector_holds_our_analyzer_tokens():
    pytest.importorskip("psycopg")
    from indexer.search.pg_engine import tsvector_literal

    assert tsvector_literal("The talks, the TALKS; Russia's talk") == "'talk':2,3,5 'russia':4"
    assert tsvector_literal("Anna Berg", names=True) == "'anna':1 'berg':2"


def test_pg_two_writers_sharing_words_do_not_deadlock(pg_engine):
    """Two analysts' batches with the same new words in opposite orders both commit."""
    import threading

    first, second = pg_engine.writer(), pg_engine.writer()
    first.add(IndexDoc("w1", "Alphaword", "alphaword"))
    second.add(IndexDoc("w2", "Zuluword", "zuluword"))
    errors = []

    def finish_first():
        try:
            first.add(IndexDoc("w3", "Zuluword", "zuluword again"))
            first.commit()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=finish_first)
    thread.start()
    second.add(IndexDoc("w4", "Alphaword", "alphaword again"))
    second.commit()
    thread.join(timeout=30)
    assert not errors and not thread.is_alive()
    assert pg_engine.doc_count() == 4
    assert pg_engine.search("alphaw*").total == 2
