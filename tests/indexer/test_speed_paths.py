"""The fast paths are observable (issue 19): SPEED counts the path each step takes, and these tests fail when
one falls back to stock Whoosh on the queries and imports it is meant for (as whoosh3 3.39 once switched off
the in-memory lengths at commit, unnoticed)."""

from __future__ import annotations

import pytest

from indexer.library import Library
from indexer.search import _whoosh_speed as speed
from indexer.search._whoosh_speed import SPEED
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
    assert counts.get("phrase.adjacent", 0) >= 1 and counts.get("search.bulk") == 1, counts
    assert SPEED.fallbacks() == {}, query


def test_phrase_positions_are_decoded_by_the_fast_decoder(index):
    assert index.search('"harbour master"').total == 3
    assert SPEED.snapshot().get("positions.accumulate", 0) >= 1
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
