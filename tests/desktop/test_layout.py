"""Layout (issue 14, item 1 and broken item 5): the import log on demand, panes that keep a readable width
and scroll sideways, and nothing painting over anything at 800×600."""

from __future__ import annotations

from itertools import combinations

import pytest

from .conftest import shown_tip
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from desktop.actions import Act
from desktop.views.reader import PANE_MIN_WIDTH


def settle(qtbot):
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(20)


def test_the_import_log_opens_from_the_status_bar_not_after_every_import(window, qtbot, tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "keepers.txt").write_text("Lighthouse keepers strike\n\nKeepers stopped work on Friday.\n")
    (folder / "blank.txt").write_text("  \n")
    assert not window.import_summary.isVisible()
    with qtbot.waitSignal(window.importFinished, timeout=30000):
        window.import_paths([str(folder)])
    assert not window.import_dialog.isVisible()
    assert not window.findChildren(QDockWidget, "importLogDock")
    summary = window.import_summary
    assert summary.isVisible() and summary.text() == "Last import: 1 added, 1 skipped…"
    qtbot.mouseClick(summary, Qt.MouseButton.LeftButton)
    assert window.import_dialog.isVisible()
    assert sorted(r[0] for r in window.import_log.rows()) == ["added", "skipped"]
    window.import_dialog.hide()
    window.action(Act.SHOW_IMPORT_LOG).trigger()  # the full history
    assert window.import_dialog.isVisible() and window.import_log.showing_history()
    assert len(window.import_log.rows()) == 5


def open_panes(window, n: int):
    window.run_search("ceasefire OR energy OR grain")
    window.resultsView.selectAll()
    window.open_side_by_side()
    while len(window.reading.panes()) < n:
        window.open_current(True)
    return window.reading.panes()


def visible_areas(window) -> dict[str, QRect]:
    areas = {d.objectName(): d.geometry() for d in window.findChildren(QDockWidget) if d.isVisible()}
    areas["reading"] = window.centralWidget().geometry()
    return areas


@pytest.mark.parametrize("size", [(800, 600), (1366, 768)])
def test_nothing_overlaps_and_panes_stay_readable(window, qtbot, size):
    panes = open_panes(window, 4)
    window.resize(*size)
    settle(qtbot)
    assert (window.width(), window.height()) == size  # the window's minimum does not grow with the panes
    areas = visible_areas(window)
    assert len(areas) == 4
    for (a, ra), (b, rb) in combinations(areas.items(), 2):
        assert not ra.intersects(rb), f"{a} {ra} overlaps {b} {rb}"
    for name, rect in areas.items():
        assert window.rect().contains(rect), name
    assert all(p.width() >= PANE_MIN_WIDTH for p in panes)
    bar = window.reading.scroller.horizontalScrollBar()
    assert bar.maximum() > 0  # four readable panes do not fit: the pane area scrolls sideways


def test_dock_contents_scroll_instead_of_painting_outside_their_dock(window, qtbot):
    window.resize(800, 600)
    settle(qtbot)
    for dock in window.findChildren(QDockWidget):
        if dock.isVisible():
            inner = dock.widget()
            assert dock.rect().contains(inner.geometry()), dock.objectName()
            assert inner.viewport().width() <= dock.width()


def test_panes_share_the_room_when_there_is_enough(window, qtbot):
    panes = open_panes(window, 2)
    window.resize(1600, 1000)
    settle(qtbot)
    assert window.reading.scroller.horizontalScrollBar().maximum() == 0
    assert all(p.width() >= PANE_MIN_WIDTH for p in panes)


def test_docks_do_not_scroll_when_there_is_room(window, qtbot):
    window.resize(1600, 1000)
    settle(qtbot)
    for dock in window.findChildren(QDockWidget):
        if dock.isHidden():  # hidden docks (Timeline, Network until shown) have no laid-out viewport
            continue
        area = dock.widget()
        qtbot.waitUntil(lambda a=area: a.widget().height() == a.viewport().height(), timeout=2000)
        assert not area.verticalScrollBar().isVisible(), dock.objectName()
        assert not area.horizontalScrollBar().isVisible(), dock.objectName()


def test_the_active_pane_is_scrolled_into_view(window, qtbot):
    window.resize(1366, 768)
    settle(qtbot)
    panes = open_panes(window, 4)
    viewport = window.reading.scroller.viewport()

    def in_view(pane) -> bool:
        left = pane.mapTo(viewport, pane.rect().topLeft()).x()
        return left >= 0 and left + pane.width() <= viewport.width()

    qtbot.waitUntil(lambda: in_view(window.reading.active), timeout=2000)
    assert window.reading.active is panes[-1] and not in_view(panes[0])
    window.reading.set_active(panes[0])
    qtbot.waitUntil(lambda: in_view(panes[0]), timeout=2000)


# -- issue 14 item 1: reading gets the room at 1366×768 -------------------------------------------------

LONG_TITLE = ("Harbour authority and the regional ferry operators agree a winter timetable after three weeks of "
              "talks over fuel costs, crew rest rules and the island schools' term dates")


def many_hits(n: int):
    from indexer.model import Hit, Snippet

    snippet = Snippet("The operators said on Monday that the winter timetable would start in November, and the "
                      "harbour authority promised to publish the crossing times a week ahead of the change.",
                      ((4, 13),))
    return [Hit(f"id{i}", f"{LONG_TITLE} ({i})", "2025-11-0{}".format(i % 9 + 1), "Island Post", f"/x/{i}.txt", 1.0,
                (snippet, snippet), "Ana Ruiz") for i in range(n)]


def test_the_results_list_shows_at_least_eight_results_at_1366x768(window, qtbot):
    from desktop.gui_check import visible_result_rows

    window.resize(1366, 768)
    settle(qtbot)
    window.search.model.set_hits(many_hits(12))
    settle(qtbot)
    assert visible_result_rows(window) >= 8
    view = window.resultsView
    row = view.visualRect(view.model().index(0, 0))
    assert row.height() <= 3 * view.fontMetrics().lineSpacing() + 12  # two lines: title, then date · source — snippet


def test_the_actors_dock_leaves_the_search_the_whole_left_column(window):
    assert window.dockWidgetArea(window.search_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.dockWidgetArea(window.actors_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(window.briefing_dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_three_panes_and_the_docks_fit_1366_pixels_without_scrolling(window, qtbot):
    window.resize(1366, 768)
    settle(qtbot)
    panes = open_panes(window, 3)
    settle(qtbot)
    assert all(p.width() >= PANE_MIN_WIDTH for p in panes)
    assert window.reading.scroller.horizontalScrollBar().maximum() == 0  # all three in view
    for dock in (window.search_dock, window.briefing_dock, window.actors_dock):
        assert not dock.widget().horizontalScrollBar().isVisible(), dock.objectName()


def test_the_pane_header_is_compact(window, qtbot):
    window.resize(1366, 768)
    pane = open_panes(window, 1)[0]
    pane.title.setText(LONG_TITLE)
    settle(qtbot)
    spacing = pane.title.fontMetrics().lineSpacing()
    margins = pane.title.contentsMargins()
    assert pane.title.height() <= 2 * spacing + margins.top() + margins.bottom() + 2
    assert pane.title.text() == LONG_TITLE and shown_tip(pane.title.toolTip()) == LONG_TITLE  # whole title on hover
    assert pane.meta.height() <= pane.meta.fontMetrics().lineSpacing() + 12


def test_the_shared_and_only_here_lists_fold_in_every_pane(window, qtbot):
    panes = open_panes(window, 2)
    settle(qtbot)
    first, second = panes[:2]
    assert "Shared" in first.actors_line.text()
    assert first.actors_toggle.isVisible() and not first.actors_line.isVisible()  # folded: a count only
    assert first.actors_toggle.text().startswith("Actors: ") and "shared" in first.actors_toggle.text()
    qtbot.mouseClick(first.actors_toggle, Qt.MouseButton.LeftButton)
    assert first.actors_line.isVisible() and second.actors_line.isVisible()
    window.reading.close_pane(panes[-1])
    newest = window.reading.add_pane()  # a new pane follows the analyst's choice
    assert newest.actors_toggle.isChecked()
    qtbot.mouseClick(second.actors_toggle, Qt.MouseButton.LeftButton)
    assert not first.actors_line.isVisible() and not second.actors_line.isVisible()


def test_at_800x600_reading_keeps_one_whole_pane_and_the_docks_give_way(window, qtbot):
    window.resize(800, 600)
    settle(qtbot)
    open_panes(window, 3)
    settle(qtbot)
    assert window.reading.scroller.viewport().width() >= PANE_MIN_WIDTH  # the docks scroll, not the reading
    assert window.dockWidgetArea(window.actors_dock) != window.dockWidgetArea(window.search_dock)


def test_the_actors_list_leaves_room_for_the_names_at_1366x768(window, qtbot):
    window.resize(1366, 768)
    open_panes(window, 3)
    settle(qtbot)
    view = window.actorsView
    assert view.columnWidth(0) >= view.fontMetrics().horizontalAdvance("Emmanuel")  # was about 3 characters
    header = view.model()
    tips = [header.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) for c in (2, 3, 4)]
    assert all(tips) and "Mentions" in tips  # the short headers say in full what they count
