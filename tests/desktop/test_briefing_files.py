"""Briefing files in the app (issue 14): dialogs start in the library's briefings folder, exports are private
and clean up after a killed export, quitting asks to save, and the window title is the briefing's."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.actions import Act


@pytest.fixture
def dialogs(monkeypatch):
    """Records where each file dialog starts, and answers it with nothing (cancel)."""
    started: dict[str, str] = {}

    def fake(kind):
        def dialog(parent, caption, folder="", *args, **kwargs):
            started[kind] = folder
            return "", ""
        return staticmethod(dialog)

    for kind in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, kind, fake(kind))
    return started


def test_save_open_and_export_dialogs_start_in_the_library_briefings_folder(window, dialogs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = window.library.path / "briefings"
    if folder.exists():
        folder.rmdir()  # missing: the dialogs create it
    window.action(Act.SAVE_BRIEFING).trigger()
    window.action(Act.EXPORT_BRIEFING).trigger()
    window.briefing.open()
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert os.path.dirname(dialogs["getSaveFileName"]) == str(folder)
    assert dialogs["getOpenFileName"] == str(folder)


def test_export_dialog_suggests_the_title_in_the_briefings_folder(window, dialogs):
    window.briefing.briefing.title = "Grain corridor: week 12"
    window.action(Act.EXPORT_BRIEFING).trigger()
    assert dialogs["getSaveFileName"] == str(window.library.path / "briefings" / "Grain-corridor-week-12.md")


def test_dialogs_follow_a_saved_briefing_but_not_into_a_vanished_folder(window, dialogs, tmp_path, monkeypatch):
    elsewhere = tmp_path / "desk"
    elsewhere.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(elsewhere / "weekly.briefing.json"), "")))
    assert window.briefing.save_as()
    window.briefing.open(confirm=lambda *a: True)
    assert dialogs["getOpenFileName"] == str(elsewhere)
    (elsewhere / "weekly.briefing.json").unlink()
    elsewhere.rmdir()
    window.briefing.open(confirm=lambda *a: True)
    assert dialogs["getOpenFileName"] == str(window.library.path / "briefings")


def test_export_is_private_and_removes_what_a_killed_export_left(window, tmp_path, monkeypatch):
    target = tmp_path / "out" / "brief.md"
    target.parent.mkdir()
    leftover = target.parent / ".brief.md.abcd1234.tmp"  # an export killed before its rename
    leftover.write_text("> full excerpts")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.export_briefing() == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["brief.md"]


def test_export_that_cannot_be_written_names_the_file(window, tmp_path, monkeypatch):
    from desktop.views import briefing as briefing_view

    target = tmp_path / "gone" / "b.md"  # its folder was removed while the dialog was open
    shown = []
    monkeypatch.setattr(briefing_view, "show_error", lambda parent, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.export_briefing() is None
    assert str(target) in shown[0] and "Choose another folder" in shown[0] and "Traceback" not in shown[0]


def title_shown(window) -> str:
    return window.windowHandle().title()


def test_window_title_is_the_briefing_title_and_follows_it(window, qtbot):
    assert title_shown(window) == "Untitled briefing — Briefing Reader"
    edit = window.briefing.titleEdit
    edit.setFocus()
    qtbot.keyClicks(edit, "Grain week")  # typed, not yet applied
    assert title_shown(window) == "Untitled briefingGrain week* — Briefing Reader"
    edit.selectAll()
    qtbot.keyClicks(edit, "Grain week")
    assert title_shown(window) == "Grain week* — Briefing Reader"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.briefing.briefing.title == "Grain week"
    assert title_shown(window) == "Grain week* — Briefing Reader"
    window.briefing.undo_stack.undo()
    assert title_shown(window) == "Untitled briefing — Briefing Reader"


def test_a_title_being_typed_survives_an_added_excerpt_and_is_saved(window, qtbot, tmp_path, monkeypatch):
    edit = window.briefing.titleEdit
    edit.selectAll()
    qtbot.keyClicks(edit, "Ports [*] watch")
    window.run_search("ceasefire")
    [pane] = window.open_articles([window.search.model.hits[0].id])
    start = pane.article.text.index("Kyiv wants guarantees")
    pane.select(start, start + 21)
    window.action(Act.ADD_EXCERPT).trigger()  # the model changes while the title is still being typed
    assert edit.text() == "Ports [*] watch" and title_shown(window) == "Ports [*] watch* — Briefing Reader"
    target = tmp_path / "ports.briefing.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.action(Act.SAVE_BRIEFING).trigger()  # Ctrl+S does not end the editing: the title is applied
    from indexer.briefing import load_briefing

    assert load_briefing(target).title == "Ports [*] watch"
    assert title_shown(window) == "Ports [*] watch — Briefing Reader"


def make_unsaved_edit(window) -> None:
    window.briefing.add_section("Findings")
    assert window.briefing.is_modified()


@pytest.mark.parametrize("answer", ["cancel", "discard", "save", "save-cancelled"])
def test_quit_with_an_unsaved_briefing_asks_save_discard_or_cancel(window, qtbot, tmp_path, monkeypatch, answer):
    from desktop.views import briefing as briefing_view

    make_unsaved_edit(window)
    asked = []
    monkeypatch.setattr(briefing_view, "ask_save_changes",
                        lambda parent, title: asked.append(title) or answer.split("-")[0])
    target = tmp_path / "findings.briefing.json"
    chosen = "" if answer == "save-cancelled" else str(target)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (chosen, "")))
    recovery = window.briefing.recovery()
    window.action(Act.QUIT).trigger()
    assert asked == ["Untitled briefing"]
    if answer in ("cancel", "save-cancelled"):
        assert window.isVisible() and window.briefing.is_modified()  # nothing lost, still open
        assert not target.exists()
        monkeypatch.setattr(briefing_view, "ask_save_changes", lambda *a: "keep")  # let the fixture close it
        return
    assert not window.isVisible()
    assert target.exists() == (answer == "save")
    assert not recovery.exists()  # saved, or discarded on purpose: no recovery copy to offer


def test_quit_with_everything_saved_asks_nothing(window, monkeypatch):
    from desktop.views import briefing as briefing_view

    monkeypatch.setattr(briefing_view, "ask_save_changes", lambda *a: pytest.fail("asked"))
    window.action(Act.QUIT).trigger()
    assert not window.isVisible()
