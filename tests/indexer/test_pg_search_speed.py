"""The team library's fast search (issue 15): ranks exactly by BM25 as documented, and finds a word's
articles through the GIN index, never by scanning the table and fetching every article's tsvector."""

from __future__ import annotations

import math

import pytest

from indexer.errors import QueryError
from indexer.search.analysis import analyse
from indexer.search.engine import IndexDoc

K1, B = 1.2, 0.75

# invented harbour news: repeated words, short and long articles, a phrase, a word found once
ARTICLES = {
    "a1": ("Ferry strike", "The ferry strike closed the harbour. Ferry crews want pay.", "2024-01-03"),
    "a2": ("Harbour dues", "The port authority raised harbour dues again.", "2024-01-05"),
    "a3": ("Quiet week", "Nothing moved at the harbour harbour harbour this week.", "2024-02-01"),
    "a4": ("Tram news", "A tram strike followed the ferry strike; the port authority said little. " * 3,
           "2024-02-07"),
    "a5": ("Fishing", "Trawlers left the harbour before dawn and the ferry waited.", "2023-12-30"),
    "a6": ("Council", "The council met about parking, bins and the old lighthouse.", "2024-03-01"),
    "a7": ("Ferry", "Ferry ferry ferry.", ""),
    "a8": ("Port authority", "The port authority answered questions on the strike and the ferry timetable, "
           "on dredging, on the harbour wall and on the cost of moorings for small boats.", "2024-03-09"),
}


def _doc(article_id: str, title: str, body: str, date: str) -> IndexDoc:
    return IndexDoc(id=article_id, title=title, body=body, date=date, path=f"{article_id}.txt",
                    content_hash=article_id)


@pytest.fixture
def engine(pg_dsn):
    from indexer.search.pg_engine import PgEngine

    eng = PgEngine(pg_dsn)
    with eng.writer() as writer:
        for article_id, fields in ARTICLES.items():
            writer.add(_doc(article_id, *fields))
    yield eng
    eng.close()


def _bm25_order(articles: dict, words: list[str], matches) -> list[tuple[str, float]]:
    """Full BM25 scoring in Python (docs/team-library.md: Whoosh's idf, K1, B, over title + body), best first,
    ties newest first then by id, as the engine orders them."""
    tokens = {i: [t.text for t in analyse(title + "\n\n" + body)] for i, (title, body, _) in articles.items()}
    n, avg = len(tokens), sum(map(len, tokens.values())) / len(tokens)
    idf = {w: 1.0 + math.log(n / (sum(w in toks for toks in tokens.values()) + 1)) for w in words}
    scored = []
    for article_id, toks in tokens.items():
        if not matches(toks):
            continue
        norm = K1 * (1 - B + B * len(toks) / avg)
        score = sum(idf[w] * toks.count(w) * (K1 + 1) / (toks.count(w) + norm) for w in words if w in toks)
        scored.append((article_id, score))
    by_id = sorted(scored, key=lambda hit: hit[0])
    by_date = sorted(by_id, key=lambda hit: articles[hit[0]][2], reverse=True)
    return sorted(by_date, key=lambda hit: -hit[1])


def _stems(text: str) -> list[str]:
    return [t.text for t in analyse(text)]


def _assert_same(engine, query: str, expected: list[tuple[str, float]], limit: int = 20) -> None:
    result = engine.search(query, limit=limit)
    assert result.total == len(expected)
    assert [h.id for h in result.hits] == [i for i, _ in expected[:limit]]
    assert [h.score for h in result.hits] == pytest.approx([s for _, s in expected[:limit]], rel=1e-12)


@pytest.mark.parametrize("query, kind", [("harbour", "all"), ("ferry strike", "all"), ("ferry OR tram", "any"),
                                          ("ferry", "all"), ("lighthouse", "all")])
@pytest.mark.parametrize("limit", [20, 2])
def test_scores_and_order_equal_full_bm25(engine, query, kind, limit):
    words = _stems(query.replace(" OR ", " "))
    test = all if kind == "all" else any
    expected = _bm25_order(ARTICLES, words, lambda toks: test(w in toks for w in words))
    assert expected  # the invented articles do match
    _assert_same(engine, query, expected, limit)


def test_statistics_follow_replacements_and_deletions(engine):
    changed = dict(ARTICLES)
    changed["a2"] = ("Harbour dues", "Dues went up. Ferry ferry harbour.", "2024-01-05")
    del changed["a6"], changed["a7"]
    with engine.writer() as writer:
        writer.add(_doc("a2", *changed["a2"]))
        writer.delete("a6")
        writer.delete("a7")
    for query in ("ferry", "harbour ferry"):
        words = _stems(query)
        _assert_same(engine, query, _bm25_order(changed, words, lambda toks: all(w in toks for w in words)))


def test_statistics_follow_a_rebuild(engine):
    engine.recreate()
    only = {"b1": ("Ferry", "The ferry sailed.", "2024-05-01"), "b2": ("Strike", "A ferry strike.", "2024-05-02")}
    with engine.writer() as writer:
        for article_id, fields in only.items():
            writer.add(_doc(article_id, *fields))
    _assert_same(engine, "ferry", _bm25_order(only, ["ferri"], lambda toks: "ferri" in toks))


class _ExplainingConnection:
    """A search connection that also EXPLAINs every statement reading search_docs, in the same transaction
    (so under the same settings), before running it."""

    def __init__(self, conn):
        self._conn, self.plans = conn, []

    def execute(self, sql, params=None):
        if sql.lstrip().upper().startswith("SELECT") and "search_docs" in sql:
            self.plans.append(self._conn.execute("EXPLAIN (FORMAT JSON) " + sql, params).fetchone()[0][0]["Plan"])
        return self._conn.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_word_search_never_scans_the_table_for_its_matches(engine, monkeypatch, sort):
    explaining = _ExplainingConnection(engine._conn())
    monkeypatch.setattr(engine, "_conn", lambda: explaining)
    result = engine.search("harbour OR ferry", sort=sort, facets=True)
    assert result.total == 7
    assert explaining.plans  # the statements were seen
    scans = [node for plan in explaining.plans for node in _nodes(plan)
             if node["Node Type"] == "Seq Scan" and "@@" in node.get("Filter", "")]
    assert scans == []


def test_a_stopped_indexed_statement_still_says_it_took_too_long(engine):
    from indexer.search.pg_engine import _indexed

    with pytest.raises(QueryError, match=r"'harbour' took longer than 0.05 seconds and was stopped"):
        with engine._deadline("harbour", 0.05) as conn:
            _indexed(conn, "SELECT pg_sleep(2)", [])
    assert engine.search("harbour").total == 5  # the connection and its settings are fine afterwards
