"""Quotes, Timeline and Network by keyboard, and room for them (QA 4, defects 4 and 5): View entries with
mnemonics and shortcuts that raise and focus their dock, F6 reaching them, Tab leaving the quotes table, Ctrl+B
adding the selected quote with its speaker; a bottom dock that leaves the side columns their height; a Speaker
column wide enough for a name and the whole quote in the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.actions import Act, shortcut_rows

from .test_quotes_panel import ENVOYS


def settle(qtbot):
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(20)


@pytest.fixture
def envoys(window, tmp_path):
    path = tmp_path / "envoys.txt"
    path.write_text(ENVOYS, encoding="utf-8")
    [added] = window.library.add([path]).added
    return added.id


def view_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")


def focused_in(widget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


@pytest.mark.parametrize("key, name", [(Act.SHOW_QUOTES, "quotes"), (Act.SHOW_TIMELINE, "timeline"),
                                       (Act.SHOW_NETWORK, "network")])
def test_the_view_entry_has_a_mnemonic_and_a_listed_shortcut(window, key, name):
    action = window.action(key)
    assert action in view_menu(window).actions()
    assert "&" in action.text() and not action.shortcut().isEmpty()
    listed = {row[0]: row[1] for row in shortcut_rows()}
    assert listed[action.text().replace("&", "")] == action.shortcut().toString()


def test_view_quotes_raises_the_tab_and_focuses_the_list_then_closes_it(window, qtbot):
    window.activateWindow()
    window.action(Act.SHOW_QUOTES).trigger()
    settle(qtbot)
    assert window.quotes_dock.isVisible() and not window.quotes.quotesView.visibleRegion().isEmpty()
    assert focused_in(window.quotes) and QApplication.focusWidget() is window.quotes.quotesView
    window.action(Act.SHOW_QUOTES).trigger()  # pressed again where it has the focus
    settle(qtbot)
    assert not window.quotes_dock.isVisible()


def test_view_timeline_shows_and_focuses_the_panel(window, qtbot):
    window.activateWindow()
    window.action(Act.SHOW_TIMELINE).trigger()
    settle(qtbot)
    assert window.timeline_dock.isVisible() and focused_in(window.timeline)


def test_f6_reaches_the_panels_on_show(window, qtbot):
    window.activateWindow()
    for key in (Act.SHOW_QUOTES, Act.SHOW_TIMELINE, Act.SHOW_NETWORK):
        window.action(key).trigger()
    settle(qtbot)
    window.searchBox.setFocus()
    reached = set()
    for _ in range(12):
        window.action(Act.NEXT_AREA).trigger()
        reached |= {name for name in ("quotes", "timeline", "network") if focused_in(getattr(window, name))}
    assert reached == {"quotes", "network"}  # the timeline is tabbed behind the network, which was shown last
    window.action(Act.SHOW_TIMELINE).trigger()
    settle(qtbot)
    window.searchBox.setFocus()
    window.action(Act.PREVIOUS_AREA).trigger()
    assert focused_in(window.timeline)


def test_tab_leaves_the_quotes_table_and_ctrl_b_adds_the_quote_with_its_speaker(window, qtbot, envoys):
    from desktop.views.quotes import SCOPE_LIBRARY

    window.activateWindow()
    window.action(Act.SHOW_QUOTES).trigger()
    panel = window.quotes
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_scope(SCOPE_LIBRARY)
    row = next(r for r in range(panel.proxy.rowCount())
               if panel.proxy.index(r, 0).data() == "Sergey Lavrov")
    panel.select_row(row)
    panel.quotesView.setFocus()
    assert not panel.quotesView.tabKeyNavigation()
    qtbot.keyClick(panel.quotesView, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not panel.quotesView
    panel.quotesView.setFocus()
    window.action(Act.ADD_EXCERPT).trigger()  # Ctrl+B with the focus in the list
    [excerpt] = window.briefing.briefing.excerpts()
    assert excerpt.speaker == "Sergey Lavrov" and excerpt.text == "We will not sign anything this week"


def test_a_bottom_dock_leaves_the_side_columns_their_height(window, qtbot):
    window.resize(1600, 970)
    settle(qtbot)
    before = {d.objectName(): d.height() for d in (window.search_dock, window.briefing_dock, window.actors_dock)}
    reading = window.reading.height()
    window.action(Act.SHOW_TIMELINE).trigger()
    qtbot.waitUntil(lambda: window.timeline_dock.height() >= 250, timeout=3000)
    settle(qtbot)
    after = {d.objectName(): d.height() for d in (window.search_dock, window.briefing_dock, window.actors_dock)}
    assert after == before
    assert window.timeline_dock.height() < 0.4 * window.height()  # the room the chart needs, not half the window
    window.timeline_dock.hide()
    settle(qtbot)
    assert window.reading.height() == reading


def test_the_speaker_column_fits_a_name_and_the_tooltip_holds_the_quote(window, qtbot, envoys):
    from desktop.models.quotes import QUOTE_COLUMN, SPEAKER_COLUMN
    from desktop.views.quotes import SCOPE_LIBRARY

    window.resize(1600, 970)
    settle(qtbot)
    window.action(Act.SHOW_QUOTES).trigger()
    with qtbot.waitSignal(window.quotes.loaded, timeout=10000):
        window.quotes.set_scope(SCOPE_LIBRARY)
    settle(qtbot)
    view = window.quotes.quotesView
    width = view.horizontalHeader().sectionSize(SPEAKER_COLUMN)
    assert width >= view.fontMetrics().horizontalAdvance("Emmanuel Macron")
    index = next(window.quotes.proxy.index(r, QUOTE_COLUMN) for r in range(window.quotes.proxy.rowCount())
                 if window.quotes.proxy.index(r, SPEAKER_COLUMN).data() == "Sergey Lavrov")
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "We will not sign anything this week" in tip and "Sergey Lavrov" in tip


def test_a_quote_that_looks_like_markup_shows_literally_in_its_tooltip():
    from desktop.models.quotes import QuoteRow, _tooltip

    tip = _tooltip(QuoteRow("a", 0, 9, "<b>bold</b> & more", "x", "X", "T"))
    assert "<b>bold</b>" not in tip and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in tip


def test_the_quotes_column_is_widened_for_names_then_given_back(window, qtbot):
    from desktop.main_window import QUOTES_DOCK_MIN

    window.resize(1600, 970)
    settle(qtbot)
    before = window.briefing_dock.width()
    assert before < QUOTES_DOCK_MIN
    window.activateWindow()
    window.action(Act.SHOW_QUOTES).trigger()
    qtbot.waitUntil(lambda: window.quotes_dock.width() >= QUOTES_DOCK_MIN - 4, timeout=3000)
    window.action(Act.SHOW_QUOTES).trigger()  # closes it: the focus is in the list
    qtbot.waitUntil(lambda: abs(window.briefing_dock.width() - before) <= 4, timeout=3000)


def test_reset_layout_with_the_quotes_widened_is_quiet(window, qtbot):
    from desktop.main_window import QUOTES_DOCK_MIN

    window.resize(1600, 970)
    settle(qtbot)
    window.action(Act.SHOW_QUOTES).trigger()
    qtbot.waitUntil(lambda: window.quotes_dock.width() >= QUOTES_DOCK_MIN - 4, timeout=3000)
    window.action(Act.RESET_LAYOUT).trigger()
    settle(qtbot)
    assert not window.quotes_dock.isVisible() and window.briefing_dock.isVisible()


def test_timeline_marks_by_keyboard(window, qtbot):
    with qtbot.waitSignal(window.timeline.drawn, timeout=20000):
        window.action(Act.SHOW_TIMELINE).trigger()
    panel = window.timeline
    canvas = panel.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    first = panel.statusLabel.text()
    assert first.startswith(f"Mark 1 of {len(panel._points)}: ") and "2025-03-" in first
    qtbot.keyClick(canvas, Qt.Key.Key_Left)  # wraps round to the last mark
    assert panel.statusLabel.text().startswith(f"Mark {len(panel._points)} of ")
    with qtbot.waitSignal(panel.quoteRequested, timeout=3000) as opened:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    article_id, start, end = opened.args
    assert window.reading.pane_for(article_id).selection() == (start, end)
