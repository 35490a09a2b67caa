"""Untrusted text in a tooltip (an article's title, an actor's name, a file name, a picture's query) is shown
literally: Qt reads a tooltip that looks like markup as rich text, so "<b>…</b>" or "<img src=…>" would render."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtGui import QTextDocument

from desktop.views.labels import ClampedLabel
from desktop.views.safe_text import literal_tip

HOSTILE = "Talks <b>resume</b> <img src='file:///etc/passwd'> & more"


def shown(tip: str) -> str:
    """What Qt shows for a tooltip: rich text rendered to plain text."""
    doc = QTextDocument()
    doc.setHtml(tip) if QtGui.Qt.mightBeRichText(tip) else doc.setPlainText(tip)
    return doc.toPlainText()


def test_a_literal_tip_shows_markup_as_text_and_keeps_lines(qapp):
    assert shown(literal_tip(HOSTILE)) == HOSTILE
    assert shown(literal_tip("first line\nsecond")).splitlines() == ["first line", "second"]
    assert literal_tip("") == ""


def test_a_clamped_title_shows_a_hostile_title_literally(qtbot):
    label = ClampedLabel(1)
    qtbot.addWidget(label)
    label.resize(80, 30)
    label.setText(HOSTILE * 3)
    label.show()
    qtbot.waitExposed(label)
    assert label.toolTip(), "a cut title has its full text in the tooltip"
    assert shown(label.toolTip()) == HOSTILE * 3
