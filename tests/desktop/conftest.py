"""Fixtures for the GUI tests: offscreen Qt, a private home folder, small fixture articles written here."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest  # noqa: E402

ARTICLES = {
    "talks.txt": (
        "Ceasefire talks open in Geneva as Macron urges patience\n\n"
        "Source: Harbour Courier\nDate: 2025-03-10\nBy Ada Lindqvist\n\n"
        "GENEVA - Emmanuel Macron said on Monday that the ceasefire talks in Geneva would need patience. "
        "Ukraine and Russia sent delegations, and NATO officials watched closely.\n\n"
        "\"A ceasefire is only the first step,\" Macron said. Kyiv wants guarantees before any deal.\n\n"
        "Diplomats said the next round of ceasefire talks could begin in April.\n"
    ),
    "grain.txt": (
        "Black Sea grain corridor reopens after weeks of delay\n\n"
        "Source: Northern Tribune\nDate: 2025-03-12\nBy Tomas Berg\n\n"
        "ODESA - Ukraine reopened the grain corridor on Wednesday. Turkey helped broker the arrangement, "
        "and Russia said it would not target the ships.\n\n"
        "Emmanuel Macron welcomed the move and said a ceasefire at sea could follow.\n"
    ),
    "energy.md": (
        "# NATO allies discuss energy security\n\n"
        "Date: 2025-03-14\n\n"
        "BRUSSELS - NATO ministers met in Brussels to discuss energy security. Germany and France "
        "pressed for joint purchases, while Poland asked for more storage.\n\n"
        "Officials said winter reserves were sufficient.\n"
    ),
}


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Settings, libraries and logs go to the test's temporary folder, never the real home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BRIEFING_READER_HOME", str(home))
    return home


@pytest.fixture
def article_dir(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def template_library(tmp_path_factory):
    """The fixture articles imported once; each test gets its own copy."""
    from indexer.library import Library

    root = tmp_path_factory.mktemp("template")
    folder = root / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = root / "library"
    with Library(path) as lib:
        report = lib.add([folder])
        assert len(report.added) == len(ARTICLES), report
    return path


@pytest.fixture
def library_path(tmp_path, template_library):
    """A private copy of a library holding the fixture articles."""
    path = tmp_path / "library"
    shutil.copytree(template_library, path, ignore=shutil.ignore_patterns("write.lock"))
    return path


@pytest.fixture
def window(qtbot, library_path, private_home):
    from desktop.app import create_main_window

    win = create_main_window(library_path, private_home / "settings.ini")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.wait(10000)
    win.read_pool.waitForDone(10000)
    win.library.close()


@pytest.fixture
def empty_window(qtbot, tmp_path, private_home):
    from desktop.app import create_main_window

    win = create_main_window(tmp_path / "empty-library", private_home / "settings.ini")
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.wait(10000)
    win.read_pool.waitForDone(10000)
    win.library.close()


def shown_tip(tip: str) -> str:
    """What Qt shows for a tooltip: rich text (as untrusted text is given, see safe_text.literal_tip) rendered
    to plain text, plain text as it is."""
    from PySide6 import QtGui
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(tip) if QtGui.Qt.mightBeRichText(tip) else doc.setPlainText(tip)
    return doc.toPlainText()
