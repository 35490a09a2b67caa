"""Live state (issue 14): numeric sorting, "In panes" following the panes, one gesture one actor,
the import log's columns and toggle, counts after another process's import, a clearing filter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeView

from desktop.views.actors import PANES_COLUMN


def column(view: QTreeView, col: int) -> list[str]:
    model = view.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_actor_counts_sort_as_numbers(window):
    panel = window.actors
    panel.model.removeRows(0, panel.model.rowCount())
    for n, mentions in enumerate((9, 9, 84, 8, 4, 36, 120)):
        panel._row(f"a{n}", f"Actor {n}", "person", mentions % 7 + 1, mentions, "", 0)
    panel.actorsView.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert column(panel.actorsView, 3) == ["120", "84", "36", "9", "9", "8", "4"]
    panel.actorsView.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert column(panel.actorsView, 3) == ["4", "8", "9", "9", "36", "84", "120"]


def test_actor_names_sort_without_regard_to_case(window):
    panel = window.actors
    panel.model.removeRows(0, panel.model.rowCount())
    for n, name in enumerate(("beta", "Alpha", "gamma", "Delta")):
        panel._row(f"a{n}", name, "place", 1, 1)
    panel.actorsView.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert column(panel.actorsView, 0) == ["Alpha", "beta", "Delta", "gamma"]


def open_marks(window) -> dict[str, str]:
    view = window.actors.actorsView
    return {name: mark for name, mark in zip(column(view, 0), column(view, PANES_COLUMN)) if mark}


def test_in_panes_follows_the_panes_in_the_library_scope(window, qtbot):
    window.actors.scope.setCurrentIndex(1)  # the whole library
    assert open_marks(window) == {}
    window.run_search("grain")
    window.resultsView.selectAll()
    window.open_side_by_side()
    qtbot.waitUntil(lambda: open_marks(window).get("Turkey") == "open", timeout=3000)
    assert "Germany" not in open_marks(window)  # only in the energy article, which is not open
    while window.reading.panes():
        window.reading.close_pane()
    qtbot.waitUntil(lambda: open_marks(window) == {}, timeout=3000)


def facet_item(window, name: str):
    facets = window.search.facetsView
    return next(facets.item(i) for i in range(facets.count()) if facets.item(i).data(Qt.ItemDataRole.UserRole) == name)


def test_double_clicking_a_facet_adds_exactly_one_actor(window, qtbot):
    window.run_search("ceasefire OR energy")
    facets = window.search.facetsView
    centre = facets.visualItemRect(facet_item(window, "Emmanuel Macron")).center()
    qtbot.mouseClick(facets.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.search.actors() == []  # a single click only selects
    qtbot.mouseDClick(facets.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.search.actors() == ["Emmanuel Macron"]
    assert window.search.result.total == 2


def test_return_on_a_facet_filters_by_it(window, qtbot):
    window.run_search("ceasefire OR energy")
    facets = window.search.facetsView
    facets.setCurrentItem(facet_item(window, "Emmanuel Macron"))
    facets.setFocus()
    qtbot.keyClick(facets, Qt.Key.Key_Return)
    assert window.search.actors() == ["Emmanuel Macron"]
