"""File ▸ Open Library…: another library opens in a new window process; this one closes first, and only once
the target is known to open (QA5 defects 3 and 4): a folder without a library is created only when confirmed."""

from __future__ import annotations

import sys

import pytest

from desktop import library_switch
from desktop.actions import Act
from desktop.library_switch import command_for, open_library, recent_libraries
from indexer.engines import STORE_FILE


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


def _existing_library(tmp_path):
    """A folder that holds a library (its article store file)."""
    folder = tmp_path / "other-library"
    folder.mkdir()
    (folder / STORE_FILE).touch()
    return folder


def test_another_folder_opens_in_a_new_process_and_this_window_closes(window, qtbot, tmp_path):
    window.show()
    other = _existing_library(tmp_path)
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
    assert not open_library(window, str(_existing_library(tmp_path)), start=start)
    assert start.calls == []


def test_a_failed_start_says_what_to_run(window, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(library_switch.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert not open_library(window, str(_existing_library(tmp_path)), start=Starter(ok=False))
    assert "briefing-reader --library" in warnings[0]


def test_no_folder_chosen_opens_nothing(window, monkeypatch):
    monkeypatch.setattr(library_switch.QFileDialog, "getExistingDirectory", lambda *a: "")
    assert library_switch.choose_library(window) is False


def test_the_command_runs_this_program():
    assert command_for("/x/lib")[-2:] == ["--library", "/x/lib"]


class Question:
    """Stands in for QMessageBox.question: records the text and the default button, answers `answer`."""

    def __init__(self, answer):
        self.answer, self.asked = answer, []

    def __call__(self, parent, title, text, buttons, default):
        self.asked.append((text, default))
        return self.answer


def test_a_mistyped_folder_asks_and_cancel_keeps_this_window(window, tmp_path, monkeypatch):
    question = Question(library_switch.QMessageBox.StandardButton.Cancel)
    monkeypatch.setattr(library_switch.QMessageBox, "question", question)
    missing, start = tmp_path / "nonexistent-lib", Starter()
    assert not open_library(window, str(missing), start=start)
    text, default = question.asked[0]
    assert text == f"There is no library at {missing}. Create a new, empty library there?"
    assert default == library_switch.QMessageBox.StandardButton.Cancel
    assert start.calls == [] and window.isVisible() and not missing.exists()
    assert str(missing) not in recent_libraries(window.settings)


def test_a_folder_without_a_library_asks_the_same(window, tmp_path, monkeypatch):
    question = Question(library_switch.QMessageBox.StandardButton.Cancel)
    monkeypatch.setattr(library_switch.QMessageBox, "question", question)
    plain = tmp_path / "holiday-photos"
    plain.mkdir()
    assert not open_library(window, str(plain), start=Starter())
    assert question.asked[0][0].startswith(f"There is no library at {plain}.") and window.isVisible()


def test_a_confirmed_new_library_opens_empty_without_the_demo(window, tmp_path, monkeypatch):
    monkeypatch.setattr(library_switch.QMessageBox, "question", Question(library_switch.QMessageBox.StandardButton.Yes))
    new, start = tmp_path / "new-desk", Starter()
    assert open_library(window, str(new), start=start)
    assert start.calls[0][-1] == str(new) and not window.isVisible()
    assert window.settings.demo_loaded(str(new))  # the new window leaves it empty: no invented stories


def test_an_existing_library_is_opened_without_a_question(window, tmp_path, monkeypatch):
    monkeypatch.setattr(library_switch.QMessageBox, "question", lambda *a: pytest.fail(f"asked {a[2]}"))
    start = Starter()
    assert open_library(window, str(_existing_library(tmp_path)), start=start)
    assert len(start.calls) == 1
