"""Desktop defects a QA analyst found at 1366×768 and 800×600: each test fails on the code before its fix."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("size", [(1366, 768), (800, 600)])
@pytest.mark.parametrize("name", ["timeline", "network"])
def test_a_picture_dock_opens_with_a_readable_chart(qtbot, window, name, size):
    window.resize(*size)
    dock, panel = getattr(window, f"{name}_dock"), getattr(window, name)
    with qtbot.waitSignal(panel.drawn, timeout=20000):
        dock.show()
        dock.raise_()
    qtbot.waitUntil(lambda: panel.canvas.visibleRegion().boundingRect().height() >= 180, timeout=3000)
    assert panel.canvas.height() >= 180
