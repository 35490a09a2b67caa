"""The query syntax table (Help > Search Syntax) documents every field and every example parses."""

from __future__ import annotations

import pytest

from indexer.errors import QueryError
from indexer.index import FIELD_ALIASES, USER_FIELDS, SearchIndex
from indexer.query_syntax import FIELDS, QUERY_SYNTAX


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = SearchIndex(tmp_path_factory.mktemp("syntax") / "index", actor_resolver=lambda name: {"a1"})
    yield ix
    ix.close()


@pytest.mark.parametrize("row", QUERY_SYNTAX, ids=lambda row: row.example)
def test_every_documented_example_parses(index, row):
    index.parse(row.example)


def test_every_field_a_user_may_type_is_documented_with_its_aliases():
    assert set(FIELDS) == set(USER_FIELDS)
    text = " ".join(row.meaning + " " + row.example for row in QUERY_SYNTAX)
    for name in (*USER_FIELDS, *FIELD_ALIASES):
        assert f"{name}:" in text, name


def test_an_example_that_does_not_parse_would_be_caught(index):
    with pytest.raises(QueryError):
        index.parse('"prisoner exchange')  # what the test above would report for a broken example
