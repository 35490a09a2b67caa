"""Search results as a Qt list model, and a delegate that paints highlighted snippets (no HTML)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from indexer.model import Hit

from ..theme import Palette

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class ResultsModel(QAbstractListModel):
    """A read-only list of Hits."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hits: list[Hit] = []

    def set_hits(self, hits) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title or "(untitled)"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(p for p in (hit.title, hit.date, hit.source) if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.path
        if role == HIT_ROLE:
            return hit
        if role == ID_ROLE:
            return hit.id
        return None


def result_document(hit: Hit, font: QFont, palette: QPalette, colours: Palette, width: float) -> QTextDocument:
    """A QTextDocument for one result, built with cursors and formats from plain text."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(6)
    doc.setTextWidth(width)
    cursor = QTextCursor(doc)
    title = QTextCharFormat()
    title.setFontWeight(QFont.Weight.Bold)
    title.setFontPointSize(font.pointSizeF() + 1)
    title.setForeground(palette.color(QPalette.ColorRole.Text))
    cursor.insertText(hit.title or "(untitled)", title)
    meta = QTextCharFormat()
    meta.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
    meta.setFontPointSize(font.pointSizeF() - 0.5)
    parts = [p for p in (hit.date, hit.source, hit.author, hit.language) if p]  # the language as its short code
    if parts:
        cursor.insertBlock()
        cursor.insertText(" · ".join(parts), meta)
    plain = QTextCharFormat()
    plain.setForeground(palette.color(QPalette.ColorRole.Text))
    mark = QTextCharFormat(plain)
    mark.setBackground(colours.colour("hit"))
    mark.setFontWeight(QFont.Weight.DemiBold)
    for snippet in hit.snippets[:2]:
        cursor.insertBlock()
        at = 0
        for start, end in snippet.highlights:
            if start < at or end > len(snippet.text):
                continue
            cursor.insertText(snippet.text[at:start], plain)
            cursor.insertText(snippet.text[start:end], mark)
            at = end
        cursor.insertText(snippet.text[at:], plain)
    return doc


class ResultDelegate(QStyledItemDelegate):
    """Paints title, date/source and snippets with highlighted terms."""

    def __init__(self, colours: Palette, parent=None):
        super().__init__(parent)
        self.colours = colours
        self._sizes: dict[tuple[str, int], QSize] = {}

    def clear_cache(self) -> None:
        self._sizes.clear()

    def _doc(self, option, index) -> QTextDocument:
        hit = index.data(HIT_ROLE)
        width = max(option.rect.width(), 200) if option.rect.width() > 0 else 360
        return result_document(hit, option.font, option.palette, self.colours, width)

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        if option.state & QStyle.StateFlag.State_Selected:
            option.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.HighlightedText))
            option.palette.setColor(QPalette.ColorRole.PlaceholderText,
                                    option.palette.color(QPalette.ColorRole.HighlightedText))
        doc = self._doc(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter, QRectF(0, 0, option.rect.width(), option.rect.height()))
        painter.restore()
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        width = option.widget.viewport().width() if option.widget else 360
        key = (index.data(ID_ROLE), width)
        size = self._sizes.get(key)
        if size is None:
            self.initStyleOption(option, index)
            option.rect.setWidth(width)
            doc = self._doc(option, index)
            size = self._sizes[key] = QSize(int(width), int(doc.size().height()) + 2)
        return size
