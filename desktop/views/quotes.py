"""The Quotes panel: who said what, in the open articles or the whole library.

Filter by speaker and date; Return or double-click (or "Show") shows the quote selected in its article; "Add"
adds it to the briefing with the speaker in its citation. The Kind column tells a quotation (words inside quote
marks) from reported speech ("X said that …", italic): reported speech is listed, since it is often all an article
says of someone, but is cited in the briefing as reported, never as a quotation; "Quoted only" hides it.
The library's quotes are read by a background job; the open
articles' quotes come from the articles the panes already hold. The panel never calls the engine itself.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from indexer.briefing.model import excerpt_from_article, untitled_words
from indexer.errors import BriefingReaderError, QueryError
from indexer.search.engine import check_day

from ..models.quotes import (
    ARTICLE_COLUMN, DATE_COLUMN, KIND_COLUMN, QUOTE_COLUMN, ROW_ROLE, SPEAKER_COLUMN, QuoteRow, QuotesFilter,
    QuotesModel, article_rows, library_rows,
)
from ..workers import failure_message

SCOPE_OPEN, SCOPE_LIBRARY = "open", "library"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
QUOTE_OPENING = 40  # characters of a quote the status bar repeats after adding it


def day_problem(text: str, label: str) -> str:
    """Why `text` is not a day to filter by ("" when it is, or when empty): the form YYYY-MM-DD, and a day
    that exists (the check the CLI and search make: 2025-02-30 and 2025-13-45 are refused)."""
    if not text:
        return ""
    if not _ISO_DAY.fullmatch(text):
        return f"“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-10."
    try:
        check_day(text, label)
    except QueryError as exc:
        return f"{exc} This bound is not applied."
    return ""


def cited_title(excerpt) -> str:
    """The excerpt's article as a status message names it: “Headline”, or 'an untitled article beginning “…”'
    (a stand-in title is never presented as a headline, as in the exports)."""
    if excerpt.untitled:
        return f"an {untitled_words(excerpt.title, excerpt.title_kind)}"
    return f"“{excerpt.title}”"


class _QuotesSignals(QObject):
    done = Signal(int, object)  # request number, list[QuoteRow]
    failed = Signal(int, str)  # request number, message for the user


class QuotesJob(QRunnable):
    """Read every quote of the library with its speaker's name and its article's title and date."""

    def __init__(self, library, number: int):
        super().__init__()
        self.library, self.number = library, number
        self.signals = _QuotesSignals()

    def run(self) -> None:
        try:
            rows = library_rows(self.library)
        except Exception as exc:  # noqa: BLE001 - reported to the user
            self.signals.failed.emit(self.number, failure_message(exc, "quotes list"))
        else:
            self.signals.done.emit(self.number, rows)


class QuotesTable(QTableView):
    """The quotes table: the Quote column takes the room, elided, with the whole quote in its tooltip; Speaker
    is as wide as the longest name listed, but never wider than the Quote column; Article and Kind are hidden
    when the table is too narrow for them (the tooltip names them)."""

    ARTICLE_FROM = 420  # px of table width below which the Article and Kind columns are hidden
    QUOTE_ROOM = 110  # px the Quote column keeps beside a long name when the table is narrow

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column in (SPEAKER_COLUMN, KIND_COLUMN, ARTICLE_COLUMN, DATE_COLUMN):
            header.setSectionResizeMode(column, header.ResizeMode.Interactive)  # the analyst may widen them
        header.setSectionResizeMode(QUOTE_COLUMN, header.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        header.resizeSection(SPEAKER_COLUMN, metrics.averageCharWidth() * 9)  # until fit_speaker knows the names
        header.resizeSection(KIND_COLUMN, metrics.horizontalAdvance("reported") + 12)
        header.resizeSection(ARTICLE_COLUMN, metrics.averageCharWidth() * 14)
        header.resizeSection(DATE_COLUMN, metrics.horizontalAdvance("0000-00-00") + 8)

    def fit_speaker(self) -> None:
        """Widen the Speaker column to the longest name listed, up to half the room the other narrow columns
        leave, so the Quote column stays the widest; in a narrow table (a small screen) the name is cut
        before the Quote column gets narrower than QUOTE_ROOM."""
        model, metrics, header = self.model(), self.fontMetrics(), self.horizontalHeader()
        names = {model.index(r, SPEAKER_COLUMN).data() or "" for r in range(model.rowCount())} if model else set()
        least = metrics.averageCharWidth() * 9
        want = max([metrics.horizontalAdvance(name) for name in names], default=0) + 16
        others = sum(header.sectionSize(c) for c in (KIND_COLUMN, ARTICLE_COLUMN, DATE_COLUMN)
                     if not self.isColumnHidden(c))
        room = self.viewport().width() - others
        most = min(room // 2, room - self.QUOTE_ROOM)
        header.resizeSection(SPEAKER_COLUMN, max(header.minimumSectionSize(), min(max(least, want), most)))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        narrow = event.size().width() < self.ARTICLE_FROM
        self.setColumnHidden(ARTICLE_COLUMN, narrow)
        self.setColumnHidden(KIND_COLUMN, narrow)  # reported rows stay italic, with the kind in their tooltip
        if event.size().width() != event.oldSize().width():
            self.fit_speaker()


class QuotesPanel(QWidget):
    """Lists quotes with their speakers; opens one in its article or adds it to the briefing."""

    openRequested = Signal(object)  # QuoteRow: show it selected in a reader pane
    addRequested = Signal(object)  # QuoteRow: add it to the briefing with its speaker
    loaded = Signal(int)  # rows shown after a reload

    def __init__(self, library, pool: QThreadPool | None = None, parent=None, settings=None):
        super().__init__(parent)
        self.setObjectName("quotesPanel")
        self.setAccessibleName("Quotes")
        self.library = library
        self.pool = pool or QThreadPool.globalInstance()
        self.settings = settings  # remembers the scope across restarts (None: not remembered)
        self.open_articles = []
        self._request = 0
        self._jobs: dict[int, QuotesJob] = {}
        self._build()
        self._restore_scope()
        if self.scope.currentData() == SCOPE_OPEN:
            self.reload()  # says what to do while no article is open; the library's list waits to be shown

    def _build(self) -> None:
        self.scope = self._combo("quotesScope", "Which quotes to list")
        self.scope.addItem("In the open articles", SCOPE_OPEN)
        self.scope.addItem("In the whole library", SCOPE_LIBRARY)
        self.scope.currentIndexChanged.connect(self._scope_chosen)
        self.speaker = self._combo("quotesSpeaker", "Speaker")
        self.speaker.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.date_from = self._date_edit("quotesFrom", "From date", "from YYYY-MM-DD")
        self.date_to = self._date_edit("quotesTo", "To date", "to YYYY-MM-DD")
        self.attributed = QCheckBox("With speaker")  # short, so the date row fits a narrow dock
        self.attributed.setToolTip("Only quotes with a speaker")
        self.attributed.setObjectName("quotesAttributedOnly")
        self.attributed.setAccessibleName("Only quotes with a speaker")
        self.attributed.setChecked(True)
        self.attributed.toggled.connect(lambda _on: self._apply_filter())
        self.direct = QCheckBox("Quoted only")  # short, like "With speaker": the panel fits a narrow dock
        self.direct.setObjectName("quotesDirectOnly")
        self.direct.setAccessibleName("Direct quotes only (hide reported speech)")
        self.direct.setToolTip("Hide reported speech: statements the article gives without quote marks")
        self.direct.toggled.connect(lambda _on: self._apply_filter())
        self.model = QuotesModel(self)
        self.proxy = QuotesFilter(self)
        self.proxy.setSourceModel(self.model)
        self.quotesView = self._table()
        # short labels, so both fit a narrow dock; the tooltip and the accessible name say the whole
        self.openButton = self._button("quotesOpen", "Show", "Show in Article",
                                       "Show the selected quote in its article (Return or double-click)",
                                       lambda: self._emit(self.openRequested))
        self.addButton = self._button("quotesAdd", "Add", "Add to Briefing",
                                      "Add the selected quote to the briefing, its speaker in the citation",
                                      lambda: self._emit(self.addRequested))
        self.status = QLabel("")
        self.status.setObjectName("quotesStatus")
        self.status.setAccessibleName("Quotes status")
        self.status.setWordWrap(True)
        self._lay_out()
        self.setFocusProxy(self.quotesView)  # F6 and View ▸ Quotes land in the list

    def _combo(self, name: str, label: str) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)  # shrinks with a narrow dock (the full text is in its list)
        combo.setObjectName(name)
        combo.setAccessibleName(label)
        return combo

    def _date_edit(self, name: str, label: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.editingFinished.connect(self._apply_filter)
        edit.textChanged.connect(lambda text: self._apply_filter() if not text or _ISO_DAY.fullmatch(text) else None)
        return edit

    def _button(self, name: str, text: str, label: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(label)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _table(self) -> QTableView:
        view = QuotesTable()
        view.setObjectName("quotesView")
        view.setAccessibleName("Quotes list")
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(DATE_COLUMN, Qt.SortOrder.DescendingOrder)  # newest first
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)  # Tab leaves the table for Show and Add; the arrows move between rows
        view.verticalHeader().hide()
        view.fit_columns()
        view.activated.connect(lambda _index: self._emit(self.openRequested))  # Return and double-click
        return view

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.speaker, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(self.date_to)
        checks = QHBoxLayout()  # a row of their own: beside the dates they widened the panel past its dock
        checks.addWidget(self.attributed)
        checks.addWidget(self.direct)
        checks.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)  # word-wrapped: it gives way to the buttons
        buttons.addWidget(self.openButton)
        buttons.addWidget(self.addButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(dates)
        layout.addLayout(checks)
        layout.addWidget(self.quotesView, 1)
        layout.addLayout(buttons)

    def _restore_scope(self) -> None:
        """The scope the panel had when the app last closed (an unknown value is ignored)."""
        index = self.scope.findData(self.settings.quotes_scope()) if self.settings is not None else -1
        if index >= 0:
            self.scope.blockSignals(True)
            self.scope.setCurrentIndex(index)
            self.scope.blockSignals(False)

    def _scope_chosen(self, _index: int) -> None:
        if self.settings is not None:
            self.settings.set_quotes_scope(self.scope.currentData())
        self.reload()

    # -- content -----------------------------------------------------------------
    def set_open_articles(self, articles) -> None:
        """Follow the panes; the open scope is rebuilt at once (the articles are already loaded)."""
        self.open_articles = list(articles)
        if self.scope.currentData() == SCOPE_OPEN:
            self.reload()

    def library_changed(self) -> None:
        """An import, a rebuild or a curation: the library's list is read again when it is on show."""
        if self.scope.currentData() == SCOPE_LIBRARY and self.isVisible():
            self.reload()

    def set_scope(self, scope: str) -> None:
        """List the quotes of the open articles (SCOPE_OPEN) or of the whole library (SCOPE_LIBRARY)."""
        index = self.scope.findData(scope)
        if index == self.scope.currentIndex():
            self.reload()
        self.scope.setCurrentIndex(index)

    def reload(self) -> None:
        """Fill the list for the current scope: at once for the panes, through a background job for the library."""
        self._request += 1
        if self.scope.currentData() == SCOPE_OPEN:
            self._show(article_rows(self.open_articles))
            return
        self.status.setText("Reading the library's quotes…")
        job = QuotesJob(self.library, self._request)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._jobs[self._request] = job  # kept alive until it reports
        self.pool.start(job)

    def _done(self, number: int, rows) -> None:
        self._jobs.pop(number, None)
        if number == self._request:
            self._show(rows)

    def _failed(self, number: int, message: str) -> None:
        self._jobs.pop(number, None)
        if number == self._request:
            self.status.setText(message)

    def _show(self, rows: list[QuoteRow]) -> None:
        wanted = self.speaker.currentData() or ""
        self.model.set_rows(rows)
        self.quotesView.fit_speaker()
        self._fill_speakers(rows, wanted)
        self._apply_filter()
        self.loaded.emit(self.proxy.rowCount())

    def _fill_speakers(self, rows: list[QuoteRow], wanted: str) -> None:
        speakers = sorted({(r.speaker, r.speaker_id) for r in rows if r.speaker_id}, key=lambda s: s[0].casefold())
        self.speaker.blockSignals(True)
        self.speaker.clear()
        self.speaker.addItem("All speakers", "")
        for name, actor_id in speakers:
            self.speaker.addItem(name, actor_id)
        self.speaker.setCurrentIndex(max(0, self.speaker.findData(wanted)))
        self.speaker.blockSignals(False)

    # -- filters -----------------------------------------------------------------
    def set_speaker(self, actor_id: str) -> bool:
        """Show only this speaker's quotes; False when nobody by that id is listed."""
        index = self.speaker.findData(actor_id)
        if index < 0:
            return False
        self.speaker.setCurrentIndex(index)
        return True

    def _apply_filter(self) -> None:
        bounds, problems = [], []
        for edit, label in ((self.date_from, "from date"), (self.date_to, "to date")):
            text = edit.text().strip()
            problem = day_problem(text, label)
            bounds.append("" if problem else text)
            if problem:
                problems.append(problem)
        self.proxy.set_filter(self.speaker.currentData() or "", bounds[0], bounds[1], self.attributed.isChecked(),
                              self.direct.isChecked())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if problems:
            self.status.setText(problems[0])
        elif not total:
            self.status.setText("No quotes here yet." if self.scope.currentData() == SCOPE_LIBRARY
                                else "No quotes in the open articles: open an article, or choose “In the whole "
                                "library” above.")
        else:
            self.status.setText(f"{shown} of {total} quotes")

    # -- actions -----------------------------------------------------------------
    def current_row(self) -> QuoteRow | None:
        index = self.quotesView.currentIndex()
        return self.proxy.data(index, ROW_ROLE) if index.isValid() else None

    def select_row(self, row: int) -> None:
        self.quotesView.setCurrentIndex(self.proxy.index(row, 0))

    def add_selected(self) -> None:
        """Add the selected quote to the briefing (Ctrl+B in the list, or Add)."""
        self._emit(self.addRequested)

    def _emit(self, signal) -> None:
        row = self.current_row()
        if row is None:
            self.status.setText("Select a quote first.")
            return
        signal.emit(row)


# -- the panel in the main window: one dock, its View-menu entry, and what its two requests do
def make_panel(window) -> QuotesPanel:
    """The panel of the main window's panel table (desktop/main_window.py PANELS): a dock tabbed with the
    briefing, hidden until asked for."""
    return QuotesPanel(window.library, pool=window.read_pool, settings=window.settings)


def connect(window) -> None:
    """Connect the docked panel (window.quotes, window.quotes_dock) to the window."""
    panel = window.quotes
    window.quotes_dock.visibilityChanged.connect(lambda visible: visible and panel.reload())
    panel.openRequested.connect(lambda row: show_quote(window, row))
    panel.addRequested.connect(lambda row: add_quote(window, row))


def show_quote(window, row: QuoteRow):
    """Open the quote's article (or go to its pane) with the quote selected; the pane, or None."""
    panes = window.open_articles([row.article_id])
    if not panes:
        return None
    pane = panes[0]
    if pane.article.text[row.start : row.end] != row.text:
        window.message(f"The quote is no longer in “{pane.article.title}”: the article changed. Reload the list.")
        return pane
    pane.select(row.start, row.end)
    return pane


def add_quote(window, row: QuoteRow):
    """Add the quote to the briefing with its speaker in the citation (reported speech cited as reported);
    the Excerpt, or None."""
    pane = window.reading.pane_for(row.article_id)
    try:
        open_article = pane.article if pane is not None else None
        article = open_article or window.library.article(row.article_id)
        excerpt = excerpt_from_article(article, row.start, row.end, speaker=row.speaker, quote_kind=row.kind)
    except (BriefingReaderError, ValueError) as exc:
        window.message(f"Cannot add this quote: {exc}")
        return None
    window.briefing.add_excerpt(excerpt)
    keep_quotes_in_front(window)
    window.message(added_message(row, excerpt, len(window.briefing.briefing.excerpts())))
    return excerpt


def keep_quotes_in_front(window) -> None:
    """The briefing takes the quote without taking the Quotes tab's place, so the next quote is one key
    away; the analyst sees the briefing by asking for it (its tab). A closed Briefing dock comes back, behind."""
    if window.briefing_dock.isHidden():
        window.briefing_dock.show()
    if window.quotes_dock.isVisible():
        window.quotes_dock.raise_()


def added_message(row: QuoteRow, excerpt, count: int) -> str:
    """What the status bar says after an add: whose words, how many excerpts the briefing holds now, the
    words' opening, the article (last: a narrow window cuts the end of the line)."""
    what = "reported speech" if row.reported else "quote"
    who = f"{row.speaker}’s {what}" if row.speaker else f"a {what}"
    words = " ".join(row.text.split())
    opening = words if len(words) <= QUOTE_OPENING else words[:QUOTE_OPENING + 1].rsplit(" ", 1)[0] + "…"
    return (f"Added {who} to the briefing ({count} excerpt{'s' if count != 1 else ''}): “{opening}”, "
            f"from {cited_title(excerpt)}.")
