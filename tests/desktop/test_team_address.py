"""The app's open path takes a postgresql:// address as a team library (issue 15): it never makes a folder of it,
and a library it cannot open is a message naming the address without its password, never a traceback."""

from __future__ import annotations

import pytest

UNREACHABLE = "postgresql://ana:Secret-Pw@127.0.0.1:1/news?connect_timeout=3"


def _empty_cwd(tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


def _shown(monkeypatch) -> list[str]:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    return shown


def test_an_address_is_the_team_library_not_a_folder(monkeypatch):
    from desktop.app import library_dir

    assert library_dir("postgresql://db/news") == "postgresql://db/news"
    monkeypatch.setenv("BRIEFING_READER_HOME", "postgresql://db/news")
    assert library_dir(None) == "postgresql://db/news"


def test_create_main_window_names_an_unreachable_server(qapp, tmp_path, monkeypatch):
    pytest.importorskip("psycopg")
    from desktop.app import create_main_window
    from indexer.errors import BriefingReaderError

    cwd = _empty_cwd(tmp_path, monkeypatch)
    with pytest.raises(BriefingReaderError, match="cannot be reached") as caught:
        create_main_window(UNREACHABLE, tmp_path / "settings.ini", offer_recovery=False)
    assert "Secret-Pw" not in str(caught.value) and list(cwd.iterdir()) == []


def test_main_shows_the_message_and_makes_no_folder(qapp, tmp_path, monkeypatch):
    pytest.importorskip("psycopg")
    from desktop import app as desktop_app

    shown = _shown(monkeypatch)
    cwd = _empty_cwd(tmp_path, monkeypatch)
    assert desktop_app.main(["--library", UNREACHABLE]) == 2
    assert len(shown) == 1 and "cannot be reached" in shown[0] and "127.0.0.1" in shown[0]
    assert "Secret-Pw" not in shown[0] and "Traceback" not in shown[0] and list(cwd.iterdir()) == []


def test_without_psycopg_main_says_what_to_install(qapp, tmp_path, monkeypatch):
    import importlib.util

    from desktop import app as desktop_app

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a))
    shown = _shown(monkeypatch)
    cwd = _empty_cwd(tmp_path, monkeypatch)
    assert desktop_app.main(["--library", UNREACHABLE]) == 2
    assert len(shown) == 1 and "briefing-reader[team]" in shown[0] and "Secret-Pw" not in shown[0]
    assert list(cwd.iterdir()) == []
