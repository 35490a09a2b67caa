"""The search panel: query box with history, filters, results with highlighted snippets, actor facets."""

from __future__ import annotations

import logging

from PySide6.QtCore import QDate, QEvent, QStringListModel, QThreadPool, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QCompleter, QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListView,
    QListWidget, QListWidgetItem, QPushButton, QSplitter, QToolButton, QVBoxLayout, QWidget,
)

from indexer.errors import BriefingReaderError
from indexer.ingest.language import LANGUAGES
from indexer.model import Hit, SearchResult

from ..models.results import ID_ROLE, ResultDelegate, ResultsModel
from ..theme import Palette
from ..workers import SearchJob, library_info
from .reader import language_label
from .safe_text import literal_tip

log = logging.getLogger(__name__)

NO_DATE = QDate(1900, 1, 1)
_STEP_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})
_CLEAR_KEYS = frozenset({Qt.Key.Key_Delete, Qt.Key.Key_Backspace})
RESULT_LIMIT = 50
BROWSE_LIMIT = 500  # the article list with no query shows the newest articles


class ResultsView(QListView):
    """Results list: Return opens the current result, Ctrl+Return opens it in a new pane."""

    openRequested = Signal(list, bool)  # article ids, in new panes

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("resultsView")
        self.setAccessibleName("Search results")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setLayoutMode(QListView.LayoutMode.Batched)  # long lists lay out in steps, the window stays live
        self.setBatchSize(60)
        self.doubleClicked.connect(lambda index: self.openRequested.emit([index.data(ID_ROLE)], False))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            new_pane = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.openRequested.emit([self.currentIndex().data(ID_ROLE)], new_pane)
            event.accept()
            return
        super().keyPressEvent(event)

    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return [self.model().index(r, 0).data(ID_ROLE) for r in rows]


class DateFilter(QDateEdit):
    """A date filter whose "any" value is the minimum date; its calendar opens at today's month, not 1900.
    From the keyboard: a digit typed over "any" starts a date (2025-05-01 gives that day), the arrow keys start
    at today, and clearing the field (select all, then Delete or Backspace) gives "any" again. Return settles
    the date typed and emits returnPressed (the search panel searches, as Return in its other fields does)."""

    returnPressed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.calendarWidget().installEventFilter(self)
        self._typing_separator = False  # QDateEdit moves to the next part on a typed "-" through the Tab code

    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802
        """Tab leaves the date (QDateEdit would keep it to step through year, month and day, and with "any"
        shown it never let go); a typed "-" moves to the next part, and after the day it stays."""
        if not self._typing_separator:
            return QWidget.focusNextPrevChild(self, next_)
        selected = self.lineEdit().selectedText()
        entered = bool(selected) and selected == self.sectionText(self.currentSection())  # moved on by its digits
        if entered or self.currentSectionIndex() >= self.sectionCount() - 1:
            return True
        return super().focusNextPrevChild(next_)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        if self.date() == NO_DATE and (event.text().isdigit() or key in _STEP_KEYS):
            self._start_from_today()
            if key in _STEP_KEYS:
                return  # the first step shows today; the next ones move from there
        elif key in _CLEAR_KEYS and self._all_selected():
            self.setDate(NO_DATE)
            return
        self._typing_separator = key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        try:
            super().keyPressEvent(event)
        finally:
            self._typing_separator = False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.returnPressed.emit()  # after the typed date is settled

    def _start_from_today(self) -> None:
        """Leave "any" for today's date with its year selected, so the digits typed next replace it."""
        self.setDate(QDate.currentDate())
        self.setSelectedSection(QDateEdit.Section.YearSection)

    def _all_selected(self) -> bool:
        line = self.lineEdit()
        return bool(line.text()) and line.selectedText() == line.text()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.date() == NO_DATE:
            today = QDate.currentDate()
            watched.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)


def _date_edit(name: str, accessible: str) -> DateFilter:
    edit = DateFilter()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("any")  # shown when the date equals the minimum: no filter
    edit.setDate(NO_DATE)
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0000-00-00") + 34)  # the style asks for more
    return edit


def _language_combo() -> QComboBox:
    """The language filter: any language, or one the detector names ("Russian (ru)")."""
    combo = QComboBox()
    combo.setObjectName("languageFilter")
    combo.setAccessibleName("Language filter")
    combo.setToolTip("Only articles in this language (as detected, or as you corrected it)")
    # Compact in the row (the popup still shows "Macedonian (mk)" whole), so the search dock never needs to scroll
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(7)
    combo.addItem("any", "")
    for code in LANGUAGES:
        combo.addItem(language_label(code), code)
    return combo


class SearchPanel(QWidget):
    """Runs searches against the library and shows results, facets and messages."""

    searched = Signal(object)  # SearchResult (or None when browsing everything)
    openRequested = Signal(list, bool)
    demoRequested = Signal()

    def __init__(self, library, colours: Palette, settings, parent=None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.setAccessibleName("Search")
        self.library = library
        self.settings = settings
        self.pool = pool if pool is not None else QThreadPool(self)  # where start_search runs searches
        self.result: SearchResult | None = None
        self.query = ""  # the query of the results shown
        self._requests = 0  # numbers background searches; only the newest one's result is shown
        self._running: dict[int, SearchJob] = {}  # kept alive until their result arrives
        self._build(colours)

    # -- building ----------------------------------------------------------------
    def _build(self, colours: Palette) -> None:
        self.searchBox = QLineEdit()
        self.searchBox.setObjectName("searchBox")
        self.searchBox.setAccessibleName("Search query")
        self.searchBox.setPlaceholderText('Search: words, "a phrase", OR, NOT, title:…, actor:…')
        self.searchBox.setClearButtonEnabled(True)
        self.history = QStringListModel(self.settings.query_history())
        completer = QCompleter(self.history, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Only the past queries that start like the text, none chosen until Down: Return searches what was
        # typed (an unfiltered popup had one chosen, and Return left it in the box: QA 9).
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.searchBox.setCompleter(completer)
        self.searchBox.returnPressed.connect(self.start_search)
        self.searchBox.textChanged.connect(self._query_edited)
        self.searchBox.installEventFilter(self)  # Down moves into the results
        go = self.searchButton = QPushButton("Search")
        go.setObjectName("searchButton")
        go.setAccessibleName("Run search")
        go.clicked.connect(self.start_search)
        row = QHBoxLayout()
        row.addWidget(self.searchBox, 1)
        row.addWidget(go)

        self.actorFilter = QLineEdit()
        self.actorFilter.setObjectName("actorFilter")
        self.actorFilter.setAccessibleName("Actor filter")
        self.actorFilter.setPlaceholderText("any actor (names separated by commas)")
        self.actorFilter.setClearButtonEnabled(True)
        self.actor_names = QStringListModel([])
        actor_completer = QCompleter(self.actor_names, self)
        actor_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        actor_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.actorFilter.setCompleter(actor_completer)
        self.actorFilter.returnPressed.connect(self.start_search)
        self.sourceFilter = QComboBox()
        self.sourceFilter.setObjectName("sourceFilter")
        self.sourceFilter.setAccessibleName("Source filter")
        self.sourceFilter.setEditable(True)
        self.sourceFilter.lineEdit().setPlaceholderText("any source")
        self.sourceFilter.lineEdit().returnPressed.connect(self.start_search)
        self.languageFilter = _language_combo()
        self.languageFilter.currentIndexChanged.connect(lambda _i: self.start_search())
        self.dateFrom = _date_edit("dateFrom", "From date")
        self.dateTo = _date_edit("dateTo", "To date")
        for edit in (self.dateFrom, self.dateTo):
            edit.returnPressed.connect(self.start_search)
        self.sortCombo = QComboBox()
        self.sortCombo.setObjectName("sortCombo")
        self.sortCombo.setAccessibleName("Sort results")
        self.sortCombo.addItem("Relevance", "relevance")
        self.sortCombo.addItem("Newest first", "date")
        self.sortCombo.addItem("Oldest first", "oldest")
        self.sortCombo.currentIndexChanged.connect(
            lambda _i: self.start_search() if self.query or self.has_filters() else self.browse())
        clear = self.clearButton = QToolButton()
        clear.setText("Clear")
        clear.setObjectName("clearFiltersButton")
        clear.setAccessibleName("Clear filters")
        clear.clicked.connect(self.clear_filters)
        until = QHBoxLayout()  # one date a row and Clear beside the second: the panel stays narrow
        until.addWidget(self.dateTo, 1)
        until.addWidget(clear)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Actor", self.actorFilter)
        form.addRow("Source", self.sourceFilter)
        form.addRow("Language", self.languageFilter)  # a row of its own: the panel stays narrow
        form.addRow("From", self.dateFrom)
        form.addRow("To", until)
        self.exactCheck = QCheckBox("Exact")  # issue 16: the analyst decides whether names are expanded
        self.exactCheck.setObjectName("exactNames")
        self.exactCheck.setAccessibleName("Exact words: no other names or spellings of an actor")
        self.exactCheck.setToolTip("Search the words as typed: Zelensky finds only Zelensky, not Zelenskyy or "
                                   "Зеленский (an actor: query still finds every name)")
        self.exactCheck.toggled.connect(lambda _on: self.query and self.start_search())
        sort_row = QHBoxLayout()
        sort_row.addWidget(self.sortCombo, 1)
        sort_row.addWidget(self.exactCheck)
        form.addRow("Sort", sort_row)

        self.messageLabel = QLabel()
        self.messageLabel.setObjectName("searchMessage")
        self.messageLabel.setAccessibleName("Search status")
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.messageLabel.setWordWrap(True)
        self.demoButton = QPushButton("Load the demo articles")
        self.demoButton.setObjectName("demoButton")
        self.demoButton.setAccessibleName("Load the demo articles")
        self.demoButton.clicked.connect(self.demoRequested)
        self.demoButton.hide()

        self.model = ResultsModel(self)
        self.resultsView = ResultsView()
        self.resultsView.setModel(self.model)
        self.delegate = ResultDelegate(colours, self.resultsView)
        self.resultsView.setItemDelegate(self.delegate)
        self.model.modelAboutToBeReset.connect(self.delegate.clear_cache)
        self.resultsView.openRequested.connect(self.openRequested)

        self.facetsView = QListWidget()
        self.facetsView.setObjectName("facetsView")
        self.facetsView.setAccessibleName("Actors in these results")
        self.facetsView.setToolTip("Actors in the matching articles; double-click one (or press Return) "
                                   "to filter by it")
        self.facetsView.itemActivated.connect(self._facet_chosen)  # one gesture, one actor: as in the Actors panel
        facets_box = QWidget()
        facets_layout = QVBoxLayout(facets_box)
        facets_layout.setContentsMargins(0, 0, 0, 0)
        facets_title = QLabel("Actors in these results")
        facets_title.setStyleSheet("font-weight: bold;")
        facets_layout.addWidget(facets_title)
        facets_layout.addWidget(self.facetsView)

        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("searchSplitter")
        self.split.addWidget(self.resultsView)
        self.split.addWidget(facets_box)
        self.split.setStretchFactor(0, 4)
        self.split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.messageLabel)
        layout.addWidget(self.demoButton)
        layout.addWidget(self.split, 1)

    def filter_chain(self) -> list[QWidget]:
        """The facets and filters in the order Tab visits them (after the results and the other areas)."""
        return [self.facetsView, self.actorFilter, self.sourceFilter, self.languageFilter, self.dateFrom, self.dateTo,
                self.sortCombo, self.exactCheck, self.clearButton, self.searchButton]

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        """In the search box, Down moves into the results and Alt+Down shows the query history."""
        if watched is self.searchBox and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            completer = self.searchBox.completer()
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                completer.setCompletionPrefix("")
                completer.complete()
                return True
            if not completer.popup().isVisible() and self.model.rowCount():
                if not self.resultsView.currentIndex().isValid():
                    self._select_first()
                self.resultsView.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    # -- filters -----------------------------------------------------------------
    def actors(self) -> list[str]:
        return [a.strip() for a in self.actorFilter.text().split(",") if a.strip()]

    def set_actor_filter(self, names: list[str]) -> None:
        self.actorFilter.setText(", ".join(names))

    def toggle_actor(self, name: str) -> None:
        names = self.actors()
        names = [n for n in names if n.lower() != name.lower()] if any(n.lower() == name.lower() for n in names) \
            else names + [name]
        self.set_actor_filter(names)
        self.run_search()

    def clear_filters(self) -> None:
        self.actorFilter.clear()
        self.sourceFilter.setCurrentText("")
        self.languageFilter.blockSignals(True)  # one search, below
        self.languageFilter.setCurrentIndex(0)
        self.languageFilter.blockSignals(False)
        self.dateFrom.setDate(NO_DATE)
        self.dateTo.setDate(NO_DATE)
        self.run_search()

    def _date(self, edit: QDateEdit) -> str:
        return "" if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")

    def has_filters(self) -> bool:
        return bool(self.actors() or self.sourceFilter.currentText().strip() or self.language()
                    or self._date(self.dateFrom) or self._date(self.dateTo))

    def language(self) -> str:
        """The language filter's code; "" for any language."""
        return self.languageFilter.currentData() or ""

    # -- running -----------------------------------------------------------------
    def refresh_library_info(self) -> None:
        """Reload the actor names and sources offered by the filters, and the empty state."""
        try:
            info = library_info(self.library)
        except BriefingReaderError as exc:
            self.show_message(str(exc), error=True)
            return
        self.apply_library_info(info)

    @property
    def offers_demo(self) -> bool:
        """Whether an empty library offers the demo articles: never a team library (everyone would see them)."""
        return not getattr(self.library, "address", None)

    def apply_library_info(self, info: dict) -> None:
        """Show what a library scan found (see workers.library_info_job)."""
        self.actor_names.setStringList(info["actors"])
        current = self.sourceFilter.currentText()
        self.sourceFilter.blockSignals(True)
        self.sourceFilter.clear()
        self.sourceFilter.addItem("")
        self.sourceFilter.addItems(info["sources"])
        self.sourceFilter.setCurrentText(current)
        self.sourceFilter.blockSignals(False)
        self.demoButton.setVisible(not info["count"] and self.offers_demo)

    def _search_params(self, query: str) -> dict:
        return dict(
            query=query, actors=self.actors(), date_from=self._date(self.dateFrom), date_to=self._date(self.dateTo),
            source=self.sourceFilter.currentText().strip(), limit=RESULT_LIMIT, sort=self.sortCombo.currentData(),
            facets=True, language=self.language(), exact=self.exactCheck.isChecked(),
        )

    def run_search(self) -> SearchResult | None:
        """Search with the query and filters now; show results, facets, and a message for problems."""
        query = self.searchBox.text().strip()
        if not query and not self.has_filters():
            return self.browse()
        self._requests += 1  # a background search still running is now stale
        try:
            result = self.library.search(**self._search_params(query))
        except BriefingReaderError as exc:  # QueryError included
            self._show_failure(str(exc))
            return None
        return self._show_result(query, result)

    def start_search(self) -> None:
        """Search in the background (what typing and clicking use): the window stays responsive on a
        large library, and a newer search replaces one still running. A query that cannot be parsed
        is reported at once."""
        query = self.searchBox.text().strip()
        if not query and not self.has_filters():
            self.browse()
            return
        try:
            if query:
                self.library.check_query(query)
        except BriefingReaderError as exc:
            self._requests += 1
            self._show_failure(str(exc))
            return
        self._requests += 1
        job = SearchJob(self.library, self._requests, self._search_params(query))
        job.setAutoDelete(False)
        job.signals.done.connect(self._background_done)
        job.signals.failed.connect(self._background_failed)
        self._running[job.number] = job
        self.show_message(f"Searching for {query or 'the filtered articles'!r}…")
        self.pool.start(job)

    def _background_done(self, number: int, result: SearchResult) -> None:
        self._running.pop(number, None)
        if number == self._requests:
            self._show_result(result.query, result)

    def _background_failed(self, number: int, message: str) -> None:
        self._running.pop(number, None)
        if number == self._requests:
            self._show_failure(message)

    def _show_failure(self, message: str) -> None:
        """A search that could not run: its message, and no results of an earlier query left under it."""
        self.query, self.result = "", None
        self.model.set_hits([])
        self._show_facets(())
        self.show_message(message, error=True)
        self.searched.emit(None)

    def _query_edited(self, text: str) -> None:
        """The search box emptied (its clear button, or the text deleted): the results of the old query go,
        replaced by what an empty query shows; a search still running for it is dropped."""
        if not text.strip() and (self.query or self.searching() or self.messageLabel.property("error")):
            self.start_search()

    def searching(self) -> bool:
        """True while a background search is running."""
        return bool(self._running)

    def _show_result(self, query: str, result: SearchResult) -> SearchResult:
        if query:
            self.history.setStringList(self.settings.add_query(query))
        self.query = query
        self.result = result
        self.model.set_hits(result.hits)
        self._show_facets(result.facets)
        if result.total == 0:
            self.show_message(f"No articles match {query or 'these filters'!r}. Try fewer words or clear the filters.")
        else:
            shown = len(result.hits)
            more = f" (showing the first {shown})" if shown < result.total else ""
            self.show_message(f"{result.total} {'article matches' if result.total == 1 else 'articles match'}{more}.")
        self._select_first()
        self.searched.emit(result)
        return result

    def browse(self) -> None:
        """No query and no filter: list the newest articles first, or the oldest under "Oldest first";
        undated articles come last either way."""
        self._requests += 1  # a background search still running is now stale
        try:
            if self.sortCombo.currentData() == "oldest":
                summaries = self.library.oldest(BROWSE_LIMIT)
            else:
                summaries = self.library.newest(BROWSE_LIMIT)
            count = self.library.count() if len(summaries) == BROWSE_LIMIT else len(summaries)
        except BriefingReaderError as exc:
            self.show_message(str(exc), error=True)
            return None
        hits = [Hit(s.id, s.title, s.date, s.source, s.path, 0.0, (), s.author, s.language,
                    demo=s.demo) for s in summaries]
        self.query = ""
        self.result = None
        self.model.set_hits(hits)
        self._show_facets(())
        if not summaries:
            self.show_message("Your library is empty. Import articles (Ctrl+O), drop files on the window, "
                              "or load the demo articles to try things out." if self.offers_demo else
                              "This team library is empty. Import articles (Ctrl+O) or drop files on the window: "
                              "everyone who shares it will find them.")
        else:
            self.show_message(f"{count} article{'s' if count != 1 else ''} in the library. "
                              "Type a query and press Return to search.")
        self.demoButton.setVisible(not summaries and self.offers_demo)
        self._select_first()
        self.searched.emit(None)
        return None

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.resultsView.setCurrentIndex(self.model.index(0, 0))

    def show_message(self, text: str, error: bool = False) -> None:
        self.messageLabel.setText(text)
        self.messageLabel.setProperty("error", error)
        self.messageLabel.setStyleSheet("color: #c62828; font-weight: bold;" if error else "")

    def _show_facets(self, facets) -> None:
        self.facetsView.clear()
        for actor_id, count in facets[:40]:
            actor = self.library.actors_engine.actor(actor_id)
            if actor is None:
                continue
            item = QListWidgetItem(f"{actor.name}  ({count})")
            item.setData(Qt.ItemDataRole.UserRole, actor.name)
            item.setData(Qt.ItemDataRole.UserRole + 1, actor_id)
            item.setToolTip(literal_tip(f"{actor.name}, {actor.type}: in {count} matching article"
                                        f"{'s' if count != 1 else ''}. Double-click to filter by this actor."))
            self.facetsView.addItem(item)

    def _facet_chosen(self, item: QListWidgetItem) -> None:
        self.toggle_actor(item.data(Qt.ItemDataRole.UserRole))
