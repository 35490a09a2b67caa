"""No junk actors: role phrases, photo credits, bylines, share buttons, emphasis capitals, mistyped places.

Every text below is invented for the tests; each reproduces a kind of junk seen on real news.
"""

from __future__ import annotations

import json

import pytest

from indexer.actors import ActorEngine
from indexer.actors.discover import credit_zones, is_role_phrase

from .test_actors_support import ENTRIES, by_text, make_engine, write_gazetteer

BRAND = {"id": "chirper-inc", "name": "Chirper Inc", "type": "organisation", "role": "Invented social network owner",
         "aliases": ["Chirper Inc"], "prose_aliases": ["Chirper"]}


@pytest.fixture
def engine(tmp_path):
    return ActorEngine(gazetteer_paths=[write_gazetteer(tmp_path / "gaz", ENTRIES + [BRAND])])


def _names(engine, text, authors=()):
    mentions, _ = engine.analyse(text, "t", authors)
    return {m.text: engine.actor(m.actor_id) for m in mentions}


# -- role phrases ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The Secretary of State said the talks would go on.",
        "Talks went on, the Secretary of State told reporters in the capital.",
        "The Minister of State for Europe arrived late.",
        "The Foreign Minister said nothing, and the Deputy Prime Minister agreed.",
        "The Minister of Zarovia was absent.",
        "She will be Under Secretary of State for Public Diplomacy and Public Affairs.",
    ],
)
def test_role_phrases_are_not_actors(engine, text):
    found = _names(engine, text)
    assert all(not a.discovered for a in found.values()), found
    assert not any(t.split()[0].islower() for t in found), found


def test_a_name_after_a_chained_role_phrase_is_the_person_without_the_connector(engine):
    found = _names(engine, "Minister of Defence of Ukraine Ilko Brandmeier said the front held.")
    assert found["Ilko Brandmeier"].type == "person"
    assert [t for t in found if t.startswith("of")] == []


def test_a_name_particle_after_a_title_is_part_of_the_name(engine):
    assert _names(engine, "The agency quotes Mr. de Korvallepin as saying so.")["de Korvallepin"].type == "person"


def test_role_phrase_junk_in_an_old_registry_is_not_matched_again(tmp_path):
    state = tmp_path / "actors"
    state.mkdir()
    junk = {"id": "d-secretary-of-state", "name": "Secretary of State", "type": "place", "role": "", "aliases": []}
    (state / "discovered.json").write_text(json.dumps({"format": "briefing-reader-discovered/1", "actors": [junk]}))
    engine = ActorEngine(state_dir=state, gazetteer_paths=[write_gazetteer(tmp_path / "gaz")])
    mentions, _ = engine.analyse("Later the Secretary of State flew home.")
    assert mentions == []


@pytest.mark.parametrize("name", ["Secretary of State", "Minister of State", "of Ukraine", "Foreign Minister"])
def test_is_role_phrase(name):
    assert is_role_phrase(name)


@pytest.mark.parametrize("name", ["Marco Rubio", "Ministry of Health", "General Motors", "Security Council"])
def test_is_not_role_phrase(name):
    assert not is_role_phrase(name)


# -- photo credits ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "credit",
    [
        "Photo: Maria Lindqvist/Reuters",
        "REUTERS/Maria Lindqvist",
        "Photograph: Maria Lindqvist/Reuters",
        "(Photo by Maria Lindqvist/AFP via Getty Images)",
        "Photo by Maria Lindqvist",
        "Maria Lindqvist / EPA",
    ],
)
def test_photographers_in_credits_are_not_actors(engine, credit):
    text = f"The delegates in the hall. {credit}\n\nQatari Foreign Minister Halima Al-Rashed said the talks would resume."
    found = _names(engine, text)
    assert "Maria Lindqvist" not in found and "Lindqvist" not in found
    assert found["Halima Al-Rashed"].type == "person"
    assert not any(a.name == "Getty Images" for a in found.values())


def test_a_caption_keeps_its_subject_but_not_the_picture_agency(engine):
    found = _names(engine, "Photo: President Volodymyr Zelenskyy (Getty Images)\nThe swap went ahead.")
    assert found["Volodymyr Zelenskyy"].id == "volodymyr-zelenskyy"
    assert "Getty Images" not in found


def test_a_credit_does_not_swallow_the_caption_before_it(engine):
    found = _names(engine, "Special Envoy for Ukraine and Russia Ilko Brandmeier. EPA / TASS\nHe landed.")
    assert found["Russia"].id == "russia"
    assert "EPA / TASS" not in " ".join(found)


def test_credit_zones_cover_only_the_credit():
    text = "Talks ended. Photo: Ilse Marwood/Reuters\nMore text."
    assert [text[a:b] for a, b in credit_zones(text)] == ["Ilse Marwood/Reuters", "Ilse Marwood"]


# -- bylines ---------------------------------------------------------------------------------------
def test_the_articles_own_authors_are_not_actors(engine):
    text = "Qatari Foreign Minister Halima Al-Rashed said so. The port was shut, Ilse Marwood said. Marwood left."
    found = _names(engine, text, authors=["Ilse Marwood and Tom Brannagh"])
    assert set(found) == {"Halima Al-Rashed"}


def test_a_byline_line_in_the_text_names_the_authors(engine):
    text = "By Ilse Marwood\nThe talks resumed, Ilse Marwood said from the capital."
    assert _names(engine, text) == {}


def test_without_authors_a_reporter_named_in_the_text_is_still_a_person(engine):
    text = "The talks resumed, Ilse Marwood said from the capital."
    assert _names(engine, text)["Ilse Marwood"].type == "person"


# -- share buttons and brand names ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Share this article: Chirper | X | Email",
        "Chirper · Messenger · Email",
        "Follow us on Chirper and never miss a story from our newsroom",
        "Chirper",
    ],
)
def test_a_brand_on_a_share_row_is_not_an_actor(engine, text):
    assert _names(engine, text) == {}


def test_a_brand_in_prose_is_its_owner(engine):
    found = _names(engine, "The minister wrote on Chirper that the talks had ended.")
    assert found["Chirper"].id == "chirper-inc"


def test_bundled_facebook_links_to_meta_only_in_prose():
    engine = ActorEngine()
    assert _names(engine, "Share: Facebook | X | Telegram | Email") == {}
    found = _names(engine, "The president wrote on Facebook and on Telegram that the exchange was over.")
    assert found["Facebook"].id == "meta-platforms"
    assert found["Telegram"].id == "telegram"


# -- typing ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, name",
    [
        ("Talks began at Korvasch Palace in the old town on Friday.", "Korvasch Palace"),
        ("Delegates met at the Korvaşch Palace on Friday.", "Korvaşch Palace"),
        ("President Ilko Brandmeier's aides met at Meridor Hotel on Friday.", "Meridor Hotel"),
    ],
)
def test_building_words_make_a_place_not_a_person(engine, text, name):
    assert _names(engine, text)[name].type == "place"


def test_a_given_name_before_a_building_word_is_still_a_person(engine):
    assert _names(engine, "The talks failed, John Tower said on Friday.")["John Tower"].type == "person"


# -- emphasis capitals and headline words ------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "A MAN had two daughters. A WOLF followed a flock of sheep. AN OWL gave advice.",
        "WHEN MAN first saw the camel, he ran.",
        "The lamb bleated; THE WOLF ran off.",
        "Too many people are DYING, thousands a week.",
        "Join our Community Already a member? Log in.",
        "Zarovia and Testland Advocate for 30-Day Truce Following Discussions in Geneva",
        "U.S. and Zarovia Advocate for 30-Day Truce Following Discussions in Geneva\nThe talks went on.",
    ],
)
def test_emphasis_and_page_furniture_are_not_actors(engine, text):
    found = _names(engine, text)
    assert all(not a.discovered for a in found.values()), found


def test_a_real_unknown_acronym_is_still_found(engine):
    assert _names(engine, "Talks at the ZRKB ended early, delegates said.")["ZRKB"].type == "organisation"
