"""Background jobs: QRunnables that report through a small QObject dispatcher.

Workers never touch widgets. They receive copies of what they need (paths as strings),
check a cancel flag between the Progress steps the core yields, and send results back
as signals, which Qt delivers on the GUI thread.  Every write to the library goes
through one single-threaded pool (one writer at a time, like Picard's save pool).
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import Callable, Generator

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from indexer.errors import BriefingReaderError
from indexer.model import Progress

log = logging.getLogger(__name__)


def failure_message(exc: Exception, what: str) -> str:
    """The line a user sees when a background job fails: our own errors as they are; anything else is
    logged with its traceback (in the library's log folder) and named briefly."""
    if isinstance(exc, BriefingReaderError):
        return str(exc)
    log.error("%s failed:\n%s", what, "".join(traceback.format_exception(exc)))
    return (f"The {what} stopped because of an unexpected error ({exc}). "
            "The log folder of the library has the details.")


class Dispatcher(QObject):
    """Signals of one job. Lives in the GUI thread; emitted from the worker."""

    progress = Signal(int, int, str)  # done, total, message
    finished = Signal(object)  # the generator's return value (ImportReport, RebuildReport ...)
    failed = Signal(str)  # a message for the user


class GeneratorJob(QRunnable):
    """Run a core generator job (yielding Progress, returning a report) with cancel support."""

    def __init__(self, make: Callable[[Callable[[], bool]], Generator[Progress, None, object]], name: str = "job"):
        super().__init__()
        self.setAutoDelete(False)  # the JobRunner keeps and drops it
        self.make = make
        self.name = name
        self.signals = Dispatcher()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            gen = self.make(self._cancel.is_set)
            while True:
                try:
                    step = next(gen)
                except StopIteration as stop:
                    self.signals.finished.emit(stop.value)
                    return
                self.signals.progress.emit(step.done, step.total, step.message)
        except Exception as exc:  # noqa: BLE001 - reported to the user
            self.signals.failed.emit(failure_message(exc, self.name))


class JobRunner(QObject):
    """Owns the write pool (one thread: one writer at a time) and a busy flag."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.current: GeneratorJob | None = None

    @property
    def busy(self) -> bool:
        return self.current is not None

    def start(self, job: GeneratorJob, progress=None, finished=None, failed=None) -> bool:
        """Start a job unless one is running; returns False when busy. Callbacks run on the GUI thread."""
        if self.busy:
            return False
        self.current = job
        job.signals.finished.connect(self._done)  # first, so callbacks see busy == False
        job.signals.failed.connect(self._done)
        for signal, slot in ((job.signals.progress, progress), (job.signals.finished, finished),
                             (job.signals.failed, failed)):
            if slot is not None:
                signal.connect(slot)
        self.busyChanged.emit(True)
        self.pool.start(job)
        return True

    def cancel(self) -> None:
        if self.current is not None:
            self.current.cancel()

    def _done(self, *_args) -> None:
        self.current = None
        self.busyChanged.emit(False)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)


class SearchSignals(QObject):
    done = Signal(int, object)  # request number, SearchResult
    failed = Signal(int, str)  # request number, message for the user


class SearchJob(QRunnable):
    """One search run in a pool thread, so a slow query never freezes the window."""

    def __init__(self, library, number: int, params: dict):
        super().__init__()
        self.library, self.number, self.params = library, number, params
        self.signals = SearchSignals()

    def run(self) -> None:
        try:
            result = self.library.search(**self.params)
        except Exception as exc:  # noqa: BLE001 - reported to the user
            self.signals.failed.emit(self.number, failure_message(exc, "search"))
        else:
            self.signals.done.emit(self.number, result)


def location_of(library) -> str:
    """What a worker opens its own Library with: the team library's address, else the library folder."""
    return getattr(library, "address", None) or str(library.path)


def library_name(library) -> str:
    """How the window names a library: its folder, or a team library's address without its password."""
    from indexer.paths import redact_address

    address = getattr(library, "address", None)
    return redact_address(address) if address else str(library.path)


def import_job(library_path, paths: list[str], max_size: int | None = None) -> GeneratorJob:
    """A job importing copies of `paths`, through its own Library instance in the worker thread."""
    library_path = str(library_path)
    paths = [str(p) for p in paths]

    def make(cancel):
        from indexer.library import Library

        library = Library(library_path)
        try:
            kwargs = {"cancel": cancel}
            if max_size is not None:
                kwargs["max_size"] = max_size
            report = yield from library.iter_add(paths, **kwargs)
        finally:
            library.close()
        return report

    return GeneratorJob(make, "import")


def rebuild_job(library_path) -> GeneratorJob:
    """A job recreating the search index from the article store (re-running actor recognition)."""
    library_path = str(library_path)

    def make(cancel):
        from indexer.library import Library

        library = Library(library_path)
        try:
            report = yield from library.iter_rebuild()
        finally:
            library.close()
        return report

    return GeneratorJob(make, "index rebuild")


def reanalyse_job(library_path, names: list[str]) -> GeneratorJob:
    """A job re-running actor recognition on the articles that contain one of `names` (an alias or a name the
    analyst added or took back), so the change applies without a rebuild."""
    library_path, names = str(library_path), [str(n) for n in names]

    def make(cancel):
        from indexer.library import Library

        library = Library(library_path)
        try:
            return (yield from library.iter_reanalyse_containing(names, cancel=cancel))
        finally:
            library.close()

    return GeneratorJob(make, "re-analysis of the articles")


def remove_demo_job(library_path) -> GeneratorJob:
    """A job removing the demo articles from the store and the index; returns how many it removed."""
    library_path = str(library_path)

    def make(cancel):
        from indexer.library import Library

        yield Progress(0, 1, "Removing the demo articles")
        library = Library(library_path)
        try:
            return library.remove_demo(lock_timeout=10.0)
        finally:
            library.close()

    return GeneratorJob(make, "demo removal")


def library_info(library) -> dict:
    """What the search filters offer: actor names, sources, and the article count."""
    return {
        "actors": [s.actor.name for s in library.actor_stats()],
        "sources": library.sources(),
        "count": library.count(),
    }


def library_info_job(library) -> GeneratorJob:
    """Read what the search filters offer (actor names, sources, article count) off the GUI thread.

    Builds the actor engine on first use, which takes a moment on a large library.
    """

    def make(cancel):
        return library_info(library)
        yield  # a generator job with no progress steps

    return GeneratorJob(make, "library scan")
