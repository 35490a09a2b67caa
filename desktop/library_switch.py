"""File ▸ Open Library…: another library, a folder or a team library's postgresql:// address, opened in a fresh
window process (nothing of this one's state, threads or locks carries over), with the libraries opened before
remembered in the settings. A password typed in an address is never stored: the recent list keeps the address
without it, and the new process gets it in its environment (PGPASSWORD), not on its command line. This window closes
only once the target is known to open: a team library's server is asked first, and a folder without a library is
created (empty) only when the analyst says so."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode

from PySide6.QtCore import QProcess, QProcessEnvironment, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
    QVBoxLayout,
)

from indexer.engines import INDEX_FOLDER, STORE_FILE
from indexer.errors import BriefingReaderError
from indexer.paths import is_team_address, team_address

RECENT_KEY = "library/recent"
RECENT_SIZE = 8
_URI = re.compile(r"(?i)^postgres(?:ql)?://")
_LOOKS_LIKE_ADDRESS = re.compile(r"(?i)^postgres(?:ql)?:")
_USER_PASSWORD = re.compile(r"^(?P<scheme>[^:]+://)(?P<user>[^:@/?]*):(?P<password>[^@/?]*)@")


def command_for(location: str) -> list[str]:
    """The command line that opens `location`: this same program (a bundle, or Python running desktop.app)."""
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "desktop.app"]
    return [*program, "--library", location]


# -- addresses: validation, and the password kept apart ------------------------------------------
def split_password(address: str) -> tuple[str, str]:
    """(the address without its password, the password or ""): from `user:secret@` or `?password=secret`."""
    password = ""
    match = _USER_PASSWORD.match(address)
    if match:
        password = unquote(match["password"])
        address = f"{match['scheme']}{match['user']}@{address[match.end():]}"
    base, mark, query = address.partition("?")
    if mark:
        pairs = parse_qsl(query, keep_blank_values=True)
        password = next((v for k, v in pairs if k == "password"), password)
        kept = [(k, v) for k, v in pairs if k != "password"]
        address = f"{base}?{urlencode(kept, quote_via=quote)}" if kept else base
    return address.replace("//@", "//", 1), password


def location_problem(text: str) -> str:
    """Why `text` cannot be opened as a library ("" when it can): empty, a file, a malformed address, or an
    address without the PostgreSQL driver installed."""
    text = text.strip()
    if not text:
        return "Type a library folder, or a team library's address such as postgresql://host/database."
    if _LOOKS_LIKE_ADDRESS.match(text):  # never a folder named "postgresql:…"
        if not _URI.match(text):
            return "That is not a whole team library address: write it as postgresql://host/database."
        try:
            team_address(text)
        except BriefingReaderError as exc:  # no psycopg: says what to install
            return str(exc)
        return ""
    target = Path(text).expanduser()
    if target.exists() and not target.is_dir():
        return f"{target} is a file, not a library folder. Choose a folder."
    return ""


def same_library(window, location: str) -> bool:
    """Whether `location` names the library open in `window`."""
    address = window.library.address
    if is_team_address(location) or address:
        return bool(address) and split_password(address)[0] == split_password(location.strip())[0]
    return Path(location).expanduser().resolve() == Path(window.library.path).resolve()


# -- the dialog ---------------------------------------------------------------------------------
class OpenLibraryDialog(QDialog):
    """A folder or an address, typed, picked from the recent ones, or browsed for; checked before it closes."""

    def __init__(self, parent, recent: list[str], start_folder: str):
        super().__init__(parent)
        self.setObjectName("openLibraryDialog")
        self.setAccessibleName("Open Library")
        self.setWindowTitle("Open Library")
        self.start_folder = start_folder
        self.locationBox = QComboBox()
        self.locationBox.setEditable(True)
        self.locationBox.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # Return opens, it adds no item
        self.locationBox.setObjectName("libraryLocation")
        self.locationBox.setAccessibleName("Library folder or team library address")
        self.locationBox.addItems(recent)
        self.locationBox.setCurrentText("")
        self.locationBox.setMinimumContentsLength(40)
        label = QLabel("&Folder or address:")
        label.setBuddy(self.locationBox)
        self.browseButton = QPushButton("&Browse Folder…")
        self.browseButton.setObjectName("browseLibraryFolder")
        self.browseButton.setAccessibleName("Browse for a library folder")
        self.browseButton.clicked.connect(self.browse)
        hint = QLabel("A library folder, or a team library on PostgreSQL: postgresql://host/database. "
                      "A password is never remembered; ~/.pgpass or PGPASSWORD supply it.")
        hint.setWordWrap(True)
        self.problemLabel = QLabel("")
        self.problemLabel.setObjectName("libraryLocationProblem")
        self.problemLabel.setAccessibleName("Why the library cannot be opened")
        self.problemLabel.setWordWrap(True)
        for text_label in (hint, self.problemLabel):
            text_label.setTextFormat(Qt.TextFormat.PlainText)  # an address is text, never markup
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("openLibraryButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.locationBox, 1)
        row.addWidget(self.browseButton)
        layout = QVBoxLayout(self)
        for item in (label, row, hint, self.problemLabel, buttons):
            layout.addLayout(item) if isinstance(item, QHBoxLayout) else layout.addWidget(item)
        self.setMinimumWidth(560)  # the address and the wrapped hint read on one or two lines
        self.locationBox.setFocus()

    def location(self) -> str:
        return self.locationBox.currentText().strip()

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Library", self.start_folder)
        if folder:
            self.locationBox.setCurrentText(folder)

    def accept(self) -> None:
        problem = location_problem(self.location())
        self.problemLabel.setText(problem)
        if problem:
            self.adjustSize()  # room for the wrapped message
            self.locationBox.setFocus()
            return
        super().accept()


def choose_library(window, start=None) -> bool:
    """Show the Open Library dialog (window-modal, not blocking); accepted, it opens the library it names.
    Returns False: nothing is opened before the dialog is accepted."""
    dialog = OpenLibraryDialog(window, recent_libraries(window.settings), str(Path(window.library.path).parent))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _open_soon(window, dialog.location(), start or start_detached))
    window.open_library_dialog = dialog  # for UI automation and tests
    dialog.open()
    return False


def _open_soon(window, location: str, start) -> None:
    """open_library once the dialog has finished closing: a window closed from inside the dialog's signal
    leaves the application running without a window."""
    QTimer.singleShot(0, window, lambda: open_library(window, location, start))


# -- opening ------------------------------------------------------------------------------------
def start_detached(program: str, args: list[str], password: str = "") -> bool:
    """Start `program` on its own; a team library's password goes into its environment only."""
    process = QProcess()
    process.setProgram(program)
    process.setArguments(args)
    if password:
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("PGPASSWORD", password)
        process.setProcessEnvironment(environment)
    started = process.startDetached()  # a bool here; (bool, pid) in some PySide6 versions
    return bool(started[0] if isinstance(started, tuple) else started)


def team_library_problem(address: str) -> str:
    """Why the team library at `address` (its password included) cannot be opened now, or "" when its server
    accepts the connection: a wrong database, password or host is found before this window closes."""
    from indexer.pg_store import PgConnection  # psycopg only for a team library, and only through indexer

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        PgConnection(address).close()
    except BriefingReaderError as exc:  # already a message: what failed and what to do, password redacted
        return str(exc)
    finally:
        QApplication.restoreOverrideCursor()
    return ""


def holds_library(folder: Path) -> bool:
    """Whether `folder` holds a library (its article store or its search index)."""
    return (folder / STORE_FILE).exists() or (folder / INDEX_FOLDER).exists()


def confirm_new_library(window, folder: str) -> bool:
    """Ask before a library is created where there is none (a mistyped folder); Cancel is the default."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    answer = QMessageBox.question(window, "Open Library", f"There is no library at {folder}. Create a new, empty "
                                  "library there?", buttons, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def _target_ready(window, location: str, shown: str) -> bool:
    """Whether `location` can be opened: a team library's server answers, or a library folder exists (or the
    analyst agreed to create an empty one, which the new window then leaves without the demo stories)."""
    if is_team_address(location):
        problem = team_library_problem(location)
        if problem:
            QMessageBox.warning(window, "Open Library", f"{problem}\n\nThis window stays open.")
        return not problem
    if holds_library(Path(shown)):
        return True
    if not confirm_new_library(window, shown):
        return False
    window.settings.mark_demo_loaded(shown)  # "empty": the new process imports no demo stories into it
    window.settings.sync()
    return True


def open_library(window, location: str, start=start_detached) -> bool:
    """Check that `location` opens, then close this window (it asks about an unsaved briefing first) and open
    `location` in a new process. Whatever fails before that leaves this window as it was."""
    location = location.strip()
    problem = location_problem(location)
    if problem:
        QMessageBox.warning(window, "Open Library", problem)
        return False
    shown, password = split_password(location) if is_team_address(location) else (str(Path(location).expanduser()), "")
    if same_library(window, location):
        window.statusBar().showMessage(f"{shown} is the library already open.", 5000)
        return False
    if not _target_ready(window, location, shown):
        return False
    window.settings._push(RECENT_KEY, shown, RECENT_SIZE)  # an address without its password
    if not window.close():  # the analyst cancelled (an unsaved briefing): stay
        return False
    args = command_for(shown)
    if not start(args[0], args[1:], **({"password": password} if password else {})):
        QMessageBox.warning(None, "Open Library", f"Could not start Briefing Reader on {shown}. Run "
                            f"`briefing-reader --library {shown}` from a terminal to see why.")
        return False
    return True


def recent_libraries(settings) -> list[str]:
    return settings._list(RECENT_KEY)
