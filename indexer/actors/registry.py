"""Persistent state of the actors: the discovered-actor registry and the analyst's curation.

Both live in the library's actors folder as small JSON files written atomically
(temporary file in the same folder, then os.replace), so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from indexer.model import Actor

log = logging.getLogger(__name__)

DISCOVERED_FORMAT = "briefing-reader-discovered/1"
CURATION_FORMAT = "briefing-reader-curation/1"


def write_json_atomic(path: Path, data: object) -> None:
    """Write JSON to `path` through a temporary file in the same folder and os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read_json(path: Path, warnings: list[str]) -> dict | None:
    """A JSON object from `path`, or None (with a warning when the file exists but is unusable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        warnings.append(f"{path} could not be read ({exc}); it was ignored. Fix or delete it.")
        log.warning(warnings[-1])
        return None
    if not isinstance(data, dict):
        warnings.append(f"{path} is not a JSON object; it was ignored. Fix or delete it.")
        return None
    return data


@dataclass(frozen=True)
class CurationEntry:
    """What the analyst recorded about one raw actor id; undoing a curation puts this back."""

    actor_id: str
    merged_into: str = ""
    name: str = ""
    aliases: tuple[str, ...] = ()
    ignored: bool = False
    type: str = ""
    apart: tuple[str, ...] = ()  # the actors the analyst keeps apart from this one


@dataclass
class Curation:
    """The analyst's corrections, by raw actor id."""

    merges: dict[str, str] = field(default_factory=dict)  # merged id -> id it was merged into
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    ignored: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)
    apart: set[tuple[str, str]] = field(default_factory=set)  # pairs the analyst said are not one actor (sorted)

    def to_json(self) -> dict:
        return {
            "format": CURATION_FORMAT,
            "merges": dict(self.merges),
            "names": dict(self.names),
            "aliases": {k: list(v) for k, v in self.aliases.items()},
            "ignored": sorted(self.ignored),
            "types": dict(self.types),
            "apart": [list(pair) for pair in sorted(self.apart)],
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Curation:
        if not data:
            return cls()

        def str_map(name: str) -> dict[str, str]:
            raw = data.get(name)
            return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(raw, dict) else {}

        raw_aliases = data.get("aliases") if isinstance(data.get("aliases"), dict) else {}
        aliases = {
            k: [a for a in v if isinstance(a, str)] for k, v in raw_aliases.items() if isinstance(v, list)
        }
        ignored = data.get("ignored") if isinstance(data.get("ignored"), list) else []
        return cls(
            merges=str_map("merges"),
            names=str_map("names"),
            aliases=aliases,
            ignored={i for i in ignored if isinstance(i, str)},
            types=str_map("types"),
            apart=_pairs(data.get("apart")),
        )

    def entry(self, actor_id: str) -> CurationEntry:
        return CurationEntry(actor_id, self.merges.get(actor_id, ""), self.names.get(actor_id, ""),
                             tuple(self.aliases.get(actor_id, ())), actor_id in self.ignored,
                             self.types.get(actor_id, ""),
                             tuple(sorted(other for pair in self.apart if actor_id in pair for other in pair
                                          if other != actor_id)))

    def set_entry(self, entry: CurationEntry) -> None:
        """Make the record of entry.actor_id exactly `entry` (empty fields are removed)."""
        key = entry.actor_id
        for mapping, value in ((self.merges, entry.merged_into), (self.names, entry.name),
                               (self.aliases, list(entry.aliases)), (self.types, entry.type)):
            if value:
                mapping[key] = value
            else:
                mapping.pop(key, None)
        if entry.ignored:
            self.ignored.add(key)
        else:
            self.ignored.discard(key)
        self.apart = {pair for pair in self.apart if key not in pair}
        self.apart |= {tuple(sorted((key, other))) for other in entry.apart if other and other != key}

    def canonical(self, actor_id: str) -> str:
        """Follow the merge chain (cycle-safe)."""
        if actor_id not in self.merges:  # the common case: never merged
            return actor_id
        seen = set()
        while actor_id in self.merges and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.merges[actor_id]
        return actor_id


def _pairs(raw) -> set[tuple[str, str]]:
    """The kept-apart pairs of a stored curation: two different ids each, sorted (bad entries skipped)."""
    if not isinstance(raw, list):
        return set()
    return {tuple(sorted(p)) for p in raw
            if isinstance(p, list) and len(p) == 2 and all(isinstance(i, str) and i for i in p) and p[0] != p[1]}


class DiscoveredRegistry:
    """Actors discovered from context, by id, and the gazetteer people the library has named in full.

    `seen` lets a bare surname resolve library-wide: "Bush" alone is George W. Bush when he is the
    only person of that surname the library has met by full name."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.seen: set[str] = set()

    def add(self, actor: Actor) -> None:
        old = self.actors.get(actor.id)
        if old is None:
            self.actors[actor.id] = actor
            return
        aliases = tuple(dict.fromkeys(old.aliases + tuple(a for a in actor.aliases if a != old.name)))
        role = old.role or actor.role
        if aliases != old.aliases or role != old.role:
            self.actors[actor.id] = Actor(old.id, old.name, old.type, role, aliases, True)

    def to_json(self) -> dict:
        return {
            "format": DISCOVERED_FORMAT,
            "seen": sorted(self.seen),
            "actors": [
                {"id": a.id, "name": a.name, "type": a.type, "role": a.role, "aliases": list(a.aliases)}
                for a in sorted(self.actors.values(), key=lambda a: a.id)
            ],
        }

    def load_json(self, data: dict | None) -> None:
        """Add the actors of a discovered.json document (bad entries are skipped)."""
        from indexer.model import ACTOR_TYPES

        seen = data.get("seen") if data else None
        self.seen |= {s for s in seen if isinstance(s, str)} if isinstance(seen, list) else set()
        items = data.get("actors") if data else None
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            actor_id, name, type_ = item.get("id"), item.get("name"), item.get("type")
            if not (isinstance(actor_id, str) and isinstance(name, str) and type_ in (*ACTOR_TYPES, "document")):
                continue
            aliases = tuple(a for a in item.get("aliases") or [] if isinstance(a, str))
            role = item.get("role") if isinstance(item.get("role"), str) else ""
            self.add(Actor(actor_id, name, type_, role, aliases, True))
