"""The app on a team library (issue 15): a postgresql:// address opens in the window, which imports, searches,
reads and briefs through Library as on a folder. Needs a server (the `pg_dsn` fixture); skips without one."""

from __future__ import annotations

import os
from urllib.parse import quote, urlencode

import pytest

from desktop.main_window import TEAM_DEMO_REFUSED

ARTICLES = {
    "harbour.txt": ("Harbour talks stall over pilot fees\n\nSource: Quay Ledger\nDate: 2025-04-02\n\n"
                    "Negotiators in Valport said the harbour talks stalled on Tuesday over pilot fees. "
                    "\"We will not sign a deal that doubles the fees,\" said Mara Lindqvist, the port's director.\n"),
    "orchard.txt": ("Orchard growers ask for frost aid\n\nSource: Valley Courier\nDate: 2025-04-03\n\n"
                    "Growers in the northern valley asked for frost aid after a cold night ruined the blossom. "
                    "The ministry said it would look at the request next week.\n"),
}


def team_uri(dsn: str, **extra: str) -> str:
    """A libpq keyword address as a postgresql:// URI (the test schema rides in its options)."""
    from psycopg.conninfo import conninfo_to_dict

    return "postgresql://?" + urlencode({**conninfo_to_dict(dsn), **extra}, quote_via=quote)


@pytest.fixture
def team_address(pg_dsn) -> str:
    """The test server as a URI holding a password when the server has one (to check it is never shown)."""
    password = os.environ.get("PGPASSWORD", "")
    return team_uri(pg_dsn, **({"password": password} if password else {}))


@pytest.fixture
def news(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def open_window(qtbot, address: str, home):
    from desktop.app import create_main_window

    window = create_main_window(address, home / "settings.ini", offer_recovery=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def close_window(window) -> None:
    window.runner.wait(10000)
    window.read_pool.waitForDone(10000)
    window.library.close()


@pytest.fixture
def team_window(qtbot, team_address, private_home):
    window = open_window(qtbot, team_address, private_home)
    yield window
    close_window(window)


def import_into(window, qtbot, folder):
    with qtbot.waitSignal(window.importFinished, timeout=60000) as finished:
        assert window.import_paths([str(folder)])
    return finished.args[0]


def test_the_window_imports_searches_reads_and_briefs_on_a_team_library(team_window, qtbot, news, team_address):
    window = team_window
    assert window.library.address == team_address and not window.library.read_only
    password = os.environ.get("PGPASSWORD", "")
    title = window.windowTitle()
    assert "postgresql://" in title and (not password or password not in title)
    assert not password or password not in window.count_label.toolTip()
    report = import_into(window, qtbot, news)
    assert len(report.added) == 2 and window.count_label.text() == "2 articles"
    result = window.run_search("frost")
    assert result.total == 1 and result.hits[0].title == "Orchard growers ask for frost aid"
    snippet = result.hits[0].snippets[0]
    assert [snippet.text[a:b].lower() for a, b in snippet.highlights] == ["frost"]
    pane = window.open_articles([result.hits[0].id])[0]
    marked = [pane.article.text[a:b].lower() for a, b in pane.hit_spans]
    assert marked and set(marked) == {"frost"}
    start = pane.article.text.index("Growers")
    pane.select(start, start + len("Growers in the northern valley asked for frost aid"))
    excerpt = window.add_excerpt()
    assert excerpt is not None and "northern valley" in excerpt.text
    qtbot.waitUntil(lambda: "northern valley" in window.briefingPreview.toPlainText(), timeout=5000)
    assert "Orchard growers ask for frost aid" in window.briefing.copy_markdown()  # the citation


def test_details_and_quotes_on_a_team_library(team_window, qtbot, news):
    window = team_window
    import_into(window, qtbot, news)
    hit = window.run_search("harbour").hits[0]
    window.open_articles([hit.id])
    assert window.apply_details(hit.id, {"title": "Harbour talks stall again"})
    assert window.run_search("stall").hits[0].title == "Harbour talks stall again"
    from desktop.models.quotes import ROW_ROLE
    from desktop.views.quotes import SCOPE_LIBRARY

    panel = window.quotes
    window.quotes_dock.show()
    panel.attributed.setChecked(False)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_scope(SCOPE_LIBRARY)
    listed = [panel.proxy.index(r, 0).data(ROW_ROLE).text for r in range(panel.proxy.rowCount())]
    assert any("doubles the fees" in text for text in listed)
    qtbot.waitUntil(lambda: window.actors.model.rowCount() > 0, timeout=5000)  # the open article's actors


def test_no_demo_articles_go_into_a_team_library(team_window):
    from desktop.actions import Act
    from desktop.app import start_first_run

    assert not start_first_run(team_window)
    assert not team_window.load_demo() and team_window.last_message == TEAM_DEMO_REFUSED
    assert not team_window.actions_[Act.LOAD_DEMO].isEnabled()
    assert team_window.library.count() == 0 and not team_window.search.demoButton.isVisible()
    assert "demo" not in team_window.search.messageLabel.text()


@pytest.mark.parametrize("dock", ["timeline", "network"])
def test_pictures_of_a_team_library_are_drawn(team_window, qtbot, news, dock):
    window = team_window
    import_into(window, qtbot, news)
    panel = getattr(window, dock)
    getattr(window, f"{dock}_dock").show()
    qtbot.waitUntil(lambda: panel.statusLabel.text() not in ("", "Drawing…"), timeout=30000)
    assert panel.data is not None, panel.statusLabel.text()  # the team store draws pictures as a folder does
    assert window.run_search("frost").total == 1  # the window's own connections still work


def test_a_read_only_role_searches_and_reads_but_cannot_import_or_edit(pg_dsn, qtbot, news, tmp_path, private_home):
    import psycopg
    from psycopg.conninfo import make_conninfo

    from indexer.library import Library

    with Library(team_uri(pg_dsn)) as library:
        library.add([news / "harbour.txt"])
    role, password = "gui_reader", "Reader-Pw-7"
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            schema = conn.execute("SELECT current_schema()").fetchone()[0]
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
            conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test server's role cannot create roles")
    try:
        window = open_window(qtbot, team_uri(make_conninfo(pg_dsn, user=role, password=password)), private_home)
        try:
            from desktop.actions import Act

            assert window.library.read_only  # said on opening (QA5 defect 11), not found out by trying
            assert "Read-only: you can search and read" in window.last_message
            assert not window.action(Act.IMPORT).isEnabled() and not window.action(Act.EDIT_DETAILS).isEnabled()
            hit = window.run_search("harbour").hits[0]
            assert window.open_articles([hit.id])
            with qtbot.waitSignal(window.importFailed, timeout=60000) as failed:
                window.import_paths([str(news / "orchard.txt")])
            assert "read-only for your PostgreSQL role" in failed.args[0] and password not in failed.args[0]
            assert not window.apply_details(hit.id, {"title": "Changed"})
            assert "read-only" in window.last_message and window.library.count() == 1
        finally:
            close_window(window)
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def test_an_address_in_briefing_reader_home_opens_the_team_library(team_address, qtbot, tmp_path, monkeypatch):
    from desktop.app import create_main_window

    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("BRIEFING_READER_HOME", team_address)
    window = create_main_window(offer_recovery=False)  # the settings too: never a folder named "postgresql:"
    qtbot.addWidget(window)
    try:
        assert window.library.address == team_address and window.library.count() == 0
        assert list(cwd.iterdir()) == []
    finally:
        close_window(window)


def test_the_open_team_library_is_not_opened_again(team_window, tmp_path):
    from desktop.library_switch import open_library

    calls = []
    assert not open_library(team_window, team_window.library.address, start=lambda *a, **k: calls.append(a))
    assert calls == [] and team_window.isVisible()


def test_a_server_lost_mid_session_is_a_message_never_an_error_dialog(team_window, monkeypatch):
    from indexer.store import StoreError

    window = team_window
    lost = StoreError("The team library postgresql://db/news cannot be reached (server closed the connection).")
    failures = iter([OSError("the connection is lost")])  # the driver's own error, once, then the store's

    def count():
        raise next(failures, lost)

    monkeypatch.setattr(window.library, "count", count)
    assert window.check_library_changed()  # the poll meets the dropped connection first
    assert "cannot be reached now" in window.last_message
    assert window.check_library_changed() and "cannot be reached (server closed" in window.last_message
    assert not window.check_library_changed()  # no new message every five seconds


def test_an_import_into_a_team_library_shows_progress_and_can_be_cancelled(team_window, qtbot, tmp_path, monkeypatch):
    import time

    from indexer import importer

    window = team_window
    take_file = importer._Importer.take_file

    def slow_take_file(self, prepared):  # a file takes a moment, as on a real server: the cancel lands mid-import
        time.sleep(0.05)  # (on a loaded machine all 40 were in before the first progress signal was handled)
        return take_file(self, prepared)

    monkeypatch.setattr(importer._Importer, "take_file", slow_take_file)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"note-{n:02}.txt").write_text(f"Ferry timetable change number {n}\n\nThe ferry to island {n} "
                                                 f"leaves at {n % 12 + 1} o'clock from pier {n * 7}.\n",
                                                 encoding="utf-8")
    steps = []

    def cancel_once(done, total, message):
        steps.append(done)
        if done >= 1:
            window.cancel_import()

    window.importProgress.connect(cancel_once)
    with qtbot.waitSignal(window.importFinished, timeout=60000) as finished:
        window.import_paths([str(folder)])
    report = finished.args[0]
    assert steps and report.cancelled and 1 <= len(report.added) < 40
    assert window.library.count() == len(report.added)  # what was imported before the cancel is kept


def test_rebuilding_a_team_librarys_index_asks_first(team_window, qtbot, news, monkeypatch):
    from desktop import main_window

    window = team_window
    import_into(window, qtbot, news)
    asked = []
    monkeypatch.setattr(main_window, "confirm_team_rebuild", lambda parent, name: asked.append(name) or False)
    assert not window.rebuild_index() and not window.runner.busy
    assert "not rebuilt" in window.last_message and "postgresql://" in asked[0]
    monkeypatch.setattr(main_window, "confirm_team_rebuild", lambda parent, name: True)
    with qtbot.waitSignal(window.rebuildFinished, timeout=60000) as rebuilt:
        assert window.rebuild_index()
    assert rebuilt.args[0].articles == 2 and window.run_search("frost").total == 1
