"""The inbox: a folder the app watches, importing the files dropped into it (or changed there) within seconds.

Qt's QFileSystemWatcher says when something in the folder moves; a short settle timer then scans it with
the core's watch logic (indexer.ingest.watch): a file is ready once its size and modification time are the
same on two scans in a row, so a file still being copied in is never read half-written. A slow poll backs
the watcher up where it sees nothing (some network shares). The window imports what is ready, with the
usual import log and reasons; files already imported are recognised as unchanged by the importer.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from indexer.ingest.watch import Stamp, scan

log = logging.getLogger(__name__)

SETTLE_MS = 500  # after a change, scan again this much later; a file is ready when two scans agree
POLL_MS = 10000  # a scan now and then even without a change notice
MAX_WATCHED_FILES = 2000  # files watched for changes in place (the folder itself is always watched)


class Inbox(QObject):
    """Watches one folder; emits `ready` with the paths of new or changed files that have settled."""

    ready = Signal(list)  # paths, sorted
    problem = Signal(str)  # a message for the user; the inbox has stopped

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.folder: Path | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self.watcher.fileChanged.connect(self._changed)
        self.settle = QTimer(self, singleShot=True, interval=SETTLE_MS, timeout=self.check)
        self.poll = QTimer(self, interval=POLL_MS, timeout=self.check)
        self.previous: dict[str, Stamp] = {}  # the last scan
        self.known: dict[str, Stamp] = {}  # what was handed over for import, as it was then

    def start(self, folder: str | Path) -> None:
        """Watch `folder`; what it holds already is handed over at once (the importer skips what it has)."""
        self.stop()
        self.folder = Path(folder)
        self.previous = scan_inbox(self.folder)
        self.known = dict(self.previous)
        self._watch_paths()
        self.poll.start()
        if self.known:
            self.ready.emit(sorted(self.known))

    def stop(self) -> None:
        self.settle.stop()
        self.poll.stop()
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
        self.folder = None
        self.previous, self.known = {}, {}

    @property
    def active(self) -> bool:
        return self.folder is not None

    def _changed(self, _path: str = "") -> None:
        if self.active:
            self.settle.start()  # restarts: a burst of notices gives one scan

    def check(self) -> list[str]:
        """Scan the folder; emit and return the files that settled since the last scan."""
        if self.folder is None:
            return []
        if not self.folder.is_dir():
            folder = self.folder
            self.stop()
            self.problem.emit(f"The inbox folder {folder} is gone or no longer a folder, so it is no longer "
                              "watched. Choose it again with File ▸ Watch Inbox Folder.")
            return []
        current = scan_inbox(self.folder)
        settled = sorted(p for p, stamp in current.items()
                         if self.previous.get(p) == stamp and self.known.get(p) != stamp)
        unsettled = any(self.previous.get(p) != stamp and self.known.get(p) != stamp for p, stamp in current.items())
        self.previous = current
        self.known.update((p, current[p]) for p in settled)
        self._watch_paths()
        if unsettled:
            self.settle.start()  # look again shortly: it may still be being written
        if settled:
            self.ready.emit(settled)
        return settled

    def _watch_paths(self) -> None:
        """Watch the folder, its subfolders and (up to a limit) its files, as they are now."""
        wanted = {str(self.folder)} | {str(Path(p).parent) for p in self.previous}
        wanted |= set(sorted(self.previous)[:MAX_WATCHED_FILES])
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        gone = [p for p in watched - wanted]
        new = [p for p in wanted - watched if Path(p).exists()]
        if gone:
            self.watcher.removePaths(gone)
        if new:
            failed = self.watcher.addPaths(new)
            if failed:
                log.info("inbox: cannot watch %d path(s), e.g. %s; the poll picks their changes up", len(failed),
                         failed[0])


def scan_inbox(folder: Path) -> dict[str, Stamp]:
    """Every file under `folder` with its size and modification time: the supported ones (the core's scan)
    and, so that the import log says why they were skipped, those of a type it cannot read. Hidden files
    and folders (names starting with ".") are left alone, as the importer does."""
    stamps = scan(folder)
    for root, dirs, files in os.walk(os.path.abspath(folder)):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = os.path.join(root, name)
            if name.startswith(".") or path in stamps:
                continue
            try:
                info = os.stat(path)
            except OSError:
                continue  # gone since the listing: the next scan will tell
            if stat.S_ISREG(info.st_mode):  # never a pipe or a device, which a read could block on
                stamps[path] = (info.st_size, info.st_mtime_ns)
    return stamps
