"""The per-phase search timing (tests/benchmarks/search_phases.py) says which steps left their fast path."""

from __future__ import annotations

from indexer.search.analysis import HIGHLIGHT_PATHS
from indexer.search.whoosh_engine import SPEED


def test_the_phase_report_lists_the_fallbacks_only():
    from tests.benchmarks import search_phases

    SPEED.reset()
    HIGHLIGHT_PATHS.reset()
    try:
        SPEED.add("decode", "weights")
        HIGHLIGHT_PATHS.add("candidates", "scan")
        assert search_phases.fallbacks() == {"fallbacks": {}}
        SPEED.add("decode", "stock")
        HIGHLIGHT_PATHS.add("candidates", "lookahead")
        assert search_phases.fallbacks() == {"fallbacks": {"decode.stock": 1, "highlight.candidates.lookahead": 1}}
    finally:
        SPEED.reset()
        HIGHLIGHT_PATHS.reset()
