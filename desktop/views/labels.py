"""A plain-text label held to a few lines: the rest is elided with "…" and shown whole in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QTextLayout
from PySide6.QtWidgets import QLabel, QSizePolicy

from .safe_text import literal_tip


def elide_lines(text: str, metrics: QFontMetrics, font, width: int, lines: int) -> str:
    """`text` wrapped at `width` pixels into at most `lines` lines, the last one elided; joined by newlines."""
    text = " ".join(text.split())
    layout = QTextLayout(text, font)
    layout.beginLayout()
    out: list[str] = []
    while len(out) < lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1))
        start, length = line.textStart(), line.textLength()
        if len(out) == lines - 1:
            out.append(metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, max(width, 1)))
        else:
            out.append(text[start:start + length].rstrip())
    layout.endLayout()
    return "\n".join(out)


class ClampedLabel(QLabel):
    """Plain text (never rich text: titles come from articles) in at most `lines` lines of the label's width.

    text() returns the whole text; what is shown is elided, and the tooltip then holds the whole text."""

    def __init__(self, lines: int = 1, parent=None):
        super().__init__(parent)
        self.lines = lines
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # never widens its pane
        self.setIndent(0)  # else a style sheet's padding counts as a frame and QLabel indents the text by half an
        # "x" on every side, top included: the fixed height below would cut the descenders off
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:  # noqa: N802
        self._full = text or ""
        self._relayout()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # a style sheet sets padding
            self._relayout()

    def _relayout(self) -> None:
        shown = elide_lines(self._full, self.fontMetrics(), self.font(), self.contentsRect().width(), self.lines)
        super().setText(shown)
        self.setToolTip(literal_tip(self._full) if shown.replace("\n", " ") != " ".join(self._full.split()) else "")
        margins = self.contentsMargins()
        lines = max(1, shown.count("\n") + 1)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + margins.top() + margins.bottom() + 2)
