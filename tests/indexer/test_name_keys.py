"""A search for words that name no actor does not build the actor engine (issue 19: start-up), and the key
set that decides it never hides an actor's other names: not for a variant, not after curation elsewhere."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from indexer import name_keys
from indexer.actors.normalise import fold_chars, fold_key
from indexer.library import Library

ARTICLES = {
    "port.txt": "Harbour cranes idle\n\nPresident Zelenskyy visited the harbour where grain exports resumed after "
                "the cranes were repaired.\n",
    "wire.txt": "Grain talks resume\n\nZelensky said the grain corridor would reopen next week.\n",
    "rail.txt": "Night trains return\n\nThe rail operator restored night trains between the two cities.\n",
}


@pytest.fixture
def library_dir(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        lib.add([folder])
    return tmp_path / "lib"


def _marks(result):
    return {h.title: sorted({s.text[a:b] for s in h.snippets for a, b in s.highlights}) for h in result.hits}


def test_the_coarse_key_never_separates_what_fold_key_joins():
    """Proved for every code point: both fold one character at a time, so strings follow."""
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        assert name_keys.coarse_key(fold_chars(char)) == name_keys.coarse_key(char), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_names_with_one_fold_key_have_one_coarse_key(text):
    assert name_keys.coarse_key(fold_key(text)) == name_keys.coarse_key(text)


def test_a_word_that_names_no_actor_is_searched_without_the_actor_engine(library_dir):
    with Library(library_dir) as lib:
        first = lib.search("trains")  # the first search makes and stores the key set (the engine is built)
    with Library(library_dir) as lib:
        result = lib.search("trains")
        assert lib._actors is None
        lib.hit_spans(ARTICLES["rail.txt"], "trains")
        assert lib._actors is None
    assert result == first
    assert _marks(result) == {"Night trains return": ["trains"]}


def test_an_actor_variant_still_finds_every_spelling_before_the_engine_is_built(library_dir):
    with Library(library_dir) as lib:
        lib.search("trains")  # the key set is made and stored
    with Library(library_dir) as lib:
        result = lib.search("Zelenskiy")
    assert _marks(result) == {"Harbour cranes idle": ["Zelenskyy"], "Grain talks resume": ["Zelensky"]}
    assert (library_dir / "actors" / name_keys.KEYS_FILE).is_file()


def test_an_alias_added_by_another_library_object_is_expanded_at_once(library_dir):
    with Library(library_dir) as lib:
        assert lib.search("Vova").total == 0  # keys stored without the alias
    with Library(library_dir) as other:
        other.alias_actor(other.actor("Zelensky").id, "Vova")
    with Library(library_dir) as lib:
        assert {h.title for h in lib.search("Vova").hits} == {"Harbour cranes idle", "Grain talks resume"}


def test_refresh_forgets_the_keys(library_dir):
    with Library(library_dir) as lib, Library(library_dir) as other:
        assert lib.search("Vova").total == 0
        other.alias_actor(other.actor("Zelensky").id, "Vova")
        lib.refresh()
        assert lib.search("Vova").total == 2


@pytest.mark.parametrize("content", ["{not json", "[]\ntrains", "", "\x00\xff binary", json.dumps({"keys": 5})])
def test_a_damaged_or_stale_key_file_is_computed_again(library_dir, content):
    with Library(library_dir) as lib:
        lib.search("trains")
    path = library_dir / "actors" / name_keys.KEYS_FILE
    path.write_text(content, encoding="utf-8")
    with Library(library_dir) as lib:
        assert lib.search("Zelenskiy").total == 2
    header, _newline, keys = path.read_text(encoding="utf-8").partition("\n")
    assert isinstance(json.loads(header), list) and "zelenskiy" in keys.split("\n")


def test_an_unwritable_key_file_costs_speed_only(library_dir, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only file system")

    (library_dir / "actors" / name_keys.KEYS_FILE).unlink()  # the import stored them
    monkeypatch.setattr(name_keys.os, "replace", refuse)
    with Library(library_dir) as lib:
        assert lib.search("Zelenskiy").total == 2
        assert lib.search("trains").total == 1
    assert not (library_dir / "actors" / name_keys.KEYS_FILE).exists()
    assert not list((library_dir / "actors").glob("*.tmp"))


def test_an_import_stores_the_keys_so_the_next_search_needs_no_engine(library_dir, tmp_path):
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "ports.txt").write_text("Ports reopen\n\nMinister Halvard Oyen said the northern ports reopen today.\n")
    with Library(library_dir) as lib:
        lib.add([extra])
    with Library(library_dir) as lib:
        assert lib.search("trains").total == 1
        assert lib._actors is None
        assert lib.search("Zelenskiy").total == 2


def test_keys_are_not_stored_from_an_engine_that_missed_a_curation(library_dir, tmp_path):
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "ports.txt").write_text("Ports reopen\n\nThe northern ports reopen today after the storm.\n")
    with Library(library_dir) as lib, Library(library_dir) as other:
        lib.actors_engine  # noqa: B018 - read before the other library object curates
        other.alias_actor(other.actor("Zelensky").id, "Vova")
        lib.add([extra])
    with Library(library_dir) as fresh:
        assert fresh.search("Vova").total == 2


def _unresolved_surname(lib) -> str:
    """A person's folded surname variant that the actor engine resolves to no actor (e.g. a surname alone)."""
    from indexer.library import _names_of

    engine = lib.actors_engine
    for actor in engine.all_actors():
        for variant in sorted(_names_of(actor)[1]):
            if variant.isascii() and not engine.resolve(variant):
                return variant
    pytest.skip("every surname variant of the bundled gazetteer resolves to an actor")


def test_a_surname_that_resolves_to_no_actor_is_searched_without_the_actor_engine(library_dir):
    with Library(library_dir) as lib:
        word = _unresolved_surname(lib)
        with_engine = lib.search(word)
        assert lib._other_names(word) == []
    with Library(library_dir) as lib:
        lib.search("trains")  # the key set is made and stored
    with Library(library_dir) as lib:
        assert lib.search(word) == with_engine
        assert lib._actors is None, f"{word!r} built the actor engine"


# --------------------------------------------------------------------------- the memo of other names


def test_a_name_searched_before_is_expanded_without_the_actor_engine(library_dir):
    with Library(library_dir) as lib:
        first = lib.search("Zelenskiy")  # builds the engine and remembers the other names it found
    with Library(library_dir) as lib:
        again = lib.search("Zelenskiy")
        assert lib._actors is None
    assert again == first
    assert _marks(again) == {"Harbour cranes idle": ["Zelenskyy"], "Grain talks resume": ["Zelensky"]}
    assert (library_dir / "actors" / name_keys.MEMO_FILE).is_file()


def test_the_memo_is_not_used_once_the_actors_change(library_dir, tmp_path):
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "vova.txt").write_text("Vova promises grain\n\nVova promised the harbour more grain ships.\n")
    with Library(library_dir) as lib:
        lib.add([extra])
    with Library(library_dir) as lib:
        assert lib.search("Zelenskiy").total == 2  # remembered without the alias
    with Library(library_dir) as other:
        other.alias_actor(other.actor("Zelensky").id, "Vova")
    with Library(library_dir) as lib:
        assert lib.search("Zelenskiy").total == 3


def test_an_alias_added_in_the_same_library_object_expands_at_once(library_dir, tmp_path):
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "vova.txt").write_text("Vova promises grain\n\nVova promised the harbour more grain ships.\n")
    with Library(library_dir) as lib:
        lib.add([extra])
        assert lib.search("Zelenskiy").total == 2
        lib.alias_actor(lib.actor("Zelensky").id, "Vova")
        assert lib.search("Zelenskiy").total == 3


@pytest.mark.parametrize("content", ["{not json", "[]", "", json.dumps({"signature": [], "names": 5}),
                                     json.dumps({"signature": None, "names": {"Zelenskiy": [7]}})])
def test_a_damaged_memo_is_an_empty_one(library_dir, content):
    with Library(library_dir) as lib:
        first = lib.search("Zelenskiy")
    path = library_dir / "actors" / name_keys.MEMO_FILE
    path.write_text(content, encoding="utf-8")
    with Library(library_dir) as lib:
        assert lib.search("Zelenskiy") == first
    assert json.loads(path.read_text(encoding="utf-8"))["names"]["Zelenskiy"]


def test_a_forged_memo_of_another_state_is_never_read(library_dir):
    with Library(library_dir) as lib:
        lib.search("Zelenskiy")
    path = library_dir / "actors" / name_keys.MEMO_FILE
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["signature"] = stored["signature"][:-1]  # the state of another library or version
    stored["names"]["Zelenskiy"] = ["trains"]
    path.write_text(json.dumps(stored), encoding="utf-8")
    with Library(library_dir) as lib:
        assert {h.title for h in lib.search("Zelenskiy").hits} == {"Harbour cranes idle", "Grain talks resume"}


def test_a_state_that_cannot_be_written_as_utf8_costs_speed_only(tmp_path):
    """A library folder whose name is not UTF-8 (a surrogate in the actors' state): the second search of
    such a library failed with UnicodeEncodeError where the memo is saved."""
    from indexer import name_keys

    state = [str(tmp_path / "lib\udcff"), 1]
    name_keys.save_memo(tmp_path, state, {"Peskov": ["Dmitry Peskov"]})
    name_keys.save(tmp_path, state, ["peskov"])
    assert name_keys.load_memo(tmp_path, state) == {}
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a file name that is not UTF-8 is a Linux thing")
def test_a_library_whose_folder_name_is_not_utf8_is_searched_again_without_a_traceback(tmp_path):
    import os
    import subprocess

    folder = tmp_path / os.fsdecode(b"lib\xff")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("Talks resume\n\nDmitry Peskov said the talks would resume on Monday.\n")
    repo = Path(__file__).resolve().parents[2]
    run = [sys.executable, "-m", "indexer.cli", "--library", str(folder)]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    assert subprocess.run(run + ["add", str(notes)], capture_output=True, cwd=repo, env=env).returncode == 0
    for _ in range(2):  # the second search saved the name memo, which failed on the folder's name
        proc = subprocess.run(run + ["search", "Peskov"], capture_output=True, cwd=repo, env=env)
        assert proc.returncode == 0 and b"1 article(s)" in proc.stdout
        assert b"Traceback" not in proc.stderr and b"Logging error" not in proc.stderr, proc.stderr
