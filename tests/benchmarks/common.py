"""Small helpers shared by the benchmark modules: cache folder, statistics, memory."""

from __future__ import annotations

import os
import resource
import statistics
import sys
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
BBC = SHARED / "corpus" / "bbc"


def cache_dir() -> Path:
    """~/.cache/briefing-reader-bench (or $BRIEFING_BENCH_CACHE): generated corpora, libraries, profiles."""
    root = Path(os.environ.get("BRIEFING_BENCH_CACHE") or Path.home() / ".cache" / "briefing-reader-bench")
    root.mkdir(parents=True, exist_ok=True)
    return root


def profiles_dir() -> Path:
    path = cache_dir() / "profiles"
    path.mkdir(parents=True, exist_ok=True)
    return path


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5 - 1e-9)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def ratio(ours: float | None, peer: float | None) -> float | None:
    """ours / peer, rounded; None when either is missing or the peer is zero."""
    if ours is None or not peer:
        return None
    return round(ours / peer, 3)


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB of this process (or, with RUSAGE_CHILDREN, of its largest
    waited-for child, e.g. an import's worker processes). Linux reports KiB, macOS bytes.

    For this process on Linux the figure is VmHWM from /proc: ru_maxrss survives exec, so a benchmark
    child started by a parent that once held 800 MB would report the parent's peak as its own."""
    if who == resource.RUSAGE_SELF:
        hwm = _vm_hwm_kib()
        if hwm is not None:
            return round(hwm / 1024, 1)
    peak = resource.getrusage(who).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def _vm_hwm_kib() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def children_peak_rss_mb() -> float:
    return peak_rss_mb(resource.RUSAGE_CHILDREN)


def children_cpu_s() -> float:
    """CPU seconds (user + system) used so far by this process's waited-for descendants."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime
