"""The app's open path refuses a postgresql:// address with a message, and makes no folder (issue 15)."""

from __future__ import annotations

import pytest

from indexer.paths import TeamLibraryNotReadyError


def _empty_cwd(tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


def test_create_main_window_refuses_an_address(qapp, tmp_path, monkeypatch):
    from desktop.app import create_main_window

    cwd = _empty_cwd(tmp_path, monkeypatch)
    with pytest.raises(TeamLibraryNotReadyError, match="see issue 15"):
        create_main_window("postgresql://ana:Secret-Pw@db/news", tmp_path / "settings.ini", offer_recovery=False)
    assert list(cwd.iterdir()) == []


def test_main_shows_the_message_and_makes_no_folder(qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop import app as desktop_app

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    cwd = _empty_cwd(tmp_path, monkeypatch)
    assert desktop_app.main(["--library", "postgresql://ana:Secret-Pw@db/news"]) == 2
    assert len(shown) == 1 and "searching it is not yet; see issue 15" in shown[0]
    assert "Secret-Pw" not in shown[0] and list(cwd.iterdir()) == []
