"""A pane title keeps its descenders (QA 4, defect 7): with the style sheet's padding, the clamped label's
fixed height holds the whole text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

TEXT = "Envoy says talks were extremely productive, gypsy quay jogging"


@pytest.fixture
def styled(qapp):
    from indexer.paths import resource

    sheet = qapp.styleSheet()
    qapp.setStyleSheet(resource("styles", "app.qss").read_text(encoding="utf-8"))
    yield qapp
    qapp.setStyleSheet(sheet)


def ink_rows(widget) -> tuple[int, int]:
    """The first and last pixel rows holding dark (text) pixels."""
    image = widget.grab().toImage()
    rows = [y for y in range(image.height())
            if any(image.pixelColor(x, y).lightness() < 110 for x in range(image.width()))]
    return rows[0], rows[-1]


@pytest.mark.parametrize("text", [TEXT[:30], TEXT * 3])  # one line, and two lines (the second elided)
def test_the_title_label_is_tall_enough_for_its_descenders(qtbot, styled, text):
    from desktop.views.reader import _clamped

    holder = QWidget()
    layout = QVBoxLayout(holder)
    title = _clamped("paneTitle", "Article title", 2, bold=True, size_delta=1)
    layout.addWidget(title)
    layout.addStretch(1)
    qtbot.addWidget(holder)
    holder.resize(420, 300)
    holder.show()
    title.setText(text)
    QApplication.processEvents()
    top, bottom = ink_rows(title)
    assert bottom <= title.height() - 2, (top, bottom, title.height())  # a clear row under the descenders
    tall = QLabel()
    tall.setFont(title.font())
    tall.setTextFormat(Qt.TextFormat.PlainText)
    tall.setText(QLabel.text(title))  # the elided lines as shown
    layout.addWidget(tall)
    tall.setFixedHeight(title.height() + 40)
    QApplication.processEvents()
    tall_top, tall_bottom = ink_rows(tall)
    assert bottom - top == tall_bottom - tall_top  # nothing of the text is cut
