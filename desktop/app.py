"""Entry points: `briefing-reader` (main) and create_main_window(library_path) for tests and automation."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

import indexer
from indexer.errors import BriefingReaderError

log = logging.getLogger(__name__)


def library_dir(argument: str | None = None) -> Path | str:
    """The library to open: --library DIR or ADDRESS, else $BRIEFING_READER_HOME, else the platform's user data
    folder. A postgresql:// address stays text (a team library; TeamLibraryError when psycopg is missing): it
    never becomes a local folder."""
    from indexer.paths import default_library_location, team_address

    location = argument or default_library_location()
    return team_address(location) or Path(location).expanduser()


def local_folder(location: Path | str) -> Path:
    """The folder on this machine that holds the logs: the library folder, or this user's folder of a team
    library."""
    from indexer.paths import team_local_dir

    return team_local_dir(location) if isinstance(location, str) else location


def display_name(location: Path | str) -> str:
    """How messages name a library: its folder, or its address without a password."""
    from indexer.paths import redact_address

    return redact_address(location) if isinstance(location, str) else str(location)


def ensure_app():
    """The QApplication (created once, high-DPI friendly)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Briefing Reader")
        app.setApplicationDisplayName("Briefing Reader")
        app.setOrganizationName("briefing-reader")
        app.setApplicationVersion(indexer.__version__)
        app.setDesktopFileName("io.github.briefingreader.BriefingReader")
        from .actions import icon

        app.setWindowIcon(icon("briefing-reader"))
        _apply_stylesheet(app)
    return app


def _apply_stylesheet(app) -> None:
    try:
        from indexer.paths import resource

        qss = resource("styles", "app.qss")
        if qss.is_file():
            app.setStyleSheet(qss.read_text(encoding="utf-8"))
    except (OSError, FileNotFoundError) as exc:
        log.warning("stylesheet not loaded: %s", exc)


def create_main_window(library_path=None, settings_path=None, *, offer_recovery: bool = True, ask_recover=None):
    """Build the main window over a library without starting the event loop.

    The briefing autosave of an earlier session is offered back when present
    (`ask_recover(parent, title, when) -> bool` replaces the question dialog).
    """
    ensure_app()
    from indexer.library import Library

    from .main_window import MainWindow
    from .read_only import apply_read_only
    from .settings import Settings

    library = Library(library_dir(str(library_path) if library_path else None))
    settings = Settings(settings_path)
    window = MainWindow(library, settings)
    apply_read_only(window)  # a team library this analyst may only read says so at once
    if offer_recovery:
        window.briefing.offer_recovery(ask_recover)
    return window


def self_test() -> int:
    """Open offscreen, import the demo corpus into a temporary library, search, open an article, quit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="briefing-reader-selftest-") as tmp:
        os.environ["BRIEFING_READER_HOME"] = tmp
        app = ensure_app()
        window = create_main_window(Path(tmp) / "library", Path(tmp) / "settings.ini")
        window.show()
        from indexer.paths import demo_articles

        report = window.library.add(demo_articles())
        window._after_write()
        if not report.added:
            print("self-test: the demo corpus imported no article", file=sys.stderr)
            return 1
        result = window.run_search("talks")
        if result is None or not result.hits:
            print("self-test: the search found nothing", file=sys.stderr)
            return 1
        panes = window.open_articles([result.hits[0].id])
        app.processEvents()
        ok = bool(panes) and bool(panes[0].view.toPlainText())
        window.close()
        window.library.close()
        print(f"self-test {'passed' if ok else 'FAILED'}: {len(report.added)} articles, "
              f"{result.total} hits for 'talks'")
        return 0 if ok else 1


def start_first_run(window) -> bool:
    """On the first launch with an empty library, import the bundled demo corpus (once per library folder).
    Never into a team library: everyone would see invented stories there."""
    library = str(window.library.path)
    if window.library.address or window.library.count() or window.library.index_problem:
        return False
    if window.settings.demo_loaded(library):
        return False
    window.settings.mark_demo_loaded(library)
    return window.load_demo()


def start_index_upgrade(window) -> bool:
    """An index built by an older version is upgraded (rebuilt) in the background, with progress;
    searches work as before meanwhile."""
    note = window.library.index_note
    if not note or not window.rebuild_index():
        return False
    log.info("%s", note)
    window.message("Upgrading the search index to this version in the background; searches work meanwhile…", 0)
    return True


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="briefing-reader", description="Read, compare and brief the news.")
    parser.add_argument("--library", metavar="DIR|ADDRESS",
                        help="library folder, or postgresql:// address of a team library (default: "
                             "$BRIEFING_READER_HOME or the user data folder)")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--self-test", action="store_true", help="run a short offscreen check and exit")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the importer may use worker processes, also in a frozen bundle
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.version:
        print(f"briefing-reader {indexer.__version__}")
        return 0
    if args.self_test:
        return self_test()
    app = ensure_app()
    from . import excepthook

    try:
        location = library_dir(args.library)
    except BriefingReaderError as exc:  # e.g. a team library without psycopg: before any folder is made
        return _cannot_open(f"Cannot open the library:\n\n{exc}")
    hook = excepthook.install(local_folder(location) / "logs")
    try:
        window = create_main_window(location)
    except BriefingReaderError as exc:  # a lost article store, a team library's server down: a message
        hook.uninstall()
        return _cannot_open(f"Cannot open the library {display_name(location)}:\n\n{exc}")
    window.show()
    start_first_run(window) or start_index_upgrade(window)
    try:
        code = app.exec()
    finally:
        window.close()
        window.library.close()
        hook.uninstall()
    return code


def _cannot_open(text: str) -> int:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, "Briefing Reader", text)
    return 2


if __name__ == "__main__":
    sys.exit(main())
