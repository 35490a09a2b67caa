"""The search panel's From/To dates from the keyboard alone (QA5 defect 7): a date typed over "any" is that date,
Return keeps it, and clearing the field gives "any" again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from desktop.views.search import NO_DATE, _date_edit


@pytest.fixture
def edit(qtbot):
    widget = _date_edit("dateFrom", "From date")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def test_a_date_typed_over_any_is_that_date_and_return_keeps_it(edit, qtbot):
    assert edit.text() == "any"
    qtbot.keyClicks(edit, "2025-05-01")
    assert edit.date() == QDate(2025, 5, 1) and edit.text() == "2025-05-01"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.date() == QDate(2025, 5, 1)


def test_digits_without_hyphens_give_the_same_day(edit, qtbot):
    qtbot.keyClicks(edit, "20250501")
    assert edit.date() == QDate(2025, 5, 1)


def test_clearing_the_field_gives_any_again(edit, qtbot):
    qtbot.keyClicks(edit, "2025-05-01")
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.date() == NO_DATE and edit.text() == "any"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "any"


def test_an_arrow_over_any_starts_at_today_not_1901(edit, qtbot):
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.date() == QDate.currentDate()


def test_a_letter_over_any_changes_nothing(edit, qtbot):
    qtbot.keyClicks(edit, "x")
    assert edit.date() == NO_DATE and edit.text() == "any"


def test_the_typed_dates_become_the_search_filter(window, qtbot):
    search = window.search
    search.dateFrom.setFocus()
    qtbot.keyClicks(search.dateFrom, "2025-03-11")
    qtbot.keyClick(search.dateFrom, Qt.Key.Key_Tab)
    assert search._date(search.dateFrom) == "2025-03-11" and search._date(search.dateTo) == ""


def test_tab_still_leaves_the_date_for_the_next_field(window, qtbot):
    search = window.search
    search.dateFrom.setFocus()
    qtbot.keyClick(search.dateFrom, Qt.Key.Key_Tab)
    assert not search.dateFrom.hasFocus()


def test_hyphens_typed_past_the_day_keep_the_focus(window, qtbot):
    search = window.search
    search.dateTo.setFocus()
    qtbot.keyClicks(search.dateTo, "2025-03-11-")
    assert search.dateTo.hasFocus() and search._date(search.dateTo) == "2025-03-11"


def test_short_parts_end_at_a_hyphen(edit, qtbot):
    qtbot.keyClicks(edit, "2025-5-1")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # a one-digit day may still grow: Return settles it
    assert edit.date() == QDate(2025, 5, 1)
