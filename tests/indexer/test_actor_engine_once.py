"""Threads asking for the library's actor engine at once get one engine, built once (QA 4, defect 12: the
window's library scan and its first search each built one, side by side)."""

from __future__ import annotations

import threading
import time

import indexer.actors as actors
from indexer.library import Library


def test_one_build_for_threads_that_ask_at_once(tmp_path, monkeypatch):
    built = []
    real_init = actors.ActorEngine.__init__

    def slow_init(self, *args, **kwargs):
        built.append(threading.current_thread().name)
        time.sleep(0.2)  # a large gazetteer
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(actors.ActorEngine, "__init__", slow_init)
    library = Library(tmp_path / "lib")
    try:
        engines = []
        threads = [threading.Thread(target=lambda: engines.append(library.actors_engine)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert len(built) == 1 and len(engines) == 4 and all(e is engines[0] for e in engines)
    finally:
        library.close()
