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

import logging
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generator, Iterable, Sequence

from .errors import ArticleNotFoundError, BriefingReaderError, IndexCorruptError, QueryError
from .index import IndexDoc, SearchIndex, term_spans, wipe_index_folder
from .locking import WriteLock
from .model import (
    Actor, ActorRef, ActorStats, Article, ArticleSummary, Hit, ImportReport, Progress, Quote, SearchResult, Snippet,
)
from .paths import default_library_dir
from .snippets import make_snippets
from .store import ArticleStore, LogEntry, StoreError, StoredArticle

log = logging.getLogger(__name__)

COMMIT_EVERY = 500  # articles per store transaction during an import


@dataclass
class RebuildReport:
    articles: int = 0
    damaged: list[str] = field(default_factory=list)  # ids of store entries that could not be read


class Library:
    """A library folder: import, search, read, actors, curation."""

    def __init__(self, path: str | os.PathLike | None = None, *, actor_engine=None):
        self.path = Path(path) if path is not None else default_library_dir()
        self.path = self.path.expanduser()
        _make_private_dir(self.path)
        self.store = ArticleStore(self.path / "library.sqlite3")
        _restrict(self.path / "library.sqlite3")
        self._actors = actor_engine
        self.lock = WriteLock(self.path / "write.lock")
        self.index: SearchIndex | None = None
        self.index_problem = ""  # a message for the user when the index is damaged or missing articles
        self._open_index()

    # -- the index ---------------------------------------------------------------
    def _open_index(self) -> None:
        try:
            self.index = SearchIndex(self.path / "index", actor_resolver=self._raw_ids_for_name)
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
                f"The search index in {self.path / 'index'} is missing {expected - present} of {expected} articles "
                "(it may have been deleted or damaged). Run `briefing-index rebuild` (or Library > Rebuild index "
                "in the app) to recreate it from the article store; no article is lost."
            )
            log.error("%s", self.index_problem)

    def _require_index(self) -> SearchIndex:
        if self.index is None or self.index_problem:
            self.reopen_index()  # another Library (a worker thread, another process) may have rebuilt it
        if self.index is None or self.index_problem:
            raise IndexCorruptError(self.index_problem)
        return self.index

    def reopen_index(self) -> None:
        """Open the index afresh, e.g. after a rebuild done through another Library object."""
        if self.index is not None:
            self.index.close()
        self.index, self.index_problem = None, ""
        self._open_index()

    # -- actors ------------------------------------------------------------------
    @property
    def actors_engine(self):
        if self._actors is None:
            from .actors import ActorEngine

            self._actors = ActorEngine(self.path / "actors")
        return self._actors

    def _raw_ids_for_name(self, name: str) -> set[str]:
        ids: set[str] = set()
        for canonical in self.actors_engine.resolve(name):
            ids |= self.actors_engine.member_ids(canonical)
        return ids

    def _canonical(self, raw_id: str) -> str | None:
        return self.actors_engine.canonical_id(raw_id)

    def refresh(self) -> None:
        """Re-read state another process (or thread) may have changed: actors and curation."""
        if self._actors is not None:
            self._actors.reload()

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
        from .importer import run_import  # lazy: reading and cleaning code is not needed to open a library

        self._require_index()
        self.lock.acquire(timeout=lock_timeout)
        try:
            self._reconcile()
            return (yield from run_import(self, paths, max_size=max_size, cancel=cancel))
        finally:
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

    def iter_rebuild(self, *, reanalyse: bool = True) -> Generator[Progress, None, RebuildReport]:
        """Recreate the index from the article store, re-running actor recognition with current curation."""
        report = RebuildReport()
        self.lock.acquire()
        try:
            total = self.store.count()
            yield Progress(0, total, "Rebuilding the index")
            if self.index is None:
                wipe_index_folder(self.path / "index")
                self.index = SearchIndex(self.path / "index", actor_resolver=self._raw_ids_for_name)
            self.index.recreate()
            self.index_problem = ""
            self.store.mark_all_unindexed()
            writer = self.index.writer()
            indexed: list[str] = []
            try:
                for n, stored in enumerate(self.store.iter_all(), 1):
                    if not isinstance(stored, StoredArticle):
                        report.damaged.append(stored)
                        continue
                    if reanalyse:
                        stored = self._reanalyse(stored)
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
            self.lock.release()
        return report

    def _reanalyse(self, stored: StoredArticle) -> StoredArticle:
        mentions, quotes = self.actors_engine.analyse(stored.article.text, stored.article.id, (stored.article.author,))
        with self.store.db as db:
            self.store.update_actors(stored.article.id, mentions, quotes, db=db)
        return StoredArticle(stored.article, tuple(mentions), tuple(quotes), stored.minhash)

    # -- reading -----------------------------------------------------------------
    def count(self) -> int:
        return self.store.count()

    def articles(self) -> list[ArticleSummary]:
        return self.store.summaries()

    def newest(self, limit: int = 500) -> list[ArticleSummary]:
        """The most recent articles, newest first (fast at any library size)."""
        return self.store.newest(limit)

    def sources(self) -> list[str]:
        """The outlets the library's articles come from, sorted."""
        return self.store.sources()

    def article(self, article_id: str) -> Article:
        stored = self.store.get(article_id)
        if stored is None:
            raise ArticleNotFoundError(f"No article with id {article_id!r} in the library {self.path}.")
        return self._present(stored)

    def _present(self, stored: StoredArticle) -> Article:
        """Apply the analyst's curation to an article's mentions and quotes."""
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
            Quote(q.article_id, q.text, q.start, q.end, (self._canonical(q.actor_id) or "") if q.actor_id else "")
            for q in stored.quotes
        )
        a = stored.article
        return Article(**{**_article_fields(a), "actors": tuple(refs), "quotes": quotes})

    def check_query(self, query: str) -> None:
        """Raise QueryError with a message for the user when `query` cannot be parsed (cheap: no search)."""
        self._require_index().parse(query)

    def hit_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Where the query's terms occur in `text` (an opened article), as the index sees them."""
        return self._require_index().hit_spans(text, query)

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
                out.append(ArticleSummary(a.id, a.title, a.date, a.source, a.path, a.author))
        return out

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
    ) -> SearchResult:
        """Search the library. Raises QueryError with a user-facing message for a bad query or filter."""
        actor_sets = []
        for name in actors:
            ids = self._raw_ids_for_name(name)
            if not ids:
                raise QueryError(f"No actor called {name!r} in the library. Check the spelling in the Actors list.")
            actor_sets.append(ids)
        raw = self._require_index().search(
            query, actor_sets=actor_sets, date_from=date_from, date_to=date_to, source=source,
            limit=limit, sort=sort, facets=facets, facet_key=self._canonical,
        )
        hits = tuple(self._hit(rh, raw.terms) for rh in raw.hits)
        return SearchResult(
            query=query, total=raw.total, hits=hits, facets=tuple(sorted(raw.facets.items(), key=lambda kv: (-kv[1], kv[0]))),
            terms=tuple(sorted(raw.terms)),
        )

    def _hit(self, rh, terms: frozenset[str]) -> Hit:
        f = rh.fields
        text = self.store.text(rh.id) or ""
        spans = term_spans(text, terms)
        snippets = make_snippets(text, spans)
        if not spans and terms and f.get("title"):
            # Matched on the title only: lead with the title and its highlighted terms.
            title = f["title"]
            snippets = (Snippet(title, tuple(term_spans(title, terms))),) + snippets[:1]
        return Hit(
            id=rh.id, title=f.get("title", ""), date=f.get("date", ""), source=f.get("source", ""),
            path=f.get("path", ""), score=round(rh.score, 4), snippets=snippets, author=f.get("author", ""),
        )

    # -- actors ------------------------------------------------------------------
    def actor(self, name_or_id: str) -> Actor | None:
        ids = self.actors_engine.resolve(name_or_id)
        return self.actors_engine.actor(ids[0]) if ids else None

    def actor_stats(self) -> list[ActorStats]:
        """Every actor the library mentions, with article and mention counts, most mentioned first.

        Counts come from the store's per-article summary, folded through the analyst's merges.
        An article that mentions two merged actors counts once per raw actor (rare; merges are
        meant for actors that do not meet in one article)."""
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
            for raw_id, start, end in rows:
                canonical = (self._canonical(raw_id) or "") if raw_id else ""
                if wanted is None or canonical in wanted:
                    out.append(Quote(article_id, text[start:end], start, end, canonical))
        return out

    # curation: each persists at once and applies to search and display right away
    def merge_actors(self, keep_id: str, other_id: str) -> None:
        self.actors_engine.merge(keep_id, other_id)

    def rename_actor(self, actor_id: str, name: str) -> None:
        self.actors_engine.rename(actor_id, name)

    def alias_actor(self, actor_id: str, alias: str) -> None:
        """New aliases apply to articles imported from now on, and to all after `rebuild`."""
        self.actors_engine.add_alias(actor_id, alias)

    def ignore_actor(self, actor_id: str) -> None:
        self.actors_engine.ignore(actor_id)

    def set_actor_type(self, actor_id: str, type_: str) -> None:
        self.actors_engine.set_type(actor_id, type_)

    # -- import log --------------------------------------------------------------
    def import_log(self, limit: int = 1000) -> list[LogEntry]:
        return self.store.log_entries(limit)

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
        self.store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- helpers ---------------------------------------------------------------------------
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
        "imported": a.imported,
    }


def index_doc(stored: StoredArticle) -> IndexDoc:
    a = stored.article
    return IndexDoc(
        id=a.id, title=a.title, body=a.text, date=a.date, author=a.author, source=a.source, path=a.path,
        content_hash=a.content_hash, actor_ids=tuple(sorted({m.actor_id for m in stored.mentions})),
    )


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
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BriefingReaderError(f"Cannot create the library folder {path}: {exc.strerror}.") from exc
    if not os.access(path, os.W_OK):
        raise BriefingReaderError(f"The library folder {path} is not writable. Choose another with --library.")


def _restrict(path: Path) -> None:
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
