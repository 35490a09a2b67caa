"""The library's write lock: one writing process at a time, with a clear message for the others.

It is an OS file lock (flock), so a crashed process releases it. The lock file
keeps the holder's pid; finding that content while the lock is free means the
last writer died, and the stale entry is cleared.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from .errors import LibraryLockedError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no inter-process lock, single user assumed
    fcntl = None

log = logging.getLogger(__name__)


class WriteLock:
    """Re-entrant within one object; exclusive across processes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fd: int | None = None
        self._depth = 0
        self.stale_cleared = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        try:
            self.acquire(timeout=0)
            return True
        except LibraryLockedError:
            return False

    def acquire(self, timeout: float = 0.0) -> None:
        """Take the lock, waiting up to `timeout` seconds; LibraryLockedError if another process keeps it."""
        if self._fd is not None:
            self._depth += 1
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    who = f" (process {holder})" if holder else ""
                    raise LibraryLockedError(
                        f"The library {self.path.parent} is being changed by another Briefing Reader process{who}. "
                        "Wait for its import to finish, then try again."
                    ) from None
                time.sleep(0.1)
        previous = _read_holder(fd)
        if previous and previous != str(os.getpid()):
            self.stale_cleared = True
            log.warning("cleared a stale write lock left by process %s, which is no longer running", previous)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        if self._fd is None:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
