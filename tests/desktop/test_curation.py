"""Curation you can trust (issue 14.3): a filtered merge dialog with nothing pre-selected, a confirmation
naming both actors and their counts, undo and redo of every curation, panes that keep their place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.actions import Act
from desktop.views import actors as actors_view
from desktop.views.actors import ActorChooser

CHOICES = [("ukraine", "Ukraine (place, 9 articles)"), ("uk", "United Kingdom (place, 3 articles)"),
           ("turkey", "Turkey (place, 2 articles)"), ("macron", "Emmanuel Macron (person, 4 articles)")]


def visible_labels(dialog: ActorChooser) -> list[str]:
    return [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]


def test_the_merge_chooser_filters_as_you_type_and_selects_nothing(qtbot):
    dialog = ActorChooser("Merge actors", "Merge which actor into Turkey?", CHOICES)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.chosen() is None and not ok.isEnabled()
    qtbot.keyClick(dialog.filterEdit, Qt.Key.Key_Return)  # Return with nothing picked merges nothing
    assert dialog.result() != dialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.filterEdit, "uni")
    assert visible_labels(dialog) == ["United Kingdom (place, 3 articles)"]
    assert dialog.chosen() is None and not ok.isEnabled()
    qtbot.keyClicks(dialog.filterEdit, "zz")
    assert visible_labels(dialog) == [] and not ok.isEnabled()
    dialog.filterEdit.clear()
    dialog.listView.setCurrentIndex(dialog.proxy.index(3, 0))
    assert dialog.chosen() == "macron" and ok.isEnabled()


def test_the_merge_chooser_works_from_the_keyboard(qtbot):
    dialog = ActorChooser("Merge actors", "Merge which actor into Turkey?", CHOICES)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.filterEdit.setFocus()
    qtbot.keyClicks(dialog.filterEdit, "macron")
    qtbot.keyClick(dialog.filterEdit, Qt.Key.Key_Down)
    assert dialog.chosen() == "macron"
    qtbot.keyClick(dialog.listView, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted


@pytest.fixture
def curating(window, qtbot, monkeypatch):
    """Both fixture articles about the talks and the grain open, the library scope listed."""
    window.run_search("ceasefire")
    window.resultsView.selectAll()
    window.open_side_by_side()
    window.actors.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.actors.row_of("turkey") >= 0, timeout=3000)
    return window


def names_in_panes(window) -> list[set[str]]:
    return [{a.name for a in p.article.actors} for p in window.reading.panes()]


def test_merge_asks_with_both_names_and_counts_and_can_be_undone_and_redone(curating, monkeypatch):
    window = curating
    asked = {}
    monkeypatch.setattr(actors_view, "choose_actor", lambda parent, title, label, choices: (
        asked.update(choices=dict(choices)) or "turkey"))
    monkeypatch.setattr(actors_view, "confirm", lambda parent, title, text: asked.update(text=text) or True)
    before = names_in_panes(window)
    assert window.actors.merge("emmanuel-macron")
    assert asked["choices"]["turkey"] == "Turkey (place, 1 article)"
    assert "emmanuel-macron" not in asked["choices"]
    assert "“Turkey” (1 article) into “Emmanuel Macron” (2 articles)" in asked["text"]
    assert window.actors.row_of("turkey") < 0 and "Turkey" not in set().union(*names_in_panes(window))
    window.actors.undo_stack.undo()
    assert window.actors.row_of("turkey") >= 0 and names_in_panes(window) == before
    window.actors.undo_stack.redo()
    assert window.actors.row_of("turkey") < 0


def test_a_declined_merge_confirmation_changes_nothing(curating, monkeypatch):
    window = curating
    monkeypatch.setattr(actors_view, "choose_actor", lambda *a: "turkey")
    monkeypatch.setattr(actors_view, "confirm", lambda *a: False)
    assert not window.actors.merge("emmanuel-macron")
    assert window.actors.row_of("turkey") >= 0 and window.actors.undo_stack.count() == 0


@pytest.mark.parametrize("curate", ["rename", "alias", "type", "ignore"])
def test_every_curation_is_undone_and_redone(curating, monkeypatch, curate):
    window = curating
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "President Macron")
    monkeypatch.setattr(actors_view, "confirm", lambda *a: True)
    engine = window.library.actors_engine

    def state():
        actor = engine.actor("emmanuel-macron")
        return (actor.name, actor.type, actor.aliases) if actor else None
    before = state()
    done = {"rename": lambda: window.actors.rename("emmanuel-macron"),
            "alias": lambda: window.actors.alias("emmanuel-macron"),
            "type": lambda: window.actors.set_type("emmanuel-macron", "organisation"),
            "ignore": lambda: window.actors.ignore("emmanuel-macron")}[curate]()
    assert done
    after = state()
    assert after != before
    window.actors.undo_stack.undo()
    assert state() == before
    window.actors.undo_stack.redo()
    assert state() == after


def test_edit_undo_undoes_a_curation_while_the_actors_panel_has_the_focus(curating, qtbot, monkeypatch):
    window = curating
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "President Macron")
    window.briefing.add_section("Findings")  # a briefing edit that must stay
    assert window.actors.rename("emmanuel-macron")
    window.activateWindow()
    window.actorsView.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.actorsView, timeout=2000)
    undo = window.action(Act.UNDO)
    assert undo.isEnabled() and "President Macron" in undo.text()
    undo.trigger()
    assert window.library.actors_engine.actor("emmanuel-macron").name == "Emmanuel Macron"
    assert [s.title for s in window.briefing.briefing.sections] == ["Findings"]
    window.excerptsView.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.excerptsView, timeout=2000)
    undo.trigger()  # now the briefing's history
    assert window.briefing.briefing.sections == []


def test_a_refused_curation_is_explained_and_leaves_nothing_to_undo(curating, monkeypatch):
    window = curating
    shown = []
    monkeypatch.setattr(actors_view.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "!!!")  # no letters: the library refuses
    assert not window.actors.rename("emmanuel-macron")
    assert shown and "letters or digits" in shown[0]
    assert window.actors.undo_stack.count() == 0


def test_panes_keep_their_scroll_position_and_current_hit_after_a_curation(curating, qtbot, monkeypatch):
    window = curating
    pane = window.reading.panes()[0]
    font = pane.view.font()
    font.setPointSize(30)  # the fixture articles are short: large type makes them scroll
    pane.view.setFont(font)
    window.resize(1000, 500)
    pane.next_hit()
    pane.next_hit()
    label, selection = pane.hits_label.text(), pane.selection()
    bar = pane.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    bar.setValue(bar.maximum() // 2 or 1)
    scroll = bar.value()
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "President Macron")
    assert window.actors.rename("emmanuel-macron")
    assert "President Macron" in {a.name for a in pane.article.actors}
    assert bar.value() == scroll
    assert pane.hits_label.text() == label and label.startswith("2 of") and pane.selection() == selection


@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
                                           (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)])
def test_curation_is_reachable_by_keyboard_through_the_context_menu_key(curating, qtbot, monkeypatch, key, modifier):
    from PySide6.QtCore import QTimer

    window = curating
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "Republic of Türkiye")
    view = window.actorsView
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=2000)
    view.setCurrentIndex(view.model().index(window.actors.row_of("turkey"), 0))
    seen = []

    def choose_rename():
        menu = QApplication.activePopupWidget()
        seen.append([a.text() for a in menu.actions()])
        next(a for a in menu.actions() if a.text() == "Rename…").trigger()
        menu.close()

    QTimer.singleShot(200, choose_rename)
    qtbot.keyClick(view, key, modifier)
    assert seen and "Merge another actor into this one…" in seen[0]
    qtbot.waitUntil(lambda: window.library.actors_engine.actor("turkey").name == "Republic of Türkiye", timeout=2000)


def turkey_mentions(pane) -> list[str]:
    return [pane.article.text[s:e] for ref in pane.article.actors if ref.id == "turkey" for s, e in ref.mentions]


def test_an_alias_applies_at_once_in_the_background_and_undo_takes_it_back(curating, qtbot, monkeypatch):
    window = curating
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "grain corridor")
    pane = next(p for p in window.reading.panes() if "grain corridor" in p.article.text)
    assert "grain corridor" not in turkey_mentions(pane)
    steps = []
    window.importProgress.connect(lambda done, total, message: steps.append((done, total)))
    with qtbot.waitSignal(window.reanalysisFinished, timeout=20000) as finished:
        assert window.actors.alias("turkey")
    assert finished.args[0] == [pane.article.id]  # only the article that contains the alias
    assert steps and steps[-1] == (1, 1)
    assert "grain corridor" in turkey_mentions(pane)
    assert "Actors updated in 1 article." in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.reanalysisFinished, timeout=20000):
        window.actors.undo_stack.undo()
    assert "grain corridor" not in turkey_mentions(pane)


def test_an_alias_added_while_a_rebuild_runs_applies_after_it(curating, qtbot):
    window = curating
    window.library.alias_actor("turkey", "grain corridor")
    with qtbot.waitSignal(window.rebuildFinished, timeout=30000):
        assert window.rebuild_index()
        assert not window.reanalyse_names(["grain corridor"])  # queued: one writer at a time
    with qtbot.waitSignal(window.reanalysisFinished, timeout=20000) as finished:
        pass
    assert len(finished.args[0]) == 1 and window._pending_names == []


def test_a_type_change_needs_no_reanalysis(curating, qtbot):
    window = curating
    emitted = []
    window.actors.reanalyse.connect(emitted.append)
    assert window.actors.set_type("turkey", "organisation")
    window.actors.undo_stack.undo()
    assert emitted == [] and not window.runner.busy


def test_undo_leaves_a_curation_made_since_by_another_analyst_and_says_so(curating, monkeypatch):
    """In a team library another analyst may curate the same actor after you: your undo must not wipe it."""
    from indexer.library import Library

    window = curating
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "President Macron")
    told = []
    window.actors.notice.connect(told.append)
    assert window.actors.rename("emmanuel-macron")
    with Library(window.library.path) as other:  # another window or analyst, on the same library
        other.alias_actor("emmanuel-macron", "E. Macron")
    window.actors.undo_stack.undo()
    actor = window.library.actors_engine.actor("emmanuel-macron")
    assert actor.name == "President Macron" and "E. Macron" in actor.aliases
    assert told and "changed by another analyst or window" in told[0] and "President Macron" in told[0]
    assert "Not undone" in window.last_message


def test_undo_still_undoes_when_nobody_else_curated_the_actor(curating, monkeypatch):
    window = curating
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "President Macron")
    assert window.actors.rename("emmanuel-macron")
    window.actors.undo_stack.undo()
    assert window.library.actors_engine.actor("emmanuel-macron").name == "Emmanuel Macron"
