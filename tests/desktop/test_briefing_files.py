"""Briefing files in the app (issue 14): dialogs start in the library's briefings folder, exports are private
and clean up after a killed export, quitting asks to save, and the window title is the briefing's."""

from __future__ import annotations

import os
import stat

import pytest
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
