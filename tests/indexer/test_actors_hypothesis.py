"""Arbitrary text never crashes the recogniser; spans stay in bounds, sorted and non-overlapping."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.actors.normalise import FoldedText, fold_key

from .test_actors_support import make_engine

PIECES = [
    "Putin", "Putin’s", "U.S.", "US", "us", "Mr.", "Mr", "President", "Foreign Minister", "Sergei", "Lavrov",
    "Zelenskiy", "Al-Rashed", "Halima", "said", "told reporters that", "according to", "“", "”", '"', "«", "»",
    "(", ")", "OFX", "Organisation for Fair Exchange", "Institute for", "Ministry", "\n", "\n\n", " ", ", ", ". ",
    "By", "Reporting by", "Monday", "He", "she", "İ", "ß", "ﬁ", "é", "\u0301", "\u200b", "\t", "-", "’", "'",
    "Photo:", "/", "Reuters", "REUTERS", "Getty Images", "via", "Facebook", "|", "Share", "Palace", "A", "MAN",
    "Secretary of State", "of", "Ukraine's", "national security council",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return make_engine(tmp_path_factory.mktemp("hyp"))


def _check(engine, text, authors=()):
    mentions, quotes = engine.analyse(text, "h", authors)
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last_end
        assert text[m.start : m.end] == m.text
        last_end = m.end
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_text(engine, text):
    _check(engine, text)


@_SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join))
def test_name_like_fragments(engine, text):
    _check(engine, text)


@_SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_glued_fragments(engine, text):
    _check(engine, text)


@_SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join), st.lists(st.sampled_from(PIECES), max_size=4))
def test_arbitrary_authors(engine, text, authors):
    _check(engine, text, authors)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_folded_text_offsets_are_in_bounds(text):
    ft = FoldedText(text)
    assert ft.folded.startswith(" ") and ft.folded.endswith(" ")
    assert "  " not in ft.folded
    pos = 1
    for token in ft.folded[1:-1].split(" ") if ft.folded.strip() else []:
        a, b = ft.original_span(pos, pos + len(token))
        assert 0 <= a < b <= len(text)
        assert fold_key(text[a:b]) == token
        pos += len(token) + 1
