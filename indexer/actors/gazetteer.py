"""Load gazetteer files: bundled resources/gazetteer/*.json plus the user's own files.

Format (``briefing-reader-gazetteer/1``)::

    {"format": "briefing-reader-gazetteer/1",
     "entries": [{"id": "vladimir-putin", "name": "Vladimir Putin", "type": "person",
                  "role": "President of Russia (2012-)", "aliases": ["Putin"], "country": "Russia"}]}

An entry may also have "prose_aliases": product or brand names ("Facebook" for Meta Platforms) that
name the actor only inside a sentence, never on a share row or a menu line.

A broken file or entry never stops the app: it is skipped and a warning naming the file says why.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from indexer.model import ACTOR_TYPES

log = logging.getLogger(__name__)

FORMAT = "briefing-reader-gazetteer/1"


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry."""

    id: str
    name: str
    type: str
    role: str = ""
    aliases: tuple[str, ...] = ()
    country: str = ""
    source: str = ""  # file it came from
    prose_aliases: tuple[str, ...] = ()  # brand names that count only inside a sentence


def bundled_paths() -> list[Path]:
    """Every resources/gazetteer/*.json shipped with the app (empty when the folder is missing)."""
    try:
        from indexer.paths import resource

        folder = resource("gazetteer")
    except (FileNotFoundError, OSError):
        return []
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def user_paths(state_dir: Path | None) -> list[Path]:
    """The user's gazetteer files in the library's actors folder."""
    if state_dir is None:
        return []
    paths = []
    single = state_dir / "gazetteer.json"
    if single.is_file():
        paths.append(single)
    folder = state_dir / "gazetteer"
    if folder.is_dir():
        paths.extend(sorted(folder.glob("*.json")))
    return paths


def load_file(path: Path) -> tuple[list[Entry], list[str]]:
    """Entries of one file and warnings about what was skipped."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], [f"Gazetteer file {path} was skipped: it is not readable JSON ({exc}). Fix or remove it."]
    raw = data.get("entries") if isinstance(data, dict) else data if isinstance(data, list) else None
    if not isinstance(raw, list):
        return [], [f"Gazetteer file {path} was skipped: expected an object with an \"entries\" list."]
    entries, warnings = [], []
    for n, item in enumerate(raw):
        entry, problem = _parse_entry(item, str(path))
        if entry is None:
            warnings.append(f"Gazetteer file {path}: entry {n + 1} skipped ({problem}).")
        else:
            entries.append(entry)
    return entries, warnings


def _parse_entry(item: object, source: str) -> tuple[Entry | None, str]:
    if not isinstance(item, dict):
        return None, "not an object"
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        return None, "missing \"name\""
    type_ = item.get("type", "")
    if type_ not in ACTOR_TYPES:
        return None, f"\"type\" must be one of {', '.join(ACTOR_TYPES)}, not {type_!r}"
    from indexer.actors.normalise import slug

    actor_id = item.get("id") or slug(name)
    if not isinstance(actor_id, str) or not actor_id.strip():
        return None, "bad \"id\""
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):
        return None, "\"aliases\" must be a list"
    role = item.get("role") or ""
    country = item.get("country") or ""
    prose = item.get("prose_aliases") or []
    if not isinstance(prose, list):
        return None, "\"prose_aliases\" must be a list"
    return (
        Entry(
            id=actor_id.strip(),
            name=name.strip(),
            type=type_,
            role=role if isinstance(role, str) else "",
            aliases=tuple(a.strip() for a in aliases if isinstance(a, str) and a.strip()),
            country=country if isinstance(country, str) else "",
            source=source,
            prose_aliases=tuple(a.strip() for a in prose if isinstance(a, str) and a.strip()),
        ),
        "",
    )


def load_gazetteer(paths: Iterable[Path], user: Sequence[Path] = ()) -> tuple[dict[str, Entry], list[str]]:
    """Entries by id from bundled `paths` then `user` files (a user entry replaces a bundled one)."""
    entries: dict[str, Entry] = {}
    warnings: list[str] = []
    for path in paths:
        found, problems = load_file(path)
        warnings += problems
        for entry in found:
            if entry.id in entries:
                warnings.append(f"Gazetteer file {path}: duplicate id {entry.id!r} ignored.")
            else:
                entries[entry.id] = entry
    for path in user:
        found, problems = load_file(path)
        warnings += problems
        for entry in found:
            entries[entry.id] = entry
    for warning in warnings:
        log.warning(warning)
    return entries, warnings
