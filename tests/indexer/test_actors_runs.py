"""Capitalised runs are found with a lookahead that skips positions no run can start at: the same runs as
the pattern without it, on any text."""

from __future__ import annotations

import importlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

discover = importlib.import_module("indexer.actors.discover")  # the module (the package exports a function)
PLAIN_RUN_RE = re.compile(discover._RUN)

PIECES = ["Mr.", "U.S.", "George", "W.", "Bush", "al-Rashed", "bin", "Laden", "abu-Omar", "ibn-Sina", "el-Sisi",
          "of", "the", "for", "von der", "de la", "Ministry", "'s", "’", "Özil", "Élysée", "É", "a", "e", "b", "i",
          "said", "-", ".", ",", " ", "\t", "\n", "\n\n", "7", "NATO", "Ann", "Lee", "«", "Путин"]


def _spans(pattern, text):
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_runs_of_name_like_text_are_those_of_the_plain_pattern(pieces):
    text = "".join(pieces)
    assert _spans(discover.RUN_RE, text) == _spans(PLAIN_RUN_RE, text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_runs_of_any_text_are_those_of_the_plain_pattern(text):
    assert _spans(discover.RUN_RE, text) == _spans(PLAIN_RUN_RE, text)


def test_runs_that_start_with_a_lower_case_particle_are_found():
    text = "Talks with al-Rashed and bin-Salman, then Mr. Xi of the U.S. Treasury."
    assert [text[a:b] for a, b in _spans(discover.RUN_RE, text)] == [
        "Talks", "al-Rashed", "bin-Salman", "Mr. Xi of the U.S. Treasury"]
