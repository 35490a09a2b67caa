"""The Timeline and Network panels and Add Picture to Briefing, on the fixture articles."""

from __future__ import annotations

from desktop.actions import Act


def show_and_wait(qtbot, dock, panel):
    with qtbot.waitSignal(panel.drawn, timeout=20000):
        dock.show()
        dock.raise_()


def test_panels_are_hidden_and_cost_nothing_until_shown(window):
    assert not window.timeline_dock.isVisible() and not window.network_dock.isVisible()
    assert window.timeline.canvas is None and window.network.canvas is None
    view_entries = [a.text().replace("&", "") for a in window.menuBar().actions()[2].menu().actions()]
    assert "Timeline" in view_entries and "Network" in view_entries
    assert window.action(Act.ADD_PICTURE).objectName() == "actionAddPicture"
    briefing_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Briefing")
    names = [a.objectName() for a in briefing_menu.actions()]
    assert names.index("actionAddPicture") < names.index("actionRedrawPicture") < names.index("actionAddNote")


def test_the_timeline_draws_and_a_mark_opens_its_quote(qtbot, window):
    show_and_wait(qtbot, window.timeline_dock, window.timeline)
    panel = window.timeline
    assert panel.canvas.objectName() == "timelineCanvas" and panel.canvas.accessibleName()
    assert "3 article(s)" in panel.statusLabel.text()
    macron = next(p for p in panel._points if any("first step" in m.text for m in p[2]))
    tip = panel.tooltip_at(macron[0], macron[1])
    assert "Emmanuel Macron" in tip and "2025-03-10" in tip and macron[2][0].text[:30] in tip
    assert panel.tooltip_at(-100, -100) == ""
    with qtbot.waitSignal(panel.quoteRequested) as signal:
        panel.clicked_at(macron[0], macron[1], False)
    article_id, start, end = signal.args
    pane = window.reading.pane_for(article_id)
    assert pane is not None and pane.selection() == (start, end)


def test_a_timeline_mark_of_reported_speech_is_not_shown_as_a_quotation(qtbot, window):
    show_and_wait(qtbot, window.timeline_dock, window.timeline)
    panel = window.timeline
    x, y, marks = next(p for p in panel._points if p[2][0].kind == "reported")
    tip = panel.tooltip_at(x, y)
    assert f"(reported speech) {marks[0].text[:30]}" in tip and f"“{marks[0].text[:30]}" not in tip


def test_the_pictures_follow_the_search(qtbot, window):
    show_and_wait(qtbot, window.timeline_dock, window.timeline)
    window.searchBox.setText("grain")
    with qtbot.waitSignal(window.timeline.drawn, timeout=20000):
        window.search.run_search()
    assert window.timeline.scope.query == "grain" and window.timeline.data.articles == 1
    assert "grain" in window.timeline.scopeLabel.text()


def test_a_date_range_chosen_on_the_timeline_filters_the_search(qtbot, window):
    window.timeline.dateRangeSelected.emit("2025-03-11", "2025-03-13")
    assert window.search._date(window.search.dateFrom) == "2025-03-11"
    assert window.search._date(window.search.dateTo) == "2025-03-13"


def test_the_network_draws_filters_and_opens_side_by_side(qtbot, window):
    show_and_wait(qtbot, window.network_dock, window.network)
    panel = window.network
    assert panel.data.nodes and "link(s)" in panel.statusLabel.text()
    x, y, node = next(p for p in panel._nodes if p[2].name == "Emmanuel Macron")
    assert "Emmanuel Macron" in panel.tooltip_at(x, y)
    panel.clicked_at(x, y, False)
    assert "Emmanuel Macron" in window.search.actors()
    with qtbot.waitSignal(panel.articlesRequested) as signal:
        panel.clicked_at(x, y, True)
    assert len(signal.args[0]) == 2 and all(window.reading.pane_for(i) for i in signal.args[0])
    with qtbot.waitSignal(panel.drawn, timeout=20000):
        panel.weightBox.setValue(2)
    assert all(e.weight >= 2 for e in panel.data.edges)


def test_add_picture_to_briefing(qtbot, window):
    show_and_wait(qtbot, window.network_dock, window.network)
    window.timeline_dock.hide()
    window.action(Act.ADD_PICTURE).trigger()
    pictures = window.briefing.briefing.pictures()
    assert len(pictures) == 1 and pictures[0].kind == "network"
    assert pictures[0].caption.startswith("Who appears with whom") and pictures[0].png.startswith(b"\x89PNG")
    labels = [window.excerptsView.topLevelItem(0).child(i).text(0)
              for i in range(window.excerptsView.topLevelItem(0).childCount())]
    assert any(label.startswith("▦ network") for label in labels)
    window.briefing.undo_stack.undo()
    assert window.briefing.briefing.pictures() == []


def test_a_bad_query_is_shown_in_the_panel_not_raised(qtbot, window):
    from indexer.pictures import Scope

    show_and_wait(qtbot, window.timeline_dock, window.timeline)
    window.timeline.set_scope(Scope(query='"unclosed'))
    qtbot.waitUntil(lambda: "quote" in window.timeline.statusLabel.text().lower(), timeout=20000)
    assert not window.timeline.addButton.isEnabled()


def test_opening_the_window_does_not_import_matplotlib(tmp_path):
    import os
    import subprocess
    import sys

    code = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "from desktop.app import create_main_window; "
            f"w = create_main_window({str(tmp_path / 'lib')!r}, {str(tmp_path / 's.ini')!r}); "
            "print('matplotlib' in sys.modules, 'networkx' in sys.modules); w.library.close()")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRIEFING_READER_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "False False", out.stderr


def test_without_matplotlib_the_panel_says_what_to_install(qtbot, window, monkeypatch):
    from indexer.pictures import render

    def missing():
        raise render.RenderError("Drawing pictures needs matplotlib and networkx; install them.")

    monkeypatch.setattr(render, "require_drawing_libraries", missing)
    window.timeline_dock.show()
    qtbot.waitUntil(lambda: "needs matplotlib" in window.timeline.statusLabel.text(), timeout=20000)
    assert window.timeline.canvas is None and not window.timeline.addButton.isEnabled()


def test_a_briefing_picture_is_drawn_again_only_when_asked_and_can_be_undone(qtbot, window):
    from desktop.views.timeline import add_picture_to_briefing, redraw_selected_picture

    picture = add_picture_to_briefing(window, window.timeline)
    before = picture.png
    window.excerptsView.setCurrentItem(window.excerptsView.topLevelItem(0))  # a section, not a picture
    assert not redraw_selected_picture(window) and "Select a picture" in window.last_message
    window.briefing.select_id(picture.id)
    macron = window.library.actor("Emmanuel Macron")
    window.library.ignore_actor(macron.id)
    assert picture.png == before  # the library changed; the snapshot is kept
    assert redraw_selected_picture(window)
    assert picture.png != before and "Emmanuel Macron" not in picture.svg
    window.briefing.undo_stack.undo()
    assert picture.png == before


def test_open_panes_only(qtbot, window):
    show_and_wait(qtbot, window.timeline_dock, window.timeline)
    grain = next(a.id for a in window.library.articles() if "grain" in a.title.lower())
    window.open_articles([grain], True)
    with qtbot.waitSignal(window.timeline.drawn, timeout=20000):
        window.timeline.panesOnly.setChecked(True)
    assert window.timeline.scope.article_ids == (grain,) and window.timeline.data.articles == 1
    with qtbot.waitSignal(window.timeline.drawn, timeout=20000):
        window.timeline.panesOnly.setChecked(False)
    assert window.timeline.scope.article_ids is None and window.timeline.data.articles == 3


def test_the_app_exports_a_briefing_with_its_pictures(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from desktop.views.timeline import add_picture_to_briefing

    add_picture_to_briefing(window, window.timeline)
    add_picture_to_briefing(window, window.network)
    for name in ("brief.md", "brief.html"):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target, **k: (str(t), "")))
        assert window.briefing.export() == str(target)
    markdown = (tmp_path / "brief.md").read_text()
    assert "![Who said what](<brief-figure-1.png>)" in markdown and "(<brief-figure-2.svg>)" in markdown
    assert (tmp_path / "brief-figure-2.png").read_bytes().startswith(b"\x89PNG")
    page = (tmp_path / "brief.html").read_text()
    assert page.count('<img src="data:image/png;base64,') == 2 and "Figure 2." in page


def test_a_query_that_looks_like_markup_is_shown_as_text(qtbot, window):
    from PySide6.QtCore import Qt

    from indexer.pictures import Scope

    window.timeline.set_scope(Scope(query="<b>grain</b>"))
    assert window.timeline.scopeLabel.textFormat() == Qt.TextFormat.PlainText
    assert "<b>grain</b>" in window.timeline.scopeLabel.text()


def test_tooltips_show_quotes_literally():
    from desktop.views.safe_text import literal_tip as as_tooltip

    assert as_tooltip('He said “<img src=file:///etc/x.png> & more”') == (
        "<p style='white-space:pre-wrap'>He said “&lt;img src=file:///etc/x.png&gt; &amp; more”</p>")


def _failing(message):
    from indexer.errors import BriefingReaderError

    def compute():
        raise BriefingReaderError(message)

    return lambda: compute


def test_a_failed_drawing_clears_the_last_picture_under_the_new_label(qtbot, window, monkeypatch):
    """QA5 defect 9: the server gone, a new search must not leave the last chart under the new query's label."""
    for dock, panel in ((window.timeline_dock, window.timeline), (window.network_dock, window.network)):
        show_and_wait(qtbot, dock, panel)
        assert panel.figure.axes and panel.canvas.isVisible()
        monkeypatch.setattr(panel, "_computer", _failing("The team library cannot be reached (server closed)."))
        window.run_search("Lavrov")
        qtbot.waitUntil(lambda: "cannot be reached" in panel.statusLabel.text(), timeout=20000)
        assert "Lavrov" in panel.scopeLabel.text()
        assert panel.data is None and not panel.figure.axes and not panel.canvas.isVisible()
        assert not panel.toolbar.isVisible() and not panel.addButton.isEnabled()
        monkeypatch.undo()
        with qtbot.waitSignal(panel.drawn, timeout=20000):  # the next search draws again, canvas and all
            window.run_search("Macron")
        assert panel.figure.axes and panel.canvas.isVisible()


def test_a_team_library_failure_says_what_failed_and_claims_nothing_else(qtbot):
    """QA5 defect 10: while the server is down search fails too, so the message must not say it is fine."""
    from types import SimpleNamespace

    from desktop.views.network import NetworkPanel
    from desktop.views.timeline import TimelinePanel

    for kind in (TimelinePanel, NetworkPanel):
        panel = kind(SimpleNamespace(address="postgresql://db.desk/news"))
        qtbot.addWidget(panel)
        panel._failed(panel._number, "The team library postgresql://db.desk/news cannot be reached (refused).")
        text = panel.statusLabel.text()
        assert f"The {panel.kind} could not be drawn" in text and "cannot be reached" in text
        assert "search again" in text and "not affected" not in text
