"""The Quotes panel: who said what, filtered by speaker and date, shown in its article, added with its speaker."""

from __future__ import annotations

import pytest

from desktop.views.quotes import SCOPE_LIBRARY, SCOPE_OPEN

ENVOYS = (
    "Envoys meet again in Geneva\n\nSource: Northern Tribune\nDate: 2025-04-02\n\n"
    "“We will not sign anything this week,” Sergey Lavrov said on Tuesday.\n\n"
    "“Patience is the only plan we have,” Emmanuel Macron told reporters.\n\n"
    "The proposal, called “a long shot at best” by some diplomats, was shelved.\n"
)


@pytest.fixture
def envoys(window, tmp_path):
    path = tmp_path / "envoys.txt"
    path.write_text(ENVOYS, encoding="utf-8")
    [added] = window.library.add([path]).added
    return added.id


def show_library(window, qtbot):
    panel = window.quotes
    window.quotes_dock.show()
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_scope(SCOPE_LIBRARY)
    return panel


def shown(panel):
    from desktop.models.quotes import ROW_ROLE

    return [panel.proxy.index(r, 0).data(ROW_ROLE) for r in range(panel.proxy.rowCount())]


def actor_id(window, name):
    [found] = window.library.actors_engine.resolve(name)
    return found


def test_the_view_menu_and_widgets_name_the_panel(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert "Quotes" in [a.text().replace("&", "") for a in view_menu.actions()]
    for name in ("quotesScope", "quotesSpeaker", "quotesFrom", "quotesTo", "quotesView", "quotesOpen", "quotesAdd"):
        widget = window.quotes.findChild(object, name)
        assert widget is not None and widget.accessibleName(), name


def test_library_scope_lists_who_said_what(window, qtbot, envoys):
    panel = show_library(window, qtbot)
    said = {(r.speaker, r.text) for r in shown(panel)}
    assert ("Sergey Lavrov", "We will not sign anything this week") in said
    assert ("Emmanuel Macron", "Patience is the only plan we have") in said
    assert ("Emmanuel Macron", "A ceasefire is only the first step") in said
    assert all(r.speaker for r in shown(panel))  # the unattributed “a long shot at best” is left out
    panel.attributed.setChecked(False)
    assert "a long shot at best" in {r.text for r in shown(panel)}


def test_filter_by_speaker_and_by_date(window, qtbot, envoys):
    panel = show_library(window, qtbot)
    assert panel.set_speaker(actor_id(window, "Emmanuel Macron"))
    assert {r.speaker for r in shown(panel)} == {"Emmanuel Macron"} and len(shown(panel)) == 3
    panel.date_from.setText("2025-04-01")
    assert [r.text for r in shown(panel)] == ["Patience is the only plan we have"]
    panel.date_from.setText("")
    panel.date_to.setText("2025-03-31")
    assert {r.date for r in shown(panel)} == {"2025-03-10"} and len(shown(panel)) == 2
    assert not panel.set_speaker("nobody-by-this-id")


def test_a_date_that_is_not_a_date_says_how_to_write_it(window, qtbot, envoys):
    panel = show_library(window, qtbot)
    before = len(shown(panel))
    panel.date_from.setText("April 2025")
    panel.date_from.editingFinished.emit()
    assert "YYYY-MM-DD" in panel.status.text() and "April 2025" in panel.status.text()
    assert len(shown(panel)) == before  # the bad bound is ignored, not applied


@pytest.mark.parametrize("impossible, reason", [("2025-02-30", "2025-02 has 28 days"), ("2025-13-45", "no month 13")])
def test_an_impossible_day_is_refused_with_a_visible_message(window, qtbot, envoys, impossible, reason):
    panel = show_library(window, qtbot)
    before = len(shown(panel))
    panel.date_to.setText(impossible)  # typed: the filter follows each whole YYYY-MM-DD
    assert reason in panel.status.text() and impossible in panel.status.text()
    assert panel.status.isVisible() and len(shown(panel)) == before  # not used as a text bound
    panel.date_to.setText("2024-02-29")  # a leap day is a day
    assert panel.status.text().endswith("quotes") and shown(panel) == []


def test_the_empty_open_scope_points_to_the_scope_list_not_the_show_button(window):
    panel = window.quotes
    panel.set_scope(SCOPE_OPEN)
    assert "In the whole library" in panel.status.text()
    assert panel.scope.itemText(1) == "In the whole library"


def test_show_in_article_selects_the_quote_in_a_pane(window, qtbot, envoys):
    panel = show_library(window, qtbot)
    row = next(r for r, q in enumerate(shown(panel)) if q.text.startswith("We will not sign"))
    panel.select_row(row)
    with qtbot.waitSignal(window.articleOpened, timeout=5000):
        panel.openButton.click()
    pane = window.reading.active
    assert pane.article.title == "Envoys meet again in Geneva"
    assert pane.selection() == (shown(panel)[row].start, shown(panel)[row].end)
    assert pane.view.textCursor().selectedText() == "We will not sign anything this week"


def test_add_to_briefing_cites_the_speaker(window, qtbot, envoys):
    panel = show_library(window, qtbot)
    panel.set_speaker(actor_id(window, "Sergey Lavrov"))
    panel.select_row(0)
    panel.addButton.click()
    [excerpt] = window.briefing.briefing.excerpts()
    assert excerpt.speaker == "Sergey Lavrov" and excerpt.text == "We will not sign anything this week"
    qtbot.waitUntil(lambda: "Sergey Lavrov, in “Envoys meet again in Geneva”" in window.briefingPreview.toPlainText(),
                    timeout=3000)


def test_nothing_selected_says_so(window, qtbot, envoys):
    panel = show_library(window, qtbot)
    panel.quotesView.setCurrentIndex(panel.proxy.index(-1, -1))
    panel.addButton.click()
    assert panel.status.text() == "Select a quote first."
    assert window.briefing.briefing.excerpts() == []


def test_open_scope_follows_the_panes(window, qtbot, envoys):
    panel = window.quotes
    panel.set_scope(SCOPE_OPEN)
    assert shown(panel) == []
    assert "open an article" in panel.status.text()
    window.run_search("ceasefire")
    talks = next(h.id for h in window.search.model.hits if "Geneva as Macron" in h.title)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        window.open_articles([talks])
    assert {(r.speaker, r.text) for r in shown(panel)} == {
        ("Emmanuel Macron", "A ceasefire is only the first step"),
        ("Emmanuel Macron", "the ceasefire talks in Geneva would need patience."),
    }
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        window.reading.close_pane()
    assert shown(panel) == []


def test_library_list_follows_an_import(window, qtbot, tmp_path):
    panel = show_library(window, qtbot)
    assert "We will not sign anything this week" not in {r.text for r in shown(panel)}
    path = tmp_path / "envoys.txt"
    path.write_text(ENVOYS, encoding="utf-8")
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([str(path)])
    qtbot.waitUntil(lambda: "We will not sign anything this week" in {r.text for r in shown(panel)}, timeout=10000)


def test_renaming_a_speaker_renames_the_library_list(window, qtbot, envoys, monkeypatch):
    from desktop.views import actors as actors_view

    panel = show_library(window, qtbot)
    monkeypatch.setattr(actors_view, "ask_text", lambda *args, **kwargs: "Sergei Lavrov")
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        window.actors.rename(actor_id(window, "Sergey Lavrov"))
    assert "Sergei Lavrov" in {r.speaker for r in shown(panel)}


def test_a_quote_that_no_longer_matches_its_article_is_named_not_selected(window, envoys):
    from desktop.models.quotes import QuoteRow
    from desktop.views.quotes import add_quote, show_quote

    stale = QuoteRow(envoys, 1, 37, "Words the article no longer has", "sergey-lavrov", "Sergey Lavrov",
                     "Envoys meet again in Geneva")
    pane = show_quote(window, stale)
    assert pane is not None and pane.selection() is None
    assert "no longer in “Envoys meet again in Geneva”" in window.last_message
    outside = QuoteRow(envoys, 5000, 5040, "x", "", "", "Envoys meet again in Geneva")
    assert add_quote(window, outside) is None
    assert window.last_message.startswith("Cannot add this quote:")
    assert show_quote(window, QuoteRow("no-such-article", 0, 5, "x")) is None


# -- direct quotations and reported speech
REPORTED = "the ceasefire talks in Geneva would need patience."
DIRECT = "A ceasefire is only the first step"


def open_talks(window, qtbot):
    panel = window.quotes
    panel.set_scope(SCOPE_OPEN)
    window.run_search("ceasefire")
    talks = next(h.id for h in window.search.model.hits if "Geneva as Macron" in h.title)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        window.open_articles([talks])
    return panel


def row_cells(panel, text):
    from desktop.models.quotes import COLUMNS

    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(ROW_ROLE_).text == text)
    return {name: panel.proxy.index(row, c).data() for c, name in enumerate(COLUMNS)}, row


from desktop.models.quotes import ROW_ROLE as ROW_ROLE_  # noqa: E402


def test_the_kind_column_tells_reported_speech_from_a_quote(window, qtbot, envoys):
    from PySide6.QtCore import Qt

    panel = open_talks(window, qtbot)
    reported, row = row_cells(panel, REPORTED)
    assert reported["Kind"] == "reported" and reported["Quote"] == REPORTED
    assert panel.proxy.index(row, 2).data(Qt.ItemDataRole.FontRole).italic()
    assert "Reported speech, not a quotation" in panel.proxy.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    direct, row = row_cells(panel, DIRECT)
    assert direct["Kind"] == "quote" and panel.proxy.index(row, 2).data(Qt.ItemDataRole.FontRole) is None


def test_direct_quotes_only_hides_reported_speech(window, qtbot, envoys):
    panel = open_talks(window, qtbot)
    assert not panel.direct.isChecked() and panel.direct.accessibleName()  # listed, marked, by default
    assert {r.kind for r in shown(panel)} == {"direct", "reported"}
    panel.direct.setChecked(True)
    assert [r.text for r in shown(panel)] == [DIRECT]
    assert panel.status.text() == "1 of 2 quotes"


def test_reported_speech_is_added_as_reported(window, qtbot, envoys):
    panel = open_talks(window, qtbot)
    _, row = row_cells(panel, REPORTED)
    panel.select_row(row)
    panel.addButton.click()
    [excerpt] = window.briefing.briefing.excerpts()
    assert excerpt.reported and excerpt.speaker == "Emmanuel Macron"
    assert "reported speech" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "— Emmanuel Macron (reported speech), in “Ceasefire" in window.briefingPreview.toPlainText(),
                    timeout=3000)
    assert f"“{REPORTED}”" not in window.briefingPreview.toPlainText()
    listed = window.briefing.excerptsView.topLevelItem(0).child(0).text(0)
    assert listed.startswith("Reported: the ceasefire talks") and "“" not in listed.split(" — ")[0]


def test_the_reader_menu_names_reported_speech_and_cites_it(window, qtbot, envoys):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    open_talks(window, qtbot)
    pane = window.reading.active
    labels: list[list] = []

    def read_and_close():
        menu = QApplication.activePopupWidget()
        labels.append(list(menu.actions()) if menu is not None else [])
        if menu is not None:
            menu.close()

    for words in (REPORTED, DIRECT):
        cursor = pane.view.textCursor()
        cursor.setPosition(pane.offsets.to_qt(pane.article.text.index(words) + 3))
        QTimer.singleShot(200, read_and_close)
        window._pane_menu(pane, pane.view.cursorRect(cursor).center())
    reported_menu, direct_menu = labels
    [reported_action] = [a for a in reported_menu if a.text().startswith("Add Reported Speech by")]
    assert reported_action.text() == "Add Reported Speech by Emmanuel Macron to Briefing"
    assert any(a.text() == "Add Quote by Emmanuel Macron to Briefing" for a in direct_menu)
    assert not any(a.text().startswith("Add Quote") for a in reported_menu)
    reported_action.trigger()
    [excerpt] = window.briefing.briefing.excerpts()
    assert excerpt.reported and excerpt.speaker == "Emmanuel Macron" and excerpt.text == REPORTED


HEADLESS = (
    "Source: Northern Tribune\nDate: 2025-04-03\n\n"
    "Envoys from both sides gathered in Geneva on Thursday for a third round of talks.\n\n"
    "“We will not sign anything this week,” Sergey Lavrov said after the first session.\n"
)


def test_a_quote_from_a_file_without_headline_is_cited_from_an_untitled_article(window, qtbot, tmp_path):
    path = tmp_path / "headless.txt"
    path.write_text(HEADLESS, encoding="utf-8")
    [added] = window.library.add([path]).added
    opening = window.library.article(added.id).title
    assert opening.startswith("Envoys from both sides gathered in Geneva")  # the reader's stand-in
    panel = show_library(window, qtbot)
    panel.set_speaker(actor_id(window, "Sergey Lavrov"))
    panel.select_row(0)
    panel.addButton.click()
    assert f"from an untitled article beginning “{opening}”" in window.statusBar().currentMessage()
    cited = f"Sergey Lavrov, in an untitled article beginning “{opening}”, Northern Tribune, 2025-04-03"
    qtbot.waitUntil(lambda: cited in window.briefingPreview.toPlainText(), timeout=3000)
    preview = window.briefingPreview.toPlainText()
    assert f"in “{opening}”" not in preview and "Sergey Lavrov" in preview.split("Actors", 1)[1]
    assert "untitled article beginning" in window.briefing.excerptsView.topLevelItem(0).child(0).text(0)

    assert window.apply_details(added.id, {"title": "Lavrov rules out a deal this week"})  # the analyst's headline
    window.briefing.refresh_preview()
    preview = window.briefingPreview.toPlainText()
    assert "Sergey Lavrov, in “Lavrov rules out a deal this week”, Northern Tribune" in preview
    assert "untitled article" not in preview.lower()


@pytest.mark.parametrize("scope", [SCOPE_OPEN, SCOPE_LIBRARY])
def test_an_edited_date_reaches_the_quotes_list(window, qtbot, envoys, scope):
    """Edit Details changes an article's date: its quotes in the list show the new date (GUI QA: the Quotes
    row kept the empty date while the pane, timeline and citations had the new one)."""
    from desktop.views.quotes import SCOPE_LIBRARY as LIBRARY

    [pane] = window.open_articles([envoys])
    panel = window.quotes
    window.quotes_dock.show()
    if scope == LIBRARY:
        show_library(window, qtbot)
    else:
        panel.set_scope(scope)
    assert window.apply_details(envoys, {"date": "2025-05-17"})
    qtbot.waitUntil(lambda: shown(panel) and all(q.date == "2025-05-17" for q in shown(panel)
                                                  if q.article_id == envoys), timeout=10000)
