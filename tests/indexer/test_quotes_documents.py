"""Documents as speakers (“…,” the statement read; according to a joint statement, … “…”), invented text."""

from __future__ import annotations

from indexer.actors.documents import DOCUMENT_PREFIX, add_document_speakers
from indexer.actors.quotes import attribute_quotes, extract_quotes
from indexer.model import Mention, Quote

from .test_actors_support import make_engine
from .test_quotes_speakers import _kind, _mentions


def speaker_of(text: str, words: str) -> str:
    """The placeholder or actor id of the one quote that starts with `words`."""
    quotes, _ = attribute_quotes(text, _mentions(text), "a", _kind)
    [actor] = [q.actor_id for q in quotes if q.text.startswith(words)]
    return actor


def doc(name: str) -> str:
    return DOCUMENT_PREFIX + name


# -- naming and pointing back
def test_according_to_a_joint_statement_then_partial_quotes():
    text = (
        "According to a joint statement, Valdoria pledged to “reopen the northern crossings” and "
        "“restore the grain corridor.”"
    )
    assert speaker_of(text, "reopen") == doc("joint statement")
    assert speaker_of(text, "restore") == doc("joint statement")


def test_the_statement_read_points_back_to_the_named_document():
    text = (
        "Valdoria and Norland issued a Valdoria-Norland joint statement after the talks.\n"
        "“Both sides agreed to exchange all prisoners of war,” the statement read. “Talks resume in May.”"
    )
    assert speaker_of(text, "Both sides") == doc("Valdoria-Norland joint statement")
    assert speaker_of(text, "Talks resume") == doc("Valdoria-Norland joint statement")


def test_the_declaration_emphasized_is_the_statement_named_before():
    text = (
        "According to a joint statement, Valdoria will “lift the transit ban.”\n"
        "The declaration further emphasized that both sides “took real steps toward a lasting peace.”"
    )
    assert speaker_of(text, "took real") == doc("joint statement")


def test_the_document_says_prefers_the_document_that_already_spoke():
    text = (
        "Valdoria accepted the Norland proposal for a truce, says a joint statement after the meeting.\n\n"
        "“Valdoria is ready for a truce of thirty days, if Norland does the same,” the document says."
    )
    assert speaker_of(text, "Valdoria is ready") == doc("joint statement")


def test_the_initial_proposal_had_stated_points_back_to_the_plan():
    text = (
        "The Norland-proposed 12-point peace plan was cut to nine points in the talks.\n"
        "The initial proposal had stated that all sides “would be granted a full amnesty.”"
    )
    assert speaker_of(text, "would be granted") == doc("12-point peace plan")


# -- precision: no document speaker
def test_the_statement_with_no_named_document_gives_no_speaker():
    text = "“We stand ready to talk at any time,” the statement said."
    assert speaker_of(text, "We stand") == ""


def test_a_bare_statement_of_an_organisation_is_not_a_document_speaker():
    text = "Valdoria said in a statement on Monday.\n“We stand ready to talk at any time,” the statement said."
    assert speaker_of(text, "We stand") == ""


def test_the_document_with_two_documents_named_gives_no_speaker():
    text = (
        "A joint statement and a Norland peace memorandum were both published on Monday.\n"
        "“The truce begins at noon on Friday,” the document says."
    )
    assert speaker_of(text, "The truce") == ""


def test_a_persons_statement_is_that_persons_not_a_document():
    text = "“We stand ready to talk at any time,” the Telnov statement read."
    assert speaker_of(text, "We stand") == ""


def test_read_makes_only_a_document_speak():
    text = "Boris Telnov read: “We stand ready to talk at any time.”"
    assert speaker_of(text, "We stand") == ""


def test_according_to_a_document_then_a_person_said_is_nested():
    text = "According to a joint statement, Boris Telnov said: “We stand ready to talk at any time.”"
    assert speaker_of(text, "We stand") == ""


def test_extract_quotes_alone_leaves_document_quotes_unattributed():
    text = "According to a joint statement, Valdoria will “lift the transit ban at once.”"
    assert [q.actor_id for q in extract_quotes(text, _mentions(text), "a", _kind)] == [""]


# -- the actor engine: a discovered actor of type document, with its mentions
def test_engine_makes_the_document_an_actor(tmp_path):
    engine = make_engine(tmp_path)
    text = (
        "Russia and Ukraine issued a Russia-Ukraine joint statement on Friday.\n"
        "“Both sides agreed to exchange all prisoners of war,” the statement read."
    )
    mentions, quotes = engine.analyse(text, "art-1")
    [quote] = quotes
    actor = engine.actor(quote.actor_id)
    assert actor is not None and actor.type == "document" and actor.name == "Russia-Ukraine joint statement"
    shown = [m.text for m in mentions if m.actor_id == quote.actor_id]
    assert shown == ["joint statement", "statement"]
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))  # still non-overlapping


def test_a_document_is_never_recognised_by_name_in_another_article(tmp_path):
    engine = make_engine(tmp_path)
    engine.analyse("According to a Joint Statement, Russia will “lift the transit ban at once.”", "art-1")
    mentions, _ = engine.analyse("The Joint Statement was signed in Geneva on Monday by both sides.", "art-2")
    assert all(engine.actor(m.actor_id).type != "document" for m in mentions)


def test_an_ignored_document_actor_speaks_no_more(tmp_path):
    engine = make_engine(tmp_path)
    text = "According to a joint statement, Russia will “lift the transit ban at once.”"
    _, [quote] = engine.analyse(text, "art-1")
    engine.ignore(quote.actor_id)
    mentions, [again] = engine.analyse(text, "art-1")
    assert again.actor_id == "" and all(m.actor_id != quote.actor_id for m in mentions)


def test_document_mentions_are_trimmed_to_overlap_no_other_mention():
    text = "US-Ukraine joint statement"
    mentions = [Mention("us", 0, 2, "US"), Mention("ukraine", 3, 10, "Ukraine")]
    quotes = [Quote("a", "x", 40, 41, doc("US-Ukraine joint statement"))]
    phrases = [Mention(doc("US-Ukraine joint statement"), 0, len(text), text)]
    out, [q] = add_document_speakers(text, mentions, quotes, phrases, lambda name: "d-" + name.lower())
    assert q.actor_id == "d-us-ukraine joint statement"
    assert [m.text for m in out] == ["US", "Ukraine", "joint statement"]


def test_a_document_actor_survives_a_save_and_reload(tmp_path):
    engine = make_engine(tmp_path, state=True)
    _, [quote] = engine.analyse("According to a joint statement, Russia will “lift the transit ban at once.”", "a")
    engine.save()
    again = make_engine(tmp_path, state=True)
    actor = again.actor(quote.actor_id)
    assert actor is not None and actor.type == "document" and actor.name == "Joint statement"


def test_a_document_phrase_stops_at_a_full_stop():
    text = "Telnov's group wanted to legalise the grain trade. The document reportedly said: “We want a new union.”"
    assert speaker_of(text, "We want") == ""


def test_a_document_speaker_is_found_by_its_name_though_never_in_text(tmp_path):
    """`quotes --actor "Joint statement"` and the actor filter name it as the actor list shows it (it once said
    "No actor called 'Joint statement'"), after a reload too; the text of another article still never finds it."""
    engine = make_engine(tmp_path, state=True)
    _, [quote] = engine.analyse("According to a joint statement, Russia will “lift the transit ban at once.”", "a")
    assert engine.resolve("Joint statement") == [quote.actor_id]
    engine.save()
    again = make_engine(tmp_path, state=True)
    assert again.resolve("joint  STATEMENT") == [quote.actor_id]
    mentions, _ = again.analyse("The joint statement was signed in Geneva on Monday by both sides.", "b")
    assert all(again.actor(m.actor_id).type != "document" for m in mentions)
