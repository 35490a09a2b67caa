"""The article store of a team library, on PostgreSQL: the same contract as store.ArticleStore (SQLite).

The address is a libpq connection string or URI (`postgresql://host/db`); credentials come from libpq's usual
places (PGPASSWORD, ~/.pgpass, service files, sslmode in the address) and never appear in a message or a log:
those name the library by `display_address()`, which leaves the password out.

The schema is created and upgraded by the app through numbered migrations, under an advisory lock so two
analysts opening a new library at once migrate it once. A schema newer than this app knows is refused. The
content hash is unique, so two imports racing to add the same text end with one row; nothing uses lock files.
See docs/team-library.md.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from dataclasses import dataclass, field as _field
from typing import Iterable, Iterator, Sequence

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus

from .model import Article, ArticleSummary, Mention, Quote, RemovedLine
from .store import (_UPDATED_IDS, EDITABLE_FIELDS, FILLABLE_FIELDS, INDEXED_FIELDS, ArticleFilter, LogEntry,
                    StoredArticle, StoreError, _decode_minhash, _encode_mentions, _encode_minhash, _encode_quotes, decode_mentions,
                    decode_pages, decode_quotes, now_iso)

log = logging.getLogger(__name__)

_MIGRATION_LOCK = 0x62726965  # pg_advisory_xact_lock key held while the schema is created or upgraded
# With the library's schema (hashtext(current_schema())): the advisory lock an import holds from its first
# duplicate check to its commit, so concurrent imports into one team library decide one after the other.
_IMPORT_LOCK = 0x62726967
_ARTICLE_COLUMNS = ("id, title, text, date, author, source, path, url, kind, content_hash, file_hash, imported, "
                    "minhash, mentions, quotes, indexed, language")
_SUMMARY_COLUMNS = "id, title, date, source, path, author, language"
_BY_DATE = 'date COLLATE "C" DESC, title COLLATE "C"'  # byte order, as SQLite sorts: the same list everywhere
_ARTICLE_TABLES = ("lsh_bands", "article_actors", "removed_lines", "article_edits", "files", "demo_articles",
                   "article_pages")  # what else is stored of an article, by its article_id

# Migration n brings the schema from version n-1 to n. Never edit a released one: append the next.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        seq BIGSERIAL NOT NULL,
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        date TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        path TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'text',
        content_hash TEXT NOT NULL UNIQUE,
        file_hash TEXT NOT NULL DEFAULT '',
        imported TEXT NOT NULL,
        minhash TEXT NOT NULL DEFAULT '',
        mentions TEXT NOT NULL DEFAULT '[]',
        quotes TEXT NOT NULL DEFAULT '[]',
        indexed BOOLEAN NOT NULL DEFAULT false,
        language TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX articles_unindexed ON articles (seq) WHERE NOT indexed;
    CREATE INDEX articles_by_date ON articles ((date COLLATE "C") DESC, (title COLLATE "C"));
    CREATE INDEX articles_language ON articles (language);
    CREATE TABLE article_edits (
        article_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (article_id, field)
    );
    CREATE TABLE lsh_bands (key BIGINT NOT NULL, article_id TEXT NOT NULL);
    CREATE INDEX lsh_bands_key ON lsh_bands (key);
    CREATE INDEX lsh_bands_article ON lsh_bands (article_id);
    CREATE TABLE files (path TEXT PRIMARY KEY, file_hash TEXT NOT NULL, article_id TEXT NOT NULL,
                        status TEXT NOT NULL);
    CREATE TABLE article_actors (article_id TEXT NOT NULL, actor_id TEXT NOT NULL, mentions INTEGER NOT NULL);
    CREATE INDEX article_actors_actor ON article_actors (actor_id);
    CREATE INDEX article_actors_article ON article_actors (article_id);
    CREATE TABLE removed_lines (seq BIGSERIAL PRIMARY KEY, article_id TEXT NOT NULL, line INTEGER NOT NULL,
                                text TEXT NOT NULL, reason TEXT NOT NULL);
    CREATE INDEX removed_lines_article ON removed_lines (article_id);
    CREATE TABLE import_log (seq BIGSERIAL PRIMARY KEY, run TEXT NOT NULL, time TEXT NOT NULL, path TEXT NOT NULL,
                             status TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',
                             article_id TEXT NOT NULL DEFAULT '');
    """,
    # 2: an edit keeps the imported value, put back when the edit is cleared (language edits before: unknown)
    """
    ALTER TABLE article_edits ADD COLUMN original TEXT;
    UPDATE article_edits SET original = '' WHERE original IS NULL;
    """,
    # 3: a PDF's page starts (JSON list of offsets into the text)
    """
    CREATE TABLE IF NOT EXISTS article_pages (article_id TEXT PRIMARY KEY, pages TEXT NOT NULL);
    """,
    # 4: the actor engine's documents (curation, discovered actors), one set for the team; see PgActorDocuments
    """
    CREATE TABLE IF NOT EXISTS actor_documents (name TEXT PRIMARY KEY, data TEXT NOT NULL, version BIGINT NOT NULL);
    """,
    # 5: articles imported from the bundled demo corpus (invented stories: marked, removable at once)
    """
    CREATE TABLE IF NOT EXISTS demo_articles (article_id TEXT PRIMARY KEY);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def keyword_address_as_uri(address: str) -> str:
    """libpq's keyword form ("host=db port=5433 dbname=team") as the postgresql:// address it stands for."""
    from urllib.parse import quote, urlencode

    from .paths import TeamLibraryError, redact_address

    try:
        parts = conninfo_to_dict(address)
    except psycopg.Error as exc:
        raise TeamLibraryError(f"{redact_address(address)} is not a PostgreSQL address libpq can read "
                               f"({_first_line(exc)}). Give it as postgresql://user@host:port/database. "
                               "Nothing was created.") from None
    return "postgresql://?" + urlencode(parts, quote_via=quote)


def display_address(address: str) -> str:
    """The library's address for messages and logs: host, port, database and user; never a password."""
    try:
        parts = conninfo_to_dict(address)
    except psycopg.Error:
        return "the PostgreSQL library (its address cannot be read)"
    def part(key: str, env: str) -> str:  # libpq takes what the address leaves out from the PG* variables
        return parts.get(key) or os.environ.get(env, "")

    user, port = part("user", "PGUSER"), part("port", "PGPORT")
    user, port = (f"{user}@" if user else ""), (f":{port}" if port else "")
    return f"postgresql://{user}{part('host', 'PGHOST')}{port}/{part('dbname', 'PGDATABASE')}"


def explain_pg_failure(address: str, exc: psycopg.Error) -> StoreError:
    """The user's message for a PostgreSQL error on the library at `address`: what happened and what to do."""
    parsed = conninfo_to_dict_safe(address)
    secret = parsed.get("password")
    reason = _first_line(exc).replace(secret, "***") if secret else _first_line(exc)
    if not parsed:  # the address itself cannot be read: the error may quote it, password and all
        return StoreError(f"The team library address cannot be read ({_without_secrets(reason, address)}). "
                          "Write it as postgresql://user@host:port/database (a space or % in a password must "
                          "be percent-encoded); better, keep the password in ~/.pgpass or PGPASSWORD.")
    where = display_address(address)
    if isinstance(exc, (pg_errors.InsufficientPrivilege, pg_errors.ReadOnlySqlTransaction)):
        return StoreError(f"The team library {where} is read-only for your PostgreSQL role ({reason}); nothing was "
                          "changed. Ask the library's administrator for write access to import or edit.")
    if isinstance(exc, pg_errors.UniqueViolation):
        return StoreError(f"Another import added the same article to {where} a moment ago ({reason}); nothing of "
                          "this batch was kept. Import again: the file will be recorded as a duplicate.")
    if isinstance(exc, (pg_errors.DeadlockDetected, pg_errors.SerializationFailure, pg_errors.TransactionRollback)):
        return StoreError(f"The team library {where} was busy with another analyst's change ({reason}); nothing of "
                          "this batch was kept. Try again.")
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(f"The team library {where} cannot be reached ({reason}). Check the address, that the "
                          "server is running, and your credentials (PGPASSWORD, ~/.pgpass or a service file).")
    return StoreError(f"The team library {where} failed ({reason}). Try again; if it persists, ask its "
                      "administrator to check the server's log.")


def _without_secrets(reason: str, address: str) -> str:
    """`reason` without anything that could be a password of the unreadable `address`: the text between
    `user:` and `@`, and `password=...`, wherever the error message quotes them."""
    from .paths import redact_address

    reason = redact_address(reason)
    match = re.search(r"://[^/@:]*:(.*)@", address)
    if match and match.group(1):
        reason = reason.replace(match.group(1), "***")
    return reason


def conninfo_to_dict_safe(address: str) -> dict:
    try:
        return conninfo_to_dict(address)
    except psycopg.Error:
        return {}


def _quiet_rollback(conn, address: str) -> None:
    """End a read's own transaction; on a connection that just died, the read's own error (or result) is what
    matters, not the rollback's: a raw driver error must never replace the user's message."""
    try:
        conn.rollback()
    except psycopg.Error as exc:
        log.warning("PostgreSQL rollback failed on %s: %s", display_address(address), _first_line(exc))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


LEGACY_FILE = "legacy"  # a file record from before records were kept per analyst (see PgStore.file_record)


def _analyst_key(path: str) -> str:
    """A file's key in a team library: the analyst (user and machine) before the path, so two analysts'
    files of the same name are two files."""
    return f"{_ANALYST}::{path}"


def _analyst() -> str:
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return f"{user}@{socket.gethostname()}"


_ANALYST = _analyst()


class PgConnection:
    """One psycopg connection with sqlite3's transaction manners: the first write opens a transaction,
    `with` commits or rolls back (and keeps the connection open), errors become StoreError messages.

    Articles put in the transaction wait in `pending` and are written with COPY in batches: before any other
    statement runs on the connection (so every read sees them), at commit, or when FLUSH_EVERY are waiting."""

    def __init__(self, address: str):
        self.address = address
        self.pending = _Pending()
        try:
            self.conn = psycopg.connect(address, connect_timeout=10)
        except psycopg.Error as exc:
            raise explain_pg_failure(address, exc) from None

    def execute(self, sql: str, params=None):
        self.flush()
        try:
            return self.conn.execute(sql, params)
        except psycopg.Error as exc:
            log.warning("PostgreSQL error on %s: %s", display_address(self.address), _first_line(exc))
            raise explain_pg_failure(self.address, exc) from None

    def executemany(self, sql: str, rows) -> None:
        rows = list(rows)
        if not rows:
            return
        self.flush()
        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(sql, rows)
        except psycopg.Error as exc:
            raise explain_pg_failure(self.address, exc) from None

    def read(self, sql: str, params=None, *, flush: bool = True) -> list[tuple]:
        """Rows of a query; outside a transaction the read's own one is ended, so no snapshot is held open.
        `flush=False` leaves the pending rows waiting: for reads of what they cannot change, or that the
        caller completes from `pending` itself."""
        if flush:
            self.flush()
        idle = self.conn.info.transaction_status == TransactionStatus.IDLE
        try:
            return self.conn.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            log.warning("PostgreSQL error on %s: %s", display_address(self.address), _first_line(exc))
            raise explain_pg_failure(self.address, exc) from None
        finally:
            if idle:
                _quiet_rollback(self.conn, self.address)

    def flush(self) -> None:
        """Write the pending rows (with COPY) into the open transaction."""
        if not self.pending:
            return
        try:
            _write_pending(self.conn, self.pending)
        except psycopg.Error as exc:
            log.warning("PostgreSQL error on %s: %s", display_address(self.address), _first_line(exc))
            raise explain_pg_failure(self.address, exc) from None
        finally:
            self.pending = _Pending()

    def commit(self) -> None:
        """Write what is pending and commit; on failure nothing of the transaction is kept."""
        try:
            self.flush()
            self.conn.commit()
        except psycopg.Error as exc:
            self.rollback()
            raise explain_pg_failure(self.address, exc) from None
        except StoreError:
            self.rollback()
            raise

    def rollback(self) -> None:
        """Drop the transaction. On a connection the server dropped, the transaction is gone already: the
        failure is logged, never raised (it would hide the error that led here, the user's message)."""
        self.pending = _Pending()
        _quiet_rollback(self.conn, self.address)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "PgConnection":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()


class PgStore:
    """PostgreSQL-backed article store. One connection per thread; see store_protocol.Store."""

    def __init__(self, address: str):
        self.address = address
        self.path = display_address(address)  # what messages name; ArticleStore's is its file
        self._local = threading.local()
        self._connections: list[PgConnection] = []
        self._migrate()

    # -- connections ---------------------------------------------------------
    @property
    def db(self) -> PgConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.conn.closed or conn.conn.broken:  # a server restart breaks it: reconnect
            conn = PgConnection(self.address)
            self._local.conn = conn
            self._connections.append(conn)
        return conn

    def close(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()
        self._local = threading.local()

    def _read(self, sql: str, params=None) -> list[tuple]:
        return self.db.read(sql, params)

    def _one(self, sql: str, params=None):
        rows = self._read(sql, params)
        return rows[0][0] if rows else None

    def _peek_one(self, sql: str, params=None):
        """As _one, leaving the pending rows waiting (the caller has looked at them)."""
        rows = self.db.read(sql, params, flush=False)
        return rows[0][0] if rows else None

    # -- schema --------------------------------------------------------------
    def schema_version(self) -> int:
        """The schema's version: 0 for an empty database."""
        # pg_tables through the statement's snapshot, not to_regclass's cache: right after the migration lock
        # it must see the tables another analyst created meanwhile
        if not self._read("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                          "AND tablename = 'meta'"):
            return 0
        value = self._one("SELECT value FROM meta WHERE key='schema'")
        return int(value) if value and value.isdigit() else 0

    def _migrate(self) -> None:
        self._refuse_newer(self.schema_version())
        if self.schema_version() == SCHEMA_VERSION:
            return  # opening an up-to-date library writes nothing (a read-only role can open it)
        with self.db as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            version = self.schema_version()  # another analyst may have migrated while we waited
            self._refuse_newer(version)
            for number in range(version + 1, SCHEMA_VERSION + 1):
                db.execute(MIGRATIONS[number - 1])
                log.info("team library %s: schema migrated to version %d", self.path, number)
            db.execute("INSERT INTO meta VALUES ('schema', %s) ON CONFLICT (key) DO UPDATE SET value=EXCLUDED.value",
                       (str(SCHEMA_VERSION),))

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(f"The team library {self.path} was made by a newer Briefing Reader (schema version "
                             f"{version}; this one knows up to {SCHEMA_VERSION}). Update the application to open it.")

    # -- reading -------------------------------------------------------------
    def has_articles(self) -> bool:
        return bool(self._read("SELECT 1 FROM articles LIMIT 1"))

    def count(self) -> int:
        return self._one("SELECT COUNT(*) FROM articles")

    def summaries(self, language: str | None = None) -> list[ArticleSummary]:
        """Every article (or those in one language; "" for those without one), newest first."""
        where, params = ("WHERE language=%s", (language,)) if language is not None else ("", ())
        rows = self._read(f"SELECT {_SUMMARY_COLUMNS} FROM articles {where} ORDER BY {_BY_DATE}", params)
        return [ArticleSummary(*r) for r in rows]

    def newest(self, limit: int) -> list[ArticleSummary]:
        rows = self._read(f"SELECT {_SUMMARY_COLUMNS} FROM articles "
                          'ORDER BY date COLLATE "C" DESC, title COLLATE "C" DESC LIMIT %s', (max(0, int(limit)),))
        return [ArticleSummary(*r) for r in rows]

    def sources(self) -> list[str]:
        rows = self._read("SELECT DISTINCT source FROM articles WHERE source != ''")
        return sorted((r[0] for r in rows), key=str.lower)

    def text(self, article_id: str) -> str | None:
        pending = self.db.pending.articles.get(article_id)
        if pending is not None:
            return pending.article.text
        return self._peek_one("SELECT text FROM articles WHERE id=%s", (article_id,))

    def title(self, article_id: str) -> str:
        # written first when pending: the analyst's correction of a title is applied as the row is written
        rows = self.db.read("SELECT title FROM articles WHERE id=%s", (article_id,),
                            flush=article_id in self.db.pending.articles)
        return rows[0][0] if rows else ""

    def language(self, article_id: str) -> str:
        return self._one("SELECT language FROM articles WHERE id=%s", (article_id,)) or ""

    def texts_and_languages(self, article_ids: Sequence[str]) -> dict[str, tuple[str | None, str]]:
        """As ArticleStore.texts_and_languages, through text() and language() (pending rows included); an id
        not in the store may be given as (None, "")."""
        return {i: (self.text(i), self.language(i)) for i in dict.fromkeys(article_ids)}

    def without_language(self) -> int:
        return self._one("SELECT COUNT(*) FROM articles WHERE language=''")

    def edits(self, article_id: str) -> dict[str, str]:
        rows = self.db.read("SELECT field, value FROM article_edits WHERE article_id=%s", (article_id,),
                            flush=False)  # corrections are never pending
        return {field: value for field, value in rows if field in EDITABLE_FIELDS}

    def get(self, article_id: str) -> StoredArticle | None:
        rows = self._read(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id=%s", (article_id,))
        return _row_to_stored(rows[0]) if rows else None

    def iter_all(self, *, unindexed_only: bool = False) -> Iterator[StoredArticle | str]:
        """Every article in the order added (ids first, so no cursor is held across the caller's writes)."""
        where = " WHERE NOT indexed" if unindexed_only else ""
        for (article_id,) in self._read(f"SELECT id FROM articles{where} ORDER BY seq"):
            stored = self.get(article_id)
            if stored is not None:
                yield stored

    def removed_lines(self, article_id: str) -> tuple[RemovedLine, ...]:
        rows = self._read("SELECT line, text, reason FROM removed_lines WHERE article_id=%s ORDER BY seq",
                          (article_id,))
        return tuple(RemovedLine(*r) for r in rows)

    def pages(self, article_id: str) -> tuple[int, ...]:
        value = self._one("SELECT pages FROM article_pages WHERE article_id=%s", (article_id,))
        return decode_pages(value, article_id) if value is not None else ()

    def by_content_hash(self, content_hash: str) -> str | None:
        pending = self.db.pending
        found = pending.by_content_hash(content_hash)
        if found is not None:
            return found
        stored = self._peek_one("SELECT id FROM articles WHERE content_hash=%s", (content_hash,))
        return None if stored in pending.articles else stored  # a pending put replaces that row's text

    def lsh_candidates(self, keys: Iterable[int]) -> list[tuple[str, tuple[int, ...]]]:
        keys = list(keys)
        if not keys:
            return []
        pending = self.db.pending
        rows = self.db.read("SELECT DISTINCT a.id, a.minhash FROM lsh_bands b JOIN articles a ON a.id = b.article_id "
                            "WHERE b.key = ANY(%s)", (keys,), flush=False)
        stored = [(r[0], _decode_minhash(r[1])) for r in rows if r[0] not in pending.articles]
        return stored + pending.lsh_candidates(set(keys))

    def signature_version(self) -> int:
        value = self._one("SELECT value FROM meta WHERE key='minhash_version'")
        if value is None:
            return 1
        return int(value) if value.isdigit() else 0

    def file_record(self, path: str) -> tuple[str, str, str] | None:
        """(file_hash, article_id, status) of this analyst's last import of the path. Each analyst's files are
        their own: another machine's file of the same name is another file, never one to update. A record
        made before files were kept per analyst is returned as "legacy": it tells an unchanged file (same
        hash), never whose article a changed one updates."""
        key = _analyst_key(path)
        pending = self.db.pending.files.get(key)
        if pending is not None:
            return pending[1:]
        rows = self.db.read("SELECT path, file_hash, article_id, status FROM files WHERE path IN (%s, %s)",
                            (key, path), flush=False)
        own = next((tuple(r[1:]) for r in rows if r[0] == key), None)
        return own or next(((r[1], r[2], LEGACY_FILE) for r in rows if r[0] == path), None)

    def exists(self, article_id: str) -> bool:
        if article_id in self.db.pending.articles:
            return True
        return bool(self.db.read("SELECT 1 FROM articles WHERE id=%s", (article_id,), flush=False))

    def updated_ids(self) -> set[str]:
        """The articles whose id is not their text's hash (see ArticleStore.updated_ids)."""
        return {r[0] for r in self._read(_UPDATED_IDS)}

    def actor_totals(self) -> list[tuple[str, int, int]]:
        rows = self._read("SELECT actor_id, COUNT(*), SUM(mentions) FROM article_actors GROUP BY actor_id")
        return [(a, int(n), int(m)) for a, n, m in rows]

    def articles_with_actors(self, actor_ids: Iterable[str]) -> list[tuple[str, str]]:
        ids = list(actor_ids)
        if not ids:
            return []
        return self._read("SELECT article_id, actor_id FROM article_actors WHERE article_id IN "
                          "(SELECT article_id FROM article_actors WHERE actor_id = ANY(%s))", (ids,))

    def quote_rows(self) -> Iterator[tuple[str, str]]:
        return iter(self._read("SELECT id, quotes FROM articles ORDER BY seq"))

    def log_entries(self, limit: int = 1000) -> list[LogEntry]:
        rows = self._read("SELECT run, time, path, status, detail, article_id FROM import_log ORDER BY seq DESC "
                          "LIMIT %s", (limit,))
        return [LogEntry(*r) for r in rows]

    def indexed_count(self) -> int:
        return self._one("SELECT COUNT(*) FROM articles WHERE indexed")

    def unindexed_count(self) -> int:
        return self._one("SELECT COUNT(*) FROM articles WHERE NOT indexed")

    def actor_ids(self) -> list[str]:
        return [r[0] for r in self._read("SELECT DISTINCT actor_id FROM article_actors")]

    def edited_fields(self, article_id: str) -> set[str]:
        return {r[0] for r in self._read("SELECT field FROM article_edits WHERE article_id=%s", (article_id,))}

    def demo_ids(self) -> set[str]:
        return {r[0] for r in self._read("SELECT article_id FROM demo_articles")}

    def demo_checked(self) -> bool:
        return bool(self._read("SELECT 1 FROM meta WHERE key='demo_checked'"))

    def files_of_articles(self) -> list[tuple[str, str, str]]:
        return self._read("SELECT id, path, file_hash FROM articles ORDER BY seq")

    # -- the pictures' data (indexer.pictures.data): as ArticleStore's, in PostgreSQL's dialect -----------
    def count_in(self, where: ArticleFilter) -> int:
        sql, params = _filter_sql(where, "id")
        return self._one(f"SELECT COUNT(*) FROM articles WHERE {sql}", params)

    def day_counts(self, where: ArticleFilter) -> list[tuple[str, int]]:
        sql, params = _filter_sql(where, "id")
        rows = self._read(f"SELECT date, COUNT(*) FROM articles WHERE date ~ '{_ISO_DAY}' AND {sql} "
                          'GROUP BY date ORDER BY date COLLATE "C"', params)
        return [(d, int(n)) for d, n in rows]

    def dated_quote_rows(self, where: ArticleFilter) -> list[tuple[str, str, str, str]]:
        sql, params = _filter_sql(where, "id")
        return self._read(f"SELECT id, date, quotes, text FROM articles WHERE quotes != '[]' AND date ~ '{_ISO_DAY}' "
                          f"AND {sql}", params)

    def actor_article_counts(self, where: ArticleFilter) -> list[tuple[str, int]]:
        sql, params = _filter_sql(where, "article_id")
        rows = self._read(f"SELECT actor_id, COUNT(*) FROM article_actors WHERE {sql} GROUP BY actor_id", params)
        return [(a, int(n)) for a, n in rows]

    def actor_rows(self, where: ArticleFilter, actor_ids: Iterable[str]) -> list[tuple[str, str]]:
        sql, params = _filter_sql(where, "article_id")
        return self._read(f"SELECT article_id, actor_id FROM article_actors WHERE actor_id = ANY(%s) AND {sql} "
                          'ORDER BY article_id COLLATE "C"', [sorted(actor_ids), *params])

    def actor_documents(self) -> PgActorDocuments:
        """Where the actor engine keeps curation and discovered actors: in this database, for the whole team."""
        return PgActorDocuments(self.address)

    # -- writing (inside the caller's transaction when `db` is given) -------------
    def hold_import_lock(self, db: PgConnection | None = None) -> None:
        """Hold this library's import lock until the transaction ends (waiting for another analyst's import
        to commit first): duplicate checks made under it see every article imported before, as in one import.
        Readers never wait for it."""
        db = db or self.db
        key = "%s, hashtext(current_schema())"
        if not db.execute(f"SELECT pg_try_advisory_xact_lock({key})", (_IMPORT_LOCK,)).fetchone()[0]:
            log.info("waiting for another analyst's import into %s to commit", self.path)
            db.execute(f"SELECT pg_advisory_xact_lock({key})", (_IMPORT_LOCK,))

    def put(self, article: Article, mentions: Iterable[Mention], quotes: Iterable[Quote],
            minhash: tuple[int, ...], lsh_keys: Iterable[int], db: PgConnection | None = None) -> None:
        """Insert or replace one article (unindexed) with its dedupe keys: it waits in the connection's
        pending rows, written with COPY in batches (see PgConnection).

        Two imports adding the same text at once: the second waits for the first to commit, then replaces
        its row with the same values, so the article is stored once."""
        db = db or self.db
        db.pending.put(_PendingArticle(article, list(mentions), list(quotes), tuple(minhash), list(lsh_keys)))
        if len(db.pending.articles) >= FLUSH_EVERY:
            db.flush()

    def edit(self, article_id: str, field: str, value: str) -> None:
        """As ArticleStore.edit: "" clears the correction and puts the imported value back."""
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"{field!r} cannot be edited; editable: {', '.join(EDITABLE_FIELDS)}")
        with self.db as db:  # field names below come from EDITABLE_FIELDS, never from input
            if value:
                db.execute(f"INSERT INTO article_edits (article_id, field, value, original) "
                           f"SELECT %s, %s, %s, {field} FROM articles WHERE id=%s "
                           "ON CONFLICT (article_id, field) DO UPDATE SET value = EXCLUDED.value",
                           (article_id, field, value, article_id))
            else:
                db.execute(f"UPDATE articles SET {field} = e.original FROM article_edits e WHERE articles.id=%s "
                           "AND e.article_id=%s AND e.field=%s AND e.original IS NOT NULL",
                           (article_id, article_id, field))
                db.execute("DELETE FROM article_edits WHERE article_id=%s AND field=%s", (article_id, field))
            _apply_edits(db, article_id)
            if field in INDEXED_FIELDS:
                db.execute("UPDATE articles SET indexed=false WHERE id=%s", (article_id,))

    def set_language(self, article_id: str, language: str, db: PgConnection | None = None) -> None:
        db = db or self.db
        db.execute("UPDATE articles SET language=%s WHERE id=%s", (language, article_id))
        _keep_imported(db, article_id)
        _apply_edits(db, article_id)

    def update_actors(self, article_id: str, mentions: Iterable[Mention], quotes: Iterable[Quote],
                      db: PgConnection | None = None) -> None:
        db = db or self.db
        mentions = list(mentions)
        db.execute("UPDATE articles SET mentions=%s, quotes=%s, indexed=false WHERE id=%s",
                   (_encode_mentions(mentions), _encode_quotes(quotes), article_id))
        _put_actor_summary(db, article_id, mentions)

    def record_file(self, path: str, file_hash: str, article_id: str, status: str,
                    db: PgConnection | None = None) -> None:
        key = _analyst_key(path)
        (db or self.db).pending.files[key] = (key, file_hash, article_id, status)

    def replace_signatures(self, sign, version: int, db: PgConnection | None = None) -> int:
        """Recompute every article's signature and LSH keys with `sign(text) -> (signature, keys)`."""
        db = db or self.db
        ids = [r[0] for r in db.read("SELECT id FROM articles")]
        db.execute("DELETE FROM lsh_bands")
        for article_id in ids:
            signature, keys = sign(self.text(article_id) or "")
            db.execute("UPDATE articles SET minhash=%s WHERE id=%s", (_encode_minhash(signature), article_id))
            db.executemany("INSERT INTO lsh_bands VALUES (%s, %s)", [(k, article_id) for k in keys])
        db.execute("INSERT INTO meta VALUES ('minhash_version', %s) ON CONFLICT (key) DO UPDATE "
                   "SET value = EXCLUDED.value", (str(version),))
        return len(ids)

    def fill_metadata(self, article_id: str, values: dict[str, str], db: PgConnection | None = None) -> None:
        """As ArticleStore.fill_metadata: a duplicate's metadata, inside the caller's transaction."""
        db = db or self.db
        for field, value in values.items():
            if field not in FILLABLE_FIELDS:
                raise ValueError(f"{field!r} is not a metadata field that can be filled")
            db.execute(f"UPDATE articles SET {field}=%s, indexed=false WHERE id=%s", (value, article_id))
        _apply_edits(db, article_id)

    def mark_demo(self, ids: Iterable[str], db: PgConnection | None = None) -> None:
        (db or self.db).executemany("INSERT INTO demo_articles VALUES (%s) ON CONFLICT DO NOTHING",
                                    [(i,) for i in ids])

    def set_demo_checked(self, db: PgConnection | None = None) -> None:
        (db or self.db).execute("INSERT INTO meta VALUES ('demo_checked', '1') ON CONFLICT (key) DO NOTHING")

    def remove_articles(self, ids: Iterable[str], db: PgConnection | None = None) -> None:
        """As ArticleStore.remove_articles: everything stored of them but the import log, in the caller's
        transaction."""
        db = db or self.db
        ids = list(ids)
        db.execute("DELETE FROM articles WHERE id = ANY(%s)", (ids,))
        for table in _ARTICLE_TABLES:  # table names from this fixed list
            db.execute(f"DELETE FROM {table} WHERE article_id = ANY(%s)", (ids,))

    def mark_indexed(self, ids: Iterable[str]) -> None:
        with self.db as db:
            db.execute("UPDATE articles SET indexed=true WHERE id = ANY(%s)", (list(ids),))

    def mark_all_unindexed(self) -> None:
        with self.db as db:
            db.execute("UPDATE articles SET indexed=false")

    def add_log(self, entries: Iterable[LogEntry], db: PgConnection | None = None) -> None:
        """Log entries, written with the transaction's other pending rows (by COPY)."""
        (db or self.db).pending.log += [(e.run, e.time, e.path, e.status, e.detail, e.article_id) for e in entries]


class PgActorDocuments:
    """The actor engine's JSON documents for the whole team: one row each in actor_documents, whose version
    every write increases (the cheap stamp by which the other analysts' libraries notice a change).

    A change is read-modify-write in one transaction that holds the row (SELECT ... FOR UPDATE): when two
    analysts curate at once, the second waits for the first to commit, then applies its change to the
    first one's result, so neither change is lost. Its own connection per thread: committing a curation
    never commits an import's open transaction on the store's connection."""

    def __init__(self, address: str):
        self.address = address
        self._local = threading.local()
        self._connections: list[PgConnection] = []

    def __getstate__(self) -> dict:  # a worker process gets the address, and connects itself
        return {"address": self.address}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["address"])

    @property
    def db(self) -> PgConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.conn.closed or conn.conn.broken:  # a server restart breaks it: reconnect
            conn = self._local.conn = PgConnection(self.address)
            self._connections.append(conn)
        return conn

    def close(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()
        self._local = threading.local()

    def read(self, name: str) -> dict | None:
        rows = self.db.read("SELECT data FROM actor_documents WHERE name=%s", (name,))
        return _json_object(rows[0][0], name) if rows else None

    def write(self, name: str, data: dict) -> None:
        self.update(name, lambda _stored: data)

    def update(self, name: str, change) -> None:
        with self.db as db:
            db.execute("INSERT INTO actor_documents VALUES (%s, 'null', 0) ON CONFLICT (name) DO NOTHING", (name,))
            stored = db.execute("SELECT data FROM actor_documents WHERE name=%s FOR UPDATE", (name,)).fetchone()[0]
            data = change(_json_object(stored, name))
            db.execute("UPDATE actor_documents SET data=%s, version=version+1 WHERE name=%s",
                       (json.dumps(data, ensure_ascii=False, sort_keys=True), name))

    def stamp(self) -> dict:
        return dict(self.db.read("SELECT name, version FROM actor_documents"))


_ISO_DAY = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # a usable date: YYYY-MM-DD


def _filter_sql(where: ArticleFilter, column: str) -> tuple[str, list]:
    """An ArticleFilter as conditions on an article-id `column` (a fixed name); dates compared byte-wise."""
    parts, params = [], []
    if where.ids is not None:
        parts.append(f"{column} = ANY(%s)")
        params.append(sorted(where.ids))
    if where.actor_ids is not None:
        parts.append(f"{column} IN (SELECT article_id FROM article_actors WHERE actor_id = ANY(%s))")
        params.append(sorted(where.actor_ids))
    if where.date_from or where.date_to:
        parts.append(f'{column} IN (SELECT id FROM articles WHERE date COLLATE "C" >= %s AND date COLLATE "C" <= %s)')
        params += [where.date_from or "0", where.date_to or "~"]
    return " AND ".join(parts) or "true", params


def _json_object(text: str, name: str) -> dict | None:
    """A stored document, or None (logged) when it is not a JSON object: a damaged row is ignored, not fatal."""
    try:
        data = json.loads(text)
    except ValueError:
        data = "unreadable"
    if data is not None and not isinstance(data, dict):
        log.warning("the team library's %s is not a JSON object; it was ignored", name)
        return None
    return data


def _keep_imported(db, article_id: str | list[str]) -> None:
    """The articles' rows were just written from their files: what they hold now is the imported value.
    `db`: a PgConnection, or (while pending rows are written) the psycopg connection."""
    ids = [article_id] if isinstance(article_id, str) else article_id
    for field in EDITABLE_FIELDS:  # field names come from this fixed list, never from input
        db.execute(f"UPDATE article_edits SET original = a.{field} FROM articles a "
                   "WHERE a.id = article_edits.article_id AND article_edits.article_id = ANY(%s) "
                   "AND article_edits.field=%s", (ids, field))


def _apply_edits(db, article_id: str | list[str]) -> None:
    """Write the analyst's corrections of articles over the imported values (`db` as in _keep_imported)."""
    ids = [article_id] if isinstance(article_id, str) else article_id
    for field in EDITABLE_FIELDS:  # field names come from this fixed list, never from input
        db.execute(f"UPDATE articles SET {field} = e.value FROM article_edits e "
                   "WHERE articles.id = e.article_id AND e.article_id = ANY(%s) AND e.field=%s", (ids, field))


def _actor_rows(article_id: str, mentions: list[Mention]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    return [(article_id, actor, n) for actor, n in counts.items()]


def _put_actor_summary(db: PgConnection, article_id: str, mentions: list[Mention]) -> None:
    db.execute("DELETE FROM article_actors WHERE article_id=%s", (article_id,))
    db.executemany("INSERT INTO article_actors VALUES (%s,%s,%s)", _actor_rows(article_id, mentions))


# -- bulk writing: what put() leaves pending, written with COPY ------------------------------------------------
FLUSH_EVERY = 250  # articles kept pending on a connection before they are written


@dataclass
class _PendingArticle:
    article: Article
    mentions: list[Mention]
    quotes: list[Quote]
    minhash: tuple[int, ...]
    lsh_keys: list[int]

    def row(self) -> tuple:
        """Its articles row, in _ARTICLE_COLUMNS order."""
        a = self.article
        return (a.id, a.title, a.text, a.date, a.author, a.source, a.path, a.url, a.kind, a.content_hash,
                a.file_hash, a.imported or now_iso(), _encode_minhash(self.minhash), _encode_mentions(self.mentions),
                _encode_quotes(self.quotes), False, a.language)


@dataclass
class _Pending:
    """Rows put in a transaction and not written yet, in the order put (a later put of an id replaces it)."""

    articles: dict[str, _PendingArticle] = _field(default_factory=dict)
    files: dict[str, tuple[str, str, str, str]] = _field(default_factory=dict)  # path -> files row
    log: list[tuple] = _field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.articles or self.files or self.log)

    def put(self, pending: _PendingArticle) -> None:
        self.articles.pop(pending.article.id, None)  # keep the order of the last put, as a row's seq would
        self.articles[pending.article.id] = pending

    def by_content_hash(self, content_hash: str) -> str | None:
        return next((i for i, p in self.articles.items() if p.article.content_hash == content_hash), None)

    def lsh_candidates(self, keys: set[int]) -> list[tuple[str, tuple[int, ...]]]:
        return [(i, p.minhash) for i, p in self.articles.items() if keys.intersection(p.lsh_keys)]


_ARTICLE_UPSERT = (f"INSERT INTO articles ({_ARTICLE_COLUMNS}) SELECT {_ARTICLE_COLUMNS} FROM pg_temp.articles_in "
                   "ORDER BY seq ON CONFLICT (id) DO UPDATE SET "
                   + ", ".join(f"{c} = EXCLUDED.{c}" for c in _ARTICLE_COLUMNS.split(", ")[1:]))
_FILES_UPSERT = ("INSERT INTO files SELECT * FROM pg_temp.files_in ON CONFLICT (path) DO UPDATE SET "
                 "file_hash=EXCLUDED.file_hash, article_id=EXCLUDED.article_id, status=EXCLUDED.status")


def _write_pending(conn: psycopg.Connection, pending: _Pending) -> None:
    """Write `pending` in the open transaction: COPY into staging tables, then one upsert per table."""
    if pending.articles:
        _write_articles(conn, list(pending.articles.values()))
    if pending.files:
        _stage(conn, "files_in", "files", pending.files.values())
        conn.execute(_FILES_UPSERT)
    _copy(conn, "import_log (run, time, path, status, detail, article_id)", pending.log)


# pg_advisory_xact_lock's first key for an article's text (the second is its content hash's hashtext).
_CONTENT_LOCK_CLASS = 0x42524354  # "BRCT"


def _write_articles(conn: psycopg.Connection, batch: list[_PendingArticle]) -> None:
    ids = [p.article.id for p in batch]
    # Two writers adding the same text at once: the second waits here until the first commits, so its upsert
    # finds the row and replaces it. Without the wait its insert could meet the first one's row on the
    # content-hash key, which the upsert does not arbitrate, and fail the batch. One statement a batch; the
    # keys taken in sorted order, so two writers never wait on each other.
    conn.execute("SELECT pg_advisory_xact_lock(%s, k) FROM (SELECT DISTINCT hashtext(h) AS k FROM unnest(%s::text[]) "
                 "AS h ORDER BY 1) AS keys", (_CONTENT_LOCK_CLASS, sorted({p.article.content_hash for p in batch})))
    _stage(conn, "articles_in", "articles", (p.row() for p in batch), columns=_ARTICLE_COLUMNS)
    conn.execute(_ARTICLE_UPSERT)
    for table in ("lsh_bands", "article_actors", "removed_lines", "article_pages"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ANY(%s)", (ids,))
    _copy(conn, "lsh_bands (key, article_id)", [(k, p.article.id) for p in batch for k in p.lsh_keys])
    _copy(conn, "article_actors (article_id, actor_id, mentions)",
          [row for p in batch for row in _actor_rows(p.article.id, p.mentions)])
    _copy(conn, "removed_lines (article_id, line, text, reason)",
          [(p.article.id, r.line, r.text, r.reason) for p in batch for r in p.article.removed])
    _copy(conn, "article_pages (article_id, pages)",
          [(p.article.id, json.dumps(list(p.article.pages))) for p in batch if p.article.pages])
    if conn.execute("SELECT EXISTS (SELECT 1 FROM article_edits WHERE article_id = ANY(%s))", (ids,)).fetchone()[0]:
        _keep_imported(conn, ids)
        _apply_edits(conn, ids)


def _stage(conn: psycopg.Connection, staging: str, table: str, rows: Iterable[tuple], columns: str = "") -> None:
    """COPY `rows` into an empty temporary table shaped like `table` (its columns, or those named)."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
    conn.execute(f"TRUNCATE pg_temp.{staging}")
    _copy(conn, f"pg_temp.{staging}" + (f" ({columns})" if columns else ""), rows)


def _copy(conn: psycopg.Connection, target: str, rows: Iterable[tuple]) -> None:
    """COPY rows into `target` ("table (columns)"); nothing is sent for no rows."""
    rows = list(rows)
    if not rows:
        return
    with conn.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _row_to_stored(row: tuple) -> StoredArticle:
    (aid, title, text, date, author, source, path, url, kind, content_hash, file_hash, imported,
     minhash, mentions, quotes, _indexed, language) = row
    article = Article(id=aid, title=title, text=text, date=date, author=author, source=source, path=path, url=url,
                      kind=kind, content_hash=content_hash, file_hash=file_hash, imported=imported,
                      language=language)
    return StoredArticle(article=article, mentions=decode_mentions(mentions, text),
                         quotes=decode_quotes(quotes, text, aid), minhash=_decode_minhash(minhash))
