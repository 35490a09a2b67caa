"""A bare surname or rare first name resolves library-wide to the one person named in full (invented names)."""

from __future__ import annotations

import json

import pytest

from .test_actors_support import make_engine


@pytest.fixture
def engine(tmp_path):
    return make_engine(tmp_path, state=True)


def _ids(engine, text):
    mentions, _ = engine.analyse(text)
    return {m.text: m.actor_id for m in mentions}


def test_a_bare_surname_in_a_later_article_is_the_full_name_met_earlier(engine):
    assert _ids(engine, "Zarovian President Ilko Brandmeier said the border was shut.")["Ilko Brandmeier"] == (
        "d-ilko-brandmeier"
    )
    assert _ids(engine, "The border would stay shut, Brandmeier said.")["Brandmeier"] == "d-ilko-brandmeier"
    assert _ids(engine, "Brandmeier arrived on Monday for talks.")["Brandmeier"] == "d-ilko-brandmeier"
    assert _ids(engine, "President Brandmeier met the envoy.")["Brandmeier"] == "d-ilko-brandmeier"


def test_a_rare_first_name_alone_is_the_one_person_of_that_name(engine):
    engine.analyse("Former Zarovian leader Saddik Korvani said the war was over.")
    assert _ids(engine, "Saddik was captured in 2003.")["Saddik"] == "d-saddik-korvani"


def test_a_common_first_name_alone_is_nobody(engine):
    engine.analyse("Former Zarovian leader George Korvani said the war was over.")
    assert "George" not in _ids(engine, "George was captured in 2003.")


def test_a_surname_that_is_a_common_word_counts_only_before_an_attribution_verb(engine):
    engine.analyse("Testland's Secretary of State Condolea Rice said the talks went well.")
    found = _ids(engine, "Rice told reporters the plan worked. Later, rice prices rose and Rice exports fell.")
    assert found == {"Rice": "d-condolea-rice"}
    assert list(found) == ["Rice"]
    mentions, _ = engine.analyse("Rice told reporters the plan worked. Later, rice prices rose and Rice exports fell.")
    assert [m.start for m in mentions] == [0]


def test_an_ambiguous_surname_stays_unresolved(engine):
    engine.analyse("Zarovian President Ilko Brandmeier said the border was shut.")
    engine.analyse("Defence Minister Maria Brandmeier said the army was ready.")
    found = _ids(engine, "The border would stay shut, Brandmeier said.")
    assert found.get("Brandmeier") not in ("d-ilko-brandmeier", "d-maria-brandmeier")


def test_a_bare_name_registered_alone_earlier_moves_to_the_full_name(engine):
    assert _ids(engine, "President Brandmeier met the envoy.")["Brandmeier"] == "d-brandmeier"
    engine.analyse("Zarovian President Ilko Brandmeier said the border was shut.")
    assert _ids(engine, "President Brandmeier met the envoy.")["Brandmeier"] == "d-ilko-brandmeier"
    assert _ids(engine, "Later Brandmeier left.")["Brandmeier"] == "d-ilko-brandmeier"


def test_a_gazetteer_surname_shared_by_two_entries_resolves_to_the_one_the_library_has_met(tmp_path):
    engine = make_engine(tmp_path, state=True)  # the test gazetteer has Michael Waltz and Jane Waltz
    assert "Waltz" not in _ids(engine, "The talks ended, Waltz told reporters.")
    engine.analyse("National Security Advisor Michael Waltz said the talks had ended.")
    assert _ids(engine, "The talks ended, Waltz told reporters.")["Waltz"] == "michael-waltz"
    engine.save()
    saved = json.loads((tmp_path / "actors" / "discovered.json").read_text(encoding="utf-8"))
    assert saved["seen"] == ["michael-waltz"]
    again = make_engine(tmp_path, state=True)
    assert _ids(again, "The talks ended, Waltz told reporters.")["Waltz"] == "michael-waltz"
    again.analyse("Jane Waltz, a diplomat, said nothing.")
    assert "Waltz" not in _ids(again, "The talks ended, Waltz told reporters.")


def test_merged_actors_are_not_ambiguous(engine):
    engine.analyse("Zarovian President Ilko Brandmeier said the border was shut.")
    engine.analyse("Zarovian President Piotr Brandmeier said the border was open.")
    engine.merge("d-ilko-brandmeier", "d-piotr-brandmeier")  # the analyst knows they are one man
    assert _ids(engine, "The border would stay shut, Brandmeier said.")["Brandmeier"] == "d-ilko-brandmeier"


def test_a_middle_initial_stays_inside_the_name(engine):
    found = _ids(engine, "Testland President Georgy T. Brandmeier said the border was shut.")
    assert found["Georgy T. Brandmeier"] == "d-georgy-t-brandmeier"


def test_a_bad_seen_list_is_ignored(tmp_path):
    state = tmp_path / "actors"
    state.mkdir()
    (state / "discovered.json").write_text(json.dumps({"format": "x", "seen": [1, None, "no-such-id"], "actors": []}))
    engine = make_engine(tmp_path, state=True)
    assert _ids(engine, "The talks ended, Waltz told reporters.") == {}


def test_a_common_noun_or_holiday_never_becomes_a_known_person(engine):
    engine.analyse("Testland President Vicenzo Fox said the vote was fair.")
    engine.analyse("Father Christmas, a local charity worker, said the toys had arrived.")
    found = _ids(engine, "The hen agreed that the Fox should choose. Christmas came early, officials said.")
    assert "Fox" not in found and "Christmas" not in found
    assert _ids(engine, "The vote was fair, Fox said.")["Fox"] == "d-vicenzo-fox"
