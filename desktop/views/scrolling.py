"""A scroll area for dock panels: a smaller dock scrolls, its panel is never squeezed below its minimum."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget


class FitScrollArea(QScrollArea):
    """Holds a panel at its dock's size but never below the panel's minimum size: a smaller dock scrolls
    instead of squeezing the panel until its widgets paint over each other or over the next dock.

    (widgetResizable would treat a word-wrapping panel's preferred height as its minimum and scroll
    at ordinary sizes.)"""

    def __init__(self, widget: QWidget):
        super().__init__()
        self.setObjectName(f"{widget.objectName()}Scroller")
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self.fit)  # after the layout has worked out its new minimum
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        widget = self.widget()
        if widget is None:
            return
        need, room = widget.minimumSizeHint(), self.maximumViewportSize()
        width, height = max(room.width(), need.width()), max(room.height(), need.height())
        if width > room.width():  # a horizontal scroll bar takes height, a vertical one width
            height = max(room.height() - self.horizontalScrollBar().sizeHint().height(), need.height())
        if height > room.height():
            width = max(room.width() - self.verticalScrollBar().sizeHint().width(), need.width())
        widget.resize(width, height)
