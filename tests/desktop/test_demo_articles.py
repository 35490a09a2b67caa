"""Demo articles in the GUI: tagged in results and the reader, removable, and offered for removal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette

from desktop import demo as demo_dialogs
from desktop.actions import Act
from desktop.models.results import result_document
from desktop.theme import load_highlights
from indexer.briefing.markdown_export import to_markdown
from indexer.demo import DEMO_CITATION
from indexer.library import Library
from indexer.paths import resource

from .conftest import ARTICLES

DEMO = resource("demo")
DEMO_FILES = [DEMO / "07_nato-rutte-urges-strong-deal.txt", DEMO / "10_energy-moratorium.txt"]


@pytest.fixture
def demo_library(tmp_path):
    path = tmp_path / "demo-library"
    with Library(path) as lib:
        assert len(lib.add(DEMO_FILES).added) == 2
    return path


@pytest.fixture
def demo_window(qtbot, demo_library, private_home):
    from desktop.app import create_main_window

    win = create_main_window(demo_library, private_home / "settings.ini")
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.wait(10000)
    win.read_pool.waitForDone(10000)
    win.library.close()


@pytest.fixture
def own_files(tmp_path):
    folder = tmp_path / "own"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def asked(monkeypatch):
    """Replace both questions; the test sets the answers; records who was asked with what count."""
    calls = {"offer": [], "confirm": [], "answer": True}
    monkeypatch.setattr(demo_dialogs, "offer_removal", lambda parent, n: calls["offer"].append(n) or calls["answer"])
    monkeypatch.setattr(demo_dialogs, "confirm_removal",
                        lambda parent, n: calls["confirm"].append(n) or calls["answer"])
    return calls


def shown_hits(window):
    return list(window.search.model.hits)


def test_result_rows_carry_a_demo_tag(demo_window, qtbot):
    qtbot.waitUntil(lambda: len(shown_hits(demo_window)) == 2)
    hits = shown_hits(demo_window)
    assert all(h.demo for h in hits)
    colours = load_highlights(QPalette())
    doc = result_document(hits[0], QFont(), QPalette(), colours, 2000)  # wide: a row elides its title to the width
    assert doc.toPlainText().startswith("DEMO  " + hits[0].title)
    row = demo_window.search.model.index(0)
    assert "invented demo article" in demo_window.search.model.data(row, Qt.ItemDataRole.AccessibleTextRole)


def test_the_reader_header_tags_a_demo_article_and_a_real_one_not(demo_window, qtbot, own_files):
    demo_id = next(iter(demo_window.library.demo_ids()))
    pane = demo_window.open_articles([demo_id])[0]
    assert pane.demo_label.isVisibleTo(demo_window) and pane.demo_label.text() == "DEMO"
    with Library(demo_window.library.path) as lib:
        own_id = lib.add([own_files]).added[0].id
    pane = demo_window.open_articles([own_id])[0]
    assert not pane.demo_label.isVisibleTo(demo_window)


def test_an_excerpt_of_a_demo_article_is_cited_as_invented(demo_window):
    demo_id = sorted(demo_window.library.demo_ids())[0]
    pane = demo_window.open_articles([demo_id])[0]
    excerpt = demo_window.add_span(pane, 0, 30)
    assert excerpt.source.endswith(DEMO_CITATION)
    assert DEMO_CITATION in to_markdown(demo_window.briefing.briefing)


def test_the_first_import_of_own_files_offers_to_remove_the_demo_first(demo_window, qtbot, own_files, asked):
    with qtbot.waitSignal(demo_window.importFinished, timeout=60000) as blocker:
        assert demo_window.import_paths([str(own_files)])
    assert asked["offer"] == [2] and asked["confirm"] == []
    assert len(blocker.args[0].added) == len(ARTICLES)
    lib = demo_window.library
    assert lib.demo_ids() == set() and lib.count() == len(ARTICLES)
    assert not any(h.demo for h in shown_hits(demo_window))


def test_keep_them_imports_beside_the_demo_and_does_not_ask_again(demo_window, qtbot, own_files, asked):
    asked["answer"] = False
    with qtbot.waitSignal(demo_window.importFinished, timeout=60000):
        demo_window.import_paths([str(own_files / "talks.txt")])
    assert asked["offer"] == [2]
    assert len(demo_window.library.demo_ids()) == 2 and demo_window.library.count() == 3
    with qtbot.waitSignal(demo_window.importFinished, timeout=60000):
        demo_window.import_paths([str(own_files / "grain.txt")])
    assert asked["offer"] == [2]  # the library no longer holds demo articles only


def test_loading_the_demo_never_offers_to_remove_it(empty_window, qtbot, asked):
    with qtbot.waitSignal(empty_window.importFinished, timeout=60000):
        empty_window.import_paths([str(p) for p in DEMO_FILES])  # the demo itself, by hand: still demo only
    assert asked["offer"] == []  # an empty library: nothing to offer
    with qtbot.waitSignal(empty_window.importFinished, timeout=60000):
        assert empty_window.load_demo()
    with qtbot.waitSignal(empty_window.importFinished, timeout=60000):
        empty_window.import_paths([str(DEMO_FILES[0].parent)])  # the demo folder, by hand
    assert asked["offer"] == []


def test_file_menu_action_removes_the_demo_articles(demo_window, qtbot, own_files, asked):
    with Library(demo_window.library.path) as lib:
        lib.add([own_files])
    action = demo_window.action(Act.REMOVE_DEMO)
    file_menu = demo_window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    pane = demo_window.open_articles([sorted(demo_window.library.demo_ids())[0]])[0]
    assert pane.article.demo
    with qtbot.waitSignal(demo_window.demoRemoved, timeout=60000) as blocker:
        action.trigger()
    assert blocker.args == [2] and asked["confirm"] == [2]
    assert demo_window.library.demo_ids() == set()
    assert demo_window.library.count() == len(ARTICLES)
    assert all(p.article is None or not p.article.demo for p in demo_window.reading.panes())
    assert "Removed 2 demo article(s)" in demo_window.last_message


def test_removal_is_cancelled_when_not_confirmed_and_says_so_when_there_is_none(demo_window, asked):
    asked["answer"] = False
    assert not demo_window.remove_demo()
    assert len(demo_window.library.demo_ids()) == 2 and not demo_window.runner.busy
    assert demo_window.library.remove_demo() == 2
    assert not demo_window.remove_demo()
    assert demo_window.last_message == "This library holds no demo articles."


def test_without_a_screen_the_questions_keep_the_demo_and_never_block(demo_window, qtbot, own_files):
    assert not demo_dialogs.offer_removal(demo_window, 2)
    assert not demo_dialogs.confirm_removal(demo_window, 2)
    with qtbot.waitSignal(demo_window.importFinished, timeout=60000):
        demo_window.import_paths([str(own_files)])
    assert len(demo_window.library.demo_ids()) == 2
