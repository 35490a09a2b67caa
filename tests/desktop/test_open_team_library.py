"""File ▸ Open Library… takes a folder or a postgresql:// address, checks it, and remembers it without its password
(issue 15). The address is opened by the new process, which these tests stand in for; before this window closes
its server is asked (QA5 defect 3): `reachable` stands in for a server that answers, the last tests use a real one."""

from __future__ import annotations

import importlib.util
import sys
from urllib.parse import quote, urlencode

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialogButtonBox

from desktop import library_switch
from desktop.library_switch import (
    choose_library, location_problem, open_library, recent_libraries, split_password, start_detached,
)

pytest.importorskip("psycopg")  # an address needs the driver; without it the dialog says what to install (below)

ADDRESS = "postgresql://ana:Secret-Pw@db.desk:5432/news?sslmode=require"


class Starter:
    """Stands in for start_detached and records what it was asked to start, and with which password."""

    def __init__(self):
        self.calls: list[tuple[list[str], str]] = []

    def __call__(self, program: str, args: list[str], password: str = "") -> bool:
        self.calls.append(([program, *args], password))
        return True


@pytest.fixture
def reachable(monkeypatch):
    """The server of every address answers, and a new folder library is confirmed."""
    monkeypatch.setattr(library_switch, "team_library_problem", lambda address: "")
    monkeypatch.setattr(library_switch, "confirm_new_library", lambda window, folder: True)


@pytest.mark.parametrize("address, expected", [
    (ADDRESS, ("postgresql://ana@db.desk:5432/news?sslmode=require", "Secret-Pw")),
    ("postgresql://db/news?password=S%26x%20y&sslmode=require", ("postgresql://db/news?sslmode=require", "S&x y")),
    ("postgresql://:only-pw@db/news", ("postgresql://db/news", "only-pw")),
    ("postgres://db/news?password=pw", ("postgres://db/news", "pw")),
    ("postgresql:///news", ("postgresql:///news", "")),
])
def test_the_password_is_split_off_the_address(address, expected):
    assert split_password(address) == expected


def test_what_cannot_be_opened_is_named(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a library", encoding="utf-8")
    assert "Type a library folder" in location_problem("  ")
    assert "not a whole team library address" in location_problem("postgresql:/db/news")
    assert "not a whole team library address" in location_problem("postgresql:ana:Secret-Pw@db")
    assert "Secret-Pw" not in location_problem("postgresql:ana:Secret-Pw@db")
    assert "is a file" in location_problem(str(a_file))
    assert location_problem(str(tmp_path / "new-library")) == ""  # a new folder becomes a library
    assert location_problem(ADDRESS) == ""


def test_without_the_driver_an_address_says_what_to_install(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a))
    problem = location_problem(ADDRESS)
    assert "briefing-reader[team]" in problem and "Secret-Pw" not in problem


def test_an_address_opens_in_a_new_process_and_its_password_is_never_stored(window, qtbot, reachable):
    start = Starter()
    assert open_library(window, ADDRESS, start=start)
    command, password = start.calls[0]
    assert command == [sys.executable, "-m", "desktop.app", "--library",
                       "postgresql://ana@db.desk:5432/news?sslmode=require"]
    assert password == "Secret-Pw"  # for the new process's environment only
    assert recent_libraries(window.settings)[0] == "postgresql://ana@db.desk:5432/news?sslmode=require"
    window.settings.sync()
    assert "Secret-Pw" not in window.settings.path.read_text(encoding="utf-8")
    assert not window.isVisible()


def test_a_bad_address_gives_a_message_and_opens_nothing(window, monkeypatch):
    warnings = []
    monkeypatch.setattr(library_switch.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    start = Starter()
    assert not open_library(window, "postgresql:db.desk/news", start=start)
    assert start.calls == [] and "postgresql://host/database" in warnings[0] and window.isVisible()


def _dialog(window, start):
    choose_library(window, start=start)
    dialog = window.open_library_dialog
    assert dialog.isVisible()
    return dialog


def test_the_dialog_is_keyboard_usable_checks_and_opens(window, qtbot, reachable):
    start = Starter()
    dialog = _dialog(window, start)
    box = dialog.locationBox
    assert dialog.focusWidget() in (box, box.lineEdit())  # typing goes to the address at once
    qtbot.keyClicks(box.lineEdit(), "postgresql:/db.desk/news")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert dialog.isVisible() and "not a whole team library address" in dialog.problemLabel.text() and start.calls == []
    box.lineEdit().clear()
    qtbot.keyClicks(box.lineEdit(), ADDRESS)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(start.calls), timeout=3000)  # once the dialog has closed
    assert start.calls[0][0][-1] == "postgresql://ana@db.desk:5432/news?sslmode=require"
    assert not window.isVisible()


def test_the_dialog_offers_the_recent_libraries_without_passwords(window, qtbot, tmp_path, reachable):
    open_library(window, ADDRESS, start=Starter())
    open_library(window, str(tmp_path / "other"), start=Starter())
    dialog = _dialog(window, Starter())
    offered = [dialog.locationBox.itemText(i) for i in range(dialog.locationBox.count())]
    assert offered == [str(tmp_path / "other"), "postgresql://ana@db.desk:5432/news?sslmode=require"]
    dialog.reject()


def test_every_control_of_the_dialog_has_an_accessible_name(window):
    dialog = _dialog(window, Starter())
    controls = dialog.findChildren(QComboBox) + dialog.findChildren(QAbstractButton)
    assert controls and all(c.accessibleName() or c.text() for c in controls)
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open).isDefault()
    dialog.reject()


def test_browsing_fills_the_folder(window, monkeypatch, tmp_path):
    monkeypatch.setattr(library_switch.QFileDialog, "getExistingDirectory", lambda *a: str(tmp_path))
    dialog = _dialog(window, Starter())
    dialog.browseButton.click()
    assert dialog.location() == str(tmp_path)
    dialog.reject()


def test_a_detached_start_says_whether_it_started_and_hands_over_the_password(tmp_path, monkeypatch):
    import time

    marker = tmp_path / "started"
    monkeypatch.setenv("MARK", str(marker))
    code = "import os, pathlib; pathlib.Path(os.environ['MARK']).write_text(os.environ['PGPASSWORD'])"
    assert start_detached(sys.executable, ["-c", code], password="Secret-Pw") is True
    assert start_detached(str(tmp_path / "no-such-program"), []) is False
    deadline = time.monotonic() + 10  # a process of its own: no signal to wait on
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.read_text() == "Secret-Pw"  # in the new process's environment, not on its command line


def test_an_address_whose_server_does_not_answer_keeps_this_window(window, monkeypatch):
    warnings = []
    monkeypatch.setattr(library_switch.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    start = Starter()
    assert not open_library(window, "postgresql://ana:Secret-Pw@127.0.0.1:1/news", start=start)
    assert start.calls == [] and window.isVisible()
    assert "cannot be reached" in warnings[0] and "This window stays open" in warnings[0]
    assert "Secret-Pw" not in warnings[0]
    assert "postgresql://ana@127.0.0.1:1/news" not in recent_libraries(window.settings)


def test_a_missing_database_is_found_before_this_window_closes(pg_dsn, window, monkeypatch):
    from psycopg.conninfo import conninfo_to_dict

    warnings = []
    monkeypatch.setattr(library_switch.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    parts = conninfo_to_dict(pg_dsn)
    wrong = "postgresql://?" + urlencode({**parts, "dbname": "no_such_news_db"}, quote_via=quote)
    start = Starter()
    assert not open_library(window, wrong, start=start)
    assert start.calls == [] and window.isVisible() and "no_such_news_db" in warnings[0]
    right = "postgresql://?" + urlencode(parts, quote_via=quote)
    assert library_switch.team_library_problem(right) == ""
