"""The briefing panel: sections and items (drag to reorder), notes, a live preview, files and autosave.

Every edit is a QUndoCommand from desktop.commands pushed on the panel's QUndoStack.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton,
    QSplitter, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from indexer.briefing import (
    SUFFIX, Briefing, Excerpt, Note, Picture, RecoveryFile, actor_notes, load_briefing, save_briefing, to_html,
    to_markdown,
)
from indexer.briefing.markdown_export import export_markdown, made_from
from indexer.briefing.model import untitled_words
from indexer.briefing.refresh import plan_refresh
from indexer.briefing.store import write_atomic
from indexer.errors import ArticleNotFoundError, BriefingFileError

from .. import commands
from .safe_text import SafeTextBrowser
from .safe_text import literal_tip

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1500
EXPORT_MODE = 0o600  # an export holds article excerpts: user-only, like the briefing
PREVIEW_MS = 120
NOTE_MS = 400  # a note being typed is applied (and previewed) after this pause
DEFAULT_SECTION = "Excerpts"
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


# Dialogs are module functions so tests can replace them.
def _question_recover(parent, title: str, when: str) -> bool:
    """Offer the autosaved copy of a briefing after a crash or an unsaved exit."""
    answer = QMessageBox.question(
        parent, "Recover briefing",
        f"Briefing Reader found unsaved changes to the briefing “{title}” (autosaved {when}).\n\n"
        "Recover them? If you choose No, they are kept aside in the library's briefings folder as a "
        "briefing named “… (recovered …)”, which Briefing ▸ Open Briefing can open.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


ask_to_recover = _question_recover  # tests replace this (or pass ask= to offer_recovery)


def confirm_discard(parent, title: str) -> bool:
    answer = QMessageBox.question(
        parent, "Unsaved briefing", f"The briefing “{title}” has unsaved changes. Discard them?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


SAVE, DISCARD, CANCEL, KEEP = "save", "discard", "cancel", "keep"


def ask_save_changes(parent, title: str) -> str:
    """Save / Discard / Cancel for unsaved edits at quit; KEEP (the autosaved copy) when no one can answer."""
    from PySide6.QtWidgets import QApplication

    if QApplication.platformName() in ("offscreen", "minimal"):
        return KEEP
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        parent, "Unsaved briefing", f"Save the changes to the briefing “{title}” before closing?",
        buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save,
    )
    return {buttons.Save: SAVE, buttons.Discard: DISCARD}.get(answer, CANCEL)


def ask_section_name(parent, default: str) -> str | None:
    """The name of a new section, or None when cancelled."""
    text, ok = QInputDialog.getText(parent, "New section", "Section name:", text=default)
    return text.strip() if ok and text.strip() else None


def show_error(parent, text: str) -> None:
    QMessageBox.warning(parent, "Briefing Reader", text)


def briefings_folder(library_path) -> Path:
    """The library's briefings folder, <library>/briefings (created when missing): where the Save, Open and
    Export dialogs start and where autosaved recovery copies live."""
    folder = Path(library_path) / "briefings"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        log.warning("cannot create %s: %s", folder, exc)
    return folder


recovery_folder = briefings_folder


def _unquoted(text: str) -> str:
    """The words without the quote marks the selection took with them: the list adds its own (never ““…”)."""
    return text.strip().strip("“”\"«»„‘’'").strip() or text


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class BriefingPreview(SafeTextBrowser):
    """The rendered briefing: sanitised HTML from indexer.briefing.to_html, no resource loading."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("briefingPreview")
        self.setAccessibleName("Briefing preview")


class BriefingTree(QTreeWidget):
    """Sections and their items; drops become MoveItem / MoveSection commands, not widget moves."""

    moveRequested = Signal(str, str, str, int)  # kind, id, target section id, index (-1: end)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("excerptsView")
        self.setAccessibleName("Briefing sections and items")
        self.setHeaderHidden(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)

    deleteRequested = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.deleteRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        dragged = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if dragged is None:
            return
        where = self.dropIndicatorPosition()
        move = drop_target(self, dragged, target, where)
        if move is not None:
            self.moveRequested.emit(dragged.data(0, KIND_ROLE), dragged.data(0, ID_ROLE), *move)


def drop_target(tree: QTreeWidget, dragged, target, where) -> tuple[str, int] | None:
    """(section id, index) a drop puts the dragged item or section at; None for no move."""
    Pos = QAbstractItemView.DropIndicatorPosition
    kind = dragged.data(0, KIND_ROLE)
    if target is None:
        if kind == "section":
            return dragged.data(0, ID_ROLE), tree.topLevelItemCount() - 1
        last = tree.topLevelItem(tree.topLevelItemCount() - 1)
        return (last.data(0, ID_ROLE), -1) if last is not None else None
    section = target if target.parent() is None else target.parent()
    if kind == "section":
        index = tree.indexOfTopLevelItem(section) + (0 if where == Pos.AboveItem else 1)
        if tree.indexOfTopLevelItem(dragged) < index:
            index -= 1
        return dragged.data(0, ID_ROLE), max(0, min(index, tree.topLevelItemCount() - 1))
    if target.parent() is None:  # dropped on a section header
        return section.data(0, ID_ROLE), (0 if where == Pos.BelowItem else -1)
    index = section.indexOfChild(target) + (0 if where == Pos.AboveItem else 1)
    if dragged.parent() is section and section.indexOfChild(dragged) < index:
        index -= 1
    return section.data(0, ID_ROLE), index


class BriefingPanel(QWidget):
    """Owns the briefing document, its file, its undo stack and its autosave."""

    changed = Signal()
    notice = Signal(str)  # something the status bar should say
    fileChanged = Signal(str)  # the briefing's file path ("" when unsaved)
    titleTyped = Signal()  # the title field is being edited (not yet applied)
    openRequested = Signal(object)  # an Excerpt (Return or double-click): show it in its article

    def __init__(self, library, settings, parent=None):
        super().__init__(parent)
        self.setObjectName("briefingPanel")
        self.setAccessibleName("Briefing")
        self.library = library
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._emit_file)
        self.briefing: Briefing | None = None
        self.path: Path | None = None
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS, timeout=self.write_recovery)
        self._preview = QTimer(self, singleShot=True, interval=PREVIEW_MS, timeout=self.refresh_preview)
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_MS, timeout=self._apply_note)
        self._note_item = ""  # id of the excerpt or note whose text the note editor shows
        self._build()
        self.set_briefing(Briefing("Untitled briefing"), None)

    # -- widgets -----------------------------------------------------------------
    def _build(self) -> None:
        self.titleEdit = QLineEdit()
        self.titleEdit.setObjectName("briefingTitle")
        self.titleEdit.setAccessibleName("Briefing title")
        self.titleEdit.editingFinished.connect(self._title_edited)
        self.titleEdit.textEdited.connect(lambda _text: self.titleTyped.emit())
        self.excerptsView = BriefingTree()
        self.excerptsView.moveRequested.connect(self._move_requested)
        self.excerptsView.deleteRequested.connect(self.remove_selected)
        self.excerptsView.itemChanged.connect(self._item_renamed)
        self.excerptsView.currentItemChanged.connect(self._current_changed)
        self.excerptsView.itemActivated.connect(self._activated)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for text, name, slot in (
            ("+ Section", "addSectionButton", lambda: self.add_section()),
            ("+ Note", "addNoteButton", lambda: self.add_note()),
            ("Remove", "removeItemButton", self.remove_selected),
            ("▲", "moveUpButton", lambda: self.move_selected(-1)),
            ("▼", "moveDownButton", lambda: self.move_selected(1)),
        ):
            button = QToolButton() if len(text) == 1 else QPushButton(text)
            button.setText(text)
            button.setObjectName(name)
            button.setAccessibleName({"▲": "Move up", "▼": "Move down"}.get(text, text.strip("+ ")))
            button.clicked.connect(slot)
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(text) + 10)  # below the style's 80 px
            buttons.addWidget(button)
        self.noteLabel = QLabel("Select an excerpt or a note to edit its text.")
        self.noteLabel.setWordWrap(True)  # the dock may be narrow
        self.noteEditor = QPlainTextEdit()
        self.noteEditor.setObjectName("noteEditor")
        self.noteEditor.setAccessibleName("Note text (Markdown)")
        self.noteEditor.setPlaceholderText("Your note, in Markdown")
        self.noteEditor.setMaximumHeight(90)
        self.noteEditor.setTabChangesFocus(True)  # Tab leaves the note: the keyboard can reach the rest
        self.noteEditor.setEnabled(False)
        self.noteEditor.textChanged.connect(self._note_typed)
        self.applyNote = QPushButton("Apply note")
        self.applyNote.setObjectName("applyNoteButton")
        self.applyNote.setAccessibleName("Apply note")
        self.applyNote.setEnabled(False)
        self.applyNote.clicked.connect(self._apply_note)
        editor = QWidget()
        top = QVBoxLayout(editor)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.titleEdit)
        top.addWidget(self.excerptsView, 1)
        top.addLayout(buttons)
        top.addWidget(self.noteLabel)
        top.addWidget(self.noteEditor)
        top.addWidget(self.applyNote, 0, Qt.AlignmentFlag.AlignRight)
        self.briefingPreview = BriefingPreview()
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("briefingSplitter")
        self.split.addWidget(editor)
        self.split.addWidget(self.briefingPreview)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.split)

    def tab_chain(self) -> list[QWidget]:
        """The panel's widgets in the order Tab visits them."""
        buttons = [self.findChild(QWidget, name) for name in
                   ("addSectionButton", "addNoteButton", "removeItemButton", "moveUpButton", "moveDownButton")]
        return [self.titleEdit, self.excerptsView, *buttons, self.noteEditor, self.applyNote, self.briefingPreview]

    # -- document ----------------------------------------------------------------
    def set_briefing(self, briefing: Briefing, path: Path | None) -> None:
        if self.briefing is not None:
            try:
                self.briefing.remove_listener(self._on_model_changed)
            except ValueError:
                pass
        self.briefing = briefing
        self.path = Path(path) if path else None
        briefing.add_listener(self._on_model_changed)
        self.undo_stack.clear()
        self.rebuild_tree()
        self.refresh_preview()
        self.fileChanged.emit(str(self.path or ""))

    def _emit_file(self, *_args) -> None:
        self.fileChanged.emit(str(self.path or ""))

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def title(self) -> str:
        return self.briefing.title.strip() or "Untitled briefing"

    def shown_title(self) -> str:
        """The title as the analyst sees it, one still being typed included."""
        typed = self.titleEdit.text().strip() if self.titleEdit.isModified() else ""
        return typed or self.title()

    def _on_model_changed(self, _briefing, _operation: str) -> None:
        self.rebuild_tree()
        self._preview.start()
        self._autosave.start()
        self.changed.emit()

    def push(self, command) -> None:
        self.undo_stack.push(command)

    # -- editing -----------------------------------------------------------------
    def _target_section(self) -> str:
        item = self.excerptsView.currentItem()
        if item is not None:
            section = item if item.parent() is None else item.parent()
            return section.data(0, ID_ROLE)
        return self.briefing.sections[-1].id if self.briefing.sections else ""

    def _add(self, item) -> None:
        """Add an item to the current section, creating a first section in the same undo step if needed."""
        section_id = self._target_section()
        if section_id:
            self.push(commands.AddItem(self.briefing, section_id, item))
        else:
            self.undo_stack.beginMacro(f"Add {commands.item_kind(item)}")
            add_section = commands.AddSection(self.briefing, DEFAULT_SECTION)
            self.push(add_section)
            self.push(commands.AddItem(self.briefing, add_section.section.id, item))
            self.undo_stack.endMacro()
        self.select_id(item.id)

    def add_excerpt(self, excerpt: Excerpt) -> None:
        self._add(excerpt)

    def add_picture(self, picture: Picture) -> None:
        self._add(picture)

    def add_note(self, text: str = "New note") -> Note:
        note = Note(text)
        self._add(note)
        self.noteEditor.setFocus()
        self.noteEditor.selectAll()
        return note

    def add_section(self, title: str | None = None) -> str:
        """Add a section (asking its name when none is given); "" when the question was cancelled."""
        title = title or ask_section_name(self, "New section")
        if not title:
            return ""
        command = commands.AddSection(self.briefing, title)
        self.push(command)
        self.select_id(command.section.id)
        return command.section.id

    def remove_selected(self) -> bool:
        item = self.excerptsView.currentItem()
        if item is None:
            return False
        kind, id_ = item.data(0, KIND_ROLE), item.data(0, ID_ROLE)
        self.push(commands.RemoveSection(self.briefing, id_) if kind == "section"
                  else commands.RemoveItem(self.briefing, id_))
        return True

    def move_selected(self, delta: int) -> bool:
        """Move the selected item (across section boundaries) or section up or down."""
        item = self.excerptsView.currentItem()
        if item is None:
            return False
        kind, id_ = item.data(0, KIND_ROLE), item.data(0, ID_ROLE)
        if kind == "section":
            index = self.briefing.section_index(id_) + delta
            if not 0 <= index < len(self.briefing.sections):
                return False
            self.push(commands.MoveSection(self.briefing, id_, index))
        else:
            section, index = self.briefing.locate(id_)
            s_index = self.briefing.sections.index(section)
            if 0 <= index + delta < len(section.items):
                self.push(commands.MoveItem(self.briefing, id_, section.id, index + delta))
            elif 0 <= s_index + delta < len(self.briefing.sections):
                other = self.briefing.sections[s_index + delta]
                index = len(other.items) if delta < 0 else 0  # end of the section above, top of the one below
                self.push(commands.MoveItem(self.briefing, id_, other.id, index))
            else:
                return False
        self.select_id(id_)
        return True

    def _move_requested(self, kind: str, id_: str, section_id: str, index: int) -> None:
        if kind == "section":
            if self.briefing.section_index(id_) != index:
                self.push(commands.MoveSection(self.briefing, id_, index))
        else:
            section, current = self.briefing.locate(id_)
            target = None if index < 0 else index
            if section.id == section_id and (target == current or (target is None and current == len(section.items) - 1)):
                return
            self.push(commands.MoveItem(self.briefing, id_, section_id, target))
        self.select_id(id_)

    def set_item_text(self, item_id: str, text: str) -> None:
        self.push(commands.SetItemText(self.briefing, item_id, text))

    def _note_typed(self) -> None:
        if self._note_item and self.noteEditor.isEnabled():
            self._note_timer.start()  # applied after a pause: the preview follows the typing

    def _apply_note(self) -> None:
        self._note_timer.stop()
        self._apply_text(self._note_item, self.noteEditor.toPlainText())

    def _apply_text(self, item_id: str, text: str) -> None:
        try:
            current = self.briefing.item(item_id)
        except KeyError:  # removed meanwhile (or no item)
            return
        old = current.text if isinstance(current, Note) else current.note
        if text != old:
            self.set_item_text(item_id, text)

    def _title_edited(self) -> None:
        text = self.titleEdit.text().strip()
        self.titleEdit.setModified(False)
        if text and text != self.briefing.title:
            self.push(commands.SetField(self.briefing, "title", text))

    def commit_title(self) -> None:
        """Apply a title, or a note, still being typed (Ctrl+S or quitting does not end the editing)."""
        if self.titleEdit.isModified():
            self._title_edited()
        if self._note_timer.isActive():
            self._apply_note()

    def _item_renamed(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, KIND_ROLE) != "section":
            return
        title = item.text(0).strip()
        section = self.briefing.section(item.data(0, ID_ROLE))
        if title and title != section.title:
            QTimer.singleShot(0, lambda: self.push(commands.RenameSection(self.briefing, section.id, title)))
        elif not title:
            QTimer.singleShot(0, self.rebuild_tree)

    # -- tree --------------------------------------------------------------------
    def rebuild_tree(self) -> None:
        tree = self.excerptsView
        current = tree.currentItem().data(0, ID_ROLE) if tree.currentItem() else None
        tree.blockSignals(True)
        tree.clear()
        for section in self.briefing.sections:
            top = QTreeWidgetItem([section.title])
            top.setData(0, KIND_ROLE, "section")
            top.setData(0, ID_ROLE, section.id)
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
                         | Qt.ItemFlag.ItemIsDropEnabled)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setToolTip(0, "Section: double-click to rename, drag to reorder")
            tree.addTopLevelItem(top)
            for item in section.items:
                top.addChild(self._tree_item(item))
            top.setExpanded(True)
        if self.titleEdit.text() != self.briefing.title and not self.titleEdit.isModified():
            self.titleEdit.setText(self.briefing.title)  # never over a title being typed
        tree.blockSignals(False)
        if current:
            self.select_id(current, quiet=True)
        self._current_changed(tree.currentItem(), None)

    def _tree_item(self, item) -> QTreeWidgetItem:
        if isinstance(item, Excerpt):
            source = ", ".join(p for p in (item.source, item.date) if p)
            words = f"Reported: {_short(item.text)}" if item.reported else f"“{_short(_unquoted(item.text))}”"  # no marks: not verbatim
            short = _short(item.title, 60)
            text = f"{words} — {untitled_words(short, item.title_kind) or short}" + (f" ({source})" if source else "")
            if item.note:
                text += f"  ✎ {_short(item.note, 70)}"
            if item.stale:
                text = f"⚠ {item.stale_label}: " + text
            title = untitled_words(item.title, item.title_kind) or item.title  # a stand-in is never shown as a headline
            tip = f"{title}\n{item.path}" + (f"\n{item.stale_label}: the excerpt keeps the text it was taken with"
                                              if item.stale else "") + "\nReturn or double-click: show it in its article"
            kind = "excerpt"
        elif isinstance(item, Picture):
            text, tip, kind = f"▦ {item.kind}: {_short(item.caption)}", f"Made from {made_from(item)}", "picture"
        else:
            text, tip, kind = f"✎ {_short(item.text)}", "Your note", "note"
        tree_item = QTreeWidgetItem([text])
        tree_item.setData(0, KIND_ROLE, kind)
        tree_item.setData(0, ID_ROLE, item.id)
        tree_item.setToolTip(0, literal_tip(tip))
        tree_item.setFlags((tree_item.flags() | Qt.ItemFlag.ItemIsDragEnabled) & ~Qt.ItemFlag.ItemIsDropEnabled)
        return tree_item

    def tree_item(self, id_: str) -> QTreeWidgetItem | None:
        tree = self.excerptsView
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            if top.data(0, ID_ROLE) == id_:
                return top
            for j in range(top.childCount()):
                if top.child(j).data(0, ID_ROLE) == id_:
                    return top.child(j)
        return None

    def select_id(self, id_: str, quiet: bool = False) -> None:
        item = self.tree_item(id_)
        if item is not None:
            if quiet:
                self.excerptsView.blockSignals(True)
            self.excerptsView.setCurrentItem(item)
            if quiet:
                self.excerptsView.blockSignals(False)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        """Return or a double-click on an excerpt: open it in its article (sections and notes are renamed)."""
        if item.data(0, KIND_ROLE) == "excerpt":
            self.openRequested.emit(self.briefing.item(item.data(0, ID_ROLE)))

    def _current_changed(self, current, _previous) -> None:
        kind = current.data(0, KIND_ROLE) if current is not None else None
        id_ = current.data(0, ID_ROLE) if kind in ("excerpt", "note") else ""
        if self._note_timer.isActive() and id_ != self._note_item:  # typing, then another item: keep the typing
            pending = (self._note_item, self.noteEditor.toPlainText())
            self._note_timer.stop()
            QTimer.singleShot(0, self, lambda: self._apply_text(*pending))
        self._note_item = id_
        self.noteEditor.setEnabled(bool(id_))
        self.applyNote.setEnabled(bool(id_))
        if not id_:
            self.noteLabel.setText("Select an excerpt or a note to edit its text.")
            self._show_note("")
            return
        item = self.briefing.item(id_)
        self.noteLabel.setText("Note shown under this excerpt (the preview follows as you type):" if kind == "excerpt"
                               else "Note text (the preview follows as you type):")
        self._show_note(item.note if kind == "excerpt" else item.text)

    def _show_note(self, text: str) -> None:
        """Show a note's text; the text being typed is left alone (cursor included) when it is the same."""
        if self.noteEditor.toPlainText() != text:
            self.noteEditor.blockSignals(True)
            self.noteEditor.setPlainText(text)
            self.noteEditor.blockSignals(False)

    def refresh_preview(self) -> None:
        bar = self.briefingPreview.verticalScrollBar()
        at = bar.value()
        self.briefingPreview.setHtml(to_html(self.briefing, actor_notes=self.actor_notes()))
        bar.setValue(at)

    def actor_notes(self) -> dict:
        """The analyst's curation of the excerpts' actors, for the appendix (never gazetteer text)."""
        return actor_notes(self.library, self.briefing)

    # -- files -------------------------------------------------------------------
    def recovery(self) -> RecoveryFile:
        folder = recovery_folder(self.library.path)
        return RecoveryFile(self.path, folder=folder) if self.path else RecoveryFile(folder=folder)

    def write_recovery(self) -> None:
        """Autosave: a recovery copy, offered back after a crash."""
        if not self.is_modified():
            return
        recovery = self.recovery()
        try:
            recovery.path.parent.mkdir(parents=True, exist_ok=True)
            recovery.write(self.briefing)
            self.settings.set_recovery_target(str(self.path or ""))
            self.settings.sync()  # a crash right after this autosave must still find the file
        except (BriefingFileError, OSError) as exc:
            log.warning("autosave failed: %s", exc)

    def offer_recovery(self, ask=None) -> bool:
        """At start-up: if an autosaved copy exists, offer it. Returns True when recovered."""
        ask = ask or ask_to_recover
        if ask is _question_recover:
            from PySide6.QtWidgets import QApplication

            if QApplication.platformName() in ("offscreen", "minimal"):
                log.info("autosaved briefing kept; no screen to ask about recovering it")
                return False  # a modal question would wait forever with no screen
        for recovery in self._recovery_candidates():
            if not recovery.exists():
                continue
            if not recovery.is_newer_than_saved():
                recovery.discard()
                continue
            try:
                recovered = recovery.load()
            except BriefingFileError as exc:
                log.warning("recovery file unusable: %s", exc)
                recovery.discard()
                continue
            if not ask(self, recovered.title, recovered.modified[:19].replace("T", " ")):
                self._keep_aside(recovery, recovered)
                return False
            self.set_briefing(recovered, recovery.briefing_path)
            self.mark_recovered()
            self.follow_library()
            return True
        return False

    def _keep_aside(self, recovery: RecoveryFile, recovered: Briefing) -> Path | None:
        """A declined recovery becomes an ordinary briefing in the briefings folder, never lost."""
        stamp = recovered.modified[:19].replace("T", " ").replace(":", "-") or "autosave"
        folder = briefings_folder(self.library.path)
        target = _unused(folder / f"{_file_stem(recovered.title)} (recovered {stamp}){SUFFIX}")
        try:
            save_briefing(recovered, target)
        except BriefingFileError as exc:
            log.warning("declined recovery not kept aside: %s", exc)
            self.notice.emit(f"The autosaved briefing stays in {recovery.path}: it could not be copied ({exc}).")
            return None
        recovery.discard()
        self.notice.emit(f"The unsaved briefing “{recovered.title}” is kept as {target}; "
                         "open it with Open Briefing (Ctrl+Shift+O).")
        return target

    def _recovery_candidates(self) -> list[RecoveryFile]:
        """The recovery file named in the settings first, then every other one in the folder, newest first."""
        target = self.settings.recovery_target()
        folder = recovery_folder(self.library.path)
        candidates = [RecoveryFile(Path(target), folder=folder)] if target else []
        known = {c.path for c in candidates}
        files = sorted(folder.glob(f"*{SUFFIX}.recovery"), key=lambda p: p.stat().st_mtime, reverse=True)
        for file in files:
            if file not in known:
                name = file.name[: -len(f"{SUFFIX}.recovery")]
                candidates.append(RecoveryFile(folder=folder, name=name))
        return candidates

    def mark_recovered(self) -> None:
        """A recovered briefing is unsaved: make the undo stack unclean without an undoable step."""
        self.undo_stack.resetClean()  # no clean index: "modified"
        self.fileChanged.emit(str(self.path or ""))

    def follow_library(self) -> str:
        """Bring each excerpt's citation up to its article as the library has it now: changed fields in one
        undoable step ("Update citations"), flags for a text or an article that is gone. Returns what the
        status bar is told ("" when nothing changed)."""
        try:
            refresh = plan_refresh(self.briefing, self._article_now)
        except Exception as exc:  # noqa: BLE001 - a check must never stop opening or exporting a briefing
            log.warning("citations not checked: %s", exc, exc_info=True)
            text = f"The citations could not be checked against the library ({exc}); they stay as they were."
            self.notice.emit(text)
            return text
        if refresh.none_found:  # built from another library: flagging every excerpt would mislead
            text = ("None of the articles this briefing cites is in this library; its citations stay as saved. "
                    "Open the library it was built from (File ▸ Open Library).")
            self.notice.emit(text)
            return text
        self.briefing.flag_excerpts(refresh.flags)
        if refresh.updates:
            self.push(commands.UpdateCitations(self.briefing, refresh.updates))
        text = refresh.summary()
        if refresh.updates:
            text += " Undo in the Briefing panel restores the earlier citations."
        if text:
            self.notice.emit(text)
        return text

    def _article_now(self, article_id: str):
        """The article as the library has it now; None when it was removed."""
        try:
            return self.library.article(article_id)
        except ArticleNotFoundError:
            return None

    def new(self, confirm=None) -> bool:
        self.commit_title()  # what is being typed counts as an unsaved change
        if self.is_modified() and not (confirm or confirm_discard)(self, self.title()):
            return False
        self.recovery().discard()
        self.set_briefing(Briefing("Untitled briefing"), None)
        return True

    def open(self, path: str | None = None, confirm=None) -> bool:
        self.commit_title()
        if self.is_modified() and not (confirm or confirm_discard)(self, self.title()):
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Open briefing", str(self._folder()),
                                                  f"Briefings (*{SUFFIX});;All files (*)")
            if not path:
                return False
        try:
            briefing = load_briefing(path)
        except BriefingFileError as exc:
            show_error(self, str(exc))
            return False
        self.recovery().discard()
        self.set_briefing(briefing, Path(path))
        self.follow_library()
        self.settings.add_recent_briefing(str(path))
        return True

    def save(self) -> bool:
        return self.save_as(self.path) if self.path else self.save_as()

    def save_as(self, path: Path | str | None = None) -> bool:
        self.commit_title()
        if path is None:
            default = str(self._folder() / (_file_stem(self.title()) + SUFFIX))
            path, _ = QFileDialog.getSaveFileName(self, "Save briefing", default, f"Briefings (*{SUFFIX})")
            if not path:
                return False
            if not path.endswith(SUFFIX):
                path = path.removesuffix(".json") + SUFFIX
        old_recovery = self.recovery()
        try:
            save_briefing(self.briefing, path)
        except BriefingFileError as exc:
            show_error(self, str(exc))
            return False
        old_recovery.discard()
        self.path = Path(path)
        self.recovery().discard()
        self.undo_stack.setClean()
        self.settings.add_recent_briefing(str(path))
        self.fileChanged.emit(str(path))
        return True

    def export(self) -> str | None:
        """Ask for a file and export to Markdown, or HTML when the name ends in .html."""
        self.commit_title()
        default = str(self._folder() / (_file_stem(self.title()) + ".md"))
        path, chosen = QFileDialog.getSaveFileName(self, "Export briefing", default,
                                                   "Markdown (*.md);;HTML (*.html)")
        if not path:
            return None
        target = Path(path)
        is_html = target.suffix.lower() in (".html", ".htm") or (not target.suffix and "html" in (chosen or "").lower())
        if not target.suffix:
            target = target.with_suffix(".html" if is_html else ".md")
        self.follow_library()  # the export cites the articles as the library has them now
        notes = self.actor_notes()
        text = to_html(self.briefing, actor_notes=notes) if is_html else to_markdown(self.briefing, actor_notes=notes)
        try:  # like `brief export`: atomic, user-only, and a killed export's temporary file is cleaned
            if not is_html and self.briefing.pictures():  # each picture's PNG and SVG go beside the .md
                export_markdown(self.briefing, target, lambda p, data: write_atomic(p, data, mode=EXPORT_MODE),
                                actor_notes=notes)
            else:
                write_atomic(target, text.encode("utf-8", errors="replace"), mode=EXPORT_MODE)
        except BriefingFileError as exc:
            show_error(self, f"{exc} Choose another folder.")
            return None
        return str(target)

    def copy_markdown(self) -> str:
        self.commit_title()
        self.follow_library()
        text = to_markdown(self.briefing, actor_notes=self.actor_notes())
        QGuiApplication.clipboard().setText(text)
        return text

    def on_close(self) -> None:
        """Keep unsaved edits in the recovery file (offered next time); drop it when all is saved."""
        self.commit_title()
        self._autosave.stop()
        if self.is_modified():
            self.write_recovery()
        else:
            self.recovery().discard()

    def confirm_close(self, ask=None) -> bool:
        """Before quitting: Save / Discard / Cancel unsaved edits; False keeps the window open."""
        self.commit_title()
        if not self.is_modified():
            return True
        choice = (ask or ask_save_changes)(self, self.title())
        if choice == SAVE:
            return self.save()
        if choice == DISCARD:
            self._autosave.stop()
            self.recovery().discard()
            self.undo_stack.setClean()  # on_close then writes no recovery copy
            return True
        return choice == KEEP

    def _folder(self) -> Path:
        """Where file dialogs start: the saved briefing's folder, else the library's briefings folder."""
        if self.path and self.path.parent.is_dir():
            return self.path.parent
        return briefings_folder(self.library.path)


def _unused(path: Path) -> Path:
    """`path`, or the same name with " 2", " 3"... before the suffix when it is taken."""
    stem, n = path.name[: -len(SUFFIX)], 2
    while path.exists():
        path = path.with_name(f"{stem} {n}{SUFFIX}")
        n += 1
    return path


def _file_stem(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(keep.split())[:60] or "briefing"
