"""After a query error, or once the search box is emptied, no results of an earlier query stay listed."""

from __future__ import annotations

from PySide6.QtCore import Qt


def search(window, qtbot, query: str):
    window.searchBox.setText(query)
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    return window.search.result


def test_a_query_error_clears_the_results_of_the_query_before(window, qtbot):
    assert search(window, qtbot, "ceasefire").total > 0
    window.searchBox.setText('"unclosed phrase')
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    assert "unclosed quote" in window.search.messageLabel.text()
    assert window.search.model.rowCount() == 0 and window.search.facetsView.count() == 0
    assert window.search.result is None and window.search.query == ""


def test_a_failed_background_search_clears_the_results_too(window, qtbot, monkeypatch):
    from indexer.errors import QueryError

    assert search(window, qtbot, "ceasefire").total > 0

    def refused(query="", **kwargs):
        raise QueryError("The search for 'grain' took longer than 10 seconds and was stopped. Narrow it.")

    monkeypatch.setattr(window.library, "search", refused)
    window.searchBox.setText("grain")
    qtbot.keyClick(window.searchBox, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "took longer" in window.search.messageLabel.text(), timeout=5000)
    assert window.search.model.rowCount() == 0


def test_emptying_the_search_box_replaces_the_old_results_with_the_article_list(window, qtbot):
    result = search(window, qtbot, "zanzibarxyz")
    assert result.total == 0
    search(window, qtbot, "ceasefire")
    with qtbot.waitSignal(window.search.searched, timeout=5000):
        window.searchBox.clear()
    assert window.search.query == "" and window.search.result is None
    assert window.search.model.rowCount() == window.library.count()
    assert "in the library" in window.search.messageLabel.text()


def test_a_quoted_actor_name_searches_like_its_surname_in_the_app(window, qtbot):
    person = next(s.actor for s in window.library.actor_stats() if s.actor.type == "person" and " " in s.actor.name)
    by_surname = search(window, qtbot, f"actor:{person.name.split()[-1]}")
    assert by_surname.total > 0
    quoted = search(window, qtbot, f'actor:"{person.name}"')
    assert {h.id for h in quoted.hits} == {h.id for h in by_surname.hits}
    assert window.search.messageLabel.property("error") is False
