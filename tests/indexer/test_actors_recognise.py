"""Gazetteer recognition: variants, possessives, line breaks, honorifics, acronyms, coreference."""

from __future__ import annotations

import pytest

from indexer.actors.normalise import FoldedText, fold_key, name_variants

from .test_actors_support import by_text, ids, make_engine


@pytest.fixture
def engine(tmp_path):
    return make_engine(tmp_path)


def _one(engine, text):
    mentions, _ = engine.analyse(text)
    return mentions


def test_fold_key_ignores_case_diacritics_and_punctuation():
    assert fold_key("U.S.") == "u s"
    assert fold_key("Zelenskýy’s") == "zelenskyy s"
    assert fold_key("  Sergei\nLAVROV ") == "sergei lavrov"


def test_folded_text_maps_back_to_original_offsets():
    text = "Putin’s aide, Sergei\n  Lavrov."
    ft = FoldedText(text)
    assert ft.folded == " putin s aide sergei lavrov "
    start = ft.folded.index("sergei")
    a, b = ft.original_span(start, start + len("sergei lavrov"))
    assert text[a:b] == "Sergei\n  Lavrov"


def test_name_variants_cover_transliterations_short_forms_and_hyphens():
    assert {"volodymyr zelenskiy", "volodymyr zelensky", "volodymyr zelenskyy"} <= name_variants("Volodymyr Zelenskyy")
    assert {"sergei lavrov", "sergey lavrov"} <= name_variants("Sergey Lavrov")
    assert {"dmitri peskov", "dmitry peskov", "dmitriy peskov"} <= name_variants("Dmitry Peskov")
    assert "mike waltz" in name_variants("Michael Waltz")
    assert {"guo jia kun", "guo jiakun"} <= name_variants("Guo Jiakun", country="China")
    assert "jiakun" in name_variants("Jia-kun", person=False)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sergei Lavrov arrived.", "sergey-lavrov"),
        ("Sergey Lavrov arrived.", "sergey-lavrov"),
        ("Volodymyr Zelenskiy spoke.", "volodymyr-zelenskyy"),
        ("Volodymyr Zelensky spoke.", "volodymyr-zelenskyy"),
        ("Zelenskiy spoke.", "volodymyr-zelenskyy"),
        ("Guo Jia-kun spoke.", "guo-jiakun"),
        ("Guo Jiakun spoke.", "guo-jiakun"),
        ("Mike Waltz spoke.", "michael-waltz"),
        ("Dmitri Peskov spoke.", "dmitry-peskov"),
        ("VLADIMIR PUTIN SPOKE", "vladimir-putin"),
        ("then vladimir putin spoke", "vladimir-putin"),
        ("Sérgei Lávrov arrived.", "sergey-lavrov"),
    ],
)
def test_spelling_variants_and_case_are_recognised(engine, text, expected):
    assert expected in ids(_one(engine, text))


@pytest.mark.parametrize("text", ["Putin’s plan", "Putin's plan", "PUTIN'S PLAN"])
def test_possessive_mentions_cover_the_name_only(engine, text):
    (m,) = _one(engine, text)
    assert (m.actor_id, m.text.lower()) == ("vladimir-putin", "putin")


def test_name_split_by_a_line_break_is_one_mention(engine):
    text = "Talks with Sergei\nLavrov ended."
    (m,) = _one(engine, text)
    assert m.actor_id == "sergey-lavrov"
    assert text[m.start : m.end] == "Sergei\nLavrov"


@pytest.mark.parametrize(
    "text, name",
    [("Mr. Xi met them.", "Xi"), ("Mr Putin met them.", "Putin"), ("President Xi met them.", "Xi"),
     ("Foreign Minister Lavrov met them.", "Lavrov"), ("Russian President Vladimir Putin met them.", "Vladimir Putin")],
)
def test_honorifics_and_titles_are_not_part_of_the_span(engine, text, name):
    mentions = _one(engine, text)
    assert [m.text for m in mentions if m.actor_id != "russia"] == [name]


def test_us_variants_are_one_actor_and_the_pronoun_is_not(engine):
    text = "The U.S. and the US, the USA and the United States. Let us go, thus USAID said."
    mentions = [m for m in _one(engine, text) if m.actor_id == "united-states"]
    assert [m.text for m in mentions] == ["U.S.", "US", "USA", "United States"]


def test_pronoun_he_is_never_a_person(engine):
    text = "He said he would go. He Lifeng said so too."
    mentions = _one(engine, text)
    assert [(m.text, m.actor_id) for m in mentions] == [("He Lifeng", "he-lifeng")]


def test_names_do_not_cross_a_sentence_break(engine):
    mentions = _one(engine, "He lived in Washington. Post offices were closed.")
    assert ids(mentions) == ["washington"]
    assert ids(_one(engine, "The Washington Post reported it.")) == ["washington-post"]


def test_surname_after_a_different_first_name_is_someone_else(engine):
    mentions = _one(engine, "House Speaker Mike Johnson spoke. Later Johnson left.")
    assert [m.text for m in mentions] == ["Mike Johnson", "Johnson"]
    assert ids(mentions)[0] == ids(mentions)[1] != "boris-johnson"
    assert by_text(_one(engine, "Prime Minister Johnson spoke."))["Johnson"] == "boris-johnson"


def test_surname_refers_back_to_full_name_in_the_article(engine):
    text = "Jane Waltz arrived in Kyiv. Later, Waltz said the talks went well."
    mentions = _one(engine, text)
    assert ids(mentions) == ["jane-waltz", "jane-waltz"]
    assert mentions[1].text == "Waltz"


def test_ambiguous_surname_without_full_name_is_not_guessed(engine):
    assert _one(engine, "Yesterday Waltz said the talks went well.") == []


def test_short_form_coreference_for_xi(engine):
    text = "Xi Jinping met Putin. Xi later left."
    mentions = _one(engine, text)
    assert ids(mentions) == ["xi-jinping", "vladimir-putin", "xi-jinping"]


def test_lower_case_single_words_are_not_names(engine):
    assert _one(engine, "we will nato the plan, putin it in") == []


def test_mentions_are_sorted_and_do_not_overlap(engine):
    text = "The United States of America and U.S. President Vladimir Putin's Russia met NATO in Washington."
    mentions = _one(engine, text)
    assert mentions == sorted(mentions, key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert mentions[0].text == "United States of America"
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_a_known_surname_used_before_a_relative_is_named_stays_the_known_persons(engine):
    """'Putin said' before 'Igor Putin' is named: the article already calls the president so, and the
    relative is named later in full; neither the mentions nor the quote go to the relative."""
    text = "Putin spoke to reporters. \"We are close to a deal,\" Putin said. Igor Putin, a cousin, did not attend."
    mentions, quotes = engine.analyse(text)
    assert [m.actor_id for m in mentions if m.text == "Putin"] == ["vladimir-putin", "vladimir-putin"]
    assert [q.actor_id for q in quotes] == ["vladimir-putin"]


def test_after_the_relative_is_named_the_surname_alone_names_no_one(engine):
    """Once 'Igor Putin' is named, 'Putin said' could be either of them: no speaker, no mention."""
    text = "Putin spoke to reporters. Igor Putin, a cousin, did not attend. \"We are close to a deal,\" Putin said."
    mentions, quotes = engine.analyse(text)
    assert [m.actor_id for m in mentions if m.text == "Putin"] == ["vladimir-putin"]
    assert [q.actor_id for q in quotes] == [""]


def test_a_relative_named_first_still_owns_the_surname(engine):
    """Named in full first, the relative is who the surname refers back to (as before), never the known actor."""
    mentions, quotes = engine.analyse("Igor Putin, a cousin, arrived. \"We came by train,\" Putin said.")
    assert by_text(mentions)["Putin"] == by_text(mentions)["Igor Putin"] != "vladimir-putin"
    assert [q.actor_id for q in quotes] == [by_text(mentions)["Igor Putin"]]
