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


def write_article(folder, name: str) -> str:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("Lighthouse keepers strike on the northern coast\n\nDate: 2025-05-02\n\n"
                    "Keepers at four lighthouses stopped work on Friday over unpaid overtime.\n", encoding="utf-8")
    return str(path)


def cli_import(library_path, path: str) -> None:
    """Import through the CLI in another process, as an analyst's script would."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "indexer.cli", "--library", str(library_path), "add", path],
                          cwd=repo, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_import_log_keeps_its_columns_and_the_history_button_toggles_back(window, qtbot, tmp_path):
    log = window.import_log
    with qtbot.waitSignal(window.importFinished, timeout=30000):
        window.import_paths([write_article(tmp_path / "new", "keepers.txt")])
    assert log.headers() == ["Status", "File", "Reason or title", "When"]
    assert log.rows()[0][:2] == ("added", "keepers.txt") and log.column("When")[0][:2] == "20"
    button = log.historyButton
    assert button.text() == "Show Full History" and not log.showing_history()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert log.showing_history() and button.text() == "Show Last Import"
    assert log.headers() == ["Status", "File", "Reason or title", "When"]
    assert len(log.rows()) == 4 and all(when[:2] == "20" for when in log.column("When"))
    assert {r[0] for r in log.rows()} == {"added"} and all(r[2] for r in log.rows())  # titles in the same column
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not log.showing_history() and button.text() == "Show Full History"
    assert [r[1] for r in log.rows()] == ["keepers.txt"]
    window.show_import_history()  # the View menu's entry turns the toggle on too
    assert log.showing_history() and len(log.rows()) == 4


def test_history_toggle_without_an_import_this_session(window, qtbot):
    log = window.import_log
    qtbot.mouseClick(log.historyButton, Qt.MouseButton.LeftButton)
    assert len(log.rows()) == 3
    qtbot.mouseClick(log.historyButton, Qt.MouseButton.LeftButton)
    assert log.rows() == [] and "No import yet" in log.summaryLabel.text()


def test_count_follows_an_import_by_another_process(window, qtbot, tmp_path):
    assert window.count_label.text() == "3 articles"
    cli_import(window.library.path, write_article(tmp_path / "cli", "keepers.txt"))
    window.library_timer.setInterval(100)
    qtbot.waitUntil(lambda: window.count_label.text() == "4 articles", timeout=5000)
    assert window.search.model.rowCount() == 4  # the list shows the new article too
    assert "changed outside" in window.last_message
    assert not window.check_library_changed()  # nothing new since
    assert window.run_search("lighthouse").total == 1  # and the search finds it


def test_regaining_focus_checks_the_library(window, qtbot, tmp_path):
    from PySide6.QtCore import QEvent

    window.library_timer.stop()
    cli_import(window.library.path, write_article(tmp_path / "cli", "keepers.txt"))
    window.isActiveWindow = lambda: True
    window.changeEvent(QEvent(QEvent.Type.ActivationChange))
    assert window.count_label.text() == "4 articles"


def test_clearing_the_actor_filter_with_its_button_searches_again(window, qtbot):
    from PySide6.QtWidgets import QToolButton

    window.run_search("ceasefire OR energy")
    with qtbot.waitSignal(window.search.searched):
        window.search._facet_chosen(facet_item(window, "Emmanuel Macron"))
    assert window.search.result.total == 2
    clear = window.search.actorFilter.findChild(QToolButton)
    qtbot.waitUntil(clear.isVisible, timeout=3000)
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert window.search.actors() == [] and window.search.result.total == 3


# -- hits, dates and sorting (issue 14.4) ------------------------------------------------------------


def test_stepping_through_hits_shows_which_one_of_how_many(window, qtbot):
    window.run_search("ceasefire")
    pane = window.open_articles([window.search.model.hits[0].id])[0]
    n = len(pane.hit_spans)
    assert n >= 3 and pane.hits_label.text() == f"{n} hits"
    pane.next_hit()
    assert pane.hits_label.text() == f"1 of {n}"
    pane.next_hit()
    assert pane.hits_label.text() == f"2 of {n}"
    pane.previous_hit()
    pane.previous_hit()
    assert pane.hits_label.text() == f"{n} of {n}"  # wraps around


def test_a_new_search_clears_the_old_current_hit_in_open_panes(window, qtbot):
    window.run_search("ceasefire")
    pane = window.open_articles([window.search.model.hits[0].id])[0]
    pane.next_hit()
    pane.next_hit()
    assert pane.selection() is not None
    window.run_search("Geneva")
    assert pane.current_hit == -1 and pane.selection() is None
    assert pane.hits_label.text() in ("1 hit", f"{len(pane.hit_spans)} hits")
    pane.next_hit()
    assert pane.hits_label.text().startswith("1 of")


def test_a_selection_of_my_own_survives_a_new_search(window, qtbot):
    window.run_search("ceasefire")
    pane = window.open_articles([window.search.model.hits[0].id])[0]
    pane.select(0, 8)
    window.run_search("Geneva")
    assert pane.selection() == (0, 8)


def test_the_date_calendar_opens_at_todays_month(window, qtbot):
    from PySide6.QtCore import QDate, QPoint

    edit = window.search.dateFrom
    assert edit.text() == "any"
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible, timeout=3000)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    calendar.window().hide()


def test_sorting_offers_newest_and_oldest_first(window, qtbot):
    combo = window.search.sortCombo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels[:3] == ["Relevance", "Newest first", "Oldest first"]
    window.run_search("ceasefire OR energy OR grain")
    combo.setCurrentIndex(labels.index("Oldest first"))
    qtbot.waitUntil(lambda: not window.search.searching(), timeout=5000)
    dates = [hit.date for hit in window.search.model.hits]
    assert dates == sorted(dates) and len(dates) == 3
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        combo.setCurrentIndex(labels.index("Newest first"))
    assert [hit.date for hit in window.search.model.hits] == sorted(dates, reverse=True)
