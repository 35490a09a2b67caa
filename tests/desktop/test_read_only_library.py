"""A read-only library says so on opening and keeps its import and edit actions off (QA5 defect 11). The real
read-only PostgreSQL role is in test_team_library.py; here Library.read_only stands in for it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from desktop.actions import Act
from desktop.read_only import READ_ONLY_NOTE, WRITE_ACTIONS


@pytest.fixture
def read_only_window(qtbot, library_path, private_home, monkeypatch):
    from desktop.app import create_main_window
    from indexer.library import Library

    monkeypatch.setattr(Library, "read_only", property(lambda self: True))
    window = create_main_window(library_path, private_home / "settings.ini", offer_recovery=False)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.runner.wait(10000)
    window.read_pool.waitForDone(10000)
    window.library.close()


def test_a_read_only_library_says_so_and_its_writes_are_off(read_only_window):
    window = read_only_window
    banner = window.statusBar().findChild(QLabel, "readOnlyBanner")
    assert banner is not None and banner.isVisible() and banner.accessibleName()
    assert banner.text() == "Read-only: you can search and read; import and edits are off"
    assert READ_ONLY_NOTE in window.last_message
    assert all(not window.actions_[key].isEnabled() for key in WRITE_ACTIONS)
    assert window.actions_[Act.FOCUS_SEARCH].isEnabled() and window.actions_[Act.EXPORT_BRIEFING].isEnabled()


def test_the_end_of_a_background_job_does_not_turn_the_writes_back_on(read_only_window):
    window = read_only_window
    window._busy_changed(True)
    window._busy_changed(False)
    assert not window.actions_[Act.IMPORT].isEnabled() and not window.actions_[Act.REBUILD].isEnabled()
    assert not window.search.demoButton.isEnabled()


def test_a_writable_library_shows_no_banner_and_keeps_its_writes(window):
    assert window.statusBar().findChild(QLabel, "readOnlyBanner") is None
    assert window.actions_[Act.IMPORT].isEnabled() and window.actions_[Act.EDIT_DETAILS].isEnabled()
    assert window.library.read_only is False  # a library folder: no question asked


def test_a_read_only_library_offers_no_actor_corrections(read_only_window):
    """Rename, merge, alias, type and ignore are writes to the shared curation: off, with the reason."""
    menu = read_only_window.actors.build_menu("russia", "Russia")
    entries = {a.text(): a for a in menu.actions() if a.text()}
    assert entries["Filter the search by this actor"].isEnabled()
    for text in ("Rename…", "Merge another actor into this one…", "Add an alias…", "Ignore (not an actor)"):
        assert not entries[text].isEnabled() and "read-only" in entries[text].statusTip()
    assert not entries["Change type"].isEnabled()


def test_a_writable_library_offers_the_corrections(window):
    menu = window.actors.build_menu("russia", "Russia")
    entries = {a.text(): a for a in menu.actions() if a.text()}
    assert entries["Rename…"].isEnabled() and entries["Change type"].isEnabled()
