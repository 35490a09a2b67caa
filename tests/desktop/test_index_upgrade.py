"""A library whose index an older version built: the app upgrades it in the background at start."""

from __future__ import annotations

from desktop import app as desktop_app


def test_an_outdated_index_is_rebuilt_in_the_background_at_start(qtbot, library_path, private_home, monkeypatch):
    import indexer.index as index_module
    from indexer.library import Library

    from ..indexer.test_analyzer import legacy_schema

    with Library(library_path) as lib, monkeypatch.context() as m:
        m.setattr(index_module, "make_schema", legacy_schema)
        lib.rebuild()
    win = desktop_app.create_main_window(library_path, private_home / "settings.ini")
    qtbot.addWidget(win)
    try:
        assert win.library.index_outdated
        assert win.run_search("Russia").total == 2  # searchable meanwhile, as before
        with qtbot.waitSignal(win.rebuildFinished, timeout=60000) as blocker:
            assert desktop_app.start_index_upgrade(win)
        assert blocker.args[0].articles == 3
        assert not win.library.index_outdated and win.library.index_note == ""
        assert not desktop_app.start_index_upgrade(win)  # nothing left to upgrade
    finally:
        win.runner.wait(10000)
        win.read_pool.waitForDone(10000)
        win.library.close()
