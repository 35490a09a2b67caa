"""Edit Details: the dialog that corrects an article's title, date, author, outlet, web address and language.

It only collects and checks values (with the core's own check, so the app and the CLI refuse the same
things); the window applies them through an undo command."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from indexer.model import Article
from indexer.store import check_edit

# (article field, label, object name, placeholder)
FIELDS = (
    ("title", "&Title:", "detailsTitle", ""),
    ("date", "&Date:", "detailsDate", "YYYY-MM-DD"),
    ("author", "&Author:", "detailsAuthor", ""),
    ("source", "&Outlet:", "detailsSource", ""),
    ("url", "&Web address:", "detailsUrl", "https://…"),
    ("language", "&Language:", "detailsLanguage", "en, ru, uk …"),
)


class ArticleDetailsDialog(QDialog):
    """The article's details, editable; OK only closes once every value is acceptable."""

    def __init__(self, article: Article, edited: dict[str, str], parent=None):
        super().__init__(parent)
        self.article = article
        self.setObjectName("articleDetailsDialog")
        self.setAccessibleName("Edit article details")
        self.setWindowTitle("Edit Details")
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label, object_name, placeholder in FIELDS:
            edit = self._field(name, object_name, placeholder, name in edited)
            self.edits[name] = edit
            form.addRow(label, edit)
        self.error = QLabel()
        self.error.setObjectName("detailsError")
        self.error.setAccessibleName("What to fix")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(link);")
        self.error.hide()
        note = QLabel("Corrections are kept when the file is imported again. Empty a field to go back to the "
                      "value read from the file.")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("detailsButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _field(self, name: str, object_name: str, placeholder: str, edited: bool) -> QLineEdit:
        edit = QLineEdit(getattr(self.article, name) or "")
        edit.setObjectName(object_name)
        edit.setAccessibleName(f"Article {name if name != 'source' else 'outlet'}")
        edit.setPlaceholderText(placeholder or "none")
        edit.setToolTip("Your correction; empty it to go back to the value read from the file" if edited
                        else "As read from the file; type a correction")
        edit.setClearButtonEnabled(True)
        return edit

    def changes(self) -> dict[str, str]:
        """The fields whose text differs from the article's value: field -> text as typed."""
        return {name: edit.text() for name, edit in self.edits.items()
                if edit.text().strip() != (getattr(self.article, name) or "")}

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for every value the library would refuse."""
        out = []
        for name, value in self.changes().items():
            try:
                check_edit(name, value)
            except ValueError as exc:
                out.append((name, str(exc)))
        return out

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.error.setText("\n".join(message[:1].upper() + message[1:] + "." for _name, message in problems))
            self.error.show()
            self.edits[problems[0][0]].setFocus(Qt.FocusReason.OtherFocusReason)
            self.edits[problems[0][0]].selectAll()
            return
        super().accept()
