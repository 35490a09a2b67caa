"""Private speed-ups on Whoosh internals, used only by whoosh_engine.

- a light import: Whoosh imported without the modules it loads but this app never calls (_light_import);
- BM25F with each segment's field lengths read once into memory (_MemoryLengthBM25F);
- the commit fast path: a segment writer's final flush reads field lengths from memory (_MemoryLengths);
- the bulk evaluator: whole posting lists scored at once, same floats as Whoosh (_top, _tree_scores), each
  list read from its file at once (_InMemoryBlocks), a long one's BM25 from a table of lengths, its blocks
  unpickled without their positions when only ids and weights are needed (_block_data);
- the adjacent-phrase matcher on plain position lists (_AdjacentPhrase), from the position deltas;
- each segment's term lookups remembered (_cache_term_lookups), the hits' stored fields read directly.
Each falls back to Whoosh's own path when a layout is not the one expected (see WHOOSH-NOTES.md), and
SPEED counts which path each step took, so a fallback is never silent.
"""

from __future__ import annotations

import heapq
import importlib
import logging
import sys
import types
import zlib
from array import array
from bisect import bisect_right
from contextlib import contextmanager
from functools import lru_cache, partial
from io import BytesIO
from itertools import accumulate, islice, repeat
from operator import add, itemgetter
from pickle import load as _load_pickle, loads
from typing import Iterable, Iterator

from ..path_counters import PathCounters


class SpeedCounters(PathCounters):
    """How often each step took its fast path or fell back to stock Whoosh, e.g. {"search.bulk": 12,
    "search.collector": 1}. One per process (SPEED); thread-safe. Read by tests and the benchmark."""

    FAST = {  # step -> its fast paths; any other path of a step is a fallback ("sorted" has one path only)
        "import": {"light"}, "search": {"bulk"}, "leaf": {"bulk", "inverse", "empty", "list", "array"},
        "bm25": {"inline", "table"}, "lengths": {"memory", "unscored"}, "phrase": {"adjacent", "pairs"},
        "positions": {"batch"}, "commit": {"memory"}, "sorted": {"collector"}, "block": {"accumulate"},
        "read": {"whole"}, "terms": {"cached"}, "fields": {"direct"}, "decode": {"weights", "bytes", "plain"},
        "and": {"narrowed", "whole"},  # "whole": an intersection of two compound sides (nothing to narrow)
        "adjacent": {"arrays", "sets"},  # "sets" below ARRAY_PHRASE_MIN candidates
        "pairs": {"blocks", "list"},  # a pair's documents (_posting_ids): "matcher" is Whoosh's id at a time
        "postings": {"memory"},  # the writer's term pool (_whoosh_segment): counted in a writer process too
    }


SPEED = SpeedCounters()

PAIR_FIELD = "pairs"  # the index field of adjacent body terms (whoosh_engine.PairField)


# -- the light import -----------------------------------------------------------------------------
class _CachedProperty:
    """What whoosh.reading takes from the `cached_property` package, for a plain method: computed once,
    then kept in the instance's __dict__ (the package itself imports asyncio: 9 ms at every start)."""

    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__

    def __get__(self, obj, cls):
        if obj is None:
            return self
        value = obj.__dict__[self.func.__name__] = self.func(obj)
        return value


def _on_first_call(module: str, name: str):
    """A function that imports the real `module` when first called, and calls its `name`."""

    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


# What Whoosh imports at start-up and this app never uses: urlretrieve (urllib.request with http.client and
# email: 17 ms), the cached_property package (asyncio: 9 ms), the English variations of Variations queries
# (a table of regular expressions: 8 ms), html.escape for HTML highlights (the entity table: 1 ms).
_STAND_INS = {
    "urllib.request": {"urlretrieve": _on_first_call("urllib.request", "urlretrieve")},
    "cached_property": {"cached_property": _CachedProperty},
    "whoosh.lang.morph_en": {"variations": _on_first_call("whoosh.lang.morph_en", "variations")},
    "html": {"escape": _on_first_call("html", "escape")},
}


def _stand_in(name: str, attrs: dict) -> types.ModuleType:
    """A module holding `attrs`; asked for anything else, it gives way to the real module for good."""
    module = types.ModuleType(name, "a stand-in while Whoosh is imported (indexer.search._whoosh_speed)")
    module.__dict__.update(attrs)

    def __getattr__(attr: str):
        if attr.startswith("__"):  # the import system asks for __path__, __spec__...: a plain module has none
            raise AttributeError(attr)
        if sys.modules.get(name) is module:
            del sys.modules[name]
        SPEED.add("import", "stock")
        log.warning("Whoosh asked %s for %r: imported the real module (start-up is slower)", name, attr)
        return getattr(importlib.import_module(name), attr)

    module.__getattr__ = __getattr__
    return module


@contextmanager
def _light_import():
    """Import Whoosh with the stand-ins above in sys.modules; they are removed afterwards, so anything
    imported later gets the real modules. Counts import.light, or import.stock when a stand-in could not
    serve (Whoosh already imported, or a Whoosh release that asks them for more)."""
    already = "whoosh" in sys.modules
    placed = {name: _stand_in(name, attrs) for name, attrs in _STAND_INS.items() if name not in sys.modules}
    sys.modules.update(placed)
    try:
        yield
    finally:
        served = all(sys.modules.get(name) is module for name, module in placed.items())
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if served and not already:
        SPEED.add("import", "light")
    elif served:
        SPEED.add("import", "stock")  # a stand-in that gave way has counted itself


log = logging.getLogger(__name__)

with _light_import():
    from whoosh import matching, query as wq, scoring  # collectors: when first needed (_collectors)
    from whoosh import columns
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, _lenfield
    from whoosh.formats import Positions
    from whoosh.matching.wrappers import FilterMatcher, InverseMatcher
    from whoosh.system import _INT_SIZE, unpack_int as _unpack_int
    from whoosh.util.numeric import byte_to_length
    from whoosh import fields, index  # noqa: F401 - what whoosh_engine imports next (writing: with a writer)

from .engine import _check_time, _OutOfTime  # noqa: E402 - after Whoosh's light import



class _MemoryLengthBM25F(scoring.BM25F):
    """Whoosh's BM25F with each segment's field lengths read once into memory.

    The stock scorer reads a document's length from the segment file for every match it scores
    (about a fifth of a common query's time); the lengths are one byte per document, so a
    segment's whole column is read in one call and kept with the segment's reader, which Whoosh
    reuses across searcher refreshes. Scores are identical."""

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if fieldname in searcher.schema and not searcher.schema[fieldname].scorable:
            SPEED.add("lengths", "unscored")  # a weight scorer (a date range's terms): no lengths to read
            return scorer
        lengths = _field_lengths(searcher.reader(), fieldname) if hasattr(scorer, "dfl") else None
        if lengths is not None:
            scorer.dfl = lengths.__getitem__
        SPEED.add("lengths", "memory" if lengths is not None else "stock")
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
        lengths = self.column(fieldname)
        length = lengths[docnum] if 0 <= docnum < self._count else 0
        return length or default

    def column(self, fieldname: str) -> array:
        """Every document's length of `fieldname` (0 where it has none)."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = self._lengths[fieldname] = _perdoc_lengths(self._perdoc, self._count, fieldname, 0)
        return lengths

    def __getattr__(self, name):
        return getattr(self._perdoc, name)


def _flush_with_memory_lengths(writer) -> None:
    """Give a Whoosh SegmentWriter's final flush the in-memory lengths (see _MemoryLengths)."""
    original = getattr(writer, "per_document_reader", None)
    if original is None or not hasattr(writer, "doc_count"):
        SPEED.add("commit", "stock")
        return

    def per_document_reader():
        perdoc = original()
        try:
            count = perdoc.doc_count_all()
            perdoc._cached_reader  # noqa: B018 - the whoosh3 layout _perdoc_lengths reads
        except Exception:  # another codec: keep Whoosh's own reader
            SPEED.add("commit", "stock")
            return perdoc
        SPEED.add("commit", "memory")
        return _MemoryLengths(perdoc, count)

    writer.per_document_reader = per_document_reader


def _cache_term_lookups(searcher) -> None:
    """Let each segment of a new searcher remember where its terms' entries are in the terms file.

    One search looks a word up several times (is it there, its posting list, its document frequency for
    the idf, a phrase's check): each lookup hashes the key and reads the hash file (about 7 us); a date
    range or a prefix finds its first term by a binary search over the sorted keys, a file read a step,
    three or four times a search. The segment's terms never change, so each key's (position, length)
    ranges and its place among the sorted keys are kept by the segment's hash reader, at most TERM_CACHE
    keys each; the answers are the same. Counted as terms.cached, or terms.stock for
    a segment without whoosh3's hash-file terms reader."""
    for sub, _offset in searcher.leaf_searchers():
        terms = getattr(sub.reader(), "_terms", None)
        if terms is None:  # an empty index's reader: no terms to look up
            continue
        tindex = getattr(terms, "_tindex", None)
        lookup = getattr(tindex, "ranges_for_key", None)
        if lookup is None or "ranges_for_key" in vars(tindex):
            SPEED.add("terms", "stock")
            continue
        tindex.ranges_for_key = lru_cache(maxsize=TERM_CACHE)(lambda key, lookup=lookup: tuple(lookup(key)))
        nearest = getattr(tindex, "closest_key_pos", None)  # a range's or prefix's first term: a binary search
        if nearest is not None:
            tindex.closest_key_pos = lru_cache(maxsize=TERM_CACHE)(nearest)
        SPEED.add("terms", "cached")


TERM_CACHE = 4096  # term keys each segment's hash reader remembers (a few hundred bytes each)


def _top(searcher, q: wq.Query, limit: int, sort: str) -> tuple[list[tuple[int, float]], int]:
    """The top `limit` (docnum, score) pairs and the exact number of matches.

    Relevance: the bulk evaluator (_tree_scores) scores every match from whole posting lists, with
    Whoosh's scores and Whoosh's order (score, then docnum); queries it cannot evaluate go through
    a Whoosh collector with block skipping and matcher replacement off, which also counts exactly
    (replacement alone, on by default even with optimize=False, drops OR branches and undercounts)."""
    if sort in ("date", "oldest"):  # "date": newest first
        collector = _deadline_collector(searcher.collector(limit=limit, sortedby="date", reverse=sort == "date"))
        searcher.search_with_collector(q, collector)
        results = collector.results()
        SPEED.add("sorted", "collector")
        return [(hit.docnum, 0.0) for hit in results], len(results)  # hit.score is the date here, not a score
    scored = _bulk_search(searcher, q)
    SPEED.add("search", "bulk" if scored is not None else "collector")
    if scored is not None:
        return _best(scored, limit), len(scored)
    collector = _deadline_collector(_collectors().TopCollector(limit=limit, usequality=False, replace=0))
    searcher.search_with_collector(q, collector)
    results = collector.results()
    return [(hit.docnum, hit.score or 0.0) for hit in results], collector.count()


def _best(scored: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The `limit` best (docnum, score) pairs, by score then docnum, as heapq.nsmallest with that key gives
    them: the limit-th best score is found among the bare floats (heapq.nlargest without a key), and only
    the pairs that reach it are sorted with a key (a Python call per match was most of the selection:
    0.15 ms of a common word at BBC scale, 8 ms of 80,000 matches; this takes 1 ms there)."""
    if len(scored) <= limit:
        return sorted(scored.items(), key=_rank)
    threshold = heapq.nlargest(limit, scored.values())[-1]
    return sorted([item for item in scored.items() if item[1] >= threshold], key=_rank)[:limit]


def _rank(item: tuple[int, float]) -> tuple[float, int]:
    return -item[1], item[0]


def _stored_fields(searcher, docnums: list[int]) -> list[dict]:
    """Each document's stored fields (global document numbers), as searcher.stored_fields gives them, read
    straight from each segment's stored column: Whoosh goes through five calls a document and tests each
    field against the schema through a try/except. Counted as fields.direct, or fields.stock when a
    segment's layout is not whoosh3's (or the schema has glob fields)."""
    segments = _stored_readers(searcher)
    SPEED.add("fields", "stock" if segments is None else "direct")
    if segments is None:
        return [searcher.stored_fields(docnum) for docnum in docnums]
    starts = [start for start, _read in segments]
    return [_read_in(segments[max(0, bisect_right(starts, docnum) - 1)], docnum) for docnum in docnums]


def _read_in(segment: tuple, docnum: int) -> dict:
    start, read = segment
    return read(docnum - start)


def _stored_readers(searcher) -> list[tuple] | None:
    """(first document number, read(segment docnum) -> stored fields) for each segment of `searcher`."""
    schema = searcher.schema
    if getattr(schema, "_dyn_fields", None) != {}:
        return None
    names = frozenset(schema.names())
    out = []
    for sub, start in searcher.leaf_searchers():
        reader = sub.reader()
        perdoc = getattr(reader, "_perdoc", None)
        if getattr(reader, "is_closed", True) or not hasattr(perdoc, "_cached_reader"):
            return None
        column = perdoc._cached_reader("_stored", STORED_COLUMN)
        child = getattr(column, "_child", None)
        if type(column) is not columns.PickleColumn.Reader or type(child) is not columns.CompressedBytesColumn.Reader:
            return None
        out.append((start, partial(_stored_of, child, names)))
    return out


def _stored_of(column, names: frozenset, docnum: int) -> dict:
    """What PickleColumn(CompressedBytesColumn) reads for `docnum` ({} for nothing stored), without the fields
    the schema no longer has (as SegmentReader.stored_fields)."""
    length = column._lengths[docnum]
    raw = column._decompress(column._dbfile.get(column._basepos + column._offsets[docnum], length)) if length else b""
    stored = loads(raw) if raw else None
    return {} if stored is None else {name: value for name, value in stored.items() if name in names}


def _collectors():
    """whoosh.collectors, imported when a search first needs a collector (a date sort, or a query the bulk
    evaluator cannot take): with whoosh.sorting it costs 2 ms of every start."""
    from whoosh import collectors

    return collectors


@lru_cache(maxsize=1)
def _deadline_collector_class() -> type:
    class _DeadlineCollector(_collectors().WrappingCollector):
        """Whoosh's collector loop with the search's time budget checked every 256 documents
        (Whoosh's TimeLimitCollector needs SIGALRM, which only the main thread gets)."""

        def collect_matches(self):
            for n, sub_docnum in enumerate(self.matches()):
                if n % 256 == 0:
                    _check_time()
                self.collect(sub_docnum)

    return _DeadlineCollector


def _deadline_collector(collector):
    """`collector` wrapped so that it checks the search's time budget (see _deadline_collector_class)."""
    return _deadline_collector_class()(collector)


def _bulk_search(searcher, q: wq.Query) -> dict[int, float] | None:
    """Every matching document's score (global docnums), or None when the matchers have a layout this
    code does not expect (then the caller uses Whoosh's collector)."""
    out: dict[int, float] = {}
    context = searcher.context()  # what the collector would use, so Whoosh builds the same matcher tree
    try:
        for sub, offset in searcher.leaf_searchers():
            scores = _tree_scores(q.matcher(sub, context))
            out.update(scores if not offset else ((offset + doc, score) for doc, score in scores.items()))
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
        return _intersection_scores(m)
    if kind is matching.UnionMatcher:
        return _union_scores(_tree_scores(m.a), _tree_scores(m.b))
    if kind is matching.ArrayUnionMatcher and _array_union_layout(m):
        SPEED.add("leaf", "array")
        return _array_union_scores(m)
    if kind is matching.AndNotMatcher:
        drop = _tree_scores(m.b)
        return {doc: score for doc, score in _tree_scores(m.a).items() if doc not in drop}
    if kind is matching.WrappingMatcher:
        boost = m.boost
        return {doc: score * boost for doc, score in _tree_scores(m.child).items()}
    if isinstance(m, _ScoredList):
        return dict(zip(m._ids[m._i:], m._weights[m._i:]))
    if _bulk_readable(m):
        SPEED.add("leaf", "bulk")
        weights, scorer, _fmt = _bulk_postings(m, values=False)
        return dict(zip(weights, _term_scores(scorer, weights, weights.values())))
    if kind is InverseMatcher:
        SPEED.add("leaf", "inverse")
        return _inverse_scores(m)
    if kind is matching.ListMatcher and getattr(m, "_scorer", True) is None and hasattr(m, "_all_weights"):
        SPEED.add("leaf", "list")
        return _unscored_list_scores(m)
    if not m.is_active():  # e.g. a word absent from this segment
        SPEED.add("leaf", "empty")
        return {}
    SPEED.add("leaf", "walked")
    return _walk_scores(m)


def _intersection_scores(m) -> dict[int, float]:
    """An intersection's {doc: a.score() + b.score()}, a term's side scored only on the documents the other
    side matches (two terms: only on the documents of both), not on its whole posting list: BM25 is most of a
    term's time, and an AND of two common words at 100k articles scored some 40,000 documents for nothing.
    Counted as and.narrowed, or and.whole when neither side is a term's leaf."""
    a_leaf, b_leaf = _bulk_readable(m.a), _bulk_readable(m.b)
    SPEED.add("and", "narrowed" if a_leaf or b_leaf else "whole")
    if a_leaf and b_leaf:
        a, b = _leaf_postings(m.a), _leaf_postings(m.b)
        docs = [doc for doc in a[0] if doc in b[0]]
        return dict(zip(docs, map(add, _scores_on(a, docs), _scores_on(b, docs))))
    if b_leaf:
        a, b = _tree_scores(m.a), _leaf_postings(m.b)
        docs = [doc for doc in a if doc in b[0]]
        return dict(zip(docs, map(add, map(a.__getitem__, docs), _scores_on(b, docs))))
    if a_leaf:
        a, b = _leaf_postings(m.a), _tree_scores(m.b)
        docs = [doc for doc in a[0] if doc in b]
        return dict(zip(docs, map(add, _scores_on(a, docs), map(b.__getitem__, docs))))
    a, b = _tree_scores(m.a), _tree_scores(m.b)
    return {doc: score + b[doc] for doc, score in a.items() if doc in b}


def _union_scores(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    """A union's {doc: score}: a's or b's score, a's + b's where both match (in that order: Whoosh's floats).
    The dicts are joined in C; only the documents of both are summed in Python."""
    out = dict(b)
    out.update(a)
    for doc in a.keys() & b.keys():
        out[doc] = a[doc] + b[doc]
    return out


def _array_union_layout(m) -> bool:
    """True when `m` is Whoosh's ArrayUnionMatcher as _array_union_scores reads it."""
    return all(hasattr(m, a) for a in ("_submatchers", "_a", "_offset", "_limit", "_docnum", "_scored", "_boost"))


def _array_union_scores(m) -> dict[int, float]:
    """{doc: score} of Whoosh's ArrayUnionMatcher (its OR of three words or more in a segment of 5,000 documents
    or fewer; walked document by document, it was most of such a search). Its scores of the part it has read
    are taken from its array; past it, each document's sum is made in the submatchers' order, as Whoosh adds
    them (score * boost, or 1 unscored); as Whoosh, only documents with a sum above 0 match."""
    a, offset, boost, scored = m._a, m._offset, m._boost, m._scored
    start = max(m._docnum, offset)
    out = {doc: a[doc - offset] for doc in range(start, m._limit) if a[doc - offset] > 0}
    rest: dict[int, float] = {}
    for sub in m._submatchers:
        for doc, score in _tree_scores(sub).items():
            rest[doc] = rest.get(doc, 0.0) + score * boost if scored else 1.0
    out.update((doc, total) for doc, total in rest.items() if total > 0)
    return out


def _leaf_postings(m) -> tuple:
    """A term's leaf as (its {doc: weight}, its scorer, its format), counted as leaf.bulk (see _bulk_postings)."""
    SPEED.add("leaf", "bulk")
    return _bulk_postings(m, values=False)


def _scores_on(postings: tuple, docs: list[int]) -> list[float]:
    """A term's scores for `docs` (all in its postings: see _leaf_postings)."""
    weights, scorer, _fmt = postings
    return _term_scores(scorer, docs, list(map(weights.__getitem__, docs)))


def _unscored_list_scores(m) -> dict[int, float]:
    """{docnum: score} of a ListMatcher without a scorer from its current posting on, as m.score() gives
    them (m.weight()): e.g. a date range's, which Whoosh turns into a list of its documents with one weight.
    Walking it made four Python calls a document."""
    ids = m._ids[m._i:]
    if m._all_weights:
        return dict.fromkeys(ids, m._all_weights)
    if m._weights:
        return dict(zip(ids, m._weights[m._i:]))
    return dict.fromkeys(ids, 1.0)


def _inverse_scores(m) -> dict[int, float]:
    """{docnum: weight} of a NOT's matcher: the segment's documents from its current one up to its limit that
    its child does not match and that are not deleted, each scored with its weight (as m.score() gives).
    Walking it visits every document of the segment through four Python calls each."""
    child, missing, weight = _tree_scores(m.child), m.missing, m._weight
    return {doc: weight for doc in range(m._id, m.limit) if doc not in child and not missing(doc)}


def _term_scores(scorer, docs: Iterable[int], weights: Iterable[float]) -> list[float]:
    """One term's scores for `docs` with their term frequencies `weights`, as scorer.score would give.

    With the in-memory lengths, Whoosh's bm25() is written out: the same operations in the same
    order, so the same floats, without two Python calls per document."""
    if type(scorer) is scoring.BM25FScorer and isinstance(getattr(scorer.dfl, "__self__", None), array):
        idf, avgfl, b, k1, lengths = scorer.idf, scorer.avgfl, scorer.B, scorer.K1, scorer.dfl.__self__
        if len(docs) > 2 * len(_stored_lengths()):  # a long list: the table's entries cost two documents' saving
            scores = _scores_by_length(idf, avgfl, b, k1, lengths, docs, weights)
            SPEED.add("bm25", "table" if scores is not None else "untabled")
            if scores is not None:
                return scores
        else:
            SPEED.add("bm25", "inline")
        return [idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[doc] / avgfl)))
                for doc, tf in zip(docs, weights)]
    SPEED.add("bm25", "scorer")
    return [scorer._score(tf, scorer.dfl(doc)) for doc, tf in zip(docs, weights)]


def _scores_by_length(idf, avgfl, b, k1, lengths, docs, weights) -> list[float] | None:
    """_term_scores' BM25 with the length part, k1 * ((1 - b) + b * length / avgfl), worked out once for each
    length a document can have (a byte stores it: at most 256), so a long posting list does two operations
    fewer per document; the same operations on the same numbers, so the same floats. None for a length
    outside the table (not read from a whoosh3 length column)."""
    norms = {n: k1 * ((1 - b) + b * n / avgfl) for n in _stored_lengths()}
    k1_plus_1 = k1 + 1
    try:
        return [idf * ((tf * k1_plus_1) / (tf + norms[lengths[doc]])) for doc, tf in zip(docs, weights)]
    except KeyError:
        return None


@lru_cache(maxsize=1)
def _stored_lengths() -> tuple[int, ...]:
    """Every length _perdoc_lengths can give: byte_to_length of a length byte, or its default 1."""
    return tuple(sorted({byte_to_length(code) for code in range(1, 256)} | {1}))


def _walk_scores(m) -> dict[int, float]:
    """{docnum: score} by walking a Whoosh matcher document by document (the general, slower way)."""
    out: dict[int, float] = {}
    while m.is_active():
        if len(out) % 256 == 0:
            _check_time()
        out[m.id()] = m.score()
        m.next()
    return out


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
            SPEED.add("phrase", "whoosh")
            return super().matcher(searcher, context)  # Whoosh's own phrase matching: slower, same answer
        pairs = self.pair_documents(searcher) if ms else None
        SPEED.add("phrase", "adjacent" if pairs is None else "pairs")
        if not ms or pairs == []:
            return matching.NullMatcher()
        exact = pairs is not None and len(pairs) == len(ms) - 1  # every adjacent pair read: nothing to check
        m = _scored_list(_bulk_phrase_scores(ms) if pairs is None else _pair_phrase_scores(ms, pairs, exact))
        return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m

    def pair_documents(self, searcher) -> list[list[int]] | None:
        """For each two adjacent words both of which the pairs field pairs (common words), the documents of
        the segment where they stand side by side; [] when such a pair stands nowhere; None when no pair of
        the phrase is indexed (rarer words, a title phrase, an index from before the pairs field)."""
        if self.fieldname != "body" or len(self.words) < 2 or PAIR_FIELD not in searcher.schema:
            return None
        from .whoosh_engine import pair_terms  # the module that imports this one, loaded by then

        paired, reader = pair_terms(searcher.schema), searcher.reader()
        out = []
        for a, b in zip(self.words, self.words[1:]):
            key_a, key_b = a.encode("utf-8"), b.encode("utf-8")
            if key_a not in paired or key_b not in paired:
                continue
            key = key_a + b" " + key_b
            if (PAIR_FIELD, key) not in reader:
                return []
            out.append(_posting_ids(reader.postings(PAIR_FIELD, key)))
        return out or None


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
    fast = all(hasattr(leaf, a) for a in ("_data", "_byteids", "_read_data", "_blocklength"))
    SPEED.add("block", "accumulate" if fast else "whoosh")
    for start in _blocks(leaf, values):
        if fast:
            _read_block(leaf)
        else:
            leaf._ids is None and leaf._read_ids()
            leaf._weights is None and leaf._read_weights()
        if values:
            if leaf._values is None:
                leaf._read_values()
            postings.update(zip(leaf._ids[start:], zip(leaf._weights[start:], leaf._values[start:])))
        else:
            postings.update(zip(leaf._ids[start:], leaf._weights[start:]))
    for doc in excluded:
        postings.pop(doc, None)
    return postings, leaf.scorer, leaf.format


def _read_block(leaf) -> None:
    """A whoosh3 leaf matcher's ids and weights of its current block, as its _read_ids and _read_weights
    give them, with the id deltas summed by itertools.accumulate and uniform weights repeated in C (Whoosh
    does both with a Python generator: a fifth of a common word's search at 20k)."""
    if leaf._data is None:
        leaf._read_data()
    ids, weights = leaf._data[0], leaf._data[1]
    if leaf._ids is None:
        leaf._ids = ids if leaf._byteids else tuple(accumulate(ids))
    if leaf._weights is None:
        if weights is None or isinstance(weights, float):
            weights = array("f", [1.0 if weights is None else weights]) * leaf._blocklength
        leaf._weights = weights


def _posting_ids(leaf) -> list[int]:
    """Every document number of a posting list: a whoosh3 leaf matcher's read a block at a time (without its
    segment's deleted documents when Whoosh wraps it to skip them), any other's (a short list Whoosh keeps
    inline with its term) through the matcher."""
    excluded: frozenset = frozenset()
    if isinstance(leaf, FilterMatcher) and leaf._exclude:  # a segment with deleted documents
        excluded, leaf = leaf._ids, leaf.child
    if not all(hasattr(leaf, a) for a in ("_read_ids", "_next_block", "_ids", "_i", "_blocklength")):
        SPEED.add("pairs", "list" if isinstance(leaf, matching.ListMatcher) else "matcher")
        ids = list(leaf.all_ids())
    else:
        SPEED.add("pairs", "blocks")
        ids = []
        accumulating = all(hasattr(leaf, a) for a in ("_data", "_byteids", "_read_data"))
        for start in _blocks(leaf, values=False):
            if leaf._ids is None:
                _read_block(leaf) if accumulating else leaf._read_ids()
            ids.extend(leaf._ids[start:])
    return [i for i in ids if i not in excluded] if excluded else ids


def _blocks(leaf, values: bool = True) -> Iterator[int]:
    """Moves a leaf matcher through its posting blocks, from its current one to the last, yielding at each
    the index of its first posting not yet read. A whoosh3 leaf's remaining blocks are read from its file
    at once (_InMemoryBlocks), without their values unless `values` (see _block_data); any other leaf
    moves block by block as Whoosh does."""
    if not leaf.is_active():
        return
    rest = _InMemoryBlocks.of(leaf)
    SPEED.add("read", "whole" if rest is not None else "blocks")
    while leaf.is_active():
        _check_time()
        if rest is not None and leaf._data is None:
            rest.read_data(leaf, values)
        yield leaf._i
        leaf._i = leaf._blocklength
        if rest is not None and not leaf._lastblock:
            rest.goto(leaf, leaf._nextoffset)
        else:
            leaf._next_block()


class _InMemoryBlocks:
    """The rest of a whoosh3 leaf matcher's posting list in memory, from its current block's data to the list's
    end, read with one file read. Moving to a block and reading its data then do what the leaf's own _goto
    and _read_data do, on these bytes: Whoosh reads each block's header by unpickling from the file, a
    couple of dozen small reads through its compound file (a tenth of a common phrase's search)."""

    _LAYOUT = ("_postfile", "_startoffset", "_length", "_dataoffset", "_nextoffset", "_lastblock", "_compression",
               "_goto", "_read_data")

    def __init__(self, data: bytes, base: int):
        self.data = memoryview(data)
        self.base = base  # the file offset of data[0]
        self.stream = BytesIO(data)

    @classmethod
    def of(cls, leaf) -> "_InMemoryBlocks | None":
        """The rest of `leaf`'s posting list, or None when it is not a whoosh3 leaf matcher as expected."""
        if not all(hasattr(leaf, a) for a in cls._LAYOUT):
            return None
        length = leaf._length  # the list's bytes; whoosh3 reads it as unpack_int's 1-tuple, never used by Whoosh
        length = length[0] if type(length) is tuple and len(length) == 1 else length
        if type(length) is not int:
            return None
        end, start = leaf._startoffset + length, leaf._dataoffset
        data = leaf._postfile.get(start, end - start)
        return cls(data, start) if len(data) == end - start else None

    def goto(self, leaf, position: int) -> None:
        """W3LeafMatcher._goto(position) from memory: the block's length, its info tuple, its data's place."""
        leaf._data = leaf._ids = leaf._weights = leaf._values = None
        leaf._i = 0
        at = position - self.base
        length = _unpack_int(self.data[at:at + _INT_SIZE])[0]
        if length < 0:
            leaf._lastblock = True
            length = -length
        leaf._nextoffset = position + _INT_SIZE + length
        self.stream.seek(at + _INT_SIZE)
        info = _load_pickle(self.stream)
        leaf._dataoffset = self.base + self.stream.tell()
        leaf._blocklength, leaf._maxid, leaf._maxweight, leaf._compression, low, high = info
        leaf._minlength, leaf._maxlength = byte_to_length(low), byte_to_length(high)

    def read_data(self, leaf, values: bool = True) -> None:
        """W3LeafMatcher._read_data from memory: the block's data tuple, decompressed if it was compressed
        (its values None unless `values`: see _block_data)."""
        data = self.data[leaf._dataoffset - self.base:leaf._nextoffset - self.base]
        leaf._data = _block_data(data, leaf._compression, leaf._blocklength, values)


# How a protocol-2 pickle (Whoosh's block data) writes a bytes value: _codecs.encode(its latin-1 text, "latin1"),
# the function named once (then recalled from the memo), right after the MARK of the values' tuple.
_ENCODE_GLOBAL = b"c_codecs\nencode\n"
_BYTES_GLOBAL = b"cbuiltins\nbytes\n"  # bytes(text, "latin1"): the same bytes, without the codec registry
_HEAD_CHUNK = 2048  # decompressed bytes read at a time while looking for the values (ids and weights: ~1.4 KB)


class _OtherLayout(ValueError):
    """A block's pickle that is not (ids, weights, byte values) as Whoosh's W3PostingsWriter writes it."""


def _block_data(raw, compression: int, count: int, values: bool) -> tuple:
    """A whoosh3 posting block's data, (ids, weights, values), as W3LeafMatcher._read_data unpickles it.

    A positions block is mostly its values (a pickled bytes object a posting, each unpickled by a call to
    _codecs.encode: over half of a common word's search at BBC scale). Without `values` only the pickle's
    start is decompressed and unpickled, up to the values, which come out None (decode.weights); with them,
    bytes() stands in for _codecs.encode (decode.bytes: 40% less time). A block without byte values (a
    frequency list) is unpickled as it is (decode.plain); one of another layout by Whoosh's way
    (decode.stock)."""
    data, complete = _decompressed(raw, compression, stop_at=None if values else _ENCODE_GLOBAL)
    at = data.find(_ENCODE_GLOBAL)
    if at < 0 and complete:
        SPEED.add("decode", "plain")
        return loads(data)
    try:
        out = _with_bytes(data, at) if values else _ids_and_weights(data, at, count)
        SPEED.add("decode", "bytes" if values else "weights")
        return out
    except _OtherLayout:
        log.debug("a posting block of another layout", exc_info=True)
    SPEED.add("decode", "stock")
    return loads(data if complete else zlib.decompress(raw))


def _decompressed(raw, compression: int, stop_at: bytes | None) -> tuple[bytes, bool]:
    """(the block's pickle, whether whole): with `stop_at`, decompressed a chunk at a time only until it
    holds those bytes."""
    if not compression:
        return bytes(raw), True
    if stop_at is None:
        return zlib.decompress(raw), True
    inflate = zlib.decompressobj()
    data = inflate.decompress(raw, _HEAD_CHUNK)
    while stop_at not in data and inflate.unconsumed_tail:
        data += inflate.decompress(inflate.unconsumed_tail, _HEAD_CHUNK)
    if stop_at in data:
        return data, False
    return data + inflate.flush(), True


def _ids_and_weights(data: bytes, at: int, count: int) -> tuple:
    """(ids, weights, None) from the start of a block's pickle (see _block_data): after PROTO, a MARK of ours,
    the pickle up to its values, then None, TUPLE3 and LIST. The values are a tuple (after its MARK, unless
    of 3 or fewer) or one bytes object (fixed-size values joined): both cuts are tried. A pickle of
    Whoosh's layout leaves exactly [(ids, weights, None)]; one of another layout something else, or fails."""
    if at < 0 or not data.startswith(_PICKLE_2):
        raise _OtherLayout("no byte values")
    for cut in (at - 1, at) if data[at - 1:at] == b"(" else (at,):
        try:
            out = loads(_PICKLE_2 + b"(" + data[2:cut] + b"N\x87l.")
        except Exception:  # not the cut of this layout
            continue
        if type(out) is list and len(out) == 1 and type(out[0][0]) is tuple and len(out[0][0]) == count:
            return out[0]
    raise _OtherLayout("not the ids and weights of a block")


def _with_bytes(data: bytes, at: int) -> tuple:
    """A block's whole data with bytes() for _codecs.encode (see _block_data): bytes(text, codec) is
    _codecs.encode(text, codec) for any text codec, so the answer is Whoosh's whatever the layout."""
    try:
        return loads(data[:at] + _BYTES_GLOBAL + data[at + len(_ENCODE_GLOBAL):])
    except Exception as exc:  # e.g. a binary codec (bytes() takes text codecs only)
        raise _OtherLayout(str(exc)) from exc


def _pair_phrase_scores(ms, pairs: list[list[int]], exact: bool) -> dict[int, float]:
    """As _bulk_phrase_scores, with the candidates narrowed by the pairs field first: the documents holding
    the phrase's indexed pairs (and every word: deleted documents drop out there). Two words of one indexed
    pair (`exact`) need nothing more; otherwise positions are checked on those candidates only."""
    check = not exact or len(ms) > 2
    lists = [_bulk_postings(m, values=check) for m in ms]
    postings = [p for p, _s, _f in lists]
    docs = sorted(set(pairs[0]).intersection(*pairs[1:], *(p.keys() for p in postings)))
    if check:
        docs = _adjacent_docs(postings, docs, lists[0][2])
    weights = (lambda p: [p[d][0] for d in docs]) if check else (lambda p: list(map(p.__getitem__, docs)))
    columns = [_term_scores(scorer, docs, weights(p)) for p, scorer, _f in lists]
    return dict(zip(docs, _tree_sum_columns(columns)))


def _bulk_phrase_scores(ms) -> dict[int, float]:
    """{doc: score} of the documents where the terms of `ms` stand side by side, found in one pass over
    whole posting lists (the documents holding every term, then each term's positions of those documents
    decoded at once) instead of Whoosh's per-document matcher tree; each score is the sum of the term
    scores in Whoosh's order."""
    lists = [_bulk_postings(m) for m in ms]
    postings = [p for p, _s, _f in lists]
    candidates = sorted(_common_keys(postings))
    docs = _adjacent_docs(postings, candidates, lists[0][2])
    columns = [_term_scores(scorer, docs, [p[d][0] for d in docs]) for p, scorer, _f in lists]
    return dict(zip(docs, _tree_sum_columns(columns)))


def _common_keys(postings: list[dict]) -> set[int]:
    """The documents every posting dict holds, by set operations in C (a Python test per document was a
    tenth of a common phrase's time)."""
    rarest = min(postings, key=len)
    return set(rarest).intersection(*(p.keys() for p in postings if p is not rarest))


def _adjacent_docs(postings: list[dict], docs: list[int], fmt, chunk: int = 256) -> list[int]:
    """The documents of `docs` where the terms stand side by side: some position p of the first term has
    p+1 for the second, p+2 for the third... Positions are decoded a chunk of documents at a time (all at
    once kept tens of thousands of lists alive at 20k articles: the garbage collector's passes over them
    cost a sixth of a phrase search), and a term's only for the documents the terms before it left.
    Each term's positions are the running sums of its deltas (_deltas_decoder): the k-th term's, shifted
    by -k, go straight from the sums into the first term's set, without a list of them."""
    deltas = _deltas_decoder(fmt)
    if deltas is None:
        return _adjacent_docs_decoded(postings, docs, _positions_decoder(fmt), chunk)
    if len(docs) >= ARRAY_PHRASE_MIN:
        np = _numpy()
        SPEED.add("adjacent", "arrays" if np is not None else "sets-without-numpy")
        if np is not None:
            try:
                return _adjacent_docs_arrays(postings, docs, np)
            except _NotPlainPickles:
                SPEED.add("adjacent", "sets-other-pickles")
    else:
        SPEED.add("adjacent", "sets")
    out: list[int] = []
    for start in range(0, len(docs), chunk):
        _check_time()
        part = docs[start:start + chunk]
        starts = [set(accumulate(d)) for d in deltas([postings[0][doc][1] for doc in part])]
        for k in range(1, len(postings)):
            following = deltas([postings[k][doc][1] for doc in part])
            kept = [(doc, first) for doc, first, later in zip(part, starts, following)
                    if first.intersection_update(islice(accumulate(later, initial=-k), 1, None)) or first]
            part, starts = [doc for doc, _first in kept], [first for _doc, first in kept]
        out += part
    return out


# From this many candidate documents a phrase's positions are compared as whole arrays (numpy), decoded from all
# the documents' pickles at once into one flat list; below, numpy's import (60 ms, once a process) costs more.
ARRAY_PHRASE_MIN = 4096
ARRAY_CHUNK = 32768  # documents decoded at once: a few MB of arrays however long the posting lists


@lru_cache(maxsize=1)
def _numpy():
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy comes with matplotlib, a dependency
        return None
    return numpy


def _adjacent_docs_arrays(postings: list[dict], docs: list[int], np, chunk: int = ARRAY_CHUNK) -> list[int]:
    """_adjacent_docs on arrays: each term's positions in the candidate documents as one sorted array of keys
    (document index << 32 | position), the k-th term's shifted by -k and looked up in the first term's keys
    by a binary search; the next term is decoded only for the documents still holding the phrase."""
    out: list[int] = []
    for start in range(0, len(docs), chunk):
        _check_time()
        part = docs[start:start + chunk]
        keys = _position_keys(np, [postings[0][doc][1] for doc in part], 0)
        for k in range(1, len(postings)):
            alive = _distinct_sorted(np, keys >> 32)
            if len(alive) < len(part):  # renumber the documents left, and decode only theirs
                part = [part[i] for i in alive.tolist()]
                keys = (np.searchsorted(alive, keys >> 32) << 32) | (keys & 0xFFFFFFFF)
            following = _position_keys(np, [postings[k][doc][1] for doc in part], k)
            if not len(following):
                keys = keys[:0]
                break
            at = np.minimum(np.searchsorted(following, keys), len(following) - 1)
            keys = keys[following[at] == keys]
        out += [part[i] for i in _distinct_sorted(np, keys >> 32).tolist()]
    return out


def _distinct_sorted(np, values):
    """The distinct values of a sorted array (np.unique sorts, or hashes, again)."""
    if len(values) < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _position_keys(np, values: list[bytes], shift: int):
    """The sorted keys (document index << 32 | position - shift) of the documents' Positions values; a
    shifted position below 0 cannot follow the first term, and is dropped."""
    lengths = np.frombuffer(b"".join(map(_COUNT, values)), dtype=">u4").astype(np.int64)
    deltas = np.array(_flat_deltas(values), dtype=np.int64)
    if len(deltas) != int(lengths.sum()):
        raise _NotPlainPickles("the counts do not add up to the positions")
    sums = np.cumsum(deltas)
    before = np.concatenate(([0], sums))[np.cumsum(lengths) - lengths]  # the running sum before each document's
    positions = sums - np.repeat(before, lengths) - shift
    documents = np.repeat(np.arange(len(values), dtype=np.int64), lengths)
    keep = positions >= 0
    return (documents[keep] << 32) | positions[keep]


_COUNT = itemgetter(slice(0, 4))  # a Positions value's count of positions (pack_uint: 4 bytes, big-endian)
_LIST_HEAD = b"\x80\x02]q\x00"  # after the count: PROTO 2, EMPTY_LIST, BINPUT 0, then the list's items


def _flat_deltas(values: list[bytes]) -> list[int]:
    """Every value's position deltas in one flat list, by one unpickling: one EMPTY_LIST, then each value's
    items with their APPEND or MARK ... APPENDS, which add them to that one list (see _unpickle_together)."""
    try:
        flat = loads(_PICKLE_2 + b"]" + b"".join(_bodies(values, _LIST_HEAD)) + b".")
    except Exception as exc:  # a body this reading does not expect
        raise _NotPlainPickles(str(exc)) from exc
    if type(flat) is not list:
        raise _NotPlainPickles("not one list")
    return flat


def _adjacent_docs_decoded(postings: list[dict], docs: list[int], decode, chunk: int) -> list[int]:
    """_adjacent_docs on position lists decoded by `decode` (a format other than plain Positions)."""
    out: list[int] = []
    for start in range(0, len(docs), chunk):
        _check_time()
        part = docs[start:start + chunk]
        starts = [set(positions) for positions in decode([postings[0][doc][1] for doc in part])]
        for k in range(1, len(postings)):
            following = decode([postings[k][doc][1] for doc in part])
            kept = [(doc, first) for doc, first, later in zip(part, starts, following)
                    if first.intersection_update([p - k for p in later]) or first]
            part, starts = [doc for doc, _first in kept], [first for _doc, first in kept]
        out += part
    return out


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
    """A function decoding a list of `fmt` values (one per document) into their position lists, as Whoosh's
    decoder does one by one: for the plain Positions format, the running sums of _deltas_decoder's lists."""
    deltas = _deltas_decoder(fmt)
    if deltas is None:
        one = fmt.decoder("positions")
        return lambda values: [one(v) for v in values]
    return lambda values: [list(accumulate(d)) for d in deltas(values)]


def _deltas_decoder(fmt):
    """For the plain Positions format (the position deltas pickled after the frequency), a function giving
    each value's list of deltas: the values' pickles are joined into one that unpickles as the list of their
    lists, one C call for all the documents instead of one each. None for another format (counted)."""
    if type(fmt) is not Positions:
        SPEED.add("positions", "whoosh")
        return None

    def decode(values: list[bytes]) -> list[list[int]]:
        try:
            deltas = _unpickle_together(values)
            SPEED.add("positions", "batch")
        except _NotPlainPickles:
            SPEED.add("positions", "accumulate")
            deltas = [loads(v[4:] if v.endswith(b".") else v[4:] + b".") for v in values]
        return deltas

    return decode


class _NotPlainPickles(ValueError):
    """A value that is not the frequency then a protocol-2 pickle of one list (a Whoosh that stores more)."""


_PICKLE_2 = b"\x80\x02"


def _unpickle_together(values: list[bytes]) -> list[list[int]]:
    """The lists pickled in `values` (each: a 4-byte frequency, then a protocol-2 pickle of a list of ints,
    its final STOP possibly cut), unpickled in one call: PROTO 2, MARK, each pickle's body (it pushes its
    list; their memo slots are never read back), LIST (the lists since the MARK), STOP (see _bodies)."""
    count = len(values)
    try:
        lists = loads(_PICKLE_2 + b"(" + b"".join(_bodies(values, _PICKLE_2)) + b"l.")
    except Exception as exc:  # a body this reading does not expect
        raise _NotPlainPickles(str(exc)) from exc
    if len(lists) != count or set(map(type, lists)) - {list}:
        raise _NotPlainPickles(f"{len(lists)} lists for {count} values")
    return lists


def _bodies(values: list[bytes], head: bytes) -> Iterable[bytes]:
    """Each Positions value's pickle after its 4-byte count and `head` (checked on every value, by C-level
    maps: a Python loop over them was a sixth of a common phrase's search), without its final STOP, which
    Whoosh's blocks may have cut. _NotPlainPickles when a value does not start so."""
    count, at = len(values), 4 + len(head)
    if not all(map(bytes.startswith, values, repeat(head, count), repeat(4, count))):
        raise _NotPlainPickles(next(v[:at + 2] for v in values if not v.startswith(head, 4)))
    if all(map(bytes.endswith, values, repeat(b".", count))):
        return map(itemgetter(slice(at, -1)), values)
    return (v[at:-1] if v.endswith(b".") else v[at:] for v in values)
