"""Discovery of actors no gazetteer holds (all names below are invented), and false-positive traps."""

from __future__ import annotations

import pytest

from indexer.actors.discover import discover

from .test_actors_support import by_text, ids, make_engine


@pytest.fixture
def engine(tmp_path):
    return make_engine(tmp_path)


def _actor_of(engine, text, name):
    mentions, _ = engine.analyse(text)
    found = by_text(mentions)
    assert name in found, f"{name!r} not found in {found}"
    return engine.actor(found[name])


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Qatari Foreign Minister Halima Al-Rashed said the talks would resume.", "Halima Al-Rashed", "Qatari Foreign Minister"),
        ("The ministry's spokeswoman Tamsin Okafor-Reyes declined to comment.", "Tamsin Okafor-Reyes", "spokeswoman"),
        ("IMF mission chief Ivar Lindqvist arrived in the capital.", "Ivar Lindqvist", "IMF mission chief"),
        ("State Department spokeswoman Odile Brannigan said nothing.", "Odile Brannigan", "State Department spokeswoman"),
        ("The rebels were led by General Tomasz Wielgosz in the north.", "Tomasz Wielgosz", "General"),
    ],
)
def test_title_or_role_plus_name_discovers_a_person_and_keeps_the_role(engine, text, name, role):
    actor = _actor_of(engine, text, name)
    assert actor.type == "person" and actor.discovered
    assert actor.role == role
    assert actor.id.startswith("d-")


@pytest.mark.parametrize(
    "text, name",
    [
        ("Prices will rise again, Darius Pemberton said on Friday.", "Darius Pemberton"),
        ("Olumide Vance told reporters the border was open.", "Olumide Vance"),
        ("The deal is off, according to Priya Castellanos.", "Priya Castellanos"),
        ("Ruxandra Feldmann, the head of the port authority, said the ships had left.", "Ruxandra Feldmann"),
    ],
)
def test_attribution_discovers_a_person(engine, text, name):
    actor = _actor_of(engine, text, name)
    assert actor.type == "person" and actor.discovered


def test_appositive_role_is_kept(engine):
    text = "Ruxandra Feldmann, the head of the port authority, said the ships had left."
    assert _actor_of(engine, text, "Ruxandra Feldmann").role == "the head of the port authority"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Experts at the Institute for Coastal Resilience disagreed.", "Institute for Coastal Resilience"),
        ("The Ministry of Lunar Affairs issued a statement.", "Ministry of Lunar Affairs"),
        ("Funding for the Northern Grain Programme was cut.", "Northern Grain Programme"),
        ("The Harbour Safety Agency closed the port.", "Harbour Safety Agency"),
        ("Officials from the Zarovian Defence Ministry were present.", "Zarovian Defence Ministry"),
    ],
)
def test_organisation_shapes_are_discovered(engine, text, name):
    actor = _actor_of(engine, text, name)
    assert actor.type == "organisation" and actor.discovered


def test_acronym_defined_in_text_is_the_same_organisation(engine):
    text = ("The Organisation for Fair Exchange (OFX) met on Monday. Later OFX said it would act. "
            "OFX officials agreed.")
    mentions, _ = engine.analyse(text)
    org = [m for m in mentions if m.text in ("Organisation for Fair Exchange", "OFX")]
    assert len(org) == 4
    assert len({m.actor_id for m in org}) == 1
    assert "OFX" in engine.actor(org[0].actor_id).aliases


def test_machine_paraphrased_titles_still_find_the_known_actor(engine):
    mentions, _ = engine.analyse("International Minister Sergei Lavrov met Overseas Secretary Marco Rubio.")
    assert ids(mentions) == ["sergey-lavrov", "marco-rubio"]


TRAPS = """By Jane Doe
Monday, 3 March 2025

However, the talks resumed on Tuesday in March. He said they would last until Friday.
She told us that nothing was agreed. They said so, and we agreed with them.
Read more: Latest News | Impact Shorts
Follow us on Facebook
Reporting by Tom Hale; Editing by Sue Marsh
"""


def test_false_positive_traps_discover_nothing(engine):
    mentions, _ = engine.analyse(TRAPS)
    assert mentions == []
    assert [a for a in engine.all_actors() if a.discovered] == []


@pytest.mark.parametrize(
    "text",
    [
        "Tuesday March said nothing.",
        "On Wednesday, officials met.",
        "However Lavrov was absent.",
        "By John Smith\nThe meeting ended.",
        "Written by Anna Kowal\nThe meeting ended.",
        "(Reporting by Lena Brandt; editing by Kai Moss)",
        "He said. She said. They said.",
        "The rumours were TRUE: the minister resigned.",
        "Officials called the report FALSE and NOT credible.",
        "Is it safe? NO, and the false alarm was costly.",
    ],
)
def test_traps_never_invent_actors(engine, text):
    mentions, _ = engine.analyse(text)
    assert all(not m.actor_id.startswith("d-") for m in mentions), mentions


def test_discover_alone_reports_spans_types_and_cues():
    text = "Qatari Foreign Minister Halima Al-Rashed said so, Darius Pemberton said."
    found = {f.name: f for f in discover(text)}
    assert found["Halima Al-Rashed"].cue == "role"
    assert found["Darius Pemberton"].cue == "attribution"
    for f in found.values():
        assert text[f.start : f.end] == f.name


def test_same_discovered_name_in_two_articles_is_one_actor(engine):
    a, _ = engine.analyse("Qatari Foreign Minister Halima Al-Rashed said the talks would resume.")
    b, _ = engine.analyse("Halima Al Rashed arrived in Doha. Al-Rashed smiled.")
    assert {m.actor_id for m in a} == {m.actor_id for m in b} == {"d-halima-al-rashed"}
    assert len(b) == 2


def test_organisation_words_are_not_used_as_surnames(engine):
    text = "The Harbour Safety Agency closed the port. The Agency said it would reopen on Friday."
    mentions, _ = engine.analyse(text)
    assert [m.text for m in mentions] == ["Harbour Safety Agency"]


def test_discoveries_that_lose_to_a_gazetteer_match_are_not_registered(engine):
    engine.analyse("Russian President Vladimir Putin said so.")
    assert [a for a in engine.all_actors() if a.discovered] == []


def test_a_lone_unknown_acronym_is_still_an_organisation(engine):
    actor = _actor_of(engine, "Talks at the ZRKB ended early, delegates said.", "ZRKB")
    assert actor.type == "organisation" and actor.discovered


def test_a_capitalised_word_written_lowercase_elsewhere_is_emphasis_not_an_acronym(engine):
    mentions, _ = engine.analyse("The claim was VOID. Lawyers said a void claim costs money.")
    assert [m.text for m in mentions] == []


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Schoolteacher Anna Zakharenko said the roads were closed.", "Anna Zakharenko", "schoolteacher"),
        ("Veteran Oleksiy Marchuk told reporters he would stay.", "Oleksiy Marchuk", "veteran"),
        ("It rained. Fisherman Ivan Petrusenko said the catch was poor.", "Ivan Petrusenko", "fisherman"),
        ("\u201cWe wait,\u201d said one. Activist Maria Kovalchenko disagreed.", "Maria Kovalchenko", "Activist"),
    ],
)
def test_a_describing_word_that_starts_the_sentence_is_the_role_not_the_first_name(engine, text, name, role):
    mentions, _ = engine.analyse(text)
    found = by_text(mentions)
    assert name in found and not any(n.endswith(name) and n != name for n in found), found
    assert engine.actor(found[name]).role.lower() == role.lower()


@pytest.mark.parametrize(
    "text, name",
    [
        ("Recep Tayyip Erdogan said the talks would go on.", "Recep Tayyip Erdogan"),  # a given name first
        ("The schoolteacher said Anna Zakharenko had left.", "Anna Zakharenko"),
        ("Anwar Ibrahim Khalidov said the port was open.", "Anwar Ibrahim Khalidov"),  # no describing ending
        ("Later Tucker Carlsen said the line was dead.", "Tucker Carlsen"),  # not at a sentence start
    ],
)
def test_a_name_without_a_describing_word_keeps_every_word(engine, text, name):
    mentions, _ = engine.analyse(text)
    assert name in by_text(mentions), by_text(mentions)


def test_initials_addressed_between_commas_are_a_person_not_an_organisation(engine):
    mentions, _ = engine.analyse('"What kind of diplomacy, JD, are you speaking about?" the minister asked.')
    assert "JD" not in by_text(mentions)
    assert "ZX" in by_text(engine.analyse("The ZX, a new fund, said it would invest in ports.")[0])


def test_a_name_opening_the_line_after_a_heading_is_not_joined_to_it(engine):
    """'Talks move to Valmora\\nJane Waltz said …': the heading's last word is no part of her name."""
    mentions, quotes = engine.analyse('Talks move to Valmora\nJane Waltz said she was "not very optimistic" today.')
    assert by_text(mentions).get("Jane Waltz") == "jane-waltz"
    assert [q.actor_id for q in quotes] == ["jane-waltz"]


def test_chat_abbreviations_are_no_organisations(engine):
    mentions, _ = engine.analyse("FYI below, from this morning's wires. Reply ASAP if the desk needs more.")
    assert not {"FYI", "ASAP"} & set(by_text(mentions))
