"""The library facade: the one object the CLI and the GUI use.

    lib = Library(path)
    report = lib.add(["~/articles"])          # or: for step in lib.iter_add(...): ...
    result = lib.search("ceasefire", actors=["Lavrov"])
    article = lib.article(result.hits[0].id)

A library folder holds:
    library.sqlite3   the article store (source of truth)
    index/            the Whoosh index, derived; `rebuild` recreates it
    actors/           curation, discovered actors, the user's own gazetteer
    write.lock        held by the one process that writes
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Generator, Iterable, Sequence

from .errors import ArticleNotFoundError, BriefingReaderError, IndexCorruptError, QueryError, StoreMissingError
from .search.analysis import analyse
from .search.engine import ANALYZER_VERSION, REBUILD_HINT, IndexDoc, SearchEngine, check_day, check_range, highlight_spans, split_language
from .search.whoosh_engine import recorded_documents, wipe_index_folder  # a folder's index: rebuild, salvage
from .engines import INDEX_FOLDER, STORE_FILE, open_engine, open_store
from .locking import WriteLock
from .model import (
    Actor, ActorRef, ActorStats, Article, ArticleSummary, Hit, ImportReport, Progress, Quote, SearchResult, Snippet,
)
from . import name_keys
from .paths import (
    PRIVATE_DIR_MODE, default_library_location, file_stamp, make_private, make_tree_private, resource, team_address,
    team_local_dir,
)
from .snippets import make_snippets
from .store import (
    INDEXED_FIELDS, ArticleFilter, LogEntry, StoreError, StoredArticle, check_edit, explain_failure, is_damage,
    now_iso, quote_row,
)

if TYPE_CHECKING:  # the actors package loads lazily (see actors_engine)
    from .actors.registry import CurationEntry
    from .actors.suggest import MergeSuggestion

log = logging.getLogger(__name__)

COMMIT_EVERY = 500  # articles per store transaction during an import
ACTORS_FOLDER = "actors"
CURATION_FILE, DISCOVERED_FILE = "curation.json", "discovered.json"  # as indexer.actors names its documents
TEAM_DOCUMENT = "team-actor-document"  # marks a team library's document version in the actor state


@dataclass
class RebuildReport:
    articles: int = 0
    damaged: list[str] = field(default_factory=list)  # ids of store entries that could not be read
    notes: list[str] = field(default_factory=list)  # repairs made on the way, for the user


class Library:
    """A library folder: import, search, read, actors, curation."""

    def __init__(self, path: str | os.PathLike | None = None, *, actor_engine=None):
        location = path if path is not None else default_library_location()
        self.address = team_address(location)  # a postgresql:// team library, or None for a library folder
        # A team library keeps this user's logs, briefings and actor files in a local folder of its own.
        self.path = team_local_dir(self.address) if self.address else Path(location).expanduser()
        _make_private_dir(self.path)
        if not self.address:
            _refuse_blank_store(self.path)  # before the store file is created: nothing is changed
        self.store = open_store(self.address or self.path)
        self._actors = actor_engine
        self._actors_lock = threading.Lock()  # one engine build when several threads ask at once
        self._name_keys: frozenset[str] | None = None  # see _may_name_actor
        self._memo: tuple[list, dict[str, list[str]]] | None = None  # see _expansion_memo
        self._engine_state: list | None = None  # name_keys.signature of the files the actor engine last read
        self._team_documents = None  # a team library's actor documents (pg_store.PgActorDocuments), once asked
        self._documents_seen: object = None  # _documents_stamp() when the actors were last read (None: not yet)
        self.lock = WriteLock(self.path / "write.lock")
        self.index: SearchEngine | None = None
        self.index_problem = ""  # a message for the user when the index is damaged or missing articles
        try:
            self._open_index()
            self._refuse_empty_store()
            self._recognise_demo()
        except BaseException:
            self.close()
            raise
        self.make_private()

    # -- the index ---------------------------------------------------------------
    def _open_index(self) -> None:
        folder = self.path / INDEX_FOLDER
        if self.address:
            self._open_engine()
            return
        if folder.exists() and not folder.is_dir():
            self.index_problem = (
                f"The search index {folder} is a file, not a folder. {REBUILD_HINT}: it moves the file aside "
                "and recreates the index from the article store."
            )
            log.error("%s", self.index_problem)
            return
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        self._open_engine()

    def _open_engine(self) -> None:
        try:
            self.index = open_engine(self.address or self.path, self._raw_ids_for_name)
        except IndexCorruptError as exc:
            self.index, self.index_problem = None, str(exc)
            log.error("%s", exc)
            return
        if self.store.unindexed_count() and self.lock.try_acquire():
            try:  # a crash left stored articles that the index lacks: repair now
                self._reconcile()
            finally:
                self.lock.release()
        expected, present = self.store.indexed_count(), self.index.doc_count()
        if present < expected:
            self.index_problem = (
                f"The search index in {self.index.path} is missing {expected - present} of {expected} articles "
                f"(it may have been deleted or damaged). {REBUILD_HINT} to recreate it from the article store; "
                "no article is lost."
            )
            log.error("%s", self.index_problem)

    def _refuse_empty_store(self) -> None:
        """StoreMissingError when the store holds no article while the index records some."""
        if self.index is not None and not self.store.has_articles():
            indexed = self.index.doc_count()
            if indexed:
                raise StoreMissingError(self.path, indexed)

    def _require_index(self) -> SearchEngine:
        if self.index is None or self.index_problem:
            self.reopen_index()  # another Library (a worker thread, another process) may have rebuilt it
        if self.index is None or self.index_problem:
            raise IndexCorruptError(self.index_problem)
        return self.index

    @property
    def index_outdated(self) -> bool:
        """True when the index was built by an older text analysis: searches still work (as they did then)
        until a rebuild upgrades it; the next import upgrades it first (see iter_add)."""
        return self.index is not None and not self.index_problem and self.index.outdated

    @property
    def index_note(self) -> str:
        """A note for the user while the index is outdated, else ""."""
        if not self.index_outdated:
            return ""
        version = self.index.analyzer_version
        if version == "1":
            missing = "\"Russia\" does not yet find \"Russia's\", nor \"US\" find \"U.S.\""
        elif version != ANALYZER_VERSION:
            missing = "Russian and Ukrainian words do not yet find their other forms (переговоры, переговорах)"
        else:  # only the word pairs of exact phrases are missing (search/whoosh_engine.PairField)
            missing = "exact phrases of common words (\"he said\") are found the slower way"
        return (f"The search index in {self.index.path} was built by an older version of Briefing Reader: "
                f"searches work as before, but {missing}. {REBUILD_HINT} to upgrade it; "
                "the next import upgrades it first.")

    def reopen_index(self) -> None:
        """Open the index afresh, e.g. after a rebuild done through another Library object."""
        if self.index is not None:
            self.index.close()
        self.index, self.index_problem = None, ""
        self._open_index()

    # -- actors ------------------------------------------------------------------
    @property
    def actors_engine(self):
        """The actor engine, built on first use; threads asking meanwhile wait for that one build."""
        if self._actors is None:
            with self._actors_lock:
                if self._actors is None:
                    self._actors = self._build_actors_engine()
        return self._actors

    def _build_actors_engine(self):
        from .actors import ActorEngine

        (self.path / ACTORS_FOLDER).mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        self._engine_state = self._actor_state()
        self._note_documents_read()
        return ActorEngine(self.path / ACTORS_FOLDER, documents=self._actor_documents())

    def _actor_documents(self):
        """Where curation and discovered actors are kept: a team library's database (one set for the team),
        else None: files in the library's actors folder (the engine's default)."""
        if self.address and self._team_documents is None:
            self._team_documents = self.store.actor_documents()
        return self._team_documents

    def _documents_stamp(self) -> object:
        """A cheap stamp of the stored curation and discovered actors: it changes with every write of them."""
        if self.address:
            return self._actor_documents().stamp()
        folder = self.path / ACTORS_FOLDER
        return [file_stamp(folder / name) for name in (CURATION_FILE, DISCOVERED_FILE)]

    def _note_documents_read(self) -> None:
        """Record the stamp of the actor documents about to be read (before: a change meanwhile is noticed)."""
        self._documents_seen = self._documents_stamp()

    def _notice_actor_changes(self) -> None:
        """Another analyst of a team library (or another process) changed curation or discovered actors since
        this library read them: read them again, so the next search uses them."""
        if self._documents_seen is not None and self._documents_stamp() != self._documents_seen:
            log.info("curation or discovered actors changed elsewhere; reading them again")
            self.refresh()

    def _actor_state(self) -> list:
        state = name_keys.signature(self.path / ACTORS_FOLDER, _gazetteer_dir())
        if self.address:  # the team's documents are in the database: their versions, not files, tell a change
            versions = sorted(self._actor_documents().stamp().items())
            state += [[TEAM_DOCUMENT, name, version] for name, version in versions]
        return state

    def _raw_ids_for_name(self, name: str) -> set[str]:
        ids: set[str] = set()
        for canonical in self.actors_engine.resolve(name):
            ids |= self.actors_engine.member_ids(canonical)
        return ids

    def _canonical(self, raw_id: str) -> str | None:
        return self.actors_engine.canonical_id(raw_id)

    def refresh(self) -> None:
        """Re-read state another process (or thread, or analyst of a team library) may have changed: actors and
        curation, and the index (a rebuild elsewhere recreates it)."""
        if self._actors is not None:
            self._engine_state = self._actor_state()
            self._note_documents_read()
            self._actors.reload()
        else:
            self._documents_seen = None
        self._name_keys = self._memo = None
        if self.index is not None:
            self.index.forget_searchers()

    # -- import ------------------------------------------------------------------
    def add(self, paths: Iterable[str | os.PathLike], **kwargs) -> ImportReport:
        """Import files and folders; see iter_add."""
        return run_to_end(self.iter_add(paths, **kwargs))

    def iter_add(
        self,
        paths: Iterable[str | os.PathLike],
        *,
        max_size: int | None = None,
        cancel: Callable[[], bool] | None = None,
        lock_timeout: float = 0.0,
    ) -> Generator[Progress, None, ImportReport]:
        """Import, yielding Progress per file. Returns the ImportReport. Cancelling keeps what was done.

        `max_size` defaults to indexer.ingest.DEFAULT_MAX_SIZE."""
        from .heap import young_objects_only
        from .importer import run_import  # lazy: reading and cleaning code is not needed to open a library

        self._require_index()
        self.lock.acquire(timeout=lock_timeout)
        try:
            if self.index_outdated:  # new articles are analysed the new way: upgrade the old ones first
                log.info("upgrading the search index to analyzer version %s before an import", ANALYZER_VERSION)
                yield from self.iter_rebuild(reanalyse=False, message="Upgrading the search index")
            self._reconcile()
            return (yield from young_objects_only(run_import(self, paths, max_size=max_size, cancel=cancel),
                                                  every=COMMIT_EVERY))
        finally:
            self.make_private()
            self.lock.release()

    def _reconcile(self) -> None:
        """Index stored articles whose index entry a crash lost (caller holds the lock)."""
        pending = [s for s in self.store.iter_all(unindexed_only=True) if isinstance(s, StoredArticle)]
        if not pending:
            return
        log.info("indexing %d stored articles left unindexed by an interrupted import", len(pending))
        with self.index.writer() as writer:
            for stored in pending:
                writer.add(index_doc(stored))
        self.store.mark_indexed(s.article.id for s in pending)

    # -- rebuild -----------------------------------------------------------------
    def rebuild(self, **kwargs) -> RebuildReport:
        """Recreate the index; see iter_rebuild."""
        return run_to_end(self.iter_rebuild(**kwargs))

    def iter_rebuild(
        self, *, reanalyse: bool = True, message: str = "Rebuilding the index",
    ) -> Generator[Progress, None, RebuildReport]:
        """Recreate the index from the article store, re-running actor recognition with current curation
        (unless `reanalyse` is False). `message` labels the progress steps."""
        report = RebuildReport()
        self.lock.acquire()
        try:
            self._refuse_rebuild_from_nothing()
            total = self.store.count()
            yield Progress(0, total, message)
            if self.index is None:
                folder = self.path / INDEX_FOLDER
                report.notes += _set_aside_non_folder(folder)
                folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)  # user-only before the first file goes in
                wipe_index_folder(folder)
                self.index = open_engine(self.address or self.path, self._raw_ids_for_name)
            self.store.mark_all_unindexed()
            self.index.recreate()  # then writer() at once: on a team library the next writer replaces every row
            self.index_problem = ""
            writer = self.index.writer()
            indexed: list[str] = []
            try:
                for n, stored in enumerate(self.store.iter_all(), 1):
                    if not isinstance(stored, StoredArticle):
                        report.damaged.append(stored)
                        continue
                    if reanalyse:
                        stored = self._reanalyse(stored)
                    if not stored.article.language:
                        stored = self._detect_language(stored)
                    writer.add_new(index_doc(stored))
                    indexed.append(stored.article.id)
                    if n % 100 == 0:
                        yield Progress(n, total, stored.article.title)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            self.store.mark_indexed(indexed)
            if reanalyse:
                self.actors_engine.save()
            report.articles = len(indexed)
            yield Progress(total, total, "Index rebuilt")
        finally:
            self.make_private()
            self.lock.release()
        return report

    def _refuse_rebuild_from_nothing(self) -> None:
        """A rebuild from an empty store would erase an index that still records articles: refuse."""
        if self.store.has_articles():
            return
        try:
            if self.index is not None:
                indexed = self.index.doc_count()
            else:
                indexed = len(recorded_documents(self.path / INDEX_FOLDER))
        except (IndexCorruptError, OSError):
            indexed = 0  # unreadable: it records nothing that could be salvaged
        if indexed:
            raise StoreMissingError(self.path, indexed)

    def _reanalyse(self, stored: StoredArticle) -> StoredArticle:
        mentions, quotes = self.actors_engine.analyse(stored.article.text, stored.article.id, (stored.article.author,))
        with self.store.db as db:
            self.store.update_actors(stored.article.id, mentions, quotes, db=db)
        return StoredArticle(stored.article, tuple(mentions), tuple(quotes), stored.minhash)

    def _detect_language(self, stored: StoredArticle) -> StoredArticle:
        """Fill the language of an article imported before languages were detected."""
        from .ingest.language import detect_language

        language = detect_language(stored.article.text, stored.article.title)
        if not language:
            return stored
        with self.store.db as db:
            self.store.set_language(stored.article.id, language, db=db)
        return replace(stored, article=replace(stored.article, language=language))

    # -- reading -----------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """Whether this analyst may only search and read: a team library whose PostgreSQL role cannot add
        articles, or a server in read-only mode. One query, asked anew each time; False for a library folder
        and when the server cannot tell (a write then explains itself)."""
        if not self.address:
            return False
        try:
            rows = self.store.db.read("SELECT NOT has_table_privilege('articles', 'INSERT') "
                                      "OR current_setting('transaction_read_only') = 'on'")
        except BriefingReaderError:
            return False
        return bool(rows and rows[0][0])

    def count(self) -> int:
        return self.store.count()

    def articles(self, language: str | None = None) -> list[ArticleSummary]:
        """Every article, newest first; only those in `language` (an ISO 639-1 code) when given."""
        return self._with_demo(self.store.summaries(language))

    def without_language(self) -> int:
        """Articles with no language: imported before languages were detected (until `rebuild`), or unsure."""
        return self.store.without_language()

    def edit_article(self, article_id: str, field_name: str, value: str) -> Article:
        """Correct one field of an article; see edit_details."""
        return self.edit_details(article_id, {field_name: value})

    def newest(self, limit: int = 500) -> list[ArticleSummary]:
        """The most recent articles, newest first (fast at any library size)."""
        return self._with_demo(self.store.newest(limit))

    def oldest(self, limit: int = 500) -> list[ArticleSummary]:
        """The earliest articles, oldest first, the undated ones after every dated one."""
        everything = self.store.newest(limit) if self.store.count() <= limit else self.store.summaries()
        return self._with_demo(_undated_last(sorted(everything, key=lambda s: (s.date, s.title)))[:limit])

    def sources(self) -> list[str]:
        """The outlets the library's articles come from, sorted."""
        return self.store.sources()

    def article(self, article_id: str) -> Article:
        stored = self.store.get(article_id)
        if stored is None:
            raise ArticleNotFoundError(f"No article with id {article_id!r} in the library {self.path}.")
        return self._with_demo([self._present(stored)])[0]

    def plain_article(self, article_id: str) -> Article:
        """The article's text, pages and details (the analyst's corrections applied) without its actors and
        quotes: a fast read that never loads the actor engine, for citing it (`brief show`, `brief export`)."""
        stored = self.store.get(article_id)
        if stored is None:
            raise ArticleNotFoundError(f"No article with id {article_id!r} in the library {self.path}.")
        a = stored.article
        return self._with_demo([Article(**_article_fields(a), pages=a.pages or self.store.pages(a.id))])[0]

    def _present(self, stored: StoredArticle) -> Article:
        """Apply the analyst's curation to an article's mentions and quotes; add the cleaner's removed lines."""
        by_actor: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for m in stored.mentions:
            canonical = self._canonical(m.actor_id)
            if canonical is not None:
                by_actor[canonical].append((m.start, m.end))
        refs = []
        for actor_id, spans in by_actor.items():
            actor = self.actors_engine.actor(actor_id)
            if actor is None:
                continue
            refs.append(ActorRef(actor.id, actor.name, actor.type, actor.role, actor.discovered, tuple(sorted(spans))))
        refs.sort(key=lambda r: (-len(r.mentions), r.name))
        quotes = tuple(
            Quote(q.article_id, q.text, q.start, q.end, (self._canonical(q.actor_id) or "") if q.actor_id else "", q.kind)
            for q in stored.quotes
        )
        a = stored.article
        removed = a.removed or self.store.removed_lines(a.id)
        pages = a.pages or self.store.pages(a.id)
        return Article(**{**_article_fields(a), "actors": tuple(refs), "quotes": quotes, "removed": removed,
                          "pages": pages})

    def check_query(self, query: str) -> None:
        """Raise QueryError with a message for the user when `query` cannot be parsed or is too long
        (cheap: no search, no actor lookup; safe on the GUI thread)."""
        self._require_index().parse(query)

    def hit_spans(self, text: str, query: str, *, exact: bool = False) -> list[tuple[int, int]]:
        """Where the query matches in `text` (an opened article), as the index sees them: its words, the
        other names of an actor it names (not with `exact`), `actor:` names, and exact phrases only where whole."""
        return self._require_index().hit_spans(text, self._typed_name_as_phrase(query, exact), self._name_expander(exact))

    def _typed_name_as_phrase(self, query: str, exact: bool) -> str:
        """A query that is only an actor's full name typed as words ("Dmitry Peskov") is searched as that name,
        quoted: the phrase also finds the actor's other names in every script ("Песков"), where the words
        alone need both in one article. Not with `exact`, nor for words that name no actor."""
        words = query.split()
        if exact or not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return query
        if set(words) & {"AND", "OR", "NOT"}:
            return query
        return f'"{" ".join(words)}"' if self._other_names(" ".join(words)) else query

    def _name_expander(self, exact: bool):
        """What finds an actor's other names for the engine: all of them, or with `exact` only for `actor:`."""
        if not exact:
            return self._other_names
        return lambda name, explicit=False: self._other_names(name, explicit=True) if explicit else []

    def related(self, article_id: str, limit: int = 5) -> list[ArticleSummary]:
        """Articles most like this one (key terms of its text)."""
        text = self.store.text(article_id)
        if text is None:
            raise ArticleNotFoundError(f"No article with id {article_id!r} in the library {self.path}.")
        out = []
        for other_id, _score in self._require_index().more_like(article_id, text, limit=limit):
            try:
                stored = self.store.get(other_id)
            except StoreError:
                continue  # a damaged entry is never a suggestion
            if stored is not None:
                a = stored.article
                out.append(ArticleSummary(a.id, a.title, a.date, a.source, a.path, a.author, a.language))
        return self._with_demo(out)

    # -- search ------------------------------------------------------------------
    def search(
        self,
        query: str = "",
        *,
        actors: Sequence[str] = (),
        date_from: str = "",
        date_to: str = "",
        source: str = "",
        limit: int = 20,
        sort: str = "relevance",
        facets: bool = False,
        time_budget: float | None = None,
        language: str | None = None,
        exact: bool = False,
    ) -> SearchResult:
        """Search the library. Raises QueryError with a user-facing message for a bad query or filter, a
        pattern that matches too many words, or a search that takes longer than `time_budget` seconds
        (indexer.index.SEARCH_SECONDS unless given).

        A word or exact phrase naming an actor also finds the actor's other names (see _other_names).
        `language` (an ISO 639-1 code; None or "" for any) keeps the articles stored in that language.
        `exact` turns that expansion off: words match as typed (an `actor:` query still finds every name)."""
        self._notice_actor_changes()
        as_typed = query
        check_day(date_from, "from date")
        check_day(date_to, "to date")
        check_range(date_from, date_to)
        query, language = _query_language(query, language)
        if language and not (query.strip() or actors or date_from or date_to or source.strip()):
            return replace(self._newest_in(language, limit), query=as_typed)
        query = self._typed_name_as_phrase(query, exact)
        actor_sets = self._actor_sets(actors)
        raw = self._require_index().search(
            query, actor_sets=actor_sets, date_from=date_from, date_to=date_to, source=source,
            limit=max(1, self.store.count()) if language else limit, sort=sort, facets=facets and not language,
            facet_key=self._canonical, time_budget=time_budget, expand_names=self._name_expander(exact),
        )
        if language:
            raw = self._only_language(raw, language, limit, facets)
        stored = self.store.texts_and_languages([rh.id for rh in raw.hits])
        hits = tuple(self._with_demo([self._hit(rh, raw.terms, raw.phrases, *stored.get(rh.id, (None, "")))
                                      for rh in raw.hits]))
        if sort == "oldest":
            hits = tuple(_undated_last(hits))
        return SearchResult(
            query=as_typed, total=raw.total, hits=hits, facets=tuple(sorted(raw.facets.items(), key=lambda kv: (-kv[1], kv[0]))),
            terms=tuple(sorted(raw.terms)),
        )

    def _actor_sets(self, actors: Sequence[str]) -> list[set[str]]:
        """The raw ids of each actor name (an article must mention one of each set); QueryError for a name
        no actor has."""
        actor_sets = []
        for name in actors:
            ids = self._raw_ids_for_name(name)
            if not ids:
                raise QueryError(f"No actor called {name!r} in the library. Check the spelling in the Actors list.")
            actor_sets.append(ids)
        return actor_sets

    def _only_language(self, raw, language: str, limit: int, facets: bool):
        """The hits (all of them, asked for) in `language`: the index has no language field, so the store's
        column decides (correct first: the total and the actor counts are the language's too)."""
        wanted = {summary.id for summary in self.store.summaries(language)}
        kept = [rh for rh in raw.hits if rh.id in wanted]
        counts: Counter = Counter()
        if facets:
            for rh in kept:
                counts.update({self._canonical(a) for a in rh.fields.get("actors", "").split()} - {None})
        return replace(raw, total=len(kept), hits=kept[:limit], facets=counts)

    def _newest_in(self, language: str, limit: int) -> SearchResult:
        """No query or other filter: the newest articles in `language`."""
        rows = self.store.summaries(language)
        hits = tuple(self._with_demo([Hit(id=r.id, title=r.title, date=r.date, source=r.source, path=r.path,
                                          score=0.0, author=r.author, language=r.language) for r in rows[:limit]]))
        return SearchResult(query="", total=len(rows), hits=hits)

    def _hit(self, rh, terms: frozenset[str], phrases: frozenset[tuple[str, ...]], text: str | None,
             language: str) -> Hit:
        f = rh.fields
        text = text or ""
        spans = highlight_spans(text, terms, phrases)
        snippets = make_snippets(text, spans)
        if not spans and (terms or phrases) and f.get("title"):
            # Matched on the title only: lead with the title and its highlighted terms.
            title = f["title"]
            snippets = (Snippet(title, tuple(highlight_spans(title, terms, phrases))),) + snippets[:1]
        return Hit(
            id=rh.id, title=f.get("title", ""), date=f.get("date", ""), source=f.get("source", ""),
            path=f.get("path", ""), score=round(rh.score, 4), snippets=snippets, author=f.get("author", ""),
            language=language,
        )

    def _other_names(self, name: str, explicit: bool = False) -> list[str]:
        """The other names of the one actor `name` names, for search: its canonical name and aliases
        (gazetteer, discovered, the analyst's), and for a person the spelling variants the actor engine
        links to a surname (Zelensky, Zelenskyy, Zelenskiy). Empty unless `name` is itself one of those
        names (an acronym only in capitals: "who" is not WHO) and names no other actor: a wrong
        expansion would mislead. `explicit` (`actor:NAME`): every name of every actor NAME resolves to."""
        if not explicit and not self._may_name_actor(name):
            return []
        if explicit or self._actors is not None:
            return self._computed_other_names(name, explicit)
        state, memo = self._expansion_memo()
        if name in memo:
            return list(memo[name])
        found = self._computed_other_names(name, explicit)  # builds the engine, noting the state it read
        if self._engine_state == state:  # else the actors changed since the memo was read: it is stale
            name_keys.save_memo(self.path / ACTORS_FOLDER, state, {**memo, name: found})
        return found

    def _expansion_memo(self) -> tuple[list, dict[str, list[str]]]:
        """The actors' current state, and the other names found for names searched before in that state
        (name_keys.load_memo), read once: a whole-process search for a name searched before in the same
        state builds no actor engine. A process that has built the engine asks the engine instead (its
        analyst's merges and renames change the answers at once)."""
        if self._memo is None:
            state = self._actor_state()
            self._memo = (state, name_keys.load_memo(self.path / ACTORS_FOLDER, state))
        return self._memo

    def _computed_other_names(self, name: str, explicit: bool) -> list[str]:
        from .actors.normalise import fold_key

        engine = self.actors_engine
        actors = [a for a in map(engine.actor, engine.resolve(name)) if a is not None]
        given = _given_name_stems(engine._inflected.given_names)
        if explicit:
            return _searchable_surnames([n for a in actors for n in _with_variants(*_names_of(a))], given)
        if len(actors) != 1:
            return []
        names, variants = _names_of(actors[0])
        typed = fold_key(name)
        if not (_is_listed(name, names) or typed in variants
                or engine.inflected_ids(name) == [actors[0].id]):  # 'Уиткоффа', 'Віткоффом' of Witkoff
            return []
        return _searchable_surnames([n for n in _with_variants(names, variants) if fold_key(n) != typed], given)

    def _may_name_actor(self, name: str) -> bool:
        """False when `name` is certainly no actor's name, alias or surname variant: decided from the key set
        kept beside the library (indexer.name_keys), so a search for other words never builds the actor
        engine. Once the engine is built, it answers itself."""
        if self._actors is not None:
            return True
        if self._name_keys is None:
            self._note_documents_read()
            self._name_keys = self._cached_name_keys()
        return name_keys.may_name(self._name_keys, name)

    def _cached_name_keys(self) -> frozenset[str]:
        """The keys stored for the current state of the actors (see name_keys.cached_keys), else computed
        (after the state is taken, so a change made meanwhile makes them stale, never wrong) and stored."""
        folder, current = self.path / ACTORS_FOLDER, self._actor_state()
        keys = name_keys.load(folder, current)
        if keys is None:
            keys = self._all_name_keys()
            if folder.is_dir():
                name_keys.save(folder, current, keys)
        return keys

    def save_actors(self) -> None:
        """Save the actors an import discovered, and the name keys of the actors as they now are (the
        importer calls it after an import added articles, while the search index commits)."""
        self.actors_engine.save()
        self._save_name_keys()

    def _save_name_keys(self) -> None:
        """Store the name keys after an import saved the actors it discovered, so the next search needs no
        engine. Only when nothing but the discovered actors changed since the engine read its files (its
        saved registry then holds what is on disk); else the next search computes them."""
        if self._actors is None or self._engine_state is None:
            return
        folder = self.path / ACTORS_FOLDER
        now = self._actor_state()
        if _apart_from_discovered(self._engine_state, folder) == _apart_from_discovered(now, folder):
            name_keys.save(folder, now, self._all_name_keys())

    def _all_name_keys(self) -> frozenset[str]:
        """The coarse keys (name_keys.coarse_key) of every actor id, and of every name, alias and (folded)
        surname variant of an actor that the engine resolves to some actor: what _other_names compares with.
        A name that resolves to no actor is never expanded (a surname alone, "pope" of Amy Pope), so leaving it
        out spares its searches the engine. The engine is asked only about names whose key is not in yet."""
        engine, coarse_key = self.actors_engine, name_keys.coarse_key
        actors = engine.all_actors()
        keys = {coarse_key(actor.id) for actor in actors}
        cyrillic = []  # names whose case forms are searched as the actor (name_keys.stem_keys)
        for actor in actors:
            names, variants = _names_of(actor)
            for name in (*names, *variants):
                key = coarse_key(name)
                if key not in keys and engine.resolve(name):
                    keys.add(key)
                if not name.isascii():
                    cyrillic.append(name)
        return frozenset(keys) | name_keys.stem_keys(cyrillic)

    # -- actors ------------------------------------------------------------------
    def actor(self, name_or_id: str) -> Actor | None:
        ids = self.actors_engine.resolve(name_or_id)
        return self.actors_engine.actor(ids[0]) if ids else None

    def actor_stats(self) -> list[ActorStats]:
        """Every actor the library mentions, with article and mention counts, most mentioned first.

        Counts come from the store's per-article summary, folded through the analyst's merges.
        An article that mentions two merged actors counts once per raw actor (rare; merges are
        meant for actors that do not meet in one article)."""
        self._notice_actor_changes()
        articles: Counter = Counter()
        mentions: Counter = Counter()
        for raw_id, n_articles, n_mentions in self.store.actor_totals():
            canonical = self._canonical(raw_id)
            if canonical is not None:
                articles[canonical] += n_articles
                mentions[canonical] += n_mentions
        out = []
        for actor_id, n_articles in articles.items():
            actor = self.actors_engine.actor(actor_id)
            if actor is not None:
                out.append(ActorStats(actor, n_articles, mentions[actor_id]))
        out.sort(key=lambda s: (-s.articles, -s.mentions, s.actor.name))
        return out

    def cooccurrence(self, name_or_id: str, limit: int = 20) -> list[tuple[str, int]]:
        """Actors that appear in the same articles as this one: (actor id, shared articles)."""
        targets = set(self.actors_engine.resolve(name_or_id))
        if not targets:
            raise QueryError(f"No actor called {name_or_id!r} in the library.")
        raw_targets = set().union(*(self.actors_engine.member_ids(t) for t in targets))
        per_article: dict[str, set[str]] = defaultdict(set)
        for article_id, raw_id in self.store.articles_with_actors(raw_targets):
            canonical = self._canonical(raw_id)
            if canonical is not None:
                per_article[article_id].add(canonical)
        counts: Counter = Counter()
        for ids in per_article.values():
            counts.update(ids - targets)
        return counts.most_common(limit)

    def merge_suggestions(self) -> list[MergeSuggestion]:
        """Discovered people who are probably a known person under a misspelt or machine-translated name: similar
        full names and the same co-actors across the library (indexer.actors.suggest). Only suggestions: the
        analyst merges with merge_actors. Actors already merged, ignored or kept apart are not suggested."""
        from .actors.suggest import Person, co_actor_sets, merge_suggestions  # the actors package loads lazily
        people = [Person(s.actor.id, s.actor.name, s.actor.discovered, s.articles, tuple(s.actor.aliases))
                  for s in self.actor_stats() if s.actor.type == "person"]
        company = co_actor_sets(self._canonical_article_actors())
        return merge_suggestions(people, company, self.actors_engine.kept_apart())

    def keep_actors_apart(self, actor_id: str, other_id: str) -> None:
        """The analyst says these are two different actors: a merge suggestion of one into the other is dismissed."""
        self.actors_engine.keep_apart(actor_id, other_id)

    def _canonical_article_actors(self) -> list[set[str]]:
        """The canonical actors of each article that mentions any (ignored actors left out)."""
        per_article: dict[str, set[str]] = defaultdict(set)
        for article_id, raw_id in self.store.actor_rows(ArticleFilter(), self.store.actor_ids()):
            canonical = self._canonical(raw_id)
            if canonical is not None:
                per_article[article_id].add(canonical)
        return list(per_article.values())

    def quotes(self, actor: str | None = None) -> list[Quote]:
        """Quoted statements, optionally only those attributed to one actor (any alias)."""
        wanted = set(self.actors_engine.resolve(actor)) if actor else None
        if actor and not wanted:
            raise QueryError(f"No actor called {actor!r} in the library.")
        out = []
        for article_id, payload in self.store.quote_rows():
            try:
                rows = _json_rows(payload)
            except ValueError:
                continue
            if not rows:
                continue
            text = self.store.text(article_id) or ""
            for raw_id, start, end, kind in (quote_row(item, text) for item in rows):
                if raw_id is None:
                    continue
                canonical = (self._canonical(raw_id) or "") if raw_id else ""
                if wanted is None or canonical in wanted:
                    out.append(Quote(article_id, text[start:end], start, end, canonical, kind))
        return out

    # curation: each persists at once and applies to search and display right away
    def merge_actors(self, keep_id: str, other_id: str) -> None:
        self.actors_engine.merge(keep_id, other_id)

    def rename_actor(self, actor_id: str, name: str) -> None:
        self.actors_engine.rename(actor_id, name)

    def alias_actor(self, actor_id: str, alias: str) -> None:
        """New aliases apply to articles imported from now on, to all after `rebuild`, and to the articles that
        contain them after `iter_reanalyse_containing([alias])`."""
        self.actors_engine.add_alias(actor_id, alias)

    def ignore_actor(self, actor_id: str) -> None:
        self.actors_engine.ignore(actor_id)

    def set_actor_type(self, actor_id: str, type_: str) -> None:
        self.actors_engine.set_type(actor_id, type_)

    def actor_curation(self, actor_id: str) -> CurationEntry:
        """What the analyst recorded about the actor a curation of `actor_id` changes (its canonical id,
        ignored or not): keep it before curating to undo the curation with restore_actor_curation."""
        return self.actors_engine.curation_entry(actor_id)

    def restore_actor_curation(self, entry: CurationEntry, expected: CurationEntry | None = None) -> None:
        """Put back one actor's curation record as actor_curation returned it (undo); with `expected`, only
        while the record is still as the undone step left it (ValueError otherwise: someone changed it)."""
        self.actors_engine.restore_curation_entry(entry, expected)

    # -- privacy -----------------------------------------------------------------
    def make_private(self) -> bool:
        """Make the library user-only (folders 700, files 600), including the files Whoosh and SQLite wrote
        with the umask's mode. Only the folder and what Briefing Reader keeps in it are touched, never other
        files a user put there. Logs one warning and returns False where it cannot."""
        failed = [] if make_private(self.path, warn=False) else [self.path]
        for entry in _library_entries(self.path):
            failed += make_tree_private(entry)
        if failed:
            log.warning("cannot make %d item(s) of the library readable by you only, e.g. %s; other users may be "
                        "able to read them. Check their owner and the file system.", len(failed), failed[0])
        return not failed

    # -- import log --------------------------------------------------------------
    def import_log(self, limit: int = 1000) -> list[LogEntry]:
        return self.store.log_entries(limit)

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
        if self._team_documents is not None:
            self._team_documents.close()
        self.store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- pictures (indexer/pictures): the data behind the timeline and the network -------------
    def matching_ids(self, query: str, limit: int, *, language: str = "", source: str = "", exact: bool = False,
                     actors: Sequence[str] = ()) -> list[str]:
        """Ids of the (at most `limit`) articles that best match a query, found exactly as search() finds them:
        `lang:` in the query or `language`, `source`, every one of `actors`, an actor's other names unless
        `exact`. QueryError for a bad query or filter."""
        query, language = _query_language(query, language)
        query = self._typed_name_as_phrase(query, exact)
        if language and not (query.strip() or source.strip() or actors):
            return [summary.id for summary in self.store.summaries(language)][:limit]
        raw = self._require_index().search(
            query, actor_sets=self._actor_sets(actors), source=source,
            limit=max(1, self.store.count()) if language else limit, expand_names=self._name_expander(exact),
        )
        if language:
            raw = self._only_language(raw, language, limit, facets=False)
        return [hit.id for hit in raw.hits]

    def timeline(self, scope=None, **options):
        """Who said what, over time; see indexer.pictures.timeline_data."""
        from .pictures.data import timeline_data

        return timeline_data(self, scope, **options)

    def network(self, scope=None, **options):
        """Which actors appear together; see indexer.pictures.network_data."""
        from .pictures.data import network_data

        return network_data(self, scope, **options)

    # -- the analyst's corrections of an article's details -------------------------------
    def article_edits(self, article_id: str) -> dict[str, str]:
        """The fields of an article the analyst corrected, with their values (store.EDITABLE_FIELDS)."""
        return self.store.edits(article_id)

    def edit_details(self, article_id: str, changes: dict[str, str], *, lock_timeout: float = 5.0) -> Article:
        """Correct an article's title, date, author, source, url or language: stored, indexed again at once,
        and applied again when its file is imported again and on `rebuild`. "" puts back the imported value.

        Raises ValueError (naming the field) for a bad field or value, before anything is changed;
        ArticleNotFoundError for an unknown id; LibraryLockedError while another process writes."""
        cleaned = {name: check_edit(name, value) for name, value in changes.items()}
        if not self.store.exists(article_id):
            raise ArticleNotFoundError(f"No article with id {article_id!r} in the library {self.path}.")
        reindex = bool(set(cleaned) & set(INDEXED_FIELDS))
        index = self._require_index() if reindex else None  # a damaged index: say so before changing anything
        self.lock.acquire(timeout=lock_timeout)
        try:
            try:
                for name, value in cleaned.items():
                    self.store.edit(article_id, name, value)
            except sqlite3.Error as exc:  # read-only, full disk, damaged: say which and what to do
                raise explain_failure(self.store.path, exc) from exc
            stored = self.store.get(article_id)
            if cleaned.get("language") == "" and not stored.article.language:
                stored = self._detect_language(stored)  # the imported language was never known
            if index is not None:
                with index.writer(timeout=lock_timeout) as writer:
                    writer.add(index_doc(stored))
                self.store.mark_indexed([article_id])
        finally:
            self.lock.release()
        return self.article(article_id)

    # -- applying a curation at once -----------------------------------------------
    def iter_reanalyse_containing(
        self, names: Sequence[str], *, cancel: Callable[[], bool] | None = None
    ) -> Generator[Progress, None, list[str]]:
        """Re-run actor recognition on the articles whose text contains one of `names` as whole words (case,
        accents and punctuation aside), e.g. after an alias was added or removed; the store and the index
        follow. Returns the ids re-analysed; cancelling keeps what was done."""
        from .actors.normalise import fold_key

        keys = [f" {key} " for key in map(fold_key, names) if key]
        index = self._require_index()
        self.lock.acquire()
        try:
            ids = [i for i in (s.id for s in self.store.summaries()) if _contains_any(self.store.text(i), keys)]
            done: list[str] = []
            with index.writer() as writer:
                for n, article_id in enumerate(ids, 1):
                    if cancel is not None and cancel():
                        break
                    stored = self._stored_or_none(article_id)
                    if stored is not None:
                        writer.add(index_doc(self._reanalyse(stored)))
                        done.append(article_id)
                    yield Progress(n, len(ids), stored.article.title if stored else article_id)
            self.store.mark_indexed(done)
            self.actors_engine.save()
            return done
        finally:
            self.make_private()
            self.lock.release()

    def _stored_or_none(self, article_id: str) -> StoredArticle | None:
        try:
            return self.store.get(article_id)
        except StoreError:  # damaged: logged by the store; a rebuild reports it
            return None

    # -- the demo corpus: invented stories, marked as such and removable at once -------------
    def demo_ids(self) -> set[str]:
        """The ids of the articles imported from the bundled demo corpus."""
        return self.store.demo_ids()

    def holds_only_demo(self) -> bool:
        """The library holds articles, and all of them are demo articles (the analyst has imported nothing)."""
        demo = len(self.demo_ids())
        return bool(demo) and demo == self.count()

    def remove_demo(self, *, lock_timeout: float = 0.0) -> int:
        """Remove every demo article from the store and the index, with its quotes and actor counts;
        returns how many. The import log keeps their history, plus one "removed" entry each."""
        from .demo import recognise_demo

        index = self._require_index()
        self.lock.acquire(timeout=lock_timeout)
        db = self.store.db
        try:
            recognise_demo(self.store, db)
            ids = sorted(self.demo_ids())
            if ids:
                self._remove_articles(index, ids, db)
            db.commit()
        except BaseException:
            db.rollback()  # the index is committed last: a failure before it leaves both as they were
            raise
        finally:
            self.make_private()
            self.lock.release()
        return len(ids)

    def _remove_articles(self, index: SearchEngine, ids: list[str], db) -> None:
        """Delete articles from the store (in the caller's open transaction) and from the index (committed)."""
        removed = [LogEntry("remove-demo", now_iso(), self._article_path(i), "removed",
                            "invented demo article, removed with the demo corpus", i) for i in ids]
        self.store.remove_articles(ids, db=db)
        self.store.add_log(removed, db=db)
        with index.writer() as writer:
            for article_id in ids:
                writer.delete(article_id)

    def _article_path(self, article_id: str) -> str:
        """The file an article was imported from ("" when unknown or damaged)."""
        stored = self._stored_or_none(article_id)
        return stored.article.path if stored is not None else ""

    def _with_demo(self, items: list) -> list:
        """Articles, summaries or hits with their demo mark set."""
        demo = self.demo_ids() if items else set()
        return [replace(item, demo=True) if item.id in demo else item for item in items]

    def _recognise_demo(self) -> None:
        """Mark the demo articles of a library made before they were marked (once; skipped while another
        process writes, or when the store is read-only: the next import does it)."""
        if self.store.demo_checked() or not self.store.has_articles():
            return
        if not self.lock.try_acquire():
            return
        try:
            from .demo import recognise_demo

            with self.store.db as db:
                recognise_demo(self.store, db)
        except (sqlite3.OperationalError, StoreError) as exc:  # e.g. read-only: the next import marks them
            log.warning("cannot mark the demo articles of %s now: %s", self.path, exc)
        finally:
            self.lock.release()


# -- helpers ---------------------------------------------------------------------------
def _apart_from_discovered(state: list, folder: Path) -> list:
    """An actor state without the entry of the discovered actors (their file, or a team library's document)."""
    file_entry, team_entry = [str(folder / DISCOVERED_FILE)], [TEAM_DOCUMENT, DISCOVERED_FILE]
    return [e for e in state if not (isinstance(e, list) and (e[:1] == file_entry or e[:2] == team_entry))]


def run_to_end(gen: Generator, on_step: Callable[[Progress], None] | None = None):
    """Run a Progress-yielding job to completion (telling `on_step` of each step) and return its result."""
    while True:
        try:
            step = next(gen)
        except StopIteration as stop:
            return stop.value
        if on_step is not None:
            on_step(step)


def _article_fields(a: Article) -> dict:
    return {
        "id": a.id, "title": a.title, "text": a.text, "date": a.date, "author": a.author, "source": a.source,
        "path": a.path, "url": a.url, "kind": a.kind, "content_hash": a.content_hash, "file_hash": a.file_hash,
        "imported": a.imported, "language": a.language,
    }


def index_doc(stored: StoredArticle) -> IndexDoc:
    a = stored.article
    return IndexDoc(
        id=a.id, title=a.title, body=a.text, date=a.date, author=a.author, source=a.source, path=a.path,
        content_hash=a.content_hash, actor_ids=tuple(sorted({m.actor_id for m in stored.mentions})),
    )


def _contains_any(text: str | None, keys: Sequence[str]) -> bool:
    """True when the folded text holds one of the folded, space-padded `keys` (whole words only)."""
    from .actors.normalise import fold_chars

    return bool(text) and any(key in f" {' '.join(fold_chars(text).split())} " for key in keys)


def _is_listed(typed: str, names: Sequence[str]) -> bool:
    """True when `typed` is one of `names` (folded); an acronym name counts only when typed in capitals."""
    from .actors.normalise import fold_key
    from .actors.recognise import is_acronym

    key = fold_key(typed)
    return any(fold_key(n) == key and (not is_acronym(n) or is_acronym(typed)) for n in names)


def _gazetteer_dir() -> Path | None:
    """The bundled gazetteer folder (None when the resources are missing: the engine then reports it)."""
    try:
        return resource("gazetteer")
    except (FileNotFoundError, OSError):
        return None


def _names_of(actor: Actor) -> tuple[list[str], set[str]]:
    """An actor's name and aliases, and for a person the folded variants of its surnames."""
    names = [actor.name, *actor.aliases]
    return names, (_surname_variants(names) if actor.type == "person" else set())


def _with_variants(names: list[str], variants: set[str]) -> list[str]:
    listed = {n.lower() for n in names}
    return names + sorted(v for v in variants if v not in listed)


_NAME_WORD = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][\w'’.-]*$")  # a capitalised word, no field or operator mark
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґʼ'’-]+$")  # one capitalised Russian or Ukrainian word
_MASCULINE_ENDINGS = ("ов", "ев", "ёв", "єв", "ин", "ін", "ын")
_FEMININE_ENDINGS = (("ська", "ський"), ("цька", "цький"), ("ская", "ский"), ("цкая", "цкий"), ("ова", "ов"),
                     ("ева", "ев"), ("єва", "єв"), ("ина", "ин"), ("іна", "ін"))


def _stems(text: str) -> list[str]:
    """The index terms of `text`, as a search analyses it."""
    return [t.text for t in analyse(text)]


def _shares_masculine_stem(name: str) -> bool:
    """A woman's Russian or Ukrainian surname alone that the stemmer cannot tell from the man's form
    ('Зеленська' and 'Зеленський' both stem to 'зеленск')."""
    feminine = next((pair for pair in _FEMININE_ENDINGS if name.endswith(pair[0])), None)
    return feminine is not None and _stems(name) == _stems(name[: -len(feminine[0])] + feminine[1])


@functools.lru_cache(maxsize=4)
def _given_name_stems(given_names: frozenset[str]) -> frozenset[str]:
    """The index stems of Cyrillic first names and of their genitives ('дмитр', 'иван' of 'Ивана')."""
    return frozenset(stem for name in given_names for form in (name, name + "а") for stem in _stems(form))


def _searchable_surnames(names: list[str], given_stems: frozenset[str]) -> list[str]:
    """A Russian or Ukrainian surname alone in -ов/-ев/-ин is searched in its oblique cases too: the stemmer
    cuts 'Лавров' to 'лавр' but 'Лаврова', 'Лавровым' to 'лавров'. When the nominative's stem is a first
    name's ('Дмитриев' and 'Дмитрий', 'Иванов' and 'Иван'), only the oblique form is searched: the full
    names ('Кирилл Дмитриев', searched as phrases) still find the nominative, and Dmitry Peskov is not found.
    A woman's surname that stems like the man's is left to her full names."""
    out = []
    for name in names:
        word = name.strip()
        if not _CYRILLIC_WORD.match(word):
            out.append(name)
        elif _shares_masculine_stem(word):
            continue  # 'Зеленська' stems as 'Зеленський': only her full names, searched as phrases, are hers
        elif word.endswith(_MASCULINE_ENDINGS) and _stems(word + "а") != (stems := _stems(word)):
            out += [word + "а"] if given_stems.intersection(stems) else [name, word + "а"]
        else:
            out.append(name)
    return list(dict.fromkeys(out))


def _surname_variants(names: Sequence[str]) -> set[str]:
    """The surname of each of a person's full names (the last of two or more words, four letters or
    more: not "III"), folded, with its transliteration variants (Zelenskyy: Zelensky, Zelenskiy ...)."""
    from .actors.normalise import fold_key, token_variants

    words = [fold_key(n).split() for n in names]
    surnames = {w[-1] for w in words if len(w) > 1 and len(w[-1]) >= 4 and w[-1].isalpha()}
    return {v for word in surnames for v in token_variants(word)}


def _json_rows(payload: str) -> list:
    import json

    try:
        rows = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise ValueError(str(exc)) from exc
    if not isinstance(rows, list):
        raise ValueError("not a list")
    return rows


def _make_private_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    except OSError as exc:
        raise BriefingReaderError(f"Cannot create the library folder {path}: {exc.strerror}.") from exc
    if not os.access(path, os.W_OK):
        raise BriefingReaderError(f"The library folder {path} is not writable. Choose another with --library.")
    make_private(path)  # also a folder made beforehand with the umask's mode


def _library_entries(library: Path) -> list[Path]:
    """What Briefing Reader keeps in a library folder: the store and its companions, the index, actors, logs,
    the lock, and what rebuild and salvage set aside."""
    names = {STORE_FILE, INDEX_FOLDER, ACTORS_FOLDER, "logs", "write.lock"}
    prefixes = (STORE_FILE + "-", STORE_FILE + ".", INDEX_FOLDER + ".before-salvage-", INDEX_FOLDER + ".not-a-folder-")
    try:
        return [p for p in library.iterdir() if p.name in names or p.name.startswith(prefixes)]
    except OSError:
        return []


def _refuse_blank_store(library: Path) -> None:
    """StoreMissingError when library.sqlite3 is missing or empty (0 bytes) but the index records articles."""
    store = library / STORE_FILE
    try:
        if store.exists() and store.stat().st_size > 0:
            return
        indexed = len(recorded_documents(library / INDEX_FOLDER))
    except (IndexCorruptError, OSError):
        return  # an unreadable index is reported when it is opened
    if indexed:
        raise StoreMissingError(library, indexed)


def _set_aside_non_folder(folder: Path) -> list[str]:
    """Move a file standing where the index folder belongs out of the way; returns a note for the user."""
    if not folder.exists() or folder.is_dir():
        return []
    aside = _free_name(folder.with_name(f"{folder.name}.not-a-folder-{time.strftime('%Y%m%d-%H%M%S')}"))
    os.replace(folder, aside)
    note = f"{folder} was a file, not a folder; it was moved to {aside} and the index recreated."
    log.warning("%s", note)
    return [note]


def _free_name(path: Path) -> Path:
    """`path`, or `path` with -2, -3... appended when it is taken."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


# -- salvage: a library whose store is missing, empty or damaged -----------------------------
RECORD_FIELDS = ("id", "title", "path", "source", "date", "author")  # what a missing article is reported with


@dataclass
class SalvageReport:
    """What `salvage` recovered. `missing` holds the index's record of articles whose files are gone."""

    recorded: int = 0
    imported: ImportReport = field(default_factory=ImportReport)
    missing: list[dict] = field(default_factory=list)  # id, title, path, source, date, author as recorded
    old_index: Path | None = None  # the index it read, kept: the only record of the missing articles
    old_store: Path | None = None  # a damaged or empty store, set aside


def salvage(path: str | os.PathLike, **kwargs) -> SalvageReport:
    """Rebuild a library whose store is lost from the index's record; see iter_salvage."""
    return run_to_end(iter_salvage(path, **kwargs))


def iter_salvage(
    path: str | os.PathLike,
    *,
    record: str | os.PathLike | None = None,
    max_size: int | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Generator[Progress, None, SalvageReport]:
    """Re-import the articles the index records, from their original files, into a new store and index.

    Only for a store that is missing, empty or unreadable. The old index and any old store are moved
    aside, never deleted; the articles whose files are gone are reported and written to the import log.
    With `record` (an index folder an earlier salvage kept), finish that salvage: import what it records
    into the library as it is now; files already imported are found unchanged."""
    library = Path(path).expanduser()
    report = SalvageReport()
    if record is None:
        documents = _set_aside_for_salvage(library, report)
    else:
        report.old_index = Path(record).expanduser()
        documents = _recorded_for_salvage(report.old_index)
    report.recorded = len(documents)
    found = []
    for document in documents:
        exists = bool(document.get("path")) and Path(document["path"]).is_file()
        (found if exists else report.missing).append({k: document.get(k, "") for k in RECORD_FIELDS})
    with Library(library) as lib:
        report.imported = yield from lib.iter_add([d["path"] for d in found], max_size=max_size, cancel=cancel)
        _log_missing(lib, report.missing)
    return report


def _set_aside_for_salvage(library: Path, report: SalvageReport) -> list[dict]:
    """Check the store needs salvage, read the index's record, then move index and store aside."""
    lock = WriteLock(library / "write.lock")
    lock.acquire()
    try:
        damaged = _store_needs_salvage(library)
        documents = _recorded_for_salvage(library / INDEX_FOLDER)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        report.old_index = _move_aside(library / INDEX_FOLDER, f"before-salvage-{stamp}")
        if damaged or (library / STORE_FILE).exists():
            report.old_store = _set_aside_store(library, "damaged" if damaged else "empty", stamp)
    finally:
        lock.release()
    return documents


def _store_needs_salvage(library: Path) -> bool:
    """True when the store is damaged; False when missing or empty. Refuses a store that holds articles."""
    store_path = library / STORE_FILE
    if not store_path.exists() or store_path.stat().st_size == 0:
        return False
    try:
        db = sqlite3.connect(store_path)
        try:
            if db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
                return True
            count = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):  # not a database, damaged pages, no articles table: nothing in it can be used
            return True
        raise explain_failure(store_path, exc) from exc
    if count:
        kept = sorted(library.glob(INDEX_FOLDER + ".before-salvage-*"))
        resume = f" To finish an interrupted salvage, run `briefing-index salvage --from {kept[-1]}`." if kept else ""
        raise BriefingReaderError(
            f"The article store {store_path} holds {count} article(s), so there is nothing to salvage. "
            "`salvage` is for a store that is missing, empty or damaged; to recreate the search index, run "
            "`briefing-index rebuild`." + resume
        )
    return False


def _recorded_for_salvage(folder: Path) -> list[dict]:
    try:
        documents = recorded_documents(folder)
    except IndexCorruptError as exc:
        raise BriefingReaderError(
            f"{exc} It was the record `salvage` needed, so nothing can be recovered from it: restore the library "
            "from a backup, or import the original files again with `briefing-index add`."
        ) from exc
    if not documents:
        raise BriefingReaderError(
            f"The search index in {folder} records no article, so there is nothing to salvage. "
            "Import your files again with `briefing-index add`."
        )
    return sorted(documents, key=lambda d: (d.get("path") or "", d.get("id") or ""))


def _move_aside(path: Path, suffix: str) -> Path:
    aside = _free_name(path.with_name(f"{path.name}.{suffix}"))
    os.replace(path, aside)
    log.warning("salvage: moved %s to %s", path, aside)
    return aside


def _set_aside_store(library: Path, why: str, stamp: str) -> Path:
    """Move the store and its WAL/shared-memory files aside together (the WAL belongs to that store only)."""
    store = library / STORE_FILE
    aside = _move_aside(store, f"{why}-{stamp}")
    for extra in ("-wal", "-shm"):
        companion = library / (STORE_FILE + extra)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + extra))
    return aside


def _log_missing(lib: Library, missing: list[dict]) -> None:
    from .store import now_iso

    run, when = f"salvage-{time.strftime('%Y%m%d%H%M%S')}", now_iso()
    entries = [
        LogEntry(run, when, d.get("path") or "(no path recorded)", "skipped",
                 f"salvage: file not found; it was article {d.get('id', '')} {d.get('title', '')!r}", d.get("id", ""))
        for d in missing
    ]
    with lib.store.db as db:
        lib.store.add_log(entries, db=db)


def _query_language(query: str, language: str | None) -> tuple[str, str]:
    """The query without its `lang:` part, and the language to keep ("" for any): the query's or the filter's;
    QueryError when they disagree."""
    query, typed = split_language(query.strip())
    if typed and language and _language_filter(language) != _language_filter(typed):
        raise QueryError(f"The query asks for lang:{typed} but the language filter is {language}; choose one.")
    return query, _language_filter(typed or language)


def _language_filter(language: str | None) -> str:
    """The language code to filter on ("" for none); QueryError naming the value when it is not a code."""
    code = (language or "").strip().lower()
    if not code:
        return ""
    from .ingest.language import language_code_problem  # only now: it loads the whole ingest package

    if language_code_problem(code):
        raise QueryError(f"Language filter: {language_code_problem(code)}.")
    return code


def _undated_last(items: Sequence) -> tuple:
    """Dated items first, in their order, then the undated ones (engines sort an empty date first)."""
    return tuple(sorted(items, key=lambda item: not item.date))  # stable
