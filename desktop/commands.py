"""Undo commands for briefing edits and actor curation. redo() and undo() only call model and library methods."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from indexer.briefing import Briefing, Excerpt, Note, Picture, Section
from indexer.errors import BriefingReaderError


class AddSection(QUndoCommand):
    def __init__(self, briefing: Briefing, title: str, index: int | None = None):
        super().__init__(f"Add section “{title}”")
        self.briefing = briefing
        self.section = Section(title)
        self.index = len(briefing.sections) if index is None else index

    def redo(self) -> None:
        self.briefing.insert_section(self.section, self.index)

    def undo(self) -> None:
        self.briefing.remove_section(self.section.id)


class RemoveSection(QUndoCommand):
    def __init__(self, briefing: Briefing, section_id: str):
        super().__init__("Remove section")
        self.briefing = briefing
        self.section_id = section_id
        self.removed: tuple[Section, int] | None = None

    def redo(self) -> None:
        self.removed = self.briefing.remove_section(self.section_id)

    def undo(self) -> None:
        section, index = self.removed
        self.briefing.insert_section(section, index)


class RenameSection(QUndoCommand):
    def __init__(self, briefing: Briefing, section_id: str, title: str):
        super().__init__("Rename section")
        self.briefing, self.section_id, self.title = briefing, section_id, title
        self.old = ""

    def redo(self) -> None:
        self.old = self.briefing.rename_section(self.section_id, self.title)

    def undo(self) -> None:
        self.briefing.rename_section(self.section_id, self.old)


class MoveSection(QUndoCommand):
    def __init__(self, briefing: Briefing, section_id: str, index: int):
        super().__init__("Move section")
        self.briefing, self.section_id, self.index = briefing, section_id, index
        self.old = 0

    def redo(self) -> None:
        self.old = self.briefing.move_section(self.section_id, self.index)

    def undo(self) -> None:
        self.briefing.move_section(self.section_id, self.old)


def item_kind(item) -> str:
    """How an undo step names a briefing item: "excerpt", "picture" or "note"."""
    if isinstance(item, Excerpt):
        return "excerpt"
    return "picture" if isinstance(item, Picture) else "note"


class AddItem(QUndoCommand):
    def __init__(self, briefing: Briefing, section_id: str, item: Excerpt | Note | Picture, index: int | None = None):
        super().__init__(f"Add {item_kind(item)}")
        self.briefing, self.section_id, self.item, self.index = briefing, section_id, item, index

    def redo(self) -> None:
        self.index = self.briefing.add_item(self.section_id, self.item, self.index)

    def undo(self) -> None:
        self.briefing.remove_item(self.item.id)


class RemoveItem(QUndoCommand):
    def __init__(self, briefing: Briefing, item_id: str):
        super().__init__("Remove item")
        self.briefing, self.item_id = briefing, item_id
        self.removed = None

    def redo(self) -> None:
        self.removed = self.briefing.remove_item(self.item_id)

    def undo(self) -> None:
        section_id, index, item = self.removed
        self.briefing.add_item(section_id, item, index)


class MoveItem(QUndoCommand):
    def __init__(self, briefing: Briefing, item_id: str, section_id: str, index: int | None = None):
        super().__init__("Move item")
        self.briefing, self.item_id, self.section_id, self.index = briefing, item_id, section_id, index
        self.back: tuple[str, int] | None = None

    def redo(self) -> None:
        self.back = self.briefing.move_item(self.item_id, self.section_id, self.index)

    def undo(self) -> None:
        self.briefing.move_item(self.item_id, *self.back)


class SetItemText(QUndoCommand):
    """Edit a note's text, or the analyst note attached to an excerpt."""

    ID = 1  # consecutive edits of one note (typing, applied as you go) merge into one undo step

    def __init__(self, briefing: Briefing, item_id: str, text: str):
        super().__init__("Edit note")
        self.briefing, self.item_id, self.text = briefing, item_id, text
        self.old = ""

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other) -> bool:  # noqa: N802
        if not isinstance(other, SetItemText) or other.item_id != self.item_id:
            return False
        self.text = other.text  # self.old stays: one undo goes back to before the typing
        return True

    def _set(self, text: str) -> str:
        if isinstance(self.briefing.item(self.item_id), Note):
            return self.briefing.edit_note(self.item_id, text)
        return self.briefing.set_excerpt_note(self.item_id, text)

    def redo(self) -> None:
        self.old = self._set(self.text)

    def undo(self) -> None:
        self._set(self.old)


class UpdateCitations(QUndoCommand):
    """Excerpts' citations follow the library's current details: {excerpt id: {field: value}} as one step."""

    def __init__(self, briefing: Briefing, updates: dict[str, dict[str, object]]):
        super().__init__("Update citations")
        self.briefing, self.updates = briefing, updates
        self.old: dict[str, dict[str, object]] = {}

    def redo(self) -> None:
        self.old = self.briefing.update_excerpts(self.updates)

    def undo(self) -> None:
        self.briefing.update_excerpts(self.old)


class SetField(QUndoCommand):
    """Set the briefing's title, subtitle or author."""

    def __init__(self, briefing: Briefing, name: str, value: str):
        super().__init__(f"Set {name}")
        self.briefing, self.name, self.value = briefing, name, value
        self.old = ""

    def redo(self) -> None:
        self.old = getattr(self.briefing, f"set_{self.name}")(self.value)

    def undo(self) -> None:
        getattr(self.briefing, f"set_{self.name}")(self.old)


class Curate(QUndoCommand):
    """One actor curation (merge, rename, alias, type, ignore) through a Library method.

    redo() keeps the library's record of every actor the curation touches, then calls the method;
    undo() puts those records back. A curation the library refuses leaves `error` set and the
    command obsolete, so the stack drops it."""

    def __init__(self, library, text: str, actor_ids: list[str], method: str, *args):
        super().__init__(text)
        self.library, self.actor_ids, self.method, self.args = library, actor_ids, method, args
        self.before: list = []
        self.after: list = []  # the records as this step left them: undo puts `before` back only over these
        self.error = ""
        self.undo_error = ""  # why the last undo changed nothing (another analyst curated the actor since)

    def redo(self) -> None:
        try:
            self.before = [self.library.actor_curation(i) for i in self.actor_ids]
            getattr(self.library, self.method)(*self.args)
            self.after = [self.library.actor_curation(entry.actor_id) for entry in self.before]
        except (BriefingReaderError, ValueError, KeyError) as exc:
            self.error = str(exc)
            self.setObsolete(True)

    def undo(self) -> None:
        """Put the records back, unless one changed since this step (in a team library, another analyst's
        curation): then nothing is changed and `undo_error` says why."""
        self.undo_error = ""
        try:
            now = [self.library.actor_curation(entry.actor_id) for entry in self.after]
            changed = next((n for n, a in zip(now, self.after) if n != a), None)
            if changed is not None:
                from indexer.actors import changed_since  # the actors package loads lazily (GUI start-up)

                raise ValueError(changed_since(changed))
            steps = list(reversed(list(zip(self.before, self.after))))
            for number, (entry, left) in enumerate(steps):
                # The first put-back checks its record in the same update; the next ones may find theirs
                # changed by it (keeping two actors apart records each in the other's entry).
                self.library.restore_actor_curation(entry, left if number == 0 else None)
        except (BriefingReaderError, ValueError, KeyError) as exc:
            self.undo_error = str(exc)

    @property
    def recognised_names(self) -> tuple[str, ...]:
        """Names this curation teaches (or, undone, unteaches) the recogniser: the articles that contain them
        must be re-analysed. Merges, types and ignores apply when articles are shown, so they have none."""
        return (self.args[1],) if self.method in ("alias_actor", "rename_actor") and not self.error else ()


class EditDetails(QUndoCommand):
    """Correct an article's details (title, date, author, source, url, language) through Library.edit_details.

    redo() keeps the analyst's earlier corrections of those fields ("" where the imported value stood) and
    applies the new values; undo() puts the earlier ones back. A refused edit sets `error` and the command
    obsolete, so the stack drops it."""

    def __init__(self, library, article_id: str, changes: dict[str, str], lock_timeout: float = 1.0):
        super().__init__("Edit details")
        self.library, self.article_id, self.changes = library, article_id, dict(changes)
        self.lock_timeout = lock_timeout
        self.before: dict[str, str] = {}
        self.error = ""

    def _edit(self, changes: dict[str, str]) -> bool:
        try:
            self.library.edit_details(self.article_id, changes, lock_timeout=self.lock_timeout)
        except (BriefingReaderError, ValueError) as exc:
            self.error = str(exc)
            return False
        self.error = ""
        return True

    def redo(self) -> None:
        try:
            edits = self.library.article_edits(self.article_id)
        except BriefingReaderError as exc:  # a team library's server gone
            self.error = str(exc)
            self.setObsolete(True)
            return
        self.before = {name: edits.get(name, "") for name in self.changes}
        if not self._edit(self.changes):
            self.setObsolete(True)

    def undo(self) -> None:
        """Put the earlier corrections back, but only in the fields that still hold this step's values: a value
        another analyst (or the command line) set since stays, and `error` names it."""
        try:
            edits = self.library.article_edits(self.article_id)
        except BriefingReaderError as exc:
            self.error = str(exc)
            return
        kept = {name: edits.get(name, "") for name, value in self.changes.items() if edits.get(name, "") != value}
        undone = {name: value for name, value in self.before.items() if name not in kept}
        if undone and not self._edit(undone):
            return
        self.error = ""
        if kept:
            shown = ", ".join(f"{name} (now “{value}”)" for name, value in kept.items())
            self.error = f"changed elsewhere since this step, so left as it is: {shown}"
