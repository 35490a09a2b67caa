"""Team-library failures explained without leaking a password or a raw driver error (QA 5: a malformed address
quoted its password; a rollback on a connection that had just died replaced the clear message)."""

from __future__ import annotations

import pytest

psycopg = pytest.importorskip("psycopg")

from indexer.cli import main  # noqa: E402
from indexer.pg_store import PgConnection, _quiet_rollback  # noqa: E402
from indexer.store import StoreError  # noqa: E402


@pytest.mark.parametrize("address", ["postgresql://reader:my secret@localhost:1/desk",
                                     "postgresql://reader:sec%zzret@localhost:1/desk"])
def test_an_unreadable_address_is_explained_without_its_password(address, capsys, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    code = main(["--library", address, "search", "talks"])
    err = capsys.readouterr().err
    assert code == 1
    assert "address cannot be read" in err and "postgresql://user@host:port/database" in err
    assert "secret" not in err and "sec%zz" not in err and "Traceback" not in err


class _DeadConnection:
    """A psycopg connection whose server just went away: every call fails."""

    class info:  # noqa: N801 - mimics psycopg's attribute
        transaction_status = psycopg.pq.TransactionStatus.IDLE

    def execute(self, *_args):
        raise psycopg.OperationalError("the connection is lost")

    def rollback(self):
        raise psycopg.OperationalError("the connection is lost")


def test_a_read_on_a_dead_connection_gives_the_store_message_not_the_rollbacks_error():
    conn = PgConnection.__new__(PgConnection)
    conn.address, conn.pending, conn.conn = "postgresql://desk@localhost:1/desk", None, _DeadConnection()
    with pytest.raises(StoreError, match="cannot be reached"):
        conn.read("SELECT 1", flush=False)


def test_a_quiet_rollback_swallows_only_driver_errors():
    _quiet_rollback(_DeadConnection(), "postgresql://desk@localhost:1/desk")

    class Broken:
        def rollback(self):
            raise RuntimeError("a bug, not a lost server")

    with pytest.raises(RuntimeError):
        _quiet_rollback(Broken(), "postgresql://desk@localhost:1/desk")
