"""A page pasted short ('... NATO Secretary-General Mark R') leaves a one-letter fragment: it is no surname.

Every name here is invented for the tests, or a public figure named in our own words."""

from __future__ import annotations

import pytest

from indexer.actors import ActorEngine
from indexer.actors.discover import cut_off_letter, discover

from .test_actors_support import ENTRIES, write_gazetteer


VARNIK = {"id": "jd-varnik", "name": "J.D. Varnik", "type": "person", "role": "Zarovian senator (invented)",
          "aliases": ["JD Varnik"], "country": "Zarovia"}


@pytest.fixture
def engine(tmp_path):
    return ActorEngine(gazetteer_paths=[write_gazetteer(tmp_path / "gaz", ENTRIES + [VARNIK])])


def _names(engine, text):
    mentions, _ = engine.analyse(text)
    return [m.text for m in mentions]


@pytest.mark.parametrize(
    "text",
    [
        "The Zarovian president will join the talks, and NATO Secretary-General Tomas R",
        "The Zarovian president will join the talks, and NATO Secretary-General Tomas R  \n",
        "The mayor will attend, and so will Anna K",
        "The mayor will attend, and so will Anna K…",
        "The mayor will attend, and so will Anna K...",
        "The mayor will attend, and so will Anna K [...]",
        "The mayor will attend, and so will Anna K\nShare this article\nMore stories",
    ],
)
def test_a_capital_letter_where_the_text_is_cut_is_no_surname(engine, text):
    assert not [name for name in _names(engine, text) if name.split()[-1] in ("R", "K")]
    assert not [f for f in discover(text) if f.type == "person"]


def test_the_full_names_before_the_cut_are_kept(engine):
    names = _names(engine, "Deputy Mayor Tomas Brik said the bridge would reopen, and so will Anna K")
    assert "Tomas Brik" in names
    assert "Anna K" not in names


@pytest.mark.parametrize(
    "text, name",
    [
        ("George W. Bush said the war would end soon.", "George W. Bush"),
        ("The bill was signed by Senator J.D. Varnik", "J.D. Varnik"),  # at the very end of the text
        ("President Harry S Truman said the bomb would end the war.", "Harry S Truman"),
        ("The speech Malcolm X gave that night was recorded.", "Malcolm X"),  # inside a sentence
        ("The deal was praised by Secretary Anna B. Kovac.", "Anna B. Kovac"),
    ],
)
def test_initials_and_letters_inside_a_sentence_stay_names(engine, text, name):
    assert name in _names(engine, text)


@pytest.mark.parametrize(
    "text, start, end, cut",
    [
        ("Mark R", 5, 6, True),
        ("Mark R.", 5, 6, False),  # an initial with its full stop
        ("Mark R said", 5, 6, False),
        ("Mark Ru", 5, 7, False),  # two letters: could be a short surname
        ("Mark r", 5, 6, False),
        ("", 0, 0, False),
        ("R", 0, 1, True),
    ],
)
def test_cut_off_letter(text, start, end, cut):
    assert cut_off_letter(text, start, end) is cut


@pytest.mark.parametrize("text", ["", "R", "   K   ", "Anna K", "…", "K\n\nK"])
def test_bad_and_tiny_input_gives_no_person(engine, text):
    assert not [name for name in _names(engine, text) if len(name.split()[-1]) == 1]
