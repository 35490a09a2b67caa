"""What a briefing says about places and people: the actor appendix and the local-path citation.

The appendix lists the actors of the excerpts as the analyst curated them (name, type, the aliases they
added), never the gazetteer's descriptions. A local file is cited relative to the home folder, never by
its absolute path. Qt-free.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from .model import ActorNote, Briefing, Excerpt


def home_relative(path: str) -> str:
    """A local path as a citation shows it: `~/...` under the home folder, else the file name alone."""
    if not path.strip():
        return ""
    if not os.path.isabs(path):
        return path
    normal = Path(os.path.normpath(path))
    try:
        return "~/" + normal.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):  # outside the home folder, or no home folder known
        return normal.name


def actor_notes(library: Any, briefing: Briefing) -> dict[str, ActorNote]:
    """The analyst's view of each actor named in the excerpts, keyed by the name the excerpt recorded.

    `library` gives `actor(name)` and `actor_curation(actor_id)` (indexer.library.Library); an actor it
    does not know (another library's briefing) is left out and listed from the excerpt's own record."""
    found: dict[str, Any] = {}
    for excerpt in briefing.excerpts():
        for name, _kind in excerpt_actors(excerpt):
            if name not in found:
                found[name] = library.actor(name)
    recorded = {}
    for name, actor in found.items():
        if actor is not None:
            recorded.setdefault(actor.id, []).append(name)
    return {name: _note(library, found[name], recorded[found[name].id]) for name in found if found[name] is not None}


def _note(library: Any, actor: Any, recorded_names: list[str]) -> ActorNote:
    added = list(library.actor_curation(actor.id).aliases)
    added += [n for n in recorded_names if n != actor.name]
    return ActorNote(actor.name, actor.type, tuple(dict.fromkeys(a for a in added if a != actor.name)))


def appendix_entries(briefing: Briefing, notes: Mapping[str, ActorNote] | None = None) -> list[ActorNote]:
    """One entry per actor of the excerpts, sorted by name: the analyst's note when given, else the name and
    type the excerpt recorded. Excerpt names that now are one actor (a merge) give one entry."""
    entries: dict[tuple[str, str], ActorNote] = {}
    for excerpt in briefing.excerpts():
        for name, kind in excerpt_actors(excerpt):
            note = (notes or {}).get(name) or ActorNote(name, kind)
            entries.setdefault((note.name, note.type), note)
    untyped = {e.name for e in entries.values() if e.type}  # a speaker recorded without a type, known with one
    kept = [e for k, e in entries.items() if k[1] or k[0] not in untyped]
    return sorted(kept, key=lambda n: (n.name.casefold(), n.name))


def excerpt_actors(excerpt: Excerpt) -> list[tuple[str, str]]:
    """(name, type) of the actors an excerpt recorded, then its quote's speaker when they do not name it
    (a briefing saved before speakers were recorded with the actors): the speaker's type is then unknown."""
    found = [(name, kind) for name, kind, _role in excerpt.actors]
    speaker = excerpt.speaker.strip()
    if speaker and all(name != speaker for name, _kind in found):
        found.append((speaker, ""))
    return found
