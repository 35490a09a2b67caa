"""The Whoosh writer's postings kept in memory, grouped per term and written a term at a time at commit.

Stock Whoosh sends every posting of an import through a sorting pool (a tuple per posting, sorted at
commit) and then through FieldWriter.add_postings, a Python loop that calls the posting writer once per
posting and reads the document's field length once per posting. For an import whose postings fit in the
pool's memory budget, _TermPool appends them to a list (no call per posting) and groups them by field and
term as they come (no sort of the postings), and _write_postings encodes each term's blocks as whoosh3's
posting writer does (_encode_term) and writes them with one call: the segment written is byte for byte the
one stock Whoosh writes (tests compare them), but for its smallest blocks, left uncompressed (SMALL_BLOCK).
Past the budget the pool hands everything to Whoosh's own pool, which spills sorted runs to disk as before.
SPEED counts which path each commit took ("postings.memory" or "postings.stock").
"""

from __future__ import annotations

import logging
import zlib
from array import array
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter, sub
from pickle import dumps as _dumps
from struct import Struct

from ._whoosh_speed import SPEED, _MemoryLengths  # first: imports Whoosh lightly

from whoosh.util.numeric import length_to_byte  # noqa: E402

log = logging.getLogger(__name__)


# Postings kept in memory before the pool hands over to Whoosh's spilling pool: about 200 bytes each
# (the tuple, its term and position bytes), so about Whoosh's own 128 MB pool budget.
MEMORY_POSTINGS = 650_000

CHUNK = 65_536  # postings of a merged segment added at a time
BLOCK_POSTINGS = 128  # whoosh3's block limit (W3Codec's default; _BlockShape.limit is the codec's own)
GROUP_EVERY = 20_000  # postings appended before the pool groups them by term (a hundred articles or so)
# A block of fewer postings is written uncompressed (each block records its level; readers read either).
# zlib makes these few bytes no smaller, often larger: on BBC the index stays 13.2 MB and the commit
# takes a tenth less. 0 compresses every block, as stock Whoosh does.
SMALL_BLOCK = 4
_by_docnum = itemgetter(2)
_HEADER = b"W3Bl"  # whoosh3's WHOOSH3_HEADER_MAGIC, before a term's first block
_pack_int = Struct("!i").pack  # whoosh.system.pack_int
_field_and_term = itemgetter(0)  # of a (key, postings) pair: the key (field name, term bytes)


class _TermPool:
    """A stand-in for whoosh.writing.PostingPool: the (field, term bytes, docnum, weight, value) postings
    appended to a list (add is the list's own append: no Python call per posting) and grouped by field and
    term every GROUP_EVERY postings (check(), after each document: in a writer process, while the library
    process works on the next article) and at commit; everything else (cleanup, attributes) is the stock
    pool's. check() hands over to the stock pool once past the budget."""

    def __init__(self, stock, limit: int, early=None):
        self._stock = stock
        self._limit = limit
        self._items: list[tuple] = []
        self._by_term: dict[tuple[str, bytes], list[tuple]] = {}
        self._grouped = 0
        self.add = self._items.append
        self.spilled = False
        self.early = early  # field name -> _BlockShape of its blocks encoded as they fill; None: all at commit
        self._partial: dict[tuple[str, bytes], _Partial] = {}

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
        by_term, grown = self._by_term, set()
        for item in self._items:
            key = item[0], item[1]
            postings = by_term.get(key)
            if postings is None:
                by_term[key] = [item]
            else:
                postings.append(item)
                if len(postings) > BLOCK_POSTINGS:
                    grown.add(key)
        self._grouped += len(self._items)
        self._items.clear()  # the same list: `add` stays its append
        if self.early is not None:
            self._encode_full_blocks(grown)

    def _encode_full_blocks(self, keys) -> None:
        """Encode the terms' blocks that are full and have a posting after them: nothing added later (every
        document comes after those in them) changes them, so the commit only writes them."""
        for key in keys:
            postings, partial = self._by_term[key], self._partial.get(key)
            shape = self.early(key[0])
            done = partial.count if partial is not None else 0
            full = (len(postings) - done - 1) // shape.limit
            if full <= 0 or postings[0][2] == -1:  # none yet, or spelling words (left to the commit)
                continue
            if partial is None:
                partial = self._partial[key] = _Partial.new()
            end = done + full * shape.limit
            partial.parts += _encode_blocks(postings[done:end], shape, partial.info, last=False)
            partial.count = end

    def _spill(self) -> None:
        stock_add = self._stock.add
        for item in self.iter_postings():
            stock_add(item)
        self._by_term.clear()
        self._items.clear()
        self.add = stock_add
        self.spilled = True

    def fields(self) -> list[tuple[str, list[tuple[bytes, list[tuple], "_Partial | None"]]]]:
        """Each field with its terms, their postings and the blocks already encoded, in the order a sorting
        pool yields them (field name, term bytes, docnum)."""
        self._group()
        out: dict[str, list] = {}
        partials = self._partial
        for key, postings in sorted(self._by_term.items(), key=_field_and_term):
            postings.sort(key=_by_docnum)  # already in order unless a merge added them otherwise: linear
            out.setdefault(key[0], []).append((key[1], postings, partials.get(key)))
        return list(out.items())

    def iter_postings(self):
        if self.spilled:
            return self._stock.iter_postings()
        return (item for _, terms in self.fields() for _, postings, _partial in terms for item in postings)

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
    pool = writer.pool = _TermPool(stock_pool, MEMORY_POSTINGS, early=_early_shapes(writer))

    def add_postings_to_pool(reader, startdoc, docmap):  # a merged segment's postings, as Whoosh adds them
        pool.early = None  # its documents' lengths are not the ones _early_shapes records
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


def _early_shapes(writer):
    """field name -> the _BlockShape of blocks encoded before the commit, with each document's field lengths
    recorded as the per-document writer stores them (a byte each, read back as the commit reads them); None
    when the per-document writer is not whoosh3's."""
    from collections import defaultdict

    from whoosh.codec.whoosh3 import W3PerDocWriter
    from whoosh.util.numeric import byte_to_length

    perdoc = writer.perdocwriter
    if type(perdoc) is not W3PerDocWriter:
        return None
    lengths: dict[str, defaultdict] = defaultdict(lambda: defaultdict(int))
    stored_field = perdoc.add_field

    def add_field(fieldname, fieldobj, value, length):
        stored_field(fieldname, fieldobj, value, length)
        if length and (byte := length_to_byte(length)):
            lengths[fieldname][perdoc._docnum] = byte_to_length(byte)

    perdoc.add_field = add_field
    codec, schema, shapes = writer.codec, writer.schema, {}

    def shape(fieldname: str) -> _BlockShape:
        if fieldname not in shapes:
            shapes[fieldname] = _BlockShape(codec._blocklimit, codec._compression,
                                            schema[fieldname].format.fixed_value_size(),
                                            lengths[fieldname].__getitem__)
        return shapes[fieldname]

    return shape


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
    """What FieldWriter.add_postings writes for the same postings: each term's blocks encoded here, as
    whoosh3's posting writer encodes them (_encode_term), written with one call, and its term info added
    to the terms table (a block of fewer than SMALL_BLOCK postings uncompressed)."""
    from whoosh.codec.whoosh3 import W3TermInfo
    from whoosh.system import pack_ushort

    postfile, terms_table = fieldwriter._postfile, fieldwriter._tindex
    for fieldname, terms in fields:
        fieldwriter.start_field(fieldname, schema[fieldname])
        postwriter = fieldwriter._postwriter
        shape = _BlockShape(postwriter._blocklimit, postwriter._compression, fieldwriter._format.fixed_value_size(),
                            _length_column(lengths, fieldname))
        field_key = pack_ushort(fieldwriter._fieldid)
        offset = postfile.tell()
        for btext, postings, partial in terms:
            if partial is not None:  # its first blocks encoded while the import went on
                info = partial.info
                data = b"".join((_HEADER, *partial.parts, *_encode_blocks(postings[partial.count:], shape, info)))
            else:
                if postings[0][2] == -1:  # a spelling word (docnum -1, sorted first), which add_postings skips
                    postings = [p for p in postings if p[2] != -1]
                    if not postings:
                        continue
                info = W3TermInfo()
                data = _encode_term(postings, shape, info)
            postfile.write(data)
            info.set_extent(offset, len(data))
            offset += len(data)
            terms_table.add(field_key + btext, info.to_bytes())
        fieldwriter.finish_field()


@dataclass(frozen=True)
class _BlockShape:
    """How a field's posting blocks are made: postings per block, zlib level, the format's fixed value size
    (None: a tuple of values; 0: none; n: joined), and docnum -> field length (or None)."""

    limit: int
    level: int
    fixed_size: int | None
    column: object


def _encode_term(postings: list[tuple], shape: _BlockShape, info) -> bytes:
    """A term's posting bytes as W3PostingsWriter writes them: its header, then its blocks (_encode_blocks),
    with the term's statistics added to `info` as W3TermInfo.add_block adds them."""
    return b"".join((_HEADER, *_encode_blocks(postings, shape, info)))


def _encode_blocks(postings: list[tuple], shape: _BlockShape, info, last: bool = True) -> list[bytes]:
    """Each block of `limit` postings: its signed length, its pickled info, its pickled (and compressed)
    data; the length of the term's last block is negative (`last`: the postings end with the term's)."""
    parts = []
    limit = shape.limit
    for start in range(0, len(postings), limit):
        block = postings[start:start + limit]
        _, _, ids, weights, values = zip(*block)
        weights32 = array("f", weights)
        maxweight = max(0, max(weights))  # add_posting keeps the first weight above 0, else 0
        minlength, maxlength = _length_bounds(ids, shape.column)
        _add_block(info, ids, weights32, minlength, maxlength, maxweight)
        level = 0 if len(block) < SMALL_BLOCK else shape.level
        data = _dumps((_delta_ids(ids), _mini_weights(weights32), _mini_values(values, shape.fixed_size)), 2)
        if level:
            data = zlib.compress(data, level)
        head = _dumps((len(ids), ids[-1], maxweight, level, length_to_byte(minlength), length_to_byte(maxlength)), 2)
        size = len(head) + len(data)
        parts += (_pack_int(-size if last and start + limit >= len(postings) else size), head, data)
    return parts


class _Partial:
    """A term's first blocks, encoded before the commit: their bytes, the term info so far, their postings."""

    __slots__ = ("parts", "info", "count")

    def __init__(self, info):
        self.parts: list[bytes] = []
        self.info = info
        self.count = 0

    @classmethod
    def new(cls) -> "_Partial":
        from whoosh.codec.whoosh3 import W3TermInfo

        return cls(W3TermInfo())


def _add_block(info, ids, weights32, minlength, maxlength, maxweight) -> None:
    """W3TermInfo.add_block for one block."""
    info._weight += sum(weights32)
    info._df += len(ids)
    info._minlength = minlength if info._minlength is None else min(info._minlength, minlength)
    info._maxlength = max(info._maxlength, maxlength)
    info._maxweight = max(info._maxweight, maxweight)
    if info._minid is None:
        info._minid = ids[0]
    info._maxid = ids[-1]


def _length_bounds(ids, column) -> tuple[int | None, int]:
    """The block's shortest and longest field length, lengths of 0 left out (add_posting's minlength and
    maxlength); (None, 0) when the field keeps no lengths."""
    if column is None:
        return None, 0
    sizes = list(map(column, ids))
    if 0 in sizes:
        sizes = [n for n in sizes if n]
    return (min(sizes), max(sizes)) if sizes else (None, 0)


def _delta_ids(ids: tuple[int, ...]) -> tuple[int, ...]:
    """W3PostingsWriter._mini_ids: each id minus the one before (the first as it is)."""
    if len(ids) == 1:
        return ids
    return (ids[0], *map(sub, ids[1:], ids))


def _mini_weights(weights32: array):
    """W3PostingsWriter._mini_weights: None when all are 1.0, the one value when all are equal, else a tuple."""
    first = weights32[0]
    if first == 1.0 and weights32.count(1.0) == len(weights32):
        return None
    if weights32.count(first) == len(weights32):
        return first
    return tuple(weights32)


def _mini_values(values: tuple, fixed_size: int | None):
    """W3PostingsWriter._mini_values, of the values add_posting kept (the non-empty ones)."""
    kept = values if all(values) else tuple(v for v in values if v)
    if fixed_size is None or fixed_size < 0:
        return kept
    return None if fixed_size == 0 else b"".join(kept)


def _length_column(lengths, fieldname: str):
    """docnum -> the field's length in the new segment (what add_postings reads per posting), or None."""
    if lengths is None:
        return None
    if isinstance(lengths, _MemoryLengths):
        return lengths.column(fieldname).__getitem__
    return lambda docnum: lengths.doc_field_length(docnum, fieldname)
