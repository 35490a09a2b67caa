"""A possessive, demonym or 'of X' qualifier decides who owns a generic organisation name (invented entries)."""

from __future__ import annotations

import pytest

from indexer.actors import ActorEngine
from indexer.actors.owner import is_generic, qualifiers

from .test_actors_support import ENTRIES, write_gazetteer

EXTRA = [
    {"id": "testland", "name": "Testland", "type": "place", "role": "Country", "aliases": [], "country": "Testland"},
    {"id": "zarovia", "name": "Zarovia", "type": "place", "role": "Country", "aliases": [], "country": "Zarovia"},
    {"id": "testland-security-council", "name": "Testland Security Council", "type": "organisation",
     "role": "Invented council", "aliases": ["National Security Council"], "country": "Testland"},
    {"id": "world-council", "name": "World Council", "type": "organisation", "role": "Invented global body",
     "aliases": ["Security Council"]},
    {"id": "world-union", "name": "World Union", "type": "organisation", "role": "Invented global body",
     "aliases": ["WU"]},
]


@pytest.fixture
def engine(tmp_path):
    return ActorEngine(gazetteer_paths=[write_gazetteer(tmp_path / "gaz", ENTRIES + EXTRA)])


def _ids(engine, text):
    mentions, _ = engine.analyse(text)
    return {m.text: m.actor_id for m in mentions}


@pytest.mark.parametrize(
    "text",
    [
        "Zarovia's national security council met on Monday.",
        "Zarovia’s National Security Council met on Monday.",
        "The Ukrainian National Security Council met on Monday.",
        "The National Security Council of Zarovia met on Monday.",
    ],
)
def test_another_owner_blocks_the_gazetteer_link(engine, text):
    found = _ids(engine, text)
    assert "testland-security-council" not in found.values(), found
    assert "world-council" not in found.values(), found  # nor the shorter generic name inside it


@pytest.mark.parametrize(
    "text",
    [
        "The National Security Council met on Monday.",
        "Testland's National Security Council met on Monday.",
        "The National Security Council of Testland met on Monday.",
        "Kowalczyk's National Security Council met on Monday.",  # an owner we do not know overrules nothing
    ],
)
def test_the_entrys_own_country_or_no_qualifier_keeps_the_link(engine, text):
    assert _ids(engine, text)["National Security Council"] == "testland-security-council"


def test_a_countrys_council_is_not_the_global_one_but_the_global_bodys_is(engine):
    assert "world-council" not in _ids(engine, "Zarovia's Security Council met.").values()
    assert _ids(engine, "The WU's Security Council met.")["Security Council"] == "world-council"


def test_a_specific_name_is_never_blocked(engine):
    assert _ids(engine, "Zarovia's ally, the Testland Security Council, met.")["Testland Security Council"] == (
        "testland-security-council"
    )


def test_bundled_ukraines_council_is_not_the_us_one():
    engine = ActorEngine()
    for text in ("Ukraine's national security council met.", "Ukraine’s National Security Council met."):
        mentions, _ = engine.analyse(text)
        assert "us-national-security-council" not in {m.actor_id for m in mentions}
    mentions, _ = engine.analyse("Trump's National Security Council met.")
    assert "us-national-security-council" in {m.actor_id for m in mentions}


def test_helpers():
    assert is_generic("national security council") and not is_generic("white house")
    text = "Zarovia's national security council of Testland"
    start = text.index("national")
    assert qualifiers(text, start, start + len("national security council")) == ["Zarovia", "Testland"]
    assert qualifiers("", 0, 0) == []


def test_a_capitalised_body_of_another_owner_is_an_organisation_of_its_own(engine):
    mentions, _ = engine.analyse("Zarovia's National Security Council met. The Ukrainian National Security Council met.")
    found = {m.text: engine.actor(m.actor_id) for m in mentions}
    assert found["National Security Council"].name == "National Security Council of Zarovia"
    assert found["National Security Council"].type == "organisation" and found["National Security Council"].discovered
    lower, _ = engine.analyse("Zarovia's national security council met.")
    assert [m.text for m in lower] == ["Zarovia"]


@pytest.mark.parametrize(
    "text",
    [
        "Russian President Vladimir Putin told a meeting of his Security Council that the plan could work.",
        "The African Union said its Security Council would meet on Monday.",
        "The rebels said their own Security Council had met.",
    ],
)
def test_a_body_after_a_possessive_pronoun_is_never_the_international_one(text):
    from indexer.actors import ActorEngine

    mentions, _ = ActorEngine().analyse(text)
    assert "un-security-council" not in {m.actor_id for m in mentions}


def test_the_security_council_alone_is_still_the_uns():
    from indexer.actors import ActorEngine

    mentions, _ = ActorEngine().analyse("Diplomats at the Security Council in New York met on Friday.")
    assert "un-security-council" in {m.actor_id for m in mentions}


@pytest.mark.parametrize("text", [
    "Zarovia's delegation led by national security council secretary Ivan Horak arrived.",
    "A national security council meeting was held in the capital on Monday.",
])
def test_a_national_bodys_name_in_lower_case_is_a_common_noun(engine, text):
    """Any country has a national security council: written as a common noun, it is not the entry's."""
    assert "testland-security-council" not in _ids(engine, text).values()


def test_a_capitalised_name_without_an_owner_keeps_the_link_and_a_lower_case_global_one_too(engine):
    assert _ids(engine, "The National Security Council of Testland met.")["National Security Council"] == (
        "testland-security-council")
    assert _ids(engine, "The talks at the security council failed.")["security council"] == "world-council"


def test_bundled_titles_and_roles_before_a_name():
    """'wrote in The Atlantic' is a magazine, not the ocean ('across the Atlantic' is); 'Chief of General
    Staff Valery Gerasimov' names Valery Gerasimov, not 'Staff Valery Gerasimov'."""
    engine = ActorEngine()
    mentions, _ = engine.analyse("Jeffrey Goldberg wrote in The Atlantic last week that the plan was ready.")
    assert "atlantic-ocean" not in {m.actor_id for m in mentions}
    mentions, _ = engine.analyse("Relations across the Atlantic were tested, the envoy said.")
    assert "atlantic-ocean" in {m.actor_id for m in mentions}
    mentions, _ = engine.analyse("Chief of General Staff Valery Gerasimov said the army was advancing.")
    assert [m.text for m in mentions if "Gerasimov" in m.text] == ["Valery Gerasimov"]
