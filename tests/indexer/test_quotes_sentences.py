"""Quote attribution finds a sentence's start from stops found once per paragraph: the same start as a search
of the text up to each position (the reference below), on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.actors.quotes import _MAX_SENTENCE, _STOP_RE, _abbreviation_before, _Attributor


def reference_sentence_start(text: str, pos: int, floor: int) -> int:
    """The search before the per-paragraph stops: every stop of text[lo:pos + 1], the last that ends by pos."""
    lo = max(floor, text.rfind("\n", 0, pos) + 1, pos - _MAX_SENTENCE)
    stops = list(_STOP_RE.finditer(text, lo, min(len(text), pos + 1)))
    for stop in reversed(stops):
        if stop.end() <= pos and not _abbreviation_before(text, stop.start()):
            return stop.end()
    return lo


def _attributor(text: str) -> _Attributor:
    return _Attributor(text, [], lambda _id: "person", [])


PIECES = ["Mr.", "U.S.", "A", "b", "said", ".", "?", "!", "…", " ", "  ", "\n", "\n\n", "\"", "“", "”", "’", ")", "7",
          "Jan.", "St.", "x.", "Ann Lee"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.data())
def test_sentence_start_is_the_searched_one(pieces, data):
    text = "".join(pieces)
    attributor = _attributor(text)
    for pos in range(len(text) + 1):
        floor = data.draw(st.integers(0, pos + 2), label="floor")
        assert attributor._sentence_start(pos, floor) == reference_sentence_start(text, pos, floor), (pos, floor)


def test_sentence_start_on_a_line_longer_than_a_sentence_is_looked_for():
    text = "The talks went on. Mr. Lee said so! “Yes.” " * 200  # about 8,600 characters on one line
    attributor = _attributor(text)
    for pos in range(0, len(text), 7):
        assert attributor._sentence_start(pos, 0) == reference_sentence_start(text, pos, 0)


def test_sentence_start_after_a_stop_and_at_the_text_end():
    text = "Ann Lee arrived. She said: \"We will stay.\" Then\nBob left."
    attributor = _attributor(text)
    assert attributor._sentence_start(text.index("She") + 2, 0) == text.index("She")
    assert attributor._sentence_start(text.index("Then") + 1, 0) == text.index("Then")
    assert attributor._sentence_start(len(text), 0) == reference_sentence_start(text, len(text), 0)
