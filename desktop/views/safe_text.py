"""Text views that never load a resource and never follow a link.

Every URL a document refers to (images, style sheets, links) resolves to nothing, so
untrusted text cannot make the application read local files or reach the network.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser


class SafeTextBrowser(QTextBrowser):
    """A QTextBrowser whose loadResource returns nothing for every URL."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.resource_requests = 0  # how often Qt asked for a resource (tests check it stays 0 or is refused)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)

    def loadResource(self, type_: int, url) -> None:  # noqa: N802 - Qt override
        self.resource_requests += 1
        return None

    def setSource(self, *args, **kwargs) -> None:  # noqa: N802 - never navigate
        return None
