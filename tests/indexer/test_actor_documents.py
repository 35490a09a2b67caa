"""Curation and discovered actors behind the actor engine's storage seam: files in a library folder, one shared
set in a team library's database (issue 15). The contract tests run on both; the PostgreSQL half needs a server
(`make test` starts one with pg_virtualenv) and skips, saying why, without one."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from indexer.actors import CURATION, DISCOVERED, ActorEngine, FolderDocuments
from indexer.library import Library

from .fixtures import write_corpus


@pytest.fixture(params=["folder", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def documents(request, tmp_path):
    """A way to open the documents of one library again, as another analyst's process would."""
    if request.param == "folder":
        yield lambda: FolderDocuments(tmp_path / "actors")
        return
    from indexer.pg_store import PgStore

    store = PgStore(request.getfixturevalue("pg_dsn"))
    opened = []

    def open_documents():
        opened.append(store.actor_documents())
        return opened[-1]

    yield open_documents
    for docs in opened:
        docs.close()
    store.close()


def test_a_document_round_trips_and_its_stamp_changes(documents):
    docs = documents()
    assert docs.read(CURATION) is None
    before = docs.stamp()
    docs.write(CURATION, {"format": "x", "names": {"a": "Ана"}})
    assert documents().read(CURATION) == {"format": "x", "names": {"a": "Ана"}}
    after = docs.stamp()
    assert after != before
    docs.update(CURATION, lambda stored: {**stored, "ignored": ["b"]})
    assert documents().read(CURATION)["ignored"] == ["b"] and docs.stamp() != after


def test_one_engines_curation_is_read_by_another(documents):
    first, second = ActorEngine(documents=documents()), ActorEngine(documents=documents())
    lavrov = first.resolve("Sergei Lavrov")[0]
    first.add_alias(lavrov, "Snowfox Minister")
    assert second.resolve("Snowfox Minister") == []  # read when built; reload reads again
    second.reload()
    assert second.resolve("Snowfox Minister") == [lavrov]


def test_discovered_actors_saved_by_two_engines_are_both_kept(documents):
    first, second = ActorEngine(documents=documents()), ActorEngine(documents=documents())
    first.analyse("Talks resumed. Negotiator Tomas Verhoeven said the deal was close.", "a1")
    second.analyse("Talks resumed. Envoy Idris Kambarov said the deal was far off.", "a2")
    first.save()
    second.save()
    names = {a["name"] for a in documents().read(DISCOVERED)["actors"]}
    assert {"Tomas Verhoeven", "Idris Kambarov"} <= names


def test_a_folder_library_keeps_the_documents_as_files(tmp_path):
    engine = ActorEngine(tmp_path / "actors")
    engine.ignore(engine.resolve("Sergei Lavrov")[0])
    engine.save()
    assert (tmp_path / "actors" / CURATION).is_file() and (tmp_path / "actors" / DISCOVERED).is_file()


# -- PostgreSQL only ----------------------------------------------------------------------------------------------
def test_pg_two_analysts_curating_at_once_lose_neither_change(pg_dsn):
    """Each change is read-modify-write under SELECT ... FOR UPDATE: the second waits, then builds on the first."""
    from indexer.pg_store import PgActorDocuments, PgStore

    PgStore(pg_dsn).close()  # the schema
    started, errors = threading.Barrier(2), []

    def curate(analyst: str):
        docs = PgActorDocuments(pg_dsn)
        try:
            started.wait(10)
            for n in range(15):
                docs.update(CURATION, lambda stored: {**(stored or {}), f"{analyst}-{n}": n})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            docs.close()

    threads = [threading.Thread(target=curate, args=(a,)) for a in ("ana", "ben")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    docs = PgActorDocuments(pg_dsn)
    assert errors == [] and len(docs.read(CURATION)) == 30 and docs.stamp() == {CURATION: 30}
    docs.close()


def test_pg_two_engines_curating_at_once_keep_every_change(pg_dsn):
    from indexer.pg_store import PgStore

    store = PgStore(pg_dsn)
    engines = [ActorEngine(documents=store.actor_documents()) for _ in range(2)]
    people = [engines[0].resolve(name)[0] for name in ("Sergei Lavrov", "Marco Rubio", "Volodymyr Zelensky",
                                                        "Donald Trump", "Vladimir Putin", "Emmanuel Macron")]
    started, errors = threading.Barrier(2), []

    def curate(engine, mine):
        try:
            started.wait(10)
            for actor_id in mine:
                engine.add_alias(actor_id, f"Codename {actor_id}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=curate, args=(e, people[i::2])) for i, e in enumerate(engines)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    fresh = ActorEngine(documents=store.actor_documents())
    assert errors == [] and all(fresh.resolve(f"Codename {p}") == [p] for p in people)
    store.close()


def test_pg_a_damaged_document_is_ignored_not_fatal(pg_dsn):
    from indexer.pg_store import PgStore

    store = PgStore(pg_dsn)
    with store.db as db:
        db.execute("INSERT INTO actor_documents VALUES (%s, %s, 1)", (CURATION, "{not json"))
        db.execute("INSERT INTO actor_documents VALUES (%s, %s, 1)", (DISCOVERED, "[1, 2]"))
    docs = store.actor_documents()
    assert docs.read(CURATION) is None and docs.read(DISCOVERED) is None
    engine = ActorEngine(documents=docs)  # starts with no curation; curating writes a good document again
    engine.ignore(engine.resolve("Sergei Lavrov")[0])
    assert docs.read(CURATION)["ignored"]
    docs.close(), store.close()


def test_pg_a_version_3_library_gains_the_actor_documents(pg_dsn):
    from indexer.pg_store import PgStore

    old = PgStore(pg_dsn)
    with old.db as db:  # what version 3 made: no actor documents
        db.execute("DROP TABLE actor_documents")
        db.execute("UPDATE meta SET value='3' WHERE key='schema'")
    old.close()
    new = PgStore(pg_dsn)
    docs = new.actor_documents()
    assert docs.read(CURATION) is None and docs.stamp() == {}
    docs.close(), new.close()


# -- a team library: two analysts, each with their own local folder ----------------------------------------
@pytest.fixture
def team_uri(pg_dsn) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return "postgresql://?" + urlencode(conninfo_to_dict(pg_dsn), quote_via=quote)


def open_as(analyst: str, team_uri: str, tmp_path: Path, monkeypatch) -> Library:
    """The team library as `analyst` opens it: their own local folder (logs, name keys), the team's database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / f"home-{analyst}"))
    return Library(team_uri)


def test_pg_one_analysts_curation_is_seen_by_another_at_their_next_search(team_uri, tmp_path, monkeypatch):
    ana = open_as("ana", team_uri, tmp_path, monkeypatch)
    ana.add([write_corpus(tmp_path / "articles")["riyadh"].parent])
    ben = open_as("ben", team_uri, tmp_path, monkeypatch)
    assert ben.path != ana.path
    assert ben.search("Snowfox").total == 0  # ben's keys of actor names are read now (no engine yet)
    ana.alias_actor(ana.actor("Lavrov").id, "Snowfox")
    assert ben.search("Snowfox").total == ana.search("Lavrov").total > 0
    assert ben.actor("Snowfox").id == ana.actor("Lavrov").id  # ben's engine is built now
    ana.ignore_actor(ana.actor("Lavrov").id)
    assert ben.actor("Lavrov") is not None  # no search yet: as ben last read it
    ben.search("talks")
    assert ben.actor("Lavrov") is None and "lavrov" not in {s.actor.id for s in ben.actor_stats()}
    for analyst in (ana, ben):
        assert not (analyst.path / "actors" / CURATION).exists()
        assert not (analyst.path / "actors" / DISCOVERED).exists()
    ana.close(), ben.close()


def test_pg_name_keys_another_run_saved_are_not_used_after_a_curation(team_uri, tmp_path, monkeypatch):
    """The keys of actor names kept in this analyst's folder carry the team documents' versions: a later run
    computes them again after another analyst's curation instead of missing the new alias."""
    ana = open_as("ana", team_uri, tmp_path, monkeypatch)
    ana.add([write_corpus(tmp_path / "articles")["riyadh"].parent])
    with open_as("ben", team_uri, tmp_path, monkeypatch) as ben:
        assert ben.search("Snowfox").total == 0  # the keys are saved in ben's folder
        assert (ben.path / "actors" / "name-keys.json").is_file()
    ana.alias_actor(ana.actor("Lavrov").id, "Snowfox")
    with open_as("ben", team_uri, tmp_path, monkeypatch) as ben:  # ben's next run
        assert ben.search("Snowfox").total == ana.search("Lavrov").total > 0
    ana.close()


def test_pg_discovered_actors_of_one_analysts_import_are_the_teams(team_uri, tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Port talks stall\n\nNegotiator Tomas Verhoeven said on Monday that the port "
                                  "talks had stalled. Verhoeven said both sides would meet again.\n", encoding="utf-8")
    ana = open_as("ana", team_uri, tmp_path, monkeypatch)
    ana.add([folder])
    discovered = ana.actor("Tomas Verhoeven")
    assert discovered is not None and discovered.discovered
    ben = open_as("ben", team_uri, tmp_path, monkeypatch)
    assert ben.actor("Tomas Verhoeven") == discovered
    assert ben.search("", actors=["Tomas Verhoeven"]).total == 1
    ana.close(), ben.close()


def test_pg_a_read_only_analyst_cannot_curate_and_is_told_why(pg_dsn, team_uri, tmp_path, monkeypatch):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from indexer.errors import BriefingReaderError

    ana = open_as("ana", team_uri, tmp_path, monkeypatch)
    ana.add([write_corpus(tmp_path / "articles")["riyadh"].parent])
    role, password = "curation_reader", "Reader-Pw-7"
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            schema = conn.execute("SELECT current_schema()").fetchone()[0]
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
            conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test server's role cannot create roles")
    try:
        address = make_conninfo(pg_dsn, user=role, password=password)
        reader = open_as("reader", "postgresql://?" + urlencode(conninfo_to_dict(address), quote_via=quote),
                         tmp_path, monkeypatch)
        lavrov = reader.actor("Lavrov")
        with pytest.raises(BriefingReaderError, match="read-only for your PostgreSQL role") as caught:
            reader.rename_actor(lavrov.id, "Someone Else")
        assert password not in str(caught.value) and reader.actor("Lavrov").name == lavrov.name
        reader.close()
    finally:
        ana.close()
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")
