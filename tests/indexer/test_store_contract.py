"""The article store contract: the same tests against the SQLite store and the PostgreSQL store.

The PostgreSQL half needs a server (`make test` starts one with pg_virtualenv); without one it skips, saying why.
"""

from __future__ import annotations

import threading

import pytest

from indexer.model import Article, Mention, Quote, RemovedLine
from indexer.store import ArticleStore, LogEntry, StoreError
from indexer.store_protocol import Store


def _article(article_id="a1", text="The envoy said talks would resume.", **fields) -> Article:
    defaults = dict(title=f"Title {article_id}", date="2025-03-01", source="Desk Wire", path=f"/in/{article_id}.txt",
                    content_hash=f"hash-{article_id}", file_hash=f"file-{article_id}", imported="2025-03-02T00:00:00")
    defaults.update(fields)
    return Article(id=article_id, text=text, **defaults)


def _put(store, article, mentions=(), quotes=(), minhash=(1, 2, 3), keys=(11, 12)) -> None:
    with store.db as db:
        store.put(article, list(mentions), list(quotes), minhash, keys, db=db)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def store(request, tmp_path):
    if request.param == "sqlite":
        made = ArticleStore(tmp_path / "library.sqlite3")
    else:
        from indexer.pg_store import PgStore

        made = PgStore(request.getfixturevalue("pg_dsn"))
    yield made
    made.close()


def test_both_stores_satisfy_the_protocol(store):
    assert isinstance(store, Store)


def test_put_and_get_round_trip(store):
    article = _article(removed=(RemovedLine(3, "Share this", "share row"),), language="en")
    mentions = [Mention("envoy", 4, 9, "envoy")]
    quotes = [Quote("a1", "talks would resume", 15, 33, "envoy")]
    _put(store, article, mentions, quotes, minhash=(5, 6, 7))
    stored = store.get("a1")
    assert stored.article.text == article.text and stored.article.language == "en"
    assert stored.mentions == (Mention("envoy", 4, 9, "envoy"),)
    assert stored.quotes == (Quote("a1", "talks would resume", 15, 33, "envoy"),)
    assert stored.minhash == (5, 6, 7)
    assert store.removed_lines("a1") == (RemovedLine(3, "Share this", "share row"),)
    assert store.get("missing") is None and store.text("missing") is None and store.title("missing") == ""


def test_pdf_page_starts_round_trip_and_are_replaced(store):
    _put(store, _article(pages=(0, 12, 30)))
    _put(store, _article("b1", content_hash="hash-b1"))
    assert store.pages("a1") == (0, 12, 30) and store.pages("b1") == () and store.pages("missing") == ()
    _put(store, _article(pages=(0, 20)))
    assert store.pages("a1") == (0, 20)
    _put(store, _article())
    assert store.pages("a1") == ()


def test_put_again_replaces_the_row(store):
    _put(store, _article(title="First"))
    _put(store, _article(title="Second"), mentions=[Mention("x", 0, 3)])
    assert store.count() == 1 and store.title("a1") == "Second"
    assert store.actor_totals() == [("x", 1, 1)]


def test_listing_is_newest_first_and_filters_by_language(store):
    _put(store, _article("old", date="2025-01-01", language="ru"))
    _put(store, _article("new", date="2025-06-01", language="uk"))
    _put(store, _article("none", date="2025-03-01", source=""))
    assert [s.id for s in store.summaries()] == ["new", "none", "old"]
    assert [s.id for s in store.summaries("uk")] == ["new"]
    assert [s.id for s in store.summaries("")] == ["none"]
    assert [s.id for s in store.newest(2)] == ["new", "none"]
    assert store.newest(-1) == []
    assert store.sources() == ["Desk Wire"]
    assert store.without_language() == 1


def test_texts_and_languages_of_a_page_of_hits_are_what_text_and_language_give(store):
    _put(store, _article("a1", text="First text.", language="ru"))
    _put(store, _article("b1", text="Second text.", language="", content_hash="hash-b1"))
    store.edit("a1", "language", "uk")
    got = store.texts_and_languages(["b1", "missing", "a1", "b1"])
    assert got["a1"] == ("First text.", "uk") == (store.text("a1"), store.language("a1"))
    assert got["b1"] == ("Second text.", "")
    assert got.get("missing", (None, "")) == (None, "")
    assert store.texts_and_languages([]) == {}


def test_texts_and_languages_read_more_ids_than_one_query_takes(store):
    with store.db as db:
        for n in range(620):
            store.put(_article(f"x{n}", text=f"Text {n}.", content_hash=f"h{n}"), [], [], (1,), (2,), db=db)
    got = store.texts_and_languages([f"x{n}" for n in range(620)])
    assert len(got) == 620 and got["x619"] == ("Text 619.", "") and got["x0"] == ("Text 0.", "")


def test_edits_win_over_imported_values_and_survive_reimport(store):
    _put(store, _article(language="ru"))
    store.edit("a1", "language", "uk")
    assert store.language("a1") == "uk" and store.edits("a1") == {"language": "uk"}
    _put(store, _article(language="ru"))  # the file imported again
    assert store.language("a1") == "uk"
    with store.db as db:
        store.set_language("a1", "be", db=db)
    assert store.language("a1") == "uk"
    with pytest.raises(ValueError):
        store.edit("a1", "text", "x")


def test_a_cleared_edit_puts_back_the_imported_value(store):
    _put(store, _article(title="Imported", date="2025-03-01"))
    store.mark_indexed(["a1"])
    store.edit("a1", "title", "Corrected")
    store.edit("a1", "title", "Corrected again")  # the imported value is still the one kept
    store.edit("a1", "date", "2025-01-20")
    assert store.title("a1") == "Corrected again" and store.get("a1").article.date == "2025-01-20"
    assert store.unindexed_count() == 1  # an indexed field changed: the caller indexes it again
    _put(store, _article(title="Imported anew", date="2025-03-02"))  # the file changed and was imported again
    assert store.title("a1") == "Corrected again"
    store.edit("a1", "title", "")
    store.edit("a1", "url", "")  # never edited: nothing to put back
    assert store.title("a1") == "Imported anew" and store.edits("a1") == {"date": "2025-01-20"}


def test_a_duplicates_metadata_fills_empty_fields_and_an_edit_still_wins(store):
    _put(store, _article(date="", author="", title="Untitled"))
    store.mark_indexed(["a1"])
    store.edit("a1", "title", "The analyst's title")
    assert store.edited_fields("a1") == {"title"} and store.edited_fields("missing") == set()
    with store.db as db:
        store.fill_metadata("a1", {"date": "2025-03-14", "author": "Anna Berg", "title": "A copy's headline"}, db=db)
    article = store.get("a1").article
    assert (article.date, article.author, article.title) == ("2025-03-14", "Anna Berg", "The analyst's title")
    assert store.unindexed_count() == 1  # the caller indexes it again
    with pytest.raises(ValueError, match="'text' is not a metadata field"):
        store.fill_metadata("a1", {"text": "x"})


def test_demo_marks_and_removing_articles(store):
    _put(store, _article("d1", path="/demo/d1.txt", pages=(0, 5)), mentions=[Mention("p", 0, 3)],
         quotes=[Quote("d1", "The", 0, 3, "p")], keys=(41,))
    _put(store, _article("own"), mentions=[Mention("p", 0, 3)], keys=(42,))
    store.edit("d1", "title", "Edited demo")
    assert store.demo_ids() == set() and not store.demo_checked()
    assert sorted(store.files_of_articles()) == [("d1", "/demo/d1.txt", "file-d1"), ("own", "/in/own.txt", "file-own")]
    with store.db as db:
        store.record_file("/demo/d1.txt", "file-d1", "d1", "added", db=db)
        store.mark_demo(["d1"], db=db)
        store.mark_demo(["d1"], db=db)  # marked twice: once
        store.set_demo_checked(db=db)
        store.set_demo_checked(db=db)
    assert store.demo_ids() == {"d1"} and store.demo_checked()
    with store.db as db:
        store.remove_articles(["d1"], db=db)
    assert [s.id for s in store.summaries()] == ["own"] and store.demo_ids() == set()
    assert store.actor_totals() == [("p", 1, 1)] and store.lsh_candidates([41]) == []
    assert store.file_record("/demo/d1.txt") is None and store.edits("d1") == {} and store.pages("d1") == ()
    assert [q for _id, q in store.quote_rows()] == ["[]"]


def test_dedupe_keys_files_and_hashes(store):
    _put(store, _article("a1"), minhash=(1, 2), keys=(100, 2**61))
    _put(store, _article("a2"), minhash=(3, 4), keys=(200,))
    assert store.by_content_hash("hash-a2") == "a2" and store.by_content_hash("nope") is None
    assert sorted(store.lsh_candidates([2**61, 999])) == [("a1", (1, 2))]
    assert store.lsh_candidates([]) == []
    with store.db as db:
        store.record_file("/in/a1.txt", "f1", "a1", "added", db=db)
        store.record_file("/in/a1.txt", "f2", "a1", "added", db=db)
    assert store.file_record("/in/a1.txt") == ("f2", "a1", "added") and store.file_record("/x") is None
    assert store.exists("a1") and not store.exists("zz")


def test_updated_ids_are_the_articles_whose_id_is_not_their_texts_hash(store):
    _put(store, _article("0123456789abcdef", content_hash="0123456789abcdef" + "0" * 48))
    _put(store, _article("fedcba9876543210", content_hash="9999999999999999" + "0" * 48))  # its file was updated
    assert store.updated_ids() == {"fedcba9876543210"}


def test_replace_signatures_sets_the_version(store):
    _put(store, _article("a1"), keys=(1,))
    assert store.signature_version() == 1
    with store.db as db:
        assert store.replace_signatures(lambda text: ((len(text),), [77]), 3, db=db) == 1
    assert store.signature_version() == 3
    assert store.lsh_candidates([77]) == [("a1", (len(_article().text),))]
    assert store.lsh_candidates([1]) == []


def test_indexed_flags(store):
    _put(store, _article("a1"))
    _put(store, _article("a2"))
    assert (store.indexed_count(), store.unindexed_count()) == (0, 2)
    store.mark_indexed(["a1"])
    assert [s.article.id for s in store.iter_all(unindexed_only=True)] == ["a2"]
    store.mark_all_unindexed()
    assert store.unindexed_count() == 2 and [s.article.id for s in store.iter_all()] == ["a1", "a2"]


def test_actors_and_quotes(store):
    _put(store, _article("a1"), mentions=[Mention("p", 0, 3), Mention("p", 4, 9), Mention("q", 10, 12)])
    _put(store, _article("a2"), mentions=[Mention("r", 0, 3)])
    assert sorted(store.actor_totals()) == [("p", 1, 2), ("q", 1, 1), ("r", 1, 1)]
    assert sorted(store.articles_with_actors(["q"])) == [("a1", "p"), ("a1", "q")]
    assert store.articles_with_actors([]) == [] and sorted(store.actor_ids()) == ["p", "q", "r"]
    with store.db as db:
        store.update_actors("a2", [Mention("s", 0, 3)], [Quote("a2", "The", 0, 3, "s")], db=db)
    assert store.get("a2").quotes[0].actor_id == "s" and "r" not in store.actor_ids()
    assert dict(store.quote_rows())["a2"] == '[["s",0,3,"direct"]]'  # speaker, span, kind (direct or reported)


def test_import_log_newest_first(store):
    entries = [LogEntry("run1", "t1", "/a", "added", "", "a1"), LogEntry("run1", "t2", "/b", "skipped", "empty")]
    with store.db as db:
        store.add_log(entries, db=db)
    assert store.log_entries() == entries[::-1] and store.log_entries(limit=1) == [entries[1]]


def test_a_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.db as db:
            store.put(_article("a1"), [], [], (), [], db=db)
            raise RuntimeError("crash mid-batch")
    assert not store.has_articles() and store.count() == 0


def test_unicode_text_round_trips(store):
    text = "Посол заявив: «переговори тривають» — 北京 \u202e"
    _put(store, _article("u1", text=text, title="Заголовок"))
    assert store.text("u1") == text and store.title("u1") == "Заголовок"


def test_two_connections_adding_the_same_article_store_it_once(store):
    """Two importers (threads, each with its own connection) add the same text at once: one row."""
    barrier, errors = threading.Barrier(2), []

    def add():
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                _put(store, _article("same"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    if type(store).__name__ == "PgStore":  # PostgreSQL: the second writer waits, then replaces: no error
        assert errors == []
    assert store.count() == 1 and [s.id for s in store.summaries()] == ["same"]


# -- PostgreSQL only: migrations, roles, addresses ------------------------------------------------------------
def _pg(pg_dsn):
    from indexer.pg_store import PgStore

    return PgStore(pg_dsn)


def test_pg_schema_is_created_once_and_reopened_without_writes(pg_dsn):
    from indexer.pg_store import SCHEMA_VERSION

    first = _pg(pg_dsn)
    _put(first, _article("a1"))
    again = _pg(pg_dsn)
    assert again.schema_version() == SCHEMA_VERSION and again.count() == 1
    first.close(), again.close()


def test_pg_two_analysts_opening_a_new_library_at_once_migrate_it_once(pg_dsn):
    stores, errors = [], []

    def open_it():
        try:
            stores.append(_pg(pg_dsn))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(stores) == 3
    for s in stores:
        s.close()


def test_pg_an_old_app_refuses_a_newer_schema(pg_dsn):
    store = _pg(pg_dsn)
    with store.db as db:
        db.execute("UPDATE meta SET value='999' WHERE key='schema'")
    store.close()
    with pytest.raises(StoreError, match=r"newer Briefing Reader \(schema version 999.*Update the application"):
        _pg(pg_dsn)


def test_pg_a_library_made_by_an_older_app_is_migrated_step_by_step(pg_dsn, monkeypatch):
    from indexer import pg_store

    old = _pg(pg_dsn)
    _put(old, _article("a1"))
    old.close()
    step = "ALTER TABLE articles ADD COLUMN note TEXT NOT NULL DEFAULT ''"
    monkeypatch.setattr(pg_store, "MIGRATIONS", pg_store.MIGRATIONS + (step,))
    monkeypatch.setattr(pg_store, "SCHEMA_VERSION", len(pg_store.MIGRATIONS))
    new = _pg(pg_dsn)
    assert new.schema_version() == pg_store.SCHEMA_VERSION == len(pg_store.MIGRATIONS)
    assert new._read("SELECT id, note FROM articles") == [("a1", "")] and new.title("a1") == "Title a1"
    new.close()


def test_pg_a_version_1_library_keeps_its_edits_and_can_clear_them(pg_dsn):
    old = _pg(pg_dsn)
    _put(old, _article("a1", language="uk"))
    with old.db as db:  # what version 1 made: edits without the imported value
        db.execute("ALTER TABLE article_edits DROP COLUMN original")
        db.execute("INSERT INTO article_edits VALUES ('a1', 'language', 'uk')")
        db.execute("UPDATE meta SET value='1' WHERE key='schema'")
    old.close()
    new = _pg(pg_dsn)
    assert new.language("a1") == "uk" and new.edits("a1") == {"language": "uk"}
    new.edit("a1", "language", "")  # the imported language was not kept: unknown, detected again by Library
    assert new.language("a1") == "" and new.edits("a1") == {}
    new.close()


def test_pg_a_version_2_library_gains_page_starts(pg_dsn):
    old = _pg(pg_dsn)
    _put(old, _article("a1"))
    with old.db as db:  # what version 2 made: no page starts
        db.execute("DROP TABLE article_pages")
        db.execute("UPDATE meta SET value='2' WHERE key='schema'")
    old.close()
    new = _pg(pg_dsn)
    assert new.pages("a1") == () and new.get("a1").article.title == "Title a1"
    _put(new, _article("a1", pages=(0, 9)))
    assert new.pages("a1") == (0, 9)
    new.close()


def test_pg_same_text_under_another_id_is_refused_clearly(pg_dsn):
    store = _pg(pg_dsn)
    _put(store, _article("a1"))
    with pytest.raises(StoreError, match="Another import added the same article"):
        _put(store, _article("b2", content_hash="hash-a1"))
    assert store.count() == 1
    store.close()


def test_pg_a_read_only_role_can_read_and_gets_a_clear_error_on_write(pg_dsn):
    import psycopg
    from psycopg.conninfo import make_conninfo

    owner = _pg(pg_dsn)
    _put(owner, _article("a1"))
    role, password = f"reader_{threading.get_ident() % 100000}", "s3cret-Pw-not-shown"
    schema = owner._one("SELECT current_schema()")
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
            conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test server's role cannot create roles")
    try:
        reader = _pg(make_conninfo(pg_dsn, user=role, password=password))
        assert reader.count() == 1 and reader.title("a1") == "Title a1"
        with pytest.raises(StoreError, match="read-only for your PostgreSQL role.*nothing was changed") as caught:
            _put(reader, _article("a2"))
        assert password not in str(caught.value)
        assert owner.count() == 1
        reader.close()
    finally:
        owner.close()
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def test_pg_unreachable_server_names_the_address_never_the_password():
    from indexer.pg_store import PgStore

    with pytest.raises(StoreError) as caught:
        PgStore("postgresql://analyst:Top-Secret-9@127.0.0.1:1/news?connect_timeout=2")
    message = str(caught.value)
    assert "Top-Secret-9" not in message and "postgresql://analyst@127.0.0.1:1/news" in message
    assert "cannot be reached" in message


def test_display_address_leaves_the_password_out(monkeypatch):
    from indexer.pg_store import display_address

    for var in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
        monkeypatch.delenv(var, raising=False)
    keywords = "host=db.desk port=5433 dbname=news user=ana password=pw"
    assert display_address(keywords) == "postgresql://ana@db.desk:5433/news"
    assert "pw" not in display_address("postgresql://ana:pw@db/news")
    assert "cannot be read" in display_address("host='unclosed")


def test_pg_a_deadlock_is_not_called_unreachable():
    pytest.importorskip("psycopg")
    from psycopg import errors as pg_errors

    from indexer.pg_store import explain_pg_failure

    message = str(explain_pg_failure("postgresql://ana:pw@db/news", pg_errors.DeadlockDetected("deadlock detected")))
    assert "busy with another analyst's change" in message and "Try again" in message
    assert "cannot be reached" not in message and ":pw" not in message
