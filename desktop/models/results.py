"""Search results as a Qt list model, and a delegate that paints highlighted snippets (no HTML)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QTextCharFormat, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from indexer.model import Hit

from ..demo import DEMO_TAG
from ..theme import Palette
from ..views.safe_text import literal_tip

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
            parts = ("invented demo article" if hit.demo else "", hit.title, hit.date, hit.source)
            return ", ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_tip(hit.path)
        if role == HIT_ROLE:
            return hit
        if role == ID_ROLE:
            return hit.id
        return None


SNIPPET_LEAD = 40  # characters kept before a snippet's first hit, so the hit shows on the one snippet line


def result_document(hit: Hit, font: QFont, palette: QPalette, colours: Palette, width: float) -> QTextDocument:
    """A compact QTextDocument for one result, two lines, built with cursors and formats from plain text:
    the title, then date · source — the first snippet around its first hit. Both lines are elided to
    the width (Recoll-dense: the results list shows many results)."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(3)
    doc.setTextWidth(width)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)  # two lines, whatever the width: the text is elided
    doc.setDefaultTextOption(option)
    room = max(int(width) - 8, 40)
    cursor = QTextCursor(doc)
    title_room = room
    if hit.demo:
        cursor.insertText(DEMO_TAG, demo_tag_format(font, palette))
        cursor.insertText("  ", QTextCharFormat())
        title_room = max(room - QFontMetrics(font).horizontalAdvance(DEMO_TAG + "  ") - 4, 20)
    title = QTextCharFormat()
    title.setFontWeight(QFont.Weight.Bold)
    title.setForeground(palette.color(QPalette.ColorRole.Text))
    bold = QFont(font)
    bold.setWeight(QFont.Weight.Bold)
    cursor.insertText(_elided(hit.title or "(untitled)", bold, title_room), title)
    meta = QTextCharFormat()
    meta.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
    plain = QTextCharFormat()
    plain.setForeground(palette.color(QPalette.ColorRole.Text))
    mark = QTextCharFormat(plain)
    mark.setBackground(colours.colour("hit"))
    mark.setFontWeight(QFont.Weight.DemiBold)
    lead = " · ".join(p for p in (hit.date, hit.source, hit.language) if p)  # the language as its short code
    text, highlights = _snippet_line(hit)
    lead = f"{lead} — " if lead and text else lead
    shown = _elided(lead + text, font, room)
    cut = len(shown) - 1 if shown != lead + text else len(shown)  # characters kept before the "…"
    cursor.insertBlock()
    cursor.insertText(lead[:cut], meta)
    at = 0
    for start, end in highlights:
        start, end = min(start, cut - len(lead)), min(end, cut - len(lead))
        if start < at or start >= end:
            continue
        cursor.insertText(text[at:start], plain)
        cursor.insertText(text[start:end], mark)
        at = end
    cursor.insertText(text[at:max(at, cut - len(lead))], plain)
    if cut < len(lead + text):
        cursor.insertText("…", plain)
    return doc


def _snippet_line(hit: Hit) -> tuple[str, list[tuple[int, int]]]:
    """The first snippet on one line, starting a little before its first hit; (text, highlight spans)."""
    if not hit.snippets:
        return "", []
    snippet = hit.snippets[0]
    spans = sorted((s, e) for s, e in snippet.highlights if 0 <= s < e <= len(snippet.text))
    skip = max(0, spans[0][0] - SNIPPET_LEAD) if spans else 0
    if skip:
        space = snippet.text.find(" ", skip)
        skip = space + 1 if 0 <= space < spans[0][0] else skip
    prefix = "…" if skip else ""
    text = prefix + snippet.text[skip:].replace("\n", " ")
    shift = len(prefix) - skip
    return text, [(s + shift, e + shift) for s, e in spans if s >= skip]


def _elided(text: str, font: QFont, width: int) -> str:
    return QFontMetrics(font).elidedText(text.replace("\n", " "), Qt.TextElideMode.ElideRight, width)


def demo_tag_format(font: QFont, palette: QPalette) -> QTextCharFormat:
    """The DEMO tag of an invented demo article: small bold capitals on the highlight colour."""
    tag = QTextCharFormat()
    tag.setFontWeight(QFont.Weight.Bold)
    tag.setFontPointSize(max(font.pointSizeF() - 1, 6))
    tag.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
    tag.setBackground(palette.color(QPalette.ColorRole.Highlight))
    return tag


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
