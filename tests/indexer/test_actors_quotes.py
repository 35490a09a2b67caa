"""Quotes: who said what, in every attribution style, with straight and curly quotes."""

from __future__ import annotations

import pytest

from indexer.actors.quotes import extract_quotes
from indexer.model import Mention

from .test_actors_support import make_engine


@pytest.fixture
def engine(tmp_path):
    return make_engine(tmp_path)


def _quotes(engine, text):
    _, quotes = engine.analyse(text, "art-1")
    for q in quotes:
        assert text[q.start : q.end] == q.text and q.article_id == "art-1"
    return [(q.text, q.actor_id) for q in quotes]


@pytest.mark.parametrize("open_, close", [("“", "”"), ('"', '"'), ("«", "»")])
def test_quote_then_speaker_said(engine, open_, close):
    text = f"{open_}We are ready to talk,{close} Lavrov said on Tuesday."
    assert _quotes(engine, text) == [("We are ready to talk,", "sergey-lavrov")]


def test_speaker_said_then_quote(engine):
    text = "Putin said: “The West will not decide for us.”"
    assert _quotes(engine, text) == [("The West will not decide for us.", "vladimir-putin")]


def test_speaker_said_that_then_quote(engine):
    text = 'U.S. Secretary of State Marco Rubio said on Monday that "we will keep going," and left.'
    assert _quotes(engine, text) == [("we will keep going,", "marco-rubio")]


def test_quote_then_said_speaker_with_role(engine):
    text = "“One call is not enough,” said Kremlin spokesman Dmitry Peskov."
    assert _quotes(engine, text) == [("One call is not enough,", "dmitry-peskov")]


def test_quote_then_speaker_with_apposition(engine):
    text = "“Talks will resume soon,” Halima Al-Rashed, the Qatari foreign minister, said."
    [(quote, actor)] = _quotes(engine, text)
    assert quote == "Talks will resume soon," and actor == "d-halima-al-rashed"


def test_told_reporters_that(engine):
    text = "Foreign Ministry spokesman Guo Jiakun told reporters that dialogue was the only way out."
    assert _quotes(engine, text) == [("dialogue was the only way out.", "guo-jiakun")]


def test_quote_continuing_after_attribution(engine):
    text = "“We are ready,” Zelenskyy said. “But we will not give up our land.”"
    assert _quotes(engine, text) == [
        ("We are ready,", "volodymyr-zelenskyy"),
        ("But we will not give up our land.", "volodymyr-zelenskyy"),
    ]


def test_continuation_stops_when_someone_else_is_named(engine):
    text = "“We are ready,” Zelenskyy said. Putin disagreed. “Nothing is agreed yet, as always.”"
    quotes = _quotes(engine, text)
    assert quotes[0][1] == "volodymyr-zelenskyy"
    assert quotes[1] == ("Nothing is agreed yet, as always.", "")


def test_unattributed_and_scare_quotes(engine):
    text = 'The plan, called "peace through strength" by some, was "a long shot at best" in the end.'
    quotes = _quotes(engine, text)
    assert quotes == [("peace through strength", ""), ("a long shot at best", "")]


def test_pronoun_attribution_to_last_person(engine):
    text = "Lavrov arrived late. “We came to listen,” he said."
    assert _quotes(engine, text) == [("We came to listen,", "sergey-lavrov")]


def test_quote_ending_a_sentence_is_not_given_to_the_next_sentence(engine):
    text = "“The war must end now.” Putin said the next day that Moscow would wait and see what happens."
    quotes = _quotes(engine, text)
    assert quotes[0] == ("The war must end now.", "")


def test_places_do_not_speak(engine):
    text = "“We are ready to talk,” Ukraine said."
    assert _quotes(engine, text) == [("We are ready to talk,", "")]


def test_extract_quotes_works_on_given_mentions():
    text = "“Talks will resume,” X said."
    quotes = extract_quotes(text, [Mention("x-id", 21, 22, "X")], "a")
    assert [(q.actor_id, q.start, q.end) for q in quotes] == [("x-id", 1, 19)]


def test_unbalanced_quotes_do_not_crash(engine):
    assert _quotes(engine, "He said “this never closes, Lavrov said.") == []
    assert _quotes(engine, '"one" "two') == []
