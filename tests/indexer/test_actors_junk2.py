"""English junk the QA analyst saw (issue 16): state codes, owner-less generic bodies, Ukraine's services."""

from __future__ import annotations

import pytest

from indexer.actors import ActorEngine


@pytest.fixture(scope="module")
def engine() -> ActorEngine:
    return ActorEngine()


def _ids(engine: ActorEngine, text: str) -> dict[str, str]:
    mentions, _ = engine.analyse(text)
    return {m.text: m.actor_id for m in mentions}


def test_state_code_after_a_place_is_no_organisation(engine):
    found = _ids(engine, "The delegations met in Washington, DC, on Monday and flew on to Portland, OR, later.")
    assert found.get("Washington") == "washington-dc"
    assert "DC" not in found and "OR" not in found


def test_unknown_acronym_after_a_place_and_comma_still_counts(engine):
    assert "ZXQ" in _ids(engine, "In Kyiv, ZXQ reported that the talks had resumed on Monday.")


def test_generic_body_resolves_by_its_owner(engine):
    found = _ids(engine, "The men served in Ukraine's Armed Forces and the Ukrainian National Guard, officials said.")
    assert found.get("Armed Forces") == "armed-forces-of-ukraine"
    assert found.get("Ukrainian National Guard") == "national-guard-of-ukraine"


def test_generic_body_of_another_owner_is_its_own_actor(engine):
    found = _ids(engine, "A spokesman said Turkey's Armed Forces were on alert along the border.")
    assert found.get("Armed Forces") not in (None, "armed-forces-of-ukraine")


def test_generic_body_takes_the_country_named_before(engine):
    found = _ids(engine, "Ukraine said on Friday that among those freed were members of the Armed Forces and the "
                         "National Guard.")
    assert found.get("Armed Forces") == "armed-forces-of-ukraine"
    assert found.get("National Guard") == "national-guard-of-ukraine"


def test_ukraines_named_services_are_organisations(engine):
    found = _ids(engine, "Those freed include members of the State Border Guard Service and the State Special "
                         "Transport Service, the officials said.")
    assert found.get("State Border Guard Service") == "state-border-guard-service-of-ukraine"
    assert found.get("State Special Transport Service") == "state-special-transport-service-of-ukraine"


def test_general_staff_possessive_is_no_person(engine):
    found = _ids(engine, "It includes Chief of the General Staff’s Main Directorate head Ivan Sirko and others.")
    assert "Staff" not in found


def test_our_forces_in_a_quote_take_the_speakers_country(engine):
    text = ("Ukrainian President Volodymyr Zelenskyy said the swap was complete.\n\n"
            '"Today, warriors of our Armed Forces and the National Guard are home," he wrote.')
    found = _ids(engine, text)
    assert found.get("Armed Forces") == "armed-forces-of-ukraine"
    assert found.get("National Guard") == "national-guard-of-ukraine"
