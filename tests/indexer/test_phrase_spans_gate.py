"""A phrase is looked for in a text only when the text may hold its most selective word (analysis._may_hold):
most texts an actor's other names are looked for in hold none of them (issue 19). The spans are those of the
full look, whatever the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from indexer.search import analysis
from indexer.search.analysis import HIGHLIGHT_PATHS, highlight_spans, phrase_spans


@pytest.fixture(autouse=True)
def _fresh_counts():
    yield
    analysis._candidates.cache_clear()
    analysis._gate.cache_clear()
    HIGHLIGHT_PATHS.reset()


def _ungated(text, words):
    """phrase_spans without the gate: every text looked through."""
    original = analysis._may_hold
    analysis._may_hold = lambda text, words: True
    try:
        return analysis.phrase_spans(text, words)
    finally:
        analysis._may_hold = original


def test_a_text_without_the_phrases_rarest_word_is_not_looked_through(monkeypatch):
    def looked_through(text, terms):
        raise AssertionError("the whole text was scanned")

    monkeypatch.setattr(analysis, "_matching_tokens", looked_through)
    text = "Google and Yahoo shares rose in India, investors said; the index gained."
    assert phrase_spans(text, ("alphabet", "inc")) == []
    assert highlight_spans(text, frozenset(), [("alphabet", "inc"), ("sundar", "pichai")]) == []
    assert HIGHLIGHT_PATHS.fallbacks() == {}


def test_the_gate_uses_the_word_with_the_longest_prefix():
    assert analysis._gate(("he", "said")).pattern == analysis._candidates(frozenset({"said"})).pattern
    assert analysis._gate(("alphabet", "inc")).pattern == analysis._candidates(frozenset({"alphabet"})).pattern
    assert analysis._gate(()) is None


@pytest.mark.parametrize("text, words, found", [
    ("Alphabet Inc. said; alphabet, inc and ALPHABET INC.", ("alphabet", "inc"),
     ["Alphabet Inc", "alphabet, inc", "ALPHABET INC"]),
    ("Talks at the Élysée Palace; the élysée palace said.", ("elysee", "palac"), ["Élysée Palace", "élysée palace"]),
    ("The N.A.T.O. summit and the NATO summit.", ("nato", "summit"), ["N.A.T.O. summit", "NATO summit"]),
    ("Kyiv’s envoy and Kyiv's envoys met.", ("kyiv", "envoi"), ["Kyiv’s envoy", "Kyiv's envoys"]),
    ("Переговоры в Стамбуле: ПЕРЕГОВОРЫ в Стамбуле.", ("переговор", "стамбул"),
     ["Переговоры в Стамбуле", "ПЕРЕГОВОРЫ в Стамбуле"]),
    ("He said so. He, as he said, left.", ("he", "said"), ["He said", "he said"]),
    ("Nothing here to find at all.", ("prime", "minist"), []),
])
def test_gated_phrases_are_found_as_before(text, words, found):
    spans = phrase_spans(text, words)
    assert [text[a:b] for a, b in spans] == found
    assert spans == _ungated(text, words)


_TEXT = st.lists(st.sampled_from(["he ", "He ", "said ", "Said, ", "the ", "Élysée ", "elysee ", "N.A.T.O. ", "nato ",
                                 "s ", "h", "é", "’s ", ". ", "\n", "sa", "id "]), max_size=30).map("".join)
_WORDS = st.lists(st.sampled_from(["he", "said", "elysee", "nato", "s", "sa", "id", "the"]), min_size=1, max_size=3)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, words=_WORDS)
def test_the_gate_never_changes_a_phrases_spans(text, words):
    assert phrase_spans(text, tuple(words)) == _ungated(text, tuple(words))
