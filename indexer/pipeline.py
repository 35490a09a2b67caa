"""The import pipeline's parallel part: reading, cleaning, fingerprinting and index analysis.

Everything here is a pure function of one file, so it can run in worker processes
while the library process keeps the single Whoosh writer busy. Decisions that need
the library (unchanged, duplicate, actor recognition, which keeps a registry of
discovered actors) stay in the library process, in file order.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterator, Sequence

from . import ingest
from .ingest import dedupe
from .search.whoosh_engine import AnalysedDoc, analyse_for_index
from .model import Document, Skip

log = logging.getLogger(__name__)

PARALLEL_MIN_FILES = 48  # below this, starting worker processes costs more than it saves
CHUNK = 8


@dataclass(frozen=True)
class PreparedFile:
    """One article (or skip) of a file, ready for the library process; a mailbox or a feed gives several."""

    path: str
    document: Document | None = None
    skip: Skip | None = None
    minhash: tuple[int, ...] = ()
    lsh_keys: tuple[int, ...] = ()
    analysed: AnalysedDoc | None = None


def prepare_file(path: str, max_size: int) -> list[PreparedFile]:
    """Read and clean every article of one file, fingerprint each for dedupe and analyse it for the index.

    Never raises: a bug costs one file, not the import."""
    try:
        return [_prepared(path, result) for result in ingest.prepare_all(path, max_size=max_size)]
    except Exception as exc:
        log.exception("could not prepare %s", path)
        return [PreparedFile(path, skip=Skip(path, f"could not be read ({type(exc).__name__}); see the log for details"))]


def prepare_for_import(path: str, max_size: int) -> PreparedFile:
    """The first article of one file, prepared (see prepare_file)."""
    prepared = prepare_file(path, max_size)
    return next((p for p in prepared if p.document is not None), prepared[0])


def _prepared(path: str, result: Document | Skip) -> PreparedFile:
    if isinstance(result, Skip):
        return PreparedFile(path, skip=result)
    signature = dedupe.minhash(result.text)
    return PreparedFile(
        path, document=result, minhash=signature, lsh_keys=tuple(dedupe.lsh_keys(signature)),
        analysed=analyse_for_index(result.title, result.text),
    )


def _prepare_chunk(args: tuple[Sequence[str], int]) -> list[list[PreparedFile]]:
    paths, max_size = args
    return [prepare_file(p, max_size) for p in paths]


def _die_with_parent(parent_pid: int) -> None:
    """Worker initializer: end this worker when the importing process dies (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: workers end when their queue closes
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def worker_count() -> int:
    """Workers beside the writer process: every core but one, at least one."""
    return max(1, (os.cpu_count() or 1) - 1)


def prepared_stream(paths: Sequence[str], max_size: int, workers: int | None = None) -> Iterator[list[PreparedFile]]:
    """Each path's PreparedFiles, in the order of `paths`; in worker processes when there are enough files.

    The workers start at once, so the caller can do its own start-up work (the actor engine) meanwhile.
    Workers are started with "spawn", which is safe from a GUI thread (fork is not). Closing the stream
    early (cancel) cancels the work not yet started."""
    workers = worker_count() if workers is None else workers
    if len(paths) < PARALLEL_MIN_FILES or workers < 1:
        return (prepare_file(path, max_size) for path in paths)
    return _WorkerStream(paths, max_size, workers)


class _WorkerStream:
    """PreparedFiles from a pool of worker processes, in order; close() stops the pool."""

    def __init__(self, paths: Sequence[str], max_size: int, workers: int):
        chunks = [(paths[i:i + CHUNK], max_size) for i in range(0, len(paths), CHUNK)]
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_die_with_parent, initargs=(os.getpid(),),
        )
        try:
            self._items = itertools.chain.from_iterable(self._executor.map(_prepare_chunk, chunks))
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> "_WorkerStream":
        return self

    def __next__(self) -> list[PreparedFile]:
        try:
            return next(self._items)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
