"""Posting blocks unpickled without their positions when a search needs only ids and weights, and with
bytes() for Whoosh's _codecs.encode when it needs them (issue 19, _whoosh_speed._block_data): each path is
taken on the searches it is meant for (a fallback fails here) and gives Whoosh's own answer."""

from __future__ import annotations

import pickle
import random
import zlib

import pytest
from hypothesis import given, settings, strategies as st

from indexer.search import _whoosh_speed as speed
from indexer.search._whoosh_speed import SPEED
from indexer.search.engine import IndexDoc
from indexer.search.whoosh_engine import SearchIndex

_WORDS = ["he", "said", "last", "year", "harbour", "ferry", "crews", "storm", "pay", "talks", "told", "bbc"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Long posting lists (many blocks of 128) with positions, in two segments, with deletions."""
    rng = random.Random(19)
    ix = SearchIndex(tmp_path_factory.mktemp("decode") / "index")
    for segment in range(2):
        with ix.writer() as writer:
            for n in range(600):
                body = " ".join(rng.choices(_WORDS, k=rng.choice([4, 30, 120])))
                writer.add_new(IndexDoc(f"s{segment}d{n}", "Port", body, "2025-05-01", "", "Wire", f"/x/{n}", "", ()))
    with ix.writer() as writer:
        for n in range(0, 600, 9):
            writer.delete(f"s0d{n}")
    yield ix
    ix.close()


def _whooshs_decoding(raw, compression, count, values):
    """What W3LeafMatcher._read_data unpickles (the slow path)."""
    return pickle.loads(zlib.decompress(raw) if compression else bytes(raw))


def _answers(ix, queries):
    return [ix.search(q, limit=30) for q in queries]


_PLAIN = ["said", "harbour ferry", "storm OR talks", "year -pay", "crews"]
_PAIRS = ['"he said"', '"last year"']  # two common words: their pair's list says where they stand together
_POSITIONS = ['"told bbc"', '"harbour ferry crews"', '"pay talks"', '"he said last year"']


@pytest.mark.parametrize("query", _PLAIN + _PAIRS)
def test_scored_words_and_pairs_read_only_ids_and_weights(index, query):
    SPEED.reset()
    assert index.search(query).total > 0
    counts = SPEED.snapshot()
    assert counts.get("decode.weights", 0) >= 2, counts  # blocks of both segments, positions left packed
    assert "decode.bytes" not in counts and SPEED.fallbacks() == {}


@pytest.mark.parametrize("query", _POSITIONS)
def test_phrases_checked_on_positions_unpickle_them_with_bytes(index, query):
    SPEED.reset()
    assert index.search(query).total > 0
    assert SPEED.snapshot().get("decode.bytes", 0) >= 2 and SPEED.fallbacks() == {}


def test_searches_give_whooshs_hits_scores_and_totals(index, monkeypatch):
    queries = _PLAIN + _PAIRS + _POSITIONS
    ours = _answers(index, queries)
    monkeypatch.setattr(speed, "_block_data", _whooshs_decoding)
    assert _answers(index, queries) == ours
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)  # Whoosh's collector
    for theirs, mine in zip(_answers(index, queries), ours):
        assert theirs.total == mine.total > 0
        assert [(h.id, h.score) for h in theirs.hits] == [(h.id, h.score) for h in mine.hits]


def test_each_block_is_decoded_as_whoosh_decodes_it(index):
    with index._ix.reader() as reader:
        for sub, _offset in reader.leaf_readers():
            for word in sub.lexicon("body"):  # the words as analysed (ferry: ferri)
                leaf = sub.postings("body", word)
                leaf = getattr(leaf, "child", leaf)
                rest = speed._InMemoryBlocks.of(leaf)
                assert rest is not None
                while True:
                    raw = rest.data[leaf._dataoffset - rest.base:leaf._nextoffset - rest.base]
                    whole = _whooshs_decoding(raw, leaf._compression, leaf._blocklength, True)
                    assert speed._block_data(raw, leaf._compression, leaf._blocklength, True) == whole
                    assert speed._block_data(raw, leaf._compression, leaf._blocklength, False) == (*whole[:2], None)
                    if leaf._lastblock:
                        break
                    rest.goto(leaf, leaf._nextoffset)


# -- blocks of every shape, and of other layouts ----------------------------------------------------------
_VALUE = st.binary(min_size=1, max_size=12) | st.sampled_from([b"c_codecs\nencode\n", b"(", b"\x80\x02."])
_WEIGHTS = st.none() | st.floats(0.5, 9.0) | st.lists(st.floats(allow_nan=False), min_size=1, max_size=1)


@st.composite
def _blocks(draw):
    """(ids, weights, values) as W3PostingsWriter minifies them: id gaps, None/one float/a float a posting."""
    count = draw(st.integers(1, 140))
    ids = tuple(draw(st.lists(st.integers(0, 70000), min_size=count, max_size=count)))
    weights = draw(_WEIGHTS)
    if isinstance(weights, list):
        weights = tuple(draw(st.lists(st.floats(allow_nan=False), min_size=count, max_size=count)))
    values = draw(st.lists(_VALUE, min_size=count, max_size=count))
    if draw(st.booleans()):  # one bytes object for several postings, as _one_position's cache gives them
        values = [values[0] if i % 3 == 0 else v for i, v in enumerate(values)]
    return ids, weights, tuple(values)


@settings(max_examples=300, deadline=None)
@given(block=_blocks(), level=st.sampled_from([0, 1, 3]), chunk=st.sampled_from([1, 7, 2048]))
def test_any_block_decodes_as_whooshs_on_the_fast_paths(block, level, chunk):
    raw = pickle.dumps(block, 2)
    raw = zlib.compress(raw, level) if level else raw
    count = len(block[0])
    SPEED.reset()
    chunk, speed._HEAD_CHUNK = speed._HEAD_CHUNK, chunk  # decompressed a few bytes at a time, too
    try:
        assert speed._block_data(memoryview(raw), level, count, True) == block
        assert speed._block_data(memoryview(raw), level, count, False) == (*block[:2], None)
    finally:
        speed._HEAD_CHUNK = chunk
    assert SPEED.snapshot() == {"decode.bytes": 1, "decode.weights": 1}


@pytest.mark.parametrize("weights", [None, 2.0, (1.0, 3.0, 2.0, 1.0, 5.0)])
def test_fixed_size_values_joined_in_one_bytes_object_decode_on_the_fast_paths(weights):
    """A frequency list's block (the word pairs'): its 4-byte values joined, one bytes object, no MARK."""
    block = ((3, 1, 4, 1, 5), weights, b"\x00\x00\x00\x01" * 5)
    raw = zlib.compress(pickle.dumps(block, 2), 1)
    SPEED.reset()
    assert speed._block_data(raw, 1, 5, True) == block
    assert speed._block_data(raw, 1, 5, False) == (*block[:2], None)
    assert SPEED.snapshot() == {"decode.bytes": 1, "decode.weights": 1}


def test_a_cut_that_looks_like_a_mark_is_tried_both_ways():
    """One weight for the block, whose last byte is a MARK's ('('), then one bytes object."""
    weight = next(w for w in (1.0 + n * 2.0 ** -52 for n in range(1000)) if pickle.dumps(w, 2)[-2:-1] == b"(")
    block = ((7, 2, 9, 4), weight, b"\x00\x00\x00\x02" * 4)
    raw = pickle.dumps(block, 2)
    SPEED.reset()
    assert speed._block_data(raw, 0, 4, False) == (*block[:2], None)
    assert SPEED.fallbacks() == {}


def test_a_block_without_values_is_unpickled_as_it_is():
    """A block of a format without values: nothing to leave out, so no fallback either."""
    block = ((3, 1, 4), (2.0, 1.0, 5.0), None)
    SPEED.reset()
    for values in (True, False):
        assert speed._block_data(zlib.compress(pickle.dumps(block, 2)), 1, 3, values) == block
    assert SPEED.snapshot() == {"decode.plain": 2} and SPEED.fallbacks() == {}


@pytest.mark.parametrize("block, count", [
    (((1, 2), 1.0, (b"ab", b"cd")), 5),  # fewer postings than the block's info says
    (((1, 2, 3, 4), 1.0, (b"a", b"b", b"c", b"d")), 3),  # more
    (([1, 2, 3, 4, 5], None, (b"a", b"b", b"c", b"d", b"e")), 5),  # ids in a list: not Whoosh's tuple
    ({"ids": (1, 2), "values": (b"a", b"b")}, 2),  # not a tuple at all
])
def test_a_block_of_another_layout_is_unpickled_whole_and_counted(block, count):
    raw = zlib.compress(pickle.dumps(block, 2))
    SPEED.reset()
    assert speed._block_data(raw, 1, count, False) == block
    assert SPEED.fallbacks() == {"decode.stock": 1}
    assert speed._block_data(raw, 1, count, True) == block  # bytes() for _codecs.encode: any layout's answer


def test_a_block_whose_values_bytes_cannot_rebuild_is_unpickled_whoosh_s_way():
    """_codecs.encode with a binary codec (never in Whoosh's blocks): bytes() refuses it, Whoosh's way follows."""
    import codecs

    class Hex:
        def __reduce__(self):
            return codecs.encode, (b"ab", "hex")

    raw = pickle.dumps(((1,), None, (Hex(),)), 2)
    SPEED.reset()
    assert speed._block_data(raw, 0, 1, True) == ((1,), None, (b"6162",))
    assert SPEED.fallbacks() == {"decode.stock": 1}


def test_damaged_block_data_raises_as_whooshs_own_reading_does():
    """The search then reports a damaged index (IndexCorruptError), never a wrong answer."""
    raw = zlib.compress(pickle.dumps(((1, 2, 3, 4), None, (b"a", b"b", b"c", b"d")), 2))
    for values in (True, False):
        with pytest.raises(zlib.error):
            speed._block_data(b"\x00\x00" + raw[2:], 1, 4, values)
        with pytest.raises(EOFError):  # as pickle.loads itself
            speed._block_data(b"\x80\x02(K\x01", 0, 1, values)  # a pickle cut short
