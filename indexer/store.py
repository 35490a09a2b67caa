"""The article store: the library's source of truth, in one SQLite file.

Each article row holds the cleaned text, its metadata, its actor mentions and
quotes. Writes are transactions, so a crash leaves either the old or the new
row, never half of one. The Whoosh index is derived from this store; the
`indexed` flag marks rows whose index entry is committed, so a crash between
the two is repaired by the next writer (see Library).
"""

from __future__ import annotations

import json
import logging
import re
import shlex
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence
from urllib.parse import urlsplit

from .errors import BriefingReaderError
from .model import QUOTE_DIRECT, QUOTE_KINDS, QUOTE_REPORTED, Article, ArticleSummary, Mention, Quote, RemovedLine

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3  # 3: article_edits.original; 2: articles.language, article_edits (1: neither)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    date TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'text',
    content_hash TEXT NOT NULL,
    file_hash TEXT NOT NULL DEFAULT '',
    imported TEXT NOT NULL,
    minhash TEXT NOT NULL DEFAULT '',
    mentions TEXT NOT NULL DEFAULT '[]',
    quotes TEXT NOT NULL DEFAULT '[]',
    indexed INTEGER NOT NULL DEFAULT 0,
    language TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_unindexed ON articles(indexed) WHERE indexed = 0;
-- Covers the article list (newest first) and the sources filter without reading any article text.
CREATE INDEX IF NOT EXISTS articles_by_date ON articles(date, title, id, source, path, author, language);
-- The analyst's corrections of an article's fields (title, date, author, source, url, language), applied
-- again when its file is re-imported; `original` keeps the imported value, put back when the edit is cleared.
CREATE TABLE IF NOT EXISTS article_edits (
    article_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    original TEXT,
    PRIMARY KEY (article_id, field)
);
-- Duplicate detection: one row per LSH band of an article's MinHash (integer keys; version 1 had a TEXT `lsh`).
CREATE TABLE IF NOT EXISTS lsh_bands (key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lsh_bands_key ON lsh_bands(key);
CREATE INDEX IF NOT EXISTS lsh_bands_article ON lsh_bands(article_id);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    file_hash TEXT NOT NULL,
    article_id TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_actors (
    article_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS article_actors_actor ON article_actors(actor_id);
CREATE INDEX IF NOT EXISTS article_actors_article ON article_actors(article_id);
-- The cleaner's audit trail: source lines that are in neither the text nor the metadata, and why.
-- A table of its own, so libraries made before it simply gain it when opened (their articles have none).
CREATE TABLE IF NOT EXISTS removed_lines (
    article_id TEXT NOT NULL,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS removed_lines_article ON removed_lines(article_id);
-- Articles imported from the bundled demo corpus: invented stories, shown as such and removable at once.
CREATE TABLE IF NOT EXISTS demo_articles (article_id TEXT PRIMARY KEY);
-- A PDF's page starts (JSON list of offsets into the text); libraries made before it gain it when opened.
CREATE TABLE IF NOT EXISTS article_pages (
    article_id TEXT PRIMARY KEY,
    pages TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS import_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run TEXT NOT NULL,
    time TEXT NOT NULL,
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    article_id TEXT NOT NULL DEFAULT ''
);
"""

_SUMMARY_COLUMNS = "id, title, date, source, path, author, language"
EDITABLE_FIELDS = ("title", "date", "author", "source", "url", "language")  # fields the analyst may correct
INDEXED_FIELDS = ("title", "date", "author", "source")  # of those, the ones the search index also holds
_MAX_LENGTH = {"title": 500, "author": 200, "source": 200, "url": 2000}
FILLABLE_FIELDS = ("title", "date", "author", "source", "url")  # metadata a duplicate's copy may supply


class StoreError(BriefingReaderError):
    """The article store cannot be opened or read."""


@dataclass(frozen=True)
class StoredArticle:
    """An article row as stored: mentions carry raw actor ids, before curation."""

    article: Article
    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...]
    minhash: tuple[int, ...]


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles the pictures are drawn from: every part given must hold (None or "": no restriction)."""

    ids: frozenset[str] | None = None  # only these articles (a query's matches, the open panes)
    actor_ids: frozenset[str] | None = None  # mentioning any of these raw actor ids
    date_from: str = ""  # inclusive bounds, compared as text (pictures.scope.check_dates makes them)
    date_to: str = ""


@dataclass(frozen=True)
class LogEntry:
    run: str
    time: str
    path: str
    status: str  # added / duplicate / unchanged / skipped / updated
    detail: str = ""
    article_id: str = ""


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class ArticleStore:
    """SQLite-backed article store. One connection per thread; WAL so readers never wait for a writer."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        try:
            self._init_schema()
        except sqlite3.DatabaseError as exc:
            raise explain_failure(self.path, exc) from exc

    # -- connections ---------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30.0)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _init_schema(self) -> None:
        with self.db as db:
            version = _stored_version(db)
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(
                    f"The library {self.path.parent} was made by a newer Briefing Reader "
                    f"(store version {version}); update the application to open it."
                )
            _upgrade_articles(db)
            _upgrade_edits(db)
            db.executescript(_SCHEMA)
            if version != SCHEMA_VERSION:  # only then: opening a library must not write to its store
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    # -- reading -------------------------------------------------------------
    def has_articles(self) -> bool:
        return self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def summaries(self, language: str | None = None) -> list[ArticleSummary]:
        """Every article (or those in one language; "" for those without one), newest first."""
        where, params = ("WHERE language=?", (language,)) if language is not None else ("", ())
        rows = self.db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles INDEXED BY articles_by_date {where} ORDER BY date DESC, title",
            params,
        )
        return [ArticleSummary(*r) for r in rows]

    def newest(self, limit: int) -> list[ArticleSummary]:
        """The `limit` most recent articles (by date, then title, both descending), from the covering index."""
        rows = self.db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles INDEXED BY articles_by_date "
            "ORDER BY date DESC, title DESC LIMIT ?", (max(0, int(limit)),),
        )
        return [ArticleSummary(*r) for r in rows]

    def sources(self) -> list[str]:
        """Every distinct non-empty source, case-insensitively sorted."""
        rows = self.db.execute("SELECT DISTINCT source FROM articles INDEXED BY articles_by_date WHERE source != ''")
        return sorted((r[0] for r in rows), key=str.lower)

    def text(self, article_id: str) -> str | None:
        """The article's text; None when absent or damaged (logged)."""
        row = self.db.execute("SELECT text FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            return None
        if not isinstance(row[0], str):
            log.warning("article %s in the store is damaged: its text is not text", article_id)
            return None
        return row[0]

    def title(self, article_id: str) -> str:
        """The article's title; "" when absent."""
        row = self.db.execute("SELECT title FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row and isinstance(row[0], str) else ""

    def language(self, article_id: str) -> str:
        """The article's language code; "" when absent or unknown."""
        row = self.db.execute("SELECT language FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row and isinstance(row[0], str) else ""

    def texts_and_languages(self, article_ids: Sequence[str]) -> dict[str, tuple[str | None, str]]:
        """{id: (text, language)} of those of `article_ids` in the store, in one query per 500 (a page of hits:
        two queries a hit were an eighth of a search); a damaged text is None (logged), as text() gives it."""
        out: dict[str, tuple[str | None, str]] = {}
        ids = list(dict.fromkeys(article_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self.db.execute(
                f"SELECT id, text, language FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            for article_id, text, language in rows:
                if not isinstance(text, str):
                    log.warning("article %s in the store is damaged: its text is not text", article_id)
                    text = None
                out[article_id] = (text, language if isinstance(language, str) else "")
        return out

    def without_language(self) -> int:
        """How many articles have no language yet (imported before languages were detected, or unsure)."""
        return self.db.execute(
            "SELECT COUNT(*) FROM articles INDEXED BY articles_by_date WHERE language=''"
        ).fetchone()[0]

    def edits(self, article_id: str) -> dict[str, str]:
        """The analyst's corrections of this article: field -> value."""
        rows = self.db.execute("SELECT field, value FROM article_edits WHERE article_id=?", (article_id,))
        return {field: value for field, value in rows if field in EDITABLE_FIELDS}

    def demo_ids(self) -> set[str]:
        """The ids of the articles from the bundled demo corpus."""
        try:
            return {r[0] for r in self.db.execute("SELECT article_id FROM demo_articles")}
        except sqlite3.OperationalError as exc:  # a store this version could not extend (read-only): none marked
            log.warning("demo articles cannot be read: %s", exc)
            return set()

    def demo_checked(self) -> bool:
        """Whether the articles of this store were checked for demo ones (libraries made before the mark)."""
        return self.db.execute("SELECT 1 FROM meta WHERE key='demo_checked'").fetchone() is not None

    def files_of_articles(self) -> list[tuple[str, str, str]]:
        """(id, path, file_hash) of every article, to recognise files (read without any article text)."""
        return self.db.execute("SELECT id, path, file_hash FROM articles").fetchall()

    def get(self, article_id: str) -> StoredArticle | None:
        """One article, None if absent. A damaged entry raises StoreError naming it."""
        row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            return None
        try:
            return _row_to_stored(row)
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("article %s in the store is damaged: %s", article_id, exc)
            raise StoreError(
                f"The stored copy of article {article_id} is damaged and cannot be shown. "
                "Re-import its file to restore it."
            ) from exc

    def iter_all(self, *, unindexed_only: bool = False) -> Iterator[StoredArticle | str]:
        """Every article; a row that cannot be decoded yields its id instead (reported, skipped)."""
        sql = "SELECT * FROM articles" + (" WHERE indexed=0" if unindexed_only else "") + " ORDER BY rowid"
        # Fetch ids first so that a long iteration holds no read cursor across writes.
        ids = [r[0] for r in self.db.execute(sql.replace("*", "id", 1))]
        for article_id in ids:
            row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
            if row is None:
                continue
            try:
                yield _row_to_stored(row)
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("article %s in the store is damaged: %s", article_id, exc)
                yield article_id

    def removed_lines(self, article_id: str) -> tuple[RemovedLine, ...]:
        """The lines the cleaner took out of this article, in source order; damaged rows are left out (logged)."""
        try:
            rows = self.db.execute(
                "SELECT line, text, reason FROM removed_lines WHERE article_id=? ORDER BY rowid", (article_id,)
            ).fetchall()
        except sqlite3.OperationalError as exc:  # a store this version could not extend (read-only): none recorded
            log.warning("removed lines of article %s cannot be read: %s", article_id, exc)
            return ()
        good = [RemovedLine(*r) for r in rows if isinstance(r[1], str) and isinstance(r[2], str)]
        if len(good) < len(rows):
            log.warning("article %s in the store has %d damaged removed lines", article_id, len(rows) - len(good))
        return tuple(good)

    def by_content_hash(self, content_hash: str) -> str | None:
        row = self.db.execute("SELECT id FROM articles WHERE content_hash=? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def lsh_candidates(self, keys: Iterable[int]) -> list[tuple[str, tuple[int, ...]]]:
        """Articles sharing at least one LSH band key, with their MinHash signatures."""
        keys = list(keys)
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT DISTINCT a.id, a.minhash FROM lsh_bands b JOIN articles a ON a.id = b.article_id "
            f"WHERE b.key IN ({marks})",
            keys,
        )
        return [(r[0], _decode_minhash(r[1])) for r in rows]

    def signature_version(self) -> int:
        """The version of the stored MinHash signatures and LSH keys (1 for libraries made before versions)."""
        row = self.db.execute("SELECT value FROM meta WHERE key='minhash_version'").fetchone()
        try:
            return int(row[0]) if row else 1
        except (TypeError, ValueError):  # a damaged row: recomputing the signatures repairs it
            return 0

    def replace_signatures(self, sign, version: int, db: sqlite3.Connection | None = None) -> int:
        """Recompute every article's signature and LSH keys with `sign(text) -> (signature, keys)`.

        Runs inside the caller's transaction (the importer's, under the write lock); returns the count.
        """
        db = db or self.db
        ids = [r[0] for r in db.execute("SELECT id FROM articles")]
        db.execute("DROP TABLE IF EXISTS lsh")  # version 1's text keys
        db.execute("DELETE FROM lsh_bands")
        for article_id in ids:
            signature, keys = sign(self.text(article_id) or "")
            db.execute("UPDATE articles SET minhash=? WHERE id=?", (_encode_minhash(signature), article_id))
            db.executemany("INSERT INTO lsh_bands VALUES (?, ?)", [(k, article_id) for k in keys])
        db.execute("INSERT OR REPLACE INTO meta VALUES ('minhash_version', ?)", (str(version),))
        return len(ids)

    def file_record(self, path: str) -> tuple[str, str, str] | None:
        """(file_hash, article_id, status) of the last import of this path."""
        row = self.db.execute("SELECT file_hash, article_id, status FROM files WHERE path=?", (path,)).fetchone()
        return tuple(row) if row else None

    def exists(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def updated_ids(self) -> set[str]:
        """The articles whose id is not their text's hash: updated in place, they keep their first text's id."""
        return {r[0] for r in self.db.execute(_UPDATED_IDS)}

    def actor_totals(self) -> list[tuple[str, int, int]]:
        """(raw actor id, articles, mentions) over the whole library, from the per-article summary table."""
        return self.db.execute(
            "SELECT actor_id, COUNT(*), SUM(mentions) FROM article_actors GROUP BY actor_id"
        ).fetchall()

    def articles_with_actors(self, actor_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(article_id, raw actor id) for every actor in the articles that mention any of `actor_ids`."""
        ids = list(actor_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return self.db.execute(
            f"SELECT article_id, actor_id FROM article_actors WHERE article_id IN "
            f"(SELECT article_id FROM article_actors WHERE actor_id IN ({marks}))",
            ids,
        ).fetchall()

    def quote_rows(self) -> Iterator[tuple[str, str]]:
        return iter(self.db.execute("SELECT id, quotes FROM articles").fetchall())

    def log_entries(self, limit: int = 1000) -> list[LogEntry]:
        rows = self.db.execute(
            "SELECT run, time, path, status, detail, article_id FROM import_log ORDER BY seq DESC LIMIT ?", (limit,)
        )
        return [LogEntry(*r) for r in rows]
    def pages(self, article_id: str) -> tuple[int, ...]:
        """A PDF's page starts; () for other articles, older libraries and damaged rows (logged)."""
        try:
            row = self.db.execute("SELECT pages FROM article_pages WHERE article_id=?", (article_id,)).fetchone()
        except sqlite3.OperationalError as exc:  # a store this version could not extend (read-only): none recorded
            log.warning("pages of article %s cannot be read: %s", article_id, exc)
            return ()
        return decode_pages(row[0], article_id) if row else ()

    # -- writing (the caller holds the library's write lock) -----------------
    def put(
        self,
        article: Article,
        mentions: Iterable[Mention],
        quotes: Iterable[Quote],
        minhash: tuple[int, ...],
        lsh_keys: Iterable[int],
        db: sqlite3.Connection | None = None,
    ) -> None:
        """Insert or replace one article (unindexed) with its dedupe keys, inside the caller's transaction."""
        db = db or self.db
        db.execute(
            "INSERT OR REPLACE INTO articles (id, title, text, date, author, source, path, url, kind, content_hash,"
            " file_hash, imported, minhash, mentions, quotes, indexed, language)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?)",
            (
                article.id, article.title, article.text, article.date, article.author, article.source,
                article.path, article.url, article.kind, article.content_hash, article.file_hash,
                article.imported or now_iso(), _encode_minhash(minhash), _encode_mentions(mentions),
                _encode_quotes(quotes), article.language,
            ),
        )
        db.execute("DELETE FROM lsh_bands WHERE article_id=?", (article.id,))
        db.executemany("INSERT INTO lsh_bands VALUES (?, ?)", [(k, article.id) for k in lsh_keys])
        _put_actor_summary(db, article.id, mentions)
        _put_removed_lines(db, article.id, article.removed)
        _put_pages(db, article.id, article.pages)
        _keep_imported(db, article.id)
        _apply_edits(db, article.id)

    def edit(self, article_id: str, field: str, value: str) -> None:
        """Correct one field of an article (a value check_edit passed), now and whenever its file is imported
        again; "" clears the correction, putting back the imported value. An indexed field marks the article
        unindexed until the caller has indexed it again."""
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"{field!r} cannot be edited; editable: {', '.join(EDITABLE_FIELDS)}")
        with self.db as db:
            if value:
                _record_edit(db, article_id, field, value)
            else:
                _clear_edit(db, article_id, field)
            _apply_edits(db, article_id)
            if field in INDEXED_FIELDS:
                db.execute("UPDATE articles SET indexed=0 WHERE id=?", (article_id,))

    def set_language(self, article_id: str, language: str, db: sqlite3.Connection | None = None) -> None:
        """Store a detected language (an analyst's correction, if any, still wins)."""
        db = db or self.db
        db.execute("UPDATE articles SET language=? WHERE id=?", (language, article_id))
        _keep_imported(db, article_id)
        _apply_edits(db, article_id)

    def update_actors(self, article_id: str, mentions: Iterable[Mention], quotes: Iterable[Quote], db=None) -> None:
        db = db or self.db
        mentions = list(mentions)
        db.execute(
            "UPDATE articles SET mentions=?, quotes=?, indexed=0 WHERE id=?",
            (_encode_mentions(mentions), _encode_quotes(quotes), article_id),
        )
        _put_actor_summary(db, article_id, mentions)

    def edited_fields(self, article_id: str) -> set[str]:
        """Every field the analyst corrected in this article (whether or not this version can edit it)."""
        return {r[0] for r in self.db.execute("SELECT field FROM article_edits WHERE article_id=?", (article_id,))}

    def fill_metadata(self, article_id: str, values: dict[str, str], db: sqlite3.Connection | None = None) -> None:
        """Set some of an article's metadata fields (FILLABLE_FIELDS) and mark it for re-indexing, inside the
        caller's transaction. The caller decides which fields were empty; the analyst's corrections still win."""
        db = db or self.db
        for field, value in values.items():
            if field not in FILLABLE_FIELDS:
                raise ValueError(f"{field!r} is not a metadata field that can be filled")
            db.execute(f"UPDATE articles SET {field}=?, indexed=0 WHERE id=?", (value, article_id))
        _apply_edits(db, article_id)

    def mark_demo(self, ids: Iterable[str], db: sqlite3.Connection | None = None) -> None:
        """Mark articles as from the demo corpus, inside the caller's transaction."""
        (db or self.db).executemany("INSERT OR IGNORE INTO demo_articles VALUES (?)", [(i,) for i in ids])

    def set_demo_checked(self, db: sqlite3.Connection | None = None) -> None:
        (db or self.db).execute("INSERT OR REPLACE INTO meta VALUES ('demo_checked', '1')")

    def remove_articles(self, ids: Iterable[str], db: sqlite3.Connection | None = None) -> None:
        """Delete articles with everything stored of them (quotes, actor counts, dedupe keys, removed lines,
        corrections, the records of their files), inside the caller's transaction. The import log stays."""
        db = db or self.db
        rows = [(i,) for i in ids]
        db.executemany("DELETE FROM articles WHERE id=?", rows)
        for table in ("lsh_bands", "article_actors", "removed_lines", "article_edits", "files", "demo_articles",
                      "article_pages"):
            db.executemany(f"DELETE FROM {table} WHERE article_id=?", rows)  # table names from this fixed list

    def record_file(self, path: str, file_hash: str, article_id: str, status: str, db=None) -> None:
        db = db or self.db
        db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?)", (path, file_hash, article_id, status))

    def mark_indexed(self, ids: Iterable[str]) -> None:
        with self.db as db:
            db.executemany("UPDATE articles SET indexed=1 WHERE id=?", [(i,) for i in ids])

    def mark_all_unindexed(self) -> None:
        with self.db as db:
            db.execute("UPDATE articles SET indexed=0")

    def indexed_count(self) -> int:
        """Articles marked indexed: every article less the unindexed, both counted on an index. (A WHERE on
        the indexed column read every article's row, text and all: 0.1 s of each opening at 20k articles.)"""
        return self.db.execute("SELECT (SELECT COUNT(*) FROM articles) - "
                               "(SELECT COUNT(*) FROM articles WHERE indexed=0)").fetchone()[0]

    def unindexed_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE indexed=0").fetchone()[0]

    def add_log(self, entries: Iterable[LogEntry], db: sqlite3.Connection | None = None) -> None:
        """Append import-log entries inside the caller's transaction (or this thread's connection's)."""
        (db or self.db).executemany(
            "INSERT INTO import_log (run, time, path, status, detail, article_id) VALUES (?,?,?,?,?,?)",
            [(e.run, e.time, e.path, e.status, e.detail, e.article_id) for e in entries],
        )

    def actor_ids(self) -> list[str]:
        """Every raw actor id the per-article summary mentions (read from its index alone: fast at any size)."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT actor_id FROM article_actors INDEXED BY article_actors_actor")]

    # -- the pictures' data (indexer.pictures.data), over the articles of an ArticleFilter -------------
    def count_in(self, where: ArticleFilter) -> int:
        sql, params = _filter_sql(where, "id")
        return self.db.execute(f"SELECT COUNT(*) FROM articles WHERE {sql}", params).fetchone()[0]

    def day_counts(self, where: ArticleFilter) -> list[tuple[str, int]]:
        """(YYYY-MM-DD, articles) of the articles with such a date, by date."""
        sql, params = _filter_sql(where, "id")
        return self.db.execute(f"SELECT date, COUNT(*) FROM articles WHERE date GLOB '{_ISO_DAY_GLOB}' AND {sql} "
                               "GROUP BY date ORDER BY date", params).fetchall()

    def dated_quote_rows(self, where: ArticleFilter) -> list[tuple[str, str, str, str]]:
        """(id, date, quotes column, text) of the articles with a YYYY-MM-DD date and at least one quote."""
        sql, params = _filter_sql(where, "id")
        return self.db.execute(f"SELECT id, date, quotes, text FROM articles WHERE quotes != '[]' "
                               f"AND date GLOB '{_ISO_DAY_GLOB}' AND {sql}", params).fetchall()

    def actor_article_counts(self, where: ArticleFilter) -> list[tuple[str, int]]:
        """(raw actor id, articles mentioning it) from the per-article summary."""
        sql, params = _filter_sql(where, "article_id")
        return self.db.execute(f"SELECT actor_id, COUNT(*) FROM article_actors WHERE {sql} GROUP BY actor_id",
                               params).fetchall()

    def actor_rows(self, where: ArticleFilter, actor_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(article id, raw actor id) of every mention summary of these actors, by article."""
        sql, params = _filter_sql(where, "article_id")
        return self.db.execute(f"SELECT article_id, actor_id FROM article_actors WHERE actor_id IN "
                               f"(SELECT value FROM json_each(?)) AND {sql} ORDER BY article_id",
                               [json.dumps(sorted(actor_ids)), *params]).fetchall()


_ISO_DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"  # a usable date: YYYY-MM-DD


def _filter_sql(where: ArticleFilter, column: str) -> tuple[str, list]:
    """An ArticleFilter as SQLite conditions on an article-id `column` (a fixed name), and their parameters."""
    parts, params = [], []
    if where.ids is not None:
        parts.append(f"{column} IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(where.ids)))
    if where.actor_ids is not None:
        parts.append(f"{column} IN (SELECT article_id FROM article_actors WHERE actor_id IN "
                     "(SELECT value FROM json_each(?)))")
        params.append(json.dumps(sorted(where.actor_ids)))
    if where.date_from or where.date_to:
        parts.append(f"{column} IN (SELECT id FROM articles WHERE date >= ? AND date <= ?)")
        params += [where.date_from or "0", where.date_to or "~"]
    return " AND ".join(parts) or "1", params


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite's error means the file's content is damaged (not: read-only, busy, missing, full)."""
    reason = str(exc).lower()
    return any(word in reason for word in ("malformed", "not a database", "no such table", "corrupt"))


def explain_failure(path: Path, exc: sqlite3.Error) -> StoreError:
    """The user's message for an SQLite error on the store at `path`: what happened and what to do."""
    reason, library = str(exc).lower(), Path(path).parent
    if "readonly" in reason or "read-only" in reason:
        return StoreError(
            f"The article store {path} is read-only ({exc}). Make the file and its folder writable by you "
            "(e.g. `chmod u+w`), then try again; nothing was changed."
        )
    if "unable to open" in reason:
        return StoreError(f"The article store {path} cannot be opened ({exc}). Check that the file and its folder "
                          "exist and are readable and writable by you.")
    if "locked" in reason or "busy" in reason:
        return StoreError(f"The article store {path} is busy ({exc}): another process is using it. Try again.")
    if "full" in reason:
        return StoreError(f"The disk holding the article store {path} is full ({exc}). Free some space and try again.")
    return StoreError(
        f"The article store {path} is damaged ({exc}). Restore it from a backup, or run "
        f"`briefing-index --library {shlex.quote(str(library))} salvage` to set it aside and re-import the articles from their "
        "original files (the search index records them). `briefing-index rebuild` recreates only the search "
        "index, from the store, so it cannot repair the store."
    )


def _stored_version(db: sqlite3.Connection) -> int | None:
    """The store's schema version; None for a new file (no meta row yet)."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.OperationalError:  # no meta table: a new file
        return None
    try:
        return int(row[0]) if row else None
    except (TypeError, ValueError):  # a damaged row: the upgrade below is safe to run again
        return None


def _upgrade_articles(db: sqlite3.Connection) -> None:
    """Bring a version-1 articles table up to date: add `language` and widen the covering index.

    Languages of older articles stay "" until `rebuild` detects them (an import never waits for that)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    if not columns or "language" in columns:
        return
    try:
        db.execute("ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''")
    except sqlite3.OperationalError as exc:
        if "duplicate column" not in str(exc).lower():
            raise
        return  # another process opening the same library upgraded it a moment ago
    db.execute("DROP INDEX IF EXISTS articles_by_date")  # recreated with the language by _SCHEMA
    log.info("article store upgraded: a language per article (run `rebuild` to detect older articles')")


def _upgrade_edits(db: sqlite3.Connection) -> None:
    """Give a version-2 article_edits table its `original` column. Its edits are of the language only, whose
    imported value was not kept: "" (unknown), which clearing the edit detects again."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(article_edits)")}
    if not columns or "original" in columns:
        return
    try:
        db.execute("ALTER TABLE article_edits ADD COLUMN original TEXT")
    except sqlite3.OperationalError as exc:
        if "duplicate column" not in str(exc).lower():
            raise
        return  # another process upgraded it a moment ago
    db.execute("UPDATE article_edits SET original='' WHERE original IS NULL")


def check_edit(field: str, value: str) -> str:
    """The value to store for a correction of `field`: trimmed, on one line; "" clears the correction.
    ValueError with a message naming the field when the value cannot be one (a date must be a real
    YYYY-MM-DD, a web address http(s) with a host, a language an ISO 639-1 code)."""
    if field not in EDITABLE_FIELDS:
        raise ValueError(f"{field!r} cannot be edited; editable: {', '.join(EDITABLE_FIELDS)}")
    if not isinstance(value, str):
        raise ValueError(f"the {field} must be text")
    if _CONTROL.search(value.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
        raise ValueError(f"the {field} contains control characters; type it again as plain text")
    value = " ".join(value.split())
    if not value:
        return ""
    if len(value) > _MAX_LENGTH.get(field, 100):
        raise ValueError(f"the {field} is {len(value)} characters long; at most {_MAX_LENGTH[field]} are kept")
    return _CHECKS.get(field, lambda v: v)(value)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _check_date(value: str) -> str:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"the date {value!r} is not a real day; give it as YYYY-MM-DD, e.g. 2025-03-10") from None
    raise ValueError(f"the date {value!r} is not in the form YYYY-MM-DD (e.g. 2025-03-10)")


def _check_url(value: str) -> str:
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [ of an IPv6 address
        host = None
    if not host or parts.scheme.lower() not in ("http", "https") or " " in value:
        raise ValueError(f"the web address {value!r} is not an http:// or https:// address "
                         "(e.g. https://example.org/news/talks)")
    return value


def _check_language(value: str) -> str:
    from .ingest.language import language_code_problem

    value = value.lower()
    if language_code_problem(value):
        raise ValueError(language_code_problem(value))
    return value


_CHECKS = {"date": _check_date, "url": _check_url, "language": _check_language}


def _record_edit(db: sqlite3.Connection, article_id: str, field: str, value: str) -> None:
    """Store a correction; the imported value is kept from the first correction of the field."""
    db.execute(
        f"INSERT INTO article_edits (article_id, field, value, original) "  # field: from EDITABLE_FIELDS only
        f"VALUES (?, ?, ?, (SELECT {field} FROM articles WHERE id=?)) "
        "ON CONFLICT(article_id, field) DO UPDATE SET value=excluded.value",
        (article_id, field, value, article_id),
    )


def _clear_edit(db: sqlite3.Connection, article_id: str, field: str) -> None:
    """Drop a correction and put the imported value back."""
    db.execute(
        f"UPDATE articles SET {field} = (SELECT original FROM article_edits WHERE article_id=? AND field=?) "
        "WHERE id=? AND EXISTS (SELECT 1 FROM article_edits WHERE article_id=? AND field=? "
        "AND original IS NOT NULL)",
        (article_id, field, article_id, article_id, field),
    )
    db.execute("DELETE FROM article_edits WHERE article_id=? AND field=?", (article_id, field))


def _has_edits(db: sqlite3.Connection, article_id: str) -> bool:
    return db.execute("SELECT 1 FROM article_edits WHERE article_id=? LIMIT 1", (article_id,)).fetchone() is not None


def _keep_imported(db: sqlite3.Connection, article_id: str) -> None:
    """The article's row was just written from its file: what it holds now is the imported value."""
    if not _has_edits(db, article_id):  # nothing to update (the usual case): skip the per-field statements
        return
    for field in EDITABLE_FIELDS:  # field names come from this fixed list, never from input
        db.execute(
            f"UPDATE article_edits SET original = (SELECT {field} FROM articles WHERE id=?) "
            "WHERE article_id=? AND field=?",
            (article_id, article_id, field),
        )


def _apply_edits(db: sqlite3.Connection, article_id: str) -> None:
    """Write the analyst's corrections of an article over the imported values."""
    if not _has_edits(db, article_id):  # no correction to write (the usual case)
        return
    for field in EDITABLE_FIELDS:  # field names come from this fixed list, never from input
        db.execute(
            f"UPDATE articles SET {field} = (SELECT value FROM article_edits WHERE article_id=? AND field=?) "
            "WHERE id=? AND EXISTS (SELECT 1 FROM article_edits WHERE article_id=? AND field=?)",
            (article_id, field, article_id, article_id, field),
        )


def _put_actor_summary(db: sqlite3.Connection, article_id: str, mentions: Iterable[Mention]) -> None:
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    db.execute("DELETE FROM article_actors WHERE article_id=?", (article_id,))
    db.executemany("INSERT INTO article_actors VALUES (?,?,?)", [(article_id, a, n) for a, n in counts.items()])


def _put_removed_lines(db: sqlite3.Connection, article_id: str, removed: Iterable[RemovedLine]) -> None:
    db.execute("DELETE FROM removed_lines WHERE article_id=?", (article_id,))
    db.executemany(
        "INSERT INTO removed_lines VALUES (?,?,?,?)", [(article_id, r.line, r.text, r.reason) for r in removed]
    )


# -- row codecs -----------------------------------------------------------------
def _put_pages(db: sqlite3.Connection, article_id: str, pages: tuple[int, ...]) -> None:
    db.execute("DELETE FROM article_pages WHERE article_id=?", (article_id,))
    if pages:
        db.execute("INSERT INTO article_pages VALUES (?,?)", (article_id, json.dumps(list(pages))))


def decode_pages(value: str, article_id: str) -> tuple[int, ...]:
    """Page starts stored as JSON: ascending non-negative offsets, else () (logged) rather than wrong pages."""
    try:
        pages = json.loads(value)
    except (TypeError, ValueError):
        pages = None
    good = isinstance(pages, list) and all(type(p) is int and p >= 0 for p in pages) and pages == sorted(pages)
    if not good:
        log.warning("article %s in the store has damaged page starts", article_id)
        return ()
    return tuple(pages)


def _encode_minhash(sig: tuple[int, ...]) -> str:
    return " ".join(str(v) for v in sig)


def _decode_minhash(value: str) -> tuple[int, ...]:
    return tuple(int(v) for v in value.split()) if value else ()


def _encode_mentions(mentions: Iterable[Mention]) -> str:
    return json.dumps([[m.actor_id, m.start, m.end] for m in mentions], separators=(",", ":"))


def _encode_quotes(quotes: Iterable[Quote]) -> str:
    """[speaker, start, end, kind] per quote (libraries made before kinds hold [speaker, start, end])."""
    return json.dumps([[q.actor_id, q.start, q.end, q.kind] for q in quotes], separators=(",", ":"))


def decode_mentions(value: str, text: str) -> tuple[Mention, ...]:
    return tuple(Mention(a, s, e, text[s:e]) for a, s, e in json.loads(value))


def decode_quotes(value: str, text: str, article_id: str) -> tuple[Quote, ...]:
    rows = (quote_row(item, text) for item in json.loads(value))
    return tuple(Quote(article_id, text[s:e], s, e, a, k) for a, s, e, k in rows if a is not None)


_NO_ROW = (None, 0, 0, "")
_OPENERS = "“«„\"—–"  # a direct quote starts right after an opening mark, or after the dash of «A, — X said. — B»


def quote_row(item, text: str) -> tuple:
    """(speaker, start, end, kind) of one stored quote; (None, 0, 0, "") when the item is malformed.

    A quote stored before kinds were kept is direct when the source opens it with a quote mark, else it is
    reported speech ("X said that ...", which the extractor only finds outside quote marks)."""
    if not isinstance(item, list) or len(item) not in (3, 4) or not isinstance(item[0], str):
        return _NO_ROW
    actor, start, end = item[:3]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return _NO_ROW
    kind = item[3] if len(item) == 4 else _kind_from_marks(text, start)
    return (actor, start, end, kind) if kind in QUOTE_KINDS else _NO_ROW


def _kind_from_marks(text: str, start: int) -> str:
    before = text[max(0, start - 3) : max(0, start)].rstrip()[-1:]
    return QUOTE_DIRECT if before and before in _OPENERS else QUOTE_REPORTED


def _row_to_stored(row: tuple) -> StoredArticle:
    (aid, title, text, date, author, source, path, url, kind, content_hash, file_hash, imported,
     minhash, mentions, quotes, _indexed, language) = row
    if not isinstance(text, str) or not isinstance(title, str):
        raise ValueError("text or title is not a string")
    article = Article(
        id=aid, title=title, text=text, date=date, author=author, source=source, path=path, url=url,
        kind=kind, content_hash=content_hash, file_hash=file_hash, imported=imported,
        language=language if isinstance(language, str) else "",
    )
    return StoredArticle(
        article=article,
        mentions=decode_mentions(mentions, text),
        quotes=decode_quotes(quotes, text, aid),
        minhash=_decode_minhash(minhash),
    )


# An article's id is the first 16 characters of its first text's hash: one whose file was updated keeps it.
_UPDATED_IDS = "SELECT id FROM articles WHERE substr(content_hash, 1, 16) != id"
