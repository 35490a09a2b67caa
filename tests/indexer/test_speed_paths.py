"""The fast paths are observable (issue 19): SPEED counts the path each step takes, and these tests fail when
one falls back to stock Whoosh on the queries and imports it is meant for (as whoosh3 3.39 once switched off
the in-memory lengths at commit, unnoticed)."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings, strategies as st

from indexer.library import Library
from indexer.search import _whoosh_speed as speed
from indexer.search._whoosh_speed import SPEED
from indexer.errors import QueryError
from indexer.search.engine import IndexDoc
from indexer.search.whoosh_engine import SearchIndex


def _doc(n: int, title: str, body: str) -> IndexDoc:
    return IndexDoc(f"d{n}", title, body, f"2025-04-{n % 28 + 1:02d}", "", "Coast Wire", f"/x/d{n}.txt", f"h{n}", ())


DOCS = [
    _doc(1, "Ferry crews strike", "Ferry crews stopped work over pay; the harbour master said talks resume."),
    _doc(2, "Harbour reopens", "The harbour reopened after the storm; ferry crews returned on Tuesday."),
    _doc(3, "Pay talks", "Pay talks between the union and the port authority continue; no ferry sailed."),
    _doc(4, "Storm warning", "A storm warning closed the coast road; the harbour master urged caution."),
]


@pytest.fixture
def index(tmp_path):
    """Two segments and a deletion: the layout an index has after a few imports."""
    ix = SearchIndex(tmp_path / "index")
    for batch in (DOCS[:2], DOCS[2:]):
        writer = ix.writer()
        for doc in batch:
            writer.add_new(doc)
        writer.commit(merge=False)
    writer = ix.writer()
    writer.add(_doc(2, "Harbour reopens", "The harbour reopened; ferry crews returned and the harbour master said so."))
    writer.commit(merge=False)
    SPEED.reset()
    yield ix
    ix.close()


def test_a_commit_takes_the_in_memory_lengths_path(tmp_path):
    SPEED.reset()
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        for doc in DOCS:
            writer.add_new(doc)
    ix.close()
    assert SPEED.snapshot().get("commit.memory", 0) >= 1
    assert SPEED.fallbacks() == {}


def test_an_import_commits_on_the_fast_path(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, doc in enumerate(DOCS):
        (folder / f"{n}.txt").write_text(f"{doc.title}\n\n{doc.body}\n", encoding="utf-8")
    SPEED.reset()
    with Library(tmp_path / "lib") as lib:
        assert len(lib.add([folder]).added) == len(DOCS)
    assert SPEED.snapshot().get("commit.memory", 0) >= 1
    assert "commit.stock" not in SPEED.snapshot()


def test_a_not_is_evaluated_in_bulk_with_whooshs_answer(index, monkeypatch):
    ours = index.search("NOT storm", limit=10)
    assert SPEED.snapshot().get("leaf.inverse", 0) >= 1
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)
    assert index.search("NOT storm", limit=10) == ours
    assert ours.total == 3


@pytest.mark.parametrize("query", [
    "ferry", "ferry harbour", "ferry AND harbour", "ferry OR storm", "harbour -storm", "harbour AND NOT ferry",
    "NOT storm", "(ferry OR storm) harbour", "title:harbour", "zzzabsent", "ferry OR zzzabsent",
])
def test_plain_terms_and_boolean_queries_are_scored_in_bulk(index, query):
    raw = index.search(query)
    counts = SPEED.snapshot()
    assert counts.get("search.bulk") == 1, counts
    if raw.total:
        assert counts.get("leaf.bulk", 0) >= 1 and counts.get("bm25.inline", 0) >= 1, counts
        assert counts.get("lengths.memory", 0) >= 1, counts
    assert SPEED.fallbacks() == {}, query


@pytest.mark.parametrize("query", ['"harbour master"', '"ferry crews returned"', '"harbour master" OR storm',
                                   '"pay talks" -storm', '"harbour zzzabsent"'])
def test_exact_phrases_take_the_adjacent_matcher(index, query):
    index.search(query)
    counts = SPEED.snapshot()
    phrases = counts.get("phrase.adjacent", 0) + counts.get("phrase.pairs", 0)  # pairs: on an index that has them
    assert phrases >= 1 and counts.get("search.bulk") == 1, counts
    assert SPEED.fallbacks() == {}, query


def test_phrase_positions_are_decoded_by_the_fast_decoder(index):
    assert index.search('"ferry crews returned"').total == 1  # three words: the pairs' candidates are checked
    assert SPEED.snapshot().get("positions.batch", 0) >= 1
    assert SPEED.fallbacks() == {}


def test_sorting_by_date_is_counted_but_is_no_fallback(index):
    index.search("harbour", sort="date")
    counts = SPEED.snapshot()
    assert counts.get("sorted.collector") == 1 and "search.bulk" not in counts
    assert SPEED.fallbacks() == {}


def test_a_fallback_to_the_collector_is_counted(index, monkeypatch):
    def broken(_matcher):
        raise AttributeError("a Whoosh internal moved")

    expected = index.search("ferry harbour")
    SPEED.reset()
    monkeypatch.setattr(speed, "_tree_scores", broken)
    assert index.search("ferry harbour") == expected
    assert SPEED.fallbacks() == {"search.collector": 1}


def test_a_fallback_to_whooshs_phrase_matching_is_counted(index, monkeypatch):
    expected = index.search('"harbour master"').total
    SPEED.reset()
    monkeypatch.setattr(speed, "_bulk_readable", lambda _matcher: False)
    assert index.search('"harbour master"').total == expected
    assert SPEED.fallbacks().get("phrase.whoosh", 0) >= 1


def test_a_commit_without_the_expected_writer_layout_is_counted(tmp_path, monkeypatch):
    class OtherWriter:  # a writer from a release without per_document_reader
        pass

    SPEED.reset()
    speed._flush_with_memory_lengths(OtherWriter())
    assert SPEED.fallbacks() == {"commit.stock": 1}


def test_counters_reset_and_snapshot_are_plain_data():
    SPEED.reset()
    SPEED.add("search", "bulk")
    SPEED.add("search", "collector")
    snapshot = SPEED.snapshot()
    snapshot["search.bulk"] = 99  # a copy: the counters are unchanged
    assert SPEED.snapshot() == {"search.bulk": 1, "search.collector": 1}
    assert SPEED.fallbacks() == {"search.collector": 1}
    SPEED.reset()
    assert SPEED.snapshot() == {}


def test_the_benchmark_reports_the_paths_and_no_fallbacks(tmp_path):
    from tests.benchmarks import queries, synth, worker

    corpus = synth.write_corpus(tmp_path / "corpus", 3)
    SPEED.reset()
    imported = worker.run_import(tmp_path / "library", corpus)
    assert imported["speed_paths"].get("commit.memory", 0) >= 1 and imported["speed_fallbacks"] == {}
    qs = [queries.BenchQuery("common", "talks"), queries.BenchQuery("phrase", '"told reporters"'),
          queries.BenchQuery("or", "talks OR minister")]
    searched = worker.run_search(tmp_path / "library", None, qs, reps=1)
    assert searched["speed_paths"].get("search.bulk", 0) >= 3 and searched["speed_fallbacks"] == {}


# -- both cores at import (issue 19, item 3) ---------------------------------------------------------------
def test_the_worker_pool_starts_before_the_first_file_is_asked_for(tmp_path, monkeypatch):
    import multiprocessing
    import time

    from indexer import pipeline

    paths = []
    for n, doc in enumerate(DOCS):
        path = tmp_path / f"{n}.txt"
        path.write_text(f"{doc.title}\n\n{doc.body}\n", encoding="utf-8")
        paths.append(str(path))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    before = set(multiprocessing.active_children())
    stream = pipeline.prepared_stream(paths, 10**7, workers=1)
    try:
        assert set(multiprocessing.active_children()) - before  # started, though nothing was asked for yet
        assert [batch[0].document.title for batch in stream] == [d.title for d in DOCS]
    finally:
        stream.close()
    deadline = time.monotonic() + 10
    while set(multiprocessing.active_children()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not set(multiprocessing.active_children()) - before


def test_the_actor_engine_is_built_while_the_workers_prepare_the_first_files(tmp_path, monkeypatch):
    from indexer import importer

    folder = tmp_path / "articles"
    folder.mkdir()
    for n, doc in enumerate(DOCS):
        (folder / f"{n}.txt").write_text(f"{doc.title}\n\n{doc.body}\n", encoding="utf-8")
    events = []
    monkeypatch.setattr(importer, "prepared_stream",
                        lambda paths, max_size, **_: (events.append("stream") or _recording(paths, max_size, events)))
    original = Library.actors_engine.fget

    def engine(self):
        if self._actors is None:
            events.append("engine built")
        return original(self)

    monkeypatch.setattr(Library, "actors_engine", property(engine))
    with Library(tmp_path / "lib") as lib:
        assert len(lib.add([folder]).added) == len(DOCS)
    assert events[:3] == ["stream", "engine built", "file asked for"]


def _recording(paths, max_size, events):
    from indexer.pipeline import prepare_file

    for path in paths:
        events.append("file asked for")
        yield prepare_file(path, max_size)


# -- phrase positions decoded together (issue 19: BBC p95) -----------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(0, 2**31 - 1), max_size=1300).map(sorted), st.booleans()),
                max_size=12))
def test_positions_decoded_together_equal_whooshs_one_by_one(rows):
    from whoosh.formats import Positions

    fmt = Positions()
    values = [fmt.encode(positions)[: -1 if cut else None] for positions, cut in rows]  # Whoosh may cut the STOP
    assert speed._positions_decoder(fmt)(values) == [fmt.decode_positions(v) for v in values]


def test_positions_in_another_layout_are_decoded_one_by_one_and_counted(monkeypatch):
    from whoosh.formats import Positions

    fmt = Positions()
    values = [fmt.encode([2, 9]), b"\x00\x00\x00\x01" + pickle.dumps([4], protocol=4)]  # not protocol 2
    SPEED.reset()
    assert speed._positions_decoder(fmt)(values) == [[2, 9], [4]]
    assert SPEED.fallbacks() == {"positions.accumulate": 1}


def test_a_pickle_that_unpickles_to_something_else_is_not_taken_for_positions():
    with pytest.raises(speed._NotPlainPickles):
        speed._unpickle_together([b"\x00\x00\x00\x01\x80\x02K\x05."])  # an int, not a list
    with pytest.raises(speed._NotPlainPickles):
        speed._unpickle_together([b"\x00\x00\x00\x01\x80\x02]q\x00K\x03a", b"\x00\x00\x00\x01\x80\x02(broken"])


_PHRASE_VOCAB = ["he", "said", "the", "prime", "minister", "told", "bbc", "last", "year", "talks"]


@pytest.fixture(scope="module")
def long_phrase_index(tmp_path_factory):
    """Random articles over a few words, some long (more than 1,000 positions of a word) in two segments."""
    import random

    rng = random.Random(19)
    ix = SearchIndex(tmp_path_factory.mktemp("phrases") / "index")
    for segment in range(2):
        with ix.writer() as writer:
            for n in range(30):
                words = rng.choices(_PHRASE_VOCAB, k=rng.choice([5, 40, 300, 12000]))
                writer.add_new(_doc(100 * segment + n, "", " ".join(words)))
    yield ix
    ix.close()


def _assert_whooshs_own_answer(index, phrase: str, ours) -> None:
    """`ours` (the fast search of `phrase`) has the documents, scores and total of Whoosh's own span matcher."""
    import indexer.search.whoosh_engine as engine

    original = engine._fast_phrases
    engine._fast_phrases = lambda q: q  # Whoosh's own span matcher
    try:
        theirs = index.search(phrase, limit=100)
    finally:
        engine._fast_phrases = original
    assert [(h.id, round(h.score, 9)) for h in ours.hits] == [(h.id, round(h.score, 9)) for h in theirs.hits]
    assert ours.total == theirs.total


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_VOCAB), min_size=2, max_size=4))
def test_random_phrases_give_whooshs_documents_scores_and_totals(long_phrase_index, words):
    phrase = '"' + " ".join(words) + '"'
    try:
        ours = long_phrase_index.search(phrase, limit=100)
    except QueryError:
        return  # only stop words
    _assert_whooshs_own_answer(long_phrase_index, phrase, ours)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_VOCAB), min_size=2, max_size=4))
def test_random_phrases_on_arrays_give_whooshs_documents_scores_and_totals(long_phrase_index, words):
    """The same through the array path that phrases of many candidates take (100k articles)."""
    phrase = '"' + " ".join(words) + '"'
    original_min = speed.ARRAY_PHRASE_MIN
    speed.ARRAY_PHRASE_MIN = 0
    SPEED.reset()
    try:
        ours = long_phrase_index.search(phrase, limit=100)
    except QueryError:
        return  # only stop words
    finally:
        speed.ARRAY_PHRASE_MIN = original_min
    counts = SPEED.snapshot()
    assert "adjacent.sets" not in counts and SPEED.fallbacks() == {}, counts
    _assert_whooshs_own_answer(long_phrase_index, phrase, ours)


def test_a_phrase_of_many_candidates_is_matched_on_arrays(long_phrase_index, monkeypatch):
    monkeypatch.setattr(speed, "ARRAY_PHRASE_MIN", 0)
    SPEED.reset()
    assert long_phrase_index.search('"prime minister"').total > 0
    assert SPEED.snapshot().get("adjacent.arrays", 0) >= 1 and SPEED.fallbacks() == {}


def test_flat_deltas_read_every_kind_of_pickled_position_list():
    import numpy
    from whoosh.formats import Positions

    fmt = Positions()
    lists = [[5], [0], [300, 302, 70302], [1, 2, 3], [2 ** 31 - 1]]  # positions: deltas of 1, 2 and 4 bytes
    values = [fmt.encode(positions) for positions in lists]
    values[1] = values[1][:-1]  # a STOP cut, as Whoosh's blocks may keep it
    assert speed._flat_deltas(values) == [d for positions in lists for d in _deltas(positions)]
    keys = speed._position_keys(numpy, values, 0)
    want = sorted((n << 32) | p for n, positions in enumerate(lists) for p in positions)
    assert keys.tolist() == want
    shifted = speed._position_keys(numpy, values, 1)  # the second term of a phrase: position - 1, none below 0
    assert shifted.tolist() == sorted((n << 32) | (p - 1) for n, positions in enumerate(lists) for p in positions if p)


def _deltas(positions: list[int]) -> list[int]:
    return [positions[0]] + [b - a for a, b in zip(positions, positions[1:])]


def test_positions_that_are_not_plain_pickles_leave_the_array_path_counted(monkeypatch):
    values = [b"\x00\x00\x00\x01" + pickle.dumps([4], protocol=4)]
    with pytest.raises(speed._NotPlainPickles):
        speed._flat_deltas(values)
    import numpy

    with pytest.raises(speed._NotPlainPickles):  # counts that do not match the positions
        speed._position_keys(numpy, [b"\x00\x00\x00\x02" + pickle.dumps([4], protocol=2)], 0)


# -- highlight candidates (issue 19: snippets are half of a common search) ------------------------------
_SURFACE = st.text(st.sampled_from("aAbBgGyYéÉkKK'’ʼ.-_ 1\n"), max_size=60)
_TERMS = st.frozensets(st.text(st.sampled_from("abgyék'’1._"), min_size=0, max_size=5), min_size=1, max_size=4)


@settings(max_examples=400, deadline=None)
@given(text=_SURFACE, terms=_TERMS)
def test_highlight_candidates_are_the_tokens_the_prefix_regex_found(text, terms):
    import re

    from indexer.search import analysis

    prefixes = sorted({analysis._surface_prefix(t[: max(1, min(3, len(t) - 1))]) for t in terms}, key=len,
                      reverse=True)
    before = re.compile(analysis._TOKEN_START + "(?=" + "|".join(prefixes) + ")(?:" + analysis._TOKEN_PATTERN + ")",
                        re.IGNORECASE)  # the candidates regex without its first-letter lookahead
    assert [m.span() for m in analysis._candidates(terms).finditer(text)] == [m.span() for m in before.finditer(text)]


def test_highlight_candidates_look_for_the_first_letters_first():
    from indexer.search import analysis

    assert analysis._candidates(frozenset({"googl", "yahoo"})).pattern.startswith("[GYgy]")
    assert analysis._candidates(frozenset({"'t"})).pattern.startswith("['ʼ’]")


# -- word pairs: exact phrases without unpickling positions (issue 19, 100k) ----------------------------
_MAKE_SCHEMA = __import__("indexer.search.whoosh_engine", fromlist=["make_schema"]).make_schema


def _schema_without_pairs():
    """The schema of the version before the pairs field."""
    schema = _MAKE_SCHEMA()
    schema.remove("pairs")
    return schema


COMMON_DOCS = [
    _doc(1, "Talks", "He said the talks would resume next week; last year he said the same."),
    _doc(2, "Ferry", "The ferry crews said he was right. Last year the harbour closed."),
    _doc(3, "Port", "Last, the year ended; he, said the harbour master, went home."),  # punctuation: still adjacent
]


@pytest.fixture
def common_index(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    for batch in (COMMON_DOCS[:2], COMMON_DOCS[2:]):
        with ix.writer() as writer:
            for doc in batch:
                writer.add_new(doc)
    SPEED.reset()
    yield ix
    ix.close()


@pytest.mark.parametrize("phrase, total", [('"he said"', 2), ('"last year"', 3), ('"said he"', 1),
                                            ('"he said the talks"', 1), ('"year he said"', 1)])
def test_a_phrase_of_common_words_is_matched_through_the_word_pairs(common_index, phrase, total):
    assert common_index.has_phrase_pairs and not common_index.outdated
    assert common_index.search(phrase).total == total
    counts = SPEED.snapshot()
    assert counts.get("phrase.pairs", 0) >= 1 and SPEED.fallbacks() == {}, counts
    if phrase.count(" ") == 1:  # one pair: its posting list is the answer, no position is decoded
        assert not any(key.startswith("positions.") for key in counts), counts


def test_a_pairs_documents_are_read_in_blocks_in_a_segment_with_deleted_documents(tmp_path):
    """Whoosh wraps a posting list of a segment with deletions to skip them; the pair's ids were then read
    through that wrapper one generator step at a time (a quarter of "he said" at BBC scale), uncounted."""
    ix = SearchIndex(tmp_path / "index")
    docs = [_doc(n, f"Talks {n}", f"He said the talks on item {n} would resume.") for n in range(1, 9)]
    with ix.writer() as writer:
        for doc in docs:
            writer.add_new(doc)
    with ix.writer() as writer:
        writer.delete("d3")
    SPEED.reset()
    try:
        result = ix.search('"he said"', limit=20)
        assert result.total == 7 and "d3" not in {hit.id for hit in result.hits}
        counts = SPEED.snapshot()
        assert counts.get("pairs.blocks", 0) >= 1 and SPEED.fallbacks() == {}, counts
    finally:
        ix.close()


def test_a_phrase_with_a_rarer_word_is_matched_on_positions(common_index):
    assert common_index.search('"harbour master"').total == 1
    assert SPEED.snapshot().get("phrase.adjacent", 0) >= 1 and "phrase.pairs" not in SPEED.snapshot()


def test_the_pairs_of_a_document_are_its_adjacent_common_words_with_their_counts():
    from indexer.search.whoosh_engine import _ANALYSIS_SCHEMA, pair_postings, pair_terms

    paired = pair_terms(_ANALYSIS_SCHEMA)
    body = _ANALYSIS_SCHEMA["body"].index("He said the talks, he said last year, went well.")
    items = pair_postings(body, paired).items
    assert {term: n for term, n, _weight, _value in items} == {b"he said": 2, b"said last": 1, b"last year": 1}
    assert pair_postings([], paired).items == ()


def test_pairs_made_for_another_list_of_common_words_are_made_again(tmp_path):
    from indexer.search import whoosh_engine

    analysed = whoosh_engine.analyse_for_index("Talks", "He said so last year.")
    schema = whoosh_engine.make_schema()
    schema.remove("pairs")
    schema.add("pairs", whoosh_engine.PairField(words=("said", "so")))  # an index built with another list
    values = whoosh_engine._with_pairs(whoosh_engine._fields(IndexDoc("x", "Talks", "He said so last year."),
                                                             analysed), analysed, schema)
    assert [item[0] for item in values["pairs"].items] == [b"said so"]


LEGACY_ARTICLES = {
    "a.txt": "Harbour talks\n\nThe harbour master said the ferry crews returned. He said so twice.\n",
    "b.txt": "Night trains\n\nHe said the night trains return; the harbour master agreed.\n",
}


@pytest.fixture
def library_without_pairs(tmp_path, monkeypatch):
    """A library whose index was written by the version before the pairs field."""
    from indexer.search import whoosh_engine

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in LEGACY_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path / "lib"
    with Library(path) as lib:
        lib.add([folder])
        with monkeypatch.context() as m:
            m.setattr(whoosh_engine, "make_schema", _schema_without_pairs)
            lib.rebuild()
    return path


def test_an_index_without_pairs_is_searched_the_old_way_with_a_note_then_upgraded(library_without_pairs, tmp_path):
    with Library(library_without_pairs) as lib:
        assert lib.index_outdated and not lib.index.has_phrase_pairs
        assert "exact phrases" in lib.index_note and "rebuild" in lib.index_note
        SPEED.reset()
        before = [(h.id, h.score) for h in lib.search('"he said"').hits]
        assert len(before) == 2 and SPEED.snapshot().get("phrase.adjacent", 0) >= 1
        assert "phrase.pairs" not in SPEED.snapshot()
        lib.edit_details(before[0][0], {"title": "Harbour talks resume"})  # a write into the old index: no pairs
        (tmp_path / "more").mkdir()
        (tmp_path / "more" / "c.txt").write_text("Grain\n\nThe grain ships sailed at dawn.\n", encoding="utf-8")
        steps = [step.message for step in _steps(lib.iter_add([tmp_path / "more"]))]
        assert "Upgrading the search index" in steps
        assert not lib.index_outdated and lib.index.has_phrase_pairs and lib.index_note == ""
        SPEED.reset()
        assert sorted(h.id for h in lib.search('"he said"').hits) == sorted(doc for doc, _score in before)
        assert SPEED.snapshot().get("phrase.pairs", 0) >= 1


def _steps(gen):
    while True:
        try:
            yield next(gen)
        except StopIteration:
            return


def test_rebuild_adds_the_pairs_with_progress(library_without_pairs, capsys):
    from indexer import cli

    assert cli.main(["--library", str(library_without_pairs), "search", '"harbour master"']) == 0
    assert "exact phrases" in capsys.readouterr().err
    assert cli.main(["--library", str(library_without_pairs), "rebuild"]) == 0
    with Library(library_without_pairs) as lib:
        assert lib.index.has_phrase_pairs and lib.search('"harbour master"').total == 2


def test_the_benchmark_upgrades_a_cached_library_written_before_the_pairs(library_without_pairs):
    from tests.benchmarks import run

    run.upgrade_index(library_without_pairs)
    with Library(library_without_pairs) as lib:
        assert lib.index.has_phrase_pairs and not lib.index_outdated


def test_blocks_read_in_bulk_equal_whooshs_ids_and_weights(long_phrase_index):
    """Uniform and varied weights, one-posting and many-block lists: the same ids and weights as Whoosh's."""
    with long_phrase_index._ix.reader() as reader:
        for segment in reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]:
            sub = segment[0]
            for fieldname, text in sub.all_terms():
                ours, theirs = sub.postings(fieldname, text), sub.postings(fieldname, text)
                if not hasattr(ours, "_byteids"):
                    continue  # a list kept inline with its term
                while ours.is_active():
                    speed._read_block(ours)
                    theirs._read_ids()
                    theirs._read_weights()
                    assert list(ours._ids) == list(theirs._ids) and list(ours._weights) == list(theirs._weights)
                    ours._next_block()
                    theirs._next_block()


def test_a_search_reads_its_posting_blocks_on_the_fast_path(index):
    index.search("harbour OR ferry")
    assert SPEED.snapshot().get("block.accumulate", 0) >= 2 and SPEED.fallbacks() == {}


def test_the_whole_process_benchmark_runs_this_checkouts_code(tmp_path, monkeypatch):
    import contextlib
    import subprocess
    import sys

    from tests.benchmarks import queries, run

    calls = []

    def fake_run(cmd, **kwargs):
        calls.append((cmd, kwargs.get("cwd")))
        return subprocess.CompletedProcess(cmd, 0, stdout="{}", stderr="")

    @contextlib.contextmanager
    def fake_server(base, runtime_dir):
        calls.append((base + ["serve"], run.REPO))
        yield {"XDG_RUNTIME_DIR": runtime_dir}

    monkeypatch.setattr(run.subprocess, "run", fake_run)
    monkeypatch.setattr(run, "_search_server", fake_server)
    out = run.whole_process_search(tmp_path, None, [queries.BenchQuery("common", "talks")])
    assert out["queries"] == 1 and "served_median_s" in out
    search = [sys.executable, "-m", "indexer.cli", "--library", str(tmp_path), "search", "talks", "--json"]
    assert calls == [(search[:5] + ["serve"], run.REPO), (search, run.REPO), (search, run.REPO)]  # cold, then served
