"""Each analyst's files are their own in a team library (QA): another machine's file of the same name is
another file, never one to update, so nobody's article is replaced by a stranger's."""

from __future__ import annotations

import psycopg

from indexer import pg_store
from indexer.library import Library

from .test_team_concurrency import as_uri

MOLDOVA = ("Moldova opens talks on gas transit\n\nChisinau, 2025-07-08\n\nMoldova's energy minister opened talks "
           "on gas transit with two suppliers on Tuesday, saying the country cannot leave people in the cold.\n")
GEORGIA = ("Georgia opposition rally fills Tbilisi avenue\n\nTbilisi, 2025-07-09\n\nThousands of people filled "
           "Rustaveli Avenue on Wednesday evening in a rally called by the opposition after the vote.\n")


def _as(monkeypatch, analyst: str) -> None:
    monkeypatch.setattr(pg_store, "_ANALYST", analyst)


def test_another_analysts_file_of_the_same_name_is_a_new_article(pg_dsn, tmp_path, monkeypatch):
    uri = as_uri(pg_dsn)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "article.txt"
    path.write_text(MOLDOVA, encoding="utf-8")
    _as(monkeypatch, "anna@laptop")
    with Library(uri) as lib:
        [moldova] = lib.add([path]).added
    path.write_text(GEORGIA, encoding="utf-8")  # the same name on Bob's machine, another story
    _as(monkeypatch, "bob@desk")
    with Library(uri) as lib:
        report = lib.add([path])
        assert [a.updated for a in report.added] == [False] and report.added[0].id != moldova.id
        assert lib.count() == 2 and lib.search("suppliers").total == 1
        assert lib.article(moldova.id).title == "Moldova opens talks on gas transit"


def test_the_same_analyst_changing_a_file_still_updates_its_article(pg_dsn, tmp_path, monkeypatch):
    uri = as_uri(pg_dsn)
    path = tmp_path / "article.txt"
    path.write_text(MOLDOVA, encoding="utf-8")
    _as(monkeypatch, "anna@laptop")
    with Library(uri) as lib:
        [first] = lib.add([path]).added
        assert lib.add([path]).unchanged
        path.write_text(MOLDOVA.replace("two suppliers", "three suppliers"), encoding="utf-8")
        report = lib.add([path])
        assert [(a.id, a.updated) for a in report.added] == [(first.id, True)] and lib.count() == 1


def test_a_record_from_before_files_were_per_analyst_tells_unchanged_files_only(pg_dsn, tmp_path, monkeypatch):
    uri = as_uri(pg_dsn)
    path = tmp_path / "article.txt"
    path.write_text(MOLDOVA, encoding="utf-8")
    _as(monkeypatch, "anna@laptop")
    with Library(uri) as lib:
        [first] = lib.add([path]).added
    with psycopg.connect(pg_dsn, autocommit=True) as conn:  # as an older version recorded it: the bare path
        conn.execute("UPDATE files SET path = %s", (str(path),))
    _as(monkeypatch, "bob@desk")
    with Library(uri) as lib:
        assert [u.id for u in lib.add([path]).unchanged] == [first.id]
        path.write_text(GEORGIA, encoding="utf-8")
        report = lib.add([path])
        assert [a.updated for a in report.added] == [False] and lib.count() == 2
