"""Reader panes: one article each, with actors and search hits highlighted, side by side (one to four)."""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMenu, QPlainTextEdit, QScrollArea, QSizePolicy, QSplitter, QStackedLayout,
    QToolButton, QToolTip, QVBoxLayout, QWidget,
)

from indexer.model import Article, page_label

from ..actions import icon
from ..demo import DEMO_TAG, DEMO_TIP
from ..theme import Palette
from .highlight import OffsetMap, build_document
from .labels import ClampedLabel
from .safe_text import SafePlainTextView

MAX_PANES = 4
PANE_MIN_WIDTH = 260  # about 35 characters a line; narrower panes scroll sideways instead of squeezing


class ArticleView(SafePlainTextView):
    """Read-only plain-text view of an article; reports clicks on actors and shows actor tooltips."""

    actorClicked = Signal(str)
    focused = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.actor_at = lambda position: None  # set by the pane: Qt position -> ActorRef | None
        self.tooltip_for = lambda actor: ""

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.focused.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.focused.emit()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            actor = self.actor_at(self.cursorForPosition(event.position().toPoint()).position())
            if actor is not None:
                self.actorClicked.emit(actor.id)

    def viewportEvent(self, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            actor = self.actor_at(self.cursorForPosition(event.pos()).position())
            if actor is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_for(actor), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "de": "German", "fr": "French", "es": "Spanish",
    "it": "Italian", "pl": "Polish", "tr": "Turkish", "be": "Belarusian", "sr": "Serbian", "mk": "Macedonian",
    "kk": "Kazakh", "bg": "Bulgarian",
}


def language_label(code: str) -> str:
    """"Russian (ru)" for a language code; the code alone when it has no name here; "" for none."""
    name = LANGUAGE_NAMES.get(code, "")
    return f"{name} ({code})" if name else code


def _label(object_name: str, accessible: str, bold: bool = False, size_delta: int = 0) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName(accessible)
    label.setTextFormat(Qt.TextFormat.PlainText)  # titles are untrusted text too
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold or size_delta:
        font = label.font()
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() + size_delta)
        label.setFont(font)
    return label


def _clamped(object_name: str, accessible: str, lines: int, bold: bool = False, size_delta: int = 0) -> ClampedLabel:
    """A header line held to `lines` lines (elided; the whole text in its tooltip)."""
    label = ClampedLabel(lines)
    label.setObjectName(object_name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(bold)
    font.setPointSizeF(font.pointSizeF() + size_delta)
    label.setFont(font)
    return label


def _actors_toggle(shown_signal) -> QToolButton:
    """The fold button of the shared/only-here actor lists: folded by default, a count when folded."""
    button = QToolButton()
    button.setObjectName("paneActorsToggle")
    button.setAccessibleName("Show the actors shared with other panes and only in this one")
    button.setToolTip("Show or hide the actors this article shares with the other panes and those only it has")
    button.setCheckable(True)
    button.setAutoRaise(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setArrowType(Qt.ArrowType.RightArrow)
    button.setStyleSheet("color: palette(placeholder-text); border: none; padding: 0;")
    button.setVisible(False)
    button.toggled.connect(shown_signal)
    return button


def removed_text(article: Article) -> str:
    """The lines the cleaner took out, one a line with its reason ("REUTERS/Jane Doe   — photo credit, line 4")."""
    return "\n".join(
        f"{r.text}   — {r.reason}" + (f", line {r.line}" if r.line else "") for r in article.removed
    )


def _removed_view() -> QPlainTextEdit:
    """Greyed, read-only plain text (never HTML) for the removed lines; hidden until asked for."""
    view = QPlainTextEdit()
    view.setObjectName("removedTextView")
    view.setAccessibleName("Text removed on import")
    view.setReadOnly(True)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setStyleSheet("color: palette(placeholder-text);")
    view.setMaximumHeight(160)
    view.setVisible(False)
    return view


def _tool(text: str, tip: str, name: str, slot) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setObjectName(name)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    button.clicked.connect(slot)
    return button


class ReaderPane(QFrame):
    """A header (title, date, author, source, actors) above the highlighted article text."""

    activated = Signal(object)  # this pane
    actorClicked = Signal(str)
    actorListsShown = Signal(bool)  # the shared/only-here lists were opened or folded
    closeRequested = Signal(object)
    moveRequested = Signal(object, int)
    relatedRequested = Signal(object)  # asks the window to fill self.related_menu

    def __init__(self, palette: Palette, parent=None):
        super().__init__(parent)
        self.setObjectName("readerPane")
        self.setAccessibleName("Reader pane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.palette_ = palette
        self.article: Article | None = None
        self.offsets = OffsetMap("")
        self.hit_spans: list[tuple[int, int]] = []  # article offsets
        self.current_hit = -1  # index into sorted(hit_spans) of the hit F3 last went to; -1: none
        self.selected_actor = ""
        self._actor_index: list[tuple[int, int, object]] = []  # (qt start, qt end, ActorRef), sorted
        self._build()

    def _build(self) -> None:
        self.title = _clamped("paneTitle", "Article title", 2, bold=True, size_delta=1)
        self.meta = _clamped("paneMeta", "Date, author and source", 1)
        self.actors_line = _label("paneActors", "Actors shared with other panes")
        self.actors_line.setStyleSheet("color: palette(placeholder-text);")
        self.demo_label = _label("paneDemo", "Invented demo article", bold=True)
        self.demo_label.setText(DEMO_TAG)
        self.demo_label.setToolTip(DEMO_TIP)
        self.demo_label.setStyleSheet("background: palette(highlight); color: palette(highlighted-text); "
                                      "padding: 0 4px;")
        self.demo_label.hide()
        self.actors_toggle = _actors_toggle(self.actorListsShown)
        self.actors_toggle.toggled.connect(lambda _shown: self._show_actor_lists())
        self.hits_label = QLabel()
        self.hits_label.setObjectName("paneHits")
        self.page_label = _label("panePage", "Page of the cursor or selection")
        self.page_label.setWordWrap(False)
        self.page_label.setToolTip("The PDF page the cursor or selection is on")
        self.related_button = QToolButton()
        self.related_button.setText("Related")
        self.related_button.setObjectName("relatedButton")
        self.related_button.setAccessibleName("Related articles")
        self.related_button.setToolTip("Articles like this one; the one you pick opens in the next pane")
        self.related_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.related_button.setIcon(icon("related"))
        if not self.related_button.icon().isNull():  # icon only: four panes must fit a laptop screen
            self.related_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.related_menu = QMenu(self.related_button)
        self.related_menu.aboutToShow.connect(lambda: self.relatedRequested.emit(self))
        self.related_button.setMenu(self.related_menu)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.demo_label)
        tools.addWidget(self.hits_label)
        tools.addWidget(_tool("▲", "Previous hit (Shift+F3)", "previousHitButton", self.previous_hit))
        tools.addWidget(_tool("▼", "Next hit (F3)", "nextHitButton", self.next_hit))
        tools.addStretch(1)
        tools.addWidget(self.page_label)
        tools.addWidget(self._removed_button())
        tools.addWidget(self.related_button)
        tools.addWidget(self._pane_menu_button())
        tools.addWidget(_tool("✕", "Close pane (Ctrl+W)", "closePaneButton", lambda: self.closeRequested.emit(self)))
        self.view = ArticleView(self)
        self.view.actor_at = self.actor_at
        self.view.tooltip_for = self._tooltip
        self.view.actorClicked.connect(self.actorClicked)
        self.view.focused.connect(lambda: self.activated.emit(self))
        self.view.cursorPositionChanged.connect(self._show_page)
        self.view.selectionChanged.connect(self._show_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(2)
        layout.addLayout(tools)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.actors_toggle)
        layout.addWidget(self.actors_line)
        self.removed_view = _removed_view()
        layout.addWidget(self.removed_view)
        layout.addWidget(self.view, 1)

    def _removed_button(self) -> QToolButton:
        """The "Show removed text" toggle: the audit trail of what cleaning took out."""
        self.removed_button = QToolButton()
        self.removed_button.setText("Removed")  # short: three panes share a laptop screen
        self.removed_button.setObjectName("showRemovedButton")
        self.removed_button.setAccessibleName("Show removed text")
        self.removed_button.setCheckable(True)
        self.removed_button.setAutoRaise(True)
        self.removed_button.setEnabled(False)
        self.removed_button.toggled.connect(self._show_removed)
        return self.removed_button

    def _show_removed(self, shown: bool) -> None:
        self.removed_view.setVisible(shown and self.removed_button.isEnabled())

    def _pane_menu_button(self) -> QToolButton:
        """⋯ menu: move the pane left or right, close it."""
        button = QToolButton()
        button.setText("⋯")
        button.setObjectName("paneMenuButton")
        button.setAccessibleName("Pane menu")
        button.setToolTip("Edit the article's details, move or close this pane")
        button.setAutoRaise(True)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.aboutToShow.connect(lambda: self.activated.emit(self))  # its actions act on the active pane
        self.pane_menu = menu
        menu.addAction("Move Pane Left", lambda: self.moveRequested.emit(self, -1))
        menu.addAction("Move Pane Right", lambda: self.moveRequested.emit(self, 1))
        menu.addSeparator()
        menu.addAction("Close Pane", lambda: self.closeRequested.emit(self))
        button.setMenu(menu)
        return button

    # -- content -----------------------------------------------------------------
    def show_article(self, article: Article, hit_spans=(), selected_actor: str = "") -> None:
        """Show an article as plain text and paint its highlights."""
        self._take(article)
        self.hit_spans = list(hit_spans)
        self.current_hit = -1
        self.selected_actor = selected_actor
        self._fill(keep_view=False)

    def reload_article(self, article: Article) -> None:
        """The same article again (its actors were curated): scroll position, selection and current hit stay."""
        if self.article is None or article.id != self.article.id:
            self.show_article(article, self.hit_spans, self.selected_actor)
            return
        self._take(article)
        self.rehighlight()

    def _take(self, article: Article) -> None:
        self.article = article
        self.offsets = OffsetMap(article.text)
        self.title.setText(article.title or "(untitled)")
        self.demo_label.setVisible(article.demo)
        parts = (article.date, article.author, article.source, language_label(article.language))
        self.meta.setText(" · ".join(p for p in parts if p) or "No date or source")
        self.setToolTip("\n".join(p for p in (article.url, article.path) if p))  # the web address citations use
        self._actor_index = sorted(
            (self.offsets.to_qt(s), self.offsets.to_qt(e), ref) for ref in article.actors for s, e in ref.mentions
        )
        self._starts = [s for s, _e, _r in self._actor_index]
        self._fill_removed(article)

    def _show_page(self) -> None:
        """"p. 4" (or "pp. 4–5") for the cursor or selection of a PDF article; empty for other articles."""
        pages = self.article.pages if self.article is not None else ()
        cursor = self.view.textCursor()
        start, end = (self.offsets.from_qt(cursor.selectionStart()), self.offsets.from_qt(cursor.selectionEnd()))
        label = page_label(pages, start, max(end, start + 1))
        self.page_label.setText(f"{'pp.' if '–' in label else 'p.'} {label}" if label else "")

    def _fill_removed(self, article: Article) -> None:
        n = len(article.removed)
        self.removed_view.setPlainText(removed_text(article))
        self.removed_button.setEnabled(bool(n))
        self.removed_button.setToolTip(
            f"{n} line{'s' if n != 1 else ''} removed on import (credits, share rows, metadata ...), with the reason"
            if n else "Nothing was removed from this article on import"
        )
        self._show_removed(self.removed_button.isChecked())

    def set_hits(self, spans) -> None:
        """New search hits: the old current hit is no longer current (nor selected)."""
        self._drop_current_hit()
        self.hit_spans = list(spans)
        self.rehighlight()

    def _drop_current_hit(self) -> None:
        if 0 <= self.current_hit < len(self.hit_spans):
            if self.selection() == sorted(self.hit_spans)[self.current_hit]:
                cursor = self.view.textCursor()
                cursor.clearSelection()
                self.view.setTextCursor(cursor)
        self.current_hit = -1

    def set_selected_actor(self, actor_id: str) -> None:
        if actor_id != self.selected_actor:
            self.selected_actor = actor_id
            self.rehighlight()

    def set_palette(self, palette: Palette) -> None:
        self.palette_ = palette
        self.rehighlight()

    def rehighlight(self) -> None:
        """Repaint the highlights, keeping the scroll position and the selection."""
        if self.article is not None:
            self._fill(keep_view=True)

    def _fill(self, keep_view: bool) -> None:
        """Fill the view with the article's plain text and its highlight formats (never HTML)."""
        view = self.view
        cursor = view.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        scroll = view.verticalScrollBar().value()
        document = view.new_document()  # filled off-screen: no layout until it is shown
        build_document(document, self.article.text, self.article.actors, self.hit_spans,
                       self.selected_actor, self.palette_)
        view.show_document(document)
        if keep_view:
            restored = view.textCursor()
            end = document.characterCount() - 1
            restored.setPosition(min(anchor, end))
            restored.setPosition(min(position, end), QTextCursor.MoveMode.KeepAnchor)
            view.setTextCursor(restored)
            view.verticalScrollBar().setValue(scroll)
        self._show_hit_count()
        self._show_page()

    def _show_hit_count(self) -> None:
        """"4 hits", or "2 of 4" once F3 went to one."""
        n = len(self.hit_spans)
        if 0 <= self.current_hit < n:
            self.hits_label.setText(f"{self.current_hit + 1} of {n}")
        else:
            self.hits_label.setText(f"{n} hit{'s' if n != 1 else ''}" if n else "")

    def set_actor_summary(self, shared: list[str], only_here: list[str]) -> None:
        parts = []
        if shared:
            parts.append("Shared: " + _names(shared))
        if only_here:
            parts.append("Only here: " + _names(only_here))
        self.actors_line.setText("\n".join(parts))
        self.actors_line.setToolTip("\n".join(
            ([f"Shared with other panes: {', '.join(shared)}"] if shared else [])
            + ([f"Only in this article: {', '.join(only_here)}"] if only_here else [])))
        counts = [f"{len(shared)} shared"] * bool(shared) + [f"{len(only_here)} only here"] * bool(only_here)
        self.actors_toggle.setText("Actors: " + ", ".join(counts))
        self.actors_toggle.setVisible(bool(parts))
        self._show_actor_lists()

    def show_actor_lists(self, shown: bool) -> None:
        """Open or fold the shared/only-here lists (the button does it; the reading area keeps panes alike)."""
        self.actors_toggle.blockSignals(True)
        self.actors_toggle.setChecked(shown)
        self.actors_toggle.blockSignals(False)
        self._show_actor_lists()

    def _show_actor_lists(self) -> None:
        shown = self.actors_toggle.isChecked()
        self.actors_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.actors_line.setVisible(shown and not self.actors_toggle.isHidden() and bool(self.actors_line.text()))

    # -- actors ------------------------------------------------------------------
    def actor_at(self, position: int):
        """The actor whose mention covers this Qt position, or None."""
        i = bisect_right(getattr(self, "_starts", []), position) - 1
        for start, end, ref in reversed(self._actor_index[max(0, i - 8): i + 1]):
            if start <= position < end:
                return ref
        return None

    def _tooltip(self, actor) -> str:
        kind = actor.type + (", discovered" if actor.discovered else "")
        role = f"\n{actor.role}" if actor.role else ""
        n = len(actor.mentions)
        return f"{actor.name} ({kind}){role}\n{n} mention{'s' if n != 1 else ''} in this article"

    # -- selection and hits ------------------------------------------------------
    def selection(self) -> tuple[int, int] | None:
        """The selected span as article offsets, or None."""
        cursor = self.view.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.from_qt(cursor.selectionStart()), self.offsets.from_qt(cursor.selectionEnd())

    def select(self, start: int, end: int) -> None:
        """Select an article span (article offsets) and scroll to it."""
        cursor = self.view.textCursor()
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.activated.emit(self)

    def next_hit(self) -> bool:
        return self._go_hit(+1)

    def previous_hit(self) -> bool:
        return self._go_hit(-1)

    def _go_hit(self, step: int) -> bool:
        """Select the next (step=1) or previous (step=-1) hit, wrapping around."""
        if not self.hit_spans:
            return False
        cursor = self.view.textCursor()
        spans = sorted(self.hit_spans)
        if step > 0:
            after = self.offsets.from_qt(cursor.selectionEnd() if cursor.hasSelection() else cursor.position())
            target = next((s for s in spans if s[0] >= after), spans[0])
        else:
            before = self.offsets.from_qt(cursor.selectionStart())
            earlier = [s for s in spans if s[0] < before]
            target = earlier[-1] if earlier else spans[-1]
        self.current_hit = spans.index(target)
        self.select(*target)
        self._show_hit_count()
        self.activated.emit(self)
        return True


def _names(names: list[str], most: int = 4) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" (+{len(names) - most})" if len(names) > most else "")


class ReadingArea(QWidget):
    """One to four reader panes side by side in a splitter; open, replace, close, reorder."""

    paneAdded = Signal(object)
    panesChanged = Signal()
    activePaneChanged = Signal(object)

    def __init__(self, palette: Palette, parent=None):
        super().__init__(parent)
        self.setObjectName("readingArea")
        self.setAccessibleName("Reading area")
        self.palette_ = palette
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("readerSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.empty = QLabel(
            "Open an article from the search results.\n\n"
            "Return or double-click opens the current result; select several results and press "
            "Ctrl+Shift+Return to read them side by side."
        )
        self.empty.setObjectName("readingEmptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); font-size: 12pt; padding: 2em;")
        self.scroller = QScrollArea()  # the panes scroll sideways when they would be narrower than PANE_MIN_WIDTH
        self.scroller.setObjectName("readerScroller")
        self.scroller.setWidget(self.splitter)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # each pane scrolls its text
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scroller)
        self.active: ReaderPane | None = None
        self.setMinimumWidth(PANE_MIN_WIDTH + 12)  # a narrow window squeezes the docks (they scroll), not reading
        self.actor_lists_shown = False  # the panes' shared/only-here lists: folded until the analyst opens them

    def _show_actor_lists(self, shown: bool) -> None:
        """One pane's lists were opened or folded: every pane follows, and new panes too."""
        self.actor_lists_shown = shown
        for pane in self.panes():
            pane.show_actor_lists(shown)

    def panes(self) -> list[ReaderPane]:
        return [self.splitter.widget(i) for i in range(self.splitter.count())]

    def pane_for(self, article_id: str) -> ReaderPane | None:
        return next((p for p in self.panes() if p.article and p.article.id == article_id), None)

    def add_pane(self, index: int | None = None) -> ReaderPane:
        """A new empty pane (the caller fills it); at the limit, the active (or last) pane is reused."""
        panes = self.panes()
        if len(panes) >= MAX_PANES:
            return self.active or panes[-1]
        pane = ReaderPane(self.palette_)
        pane.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        pane.setMinimumWidth(PANE_MIN_WIDTH)
        pane.activated.connect(self.set_active)
        pane.closeRequested.connect(self.close_pane)
        pane.moveRequested.connect(self.move_pane)
        pane.actorListsShown.connect(self._show_actor_lists)
        pane.show_actor_lists(self.actor_lists_shown)
        self.splitter.insertWidget(len(panes) if index is None else index, pane)
        self._even_sizes()
        self.stack.setCurrentWidget(self.scroller)
        self.set_active(pane)
        self.paneAdded.emit(pane)
        return pane

    def target_pane(self) -> ReaderPane:
        """The pane an 'open' replaces: the active one, or a new one."""
        return self.active if self.active is not None else self.add_pane()

    def set_active(self, pane: ReaderPane) -> None:
        if pane is self.active:
            return
        self.active = pane
        from PySide6.QtWidgets import QApplication

        styled = bool(QApplication.instance().styleSheet())  # resources/styles/app.qss styles [focused="true"]
        for p in self.panes():
            p.setProperty("focused", p is pane)
            if styled:
                p.style().unpolish(p)
                p.style().polish(p)
            else:
                p.setStyleSheet("ReaderPane { border: 2px solid palette(highlight); }" if p is pane else "")
        QTimer.singleShot(0, self, lambda: self._reveal(pane))  # after the splitter has laid the new pane out
        self.activePaneChanged.emit(pane)

    def _reveal(self, pane: ReaderPane) -> None:
        """Scroll the pane area so the active pane is in view (panes may be wider together than the area)."""
        if pane is self.active and pane.parent() is not None:
            self.scroller.ensureWidgetVisible(pane, 0, 0)

    def close_pane(self, pane: ReaderPane | None = None) -> None:
        pane = pane or self.active
        if pane is None:
            return
        index = self.panes().index(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        rest = self.panes()
        self.active = None
        if rest:
            self.set_active(rest[min(index, len(rest) - 1)])
            self._even_sizes()
        else:
            self.stack.setCurrentWidget(self.empty)
            self.activePaneChanged.emit(None)
        self.panesChanged.emit()

    def move_pane(self, pane: ReaderPane, delta: int) -> None:
        index = self.panes().index(pane)
        new = max(0, min(index + delta, self.splitter.count() - 1))
        if new != index:
            self.splitter.insertWidget(new, pane)
            self.panesChanged.emit()

    def _even_sizes(self) -> None:
        n = self.splitter.count()
        if n:
            width = max(self.scroller.viewport().width(), n * PANE_MIN_WIDTH)
            self.splitter.setSizes([width // n] * n)
