"""Smoke test for `make bench-team` (tests/benchmarks/team_bench.py) at a tiny size, so the harness cannot rot."""

from __future__ import annotations

import json

from tests.benchmarks import team_bench


def test_the_team_benchmark_loads_and_searches_all_three_engines(pg_dsn, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the benchmark sets it: put back afterwards
    queries = team_bench.synth_queries()
    monkeypatch.setattr(team_bench, "synth_queries", lambda: queries[:6] + queries[-5:])
    assert team_bench.main(["--size", "24", "--reps", "1", "--batch", "10", "--work", str(tmp_path),
                            "--address", pg_dsn]) == 0
    out = capsys.readouterr().out
    assert "import articles/s" in out and "search p95 ms (snippets)" in out
    figures = json.loads((tmp_path / "team-bench.json").read_text(encoding="utf-8"))
    assert set(figures["import_articles_per_s"]) == {"postgresql", "whoosh", "fts5"}
    assert all(rate > 0 for rate in figures["import_articles_per_s"].values())
    for engine in ("postgresql", "whoosh", "fts5"):
        assert figures["search"][engine]["failed"] == [] and figures["search"][engine]["p95_ms"] > 0
    assert figures["same_totals_postgresql_whoosh"] == "11 of 11 queries"
    assert figures["search"]["postgresql"]["totals"]["ceasefire actor=Ukraine"] > 0  # actor filters have work
    assert set(figures["search"]["fts5"]["median_ms"]) == set(figures["search"]["fts5"]["totals"])


def test_without_postgresql_it_says_why_and_measures_the_others(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for var in ("PGHOST", "PGDATABASE", "PGPORT"):
        monkeypatch.delenv(var, raising=False)
    queries = team_bench.synth_queries()[:3]
    monkeypatch.setattr(team_bench, "synth_queries", lambda: queries)
    assert team_bench.main(["--size", "8", "--reps", "1", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "PostgreSQL skipped: no PostgreSQL server: run inside .ci/with-postgres" in out
    figures = json.loads((tmp_path / "team-bench.json").read_text(encoding="utf-8"))
    assert set(figures["import_articles_per_s"]) == {"whoosh", "fts5"}


def test_engines_option_builds_and_measures_postgresql_alone(pg_dsn, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    queries = team_bench.synth_queries()[:4]
    monkeypatch.setattr(team_bench, "synth_queries", lambda: queries)
    assert team_bench.main(["--size", "12", "--reps", "1", "--work", str(tmp_path), "--address", pg_dsn,
                            "--engines", "postgresql"]) == 0
    assert "postgresql" in capsys.readouterr().out
    figures = json.loads((tmp_path / "team-bench.json").read_text(encoding="utf-8"))
    assert set(figures["import_articles_per_s"]) == set(figures["search"]) == {"postgresql"}
    assert figures["search"]["postgresql"]["failed"] == [] and figures["same_totals_postgresql_whoosh"] is None
    assert not (tmp_path / "fts5.sqlite3").exists()


def test_engines_option_refuses_an_unknown_engine(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit) as stopped:
        team_bench.main(["--size", "8", "--work", str(tmp_path), "--engines", "postgresql,elastic"])
    assert stopped.value.code == 2
    assert "--engines takes some of postgresql, whoosh, fts5" in capsys.readouterr().err


def test_postgresql_alone_without_a_server_says_why_and_loads_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for var in ("PGHOST", "PGDATABASE", "PGPORT"):
        monkeypatch.delenv(var, raising=False)
    assert team_bench.main(["--size", "8", "--reps", "1", "--work", str(tmp_path), "--engines", "postgresql"]) == 0
    assert "PostgreSQL skipped: no PostgreSQL server" in capsys.readouterr().out
    assert "import_articles_per_s" not in json.loads((tmp_path / "team-bench.json").read_text(encoding="utf-8"))
