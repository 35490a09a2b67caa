"""Issue 17: the reader pane shows the PDF page of the cursor or selection ("p. 4"), nothing for other articles."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from indexer.model import Article


def _pane(qtbot):
    from desktop.theme import load_highlights
    from desktop.views.reader import ReaderPane

    pane = ReaderPane(load_highlights())
    qtbot.addWidget(pane)
    return pane


TEXT = "First page of the report.\n\nSecond page begins here.\n\nThird page ends the report."


def _pdf_article() -> Article:
    return Article(id="p1", title="Report", text=TEXT, kind="pdf",
                   pages=(0, TEXT.index("Second"), TEXT.index("Third")))


def test_the_page_label_follows_the_cursor_and_the_selection(qtbot):
    pane = _pane(qtbot)
    pane.show_article(_pdf_article())
    assert pane.page_label.text() == "p. 1"
    pane.select(TEXT.index("page begins"), TEXT.index("begins"))
    assert pane.page_label.text() == "p. 2"
    pane.select(TEXT.index("begins"), TEXT.index("ends"))
    assert pane.page_label.text() == "pp. 2–3"
    cursor = pane.view.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    pane.view.setTextCursor(cursor)
    assert pane.page_label.text() == "p. 3"
    assert pane.page_label.objectName() == "panePage" and pane.page_label.accessibleName()


def test_an_article_without_pages_shows_no_page(qtbot):
    pane = _pane(qtbot)
    pane.show_article(_pdf_article())
    pane.show_article(Article(id="t1", title="Note", text=TEXT))
    pane.select(0, 10)
    assert pane.page_label.text() == ""
