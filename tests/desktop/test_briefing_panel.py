"""Adding excerpts, undo/redo, reordering, notes, export, save and crash recovery of a briefing."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from desktop.actions import Act
from desktop.app import create_main_window
from desktop.views import briefing as briefing_view
from indexer.briefing import Briefing, Excerpt, Note, RecoveryFile, load_briefing


def open_first(window, word="ceasefire"):
    window.run_search(word)
    [pane] = window.open_articles([window.search.model.hits[0].id])
    return pane


def add_excerpt_of(window, pane, phrase: str) -> Excerpt:
    start = pane.article.text.index(phrase)
    pane.select(start, start + len(phrase))
    window.action(Act.ADD_EXCERPT).trigger()
    return window.briefing.briefing.excerpts()[-1]


def tree_texts(window) -> list[str]:
    tree = window.excerptsView
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out.append(top.text(0))
        out.extend(top.child(j).text(0) for j in range(top.childCount()))
    return out


def test_add_excerpt_from_selection_with_citation_and_preview(window, qtbot):
    pane = open_first(window)
    excerpt = add_excerpt_of(window, pane, "the ceasefire talks in Geneva would need patience")
    assert excerpt.text == "the ceasefire talks in Geneva would need patience"
    assert excerpt.article_id == pane.article.id and excerpt.title == pane.article.title
    assert excerpt.source == "Harbour Courier"
    assert any("ceasefire talks in Geneva" in t for t in tree_texts(window))
    qtbot.waitUntil(lambda: "would need patience" in window.briefingPreview.toPlainText(), timeout=3000)
    assert "Harbour Courier" in window.briefingPreview.toPlainText()
    assert window.isWindowModified()


def test_add_excerpt_needs_a_selection(window):
    open_first(window)
    window.reading.active.view.moveCursor(window.reading.active.view.textCursor().MoveOperation.End)
    assert window.add_excerpt() is None
    assert "Select a passage" in window.last_message
    assert window.briefing.briefing.excerpts() == []


def test_add_quote_under_the_cursor(window):
    pane = open_first(window)
    quote = next(q for q in pane.article.quotes if "first step" in q.text)
    cursor = pane.view.textCursor()
    cursor.setPosition(pane.offsets.to_qt(quote.start + 3))
    pane.view.setTextCursor(cursor)
    excerpt = window.add_excerpt()
    assert excerpt.text == quote.text and (excerpt.start, excerpt.end) == (quote.start, quote.end)


def test_add_excerpt_uses_the_last_used_pane(window):
    window.run_search("ceasefire")
    first, second = window.open_articles([h.id for h in window.search.model.hits], True)
    phrase = second.article.text[second.article.text.index("Turkey"):][:30]
    start = second.article.text.index(phrase)
    second.select(start, start + len(phrase))
    window.reading.set_active(first)  # focus moves on, but the selection is in the other pane
    window.reading.set_active(second)
    excerpt = window.add_excerpt()
    assert excerpt.article_id == second.article.id and excerpt.text == phrase


def test_undo_and_redo_every_edit(window, qtbot):
    pane = open_first(window)
    undo, redo = window.action(Act.UNDO), window.action(Act.REDO)
    assert not undo.isEnabled()
    add_excerpt_of(window, pane, "Kyiv wants guarantees")
    add_excerpt_of(window, pane, "next round of ceasefire talks")
    briefing = window.briefing.briefing
    assert [e.text for e in briefing.excerpts()] == ["Kyiv wants guarantees", "next round of ceasefire talks"]
    assert undo.isEnabled()
    undo.trigger()
    assert [e.text for e in briefing.excerpts()] == ["Kyiv wants guarantees"]
    redo.trigger()
    assert len(briefing.excerpts()) == 2
    undo.trigger()
    undo.trigger()  # the first add also created the section, in the same undo step
    assert briefing.sections == []
    assert not undo.isEnabled()
    redo.trigger()
    assert [s.title for s in briefing.sections] == ["Excerpts"]
    assert [e.text for e in briefing.excerpts()] == ["Kyiv wants guarantees"]


def test_reorder_notes_sections_and_undo(window, qtbot):
    pane = open_first(window)
    first = add_excerpt_of(window, pane, "Kyiv wants guarantees")
    second = add_excerpt_of(window, pane, "next round of ceasefire talks")
    panel = window.briefing
    panel.select_id(second.id)
    assert panel.move_selected(-1)
    section = panel.briefing.sections[0]
    assert [i.id for i in section.items] == [second.id, first.id]
    # a drop onto the first item puts the dragged one above it
    panel.excerptsView.moveRequested.emit("excerpt", first.id, section.id, 0)
    assert [i.id for i in section.items] == [first.id, second.id]
    panel.undo_stack.undo()
    assert [i.id for i in section.items] == [second.id, first.id]
    note = panel.add_note("Context: talks resume in April.")
    assert isinstance(panel.briefing.item(note.id), Note)
    panel.select_id(note.id)
    panel.noteEditor.setPlainText("Edited note")
    panel.applyNote.click()
    assert panel.briefing.item(note.id).text == "Edited note"
    panel.undo_stack.undo()
    assert panel.briefing.item(note.id).text == "Context: talks resume in April."
    new_section = panel.add_section("Outlook")
    panel.select_id(first.id)
    panel.excerptsView.moveRequested.emit("excerpt", first.id, new_section, -1)
    assert panel.briefing.locate(first.id)[0].title == "Outlook"
    panel.undo_stack.undo()
    assert panel.briefing.locate(first.id)[0].title == "Excerpts"
    panel.select_id(new_section)
    assert panel.remove_selected()
    assert [s.title for s in panel.briefing.sections] == ["Excerpts"]
    panel.undo_stack.undo()
    assert [s.title for s in panel.briefing.sections] == ["Excerpts", "Outlook"]


def test_export_markdown_and_html(window, qtbot, tmp_path, monkeypatch):
    pane = open_first(window)
    add_excerpt_of(window, pane, "Kyiv wants guarantees")
    target = tmp_path / "out" / "brief.md"
    target.parent.mkdir()
    asked = []

    def fake_save(parent, caption, folder, filters, *args, **kwargs):
        asked.append(caption)
        return str(target), "Markdown (*.md)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    window.action(Act.EXPORT_BRIEFING).trigger()
    assert asked == ["Export briefing"]
    text = target.read_text(encoding="utf-8")
    assert "Kyiv wants guarantees" in text and "Harbour Courier" in text
    target = tmp_path / "out" / "brief.html"
    window.action(Act.EXPORT_BRIEFING).trigger()
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Kyiv wants guarantees" in html
    assert "Exported" in window.last_message


def test_export_cancelled_writes_nothing(window, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert window.export_briefing() is None
    assert list(tmp_path.glob("*.md")) == []


def test_save_then_open_and_recent(window, monkeypatch, tmp_path):
    pane = open_first(window)
    add_excerpt_of(window, pane, "Kyiv wants guarantees")
    path = tmp_path / "weekly"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.action(Act.SAVE_BRIEFING).trigger()
    saved = tmp_path / "weekly.briefing.json"
    assert saved.is_file()
    assert not window.isWindowModified()
    assert load_briefing(saved).excerpts()[0].text == "Kyiv wants guarantees"
    assert window.settings.recent_briefings()[0] == str(saved)
    assert window.briefing.new()
    assert window.briefing.briefing.excerpts() == []
    assert window.briefing.open(str(saved))
    assert window.briefing.briefing.excerpts()[0].text == "Kyiv wants guarantees"


def test_open_damaged_briefing_shows_message(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.briefing.json"
    bad.write_text("{not json", encoding="utf-8")
    shown = []
    monkeypatch.setattr(briefing_view, "show_error", lambda parent, text: shown.append(text))
    assert not window.briefing.open(str(bad))
    assert shown and str(bad) in shown[0]


def test_autosave_and_crash_recovery(qtbot, library_path, private_home, monkeypatch):
    """Edits are autosaved; a new window offers them back and, when accepted, restores them unsaved."""
    crashed = Briefing("Crashed session")
    section = crashed.add_section("Findings")
    crashed.add_item(section.id, Note("Do not lose me"))
    RecoveryFile(folder=briefing_view.recovery_folder(library_path)).write(crashed)
    offers = []

    def accept(parent, title, when):
        offers.append(title)
        return True

    monkeypatch.setattr(briefing_view, "ask_to_recover", accept)
    window = create_main_window(library_path, private_home / "settings.ini")
    qtbot.addWidget(window)
    assert offers == ["Crashed session"]
    assert window.briefing.briefing.title == "Crashed session"
    assert window.briefing.briefing.sections[0].items[0].text == "Do not lose me"
    assert window.briefing.is_modified()
    window.library.close()


def test_declined_recovery_is_kept_aside_not_deleted(qtbot, library_path, private_home):
    folder = briefing_view.recovery_folder(library_path)
    recovery = RecoveryFile(folder=folder)
    old = Briefing("Old: talks / notes")
    old.add_item(old.add_section("Findings").id, Note("Do not lose me"))
    recovery.write(old)
    window = create_main_window(library_path, private_home / "settings.ini", ask_recover=lambda *a: False)
    qtbot.addWidget(window)
    assert window.briefing.briefing.title == "Untitled briefing"
    assert not recovery.exists()  # not offered again at the next start
    [kept] = [p for p in folder.iterdir() if "recovered" in p.name]
    assert kept.name.startswith("Old-talks-notes (recovered ") and kept.name.endswith(".briefing.json")
    assert load_briefing(kept).sections[0].items[0].text == "Do not lose me"
    assert str(kept) in window.last_message
    assert window.briefing.open(str(kept))  # an ordinary briefing
    window.library.close()


def test_a_second_declined_recovery_does_not_overwrite_the_first(qtbot, library_path, private_home):
    folder = briefing_view.recovery_folder(library_path)
    panel_briefing = Briefing("Same")
    for text in ("first", "second"):
        panel_briefing.modified = "2026-01-02T03:04:05"
        RecoveryFile(folder=folder).write(panel_briefing)
        window = create_main_window(library_path, private_home / "settings.ini", ask_recover=lambda *a: False)
        qtbot.addWidget(window)
        window.library.close()
    assert len([p for p in folder.iterdir() if "recovered" in p.name]) == 2


def test_timer_autosave_writes_recovery_file(window, qtbot):
    pane = open_first(window)
    add_excerpt_of(window, pane, "Kyiv wants guarantees")
    recovery = window.briefing.recovery()
    qtbot.waitUntil(recovery.exists, timeout=5000)
    assert recovery.load().excerpts()[0].text == "Kyiv wants guarantees"


def test_rename_section_in_place_delete_key_and_copy_markdown(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    pane = open_first(window)
    excerpt = add_excerpt_of(window, pane, "Kyiv wants guarantees")
    panel = window.briefing
    section_id = panel.briefing.sections[0].id
    panel.tree_item(section_id).setText(0, "Key statements")  # what editing the tree item does
    qtbot.waitUntil(lambda: panel.briefing.sections[0].title == "Key statements", timeout=3000)
    panel.undo_stack.undo()
    assert panel.briefing.sections[0].title == "Excerpts"
    text = window.briefing.copy_markdown()
    assert "Kyiv wants guarantees" in text and QApplication.clipboard().text() == text
    panel.select_id(excerpt.id)
    panel.excerptsView.setFocus()
    qtbot.keyClick(panel.excerptsView, Qt.Key.Key_Delete)
    assert panel.briefing.excerpts() == []
    panel.undo_stack.undo()
    assert panel.briefing.excerpts()[0].id == excerpt.id


def test_drop_positions_map_to_model_moves(window):
    from PySide6.QtWidgets import QAbstractItemView

    from desktop.views.briefing import drop_target

    Pos = QAbstractItemView.DropIndicatorPosition
    pane = open_first(window)
    a = add_excerpt_of(window, pane, "Kyiv wants guarantees")
    b = add_excerpt_of(window, pane, "next round of ceasefire talks")
    panel = window.briefing
    outlook = panel.add_section("Outlook")
    tree = panel.excerptsView
    excerpts = panel.briefing.sections[0].id
    item_a, item_b, top_outlook = panel.tree_item(a.id), panel.tree_item(b.id), panel.tree_item(outlook)
    assert drop_target(tree, item_b, item_a, Pos.AboveItem) == (excerpts, 0)
    assert drop_target(tree, item_a, item_b, Pos.BelowItem) == (excerpts, 1)  # after b, once a is removed
    assert drop_target(tree, item_a, top_outlook, Pos.OnItem) == (outlook, -1)
    assert drop_target(tree, top_outlook, panel.tree_item(excerpts), Pos.AboveItem) == (outlook, 0)
    panel._move_requested("section", outlook, outlook, 0)
    assert [s.title for s in panel.briefing.sections] == ["Outlook", "Excerpts"]


def test_recovery_file_found_without_settings(qtbot, library_path, private_home):
    """Settings lost in a crash: every recovery file in the folder is still offered."""
    folder = briefing_view.recovery_folder(library_path)
    never_saved = folder.parent / "weekly.briefing.json"
    RecoveryFile(never_saved, folder=folder).write(Briefing("Weekly"))
    offers = []
    window = create_main_window(library_path, private_home / "fresh-settings.ini",
                                ask_recover=lambda parent, title, when: offers.append(title) or True)
    qtbot.addWidget(window)
    assert offers == ["Weekly"] and window.briefing.briefing.title == "Weekly"
    window.library.close()


def test_the_preview_follows_a_note_as_it_is_typed(window, qtbot):
    from PySide6.QtCore import Qt

    panel = window.briefing
    note = panel.add_note("Start")
    panel.select_id(note.id)
    editor = panel.noteEditor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " of the talks")
    qtbot.waitUntil(lambda: "Start of the talks" in window.briefingPreview.toPlainText(), timeout=3000)
    assert panel.briefing.item(note.id).text == "Start of the talks"
    assert editor.textCursor().position() == len("Start of the talks")  # typing is never interrupted
    qtbot.keyClicks(editor, " resumed")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "**Soon**")
    qtbot.waitUntil(lambda: "Soon" in window.briefingPreview.toPlainText(), timeout=3000)
    assert "**" not in window.briefingPreview.toPlainText()  # rendered as Markdown
    panel.undo_stack.undo()  # the typing is one undo step
    assert panel.briefing.item(note.id).text == "Start"


def test_typing_then_selecting_another_item_keeps_the_typing(window, qtbot):
    panel = window.briefing
    first = panel.add_note("One")
    second = panel.add_note("Two")
    panel.select_id(first.id)
    panel.noteEditor.setPlainText("One, edited")
    panel.select_id(second.id)  # before the pause is over
    assert panel.noteEditor.toPlainText() == "Two"
    qtbot.waitUntil(lambda: panel.briefing.item(first.id).text == "One, edited", timeout=3000)
    assert panel.briefing.item(second.id).text == "Two"


def test_a_new_section_asks_for_its_name(window, qtbot, monkeypatch):
    panel = window.briefing
    asked = []
    monkeypatch.setattr(briefing_view, "ask_section_name", lambda parent, default: asked.append(default) or "Outlook")
    panel.findChild(type(panel.applyNote), "addSectionButton").click()
    assert asked and [s.title for s in panel.briefing.sections] == ["Outlook"]
    monkeypatch.setattr(briefing_view, "ask_section_name", lambda parent, default: None)
    window.action(Act.ADD_SECTION).trigger()
    assert [s.title for s in panel.briefing.sections] == ["Outlook"]  # cancelled: no section


def test_a_note_typed_just_before_saving_is_saved(window, qtbot, tmp_path, monkeypatch):
    panel = window.briefing
    note = panel.add_note("Draft")
    panel.select_id(note.id)
    panel.noteEditor.setPlainText("Final wording")  # the pause that applies it has not passed yet
    target = tmp_path / "quick.briefing.json"
    assert panel.save_as(target)
    assert load_briefing(target).item(note.id).text == "Final wording"
    assert not panel.is_modified()


def test_a_note_being_typed_counts_as_unsaved_when_starting_a_new_briefing(window):
    panel = window.briefing
    note = panel.add_note("Draft")
    panel.select_id(note.id)
    panel.undo_stack.setClean()
    panel.noteEditor.setPlainText("Typed a moment ago")
    asked = []
    assert not panel.new(confirm=lambda parent, title: asked.append(title) or False)
    assert asked and panel.briefing.item(note.id).text == "Typed a moment ago"


def test_the_apps_briefing_lists_the_analysts_actors_and_no_absolute_path(window, qtbot):
    pane = open_first(window)
    add_excerpt_of(window, pane, "Kyiv wants guarantees")
    kyiv = window.library.actor("Kyiv")
    window.library.alias_actor(kyiv.id, "the Ukrainian capital")
    text = window.briefing.copy_markdown()
    assert "- **Kyiv** (place) — also: the Ukrainian capital" in text
    assert kyiv.role and kyiv.role not in text  # the gazetteer's description stays out
    assert pane.article.path not in text and pane.article.path.rsplit("/", 1)[-1] in text
    window.briefing.refresh_preview()
    assert "also: the Ukrainian capital" in window.briefingPreview.toPlainText()


def test_an_excerpt_taken_with_its_quote_marks_is_listed_with_one_pair(window):
    """A selection that took the passage's own marks is not shown as ““…”” (GUI QA)."""
    window.briefing.add_excerpt(Excerpt(text="“We are ready to talk,”", article_id="a1", start=0, end=24, title="Talks",
                                        source="Harbour Courier", date="2025-03-12", path="talks.txt"))
    [text] = [t for t in tree_texts(window) if "ready to talk" in t]
    assert text.startswith("“We are ready to talk,”") and "““" not in text
