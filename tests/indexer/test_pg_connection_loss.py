"""A team library's connection dropped by the server (a restart, a network cut): no server needed here, the
driver's connection is a stand-in."""

from __future__ import annotations

import psycopg

from indexer import pg_store


class _DeadConnection:
    """A psycopg connection whose server went away: every call fails, as psycopg's does."""

    closed = False
    broken = True

    def rollback(self):
        raise psycopg.OperationalError("the connection is lost")


class _FreshConnection:
    def __init__(self, address):
        self.address = address
        self.conn = type("Live", (), {"closed": False, "broken": False})()


def _dead(address="postgresql://db.example/team") -> pg_store.PgConnection:
    conn = pg_store.PgConnection.__new__(pg_store.PgConnection)
    conn.address, conn.pending, conn.conn = address, pg_store._Pending(), _DeadConnection()
    return conn


def test_a_rollback_on_a_dropped_connection_does_not_hide_the_error_that_led_to_it(caplog):
    _dead().rollback()  # the import's abort(): the server dropped the transaction already
    assert "rollback failed" in caplog.text


def test_a_store_and_the_actor_documents_connect_again_after_the_server_broke_the_connection(monkeypatch):
    monkeypatch.setattr(pg_store, "PgConnection", _FreshConnection)
    for holder in (pg_store.PgStore.__new__(pg_store.PgStore), pg_store.PgActorDocuments.__new__(pg_store.PgActorDocuments)):
        holder.address = "postgresql://db.example/team"
        holder._connections = []
        holder._local = type("Local", (), {})()
        holder._local.conn = _dead()
        fresh = holder.db
        assert isinstance(fresh, _FreshConnection) and holder.db is fresh
