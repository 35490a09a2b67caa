"""The actors panel: actors of the open articles or of the whole library, with counts and curation."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListView,
    QMenu, QMessageBox, QPushButton, QTreeView, QVBoxLayout, QWidget,
)

from indexer.errors import BriefingReaderError
from indexer.model import ACTOR_TYPES

from ..commands import Curate
from ..theme import Palette
from .safe_text import literal_tip

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # what the columns sort by: numbers as numbers, names casefolded
READ_ONLY_CURATION = "This team library is read-only for you: its actors cannot be corrected here."
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # (type, discovered) of a row's actor: its colour follows the palette
PANES_COLUMN = 4
SCOPE_OPEN, SCOPE_LIBRARY = "open", "library"


# Dialogs are module functions so tests can replace them.
def ask_text(parent, title: str, label: str, default: str = "") -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text.strip() if ok and text.strip() else None


def choose_actor(parent, title: str, label: str, choices: list[tuple[str, str]]) -> str | None:
    """The id of the actor picked in a type-to-filter list of (id, label), or None."""
    dialog = ActorChooser(title, label, choices, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


MERGE, KEEP_APART = "merge", "apart"


def decide_duplicate(parent, title: str, text: str) -> str:
    """MERGE, KEEP_APART (two different actors: do not suggest them again) or "" (decide later)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    merge = box.addButton("Merge", QMessageBox.ButtonRole.AcceptRole)
    apart = box.addButton("Different people", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(merge)
    box.exec()
    return {merge: MERGE, apart: KEEP_APART}.get(box.clickedButton(), "")


def tell(parent, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


class ActorChooser(QDialog):
    """Pick one actor: a filter box over the list, nothing selected until the analyst picks, OK only then."""

    def __init__(self, title: str, label: str, choices: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("actorChooser")
        self.setAccessibleName(title)
        model = QStandardItemModel(self)
        for actor_id, text in choices:
            item = QStandardItem(text)
            item.setData(actor_id, ID_ROLE)
            item.setEditable(False)
            model.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filterEdit = QLineEdit()
        self.filterEdit.setObjectName("actorChooserFilter")
        self.filterEdit.setAccessibleName("Type to filter the actors")
        self.filterEdit.setPlaceholderText("Type part of a name")
        self.filterEdit.setClearButtonEnabled(True)
        self.filterEdit.textChanged.connect(self._filter)
        self.filterEdit.installEventFilter(self)  # Down goes to the list
        self.listView = QListView()
        self.listView.setObjectName("actorChooserList")
        self.listView.setAccessibleName("Actors")
        self.listView.setModel(self.proxy)
        self.listView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.listView.selectionModel().selectionChanged.connect(self._update_ok)
        self.listView.doubleClicked.connect(lambda _index: self.accept())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel(label)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(text)
        layout.addWidget(self.filterEdit)
        layout.addWidget(self.listView, 1)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.resize(420, 480)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        """Down in the filter box picks the first actor shown: an explicit choice, still confirmed by OK."""
        if watched is self.filterEdit and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            if self.proxy.rowCount():
                self.listView.setFocus()
                self.listView.setCurrentIndex(self.proxy.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_ok()

    def _update_ok(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def chosen(self) -> str | None:
        rows = self.listView.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def accept(self) -> None:
        if self.chosen():  # Return with nothing picked does nothing
            super().accept()


class _NumberItem(QStandardItem):
    """A right-aligned count that sorts by its value, whatever text it shows ("2 of 3", "open")."""

    def __init__(self, value: int, text: str | None = None):
        super().__init__(text if text is not None else str(value))
        self.setData(value, SORT_ROLE)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _text_item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(text.casefold(), SORT_ROLE)
    return item


class ActorsPanel(QWidget):
    """Lists actors; selecting one emphasises it in every pane; the context menu curates."""

    actorSelected = Signal(str)  # actor id ("" to clear)
    filterRequested = Signal(str)  # actor name: filter the search by it
    curated = Signal()  # the library's actors changed
    reanalyse = Signal(list)  # names to apply to the articles that contain them (an alias added or undone)
    notice = Signal(str)  # a message for the status bar (an undo that changed nothing, and why)

    def __init__(self, library, colours: Palette, parent=None):
        super().__init__(parent)
        self._curation_allowed = True  # False on a read-only team library (desktop/read_only.py)
        self.setObjectName("actorsPanel")
        self.setAccessibleName("Actors")
        self.library = library
        self.colours = colours
        self.open_articles = []  # Articles of the open panes
        self.undo_stack = QUndoStack(self)  # curation: merge, rename, alias, type, ignore
        self.undo_stack.indexChanged.connect(self._stack_moved)
        self._stack_index = 0
        self._build()

    def _build(self) -> None:
        self.scope = QComboBox()
        self.scope.setObjectName("actorsScope")
        self.scope.setAccessibleName("Which actors to list")
        self.scope.addItem("In the open articles", SCOPE_OPEN)
        self.scope.addItem("In the whole library", SCOPE_LIBRARY)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.filter = QLineEdit()
        self.filter.setObjectName("actorsFilter")
        self.filter.setAccessibleName("Filter actors")
        self.filter.setPlaceholderText("Filter actors")
        self.filter.setClearButtonEnabled(True)
        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels(["Actor", "Type", *(short for short, _full, _widest in NUMBER_COLUMNS)])
        for col, (_short, full, _widest) in enumerate(NUMBER_COLUMNS, 2):  # short headers: the names keep the room
            self.model.setHeaderData(col, Qt.Orientation.Horizontal, full, Qt.ItemDataRole.ToolTipRole)
            self.model.setHeaderData(col, Qt.Orientation.Horizontal, full, Qt.ItemDataRole.AccessibleTextRole)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setSortRole(SORT_ROLE)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.actorsView = QTreeView()
        self.actorsView.setObjectName("actorsView")
        self.actorsView.setAccessibleName("Actors list")
        self.actorsView.setModel(self.proxy)
        self.actorsView.setRootIsDecorated(False)
        self.actorsView.setSortingEnabled(True)
        self.actorsView.setAlternatingRowColors(True)
        self.actorsView.setUniformRowHeights(True)
        header = self.actorsView.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        metrics = self.actorsView.fontMetrics()  # number columns as wide as their short headers and a sort arrow
        widths = [max(map(metrics.horizontalAdvance, (short, widest))) + 14 for short, _full, widest in NUMBER_COLUMNS]
        for col, width in ((1, metrics.horizontalAdvance("organisation") + 16), *enumerate(widths, 2)):
            header.setSectionResizeMode(col, header.ResizeMode.Interactive)
            self.actorsView.setColumnWidth(col, width)
        self.actorsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actorsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actorsView.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.actorsView.customContextMenuRequested.connect(self._menu)
        self.actorsView.installEventFilter(self)  # the Menu key and Shift+F10 open the menu of the current actor
        self.actorsView.clicked.connect(lambda index: self.actorSelected.emit(self._id(index)))
        self.actorsView.activated.connect(lambda index: self.actorSelected.emit(self._id(index)))
        self.actorsView.doubleClicked.connect(lambda index: self.filterRequested.emit(self._name(index)))
        self.actorsView.setColumnHidden(1, True)  # the colour swatch and the legend show the type
        self.legend = QLabel(self._legend_html())
        self.legend.setObjectName("actorsLegend")
        self.legend.setAccessibleName("Highlight colours")
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # built from fixed strings and colours only
        self.hint = QLabel("Shared actors (in more than one open article) are bold. Click an actor to mark it in "
                           "every pane; double-click to filter the search; right-click to curate.")
        self.hint.setWordWrap(True)
        self.legend.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.duplicatesButton = QPushButton("Possible duplicates…")
        self.duplicatesButton.setObjectName("actorsDuplicates")
        self.duplicatesButton.setAccessibleName("Possible duplicate actors")
        self.duplicatesButton.setToolTip("Discovered people who are probably a known person under another "
                                         "spelling: review each and merge it if you agree")
        self.duplicatesButton.clicked.connect(self.review_duplicates)
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.actorsView, 1)
        layout.addWidget(self.duplicatesButton, 0, Qt.AlignmentFlag.AlignLeft)  # its own row: the panel stays narrow
        layout.addWidget(self.legend)
        layout.addWidget(self.hint)

    def tab_chain(self) -> list[QWidget]:
        """The panel's widgets in the order Tab visits them."""
        return [self.scope, self.filter, self.actorsView, self.duplicatesButton]

    @property
    def curation_allowed(self) -> bool:
        return self._curation_allowed

    @curation_allowed.setter
    def curation_allowed(self, allowed: bool) -> None:
        """Off on a read-only team library: the corrections are off and the duplicates entry is hidden."""
        self._curation_allowed = allowed
        self.duplicatesButton.setVisible(allowed)

    def _legend_html(self) -> str:
        swatch = '<span style="background-color:{}">&nbsp;&nbsp;&nbsp;</span>&nbsp;{}'
        keys = [("person", self.colours.actor("person")), ("organisation", self.colours.actor("organisation")),
                ("place", self.colours.actor("place")), ("document", self.colours.actor("document")),
                ("discovered", self.colours.colour("discovered")),
                ("search&nbsp;hit", self.colours.colour("hit")), ("selected", self.colours.colour("selected"))]
        # a key never breaks inside; the legend wraps between keys, so the panel can be narrow
        return "&nbsp; ".join(swatch.format(colour.name(), label) for label, colour in keys)

    # -- content -----------------------------------------------------------------
    def set_open_articles(self, articles) -> None:
        """Follow the panes: the open scope is rebuilt, the library scope's "In panes" column updated."""
        self.open_articles = list(articles)
        if self.scope.currentData() == SCOPE_OPEN:
            self.reload()
        else:
            self._mark_open()

    def _mark_open(self) -> None:
        open_ids = {ref.id for article in self.open_articles for ref in article.actors}
        for row in range(self.model.rowCount()):
            is_open = self.model.item(row, 0).data(ID_ROLE) in open_ids
            cell = self.model.item(row, PANES_COLUMN)
            if cell.data(SORT_ROLE) != int(is_open):
                cell.setText("open" if is_open else "")
                cell.setData(int(is_open), SORT_ROLE)

    def reload(self) -> None:
        selected = self.current_id()
        self.model.removeRows(0, self.model.rowCount())
        if self.scope.currentData() == SCOPE_OPEN:
            self._fill_open()
        else:
            self._fill_library()
        self.actorsView.sortByColumn(3 if self.scope.currentData() == SCOPE_LIBRARY else PANES_COLUMN,
                                     Qt.SortOrder.DescendingOrder)
        if selected:
            self.select(selected, emit=False)

    def recolour(self) -> None:
        """The rows' type colours from the current highlight colours (a palette change): no library query."""
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            kind = item.data(KIND_ROLE) if item is not None else None
            if kind:
                item.setData(self.colours.actor(*kind), Qt.ItemDataRole.DecorationRole)

    def _row(self, actor_id, name, type_, articles, mentions, panes_text="", panes=0, shared=False,
             discovered=False):
        name_item = _text_item(name)
        name_item.setData(actor_id, ID_ROLE)
        name_item.setData(self.colours.actor(type_, discovered), Qt.ItemDataRole.DecorationRole)
        name_item.setData((type_, discovered), KIND_ROLE)
        type_item_text = type_ + (" (discovered)" if discovered else "")
        type_item = _text_item(type_item_text)
        row = [name_item, type_item, _NumberItem(articles), _NumberItem(mentions), _NumberItem(panes, panes_text)]
        if shared:
            bold = QFont()
            bold.setBold(True)
            for item in row:
                item.setFont(bold)
        for item in row:
            item.setToolTip(literal_tip(f"{name} ({type_}): {mentions} mention{'s' if mentions != 1 else ''}"))
        self.model.appendRow(row)

    def _fill_open(self) -> None:
        n = len(self.open_articles)
        seen: dict[str, list] = {}
        for article in self.open_articles:
            for ref in article.actors:
                seen.setdefault(ref.id, []).append(ref)
        for actor_id, refs in seen.items():
            ref = refs[0]
            panes = len(refs)
            self._row(actor_id, ref.name, ref.type, panes, sum(len(r.mentions) for r in refs),
                      f"{panes} of {n}", panes, shared=panes > 1, discovered=ref.discovered)

    def _fill_library(self) -> None:
        try:
            stats = self.library.actor_stats()
        except BriefingReaderError as exc:
            log.warning("actor list not loaded: %s", exc)
            return
        open_ids = {ref.id for a in self.open_articles for ref in a.actors}
        for s in stats:
            self._row(s.actor.id, s.actor.name, s.actor.type, s.articles, s.mentions,
                      "open" if s.actor.id in open_ids else "", int(s.actor.id in open_ids),
                      discovered=s.actor.discovered)

    # -- selection ---------------------------------------------------------------
    def _id(self, index) -> str:
        return self.proxy.index(index.row(), 0).data(ID_ROLE) or ""

    def _name(self, index) -> str:
        return self.proxy.index(index.row(), 0).data() or ""

    def current_id(self) -> str:
        index = self.actorsView.currentIndex()
        return self._id(index) if index.isValid() else ""

    def row_of(self, actor_id: str) -> int:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == actor_id:
                return row
        return -1

    def select(self, actor_id: str, emit: bool = True) -> bool:
        row = self.row_of(actor_id)
        if row < 0:
            return False
        self.actorsView.setCurrentIndex(self.proxy.index(row, 0))
        if emit:
            self.actorSelected.emit(actor_id)
        return True

    # -- curation ----------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.actorsView and event.type() == QEvent.Type.KeyPress and _menu_key(event):
            index = self.actorsView.currentIndex()
            if index.isValid():
                self._menu(self.actorsView.visualRect(index).center())
                return True
        return super().eventFilter(watched, event)

    def _menu(self, pos) -> None:
        index = self.actorsView.indexAt(pos)
        if not index.isValid():
            return
        actor_id, name = self._id(index), self._name(index)
        menu = self.build_menu(actor_id, name)
        menu.exec(self.actorsView.viewport().mapToGlobal(pos))

    def build_menu(self, actor_id: str, name: str) -> QMenu:
        """The actor's context menu; its corrections are off (with the reason) on a read-only library."""
        menu = QMenu(self)
        menu.addAction("Filter the search by this actor", lambda: self.filterRequested.emit(name))
        menu.addSeparator()
        curating = [
            menu.addAction("Rename…", lambda: self.rename(actor_id)),
            menu.addAction("Merge another actor into this one…", lambda: self.merge(actor_id)),
            menu.addAction("Add an alias…", lambda: self.alias(actor_id)),
        ]
        types = menu.addMenu("Change type")
        for type_ in ACTOR_TYPES:
            types.addAction(type_, lambda t=type_: self.set_type(actor_id, t))
        menu.addSeparator()
        curating.append(menu.addAction("Ignore (not an actor)", lambda: self.ignore(actor_id)))
        if not self.curation_allowed:
            types.setEnabled(False)
            for action in curating:
                action.setEnabled(False)
                action.setStatusTip(READ_ONLY_CURATION)
        menu.addSeparator()
        menu.addAction(self.undo_stack.createUndoAction(menu, "Undo"))
        menu.addAction(self.undo_stack.createRedoAction(menu, "Redo"))
        return menu

    def _curate(self, text: str, actor_ids: list[str], method: str, *args) -> bool:
        """Curate through the undo stack; a refusal is explained and leaves nothing to undo."""
        command = Curate(self.library, text, actor_ids, method, *args)
        self.undo_stack.push(command)
        if command.error:
            QMessageBox.warning(self, "Briefing Reader", f"Could not {text[0].lower() + text[1:]}: {command.error}")
            return False
        return True

    def _stack_moved(self, index: int) -> None:
        """A curation was done, undone or redone: every view of the actors follows, and the articles that
        contain a name the curation taught or took back are re-analysed."""
        low, high = sorted((self._stack_index, index))
        undone = index < self._stack_index
        self._stack_index = index
        refused = getattr(self.undo_stack.command(index), "undo_error", "") if undone else ""
        if refused:
            self.notice.emit(f"Not undone: {refused}")
        names = [n for i in range(low, high) for n in getattr(self.undo_stack.command(i), "recognised_names", ())]
        self.curated.emit()
        if names:
            self.reanalyse.emit(names)
        self.reload()

    def _actor_name(self, actor_id: str) -> str:
        actor = self.library.actors_engine.actor(actor_id)
        return actor.name if actor else actor_id

    def rename(self, actor_id: str) -> bool:
        old = self._actor_name(actor_id)
        name = ask_text(self, "Rename actor", "New name:", old)
        return bool(name) and self._curate(f"Rename “{old}” to “{name}”", [actor_id], "rename_actor",
                                           actor_id, name)

    def alias(self, actor_id: str) -> bool:
        name = self._actor_name(actor_id)
        alias = ask_text(self, "Add alias", f"Another name for {name} "
                                            "(applies at once to the articles that contain it):")
        return bool(alias) and self._curate(f"Add the alias “{alias}” to “{name}”", [actor_id], "alias_actor",
                                            actor_id, alias)

    def merge(self, actor_id: str) -> bool:
        """Pick another actor in a filtered list, confirm with both names and counts, merge it into this one."""
        try:
            stats = {s.actor.id: s for s in self.library.actor_stats()}
        except BriefingReaderError as exc:
            QMessageBox.warning(self, "Briefing Reader", str(exc))
            return False
        keep = stats.get(actor_id)
        keep_name = keep.actor.name if keep else self._actor_name(actor_id)
        choices = [(s.actor.id, f"{s.actor.name} ({s.actor.type}, {_articles(s.articles)})")
                   for s in sorted(stats.values(), key=lambda s: s.actor.name.casefold()) if s.actor.id != actor_id]
        other_id = choose_actor(self, "Merge actors", f"Merge which actor into {keep_name}?", choices)
        if other_id is None or other_id not in stats:
            return False
        return self._confirm_merge(actor_id, other_id, stats)

    def review_duplicates(self) -> bool:
        """List the library's merge suggestions; the one picked is merged, once confirmed, through the undo stack."""
        if not self.curation_allowed:
            return False
        try:
            suggestions = {s.discovered_id: s for s in self.library.merge_suggestions()}
            stats = {s.actor.id: s for s in self.library.actor_stats()}
        except BriefingReaderError as exc:
            QMessageBox.warning(self, "Briefing Reader", f"Could not look for duplicate actors: {exc}")
            return False
        if not suggestions:
            tell(self, "Possible duplicates", "No likely duplicates: no discovered person has both a similar "
                                              "name and the same co-actors as another actor.")
            return False
        choices = [(s.discovered_id, f"{s.discovered_name} → {s.suggested_name} (name {s.name_score:.0f}/100, "
                                     f"shared co-actors {s.coactor_score:.2f})") for s in suggestions.values()]
        picked = choose_actor(self, "Possible duplicates", "These discovered people are probably a known person "
                              "under another spelling. Pick one to merge it (you confirm next; Ctrl+Z undoes it):",
                              choices)
        suggestion = suggestions.get(picked or "")
        if suggestion is None or suggestion.discovered_id not in stats:
            return False
        found, known = suggestion.discovered_id, suggestion.suggested_id
        question = self._merge_question(known, found, stats) + ("\n\nOr, if they are different people, keep "
                                                                "them apart: this pair is not suggested again.")
        decision = decide_duplicate(self, "Possible duplicates", question)
        if decision == MERGE:
            return self._merge_now(known, found, stats)
        if decision == KEEP_APART:
            return self._curate(f"Keep “{suggestion.discovered_name}” and “{suggestion.suggested_name}” apart",
                                [found, known], "keep_actors_apart", found, known)
        return False

    def _merge_question(self, actor_id: str, other_id: str, stats: dict) -> str:
        """What a merge of `other_id` into `actor_id` does, with both names and article counts."""
        keep = stats.get(actor_id)
        other = stats[other_id]
        return (f"Merge “{other.actor.name}” ({_articles(other.articles)}) into “{self._actor_name(actor_id)}” "
                f"({_articles(keep.articles if keep else 0)})?\n\n"
                f"“{other.actor.name}” will no longer be listed on its own; "
                "its mentions count as this actor's. You can undo this (Ctrl+Z in the Actors panel).")

    def _confirm_merge(self, actor_id: str, other_id: str, stats: dict) -> bool:
        """Confirm with both names and article counts, then merge `other_id` into `actor_id` (undoable)."""
        return confirm(self, "Merge actors", self._merge_question(actor_id, other_id, stats)) and \
            self._merge_now(actor_id, other_id, stats)

    def _merge_now(self, actor_id: str, other_id: str, stats: dict) -> bool:
        keep_name, other_name = self._actor_name(actor_id), stats[other_id].actor.name
        return self._curate(f"Merge “{other_name}” into “{keep_name}”", [other_id, actor_id],
                            "merge_actors", actor_id, other_id)

    def set_type(self, actor_id: str, type_: str) -> bool:
        return self._curate(f"Change the type of “{self._actor_name(actor_id)}” to {type_}", [actor_id],
                            "set_actor_type", actor_id, type_)

    def ignore(self, actor_id: str) -> bool:
        name = self._actor_name(actor_id)
        if not confirm(self, "Ignore actor", f"Stop treating {name!r} as an actor? Its highlights disappear. "
                                             "You can undo this (Ctrl+Z in the Actors panel)."):
            return False
        return self._curate(f"Ignore “{name}”", [actor_id], "ignore_actor", actor_id)


NUMBER_COLUMNS = (("Art.", "Articles that mention the actor", "9999"), ("Ment.", "Mentions", "99999"),
                  ("Panes", "In how many open panes", "3 of 4"))  # (header, its tooltip, the widest value)


def _menu_key(event) -> bool:
    shift_f10 = event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
    return event.key() == Qt.Key.Key_Menu or shift_f10


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"
