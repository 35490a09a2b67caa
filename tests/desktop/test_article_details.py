"""Edit Details (issue 14.6): correct an article's title, date, author, outlet, web address and language in the
app; the dialog checks the values, the change is undoable, and panes and results follow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.actions import Act
from desktop.views.details import ArticleDetailsDialog
from indexer.model import Article

ARTICLE = Article(id="a1", title="Untitled clipping", text="Some text.", date="", author="", source="Pasted",
                  language="en")


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_dialog_shows_the_details_and_returns_only_what_changed(qtbot):
    dialog = ArticleDetailsDialog(ARTICLE, {})
    qtbot.addWidget(dialog)
    assert dialog.edits["title"].text() == "Untitled clipping" and dialog.edits["source"].text() == "Pasted"
    assert dialog.changes() == {}
    for edit in dialog.edits.values():
        assert edit.objectName() and edit.accessibleName()
    dialog.edits["date"].setText("2025-01-20")
    dialog.edits["source"].clear()  # back to the imported value
    assert dialog.changes() == {"date": "2025-01-20", "source": ""}


def test_bad_values_keep_the_dialog_open_and_say_what_to_fix(qtbot):
    dialog = ArticleDetailsDialog(ARTICLE, {})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.edits["date"].setText("2025-02-30")
    dialog.edits["url"].setText("ftp://files.example/a")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    message = dialog.error.text()
    assert "not a real day" in message and "YYYY-MM-DD" in message and "https://" in message
    assert dialog.focusWidget() is dialog.edits["date"]
    dialog.edits["date"].setText("2025-02-28")
    dialog.edits["url"].setText("https://example.org/clipping")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)


def open_first(window, qtbot, query: str):
    window.run_search(query)
    window.resultsView.setCurrentIndex(window.search.model.index(0, 0))
    window.open_current(False)
    return window.reading.active


def test_edit_details_from_the_pane_updates_pane_results_and_undoes(window, qtbot):
    pane = open_first(window, qtbot, "grain")
    article_id = pane.article.id
    assert window.action(Act.EDIT_DETAILS).shortcut().toString() == "Ctrl+Shift+D"
    assert window.action(Act.EDIT_DETAILS) in pane.pane_menu.actions()
    window.action(Act.EDIT_DETAILS).trigger()
    dialog = window.details_dialog
    qtbot.waitExposed(dialog)
    assert dialog.edits["title"].text() == "Black Sea grain corridor reopens after weeks of delay"
    dialog.edits["title"].setText("Corridor reopens for grain ships")
    dialog.edits["date"].setText("2025-04-02")
    dialog.edits["source"].setText("Coastline Wire")
    dialog.edits["url"].setText("https://coastline.example/corridor")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.article.title == "Corridor reopens for grain ships", timeout=3000)
    assert pane.title.text() == "Corridor reopens for grain ships"
    assert "2025-04-02" in pane.meta.text() and "Coastline Wire" in pane.meta.text()
    assert pane.toolTip().startswith("https://coastline.example/corridor\n")
    hit = window.search.model.hits[0]
    assert (hit.id, hit.title, hit.date, hit.source) == (article_id, "Corridor reopens for grain ships",
                                                         "2025-04-02", "Coastline Wire")
    assert [h.id for h in window.run_search("title:corridor").hits] == [article_id]
    pane.view.setFocus()  # in a reader pane, Ctrl+Z undoes what changed last there: these details
    qtbot.waitUntil(lambda: window.undo_group.activeStack() is window.details_stack, timeout=2000)
    window.action(Act.UNDO).trigger()
    assert pane.article.title == "Black Sea grain corridor reopens after weeks of delay"
    assert pane.article.date == "2025-03-12" and pane.article.source == "Northern Tribune"
    assert window.library.article_edits(article_id) == {}
    assert [h.id for h in window.run_search("title:corridor").hits] == [article_id]  # the imported title has it
    assert window.run_search("title:ships").hits == ()
    window.action(Act.REDO).trigger()
    assert pane.article.title == "Corridor reopens for grain ships"
    assert window.library.article_edits(article_id)["date"] == "2025-04-02"


def test_a_refused_edit_leaves_nothing_to_undo(window, qtbot):
    pane = open_first(window, qtbot, "grain")
    assert not window.apply_details(pane.article.id, {"date": "12 March"})
    assert "YYYY-MM-DD" in window.last_message and window.details_stack.count() == 0
    assert not window.apply_details("no-such-article", {"title": "x"})
    assert "no-such-article" in window.last_message and window.details_stack.count() == 0


def test_edit_details_without_an_open_article_says_what_to_do(window):
    assert window.edit_details() is None
    assert "Open an article first" in window.last_message


def test_an_edit_waits_for_a_running_import_or_another_writer(window, qtbot, library_path, monkeypatch):
    from indexer.locking import WriteLock

    pane = open_first(window, qtbot, "grain")
    monkeypatch.setattr(type(window.runner), "busy", property(lambda self: True))
    assert not window.apply_details(pane.article.id, {"title": "Corridor reopens"})
    assert "import or rebuild is running" in window.last_message
    monkeypatch.undo()
    other = WriteLock(library_path / "write.lock")  # another process importing
    other.acquire()
    try:
        assert not window.apply_details(pane.article.id, {"title": "Corridor reopens"})
    finally:
        other.release()
    assert "another Briefing Reader process" in window.last_message and window.details_stack.count() == 0
    assert pane.article.title == "Black Sea grain corridor reopens after weeks of delay"


def test_undo_keeps_a_value_set_since_elsewhere_and_undoes_the_rest(window, qtbot):
    """A teammate (or the command line) corrected the outlet after you: undo leaves theirs, says so, and
    still puts back the other field you changed."""
    from indexer.library import Library

    pane = open_first(window, qtbot, "grain")
    article_id = pane.article.id
    before = window.library.article(article_id)
    assert window.apply_details(article_id, {"source": "Fox A", "author": "Anna Writer"})
    with Library(window.library.path) as other:
        other.edit_details(article_id, {"source": "Fox B"})
    window.details_stack.undo()
    now = window.library.article(article_id)
    assert now.source == "Fox B" and now.author == before.author
    assert "left as it is" in window.last_message and "Fox B" in window.last_message


def test_the_dialog_shows_the_details_as_the_library_has_them_now(window, qtbot):
    """QA (team library): a teammate corrected the title after the pane opened; the dialog must show theirs,
    or OK would put the old one back."""
    from indexer.library import Library

    pane = open_first(window, qtbot, "grain")
    article_id = pane.article.id
    with Library(window.library.path) as other:
        other.edit_details(article_id, {"title": "Corrected by a teammate"})
    dialog = window.edit_details()
    assert dialog.edits["title"].text() == "Corrected by a teammate"
    dialog.reject()  # deletes itself on close
