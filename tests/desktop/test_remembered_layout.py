"""A small screen and a restart (QA, session 6): every search control stays whole at 800×600, a layout saved
clipped is not restored clipped, and the window comes back as it was left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

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
