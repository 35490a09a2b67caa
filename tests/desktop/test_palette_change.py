"""A palette change while the app runs (light ↔ dark, QA 4 defect 3): the style sheets are applied again, so the
reader panes, lists and labels take the new palette's colours, not only the highlights."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.screenshots import dark_palette
from desktop.theme import load_highlights


@pytest.fixture
def styled_app():
    """The app's own style sheet, as the real app has it; the palette and sheet put back afterwards."""
    from indexer.paths import resource

    app = QApplication.instance()
    sheet, palette = app.styleSheet(), app.palette()
    app.setStyleSheet(resource("styles", "app.qss").read_text(encoding="utf-8"))
    yield app
    app.setPalette(palette)
    app.setStyleSheet(sheet)


def background(view) -> int:
    """Lightness of the view's empty lower-right corner as painted."""
    image = view.viewport().grab().toImage()
    return image.pixelColor(image.width() - 3, image.height() - 3).lightness()


def open_article(window):
    window.run_search("ceasefire")
    [pane] = window.open_articles([window.search.model.hits[0].id])
    return pane


def test_a_pane_follows_a_switch_to_dark_and_back(window, qtbot, styled_app):
    pane = open_article(window)
    qtbot.waitUntil(lambda: background(pane.view) > 200, timeout=3000)
    light = QApplication.palette()
    styled_app.setPalette(dark_palette())
    qtbot.waitUntil(lambda: background(pane.view) < 60, timeout=3000)
    assert pane.view.palette().color(QPalette.ColorRole.Text).lightness() > 180  # light text on the dark page
    assert window.colours == load_highlights(dark_palette())  # the dark highlights
    styled_app.setPalette(light)
    qtbot.waitUntil(lambda: background(pane.view) > 200, timeout=3000)
    assert pane.view.palette().color(QPalette.ColorRole.Text).lightness() < 80


def test_a_widget_with_its_own_style_sheet_follows_too(window, qtbot, styled_app):
    pane = open_article(window)
    label = pane.demo_label  # "background: palette(highlight)" in its own style sheet
    before = label.palette().color(label.backgroundRole()).name()
    styled_app.setPalette(dark_palette())
    qtbot.waitUntil(lambda: label.palette().color(label.backgroundRole()).name() != before, timeout=3000)
    assert label.palette().color(label.backgroundRole()).name() == "#2f65ca"  # the dark palette's highlight


def test_the_same_palette_again_restyles_nothing(window, qtbot, styled_app, monkeypatch):
    import desktop.main_window as main_window

    calls = []  # this window's restyles (other tests' windows still alive in the suite get the change too)
    monkeypatch.setattr(main_window, "reapply_style_sheets",
                        lambda *args: calls.append(args) if args[-1] is window else None)
    styled_app.setPalette(dark_palette())
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=3000)
    styled_app.setPalette(dark_palette())
    qtbot.wait(50)
    assert len(calls) == 1


def test_a_drawn_timeline_is_drawn_again_in_the_dark_theme(window, qtbot, styled_app):
    with qtbot.waitSignal(window.timeline.drawn, timeout=20000):
        window.timeline_dock.show()
        window.timeline_dock.raise_()
    light = window.timeline.figure.get_facecolor()
    styled_app.setPalette(dark_palette())
    qtbot.waitUntil(lambda: window.timeline.figure.get_facecolor() != light, timeout=3000)
    assert sum(window.timeline.figure.get_facecolor()[:3]) < sum(light[:3])


def test_a_palette_change_recolours_the_actor_list_without_asking_the_library(window, qtbot, styled_app,
                                                                               monkeypatch):
    """Recolouring is not reloading: the actor rows keep their place and take the new colours, and the library
    is not queried on the GUI thread (a full test run once had stale windows fail here on deleted stores)."""
    from PySide6.QtCore import Qt

    from desktop.views.actors import SCOPE_LIBRARY

    open_article(window)
    window.actors.scope.setCurrentIndex(window.actors.scope.findData(SCOPE_LIBRARY))  # the whole library's actors
    model = window.actors.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10000)
    rows, first = model.rowCount(), model.item(0, 0)
    before = first.data(Qt.ItemDataRole.DecorationRole)

    def no_query(*_a, **_k):
        raise AssertionError("a palette change queried the library")

    monkeypatch.setattr(window.library, "actor_stats", no_query)
    styled_app.setPalette(dark_palette())
    qtbot.waitUntil(lambda: window.colours == load_highlights(dark_palette()), timeout=3000)
    assert model.rowCount() == rows
    assert model.item(0, 0).data(Qt.ItemDataRole.DecorationRole) != before


def test_faint_hints_stay_readable_on_a_dark_palette(window, styled_app):
    """QA: the reader's empty-state hint and the Actors panel's hint were nearly invisible on a dark theme
    (palette(mid) is a frame colour, close to a dark window's); they use the placeholder-text colour."""
    styled_app.setPalette(dark_palette())
    window_lightness = styled_app.palette().color(QPalette.ColorRole.Window).lightness()
    for label in (window.reading.empty, window.actors.hint):
        label.setStyleSheet(label.styleSheet())  # polished again under the dark palette
        label.ensurePolished()
        text = label.palette().color(label.foregroundRole())
        assert abs(text.lightness() - window_lightness) >= 80, (label.objectName(), text.name())
