"""Actors: recognise, unify and discover the people, organisations and places in articles.

`ActorEngine` is the one entry point the library uses::

    engine = ActorEngine(state_dir=library / "actors")
    mentions, quotes = engine.analyse(text, article_id)
    engine.save()

It combines the gazetteer matcher (recognise.py), discovery from context (discover.py), coreference
within an article, the discovered-actor registry and the analyst's curation (registry.py), and quote
attribution (quotes.py).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from indexer.actors.discover import (
    ATTRIBUTION_VERBS,
    DAYS_MONTHS,
    DEMONYMS,
    GIVEN_NAMES,
    NON_NAME,
    STOP,
    Found,
    Run,
    assemble,
    byline_names,
    capitalised_runs,
    classify_run,
    credit_zones,
    discover,
    examined_runs,
    is_role_phrase,
    skipped_zones,
)
from indexer.actors.gazetteer import Entry, bundled_paths, load_gazetteer, user_paths
from indexer.actors.inflect import InflectedIndex, is_given_name_form, matches_word, word_pattern, word_stems
from indexer.actors.translit import (
    CYRILLIC_RE,
    cyrillic_people,
    first_names_agree,
    given_names_equivalent,
    latin_key,
    similar_surnames,
)
from indexer.actors.owner import is_generic, qualifiers
from indexer.actors.variants import NameBuckets, first_names_close, same_first_name, specific_role_overlap
from indexer.actors.gender import is_given_name
from indexer.actors.normalise import (
    NICKNAMES,
    FoldedText,
    fold_key,
    name_variants,
    slug,
    strip_titles,
    token_variants,
)
from indexer.actors.documents import DOCUMENT, add_document_speakers
from indexer.actors.prepare import ACTOR_PREP, ActorPrep
from indexer.actors.quotes import attribute_quotes, quote_spans
from indexer.actors.recognise import (
    ALIAS,
    COMMON_WORDS,
    SURNAME_FIRST,
    STRONG,
    WEAK,
    AliasIndex,
    Candidate,
    KeyInfo,
    is_acronym,
    match,
    select,
    surname_keys,
)
from indexer.actors.registry import (
    Curation,
    CurationEntry,
    DiscoveredRegistry,
    read_json,
    write_json_atomic,
)
from indexer.model import ACTOR_TYPES, Actor, Mention, Quote
from indexer.paths import file_stamp

__all__ = ["ActorDocuments", "ActorEngine", "FolderDocuments"]

log = logging.getLogger(__name__)

_DEMONYM_KEYS = frozenset(d.lower() for d in DEMONYMS)
_DEMONYM_RE = re.compile(r"\b(?:" + "|".join(sorted(DEMONYMS, key=len, reverse=True)) + r")\b")
# Bodies every country has under the same words: "the Armed Forces" belong to the country named before.
_ANY_COUNTRYS = frozenset("armed forces force national guard army navy air military police special border service".split())
_OWNER_WINDOW = 600  # characters before a generic body where its country may be named
_BASE_CACHE: dict[tuple, tuple[AliasIndex, dict[str, set[str]], InflectedIndex]] = {}


def _base_index(entries: dict[str, Entry], signature: tuple) -> tuple[AliasIndex, dict[str, set[str]], InflectedIndex]:
    """The gazetteer's alias index, surname index and Cyrillic case-ending index, cached per set of files."""
    cached = _BASE_CACHE.get(signature)
    if cached is not None:
        return cached
    index = AliasIndex()
    inflected = InflectedIndex()
    surnames: dict[str, set[str]] = {}
    for entry in entries.values():
        for alias in (entry.name, *entry.aliases):
            if alias not in entry.prose_aliases:  # a brand's own name may be prose-only: "Telegram"
                index.add_name(entry.id, alias, entry.type, entry.country)
                inflected.add_name(entry.id, alias, entry.type)
        for alias in entry.prose_aliases:
            index.add_name(entry.id, alias, entry.type, entry.country, prose=True)
        if entry.type == "person":
            for key in surname_keys(entry.name, entry.country):
                for variant in _surname_variants(key):
                    surnames.setdefault(variant, set()).add(entry.id)
    for key, ids in surnames.items():  # unique surnames also match alone ("Lavrov", "Xi")
        if len(ids) == 1 and len(key) > 1:
            index.add(key, _weak(next(iter(ids))))
    index.automaton()
    if len(_BASE_CACHE) > 8:
        _BASE_CACHE.clear()
    _BASE_CACHE[signature] = (index, surnames, inflected)
    return index, surnames, inflected


def _weak(actor_id: str) -> KeyInfo:
    return KeyInfo(actor_id, WEAK)


def _surname_variants(key: str) -> set[str]:
    parts = key.split()
    if len(parts) == 1:
        return token_variants(parts[0])
    return {key}


def _rare_first_name(token: str) -> bool:
    """A first name that names one person when used alone ('saddam', 'fidel'), not 'george' or 'mark'."""
    return (
        len(token) >= 4 and token not in GIVEN_NAMES and token not in NICKNAMES and token not in COMMON_WORDS
        and token not in _DEMONYM_KEYS  # "German" Gref: a demonym alone is never him
    )


CURATION, DISCOVERED = "curation.json", "discovered.json"  # the engine's documents (FolderDocuments' file names)


class ActorDocuments(Protocol):
    """Where the engine keeps its JSON documents (CURATION, DISCOVERED): files in a library folder's actors/
    (FolderDocuments), or a table of a team library's database (pg_store.PgActorDocuments)."""

    def read(self, name: str) -> dict | None:
        """The document, or None when there is none (or it is unusable: logged)."""

    def write(self, name: str, data: dict) -> None: ...

    def update(self, name: str, change: Callable[[dict | None], dict]) -> None:
        """Write `change(the freshest document)`; where several analysts share the documents, atomically."""

    def stamp(self) -> dict:
        """A cheap signature of every document: it differs once any of them has been written."""


class FolderDocuments:
    """The documents as JSON files in one folder, each written atomically (temporary file, os.replace)."""

    def __init__(self, folder: Path, warnings: list[str] | None = None):
        self.folder = Path(folder)
        self.warnings = warnings if warnings is not None else []

    def read(self, name: str) -> dict | None:
        return read_json(self.folder / name, self.warnings)

    def write(self, name: str, data: dict) -> None:
        write_json_atomic(self.folder / name, data)

    def update(self, name: str, change: Callable[[dict | None], dict]) -> None:
        """Read, change, write: one analyst's folder, so no lock (as before the seam)."""
        self.write(name, change(self.read(name)))

    def stamp(self) -> dict:
        return {name: file_stamp(self.folder / name) for name in (CURATION, DISCOVERED)}


def _signature(paths: Sequence[Path]) -> tuple:
    sig = []
    for path in paths:
        try:
            st = Path(path).stat()
            sig.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            sig.append((str(path), 0, 0))
    return tuple(sig)


def changed_since(entry: CurationEntry) -> str:
    """Why an undo of a curation changed nothing: the actor's record is no longer as the step left it."""
    return (f"“{entry.name or entry.actor_id}” was changed by another analyst or window since this step; the step "
            "was not undone, so their change stays.")


class ActorEngine:
    """Recognition, discovery, unification and curation of actors for one library."""

    def __init__(
        self, state_dir: Path | None = None, gazetteer_paths: Sequence[Path] | None = None, *, demonyms: bool = False,
        documents: ActorDocuments | None = None,
    ):
        """`demonyms=True` also reports demonyms ("British") as mentions of their country. Curation and
        discovered actors are kept in `documents` (default: files in `state_dir`); the user's own gazetteer
        files are read from `state_dir`."""
        self.demonyms = demonyms
        self.state_dir = Path(state_dir) if state_dir is not None else None
        bundled = list(gazetteer_paths) if gazetteer_paths is not None else bundled_paths()
        user = user_paths(self.state_dir)
        self._entries, self.warnings = load_gazetteer(bundled, user)
        if documents is None and self.state_dir is not None:
            documents = FolderDocuments(self.state_dir, self.warnings)
        self._documents = documents
        self.gazetteer_signature = _signature(bundled + user)  # the files an ActorPrep must have matched with
        self._index, self._surnames, self._inflected = _base_index(self._entries, self.gazetteer_signature)
        self._buckets = NameBuckets()  # every surname key, for spelling variants (variants.py)
        for key in self._surnames:
            self._buckets.add(key)
        self._registry = DiscoveredRegistry()
        self._reg_keys: dict[str, set[str]] = {}
        self._document_keys: dict[str, set[str]] = {}  # quoted documents, found by name (resolve) but never in text
        self._reg_first: set[str] = set()  # first word of every registry key, a cheap pre-filter
        # _known_type's lookups: key -> the actor id whose type answers (None: no actor). Dropped per key when
        # the registry gains that key, whole when curation changes (the types are read fresh each time).
        self._known_ids: dict[str, str | None] = {}
        self._lib_names: dict[str, set[str]] = {}  # surname or rare first name -> people named in full
        self._lib_trusted: set[str] = set()  # of those, the ones a bare name may resolve to without a cue
        self._curation = Curation()
        self._extra = AliasIndex()
        self._extra_inflected = InflectedIndex()
        self._lock = threading.RLock()  # analyse() and curation may be called from worker threads
        self.reload()

    # ------------------------------------------------------------------ state
    def reload(self) -> None:
        """Re-read curation and the discovered registry (another process or analyst may have changed them)."""
        with self._lock:
            self._reload()

    def _reload(self) -> None:
        if self._documents is not None:
            self._registry.load_json(self._documents.read(DISCOVERED))
            for actor in list(self._registry.actors.values()):
                self._index_discovered(actor)
            for actor_id in self._registry.seen:
                self._index_seen(actor_id)
        self._curation = self._read_curation()
        self._rebuild_extra()

    def _read_curation(self) -> Curation:
        return Curation.from_json(self._documents.read(CURATION)) if self._documents is not None else Curation()

    def save(self) -> None:
        """Persist the discovered-actor registry (merged with what another process may have saved)."""
        with self._lock:
            self._save()

    def _save(self) -> None:
        if self._documents is None:
            return
        merged = DiscoveredRegistry()

        def merge(stored: dict | None) -> dict:
            merged.load_json(stored)
            for actor in self._registry.actors.values():
                merged.add(actor)
            merged.seen |= self._registry.seen
            return merged.to_json()

        self._documents.update(DISCOVERED, merge)
        known, seen = self._registry.actors, self._registry.seen
        self._registry = merged
        # Indexing only adds keys: an actor indexed already, unchanged, would add nothing.
        for actor in merged.actors.values():
            if known.get(actor.id) != actor:
                self._index_discovered(actor)
        for actor_id in merged.seen - seen:
            self._index_seen(actor_id)

    def _index_discovered(self, actor: Actor) -> None:
        if actor.type == DOCUMENT:  # a quoted document: the analyst can name it, the text never finds it
            self._document_keys.setdefault(fold_key(actor.name), set()).add(actor.id)
            return
        if is_role_phrase(actor.name) or self._superseded(actor):
            return  # "Secretary of State"; junk an older version registered
        for alias in (actor.name, *actor.aliases):
            if is_acronym(alias):
                keys = {fold_key(alias), fold_key(alias).replace(" ", "")}
            else:
                keys = name_variants(alias, person=actor.type == "person")
            for key in keys:
                self._reg_keys.setdefault(key, set()).add(actor.id)
                self._reg_first.add(key.split(" ", 1)[0])
                self._known_ids.pop(key, None)
        if actor.type == "person":
            first = fold_key(actor.name).split()[0]
            self._index_person(actor.id, actor.name, "", trusted=bool(actor.role) or first in GIVEN_NAMES)

    def _superseded(self, actor: Actor) -> bool:
        """A person an older version registered who is now no one ('Mark R', a surname cut off with its page)
        or a known person ('Volodymyr Medinsky', the gazetteer's one Vladimir Medinsky): never matched again,
        so the next import or rebuild finds the name as it would today."""
        if actor.type != "person":
            return False
        tokens = strip_titles(fold_key(actor.name).split())
        if len(tokens) < 2:
            return False
        if len(tokens[-1]) == 1 and not actor.name.rstrip().endswith("."):
            return True
        ids = self._surnames.get(tokens[-1], set())
        if len(ids) != 1:
            return False
        known = strip_titles(fold_key(self._entries[next(iter(ids))].name).split())
        return len(known) > 1 and given_names_equivalent(tokens[0], known[0])

    def _index_person(self, actor_id: str, name: str, country: str, trusted: bool) -> None:
        """File a person named in full under their surname and, when rare, their first name ('Saddam')."""
        keys = [v for key in surname_keys(name, country) for v in _surname_variants(key)]
        tokens = strip_titles(fold_key(name).split())
        first = tokens[0] if len(tokens) > 1 else ""
        if first and tokens[-1] in COMMON_WORDS and len(tokens[-1]) > 2:
            keys.append(tokens[-1])  # "Rice": matched alone only before "said" (see _lone_names)
        if first and _rare_first_name(first) and country.strip().lower() not in SURNAME_FIRST:
            keys.append(first)
        for key in keys:
            if key in NON_NAME or key in STOP or key in DAYS_MONTHS:
                continue  # "Christmas", "Street": never a person alone
            self._lib_names.setdefault(key, set()).add(actor_id)
            self._buckets.add(key)
        if trusted:
            self._lib_trusted.add(actor_id)

    def _index_seen(self, actor_id: str) -> None:
        entry = self._entries.get(actor_id)
        if entry is not None and entry.type == "person":
            self._index_person(actor_id, entry.name, entry.country, trusted=True)

    def _note_seen(self, actor_id: str) -> None:
        """A gazetteer person named in full in this library: from now on a bare surname may mean them."""
        if actor_id not in self._registry.seen and actor_id in self._entries:
            self._registry.seen.add(actor_id)
            self._index_seen(actor_id)

    def name_and_role(self, actor_id: str) -> tuple[str, str]:
        """Raw name and role of a gazetteer or discovered actor ('', '' when unknown)."""
        entry = self._entries.get(actor_id)
        if entry is not None:
            return entry.name, entry.role
        actor = self._registry.actors.get(actor_id)
        return (actor.name, actor.role) if actor is not None else ("", "")

    def library_person(self, key: str, trusted: bool = False) -> str | None:
        """The one person (canonical id) the library has named in full whose surname or rare first name is `key`."""
        ids = {self.canonical_id(i) for i in self._lib_names.get(key, ())} - {None}
        if len(ids) != 1:
            return None
        (actor_id,) = ids
        if trusted and not self.member_ids(actor_id) & self._lib_trusted:
            return None
        return actor_id

    def _rebuild_extra(self) -> None:
        """Matcher for the analyst's own aliases and names (small; rebuilt after each curation)."""
        extra, inflected = AliasIndex(), InflectedIndex()
        cur = self._curation
        for actor_id, aliases in cur.aliases.items():
            for alias in aliases:
                extra.add_name(actor_id, alias, self._raw_type(actor_id), strength=None)
                inflected.add_name(actor_id, alias, self._raw_type(actor_id))
        for actor_id, name in cur.names.items():
            extra.add_name(actor_id, name, self._raw_type(actor_id))
            inflected.add_name(actor_id, name, self._raw_type(actor_id))
        self._extra, self._extra_inflected = extra, inflected
        self._known_ids.clear()

    # ------------------------------------------------------------------ ids and actors
    def _known(self, actor_id: str) -> bool:
        return actor_id in self._entries or actor_id in self._registry.actors

    def _raw_type(self, actor_id: str) -> str:
        if actor_id in self._curation.types:
            return self._curation.types[actor_id]
        if actor_id in self._entries:
            return self._entries[actor_id].type
        actor = self._registry.actors.get(actor_id)
        return actor.type if actor else "person"

    def canonical_id(self, actor_id: str) -> str | None:
        """Follow the merge chain; None when the actor is ignored."""
        canon = self._curation.canonical(actor_id)
        if canon in self._curation.ignored or actor_id in self._curation.ignored:
            return None
        return canon

    def member_ids(self, canonical_id: str) -> set[str]:
        """Every raw id that now maps to `canonical_id` (itself and what was merged into it)."""
        canonical = self._curation.canonical
        return {canonical_id} | {i for i in self._curation.merges if canonical(i) == canonical_id}

    def actor(self, actor_id: str) -> Actor | None:
        """The actor after curation (follows merges); None if unknown or ignored."""
        canon = self.canonical_id(actor_id)
        if canon is None or not self._known(canon):
            return None
        entry = self._entries.get(canon)
        base = self._registry.actors.get(canon)
        name = self._curation.names.get(canon) or (entry.name if entry else base.name)
        role = entry.role if entry else base.role
        aliases: list[str] = []
        for member in sorted(self.member_ids(canon)):
            e, d = self._entries.get(member), self._registry.actors.get(member)
            if e:
                aliases += [e.name, *e.aliases, *e.prose_aliases]
            elif d:
                aliases += [d.name, *d.aliases]
            aliases += self._curation.aliases.get(member, [])
            if member != canon and member in self._curation.names:
                aliases.append(self._curation.names[member])
        if entry is not None and self._curation.names.get(canon):
            aliases.append(entry.name)
        uniq = tuple(a for a in dict.fromkeys(aliases) if a != name)
        return Actor(canon, name, self._raw_type(canon), role, uniq, entry is None)

    def all_actors(self) -> list[Actor]:
        """Gazetteer and discovered actors after curation, ignored ones excluded."""
        out = []
        for actor_id in list(self._entries) + list(self._registry.actors):
            if self._curation.canonical(actor_id) == actor_id:
                actor = self.actor(actor_id)
                if actor is not None:
                    out.append(actor)
        return out

    def resolve(self, name_or_id: str) -> list[str]:
        """Canonical ids for any alias, name or id (case, diacritics and punctuation insensitive)."""
        raw: list[str] = []
        if self._known(name_or_id.strip()):
            raw.append(name_or_id.strip())
        key = fold_key(name_or_id)
        for index in (self._extra, self._index):
            infos = sorted(index.lookup(key).values(), key=lambda i: -i.strength)
            raw += [i.actor_id for i in infos]
        if " " in key:
            raw += sorted(self._index.lookup(key.replace(" ", "")))
        raw += sorted(self._reg_keys.get(key, ()))
        raw += sorted(self._document_keys.get(key, ()))
        if not raw and CYRILLIC_RE.search(name_or_id):
            raw += self.inflected_ids(name_or_id.strip())
        out = []
        for actor_id in raw:
            canon = self.canonical_id(actor_id)
            if canon is not None and canon not in out:
                out.append(canon)
        return out

    def inflected_ids(self, name: str) -> list[str]:
        """The actors a Cyrillic name is an inflected form of, as a whole ('Уиткоффа', 'Віткоффом', 'Путіну'),
        found as the article's words are (see inflect.InflectedIndex)."""
        text = FoldedText(name.title() if name.islower() else name)  # typed in lower case, as queries often are
        return [actor_id for index in (self._extra_inflected, self._inflected) for found in index.match(text)
                if found.start == 0 and found.end == len(name) for actor_id in found.ids]

    # ------------------------------------------------------------------ curation
    def _require(self, actor_id: str) -> str:
        if not isinstance(actor_id, str) or not self._known(actor_id):
            raise ValueError(f"Unknown actor id {actor_id!r}. List the ids with `briefing-index actors`.")
        return self._curation.canonical(actor_id)

    def _curate(self, change) -> None:
        """Apply one change to the freshest stored curation, persist it atomically, rebuild matchers."""
        with self._lock:
            fresh = [Curation()]

            def changed(stored: dict | None) -> dict:
                fresh[0] = Curation.from_json(stored)
                change(fresh[0])
                return fresh[0].to_json()

            if self._documents is None:
                change(fresh[0])
            else:
                self._documents.update(CURATION, changed)
            self._curation = fresh[0]  # only once stored: a refused write (read-only) changes nothing
            self._rebuild_extra()

    def curation_entry(self, actor_id: str) -> CurationEntry:
        """The analyst's record of the actor a curation of `actor_id` changes (for undo), as stored now."""
        curation = self._read_curation()
        return curation.entry(curation.canonical(actor_id))

    def restore_curation_entry(self, entry: CurationEntry, expected: CurationEntry | None = None) -> None:
        """Put back one actor's record as curation_entry returned it (undo). With `expected` (the record as
        the undone step left it), only while the stored record is still that: a ValueError says when another
        analyst or window changed the actor since, and nothing is changed."""
        def change(curation: Curation) -> None:
            if expected is not None and curation.entry(expected.actor_id) != expected:
                raise ValueError(changed_since(expected))
            curation.set_entry(entry)

        self._curate(change)

    def merge(self, keep_id: str, other_id: str) -> None:
        """Make `other_id` (and everything merged into it) the same actor as `keep_id`."""
        self._require(keep_id)
        self._require(other_id)
        self._curation = self._read_curation()
        keep, other = self._curation.canonical(keep_id), self._curation.canonical(other_id)
        if keep == other:
            raise ValueError(f"{keep_id!r} and {other_id!r} are already the same actor.")
        self._curate(lambda c: c.merges.__setitem__(other, keep))

    def rename(self, actor_id: str, name: str) -> None:
        canon = self._require(actor_id)
        if not isinstance(name, str) or not fold_key(name):
            raise ValueError(f"A new name for {actor_id!r} must contain letters or digits, not {name!r}.")
        self._curate(lambda c: c.names.__setitem__(canon, " ".join(name.split())))

    def add_alias(self, actor_id: str, alias: str) -> None:
        canon = self._require(actor_id)
        if not isinstance(alias, str) or not fold_key(alias):
            raise ValueError(f"An alias for {actor_id!r} must contain letters or digits, not {alias!r}.")

        def change(c: Curation) -> None:
            values = c.aliases.setdefault(canon, [])
            if alias.strip() not in values:
                values.append(alias.strip())

        self._curate(change)

    def ignore(self, actor_id: str) -> None:
        canon = self._require(actor_id)
        self._curate(lambda c: c.ignored.add(canon))

    def unignore(self, actor_id: str) -> None:
        self._require(actor_id)
        canon = self._curation.canonical(actor_id)
        if actor_id not in self._curation.ignored and canon not in self._curation.ignored:
            raise ValueError(f"Actor {actor_id!r} is not ignored.")
        self._curate(lambda c: c.ignored.difference_update({actor_id, canon}))

    def keep_apart(self, actor_id: str, other_id: str) -> None:
        """Record that these two are different actors: they are never suggested as one again."""
        pair = tuple(sorted((self._require(actor_id), self._require(other_id))))
        if pair[0] == pair[1]:
            raise ValueError(f"{actor_id!r} and {other_id!r} are already the same actor.")
        self._curate(lambda c: c.apart.add(pair))

    def kept_apart(self) -> set[frozenset[str]]:
        """The pairs the analyst keeps apart, by their canonical ids now (a pair merged since is left out)."""
        pairs = {frozenset(self._curation.canonical(i) for i in pair) for pair in self._curation.apart}
        return {pair for pair in pairs if len(pair) == 2}

    def set_type(self, actor_id: str, type_: str) -> None:
        canon = self._require(actor_id)
        if type_ not in ACTOR_TYPES:
            raise ValueError(f"Actor type must be one of {', '.join(ACTOR_TYPES)}, not {type_!r}.")
        self._curate(lambda c: c.types.__setitem__(canon, type_))

    # ------------------------------------------------------------------ analysis
    def analyse(
        self, text: str, article_id: str = "", authors: Sequence[str] = (), prep: ActorPrep | None = None
    ) -> tuple[list[Mention], list[Quote]]:
        """Mentions (sorted, non-overlapping, after curation) and quotes of one article.

        `authors` are the article's own byline names ("Ann Lee and Tom Hale"): they are never its actors.
        `prep` is the stateless part of the analysis made beforehand (in an import worker, see prepare):
        used when it fits this engine, else recomputed; the result is the same either way."""
        if not text or not text.strip():
            return [], []
        with self._lock:
            return _Analysis(self, text, authors, self._usable(prep, text)).run(article_id)

    def prepare(self, text: str, discover: bool = True) -> ActorPrep | None:
        """The part of analyse() that depends only on the text and the gazetteer files (folding, gazetteer
        matches, capitalised runs, credit zones, bylines, Cyrillic names, quoted passages); with `discover`,
        also discovery with the answers it relied on, so analyse() can check them against the registry of its
        own time (more work moved, at a higher price: see pipeline.ACTOR_LEAD). None for no text."""
        if not text or not text.strip():
            return None
        with self._lock:
            return _Analysis(self, text).prepared(discover)

    def _usable(self, prep: ActorPrep | None, text: str) -> ActorPrep | None:
        """`prep` when it was made from this text with this engine's gazetteer files, else None (counted)."""
        if prep is None:
            return None
        if prep.signature != self.gazetteer_signature or prep.folded.text != text:
            ACTOR_PREP.add("prep", "stale")
            return None
        ACTOR_PREP.add("prep", "worker")
        return prep

    def _known_type(self, key: str) -> str | None:
        """The type of the known actor `key` names (gazetteer, the analyst's names, the registry), else None."""
        if key in self._known_ids:
            actor_id = self._known_ids[key]
        else:
            actor_id = self._known_ids[key] = self._known_id(key)
        return None if actor_id is None else self._raw_type(actor_id)

    def _known_id(self, key: str) -> str | None:
        for index in (self._index, self._extra):
            infos = index.lookup(key)
            for info in infos.values():
                if info.strength >= ALIAS or len(infos) == 1:
                    return info.actor_id
        ids = self._reg_keys.get(key)
        if ids:
            return min(ids)
        return None

    def _register(self, found: Found) -> str:
        """Add a discovered actor to the registry (in memory until save()); a Cyrillic name also gets its
        transliteration as an alias, so the Latin spelling in another article is the same actor."""
        actor_id = discovered_id(found.name)
        latin = (latin_key(found.name).title(),) if CYRILLIC_RE.search(found.name) and found.type == "person" else ()
        actor = Actor(actor_id, " ".join(found.name.split()), found.type, found.role, latin, True)
        if actor_id not in self._registry.actors:
            self._registry.add(actor)
            self._index_discovered(actor)
        return actor_id

    def _register_document(self, name: str) -> str:
        """A document quoted as a speaker ("joint statement"): a discovered actor of type document, never
        looked up by name in other articles; its id after curation ("" when ignored)."""
        actor_id = discovered_id(name)
        if actor_id not in self._registry.actors:
            shown = " ".join(name.split())
            self._registry.add(Actor(actor_id, shown[:1].upper() + shown[1:], DOCUMENT, "", (), True))
            self._index_discovered(self._registry.actors[actor_id])
        return self.canonical_id(actor_id) or ""

    def _add_discovered_alias(self, actor_id: str, alias: str) -> None:
        actor = self._registry.actors.get(actor_id)
        if actor is not None and alias not in actor.aliases and alias != actor.name:
            updated = Actor(actor.id, actor.name, actor.type, actor.role, actor.aliases + (alias,), True)
            self._registry.actors[actor_id] = updated
            self._index_discovered(updated)


class _Analysis:
    """One article's analysis: candidates from every source, coreference, curation, quotes."""

    def __init__(
        self, engine: ActorEngine, text: str, authors: Sequence[str] = (), prep: ActorPrep | None = None
    ) -> None:
        self.engine = engine
        self.text = text
        self.prep = prep
        self.credits = prep.credits if prep else credit_zones(text)
        self.bylines = prep.bylines if prep else tuple(byline_names(text))
        self.author_keys = _author_keys([*authors, *self.bylines])
        self.ft = prep.folded if prep else FoldedText(text)
        self.runs: list[Run] = prep.runs if prep else capitalised_runs(text)
        self.acronyms: dict[str, str] = {}
        self.pending: dict[str, Found] = {}  # new discovered actors, registered only if a mention survives
        self.pending_aliases: list[tuple[str, str]] = []
        self.org_heads: dict[str, str] = {}  # "abc" -> abc-news when "ABC News" is named in this article
        self.ambiguous_surnames: set[str] = set()  # surnames this article gives in full to two people
        self.named_later: dict[str, int] = {}  # a known person's surname -> where a namesake is named in full

    def prepared(self, discover: bool = True) -> ActorPrep:
        """The stateless part of run() and, with `discover`, discovery's result per examined run with the
        answers it asked for."""
        eng, text = self.engine, self.text
        base, inflected = self._base_matches()
        covered, answers, classified = None, {}, None
        zones = skipped_zones(text, self.credits)
        if discover:
            _cands, _foreign, covered = self._candidates(base, inflected)
            known = _Recorder(eng._known_type)
            classified = tuple((run, classify_run(text, run, known), known.run_keys())
                               for run in examined_runs(text, self.runs, covered, self.credits, zones))
            answers = known.answers
        return ActorPrep(
            eng.gazetteer_signature, self.credits, self.bylines, self.ft, self.runs, base, inflected,
            cyrillic_people(text, eng._inflected.given_names), covered, answers, classified, quote_spans(text),
            zones,
        )

    def _base_matches(self) -> tuple[list[Candidate], list[Candidate]]:
        """Matches of the gazetteer's names and of their Cyrillic inflected forms (from the prep when given)."""
        if self.prep is not None:
            return self.prep.matches, self.prep.inflected
        return match(self.engine._index, self.ft), self.engine._inflected.match(self.ft)

    def _candidates(self, base: list[Candidate], inflected: list[Candidate]):
        """(candidates, those owned by another country, the spans discovery need not examine)."""
        eng = self.engine
        cands = base + match(eng._extra, self.ft) + self._registry_matches()
        cands += inflected + eng._extra_inflected.match(self.ft)
        cands = [c for c in self._outside_credits(cands) if not self._in_a_title(c)]
        foreign = [c for c in cands if self._owned_by_another(c)]
        cands = [c for c in cands if not any(f.start <= c.start and c.end <= f.end for f in foreign)]
        covered = frozenset((c.start, c.end) for c in cands + foreign if len(c.ids) == 1 and not c.discovered)
        return cands, foreign, covered

    def _discovered(self, covered: frozenset[tuple[int, int]]) -> list[Found]:
        """discover() now, or from the prep when it examined the same runs: each run's result is kept while
        every answer it asked of the engine is still the same (the registry grows during an import), else
        that run is classified again. The result is what discover() gives."""
        eng, prep = self.engine, self.prep
        if prep is None or prep.classified is None or prep.covered != covered:
            if prep is not None:
                ACTOR_PREP.add("discover", "library" if prep.classified is None else "covered")
            zones = prep.zones if prep else None
            return discover(self.text, eng._known_type, self.runs, covered, self.credits, zones)
        changed = {key for key, kind in prep.answers.items() if eng._known_type(key) != kind}
        items, again = [], 0
        for run, item, asked in prep.classified:
            if changed and not changed.isdisjoint(asked):
                again += 1
                item = classify_run(self.text, run, eng._known_type)
            items.append(item)
        _count_runs(len(items) - again, again)
        ACTOR_PREP.add("discover", "worker")
        return assemble(self.text, items)

    def run(self, article_id: str) -> tuple[list[Mention], list[Quote]]:
        eng, text = self.engine, self.text
        cands, foreign, covered = self._candidates(*self._base_matches())
        founds = self._discovered(covered) + self._owned_bodies(foreign)
        founds += list(self.prep.cyrillic) if self.prep else cyrillic_people(text, eng._inflected.given_names)
        self._cands_so_far = cands  # for _country_mentions, computed only when a generic body needs it
        self.countries: list[tuple[int, str]] | None = None
        founds = [owned for f in founds if (owned := self._with_owner(f)) is not None]
        later = [f for f in founds if f.cue == "defined"]
        later += [f for f in founds if f.cue != "defined" and (f.cue == "acronym" or " " not in f.name.strip())]
        postponed = {id(f) for f in later}
        cands += [self._found_candidate(f) for f in founds if id(f) not in postponed]
        first = self._disambiguate(select(cands), cands)
        surnames = self._without_known_namesakes(self._article_surnames(first), first)
        self.org_heads = self._org_heads(first)
        for f in later:
            cands.append(self._found_candidate(f, surnames))
        later_names = (self._coreference(surnames) + self._inflected_coreference(surnames)
                       + self._variant_coreference(surnames) + self._lone_names())
        cands += self._outside_credits(later_names)
        cands = [c for c in cands if not self._someone_elses_surname(c, surnames)]
        if eng.demonyms:
            cands += self._demonyms()
        chosen = self._not_authors(self._disambiguate(select(cands), cands))
        self._register_survivors(chosen)
        self._note_full_names(chosen)
        mentions = self._curated(chosen)
        spans = self.prep.quote_spans if self.prep else None
        quotes, documents = attribute_quotes(text, mentions, article_id, eng._raw_type, spans, self._full_name,
                                             self._names_of)
        return add_document_speakers(text, mentions, quotes, documents, eng._register_document)

    def _full_name(self, actor_id: str) -> str:
        """An actor's full name as the gazetteer or the registry has it ("" when unknown): its first name tells
        the quotes which pronoun fits ("Rubio said …" then "she said" is someone else)."""
        return next(iter(self._names_of(actor_id)), "")

    def _names_of(self, actor_id: str) -> tuple[str, ...]:
        """An actor's name and aliases (gazetteer or registry): the quotes tell a nominative by them."""
        entry = self.engine._entries.get(actor_id)
        if entry is not None:
            return (entry.name, *entry.aliases)
        found = self.pending.get(actor_id) or self.engine._registry.actors.get(actor_id)
        return (found.name, *getattr(found, "aliases", ())) if found is not None else ()

    def _in_a_title(self, c: Candidate) -> bool:
        """'wrote in The Atlantic': a place's one-word name after a capital 'The' inside a sentence names a
        publication or a work, not the ocean (a country is often written 'The Netherlands', so it stays)."""
        entry = self.engine._entries.get(c.ids[0]) if len(c.ids) == 1 and not c.discovered else None
        if entry is None or entry.type != "place" or entry.role == "Country" or " " in self.text[c.start : c.end]:
            return False
        return _TITLE_THE_RE.search(self.text, max(0, c.start - 8), c.start) is not None

    def _owned_by_another(self, c: Candidate) -> bool:
        """'Ukraine's national security council': a generic name qualified by another owner than the entry's."""
        entry = self.engine._entries.get(c.ids[0]) if len(c.ids) == 1 and not c.discovered else None
        if entry is None or entry.type != "organisation" or not is_generic(fold_key(self.text[c.start : c.end])):
            return False
        if not entry.country and _OWN_PRONOUN_BEFORE_RE.search(self.text, max(0, c.start - 16), c.start):
            return True  # "Putin told his Security Council": someone's own body, never an international one
        surface = self.text[c.start : c.end]
        if entry.country and surface.isascii() and surface.islower():
            return True  # "led by national security council secretary Umerov": any country's, as a common noun
        return any(not self._same_owner(owner, entry) for owner in qualifiers(self.text, c.start, c.end))

    def _owned_bodies(self, foreign: list[Candidate]) -> list[Found]:
        """'Turkey's National Security Council' is a body of its own: a discovered organisation named with its
        owner ('National Security Council of Turkey'); a lower-case 'national security council' is no name."""
        out = []
        for c in foreign:
            surface = " ".join(self.text[c.start : c.end].split())
            owners = qualifiers(self.text, c.start, c.end)
            if surface[:1].isupper() and owners:
                out.append(Found(c.start, c.end, f"{surface} of {owners[0]}", "organisation", "", "shape"))
        return out

    def _with_owner(self, f: Found) -> Found | None:
        """A discovered body with a generic name ('Armed Forces', 'National Guard') is named by its owner:
        "Ukraine's Armed Forces" is 'Armed Forces of Ukraine' (the gazetteer's, when it has it); a name only
        of force words (_ANY_COUNTRYS) with no owner beside it takes the country named just before it."""
        if f.type != "organisation" or f.cue != "shape" or f.name.count(" ") < 1:
            return f  # one word ("Army Private Lynndie England", "the Navy"): left as found
        head, _, rest = f.name.partition(" ")
        if head in DEMONYMS and " " in rest and is_generic(fold_key(rest)):  # "Ukrainian National Guard"
            return Found(f.start, f.end, f"{rest} of {DEMONYMS[head]}", f.type, f.role, f.cue)
        if not is_generic(fold_key(f.name)):
            return f
        owners = qualifiers(self.text, f.start, f.end)
        if not owners and set(fold_key(f.name).split()) <= _ANY_COUNTRYS:
            owners = self._context_country(f.start)
        if owners:
            return Found(f.start, f.end, f"{f.name} of {owners[0]}", f.type, f.role, f.cue)
        return f  # no owner to be seen: kept as found (GMB and readers count "the National Guard" a body)

    def _country_mentions(self, cands: list[Candidate]) -> list[tuple[int, str]]:
        """(start, country name) of the countries and demonyms named in the article, in text order."""
        out = []
        for c in cands:
            entry = self.engine._entries.get(c.ids[0]) if len(c.ids) == 1 and not c.discovered else None
            if entry is not None and entry.source.endswith("countries.json"):
                out.append((c.start, entry.name))
        out += [(m.start(), DEMONYMS[m.group(0)]) for m in _DEMONYM_RE.finditer(self.text)]
        return sorted(out)

    def _context_country(self, start: int) -> list[str]:
        """The country named last in the 600 characters before `start` ('Ukrainian President Zelenskyy said
        ... "our Armed Forces, the National Guard"'); [] when none is."""
        if self.countries is None:
            self.countries = self._country_mentions(self._cands_so_far)
        names = [name for at, name in self.countries if start - _OWNER_WINDOW < at < start]
        return names[-1:]

    def _same_owner(self, owner: str, entry: Entry) -> bool:
        """True when `owner` ('America', 'Trump', 'UN') is the entry itself or of the entry's country; an owner
        we do not know (a person's name) does not overrule the gazetteer."""
        ids = self.engine.resolve(owner)
        if not ids:
            return True
        for actor_id in ids:
            known = self.engine._entries.get(actor_id)
            if actor_id == entry.id:
                return True
            if entry.country and known is not None and entry.country in (known.country, known.name):
                return True
            if not entry.country and (known is None or known.type != "place"):
                return True  # "the UN's Security Council"; a country's own council is not the UN's
        return False

    def _outside_credits(self, cands: list[Candidate]) -> list[Candidate]:
        """Candidates that do not touch a photo credit ('Photo: Ann Lee/Reuters')."""
        if not self.credits:
            return cands
        return [c for c in cands if not any(a < c.end and c.start < b for a, b in self.credits)]

    def _not_authors(self, chosen: list[Candidate]) -> list[Candidate]:
        """Drop people named as the article's own authors."""
        if not self.author_keys:
            return chosen
        keys = self.author_keys
        return [c for c in chosen if not (fold_key(self.text[c.start : c.end]) in keys and self._is_person(c))]

    def _is_person(self, c: Candidate) -> bool:
        return self._type_of(c.ids[0]) == "person"

    # -- candidate sources
    def _registry_matches(self) -> list[Candidate]:
        """Names of actors discovered in earlier articles, looked up among capitalised runs."""
        reg, first = self.engine._reg_keys, self.engine._reg_first
        if not reg:
            return []
        out = []
        text = self.text
        for run in self.runs:
            toks = run.tokens
            if len(toks) == 1:  # most runs are one word: no list comprehension (a call of its own) for them
                keys = [fold_key(text[toks[0][0] : toks[0][1]])]
            else:
                keys = [fold_key(text[a:b]) for a, b in toks]
            for i in range(len(toks)):
                if keys[i].split(" ", 1)[0] not in first:
                    continue
                for j in range(i, min(len(toks), i + 5)):
                    key = " ".join(keys[i : j + 1])
                    ids = reg.get(key)
                    if not ids:
                        continue
                    surface = self.text[toks[i][0] : toks[j][1]]
                    if i == j and not self._single_word_ok(surface, ids):
                        continue
                    if i == j:
                        ids = self._full_name_for(key, ids)
                    out.append(Candidate(toks[i][0], toks[j][1], tuple(sorted(ids)), STRONG if j > i else ALIAS, True))
        return out

    def _full_name_for(self, key: str, ids: set[str]) -> set[str]:
        """'Bush' registered alone earlier is the library's one 'George W. Bush' when there is one."""
        actors = self.engine._registry.actors
        if all(i in actors and actors[i].type == "person" and " " not in actors[i].name.strip() for i in ids):
            full = self.engine.library_person(key)
            if full:
                return {full}
        return ids

    def _lone_names(self) -> list[Candidate]:
        """A capitalised surname or rare first name alone ('Saddam', 'Rice said') that the library has met
        in full for one person only; a common word ('Rice') counts only before an attribution verb."""
        eng, text, out = self.engine, self.text, []
        for run in self.runs:
            if len(run.tokens) != 1:
                continue
            key = fold_key(text[run.start : run.end])
            if key not in eng._lib_names:
                continue
            actor_id = eng.library_person(key, trusted=True)
            if actor_id is None:
                continue
            surface = text[run.start : run.end]
            if surface.isupper() or not surface[:1].isupper():
                continue
            if _DETERMINER_BEFORE_RE.search(text, max(0, run.start - 8), run.start):
                continue  # "the Fox should choose": a common noun
            if not _ATTRIBUTION_AFTER_RE.match(text, run.end) and (
                key in COMMON_WORDS or _written_lowercase(text, key)
            ):
                continue  # "Rice prices rose", "Price rises were ..."
            if key in GIVEN_NAMES or key in _DEMONYM_KEYS or eng._known_type(key) not in (None, "person"):
                continue  # "Paul and Rachel": a first name alone is anyone's
            out.append(Candidate(run.start, run.end, (actor_id,), WEAK, True))
        return out

    def _single_word_ok(self, surface: str, ids: set[str]) -> bool:
        """A one-word registry name must be capitalised; an acronym ('OFX') must be upper case."""
        if not surface[:1].isupper() or len(surface) < 2:
            return False
        names = [self.engine._registry.actors[i].name for i in ids if i in self.engine._registry.actors]
        return surface.isupper() or not any(is_acronym(n) for n in names)

    def _found_candidate(self, f: Found, surnames: dict[str, str] | None = None) -> Candidate:
        actor_id = self._resolve_found(f, surnames or {})
        strength = STRONG if " " in f.name.strip() else ALIAS
        return Candidate(f.start, f.end, (actor_id,), strength, True)

    def _resolve_found(self, f: Found, surnames: dict[str, str]) -> str:
        """Section 4 of issue 3: a discovered name that is really a known actor resolves to it."""
        eng = self.engine
        key = fold_key(f.name)
        if f.cue == "defined":
            long_id = self._resolve_found(Found(0, 0, f.role, "organisation", "", "shape"), surnames)
            self.acronyms[key] = long_id
            if long_id.startswith("d-"):
                self.pending_aliases.append((long_id, f.name))
            return long_id
        if f.cue == "acronym" and key in self.acronyms:
            return self.acronyms[key]
        if f.cue == "acronym" and key in self.org_heads:
            return self.org_heads[key]
        if key in surnames:
            return surnames[key]
        for index in (eng._extra, eng._index):
            infos = index.lookup(key)
            if infos:
                best = max(infos.values(), key=lambda i: (i.strength, i.actor_id))
                if len(infos) == 1 or best.strength > WEAK:
                    return best.actor_id
        if f.type == "person" and " " not in key:
            lib = eng.library_person(key)
            if lib:
                return lib
        reg = eng._reg_keys.get(key)
        if reg:
            return min(reg)
        if f.type == "person":
            known = self._surname_match(f) or self._cyrillic_person(f)
            if known:
                return known
        actor_id = discovered_id(f.name)
        if actor_id not in eng._registry.actors:
            self.pending.setdefault(actor_id, f)
        return actor_id

    def _register_survivors(self, chosen: list[Candidate]) -> None:
        """Register the discovered actors that kept at least one mention, and their defined acronyms."""
        eng = self.engine
        for c in chosen:
            found = self.pending.pop(c.ids[0], None)
            if found is not None:
                eng._register(found)
        for actor_id, alias in self.pending_aliases:
            eng._add_discovered_alias(actor_id, alias)

    def _org_heads(self, chosen: list[Candidate]) -> dict[str, str]:
        """Capitalised first words of organisations named here ('ABC' of 'ABC News'): a lone 'ABC' is that one."""
        out: dict[str, str] = {}
        for c in chosen:
            head = self.text[c.start : c.end].split(None, 1)
            if len(c.ids) == 1 and len(head) == 2 and head[0].isupper() and self._type_of(c.ids[0]) == "organisation":
                out.setdefault(fold_key(head[0]), c.ids[0])
        return out

    def _type_of(self, actor_id: str) -> str:
        pending = self.pending.get(actor_id)
        return pending.type if pending else self.engine._raw_type(actor_id)

    def _note_full_names(self, chosen: list[Candidate]) -> None:
        """Gazetteer people named in full here (two words or more) become known library-wide by surname."""
        for c in chosen:
            if c.ids[0] in self.engine._entries and " " in fold_key(self.text[c.start : c.end]):
                if self.engine._entries[c.ids[0]].type == "person":
                    self.engine._note_seen(c.ids[0])

    def _surname_match(self, f: Found) -> str | None:
        """'U.S. Secretary of State Mark Rubio' -> marco-rubio: unique surname and compatible role or first name."""
        eng = self.engine
        tokens = fold_key(f.name).split()
        if not tokens:
            return None
        surname = tokens[-1]
        ids = eng._surnames.get(surname, set())
        if len(tokens) == 1:
            if len(ids) == 1:
                return next(iter(ids))
            return eng.library_person(surname) or self._variant_person(f, tokens)
        if len(ids) != 1:
            return self._variant_person(f, tokens)
        actor_id = next(iter(ids))
        entry = eng._entries[actor_id]
        known_first = fold_key(entry.name).split()[0]
        if _first_names_match(tokens[0], known_first):
            return actor_id  # 'Volodymyr Medinsky' is the gazetteer's Vladimir Medinsky
        if first_names_close(tokens[0], known_first) and self._same_office(f.role, entry.role):
            return actor_id  # 'Secretary of State Mark Rubio': a slip for Marco, the office says so
        return None  # another person: 'Russian official Yelena Zakharova', 'Mark Rubio, a city council member'

    def _same_office(self, found: str, known: str) -> bool:
        """The two roles share a word that names an office, not a nationality or a generic title
        ('Secretary of State' and 'U.S. Secretary of State'; not 'Russian official' and 'Russian spokeswoman')."""
        def words(role: str) -> set[str]:
            return {w for w in fold_key(role).split() if w not in _GENERIC_ROLE_WORDS and w not in _DEMONYM_KEYS
                    and self.engine._known_type(w) != "place"}
        return bool(words(found) & words(known))

    def _cyrillic_person(self, f: Found) -> str | None:
        """'Игорь Костюков', 'Кирило Дмитрієв', 'Стів Віткофф': the one known person whose Latin name the
        transliteration gives, or whose surname is a close transliteration and whose first name agrees."""
        if not CYRILLIC_RE.search(f.name):
            return None
        eng, words = self.engine, f.name.split()
        infos = eng._index.lookup(latin_key(f.name))
        strong = {i.actor_id for i in infos.values() if i.strength == STRONG}
        if len(strong) == 1:
            return eng.canonical_id(strong.pop())
        if len(words) < 2:
            return None
        keys = [k for k in (*eng._surnames, *eng._lib_names) if " " not in k and not CYRILLIC_RE.search(k)]
        matches = set()
        for key in similar_surnames(words[-1], keys):
            for actor_id in eng._surnames.get(key, set()) | eng._lib_names.get(key, set()):
                canon = eng.canonical_id(actor_id)
                other = strip_titles(fold_key(eng.name_and_role(actor_id)[0]).split())
                if canon and len(other) > 1 and first_names_agree(words[0], other[0]):
                    matches.add(canon)
        return matches.pop() if len(matches) == 1 else None

    def _variant_person(self, f: Found, tokens: list[str]) -> str | None:
        """'Rustem Umarov' or 'Defence Minister Umarov' -> rustem-umerov: the one known person whose surname is
        this one or a close spelling of it, and whose first name or a specific role word agrees."""
        eng, surname = self.engine, tokens[-1]
        keys = {surname, *eng._buckets.similar(surname)}
        matches = set()
        for key in keys:
            for actor_id in eng._surnames.get(key, set()) | eng._lib_names.get(key, set()):
                canon = eng.canonical_id(actor_id)
                if canon is not None and self._agrees(f, tokens, canon, key == surname):
                    matches.add(canon)
        for actor_id, other in self.pending.items():  # named earlier in this article: "Hugo Chavez ... Hugh Chavez"
            other_surname = _surname_of(other.name)
            if other.type == "person" and other_surname in keys and self._agrees(
                f, tokens, actor_id, other_surname == surname
            ):
                matches.add(actor_id)
        return next(iter(matches)) if len(matches) == 1 else None

    def _agrees(self, f: Found, tokens: list[str], actor_id: str, same_surname: bool = False) -> bool:
        """Beyond the surname: the same first name when both have one (with the same surname, also an East
        Slavic spelling of it: Volodymyr/Vladimir), else a specific role word in common."""
        pending = self.pending.get(actor_id)
        name, role = (pending.name, pending.role) if pending else self.engine.name_and_role(actor_id)
        other = strip_titles(fold_key(name).split())
        if len(tokens) > 1 and len(other) > 1:
            if same_first_name(tokens[0], other[0]):
                return True
            return same_surname and given_names_equivalent(tokens[0], other[0])
        return specific_role_overlap(f.role, role)

    def _someone_elses_surname(self, c: Candidate, surnames: dict[str, str]) -> bool:
        """A surname alone ('Zakharova said') that this article gives in full to another person, or to two
        people: it cannot be told whose it is, so it names no one (never the known actor of that surname)."""
        if len(c.ids) != 1 or " " in self.text[c.start : c.end].strip():
            return False
        key = fold_key(self.text[c.start : c.end])
        if key in self.ambiguous_surnames or c.start > self.named_later.get(key, len(self.text)):
            return True
        owner = surnames.get(key)
        return owner is not None and owner != c.ids[0] and self._type_of(c.ids[0]) == "person"

    def _article_surnames(self, chosen: list[Candidate]) -> dict[str, str]:
        """Surname -> person id for people named in full in this article (ambiguous surnames dropped)."""
        eng = self.engine
        out: dict[str, str] = {}
        clash: set[str] = set()
        for c in chosen:
            if len(c.ids) != 1 or " " not in self.text[c.start : c.end].strip():
                continue
            actor_id = c.ids[0]
            pending = self.pending.get(actor_id)
            if (pending.type if pending else eng._raw_type(actor_id)) != "person":
                continue
            names = [self.text[c.start : c.end]]
            entry = eng._entries.get(actor_id)
            if entry is not None:
                names.append(entry.name)
            elif actor_id in eng._registry.actors:
                names.append(eng._registry.actors[actor_id].name)
            elif actor_id in self.pending:
                names.append(self.pending[actor_id].name)
            country = entry.country if entry else ""
            for name in names:
                for key in surname_keys(name, country):
                    if out.get(key, actor_id) != actor_id:
                        clash.add(key)
                    out[key] = actor_id
        clash |= self._namesakes(out)
        for key in clash:
            out.pop(key, None)
        self.ambiguous_surnames = clash
        return out

    def _without_known_namesakes(self, surnames: dict[str, str], chosen: list[Candidate]) -> dict[str, str]:
        """`surnames` without those a known person's surname alone holds first: 'Trump said' before 'Melania
        Trump' is named is the president's, so it never refers back to her. Once she is named, the surname
        alone could be either: from there it names no one (`self.named_later`). A surname first named in
        full refers back as before."""
        first_alone: dict[str, int] = {}
        first_full: dict[str, int] = {}
        for c in chosen:
            if len(c.ids) != 1 or self._type_of(c.ids[0]) != "person":
                continue
            surface = self.text[c.start : c.end].strip()
            if " " in surface:
                first_full[c.ids[0]] = min(c.start, first_full.get(c.ids[0], c.start))
                continue
            key = fold_key(surface)
            if surnames.get(key, c.ids[0]) != c.ids[0]:
                first_alone[key] = min(c.start, first_alone.get(key, c.start))
        self.named_later = {key: first_full[surnames[key]] for key, at in first_alone.items()
                            if at < first_full.get(surnames[key], at)}
        return {key: owner for key, owner in surnames.items() if key not in self.named_later}

    def _namesakes(self, surnames: dict[str, str]) -> set[str]:
        """Surnames this article also writes after another given name ('Alex Witkoff' beside Steve Witkoff,
        'Олена Захарова' beside Maria Zakharova): two people, so the surname alone names neither."""
        folded, out = self.ft.folded, set()
        for key, actor_id in surnames.items():
            forenames = self._forenames_of(actor_id)
            if " " in key or not forenames:
                continue
            at = folded.find(f" {key} ")
            while at >= 0 and key not in out:
                before = folded[max(0, at - 40):at].rsplit(" ", 1)[-1]
                if self._is_first_name(before, at - len(before)) and not any(
                        _same_first_name(before, known) for known in forenames):
                    out.add(key)
                at = folded.find(f" {key} ", at + 1)
        return out

    def _forenames_of(self, actor_id: str) -> list[str]:
        """The words of a person's name before the surname: first and middle names ('recep', 'tayyip')."""
        eng = self.engine
        entry = eng._entries.get(actor_id)
        found = self.pending.get(actor_id)
        name = entry.name if entry else found.name if found else eng._registry.actors[actor_id].name \
            if actor_id in eng._registry.actors else ""
        words = strip_titles(fold_key(name).split())
        return words[:-1]

    def _is_first_name(self, word: str, at: int) -> bool:
        """The folded word at folded position `at` is a capitalised given name ('Alex', 'Олена'), not a word
        that is also one ('said', 'will', 'may')."""
        if len(word) < 2 or word in COMMON_WORDS or not self.text[self.ft.original(at)].isupper():
            return False
        return _is_given_name(word) or word in NICKNAMES or word in self.engine._inflected.given_names

    def _coreference(self, surnames: dict[str, str]) -> list[Candidate]:
        """Capitalised surnames that refer back to someone named in full ('Lavrov', 'Al-Rashed')."""
        if not surnames:
            return []
        # Find each key's first word with str.find, then the longest key there: the same matches as one
        # regex of all keys, without compiling a new pattern for every article.
        by_first: dict[str, list[str]] = {}
        for key in sorted(surnames, key=len, reverse=True):
            by_first.setdefault(key.split(" ", 1)[0], []).append(key)
        folded, text, out = self.ft.folded, self.text, []
        starts = []
        for first in by_first:
            at = folded.find(f" {first} ")
            while at >= 0:
                starts.append((at, first))
                at = folded.find(f" {first} ", at + 1)
        cursor = 0
        for at, first in sorted(starts):
            if at < cursor:
                continue
            key = next((k for k in by_first[first] if folded.startswith(f" {k} ", at)), None)
            if key is None:
                continue
            cursor = at + len(key) + 1  # the space after the key may open the next match
            start, end = self.ft.original_span(at + 1, at + 1 + len(key))
            surface = text[start:end]
            if surface[:1].isupper() and _joined(surface):
                out.append(Candidate(start, end, (surnames[key],), ALIAS + key.count(" ")))
        return out

    def _inflected_coreference(self, surnames: dict[str, str]) -> list[Candidate]:
        """A case form of a Cyrillic surname the article gives someone in full: 'Кравчука', 'Медінського'
        after 'Олександр Кравчук', 'Володимир Медінський' (a spelling the gazetteer lacks, or a discovered
        person). Never after another given name ('Марина Кравчука' is someone else)."""
        patterns = {key: word_pattern(key, person=True) for key in surnames
                    if " " not in key and _CYRILLIC_RE.search(key)}
        by_stem: dict[str, list[str]] = {}
        for key, pattern in patterns.items():
            for stem in pattern.stems if pattern.endings else ():
                by_stem.setdefault(stem, []).append(key)
        if not by_stem:
            return []
        text, out = self.text, []
        for word in _CYRILLIC_CAPITALISED_RE.finditer(text):
            start, end = word.span()
            token = fold_key(word.group(0))
            if token not in surnames:
                ids = {surnames[key] for stem in word_stems(token) for key in by_stem.get(stem, ())
                       if matches_word(patterns[key], token)}
                if len(ids) == 1 and not self._after_given_name(start):
                    out.append(Candidate(start, end, (ids.pop(),), ALIAS))
        return out

    def _after_given_name(self, start: int) -> bool:
        """A capitalised word before `start` makes the surname someone else's: inside a sentence, a first name
        or another name's part ('Потім Петра Кравчука'); at its start, only a given name in some case ('Петра
        Кравчука запитали'), not an ordinary word ('Заява Кравчука')."""
        before = _WORD_BEFORE_RE.search(self.text, max(0, start - 40), start)
        if before is None or not before.group(1)[:1].isupper():
            return False
        if not _sentence_start(self.text, before.start()):
            return True
        return is_given_name_form(fold_key(before.group(1)), self.engine._inflected.given_names)

    def _variant_coreference(self, surnames: dict[str, str]) -> list[Candidate]:
        """'Sybhia' or 'Umarov' alone in an article that names 'Andrii Sybiha' or 'Rustem Umerov' in full."""
        buckets = NameBuckets()
        for key in surnames:
            buckets.add(key)
        letters = {key[0] for key in surnames}
        text, out = self.text, []
        for run in self.runs:
            if len(run.tokens) != 1 or run.end - run.start < 4 or fold_key(text[run.start]) not in letters:
                continue
            surface = text[run.start : run.end]
            if not surface[:1].isupper() or surface.isupper():
                continue
            key = fold_key(surface)
            if key in surnames:
                continue
            ids = {surnames[k] for k in buckets.similar(key)}
            if len(ids) == 1 and self._may_be_surname(key, run.start, run.end):
                out.append(Candidate(run.start, run.end, (ids.pop(),), ALIAS))
        return out

    def _may_be_surname(self, key: str, start: int, end: int) -> bool:
        """A lone capitalised word that could be a misspelt surname: no known actor, demonym, given name or
        ordinary word ('Back in 1997', 'most Iraqis', 'Paul and Rachel')."""
        if key in _DEMONYM_KEYS or key in GIVEN_NAMES or key in NON_NAME or key in STOP or key in DAYS_MONTHS:
            return False
        if self.engine._known_type(key) is not None or _written_lowercase(self.text, key):
            return False
        return not _sentence_start(self.text, start) or bool(_ATTRIBUTION_AFTER_RE.match(self.text, end))

    def _demonyms(self) -> list[Candidate]:
        """'British', 'Iraqi' as mentions of their country (only with ActorEngine(demonyms=True))."""
        out = []
        for m in _DEMONYM_RE.finditer(self.text):
            country = DEMONYMS.get(m.group(0))
            ids = self.engine.resolve(country) if country else []
            if ids:
                out.append(Candidate(m.start(), m.end(), (ids[0],), WEAK))
        return out

    def _disambiguate(self, chosen: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
        """Pick one id for ambiguous keys, preferring actors named unambiguously in this article."""
        present = {c.ids[0] for c in cands if len(c.ids) == 1}
        out = []
        for c in chosen:
            if len(c.ids) == 1:
                out.append(c)
                continue
            here = [i for i in c.ids if i in present]
            if len(here) == 1:
                out.append(Candidate(c.start, c.end, (here[0],), c.strength, c.discovered))
            elif c.strength > WEAK:  # ids come strongest first: the country Montenegro before a surname
                out.append(Candidate(c.start, c.end, (c.ids[0],), c.strength, c.discovered))
        return out

    def _curated(self, chosen: list[Candidate]) -> list[Mention]:
        eng, text = self.engine, self.text
        out = []
        for c in chosen:
            canon = eng.canonical_id(c.ids[0])
            if canon is not None:
                out.append(Mention(canon, c.start, c.end, text[c.start : c.end]))
        return out


class _Recorder:
    """known() for discovery in a worker: remembers every answer, and the keys each run asked about (the
    same string object for a key each time, so a prep pickles each key once)."""

    def __init__(self, known) -> None:
        self.known = known
        self.answers: dict[str, str | None] = {}
        self._canonical: dict[str, str] = {}
        self._keys: dict[str, None] = {}

    def __call__(self, key: str) -> str | None:
        key = self._canonical.setdefault(key, key)
        self._keys[key] = None
        if key not in self.answers:
            self.answers[key] = self.known(key)
        return self.answers[key]

    def run_keys(self) -> tuple[str, ...]:
        """The keys asked since the last call (one run's)."""
        keys, self._keys = tuple(self._keys), {}
        return keys


def _count_runs(kept: int, again: int) -> None:
    """Count an article's examined runs once: those the worker's result served, those classified again."""
    if kept:
        ACTOR_PREP.add("run", "worker", kept)
    if again:
        ACTOR_PREP.add("run", "changed", again)


def discovered_id(name: str) -> str:
    """Id of a discovered actor: 'd-' and the slug of its name, transliterated when Cyrillic (ids stay ASCII)."""
    return "d-" + slug(latin_key(name) if CYRILLIC_RE.search(name) else name)


_AUTHOR_SPLIT_RE = re.compile(r",|;|&|\band\b|\|")


def _author_keys(authors: Sequence[str]) -> frozenset[str]:
    """Folded full names and surnames of the byline authors ('Ann Lee and Tom Hale' -> ann lee, lee, ...)."""
    keys: set[str] = set()
    for author in authors:
        for part in _AUTHOR_SPLIT_RE.split(author or ""):
            tokens = fold_key(part).split()
            if len(tokens) >= 2:
                keys.add(" ".join(tokens))
                keys.add(tokens[-1])
    return frozenset(keys)


_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
# "in The Atlantic": a capital The after a lower-case word (inside a sentence, not at its start).
_TITLE_THE_RE = re.compile(r"(?<=[a-z,])[ \t]+The[ \t]+\Z")
_OWN_PRONOUN_BEFORE_RE = re.compile(r"(?i)\b(?:his|her|its|their|our|my|your)(?:[ \t]+own)?[ \t]+\Z")
_CYRILLIC_CAPITALISED_RE = re.compile(r"(?<![\w'’ʼ-])[\u0400-\u042f\u0404\u0406\u0407\u0490][\u0400-\u04ff'’ʼ]+")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_][\w'’ʼ-]*)[ \t]+\Z")
_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|a|an|this|that|these|those)[ \t]+\Z", re.I)
_ATTRIBUTION_AFTER_RE = re.compile(rf"(?:['’]s\b|\s*,?\s*(?:{ATTRIBUTION_VERBS})\b)")


def _written_lowercase(text: str, word: str) -> bool:
    """True when `word` (folded) also occurs in lower case in the text: an ordinary word there."""
    if word not in text:  # the pattern matches the word literally: no occurrence, no match (and no compile)
        return False
    return _lowercase_word_re(word).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _lowercase_word_re(word: str) -> re.Pattern:
    return re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])")


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n\"“‘'(:;"


def _surname_of(name: str) -> str:
    tokens = fold_key(name).split()
    return tokens[-1] if len(tokens) > 1 else ""


# Role words that say nothing about which office: a shared one is no evidence of the same person.
_GENERIC_ROLE_WORDS = frozenset("""of the and for a an in to on at former deputy acting u s us uk official officials
    spokesman spokeswoman spokesperson negotiator envoy head chief adviser advisor aide member leader senior
    minister ministry department regional local city state country national foreign first""".split())


def _first_names_match(found: str, known: str) -> bool:
    """One person's first name as written: the same, a spelling ('Volodymyr'/'Vladimir'), a nickname
    ('Mike'/'Michael') or a misspelling ('Marko'/'Marco'); never two different given names ('Mark' and
    'Marco', 'Yelena' and 'Maria'), however close their letters."""
    if given_names_equivalent(found, known):
        return True
    if not first_names_close(found, known):
        return False
    nickname = found == known or known in NICKNAMES.get(found, ()) or found in NICKNAMES.get(known, ())
    return nickname or not (_is_given_name(found) and _is_given_name(known))


def _same_first_name(written: str, known: str) -> bool:
    """_first_names_match, across scripts too: 'Кіт' is the 'Keith' of Keith Kellogg."""
    if CYRILLIC_RE.search(written) and not CYRILLIC_RE.search(known):
        return first_names_agree(written, known)
    return _first_names_match(written, known)


def _is_given_name(word: str) -> bool:
    return word in GIVEN_NAMES or is_given_name(word)


def _joined(surface: str) -> bool:
    """Two tokens that belong together as a surname: 'Al-Rashed', 'Al Rashed' (no clause break)."""
    return "\n\n" not in surface and not any(ch in surface for ch in ",;:.()")
