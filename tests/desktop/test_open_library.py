"""File ▸ Open Library…: another library opens in a new window process; this one closes first."""

from __future__ import annotations

import sys

from desktop import library_switch
from desktop.actions import Act
from desktop.library_switch import command_for, open_library, recent_libraries


class Starter:
    """Stands in for QProcess.startDetached and records what it was asked to start."""

    def __init__(self, ok: bool = True):
        self.calls: list[list[str]] = []
        self.ok = ok

    def __call__(self, program: str, args: list[str]) -> bool:
        self.calls.append([program, *args])
        return self.ok


def test_the_file_menu_offers_open_library_first(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu.actions()[0] is window.actions_[Act.OPEN_LIBRARY]


def test_another_folder_opens_in_a_new_process_and_this_window_closes(window, qtbot, tmp_path):
    window.show()
    other = tmp_path / "other-library"
    start = Starter()
    assert open_library(window, str(other), start=start)
    assert start.calls == [[sys.executable, "-m", "desktop.app", "--library", str(other)]]
    assert not window.isVisible()
    assert recent_libraries(window.settings)[0] == str(other)


def test_the_open_library_is_not_opened_twice(window, tmp_path):
    start = Starter()
    assert not open_library(window, str(window.library.path), start=start)
    assert start.calls == []


def test_a_file_is_no_library(window, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(library_switch.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a library", encoding="utf-8")
    start = Starter()
    assert not open_library(window, str(a_file), start=start)
    assert start.calls == [] and "not a library folder" in warnings[0]


def test_a_cancelled_close_opens_nothing(window, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "close", lambda: False)  # e.g. Cancel on "save the briefing?"
    start = Starter()
    assert not open_library(window, str(tmp_path / "elsewhere"), start=start)
    assert start.calls == []


def test_a_failed_start_says_what_to_run(window, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(library_switch.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert not open_library(window, str(tmp_path / "elsewhere"), start=Starter(ok=False))
    assert "briefing-reader --library" in warnings[0]


def test_no_folder_chosen_opens_nothing(window, monkeypatch):
    monkeypatch.setattr(library_switch.QFileDialog, "getExistingDirectory", lambda *a: "")
    assert library_switch.choose_library(window) is False


def test_the_command_runs_this_program():
    assert command_for("/x/lib")[-2:] == ["--library", "/x/lib"]
