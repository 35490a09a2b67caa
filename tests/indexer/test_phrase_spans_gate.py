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


# -- a phrase read from its first word's tokens on -------------------------------------------------------
def _reference_phrase_spans(text, words):
    """phrase_spans as it was: every word's tokens found, then consecutive ones checked (the oracle)."""
    tokens = analysis._matching_tokens(text, frozenset(words))
    out = []
    for i in range(len(tokens) - len(words) + 1):
        start, end, form = tokens[i]
        if form != words[0]:
            continue
        for k in range(1, len(words)):
            a, b, form = tokens[i + k]
            gap = text[end:a]
            if form != words[k] or not (gap.isspace() or all(
                    analysis._analysed(m.group()) == "" for m in analysis._TOKEN_RE.finditer(gap))):
                break
            end = b
        else:
            out.append((start, end))
    return out


_PIECES = ["he", "He", "HE", "said", "SAID", "says", "the", "a", "of", "US", "us", "U.S.", "u.s", "N.A.T.O.", "nato",
           "Élysée", "élysée", "Kyiv’s", "kyiv's", "5", "2004", "x", "he's", "said.he", "he.", "—", "“", "”",
           "Переговоры", "в", "Стамбуле", "ʼ", "'", ".", ",", "-", "_"]
_SEPARATORS = [" ", "  ", "\n", ", ", ". ", "-", "", "(", ") "]
_PHRASES = [("he", "said"), ("said", "he"), ("us", "said"), ("nato", "he"), ("elysee", "kyiv"), ("he", "he"),
            ("переговор", "стамбул"), ("he", "said", "he"), ("2004", "said"), ("said",)]


@settings(max_examples=600, deadline=None)
@given(pieces=st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), max_size=14),
       words=st.sampled_from(_PHRASES))
def test_a_phrase_read_from_its_first_words_tokens_is_found_where_it_was(pieces, words):
    text = "".join(piece + sep for piece, sep in pieces)
    assert phrase_spans(text, words) == _reference_phrase_spans(text, words)


@pytest.mark.parametrize("text, words, found", [
    ("He, as the US said, left; he said so.", ("he", "said"), ["he said"]),
    ("he is said to be", ("he", "said"), ["he is said"]),
    ("he he said he said", ("he", "said", "he"), ["he said he"]),
    ("The said. He", ("said", "he"), ["said. He"]),
    ("he", ("he", "said"), []),
])
def test_a_phrase_may_have_stop_words_and_punctuation_between_its_words_only(text, words, found):
    assert [text[a:b] for a, b in phrase_spans(text, words)] == found
