"""A small screen and a restart (QA, session 6): every search control stays whole at 800×600, a layout saved
clipped is not restored clipped, and the window comes back as it was left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from desktop.actions import Act
from desktop.main_window import QUOTES_DOCK_MIN
from desktop.views.reader import PANE_MIN_WIDTH

SEARCH_CONTROLS = ("searchBox", "searchButton", "actorFilter", "sourceFilter", "languageFilter", "dateFrom", "dateTo",
                   "clearButton", "sortCombo", "exactCheck")


def settle(qtbot):
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(20)


def clipped(dock, widgets) -> list[str]:
    """The widgets not wholly inside what the dock shows of its panel."""
    viewport = dock.widget().viewport()
    return [w.objectName() for w in widgets
            if not viewport.rect().contains(QRect(w.mapTo(viewport, QPoint(0, 0)), w.size()))]


def clipped_search(window) -> list[str]:
    return clipped(window.search_dock, [getattr(window.search, name) for name in SEARCH_CONTROLS])


def restart(window, qtbot, library_path, private_home, size=(1366, 768)):
    """Close the window (it saves its layout) and open a new one on the same settings, shown at `size`."""
    from desktop.app import create_main_window

    window.close()
    again = create_main_window(library_path, private_home / "settings.ini")
    qtbot.addWidget(again)
    again.resize(*size)
    again.show()
    qtbot.waitExposed(again)
    settle(qtbot)
    return again


def show_quotes(window, qtbot):
    window.show_panel("quotes")
    qtbot.waitUntil(lambda: window.quotes_dock.width() >= QUOTES_DOCK_MIN - 4, timeout=3000)


# -- 1. the search panel at 800×600 ---------------------------------------------------------------------------

@pytest.mark.parametrize("with_quotes", [False, True], ids=["default", "quotes shown"])
def test_at_800x600_every_search_control_is_whole(window, qtbot, with_quotes):
    window.resize(1366, 768)
    settle(qtbot)
    if with_quotes:  # the Quotes column is widened for its names: the search column was squeezed for it
        show_quotes(window, qtbot)
    window.resize(800, 600)
    settle(qtbot)
    qtbot.waitUntil(lambda: not clipped_search(window), timeout=3000)
    assert not window.search_dock.widget().horizontalScrollBar().isVisible()
    assert window.centralWidget().width() >= PANE_MIN_WIDTH  # reading keeps a whole pane
    right = window.quotes if with_quotes else window.briefing
    dock = window.quotes_dock if with_quotes else window.briefing_dock
    assert not dock.widget().horizontalScrollBar().isVisible(), clipped(dock, [right])


def test_the_search_column_is_widened_again_when_the_window_grows(window, qtbot):
    window.resize(1366, 768)
    settle(qtbot)
    window.resizeDocks([window.search_dock], [120], Qt.Orientation.Horizontal)  # as a tiny window left it
    settle(qtbot)
    assert clipped_search(window)
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: not clipped_search(window), timeout=3000)


def test_a_layout_saved_clipped_is_not_restored_clipped(window, qtbot, library_path, private_home):
    window.resize(1366, 768)
    settle(qtbot)
    window.resizeDocks([window.search_dock], [120], Qt.Orientation.Horizontal)  # saved so by an older version
    settle(qtbot)
    assert clipped_search(window)
    again = restart(window, qtbot, library_path, private_home)
    try:
        qtbot.waitUntil(lambda: not clipped_search(again), timeout=3000)
    finally:
        again.library.close()


def test_a_narrow_window_keeps_the_reading_area_before_the_search_column(window, qtbot):
    """Below the room all three need, the reading area keeps its minimum and the columns scroll (never overlap)."""
    window.resize(1366, 768)
    settle(qtbot)
    show_quotes(window, qtbot)
    window.resize(640, 600)
    settle(qtbot)
    assert window.centralWidget().width() >= PANE_MIN_WIDTH
    assert window.search_dock.geometry().right() < window.centralWidget().geometry().left()


def test_showing_the_quotes_at_800x600_leaves_the_search_whole(window, qtbot):
    window.resize(800, 600)
    settle(qtbot)
    window.show_panel("quotes")  # the Quotes column asks for room for its names
    settle(qtbot)
    qtbot.waitUntil(lambda: not clipped_search(window), timeout=3000)
    assert not window.search_dock.widget().horizontalScrollBar().isVisible()


# -- 2. the Quotes scope and the briefing come back after a restart ------------------------------------------

def test_a_restart_restores_the_quotes_scope(window, qtbot, library_path, private_home):
    from desktop.views.quotes import SCOPE_LIBRARY

    window.resize(1366, 768)
    show_quotes(window, qtbot)
    with qtbot.waitSignal(window.quotes.loaded, timeout=10000):
        window.quotes.set_scope(SCOPE_LIBRARY)
    again = restart(window, qtbot, library_path, private_home)
    try:
        assert again.quotes.scope.currentData() == SCOPE_LIBRARY
        assert not again.quotes_dock.visibleRegion().isEmpty()  # in front of the Briefing tab, as it was
        qtbot.waitUntil(lambda: again.quotes.model.rowCount() > 0, timeout=10000)  # the library's list, read again
    finally:
        again.read_pool.waitForDone(10000)
        again.library.close()


def test_an_unknown_saved_scope_gives_the_open_articles(qtbot, window, library_path, private_home):
    from desktop.views.quotes import SCOPE_OPEN

    window.settings.set_quotes_scope("everything")  # a hand-edited or future settings file
    again = restart(window, qtbot, library_path, private_home)
    try:
        assert again.quotes.scope.currentData() == SCOPE_OPEN
    finally:
        again.library.close()


def saved_briefing(window, path, title="Grain corridor watch"):
    window.briefing.titleEdit.setText(title)
    window.briefing.titleEdit.setModified(True)  # as typed
    window.briefing.add_note("Ask the Odesa desk")
    assert window.briefing.save_as(path)
    return path


def test_a_restart_reopens_the_last_briefing_file(window, qtbot, library_path, private_home, tmp_path):
    path = saved_briefing(window, tmp_path / "watch.briefing.json")
    again = restart(window, qtbot, library_path, private_home)
    try:
        assert again.briefing.path == path
        assert again.briefing.title() == "Grain corridor watch"
        assert not again.briefing.is_modified()
        assert again.windowTitle().startswith("Grain corridor watch")
    finally:
        again.library.close()


def test_an_unsaved_briefing_is_not_replaced_by_an_older_file(window, qtbot, library_path, private_home, tmp_path):
    saved_briefing(window, tmp_path / "watch.briefing.json")
    assert window.briefing.new(confirm=lambda *a: True)
    again = restart(window, qtbot, library_path, private_home)
    try:
        assert again.briefing.path is None and again.briefing.title() == "Untitled briefing"
    finally:
        again.library.close()


def test_unsaved_edits_of_the_last_briefing_are_still_offered(window, qtbot, library_path, private_home, tmp_path):
    """Reopening the file never drops the autosaved copy of edits made after its last save."""
    from desktop.views.briefing import RecoveryFile, recovery_folder

    path = saved_briefing(window, tmp_path / "watch.briefing.json")
    window.briefing.add_note("Not saved yet")
    again = restart(window, qtbot, library_path, private_home)  # no screen: the copy is kept, not offered
    try:
        assert again.briefing.path == path and not again.briefing.is_modified()
        assert RecoveryFile(path, folder=recovery_folder(library_path)).exists()
    finally:
        again.library.close()


@pytest.mark.parametrize("damage", ["removed", "not a briefing"])
def test_a_last_briefing_that_cannot_be_read_is_named_and_forgotten(window, qtbot, library_path, private_home,
                                                                   tmp_path, damage):
    path = saved_briefing(window, tmp_path / "watch.briefing.json")
    window.close()
    if damage == "removed":
        path.unlink()
    else:
        path.write_text("{ half a file", encoding="utf-8")
    again = restart(window, qtbot, library_path, private_home)
    try:
        assert again.briefing.path is None
        assert str(path) in again.last_message and "Open Briefing" in again.last_message
        assert again.settings.last_briefing(str(library_path)) == ""
    finally:
        again.library.close()


# -- 3. Ctrl+B in the Quotes panel keeps the Quotes tab ------------------------------------------------------

HARBOUR = (
    "Ferry unions and the port agree on winter crossings\n\nSource: Island Post\nDate: 2025-11-04\n\n"
    "“We will run every crossing the weather allows,” Emmanuel Macron said at the harbour on Tuesday.\n\n"
    "“Nobody should be stranded on the island over the holidays, not one family,” Emmanuel Macron added.\n"
)


@pytest.fixture
def quotes_listed(window, qtbot, tmp_path):
    """The Quotes panel in front of its tab group, listing the library's quotes, the focus in the list."""
    from desktop.views.quotes import SCOPE_LIBRARY

    path = tmp_path / "harbour.txt"
    path.write_text(HARBOUR, encoding="utf-8")
    window.library.add([path])
    window.resize(1366, 768)
    show_quotes(window, qtbot)
    with qtbot.waitSignal(window.quotes.loaded, timeout=10000):
        window.quotes.set_scope(SCOPE_LIBRARY)
    assert window.quotes.proxy.rowCount() >= 2
    return window.quotes


def add_by_key(window, panel, row: int) -> None:
    panel.select_row(row)
    panel.quotesView.setFocus()
    window.action(Act.ADD_EXCERPT).trigger()  # Ctrl+B with the focus in the list
    QApplication.processEvents()


def in_front(dock) -> bool:
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def test_ctrl_b_in_the_quotes_keeps_the_quotes_tab_and_says_what_was_added(window, qtbot, quotes_listed):
    panel = quotes_listed
    for row in (0, 1):
        add_by_key(window, panel, row)
        assert in_front(window.quotes_dock) and not in_front(window.briefing_dock)
        assert panel.quotesView.hasFocus()  # the next quote is one key away
    first, second = window.briefing.briefing.excerpts()
    assert first.text != second.text
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Added {second.speaker}’s quote to the briefing (2 excerpts): “{second.text[:20]}")
    assert message.endswith(f"from “{second.title}”.")


def test_a_long_quote_is_named_by_its_opening_words(window, qtbot, quotes_listed):
    panel = quotes_listed
    from desktop.models.quotes import ROW_ROLE

    texts = [panel.proxy.index(r, 0).data(ROW_ROLE).text for r in range(panel.proxy.rowCount())]
    row = next(r for r, text in enumerate(texts) if "stranded" in text)
    add_by_key(window, panel, row)
    message = window.statusBar().currentMessage()
    assert "(1 excerpt): “Nobody should be stranded on the island…”," in message
    assert "not one family" not in message


def test_a_closed_briefing_comes_back_behind_the_quotes(window, qtbot, quotes_listed):
    window.briefing_dock.close()
    qtbot.waitUntil(lambda: window.briefing_dock.isHidden(), timeout=2000)
    add_by_key(window, quotes_listed, 0)
    settle(qtbot)
    assert not window.briefing_dock.isHidden() and window.briefing.briefing.excerpts()
    assert in_front(window.quotes_dock) and not in_front(window.briefing_dock)


# -- 4. Return in the To date searches, as in the From date and the query box --------------------------------

def type_date(qtbot, edit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClicks(edit, text)


@pytest.mark.parametrize("field, day, titles", [
    ("dateTo", "2025-03-11", ["Ceasefire talks open in Geneva as Macron urges patience"]),
    ("dateFrom", "2025-03-13", ["NATO allies discuss energy security"]),
])
def test_return_in_a_date_filter_runs_the_search(window, qtbot, field, day, titles):
    search = window.search
    type_date(qtbot, getattr(search, field), day)
    with qtbot.waitSignal(search.searched, timeout=10000) as searched:
        qtbot.keyClick(getattr(search, field), Qt.Key.Key_Return)
    assert [hit.title for hit in searched.args[0].hits] == titles


def test_return_in_the_to_date_settles_a_short_day_before_searching(window, qtbot):
    search = window.search
    type_date(qtbot, search.dateTo, "2025-3-1")  # a one-digit day may still grow: Return settles it
    with qtbot.waitSignal(search.searched, timeout=10000) as searched:
        qtbot.keyClick(search.dateTo, Qt.Key.Key_Return)
    assert searched.args[0].total == 0 and search._date(search.dateTo) == "2025-03-01"
    assert "No articles match" in search.messageLabel.text()


def test_return_in_a_to_date_before_the_from_date_says_what_to_do(window, qtbot):
    search = window.search
    type_date(qtbot, search.dateFrom, "2025-03-13")
    type_date(qtbot, search.dateTo, "2025-03-11")
    with qtbot.waitSignal(search.searched, timeout=10000) as searched:
        qtbot.keyClick(search.dateTo, Qt.Key.Key_Return)
    assert searched.args[0] is None and search.messageLabel.property("error")
    assert "Swap the two dates" in search.messageLabel.text()
