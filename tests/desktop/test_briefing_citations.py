"""Citations follow the analyst's corrections: editing an article's details while a briefing cites it updates the
excerpt's citation in one undoable step ("Update citations"), in the panel, the preview and the export."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QFileDialog

from desktop.actions import Act
from indexer.briefing import STALE_MISSING, Excerpt, load_briefing, save_briefing


def open_first(window, query: str):
    window.run_search(query)
    window.resultsView.setCurrentIndex(window.search.model.index(0, 0))
    window.open_current(False)
    return window.reading.active


def excerpt_row(window) -> str:
    section = window.excerptsView.topLevelItem(0)
    return section.child(0).text(0)


def export(window, monkeypatch, path) -> str:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    assert window.export_briefing() == str(path)
    return path.read_text(encoding="utf-8")


def test_a_corrected_date_reaches_panel_and_export_and_undo_restores_the_old_citation(window, qtbot, tmp_path,
                                                                                       monkeypatch):
    pane = open_first(window, "grain")
    start = pane.article.text.index("Ukraine reopened")
    excerpt = window.add_span(pane, start, start + len("Ukraine reopened the grain corridor"))
    assert excerpt.date == "2025-03-12" and "2025-03-12" in excerpt_row(window)
    steps = window.briefing.undo_stack.count()

    assert window.apply_details(pane.article.id, {"date": "2025-03-13"})
    assert excerpt.date == "2025-03-13" and excerpt.text == "Ukraine reopened the grain corridor"
    assert "2025-03-13" in excerpt_row(window) and "2025-03-12" not in excerpt_row(window)
    assert window.briefing.undo_stack.count() == steps + 1
    assert window.briefing.undo_stack.undoText() == "Update citations"
    assert "Updated the citations of 1 excerpt" in window.last_message
    window.briefing.refresh_preview()
    assert "2025-03-13" in window.briefingPreview.toPlainText()
    markdown = export(window, monkeypatch, tmp_path / "out.md")
    assert "2025-03-13" in markdown and "2025-03-12" not in markdown
    assert window.briefing.undo_stack.count() == steps + 1  # the export found nothing more to update

    window.briefing.undo_stack.undo()
    assert excerpt.date == "2025-03-12" and "2025-03-12" in excerpt_row(window)
    window.briefing.undo_stack.redo()
    assert excerpt.date == "2025-03-13"


def test_undoing_the_edit_itself_brings_the_citation_back_too(window, qtbot):
    pane = open_first(window, "grain")
    excerpt = window.add_span(pane, 0, 10)
    assert window.apply_details(pane.article.id, {"title": "Grain ships sail again", "source": "Tribune Online"})
    assert (excerpt.title, excerpt.source) == ("Grain ships sail again", "Tribune Online")
    pane.view.setFocus()
    qtbot.waitUntil(lambda: window.undo_group.activeStack() is window.details_stack, timeout=2000)
    window.action(Act.UNDO).trigger()  # the details edit, not the briefing's step
    assert pane.article.source == "Northern Tribune"
    assert (excerpt.title, excerpt.source) == ("Black Sea grain corridor reopens after weeks of delay",
                                               "Northern Tribune")
    assert window.undo_group.activeStack() is window.details_stack


def test_opening_a_briefing_follows_the_library_and_flags_a_removed_article(window, qtbot, tmp_path):
    pane = open_first(window, "grain")
    excerpt = window.add_span(pane, 0, 10)
    saved = window.briefing.briefing.snapshot()
    (old,) = saved.excerpts()
    old.date = "2024-01-01"
    gone = dataclasses.replace(old, id="e-gone", article_id="no-such-article", date="2024-02-02")
    saved.add_item(saved.sections[0].id, gone)
    saved.add_item(saved.sections[0].id, dataclasses.replace(old, id="e-lost", text="Words the article never had"))
    path = tmp_path / "old.briefing.json"
    save_briefing(saved, path)
    assert window.briefing.confirm_close(ask=lambda *_: "discard")
    assert window.briefing.open(str(path))
    refreshed, kept, lost = window.briefing.briefing.excerpts()
    assert refreshed.date == excerpt.date == "2025-03-12"
    assert (kept.date, kept.text, kept.stale) == ("2024-02-02", gone.text, STALE_MISSING)
    assert "⚠ article no longer in the library" in window.excerptsView.topLevelItem(0).child(1).text(0)
    assert (lost.text, lost.date, lost.stale_label) == ("Words the article never had", "2025-03-12",
                                                        "text no longer in the article")
    assert "⚠ text no longer in the article" in window.excerptsView.topLevelItem(0).child(2).text(0)
    assert "no longer in the library" in window.last_message and window.briefing.is_modified()
    assert load_briefing(path).excerpts()[0].date == "2024-01-01"  # the file changes only when saved
    window.briefing.undo_stack.undo()
    assert refreshed.date == "2024-01-01"


def test_a_briefing_from_another_library_is_not_flagged(window, tmp_path):
    saved = window.briefing.briefing.snapshot()
    section = saved.add_section("Elsewhere")
    saved.add_item(section.id, Excerpt("other-library-article", 0, 5, "Hello", date="2020-01-01"))
    path = tmp_path / "elsewhere.briefing.json"
    save_briefing(saved, path)
    assert window.briefing.open(str(path))
    (kept,) = window.briefing.briefing.excerpts()
    assert (kept.stale, kept.date) == ("", "2020-01-01")
    assert "None of the articles this briefing cites is in this library" in window.last_message
    assert not window.briefing.is_modified()
