"""Counters of which path each step of a fast code path took (its fast one, or a fallback), one object per
process, thread-safe: read by tests (a fast path that falls back fails them) and by the benchmark."""

from __future__ import annotations

import threading
from collections import Counter


class PathCounters:
    """Counts "step.path" keys; FAST (set by a subclass) maps each step to its fast paths: any other path of
    a step is a fallback."""

    FAST: dict[str, set[str]] = {}

    def __init__(self):
        self._counts: Counter = Counter()
        self._lock = threading.Lock()

    def add(self, step: str, path: str, times: int = 1) -> None:
        with self._lock:
            self._counts[f"{step}.{path}"] += times

    def merge(self, counts: dict[str, int]) -> None:
        """Add another process's snapshot (a writer process's, sent back at its commit)."""
        with self._lock:
            self._counts.update(counts)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()

    def fallbacks(self) -> dict[str, int]:
        """The counts of every path that is not its step's fast one."""
        fast = self.FAST
        return {key: n for key, n in self.snapshot().items()
                if key.partition(".")[2] not in fast.get(key.partition(".")[0], ())}
