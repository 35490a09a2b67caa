"""The import log: what an import did with every file (added, duplicate, unchanged, skipped and why)."""

from __future__ import annotations

import os
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from indexer.model import ImportReport

from .safe_text import literal_tip

COLUMNS = ("Status", "File", "Reason or title", "When")  # the same in both views
SHOW_HISTORY, SHOW_LAST = "Show Full History", "Show Last Import"
UNCHANGED = "already imported, file unchanged"
FILE_COLUMN_WIDTH = 240  # at most, so that the reason keeps most of the width
# The order rows are listed in: what needs the analyst's action first (skipped, then duplicates), unchanged last.
ATTENTION = ("skipped", "duplicate", "added", "updated", "removed", "unchanged")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the key a click on a column header sorts by
STATUS_COLOURS = {"added": "#2e7d32", "updated": "#2e7d32", "duplicate": "#8d6e00", "unchanged": "#607d8b",
                  "removed": "#607d8b", "skipped": "#c62828"}


def report_rows(report: ImportReport) -> list[tuple[str, str, str, str]]:
    """(status, path, detail, article id) for every file of one import."""
    rows = [("updated" if a.updated else "added", a.path, a.title, a.id) for a in report.added]
    rows += [("duplicate", d.path, d.detail, d.duplicate_of) for d in report.duplicates]
    rows += [("unchanged", u.path, UNCHANGED, u.id) for u in report.unchanged]
    rows += [("skipped", s.path, s.reason, "") for s in report.skipped]
    return rows


def attention_first(rows: list) -> list:
    """Rows (status first) with the files that need action first; the given order is kept within a status."""
    return sorted(rows, key=lambda row: attention(row[0]))


def attention(status: str) -> int:
    return ATTENTION.index(status) if status in ATTENTION else len(ATTENTION)


class SortableItem(QTableWidgetItem):
    """A cell that sorts by its SORT_ROLE key: Status by attention (ties in the listed order), others by text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.data(SORT_ROLE) < other.data(SORT_ROLE)


def history_detail(entry, titles: dict[str, str]) -> str:
    """What the last-import view shows in "Reason or title": the article title for added files."""
    if entry.detail:
        return entry.detail
    if entry.status == "unchanged":
        return UNCHANGED
    return titles.get(entry.article_id, "")


def summary(report: ImportReport) -> str:
    updated = len(report.updated)
    parts = [f"{len(report.added) - updated} added", *([f"{updated} updated"] if updated else []),
             f"{len(report.duplicates)} duplicate", f"{len(report.unchanged)} unchanged", f"{len(report.skipped)} skipped"]
    head = "Import cancelled: what was done is kept. " if report.cancelled else "Import finished: "
    return head + ", ".join(parts) + "."


def local_time(iso: str) -> str:
    """A stored UTC time ("2026-03-04T10:00:00+00:00") as local "2026-03-04 11:00:00"."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except (ValueError, OverflowError, OSError):
        return iso[:19].replace("T", " ")


class ImportLogPanel(QWidget):
    """A table of import outcomes; double-click an added or duplicate file to open its article.

    It shows either this session's last import or the library's full history; one button toggles.
    """

    openRequested = Signal(str)  # article id
    historyRequested = Signal()  # the full history was asked for: the window calls show_history()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("importLogPanel")
        self.setAccessibleName("Import log")
        self.summaryLabel = QLabel("No import yet in this session.")
        self.summaryLabel.setObjectName("importSummary")
        self.summaryLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.summaryLabel.setWordWrap(True)
        self._last: tuple[ImportReport, str] | None = None  # this session's last import and when it finished
        self.historyButton = QPushButton(SHOW_HISTORY)
        self.historyButton.setObjectName("importHistoryButton")
        self.historyButton.setAccessibleName("Show the full import history or the last import")
        self.historyButton.setCheckable(True)
        self.historyButton.toggled.connect(self._toggled)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("importLogView")
        self.table.setAccessibleName("Import log entries")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)  # a cut reason ends in "…"; its tooltip is whole
        self.table.setSortingEnabled(True)  # a click on a header sorts; Status sorts by attention
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellDoubleClicked.connect(self._open_row)
        top = QHBoxLayout()
        top.addWidget(self.summaryLabel, 1)
        top.addWidget(self.historyButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_report(self, report: ImportReport, finished: str | None = None) -> None:
        """Show one import; `finished` is its UTC ISO time (now when omitted)."""
        when = local_time(finished) if finished else datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        self._last = (report, when)
        self.show_last()

    def show_last(self) -> None:
        """This session's last import (or a note that there was none)."""
        self._set_checked(False)
        if self._last is None:
            self.summaryLabel.setText("No import yet in this session.")
            self._fill([])
            return
        report, when = self._last
        self.summaryLabel.setText(summary(report))
        self._fill([(status, path, detail, when, article_id)
                    for status, path, detail, article_id in report_rows(report)])

    def show_history(self, entries, titles: dict[str, str] | None = None) -> None:
        """The library's import log; `titles` (article id to title) fills in the titles of added files."""
        self._set_checked(True)
        self.summaryLabel.setText(f"Import history: the last {len(entries)} file{'s' if len(entries) != 1 else ''}.")
        self._fill([(e.status, e.path, history_detail(e, titles or {}), local_time(e.time), e.article_id)
                    for e in entries])

    def showing_history(self) -> bool:
        return self.historyButton.isChecked()

    def _set_checked(self, history: bool) -> None:
        self.historyButton.blockSignals(True)
        self.historyButton.setChecked(history)
        self.historyButton.blockSignals(False)
        self.historyButton.setText(SHOW_LAST if history else SHOW_HISTORY)

    def _toggled(self, history: bool) -> None:
        if history:
            self.historyRequested.emit()
        else:
            self.show_last()

    def _fill(self, rows) -> None:
        """Show `rows`, those that need action first (ATTENTION); a click on a header sorts them otherwise."""
        self.table.setSortingEnabled(False)  # else every inserted cell moves its row
        self.table.setRowCount(0)
        self.table.setRowCount(len(rows))
        for r, (status, path, detail, when, article_id) in enumerate(attention_first(rows)):
            cells = [status, os.path.basename(path) or path, detail, when]
            for c, text in enumerate(cells):
                item = SortableItem(text)
                item.setToolTip(literal_tip(path if c == 1 else text))
                item.setData(Qt.ItemDataRole.UserRole, article_id)
                item.setData(SORT_ROLE, (attention(status), r) if c == 0 else (text.casefold(), r))
                if c == 0:
                    item.setForeground(QColor(STATUS_COLOURS.get(status, "#000000")))
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # new rows: attention first, whatever came before
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), FILE_COLUMN_WIDTH))

    def rows(self) -> list[tuple[str, str, str]]:
        """(status, file name, detail) of every row; for tests and screen readers."""
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]

    def headers(self) -> list[str]:
        return [self.table.horizontalHeaderItem(c).text() for c in range(self.table.columnCount())]

    def column(self, name: str) -> list[str]:
        """The texts of one column, by its header."""
        c = COLUMNS.index(name)
        return [self.table.item(r, c).text() for r in range(self.table.rowCount())]

    def _open_row(self, row: int, _column: int) -> None:
        article_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if article_id:
            self.openRequested.emit(article_id)


class ImportLogDialog(QDialog):
    """The import log on demand: opened from the status bar's import summary or View > Import Log."""

    def __init__(self, panel: ImportLogPanel, parent=None):
        super().__init__(parent)
        self.setObjectName("importLogDialog")
        self.setAccessibleName("Import log")
        self.setWindowTitle("Import Log")
        self.panel = panel
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.addWidget(panel, 1)
        layout.addWidget(buttons)
        self.resize(*dialog_size(self.screen().availableGeometry() if self.screen() else None))

    def open_log(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()


def dialog_size(available) -> tuple[int, int]:
    """Room for a whole reason beside the status, file and time: 1000×480, within 90% of the screen."""
    if available is None:
        return 1000, 480
    return min(1000, int(available.width() * 0.9)), min(480, int(available.height() * 0.9))
