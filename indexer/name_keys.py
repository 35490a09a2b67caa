"""Which words may name an actor, known without building the actor engine.

A search asks, for each word and exact phrase of the query, whether it names an actor (to add the
actor's other names). Only the actor engine can answer, and building it (gazetteer, discovered actors,
curation) takes about 0.3 s at BBC scale: most of a whole `briefing-index search` process. So the
library keeps, in actors/name-keys.json, the coarse key of every name, alias and surname variant any
actor has, with the state of the files it was computed from. A word whose coarse key is not in the set
names no actor, and the engine is not needed for it.

The coarse key only ever merges what fold_key merges (coarse_key(fold_key(x)) == coarse_key(x)), so the
set can answer "maybe" for a word that names no actor (then the engine decides), never "no" for one that
does. Stale keys are never used: any change to the actors folder, the bundled gazetteer or the actor code
changes the signature, and the keys are computed again.
"""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from . import __version__

log = logging.getLogger(__name__)

KEYS_FILE = "name-keys.json"
KEYS_FORMAT = 2
MEMO_FILE = "name-expansions.json"  # the other names searches found, for the same state (see load_memo)
MEMO_LIMIT = 1000  # names remembered; the oldest are forgotten first
_PACKAGE = Path(__file__).resolve().parent


def coarse_key(text: str) -> str:
    """Letters and digits only, case-folded, without diacritics: "Zelens'kyy" -> "zelenskyy"."""
    if text.isascii():  # the usual name: its letters and digits are [0-9A-Za-z], which fold to themselves
        return _NOT_ASCII_ALNUM.sub("", text).lower()
    return "".join(map(_coarse_char, filter(str.isalnum, text)))


_NOT_ASCII_ALNUM = re.compile("[^0-9A-Za-z]+")


@lru_cache(maxsize=4096)
def _coarse_char(char: str) -> str:
    for _ in range(2):  # twice: lower-casing a decomposed letter can give one that decomposes further
        char = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isalnum()).lower()
    return char


def signature(actors_dir: Path, gazetteer_dir: Path | None) -> list:
    """What the actor engine's names depend on: every file in the actors folder (curation, discovered
    actors, the user's gazetteer), the bundled gazetteer, the actor code; each as (path, mtime, size)."""
    paths = [p for p in _files_under(actors_dir)
             if p.name not in (KEYS_FILE, MEMO_FILE) and not p.name.endswith(".tmp")]
    if gazetteer_dir is not None:
        paths += _files_under(gazetteer_dir)
    paths += sorted((_PACKAGE / "actors").glob("*.py")) + [_PACKAGE / "library.py", Path(__file__)]
    return [__version__, KEYS_FORMAT, *(_stat(p) for p in paths)]


def same_apart_from(before: list, after: list, path: Path) -> bool:
    """True when two signatures differ at most in the entry of `path` (which may have appeared)."""
    def others(sig: list) -> list:
        return [entry for entry in sig if not (isinstance(entry, list) and entry[:1] == [str(path)])]

    return others(before) == others(after)


def _files_under(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.rglob("*") if p.is_file())
    except OSError:
        return []


def _stat(path: Path) -> list:
    try:
        st = path.stat()
        return [str(path), st.st_mtime_ns, st.st_size]
    except OSError:
        return [str(path), 0, 0]


def load(actors_dir: Path, current: list) -> frozenset[str] | None:
    """The stored keys when they were computed from the state `current` describes, else None.
    The file: the signature as one line of JSON, then one key a line (keys are letters and digits)."""
    try:
        header, _newline, body = (actors_dir / KEYS_FILE).read_text(encoding="utf-8").partition("\n")
        if json.loads(header) != current:
            return None
    except (OSError, ValueError):
        return None
    return frozenset(body.split("\n"))


def save(actors_dir: Path, current: list, keys: Iterable[str]) -> None:
    """Write the keys with their signature (temporary file, then os.replace); a failure only costs speed."""
    _write_atomic(actors_dir / KEYS_FILE, json.dumps(current) + "\n" + "\n".join(sorted(keys)))


def load_memo(actors_dir: Path, current: list) -> dict[str, list[str]]:
    """The other names earlier searches found for the names they were asked about (library._other_names),
    when found in the state `current` describes, else {}: a search for a name asked before needs no engine.
    The file: {"signature": the state, "names": {name: [other names]}}; a damaged file is an empty memo."""
    try:
        stored = json.loads((actors_dir / MEMO_FILE).read_text(encoding="utf-8"))
        names = stored["names"] if stored["signature"] == current else {}
    except (OSError, ValueError, TypeError, KeyError):
        return {}
    ok = isinstance(names, dict) and all(isinstance(v, list) and all(isinstance(n, str) for n in v)
                                         for v in names.values())
    return names if ok else {}


def save_memo(actors_dir: Path, current: list, names: dict[str, list[str]]) -> None:
    """Write the memo with the state its names were found in (temporary file, then os.replace), keeping the
    MEMO_LIMIT newest names; a failure only costs speed."""
    kept = dict(list(names.items())[-MEMO_LIMIT:])
    _write_atomic(actors_dir / MEMO_FILE, json.dumps({"signature": current, "names": kept}, ensure_ascii=False))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except (OSError, UnicodeError) as exc:  # a library path that is not UTF-8 in the signature: not saved
        log.warning("cannot save %s (%s); searches build the actor engine", path, exc)
        tmp.unlink(missing_ok=True)


def keys_of(names: Iterable[str]) -> frozenset[str]:
    """The coarse key of every name, and the stem keys of the Cyrillic ones (stem_keys)."""
    names = list(names)
    return frozenset(map(coarse_key, names)) | stem_keys(names)


def stem_keys(names: Iterable[str]) -> frozenset[str]:
    """For each one-word Cyrillic name, its key without its last one or two letters, marked with STEM
    ("~зеленск" of Зеленський): the part a case form shares (Зеленського, Зеленському)."""
    out = set()
    for name in names:
        if not name.isascii() and " " not in name.strip():
            key = coarse_key(name).translate(_BRIDGE)
            out.update(STEM + key[:-cut] for cut in (1, 2) if len(key) - cut >= MIN_STEM_KEY)
    return frozenset(out)


# Ukrainian letters to their nearest Russian ones, in stem keys only: Медінського meets Мединский's stem.
_BRIDGE = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г"})


def may_name(keys: frozenset[str], word: str) -> bool:
    """False only when `word` is certainly none of the names the keys were made from, nor (a Cyrillic word)
    one of their case forms: an ending of up to three letters added to the name, or put in place of its last
    one or two (Уиткоффа, Віткоффом; Зеленського, Захаровой)."""
    key = coarse_key(word)
    if key in keys:
        return True
    if word.isascii():
        return False
    cuts = [key[:-cut] for cut in (1, 2, 3) if len(key) - cut >= MIN_STEM_KEY]
    return any(stem in keys or STEM + stem.translate(_BRIDGE) in keys for stem in cuts)


STEM = "~"  # marks a stem key (keys are letters and digits only, so it never meets one)
MIN_STEM_KEY = 4  # letters of a name's key left once a case ending is cut


def cached_keys(actors_dir: Path, gazetteer_dir: Path | None, compute: Callable[[], Iterable[str]]) -> frozenset[str]:
    """The keys stored for the current state, or `compute()`d (after the signature is taken, so a change
    made meanwhile makes them stale, never wrong) and stored."""
    current = signature(actors_dir, gazetteer_dir)
    keys = load(actors_dir, current)
    if keys is None:
        keys = keys_of(compute())
        if actors_dir.is_dir():
            save(actors_dir, current, keys)
    return keys
