"""Ctrl+B inside a quote (cursor or selection) cites the quote's speaker and kind, as the Quotes panel's Add
does; a selection that runs into the narration is nobody's words."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from desktop.actions import Act

REPORTED = "the ceasefire talks in Geneva would need patience."
DIRECT = "A ceasefire is only the first step"


def open_talks(window):
    window.run_search("ceasefire")
    talks = next(h.id for h in window.search.model.hits if "Geneva as Macron" in h.title)
    [pane] = window.open_articles([talks])
    return pane


def place(pane, start: int, end: int | None = None) -> None:
    """Put the cursor at article offset `start`, selecting to `end` when given."""
    cursor = pane.view.textCursor()
    cursor.setPosition(pane.offsets.to_qt(start))
    if end is not None:
        cursor.setPosition(pane.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    pane.view.setTextCursor(cursor)


def press_add(window):
    window.action(Act.ADD_EXCERPT).trigger()
    return window.briefing.briefing.excerpts()


def test_cursor_inside_reported_speech_adds_it_as_reported_with_its_speaker(window, qtbot):
    pane = open_talks(window)
    start = pane.article.text.index(REPORTED)
    place(pane, start + 5)
    [excerpt] = press_add(window)
    assert excerpt.text == REPORTED and excerpt.speaker == "Emmanuel Macron" and excerpt.reported
    qtbot.waitUntil(lambda: "Emmanuel Macron (reported speech), in “Ceasefire" in window.briefingPreview.toPlainText(),
                    timeout=3000)
    assert f"“{REPORTED}”" not in window.briefingPreview.toPlainText()


def test_selecting_a_direct_quote_with_its_marks_cites_the_speaker(window):
    pane = open_talks(window)
    text = pane.article.text
    start = text.index(DIRECT) - 1  # the opening quote mark
    place(pane, start, start + len(DIRECT) + 3)  # through the closing comma and mark
    [excerpt] = press_add(window)
    assert excerpt.speaker == "Emmanuel Macron" and excerpt.quote_kind == "direct"


def test_part_of_a_quote_keeps_its_speaker(window):
    pane = open_talks(window)
    start = pane.article.text.index(DIRECT) + 2
    place(pane, start, start + 8)
    [excerpt] = press_add(window)
    assert excerpt.speaker == "Emmanuel Macron" and excerpt.quote_kind == "direct"


def test_a_selection_running_into_the_narration_has_no_speaker(window):
    pane = open_talks(window)
    start = pane.article.text.index(DIRECT)
    place(pane, start, start + len(DIRECT) + 20)  # "… first step," Macron said. Kyiv
    [excerpt] = press_add(window)
    assert excerpt.speaker == "" and excerpt.quote_kind == ""


def test_outside_any_quote_with_nothing_selected_asks_for_a_selection(window):
    pane = open_talks(window)
    place(pane, pane.article.text.index("Diplomats said"))
    assert press_add(window) == []
    assert "Select a passage" in window.last_message


HEADLESS = (
    "Source: Eastern Courier\nDate: 2025-05-06\n\n"
    "Delegations met in Vienna on Monday for a second day of grain talks.\n\n"
    "“Nothing is agreed until everything is agreed,” Sergey Lavrov said.\n"
)


def test_ctrl_b_on_an_untitled_article_names_it_as_untitled_in_the_status(window, qtbot, tmp_path):
    """QA5 defect 11: the reader's stand-in title is not presented as a headline."""
    path = tmp_path / "no-headline.txt"
    path.write_text(HEADLESS, encoding="utf-8")
    [added] = window.library.add([path]).added
    [pane] = window.open_articles([added.id])
    opening = pane.article.title
    start = pane.article.text.index("Nothing is agreed")
    place(pane, start + 3)
    [excerpt] = press_add(window)
    message = window.statusBar().currentMessage()
    assert excerpt.untitled and f"from an untitled article beginning “{opening}”" in message
    assert f"from “{opening}”" not in message


def test_ctrl_b_on_a_headline_quotes_the_headline(window):
    pane = open_talks(window)
    place(pane, pane.article.text.index(DIRECT) + 3)
    press_add(window)
    assert f"from “{pane.article.title}” to the briefing" in window.statusBar().currentMessage()
