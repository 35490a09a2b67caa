"""The import log: what an import did with every file (added, duplicate, unchanged, skipped and why)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from indexer.model import ImportReport

STATUS_COLOURS = {"added": "#2e7d32", "updated": "#2e7d32", "duplicate": "#8d6e00", "unchanged": "#607d8b",
                  "skipped": "#c62828"}


def report_rows(report: ImportReport) -> list[tuple[str, str, str, str]]:
    """(status, path, detail, article id) for every file of one import."""
    rows = [("added", a.path, a.title, a.id) for a in report.added]
    rows += [("duplicate", d.path, d.detail, d.duplicate_of) for d in report.duplicates]
    rows += [("unchanged", u.path, "already imported, file unchanged", u.id) for u in report.unchanged]
    rows += [("skipped", s.path, s.reason, "") for s in report.skipped]
    return rows


def summary(report: ImportReport) -> str:
    parts = [f"{len(report.added)} added", f"{len(report.duplicates)} duplicate",
             f"{len(report.unchanged)} unchanged", f"{len(report.skipped)} skipped"]
    head = "Import cancelled: what was done is kept. " if report.cancelled else "Import finished: "
    return head + ", ".join(parts) + "."


class ImportLogPanel(QWidget):
    """A table of import outcomes; double-click an added or duplicate file to open its article."""

    openRequested = Signal(str)  # article id
    historyRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("importLogPanel")
        self.setAccessibleName("Import log")
        self.summaryLabel = QLabel("No import yet in this session.")
        self.summaryLabel.setObjectName("importSummary")
        self.summaryLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.summaryLabel.setWordWrap(True)
        history = QPushButton("Show Full History")
        history.setObjectName("importHistoryButton")
        history.setAccessibleName("Show the full import history")
        history.clicked.connect(self.historyRequested)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("importLogView")
        self.table.setAccessibleName("Import log entries")
        self.table.setHorizontalHeaderLabels(["Status", "File", "Reason or title", "When"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellDoubleClicked.connect(self._open_row)
        top = QHBoxLayout()
        top.addWidget(self.summaryLabel, 1)
        top.addWidget(history)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_report(self, report: ImportReport) -> None:
        self.summaryLabel.setText(summary(report))
        self._fill([(status, path, detail, "", article_id)
                    for status, path, detail, article_id in report_rows(report)])

    def show_history(self, entries) -> None:
        self.summaryLabel.setText(f"Import history: the last {len(entries)} file{'s' if len(entries) != 1 else ''}.")
        self._fill([(e.status, e.path, e.detail, e.time[:19].replace("T", " "), e.article_id) for e in entries])

    def _fill(self, rows) -> None:
        self.table.setRowCount(0)
        self.table.setRowCount(len(rows))
        for r, (status, path, detail, when, article_id) in enumerate(rows):
            cells = [status, os.path.basename(path) or path, detail, when]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(path if c == 1 else text)
                item.setData(Qt.ItemDataRole.UserRole, article_id)
                if c == 0:
                    item.setForeground(QColor(STATUS_COLOURS.get(status, "#000000")))
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 320))

    def rows(self) -> list[tuple[str, str, str]]:
        """(status, file name, detail) of every row; for tests and screen readers."""
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]

    def _open_row(self, row: int, _column: int) -> None:
        article_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if article_id:
            self.openRequested.emit(article_id)
