"""Global exception hook: log the traceback to a file, show the user a short dialog instead."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

log = logging.getLogger("briefing_reader")

ShowError = Callable[[str, str], None]


def setup_logging(log_dir: Path) -> Path:
    """Log warnings and errors of the whole application to log_dir/briefing-reader.log."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "briefing-reader.log"
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8",
                                                       errors="backslashreplace")  # a non-UTF-8 path in a message
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.setLevel(logging.INFO)
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)
    return path


def show_error_dialog(summary: str, details: str) -> None:
    """A dialog with a plain message; the traceback sits behind 'Show Details…'."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        print(summary, file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Briefing Reader", summary)
    box.setObjectName("errorDialog")
    box.setInformativeText("Your library and briefings are safe. Save your briefing, and restart if things look wrong.")
    if details:  # none for an error whose message says it all
        box.setDetailedText(details)
    box.exec()


class ExceptionHook:
    """Replaces sys.excepthook (and threading.excepthook) while installed."""

    def __init__(self, log_file: Path, show: ShowError | None = None):
        self.log_file = log_file
        self.show = show or (lambda summary, details: show_error_dialog(summary, details))  # looked up late
        self._inside = False
        self._old = None
        self._old_thread = None

    def install(self) -> "ExceptionHook":
        self._old, sys.excepthook = sys.excepthook, self
        self._old_thread, threading.excepthook = threading.excepthook, self._thread_hook
        return self

    def uninstall(self) -> None:
        """Restore the previous hooks and stop writing the log file."""
        if self._old is not None:
            sys.excepthook = self._old
            threading.excepthook = self._old_thread
            self._old = None
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", None) == str(self.log_file)]:
            root.removeHandler(handler)
            handler.close()

    def _thread_hook(self, args) -> None:
        self(args.exc_type, args.exc_value, args.exc_traceback)

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error:\n%s", details)
        if self._inside or threading.current_thread() is not threading.main_thread():
            return  # never show a dialog from a worker thread or inside another error dialog
        self._inside = True
        try:
            if _is_explained(exc_type):  # our own error: its message says what failed and what to do
                self.show(str(exc), "")
                return
            summary = (f"Something went wrong: {exc_type.__name__}: {exc}\n\n"
                       f"The details were written to {self.log_file}.")
            self.show(summary, details)
        finally:
            self._inside = False


def _is_explained(exc_type) -> bool:
    """An error raised with a message for the user (a library that cannot be reached, a damaged store)."""
    from indexer.errors import BriefingReaderError

    return issubclass(exc_type, BriefingReaderError)


def install(log_dir: Path, show: ShowError | None = None) -> ExceptionHook:
    """Set up the log file under log_dir and install the hook."""
    return ExceptionHook(setup_logging(log_dir), show).install()
