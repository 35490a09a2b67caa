"""Window shortcuts that text boxes must not take for themselves.

On X11 desktops Qt gives a line edit Emacs-style keys: Ctrl+E moves to the end of the line. A text box with
the focus then claims Ctrl+E (the "shortcut override" it answers yes to), so the window's Export Briefing
never runs there; an analyst pressing Ctrl+E in the briefing's title and typing a file name into the dialog
they expect overwrites the title instead. This filter, on each of the window's text boxes, answers the
override for the window's own keys before the box does, so those keys always run their action. A text box's
editing keys that are also ours (Ctrl+Z, Ctrl+Shift+Z) are left to the box: only the keys listed are taken.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent


class WindowKeys(QObject):
    """An event filter on text boxes that keeps `actions`' shortcuts from the box with the focus."""

    def __init__(self, actions: list[QAction], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys = {key[0].toCombined() for action in actions for key in action.shortcuts() if key.count() == 1}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.keyCombination().toCombined() in self._keys:
                event.ignore()  # not the box's: the shortcut map runs the window's action
                return True
        return False


def keep_window_keys(window, actions: list[QAction]) -> WindowKeys:
    """Install a WindowKeys filter for `actions` on every text box `window` holds now (the search box, the
    briefing's title and note editor...): a filter on each box, not on the whole application, whose every event
    it would then see (that made the GUI tests a quarter slower)."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

    keys = WindowKeys(actions, window)
    for box in window.findChildren(QLineEdit) + window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit):
        box.installEventFilter(keys)
    return keys
