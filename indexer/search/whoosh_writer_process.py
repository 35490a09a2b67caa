"""The Whoosh index writer in a process of its own, for a big import.

The library process of an import is its slowest part (it decides duplicates, resolves actors, attributes
quotes and writes the store, in file order), and Whoosh's writer took about a third of it: adding each
article's postings, then writing the segment at commit. A ProcessIndexWriter hands each article's fields
and postings (made by the import's worker processes) to a writer process and goes on with the next
article; that process does Whoosh's work on another core. It has IndexWriter's interface, so the importer
treats both alike. The writer process holds Whoosh's write lock and ends with the library process.

Errors: one raised in the writer process is sent back at once and raised by the next call here (an add
once it has arrived, else commit); the writer process dying unexpectedly raises IndexWriterGoneError.
Either way nothing of the batch is in the index, as with an in-process writer.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from ..errors import BriefingReaderError
from .engine import CommittingWriter

log = logging.getLogger(__name__)

QUEUED = 256  # messages waiting for the writer process (an article's is about 10 kB)


class IndexWriterGoneError(BriefingReaderError):
    """The writer process ended without answering (killed, out of memory)."""


class ProcessIndexWriter(CommittingWriter):
    """IndexWriter's interface, served by a writer process (see the module docstring).

    Messages are pickled here and written to the writer process by a feeder thread (the write waits for
    the writer process to read; the GIL is free meanwhile), through a queue of at most QUEUED messages."""

    def __init__(self, index_path: Path):
        context = multiprocessing.get_context("spawn")  # safe from a GUI thread (fork is not)
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(str(index_path), child_end, os.getpid()),
                                        name="briefing-index-writer", daemon=True)
        with _sigint_ignored():  # inherited from its first instruction: Ctrl+C is the library process's to handle
            self._process.start()
        child_end.close()
        self._outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED)
        self._write_failed = False
        self._feeder = threading.Thread(target=self._feed, name="index-writer-feeder", daemon=True)
        self._feeder.start()
        self._closed = False

    def add(self, doc, analysed=None) -> None:
        self._send(("add", doc, analysed))

    def add_new(self, doc, analysed=None) -> None:
        self._send(("add_new", doc, analysed))

    def delete(self, article_id: str) -> None:
        self._send(("delete", article_id))

    def commit(self, merge: bool = True) -> None:
        self._finish(("commit", merge))

    def commit_alongside(self, work, merge: bool = True) -> None:
        """Send the commit, run `work` here while the writer process writes the segment, then wait for it."""
        try:
            self._begin_end(("commit", merge))
        except BaseException:
            self._close()
            raise
        try:
            work()
        finally:
            self._await_end()

    def cancel(self) -> None:
        if not self._closed:
            try:
                self._finish(("cancel",))
            except Exception as exc:  # cancelling after a failure, which was reported already
                log.warning("the index writer process could not cancel cleanly: %s", exc)


    # -- the conversation ------------------------------------------------------------------------
    def _send(self, message: tuple) -> None:
        if self._write_failed or self._conn.poll():  # an answer already: a start-up error, an error, an end
            self._receive()
        self._outbox.put(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def _feed(self) -> None:
        """The feeder thread: write each message to the writer process, until None. After a failed write
        it goes on taking messages (so _send never waits on a full queue) and drops them."""
        while (data := self._outbox.get()) is not None:
            if not self._write_failed:
                try:
                    self._conn.send_bytes(data)
                except OSError:  # the writer process is gone; _receive says why
                    self._write_failed = True

    def _finish(self, message: tuple) -> None:
        try:
            self._begin_end(message)
        except BaseException:
            self._close()
            raise
        self._await_end()

    def _begin_end(self, message: tuple) -> None:
        """Send the last message (a commit or a cancel) and tell the feeder thread it is the last."""
        self._send(message)
        self._outbox.put(None)

    def _await_end(self) -> None:
        """Wait for the writer process's "done" (its error raised here), then close the conversation."""
        try:
            self._feeder.join()
            while self._receive() != "done":
                pass
        finally:
            self._close()

    def _receive(self) -> str:
        """The writer's next answer ("ready" or "done"); its error raised here."""
        try:
            kind, value = self._conn.recv()
        except (EOFError, OSError):
            self._process.join(5)
            raise IndexWriterGoneError(
                f"The search index writer stopped unexpectedly (exit code {self._process.exitcode}); nothing of "
                "this import was added to the index. Import again.") from None
        if kind == "error":
            raise value
        if kind == "done":
            _merge_counts(value)
        return kind

    def _close(self) -> None:
        self._closed = True
        if self._feeder.is_alive():  # an error raised before the feeder was told to stop
            self._write_failed = True
            self._outbox.put(None)
            self._feeder.join()
        self._conn.close()
        self._process.join(10)
        if self._process.is_alive():  # pragma: no cover - a writer that does not end after its last answer
            self._process.kill()


@contextmanager
def _sigint_ignored():
    """SIGINT ignored while a child process starts (from the main thread only: elsewhere there is no terminal)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _merge_counts(counts: dict[str, int]) -> None:
    """Add the writer process's fast-path counts to this process's (tests and the benchmark read them)."""
    from ._whoosh_speed import SPEED

    SPEED.merge(counts)


# -- the writer process -----------------------------------------------------------------------------------
def _serve(index_path: str, conn, parent_pid: int) -> None:
    """Open the index's writer and apply the library process's messages in order. An error is answered at
    once (the batch is then cancelled and the rest of the messages dropped); commit and cancel are answered
    "done" with this process's fast-path counts."""
    from ..pipeline import _die_with_parent

    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the library process's to handle (it cancels)
    gc.disable()  # this process makes no reference cycles worth collecting; scanning its postings would cost
    from ._whoosh_speed import SPEED
    from .whoosh_engine import SearchIndex

    index = SearchIndex(Path(index_path))
    try:
        writer = index.writer()
    except Exception as exc:  # the lock is held, the index cannot be opened
        _answer(conn, "error", exc)
        return
    SPEED.reset()
    _answer(conn, "ready", None)
    if _apply(writer, conn):
        _answer(conn, "done", SPEED.snapshot())
    index.close()


def _apply(writer, conn) -> bool:
    """Apply messages until commit or cancel; False when the library process went away."""
    while True:
        try:
            operation, *args = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):  # the library process is gone: drop the batch
            writer.cancel()
            return False
        try:
            if operation == "commit":
                writer.commit(merge=args[0])
                return True
            if operation == "cancel":
                writer.cancel()
                return True
            getattr(writer, operation)(*args)
        except Exception as exc:
            log.exception("the index writer process failed on %s", operation)
            _answer(conn, "error", exc)
            if operation != "cancel":
                writer.cancel()
            return _drain(conn)


def _drain(conn) -> bool:
    """Drop the messages up to the library process's commit or cancel (it has the error by then)."""
    while True:
        try:
            if pickle.loads(conn.recv_bytes())[0] in ("commit", "cancel"):
                return True
        except (EOFError, OSError):
            return False


def _answer(conn, kind: str, value) -> None:
    try:
        conn.send((kind, value))
    except OSError:  # the library process is gone
        pass
    except Exception:  # an error that cannot be pickled: its message instead
        conn.send((kind, BriefingReaderError(f"The search index could not be written: {value}")))
