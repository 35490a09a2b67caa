"""The team library's search engine, on PostgreSQL: our query tree compiled to tsquery and SQL.

The text-search columns hold OUR analyzer's tokens (analysis.analyse: the same stemming, folding and stop
words as the Whoosh engine), written as 'simple' tsvector literals with positions, so PostgreSQL never
re-analyses a word. Ranking is BM25 over the body column, computed in SQL with Whoosh's idf and constants
(docs/team-library.md): counts come from the GIN index alone (_indexed), and each match's score reads only
the query's lexemes of its tsvector. Snippets and highlights come from analysis.highlight_spans, as for Whoosh.
Every search runs under `SET LOCAL statement_timeout`, and a stopped one gets the Whoosh engine's message.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import psycopg
from psycopg import errors as pg_errors

from ..errors import QueryError
from ..pg_store import display_address, explain_pg_failure
from .analysis import ANALYZER_VERSION, analyse, highlight_spans
from .engine import (
    FIELD_ALIASES, MAX_EXPANSION, MAX_OTHER_NAMES, SEARCH_SECONDS, Actor, And, CommittingWriter, DateRange, IndexDoc,
    NameExpander,
    Node, Not, Or, Pattern, Phrase, Range, RawHit, RawResults, Term, _check_syntax, _shown, _too_slow, parse_query,
    prefix_terms,
)

log = logging.getLogger(__name__)

_SCHEMA_LOCK = 0x62726966  # pg_advisory_xact_lock key held while the search tables are created
SCHEMA = """
CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS search_docs (
    id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', date TEXT NOT NULL DEFAULT '', day INTEGER,
    author TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', path TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '', actors TEXT[] NOT NULL DEFAULT '{}',
    body_tsv TSVECTOR NOT NULL, title_tsv TSVECTOR NOT NULL, author_tsv TSVECTOR NOT NULL,
    source_tsv TSVECTOR NOT NULL, body_len INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS search_docs_body ON search_docs USING GIN (body_tsv);
CREATE INDEX IF NOT EXISTS search_docs_title ON search_docs USING GIN (title_tsv);
CREATE INDEX IF NOT EXISTS search_docs_source ON search_docs USING GIN (source_tsv);
CREATE INDEX IF NOT EXISTS search_docs_actors ON search_docs USING GIN (actors);
CREATE INDEX IF NOT EXISTS search_docs_day ON search_docs (day);
CREATE TABLE IF NOT EXISTS search_terms (term TEXT PRIMARY KEY);
"""
_DOC_COLUMNS = "id, title, date, author, source, path, content_hash, actors"
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position: later words share it (phrases there do not match)
MAX_POSITIONS = 256  # positions PostgreSQL keeps per lexeme
K1, B = 1.2, 0.75  # Whoosh's BM25F defaults
FACET_CAP = 20000  # articles counted for the actor facets, as the Whoosh engine

_TEXT_FIELDS = {"": "body_tsv", "body": "body_tsv", "title": "title_tsv"}
_NAME_FIELDS = {"author": "author_tsv", "source": "source_tsv"}
_EXACT_FIELDS = {"id": "id", "path": "path", "content_hash": "content_hash", "date": "date"}
_FALSE = ("FALSE", [])


def _quote(lexeme: str) -> str:
    """A lexeme quoted for tsvector and tsquery input."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(text: str, *, names: bool = False) -> str:
    """`text` analysed by our analyzer, as a tsvector literal with positions (1-based, capped)."""
    return _analysed(text, names=names)[0]


def _analysed(text: str, *, names: bool = False) -> tuple[str, list[str], int]:
    """(tsvector literal, distinct words, number of tokens) of `text`, analysed once."""
    positions: dict[str, list[int]] = {}
    count = 0
    for token in analyse(text, stem=not names, stop=not names):
        count += 1
        kept = positions.setdefault(token.text, [])
        if len(kept) < MAX_POSITIONS:
            kept.append(min(token.pos + 1, MAX_POSITION))
    literal = " ".join(f"{_quote(lex)}:{','.join(map(str, sorted(set(pos))))}" for lex, pos in positions.items())
    return literal, sorted(positions), count


def _day(date: str, fill: str = "00") -> int | None:
    """'2025-03-11' -> 20250311; a partial date padded with `fill`; None without a year (as whoosh_engine)."""
    digits = re.sub(r"\D", "", date or "")[:8]
    if len(digits) < 4:
        return None
    while len(digits) < 8:
        digits += fill
    return int(digits)


def _day_bounds(date_from: str, date_to: str) -> tuple[int, int]:
    start, end = _day(date_from), _day(date_to, "99")
    if (date_from and start is None) or (date_to and end is None):
        raise QueryError(f"Cannot read the date range {date_from or '…'} to {date_to or '…'}; use YYYY-MM-DD.")
    return (start if start is not None else 0), (end if end is not None else 99999999)


@dataclass
class _Compiled:
    """What compiling a query gathers besides its SQL: the highlights and the terms to rank by."""

    terms: set = field(default_factory=set)
    phrases: set = field(default_factory=set)
    rank_terms: set = field(default_factory=set)

    def add_words(self, words: tuple[str, ...], positive: bool) -> None:
        """Highlight `words`: one word anywhere, several only where they stand together."""
        if not positive or not words:
            return
        if len(words) == 1:
            self.terms.add(words[0])
        else:
            self.phrases.add(tuple(words))


class PgEngine:
    """The search engine of a team library. One connection per thread; see engine.SearchEngine."""

    def __init__(self, address: str, actor_resolver: Callable[[str], set[str]] | None = None):
        self.address = address
        self.path = display_address(address)  # what messages name
        self.actor_resolver = actor_resolver or (lambda name: {name})
        self._local = threading.local()
        self._connections: list[psycopg.Connection] = []
        self._replace_next = False  # recreate() was called: the next writer replaces every row
        self._create_tables()

    # -- connections and tables ------------------------------------------------
    def _conn(self) -> psycopg.Connection:
        """This thread's connection for reads (a new one after the server dropped the old)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            conn = self._connect()
            self._local.conn = conn
            self._connections.append(conn)
        return conn

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.address, connect_timeout=10)
        except psycopg.Error as exc:
            raise explain_pg_failure(self.address, exc) from None

    def _run(self, sql: str, params=None, *, commit: bool = False) -> list[tuple]:
        """Rows of one statement in its own transaction (committed when `commit`); errors become messages."""
        conn = self._conn()
        try:
            cursor = conn.execute(sql, params)
            rows = cursor.fetchall() if cursor.description else []
            conn.commit() if commit else conn.rollback()
            return rows
        except psycopg.Error as exc:
            conn.rollback()
            raise explain_pg_failure(self.address, exc) from None

    def _create_tables(self) -> None:
        if self._run("SELECT to_regclass('search_docs') IS NOT NULL")[0][0]:
            return  # opening an existing library writes nothing (a read-only role can search it)
        conn = self._conn()
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            conn.execute(SCHEMA)
            conn.execute("INSERT INTO search_meta VALUES ('analyzer', %s) ON CONFLICT (key) DO NOTHING",
                         (ANALYZER_VERSION,))
            conn.commit()
        except psycopg.Error as exc:
            conn.rollback()
            raise explain_pg_failure(self.address, exc) from None

    def close(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()
        self._local = threading.local()

    def recreate(self) -> None:
        """Start replacing every row (the caller then re-adds every article through the next writer()): that
        writer fills the tables anew aside and swaps them in at its commit, with today's analyzer. Until then
        everyone searches the old rows, and a rebuild cancelled or cut off leaves them."""
        self._replace_next = True

    def writer(self, *, timeout: float = 0.0, procs: int = 1) -> "PgWriter":
        """A batch of changes in one transaction; PostgreSQL lets many analysts write at once."""
        replace, self._replace_next = self._replace_next, False
        return PgWriter(self, replace_all=replace)

    def doc_count(self) -> int:
        return self._run("SELECT count(*) FROM search_docs")[0][0]

    @property
    def outdated(self) -> bool:
        rows = self._run("SELECT value FROM search_meta WHERE key = 'analyzer'")
        return bool(rows) and rows[0][0] != ANALYZER_VERSION

    def forget_searchers(self) -> None:
        """Nothing to forget: every search reads the committed state."""

    # -- queries ---------------------------------------------------------------
    def parse(self, text: str, expand_names: NameExpander | None = None,
              conn: psycopg.Connection | None = None) -> tuple[tuple[str, list], _Compiled]:
        """(SQL condition with its parameters, highlights) of the user's query, or QueryError saying what to fix.
        Wildcards are expanded on `conn` (a search's own transaction, under its time bound) when given."""
        text = (text or "").strip()
        _check_syntax(text)
        gathered = _Compiled()
        compiled = _QueryCompiler(self, text, expand_names, gathered, conn).compile(parse_query(text))
        if compiled is None:
            raise QueryError(
                f"The query {_shown(text)} has nothing to search for (only very common words or punctuation). "
                "Add a more specific word."
            )
        return compiled, gathered

    def search(self, text: str = "", *, actor_sets: Sequence[set[str]] = (), date_from: str = "", date_to: str = "",
               source: str = "", limit: int = 20, sort: str = "relevance", facets: bool = False,
               facet_key: Callable[[str], str | None] = lambda actor_id: actor_id,
               time_budget: float | None = None, expand_names: NameExpander | None = None) -> RawResults:
        """Run a query (see engine.SearchEngine); QueryError when it cannot, or runs out of time."""
        budget = SEARCH_SECONDS if time_budget is None else time_budget
        with self._deadline(text, budget) as conn:
            where, params, gathered = self._conditions(conn, text, actor_sets, date_from, date_to, source,
                                                       expand_names)
            total = _indexed(conn, f"SELECT count(*) FROM search_docs d WHERE {where}", params).fetchone()[0]
            hits = self._top(conn, where, params, gathered.rank_terms, max(1, limit), sort)
            counts = self._facets(conn, where, params, facet_key) if facets else Counter()
        return RawResults(total=total, hits=hits, terms=frozenset(gathered.terms), facets=counts,
                          phrases=frozenset(gathered.phrases))

    def _conditions(self, conn, text, actor_sets, date_from, date_to, source, expand_names):
        """(WHERE clause, its parameters, highlights) of a search: the query and the filters ANDed."""
        clauses: list[tuple[str, list]] = []
        gathered = _Compiled()
        if text.strip():
            compiled, gathered = self.parse(text, expand_names, conn)
            clauses.append(compiled)
        clauses += [("d.actors && %s", [sorted(ids)]) for ids in actor_sets]
        if date_from or date_to:
            clauses.append(("d.day BETWEEN %s AND %s", list(_day_bounds(date_from, date_to))))
        words = [t.text for t in analyse(source, stem=False, stop=False)] if source.strip() else []
        if words:
            clauses.append(("d.source_tsv @@ %s::tsquery", [" & ".join(map(_quote, words))]))
        if not clauses:
            raise QueryError("Type a query, or choose an actor, a date range or a source to filter by.")
        where = " AND ".join(f"({sql})" for sql, _ in clauses)
        return where, [p for _, ps in clauses for p in ps], gathered

    def _deadline(self, text: str, seconds: float) -> "_Deadline":
        return _Deadline(self, text, seconds)

    def _top(self, conn, where: str, params: list, rank_terms: set[str], limit: int, sort: str) -> list[RawHit]:
        if sort in ("date", "oldest"):
            order, score, score_params = f'd.date COLLATE "C" {"DESC" if sort == "date" else "ASC"}, d.id', "0.0", []
        else:
            score, score_params = self._bm25(conn, rank_terms)
            order = 'score DESC, d.date COLLATE "C" DESC, d.id'
        rows = _indexed(conn, f"SELECT {_DOC_COLUMNS}, {score} AS score FROM search_docs d WHERE {where} "
                        f"ORDER BY {order} LIMIT %s", score_params + params + [limit]).fetchall()
        return [RawHit(id=row[0], score=float(row[-1]), fields=_fields(row)) for row in rows]

    def _bm25(self, conn, terms: set[str]) -> tuple[str, list]:
        """The BM25 score expression of `terms` over the body (docs/team-library.md), with its parameters."""
        if not terms:
            return "0.0", []
        ordered = sorted(terms)
        n, avg, *dfs = _statistics(conn, ordered)
        idfs = [_idf(n, df) for df in dfs]
        # setweight marks the query's lexemes (every stored one has the default weight D) and ts_filter keeps
        # only them, in C: the SQL then unnests a few lexemes, not the article's hundreds
        expression = (
            "(SELECT coalesce(sum(w.idf * cardinality(u.positions) * %s / (cardinality(u.positions) "
            "+ %s * (1 - %s + %s * d.body_len / %s))), 0) "
            "FROM unnest(ts_filter(setweight(d.body_tsv, 'A', %s::text[]), '{a}')) u "
            "JOIN unnest(%s::text[], %s::float8[]) AS w(term, idf) ON u.lexeme = w.term)"
        )
        return expression, [K1 + 1, K1, B, B, float(avg) or 1.0, ordered, ordered, idfs]

    def _facets(self, conn, where: str, params: list, key: Callable[[str], str | None]) -> Counter:
        counts: Counter = Counter()
        rows = _indexed(conn, f"SELECT d.actors FROM search_docs d WHERE {where} LIMIT %s", params + [FACET_CAP])
        for (actors,) in rows:
            counts.update({key(actor_id) for actor_id in actors} - {None})
        return counts

    def more_like(self, article_id: str, text: str, limit: int = 5) -> list[tuple[str, float]]:
        """Articles sharing the most telling words of `text` (the top twelve by tf-idf), ranked by BM25."""
        tf = Counter(t.text for t in analyse(text))
        if not tf:
            return []
        with self._deadline("", SEARCH_SECONDS) as conn:
            common = [word for word, _ in tf.most_common(40)]
            n, _avg, *counts = _statistics(conn, common)
            df = dict(zip(common, counts))
            telling = sorted(common, key=lambda w: -tf[w] * _idf(n, df[w]))[:12]
            where = "d.body_tsv @@ %s::tsquery AND d.id <> %s"
            hits = self._top(conn, where, [" | ".join(map(_quote, telling)), article_id], set(telling), limit,
                             "relevance")
        return [(hit.id, hit.score) for hit in hits]

    def query_highlights(self, query_text: str, expand_names: NameExpander | None = None,
                         time_budget: float | None = None) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
        """What a query highlights: analysed terms (anywhere) and exact phrases (only whole)."""
        if not query_text.strip():
            return frozenset(), frozenset()
        with self._deadline(query_text, SEARCH_SECONDS if time_budget is None else time_budget) as conn:
            _compiled, gathered = self.parse(query_text, expand_names, conn)
        return frozenset(gathered.terms), frozenset(gathered.phrases)

    def hit_spans(self, text: str, query_text: str, expand_names: NameExpander | None = None) -> list[tuple[int, int]]:
        return highlight_spans(text, *self.query_highlights(query_text, expand_names))

    def _rows(self, conn: psycopg.Connection | None, sql: str, params) -> list[tuple]:
        """Rows of a read on `conn` (inside a search's transaction), else in a transaction of its own."""
        return conn.execute(sql, params).fetchall() if conn is not None else self._run(sql, params)

    def expand(self, like: str, label: str, conn: psycopg.Connection | None = None) -> list[str]:
        """The body terms matching a LIKE pattern, or QueryError when more than MAX_EXPANSION do."""
        rows = self._rows(conn, "SELECT term FROM search_terms WHERE term LIKE %s ORDER BY term LIMIT %s",
                          (like, MAX_EXPANSION + 1))
        if len(rows) > MAX_EXPANSION:
            raise QueryError(f"The pattern {_shown(label)} matches more than {MAX_EXPANSION:,} words; "
                             "narrow it (more letters before the *, or a shorter range).")
        return [row[0] for row in rows]

    def expand_range(self, low: str | None, high: str | None, exclusive: bool, label: str,
                     conn: psycopg.Connection | None = None) -> list[str]:
        """The body terms between `low` and `high` (either open), capped as expand()."""
        op_low, op_high = (">", "<") if exclusive else (">=", "<=")
        sql = (f'SELECT term FROM search_terms WHERE (%s::text IS NULL OR term COLLATE "C" {op_low} %s) '
               f'AND (%s::text IS NULL OR term COLLATE "C" {op_high} %s) ORDER BY term LIMIT %s')
        rows = self._rows(conn, sql, (low, low, high, high, MAX_EXPANSION + 1))
        if len(rows) > MAX_EXPANSION:
            raise QueryError(f"The pattern {_shown(label)} matches more than {MAX_EXPANSION:,} words; "
                             "narrow it (more letters before the *, or a shorter range).")
        return [row[0] for row in rows]


class _Deadline:
    """`with engine._deadline(text, seconds) as conn:` one read-only transaction under statement_timeout;
    a statement stopped by it becomes the Whoosh engine's "took longer" QueryError."""

    def __init__(self, engine: PgEngine, text: str, seconds: float):
        self.engine, self.text, self.seconds = engine, text, seconds

    def __enter__(self):
        self.conn = self.engine._conn()
        try:
            milliseconds = max(1, int(self.seconds * 1000))
            self.conn.execute("SELECT set_config('statement_timeout', %s, true)", [f"{milliseconds}ms"])
        except psycopg.Error as exc:
            with contextlib.suppress(psycopg.Error):  # a dead connection: its error is the one to explain
                self.conn.rollback()
            raise explain_pg_failure(self.engine.address, exc) from None
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> bool:
        with contextlib.suppress(psycopg.Error):  # a dropped connection is replaced at the next search
            self.conn.rollback()  # reads only: nothing to keep, and no snapshot left open
        if isinstance(exc, pg_errors.QueryCanceled):
            raise QueryError(_too_slow(self.text, self.seconds)) from None
        if isinstance(exc, psycopg.Error):
            log.warning("search failed on %s: %s", self.engine.path, type(exc).__name__)
            raise explain_pg_failure(self.engine.address, exc) from None
        return False


class _QueryCompiler:
    """Our query tree as an SQL condition on `search_docs d` (None: nothing to search for, dropped as Whoosh
    drops it), gathering highlights and rank terms from the leaves not under a NOT."""

    def __init__(self, engine: PgEngine, text: str, expand_names: NameExpander | None, gathered: _Compiled,
                 conn: psycopg.Connection | None = None):
        self.engine, self.text, self.expand_names, self.gathered = engine, text, expand_names, gathered
        self.conn = conn  # expansions run on it, under the search's time bound

    def compile(self, node: Node, positive: bool = True) -> tuple[str, list] | None:
        if isinstance(node, (And, Or)):
            parts = [c for c in (self.compile(child, positive) for child in node.children) if c is not None]
            if not parts:
                return None
            joiner = " AND " if isinstance(node, And) else " OR "
            return joiner.join(f"({sql})" for sql, _ in parts), [p for _, ps in parts for p in ps]
        if isinstance(node, Not):
            child = self.compile(node.child, not positive)
            return (f"NOT ({child[0]})", child[1]) if child is not None else None
        if isinstance(node, Actor):
            return self._actor(node, positive)
        if isinstance(node, DateRange):
            return "d.day BETWEEN %s AND %s", list(_day_bounds(node.low, node.high))
        field_name = FIELD_ALIASES.get(node.field, node.field) if node is not None else ""
        if isinstance(node, Term):
            return self._term(field_name, node, positive)
        if isinstance(node, Phrase):
            return self._phrase(field_name, node, positive)
        if isinstance(node, Pattern):
            return self._pattern(field_name, node, positive)
        if isinstance(node, Range):
            return self._range(field_name, node, positive)
        return None

    # -- leaves ----------------------------------------------------------------
    def _term(self, field_name: str, node: Term, positive: bool):
        if field_name in _EXACT_FIELDS:
            return f"d.{_EXACT_FIELDS[field_name]} = %s", [node.text]
        words = _words(field_name, node.text)
        if not words:
            return None
        if len(words) > 1 and field_name in _TEXT_FIELDS:  # `US-Russia`, `30-day`: a phrase, as Whoosh
            return self._phrase(field_name, _as_phrase(field_name, node), positive)
        column = _column(field_name)
        if field_name in _TEXT_FIELDS and positive:
            self.gathered.terms.update(words)
            self.gathered.rank_terms.update(words)
        query = " & ".join(map(_quote, words))  # an author or outlet cut in several: their AND
        if len(words) == 1 and field_name in _TEXT_FIELDS:
            query = self._with_other_names(query, tuple(words), node.start, node.end, positive)
        return f"d.{column} @@ %s::tsquery", [query]

    def _phrase(self, field_name: str, node: Phrase, positive: bool):
        if field_name in _EXACT_FIELDS:
            return f"d.{_EXACT_FIELDS[field_name]} = %s", [node.text]
        words = _words(field_name, node.text)
        if not words:
            return None
        if field_name in _TEXT_FIELDS and positive:
            self.gathered.add_words(tuple(words), positive)
            self.gathered.rank_terms.update(words)
        query = " <-> ".join(map(_quote, words))
        if len(words) > 1 and field_name in _TEXT_FIELDS:
            query = self._with_other_names(query, tuple(words), node.start, node.end, positive)
        return f"d.{_column(field_name)} @@ %s::tsquery", [query]

    def _pattern(self, field_name: str, node: Pattern, positive: bool):
        """`peace*` and `pe?ce`: analysed whole as Whoosh does, then expanded against the library's words."""
        if field_name in _EXACT_FIELDS:
            return f"d.{_EXACT_FIELDS[field_name]} LIKE %s", [_like(node.text)]
        names = field_name in _NAME_FIELDS
        is_prefix = node.text.find("*") == len(node.text) - 1 and "?" not in node.text
        text = node.text[:-1] if is_prefix else node.text  # a prefix is analysed without its *, as Whoosh does
        if is_prefix and not names:
            return self._prefix(field_name, text, node.text, positive)
        tokens = list(analyse(text, stem=not names, stop=not names, keep_stops=True, tokenize=False))
        if not tokens:
            return None
        word = tokens[0].text
        if not names:  # a wildcard
            return self._any_of(field_name, self.engine.expand(_like(word), node.text, self.conn), positive)
        if not is_prefix:
            raise QueryError(f"The pattern {_shown(node.text)} in {field_name}: works only as a prefix "
                             "in a team library (word*).")
        return f"d.{_column(field_name)} @@ %s::tsquery", [_quote(word) + ":*"]  # names are few: in the tsquery

    def _prefix(self, field_name: str, typed: str, label: str, positive: bool):
        """`typed*` on the body or title: the library's words that start with the letters typed, and the stems
        of those letters with a common ending (engine.prefix_terms, as the Whoosh engine)."""
        found = prefix_terms(typed)
        if found is None:
            return None
        letters, others = found
        expansions = self.engine.expand(_like(letters) + "%", label, self.conn)
        return self._any_of(field_name, sorted(set(expansions).union(others)), positive)

    def _range(self, field_name: str, node: Range, positive: bool):
        if field_name in _EXACT_FIELDS:
            op_low, op_high = (">", "<") if node.exclusive else (">=", "<=")
            column = f'd.{_EXACT_FIELDS[field_name]} COLLATE "C"'
            return (f"(%s::text IS NULL OR {column} {op_low} %s) AND (%s::text IS NULL OR {column} {op_high} %s)",
                    [node.low or None, node.low or None, node.high or None, node.high or None])
        if field_name not in _TEXT_FIELDS:
            raise QueryError(f"A range on {field_name}: cannot be searched in a team library; "
                             "use a word or a prefix (word*) instead.")
        low, high = (_single(t) for t in (node.low, node.high))
        label = f"[{node.low} TO {node.high}]"
        return self._any_of(field_name, self.engine.expand_range(low, high, node.exclusive, label, self.conn), positive)

    def _any_of(self, field_name: str, words: list[str], positive: bool):
        if not words:
            return _FALSE
        if positive:
            self.gathered.terms.update(words)
            self.gathered.rank_terms.update(words)
        return f"d.{_column(field_name)} @@ %s::tsquery", [" | ".join(map(_quote, words))]

    def _actor(self, node: Actor, positive: bool):
        ids = self.engine.actor_resolver(node.name)
        if not ids:
            return None
        if positive:
            names = list(self.expand_names(node.name, explicit=True)) if self.expand_names is not None else []
            for words in _analysed_names(names or [node.name]):
                self.gathered.add_words(words, positive)
        return "d.actors && %s", [sorted(ids)]

    def _with_other_names(self, query: str, words: tuple[str, ...], start: int, end: int, positive: bool) -> str:
        """`query` OR the other names of the actor its words name (as whoosh_engine._or_other_names)."""
        if self.expand_names is None:
            return query
        other = self.expand_names(self.text[start:end])
        names = [n for n in _analysed_names(list(other)[:MAX_OTHER_NAMES]) if n != words]
        singles = {n[0] for n in names if len(n) == 1} | ({words[0]} if len(words) == 1 else set())
        alternatives = [n for n in names if len(n) == 1 or not singles.intersection(n)]
        for name in alternatives:
            self.gathered.add_words(name, positive)
            if positive:
                self.gathered.rank_terms.update(name)
        return " | ".join([f"({query})"] + [f"({' <-> '.join(map(_quote, n))})" for n in alternatives])


# -- helpers ------------------------------------------------------------------------------------------------
def _column(field_name: str) -> str:
    return _TEXT_FIELDS.get(field_name) or _NAME_FIELDS.get(field_name) or "body_tsv"


def _words(field_name: str, text: str) -> list[str]:
    """A query word or phrase as the field's analysis makes it (names: neither stemmed nor stopped)."""
    names = field_name in _NAME_FIELDS
    return [t.text for t in analyse(text, stem=not names, stop=not names)]


def _as_phrase(field_name: str, node: Term) -> Phrase:
    """A typed word its analysis cuts in several, as the phrase of those parts: its characters in the query
    run from the first part to the last (`US-Russia,` -> `US-Russia`), as Whoosh's name expansion reads them."""
    tokens = list(analyse(node.text))
    start, end = tokens[0].start, tokens[-1].end
    return Phrase(field_name, node.text[start:end], node.start + start, node.start + end)


def _single(text: str) -> str | None:
    """One end of a range analysed whole (None when open), as whoosh_engine._single_text."""
    if not text:
        return None
    tokens = list(analyse(text, keep_stops=True, tokenize=False))
    return tokens[0].text if tokens else text


def _like(pattern: str) -> str:
    """A `*`/`?` pattern as a LIKE pattern (LIKE's own % _ \\ taken literally)."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")


def _analysed_names(names: Iterable[str]) -> list[tuple[str, ...]]:
    out = (tuple(t.text for t in analyse(name)) for name in names)
    return list(dict.fromkeys(words for words in out if words))


def _statistics(conn, words: list[str]) -> list:
    """[articles, their mean analysed length, then each word's document frequency]: the first two from one
    pass over the table, the frequencies from the GIN index alone (see _indexed)."""
    library = list(conn.execute("SELECT count(*), coalesce(avg(body_len), 1) FROM search_docs").fetchone())
    if not words:
        return library
    counts = ", ".join(["(SELECT count(*) FROM search_docs WHERE body_tsv @@ %s::tsquery)"] * len(words))
    return library + list(_indexed(conn, f"SELECT {counts}", [_quote(w) for w in words]).fetchone())


def _indexed(conn, sql: str, params: list):
    """Run `sql` planned without a sequential scan, and return its cursor. A word's GIN match needs no
    recheck, so a bitmap scan counts and filters without fetching a single tsvector from TOAST; the planner,
    seeing a common word match most rows, would otherwise scan the table and fetch every one."""
    conn.execute("SELECT set_config('enable_seqscan', 'off', true)")
    cursor = conn.execute(sql, params)  # a failure aborts the transaction, and the setting with it
    conn.execute("RESET enable_seqscan")
    return cursor


def _idf(n: int, df: int) -> float:
    """Whoosh's idf: 1 + ln(N / (df + 1))."""
    import math

    return 1.0 + math.log(max(n, 1) / (df + 1))


def _fields(row: tuple) -> dict:
    names = [name.strip() for name in _DOC_COLUMNS.split(",")]
    values = dict(zip(names, row))
    values["actors"] = " ".join(values["actors"] or ())
    return values


_DOC_ROW = ("id, title, date, day, author, source, path, content_hash, actors, body_tsv, title_tsv, author_tsv, "
            "source_tsv, body_len")
_DOC_VALUES = [c.strip() for c in _DOC_ROW.split(",")[1:]]  # every column but the id


def _upsert(target: str, source: str, *, changed_only: bool = False) -> str:
    """SQL putting the rows of `source` into `target`, a row with the same id replaced. In id order, so two
    writers take the locks of the rows they share in one order; `changed_only` leaves equal rows untouched."""
    excluded = ", ".join(f"EXCLUDED.{c}" for c in _DOC_VALUES)
    sql = (f"INSERT INTO {target} AS t ({_DOC_ROW}) SELECT {_DOC_ROW} FROM {source} ORDER BY id "
           f"ON CONFLICT (id) DO UPDATE SET ({', '.join(_DOC_VALUES)}) = ({excluded})")
    if changed_only:
        sql += f" WHERE ({', '.join(f't.{c}' for c in _DOC_VALUES)}) IS DISTINCT FROM ({excluded})"
    return sql


COPY_EVERY = 500  # documents a writer keeps before it sends them with COPY

# A rebuild (PgEngine.recreate, then a writer) fills a staging table and swaps it in at its commit. Readers
# never wait for it: it holds only ROW EXCLUSIVE (as any insert does), which also makes a role that cannot
# write fail at once rather than after the whole rebuild. Rows another analyst adds meanwhile are not in the
# ids noted at the start, so the swap keeps them.
_REPLACE_BEGIN = (
    "LOCK TABLE search_docs, search_terms IN ROW EXCLUSIVE MODE",
    "CREATE TEMP TABLE search_docs_old ON COMMIT DROP AS SELECT id FROM search_docs",
    "CREATE TEMP TABLE search_docs_new (LIKE search_docs, PRIMARY KEY (id)) ON COMMIT DROP",
)
_REPLACE_DOCS = (
    "DELETE FROM search_docs d USING pg_temp.search_docs_old o WHERE d.id = o.id "
    "AND NOT EXISTS (SELECT 1 FROM pg_temp.search_docs_new n WHERE n.id = d.id)",
    _upsert("search_docs", "pg_temp.search_docs_new", changed_only=True),
)
# The words the rebuild did not see go, unless a row added meanwhile holds them (one GIN probe each)
_AS_TSQUERY = r"""('''' || replace(replace(t.term, '\', '\\'), '''', '''''') || '''')::tsquery"""
_STALE_TERMS = (
    "DELETE FROM search_terms t WHERE NOT EXISTS (SELECT 1 FROM unnest(%s::text[]) w(term) WHERE w.term = t.term) "
    f"AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.body_tsv @@ {_AS_TSQUERY})"
)


class PgWriter(CommittingWriter):
    """A batch of search-table changes in one transaction on a connection of its own (reads in the same
    thread meanwhile cannot end it): commit() shows them at once, cancel() drops them. Added documents are
    sent with COPY, COPY_EVERY at a time and at commit. With `replace_all` (a rebuild) they go to a staging
    table that replaces every row at commit (see _REPLACE_BEGIN)."""

    def __init__(self, engine: PgEngine, *, replace_all: bool = False):
        self._engine = engine
        self._conn = engine._connect()
        self._words: set[str] = set()  # the batch's words, added to search_terms at commit
        self._rows: dict[str, tuple] = {}  # id -> search_docs row not sent yet (a later add replaces it)
        self._replace_all = replace_all
        self._target = "pg_temp.search_docs_new" if replace_all else "search_docs"
        if replace_all:
            self._statements(_REPLACE_BEGIN)

    def add(self, doc: IndexDoc, analysed=None) -> None:
        """Add or replace a document (`analysed`, the Whoosh engine's precomputed postings, is not needed)."""
        # as Whoosh: the body field also holds the title
        body, terms, length = _analysed(doc.title + "\n\n" + doc.body)
        self._rows.pop(doc.id, None)
        self._rows[doc.id] = (
            doc.id, doc.title, doc.date, _day(doc.date), doc.author, doc.source, doc.path, doc.content_hash,
            list(doc.actor_ids), body, tsvector_literal(doc.title), tsvector_literal(doc.author, names=True),
            tsvector_literal(doc.source, names=True), length)
        self._words.update(terms)
        if len(self._rows) >= COPY_EVERY:
            self._send()

    add_new = add

    def delete(self, article_id: str) -> None:
        self._send()
        self._statements([(f"DELETE FROM {self._target} WHERE id = %s", [article_id])])

    def _send(self) -> None:
        """COPY the kept documents into a staging table, then upsert them in one statement."""
        rows, self._rows = list(self._rows.values()), {}
        if not rows:
            return
        try:
            self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_docs_in (LIKE search_docs) "
                               "ON COMMIT DELETE ROWS")
            self._conn.execute("TRUNCATE pg_temp.search_docs_in")
            with self._conn.cursor() as cursor, cursor.copy(f"COPY pg_temp.search_docs_in ({_DOC_ROW}) "
                                                            "FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            self._conn.execute(_upsert(self._target, "pg_temp.search_docs_in"))
        except psycopg.Error as exc:
            self._conn.rollback()
            raise explain_pg_failure(self._engine.address, exc) from None

    def _statements(self, statements: Iterable) -> None:
        """Run each statement (SQL, or SQL and its parameters) in the batch's transaction."""
        try:
            for statement in statements:
                sql, params = (statement, None) if isinstance(statement, str) else statement
                self._conn.execute(sql, params)
        except psycopg.Error as exc:
            self._conn.rollback()
            raise explain_pg_failure(self._engine.address, exc) from None

    def commit(self, merge: bool = True) -> None:
        """Make the batch visible. Its words go in last, in one sorted statement: two analysts' batches
        then take the words' locks in the same order and never deadlock."""
        try:
            self._send()
            if self._replace_all:
                self._swap_in()
            if self._words:
                self._conn.execute("INSERT INTO search_terms SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                                   [sorted(self._words)])
            self._conn.commit()
        except psycopg.Error as exc:
            raise explain_pg_failure(self._engine.address, exc) from None
        finally:
            self._conn.close()

    def _swap_in(self) -> None:
        """The rebuild's rows replace the old ones, its words the old words, its analyzer the old one."""
        for sql in _REPLACE_DOCS:
            self._conn.execute(sql)
        _indexed(self._conn, _STALE_TERMS, [sorted(self._words)])
        self._conn.execute("UPDATE search_meta SET value = %s WHERE key = 'analyzer'", (ANALYZER_VERSION,))

    def cancel(self) -> None:
        self._rows = {}
        with contextlib.suppress(psycopg.Error):
            self._conn.rollback()
        self._conn.close()
