"""Desktop defects a QA analyst found at 1366×768 and 800×600: each test fails on the code before its fix."""

from __future__ import annotations

import os

import pytest


@pytest.mark.parametrize("size", [(1366, 768), (800, 600)])
@pytest.mark.parametrize("name", ["timeline", "network"])
def test_a_picture_dock_opens_with_a_readable_chart(qtbot, window, name, size):
    window.resize(*size)
    dock, panel = getattr(window, f"{name}_dock"), getattr(window, name)
    with qtbot.waitSignal(panel.drawn, timeout=20000):
        dock.show()
        dock.raise_()
    qtbot.waitUntil(lambda: panel.canvas.visibleRegion().boundingRect().height() >= 180, timeout=3000)
    assert panel.canvas.height() >= 180


QUOTED = (
    "Envoys trade promises at the harbour\n\nSource: Harbour Courier\nDate: 2025-04-03\n\n"
    "“We will keep the corridor open for as long as it takes,” Emmanuel Macron said on Thursday.\n"
)


@pytest.mark.parametrize("size", [(1366, 768), (800, 600)])
def test_the_quotes_panel_gives_the_quote_room_and_its_buttons_fit(qtbot, window, tmp_path, size):
    from desktop.views.quotes import SCOPE_LIBRARY

    path = tmp_path / "quoted.txt"
    path.write_text(QUOTED, encoding="utf-8")
    window.library.add([path])
    window.resize(*size)
    panel = window.quotes
    window.quotes_dock.show()
    window.quotes_dock.raise_()
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_scope(SCOPE_LIBRARY)
    view = panel.quotesView
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() < 600)  # laid out in its dock
    from desktop.models.quotes import COLUMNS, DATE_COLUMN, QUOTE_COLUMN

    header = panel.quotesView.horizontalHeader()
    widths = [header.sectionSize(c) if not header.isSectionHidden(c) else 0 for c in range(len(COLUMNS))]
    assert widths[QUOTE_COLUMN] == max(widths) and widths[QUOTE_COLUMN] >= 100, widths
    assert widths[DATE_COLUMN] >= view.sizeHintForColumn(DATE_COLUMN)  # a whole date
    for button in (panel.openButton, panel.addButton):
        assert button.toolTip()
        assert button.width() >= button.sizeHint().width(), button.text()
        assert button.visibleRegion().boundingRect().width() >= button.sizeHint().width(), button.text()


@pytest.mark.parametrize("focus", ["pane", "results"])
def test_edit_details_from_a_pane_can_be_undone_from_the_edit_menu(qtbot, window, focus):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.actions import Act

    window.run_search("grain")
    window.resultsView.setCurrentIndex(window.search.model.index(0, 0))
    window.open_current(False)
    pane = window.reading.active
    focused = pane.view if focus == "pane" else window.resultsView  # where Ctrl+Shift+D was pressed
    focused.setFocus()
    qtbot.waitUntil(lambda: focused.hasFocus())
    before = pane.article.title
    window.action(Act.EDIT_DETAILS).trigger()
    dialog = window.details_dialog
    qtbot.waitExposed(dialog)
    dialog.edits["title"].setText("Corridor opens again")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: pane.article.title == "Corridor opens again", timeout=3000)
    focused.clearFocus()
    focused.setFocus()  # as an X window manager gives the focus back, after the dialog has closed
    qtbot.waitUntil(lambda: focused.hasFocus())
    undo = window.action(Act.UNDO)
    qtbot.waitUntil(lambda: undo.isEnabled() and "details" in undo.text().lower(), timeout=2000)
    undo.trigger()
    qtbot.waitUntil(lambda: pane.article.title == before, timeout=3000)


def clear_button(line_edit):
    from PySide6.QtWidgets import QToolButton

    return next(b for b in line_edit.findChildren(QToolButton) if b.isVisible())


def test_the_clear_button_lists_the_newest_articles_again(qtbot, window):
    from PySide6.QtCore import Qt

    window.searchBox.setText("grain")
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    assert window.search.model.rowCount() == 1
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        qtbot.mouseClick(clear_button(window.searchBox), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.search.model.rowCount() == window.library.count(), timeout=3000)
    assert "in the library" in window.search.messageLabel.text()


def test_clearing_the_box_while_a_search_runs_drops_its_results(qtbot, window):
    from PySide6.QtCore import Qt

    window.searchBox.setText("grain")
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)  # the search runs in the background
    window.searchBox.clear()
    qtbot.waitUntil(lambda: not window.search.searching(), timeout=5000)
    assert window.search.model.rowCount() == window.library.count()
    assert window.search.query == ""


UNDATED = "Grain brokers wait for the corridor\n\nTraders at the port said grain ships were still waiting.\n"


@pytest.fixture
def with_undated(window, tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text(UNDATED, encoding="utf-8")
    [added] = window.library.add([path]).added
    assert not window.library.article(added.id).date
    return added.id


def shown_dates(window):
    return [window.search.model.hits[r].date for r in range(window.search.model.rowCount())]


def test_oldest_first_applies_to_the_article_list_too(qtbot, window, with_undated):
    window.search.browse()
    dates = shown_dates(window)
    assert dates[-1] == "" and dates[:-1] == sorted(dates[:-1], reverse=True)  # newest first, undated last
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        window.search.sortCombo.setCurrentIndex(window.search.sortCombo.findData("oldest"))
    dates = shown_dates(window)
    assert dates[-1] == "" and dates[:-1] == sorted(dates[:-1]) and len(dates) == window.library.count()


@pytest.mark.parametrize("sort", ["oldest", "date"])
def test_undated_articles_come_last_in_a_sorted_search(window, with_undated, sort):
    hits = window.library.search("grain", sort=sort, limit=10).hits
    assert len(hits) == 2 and hits[-1].id == with_undated and hits[0].date


def test_the_oldest_articles_of_a_library_larger_than_the_list(window, with_undated):
    oldest = window.library.oldest(2)
    assert [s.date for s in oldest] == ["2025-03-10", "2025-03-12"]
    assert window.library.oldest(10)[-1].id == with_undated


def test_the_undo_toolbar_button_stays_short_and_the_full_step_is_in_menu_and_tooltip(qtbot, window):
    from PySide6.QtWidgets import QToolBar

    from desktop.actions import Act

    window.resize(1366, 768)
    window.briefing.add_note("A note with a rather long text to name the step")
    undo = window.action(Act.UNDO)
    qtbot.waitUntil(undo.isEnabled)
    assert undo.text().replace("&", "").startswith("Undo ") and len(undo.text()) > len("&Undo ")
    assert undo.toolTip().startswith("Undo ") and undo.toolTip() != "Undo"
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar.widgetForAction(undo).text() == "Undo"
    export = toolbar.widgetForAction(window.action(Act.EXPORT_BRIEFING))
    assert export is not None and export.isVisible()
    window.action(Act.UNDO).trigger()
    qtbot.waitUntil(lambda: window.action(Act.REDO).isEnabled())
    assert toolbar.widgetForAction(window.action(Act.REDO)).text() == "Redo"


def test_a_file_of_an_unsupported_type_in_the_inbox_is_logged_as_skipped(qtbot, window, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert window.watch_inbox(str(inbox))
    odd = inbox / "minutes.xyz"
    with qtbot.waitSignal(window.importFinished, timeout=15000,
                          check_params_cb=lambda report: [s.path for s in report.skipped] == [str(odd)]):
        odd.write_text("Minutes of the port meeting, in a format nobody reads.\n", encoding="utf-8")
    entry = window.library.import_log(1)[0]
    assert entry.status == "skipped" and "type" in entry.detail.lower()


def test_the_inbox_leaves_hidden_files_and_pipes_alone(qtbot, tmp_path):
    from desktop.inbox import Inbox

    inbox_folder = tmp_path / "inbox"
    inbox_folder.mkdir()
    (inbox_folder / ".partial.xyz").write_text("half", encoding="utf-8")
    (inbox_folder / "minutes.xyz").write_text("odd", encoding="utf-8")
    os.mkfifo(inbox_folder / "pipe.xyz")  # never handed over: reading it would block the import
    inbox = Inbox()
    with qtbot.waitSignal(inbox.ready, timeout=3000) as ready:
        inbox.start(inbox_folder)
    assert ready.args[0] == [str(inbox_folder / "minutes.xyz")]
    inbox.stop()


@pytest.mark.parametrize("first_section", [True, False])
def test_adding_a_picture_is_named_add_picture_in_undo(window, first_section):
    from desktop.actions import Act
    from indexer.briefing import Picture

    if first_section:
        window.briefing.add_section("Pictures")
    picture = Picture(kind="timeline", caption="Timeline of grain", png=b"\x89PNG\r\n\x1a\n", svg="<svg/>")
    window.briefing.add_picture(picture)
    assert window.briefing.undo_stack.undoText() == "Add picture"
    assert window.action(Act.UNDO).text().replace("&", "") == "Undo Add picture"
