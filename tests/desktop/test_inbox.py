"""The inbox (issue 17): a watched folder whose new and changed files the app imports within seconds, with the
usual import log and reasons."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.actions import Act
from desktop.inbox import Inbox
from desktop.settings import Settings

DROPPED = (
    "Port inspectors return to work\n\n"
    "Source: Coastline Wire\nDate: 2025-04-02\n\n"
    "Inspectors returned to the northern ports on Wednesday after a two-week pause, the port authority said. "
    "Shipping agents asked for written schedules before the next convoy.\n"
)


def added_from(path):
    """A waitSignal check: the import report added an article from `path`."""
    return lambda report: any(a.path == str(path) for a in report.added)


def test_a_file_dropped_into_the_inbox_is_imported(window, qtbot, tmp_path, private_home):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert window.watch_inbox(str(inbox))
    assert Settings(private_home / "settings.ini").inbox_folder(str(window.library.path)) == str(inbox)
    assert Settings(private_home / "settings.ini").inbox_folder(str(tmp_path / "another-library")) == ""
    assert window.action(Act.STOP_INBOX).isEnabled()
    before = window.library.count()
    dropped = inbox / "ports.txt"
    with qtbot.waitSignal(window.importFinished, timeout=15000, check_params_cb=added_from(dropped)):
        dropped.write_text(DROPPED, encoding="utf-8")
    assert window.library.count() == before + 1
    assert any(hit.title == "Port inspectors return to work" for hit in window.search.model.hits)
    assert "1 added" in window.import_summary.text()
    # changed there: imported again, as an update of the same article
    with qtbot.waitSignal(window.importFinished, timeout=15000, check_params_cb=added_from(dropped)):
        dropped.write_text(DROPPED + "\nThe first convoy sailed on Thursday.\n", encoding="utf-8")
    assert window.library.count() == before + 1
    assert window.library.import_log(1)[0].status == "updated"


def test_a_file_the_importer_refuses_is_logged_with_its_reason(window, qtbot, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    window.watch_inbox(str(inbox))
    bad = inbox / "scan.txt"
    with qtbot.waitSignal(window.importFinished, timeout=15000,
                          check_params_cb=lambda report: [s.path for s in report.skipped] == [str(bad)]):
        bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    entry = window.library.import_log(1)[0]
    assert entry.status == "skipped" and entry.detail


def test_what_the_inbox_held_is_imported_when_watching_starts_and_survives_a_restart(
        window, qtbot, tmp_path, library_path, private_home):
    from desktop.app import create_main_window

    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    waiting = inbox / "sub" / "ports.txt"
    waiting.write_text(DROPPED, encoding="utf-8")
    with qtbot.waitSignal(window.importFinished, timeout=15000, check_params_cb=added_from(waiting)):
        window.watch_inbox(str(inbox))
    window.close()
    window.runner.wait(10000)
    window.library.close()
    again = create_main_window(library_path, private_home / "settings.ini")  # the setting is kept
    qtbot.addWidget(again)
    try:
        assert again.inbox.active and again.inbox.folder == inbox
    finally:
        again.runner.wait(10000)
        again.read_pool.waitForDone(10000)
        again.close()
        again.library.close()


def test_stop_watching_and_bad_folders(window, qtbot, tmp_path, library_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    window.watch_inbox(str(inbox))
    window.action(Act.STOP_INBOX).trigger()
    assert not window.inbox.active and not window.action(Act.STOP_INBOX).isEnabled()
    assert window.settings.inbox_folder(str(window.library.path)) == ""
    with qtbot.assertNotEmitted(window.inbox.ready, wait=1500):
        (inbox / "late.txt").write_text(DROPPED, encoding="utf-8")
    assert not window.watch_inbox(str(tmp_path / "missing"))
    assert "not a folder" in window.last_message and not window.inbox.active
    assert not window.watch_inbox(str(library_path / "index"))
    assert "inside the library folder" in window.last_message
    assert not window.watch_inbox(str(tmp_path))
    assert "holds the library folder" in window.last_message


def test_a_file_still_being_written_waits_until_it_settles(qtbot, tmp_path):
    inbox = Inbox()
    inbox.start(tmp_path)
    growing = tmp_path / "growing.txt"
    growing.write_text("First paragraph of a long report.\n", encoding="utf-8")
    assert inbox.check() == []  # seen once: it may still be being written
    with growing.open("a", encoding="utf-8") as fh:
        fh.write("A second paragraph arrived meanwhile.\n")
    assert inbox.check() == []  # it changed since: still waiting
    assert inbox.check() == [str(growing)]  # the same on two scans: ready
    assert inbox.check() == []  # handed over once
    inbox.stop()


def test_an_inbox_folder_that_disappears_stops_with_a_message(window, qtbot, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    window.watch_inbox(str(inbox))
    inbox.rmdir()
    window.inbox.check()
    QApplication.processEvents()
    assert not window.inbox.active and "is gone" in window.last_message
    assert window.settings.inbox_folder(str(window.library.path)) == ""
