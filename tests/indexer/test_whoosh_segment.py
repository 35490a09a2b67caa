"""The writer's in-memory term pool (indexer/search/_whoosh_segment.py) writes the segment stock Whoosh writes."""

from __future__ import annotations

from pathlib import Path

import pytest

import indexer.search._whoosh_segment as segment
from indexer.index import IndexDoc, SearchIndex
from indexer.search._whoosh_speed import SPEED
from indexer.search.whoosh_engine import INDEX_NAME, POSTING_COMPRESSION, analyse_for_index

WORDS = ("grain harbour talks ceasefire envoy Zelensky Зеленський переговоры Kyiv café São Paulo minister "
         "prime said the of a").split()


def _docs(n: int, offset: int = 0) -> list[IndexDoc]:
    """Documents of varied length and vocabulary; "grain" is in every one, so its postings fill several blocks."""
    docs = []
    for k in range(offset, offset + n):
        words = [WORDS[(k * 7 + i * (k % 5 + 1)) % len(WORDS)] for i in range(3 + k % 40)]
        body = "grain " + " ".join(words) + ("." if k % 3 else "")
        docs.append(IndexDoc(f"d{k}", f"Report {k} {WORDS[k % len(WORDS)]}", body, f"2025-03-{1 + k % 28:02d}",
                             "An Author" if k % 4 == 0 else "", "Wire", f"/x/d{k}.txt", f"h{k}", ("a-actor",)))
    return docs


def _add(writer, docs, analysed: bool) -> None:
    for doc in docs:
        writer.add_new(doc, analyse_for_index(doc.title, doc.body) if analysed else None)


def _build(path: Path, batches, analysed: bool = True) -> SearchIndex:
    ix = SearchIndex(path)
    for batch in batches:
        with ix.writer() as writer:
            _add(writer, batch, analysed)
    return ix


def _segment_bytes(path: Path) -> dict[str, list[bytes]]:
    """The bytes of every file inside the index's segments, by kind (terms, postings, columns...). The
    segment names are random, so the files are compared by content, not by name."""
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(path))
    out: dict[str, list[bytes]] = {}
    for seg in storage.open_index(INDEX_NAME)._segments():
        files = seg.open_compound_file(storage) if seg.is_compound() else storage
        for name in files.list():
            if not name.startswith(seg.segment_id()):
                continue
            with files.open_file(name) as f:
                out.setdefault(name.rsplit(".", 1)[-1], []).append(f.read())
    return {kind: sorted(parts) for kind, parts in out.items()}


def _stock(monkeypatch) -> None:
    monkeypatch.setattr(segment, "use_term_pool", lambda writer: segment._nothing)


@pytest.fixture(autouse=True)
def compress_every_block(monkeypatch):
    """Stock Whoosh compresses every block: so do these comparisons (small blocks are tested apart)."""
    monkeypatch.setattr(segment, "SMALL_BLOCK", 0)


@pytest.mark.parametrize("analysed", [True, False], ids=["pre-analysed", "analysed-by-whoosh"])
def test_one_commit_writes_the_segment_stock_whoosh_writes(tmp_path, monkeypatch, analysed):
    docs = _docs(300)
    SPEED.reset()
    ours = _build(tmp_path / "ours", [docs], analysed)
    assert SPEED.snapshot().get("postings.memory") == 1 and "postings.stock" not in SPEED.snapshot()
    _stock(monkeypatch)
    stock = _build(tmp_path / "stock", [docs], analysed)
    assert _segment_bytes(tmp_path / "ours") == _segment_bytes(tmp_path / "stock")
    assert ours.search("grain", limit=400).total == 300
    ours.close()
    stock.close()


def test_postings_grouped_and_blocks_encoded_as_they_come_write_the_same_segment(tmp_path, monkeypatch):
    docs = _docs(400)  # "grain" is in every one: three full blocks before its last
    monkeypatch.setattr(segment, "GROUP_EVERY", 7)  # grouped after nearly every document
    early = []
    encode = segment._encode_blocks
    monkeypatch.setattr(segment, "_encode_blocks",
                        lambda postings, shape, info, last=True: early.append(last) or encode(postings, shape, info, last))
    ours = _build(tmp_path / "ours", [docs])
    assert early.count(False) >= 3, "full blocks were encoded before the commit"
    _stock(monkeypatch)
    stock = _build(tmp_path / "stock", [docs])
    assert _segment_bytes(tmp_path / "ours") == _segment_bytes(tmp_path / "stock")
    ours.close()
    stock.close()


def test_merged_segments_replaced_and_deleted_documents_write_what_stock_whoosh_writes(tmp_path, monkeypatch):
    def build(path):
        ix = _build(path, [_docs(40), _docs(30, offset=40)])  # the second commit merges the first segment
        with ix.writer() as writer:
            writer.add(IndexDoc("d3", "Replaced", "grain envoy replaced text", "2025-04-01", "", "Wire", "/x/d3.txt",
                                "h3b", ()))
            writer.delete("d5")
        return ix

    ours = build(tmp_path / "ours")
    _stock(monkeypatch)
    stock = build(tmp_path / "stock")
    assert _segment_bytes(tmp_path / "ours") == _segment_bytes(tmp_path / "stock")
    hits = ours.search("grain", limit=100)
    assert hits.total == 69 and "d5" not in [h.id for h in hits.hits]
    ours.close()
    stock.close()


def test_a_pool_past_its_memory_budget_hands_over_to_whooshs_spilling_pool(tmp_path, monkeypatch):
    monkeypatch.setattr(segment, "MEMORY_POSTINGS", 50)
    docs = _docs(120)
    SPEED.reset()
    ours = _build(tmp_path / "ours", [docs])
    assert SPEED.snapshot().get("postings.stock") == 1, "the spilled pool's commit is counted as Whoosh's path"
    monkeypatch.undo()
    _stock(monkeypatch)
    stock = _build(tmp_path / "stock", [docs])
    assert _segment_bytes(tmp_path / "ours") == _segment_bytes(tmp_path / "stock")
    ours.close()
    stock.close()


def test_a_writer_without_whooshs_sorting_pool_keeps_its_own_and_says_so():
    class OddWriter:
        pool = object()

        def _flush_segment(self):
            raise AssertionError("not called here")

    SPEED.reset()
    writer = OddWriter()
    segment.use_term_pool(writer)
    assert type(writer.pool) is object
    assert SPEED.fallbacks() == {"postings.stock": 1}


def test_term_pool_yields_postings_in_a_sorting_pools_order():
    pool = segment._TermPool(stock=None, limit=1000)
    items = [("title", b"b", 2, 1.0, b""), ("body", b"z", 0, 1.0, b"x"), ("body", b"a", 3, 2.0, b"y"),
             ("body", b"a", 1, 1.0, b"w"), ("title", b"a", 0, 1.0, b"")]
    for item in items:
        pool.add(item)
    assert list(pool.iter_postings()) == sorted(items)


def test_a_merged_segments_postings_are_added_in_chunks_within_the_budget(monkeypatch):
    class Stock:
        def __init__(self):
            self.items = []

        def add(self, item):
            self.items.append(item)

    monkeypatch.setattr(segment, "CHUNK", 4)
    stock = Stock()
    pool = segment._TermPool(stock, limit=10)
    items = [("body", b"t%d" % (k % 3), k, 1.0, b"") for k in range(25)]
    pool.extend(iter(items))
    assert pool.spilled and sorted(stock.items) == sorted(items)


def test_small_blocks_are_stored_uncompressed_and_read_back_the_same(tmp_path, monkeypatch):
    docs = _docs(300)
    compressed = _build(tmp_path / "compressed", [docs])
    monkeypatch.setattr(segment, "SMALL_BLOCK", 4)
    mixed = _build(tmp_path / "mixed", [docs])
    levels = _block_levels(mixed)
    assert {level for size, level in levels if size < 4} == {0}
    assert {level for size, level in levels if size >= 4} == {POSTING_COMPRESSION}
    assert {level for _size, level in _block_levels(compressed)} == {POSTING_COMPRESSION}
    for query in ("grain", "envoy OR Kyiv", '"prime minister"', "переговоры"):
        ours, theirs = mixed.search(query, limit=300), compressed.search(query, limit=300)
        assert ours.total == theirs.total and [(h.id, h.score) for h in ours.hits] == [(h.id, h.score) for h in theirs.hits]
    compressed.close()
    mixed.close()


def _block_levels(ix) -> list[tuple[int, int]]:
    """(postings, zlib level) of every block of every term, from each block's header (whoosh3's leaf
    matcher reads one when it moves to a block)."""
    out = []
    with ix._ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            leaf = reader.postings(fieldname, text)
            while True:
                out.append((leaf._blocklength, leaf._compression))
                leaf._next_block()
                if leaf._atend:
                    break
    return out
