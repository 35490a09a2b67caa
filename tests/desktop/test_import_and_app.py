"""Import in the background (progress, cancel, bad files, drag and drop), first run, actors, app entry points."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextDocument
from PySide6.QtWidgets import QTreeView

from desktop import app as desktop_app
from desktop.excepthook import ExceptionHook
from desktop.views import actors as actors_view
from desktop.views.highlight import PROP_ACTOR


def write_articles(folder, n: int) -> list:
    folder.mkdir()
    paths = []
    for i in range(n):
        path = folder / f"report-{i:03d}.txt"
        path.write_text(
            f"Harbour report number {i} on port traffic\n\nDate: 2025-04-{1 + i % 28:02d}\n\n"
            f"Dockworkers in harbour {i} moved {i * 37 % 1000} containers of grain and timber this week. "
            f"The harbour master said shift {i} set a record for vessel {i * 13} and berth {i % 17}.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_import_reports_progress_and_log(empty_window, qtbot, tmp_path):
    window = empty_window
    write_articles(tmp_path / "batch", 5)
    (tmp_path / "batch" / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    progress = []
    window.importProgress.connect(lambda done, total, msg: progress.append((done, total)))
    with qtbot.waitSignal(window.importFinished, timeout=30000) as blocker:
        assert window.import_paths([str(tmp_path / "batch")])
        assert window.runner.busy and window.progress.isVisible()
        assert not window.import_paths([str(tmp_path / "batch")])  # one import at a time
    report = blocker.args[0]
    assert len(report.added) == 5
    assert progress and progress[-1][0] == progress[-1][1] == 6
    assert not window.runner.busy and not window.progress.isVisible()
    rows = window.import_log.rows()
    skipped = [r for r in rows if r[0] == "skipped"]
    assert [r[1] for r in skipped] == ["broken.txt"] and skipped[0][2].strip()  # a reason the user can read
    assert sum(r[0] == "added" for r in rows) == 5
    assert not window.import_dialog.isVisible()  # on demand: the status bar's summary opens it
    assert window.import_summary.isVisible() and "5 added" in window.import_summary.text()
    assert "5 added" in window.import_log.summaryLabel.text() and "1 skipped" in window.import_log.summaryLabel.text()
    assert window.search.model.rowCount() == 5  # the results show the new articles
    assert window.count_label.text() == "5 articles"
    window.show_import_history()
    assert any(r[0] == "skipped" for r in window.import_log.rows())
    # importing again: every file unchanged
    with qtbot.waitSignal(window.importFinished, timeout=30000) as again:
        window.import_paths([str(tmp_path / "batch")])
    assert len(again.args[0].unchanged) == 5


def test_import_can_be_cancelled(empty_window, qtbot, tmp_path):
    window = empty_window
    write_articles(tmp_path / "many", 60)

    def cancel_once(done, total, message):
        if done >= 1:
            window.cancel_import()

    window.importProgress.connect(cancel_once)
    with qtbot.waitSignal(window.importFinished, timeout=60000) as blocker:
        window.import_paths([str(tmp_path / "many")])
    report = blocker.args[0]
    assert report.cancelled
    assert 1 <= len(report.added) < 60
    assert "cancelled" in window.import_log.summaryLabel.text().lower()
    assert window.library.count() == len(report.added)


def test_import_of_missing_path_is_reported(empty_window, qtbot, tmp_path):
    with qtbot.waitSignal(empty_window.importFinished, timeout=30000):
        empty_window.import_paths([str(tmp_path / "nowhere.txt")])
    [row] = empty_window.import_log.rows()
    assert row[0] == "skipped" and row[1] == "nowhere.txt" and "not found" in row[2]


def test_drag_and_drop_imports(empty_window, qtbot, tmp_path):
    [path] = write_articles(tmp_path / "dropped", 1)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(empty_window.importFinished, timeout=30000) as blocker:
        empty_window.dropEvent(event)
    assert len(blocker.args[0].added) == 1


def test_first_run_offers_the_demo_corpus(empty_window, qtbot):
    window = empty_window
    assert window.search.demoButton.isVisible()
    assert "library is empty" in window.search.messageLabel.text()
    with qtbot.waitSignal(window.importFinished, timeout=60000) as blocker:
        qtbot.mouseClick(window.search.demoButton, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert len(report.added) >= 12
    assert not any(a.path.lower().endswith("readme.md") for a in report.added), "the demo README is not an article"
    assert len(report.duplicates) >= 2  # the corpus ships deliberate duplicates
    shown = [r[2] for r in window.import_log.rows() if r[0] == "duplicate"]
    assert len(shown) == len(report.duplicates)
    assert all(detail.startswith("duplicate of “") and "(similarity " in detail for detail in shown), shown
    assert not window.search.demoButton.isVisible()
    assert window.search.model.rowCount() >= 12


def test_untrusted_html_is_never_rendered_or_loaded(window, qtbot, tmp_path):
    """An article whose text holds <img src=...> shows the tag as text and loads nothing."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.txt").write_text(
        "Harbour notice with markup\n\nDate: 2025-03-20\n\n"
        'The notice read <img src="file:///etc/passwd"> and <a href="http://example.com/x">a link</a> '
        "before the harbour master spoke.\n", encoding="utf-8")
    with qtbot.waitSignal(window.importFinished, timeout=30000) as blocker:
        window.import_paths([str(folder)])
    [added] = blocker.args[0].added
    [pane] = window.open_articles([added.id])
    view = pane.view
    assert '<img src="file:///etc/passwd">' in view.toPlainText()
    view.resize(500, 400)
    view.grab()  # lay out and paint
    assert view.resource_requests == 0  # plain text: nothing to load at all
    assert not view.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("file:///etc/passwd"))
    # the briefing preview escapes excerpt text too
    start = pane.article.text.index("<img")
    pane.select(start, start + 60)
    window.add_excerpt()
    window.briefing.refresh_preview()
    window.briefingPreview.grab()
    assert window.briefingPreview.resource_requests == 0
    assert "<img" in window.briefingPreview.toPlainText()


def test_safe_browser_refuses_every_resource(qtbot):
    from desktop.views.safe_text import SafeTextBrowser

    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml('<p>x</p><img src="file:///etc/passwd"><img src="http://example.com/a.png">')
    browser.resize(300, 200)
    browser.grab()
    assert browser.resource_requests >= 1  # Qt asked ...
    for url in ("file:///etc/passwd", "http://example.com/a.png"):  # ... and got nothing
        assert not browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
    assert not browser.openLinks() and not browser.openExternalLinks()


def test_actors_panel_lists_open_articles_and_curates(window, qtbot, monkeypatch):
    window.run_search("ceasefire")
    window.resultsView.selectAll()
    window.open_side_by_side()
    view = window.findChild(QTreeView, "actorsView")
    qtbot.waitUntil(lambda: window.actors.row_of("emmanuel-macron") >= 0, timeout=3000)  # updated after painting
    names = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert "Emmanuel Macron" in names and "Turkey" in names
    row = window.actors.row_of("emmanuel-macron")
    macron = view.model().index(row, 0)
    assert macron.data(Qt.ItemDataRole.FontRole).bold()  # shared by both open articles
    assert view.model().index(row, 4).data() == "2 of 2"
    view.clicked.emit(macron)
    assert window.selected_actor == "emmanuel-macron"
    monkeypatch.setattr(actors_view, "ask_text", lambda *a, **k: "President Macron")
    assert window.actors.rename("emmanuel-macron")
    pane = window.reading.panes()[0]
    assert "President Macron" in [a.name for a in pane.article.actors]
    window.actors.scope.setCurrentIndex(1)  # whole library
    names = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert "President Macron" in names and "Germany" in names
    monkeypatch.setattr(actors_view, "confirm", lambda *a: True)
    turkey = next(a for a in window.reading.panes()[1].article.actors if a.name == "Turkey")
    assert window.actors.ignore(turkey.id)
    grain = next(p for p in window.reading.panes() if "grain" in p.article.title)
    assert "Turkey" not in [a.name for a in grain.article.actors]
    start = grain.article.text.index("Turkey")
    cursor = grain.view.textCursor()
    cursor.setPosition(start + 1)
    assert not cursor.charFormat().hasProperty(PROP_ACTOR)


def test_layout_and_settings_persist(qtbot, library_path, private_home):
    settings_path = private_home / "settings.ini"
    first = desktop_app.create_main_window(library_path, settings_path)
    qtbot.addWidget(first)
    first.run_search("ceasefire")
    first.actors_dock.hide()
    first.close()
    first.library.close()
    assert settings_path.is_file()
    second = desktop_app.create_main_window(library_path, settings_path)
    qtbot.addWidget(second)
    assert second.search.history.stringList()[0] == "ceasefire"
    assert second.actors_dock.isHidden()
    second.library.close()


def test_version_and_arguments(capsys, tmp_path, monkeypatch):
    import indexer

    assert desktop_app.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"briefing-reader {indexer.__version__}"
    assert desktop_app.library_dir(str(tmp_path)) == tmp_path
    monkeypatch.setenv("BRIEFING_READER_HOME", str(tmp_path / "env"))
    assert desktop_app.library_dir(None) == tmp_path / "env"


def test_about_lists_versions():
    from desktop.main_window import about_text

    text = about_text()
    assert "Briefing Reader" in text and "Qt" in text and "Python" in text


def test_exception_hook_logs_and_shows_a_short_message(tmp_path):
    shown = []
    log_file = tmp_path / "log" / "briefing-reader.log"
    log_file.parent.mkdir()
    handler = logging.FileHandler(log_file)
    logging.getLogger("briefing_reader").addHandler(handler)
    hook = ExceptionHook(log_file, show=lambda summary, details: shown.append((summary, details)))
    try:
        raise ValueError("bad value in a slot")
    except ValueError:
        hook(*sys.exc_info())
    handler.close()
    logging.getLogger("briefing_reader").removeHandler(handler)
    [(summary, details)] = shown
    assert "bad value in a slot" in summary and str(log_file) in summary
    assert "Traceback" not in summary and "Traceback" in details
    assert "bad value in a slot" in log_file.read_text()


def test_exception_hook_shows_our_own_error_as_its_message_with_no_traceback(tmp_path):
    """A library that cannot be reached, raised inside a Qt slot or an undo step: its message, nothing else."""
    from indexer.store import StoreError

    shown = []
    log_file = tmp_path / "log" / "briefing-reader.log"
    log_file.parent.mkdir()
    handler = logging.FileHandler(log_file)
    logging.getLogger("briefing_reader").addHandler(handler)
    hook = ExceptionHook(log_file, show=lambda summary, details: shown.append((summary, details)))
    message = "The team library db.example cannot be reached. Check that its server is running."
    try:
        raise StoreError(message)
    except StoreError:
        hook(*sys.exc_info())
    handler.close()
    logging.getLogger("briefing_reader").removeHandler(handler)
    assert shown == [(message, "")]
    assert "Traceback" in log_file.read_text()  # the log keeps it for the developers


def test_self_test_entry_point(capsys):
    """`briefing-reader --self-test` (used by packaging) imports the demo, searches, opens, exits 0."""
    assert desktop_app.main(["--self-test"]) == 0
    assert "self-test passed" in capsys.readouterr().out


def test_rebuild_index_in_background(window, qtbot):
    with qtbot.waitSignal(window.rebuildFinished, timeout=60000) as blocker:
        assert window.rebuild_index()
    assert blocker.args[0].articles == 3
    assert window.run_search("ceasefire").total == 2


def test_dark_palette_gets_dark_highlight_colours():
    from PySide6.QtGui import QColor, QPalette

    from desktop.theme import DEFAULTS, load_highlights

    import json

    from indexer.paths import resource

    shipped = resource("styles", "highlights.json")
    expected = json.loads(shipped.read_text()) if shipped.is_file() else DEFAULTS
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    colours = load_highlights(dark)
    light = load_highlights(QPalette(QColor("#ffffff")))
    assert colours.actor("person").name() == expected["dark"]["person"]
    assert light.actor("person").name() == expected["light"]["person"]
    assert colours.actor("person") != light.actor("person")
    assert colours.actor("unknown-type") == colours.colour("other")


def test_import_while_another_process_writes_says_so(window, qtbot, tmp_path):
    from indexer.library import Library

    [path] = write_articles(tmp_path / "late", 1)
    other = Library(window.library.path)  # stands in for a second process: its own lock file handle
    assert other.lock.try_acquire()
    try:
        with qtbot.waitSignal(window.importFailed, timeout=30000) as blocker:
            window.import_paths([str(path)])
    finally:
        other.lock.release()
        other.close()
    assert "lock" in blocker.args[0].lower() or "another" in blocker.args[0].lower()
    assert "Traceback" not in blocker.args[0]
    assert window.last_message == blocker.args[0]
    assert not window.runner.busy


MAIN_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from desktop import app, excepthook
qt = app.ensure_app()
excepthook.show_error_dialog = lambda summary, details: print("DIALOG", summary.splitlines()[0], "Traceback" in summary)
def boom():
    raise RuntimeError("deliberate slot failure")
QTimer.singleShot(300, boom)
QTimer.singleShot(900, qt.quit)
sys.exit(app.main(["--library", sys.argv[1]]))
"""


def test_main_installs_the_exception_hook(tmp_path):
    """An error in a slot during `main` shows the short dialog and lands in <library>/log (own process:
    a finished QApplication.exec cannot be reused by the other tests)."""
    import os
    import subprocess
    from pathlib import Path

    library = tmp_path / "main-library"
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(repo)}
    done = subprocess.run([sys.executable, "-c", MAIN_SCRIPT, str(library)], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "DIALOG Something went wrong: RuntimeError: deliberate slot failure False" in done.stdout
    assert "deliberate slot failure" in (library / "logs" / "briefing-reader.log").read_text()


def test_first_launch_with_an_empty_library_loads_the_demo_once(empty_window, qtbot):
    from desktop.app import start_first_run

    window = empty_window
    with qtbot.waitSignal(window.importFinished, timeout=60000) as blocker:
        assert start_first_run(window)
    assert len(blocker.args[0].added) >= 12
    assert window.library.count() >= 12
    assert not start_first_run(window)  # not empty any more, and already done for this library


def test_first_run_is_not_repeated_for_a_library_emptied_later(empty_window):
    from desktop.app import start_first_run

    empty_window.settings.mark_demo_loaded(str(empty_window.library.path))
    assert not start_first_run(empty_window)
    assert empty_window.library.count() == 0


def test_the_article_view_only_ever_shows_documents_that_load_nothing(qtbot):
    from desktop.theme import load_highlights
    from desktop.views.reader import ReaderPane
    from desktop.views.safe_text import SafeDocument
    from indexer.model import Article

    pane = ReaderPane(load_highlights())
    qtbot.addWidget(pane)
    assert isinstance(pane.view.document(), SafeDocument)
    text = '<img src="file:///etc/passwd"> and <a href="http://example.com">a link</a>'
    pane.show_article(Article(id="a1", title="Markup", text=text))
    pane.grab()
    document = pane.view.document()
    assert isinstance(document, SafeDocument) and pane.view.toPlainText() == text
    for url in ("file:///etc/passwd", "http://example.com/a.png"):
        assert not document.resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
    assert pane.view.resource_requests >= 2  # asked, and refused


def test_background_failures_are_one_clear_line_and_unexpected_ones_are_logged(caplog):
    from desktop.workers import failure_message
    from indexer.errors import IndexCorruptError

    assert failure_message(IndexCorruptError("The index is damaged; run rebuild."), "search") == \
        "The index is damaged; run rebuild."
    try:
        raise KeyError("body")
    except KeyError as exc:
        with caplog.at_level("ERROR", logger="desktop.workers"):
            message = failure_message(exc, "library scan")
    assert message.startswith("The library scan stopped because of an unexpected error") and "\n" not in message
    assert "Traceback" in caplog.text and "KeyError" in caplog.text
