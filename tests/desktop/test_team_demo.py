"""`make team-demo`: the demo corpus goes into the throwaway cluster pg_virtualenv started, and the app opens on
it by an address that never holds the password (issue 15)."""

from __future__ import annotations

import pytest

from desktop import team_demo

CLUSTER = {"PGHOST": "localhost", "PGPORT": "5434", "PGUSER": "postgres", "PGDATABASE": "postgres",
           "PGPASSWORD": "Secret-Pw"}


def test_the_address_names_the_cluster_without_its_password():
    assert team_demo.cluster_address(CLUSTER) == "postgresql://postgres@localhost:5434/postgres"


def test_outside_pg_virtualenv_it_says_how_to_run_it():
    with pytest.raises(SystemExit, match="make team-demo"):
        team_demo.cluster_address({"PGHOST": "localhost"})


def test_the_demo_corpus_goes_into_the_team_library_and_the_app_opens_it(pg_dsn, monkeypatch, capsys):
    from indexer.library import Library
    from indexer.paths import demo_articles

    from .test_team_library import team_uri

    address = team_uri(pg_dsn)
    opened = []
    monkeypatch.setattr(team_demo, "cluster_address", lambda: address)
    monkeypatch.setattr("desktop.app.main", lambda argv: opened.append(argv) or 0)
    assert team_demo.main([]) == 0
    assert opened == [["--library", address]]
    with Library(address) as library:
        assert library.count() == len(demo_articles()) - 2  # two copies are recognised as duplicates
        assert library.search("prisoner").total >= 1
    assert "articles imported" in capsys.readouterr().out
