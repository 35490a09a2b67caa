"""Issue 8.5 (queries): any string typed as a query ends in results or a clear QueryError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.errors import BriefingReaderError
from indexer.library import Library
from indexer.model import SearchResult

from .conftest import SOAK, write_articles

EXAMPLES = 10_000 if SOAK else 500
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=not SOAK,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

SYNTAX = [
    '"', "(", ")", "[", "]", "{", "}", "*", "?", "~", "^", "+", "-", ":", "\\", "/", "'", "!", "&&", "||",
    " AND ", " OR ", " NOT ", " TO ", "ANDNOT", "title:", "text:", "actor:", "author:", "source:", "date:",
    "path:", "id:", "body:", "actors:", "content_hash:", "outlet:", "by:", "unknown:", "http://", "date:[",
    "date:{2020 TO ", "20240101", "*ing", "har*", "h?rbour", "~2", "^3", "<", ">", "=", "\x00", "\t", "\n",
    "\u200b", "ß", "İ", "ﬁ", "日本", "🙂", "\ud800", " ", "  ", "harbour", "talks", "grain", "zqx51k3",
]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    write_articles(root / "src", 15, seed=51)
    lib = Library(root / "library")
    lib.add([root / "src"])
    yield lib
    lib.close()


def _check(lib: Library, query: str, **kwargs) -> None:
    try:
        result = lib.search(query, **kwargs)
    except BriefingReaderError as exc:
        assert str(exc).strip(), f"empty error message for {query!r}"
        return
    assert isinstance(result, SearchResult)
    for hit in result.hits:
        for snippet in hit.snippets:
            for start, end in snippet.highlights:
                assert 0 <= start <= end <= len(snippet.text)


@FUZZ
@given(query=st.text(max_size=80))
def test_arbitrary_strings(library, query):
    _check(library, query)


@FUZZ
@given(parts=st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=6)), max_size=12))
def test_query_syntax_soup(library, parts):
    _check(library, "".join(parts))


@settings(max_examples=EXAMPLES // 5, deadline=None, derandomize=not SOAK,
          suppress_health_check=[HealthCheck.too_slow])
@given(
    query=st.one_of(st.just(""), st.sampled_from(SYNTAX), st.text(max_size=20)),
    actor=st.text(max_size=20),
    date_from=st.one_of(st.just(""), st.text(max_size=12)),
    date_to=st.one_of(st.just(""), st.text(max_size=12)),
    source=st.text(max_size=12),
    sort=st.sampled_from(["relevance", "date"]),
)
def test_filters(library, query, actor, date_from, date_to, source, sort):
    actors = [actor] if actor.strip() else []
    _check(library, query, actors=actors, date_from=date_from, date_to=date_to, source=source, sort=sort,
           facets=True)
