"""The first search and the Quotes list never wait for the library scan (QA 4, defect 12): the scan, which
builds the actor engine, leaves the search and the list a thread of their own."""

from __future__ import annotations

import threading

from PySide6.QtCore import QRunnable, QThread

from desktop.views.quotes import SCOPE_LIBRARY


class Blocker(QRunnable):
    """Holds a pool thread until released."""

    def __init__(self, release: threading.Event):
        super().__init__()
        self.release = release

    def run(self) -> None:
        self.release.wait(20)


def test_search_and_quotes_finish_while_the_scan_is_still_running(window, qtbot, monkeypatch):
    import desktop.workers as workers

    release = threading.Event()
    scanning = threading.Event()
    real_info = workers.library_info

    def slow_info(library):
        scanning.set()
        release.wait(20)
        return real_info(library)

    monkeypatch.setattr(workers, "library_info", slow_info)
    try:
        window.read_pool.waitForDone(5000)
        window._scan_library()
        assert scanning.wait(5)
        for _ in range(QThread.idealThreadCount() - 1):  # the other cores busy with reads of their own
            window.read_pool.start(Blocker(release))
        window.quotes_dock.show()
        with qtbot.waitSignal(window.search.searched, timeout=5000) as searched:
            window.searchBox.setText("ceasefire")
            window.search.start_search()
        assert searched.args[0] is not None and searched.args[0].total >= 1
        with qtbot.waitSignal(window.quotes.loaded, timeout=5000):
            window.quotes.set_scope(SCOPE_LIBRARY)
        assert not release.is_set()  # all of it while the scan still held its thread
    finally:
        release.set()
        window.read_pool.waitForDone(10000)
