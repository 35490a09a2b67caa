"""A watched inbox: find files dropped into a folder (or changed there), once they have stopped changing.

A polling loop with a clear interval, so it needs no extra dependency and behaves the same on every
OS and file system (network shares included). A file is ready when its size and modification time
are the same on two scans in a row, so a file still being copied in is not read half-written.
The caller imports each batch; unchanged files are recognised by the importer as usual.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .readers import iter_candidate_files

DEFAULT_INTERVAL = 2.0  # seconds between two scans of the folder

Stamp = tuple[int, int]  # (size, mtime in ns)


def scan(folder: Path) -> dict[str, Stamp]:
    """The supported files under `folder` with their size and modification time."""
    stamps: dict[str, Stamp] = {}
    for candidate in iter_candidate_files([folder]):
        if isinstance(candidate, Path):
            try:
                info = candidate.stat()
            except OSError:
                continue  # gone since the listing: the next scan will tell
            stamps[str(candidate)] = (info.st_size, info.st_mtime_ns)
    return stamps


def ready_batches(
    folder: str | os.PathLike,
    *,
    interval: float = DEFAULT_INTERVAL,
    stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[list[str]]:
    """After each scan, yield the paths that are new or changed and have settled (often none), every
    `interval` seconds, so the caller can also retry what it could not import yet.

    The first batch is what the folder already holds (settled or not, the importer reads it whole).
    Ends when `stop()` returns True, checked before each scan."""
    folder = Path(folder)
    known = scan(folder)
    yield sorted(known)
    previous = dict(known)
    while not stop():
        sleep(interval)
        current = scan(folder)
        settled = [p for p, stamp in current.items() if previous.get(p) == stamp and known.get(p) != stamp]
        known.update((p, current[p]) for p in settled)
        yield sorted(settled)
        previous = current
