"""term_positions and positions_pairs, the import's fast analysis, give what analyse and pair_postings give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from indexer.search.analysis import LEGACY_ANALYZER_VERSION, analyse, term_positions
from indexer.search.whoosh_engine import (
    _ANALYSIS_SCHEMA, _direct_postings, analyse_for_index, pair_postings, pair_terms, positions_pairs,
)

SHAPES = ["Russia's", "U.S.", "US", "us", "the", "N.A.T.O.", "o’clock", "ʼs", "Élysée's", "AIDS", "talks", "x", "2025",
          "U.S.-led", "e.g.", "Straße", "it's", "Zelenskyyʼs", "переговорах", "Зеленського", "ёлка", "Україна", "a", "of",
          "prime", "minister", "said", "he", "the", "in"]
TEXTS = st.lists(st.sampled_from(SHAPES) | st.text(max_size=8), max_size=40).map(" ".join)


def _collected(text: str, **kwargs) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for token in analyse(text, **kwargs):
        positions.setdefault(token.text, []).append(token.pos)
    return positions


@given(TEXTS, st.booleans(), st.sampled_from(["3", "2", LEGACY_ANALYZER_VERSION]))
@settings(max_examples=300, deadline=None)
def test_term_positions_equal_the_collected_tokens_of_analyse(text, names, version):
    kwargs = {"stem": not names, "stop": not names, "version": version}
    ours = term_positions(text, **kwargs)
    assert ours == _collected(text, **kwargs)
    assert list(ours) == list(_collected(text, **kwargs))  # first-seen order, as the postings are written


@given(TEXTS)
@settings(max_examples=200, deadline=None)
def test_pairs_from_positions_equal_pairs_from_the_encoded_postings(text):
    paired = pair_terms(_ANALYSIS_SCHEMA)
    body = _direct_postings(_ANALYSIS_SCHEMA["body"], text)
    positions = term_positions(text)
    assert positions_pairs(positions, paired) == pair_postings(body, paired)


@pytest.mark.parametrize("body", ["", "the of a", "The prime minister said the prime minister would go.",
                                  "Переговоры в Стамбуле: переговорах, переговоры."])
def test_an_articles_index_analysis_equals_whooshs_own(body):
    ours = analyse_for_index("Prime minister’s talks", body)
    assert ours.path == "direct"
    title_field, body_field = _ANALYSIS_SCHEMA["title"], _ANALYSIS_SCHEMA["body"]
    assert sorted(ours.title.items) == sorted(title_field.index("Prime minister’s talks"))
    assert sorted(ours.body.items) == sorted(body_field.index("Prime minister’s talks\n\n" + body))
    assert ours.pairs == pair_postings(tuple(body_field.index("Prime minister’s talks\n\n" + body)),
                                       pair_terms(_ANALYSIS_SCHEMA))
