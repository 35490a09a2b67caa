"""A window shortcut a text box would take for itself (Ctrl+E is "end of line" in an X11 line edit) still runs
its action there: Ctrl+E in the search box or the briefing's title exports, never leaving the typing meant for
the file dialog to land in the title (GUI QA: the briefing's title was overwritten with a file name)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from desktop.actions import Act


class _ClaimsCtrlE(QObject):
    """What an X11 line edit does: it answers the shortcut override for Ctrl+E (the offscreen platform's
    line edit does not bind Ctrl+E, so the test adds the claim itself)."""

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_E:
            event.accept()
            return True
        return False


@pytest.mark.parametrize("box", ["searchBox", "title"])
def test_ctrl_e_exports_from_a_text_box_that_claims_it(window, qtbot, monkeypatch, box):
    calls = []
    monkeypatch.setattr(window, "export_briefing", lambda *a: calls.append(a))
    action = window.actions_[Act.EXPORT_BRIEFING]
    action.triggered.disconnect()
    action.triggered.connect(lambda *_: window.export_briefing())
    widget = window.searchBox if box == "searchBox" else window.briefing.titleEdit
    claim = _ClaimsCtrlE(widget)
    widget.installEventFilter(claim)  # as the box's own handler would, after every filter: so ours goes first
    widget.removeEventFilter(window._window_keys)
    widget.installEventFilter(window._window_keys)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    before = widget.text()
    qtbot.keyClick(widget, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(calls) == 1 and widget.text() == before


def test_a_text_boxs_own_undo_stays_its_own(window, qtbot):
    """Ctrl+Z in the search box undoes its typing (the box's own key), as before."""
    window.searchBox.setFocus()
    qtbot.waitUntil(window.searchBox.hasFocus)
    qtbot.keyClicks(window.searchBox, "abc")
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.searchBox.text() != "abc"
