"""The demo articles in the GUI: the questions before removing them. Module functions, so tests replace them."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)

DEMO_TAG = "DEMO"
DEMO_TIP = "An invented story from the bundled demo corpus, not real reporting: never cite it as news."


def _no_screen(question: str) -> bool:
    """True (and logged) when there is no screen to ask on: a modal dialog would wait for ever."""
    if QApplication.platformName() not in ("offscreen", "minimal"):
        return False
    log.info("no screen to ask %r; the demo articles are kept", question)
    return True


def _confirm_removal(parent, count: int) -> bool:
    """File ▸ Remove Demo Articles: confirm before removing."""
    if _no_screen("Remove demo articles"):
        return False
    answer = QMessageBox.question(
        parent, "Remove demo articles",
        f"Remove the {count} demo article(s) from this library? They are invented stories that quote real "
        "officials. Their quotes and actor counts go with them; excerpts of them in a briefing keep their text "
        "and are flagged. File ▸ Load Demo Articles brings them back.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def _offer_removal(parent, count: int) -> bool:
    """The first import of the analyst's own files into a library of demo articles only: remove them first?"""
    if _no_screen("Demo articles in this library"):
        return False
    box = QMessageBox(QMessageBox.Icon.Question, "Demo articles in this library",
                      f"This library holds only the {count} demo articles: invented stories that quote real "
                      "officials. Remove them before importing your own files, so that searches, quotes and "
                      "briefings never mix them with real news?", parent=parent)
    box.setObjectName("demoRemovalOffer")
    remove = box.addButton("Yes, remove them", QMessageBox.ButtonRole.YesRole)
    box.addButton("Keep them", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(remove)
    box.exec()
    return box.clickedButton() is remove


confirm_removal = _confirm_removal  # tests replace these
offer_removal = _offer_removal
