"""The main window: assembles the panels from one table (PANELS: one file per panel plus one row), the
reading area, the import log and the actions."""

from __future__ import annotations

import logging
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QThread, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton, QToolBar,
    QWidget,
)

import indexer
from indexer.briefing import excerpt_from_article, load_briefing
from indexer.briefing.refresh import locate
from indexer.errors import BriefingFileError, BriefingReaderError, QueryError

from . import demo as demo_dialogs
from .actions import Act, build_actions
from .commands import EditDetails
from .inbox import Inbox
from .settings import Settings
from .theme import load_highlights, palette_key, reapply_style_sheets
from .library_switch import choose_library
from .read_only import writes_allowed
from .views import quotes as quotes_view
from .views.actors import ActorsPanel
from .views.briefing import BriefingPanel
from .views.details import ArticleDetailsDialog
from .views.help import shortcuts_dialog, syntax_dialog
from .views.import_log import ImportLogDialog, ImportLogPanel, summary
from .views.reader import MAX_PANES, ReaderPane, ReadingArea
from .views.scrolling import FitScrollArea
from .views.search import SearchPanel
from .window_keys import keep_window_keys
from .views import timeline as timeline_view
from .workers import (
    JobRunner, import_job, library_info_job, library_name, location_of, reanalyse_job, rebuild_job, remove_demo_job,
)

log = logging.getLogger(__name__)

BOTTOM_DOCK_MIN = 360  # px: a picture dock's chart (220 px), zoom bar, title and status rows, and dock title
QUOTES_DOCK_MIN = 380  # px: the Quotes list shows a speaker's full name beside the start of the quote
LIBRARY_CHECK_MS = 5000  # how often the window checks whether another process changed the library
UNAVAILABLE = "unavailable"  # the first item of the change stamp of a library that cannot be read now
TEAM_DEMO_REFUSED = ("The demo articles are not loaded into a team library: everyone who shares it would see "
                     "invented stories. Load them into a library folder of your own.")


LEFT, RIGHT, BOTTOM = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea,
                       Qt.DockWidgetArea.BottomDockWidgetArea)


@dataclass(frozen=True)
class Panel:
    """One row of the panel table: the window keeps the panel as `self.<name>` and its dock as
    `self.<name>_dock` (object name "<name>Dock"); View lists the docks in table order."""

    name: str
    title: str
    area: Qt.DockWidgetArea
    make: Callable  # (window) -> the panel widget
    under: str = ""  # the dock (by name) this one is split under
    tab_with: str = ""  # the dock (by name) this one is tabbed with
    hidden: bool = False  # hidden until asked for (View)
    connect: Callable | None = None  # (window) -> None, once menus and the other panels exist
    show: Act | None = None  # View's entry that shows the dock and focuses it (else the dock's own toggle)
    room: int = 0  # px (height at the bottom, else width) the dock is given when shown smaller


PANELS = (
    Panel("search", "Search", LEFT, lambda w: SearchPanel(w.library, w.colours, w.settings, pool=w.read_pool)),
    Panel("briefing", "Briefing", RIGHT, lambda w: BriefingPanel(w.library, w.settings)),
    Panel("actors", "Actors", RIGHT, lambda w: ActorsPanel(w.library, w.colours), under="briefing"),
    Panel("quotes", "Quotes", RIGHT, quotes_view.make_panel, tab_with="briefing", hidden=True,
          connect=quotes_view.connect, show=Act.SHOW_QUOTES, room=QUOTES_DOCK_MIN),
    Panel("timeline", "Timeline", BOTTOM, timeline_view.make_timeline, hidden=True, show=Act.SHOW_TIMELINE,
          room=BOTTOM_DOCK_MIN),
    Panel("network", "Network", BOTTOM, timeline_view.make_network, tab_with="timeline", hidden=True,
          connect=timeline_view.connect_pictures, show=Act.SHOW_NETWORK, room=BOTTOM_DOCK_MIN),
)


class MainWindow(QMainWindow):
    """Briefing Reader's workbench over one library."""

    importFinished = Signal(object)  # ImportReport
    importFailed = Signal(str)
    importProgress = Signal(int, int, str)
    rebuildFinished = Signal(object)  # RebuildReport
    demoRemoved = Signal(int)  # how many demo articles were removed
    reanalysisFinished = Signal(object)  # ids of the articles re-analysed after an alias
    articleOpened = Signal(object)  # ReaderPane
    messageShown = Signal(str)

    def __init__(self, library, settings: Settings, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("Briefing Reader")
        self.library = library
        self.settings = settings
        self.colours = load_highlights(self.palette())
        self._palette_key = palette_key(self.palette())
        self.selected_actor = ""
        self.last_message = ""
        self._panes_pending = False
        self.runner = JobRunner(self)
        self._pending_names: list[str] = []  # names waiting for a re-analysis while another job runs
        self.read_pool = QThreadPool(self)  # background reads (library scan); writes go through self.runner
        # a thread more than the cores: the library scan (the actor engine's first build) never keeps the first
        # search or the Quotes list waiting for a thread; they wait at most for that build, never twice
        self.read_pool.setMaxThreadCount(QThread.idealThreadCount() + 1)
        self.actions_ = build_actions(self)
        self._build_panels()
        self._build_undo()
        self._build_menus()
        self._window_keys = keep_window_keys(self, [self.actions_[Act.EXPORT_BRIEFING]])  # Ctrl+E in a text box
        self._build_status()
        self._connect()
        for row in PANELS:
            if row.connect is not None:
                row.connect(self)
        self.setAcceptDrops(True)
        self.resize(self._first_size())
        self._size_docks()
        self._default_state = self.saveState()
        self._restore_layout()
        self._reopen_briefing()
        self._update_title()
        self.update_tab_order()
        self.search.browse()
        self.actors.recolour()  # colours only: a palette change never queries the library
        self._scanned = False
        self._watch_library()
        self._start_inbox()

    # -- assembly ------------------------------------------------------------------
    def _dock(self, widget, title: str, name: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setAccessibleName(title)
        dock.setWidget(FitScrollArea(widget))  # a dock smaller than its panel scrolls, never paints over
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_panels(self) -> None:
        self.reading = ReadingArea(self.colours)
        self.setCentralWidget(self.reading)
        self._keep_side_columns()
        self._room_before: dict[str, int] = {}  # a dock's size before _dock_room widened it
        self._fit_timer = QTimer(self, singleShot=True, interval=0, timeout=self.fit_side_columns)
        self.import_log = ImportLogPanel()
        self.import_dialog = ImportLogDialog(self.import_log, self)
        # the search gets the left column's whole height (8 results and more at 1366×768); the actors go
        # under the briefing; the centre keeps the room for reading
        for row in PANELS:
            self._add_panel(row)
        # contract names used by UI automation
        self.searchBox = self.search.searchBox
        self.resultsView = self.search.resultsView
        self.actorsView = self.actors.actorsView
        self.excerptsView = self.briefing.excerptsView
        self.briefingPreview = self.briefing.briefingPreview

    def _add_panel(self, row: Panel) -> None:
        """Make one row's panel and dock, and put the dock where the row says."""
        panel = row.make(self)
        setattr(self, row.name, panel)
        dock = self._dock(panel, row.title, f"{row.name}Dock", row.area)
        setattr(self, f"{row.name}_dock", dock)
        if row.under:
            self.splitDockWidget(getattr(self, f"{row.under}_dock"), dock, Qt.Orientation.Vertical)
        if row.tab_with:
            self.tabifyDockWidget(getattr(self, f"{row.tab_with}_dock"), dock)
        if row.hidden:
            dock.hide()
        if row.room:
            dock.visibilityChanged.connect(lambda shown, d=dock, r=row: self._dock_room(d, r, shown))

    def _dock_room(self, dock: QDockWidget, row: Panel, shown: bool) -> None:
        """A dock shown smaller than the room it needs (a chart and its bars; a name beside a quote) gets just
        that room; a size the analyst chose above it is kept. When the dock is closed again, a side column
        goes back to the width it had. (A bottom dock takes no height from the side columns: _keep_side_columns.)"""
        vertical = row.area == BOTTOM
        orientation = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
        size = dock.height() if vertical else dock.width()
        if shown and not dock.isFloating() and size < row.room:
            if not vertical:  # closing a bottom dock gives the reading area its height back by itself
                self._room_before[row.name] = size
            QTimer.singleShot(0, self, lambda: self._give_room(dock, row.room, orientation))
        elif not shown and row.name in self._room_before:
            QTimer.singleShot(0, self, lambda: self._give_back_room(dock, row, orientation))

    def _give_room(self, dock: QDockWidget, room: int, orientation) -> None:
        self.resizeDocks([dock], [room], orientation)
        self._fit_timer.start()  # once laid out: the room never leaves the other column clipped

    def _give_back_room(self, dock: QDockWidget, row: Panel, orientation) -> None:
        """The dock was closed (not just put behind a tab): its column gets back the size it had before."""
        before = self._room_before.pop(row.name, None) if dock.isHidden() else None
        if before is None:  # only put behind a tab, or the layout was reset meanwhile
            return
        neighbour = next((d for d in self.docks() if d.isVisible() and self.dockWidgetArea(d) == row.area), None)
        if neighbour is not None:
            self.resizeDocks([neighbour], [before], orientation)

    def _keep_side_columns(self) -> None:
        """The left and right dock columns run the window's whole height: a bottom dock (Timeline, Network)
        takes its room from the reading area only, so the results, quotes, briefing and actors keep theirs."""
        self.setCorner(Qt.Corner.BottomLeftCorner, LEFT)
        self.setCorner(Qt.Corner.BottomRightCorner, RIGHT)
        self.setCorner(Qt.Corner.TopLeftCorner, LEFT)
        self.setCorner(Qt.Corner.TopRightCorner, RIGHT)

    def docks(self) -> list[QDockWidget]:
        """Every panel's dock, in table order."""
        return [getattr(self, f"{row.name}_dock") for row in PANELS]

    def _size_docks(self) -> None:
        """First-launch dock sizes, once every dock is in: narrow side columns, so three panes fit 1366 px."""
        self.resizeDocks([self.search_dock, self.briefing_dock], [290, 276], Qt.Orientation.Horizontal)
        self.resizeDocks([self.briefing_dock, self.actors_dock], [480, 300], Qt.Orientation.Vertical)

    def _first_size(self) -> QSize:
        """1400×860, or the screen's free area when it is smaller (a 1366×768 laptop)."""
        screen = self.screen() or QApplication.primaryScreen()
        room = screen.availableGeometry().size() if screen is not None else QSize(1400, 860)
        return QSize(min(1400, room.width()), min(860, room.height()))

    def _build_undo(self) -> None:
        """One Undo/Redo pair for three histories: curation while the Actors panel has the focus, the briefing
        while the Briefing panel has it; elsewhere the briefing or the articles' details, whichever changed last."""
        self.undo_group = QUndoGroup(self)
        self.details_stack = QUndoStack(self)  # Edit Details: an article's title, date, author ...
        self._details_index = 0
        for stack in (self.briefing.undo_stack, self.actors.undo_stack, self.details_stack):
            self.undo_group.addStack(stack)
        self.undo_group.setActiveStack(self.briefing.undo_stack)
        self._pane_stack = self.briefing.undo_stack
        self.briefing.undo_stack.indexChanged.connect(lambda _i: setattr(self, "_pane_stack", self.briefing.undo_stack))
        self.details_stack.indexChanged.connect(self._details_changed)

    def _focus_changed(self, _old, new) -> None:
        if new is None or new.window() is not self:
            return
        if new is self.actors or self.actors.isAncestorOf(new):
            self.undo_group.setActiveStack(self.actors.undo_stack)
        elif new is self.briefing or self.briefing.isAncestorOf(new):
            self.undo_group.setActiveStack(self.briefing.undo_stack)
        else:  # a pane, the search, the window itself: the focus often comes back here after Edit Details
            self.undo_group.setActiveStack(self._pane_stack)

    def action(self, key: Act):
        return self.actions_[key]

    def _build_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for key in (Act.OPEN_LIBRARY, None, Act.IMPORT, Act.IMPORT_FOLDER, Act.LOAD_DEMO, Act.REMOVE_DEMO,
                    Act.CANCEL_IMPORT, None, Act.WATCH_INBOX, Act.STOP_INBOX, None, Act.REBUILD, None, Act.QUIT):
            file_menu.addSeparator() if key is None else file_menu.addAction(a[key])
        edit = bar.addMenu("&Edit")
        for key in (Act.UNDO, Act.REDO, None, Act.FOCUS_SEARCH, None, Act.EDIT_DETAILS):
            edit.addSeparator() if key is None else edit.addAction(a[key])
        view = bar.addMenu("&View")
        for key in (Act.OPEN, Act.OPEN_NEW_PANE, Act.OPEN_SIDE_BY_SIDE, Act.CLOSE_PANE, None, Act.NEXT_HIT,
                    Act.PREVIOUS_HIT, None, Act.NEXT_AREA, Act.PREVIOUS_AREA, None):
            view.addSeparator() if key is None else view.addAction(a[key])
        for row, dock in zip(PANELS, self.docks()):  # the import log is a dialog: SHOW_IMPORT_LOG
            view.addAction(a[row.show] if row.show else dock.toggleViewAction())
        view.addAction(a[Act.SHOW_IMPORT_LOG])
        view.addAction(a[Act.RESET_LAYOUT])
        brief = bar.addMenu("&Briefing")
        for key in (Act.ADD_EXCERPT, Act.ADD_NOTE, Act.ADD_SECTION, Act.REMOVE_ITEM, None, Act.NEW_BRIEFING,
                    Act.OPEN_BRIEFING):
            brief.addSeparator() if key is None else brief.addAction(a[key])
        self.recent_menu = brief.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentBriefingsMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for key in (Act.SAVE_BRIEFING, Act.SAVE_BRIEFING_AS, None, Act.EXPORT_BRIEFING, Act.COPY_MARKDOWN):
            brief.addSeparator() if key is None else brief.addAction(a[key])
        help_menu = bar.addMenu("&Help")
        for key in (Act.KEYBOARD_SHORTCUTS, Act.SEARCH_SYNTAX, None, Act.ABOUT):
            help_menu.addSeparator() if key is None else help_menu.addAction(a[key])
        tools = QToolBar("Main toolbar", self)
        tools.setObjectName("mainToolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for key in (Act.IMPORT, None, Act.OPEN_SIDE_BY_SIDE, Act.PREVIOUS_HIT, Act.NEXT_HIT, None, Act.ADD_EXCERPT,
                    Act.UNDO, Act.REDO, Act.SAVE_BRIEFING, Act.EXPORT_BRIEFING):
            tools.addSeparator() if key is None else tools.addAction(a[key])
        self.addToolBar(tools)
        a[Act.CANCEL_IMPORT].setEnabled(False)
        if self.library.address:
            a[Act.LOAD_DEMO].setEnabled(False)
            a[Act.LOAD_DEMO].setStatusTip(TEAM_DEMO_REFUSED)
        a[Act.UNDO].setEnabled(False)
        a[Act.REDO].setEnabled(False)

    def _build_status(self) -> None:
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setAccessibleName("Import progress")
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelImportButton")
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.clicked.connect(self.cancel_import)
        self.count_label = QLabel()
        self.count_label.setObjectName("libraryCount")
        self.count_label.setAccessibleName("Articles in the library")
        self.count_label.setToolTip(f"Library: {library_name(self.library)}")
        self.import_summary = QPushButton()
        self.import_summary.setObjectName("importSummaryButton")
        self.import_summary.setAccessibleName("Last import: open the import log")
        self.import_summary.setToolTip("Open the import log: what the last import did with every file")
        self.import_summary.setFlat(True)
        self.import_summary.clicked.connect(self.show_import_log)
        self.import_summary.hide()  # until an import ends
        status = self.statusBar()
        status.addPermanentWidget(self.import_summary)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        self._update_count()

    def _connect(self) -> None:
        a = self.actions_
        triggers = {
            Act.IMPORT: self.import_files, Act.IMPORT_FOLDER: self.import_folder, Act.LOAD_DEMO: self.load_demo,
            Act.REMOVE_DEMO: self.remove_demo, Act.OPEN_LIBRARY: lambda: choose_library(self),
            Act.CANCEL_IMPORT: self.cancel_import, Act.WATCH_INBOX: self.choose_inbox,
            Act.STOP_INBOX: self.stop_inbox, Act.REBUILD: self.rebuild_index, Act.QUIT: self.close,
            Act.FOCUS_SEARCH: self.focus_search, Act.OPEN: lambda: self.open_current(False),
            Act.OPEN_NEW_PANE: lambda: self.open_current(True), Act.OPEN_SIDE_BY_SIDE: self.open_side_by_side,
            Act.CLOSE_PANE: self.close_pane, Act.EDIT_DETAILS: self.edit_details, Act.NEXT_HIT: lambda: self._hit(+1),
            Act.PREVIOUS_HIT: lambda: self._hit(-1), Act.ADD_EXCERPT: self.add_excerpt,
            Act.ADD_NOTE: lambda: self.briefing.add_note(), Act.ADD_SECTION: lambda: self.briefing.add_section(),
            Act.REMOVE_ITEM: self.briefing.remove_selected, Act.NEW_BRIEFING: lambda: self.briefing.new(),
            Act.OPEN_BRIEFING: lambda: self.briefing.open(), Act.SAVE_BRIEFING: self.briefing.save,
            Act.SAVE_BRIEFING_AS: lambda: self.briefing.save_as(), Act.EXPORT_BRIEFING: self.export_briefing,
            Act.COPY_MARKDOWN: self.copy_markdown, Act.UNDO: self.undo_group.undo,
            Act.REDO: self.undo_group.redo, Act.SHOW_IMPORT_LOG: self.show_import_history,
            Act.RESET_LAYOUT: self.reset_layout, Act.ABOUT: self.about,
            Act.NEXT_AREA: lambda: self.cycle_area(1), Act.PREVIOUS_AREA: lambda: self.cycle_area(-1),
            Act.KEYBOARD_SHORTCUTS: lambda: self.show_help(shortcuts_dialog),
            Act.SEARCH_SYNTAX: lambda: self.show_help(syntax_dialog),
        }
        triggers.update({row.show: lambda name=row.name: self.show_panel(name) for row in PANELS if row.show})
        for key, slot in triggers.items():
            a[key].triggered.connect(lambda _checked=False, s=slot: s())
        group = self.undo_group
        group.canUndoChanged.connect(a[Act.UNDO].setEnabled)
        group.canRedoChanged.connect(a[Act.REDO].setEnabled)
        group.undoTextChanged.connect(self._undo_text)
        group.redoTextChanged.connect(self._redo_text)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.briefing.undo_stack.cleanChanged.connect(self._update_title)
        self.briefing.fileChanged.connect(self._update_title)
        self.briefing.changed.connect(self._update_title)
        self.briefing.titleTyped.connect(self._update_title)
        self.briefing.notice.connect(self.message)
        self.briefing.openRequested.connect(self.show_excerpt)
        self.search.openRequested.connect(self.open_articles)
        self.search.searched.connect(self._searched)
        self.search.demoRequested.connect(self.load_demo)
        self.reading.paneAdded.connect(self._pane_added)
        self.reading.panesChanged.connect(self._panes_changed)
        self.reading.panesChanged.connect(self.update_tab_order)
        self.actors.actorSelected.connect(self.set_selected_actor)
        self.actors.filterRequested.connect(self.search.toggle_actor)
        self.actors.curated.connect(self._curated)
        self.actors.reanalyse.connect(self.reanalyse_names)
        self.actors.notice.connect(lambda text: self.message(text, 0))
        self.import_log.openRequested.connect(lambda article_id: self.open_articles([article_id], True))
        self.import_log.historyRequested.connect(self.show_import_history)
        self.search.actorFilter.textEdited.connect(self._actor_filter_edited)
        self.runner.busyChanged.connect(self._busy_changed)

    # -- keyboard --------------------------------------------------------------------
    def _areas(self) -> list:
        """The widgets F6 moves between, in Tab order: search, results, each pane, briefing, quotes, actors,
        timeline, network (cycle_area skips those not on show)."""
        panes = [p.view for p in self.reading.panes()]
        docked = [w for w in (self.excerptsView, self.quotes, self.actorsView, self.timeline, self.network)
                  if not w.visibleRegion().isEmpty()]  # a dock behind another's tab is "visible" to Qt
        return [self.searchBox, self.resultsView, *panes, *docked]

    def show_panel(self, name: str) -> None:
        """View ▸ Quotes, Timeline, Network: show the panel's dock in front of its tab group and move the focus
        into it; when the focus is already there, close the dock."""
        dock, panel = getattr(self, f"{name}_dock"), getattr(self, name)
        focus = QApplication.focusWidget()
        if dock.isVisible() and focus is not None and panel.isAncestorOf(focus):
            dock.hide()
            return
        dock.show()
        dock.raise_()
        panel.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def update_tab_order(self) -> None:
        """Tab goes search box -> results -> reader panes -> briefing -> actors -> search filters."""
        for pane in self.reading.panes():
            pane.view.setTabChangesFocus(True)
        chain = [self.searchBox, self.resultsView, *[p.view for p in self.reading.panes()],
                 *self.briefing.tab_chain(), *self.actors.tab_chain(), *self.search.filter_chain()]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def cycle_area(self, step: int) -> None:
        """F6 / Shift+F6: focus the next (or previous) visible area after the one holding the focus."""
        areas = [w for w in self._areas() if w.isVisible()]
        if not areas:
            return
        focus = QApplication.focusWidget()
        current = next((i for i, w in enumerate(areas) if focus is not None and (w is focus or w.isAncestorOf(focus))),
                       None)
        if current is None and focus is not None and self.search.isAncestorOf(focus):
            current = 0  # a search filter counts as the search area
        target = areas[0 if current is None and step > 0 else ((current or 0) + step) % len(areas)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_help(self, make_dialog) -> None:
        dialog = make_dialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.help_dialog = dialog
        dialog.show()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._scanned:  # after the first paint, so a large library never delays the window
            self._scanned = True
            QTimer.singleShot(150, self._scan_library)

    def _activated(self) -> None:
        """The window became active again: the library may have changed meanwhile."""
        if self.isActiveWindow():
            self.check_library_changed()

    def _watch_library(self) -> None:
        self._library_stamp = self._store_stamp()
        self.library_timer = QTimer(self, interval=LIBRARY_CHECK_MS, timeout=self.check_library_changed)
        self.library_timer.start()

    def _store_stamp(self) -> tuple:
        """A cheap fingerprint of the article store: size and time of its files; for a team library (or a store
        without files) the article count and the newest import log entry."""
        store_path = getattr(getattr(self.library, "store", None), "path", None)
        if store_path is None or self.library.address:
            return self._server_stamp()
        stamp = []
        for file in (Path(store_path), Path(f"{store_path}-wal")):
            try:
                info = file.stat()
                stamp.append((info.st_mtime_ns, info.st_size))
            except OSError:
                stamp.append(None)
        return tuple(stamp)

    def check_library_changed(self) -> bool:
        """Refresh counts, filters, results and actors when another process (the CLI) wrote to the library."""
        if self.runner.busy:  # our own import or rebuild: _after_write follows
            return False
        stamp = self._store_stamp()
        if stamp == self._library_stamp:
            return False
        if stamp[0] == UNAVAILABLE:  # a team library's server is gone: say so once; what is shown stays
            self._library_stamp = stamp
            self.message(stamp[1], 0)
            return True
        self._after_write()
        self.message("The library changed outside this window; counts and results are up to date.")
        return True

    def _actor_filter_edited(self, text: str) -> None:
        """Clearing the Actor filter (its clear button, or deleting the names) searches again at once."""
        if not text.strip():
            self.search.start_search()

    def _scan_library(self) -> None:
        """Fill the filters' actor names and sources in the background: the window paints at once."""
        if self.read_pool.activeThreadCount():  # one scan at a time; try again when it is done
            QTimer.singleShot(250, self._scan_library)
            return
        self.info_job = library_info_job(self.library)
        self.info_job.signals.finished.connect(self.search.apply_library_info)
        self.info_job.signals.failed.connect(self.message)
        self.read_pool.start(self.info_job, -1)  # after any search or list waiting for a thread

    # -- messages ------------------------------------------------------------------
    def message(self, text: str, timeout: int = 8000) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, timeout)
        self.messageShown.emit(text)

    def _undo_text(self, text: str) -> None:
        self._name_step(Act.UNDO, "Undo", text)

    def _redo_text(self, text: str) -> None:
        self._name_step(Act.REDO, "Redo", text)

    def _name_step(self, key: Act, verb: str, step: str) -> None:
        """The Edit menu and the tooltip name the step ("Undo Add note"); the toolbar button stays "Undo",
        so a long step never pushes Export Briefing off the toolbar."""
        action = self.actions_[key]
        action.setText(f"&{verb} {step}" if step else f"&{verb}")
        action.setIconText(verb)
        action.setToolTip(f"{verb} {step}" if step else action.statusTip())

    def _update_title(self, *_args) -> None:
        # Ending in the application's display name, so no platform appends it a second time.
        name = self.briefing.shown_title().replace("[*]", "[*][*]")  # Qt shows "[*][*]" as a literal "[*]"
        where = f" — {library_name(self.library)}" if self.library.address else ""  # which team library
        self.setWindowTitle(f"{name}[*]{where} — Briefing Reader")
        self.setWindowModified(self.briefing.is_modified() or self.briefing.titleEdit.isModified())

    def _server_stamp(self) -> tuple:
        """The article count and the newest import log entry. The poll is often the first to meet a team
        library's server gone; whatever that raises is logged, never shown: the next action says it clearly."""
        try:
            return (self.library.count(), tuple(self.library.import_log(1)))
        except BriefingReaderError as exc:
            return (UNAVAILABLE, str(exc))
        except Exception as exc:  # noqa: BLE001 - a dropped connection surfaces here once (the driver's own error)
            log.warning("cannot check the library %s for changes", library_name(self.library), exc_info=True)
            return (UNAVAILABLE, f"The library {library_name(self.library)} cannot be reached now ({exc}). Check "
                                 "that its server is running; the window keeps checking.")

    def _count(self) -> int:
        try:
            return self.library.count()
        except BriefingReaderError:
            return 0

    def _update_count(self) -> None:
        n = self._count()
        self.count_label.setText(f"{n} article{'s' if n != 1 else ''}")

    # -- search and opening ----------------------------------------------------------
    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.searchBox.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.searchBox.selectAll()

    def run_search(self, query: str | None = None):
        if query is not None:
            self.searchBox.setText(query)
        return self.search.run_search()

    def _spans(self, text: str) -> list[tuple[int, int]]:
        query = self.search.query
        if not query:
            return []
        try:
            return self.library.hit_spans(text, query, exact=self.search.exactCheck.isChecked())
        except (QueryError, BriefingReaderError):
            return []

    def _searched(self, _result) -> None:
        """A new query: repaint the hits of every open pane (highlights never get lost)."""
        for pane in self.reading.panes():
            if pane.article is not None:
                pane.set_hits(self._spans(pane.article.text))

    def open_current(self, new_pane: bool = False) -> None:
        index = self.resultsView.currentIndex()
        if index.isValid():
            self.open_articles([self.search.model.hits[index.row()].id], new_pane)

    def open_side_by_side(self) -> list[ReaderPane]:
        """Open each selected result in its own pane, making room on the left when needed."""
        ids = self.resultsView.selected_ids()[:MAX_PANES]
        ids = [i for i in ids if self.reading.pane_for(i) is None] or ids
        while self.reading.panes() and len(self.reading.panes()) + len(ids) > MAX_PANES:
            self.reading.close_pane(self.reading.panes()[0])
        return self.open_articles(ids, True)

    def show_excerpt(self, excerpt) -> ReaderPane | None:
        """Open a briefing excerpt's article (or go to its pane) with the excerpt selected; the pane, or None.
        An article changed since is shown with a message; one no longer in the library gets show_in_pane's."""
        panes = self.open_articles([excerpt.article_id])
        if not panes or not self.show_in_pane(panes[0], excerpt.article_id):  # as the library has it now
            return None
        pane = panes[0]
        span = locate(pane.article.text, excerpt.text, excerpt.start)  # where a briefing refresh re-anchors it
        if span is None:
            self.message(f"The excerpt's text is no longer in “{pane.article.title}”: the article changed. "
                         "The briefing keeps the text it was taken with.")
            return pane
        pane.select(*span)
        return pane

    def open_articles(self, ids: list[str], new_pane: bool = False) -> list[ReaderPane]:
        opened = []
        for article_id in ids:
            existing = self.reading.pane_for(article_id)
            if existing is not None and not new_pane:
                self.reading.set_active(existing)
                opened.append(existing)
                continue
            pane = self.reading.add_pane() if new_pane else self.reading.target_pane()
            if self.show_in_pane(pane, article_id):
                opened.append(pane)
        return opened

    def show_in_pane(self, pane: ReaderPane, article_id: str) -> bool:
        try:
            article = self.library.article(article_id)
        except BriefingReaderError as exc:
            self.message(str(exc))
            return False
        pane.show_article(article, self._spans(article.text), self.selected_actor)
        self.reading.set_active(pane)
        self._panes_changed_later()
        self.articleOpened.emit(pane)
        return True

    def _panes_changed_later(self) -> None:
        """Update the actor summaries and the actors panel after the article has painted."""
        if not self._panes_pending:
            self._panes_pending = True
            QTimer.singleShot(0, self._panes_changed)

    def _pane_added(self, pane: ReaderPane) -> None:
        self.update_tab_order()
        pane.actorClicked.connect(self._actor_clicked)
        pane.relatedRequested.connect(self._fill_related)
        pane.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        pane.view.customContextMenuRequested.connect(lambda pos, p=pane: self._pane_menu(p, pos))
        first = pane.pane_menu.actions()[0]
        pane.pane_menu.insertAction(first, self.actions_[Act.EDIT_DETAILS])
        pane.pane_menu.insertSeparator(first)

    def _pane_menu(self, pane: ReaderPane, pos) -> None:
        """Copy / select all, plus: add the selection, add the quote under the mouse, search the selection."""
        self.reading.set_active(pane)
        menu = pane.view.createStandardContextMenu(pos)
        menu.addSeparator()
        menu.addAction(self.actions_[Act.ADD_EXCERPT])
        menu.addAction(self.actions_[Act.EDIT_DETAILS])
        quote = self.quote_at(pane, pane.view.cursorForPosition(pos).position())
        if quote is not None and pane.article is not None:
            speaker = self.speaker_name(quote)
            what = "Reported Speech" if quote.reported else "Quote"  # never call reported speech a quote
            label = f"Add {what}{' by ' + speaker if speaker else ''} to Briefing".replace("&", "&&")
            menu.addAction(label, lambda: self.add_span(pane, quote.start, quote.end, speaker, quote.kind))
        actor = pane.actor_at(pane.view.cursorForPosition(pos).position())
        if actor is not None:
            menu.addAction(f"Mark {actor.name} in Every Pane".replace("&", "&&"),
                           lambda: self.set_selected_actor(actor.id))
            menu.addAction(f"Filter the Search by {actor.name}".replace("&", "&&"),
                           lambda: self.search.toggle_actor(actor.name))
        selected = pane.view.textCursor().selectedText().strip()
        if selected and len(selected) < 80:
            menu.addAction(f"Search for “{selected[:40]}”".replace("&", "&&"),
                           lambda: self.run_search(f'"{selected}"' if " " in selected else selected))
        menu.exec(pane.view.viewport().mapToGlobal(pos))

    def _panes_changed(self) -> None:
        self._panes_pending = False
        panes = [p for p in self.reading.panes() if p.article is not None]
        ids = [{r.id for r in p.article.actors} for p in panes]
        names = {r.id: r.name for p in panes for r in p.article.actors}
        for i, pane in enumerate(panes):
            others = set().union(*(ids[:i] + ids[i + 1:])) if len(panes) > 1 else set()
            order = [r.id for r in pane.article.actors]
            shared = [names[a] for a in order if a in others]
            only = [names[a] for a in order if a not in others] if len(panes) > 1 else []
            pane.set_actor_summary(shared, only)
        self.actors.set_open_articles([p.article for p in panes])
        self.quotes.set_open_articles([p.article for p in panes])
        if self.selected_actor:
            self.actors.select(self.selected_actor, emit=False)

    def close_pane(self) -> None:
        self.reading.close_pane()

    def _hit(self, step: int) -> None:
        pane = self.reading.active
        if pane is None:
            return
        if not (pane.next_hit() if step > 0 else pane.previous_hit()):
            self.message("No search hits in this article. Search first, then use F3 and Shift+F3.")

    def _fill_related(self, pane: ReaderPane) -> None:
        menu = pane.related_menu
        menu.clear()
        try:
            related = self.library.related(pane.article.id, 6) if pane.article else []
        except BriefingReaderError as exc:
            menu.addAction(str(exc)).setEnabled(False)
            return
        if not related:
            menu.addAction("No related articles found").setEnabled(False)
        for summary_ in related:
            label = summary_.title + "".join(f" · {p}" for p in (summary_.source, summary_.date) if p)
            menu.addAction(label.replace("&", "&&"), lambda i=summary_.id, p=pane: self.open_related(p, i))

    def open_related(self, pane: ReaderPane, article_id: str) -> ReaderPane:
        """Open a related article in the pane after `pane` (a new one while there is room)."""
        panes = self.reading.panes()
        index = panes.index(pane)
        if len(panes) < MAX_PANES:
            target = self.reading.add_pane(index + 1)
        elif index + 1 < len(panes):
            target = panes[index + 1]
        else:
            target = panes[0]
        self.show_in_pane(target, article_id)
        return target

    # -- actors --------------------------------------------------------------------
    def _actor_clicked(self, actor_id: str) -> None:
        self.set_selected_actor("" if actor_id == self.selected_actor else actor_id)

    def set_selected_actor(self, actor_id: str) -> None:
        """Emphasise one actor's mentions in every open pane ("" clears)."""
        self.selected_actor = actor_id
        for pane in self.reading.panes():
            pane.set_selected_actor(actor_id)
        if actor_id:
            self.actors.select(actor_id, emit=False)
            actor = self.library.actors_engine.actor(actor_id)
            if actor is not None:
                counts = [sum(len(r.mentions) for r in p.article.actors if r.id == actor_id)
                          for p in self.reading.panes() if p.article]
                self.message(f"{actor.name}: {sum(counts)} mention{'s' if sum(counts) != 1 else ''} in "
                             f"{sum(1 for c in counts if c)} of {len(counts)} open article{'s' if len(counts) != 1 else ''}. "
                             "Double-click it in the Actors list to filter the search.")

    def _reload_open_articles(self) -> None:
        """Show every open pane's article as the library has it now (an article gone since stays as it was)."""
        for pane in self.reading.panes():
            if pane.article is not None:
                try:
                    pane.reload_article(self.library.article(pane.article.id))
                except BriefingReaderError:
                    pass

    def _curated(self) -> None:
        """Actors changed: reload every open article, the filters and the results."""
        self.library.refresh()
        self._reload_open_articles()
        self._panes_changed()
        self.quotes.library_changed()
        self.search.refresh_library_info()
        self._library_stamp = self._store_stamp()

    # -- an article's details -------------------------------------------------------------
    def edit_details(self) -> ArticleDetailsDialog | None:
        """Open Edit Details for the article of the active pane; OK applies the changes (undoable)."""
        pane = self.reading.active
        if pane is None or pane.article is None:
            self.message("Open an article first; Edit Details corrects the article of the active pane.")
            return None
        try:  # as the library has it now: in a team library another analyst may have corrected it meanwhile
            article = self.library.article(pane.article.id) or pane.article
            edits = self.library.article_edits(article.id)
        except BriefingReaderError as exc:
            self.message(str(exc), 0)
            return None
        dialog = ArticleDetailsDialog(article, edits, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_details(article.id, dialog.changes()))
        self.details_dialog = dialog
        dialog.open()
        return dialog

    def apply_details(self, article_id: str, changes: dict[str, str]) -> bool:
        """Correct an article's details through the undo stack; a refusal is explained and leaves no undo step."""
        if not changes:
            return False
        if self.runner.busy:
            self.message("An import or rebuild is running; edit the details when it has finished.")
            return False
        command = EditDetails(self.library, article_id, changes)
        self.details_stack.push(command)
        if command.error:
            self.message(f"The details were not changed: {command.error}")
            return False
        self._pane_stack = self.details_stack
        self.undo_group.setActiveStack(self.details_stack)
        note = getattr(self, "_citations_note", "")  # what following the library changed in the briefing
        self.message("Details corrected; they are kept when the file is imported again (Ctrl+Z undoes this)."
                     + (f" {note}" if note else ""))
        return True

    def _details_changed(self, index: int) -> None:
        """An edit was done, undone or redone: open panes, results, filters and counts follow."""
        ran = self.details_stack.command(index if index < self._details_index else index - 1)
        self._details_index = index
        if isinstance(ran, EditDetails) and ran.error:
            self.message(f"The details could not be changed back: {ran.error}")
        self._reload_open_articles()
        self._panes_changed()  # the Quotes and Actors lists of the open articles show the new details too
        stack, self._citations_note = self._pane_stack, self.briefing.follow_library()  # one "Update citations" step
        self._pane_stack = stack  # outside the panels, Ctrl+Z still undoes the details edit first
        self._after_write()

    # -- briefing --------------------------------------------------------------------
    def add_excerpt(self):
        """Add the selection of the focused (or last used) pane; a quote under the cursor when nothing is selected.
        In the Quotes panel: its selected quote, with its speaker."""
        focus = QApplication.focusWidget()
        if focus is not None and self.quotes.isAncestorOf(focus):
            return self.quotes.add_selected()
        pane = self.reading.active
        if pane is None or pane.article is None:
            self.message("Open an article and select a passage first.")
            return None
        span = pane.selection()
        if span is None:
            quote = self.quote_at(pane, pane.view.textCursor().position())
            span = (quote.start, quote.end) if quote is not None else None
        else:
            quote = quote_within(pane.article, *span)
        if span is None:
            self.message("Select a passage in the article first (or put the cursor inside a quote).")
            return None
        if quote is None:
            return self.add_span(pane, *span)
        return self.add_span(pane, *span, self.speaker_name(quote), quote.kind)

    def speaker_name(self, quote) -> str:
        """The name of a quote's speaker as the actors list has it ("" when unattributed or unknown)."""
        actor = self.library.actors_engine.actor(quote.actor_id) if quote.actor_id else None
        return actor.name if actor is not None else ""

    def add_span(self, pane: ReaderPane, start: int, end: int, speaker: str = "", quote_kind: str = ""):
        """Add article text [start, end) of a pane to the briefing, with its citation (and the speaker and
        kind of a quote: reported speech is cited as reported)."""
        try:
            excerpt = excerpt_from_article(pane.article, start, end, speaker=speaker, quote_kind=quote_kind)
        except ValueError as exc:
            self.message(f"Cannot add this excerpt: {exc}")
            return None
        self.briefing.add_excerpt(excerpt)
        self.briefing_dock.show()
        self.message(f"Added an excerpt from {quotes_view.cited_title(excerpt)} to the briefing.")
        return excerpt

    @staticmethod
    def quote_at(pane: ReaderPane, qt_position: int):
        """The quote of the pane's article covering a Qt text position, or None."""
        if pane.article is None:
            return None
        position = pane.offsets.from_qt(qt_position)
        return next((q for q in pane.article.quotes if q.start <= position < q.end), None)

    def export_briefing(self):
        path = self.briefing.export()
        if path:
            self.message(f"Exported the briefing to {path}.")
        return path

    def copy_markdown(self) -> None:
        self.briefing.copy_markdown()
        self.message("Copied the briefing to the clipboard as Markdown.")

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.settings.recent_briefings() if Path(p).is_file()]
        if not recent:
            self.recent_menu.addAction("No recent briefings").setEnabled(False)
        for path in recent:
            self.recent_menu.addAction(path.replace("&", "&&"), lambda p=path: self.briefing.open(p))

    # -- import ----------------------------------------------------------------------
    def import_files(self) -> None:
        from indexer.ingest.registry import file_filter

        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", str(Path.home()), file_filter())
        if paths:
            self.import_paths(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles", str(Path.home()))
        if folder:
            self.import_paths([folder])

    def load_demo(self) -> bool:
        if self.library.address:
            self.message(TEAM_DEMO_REFUSED)
            return False
        try:
            from indexer.paths import demo_articles

            demo = demo_articles()
        except FileNotFoundError as exc:
            self.message(str(exc))
            return False
        return self.import_paths([str(p) for p in demo], offer_demo_removal=False)

    def import_paths(self, paths, max_size: int | None = None, *, offer_demo_removal: bool = True) -> bool:
        """Import in the background; progress in the status bar; the log when done. The analyst's first
        import into a library of demo articles only offers to remove them first (see offer_demo_removal)."""
        if offer_demo_removal and not self.runner.busy and self._remove_demo_first(list(paths), max_size):
            return True
        job = import_job(location_of(self.library), list(paths), max_size)
        if not self.runner.start(job, self._progress, self._import_finished, self._import_failed):
            self.message("An import or rebuild is already running; wait for it or cancel it.")
            return False
        self.progress.setRange(0, 0)
        self.progress.setFormat("Importing…")
        self.message(f"Importing {len(paths)} item{'s' if len(paths) != 1 else ''}…", 0)
        return True

    def _remove_demo_first(self, paths: list, max_size: int | None) -> bool:
        """Offer to remove the demo articles when they are all the library holds; True when the removal
        started (the import follows it)."""
        from indexer.demo import bundled_demo

        if all(bundled_demo().within(str(p)) for p in paths):  # the demo files themselves, again
            return False
        try:
            count = len(self.library.demo_ids()) if self.library.holds_only_demo() else 0
        except BriefingReaderError as exc:
            log.warning("cannot tell whether the library holds only demo articles: %s", exc)
            return False
        if not count or not demo_dialogs.offer_removal(self, count):
            return False
        return self.remove_demo(confirm=False, then_import=(paths, max_size))

    def remove_demo(self, confirm: bool = True, then_import: tuple | None = None) -> bool:
        """File ▸ Remove Demo Articles: remove the invented demo articles in the background."""
        count = len(self.library.demo_ids())
        if not count:
            self.message("This library holds no demo articles.")
            return False
        if confirm and not demo_dialogs.confirm_removal(self, count):
            return False
        done = lambda removed: self._demo_removed(removed, then_import)  # noqa: E731
        if not self.runner.start(remove_demo_job(location_of(self.library)), self._progress, done, self._import_failed):
            self.message("An import or rebuild is already running; wait for it or cancel it.")
            return False
        self.progress.setRange(0, 0)
        self.message("Removing the demo articles…", 0)
        return True

    def _demo_removed(self, removed: int, then_import: tuple | None) -> None:
        for pane in [p for p in self.reading.panes() if p.article is not None and p.article.demo]:
            self.reading.close_pane(pane)
        self._after_write()
        self.message(f"Removed {removed} demo article(s).")
        self.demoRemoved.emit(removed)
        if then_import is not None:
            self.import_paths(then_import[0], then_import[1], offer_demo_removal=False)

    def cancel_import(self) -> None:
        if self.runner.busy:
            self.runner.cancel()
            self.message("Cancelling the import; what is done is kept…", 0)

    def _busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.actions_[Act.CANCEL_IMPORT].setEnabled(busy)
        writable = writes_allowed(self)  # a read-only team library keeps its writes off
        for key in (Act.IMPORT, Act.IMPORT_FOLDER, Act.REMOVE_DEMO, Act.REBUILD):
            self.actions_[key].setEnabled(not busy and writable)
        self.actions_[Act.LOAD_DEMO].setEnabled(not busy and not self.library.address)  # never a team library
        self.search.demoButton.setEnabled(not busy and writable)
        if not busy and self._pending_names:  # an alias added while another job ran
            QTimer.singleShot(0, self, self._start_reanalysis)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total}")
        if message:
            self.statusBar().showMessage(f"{message} ({done} of {total})", 0)
        self.importProgress.emit(done, total, message)

    def _after_write(self) -> None:
        self.library.refresh()
        self._library_stamp = self._store_stamp()
        self._update_count()
        self._scan_library()
        if self.search.query or self.search.has_filters():
            self.search.run_search()
        else:
            self.search.browse()
        self.actors.recolour()  # colours only: a palette change never queries the library
        self.quotes.library_changed()

    def _import_finished(self, report) -> None:
        self._after_write()
        self.import_log.show_report(report)
        self._show_import_summary(report)
        self.message(summary(report))
        self.importFinished.emit(report)

    def _import_failed(self, text: str) -> None:
        self._after_write()
        self.message(text)
        if self.isVisible() and not _offscreen():
            QMessageBox.warning(self, "Import", text)
        self.importFailed.emit(text)

    def show_import_history(self) -> None:
        try:
            entries = self.library.import_log()
            titles = {a.id: a.title for a in self.library.articles()}
        except BriefingReaderError as exc:
            self.message(str(exc))
            self.import_log.show_last()
            return
        self.import_log.show_history(entries, titles)
        self.import_dialog.open_log()

    def show_import_log(self) -> None:
        """The import log of this session's last import (the status-bar summary opens it)."""
        self.import_log.show_last()
        self.import_dialog.open_log()

    def _show_import_summary(self, report) -> None:
        updated = len(report.updated)
        counts = [(len(report.added) - updated, "added"), (updated, "updated"), (len(report.duplicates), "duplicate"),
                  (len(report.unchanged), "unchanged"), (len(report.skipped), "skipped")]
        text = ", ".join(f"{n} {what}" for n, what in counts if n) or "no files"
        self.import_summary.setText(f"{'Import cancelled' if report.cancelled else 'Last import'}: {text}…")
        self.import_summary.show()

    def rebuild_index(self) -> bool:
        if self.library.address and not confirm_team_rebuild(self, library_name(self.library)):
            self.message("The team library's search index was not rebuilt.")
            return False
        job = rebuild_job(location_of(self.library))
        if not self.runner.start(job, self._progress, self._rebuilt, self._import_failed):
            self.message("An import or rebuild is already running.")
            return False
        self.progress.setRange(0, 0)
        self.message("Rebuilding the search index…", 0)
        return True

    def reanalyse_names(self, names: list[str]) -> bool:
        """Re-analyse, in the background, the articles that contain one of `names`; waits for a running job."""
        self._pending_names += [n for n in names if n not in self._pending_names]
        return self._start_reanalysis()

    def _start_reanalysis(self) -> bool:
        if not self._pending_names or self.runner.busy:
            return False
        names, self._pending_names = self._pending_names, []
        self.runner.start(reanalyse_job(location_of(self.library), names), self._progress, self._reanalysed,
                          self._reanalysis_failed)
        self.progress.setRange(0, 0)
        self.message(f"Applying “{'”, “'.join(names)}” to the articles that contain it…", 0)
        return True

    def _reanalysed(self, ids) -> None:
        self._after_write()
        self._curated()
        self.message(f"Actors updated in {len(ids)} article{'s' if len(ids) != 1 else ''}.")
        self.reanalysisFinished.emit(ids)

    def _reanalysis_failed(self, text: str) -> None:
        self._after_write()
        self.message(f"{text} File ▸ Rebuild Index applies every alias to every article.")

    def _rebuilt(self, report) -> None:
        self._after_write()
        damaged = f" {len(report.damaged)} damaged entries were skipped." if report.damaged else ""
        self.message(f"Index rebuilt: {report.articles} articles.{damaged}")
        self.rebuildFinished.emit(report)

    # -- the inbox: a watched folder --------------------------------------------------------
    def _start_inbox(self) -> None:
        self.inbox = Inbox(self)
        self.inbox.ready.connect(self._inbox_ready)
        self.inbox.problem.connect(self._inbox_problem)
        self._inbox_pending: list[str] = []
        self.runner.busyChanged.connect(lambda busy: busy or QTimer.singleShot(0, self._import_inbox))
        folder = self.settings.inbox_folder(str(self.library.path))
        if folder and not self.watch_inbox(folder):
            self.settings.set_inbox_folder(str(self.library.path), "")  # the message says why
        self._show_inbox()

    def choose_inbox(self) -> None:
        start = self.settings.inbox_folder(str(self.library.path)) or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Watch a folder: import the files dropped into it", start)
        if folder:
            self.watch_inbox(folder)

    def watch_inbox(self, folder: str) -> bool:
        """Import what `folder` holds, then every file dropped into it or changed there, until stopped."""
        path = Path(folder).expanduser()
        problem = inbox_folder_problem(path, self.library.path)
        if problem:
            self.message(problem)
            return False
        self.settings.set_inbox_folder(str(self.library.path), str(path))
        self.inbox.start(path)
        self._show_inbox()
        self.message(f"Watching the inbox {path}: files dropped into it are imported within seconds.")
        return True

    def stop_inbox(self) -> None:
        self.inbox.stop()
        self._inbox_pending = []
        self.settings.set_inbox_folder(str(self.library.path), "")
        self._show_inbox()
        self.message("Stopped watching the inbox folder.")

    def _show_inbox(self) -> None:
        folder = str(self.inbox.folder) if self.inbox.active else ""
        self.actions_[Act.STOP_INBOX].setEnabled(bool(folder))
        self.actions_[Act.STOP_INBOX].setStatusTip(f"Stop watching {folder}" if folder else "No inbox is watched")

    def _inbox_ready(self, paths: list[str]) -> None:
        self._inbox_pending += [p for p in paths if p not in self._inbox_pending]
        self._import_inbox()

    def _import_inbox(self) -> None:
        """Import what the inbox handed over; while another import runs, it waits for that one to end."""
        if not self._inbox_pending or self.runner.busy:
            return
        paths, self._inbox_pending = self._inbox_pending, []
        if not self.import_paths(paths):
            self._inbox_pending = paths + self._inbox_pending

    def _inbox_problem(self, text: str) -> None:
        self.settings.set_inbox_folder(str(self.library.path), "")
        self._inbox_pending = []
        self._show_inbox()
        self.message(text)

    # -- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- layout, palette, about, closing ---------------------------------------------------
    def _restore_layout(self) -> None:
        geometry, state = self.settings.window_geometry(), self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        for name, splitter in self._splitters().items():
            saved = self.settings.splitter_state(name)
            if saved is not None:
                splitter.restoreState(saved)

    def _splitters(self) -> dict:
        return {"search": self.search.split, "briefing": self.briefing.split}

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_timer.start()  # once the docks have their new sizes (a restored layout's too, at show)

    def fit_side_columns(self) -> None:
        """Widen a side column narrower than its panels need (a small window, or a layout saved in one),
        out of the reading area's room beyond its minimum, then out of the other column's room beyond its
        panels' need: a column is never left clipped while the window has room for it."""
        self.layout().activate()  # dock sizes asked for just before (resizeDocks) are laid out only later
        columns = self._side_columns()
        for area, docks in columns.items():
            short = max(_width_needed(d) for d in docks) - docks[0].width()
            if short <= 0:
                continue
            other = columns.get(RIGHT if area == LEFT else LEFT)
            from_centre = min(short, self._reading_spare())
            lend = min(short - from_centre, _column_spare(other)) if other else 0
            width = docks[0].width() + from_centre + lend
            if lend:  # the reading area keeps its width (Qt would take the rest from both columns)
                self.resizeDocks([docks[0], other[0]], [width, other[0].width() - lend], Qt.Orientation.Horizontal)
            elif from_centre:
                self.resizeDocks([docks[0]], [width], Qt.Orientation.Horizontal)

    def _reading_spare(self) -> int:
        """How much narrower the reading area can get."""
        centre = self.centralWidget()
        return max(0, centre.width() - max(centre.minimumWidth(), centre.minimumSizeHint().width()))

    def _side_columns(self) -> dict:
        """The left and right columns' docks on show (not closed, not floating), the front one first."""
        columns: dict = {}
        for dock in self.docks():
            area = self.dockWidgetArea(dock)
            if area in (LEFT, RIGHT) and not dock.isHidden() and not dock.isFloating():
                columns.setdefault(area, []).append(dock)
        for docks in columns.values():  # a dock behind another's tab keeps a stale width
            docks.sort(key=lambda d: d.visibleRegion().isEmpty())
        return columns

    def _reopen_briefing(self) -> None:
        """The briefing file open when the window last closed on this library is open again, as saved (an
        autosaved copy of later edits is offered after this, as at every start)."""
        library = str(self.library.path)
        path = self.settings.last_briefing(library)
        if not path:
            return
        try:
            briefing = load_briefing(path)
        except BriefingFileError as exc:
            self.settings.set_last_briefing(library, "")
            self.message(f"The briefing open last time was not reopened: {exc} Open a briefing with "
                         "Briefing ▸ Open Briefing (Ctrl+Shift+O).", 0)
            return
        self.briefing.set_briefing(briefing, Path(path))
        self.briefing.follow_library()  # as Open Briefing: the citations as the library has them now

    def save_layout(self) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.set_last_briefing(str(self.library.path), str(self.briefing.path or ""))
        for name, splitter in self._splitters().items():
            self.settings.save_splitter(name, splitter.saveState())
        self.settings.sync()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        self._room_before.clear()
        for row, dock in zip(PANELS, self.docks()):
            dock.setVisible(not row.hidden)

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "reading"):
            self._palette_changed()
        if event.type() == QEvent.Type.ActivationChange and hasattr(self, "_library_stamp"):
            self._activated()
        super().changeEvent(event)

    def _palette_changed(self) -> None:
        """Light ↔ dark while the app runs: the highlight colours, then every style sheet, follow the palette
        (once a change: applying the style sheets again sends palette changes of its own)."""
        key = palette_key(self.palette())
        if key == self._palette_key:
            return
        self._palette_key = key
        self.apply_colours(load_highlights(self.palette()))
        QTimer.singleShot(0, self, self._restyle)

    def _restyle(self) -> None:
        reapply_style_sheets(QApplication.instance(), self)
        for picture in (self.timeline, self.network):
            picture.redraw()  # the chart's own light or dark theme

    def apply_colours(self, colours) -> None:
        """Switch highlight colours (light or dark palette) everywhere, open panes included."""
        self.colours = colours
        self.reading.palette_ = colours
        self.search.delegate.colours = colours
        self.search.delegate.clear_cache()
        self.search.resultsView.viewport().update()
        self.actors.colours = colours
        self.actors.legend.setText(self.actors._legend_html())
        self.actors.recolour()  # colours only: a palette change never queries the library
        for pane in self.reading.panes():
            pane.set_palette(colours)

    def about(self) -> None:
        QMessageBox.about(self, "About Briefing Reader", about_text())

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.briefing.confirm_close():
            event.ignore()
            return
        self.library_timer.stop()
        self.inbox.stop()
        if self.runner.busy:
            self.runner.cancel()
            self.runner.wait(10000)
        self.read_pool.waitForDone(10000)
        self.briefing.on_close()
        self.save_layout()
        super().closeEvent(event)


def _width_needed(dock: QDockWidget) -> int:
    """The width at which the dock shows its whole panel, with no sideways scrolling."""
    area = dock.widget()
    panel, room = area.widget().minimumSizeHint(), area.maximumViewportSize()
    bar = area.verticalScrollBar().sizeHint().width() if panel.height() > room.height() else 0
    return panel.width() + bar + max(0, dock.width() - room.width())


def _column_spare(docks: list[QDockWidget]) -> int:
    """How much narrower a side column can get before one of its panels would scroll sideways."""
    return max(0, docks[0].width() - max(_width_needed(d) for d in docks))


def confirm_team_rebuild(parent, name: str) -> bool:
    """A team library's index is emptied at once and refilled: everyone's searches find less until it is done."""
    if _offscreen():
        log.info("no screen to confirm rebuilding the index of %s; not rebuilt", name)
        return False
    answer = QMessageBox.question(
        parent, "Rebuild the team library's index",
        f"Rebuild the search index of {name}? It is emptied at once and filled again from the articles: until "
        "it is done, everyone who shares this library finds fewer articles or none. No article is lost.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


QUOTE_EDGES = " \t\n\"'“”„«»‘’‚‹›,.;:"  # around a selected quote: spaces, quote marks, punctuation


def quote_within(article, start: int, end: int):
    """The quote of `article` that holds the span [start, end) (quote marks and spaces at its edges aside),
    or None: a selection running into the narration is no one's words."""
    text = article.text
    while start < end and text[start] in QUOTE_EDGES:
        start += 1
    while end > start and text[end - 1] in QUOTE_EDGES:
        end -= 1
    if start >= end:
        return None
    return next((q for q in article.quotes if q.start <= start and end <= q.end), None)


def inbox_folder_problem(folder: Path, library: Path) -> str:
    """Why `folder` cannot be the inbox ("" when it can): it must be a folder apart from the library's."""
    if not folder.is_dir():
        return f"The inbox {folder} is not a folder (or is gone). Choose an existing folder to watch."
    folder, library = folder.resolve(), library.resolve()
    if folder == library or library in folder.parents:
        return f"The inbox {folder} is inside the library folder {library}. Choose a folder of your own to watch."
    if folder in library.parents:
        return (f"The inbox {folder} holds the library folder {library}, so every file under it would be "
                "imported. Choose a folder just for the files to import.")
    return ""


def _offscreen() -> bool:
    return QApplication.platformName() in ("offscreen", "minimal")


def versions() -> dict[str, str]:
    from importlib import metadata

    import PySide6
    from PySide6.QtCore import qVersion

    out = {"Briefing Reader": indexer.__version__, "Python": platform.python_version(), "Qt": qVersion(),
           "PySide6": PySide6.__version__}
    for dist in ("whoosh-reloaded", "markdown", "trafilatura", "nh3"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def about_text() -> str:
    lines = "\n".join(f"{k}: {v}" for k, v in versions().items())
    return ("Briefing Reader — read news side by side with actors highlighted, search with highlighted hits, "
            f"and build cited briefings.\n\n{lines}\n\nPlatform: {platform.platform()}")

