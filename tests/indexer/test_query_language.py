"""`lang:CODE` in the query: the article's language, a filter on the whole query (search2 item 5).

The articles are invented (tests/indexer/test_search_language.py's corpus)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from indexer.errors import QueryError
from indexer.library import Library
from indexer.search.engine import split_language

from .test_search_language import key, keys, library  # noqa: F401 - the module-scoped fixture


@pytest.mark.parametrize("query, rest, code", [
    ("lang:ru Valmora", "Valmora", "ru"), ("Valmora LANG:UK", "Valmora", "uk"), ("lang:en", "", "en"),
    ('"ferry talks" lang:en x', '"ferry talks"  x', "en"), ("Valmora", "Valmora", ""),
    ('"lang:ru" ferry', '"lang:ru" ferry', ""),  # a colon in a phrase is text
])
def test_the_language_is_taken_out_of_the_query(query, rest, code):
    assert split_language(query) == (rest.strip(), code)


@pytest.mark.parametrize("query", [
    "ferry OR lang:ru", "lang:ru OR ferry", "NOT lang:ru", "-lang:ru ferry", "(lang:ru ferry)", "lang:ru lang:uk", "title:lang:ru",
])
def test_a_language_that_would_not_narrow_the_whole_query_says_how_to_write_it(query):
    with pytest.raises(QueryError, match="lang:ru talks"):
        split_language(query)


@pytest.mark.parametrize(("query", "expected"), [
    ("lang:ru Valmora", {"ru1", "ru2"}), ("Valmora lang:uk", {"uk1"}), ("lang:en", {"en1", "en2", "en3"}),
    ("lang:ru переговоры", {"ru1", "ru2"}),
])
def test_lang_in_the_query_keeps_that_languages_articles(library, query, expected):  # noqa: F811
    with Library(library) as lib:
        result = lib.search(query, limit=50)
        assert keys(result) == expected and result.total == len(expected) and result.query == query
        assert lib.hit_spans("Паром Valmora", "lang:ru Valmora") == [(6, 13)]


def test_lang_in_the_query_and_a_different_language_filter_is_an_error(library):  # noqa: F811
    with Library(library) as lib:
        with pytest.raises(QueryError, match="choose one"):
            lib.search("lang:ru Valmora", language="uk")
        assert keys(lib.search("lang:ru Valmora", language="ru", limit=50)) == {"ru1", "ru2"}
        with pytest.raises(QueryError, match="Language filter"):
            lib.search("lang:russian Valmora")
        lib.check_query("lang:ru")  # a query of its own: nothing to fix


PIECES = list('ab "()-') + ["OR ", "NOT ", "lang:", "LANG:", "ru ", "title:", " "]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
@settings(max_examples=200, deadline=None)
def test_any_query_with_lang_is_split_or_says_what_to_fix(text):
    try:
        rest, code = split_language(text)
    except QueryError as exc:
        assert "lang:ru talks" in str(exc)
    else:
        assert len(rest) <= len(text) and (code == "" or code == code.lower())
