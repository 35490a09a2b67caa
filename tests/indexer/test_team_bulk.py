"""Bulk loading a team library (issue 15): an import writes its rows with COPY in batches, not one INSERT per
row, and the batching changes no decision: copies in the same batch are duplicates, corrections survive."""

from __future__ import annotations

import re
from collections import Counter

import psycopg
import pytest

from indexer.library import Library

from .test_team_concurrency import STORIES, as_uri, write_folder

ROW_TABLES = ("articles", "lsh_bands", "article_actors", "removed_lines", "article_pages", "files", "import_log",
              "search_docs")


@pytest.fixture
def statements(monkeypatch) -> Counter:
    """Every statement sent through psycopg in this process, counted by its first three words (plus " VALUES" for
    an INSERT of rows written out in the statement); COPYs as 'COPY table ...'."""
    seen: Counter = Counter()
    execute, executemany, copy = psycopg.Cursor.execute, psycopg.Cursor.executemany, psycopg.Cursor.copy

    def note(query, times=1):
        text = query if isinstance(query, str) else str(query)
        values = " VALUES" if re.search(r"\bVALUES\b", text, re.IGNORECASE) else ""
        seen[" ".join(text.split()[:3]) + values] += times

    def spy_execute(self, query, *args, **kwargs):
        note(query)
        return execute(self, query, *args, **kwargs)

    def spy_executemany(self, query, params_seq, *args, **kwargs):
        params_seq = list(params_seq)
        note(query, len(params_seq))
        return executemany(self, query, params_seq, *args, **kwargs)

    def spy_copy(self, statement, *args, **kwargs):
        note(statement)
        return copy(self, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", spy_execute)
    monkeypatch.setattr(psycopg.Cursor, "executemany", spy_executemany)
    monkeypatch.setattr(psycopg.Cursor, "copy", spy_copy)
    return seen


def _more_stories(folder, count: int) -> None:
    """`count` further invented stories, distinct enough never to be duplicates of each other."""
    towns = ["Arlen", "Brisk", "Corvo", "Dunmere", "Esk", "Fallow", "Garrow", "Hythe", "Ilsby", "Jarrow", "Kell",
             "Lowden"]
    trades = ["bakers", "nurses", "pilots", "miners", "teachers", "porters", "cooks", "drivers", "clerks",
              "welders", "tailors", "masons"]
    for n in range(count):
        town, trade = towns[n % len(towns)], trades[(n * 5) % len(trades)]
        (folder / f"20-{n:02d}.txt").write_text(
            f"{town} {trade} vote on new contract\n\nThe {trade} of {town} will vote on Thursday on a contract "
            f"offering story number {n} a shorter week. Talks in {town} lasted {n + 3} days, said a spokesman for "
            f"the {trade}, who asked the council of {town} to publish the {n + 11} pages of the offer in full.\n",
            encoding="utf-8")


def test_an_import_writes_its_rows_with_copy_not_row_by_row(pg_dsn, tmp_path, monkeypatch, statements):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "news"
    write_folder(folder)
    _more_stories(folder, 24)
    with Library(as_uri(pg_dsn)) as library:
        statements.clear()
        report = library.add([folder])
    assert len(report.added) == len(STORIES) + 24 and len(report.duplicates) == 2
    row_inserts = {s: n for s, n in statements.items()
                   if s.startswith("INSERT INTO") and s.endswith("VALUES") and s.split()[2] in ROW_TABLES}
    assert row_inserts == {}, f"row-by-row INSERTs: {row_inserts}"
    copied = {s.split()[1].removeprefix("pg_temp.") for s in statements if s.startswith("COPY")}
    assert {"articles_in", "lsh_bands", "files_in", "import_log", "search_docs_in"} <= copied
    # reads of the duplicate checks remain per article; the writes are a handful per batch
    # plus a fixed few per import (the shared actor documents' stamp, reads and write, the demo check, the lock)
    fixed = 30
    assert sum(statements.values()) < 8 * len(report.added) + fixed, "; ".join(
        f"{s} {n}" for s, n in statements.most_common())


def test_copies_in_one_batch_are_duplicates_and_batches_decide_as_one(pg_dsn, tmp_path, monkeypatch):
    """Tiny batches (two articles): each copy is checked against articles still pending or already written."""
    from indexer import pg_store
    from indexer.search import pg_engine

    monkeypatch.setattr(pg_store, "FLUSH_EVERY", 2)
    monkeypatch.setattr(pg_engine, "COPY_EVERY", 2)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "news"
    files = write_folder(folder)
    (folder / "10-harbour-exact.txt").write_text((folder / "01-harbour.txt").read_text(encoding="utf-8") + "\n\n",
                                                 encoding="utf-8")
    with Library(as_uri(pg_dsn)) as library:
        report = library.add([folder])
        assert len(report.added) == len(STORIES)
        of = sorted((d.path.rsplit("/", 1)[-1], d.title) for d in report.duplicates)
        harbour, orchard = STORIES["01-harbour"][0], STORIES["02-orchard"][0]
        assert of == [("08-harbour-wire.txt", harbour), ("09-orchard-wire.txt", orchard),
                      ("10-harbour-exact.txt", harbour)]
        assert library.search('"perishable cargo"').total == 1 and library.search("sleeper").total == 1
        assert len({e.path for e in library.store.log_entries()}) == len(files) + 1


def test_a_correction_survives_a_bulk_reimport_of_the_changed_file(pg_dsn, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "news"
    write_folder(folder)
    with Library(as_uri(pg_dsn)) as library:
        library.add([folder])
        article_id = library.search('"perishable cargo"').hits[0].id
        library.edit_article(article_id, "title", "Dockers strike at the northern harbour")
        path = folder / "01-harbour.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("forty ships", "forty-two ships"), encoding="utf-8")
        report = library.add([folder])
        assert [a.id for a in report.added] == [article_id]  # updated in place
        stored = library.store.get(article_id)
        assert stored.article.title == "Dockers strike at the northern harbour"
        assert "forty-two ships" in stored.article.text
        assert library.search('"forty-two ships"').hits[0].title == "Dockers strike at the northern harbour"


def test_a_grown_mailbox_adds_only_the_new_message_to_a_team_library(pg_dsn, tmp_path, monkeypatch):
    """Its earlier messages are recognised as the same parts (this once failed on PostgreSQL's SQL)."""
    from .sources_fixtures import make_email, make_mbox
    from .test_import_sources import story

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    box = tmp_path / "desk.mbox"
    first, second, third = (make_email(t, story(n)) for n, t in enumerate(["One", "Two", "Three"], 10))
    box.write_bytes(make_mbox([first, second]))
    with Library(as_uri(pg_dsn)) as library:
        assert len(library.add([box]).added) == 2
        box.write_bytes(make_mbox([third, first, second]))  # a new message on top shifts the others
        report = library.add([box])
        assert [a.title for a in report.added] == ["Three"]
        assert len(report.unchanged) == 2 and not report.duplicates and library.count() == 3
