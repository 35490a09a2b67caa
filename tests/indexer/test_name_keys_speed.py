"""Issue 19: the name keys saved after an import are computed with less work (an ASCII fast path for the coarse
key, no engine lookup for a name whose key is already in) and are exactly the keys the plain definition gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st

from indexer import name_keys
from indexer.library import Library, _names_of


def _coarse_key_by_definition(text: str) -> str:
    """Each letter or digit, decomposed, stripped of marks, lower-cased (twice), as name_keys documents it."""
    def one(char: str) -> str:
        for _ in range(2):
            char = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isalnum()).lower()
        return char

    return "".join(one(c) for c in text if c.isalnum())


def _keys_by_definition(lib: Library) -> frozenset[str]:
    """Every actor id's key, and the key of every name, alias and surname variant that resolves to an actor;
    and the stem keys of every Cyrillic name (whose case forms are searched as the actor)."""
    engine = lib.actors_engine
    keys, cyrillic = set(), []
    for actor in engine.all_actors():
        names, variants = _names_of(actor)
        keys.add(_coarse_key_by_definition(actor.id))
        keys |= {_coarse_key_by_definition(n) for n in (*names, *variants) if engine.resolve(n)}
        cyrillic += [n for n in (*names, *variants) if not n.isascii()]
    return frozenset(keys) | name_keys.stem_keys(cyrillic)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=40), st.text(max_size=40)))
def test_the_coarse_key_is_its_definition_for_any_text(text):
    assert name_keys.coarse_key(text) == _coarse_key_by_definition(text)


def test_ascii_and_other_names_keep_their_keys():
    assert name_keys.coarse_key("Zelens'kyy, Jr.") == "zelenskyyjr"
    assert name_keys.coarse_key("Volodymyr Zelenskyy 2nd") == "volodymyrzelenskyy2nd"
    assert name_keys.coarse_key("Умєров — Ümit Øre") == _coarse_key_by_definition("Умєров — Ümit Øre")
    assert name_keys.coarse_key("") == "" and name_keys.coarse_key(" -'. ") == ""
    assert name_keys.coarse_key("\x00\x7f!") == ""  # control characters: not letters


STORIES = {
    "talks.txt": "Envoys meet in Geneva\n\nPresident Volodymyr Zelenskyy met Marco Rubio in Geneva on Sunday. "
                 "Zelensky said the talks with Ilse Varnholt of the Harbour Council were useful.\n",
    "ports.txt": "Grain ships wait\n\nIlse Varnholt told reporters in Odesa that forty grain ships were waiting. "
                 "Varnholt said the Harbour Council would meet again on Friday.\n",
}


def test_saved_keys_are_the_keys_by_definition_and_known_names_are_not_looked_up(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        lib.add([folder])
        saved = name_keys.load(tmp_path / "lib" / "actors", lib._actor_state())
        assert saved is not None and saved == _keys_by_definition(lib)
        assert {"ilsevarnholt", "zelensky", "zelenskyy", "geneva"} <= saved
        asked: list[str] = []
        resolve = lib.actors_engine.resolve
        monkeypatch.setattr(lib.actors_engine, "resolve", lambda name: asked.append(name) or resolve(name))
        assert lib._all_name_keys() == saved
        listed = [n for a in lib.actors_engine.all_actors() for part in _names_of(a) for n in part]
    assert "Geneva" not in asked and "Ukraine" not in asked  # their keys are their ids': in already
    assert len(asked) < len(listed)
