"""The local search engine: a Whoosh index folder. The only module (with _whoosh_speed) that runs Whoosh.

Callers get plain data back: ids, stored fields, scores and analysed terms (see engine.py).

Facts this builds on (see ../shared/WHOOSH-NOTES.md):
- the index is opened without mmap, so memory stays flat at 100k articles;
- one long-lived searcher per thread, reopened after writes;
- bodies are not stored in Whoosh: the article store holds the text;
- the body field also holds the title, so a plain word needs one matcher, not two;
- hit spans are found by analysis.term_spans, not Whoosh's re-tokenising highlighter, so no
  `chars=True` postings (smaller index, faster import).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ._whoosh_speed import (  # first: imports Whoosh lightly
    PAIR_FIELD, _WEIGHTING, _cache_term_lookups, _fast_phrases, _flush_with_memory_lengths, _positions_decoder,
    _stored_fields, _top,
)
from ._whoosh_speed import SPEED  # noqa: F401 - which path each step took (fast or stock), for tests and `bench`

from whoosh import fields, formats, index as whoosh_index, query as wq  # noqa: E402
from whoosh.system import pack_uint  # noqa: E402
from whoosh.analysis import Analyzer, Token  # noqa: E402
from whoosh.filedb.filestore import FileStorage  # noqa: E402
from whoosh.index import LockError  # noqa: E402 - whoosh.writing, where Whoosh raises it, loads with a writer
from whoosh.system import pack_uint as _pack_uint  # noqa: E402
from pickle import dumps as _dumps, loads as _loads  # noqa: E402

from ..errors import IndexCorruptError, LibraryLockedError, QueryError  # noqa: E402
from .analysis import (  # noqa: F401 - the spans are also this module's names
    ANALYZER_VERSION, LEGACY_ANALYZER_VERSION, analyse, highlight_spans, phrase_spans, term_positions,
    term_spans,
)
from .engine import (  # noqa: F401 - the plain types and limits, also importable from here
    FIELD_ALIASES, MAX_EXPANSION, MAX_OTHER_NAMES, MAX_QUERY_CHARS, MAX_WILDCARDS, REBUILD_HINT, SEARCH_SECONDS,
    USER_FIELDS,
    CommittingWriter, IndexDoc, NameExpander, RawHit, RawResults, _check_syntax, _check_time, _deadline,
    Actor, And, DateRange, Node, Not, Or, Pattern, Phrase, Range, Term, _OutOfTime, _shown, _too_slow, parse_query,
    prefix_terms, split_language,
)

log = logging.getLogger(__name__)

INDEX_NAME = "articles"


class BriefingAnalyzer(Analyzer):
    """Our analysis (analysis.analyse) as a Whoosh analyzer: Whoosh indexes and parses with exactly the
    tokens our highlights use. Pickled with the index's schema."""

    def __init__(self, names: bool = False):
        self.names = names  # names and outlets: folded, neither stemmed nor stopped
        self.version = ANALYZER_VERSION  # pickled with the schema: an older index keeps its analysis

    @property
    def _version(self) -> str:
        """The analysis this analyzer does: its index's (an analyzer pickled before versions were kept: 2)."""
        return getattr(self, "version", "2")

    def has_morph(self) -> bool:
        return not self.names

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for token in analyse(value, stem=not self.names, stop=not self.names, keep_stops=not removestops,
                             tokenize=tokenize, version=self._version):
            t.text, t.boost, t.stopped = token.text, 1.0, token.stopped
            if keeporiginal:
                t.original = value[token.start:token.end]
            if positions:
                t.pos = start_pos + token.pos
            if chars:
                t.startchar, t.endchar = start_char + token.start, start_char + token.end
            yield t


TEXT_ANALYZER = BriefingAnalyzer()


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
        title=_versioned(PreAnalysableText(analyzer=TEXT_ANALYZER, stored=True)),
        body=_versioned(PreAnalysableText(analyzer=TEXT_ANALYZER)),
        date=fields.ID(stored=True, sortable=True),
        day=fields.NUMERIC(int, bits=32),  # the date as YYYYMMDD, for fast ranges (unsigned trie ranges misbehave)
        author=fields.TEXT(analyzer=BriefingAnalyzer(names=True), stored=True),
        source=fields.TEXT(analyzer=BriefingAnalyzer(names=True), stored=True),
        path=fields.ID(stored=True),
        content_hash=fields.ID(stored=True),
        actors=fields.KEYWORD(stored=True, lowercase=False, commas=False, scorable=True),
        pairs=PairField(),
    )


# The most frequent words of news text (function words, reporting verbs, time and number words), in English,
# Russian and Ukrainian. A phrase made only of such words ("he said", "last year") has as many candidates
# as articles and must check the positions of every one; a phrase with any rarer word has few candidates.
# So only the pairs of two of these words are indexed: a small addition to the index (a pair field of every
# adjacent pair made it six times larger). Pickled with the field, so an index keeps the list it was built with.
COMMON_WORDS = tuple("""
    about after again against ago all also an another any are around as at back be because been before being
    between both but by can come could day days did do does done down during each even ever every few first
    five for four from get go going good had has have he her here him his how i if in into is it its just know
    last least less like long made make many may me more most much must my new next no not now of off old on
    once one only or other our out over own part people per said same say says see she should since so some
    still such take than that the their them then there these they third this those three through time times
    to told too two under up us very was way we week weeks well were what when where which while who whose why
    will with would year years yesterday you
    а в во вы год года году да для до его ее её же за и из или им их к как когда который которые ли мы на не
    него нет но о об он она они от по при с сказал сказала так также то только у уже что это я
    але від вже він вона вони до з за і й на не по про рік року сказав та також те що як
    """.split())


class PairField(fields.FieldType):
    """Every two adjacent body terms that are both common words (COMMON_WORDS) as one term ("he said"), with
    its frequency and no positions: such a phrase of two words is one posting list, a longer one the AND of
    its pairs checked on the few documents left, so a phrase of common words no longer unpickles every
    candidate's positions. Filled from the body postings (pair_postings); never scored."""

    def __init__(self, words: Iterable[str] = COMMON_WORDS):
        super().__init__(formats.Frequency(), analyzer=Analyzer(), scorable=False, stored=False)
        self.words = tuple(words)

    def index(self, value, **kwargs):
        if not isinstance(value, Analysed):
            raise TypeError("the pairs field takes the body's pair postings (pair_postings)")
        return iter(value.items)


def pair_postings(body_items: Iterable[tuple], paired: frozenset[bytes]) -> Analysed:
    """The pairs field's postings of a document from its body postings (term, frequency, weight, positions):
    each two terms of `paired` (pair_terms) at consecutive positions, with how often they stand so."""
    items = [item for item in body_items if item[0] in paired]
    at: dict[int, bytes] = {}
    decode = _positions_decoder(formats.Positions())
    for (term, *_rest), positions in zip(items, decode([item[3] for item in items])):
        at.update(dict.fromkeys(positions, term))
    return _pairs_at(at)


def positions_pairs(positions: dict[str, list[int]], paired: frozenset[bytes]) -> Analysed:
    """pair_postings from a body's term positions (term_positions), without encoding and decoding them."""
    at: dict[int, bytes] = {}
    for word, where in positions.items():
        term = word.encode("utf-8")
        if term in paired:
            at.update(dict.fromkeys(where, term))
    return _pairs_at(at)


def _pairs_at(at: dict[int, bytes]) -> Analysed:
    """The pairs postings of a document whose paired terms stand at these positions."""
    counts = Counter((term, at[p + 1]) for p, term in at.items() if p + 1 in at)
    return Analysed(tuple((a + b" " + b, n, float(n), pack_uint(n)) for (a, b), n in sorted(counts.items())))


def _with_pairs(values: dict, analysed: "AnalysedDoc | None", schema: fields.Schema) -> dict:
    """A document's field values with its pairs (and its body as postings, analysed once for both, by the
    index's own analyzer: `schema` is the writer's)."""
    body = values["body"]
    if not isinstance(body, Analysed):
        body = values["body"] = Analysed(tuple(schema["body"].index(body)))
    pairs, paired = getattr(analysed, "pairs", None), pair_terms(schema)
    if pairs is None or paired != pair_terms(_ANALYSIS_SCHEMA):  # made for another list of common words
        pairs = pair_postings(body.items, paired)
    values[PAIR_FIELD] = pairs
    return values


def pair_terms(schema: fields.Schema) -> frozenset[bytes]:
    """The body terms whose pairs an index with `schema` holds: its pair field's words, analysed by its body
    analyzer (empty without a pair field)."""
    if PAIR_FIELD not in schema:
        return frozenset()
    return _analysed_words(schema[PAIR_FIELD].words, schema["body"].analyzer._version)


@lru_cache(maxsize=8)
def _analysed_words(words: tuple[str, ...], version: str) -> frozenset[bytes]:
    return frozenset(t.text.encode("utf-8") for word in words for t in analyse(word, version=version))


def _versioned(field: fields.FieldType) -> fields.FieldType:
    """Record ANALYZER_VERSION on a text field: Whoosh pickles the schema with the index, so the version
    is written and replaced atomically with the index itself (an index made before has no record)."""
    field.analyzer_version = ANALYZER_VERSION
    return field


def analyzer_version_of(schema: fields.Schema) -> str:
    """The analyzer version an index's schema was built with (LEGACY_ANALYZER_VERSION when unrecorded)."""
    body = schema["body"] if "body" in schema else None
    return str(getattr(body, "analyzer_version", LEGACY_ANALYZER_VERSION))


class SearchIndex:
    """One Whoosh index folder. Thread-safe: each thread gets its own searcher."""

    def __init__(self, path: Path, actor_resolver: Callable[[str], set[str]] | None = None):
        self.path = Path(path)
        self.actor_resolver = actor_resolver or (lambda name: {name})
        self._local = threading.local()
        self._epoch = 0  # bumped by forget_searchers(): each thread then opens a new searcher
        self._ix = None
        self.path.mkdir(parents=True, exist_ok=True)
        self._open()

    # -- opening ---------------------------------------------------------------
    def _storage(self) -> FileStorage:
        return FileStorage(str(self.path), supports_mmap=False)

    def _open(self) -> None:
        storage = self._storage()
        try:
            try:  # not whoosh_index.exists(): it opens the index once more to tell
                self._ix = storage.open_index(indexname=INDEX_NAME)
            except whoosh_index.EmptyIndexError:
                self._ix = storage.create_index(make_schema(), indexname=INDEX_NAME)
                return
            self._check_schema()
            # Read something to surface damaged segment files now, not mid-search: with this thread's
            # searcher, which its first search then uses (a reader opened and closed here was a second open).
            self._searcher().doc_count()
        except IndexCorruptError:
            raise
        except Exception as exc:  # Whoosh raises many types on damaged files
            raise IndexCorruptError(
                f"The search index in {self.path} is damaged ({type(exc).__name__}: {exc}). "
                f"{REBUILD_HINT} to recreate it "
                "from the article store; no article is lost."
            ) from exc

    def _check_schema(self) -> None:
        names = set(self._ix.schema.names())
        if names | {PAIR_FIELD} != set(make_schema().names()):  # an index made before the pairs: outdated
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
        """The index's single writer. Raises LibraryLockedError if another process holds it. With procs=2 the
        writer works in a process of its own (whoosh_writer_process: a big import's), which then raises it
        from its first call after the lock was found held."""
        if procs > 1:
            from .whoosh_writer_process import ProcessIndexWriter

            return ProcessIndexWriter(self.path)
        try:
            w = self._ix.writer(timeout=timeout, limitmb=128, codec=_writer_codec())
        except LockError as exc:
            raise LibraryLockedError(
                f"The search index in {self.path} is being written by another process. "
                "Wait for the other import to finish and try again."
            ) from exc
        return IndexWriter(self, w)

    # -- reading -----------------------------------------------------------------
    def forget_searchers(self) -> None:
        """Make every thread open a new searcher at its next search: another process may have recreated the
        index (a rebuild), which a searcher's up_to_date() cannot see when the generation numbers match."""
        self._epoch += 1

    def _searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None and getattr(self._local, "epoch", 0) != self._epoch:
            searcher.close()
            searcher = None
        self._local.epoch = self._epoch
        if searcher is None:
            searcher = self._new_searcher()
        elif not searcher.up_to_date():
            # A new searcher, not searcher.refresh(): whoosh-reloaded 2.7.5's refresh keeps the readers of
            # segments a merge removed (every document then counts twice) and reuses a segment's reader
            # with the deletions it had before (a changed article matched its old words).
            searcher.close()
            searcher = self._new_searcher()
        self._local.searcher = searcher
        return searcher

    def _new_searcher(self):
        searcher = self._ix.searcher(weighting=_WEIGHTING)
        _cache_term_lookups(searcher)
        return searcher

    def doc_count(self) -> int:
        return self._searcher().doc_count()

    @property
    def analyzer_version(self) -> str:
        """The analyzer version of the index as it is now on disk (another process may have rebuilt it).

        Read from the index's table of contents, not through a searcher: refreshing this thread's searcher
        just before a writer deletes documents left those deletions unseen by later searches."""
        return analyzer_version_of(self._ix.schema)

    @property
    def outdated(self) -> bool:
        """True when the index was built by an older analyzer: searches use that analyzer (its schema's),
        so they work as before, until a rebuild upgrades it. Writing to it would mix two analyses."""
        return self.analyzer_version != ANALYZER_VERSION or not self.has_phrase_pairs

    @property
    def has_phrase_pairs(self) -> bool:
        """False for an index written before the pairs field: its phrases are matched on positions alone
        (slower, same answers) until a rebuild adds it."""
        return PAIR_FIELD in self._ix.schema

    # -- queries -----------------------------------------------------------------
    def parse(self, text: str, expand_names: NameExpander | None = None) -> wq.Query:
        """Parse the user's query syntax, or raise QueryError with a message that says what to fix.

        With `expand_names`, a word or exact phrase that names an actor also matches the actor's other
        names, and `actor:NAME` carries the names to highlight."""
        text = (text or "").strip()
        _check_syntax(text)
        text, language = split_language(text)  # the library filters by language (the store knows it)
        if language and not text:
            return wq.NullQuery
        try:
            q = compile_query(parse_query(text), self._searcher().schema)  # self._ix.schema reads the index file
        except QueryError:
            raise
        except Exception as exc:  # a word Whoosh's analysis or range reading chokes on
            log.debug("cannot compile %r", text, exc_info=True)
            raise QueryError(f"Cannot understand the query {_shown(text)}: {exc}. Check quotes and brackets.") from exc
        q = self._resolve_actor_terms(q, text, expand_names)
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

    def _resolve_actor_terms(self, q: wq.Query, text: str, expand_names: NameExpander | None = None) -> wq.Query:
        """Replace `actor:NAME` terms with the actor ids the name resolves to (and its names, to highlight)."""
        if isinstance(q, wq.Term) and q.fieldname == "actors":
            ids = self.actor_resolver(q.text)
            if not ids:
                raise QueryError(f"No actor called {q.text!r} in the library (in {_shown(text)}). "
                                 "Check the spelling in the Actors list, or search for the name as words.")
            names = list(expand_names(q.text, explicit=True)) if expand_names is not None else []
            return _ActorMatch([wq.Term("actors", i) for i in sorted(ids)], names=_analysed_names(names or [q.text]))
        if q.is_leaf():
            return q
        return q.apply(lambda child: self._resolve_actor_terms(child, text, expand_names))

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
            words = [t.text for t in analyse(source, stem=False, stop=False)]
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
            stored = _stored_fields(searcher, [docnum for docnum, _score in top])
            hits = [RawHit(id=fields_["id"], score=float(score), fields=dict(fields_))
                    for (_docnum, score), fields_ in zip(top, stored)]
            counts = self._facets(searcher, q, facet_key) if facets else Counter()
        except (QueryError, _OutOfTime):
            raise
        except wq.QueryError as exc:  # Whoosh refused the query itself: the query's fault, not the index's
            raise _refused(text, exc) from exc
        except Exception as exc:  # the query parsed, so the index files are at fault
            log.exception("search failed for a parsed query")
            raise IndexCorruptError(
                f"The search index in {self.path} could not be read ({type(exc).__name__}). "
                f"{REBUILD_HINT} to recreate it "
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
            except wq.QueryError as exc:
                raise _refused(query_text, exc) from exc

    def query_terms(self, query_text: str) -> frozenset[str]:
        """The analysed terms a query highlights anywhere (its exact phrases aside)."""
        return self.query_highlights(query_text)[0]

    def hit_spans(self, text: str, query_text: str, expand_names: NameExpander | None = None) -> list[tuple[int, int]]:
        """Spans in `text` that the query matches, analysed exactly as at index time; a phrase only whole."""
        return highlight_spans(text, *self.query_highlights(query_text, expand_names))


def _refused(text: str, exc: Exception) -> QueryError:
    """Whoosh's own refusal of a query, as a message for the user (never a damaged index)."""
    log.warning("Whoosh cannot run the query %r: %s", text, exc)
    return QueryError(f"Cannot run the query {_shown(text)} ({exc}). Simplify it: search for the words "
                      "without quotes, or for one field at a time.")


def compile_query(node: Node, schema: fields.Schema) -> wq.Query:
    """Our query tree as a Whoosh query. Words are analysed as Whoosh's own parser does (one word that
    analyses to several tokens ANDs them; a stop word drops out), so the index's analyzer decides."""
    leaves = _Leaves(schema)
    q = _compiled(node, leaves)
    return q.normalize() if q is not None else wq.NullQuery


def _compiled(node: Node, leaves: "_Leaves") -> wq.Query | None:
    if isinstance(node, (And, Or)):
        children = [c for c in (_compiled(child, leaves) for child in node.children) if c is not None]
        return (wq.And if isinstance(node, And) else wq.Or)(children) if children else None
    if isinstance(node, Not):
        child = _compiled(node.child, leaves)
        return wq.Not(child) if child is not None else None
    if isinstance(node, Actor):
        return _at(wq.Term("actors", node.name), node.start, node.end)
    if isinstance(node, DateRange):
        return wq.TermRange("date", node.low or None, node.high or None)  # _date_ranges_as_days reads it
    field = _schema_field(getattr(node, "field", ""))
    if isinstance(node, Term):
        return _at(_word_query(field, node, leaves), node.start, node.end)
    if isinstance(node, Pattern):
        prefix = node.text[:-1] if node.text.find("*") == len(node.text) - 1 and "?" not in node.text else ""
        if prefix and _is_stemmed(leaves.schema, field):
            version = leaves.schema[field].analyzer._version
            return _at(_prefix_query(field, prefix, node.text, version), node.start, node.end)
        text, kind = (prefix, wq.Prefix) if prefix else (node.text, wq.Wildcard)  # analysed whole, as Whoosh does
        q = _at(leaves.term_query(field, text, kind, tokenize=False, removestops=False), node.start, node.end)
        if isinstance(q, wq.MultiTerm):
            q.typed = node.text
        return q
    if isinstance(node, Phrase):
        if field in leaves.schema and not leaves.schema[field].format.supports("positions"):
            return _at(wq.Term(field, node.text), node.start, node.end)  # an id, path or date: one whole value
        return _phrase(field, node, leaves.schema)
    if isinstance(node, Range):
        low, high = (_single_text(leaves.schema, field, t) for t in (node.low, node.high))
        return wq.TermRange(field, low, high, node.exclusive, node.exclusive)
    return None


def _word_query(field: str, node: Term, leaves: "_Leaves") -> wq.Query | None:
    """One typed word. A word the tokenizer cuts in several (`30-day`, `US-Russia`, `de-escalation`) is the
    phrase of its parts, as they stand in the text; Whoosh's parser would AND them anywhere in the article."""
    if _is_stemmed(leaves.schema, field):
        parts = [(t.text, node.start + t.startchar, node.start + t.endchar)  # Whoosh reuses one Token
                 for t in leaves.schema[field].tokenize(node.text, mode="query", chars=True)]
        if len(parts) > 1:
            return wq.Phrase(field, [p[0] for p in parts], slop=1, char_ranges=[p[1:] for p in parts])
    return leaves.term_query(field, node.text, wq.Term)


class _Leaves:
    """The query for one typed word, exactly as Whoosh's QueryParser.term_query makes it, without importing
    whoosh.qparser (its plugins and taggers: 2 ms of every start): a field that parses its own queries (a
    number) does; otherwise the field's analysis gives the terms (several: joined as the field's
    multitoken_query says; none, a stop word: None)."""

    _JOINS = {"default": wq.And, "and": wq.And, "or": wq.Or}  # "default": the parser's AndGroup

    def __init__(self, schema: fields.Schema):
        self.schema = schema

    def term_query(self, fieldname: str, text: str, termclass, boost: float = 1.0, tokenize: bool = True,
                   removestops: bool = True) -> wq.Query | None:
        if fieldname not in self.schema:
            return termclass(fieldname, text, boost=boost)
        field = self.schema[fieldname]
        if field.self_parsing():
            try:
                return field.parse_query(fieldname, text, boost=boost)
            except Exception as exc:  # as Whoosh's parser: a query that matches nothing, carrying the error
                return wq.error_query(exc)
        texts = list(field.process_text(text, mode="query", tokenize=tokenize, removestops=removestops))
        if len(texts) > 1:
            return self._multitoken(field.multitoken_query.lower(), texts, fieldname, termclass, boost)
        return termclass(fieldname, texts[0], boost=boost) if texts else None

    def _multitoken(self, spec: str, texts: list[str], fieldname: str, termclass, boost: float) -> wq.Query:
        if spec == "first":
            return termclass(fieldname, texts[0], boost=boost)
        if spec == "phrase":
            return wq.Phrase(fieldname, texts, boost=boost)
        if spec not in self._JOINS:
            raise QueryError(f"The field {fieldname} joins words in an unknown way ({spec!r}). {REBUILD_HINT}.")
        return self._JOINS[spec]([termclass(fieldname, t, boost=boost) for t in texts])


def _is_stemmed(schema: fields.Schema, field: str) -> bool:
    """True for the title and body fields: analysed by our text analysis with stemming."""
    analyzer = schema[field].analyzer if field in schema else None
    return isinstance(analyzer, BriefingAnalyzer) and not analyzer.names


def _prefix_query(field: str, typed: str, label: str, version: str) -> wq.Query:
    """`typed*` on a stemmed field: the index terms that start with the letters typed, or that are the stem
    of those letters plus a common ending (engine.prefix_terms, shared with the team library's engine)."""
    found = prefix_terms(typed, version)
    if found is None:
        return wq.NullQuery
    letters, others = found
    prefix = wq.Prefix(field, letters)
    prefix.typed = label
    return wq.Or([prefix, *(wq.Term(field, t) for t in others)]) if others else prefix


def _schema_field(user_field: str) -> str:
    """The schema field a user's field name means; the default is body, which also holds the title."""
    return FIELD_ALIASES.get(user_field, user_field) or "body"


def _at(q: wq.Query | None, start: int, end: int) -> wq.Query | None:
    """`q` with the query characters it came from (name expansion reads them)."""
    if q is not None:
        q.startchar, q.endchar = start, end
    return q


def _phrase(field: str, node: Phrase, schema: fields.Schema) -> wq.Query:
    """A phrase as Whoosh's parser makes it: the words as analysed, each with its characters in the query."""
    words, ranges = [], []
    if field in schema and schema[field].analyzer:
        for token in schema[field].tokenize(node.text, mode="query", chars=True):
            words.append(token.text)
            ranges.append((node.start + token.startchar, node.start + token.endchar))
    else:
        words = node.text.split()
        ranges = [(None, None)] * len(words)
    return _at(wq.Phrase(field, words, slop=1, char_ranges=ranges), node.start, node.end)


def _single_text(schema: fields.Schema, field: str, text: str) -> str | None:
    """One end of a range as the field stores it (analysed without tokenizing), None when open."""
    if not text:
        return None
    if field not in schema:
        return text
    texts = list(schema[field].process_text(text, mode="query", tokenize=False, removestops=False))
    return texts[0] if texts else text


class IndexWriter(CommittingWriter):
    """A batch of index changes; commit() makes them visible at once, or nothing on a crash."""

    def __init__(self, index: SearchIndex, writer):
        self._index = index
        self._w = writer
        _flush_with_memory_lengths(writer)
        from ._whoosh_segment import use_term_pool  # a writer's module: searches never load it

        self._check_pool = use_term_pool(writer)

    def add(self, doc: IndexDoc, analysed: "AnalysedDoc | bytes | None" = None) -> None:
        """Add or replace a document (`analysed`: its postings, or them pickled by an import worker)."""
        analysed = _unpacked(analysed)
        _count_analysis(analysed)
        self._w.update_document(**self._values(doc, analysed))
        self._check_pool()

    def add_new(self, doc: IndexDoc, analysed: "AnalysedDoc | bytes | None" = None) -> None:
        """Add a document known not to be in the index yet (skips the delete-by-id lookup)."""
        analysed = _unpacked(analysed)
        _count_analysis(analysed)
        self._w.add_document(**self._values(doc, analysed))
        self._check_pool()

    def _values(self, doc: IndexDoc, analysed: "AnalysedDoc | None") -> dict:
        values = _fields(doc, analysed)
        schema = self._w.schema
        return _with_pairs(values, analysed, schema) if PAIR_FIELD in schema else values  # none in an old index

    def delete(self, article_id: str) -> None:
        self._w.delete_by_term("id", article_id)

    def commit(self, merge: bool = True) -> None:
        self._w.commit(merge=merge, mergetype=merge_small_segments)

    def cancel(self) -> None:
        self._w.cancel()



@dataclass(frozen=True)
class AnalysedDoc:
    """The title and body postings of one article, computed ahead of the writer (and its word pairs)."""

    title: Analysed
    body: Analysed
    pairs: Analysed | None = None
    path: str = "stock"  # how they were computed: "direct" (see _direct_postings) or "stock" (Whoosh's own)


_ANALYSIS_SCHEMA = make_schema()
SPEED.FAST.setdefault("analysis", {"direct"})  # the writer's count of how each AnalysedDoc was made


def analyse_for_index(title: str, body: str) -> AnalysedDoc:
    """Do the index's analysis work for one article; safe to run in a worker process (plain data out)."""
    doc = IndexDoc(id="", title=title, body=body)
    title_field, body_field = _ANALYSIS_SCHEMA["title"], _ANALYSIS_SCHEMA["body"]
    title_positions = _direct_positions(title_field, title)
    body_positions = _direct_positions(body_field, _searchable(doc))
    if title_positions is None or body_positions is None:
        body_items = tuple(body_field.index(_searchable(doc)))
        return AnalysedDoc(title=Analysed(tuple(title_field.index(title))), body=Analysed(body_items),
                           pairs=pair_postings(body_items, pair_terms(_ANALYSIS_SCHEMA)), path="stock")
    return AnalysedDoc(title=Analysed(_postings(title_positions, title_field.format.field_boost)),
                       body=Analysed(_postings(body_positions, body_field.format.field_boost)),
                       pairs=positions_pairs(body_positions, pair_terms(_ANALYSIS_SCHEMA)), path="direct")


def _direct_postings(field: fields.FieldType, value: str) -> tuple | None:
    """What field.index(value) gives (term bytes, frequency, weight, encoded positions, in first-seen order),
    straight from our analysis without Whoosh's per-token objects; None when the field's format or analyzer
    is not the one this mirrors (whoosh.formats.Positions, BriefingAnalyzer): then Whoosh's own path."""
    positions = _direct_positions(field, value)
    return None if positions is None else _postings(positions, field.format.field_boost)


def _direct_positions(field: fields.FieldType, value: str) -> dict[str, list[int]] | None:
    """Each term of the field's analysis of `value` with its positions (see _direct_postings), or None."""
    from whoosh.formats import Positions

    analyzer, fmt = field.analyzer, field.format
    if type(fmt) is not Positions or type(analyzer) is not BriefingAnalyzer or not isinstance(value, str):
        return None
    return term_positions(value, stem=not analyzer.names, stop=not analyzer.names, version=analyzer._version)


def _postings(positions: dict[str, list[int]], boost: float) -> tuple:
    return tuple((word.encode("utf-8"), len(poses), float(len(poses)) * boost,
                  _one_position(poses[0]) if len(poses) == 1 else _encode_positions(poses))
                 for word, poses in positions.items())


def _encode_positions(positions: list[int]) -> bytes:
    """whoosh.formats.Positions.encode: the count, then the pickled gaps between positions."""
    deltas = [positions[0]]
    deltas += [b - a for a, b in zip(positions, positions[1:])]
    return _pack_uint(len(deltas)) + _dumps(deltas, 2)


@lru_cache(maxsize=65_536)
def _one_position(position: int) -> bytes:
    """_encode_positions([position]): most of an article's terms stand once, at one of few positions."""
    return _encode_positions([position])


# zlib level of the posting blocks a writer compresses. Whoosh's default is 3; level 1 writes most blocks
# (each a small pickle, compressed on its own) faster and about as small (BBC index 13.2 -> 13.4 MB, commit
# 2.4 -> 2.2 s). Each block records its level, so any reader reads either.
POSTING_COMPRESSION = 1


def _writer_codec():
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(compression=POSTING_COMPRESSION)


def _unpacked(analysed: "AnalysedDoc | bytes | None") -> "AnalysedDoc | None":
    """An import worker's pickled AnalysedDoc (pipeline._packed), unpickled here in the writer."""
    return _loads(analysed) if isinstance(analysed, bytes) else analysed


def _count_analysis(analysed: AnalysedDoc | None) -> None:
    if analysed is not None:
        SPEED.add("analysis", analysed.path)


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
    if getattr(leaf, "typed", None):
        return leaf.typed
    if isinstance(leaf, wq.Prefix):
        return f"{leaf.text}*"
    return str(getattr(leaf, "text", leaf))


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

