"""A rebuild of a team library's search tables is invisible to the other analysts until it commits (issue 15).

Two engines on one schema stand for two analysts: one rebuilds, the other searches meanwhile and must find the
old rows, without waiting for a lock; after the commit it finds the new ones at once. A rebuild cancelled or
cut off midway leaves the old rows as they were. The articles are invented for these tests."""

from __future__ import annotations

import time
from urllib.parse import quote, urlencode

import pytest

from indexer.library import Library
from indexer.search import pg_engine
from indexer.search.engine import IndexDoc
from indexer.search.pg_engine import PgEngine

pytestmark = pytest.mark.postgresql

OLD = (
    IndexDoc("r1", "Harbour cranes idle", "Dockers at Valmora walked out over night shifts.", date="2025-04-01"),
    IndexDoc("r2", "Ferry timetable cut", "The island ferry now sails twice a week.", date="2025-04-02"),
)
NEW = (
    IndexDoc("r1", "Harbour cranes idle", "Dockers at Valmora walked out over night shifts; the quay "
             "stayed shut.", date="2025-04-01"),
    IndexDoc("r3", "Lighthouse keeper retires", "After forty winters the keeper of Skarne lighthouse "
             "handed over the lamp.", date="2025-04-03"),
)


@pytest.fixture
def analysts(pg_dsn, monkeypatch):
    """(the rebuilding analyst's engine, the searching analyst's engine) on one library holding OLD."""
    monkeypatch.setattr(pg_engine, "COPY_EVERY", 1)  # every added row reaches the server at once
    rebuilding, searching = PgEngine(pg_dsn), PgEngine(pg_dsn)
    with rebuilding.writer() as writer:
        for doc in OLD:
            writer.add(doc)
    yield rebuilding, searching
    for writer in _STARTED:  # a failed test's open transaction would hold up dropping the schema
        writer.cancel()
    _STARTED.clear()
    rebuilding.close()
    searching.close()


def found(engine: PgEngine, query: str) -> set[str]:
    """The ids `query` finds, within two seconds (a search held up by a rebuild's lock would run out)."""
    return {hit.id for hit in engine.search(query, limit=50, time_budget=2.0).hits}


_STARTED: list = []  # the rebuilds' writers, cancelled after each test


def half_rebuilt(engine: PgEngine):
    """A rebuild started and fed NEW, not committed."""
    engine.recreate()
    writer = engine.writer()
    _STARTED.append(writer)
    for doc in NEW:
        writer.add_new(doc)
    return writer


def test_others_search_the_old_rows_until_the_rebuild_commits(analysts):
    rebuilding, searching = analysts
    writer = half_rebuilt(rebuilding)
    started = time.monotonic()
    assert found(searching, "ferry OR dockers") == {"r1", "r2"}
    assert found(searching, "lighthouse OR quay") == set()
    assert searching.doc_count() == 2
    assert searching.expand("lightho%", "lightho*") == []  # the new words are not offered yet either
    assert time.monotonic() - started < 2
    writer.commit()
    assert found(searching, "ferry OR dockers") == {"r1"}  # r2 is gone with the rebuild
    assert found(searching, "lighthouse OR quay") == {"r1", "r3"}
    assert searching.doc_count() == 2 and searching.expand("ferr%", "ferr*") == []
    assert searching.expand("lightho%", "lightho*") == ["lighthous"]


@pytest.mark.parametrize("how", ["cancelled", "connection lost"])
def test_a_rebuild_stopped_midway_leaves_the_old_rows(analysts, how):
    rebuilding, searching = analysts
    writer = half_rebuilt(rebuilding)
    if how == "cancelled":
        writer.cancel()
    else:  # as when the server stops or the process dies: PostgreSQL rolls the transaction back
        writer._conn.close()
    assert found(searching, "ferry OR dockers") == {"r1", "r2"}
    assert found(searching, "lighthouse OR quay") == set()
    assert searching.expand("ferr%", "ferr*") == ["ferri"]


def test_the_writer_after_a_rebuild_adds_as_usual(analysts):
    rebuilding, searching = analysts
    half_rebuilt(rebuilding).commit()
    with rebuilding.writer() as writer:  # an import after the rebuild replaces nothing
        writer.add(OLD[1])
    assert found(searching, "ferry OR lighthouse") == {"r2", "r3"} and searching.doc_count() == 3


def test_rows_another_analyst_adds_during_a_rebuild_are_kept(analysts):
    rebuilding, searching = analysts
    writer = half_rebuilt(rebuilding)
    with searching.writer() as other:  # an import committed while the rebuild runs
        other.add(IndexDoc("r4", "Tug crews vote", "Tug crews at Valmora voted on the pay offer."))
    writer.commit()
    assert found(searching, "tug") == {"r4"}
    assert searching.expand("tu%", "tu*") == ["tug"]
    assert found(searching, "ferry") == set()


def test_a_rebuild_records_the_analyzer_only_when_it_commits(analysts):
    rebuilding, searching = analysts
    rebuilding._run("UPDATE search_meta SET value = 'old' WHERE key = 'analyzer'", commit=True)
    writer = half_rebuilt(rebuilding)
    assert searching.outdated
    writer.cancel()
    assert searching.outdated
    half_rebuilt(rebuilding).commit()
    assert not searching.outdated


# -- through the library, as `briefing-index rebuild` runs it ---------------------------------------------
PLACES = ["Valmora", "Skarne", "Oduya", "Lindqvist", "Brevik", "Tallow", "Marsh", "Quenby", "Ardent", "Corrin",
          "Duvall", "Esker"]
EVENTS = ["ferry", "strike", "harvest", "flood", "election", "bridge", "festival", "quarry", "rail", "school",
          "clinic", "tariff"]


def stories(folder, count: int) -> list:
    """`count` short invented reports, each on its own place, event and figures (no two near-duplicates)."""
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(count):
        place, event, other = PLACES[n % 12], EVENTS[n // 12 % 12], EVENTS[(n * 5 + 3) % 12]
        text = (f"{place} {event} report {n}\n\nOfficials in {place} said the {event} would cost {n * 37 + 11} "
                f"crowns. The {other} committee met {n % 7 + 2} times, and {n * 13 % 101} residents wrote in. "
                f"Councillor {PLACES[(n + 5) % 12]}-{n} called it case number {n * 7919 % 100003}.\n")
        paths.append(folder / f"r{n:03d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def team_uri(pg_dsn: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return "postgresql://?" + urlencode(conninfo_to_dict(pg_dsn), quote_via=quote)


def test_a_library_rebuild_leaves_search_to_the_others_until_it_ends(pg_dsn, tmp_path, monkeypatch):
    uri = team_uri(pg_dsn)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "reader"))
    with Library(uri) as reader:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "rebuilder"))
        with Library(uri) as rebuilder:
            assert len(rebuilder.add(stories(tmp_path / "news", 120)).added) == 120
            steps = rebuilder.iter_rebuild()
            assert next(step for step in steps if 0 < step.done < step.total)  # 100 articles re-added
            assert reader.search("officials").total == 120
            steps.close()  # the rebuild is stopped (the GUI's cancel)
            assert reader.search("officials").total == 120
            assert rebuilder.rebuild().articles == 120
            assert reader.search("officials").total == 120 and reader.index.doc_count() == 120


def test_a_rebuild_that_fails_before_its_writer_leaves_the_next_import_as_usual(pg_dsn, tmp_path, monkeypatch):
    """A failure between starting the rebuild and its writer must not make the next import's writer the one
    that replaces every row."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "analyst"))
    with Library(team_uri(pg_dsn)) as lib:
        lib.add(stories(tmp_path / "news", 3))

        def lost_connection():
            raise ConnectionError("server closed the connection")

        monkeypatch.setattr(lib.store, "mark_all_unindexed", lost_connection)
        with pytest.raises(ConnectionError):
            lib.rebuild()
        monkeypatch.undo()
        lib.add(stories(tmp_path / "more", 4)[3:])
        assert lib.search("officials").total == 4 and lib.index.doc_count() == 4


def test_a_role_that_cannot_write_is_told_when_the_rebuild_starts(analysts, pg_dsn):
    import uuid

    import psycopg
    from psycopg.conninfo import make_conninfo

    from indexer.errors import BriefingReaderError

    _rebuilding, searching = analysts
    role, password = f"reader_{uuid.uuid4().hex[:8]}", "Reader-Pw-7"
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            schema = conn.execute("SELECT current_schema()").fetchone()[0]
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
            conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test server's role cannot create roles")
    reader = PgEngine(make_conninfo(pg_dsn, user=role, password=password))
    try:
        reader.recreate()
        with pytest.raises(BriefingReaderError, match="read-only for your PostgreSQL role") as caught:
            reader.writer()
        assert password not in str(caught.value)
        assert found(searching, "ferry OR dockers") == {"r1", "r2"}
    finally:
        reader.close()
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")
