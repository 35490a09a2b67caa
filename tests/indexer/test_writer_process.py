"""The index writer in a process of its own (indexer/search/whoosh_writer_process.py): the same index as an
in-process writer, errors and the lock reported here, nothing written when it fails."""

from __future__ import annotations

import os
import signal

import pytest

from indexer.errors import LibraryLockedError
from indexer.index import IndexDoc, SearchIndex
from indexer.search._whoosh_speed import SPEED
from indexer.search.whoosh_engine import analyse_for_index
from indexer.search.whoosh_writer_process import IndexWriterGoneError, ProcessIndexWriter

from .test_whoosh_segment import _docs


def _contents(ix: SearchIndex) -> dict:
    """Every term's postings (document, weight, positions) and every stored document, read back. (The
    bytes on disk may differ: a block's pickle shares equal position encodings made in one process.)"""
    out: dict = {}
    with ix._ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            m = reader.postings(fieldname, text)
            rows = []
            while m.is_active():
                rows.append((reader.stored_fields(m.id())["id"], m.weight(), m.value()))
                m.next()
            out[(fieldname, text)] = rows
        out["stored"] = sorted(sorted(fields.items()) for _, fields in reader.iter_docs())
    return out


def _write(writer, docs) -> None:
    for doc in docs:
        writer.add_new(doc, analyse_for_index(doc.title, doc.body))


def test_a_writer_process_writes_the_segment_an_in_process_writer_writes(tmp_path):
    docs = _docs(120)
    contents = []
    for name, procs in (("here", 1), ("there", 2)):
        ix = SearchIndex(tmp_path / name)
        SPEED.reset()
        with ix.writer(procs=procs) as writer:
            assert isinstance(writer, ProcessIndexWriter) == (procs == 2)
            _write(writer, docs)
        assert SPEED.snapshot().get("postings.memory") == 1, "the writer process's counts came back"
        assert SPEED.fallbacks() == {}
        with ix.writer(procs=procs) as writer:  # a replacement and a deletion, as an import's fixes make them
            writer.add(IndexDoc("d3", "Replaced", "grain envoy replaced", "2025-04-01", "", "Wire", "/x/d3.txt", "z", ()))
            writer.delete("d5")
        assert ix.search("grain", limit=200).total == 119
        contents.append(_contents(ix))
        ix.close()
    assert contents[0] == contents[1]


def test_a_held_lock_is_reported_by_the_writer_processs_first_answer_and_nothing_is_written(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    held = ix.writer()
    writer = ix.writer(procs=2)
    with pytest.raises(LibraryLockedError, match="being written by another process"):
        _write(writer, _docs(3))
        writer.commit()
    writer.cancel()  # after the failure: no error of its own
    held.cancel()
    assert ix.doc_count() == 0


def test_an_error_in_the_writer_process_is_raised_here_and_the_batch_is_dropped(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    writer = ix.writer(procs=2)
    _write(writer, _docs(2))
    writer.add_new(IndexDoc("bad", "Bad", "text", "2025-01-01", "", "Wire", "/x/bad.txt", "hb", ()), analysed="not postings")
    with pytest.raises(Exception) as raised:
        _write(writer, _docs(2, offset=10))
        writer.commit()
    assert not isinstance(raised.value, IndexWriterGoneError)
    assert ix.doc_count() == 0
    with ix.writer() as again:  # the lock was released
        _write(again, _docs(1))
    assert ix.doc_count() == 1


def test_a_killed_writer_process_is_reported_plainly_and_leaves_the_index_as_it_was(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        _write(writer, _docs(2))
    writer = ix.writer(procs=2)
    _write(writer, _docs(3, offset=10))
    os.kill(writer._process.pid, signal.SIGKILL)
    writer._process.join(10)
    with pytest.raises(IndexWriterGoneError, match="stopped unexpectedly .* Import again"):
        _write(writer, _docs(3, offset=20))
        writer.commit()
    ix.forget_searchers()
    assert ix.doc_count() == 2


def test_cancel_writes_nothing_and_frees_the_lock(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    writer = ix.writer(procs=2)
    _write(writer, _docs(4))
    writer.cancel()
    assert ix.doc_count() == 0
    with ix.writer() as again:
        _write(again, _docs(1))
    assert ix.doc_count() == 1


def _folder(tmp_path, n: int):
    folder = tmp_path / "articles"
    folder.mkdir()
    words = "grain envoy harbour ferry customs tariff convoy pipeline drought orchard quarry glacier".split()
    for k in range(n):
        story = " ".join(words[(k * j + j) % len(words)] + f"{(k * 31 + j) % 97}" for j in range(40))
        (folder / f"{k:03d}.txt").write_text(f"Harbour talks round {k}\n\nThe envoy said {story}.\n", encoding="utf-8")
    return folder


def test_a_big_import_writes_its_index_in_a_writer_process_with_the_same_result(tmp_path, monkeypatch):
    import indexer.importer as importer
    from indexer.library import Library
    from indexer.search import whoosh_writer_process

    started = []
    original = whoosh_writer_process.ProcessIndexWriter.__init__
    monkeypatch.setattr(whoosh_writer_process.ProcessIndexWriter, "__init__",
                        lambda self, path: started.append(path) or original(self, path))
    folder = _folder(tmp_path, importer.PARALLEL_MIN_FILES)
    results = []
    for name, threshold in (("bulk", importer.PARALLEL_MIN_FILES), ("plain", 10**9)):
        monkeypatch.setattr(importer, "PARALLEL_MIN_FILES", threshold)
        lib = Library(tmp_path / name)
        SPEED.reset()
        report = lib.add([folder])
        assert len(report.added) == len(list(folder.iterdir())) and not report.duplicates
        assert SPEED.snapshot().get("postings.memory") == 1 and SPEED.fallbacks() == {}
        hits = lib.search("envoy", limit=100)
        results.append((hits.total, sorted((h.title, round(h.score, 6)) for h in hits.hits)))
        lib.close()
    assert len(started) == 1, "only the big import started a writer process"
    assert results[0] == results[1]


def test_postings_pickled_by_a_worker_index_as_the_objects_do(tmp_path):
    from indexer.pipeline import PreparedFile, _packed

    docs = _docs(30)
    contents = []
    for name, procs, packed in (("objects", 1, False), ("bytes", 1, True), ("bytes-there", 2, True)):
        ix = SearchIndex(tmp_path / name)
        SPEED.reset()
        with ix.writer(procs=procs) as writer:
            for doc in docs:
                analysed = analyse_for_index(doc.title, doc.body)
                if packed:
                    analysed = _packed(PreparedFile("x", analysed=analysed)).analysed
                    assert isinstance(analysed, bytes)
                writer.add_new(doc, analysed)
        assert SPEED.snapshot().get("analysis.direct") == 30
        contents.append(_contents(ix))
        ix.close()
    assert contents[0] == contents[1] == contents[2]


def test_ctrl_c_in_the_terminal_leaves_the_writer_process_to_the_library_process(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    writer = ix.writer(procs=2)
    _write(writer, _docs(3))
    os.kill(writer._process.pid, signal.SIGINT)  # the terminal sends it to the whole process group
    _write(writer, _docs(2, offset=10))
    writer.commit()
    assert ix.doc_count() == 5


@pytest.mark.parametrize("procs", [1, 2])
def test_work_alongside_the_commit_is_done_and_the_batch_committed_on_return(tmp_path, procs):
    """An import saves its actors while the writer process writes the segment (commit_alongside)."""
    ix = SearchIndex(tmp_path / "index")
    writer = ix.writer(procs=procs)
    _write(writer, _docs(5))
    done = []
    writer.commit_alongside(lambda: done.append("actors saved"))
    assert done == ["actors saved"]
    assert ix.doc_count() == 5


@pytest.mark.parametrize("procs", [1, 2])
def test_an_error_of_the_work_alongside_is_raised_and_the_commit_still_ends(tmp_path, procs):
    ix = SearchIndex(tmp_path / "index")
    writer = ix.writer(procs=procs)
    _write(writer, _docs(3))

    def fail():
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        writer.commit_alongside(fail)
    ix.forget_searchers()
    assert ix.doc_count() == 3
    with ix.writer(procs=procs) as again:  # the lock was released
        _write(again, _docs(1, offset=10))
    assert ix.doc_count() == 4


def test_an_error_of_the_writer_process_is_raised_after_the_work_alongside(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    writer = ix.writer(procs=2)
    _write(writer, _docs(2))
    writer.add_new(IndexDoc("bad", "Bad", "text", "2025-01-01", "", "Wire", "/x/bad.txt", "hb", ()), analysed="not postings")
    done = []
    with pytest.raises(Exception) as raised:
        writer.commit_alongside(lambda: done.append("actors saved"))
    assert not isinstance(raised.value, IndexWriterGoneError)
    assert ix.doc_count() == 0
    with ix.writer() as again:  # the lock was released
        _write(again, _docs(1))
    assert ix.doc_count() == 1
