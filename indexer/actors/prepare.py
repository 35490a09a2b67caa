"""The stateless half of actor analysis, made in the import's worker processes.

An import worker calls `worker_prep(text, state_dir)`: its own ActorEngine (one per process, built from the
same gazetteer files as the library's) folds the text, matches the gazetteer and its inflected forms, finds
capitalised runs, credit zones, bylines, Cyrillic names and quoted passages, and (when far enough ahead
of the library process, see pipeline.ACTOR_LEAD) runs discovery while recording every answer it asked of
the engine. The library process then runs only what depends on its mutable state (the registry of discovered actors,
curation, names met earlier in this import) and reuses each run's discovery result while its answers are
unchanged, so the mentions and quotes are those of a serial analysis.

ACTOR_PREP counts which path each article took (the fast path, or why it was recomputed); it has the shape
of search._whoosh_speed.SpeedCounters without loading Whoosh.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.path_counters import PathCounters

if TYPE_CHECKING:
    from indexer.actors import ActorEngine
    from indexer.actors.discover import Found, Run
    from indexer.actors.normalise import FoldedText
    from indexer.actors.recognise import Candidate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ActorPrep:
    """What analyse() needs of one text that no library state changes, made by ActorEngine.prepare."""

    signature: tuple  # the gazetteer files (paths, mtimes, sizes) the matches were made with
    credits: list[tuple[int, int]]
    bylines: tuple[str, ...]
    folded: FoldedText
    runs: list[Run]
    matches: list[Candidate]  # the gazetteer's names
    inflected: list[Candidate]  # their Cyrillic case forms
    cyrillic: list[Found]
    # Discovery, when the worker ran it (else None, {}, None): the spans it skipped, every key it looked up
    # with the engine's answer, and each run it examined with its result and its keys.
    covered: frozenset[tuple[int, int]] | None
    answers: dict[str, str | None]
    classified: tuple[tuple[Run, Found | None, tuple[str, ...]], ...] | None
    quote_spans: tuple[tuple[int, int, int, int], ...] | None = None  # quotes.quote_spans (None: not made)
    zones: list[tuple[int, int]] | None = None  # discover.skipped_zones, for discovery in the library process


class PrepCounters(PathCounters):
    """How often a prep was used or recomputed, per article ("prep", "discover") and per examined run of
    capitalised words ("run"): {"prep.worker": 90, "run.worker": 2400, "run.changed": 31}. Thread-safe.
    Expected paths: "discover.library" (the worker left discovery to the library process) and
    "run.changed" (the registry grew since the worker asked); the fallbacks ("prep.stale": made with other
    gazetteer files or for another text; "discover.covered": other spans skipped) should be rare."""

    FAST = {"prep": {"worker"}, "discover": {"worker", "library"}, "run": {"worker", "changed"}}


ACTOR_PREP = PrepCounters()

_ENGINES: dict[str, ActorEngine | None] = {}  # one per worker process and library actors folder


def worker_prep(text: str, state_dir: str, discover: bool = True) -> ActorPrep | None:
    """The prep of `text` (with discovery or not) for the library whose actors folder is `state_dir`; None
    when there is no text or no engine could be built here (the library process then analyses it whole)."""
    engine = _worker_engine(state_dir)
    if engine is None:
        return None
    try:
        return engine.prepare(text, discover)
    except Exception:
        log.exception("actor preparation failed; the library process analyses this text itself")
        return None


def _worker_engine(state_dir: str) -> ActorEngine | None:
    if state_dir not in _ENGINES:
        from indexer.actors import ActorEngine

        try:
            _ENGINES[state_dir] = ActorEngine(Path(state_dir))
        except Exception:
            log.exception("no actor engine in this worker; the library process analyses every text itself")
            _ENGINES[state_dir] = None
    return _ENGINES[state_dir]
