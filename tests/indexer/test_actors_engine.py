"""ActorEngine: one actor across the library, curation persisted and re-applied, gazetteer files."""

from __future__ import annotations

import json
import time

import pytest

from indexer.actors import ActorEngine

from .test_actors_support import ENTRIES, by_text, ids, make_engine, write_gazetteer


@pytest.fixture
def engine(tmp_path):
    return make_engine(tmp_path, state=True)


def test_spellings_in_different_articles_are_one_actor(engine):
    a, _ = engine.analyse("Volodymyr Zelenskiy addressed parliament.", "A")
    b, _ = engine.analyse("Zelenskyy later flew to Paris.", "B")
    assert ids(a) == ids(b) == ["volodymyr-zelenskyy"]
    assert engine.actor("volodymyr-zelenskyy").name == "Volodymyr Zelenskyy"


def test_misspelt_first_name_with_compatible_role_resolves_to_known_actor(engine):
    mentions, _ = engine.analyse("U.S. Secretary of State Mark Rubio said the talks went well.")
    assert by_text(mentions)["Mark Rubio"] == "marco-rubio"


def test_same_surname_with_other_first_name_and_role_is_a_new_actor(engine):
    mentions, _ = engine.analyse("House Speaker Mike Johnson said the vote was close.")
    actor_id = by_text(mentions)["Mike Johnson"]
    assert actor_id != "boris-johnson"
    assert engine.actor(actor_id).role == "House Speaker"


def test_discovered_actor_ids_are_deterministic_across_engines(tmp_path):
    text = "Qatari Foreign Minister Halima Al-Rashed said the talks would resume."
    one = make_engine(tmp_path / "one").analyse(text)[0]
    two = make_engine(tmp_path / "two").analyse(text)[0]
    assert ids(one) == ids(two) == ["d-halima-al-rashed"]


def test_discovered_registry_is_saved_and_reloaded(tmp_path):
    first = make_engine(tmp_path, state=True)
    first.analyse("Qatari Foreign Minister Halima Al-Rashed said the talks would resume.")
    first.save()
    saved = json.loads((tmp_path / "actors" / "discovered.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in saved["actors"]] == ["d-halima-al-rashed"]
    second = make_engine(tmp_path, state=True)
    actor = second.actor("d-halima-al-rashed")
    assert actor.discovered and actor.role == "Qatari Foreign Minister"
    mentions, _ = second.analyse("Halima Al-Rashed arrived.")  # no cue: known from the registry
    assert ids(mentions) == ["d-halima-al-rashed"]


def test_reload_sees_changes_made_by_another_engine(tmp_path):
    reader = make_engine(tmp_path, state=True)
    writer = make_engine(tmp_path, state=True)
    writer.analyse("Qatari Foreign Minister Halima Al-Rashed said so.")
    writer.save()
    writer.rename("sergey-lavrov", "Sergei V. Lavrov")
    assert reader.actor("d-halima-al-rashed") is None
    reader.reload()
    assert reader.actor("d-halima-al-rashed") is not None
    assert reader.actor("sergey-lavrov").name == "Sergei V. Lavrov"


def test_save_keeps_discoveries_of_another_process(tmp_path):
    a = make_engine(tmp_path, state=True)
    b = make_engine(tmp_path, state=True)
    a.analyse("Qatari Foreign Minister Halima Al-Rashed said so.")
    b.analyse("Darius Pemberton said so.")
    a.save()
    b.save()
    fresh = make_engine(tmp_path, state=True)
    assert fresh.actor("d-halima-al-rashed") and fresh.actor("d-darius-pemberton")


# ---------------------------------------------------------------- curation

def _curated_state(tmp_path):
    eng = make_engine(tmp_path, state=True)
    eng.analyse("Qatari Foreign Minister Halima Al-Rashed said so. Darius Pemberton said so. "
                "The Harbour Safety Agency agreed.")
    eng.save()
    eng.merge("d-halima-al-rashed", "d-darius-pemberton")
    eng.rename("d-halima-al-rashed", "Halima Al-Rashed (Qatar)")
    eng.add_alias("sergey-lavrov", "The Foreign Minister")
    eng.add_alias("vladimir-putin", "VVP")
    eng.ignore("nato")
    eng.set_type("d-harbour-safety-agency", "place")
    return eng


def test_curation_is_persisted_and_reapplied_by_a_new_engine(tmp_path):
    _curated_state(tmp_path)
    data = json.loads((tmp_path / "actors" / "curation.json").read_text(encoding="utf-8"))
    assert data["merges"] == {"d-darius-pemberton": "d-halima-al-rashed"}
    fresh = make_engine(tmp_path, state=True)
    assert fresh.canonical_id("d-darius-pemberton") == "d-halima-al-rashed"
    assert fresh.actor("d-darius-pemberton").name == "Halima Al-Rashed (Qatar)"
    assert "Darius Pemberton" in fresh.actor("d-halima-al-rashed").aliases
    assert fresh.member_ids("d-halima-al-rashed") == {"d-halima-al-rashed", "d-darius-pemberton"}
    assert fresh.actor("nato") is None and fresh.canonical_id("nato") is None
    assert fresh.actor("d-harbour-safety-agency").type == "place"
    assert "The Foreign Minister" in fresh.actor("sergey-lavrov").aliases
    assert "nato" not in {a.id for a in fresh.all_actors()}
    assert "d-darius-pemberton" not in {a.id for a in fresh.all_actors()}


def test_curation_applies_to_reimported_text(tmp_path):
    _curated_state(tmp_path)
    fresh = make_engine(tmp_path, state=True)
    text = ("Darius Pemberton said so. NATO met. The Foreign Minister spoke with VVP. "
            "Halima Al-Rashed (Qatar) nodded.")
    found = by_text(fresh.analyse(text)[0])
    assert found["Darius Pemberton"] == "d-halima-al-rashed"
    assert "NATO" not in found
    assert found["The Foreign Minister"] == "sergey-lavrov"
    assert found["VVP"] == "vladimir-putin"
    assert found["Halima Al-Rashed"] == "d-halima-al-rashed"


def test_unignore_restores_an_actor(tmp_path):
    eng = _curated_state(tmp_path)
    eng.unignore("nato")
    assert make_engine(tmp_path, state=True).actor("nato").name == "North Atlantic Treaty Organization"
    with pytest.raises(ValueError, match="not ignored"):
        eng.unignore("nato")


def test_merge_chain_and_resolve(tmp_path):
    eng = make_engine(tmp_path, state=True)
    eng.merge("jane-waltz", "michael-waltz")
    eng.merge("boris-johnson", "jane-waltz")
    assert eng.canonical_id("michael-waltz") == "boris-johnson"
    assert eng.resolve("Mike Waltz") == ["boris-johnson"]
    assert eng.member_ids("boris-johnson") == {"boris-johnson", "jane-waltz", "michael-waltz"}
    mentions, _ = eng.analyse("Michael Waltz met Jane Waltz.")
    assert ids(mentions) == ["boris-johnson", "boris-johnson"]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda e: e.merge("nobody", "nato"), "Unknown actor id 'nobody'"),
        (lambda e: e.merge("nato", "nato"), "already the same actor"),
        (lambda e: e.rename("ghost", "X"), "Unknown actor id"),
        (lambda e: e.rename("nato", "  "), "must contain letters"),
        (lambda e: e.add_alias("nato", "..."), "must contain letters"),
        (lambda e: e.ignore("ghost"), "Unknown actor id"),
        (lambda e: e.set_type("nato", "company"), "must be one of person, organisation, place"),
        (lambda e: e.set_type("ghost", "place"), "Unknown actor id"),
    ],
)
def test_curation_rejects_bad_input_with_clear_errors(engine, call, message):
    with pytest.raises(ValueError, match=message):
        call(engine)


def test_curation_file_is_written_atomically(engine, tmp_path):
    engine.rename("nato", "NATO alliance")
    folder = tmp_path / "actors"
    assert sorted(p.name for p in folder.iterdir()) == ["curation.json"]
    assert json.loads((folder / "curation.json").read_text(encoding="utf-8"))["names"] == {"nato": "NATO alliance"}


def test_corrupt_curation_file_is_a_warning_not_a_crash(tmp_path):
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "curation.json").write_text("{not json", encoding="utf-8")
    eng = make_engine(tmp_path, state=True)
    assert any("curation.json" in w for w in eng.warnings)
    assert ids(eng.analyse("Putin spoke.")[0]) == ["vladimir-putin"]


# ---------------------------------------------------------------- resolve and gazetteer files

@pytest.mark.parametrize("query", ["U.S.", "us", "USA", "united states", "United-States", "united-states"])
def test_resolve_any_alias_or_id(engine, query):
    assert engine.resolve(query) == ["united-states"]


def test_resolve_variants_and_unknown(engine):
    assert engine.resolve("zelenskiy") == ["volodymyr-zelenskyy"]
    assert engine.resolve("Sérgei LAVROV") == ["sergey-lavrov"]
    assert engine.resolve("nobody at all") == []


def test_user_gazetteer_in_the_library_is_used_and_bad_files_are_skipped(tmp_path):
    state = tmp_path / "actors"
    write_gazetteer(state, [{"id": "ana-ortiz", "name": "Ana Ortiz-Vell", "type": "person",
                             "role": "Invented mayor", "aliases": ["Ortiz-Vell"]}], name="gazetteer.json")
    (state / "gazetteer").mkdir()
    (state / "gazetteer" / "broken.json").write_text("[{", encoding="utf-8")
    write_gazetteer(state / "gazetteer", [{"name": "No Type"}, {"id": "ok", "name": "Okland", "type": "place"}], "partial.json")
    eng = ActorEngine(state_dir=state, gazetteer_paths=[write_gazetteer(tmp_path / "gaz")])
    assert any("broken.json" in w for w in eng.warnings)
    assert any("partial.json" in w and "entry 1" in w for w in eng.warnings)
    assert ids(eng.analyse("Mayor Ortiz-Vell visited Okland.")[0]) == ["ana-ortiz", "ok"]


def test_duplicate_ids_across_bundled_files_warn(tmp_path):
    a = write_gazetteer(tmp_path / "a", ENTRIES[:2])
    b = write_gazetteer(tmp_path / "b", ENTRIES[:1])
    eng = ActorEngine(gazetteer_paths=[a, b])
    assert any("duplicate id 'vladimir-putin'" in w for w in eng.warnings)
    assert len(eng.all_actors()) == 2


def test_in_memory_engine_never_writes(tmp_path):
    eng = make_engine(tmp_path)
    eng.analyse("Darius Pemberton said so.")
    eng.save()
    eng.rename("nato", "Alliance")
    assert not (tmp_path / "actors").exists()
    assert eng.actor("nato").name == "Alliance"


def test_bundled_gazetteer_loads_when_present():
    from indexer.actors.gazetteer import bundled_paths

    paths = bundled_paths()
    if not paths:
        pytest.skip("resources/gazetteer is not there yet")
    t0 = time.perf_counter()
    eng = ActorEngine(gazetteer_paths=paths)
    elapsed = time.perf_counter() - t0
    assert len(eng.all_actors()) >= 600
    assert elapsed < 5  # generous: the benchmark measures the real figure
    assert not [w for w in eng.warnings if "skipped:" in w]


def test_empty_and_whitespace_text(engine):
    assert engine.analyse("") == ([], [])
    assert engine.analyse(" \n\t ") == ([], [])


def test_seed_articles_unify_spelling_variants(tmp_path, shared_corpus):
    seeds = sorted((shared_corpus / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed articles in the shared corpus")
    eng = make_engine(tmp_path)
    surfaces: dict[str, set[str]] = {}
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        mentions, quotes = eng.analyse(text, path.stem)
        for m in mentions:
            surfaces.setdefault(m.actor_id, set()).add(" ".join(m.text.split()))
        assert all(text[q.start : q.end] == q.text for q in quotes)
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"} <= surfaces["sergey-lavrov"]
    assert {"Zelenskyy", "Zelenskiy"} <= surfaces["volodymyr-zelenskyy"]
    discovered = [a.name for a in eng.all_actors() if a.discovered]
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    assert not [n for n in discovered if any(d in n for d in days) or n in ("Read", "Latest News", "He", "She")]


def test_default_engine_uses_the_bundled_gazetteer():
    from indexer.actors.gazetteer import bundled_paths

    if not bundled_paths():
        pytest.skip("resources/gazetteer is not there yet")
    eng = ActorEngine()
    assert len(eng.all_actors()) == len(ActorEngine(gazetteer_paths=bundled_paths()).all_actors())
    assert eng.resolve("U.S.")  # every bundled gazetteer names the United States
