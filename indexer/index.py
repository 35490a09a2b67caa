"""The full-text index: the Whoosh schema and the only code that touches Whoosh.

Everything Whoosh-specific (schema, analyzer, writer, searcher, query parser)
stays in this module so that the engine can be swapped without touching the
rest of the application. Callers get plain data back: ids, stored fields,
scores and character spans.

Facts this builds on (see ../shared/WHOOSH-NOTES.md):
- the index is opened without mmap, so memory stays flat at 100k articles;
- one long-lived searcher per thread, refreshed after writes;
- bodies are not stored in Whoosh: the article store holds the text;
- the body field also holds the title, so a plain word needs one matcher, not two;
- hit spans are found by `term_spans`: one regex pass over the text for tokens that
  can match, each distinct word analysed once (cached). That is exact (analysis is
  per token) and much cheaper than Whoosh's re-tokenising highlighter, and needs no
  `chars=True` postings (smaller index, faster import).
"""

from __future__ import annotations

import heapq
import logging
import re
import threading
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from pickle import loads
from typing import Callable, Iterable, Sequence

from whoosh import collectors, fields, index as whoosh_index, matching, qparser, query as wq, scoring
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.support.charset import accent_map
from whoosh.util.numeric import byte_to_length
from whoosh.writing import LockError

from .errors import IndexCorruptError, LibraryLockedError, QueryError

log = logging.getLogger(__name__)

INDEX_NAME = "articles"
SCHEMA_VERSION = "1"

# Words: letters/digits, keeping inner apostrophes and dots (U.S., don't) together.
_TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"


def _text_analyzer():
    """Stemming plus accent folding: `peacekeepers` finds `peacekeeping`, `elysee` finds `Élysée`."""
    return (
        RegexTokenizer(_TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=-1)
    )


def _name_analyzer():
    """Names and outlets: folded, not stemmed."""
    return RegexTokenizer(_TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


TEXT_ANALYZER = _text_analyzer()


@dataclass(frozen=True)
class Analysed:
    """A field value already turned into postings, e.g. in a worker process (see analyse_for_index)."""

    items: tuple


class PreAnalysableText(fields.TEXT):
    """A TEXT field that also accepts an `Analysed` value, so analysis can run in another process."""

    def index(self, value, **kwargs):
        if isinstance(value, Analysed):
            return iter(value.items)
        return super().index(value, **kwargs)


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=PreAnalysableText(analyzer=TEXT_ANALYZER, stored=True),
        body=PreAnalysableText(analyzer=TEXT_ANALYZER),
        date=fields.ID(stored=True, sortable=True),
        day=fields.NUMERIC(int, bits=32),  # the date as YYYYMMDD, for fast ranges (unsigned trie ranges misbehave)
        author=fields.TEXT(analyzer=_name_analyzer(), stored=True),
        source=fields.TEXT(analyzer=_name_analyzer(), stored=True),
        path=fields.ID(stored=True),
        content_hash=fields.ID(stored=True),
        actors=fields.KEYWORD(stored=True, lowercase=False, commas=False, scorable=True),
    )


@dataclass(frozen=True)
class IndexDoc:
    """What the index needs of one article."""

    id: str
    title: str
    body: str
    date: str = ""
    author: str = ""
    source: str = ""
    path: str = ""
    content_hash: str = ""
    actor_ids: tuple[str, ...] = ()


@dataclass
class RawHit:
    id: str
    score: float
    fields: dict


@dataclass
class RawResults:
    total: int
    hits: list[RawHit]
    terms: frozenset[str]  # the query's positive terms, analysed (wildcards expanded); see term_spans()
    facets: Counter = field(default_factory=Counter)  # actor id (after facet_key) -> matching articles
    phrases: frozenset[tuple[str, ...]] = frozenset()  # exact phrases, analysed: highlighted only whole


# Other names of the actor a word or phrase names ("Zelensky" -> "Zelenskyy", "Volodymyr Zelenskiy"),
# as plain text; given by the library (see Library._other_names), empty when the words name no one actor.
# Called with explicit=True for `actor:NAME`: then every name of the actors NAME resolves to.
NameExpander = Callable[..., Sequence[str]]
MAX_OTHER_NAMES = 24  # alternatives one query word or phrase may gain


# Bounds that keep every search short, whatever is typed or pasted (issue 12 item 4).
MAX_QUERY_CHARS = 1000  # Whoosh's parser is quadratic in a word's length
MAX_EXPANSION = 1000  # words one wildcard, prefix or range may stand for
MAX_WILDCARDS = 2  # '*' in one word: '*a*b*c*' makes the pattern match slow on every word of the index
SEARCH_SECONDS = 10.0  # the time budget of one search, the CLI's and the app's

# Field names a user may type, and the schema field each one means.
FIELD_ALIASES = {"text": "body", "actor": "actors", "outlet": "source", "by": "author"}
USER_FIELDS = ("title", "text", "author", "source", "date", "actor", "path", "id")
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?=\S)(?!//)")


class SearchIndex:
    """One Whoosh index folder. Thread-safe: each thread gets its own searcher."""

    def __init__(self, path: Path, actor_resolver: Callable[[str], set[str]] | None = None):
        self.path = Path(path)
        self.actor_resolver = actor_resolver or (lambda name: {name})
        self._local = threading.local()
        self._ix = None
        self.path.mkdir(parents=True, exist_ok=True)
        self._open()

    # -- opening ---------------------------------------------------------------
    def _storage(self) -> FileStorage:
        return FileStorage(str(self.path), supports_mmap=False)

    def _open(self) -> None:
        storage = self._storage()
        try:
            if whoosh_index.exists(storage, indexname=INDEX_NAME):
                self._ix = storage.open_index(indexname=INDEX_NAME)
                self._check_schema()
                # Read something to surface damaged segment files now, not mid-search.
                with self._ix.reader() as reader:
                    reader.doc_count()
            else:
                self._ix = storage.create_index(make_schema(), indexname=INDEX_NAME)
        except IndexCorruptError:
            raise
        except Exception as exc:  # Whoosh raises many types on damaged files
            raise IndexCorruptError(
                f"The search index in {self.path} is damaged ({type(exc).__name__}: {exc}). "
                "Run `briefing-index rebuild` (or Library > Rebuild index in the app) to recreate it "
                "from the article store; no article is lost."
            ) from exc

    def _check_schema(self) -> None:
        names = set(self._ix.schema.names())
        if names != set(make_schema().names()):
            raise IndexCorruptError(
                f"The search index in {self.path} was made by another version. "
                "Run `briefing-index rebuild` to recreate it from the article store."
            )

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        if self._ix is not None:
            self._ix.close()

    def recreate(self) -> None:
        """Drop the index and start an empty one (the caller then re-adds every article)."""
        if self._ix is not None:
            self.close()
        wipe_index_folder(self.path)
        self._ix = self._storage().create_index(make_schema(), indexname=INDEX_NAME)
        self._local = threading.local()

    # -- writing -----------------------------------------------------------------
    def writer(self, *, timeout: float = 0.0, procs: int = 1) -> "IndexWriter":
        """The index's single writer. Raises LibraryLockedError if another process holds it."""
        try:
            kwargs = {"timeout": timeout, "limitmb": 128}
            if procs > 1:
                kwargs.update(procs=procs, multisegment=True)
            w = self._ix.writer(**kwargs)
        except LockError as exc:
            raise LibraryLockedError(
                f"The search index in {self.path} is being written by another process. "
                "Wait for the other import to finish and try again."
            ) from exc
        return IndexWriter(self, w)

    # -- reading -----------------------------------------------------------------
    def _searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._ix.searcher(weighting=_WEIGHTING)
        elif not searcher.up_to_date():
            # A new searcher, never searcher.refresh(): Whoosh-Reloaded 2.7.5's refresh keeps the old readers of
            # segments a commit merged away or deleted from, so a twice-replaced article was found twice.
            searcher.close()
            searcher = self._ix.searcher(weighting=_WEIGHTING)
        self._local.searcher = searcher
        return searcher

    def doc_count(self) -> int:
        return self._searcher().doc_count()

    # -- queries -----------------------------------------------------------------
    def parse(self, text: str, expand_names: NameExpander | None = None) -> wq.Query:
        """Parse the user's query syntax, or raise QueryError with a message that says what to fix.

        With `expand_names`, a word or exact phrase that names an actor also matches the actor's other
        names, and `actor:NAME` carries the names to highlight."""
        text = (text or "").strip()
        _check_syntax(text)
        text = _lowercase_fields(text)
        # The body field also holds the title (see IndexWriter), so one field answers plain words.
        parser = qparser.QueryParser("body", self._ix.schema)
        parser.add_plugin(qparser.FieldAliasPlugin({v: [k] for k, v in FIELD_ALIASES.items()}))
        parser.add_plugin(qparser.PlusMinusPlugin())  # +must -mustnot
        parser.remove_plugin_class(qparser.BoostPlugin)
        try:
            q = parser.parse(text)
        except Exception as exc:
            raise QueryError(f"Cannot understand the query {_shown(text)}: {exc}. Check quotes and brackets.") from exc
        q = self._resolve_actor_terms(q, expand_names)
        if expand_names is not None:
            q = _with_other_names(q, text, expand_names)
        q = _date_ranges_as_days(q)
        q = _fast_phrases(q)
        if q is wq.NullQuery:
            raise QueryError(
                f"The query {_shown(text)} has nothing to search for (only very common words or punctuation). "
                "Add a more specific word."
            )
        return q

    def _resolve_actor_terms(self, q: wq.Query, expand_names: NameExpander | None = None) -> wq.Query:
        """Replace `actor:NAME` terms with the actor ids the name resolves to (and its names, to highlight)."""
        if isinstance(q, wq.Term) and q.fieldname == "actors":
            ids = self.actor_resolver(q.text)
            if not ids:
                return wq.NullQuery
            names = list(expand_names(q.text, explicit=True)) if expand_names is not None else []
            return _ActorMatch([wq.Term("actors", i) for i in sorted(ids)], names=_analysed_names(names or [q.text]))
        if q.is_leaf():
            return q
        return q.apply(lambda child: self._resolve_actor_terms(child, expand_names))

    def search(
        self,
        text: str = "",
        *,
        actor_sets: Sequence[set[str]] = (),
        date_from: str = "",
        date_to: str = "",
        source: str = "",
        limit: int = 20,
        sort: str = "relevance",
        facets: bool = False,
        facet_key: Callable[[str], str | None] = lambda actor_id: actor_id,
        time_budget: float | None = None,
        expand_names: NameExpander | None = None,
    ) -> RawResults:
        """Run a query. Each set in `actor_sets` is a set of raw actor ids, any of which must be present.

        Raises QueryError when the query cannot be understood, is too broad, or runs out of `time_budget`
        seconds (SEARCH_SECONDS unless given). `expand_names`: see parse()."""
        budget = SEARCH_SECONDS if time_budget is None else time_budget
        with _deadline(budget):
            try:
                return self._search(text, actor_sets, date_from, date_to, source, limit, sort, facets, facet_key,
                                    expand_names)
            except _OutOfTime:
                raise QueryError(_too_slow(text, budget)) from None

    def _search(self, text, actor_sets, date_from, date_to, source, limit, sort, facets, facet_key,
                expand_names) -> RawResults:
        clauses: list[wq.Query] = []
        user_q = self.parse(text, expand_names) if text.strip() else None
        if user_q is not None:
            clauses.append(user_q)
        clauses.extend(_any_of_actors(ids) for ids in actor_sets)
        if date_from or date_to:
            clauses.append(_day_range(date_from, date_to))
        if source.strip():
            words = [t.text for t in _name_analyzer()(source)]
            if words:
                clauses.append(wq.And([wq.Term("source", w) for w in words]))
        if not clauses:
            raise QueryError("Type a query, or choose an actor, a date range or a source to filter by.")
        q = clauses[0] if len(clauses) == 1 else wq.And(clauses)
        searcher = self._searcher()
        try:
            _check_expansions(q, searcher.reader())
            top, total = _top(searcher, q, max(1, limit), sort)
            terms, phrases = (frozenset(), frozenset()) if user_q is None else _highlights(user_q, searcher.reader())
            hits = []
            for docnum, score in top:
                fields_ = searcher.stored_fields(docnum)
                hits.append(RawHit(id=fields_["id"], score=float(score), fields=dict(fields_)))
            counts = self._facets(searcher, q, facet_key) if facets else Counter()
        except (QueryError, _OutOfTime):
            raise
        except Exception as exc:  # the query parsed, so the index files are at fault
            log.exception("search failed for a parsed query")
            raise IndexCorruptError(
                f"The search index in {self.path} could not be read ({type(exc).__name__}). "
                "Run `briefing-index rebuild` (or Library > Rebuild index in the app) to recreate it "
                "from the article store; no article is lost."
            ) from exc
        return RawResults(total=total, hits=hits, terms=terms, facets=counts, phrases=phrases)

    def _facets(self, searcher, q: wq.Query, key: Callable[[str], str | None], cap: int = 20000) -> Counter:
        """Matching articles per actor, each actor id mapped through `key` (None drops it), counted once an article."""
        counts: Counter = Counter()
        for n, docnum in enumerate(searcher.docs_for_query(q)):
            if n >= cap:
                break
            if n % 256 == 0:
                _check_time()
            raw = searcher.stored_fields(docnum).get("actors", "").split()
            counts.update({key(actor_id) for actor_id in raw} - {None})
        return counts

    def more_like(self, article_id: str, text: str, limit: int = 5) -> list[tuple[str, float]]:
        searcher = self._searcher()
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return []
        results = searcher.more_like(docnum, "body", text=text, top=limit, numterms=12)
        return [(hit["id"], float(hit.score or 0.0)) for hit in results]

    def query_highlights(
        self, query_text: str, expand_names: NameExpander | None = None, time_budget: float | None = None,
    ) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
        """What a query highlights: analysed terms (anywhere) and exact phrases (only whole)."""
        if not query_text.strip():
            return frozenset(), frozenset()
        budget = SEARCH_SECONDS if time_budget is None else time_budget
        with _deadline(budget):
            try:
                q = self.parse(query_text, expand_names)
                reader = self._searcher().reader()
                _check_expansions(q, reader)
                return _highlights(q, reader)
            except _OutOfTime:
                raise QueryError(_too_slow(query_text, budget)) from None

    def query_terms(self, query_text: str) -> frozenset[str]:
        """The analysed terms a query highlights anywhere (its exact phrases aside)."""
        return self.query_highlights(query_text)[0]

    def hit_spans(self, text: str, query_text: str, expand_names: NameExpander | None = None) -> list[tuple[int, int]]:
        """Spans in `text` that the query matches, analysed exactly as at index time; a phrase only whole."""
        return highlight_spans(text, *self.query_highlights(query_text, expand_names))


class IndexWriter:
    """A batch of index changes; commit() makes them visible at once, or nothing on a crash."""

    def __init__(self, index: SearchIndex, writer):
        self._index = index
        self._w = writer
        _flush_with_memory_lengths(writer)

    def add(self, doc: IndexDoc, analysed: "AnalysedDoc | None" = None) -> None:
        """Add or replace a document."""
        self._w.update_document(**_fields(doc, analysed))

    def add_new(self, doc: IndexDoc, analysed: "AnalysedDoc | None" = None) -> None:
        """Add a document known not to be in the index yet (skips the delete-by-id lookup)."""
        self._w.add_document(**_fields(doc, analysed))

    def delete(self, article_id: str) -> None:
        self._w.delete_by_term("id", article_id)

    def commit(self, merge: bool = True) -> None:
        self._w.commit(merge=merge, mergetype=merge_small_segments)

    def cancel(self) -> None:
        self._w.cancel()

    def __enter__(self) -> "IndexWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.cancel()


@dataclass(frozen=True)
class AnalysedDoc:
    """The title and body postings of one article, computed ahead of the writer."""

    title: Analysed
    body: Analysed


_ANALYSIS_SCHEMA = make_schema()


def analyse_for_index(title: str, body: str) -> AnalysedDoc:
    """Do the index's analysis work for one article; safe to run in a worker process (plain data out)."""
    doc = IndexDoc(id="", title=title, body=body)
    return AnalysedDoc(
        title=Analysed(tuple(_ANALYSIS_SCHEMA["title"].index(title))),
        body=Analysed(tuple(_ANALYSIS_SCHEMA["body"].index(_searchable(doc)))),
    )


def _fields(doc: IndexDoc, analysed: AnalysedDoc | None) -> dict:
    values = {
        "id": doc.id, "title": doc.title, "body": _searchable(doc), "date": doc.date, "day": _day(doc.date),
        "author": doc.author,
        "source": doc.source, "path": doc.path, "content_hash": doc.content_hash, "actors": " ".join(doc.actor_ids),
    }
    if analysed is not None:
        values.update(title=analysed.title, _stored_title=doc.title, body=analysed.body)
    return values


# Segments this large are never merged by an import's commit: Whoosh's default policy can fold a
# 17,000-article segment into a 1,000-article import, which took 25 minutes here.
MERGE_CAP_DOCS = 5000


def merge_small_segments(writer, segments):
    """Whoosh's MERGE_SMALL policy, applied only to segments under MERGE_CAP_DOCS articles.

    Keeps each commit's merge work bounded; big segments stay as they are (a rebuild makes one)."""
    from whoosh.writing import MERGE_SMALL

    big = [seg for seg in segments if seg.doc_count_all() >= MERGE_CAP_DOCS]
    small = [seg for seg in segments if seg.doc_count_all() < MERGE_CAP_DOCS]
    return big + list(MERGE_SMALL(writer, small))


# -- helpers ------------------------------------------------------------------------
class _MemoryLengthBM25F(scoring.BM25F):
    """Whoosh's BM25F with each segment's field lengths read once into memory.

    The stock scorer reads a document's length from the segment file for every match it scores
    (about a fifth of a common query's time); the lengths are one byte per document, so a
    segment's whole column is read in one call and kept with the segment's reader, which Whoosh
    reuses across searcher refreshes. Scores are identical."""

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if hasattr(scorer, "dfl"):
            lengths = _field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer


_WEIGHTING = _MemoryLengthBM25F()


def _field_lengths(reader, fieldname: str) -> array | None:
    """Every document's length of `fieldname` in one segment, as doc_field_length(doc, field, 1) gives it."""
    cache = reader.__dict__.setdefault("_briefing_lengths", {})
    if fieldname not in cache:
        cache[fieldname] = _read_lengths(reader, fieldname)
    return cache[fieldname]


def _read_lengths(reader, fieldname: str) -> array | None:
    try:
        return _perdoc_lengths(reader._perdoc, reader.doc_count_all(), fieldname, default=1)
    except Exception:  # a reader without the whoosh3 per-document layout: keep the stock lookups
        log.debug("field lengths not preloaded for %r", reader, exc_info=True)
        return None


def _perdoc_lengths(perdoc, count: int, fieldname: str, default: int) -> array:
    """A whoosh3 per-document reader's lengths of `fieldname` for docs 0..count-1, in one read."""
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return array("i", [default]) * count
    stored = min(column._count, count)
    raw = column._dbfile.get(column._basepos, stored) if stored else b""
    return array("i", [byte_to_length(b) if b else default for b in raw]) + array("i", [default]) * (count - stored)


class _MemoryLengths:
    """A segment writer's per-document reader whose field lengths come from memory.

    When a commit writes postings, Whoosh asks the new segment for a document's field length once per
    posting (a file read each time: about a tenth of an import's writer time); one read per field
    answers them all, with the same values."""

    def __init__(self, perdoc, count: int):
        self._perdoc = perdoc
        self._count = count
        self._lengths: dict[str, array] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = self._lengths[fieldname] = _perdoc_lengths(self._perdoc, self._count, fieldname, 0)
        length = lengths[docnum] if 0 <= docnum < self._count else 0
        return length or default

    def __getattr__(self, name):
        return getattr(self._perdoc, name)


def _flush_with_memory_lengths(writer) -> None:
    """Give a Whoosh SegmentWriter's final flush the in-memory lengths (see _MemoryLengths)."""
    original = getattr(writer, "per_document_reader", None)
    if original is None or not hasattr(writer, "doc_count"):
        return

    def per_document_reader():
        perdoc = original()
        try:
            count = perdoc.doc_count_all()
            perdoc._cached_reader  # noqa: B018 - the whoosh3 layout _perdoc_lengths reads
        except Exception:  # another codec: keep Whoosh's own reader
            return perdoc
        return _MemoryLengths(perdoc, count)

    writer.per_document_reader = per_document_reader


def _top(searcher, q: wq.Query, limit: int, sort: str) -> tuple[list[tuple[int, float]], int]:
    """The top `limit` (docnum, score) pairs and the exact number of matches.

    Relevance: the bulk evaluator (_tree_scores) scores every match from whole posting lists, with
    Whoosh's scores and Whoosh's order (score, then docnum); queries it cannot evaluate go through
    a Whoosh collector with block skipping and matcher replacement off, which also counts exactly
    (replacement alone, on by default even with optimize=False, drops OR branches and undercounts)."""
    if sort in ("date", "oldest"):  # "date": newest first
        collector = _DeadlineCollector(searcher.collector(limit=limit, sortedby="date", reverse=sort == "date"))
        searcher.search_with_collector(q, collector)
        results = collector.results()
        return [(hit.docnum, 0.0) for hit in results], len(results)  # hit.score is the date here, not a score
    scored = _bulk_search(searcher, q)
    if scored is not None:
        top = heapq.nsmallest(limit, scored.items(), key=lambda item: (-item[1], item[0]))
        return top, len(scored)
    collector = _DeadlineCollector(collectors.TopCollector(limit=limit, usequality=False, replace=0))
    searcher.search_with_collector(q, collector)
    results = collector.results()
    return [(hit.docnum, hit.score or 0.0) for hit in results], collector.count()


class _DeadlineCollector(collectors.WrappingCollector):
    """Whoosh's collector loop with the search's time budget checked every 256 documents
    (Whoosh's TimeLimitCollector needs SIGALRM, which only the main thread gets)."""

    def collect_matches(self):
        for n, sub_docnum in enumerate(self.matches()):
            if n % 256 == 0:
                _check_time()
            self.collect(sub_docnum)


def _bulk_search(searcher, q: wq.Query) -> dict[int, float] | None:
    """Every matching document's score (global docnums), or None when the matchers have a layout this
    code does not expect (then the caller uses Whoosh's collector)."""
    out: dict[int, float] = {}
    context = searcher.context()  # what the collector would use, so Whoosh builds the same matcher tree
    try:
        for sub, offset in searcher.leaf_searchers():
            scores = _tree_scores(q.matcher(sub, context))
            out.update((offset + doc, score) for doc, score in scores.items())
    except _OutOfTime:
        raise
    except Exception:  # an internal layout this code does not expect: Whoosh's own path is always right
        log.debug("bulk evaluation failed for %r", q, exc_info=True)
        return None
    return out


def _tree_scores(m) -> dict[int, float]:
    """{docnum: score} of a Whoosh matcher tree, computed from whole posting lists.

    Whoosh builds the tree (its order, boosts and deleted-document filters); this walks it once:
    a term's leaf is read block by block and scored with BM25F written out; an intersection keeps
    the documents of both sides and adds a.score() + b.score(), a union adds the scores present, an
    and-not drops the right side's documents, a boost multiplies. The same arithmetic in the same
    order as Whoosh's per-document matchers, so the same floats. Other matchers are walked."""
    _check_time()
    kind = type(m)
    if kind is matching.IntersectionMatcher:
        a, b = _tree_scores(m.a), _tree_scores(m.b)
        return {doc: score + b[doc] for doc, score in a.items() if doc in b}
    if kind is matching.UnionMatcher:
        a, b = _tree_scores(m.a), _tree_scores(m.b)
        out = {doc: (score + b[doc]) if doc in b else score for doc, score in a.items()}
        out.update((doc, score) for doc, score in b.items() if doc not in a)
        return out
    if kind is matching.AndNotMatcher:
        drop = _tree_scores(m.b)
        return {doc: score for doc, score in _tree_scores(m.a).items() if doc not in drop}
    if kind is matching.WrappingMatcher:
        boost = m.boost
        return {doc: score * boost for doc, score in _tree_scores(m.child).items()}
    if isinstance(m, _ScoredList):
        return dict(zip(m._ids[m._i:], m._weights[m._i:]))
    if _bulk_readable(m):
        weights, scorer, _fmt = _bulk_postings(m, values=False)
        return dict(zip(weights, _term_scores(scorer, weights, weights.values())))
    return _walk_scores(m)


def _term_scores(scorer, docs: Iterable[int], weights: Iterable[float]) -> list[float]:
    """One term's scores for `docs` with their term frequencies `weights`, as scorer.score would give.

    With the in-memory lengths, Whoosh's bm25() is written out: the same operations in the same
    order, so the same floats, without two Python calls per document."""
    if type(scorer) is scoring.BM25FScorer and isinstance(getattr(scorer.dfl, "__self__", None), array):
        idf, avgfl, b, k1, lengths = scorer.idf, scorer.avgfl, scorer.B, scorer.K1, scorer.dfl.__self__
        return [idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[doc] / avgfl)))
                for doc, tf in zip(docs, weights)]
    return [scorer._score(tf, scorer.dfl(doc)) for doc, tf in zip(docs, weights)]


def _walk_scores(m) -> dict[int, float]:
    """{docnum: score} by walking a Whoosh matcher document by document (the general, slower way)."""
    out: dict[int, float] = {}
    while m.is_active():
        if len(out) % 256 == 0:
            _check_time()
        out[m.id()] = m.score()
        m.next()
    return out


def _day(date: str, fill: str = "00") -> int | None:
    """'2025-03-11' -> 20250311; a partial date is padded with `fill` ('2025-03' -> 20250300); None if no year."""
    digits = re.sub(r"\D", "", date or "")[:8]
    if len(digits) < 4:
        return None
    while len(digits) < 8:
        digits += fill
    return int(digits)


def _day_range(date_from: str, date_to: str) -> wq.Query:
    """Articles dated within [date_from, date_to] (either may be empty): a numeric range, a few terms."""
    start, end = _day(date_from), _day(date_to, "99")
    if (date_from and start is None) or (date_to and end is None):
        raise QueryError(f"Cannot read the date range {date_from or '…'} to {date_to or '…'}; use YYYY-MM-DD.")
    return wq.NumericRange("day", start if start is not None else 0, end if end is not None else 99999999)


def _date_ranges_as_days(q: wq.Query) -> wq.Query:
    """`date:[a TO b]` typed by the user becomes a numeric range on the day field."""
    if isinstance(q, wq.TermRange) and q.fieldname == "date":
        return _day_range(q.start or "", q.end or "")
    if q.is_leaf():
        return q
    return q.apply(_date_ranges_as_days)


def _fast_phrases(q: wq.Query) -> wq.Query:
    """Exact phrases ("prime minister") are matched by _AdjacentPhrase; other phrases stay Whoosh's."""
    if type(q) is wq.Phrase and q.slop == 1:
        return _AdjacentPhrase(q.fieldname, q.words, slop=1, boost=q.boost, char_ranges=q.char_ranges)
    if q.is_leaf():
        return q
    return q.apply(_fast_phrases)


class _AdjacentPhrase(wq.Phrase):
    """A phrase whose words must be adjacent, checked on plain position lists.

    Whoosh matches every phrase through its general span machinery (a Span object per position,
    sorted and bisected), which is most of a common phrase's search time. For adjacent words the
    test is simply: some position p of the first word has p+1 for the second, p+2 for the third...
    The documents, spans and scores are exactly those of Whoosh's SpanNear2 with slop=1."""

    def term_matchers(self, searcher, context=None) -> list | None:
        """One Whoosh matcher per word; [] when a word is absent (no match); None when the field has
        no positions (then only Whoosh's own Phrase can answer)."""
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or not field.format or not field.format.supports("positions"):
            return None
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return []
            if (self.fieldname, word) not in reader:
                return []
            terms.append(wq.Term(self.fieldname, word))
        return [t.matcher(searcher, context) for t in terms]

    def matcher(self, searcher, context=None):
        ms = self.term_matchers(searcher, context)
        if ms is None or not all(_bulk_readable(x) for x in ms):
            return super().matcher(searcher, context)  # Whoosh's own phrase matching: slower, same answer
        if not ms:
            return matching.NullMatcher()
        m = _scored_list(_bulk_phrase_scores(ms))
        return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


def _leaf_of(m):
    """(whoosh3 leaf matcher, deleted doc numbers to skip) of a term matcher, or (None, None)."""
    excluded = frozenset()
    if isinstance(m, FilterMatcher):
        if not m._exclude:
            return None, None
        excluded, m = m._ids, m.child
    if not all(hasattr(m, a) for a in ("_read_ids", "_read_weights", "_read_values", "_next_block", "scorer")):
        return None, None
    scorer = m.scorer
    if scorer is None or not hasattr(scorer, "_score") or not hasattr(scorer, "dfl"):
        return None, None
    return m, excluded


def _bulk_readable(m) -> bool:
    return _leaf_of(m)[0] is not None


def _bulk_postings(m, values: bool = True) -> tuple[dict, object, object]:
    """A term's whole posting list as {doc: (weight, encoded positions)} (or {doc: weight} when
    `values` is False: the positions are then never decompressed), its scorer and its format."""
    leaf, excluded = _leaf_of(m)
    postings: dict = {}
    while leaf.is_active():
        _check_time()
        if leaf._ids is None:
            leaf._read_ids()
        if leaf._weights is None:
            leaf._read_weights()
        start = leaf._i
        if values:
            if leaf._values is None:
                leaf._read_values()
            postings.update(zip(leaf._ids[start:], zip(leaf._weights[start:], leaf._values[start:])))
        else:
            postings.update(zip(leaf._ids[start:], leaf._weights[start:]))
        leaf._i = leaf._blocklength
        leaf._next_block()
    for doc in excluded:
        postings.pop(doc, None)
    return postings, leaf.scorer, leaf.format


def _bulk_phrase_scores(ms) -> dict[int, float]:
    """{doc: score} of the documents where the terms of `ms` stand side by side, found in one pass over
    whole posting lists (a dict lookup and position decodes per candidate) instead of Whoosh's
    per-document matcher tree; each score is the sum of the term scores in Whoosh's order."""
    lists = [_bulk_postings(m) for m in ms]
    decode = _positions_decoder(lists[0][2])
    rarest = min(range(len(lists)), key=lambda k: len(lists[k][0]))
    postings = [p for p, _s, _f in lists]
    docs: list[int] = []
    for n, doc in enumerate(lists[rarest][0]):
        if n % 256 == 0:
            _check_time()
        rows = [p.get(doc) for p in postings]
        if any(row is None for row in rows):
            continue
        starts = decode(rows[0][1])
        for k in range(1, len(rows)):
            following = set(decode(rows[k][1]))
            starts = [p for p in starts if p + k in following]
            if not starts:
                break
        if starts:
            docs.append(doc)
    columns = [_term_scores(scorer, docs, [p[d][0] for d in docs]) for p, scorer, _f in lists]
    return dict(zip(docs, _tree_sum_columns(columns)))


def _tree_sum_columns(columns: list[list[float]]) -> list[float]:
    """Row sums of score columns, added in the order of Whoosh's binary tree of intersections."""
    if len(columns) == 1:
        return columns[0]
    half = len(columns) // 2
    left, right = _tree_sum_columns(columns[:half]), _tree_sum_columns(columns[half:])
    return [a + b for a, b in zip(left, right)]


class _ScoredList(matching.ListMatcher):
    """A ListMatcher whose score is the precomputed one stored as its weight."""

    def score(self):
        return self._weights[self._i]


def _scored_list(scores: dict[int, float]):
    """A Whoosh matcher over precomputed {doc: score}, in document order."""
    if not scores:
        return matching.NullMatcher()
    ids = sorted(scores)
    return _ScoredList(ids, weights=[scores[d] for d in ids])


def _positions_decoder(fmt):
    """Whoosh's positions decoder for `fmt`; for the plain Positions format, the same decoding with the
    running sum done by itertools.accumulate (C) instead of a Python loop."""
    if type(fmt) is not Positions:
        return fmt.decoder("positions")

    def decode(value: bytes) -> list[int]:
        if not value.endswith(b"."):
            value += b"."
        return list(accumulate(loads(value[4:])))  # 4: the frequency, an unsigned int, comes first

    return decode


def _searchable(doc: IndexDoc) -> str:
    """The text plain words are matched against: title and body in one field, one matcher per word."""
    return doc.title + "\n\n" + doc.body


def wipe_index_folder(path: Path) -> None:
    """Remove every index file (the folder itself stays), e.g. before a rebuild of a damaged index."""
    path.mkdir(parents=True, exist_ok=True)
    for child in path.iterdir():
        if child.is_file() or child.is_symlink():
            child.unlink()


def recorded_documents(path: Path) -> list[dict]:
    """The stored fields (id, title, path, author, source, date...) of every article the index at `path`
    records, without creating anything; [] when there is no index. IndexCorruptError if it cannot be read."""
    storage = FileStorage(str(path), supports_mmap=False)
    if not Path(path).is_dir() or not whoosh_index.exists(storage, indexname=INDEX_NAME):
        return []
    try:
        ix = storage.open_index(indexname=INDEX_NAME)
        try:
            with ix.reader() as reader:
                return [dict(fields) for fields in reader.all_stored_fields()]
        finally:
            ix.close()
    except Exception as exc:  # Whoosh raises many types on damaged files
        raise IndexCorruptError(f"The search index in {path} cannot be read ({type(exc).__name__}: {exc}).") from exc


def _any_of_actors(ids: Iterable[str]) -> wq.Query:
    terms = [wq.Term("actors", i) for i in sorted(ids)]
    if not terms:
        return wq.NullQuery
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def _check_syntax(text: str) -> None:
    """Catch mistakes Whoosh would silently swallow (or choke on), and say how to fix them."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"The query {_shown(text)} is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
            "Search for a few distinctive words or a short phrase instead."
        )
    if text.count('"') % 2:
        raise QueryError(f"The query {_shown(text)} has an unclosed quote (\"). Close the phrase or remove the quote.")
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            break
    if depth != 0:
        raise QueryError(f"The query {_shown(text)} has unbalanced brackets. Check each ( has its ).")
    for match in _field_prefixes(text):
        name = match.group(1).lower()
        if name not in _KNOWN_FIELDS:
            raise QueryError(
                f"The query {_shown(text)} names an unknown field '{match.group(1)}:'. "
                f"Use one of: {', '.join(f + ':' for f in USER_FIELDS)}."
            )
    stripped = text.strip()
    if stripped in {"*", "?"} or re.fullmatch(r"[*?\s]+", stripped or "x"):
        raise QueryError(f"The query {_shown(text)} would match everything. Add a word before the wildcard.")
    _check_wildcards(text)


_KNOWN_FIELDS = frozenset(USER_FIELDS) | frozenset(FIELD_ALIASES) | {"body", "actors", "content_hash"}


def _field_prefixes(text: str) -> Iterable[re.Match]:
    """The `name:` prefixes of a query, outside "phrases" (where a colon is just text)."""
    for m in _FIELD_PREFIX.finditer(text):
        if text.count('"', 0, m.start()) % 2 == 0:
            yield m


def _lowercase_fields(text: str) -> str:
    """`ACTOR:Lavrov`, `Title:grain` -> `actor:Lavrov`, `title:grain`: field names are case-insensitive."""
    out, last = [], 0
    for m in _field_prefixes(text):
        out.append(text[last:m.start(1)] + m.group(1).lower())
        last = m.end(1)
    return "".join(out) + text[last:]


def _check_wildcards(text: str) -> None:
    """Reject patterns whose matching is slow on every word of the index ('*a*b*c*d*e*')."""
    outside_phrases = " ".join(text.split('"')[::2])  # in a "phrase" a * is not a wildcard
    for word in outside_phrases.split():
        if word.count("*") > MAX_WILDCARDS:
            raise QueryError(
                f"The pattern {_shown(word)} has {word.count('*')} wildcards (*); use at most {MAX_WILDCARDS} "
                "in one word, with letters before the first."
            )


def _check_expansions(q: wq.Query, reader) -> None:
    """Raise QueryError when a wildcard, prefix or range stands for more than MAX_EXPANSION words, or the
    query's patterns together for more than four times that (Whoosh makes one matcher per word)."""
    leaves = [q] if q.is_leaf() else list(q.leaves())
    total, total_cap = 0, 4 * MAX_EXPANSION
    for leaf in leaves:
        if not isinstance(leaf, wq.MultiTerm):
            continue
        count = _expansion_count(leaf, reader, MAX_EXPANSION)
        if count > MAX_EXPANSION:
            raise QueryError(
                f"The pattern {_shown(_pattern_label(leaf))} matches more than {MAX_EXPANSION:,} words; "
                "narrow it (more letters before the *, or a shorter range)."
            )
        total += count
        if total > total_cap:
            raise QueryError(
                f"The patterns of the query together match more than {total_cap:,} words; "
                "use fewer wildcards or ranges, or more letters before each *."
            )


def _expansion_count(leaf: wq.MultiTerm, reader, cap: int) -> int:
    """How many index terms `leaf` expands to, counting no further than cap + 1."""
    n = 0
    try:
        for n, _btext in enumerate(leaf._btexts(reader), 1):
            if n % 256 == 0:
                _check_time()
            if n > cap:
                break
    except (QueryError, _OutOfTime):
        raise
    except Exception:  # a pattern Whoosh cannot expand here: its own matcher decides
        log.debug("cannot count the expansion of %r", leaf, exc_info=True)
    return n


def _pattern_label(leaf: wq.Query) -> str:
    """A multi-term query as the user wrote it, roughly: 'peac*', '[a TO zzz]'."""
    if isinstance(leaf, wq.TermRange):
        return f"[{leaf.start or ''} TO {leaf.end or ''}]"
    if isinstance(leaf, wq.Prefix):
        return f"{leaf.text}*"
    return str(getattr(leaf, "text", leaf))


class _OutOfTime(Exception):
    """The search's time budget ran out (turned into a QueryError for the user by the caller)."""


_clock = threading.local()  # each thread's search deadline (time.monotonic), or None


class _deadline:
    """`with _deadline(seconds):` gives the searches of this thread a time budget."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        self._outer = getattr(_clock, "deadline", None)
        _clock.deadline = time.monotonic() + max(0.0, self.seconds)
        return self

    def __exit__(self, *exc):
        _clock.deadline = self._outer


def _check_time() -> None:
    """Raise _OutOfTime when this thread's search deadline has passed (cheap: one clock read)."""
    deadline = getattr(_clock, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise _OutOfTime


def _too_slow(text: str, seconds: float) -> str:
    return (f"The search for {_shown(text or 'the filters')} took longer than {seconds:g} seconds and was stopped. "
            "Narrow it: add a more specific word, use fewer wildcards, or filter by actor, date or source.")


def _shown(text: str, limit: int = 60) -> str:
    """A query quoted for a message, shortened: a pasted page never fills the screen."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _positive_leaves(q: wq.Query) -> Iterable[wq.Query]:
    """Leaf queries that contribute matches (not those under NOT)."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_leaves(q.a)
        return
    if isinstance(q, (wq.Phrase, _ActorMatch)):
        yield q
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


def _highlights(q: wq.Query, reader) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """(terms, phrases) to highlight: analysed title/body terms the query matches on, wildcards and ranges
    expanded against the index; exact phrases and multi-word actor names as word tuples, highlighted
    only where all their words stand together."""
    terms: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for leaf in _positive_leaves(q):
        if isinstance(leaf, _ActorMatch):
            _add_names(leaf.names, terms, phrases)
        elif isinstance(leaf, wq.Phrase) and leaf.slop == 1 and leaf.fieldname in ("body", "title"):
            _add_names([tuple(leaf.words)], terms, phrases)
        else:
            terms |= _leaf_terms(leaf, reader)
    return frozenset(terms), frozenset(phrases)


def _add_names(names: Iterable[tuple[str, ...]], terms: set[str], phrases: set[tuple[str, ...]]) -> None:
    for words in names:
        if len(words) == 1:
            terms.add(words[0])
        elif words:
            phrases.add(tuple(words))


def _leaf_terms(leaf: wq.Query, reader) -> set[str]:
    """A leaf's analysed title/body terms; a wildcard's or range's expanded against the index."""
    out: set[str] = set()
    try:
        if isinstance(leaf, (wq.Term, wq.Phrase)):
            terms = leaf.iter_all_terms(phrases=True)
        else:
            terms = leaf.existing_terms(reader, phrases=True, expand=True)
        for fieldname, text in terms:
            if fieldname in ("body", "title"):
                out.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    except Exception:  # a leaf type that cannot list its terms
        log.debug("cannot list terms of %r", leaf)
    return out


class _ActorMatch(wq.Or):
    """`actor:NAME`: any of the actor ids NAME resolves to, carrying the actor's names (analysed word
    tuples) so that hits can be highlighted where the text names the actor."""

    def __init__(self, subqueries, boost=1.0, names: tuple[tuple[str, ...], ...] = ()):
        super().__init__(subqueries, boost=boost)
        self.names = names

    def apply(self, fn):
        return _ActorMatch([fn(q) for q in self.subqueries], boost=self.boost, names=self.names)


def _analysed_names(names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Each name as the index's analysed words (stop words dropped), without empties or repeats."""
    out = (tuple(t.text for t in TEXT_ANALYZER(name)) for name in names)
    return tuple(dict.fromkeys(words for words in out if words))


def _with_other_names(q: wq.Query, text: str, expand: NameExpander) -> wq.Query:
    """Each title/body word or exact phrase of the query `text` that names an actor also matches the
    actor's other names: Or(the words, other name, ...). Names that hold one of the single words
    already searched add nothing and are left out ("Volodymyr Zelenskyy" when "Zelenskyy" is there)."""
    if getattr(q, "fieldname", None) in ("body", "title"):
        if type(q) is wq.Term and getattr(q, "startchar", None) is not None:
            return _or_other_names(q, (q.text,), expand(text[q.startchar:q.endchar]))
        if type(q) is wq.Phrase and q.slop == 1 and q.char_ranges:
            return _or_other_names(q, tuple(q.words), expand(text[q.char_ranges[0][0]:q.char_ranges[-1][1]]))
    if q.is_leaf():
        return q
    return q.apply(lambda child: _with_other_names(child, text, expand))


def _or_other_names(q: wq.Query, words: tuple[str, ...], other_names: Sequence[str]) -> wq.Query:
    names = [n for n in _analysed_names(other_names[:MAX_OTHER_NAMES]) if n != words]
    singles = {n[0] for n in names if len(n) == 1} | ({words[0]} if len(words) == 1 else set())
    alternatives = [
        wq.Term(q.fieldname, n[0]) if len(n) == 1 else wq.Phrase(q.fieldname, list(n))
        for n in names if len(n) == 1 or not singles.intersection(n)
    ]
    return wq.Or([q, *alternatives]) if alternatives else q


_TOKEN_RE = re.compile(_TOKEN_PATTERN, re.UNICODE)


@lru_cache(maxsize=100_000)
def _analysed(word: str) -> str:
    """One surface token as the index stores it ("" for a stop word). Analysis is per token, so this is exact."""
    tokens = [t.text for t in TEXT_ANALYZER(word)]
    return tokens[0] if len(tokens) == 1 else ""


def term_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` whose analysed form is in `terms`.

    Equivalent to running the index analyzer over `text` and keeping matching tokens, but fast:
    a C-level regex finds only tokens that start like one of the terms (a stem keeps its word's
    first letters), plus tokens with non-ASCII letters (accent folding); each distinct surface
    word is analysed once (cached)."""
    if not terms or not text:
        return []
    spans = [m.span() for m in _candidates(terms).finditer(text) if _analysed(m.group()) in terms]
    if not text.isascii():
        extra = [(a, b) for a, b in _non_ascii_tokens(text) if _analysed(text[a:b]) in terms]
        if extra:
            spans = sorted(set(spans) | set(extra))
    return spans


def highlight_spans(
    text: str, terms: frozenset[str], phrases: Iterable[tuple[str, ...]] = (),
) -> list[tuple[int, int]]:
    """Sorted spans of `text` to highlight: tokens in `terms`, and each exact phrase where all its
    words stand together (stop words and punctuation between them, as the index's positions allow).
    Overlapping spans are joined, so a name inside a matched phrase is one highlight."""
    spans = term_spans(text, terms)
    if not phrases:
        return spans  # tokens: sorted, never overlapping
    spans += [span for words in phrases for span in phrase_spans(text, words)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def phrase_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of `text` where the analysed `words` occur in order, with only stop words between them."""
    tokens = _matching_tokens(text, frozenset(words))
    n, out = len(words), []
    for i in range(len(tokens) - n + 1):
        start, end, form = tokens[i]
        if form != words[0]:
            continue
        for k in range(1, n):
            a, b, form = tokens[i + k]
            if form != words[k] or not _only_stop_words(text, end, a):
                break
            end = b
        else:
            out.append((start, end))
    return out


def _matching_tokens(text: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, analysed form) of the tokens of `text` whose analysed form is in `terms` (see term_spans)."""
    out = []
    for m in _candidates(terms).finditer(text):
        form = _analysed(m.group())
        if form in terms:
            out.append((m.start(), m.end(), form))
    if not text.isascii():
        extra = [(a, b, _analysed(text[a:b])) for a, b in _non_ascii_tokens(text)]
        extra = [tok for tok in extra if tok[2] in terms]
        if extra:
            out = sorted(set(out) | set(extra))
    return out


def _only_stop_words(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds no token the index keeps (only stop words and punctuation)."""
    gap = text[start:end]
    return gap.isspace() or all(_analysed(m.group()) == "" for m in _TOKEN_RE.finditer(gap))


_TOKEN_START = r"(?<!\w)(?<!\w[.'’])"
_NON_ASCII_LETTER = re.compile(r"[^\W\x00-\x7f]")


def _non_ascii_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the tokens holding a letter outside ASCII (`Élysée`, `l'Élysée`), which the
    prefix regex cannot find because accent folding changes their first letters.

    Most English text has none (a `£` or a curly quote is not a letter), so this is one C-level
    search; otherwise each such letter's whitespace-delimited chunk is tokenised as the index does."""
    out: list[tuple[int, int]] = []
    done = 0
    for m in _NON_ASCII_LETTER.finditer(text):
        if m.start() < done:
            continue
        start, end = m.start(), m.end()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        for tok in _TOKEN_RE.finditer(text, start, end):
            if not tok.group().isascii():
                out.append(tok.span())
        done = end
    return out


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern:
    prefixes = sorted({re.escape(t[: max(1, min(3, len(t) - 1))]) for t in terms}, key=len, reverse=True)
    return re.compile(_TOKEN_START + "(?:" + "|".join(prefixes) + ")" + r"[\w]*(?:[.'’]\w+)*", re.IGNORECASE)
