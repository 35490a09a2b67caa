"""The Network panel: which actors appear together in the current scope's articles.

Nodes are sized by articles and coloured by type; edges are as thick as the articles two actors share.
A minimum-weight box thins the picture; clicking a node filters the search by that actor; double-clicking
opens its articles side by side."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QSpinBox

from indexer.errors import BriefingReaderError

from .timeline import PicturePanel, _nearest, picture_computer

NODE_PIXELS = 16  # a node's disc, for hovering and clicking
SIDE_BY_SIDE = 4  # articles opened by a double-click on a node (the reading area's pane limit)


class NetworkPanel(PicturePanel):
    kind = "network"
    actorClicked = Signal(str)  # actor name: toggle it in the search's actor filter
    articlesRequested = Signal(list)  # article ids to open side by side

    def __init__(self, library, pool: QThreadPool | None = None, parent=None):
        super().__init__(library, pool, parent)
        self.setObjectName("networkPanel")
        self.setAccessibleName("Network")
        self._nodes: list = []
        self.weightBox = QSpinBox()
        self.weightBox.setObjectName("networkMinWeight")
        self.weightBox.setAccessibleName("Minimum shared articles for a link")
        self.weightBox.setRange(1, 999)
        self.weightBox.setToolTip("Join two actors only when at least this many articles mention both")
        self.weightBox.valueChanged.connect(lambda _value: self.refresh())
        self.top.insertWidget(1, QLabel("Min. shared articles:"))
        self.top.insertWidget(2, self.weightBox)

    @property
    def min_weight(self) -> int:
        return self.weightBox.value()

    def _computer(self):
        return picture_computer(self.library, "network", self.scope, min_weight=self.min_weight)

    def draw(self, data) -> None:
        from indexer.pictures.render import layout, render_network

        render_network(data, figure=self.figure, theme=self.theme)
        self.canvas.draw()
        self._nodes = self._node_positions(data, layout(data)) if data.nodes else []

    def _node_positions(self, data, positions) -> list:
        ax = self.figure.axes[0]
        return [(*ax.transData.transform(positions[n.id]), n) for n in data.nodes]

    def describe(self, data) -> str:
        return (f"{len(data.nodes)} of {data.actors} actor(s) in {data.articles} article(s), {len(data.edges)} link(s). "
                "Click an actor to filter the search by it, double-click to open its articles side by side.")

    def tooltip_at(self, x: float, y: float) -> str:
        node = _nearest(self._nodes, x, y, within=NODE_PIXELS)
        return f"{node.name} ({node.type}): {node.articles} article(s)" if node is not None else ""

    def clicked_at(self, x: float, y: float, double: bool) -> None:
        node = _nearest(self._nodes, x, y, within=NODE_PIXELS)
        if node is None:
            return
        if not double:
            self.actorClicked.emit(node.name)
            return
        try:
            result = self.library.search("", actors=[node.id], limit=SIDE_BY_SIDE)
        except BriefingReaderError as exc:
            self.statusLabel.setText(str(exc))
            return
        self.articlesRequested.emit([hit.id for hit in result.hits])
