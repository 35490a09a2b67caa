"""The actor engine's caches answer as a fresh computation would: each is dropped when what it depends on changes
(the registry grows, the analyst curates, another process saves)."""

from __future__ import annotations

from indexer.actors.variants import NameBuckets

from .test_actors_support import make_engine


def test_similar_sees_a_key_added_after_the_question():
    buckets = NameBuckets()
    buckets.add("petrov")
    assert buckets.similar("umyerov") == []
    buckets.add("umerov")
    assert buckets.similar("umyerov") == ["umerov"]


def test_similar_keeps_its_answer_when_the_caller_changes_the_list():
    buckets = NameBuckets()
    buckets.add("sybiha")
    buckets.similar("sybhia").append("junk")
    assert buckets.similar("sybhia") == ["sybiha"]


def test_similar_of_a_short_or_spaced_key_is_empty():
    buckets = NameBuckets()
    buckets.add("umerov")
    assert buckets.similar("umr") == [] and buckets.similar("um erov") == [] and buckets.similar("") == []


def test_known_type_follows_the_registry(tmp_path):
    engine = make_engine(tmp_path)
    assert engine._known_type("harbour safety agency") is None
    engine.analyse("The Harbour Safety Agency agreed on Monday.")
    assert engine._known_type("harbour safety agency") == "organisation"


def test_known_type_follows_curation(tmp_path):
    engine = make_engine(tmp_path, state=True)
    assert engine._known_type("zorbl pact") is None
    engine.add_alias("nato", "Zorbl Pact")
    assert engine._known_type("zorbl pact") == "organisation"
    engine.set_type("nato", "place")
    assert engine._known_type("zorbl pact") == "place"


def test_save_indexes_the_actors_another_process_stored(tmp_path):
    mine = make_engine(tmp_path, state=True)
    other = make_engine(tmp_path, state=True)
    mine.analyse("Darius Pemberton said so.")
    other.analyse("Qatari Foreign Minister Halima Al-Rashed said so.")
    other.save()
    assert mine.resolve("Halima Al-Rashed") == []
    mine.save()
    assert mine.resolve("Halima Al-Rashed") == ["d-halima-al-rashed"]
    assert mine.resolve("Darius Pemberton") == ["d-darius-pemberton"]


def test_save_indexes_an_actor_another_process_gave_an_alias(tmp_path):
    mine = make_engine(tmp_path, state=True)
    other = make_engine(tmp_path, state=True)
    mine.analyse("The Harbour Safety Agency agreed on Monday.")
    other.analyse("The Harbour Safety Agency (HSA) agreed on Monday. The HSA said more.")
    other.save()
    assert mine.resolve("HSA") == []
    mine.save()
    assert mine.resolve("HSA") == mine.resolve("Harbour Safety Agency") != []
