"""Test-wide setup: headless Qt, and no test ever touches the real user folders."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="briefing-reader-tests-"))
atexit.register(shutil.rmtree, _SANDBOX, ignore_errors=True)  # each run left one behind (2,205 in /tmp)
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[var] = str(_SANDBOX / var.lower())
os.environ["BRIEFING_READER_HOME"] = str(_SANDBOX / "library")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_corpus() -> Path:
    """../shared/corpus, or skip with the reason."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"shared corpus not found at {corpus} (tests that read real articles need ../shared beside the repo)")
    return corpus


@pytest.fixture
def library_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, empty library folder, also set as BRIEFING_READER_HOME."""
    path = tmp_path / "library"
    monkeypatch.setenv("BRIEFING_READER_HOME", str(path))
    return path


# -- PostgreSQL: a real server when `make test` runs inside pg_virtualenv, else a skip with the reason ----------
PG_ADDRESS_ENV = "BRIEFING_READER_TEST_PG"  # a libpq address for the tests; else pg_virtualenv's PG* variables


@functools.lru_cache(maxsize=1)
def pg_server() -> tuple[str | None, str]:
    """(libpq address, "") of the test server, or (None, why there is none)."""
    address = os.environ.get(PG_ADDRESS_ENV, "")
    if not address and not (os.environ.get("PGHOST") or os.environ.get("PGDATABASE")):
        return None, ("no PostgreSQL server for the tests: `make test` starts a throwaway one with pg_virtualenv "
                      f"(Debian: apt install postgresql), or set {PG_ADDRESS_ENV} to a libpq address")
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed: pip install -e '.[test]'"
    try:
        with psycopg.connect(address, connect_timeout=5):
            pass
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return None, f"the PostgreSQL server for the tests cannot be reached ({first})"
    return address, ""


def pytest_report_header(config) -> str:
    address, reason = pg_server()
    if address is None:
        return f"PostgreSQL tests: SKIPPED, {reason}"
    from indexer.pg_store import display_address

    return f"PostgreSQL tests: against {display_address(address)}"


def pytest_terminal_summary(terminalreporter) -> None:
    """Say at the end, even with -q, when the PostgreSQL tests could not run."""
    if terminalreporter.config.stash.get(_PG_TESTS, False) and pg_server()[0] is None:
        terminalreporter.write_sep("!", f"PostgreSQL tests SKIPPED: {pg_server()[1]}", yellow=True, bold=True)


_PG_TESTS = pytest.StashKey[bool]()  # whether this run collected tests that need the server


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:  # `-m "not postgresql"` leaves them out
        if "pg_dsn" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgresql)
            config.stash[_PG_TESTS] = True


@pytest.fixture
def pg_dsn() -> str:
    """A libpq address whose search_path is a fresh, empty schema (dropped afterwards), or skip with the reason."""
    address, reason = pg_server()
    if address is None:
        pytest.skip(reason)
    import psycopg
    from psycopg.conninfo import make_conninfo

    schema = f"briefing_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(address, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield make_conninfo(address, options=f"-c search_path={schema}")
    finally:
        with psycopg.connect(address, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
