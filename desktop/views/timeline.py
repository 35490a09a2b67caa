"""The Timeline panel (who said what, over time), the picture panel it shares with the Network panel, and
the rows of the main window's panel table that make them (make_timeline, make_network) and connect them
(connect_pictures, with *Add Picture to Briefing*).

The data is computed by the library in a pool thread (PictureJob); the drawing happens on the GUI thread
in a matplotlib canvas. matplotlib's Qt canvas is imported only when a panel is first shown, so the
window's start-up does not pay for it.
"""

from __future__ import annotations

from datetime import date as Date

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QToolTip, QVBoxLayout, QWidget

from indexer.briefing import Picture
from indexer.errors import BriefingReaderError
from indexer.model import QUOTE_REPORTED
from indexer.pictures.scope import Scope

from ..actions import Act
from ..workers import failure_message
from .safe_text import literal_tip

HOVER_PIXELS = 8  # how near the pointer must be to a mark or a node


TEAM_PICTURE_FAILED = ("The {kind} could not be drawn from the team library, so the last one is cleared. The server's "
                       "message below says why; once that is put right, search again (or show this panel again) to "
                       "draw it.")


def picture_computer(library, kind: str, scope, **options):
    """What a PictureJob runs: library.timeline(scope) or library.network(scope, ...). A team library's picture
    is computed through a Library of its own, closed afterwards, so a query that fails there never leaves the
    window's own connections in a failed transaction."""
    address = getattr(library, "address", None)
    if not address:
        return lambda: getattr(library, kind)(scope, **options)

    def compute():
        from indexer.library import Library

        with Library(address) as own:
            return getattr(own, kind)(scope, **options)

    return compute


class PictureSignals(QObject):
    done = Signal(int, object)  # request number, TimelineData / NetworkData
    failed = Signal(int, str)


class PictureJob(QRunnable):
    """Compute a picture's data in a pool thread (a copy of the scope goes in, plain data comes out)."""

    def __init__(self, compute, number: int):
        super().__init__()
        self.compute, self.number = compute, number
        self.signals = PictureSignals()

    def run(self) -> None:
        try:
            data = self.compute()
        except Exception as exc:  # noqa: BLE001 - reported to the user
            self.signals.failed.emit(self.number, failure_message(exc, "picture"))
        else:
            self.signals.done.emit(self.number, data)


class PicturePanel(QWidget):
    """A picture of the current scope: a title row, the matplotlib canvas with its zoom/pan bar, a status line."""

    kind = ""  # "timeline" or "network"
    drawn = Signal()  # a picture is on the canvas
    addRequested = Signal()  # the analyst wants this picture in the briefing

    def __init__(self, library, pool: QThreadPool | None = None, parent=None):
        super().__init__(parent)
        self.library, self.pool = library, pool or QThreadPool.globalInstance()
        self.scope, self.data, self.canvas, self.figure = Scope(), None, None, None
        self._number, self._stale = 0, True
        self.search_scope, self.pane_ids = Scope(), (lambda: [])  # what the search shows; the open panes' articles
        self._build()

    def _build(self) -> None:
        name = self.kind.capitalize()
        self.scopeLabel = QLabel("The whole library")
        self.scopeLabel.setObjectName(f"{self.kind}ScopeLabel")
        self.scopeLabel.setAccessibleName(f"{name} scope")
        self.addButton = QPushButton("Add to Briefing")
        self.addButton.setObjectName(f"{self.kind}AddButton")
        self.addButton.setAccessibleName(f"Add the {self.kind} to the briefing")
        self.addButton.setEnabled(False)
        self.addButton.clicked.connect(self.addRequested)
        self.panesOnly = QCheckBox("Open panes only")
        self.panesOnly.setObjectName(f"{self.kind}PanesOnly")
        self.panesOnly.setAccessibleName(f"Draw the {self.kind} of the open reader panes only")
        self.panesOnly.toggled.connect(lambda _on: self.follow())
        self.statusLabel = QLabel("")
        self.statusLabel.setObjectName(f"{self.kind}Status")
        self.statusLabel.setAccessibleName(f"{name} status")
        self.statusLabel.setWordWrap(True)
        for label in (self.scopeLabel, self.statusLabel):  # queries and messages are text, never markup
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.top = QHBoxLayout()
        self.top.addWidget(self.scopeLabel, 1)
        self.top.addWidget(self.panesOnly)
        self.top.addWidget(self.addButton)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.top)
        self.body.addWidget(self.statusLabel)
        self.setFocusProxy(self.panesOnly)  # F6 and the View entry land in the panel; Tab goes on to Add

    # -- scope and data ------------------------------------------------------------------
    def follow(self, search_scope: Scope | None = None) -> None:
        """Draw what the search shows, or the open panes' articles when "Open panes only" is ticked."""
        if search_scope is not None:
            self.search_scope = search_scope
        if self.panesOnly.isChecked():
            self.set_scope(Scope(article_ids=tuple(self.pane_ids())))
        else:
            self.set_scope(self.search_scope)

    def set_scope(self, scope: Scope) -> None:
        """Show the picture of `scope` (computed now if the panel is visible, else when it is shown)."""
        self.scope, self._stale = scope, True
        described = scope.describe()
        self.scopeLabel.setText(described[:1].upper() + described[1:])  # the query and names as typed
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._number += 1
        self.statusLabel.setText("Drawing…")
        job = PictureJob(self._computer(), self._number)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)

    def _computer(self):
        raise NotImplementedError

    def _done(self, number: int, data) -> None:
        if number != self._number:
            return  # a newer scope was asked for meanwhile
        self.data = data
        try:
            self._ensure_canvas()
            self.canvas.show()  # hidden while a failure's message stood alone
            self.toolbar.show()
            self.draw(data)
        except BriefingReaderError as exc:  # e.g. matplotlib missing from this installation
            self._failed(number, str(exc))
            return
        self.canvas.draw_idle()
        self.addButton.setEnabled(True)
        self.statusLabel.setText(self.describe(data))
        self.drawn.emit()

    def redraw(self) -> None:
        """Draw the picture on show again (e.g. in the theme of a new palette); nothing when none is drawn."""
        if self.data is None or self.canvas is None:
            return
        self.draw(self.data)
        self.canvas.draw_idle()

    def _failed(self, number: int, message: str) -> None:
        if number != self._number:
            return
        if getattr(self.library, "address", None):
            message = f"{TEAM_PICTURE_FAILED.format(kind=self.kind)}\n{message}"
        self._clear_picture()
        self._stale = True  # showing the panel again tries again
        self.statusLabel.setText(message)
        self.addButton.setEnabled(False)

    def _clear_picture(self) -> None:
        """Wipe the last picture and hide the canvas: it never sits under a scope label it does not belong to,
        and the message has the room."""
        self.data = None
        if self.canvas is None:
            return
        self.figure.clear()
        self.canvas.draw_idle()
        self.canvas.hide()
        self.toolbar.hide()

    def draw(self, data) -> None:
        raise NotImplementedError

    def describe(self, data) -> str:
        raise NotImplementedError

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- canvas ----------------------------------------------------------------------------
    def _ensure_canvas(self) -> None:
        if self.canvas is not None:
            return
        from indexer.pictures.render import require_drawing_libraries

        require_drawing_libraries()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(8, 4), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName(f"{self.kind}Canvas")
        self.canvas.setAccessibleName(f"{self.kind.capitalize()} picture")
        self.canvas.setMinimumHeight(220)
        self.toolbar = NavigationToolbar2QT(self.canvas, self)
        self.toolbar.setObjectName(f"{self.kind}Toolbar")
        self.toolbar.setAccessibleName(f"Zoom and pan the {self.kind}")
        self.body.insertWidget(1, self.toolbar)
        self.body.insertWidget(2, self.canvas, 1)
        self.canvas.mpl_connect("motion_notify_event", self._hover)
        self.canvas.mpl_connect("button_press_event", self._click)
        self.canvas.mpl_connect("key_press_event", lambda event: self.key_pressed(event.key))
        self.canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    @property
    def theme(self) -> str:
        return "dark" if self.palette().window().color().lightness() < 128 else "light"

    def _hover(self, event) -> None:
        text = self.tooltip_at(event.x, event.y) if event.x is not None else ""
        if text:
            QToolTip.showText(self.canvas.mapToGlobal(self.canvas.rect().topLeft()) + _qpoint(event, self.canvas),
                              literal_tip(text), self.canvas)
        else:
            QToolTip.hideText()

    def _click(self, event) -> None:
        if event.x is None or getattr(self.toolbar, "mode", ""):  # zooming or panning: not a click on the picture
            return
        self.clicked_at(event.x, event.y, bool(event.dblclick))

    def tooltip_at(self, x: float, y: float) -> str:
        return ""

    def clicked_at(self, x: float, y: float, double: bool) -> None:
        pass

    def key_pressed(self, key: str) -> None:
        """A key on the canvas (matplotlib's name for it, e.g. "right", "enter")."""


def _qpoint(event, canvas):
    from PySide6.QtCore import QPoint

    ratio = canvas.devicePixelRatioF() or 1.0
    return QPoint(int(event.x / ratio), int((canvas.figure.bbox.height - event.y) / ratio))


def _nearest(points, x: float, y: float, within: float = HOVER_PIXELS):
    """The item of the (px, py, item) point nearest to (x, y), within `within` pixels; None if none is."""
    best, best_d = None, within ** 2
    for px, py, item in points:
        d = (px - x) ** 2 + (py - y) ** 2
        if d <= best_d:
            best, best_d = item, d
    return best


class TimelinePanel(PicturePanel):
    """Who said what, over time. Hover a mark for the quote (or step to it with the arrow keys); click it (or
    press Return) to open the article at the quote; drag across the dates to set the search's date range."""

    kind = "timeline"
    quoteRequested = Signal(str, int, int)  # article id, quote start, end
    dateRangeSelected = Signal(str, str)  # YYYY-MM-DD, YYYY-MM-DD

    def __init__(self, library, pool: QThreadPool | None = None, parent=None):
        super().__init__(library, pool, parent)
        self.setObjectName("timelinePanel")
        self.setAccessibleName("Timeline")
        self._points: list = []
        self._current = -1  # the mark chosen by keyboard, an index into _points
        self._selector = None

    def _computer(self):
        return picture_computer(self.library, "timeline", self.scope)

    def draw(self, data) -> None:
        from indexer.pictures.render import render_timeline

        render_timeline(data, figure=self.figure, theme=self.theme)  # ISO days, as everywhere in the app
        self.setFocusProxy(self.canvas)  # F6 and View ▸ Timeline land where the arrow keys step through the marks
        self.canvas.draw()  # positions are needed for hovering
        self._points = sorted(self._mark_positions(data), key=lambda p: (p[0], -p[1]))  # by date, top lane first
        self._current = -1
        self._add_range_selector()

    def _mark_positions(self, data) -> list:
        """(x, y, marks) in pixels for each drawn mark: one per lane and day, holding that day's quotes."""
        if len(self.figure.axes) < 2 or not data.marks:
            return []
        from matplotlib.dates import date2num

        chart = self.figure.axes[1]
        row = {lane.id: len(data.lanes) - 1 - i for i, lane in enumerate(data.lanes)}
        groups: dict = {}
        for mark in data.marks:
            groups.setdefault((mark.lane, mark.date), []).append(mark)
        keys = list(groups)
        xy = [(date2num(Date.fromisoformat(day)), row[lane]) for lane, day in keys]
        pixels = chart.transData.transform(xy)  # all at once: thousands of marks stay quick
        return [(float(px), float(py), groups[key]) for (px, py), key in zip(pixels, keys)]

    def _add_range_selector(self) -> None:
        if len(self.figure.axes) < 2:
            return
        from matplotlib.dates import num2date
        from matplotlib.widgets import SpanSelector

        def chosen(low, high):
            if high - low >= 1:
                self.dateRangeSelected.emit(num2date(low).date().isoformat(), num2date(high).date().isoformat())

        self._selector = SpanSelector(self.figure.axes[0], chosen, "horizontal", useblit=False, minspan=1,
                                      props={"alpha": 0.25, "facecolor": "#56B4E9"})

    def describe(self, data) -> str:
        return (f"{data.articles} article(s), {len(data.marks)} quote(s) on {len(data.lanes)} lane(s). "
                "Hover a mark (or step with the arrow keys) for the quote, click it (or Return) to open the article, "
                "drag over the bars to filter the dates.")

    def tooltip_at(self, x: float, y: float) -> str:
        marks = _nearest(self._points, x, y)
        if not marks:
            return ""
        mark = marks[0]
        who = next((lane.name for lane in self.data.lanes if lane.id == mark.lane), "")
        if mark.lane != mark.actor_id:
            who = self.library.actor(mark.actor_id).name if self.library.actor(mark.actor_id) else mark.actor_id
        more = f"\n(and {len(marks) - 1} more quote(s) that day; click opens this one)" if len(marks) > 1 else ""
        said = f"(reported speech) {_short(mark.text)}" if mark.kind == QUOTE_REPORTED else f"“{_short(mark.text)}”"
        return f"{who}, {mark.date}: {said}{more}"

    def clicked_at(self, x: float, y: float, double: bool) -> None:
        marks = _nearest(self._points, x, y)
        if marks:
            self.quoteRequested.emit(marks[0].article_id, marks[0].start, marks[0].end)

    def key_pressed(self, key: str) -> None:
        """Right/Left (Down/Up) step through the marks by date, the chosen one's quote in the status line;
        Return opens it, as a click does."""
        if not self._points:
            return
        steps = {"right": 1, "down": 1, "left": -1, "up": -1}
        if key in steps:
            self._current = (self._current + steps[key]) % len(self._points)
            x, y, _marks = self._points[self._current]
            self.statusLabel.setText(f"Mark {self._current + 1} of {len(self._points)}: {self.tooltip_at(x, y)} "
                                     "(Return opens it)")
        elif key == "enter" and self._current >= 0:
            x, y, _marks = self._points[self._current]
            self.clicked_at(x, y, False)


def _short(text: str, width: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# -- the main window's pictures: two docks, their menu entries, Add Picture to Briefing ----------------------
def make_timeline(window) -> TimelinePanel:
    """The Timeline of the main window's panel table (desktop/main_window.py PANELS): docked at the bottom."""
    return TimelinePanel(window.library, pool=window.read_pool)


def make_network(window):
    """The Network of the main window's panel table, tabbed with the Timeline."""
    from .network import NetworkPanel  # it builds on PicturePanel, defined here

    return NetworkPanel(window.library, pool=window.read_pool)


def connect_pictures(window) -> None:
    """Make the docked Timeline and Network (window.timeline, window.network) follow the window's searches
    and panes, and connect *Add Picture to Briefing* (its Briefing-menu entries included)."""
    _add_menu_entries(window)
    window.search.searched.connect(lambda _result: follow_search(window))
    for panel in (window.timeline, window.network):
        panel.pane_ids = lambda: [p.article.id for p in window.reading.panes() if p.article]
    window.reading.panesChanged.connect(lambda: [p.follow() for p in (window.timeline, window.network)
                                                 if p.panesOnly.isChecked()])
    window.timeline.quoteRequested.connect(lambda article_id, start, end: open_quote(window, article_id, start, end))
    window.timeline.dateRangeSelected.connect(lambda low, high: set_search_dates(window, low, high))
    window.network.actorClicked.connect(window.search.toggle_actor)
    window.network.articlesRequested.connect(lambda ids: window.open_articles(ids, True))
    for panel in (window.timeline, window.network):
        panel.addRequested.connect(lambda p=panel: add_picture_to_briefing(window, p))
    window.actions_[Act.ADD_PICTURE].triggered.connect(lambda _checked=False: add_picture_to_briefing(window))
    window.actions_[Act.REDRAW_PICTURE].triggered.connect(lambda _checked=False: redraw_selected_picture(window))


def _add_menu_entries(window) -> None:
    """Add Picture and Draw Picture Again in Briefing, before Add Note (View lists the docks from the table)."""
    for menu_action in window.menuBar().actions():
        title = menu_action.text().replace("&", "")
        if title == "Briefing":
            for key in (Act.ADD_PICTURE, Act.REDRAW_PICTURE):
                menu_action.menu().insertAction(window.actions_[Act.ADD_NOTE], window.actions_[key])


def search_scope(search) -> Scope:
    """The scope of what the search panel shows: its query, every actor of its Actor filter, its dates, language
    and source, and its Exact switch."""
    return Scope(search.searchBox.text().strip(), tuple(search.actors()), search._date(search.dateFrom),
                 search._date(search.dateTo), language=search.language(),
                 source=search.sourceFilter.currentText().strip(), exact=search.exactCheck.isChecked(),
                 every_actor=True)


def follow_search(window) -> None:
    """The pictures show what the search shows (search_scope)."""
    scope = search_scope(window.search)
    window.timeline.follow(scope)
    window.network.follow(scope)


def open_quote(window, article_id: str, start: int, end: int) -> None:
    panes = window.open_articles([article_id], True)
    if panes:
        panes[0].select(start, end)


def set_search_dates(window, low: str, high: str) -> None:
    from PySide6.QtCore import QDate

    window.search.dateFrom.setDate(QDate.fromString(low, "yyyy-MM-dd"))
    window.search.dateTo.setDate(QDate.fromString(high, "yyyy-MM-dd"))
    window.search.run_search()


def add_picture_to_briefing(window, panel: PicturePanel | None = None):
    """Put the picture of the visible panel (the timeline when neither is shown) into the briefing, drawn for
    print, with a caption naming its query. Returns the briefing item, or None with a message."""
    from indexer.pictures.snapshot import make_picture

    if panel is None:
        panel = window.network if window.network_dock.isVisible() and not window.timeline_dock.isVisible() \
            else window.timeline
    options = {"min_weight": panel.min_weight} if panel.kind == "network" else {}
    try:
        picture = make_picture(window.library, panel.kind, panel.scope, picture_caption(panel.kind),
                               **options)
    except BriefingReaderError as exc:
        window.message(f"Cannot add the {panel.kind} to the briefing: {exc}")
        return None
    window.briefing.add_picture(picture)
    window.briefing_dock.show()
    window.message(f"Added the {panel.kind} of {panel.scope.describe()} to the briefing.")
    return picture


def picture_caption(kind: str) -> str:
    """The default caption; the export's "timeline of …" line names the scope and each of its filters
    (indexer.briefing.markdown_export.made_from)."""
    from indexer.pictures.snapshot import DEFAULT_CAPTIONS

    return DEFAULT_CAPTIONS[kind]


# -- drawing a briefing picture again, from the query it was made from (only when the analyst asks) ---------
def redraw_selected_picture(window) -> bool:
    """Draw the selected briefing picture again (one undoable step); False with a message when not possible."""
    from indexer.pictures.snapshot import draw_both

    from .briefing import ID_ROLE

    current = window.briefing.excerptsView.currentItem()
    item_id = current.data(0, ID_ROLE) if current is not None else None
    picture = _item_or_none(window.briefing.briefing, item_id)
    if not isinstance(picture, Picture):
        window.message("Select a picture in the briefing to draw it again.")
        return False
    try:
        png, svg = draw_both(window.library, picture.kind, Scope.from_json(picture.scope), picture.options)
    except (BriefingReaderError, ValueError) as exc:
        window.message(f"Cannot draw the picture again: {exc}")
        return False
    window.briefing.push(RedrawPicture(window.briefing.briefing, picture.id, png, svg))
    window.message(f"Drew “{picture.caption}” again from its query.")
    return True


def _item_or_none(briefing, item_id):
    try:
        return briefing.item(item_id) if item_id else None
    except KeyError:
        return None


class RedrawPicture(QUndoCommand):
    """Put a new drawing in a briefing picture; undo puts the old snapshot back (model methods only)."""

    def __init__(self, briefing, item_id: str, png: bytes, svg: str):
        super().__init__("Draw picture again")
        self.briefing, self.item_id, self.new, self.old = briefing, item_id, (png, svg), None

    def redo(self) -> None:
        self.old = self.briefing.replace_picture(self.item_id, *self.new)

    def undo(self) -> None:
        self.briefing.replace_picture(self.item_id, *self.old)
