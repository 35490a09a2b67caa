"""The import pipeline's parallel part: reading, cleaning, fingerprinting, index analysis and the
stateless half of actor analysis.

Everything here is a pure function of one file, so it can run in worker processes
while the library process keeps the single Whoosh writer busy. Decisions that need
the library (unchanged, duplicate, the actors that depend on the registry of
discovered actors and on curation) stay in the library process, in file order;
see indexer/actors/prepare.py for how the actor half is split.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import pickle
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterator, Sequence

from . import ingest
from .ingest import dedupe
from .search.whoosh_engine import AnalysedDoc, analyse_for_index
from .model import Document, Skip

if TYPE_CHECKING:  # the actors package loads in a worker only when it prepares actor analysis
    from .actors.prepare import ActorPrep

log = logging.getLogger(__name__)

PARALLEL_MIN_FILES = 48  # below this, starting worker processes costs more than it saves
CHUNK = 8
# A worker prepares a file's actor analysis only when the library process has at least this many files
# still to take before it: then the library process is the slower side, and work moved to the workers
# shortens the import; nearer, the workers hurry on instead (the result is the same either way). Discovery
# costs a worker about twice what it saves the library process, so it is moved only at DISCOVER_LEADS times
# the lead (a machine with cores to spare). 32 files are about 0.1 s of the library process's work: a
# worker that pauses for a scheduler slice on a shared machine does not make it wait.
ACTOR_LEAD = 32
DISCOVER_LEADS = 4
# ... and only while the machine is no busier than its cores plus this (the 1-minute load average, which
# counts this import's own processes): on a busy machine moving work costs more CPU than it saves time.
SPARE_LOAD = 0.5

_taken = None  # in a worker: how many files the library process has taken (a shared counter)


@dataclass(frozen=True)
class PreparedFile:
    """One article (or skip) of a file, ready for the library process; a mailbox or a feed gives several."""

    path: str
    document: Document | None = None
    skip: Skip | None = None
    minhash: tuple[int, ...] = ()
    lsh_keys: tuple[int, ...] = ()
    analysed: AnalysedDoc | bytes | None = None  # bytes: pickled in a worker process (see _packed)
    actors: ActorPrep | None = None  # made in a worker process only (see prepared_stream)


def prepare_file(path: str, max_size: int, actors_dir: str = "", depth: int = 1) -> list[PreparedFile]:
    """Read and clean every article of one file, fingerprint each for dedupe and analyse it for the index;
    with `actors_dir` (the library's actors folder), also prepare its actor analysis (a worker's job), with
    discovery when `depth` is 2.

    Never raises: a bug costs one file, not the import."""
    try:
        return [_prepared(path, result, actors_dir, depth) for result in ingest.prepare_all(path, max_size=max_size)]
    except Exception as exc:
        log.exception("could not prepare %s", path)
        return [PreparedFile(path, skip=Skip(path, f"could not be read ({type(exc).__name__}); see the log for details"))]


def prepare_for_import(path: str, max_size: int) -> PreparedFile:
    """The first article of one file, prepared (see prepare_file)."""
    prepared = prepare_file(path, max_size)
    return next((p for p in prepared if p.document is not None), prepared[0])


def _prepared(path: str, result: Document | Skip, actors_dir: str = "", depth: int = 1) -> PreparedFile:
    if isinstance(result, Skip):
        return PreparedFile(path, skip=result)
    signature = dedupe.minhash(result.text)
    return PreparedFile(
        path, document=result, minhash=signature, lsh_keys=tuple(dedupe.lsh_keys(signature)),
        analysed=analyse_for_index(result.title, result.text),
        actors=_actor_prep(result.text, actors_dir, depth),
    )


def _actor_prep(text: str, actors_dir: str, depth: int) -> ActorPrep | None:
    if not actors_dir or not depth:
        return None
    from .actors.prepare import worker_prep

    return worker_prep(text, actors_dir, depth > 1)


def _prepare_chunk(args: tuple[Sequence[str], int, str, int, tuple]) -> list[list[PreparedFile]]:
    paths, max_size, actors_dir, first, policy = args
    return [[_packed(p) for p in prepare_file(path, max_size, actors_dir, _depth(first + n, *policy))]
            for n, path in enumerate(paths)]


def _packed(prepared: PreparedFile) -> PreparedFile:
    """The file with its index analysis pickled on its own: the library process passes those bytes to the
    index writer (its process, or IndexWriter, unpickles them) instead of unpickling and pickling again
    hundreds of postings per article."""
    if prepared.analysed is None:
        return prepared
    return replace(prepared, analysed=pickle.dumps(prepared.analysed, pickle.HIGHEST_PROTOCOL))


def _policy() -> tuple[int, int, float]:
    """ACTOR_LEAD, DISCOVER_LEADS and SPARE_LOAD as this process has them, for the workers (see _depth)."""
    return ACTOR_LEAD, DISCOVER_LEADS, SPARE_LOAD


def _depth(position: int, lead: int, leads_to_discover: int = DISCOVER_LEADS, spare: float = SPARE_LOAD) -> int:
    """How much actor work to take on for the file at `position`: 0 none, 1 the stateless part, 2 with
    discovery, by how many files the library process has still to take before it (see ACTOR_LEAD) and
    whether the machine has cores to spare."""
    if _taken is None:
        return 2
    ahead = position - _taken.value
    if ahead < lead or not _cores_to_spare(spare):
        return 0
    return 2 if ahead >= lead * leads_to_discover else 1


def _cores_to_spare(spare: float) -> bool:
    try:
        load = os.getloadavg()[0]
    except (OSError, AttributeError):  # no load average on this system: assume the cores are ours
        return True
    return load < (os.cpu_count() or 1) + spare


def _start_worker(parent_pid: int, taken) -> None:
    """Worker initializer: keep the shared count of files taken, and end with the importing process."""
    global _taken
    _taken = taken
    _die_with_parent(parent_pid)


def _die_with_parent(parent_pid: int) -> None:
    """End this worker when the importing process dies (even by SIGKILL)."""
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


def prepared_stream(
    paths: Sequence[str], max_size: int, workers: int | None = None, actors_dir: str = "",
) -> Iterator[list[PreparedFile]]:
    """Each path's PreparedFiles, in the order of `paths`; in worker processes when there are enough files,
    which then also prepare the actor analysis for the library whose actors folder is `actors_dir` (in
    this process that would only add work).

    The workers start at once, so the caller can do its own start-up work (the actor engine) meanwhile.
    Workers are started with "spawn", which is safe from a GUI thread (fork is not). Closing the stream
    early (cancel) cancels the work not yet started."""
    workers = worker_count() if workers is None else workers
    if len(paths) < PARALLEL_MIN_FILES or workers < 1:
        return (prepare_file(path, max_size) for path in paths)
    return _WorkerStream(paths, max_size, workers, actors_dir)


class _WorkerStream:
    """PreparedFiles from a pool of worker processes, in order; close() stops the pool."""

    def __init__(self, paths: Sequence[str], max_size: int, workers: int, actors_dir: str = ""):
        context = multiprocessing.get_context("spawn")
        self._taken = context.Value("q", 0, lock=False)  # written here only; workers read it (see _ahead)
        chunks = [(paths[i:i + CHUNK], max_size, actors_dir, i, _policy()) for i in range(0, len(paths), CHUNK)]
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), self._taken),
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
            item = next(self._items)
        except BaseException:
            self.close()
            raise
        self._taken.value += 1
        return item

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
