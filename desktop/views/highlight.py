"""Highlights applied to a plain-text document as QTextCharFormats: actors, search hits, the selected actor.

Article offsets are Python string indices (code points); Qt counts UTF-16 code units.
OffsetMap converts between them so highlights stay put around emoji and other astral characters.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from ..theme import Palette

PROP_ACTOR = QTextFormat.Property.UserProperty + 1  # actor id at this position
PROP_ACTOR_TYPE = QTextFormat.Property.UserProperty + 2
PROP_HIT = QTextFormat.Property.UserProperty + 3  # True inside a search hit
PROP_SELECTED = QTextFormat.Property.UserProperty + 4  # True inside a mention of the selected actor


class OffsetMap:
    """Code point offsets <-> UTF-16 offsets for one text."""

    def __init__(self, text: str):
        wide = [1 if ord(ch) > 0xFFFF else 0 for ch in text] if any(ord(ch) > 0xFFFF for ch in text) else None
        # extra[i] = number of astral characters before code point i
        self._extra = [0, *accumulate(wide)] if wide else None
        self._u16_starts = [i + e for i, e in enumerate(self._extra)] if wide else None

    def to_qt(self, index: int) -> int:
        if self._extra is None:
            return index
        index = max(0, min(index, len(self._extra) - 1))
        return index + self._extra[index]

    def from_qt(self, position: int) -> int:
        if self._u16_starts is None:
            return position
        return max(0, bisect_right(self._u16_starts, position) - 1)


def _apply(cursor: QTextCursor, start: int, end: int, fmt: QTextCharFormat) -> None:
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(fmt)


def apply_highlights(
    document: QTextDocument,
    offsets: OffsetMap,
    actors,
    hit_spans,
    selected_actor: str,
    palette: Palette,
) -> None:
    """Reset the document's character formats, then paint actors, hits and the selected actor."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.setCharFormat(QTextCharFormat())
    for actor in actors:
        fmt = QTextCharFormat()
        fmt.setBackground(palette.actor(actor.type))
        fmt.setProperty(PROP_ACTOR, actor.id)
        fmt.setProperty(PROP_ACTOR_TYPE, actor.type)
        for start, end in actor.mentions:
            _apply(cursor, offsets.to_qt(start), offsets.to_qt(end), fmt)
    hit = QTextCharFormat()
    hit.setBackground(palette.colour("hit"))
    hit.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    hit.setUnderlineColor(palette.colour("hit_underline"))
    hit.setProperty(PROP_HIT, True)
    for start, end in hit_spans:
        _apply(cursor, offsets.to_qt(start), offsets.to_qt(end), hit)
    if selected_actor:
        chosen = QTextCharFormat()
        chosen.setBackground(palette.colour("selected"))
        chosen.setForeground(palette.colour("selected_text"))
        chosen.setFontWeight(QFont.Weight.Bold)
        chosen.setProperty(PROP_SELECTED, True)
        for actor in actors:
            if actor.id == selected_actor:
                for start, end in actor.mentions:
                    _apply(cursor, offsets.to_qt(start), offsets.to_qt(end), chosen)
    cursor.endEditBlock()
