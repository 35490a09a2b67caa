"""File ▸ Open Library…: another library folder, opened in a fresh window process (nothing of this one's state,
threads or locks carries over), with the folders opened before remembered in the settings."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QFileDialog, QMessageBox

RECENT_KEY = "library/recent"
RECENT_SIZE = 8


def command_for(folder: str) -> list[str]:
    """The command line that opens `folder`: this same program (a bundle, or Python running desktop.app)."""
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "desktop.app"]
    return [*program, "--library", folder]


def choose_library(window) -> bool:
    """Ask for a library folder (starting beside the open one) and open it; False when nothing was opened."""
    start = str(Path(window.library.path).parent)
    folder = QFileDialog.getExistingDirectory(window, "Open Library", start)
    return open_library(window, folder) if folder else False


def open_library(window, folder: str, start=QProcess.startDetached) -> bool:
    """Close this window (it asks about an unsaved briefing first) and open `folder` in a new process."""
    target = Path(folder).expanduser()
    if target.resolve() == Path(window.library.path).resolve():
        window.statusBar().showMessage(f"{target} is the library already open.", 5000)
        return False
    if target.exists() and not target.is_dir():
        QMessageBox.warning(window, "Open Library", f"{target} is a file, not a library folder. Choose a folder.")
        return False
    window.settings._push(RECENT_KEY, str(target), RECENT_SIZE)
    if not window.close():  # the analyst cancelled (an unsaved briefing): stay
        return False
    args = command_for(str(target))
    if not start(args[0], args[1:]):
        QMessageBox.warning(None, "Open Library", f"Could not start Briefing Reader on {target}. Run "
                            f"`briefing-reader --library {target}` from a terminal to see why.")
        return False
    return True


def recent_libraries(settings) -> list[str]:
    return settings._list(RECENT_KEY)
