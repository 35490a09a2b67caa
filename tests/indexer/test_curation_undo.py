"""Undoing a curation (the app's undo stack): actor_curation before, restore_actor_curation after."""

from __future__ import annotations

import pytest

from indexer.actors.registry import Curation, CurationEntry
from indexer.library import Library

from .fixtures import write_corpus


@pytest.fixture
def lib(tmp_path):
    corpus = write_corpus(tmp_path / "articles")
    library = Library(tmp_path / "lib")
    library.add([corpus["riyadh"].parent])
    yield library
    library.close()


def snapshot(lib):
    return ({s.actor.id: (s.actor.name, s.actor.type, s.articles) for s in lib.actor_stats()},
            lib.search("", actors=["Marco Rubio"]).total)


def test_a_merge_is_undone_and_redone(lib):
    lavrov, rubio = lib.actor("Lavrov"), lib.actor("Marco Rubio")
    before = snapshot(lib)
    kept = [lib.actor_curation(rubio.id), lib.actor_curation(lavrov.id)]
    lib.merge_actors(lavrov.id, rubio.id)
    assert lib.actor("Marco Rubio").id == lavrov.id
    for entry in kept:
        lib.restore_actor_curation(entry)
    assert snapshot(lib) == before and lib.actor("Marco Rubio").id == rubio.id
    lib.merge_actors(lavrov.id, rubio.id)  # redo
    assert lib.actor("Marco Rubio").id == lavrov.id


@pytest.mark.parametrize("curate", [
    lambda lib, i: lib.rename_actor(i, "Sergei V. Lavrov"),
    lambda lib, i: lib.alias_actor(i, "the foreign minister"),
    lambda lib, i: lib.set_actor_type(i, "organisation"),
    lambda lib, i: lib.ignore_actor(i),
], ids=["rename", "alias", "type", "ignore"])
def test_each_curation_is_undone_exactly(lib, curate):
    lavrov = lib.actor("Lavrov")
    before = snapshot(lib)
    lib.rename_actor(lavrov.id, "Minister Lavrov")  # an earlier correction that the undo must keep
    earlier = snapshot(lib)
    kept = lib.actor_curation(lavrov.id)
    curate(lib, lavrov.id)
    assert snapshot(lib) != earlier or lib.actor("the foreign minister") is not None
    lib.restore_actor_curation(kept)
    assert snapshot(lib) == earlier != before
    assert lib.actor("the foreign minister") is None


def test_a_record_is_put_back_field_by_field():
    curation = Curation(merges={"a": "b"}, names={"a": "A"}, aliases={"a": ["x"]}, ignored={"a"}, types={"a": "place"})
    entry = curation.entry("a")
    curation.set_entry(CurationEntry("a"))
    assert curation.to_json() == Curation().to_json()
    curation.set_entry(entry)
    assert curation.entry("a") == entry
    assert curation.entry("unknown") == CurationEntry("unknown")
