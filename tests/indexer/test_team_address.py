"""A postgresql:// library address opens a team library, or fails with a clear message: it is never turned
into a local folder named "postgresql:" (issue 15)."""

from __future__ import annotations

import pytest

from indexer.cli import main
from indexer.library import Library
from indexer.paths import (
    TeamLibraryError, TeamLibraryNotReadyError, default_library_dir, is_team_address, redact_address,
)

ADDRESSES = ["postgresql://ana:Secret-Pw@db.desk/news", "postgresql:///news", "postgres://db/news",
             "POSTGRESQL://db/news", "host=db dbname=news password=Secret-Pw"]


@pytest.mark.parametrize("address", ADDRESSES + ["  user=ana host=db.desk", "dbname = news"])
def test_addresses_are_recognised(address):
    assert is_team_address(address)


@pytest.mark.parametrize("folder", ["postgresql-notes", "lib/postgresql://x", "./postgresql:", "", "~/news",
                                    "hosts", "./host=db", "notes/dbname=news"])
def test_folders_are_not_addresses(folder):
    assert not is_team_address(folder)


def test_what_pathlib_makes_of_an_address_is_still_one(tmp_path):
    from pathlib import Path

    assert is_team_address(Path("postgresql://db/news"))  # "postgresql:/db/news"


def test_redaction_leaves_the_password_out():
    assert redact_address(ADDRESSES[0]) == "postgresql://ana@db.desk/news"
    assert "Secret-Pw" not in redact_address(ADDRESSES[4])


UNREACHABLE = "postgresql://ana:Secret-Pw@127.0.0.1:1/news?connect_timeout=3"


def test_cli_names_an_unreachable_team_library_and_makes_no_folder(tmp_path, monkeypatch, capsys):
    pytest.importorskip("psycopg")  # without it the message is the install hint (below)
    monkeypatch.chdir(tmp_path)
    assert main(["--library", UNREACHABLE, "list"]) == 1
    err = capsys.readouterr().err
    assert "postgresql://ana@127.0.0.1:1/news" in err and "cannot be reached" in err
    assert "Traceback" not in err and "Secret-Pw" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_address_in_the_environment_is_the_team_library(tmp_path, monkeypatch, capsys):
    pytest.importorskip("psycopg")  # without it the message is the install hint (below)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_READER_HOME", UNREACHABLE)
    assert main(["add", str(tmp_path)]) == 1
    assert "cannot be reached" in capsys.readouterr().err and list(tmp_path.iterdir()) == []
    with pytest.raises(TeamLibraryNotReadyError):  # the app still opens only folders
        default_library_dir()


def test_an_address_mangled_by_pathlib_is_refused(tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    with pytest.raises(TeamLibraryError, match="lost a slash") as caught:
        Library(Path(ADDRESSES[0]))
    assert "Secret-Pw" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_without_psycopg_the_message_says_what_to_install(tmp_path, monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a))
    monkeypatch.chdir(tmp_path)
    assert main(["--library", ADDRESSES[0], "list"]) == 1
    err = capsys.readouterr().err
    assert "pip install 'briefing-reader[team]'" in err and "Secret-Pw" not in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_salvage_is_for_library_folders(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--library", ADDRESSES[0], "salvage"]) == 2
    assert "team library" in capsys.readouterr().err


def test_a_folder_named_like_the_scheme_still_opens(tmp_path):
    library = Library(tmp_path / "postgresql-notes")
    try:
        assert library.count() == 0
    finally:
        library.close()


# -- a real team library: briefing-index add/search/show/list against PostgreSQL ---------------------------
@pytest.fixture
def team_uri(pg_dsn) -> str:
    """The test server's address as a postgresql:// URI (its own schema in the options)."""
    from urllib.parse import quote, urlencode

    from psycopg.conninfo import conninfo_to_dict

    return "postgresql://?" + urlencode(conninfo_to_dict(pg_dsn), quote_via=quote)


def _write_articles(folder):
    folder.mkdir()
    (folder / "riyadh.txt").write_text("Ceasefire talks resume in Riyadh\n\nNegotiators met in Riyadh on Monday "
                                       "and agreed on a prisoner exchange before any ceasefire.\n", encoding="utf-8")
    (folder / "grain.txt").write_text("Grain corridor reopens\n\nShips left the port under the grain corridor "
                                      "deal, which officials called fragile.\n", encoding="utf-8")
    (folder / "copy.txt").write_text((folder / "grain.txt").read_text(encoding="utf-8"), encoding="utf-8")


def _json(capsys):
    import json

    return json.loads(capsys.readouterr().out)


def test_cli_end_to_end_on_a_team_library(team_uri, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _write_articles(tmp_path / "news")
    assert main(["--library", team_uri, "add", "news", "--json"]) == 0
    report = _json(capsys)
    assert len(report["added"]) == 2 and len(report["duplicates"]) == 1
    assert main(["--library", team_uri, "search", '"prisoner exchange"', "--json"]) == 0
    found = _json(capsys)
    assert found["total"] == 1 and found["hits"][0]["title"] == "Ceasefire talks resume in Riyadh"
    snippet = found["hits"][0]["snippets"][0]
    assert "prisoner exchange" in [snippet["text"][a:b] for a, b in snippet["highlights"]]
    article_id = found["hits"][0]["id"]
    assert main(["--library", team_uri, "show", article_id, "--json"]) == 0
    assert "prisoner exchange" in _json(capsys)["text"]
    assert main(["--library", team_uri, "list", "--json"]) == 0
    assert sorted(a["title"] for a in _json(capsys)) == ["Ceasefire talks resume in Riyadh",
                                                                     "Grain corridor reopens"]
    assert main(["--library", team_uri, "rebuild"]) == 0
    capsys.readouterr()
    assert main(["--library", team_uri, "search", "grain", "--json"]) == 0
    assert _json(capsys)["total"] == 1
    assert main(["--library", team_uri, "timeline", "ceasefire", "-o", "t.svg"]) == 0  # drawn (issue 15)
    assert "Timeline of 1 article(s)" in capsys.readouterr().out
    assert main(["--library", team_uri, "search", "ceasefire AND (", "--json"]) == 2
    assert "unbalanced brackets" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news", "t.svg"]  # nothing named after the address


def test_a_second_import_of_the_same_files_adds_nothing(team_uri, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _write_articles(tmp_path / "news")
    assert main(["--library", team_uri, "add", "news"]) == 0
    capsys.readouterr()
    assert main(["--library", team_uri, "add", "news", "--json"]) == 0
    assert _json(capsys)["added"] == []
    with Library(team_uri) as library:
        assert library.count() == 2 and library.search("grain").total == 1


def test_a_read_only_role_searches_and_cannot_import(pg_dsn, team_uri, tmp_path, monkeypatch, capsys):
    import psycopg
    from psycopg.conninfo import make_conninfo

    monkeypatch.chdir(tmp_path)
    _write_articles(tmp_path / "news")
    assert main(["--library", team_uri, "add", "news"]) == 0
    role, password = "team_reader", "Reader-Pw-9"
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            schema = conn.execute("SELECT current_schema()").fetchone()[0]
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
            conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test server's role cannot create roles")
    try:
        from urllib.parse import quote, urlencode

        from psycopg.conninfo import conninfo_to_dict

        reader = "postgresql://?" + urlencode(conninfo_to_dict(make_conninfo(pg_dsn, user=role, password=password)),
                                              quote_via=quote)
        capsys.readouterr()
        assert main(["--library", reader, "search", "ceasefire", "--json"]) == 0
        assert _json(capsys)["total"] == 1
        (tmp_path / "more").mkdir()
        (tmp_path / "more" / "new.txt").write_text("Port strike ends\n\nDockers returned to work on Friday after "
                                                   "a week-long strike over pay.\n", encoding="utf-8")
        assert main(["--library", reader, "add", "more"]) == 1
        err = capsys.readouterr().err
        assert "read-only for your PostgreSQL role" in err and password not in err and "Traceback" not in err
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def _server_gone(sql, params=None):
    from indexer.errors import BriefingReaderError

    raise BriefingReaderError("The team library cannot be reached (server closed the connection).")


def test_read_only_tells_a_reading_role_from_a_writing_one(pg_dsn, team_uri, tmp_path, monkeypatch):
    """Library.read_only: one query, so the app can say so on opening (QA5 defect 11)."""
    import psycopg
    from urllib.parse import quote, urlencode

    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    with Library(team_uri) as library:
        assert library.read_only is False
    with Library(tmp_path / "folder") as folder:
        assert folder.read_only is False
    role, password = "team_peeker", "Peeker-Pw-3"
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            schema = conn.execute("SELECT current_schema()").fetchone()[0]
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
            conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test server's role cannot create roles")
    try:
        reader = "postgresql://?" + urlencode(conninfo_to_dict(make_conninfo(pg_dsn, user=role, password=password)),
                                              quote_via=quote)
        with Library(reader) as library:
            assert library.read_only is True
            monkeypatch.setattr(library.store.db, "read", _server_gone)  # it cannot tell: nothing is claimed
            assert library.read_only is False
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


KEYWORD_UNREACHABLE = "host=127.0.0.1 port=1 dbname=news user=ana password=Secret-Pw connect_timeout=3"


def test_a_keyword_address_is_a_team_library_never_a_folder(tmp_path, monkeypatch, capsys):
    """libpq's "host=... dbname=..." form (QA: it became a folder named after it, password and all)."""
    pytest.importorskip("psycopg")
    monkeypatch.chdir(tmp_path)
    assert main(["--library", KEYWORD_UNREACHABLE, "list"]) == 1
    err = capsys.readouterr().err
    assert "postgresql://ana@127.0.0.1:1/news" in err and "cannot be reached" in err
    assert "Secret-Pw" not in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_keyword_address_is_opened_as_its_postgresql_address():
    pytest.importorskip("psycopg")
    from indexer.paths import team_address

    address = team_address("host=db.desk port=5433 dbname=news user=ana password=Secret-Pw")
    assert address.startswith("postgresql://?") and "dbname=news" in address and "port=5433" in address
    assert "Secret-Pw" not in redact_address(address)
