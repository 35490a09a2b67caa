"""Panels from a table (issue 14 item 8): a panel is one file plus one row of desktop.main_window.PANELS."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel

from desktop import main_window


def view_menu_texts(window) -> list[str]:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    return [a.text().replace("&", "") for a in view.actions()]  # "&Quotes": a mnemonic


def test_every_row_is_a_docked_panel_listed_in_view_in_table_order(window):
    texts = view_menu_texts(window)
    positions = [texts.index(row.title) for row in main_window.PANELS]
    assert positions == sorted(positions)
    for row in main_window.PANELS:
        dock = getattr(window, f"{row.name}_dock")
        assert dock.objectName() == f"{row.name}Dock" and dock.widget().widget() is getattr(window, row.name)
        assert window.dockWidgetArea(dock) == row.area
        assert dock.isHidden() == row.hidden, row.name
    window.quotes_dock.show()
    assert window.tabifiedDockWidgets(window.quotes_dock) == [window.briefing_dock]  # the row's tab_with


def test_a_new_row_is_all_a_new_panel_needs(qtbot, library_path, private_home, monkeypatch):
    from desktop.app import create_main_window

    def scratch(window) -> QLabel:
        label = QLabel("scratch pad")
        label.setObjectName("scratchPanel")
        label.setAccessibleName("Scratch pad")
        return label

    connected = []
    row = main_window.Panel("scratch", "Scratch", Qt.DockWidgetArea.RightDockWidgetArea, scratch, under="actors",
                            hidden=True, connect=connected.append)
    monkeypatch.setattr(main_window, "PANELS", (*main_window.PANELS, row))
    window = create_main_window(library_path, private_home / "settings.ini")
    qtbot.addWidget(window)
    try:
        assert window.findChild(QDockWidget, "scratchDock") is window.scratch_dock
        assert window.scratch.text() == "scratch pad" and window.scratch_dock.isHidden()
        assert "Scratch" in view_menu_texts(window) and connected == [window]
        window.scratch_dock.toggleViewAction().trigger()
        assert not window.scratch_dock.isHidden()
        window.reset_layout()
        assert window.scratch_dock.isHidden() and not window.search_dock.isHidden()
    finally:
        window.runner.wait(10000)
        window.read_pool.waitForDone(10000)
        window.library.close()
