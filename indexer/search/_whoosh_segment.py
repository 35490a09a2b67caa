"""The Whoosh writer's postings kept in memory, grouped per term and written a block at a time at commit.

Stock Whoosh sends every posting of an import through a sorting pool (a tuple per posting, sorted at
commit) and then through FieldWriter.add_postings, a Python loop that calls the posting writer once per
posting and reads the document's field length once per posting. For an import whose postings fit in the
pool's memory budget, _TermPool appends them to a list (no call per posting) and groups them by field and
term as they come (no sort of the postings), and _write_postings hands the posting writer one block (up to
its block limit) at a time, through the posting writer's own
_write_block and finish_term: the segment written is byte for byte the one stock Whoosh writes (a test
compares them), but for its smallest blocks, left uncompressed (SMALL_BLOCK). Past the budget the pool
hands everything to Whoosh's own pool, which spills sorted runs to disk as before. SPEED counts which path
each commit took ("postings.memory" or "postings.stock").
"""

from __future__ import annotations

import logging
from array import array
from itertools import islice
from operator import itemgetter

from ._whoosh_speed import SPEED, _MemoryLengths

log = logging.getLogger(__name__)

SPEED.FAST.setdefault("postings", {"memory"})

# Postings kept in memory before the pool hands over to Whoosh's spilling pool: about 200 bytes each
# (the tuple, its term and position bytes), so about Whoosh's own 128 MB pool budget.
MEMORY_POSTINGS = 650_000

CHUNK = 65_536  # postings of a merged segment added at a time
GROUP_EVERY = 20_000  # postings appended before the pool groups them by term (a hundred articles or so)
# A block of fewer postings is written uncompressed (each block records its level; readers read either).
# zlib makes these few bytes no smaller, often larger: on BBC the index stays 13.2 MB and the commit
# takes a tenth less. 0 compresses every block, as stock Whoosh does.
SMALL_BLOCK = 4
_by_docnum = itemgetter(2)
_field_and_term = itemgetter(0)  # of a (key, postings) pair: the key (field name, term bytes)


class _TermPool:
    """A stand-in for whoosh.writing.PostingPool: the (field, term bytes, docnum, weight, value) postings
    appended to a list (add is the list's own append: no Python call per posting) and grouped by field and
    term every GROUP_EVERY postings (check(), after each document: in a writer process, while the library
    process works on the next article) and at commit; everything else (cleanup, attributes) is the stock
    pool's. check() hands over to the stock pool once past the budget."""

    def __init__(self, stock, limit: int):
        self._stock = stock
        self._limit = limit
        self._items: list[tuple] = []
        self._by_term: dict[tuple[str, bytes], list[tuple]] = {}
        self._grouped = 0
        self.add = self._items.append
        self.spilled = False

    def extend(self, items) -> None:
        for chunk in iter(lambda: list(islice(items, CHUNK)), []):
            if self.spilled:
                for item in chunk:
                    self._stock.add(item)
            else:
                self._items.extend(chunk)
                self.check()

    def check(self) -> None:
        """Group the postings added since the last check once there are GROUP_EVERY; hand every posting to
        the stock pool, and use it from now on, once past the budget (it sorts them and spills sorted runs
        to disk)."""
        if self.spilled:
            return
        if len(self._items) >= GROUP_EVERY:
            self._group()
        if self._grouped + len(self._items) > self._limit:
            self._spill()

    def _group(self) -> None:
        by_term = self._by_term
        for item in self._items:
            key = item[0], item[1]
            postings = by_term.get(key)
            if postings is None:
                by_term[key] = [item]
            else:
                postings.append(item)
        self._grouped += len(self._items)
        self._items.clear()  # the same list: `add` stays its append

    def _spill(self) -> None:
        stock_add = self._stock.add
        for item in self.iter_postings():
            stock_add(item)
        self._by_term.clear()
        self._items.clear()
        self.add = stock_add
        self.spilled = True

    def fields(self) -> list[tuple[str, list[tuple[bytes, list[tuple]]]]]:
        """Each field with its terms and their postings, in the order a sorting pool yields them (field name,
        term bytes, docnum)."""
        self._group()
        out: dict[str, list] = {}
        for (fieldname, btext), postings in sorted(self._by_term.items(), key=_field_and_term):
            postings.sort(key=_by_docnum)  # already in order unless a merge added them otherwise: linear
            out.setdefault(fieldname, []).append((btext, postings))
        return list(out.items())

    def iter_postings(self):
        if self.spilled:
            return self._stock.iter_postings()
        return (item for _, terms in self.fields() for _, postings in terms for item in postings)

    def __getattr__(self, name):
        return getattr(self._stock, name)


def use_term_pool(writer):
    """Give a Whoosh SegmentWriter the in-memory term pool and the block-at-a-time flush (see the module
    docstring); any other writer or layout keeps Whoosh's own, counted as "postings.stock" at commit.
    Returns the check to call after each added document (it keeps the pool within its memory budget)."""
    from whoosh.writing import PostingPool

    stock_pool = getattr(writer, "pool", None)
    original_flush = getattr(writer, "_flush_segment", None)
    if type(stock_pool) is not PostingPool or original_flush is None or not _writes_w3(writer):
        SPEED.add("postings", "stock")
        return _nothing
    pool = writer.pool = _TermPool(stock_pool, MEMORY_POSTINGS)

    def add_postings_to_pool(reader, startdoc, docmap):  # a merged segment's postings, as Whoosh adds them
        pool.extend(writer._process_posts(reader.iter_postings(), startdoc, docmap))

    def flush_segment():
        if pool.spilled:
            SPEED.add("postings", "stock")
            return original_flush()
        SPEED.add("postings", "memory")
        _flush_from_memory(writer, pool)

    writer.add_postings_to_pool = add_postings_to_pool
    writer._flush_segment = flush_segment
    return pool.check


def _nothing() -> None:
    pass


def _writes_w3(writer) -> bool:
    """Whether the writer's field writer is whoosh3's, whose posting writer _write_block drives."""
    from whoosh.codec.whoosh3 import W3FieldWriter

    return type(getattr(writer, "fieldwriter", None)) is W3FieldWriter


def _flush_from_memory(writer, pool: _TermPool) -> None:
    """SegmentWriter._flush_segment with the postings written per term from the pool."""
    writer.perdocwriter.close()
    lengths = writer.per_document_reader() if writer.codec.length_stats else None
    _write_postings(writer.fieldwriter, writer.schema, lengths, pool.fields())
    writer.fieldwriter.close()
    if lengths is not None:
        lengths.close()


def _write_postings(fieldwriter, schema, lengths, fields) -> None:
    """What FieldWriter.add_postings writes for the same postings, one block at a time (a block of fewer than
    SMALL_BLOCK postings uncompressed)."""
    for fieldname, terms in fields:
        fieldwriter.start_field(fieldname, schema[fieldname])
        postwriter = fieldwriter._postwriter
        postwriter._briefing_level = postwriter._compression  # the codec's level
        column = _length_column(lengths, fieldname)
        for btext, postings in terms:
            if postings[0][2] == -1:  # a spelling word (docnum -1, sorted first), which add_postings skips
                postings = [p for p in postings if p[2] != -1]
                if not postings:
                    continue
            fieldwriter.start_term(btext)
            _write_term(postwriter, postings, column)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _write_term(postwriter, postings: list[tuple], column) -> None:
    """Fill the posting writer's block as add_posting would, writing each full block; finish_term writes
    the last one."""
    limit = postwriter._blocklimit
    if len(postings) <= limit:
        _fill_block(postwriter, postings, column)
        return
    for start in range(0, len(postings), limit):
        if start:
            postwriter._write_block()
        _fill_block(postwriter, postings[start:start + limit], column)


def _fill_block(postwriter, block: list[tuple], column) -> None:
    """Set the posting writer's buffered block to these postings, with the statistics add_posting keeps."""
    _, _, ids, weights, values = zip(*block)
    postwriter._ids = array("I", ids)
    postwriter._weights = array("f", weights)
    postwriter._values = [v for v in values if v] if not all(values) else list(values)
    postwriter._maxweight = max(0, max(weights))  # add_posting keeps the first weight above 0, else 0
    postwriter._compression = 0 if len(block) < SMALL_BLOCK else postwriter._briefing_level
    if column is None:
        postwriter._minlength, postwriter._maxlength = None, 0
        return
    sizes = list(map(column, ids))
    if 0 in sizes:  # add_posting leaves a length of 0 out of the bounds
        sizes = [n for n in sizes if n]
    postwriter._minlength = min(sizes) if sizes else None
    postwriter._maxlength = max(sizes) if sizes else 0


def _length_column(lengths, fieldname: str):
    """docnum -> the field's length in the new segment (what add_postings reads per posting), or None."""
    if lengths is None:
        return None
    if isinstance(lengths, _MemoryLengths):
        return lengths.column(fieldname).__getitem__
    return lambda docnum: lengths.doc_field_length(docnum, fieldname)
