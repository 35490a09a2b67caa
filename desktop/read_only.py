"""A read-only team library (the analyst's PostgreSQL role may only read) says so on opening, in a banner on the
status bar, and its import and edit actions are off: the analyst learns it before trying, not after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from .actions import Act

READ_ONLY_NOTE = "Read-only: you can search and read; import and edits are off"
READ_ONLY_TIP = ("Your PostgreSQL role may only read this team library. Ask the library's administrator for write "
                 "access to import articles or correct their details.")
WRITE_ACTIONS = (Act.IMPORT, Act.IMPORT_FOLDER, Act.WATCH_INBOX, Act.LOAD_DEMO, Act.REMOVE_DEMO, Act.REBUILD,
                 Act.EDIT_DETAILS)
_FLAG = "readOnlyLibrary"  # a dynamic property of the window


def writes_allowed(window) -> bool:
    """Whether the window's library takes imports and edits (False once apply_read_only found it read-only)."""
    return not window.property(_FLAG)


def apply_read_only(window) -> bool:
    """When the window's library is read-only for this analyst: turn its write actions off and show the banner.
    Returns whether it is read-only."""
    if not window.library.read_only:
        return False
    window.setProperty(_FLAG, True)
    for key in WRITE_ACTIONS:
        window.actions_[key].setEnabled(False)
        window.actions_[key].setStatusTip(READ_ONLY_TIP)
    window.search.demoButton.setEnabled(False)
    window.actors.curation_allowed = False  # the actors' corrections are writes too
    window.statusBar().addPermanentWidget(_banner())
    window.message(f"{READ_ONLY_NOTE}.", 0)
    return True


def _banner() -> QLabel:
    banner = QLabel(READ_ONLY_NOTE)
    banner.setObjectName("readOnlyBanner")
    banner.setAccessibleName("This library is read-only")
    banner.setToolTip(READ_ONLY_TIP)
    banner.setTextFormat(Qt.TextFormat.PlainText)
    return banner
