"""Rows of the Quotes panel (who said what, in which article) and their Qt table model and filter."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from indexer.model import QUOTE_DIRECT, QUOTE_REPORTED

from ..views.safe_text import literal_tip

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Speaker", "Kind", "Quote", "Article", "Date")
SPEAKER_COLUMN, KIND_COLUMN, QUOTE_COLUMN, ARTICLE_COLUMN, DATE_COLUMN = range(5)
NO_SPEAKER = "(no speaker)"
KIND_LABELS = {QUOTE_DIRECT: "quote", QUOTE_REPORTED: "reported"}


@dataclass(frozen=True)
class QuoteRow:
    """One quote with what the panel shows and what jumping to it or citing it needs."""

    article_id: str
    start: int
    end: int
    text: str
    speaker_id: str = ""
    speaker: str = ""
    title: str = ""
    date: str = ""
    source: str = ""
    kind: str = QUOTE_DIRECT  # QUOTE_REPORTED: reported speech, not the speaker's own words

    @property
    def reported(self) -> bool:
        return self.kind == QUOTE_REPORTED


def library_rows(library) -> list[QuoteRow]:
    """Every quote of the library, newest article first. Runs in a background job (reads the store)."""
    summaries = {s.id: s for s in library.articles()}
    names: dict[str, str] = {}
    rows = []
    for quote in library.quotes():
        summary = summaries.get(quote.article_id)
        if summary is None:
            continue
        if quote.actor_id and quote.actor_id not in names:
            actor = library.actors_engine.actor(quote.actor_id)
            names[quote.actor_id] = actor.name if actor else quote.actor_id
        rows.append(QuoteRow(quote.article_id, quote.start, quote.end, quote.text, quote.actor_id,
                             names.get(quote.actor_id, ""), summary.title, summary.date, summary.source, quote.kind))
    return _ordered(rows)


def article_rows(articles) -> list[QuoteRow]:
    """The quotes of already loaded articles (the open panes), named from each article's own actors."""
    rows = []
    for article in articles:
        names = {ref.id: ref.name for ref in article.actors}
        for quote in article.quotes:
            speaker = names.get(quote.actor_id, quote.actor_id) if quote.actor_id else ""
            rows.append(QuoteRow(article.id, quote.start, quote.end, quote.text, quote.actor_id, speaker,
                                 article.title, article.date, article.source, quote.kind))
    return _ordered(rows)


def _ordered(rows: list[QuoteRow]) -> list[QuoteRow]:
    rows.sort(key=lambda r: (r.article_id, r.start))
    return sorted(rows, key=lambda r: r.date, reverse=True)


class QuotesModel(QAbstractTableModel):
    """A read-only table of QuoteRows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[QuoteRow] = []

    def set_rows(self, rows: list[QuoteRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        cells = (row.speaker or NO_SPEAKER, KIND_LABELS.get(row.kind, row.kind), " ".join(row.text.split()),
                 row.title or "Untitled article", row.date)
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == SORT_ROLE:
            return cells[index.column()].casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row)
        if role == Qt.ItemDataRole.FontRole and row.reported:
            font = QFont()
            font.setItalic(True)  # reported speech reads differently from the speaker's own words
            return font
        return None


def _tooltip(row: QuoteRow) -> str:
    """The whole quote and where it is from, as tooltip markup that shows the text literally."""
    source = ", ".join(v for v in (row.source, row.date) if v)
    where = f"{row.speaker or NO_SPEAKER}, in “{row.title}”" + (f", {source}" if source else "")
    said = " ".join(row.text.split())
    if row.reported:
        text = f"Reported speech, not a quotation (the source has no quote marks): {where}\n{said}"
    else:
        text = f"“{said}”\n— {where}"
    return literal_tip(text)


class QuotesFilter(QSortFilterProxyModel):
    """Keeps the quotes of one speaker (or all), within a date range, optionally only attributed ones and
    only direct quotations."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.speaker_id = ""
        self.date_from = ""
        self.date_to = ""
        self.attributed_only = True
        self.direct_only = False
        self.setSortRole(SORT_ROLE)

    def set_filter(self, speaker_id: str = "", date_from: str = "", date_to: str = "",
                   attributed_only: bool = True, direct_only: bool = False) -> None:
        modern = hasattr(self, "endFilterChange")  # Qt 6.10; invalidateFilter() is deprecated there
        if modern:
            self.beginFilterChange()
        self.speaker_id, self.date_from, self.date_to = speaker_id, date_from, date_to
        self.attributed_only, self.direct_only = attributed_only, direct_only
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802 - Qt API
        row = self.sourceModel().rows[source_row]
        if (self.attributed_only and not row.speaker_id) or (self.direct_only and row.reported):
            return False
        if self.speaker_id and row.speaker_id != self.speaker_id:
            return False
        if (self.date_from or self.date_to) and not row.date:
            return False
        day = row.date[:10]
        return not (self.date_from and day < self.date_from) and not (self.date_to and day > self.date_to)
