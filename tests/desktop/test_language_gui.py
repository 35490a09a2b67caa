"""The language in the GUI: the reader pane header, the results row, and the language filter of the search panel.

The Russian article is invented for these tests.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette

from desktop.models.results import result_document
from desktop.theme import load_highlights
from indexer.model import Hit

from .conftest import ARTICLES

RUSSIAN = (
    "Переговоры в Женеве продолжатся после короткой паузы\n\n"
    "ЖЕНЕВА, 11 марта. Делегации договорились продолжить переговоры на площадке Geneva Forum после короткой "
    "паузы, это сообщили участники встречи. Следующий раунд, по их словам, начнётся уже на этой неделе, "
    "и он будет посвящён гуманитарным вопросам.\n"
)


@pytest.fixture
def lang_window(qtbot, tmp_path, private_home):
    from desktop.app import create_main_window
    from indexer.library import Library

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in {**ARTICLES, "geneva-ru.txt": RUSSIAN}.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Library(tmp_path / "library") as lib:
        assert len(lib.add([folder]).added) == len(ARTICLES) + 1
    win = create_main_window(tmp_path / "library", private_home / "settings.ini")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.wait(10000)
    win.read_pool.waitForDone(10000)
    win.library.close()


def choose_language(window, qtbot, code: str) -> None:
    combo = window.search.languageFilter
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        combo.setCurrentIndex(combo.findData(code))


def search(window, qtbot, query: str):
    window.searchBox.setText(query)
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    return window.search.result


def test_language_filter_sits_beside_the_source_filter(lang_window):
    panel = lang_window.search
    combo = panel.languageFilter
    assert combo.objectName() == "languageFilter" and combo.accessibleName() == "Language filter"
    assert combo.itemData(0) == "" and combo.itemText(0) == "any"
    assert combo.itemText(combo.findData("ru")) == "Russian (ru)" and combo.findData("uk") > 0
    chain = panel.filter_chain()
    assert chain[chain.index(panel.sourceFilter) + 1] is combo


def test_language_filter_narrows_a_search_and_clear_resets_it(lang_window, qtbot):
    result = search(lang_window, qtbot, "Geneva")
    assert {hit.language for hit in result.hits} == {"en", "ru"}
    choose_language(lang_window, qtbot, "ru")
    result = lang_window.search.result
    assert result.total == 1 and result.hits[0].language == "ru"
    assert lang_window.search.messageLabel.text().startswith("1 article matches")
    with qtbot.waitSignal(lang_window.search.searched, timeout=5000):
        lang_window.search.clearButton.click()
    assert lang_window.search.language() == "" and lang_window.search.languageFilter.currentIndex() == 0


def test_language_alone_lists_that_languages_articles(lang_window, qtbot):
    choose_language(lang_window, qtbot, "ru")
    model = lang_window.search.model
    assert model.rowCount() == 1 and lang_window.search.result.hits[0].title.startswith("Переговоры в Женеве")
    choose_language(lang_window, qtbot, "")  # back to any: every article again
    assert model.rowCount() == len(ARTICLES) + 1


def test_a_language_with_no_articles_says_so(lang_window, qtbot):
    choose_language(lang_window, qtbot, "pl")
    assert lang_window.search.model.rowCount() == 0
    assert "No articles match" in lang_window.search.messageLabel.text()


@pytest.mark.parametrize(("code", "shown"), [("ru", "Russian (ru)"), ("en", "English (en)")])
def test_reader_header_names_the_language(lang_window, qtbot, code, shown):
    search(lang_window, qtbot, "Geneva")
    choose_language(lang_window, qtbot, code)
    hit = lang_window.search.result.hits[0]
    (pane,) = lang_window.open_articles([hit.id])
    qtbot.waitUntil(lambda: pane.article is not None and pane.article.id == hit.id, timeout=5000)
    assert pane.meta.text().split(" · ")[-1] == shown


def test_results_row_shows_the_language_code():
    hit = Hit("a1", "Переговоры в Женеве", "2025-03-11", "Северный вестник", "/x/a.txt", 0.0, (), "", "ru")
    doc = result_document(hit, QFont(), QPalette(), load_highlights(), 400.0)
    assert "2025-03-11 · Северный вестник · ru" in doc.toPlainText()
    untagged = result_document(Hit("a2", "T", "2025-03-11", "S", "/x/b.txt", 0.0), QFont(), QPalette(),
                               load_highlights(), 400.0)
    assert "2025-03-11 · S" in untagged.toPlainText() and "·  " not in untagged.toPlainText()
