"""Text views that never load a resource and never follow a link.

Every URL a document refers to (images, style sheets) resolves to empty data, so untrusted
text cannot make the application read local files or reach the network. The override must
return an *empty QByteArray*: returning None lets QTextDocument fall back to its own loader,
which reads file: URLs from disk (checked in tests/desktop/test_import_and_app.py).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit, QTextBrowser


class SafeDocument(QTextDocument):
    """A document whose resources are always empty, whoever asks for them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.resource_requests = 0

    def loadResource(self, type_: int, url) -> QByteArray:  # noqa: N802 - Qt override
        self.resource_requests += 1
        return QByteArray()


class _EmptyResources:
    """For a Qt text view: every resource the view itself is asked for is empty data, and counted.

    A QTextEdit's document asks its view for resources it cannot load; a QPlainTextEdit's does not,
    so SafePlainTextView only ever shows SafeDocuments (which load nothing themselves)."""

    view_requests = 0

    @property
    def resource_requests(self) -> int:
        """How often Qt asked this view or its document for a resource (each got nothing)."""
        return self.view_requests + self.safe_document.resource_requests

    def loadResource(self, type_: int, url) -> QByteArray:  # noqa: N802 - Qt override
        self.view_requests += 1
        return QByteArray()


class SafeTextBrowser(_EmptyResources, QTextBrowser):
    """A QTextBrowser that loads no resource and follows no link."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.safe_document = SafeDocument(self)
        self.setDocument(self.safe_document)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)

    def setSource(self, *args, **kwargs) -> None:  # noqa: N802 - never navigate
        return None


class SafePlainTextView(_EmptyResources, QPlainTextEdit):
    """A read-only plain-text view (article text with character formats) that loads no resource.

    A plain-text layout lays out only what is on screen, so showing a long article costs a
    fraction of a rich-text QTextEdit's full layout (5,000 words: ~8 ms instead of ~23 ms)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._attach(SafeDocument(self))
        self.setReadOnly(True)

    def new_document(self) -> SafeDocument:
        """A fresh safe document with this view's font, not yet shown: fill it, then show_document (its
        layout is added there, because a plain-text layout attached while filling re-lays out every insert)."""
        document = SafeDocument(self)
        document.setDefaultFont(self.safe_document.defaultFont())
        document.setUndoRedoEnabled(False)
        return document

    def show_document(self, document: SafeDocument) -> None:
        """Show a filled document and drop the previous one (cursor at the start, scrolled to the top)."""
        old = self.safe_document
        self._attach(document)
        document.resource_requests += old.resource_requests
        old.deleteLater()

    def _attach(self, document: SafeDocument) -> None:
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        self.safe_document = document
        self.setDocument(document)
        self.setUndoRedoEnabled(False)


def literal_tip(text: str) -> str:
    """Tooltip markup that shows untrusted `text` (an article's title, an actor's name, a file name, a query)
    literally: Qt reads a tooltip that looks like markup ("<b>…</b>", "<img src=…>") as rich text."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>" if text else ""
