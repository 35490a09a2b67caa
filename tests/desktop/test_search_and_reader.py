"""Search, results, side-by-side reading and highlights (checked on the documents' character formats)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

from desktop.actions import Act
from desktop.theme import load_highlights
from desktop.views.highlight import PROP_ACTOR, PROP_HIT, PROP_SELECTED, OffsetMap, build_document
from indexer.model import ActorRef


def char_format(view: QTextEdit | QPlainTextEdit, position: int):
    """The format of the character starting at `position` (a cursor reports the one before it)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def search(window, qtbot, query: str):
    window.searchBox.setText(query)
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    return window.search.result


def test_contract_names(window):
    assert isinstance(window.findChild(QLineEdit, "searchBox"), QLineEdit)
    for name in ("searchBox", "resultsView", "actorsView", "excerptsView", "briefingPreview"):
        widget = window.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
    for key in (Act.IMPORT, Act.OPEN_SIDE_BY_SIDE, Act.ADD_EXCERPT, Act.EXPORT_BRIEFING, Act.UNDO, Act.REDO):
        assert window.findChild(object, key.value) is window.action(key)
    assert window.action(Act.FOCUS_SEARCH).shortcut().toString() == "Ctrl+F"
    assert window.action(Act.IMPORT).shortcut().toString() == "Ctrl+O"
    assert window.action(Act.EXPORT_BRIEFING).shortcut().toString() == "Ctrl+E"
    assert window.action(Act.SAVE_BRIEFING).shortcut().toString() == "Ctrl+S"
    assert window.action(Act.UNDO).shortcut().toString() == "Ctrl+Z"
    assert window.action(Act.REDO).shortcut().toString() == "Ctrl+Shift+Z"
    assert "Ctrl+W" in [k.toString() for k in window.action(Act.CLOSE_PANE).shortcuts()]
    assert window.action(Act.NEXT_HIT).shortcut().toString() == "F3"
    assert [k.toString() for k in window.action(Act.PREVIOUS_HIT).shortcuts()] == ["Shift+F3", "Ctrl+Shift+G"]


def test_search_shows_results_with_highlighted_snippets(window, qtbot):
    result = search(window, qtbot, "ceasefire")
    assert result.total == 2
    assert window.search.model.rowCount() == 2
    titles = {h.title for h in window.search.model.hits}
    assert any("Geneva" in t for t in titles) and any("grain" in t for t in titles)
    hit = window.search.model.hits[0]
    snippet = hit.snippets[0]
    start, end = snippet.highlights[0]
    assert snippet.text[start:end].lower().startswith("ceasefire")
    assert "2 articles match" in window.search.messageLabel.text()
    assert window.search.facetsView.count() > 0  # actor facets for the query


def test_bad_query_shows_clear_message_and_no_match_state(window, qtbot):
    window.searchBox.setText('"unclosed phrase')
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    assert "unclosed quote" in window.search.messageLabel.text()
    assert window.search.messageLabel.property("error") is True
    search(window, qtbot, "zanzibarxyz")
    assert window.search.model.rowCount() == 0
    assert "No articles match" in window.search.messageLabel.text()


def test_query_history_is_remembered(window, qtbot):
    search(window, qtbot, "ceasefire")
    search(window, qtbot, "grain")
    assert window.settings.query_history()[:2] == ["grain", "ceasefire"]
    assert window.search.history.stringList()[:2] == ["grain", "ceasefire"]


def test_facet_click_filters_by_actor(window, qtbot):
    search(window, qtbot, "ceasefire OR energy")
    assert window.search.result.total == 3
    item = next(window.search.facetsView.item(i) for i in range(window.search.facetsView.count())
                if window.search.facetsView.item(i).data(Qt.ItemDataRole.UserRole) == "Emmanuel Macron")
    with qtbot.waitSignal(window.search.searched):
        window.search._facet_chosen(item)
    assert window.search.actors() == ["Emmanuel Macron"]
    assert window.search.result.total == 2


def test_return_opens_result_and_side_by_side_opens_each_selected(window, qtbot):
    search(window, qtbot, "ceasefire")
    window.resultsView.setFocus()
    qtbot.keyClick(window.resultsView, Qt.Key.Key_Return)
    assert len(window.reading.panes()) == 1
    window.resultsView.selectAll()
    window.action(Act.OPEN_SIDE_BY_SIDE).trigger()
    panes = window.findChildren(QPlainTextEdit, "articleView")
    assert len(window.reading.panes()) == 2 and len(panes) == 2
    opened = {p.article.id for p in window.reading.panes()}
    assert opened == {h.id for h in window.search.model.hits}
    for pane in window.reading.panes():
        assert pane.objectName() == "readerPane"
        view = pane.findChild(QPlainTextEdit, "articleView")
        assert view.isReadOnly()
        assert view.toPlainText() == pane.article.text
        assert pane.title.text() == pane.article.title


def test_actor_and_hit_highlights_are_text_formats(window, qtbot):
    search(window, qtbot, "ceasefire")
    [pane] = window.open_articles([window.search.model.hits[0].id])
    article = pane.article
    macron = next(a for a in article.actors if a.name == "Emmanuel Macron")
    start, end = macron.mentions[0]
    fmt = char_format(pane.view, start)
    assert fmt.property(PROP_ACTOR) == macron.id
    assert fmt.background().color() == window.colours.actor(macron.type)
    hit_start = article.text.lower().index("ceasefire")
    hit_fmt = char_format(pane.view, hit_start)
    assert hit_fmt.property(PROP_HIT) is True
    assert hit_fmt.underlineStyle() == hit_fmt.UnderlineStyle.SingleUnderline
    assert hit_fmt.background().color() == window.colours.colour("hit")
    plain = article.text.index("patience")
    assert not char_format(pane.view, plain).hasProperty(PROP_ACTOR)
    assert not char_format(pane.view, plain).hasProperty(PROP_HIT)
    # a new search repaints the hits of open panes instead of losing them
    search(window, qtbot, "patience")
    assert char_format(pane.view, plain).property(PROP_HIT) is True
    assert not char_format(pane.view, hit_start).hasProperty(PROP_HIT)
    assert char_format(pane.view, start).property(PROP_ACTOR) == macron.id


def test_next_and_previous_hit_navigation(window, qtbot):
    search(window, qtbot, "ceasefire")
    geneva = next(h for h in window.search.model.hits if "Geneva" in h.title)
    [pane] = window.open_articles([geneva.id])
    assert len(pane.hit_spans) >= 3
    spans = sorted(pane.hit_spans)
    window.action(Act.NEXT_HIT).trigger()
    assert pane.selection() == spans[0]
    window.action(Act.NEXT_HIT).trigger()
    assert pane.selection() == spans[1]
    window.action(Act.PREVIOUS_HIT).trigger()
    assert pane.selection() == spans[0]
    window.action(Act.PREVIOUS_HIT).trigger()  # wraps around
    assert pane.selection() == spans[-1]


def test_clicking_an_actor_emphasises_it_in_every_pane(window, qtbot):
    search(window, qtbot, "ceasefire")
    window.resultsView.selectAll()
    window.open_side_by_side()
    first, second = window.reading.panes()
    ref = next(a for a in first.article.actors if a.name == "Emmanuel Macron")
    start, _end = ref.mentions[0]
    cursor = QTextCursor(first.view.document())
    cursor.setPosition(first.offsets.to_qt(start) + 1)
    point = first.view.cursorRect(cursor).center()
    qtbot.mouseClick(first.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selected_actor == ref.id
    for pane in (first, second):
        other = next(a for a in pane.article.actors if a.id == ref.id)
        for s, _e in other.mentions:
            fmt = char_format(pane.view, pane.offsets.to_qt(s))
            assert fmt.property(PROP_SELECTED) is True
            assert fmt.fontWeight() >= 700
    other_actor = next(a for a in first.article.actors if a.id != ref.id)
    assert not char_format(first.view, other_actor.mentions[0][0]).hasProperty(PROP_SELECTED)
    qtbot.waitUntil(lambda: window.actors.current_id() == ref.id, timeout=3000)  # the panel follows
    qtbot.waitUntil(lambda: "Emmanuel Macron" in first.actors_line.text(), timeout=3000)  # shared by both
    assert "Shared" in first.actors_line.text()
    assert "Emmanuel Macron" in first._tooltip(ref) and "mention" in first._tooltip(ref)


def test_close_reorder_and_max_four_panes(window, qtbot):
    ids = [s.id for s in window.library.articles()]
    for article_id in ids:
        window.open_articles([article_id], True)
    assert len(window.reading.panes()) == 3
    first = window.reading.panes()[0]
    window.reading.move_pane(first, 1)
    assert window.reading.panes()[1] is first
    window.reading.set_active(first)
    window.action(Act.CLOSE_PANE).trigger()
    assert first not in window.reading.panes() and len(window.reading.panes()) == 2
    for _ in range(3):
        window.open_articles([ids[0]], True)
    assert len(window.reading.panes()) == 4


def test_related_articles_open_in_next_pane(window, qtbot):
    search(window, qtbot, "ceasefire")
    [pane] = window.open_articles([window.search.model.hits[0].id])
    window._fill_related(pane)
    actions = [a for a in pane.related_menu.actions() if a.isEnabled()]
    assert actions, "the library should suggest a related article"
    actions[0].trigger()
    panes = window.reading.panes()
    assert len(panes) == 2 and panes[0] is pane and panes[1].article.id != pane.article.id


def test_offsets_survive_astral_characters(qtbot):
    text = "😀 Macron met 🇫🇷 Scholz."
    doc = QTextDocument()
    offsets = OffsetMap(text)
    macron = ActorRef("emmanuel-macron", "Emmanuel Macron", "person", mentions=((2, 8),))
    scholz = ActorRef("olaf-scholz", "Olaf Scholz", "person", discovered=True,
                      mentions=((text.index("Scholz"), len(text) - 1),))
    build_document(doc, text, [macron, scholz], [], "olaf-scholz", load_highlights())
    assert doc.toPlainText() == text
    cursor = QTextCursor(doc)
    for ref in (macron, scholz):
        s, e = ref.mentions[0]
        cursor.setPosition(offsets.to_qt(s))
        cursor.setPosition(offsets.to_qt(e), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == text[s:e]
        cursor.setPosition(offsets.to_qt(s) + 1)
        assert cursor.charFormat().property(PROP_ACTOR) == ref.id
    assert offsets.from_qt(offsets.to_qt(text.index("Scholz"))) == text.index("Scholz")


def test_filters_by_source_and_date(window, qtbot):
    from PySide6.QtCore import QDate

    qtbot.waitUntil(lambda: "Emmanuel Macron" in window.search.actor_names.stringList(), timeout=15000)
    sources = [window.search.sourceFilter.itemText(i) for i in range(window.search.sourceFilter.count())]
    assert "Harbour Courier" in sources and "Northern Tribune" in sources
    window.search.sourceFilter.setCurrentText("Harbour Courier")
    result = window.run_search("")
    assert [h.source for h in result.hits] == ["Harbour Courier"]
    window.search.sourceFilter.setCurrentText("")
    window.search.dateFrom.setDate(QDate(2025, 3, 13))
    result = window.run_search("")
    assert [h.date for h in result.hits] == ["2025-03-14"]
    window.search.clear_filters()
    assert window.search.model.rowCount() == 3  # back to browsing every article


def test_double_click_opens_and_ctrl_f_focuses_search(window, qtbot):
    search(window, qtbot, "ceasefire")
    index = window.search.model.index(1, 0)
    qtbot.waitUntil(lambda: not window.resultsView.visualRect(index).isEmpty(), timeout=2000)
    point = window.resultsView.visualRect(index).center()
    qtbot.mouseClick(window.resultsView.viewport(), Qt.MouseButton.LeftButton, pos=point)  # a real double
    qtbot.mouseDClick(window.resultsView.viewport(), Qt.MouseButton.LeftButton, pos=point)  # click presses first
    assert [p.article.id for p in window.reading.panes()] == [window.search.model.hits[1].id]
    window.activateWindow()
    window.reading.panes()[0].view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.searchBox.hasFocus, timeout=2000)
    assert window.searchBox.selectedText() == "ceasefire"


def test_dark_palette_switches_highlight_colours_in_open_panes(window, qtbot):
    from PySide6.QtGui import QColor, QPalette

    from desktop.theme import load_highlights as colours_for

    search(window, qtbot, "ceasefire")
    [pane] = window.open_articles([window.search.model.hits[0].id])
    ref = pane.article.actors[0]
    light = char_format(pane.view, pane.offsets.to_qt(ref.mentions[0][0])).background().color()
    dark = QPalette(QColor("#2b2b2b"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    window.setPalette(dark)
    qtbot.waitUntil(lambda: window.colours.colours == colours_for(dark).colours, timeout=3000)
    now = char_format(pane.view, pane.offsets.to_qt(ref.mentions[0][0])).background().color()
    assert now == colours_for(dark).actor(ref.type, ref.discovered) and now != light


def test_browsing_lists_the_newest_articles_and_counts_them_all(window, monkeypatch):
    import desktop.views.search as search_view

    monkeypatch.setattr(search_view, "BROWSE_LIMIT", 2)
    window.search.browse()
    titles = [h.title for h in window.search.model.hits]
    assert len(titles) == 2
    assert "energy security" in titles[0]  # 2025-03-14, the newest fixture article
    assert "grain corridor" in titles[1]  # 2025-03-12
    assert "3 articles in the library" in window.search.messageLabel.text()


def _slow_search(window, monkeypatch, delays: dict[str, float]):
    """Make the library's search sleep per query (in the worker thread), like a large library."""
    import time

    original = window.library.search

    def slow(query="", **kwargs):
        time.sleep(delays.get(query, 0.0))
        return original(query, **kwargs)

    monkeypatch.setattr(window.library, "search", slow)


def test_return_searches_in_the_background_and_the_window_stays_responsive(window, qtbot, monkeypatch):
    import time

    _slow_search(window, monkeypatch, {"ceasefire": 0.8})
    window.searchBox.setText("ceasefire")
    start = time.perf_counter()
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    assert time.perf_counter() - start < 0.5, "the GUI thread waited for the search"
    assert window.search.searching()
    assert "Searching" in window.search.messageLabel.text()
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        pass
    assert window.search.result.total == 2 and not window.search.searching()
    assert "2 articles match" in window.search.messageLabel.text()


def test_a_newer_search_replaces_one_still_running(window, qtbot, monkeypatch):
    _slow_search(window, monkeypatch, {"ceasefire": 0.8})
    window.searchBox.setText("ceasefire")
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    search(window, qtbot, "grain")
    assert window.search.query == "grain"
    qtbot.waitUntil(lambda: not window.search.searching(), timeout=5000)
    qtbot.wait(50)
    assert window.search.query == "grain"  # the slow, older result arrived later and was dropped
    assert all("grain" in (h.title + " ".join(s.text for s in h.snippets)).lower() for h in window.search.model.hits)


def test_a_background_search_failure_is_a_clear_message(window, qtbot, monkeypatch):
    from indexer.errors import IndexCorruptError

    def broken(query="", **kwargs):
        raise IndexCorruptError("The search index is damaged. Run Library > Rebuild index.")

    monkeypatch.setattr(window.library, "search", broken)
    window.searchBox.setText("ceasefire")
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "damaged" in window.search.messageLabel.text(), timeout=5000)
    assert window.search.messageLabel.property("error") is True
    assert not window.search.searching()


# -- bounded queries and search that knows the actors --------------------------------------------
@pytest.mark.timeout(30)
def test_a_pasted_page_as_query_is_refused_at_once_naming_the_limit(window, qtbot):
    window.searchBox.setText("ceasefire " * 100_000)  # a paste; the box itself keeps 32,767 characters
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    message = window.search.messageLabel.text()
    assert "characters long; the limit is 1,000" in message and len(message) < 400
    assert window.search.messageLabel.property("error") is True
    assert not window.search.searching()


def test_a_search_over_its_time_budget_says_so(window, qtbot, monkeypatch):
    import indexer.index

    monkeypatch.setattr(indexer.index, "SEARCH_SECONDS", 0.0)
    window.searchBox.setText("ceasefire")
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "took longer" in window.search.messageLabel.text(), timeout=5000)
    assert "Narrow it" in window.search.messageLabel.text()
    assert window.search.messageLabel.property("error") is True
    assert not window.search.searching()


def test_a_pattern_matching_too_many_words_says_so(window, qtbot, monkeypatch):
    import indexer.index

    monkeypatch.setattr(indexer.index, "MAX_EXPANSION", 2)
    window.searchBox.setText("s*")
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "matches more than 2 words" in window.search.messageLabel.text(), timeout=5000)
    assert window.search.messageLabel.property("error") is True


def _hit_texts(pane) -> list[str]:
    return [pane.article.text[s:e] for s, e in sorted(pane.hit_spans)]


def test_the_reader_highlights_a_phrase_only_where_it_occurs_whole(window, qtbot):
    result = search(window, qtbot, '"ceasefire talks"')
    assert [h.title for h in result.hits] == ["Ceasefire talks open in Geneva as Macron urges patience"]
    assert {window_text for s in result.hits[0].snippets for window_text in
            [s.text[a:b].lower() for a, b in s.highlights]} == {"ceasefire talks"}
    [pane] = window.open_articles([result.hits[0].id])
    assert {t.lower() for t in _hit_texts(pane)} == {"ceasefire talks"}
    lone = pane.article.text.index("A ceasefire is only") + 2
    assert not char_format(pane.view, lone).hasProperty(PROP_HIT)


def test_actor_queries_highlight_the_actors_names_in_the_reader(window, qtbot):
    result = search(window, qtbot, "actor:macron")
    assert result.total == 2
    assert all(any(s.highlights for s in h.snippets) for h in result.hits)
    talks = next(h for h in result.hits if "Geneva" in h.title)
    [pane] = window.open_articles([talks.id])
    assert "Emmanuel Macron" in _hit_texts(pane) and "Macron" in _hit_texts(pane)
    start = pane.article.text.index("Emmanuel Macron")
    assert char_format(pane.view, start).property(PROP_HIT) is True


def test_newest_first_sorting_lists_results_by_date(window, qtbot):
    window.search.sortCombo.setCurrentIndex(window.search.sortCombo.findData("date"))
    result = search(window, qtbot, "ceasefire")
    assert [h.date for h in result.hits] == ["2025-03-12", "2025-03-10"]
    assert "2 articles match" in window.search.messageLabel.text()


def test_show_removed_text_lists_the_removed_lines_greyed_as_plain_text(window, qtbot):
    from dataclasses import replace

    from indexer.model import RemovedLine

    search(window, qtbot, "ceasefire")
    [pane] = window.open_articles([window.search.model.hits[0].id])
    article = replace(pane.article, removed=(
        RemovedLine(3, "<b>REUTERS/Jane Doe</b>", "photo credit"), RemovedLine(0, "Share this story", "share row"),
    ))
    pane.show_article(article)
    button, panel = pane.removed_button, pane.removed_view
    assert button.objectName() == "showRemovedButton" and button.accessibleName()
    assert button.isEnabled() and not panel.isVisibleTo(pane)
    button.click()
    assert panel.isVisibleTo(pane) and panel.isReadOnly()
    assert panel.toPlainText().split("\n") == [
        "<b>REUTERS/Jane Doe</b>   — photo credit, line 3", "Share this story   — share row",
    ]
    assert "placeholder-text" in panel.styleSheet()
    assert pane.view.toPlainText() == article.text  # the article's own text and offsets are untouched
    pane.show_article(replace(article, removed=()))
    assert not button.isEnabled() and not panel.isVisibleTo(pane)
