"""Help dialogs generated from the code they describe: the action registry and the query syntax table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from indexer.query_syntax import QUERY_SYNTAX, SyntaxRow

from ..actions import shortcut_rows


class TableDialog(QDialog):
    """A read-only table of plain-text rows with a short introduction and a Close button."""

    def __init__(self, title: str, name: str, intro: str, headers: list[str], rows, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.setAccessibleName(title)
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setObjectName(f"{name}Table")
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))  # items are plain text
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeRowsToContents()
        label = QLabel(intro)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]


def shortcuts_dialog(parent=None) -> TableDialog:
    return TableDialog(
        "Keyboard Shortcuts", "shortcutsDialog",
        "Every action of the app, its keys, and the keys the search box, results and briefing handle themselves. "
        "F6 moves between the main areas.",
        ["Action", "Keys", "What it does"], shortcut_rows(), parent)


# How words are matched beyond the operators and fields (README, "Query syntax"), and the app's Exact switch.
MATCHING: tuple[SyntaxRow, ...] = (
    SyntaxRow("Witkoff", "also the actor's other names and spellings, in every script (Уиткофф, Віткофф), when "
                         "the word or phrase names one known actor; an acronym only in capitals (WHO, not who)"),
    SyntaxRow("Witkoff with Exact ticked", "the words as typed: no other names or spellings (Exact is beside "
                                           "Sort; actor:Witkoff still finds every name)"),
    SyntaxRow("30-day, US-Russia", "the hyphenated word, as a phrase of its parts"),
    SyntaxRow("U.S.", "U.S. and US find each other (the pronoun us is not searched); Russia finds Russia's"),
)


def syntax_dialog(parent=None) -> TableDialog:
    return TableDialog(
        "Search Syntax", "searchSyntaxDialog",
        "Type these in the search box and press Return. A query that cannot be understood says what to fix.",
        ["You type", "It finds"], [(row.example, row.meaning) for row in QUERY_SYNTAX + MATCHING], parent)
