"""Return or a double-click on a briefing excerpt shows it, selected, in its article."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.views.briefing import KIND_ROLE

from .test_briefing_panel import add_excerpt_of, open_first


def _excerpt_item(window):
    tree = window.excerptsView
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for item in (top, *(top.child(j) for j in range(top.childCount()))):
            if item.data(0, KIND_ROLE) == "excerpt":
                return item
    return None


def test_return_on_an_excerpt_opens_its_article_with_the_excerpt_selected(window, qtbot):
    pane = open_first(window)
    phrase = "the ceasefire talks in Geneva would need patience"
    add_excerpt_of(window, pane, phrase)
    window.reading.close_pane(pane)
    assert window.reading.pane_for(pane.article.id) is None
    item = _excerpt_item(window)
    assert item is not None
    window.excerptsView.setCurrentItem(item)
    window.excerptsView.setFocus()
    qtbot.keyClick(window.excerptsView, Qt.Key.Key_Return)
    active = window.reading.active
    assert active is not None and active.article.id == window.briefing.briefing.excerpts()[0].article_id
    assert active.view.textCursor().selectedText() == phrase


def test_an_excerpt_whose_article_changed_around_it_is_found_and_selected(window, qtbot):
    pane = open_first(window)
    phrase = "the ceasefire talks in Geneva would need patience"
    excerpt = add_excerpt_of(window, pane, phrase)
    moved = type(excerpt)(**{**excerpt.__dict__, "start": excerpt.start + 7, "end": excerpt.end + 7})
    shown = window.show_excerpt(moved)
    assert shown is not None and shown.view.textCursor().selectedText() == phrase


def test_an_excerpt_whose_text_is_gone_opens_the_article_with_a_message(window, qtbot):
    pane = open_first(window)
    excerpt = add_excerpt_of(window, pane, "the ceasefire talks in Geneva would need patience")
    gone = type(excerpt)(**{**excerpt.__dict__, "text": "words this article never had in it"})
    assert window.show_excerpt(gone) is not None
    assert "no longer in" in window.last_message and "keeps the text" in window.last_message


def test_an_excerpt_of_an_article_not_in_the_library_says_so(window):
    pane = open_first(window)
    excerpt = add_excerpt_of(window, pane, "the ceasefire talks in Geneva would need patience")
    gone = type(excerpt)(**{**excerpt.__dict__, "article_id": "0000000000000000"})
    assert window.show_excerpt(gone) is None
    assert "0000000000000000" in window.last_message


def test_an_excerpt_is_shown_in_its_article_as_reimported_not_as_the_pane_had_it(window, qtbot, tmp_path):
    source = tmp_path / "ferry.txt"
    body = "Ferry crews return\n\nThe ferry crews returned to the harbour on Monday after a week-long strike.\n"
    source.write_text(body, encoding="utf-8")
    [added] = window.library.add([source]).added
    [pane] = window.open_articles([added.id])
    phrase = "returned to the harbour on Monday"
    excerpt = add_excerpt_of(window, pane, phrase)
    source.write_text(body.replace("\n\n", "\n\nA first paragraph the outlet added later.\n\n", 1), encoding="utf-8")
    window.library.add([source])
    shown = window.show_excerpt(excerpt)
    assert shown is not None and "added later" in shown.article.text
    assert shown.view.textCursor().selectedText() == phrase
