"""The Actors panel's "Possible duplicates…": the library's merge suggestions, each merged (once confirmed)
through the undo stack, by keyboard too, and absent on a read-only library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.theme import load_highlights
from desktop.views import actors as actors_view
from desktop.views.actors import ActorsPanel
from indexer.errors import BriefingReaderError
from indexer.library import Library

from ..indexer.test_actors_suggest import ARTICLES


@pytest.fixture
def panel(tmp_path, qtbot):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    library = Library(tmp_path / "lib")
    library.add([folder])
    widget = ActorsPanel(library, load_highlights())
    qtbot.addWidget(widget)
    widget.scope.setCurrentIndex(1)
    yield widget
    library.close()


def answer(monkeypatch, pick, decision=actors_view.MERGE):
    """Replace the dialogs: `pick` chooses among the offered (id, label), then `decision`; record what was asked."""
    asked = {}
    monkeypatch.setattr(actors_view, "choose_actor", lambda parent, title, label, choices: (
        asked.update(choices=dict(choices)) or pick(dict(choices))))
    monkeypatch.setattr(actors_view, "decide_duplicate", lambda parent, title, text: (
        asked.update(text=text) or decision))
    monkeypatch.setattr(actors_view, "confirm", lambda parent, title, text: pytest.fail("not a plain merge"))
    monkeypatch.setattr(actors_view, "tell", lambda parent, title, text: asked.update(told=text))
    return asked


def test_a_suggestion_is_listed_merged_once_confirmed_and_undone(panel, monkeypatch):
    asked = answer(monkeypatch, lambda choices: next(iter(choices)))
    assert panel.row_of("d-mark-root") >= 0
    assert panel.review_duplicates()
    assert list(asked["choices"]) == ["d-mark-root"]
    assert "Mark Root → Mark Rutte" in asked["choices"]["d-mark-root"]
    assert "“Mark Root” (1 article) into “Mark Rutte” (2 articles)" in asked["text"]
    assert panel.row_of("d-mark-root") < 0 and panel.library.actor("Mark Root").id == "mark-rutte"
    panel.undo_stack.undo()
    assert panel.row_of("d-mark-root") >= 0 and panel.library.actor("Mark Root").id == "d-mark-root"


def test_declining_or_cancelling_merges_nothing(panel, monkeypatch):
    answer(monkeypatch, lambda choices: next(iter(choices)), decision="")
    assert not panel.review_duplicates()
    answer(monkeypatch, lambda choices: None)
    assert not panel.review_duplicates()
    assert panel.undo_stack.count() == 0 and panel.row_of("d-mark-root") >= 0


def test_different_people_are_kept_apart_undoably(panel, monkeypatch):
    asked = answer(monkeypatch, lambda choices: next(iter(choices)), decision=actors_view.KEEP_APART)
    assert panel.review_duplicates()
    assert "different people" in asked["text"]
    assert panel.library.merge_suggestions() == [] and panel.row_of("d-mark-root") >= 0
    assert panel.library.actor("Mark Root").id == "d-mark-root"
    panel.undo_stack.undo()
    assert [s.discovered_id for s in panel.library.merge_suggestions()] == ["d-mark-root"]
    panel.undo_stack.redo()
    assert panel.library.merge_suggestions() == []


def test_with_nothing_to_suggest_the_analyst_is_told(panel, monkeypatch):
    panel.library.merge_actors("mark-rutte", "d-mark-root")
    asked = answer(monkeypatch, lambda choices: pytest.fail("nothing to choose from"))
    assert not panel.review_duplicates()
    assert "No likely duplicates" in asked["told"]


def test_a_library_error_is_explained_not_raised(panel, monkeypatch):
    warned = []
    monkeypatch.setattr(actors_view.QMessageBox, "warning", lambda parent, title, text: warned.append(text))

    def broken():
        raise BriefingReaderError("The library store cannot be read: /tmp/x/store.sqlite. Run rebuild.")
    monkeypatch.setattr(panel.library, "merge_suggestions", broken)
    assert not panel.review_duplicates()
    assert "Could not look for duplicate actors" in warned[0] and "store.sqlite" in warned[0]


def test_the_entry_is_reached_by_keyboard_and_hidden_when_curation_is_not_allowed(panel, qtbot, monkeypatch):
    asked = answer(monkeypatch, lambda choices: None)
    panel.show()
    qtbot.waitExposed(panel)
    button = panel.duplicatesButton
    assert button in panel.tab_chain() and button.accessibleName() and button.isVisible()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert "d-mark-root" in asked["choices"]
    panel.curation_allowed = False
    assert not button.isVisible() and not panel.review_duplicates()
