"""Per-phase time of one search (issue 19): the bench's 40 BBC queries on one library, each phase timed.

    python -m tests.benchmarks.search_phases LIBRARY [--reps 5] [--profile OUT] [--check OUT.json]

Phases: parse (the query text to a Whoosh query, name expansion aside), expand (the actors' other names),
match (match, score and the exact total: one step in the bulk evaluator), terms (what to highlight),
fields (what no other phase claims: the hits' stored fields, the filters, Library's own work), text (each
hit's text and language from the store), snippets (the rest of building a hit: highlight spans and
snippet windows), output (the result as `search --json` prints it). "all" and "kinds" time the search as
the bench does (Library.search, without the output); "fallbacks" lists the steps that left their fast path. CPU time (time.process_time): the machine is shared,
and the bench reports CPU figures too. Not run by `make`.
`--check OUT.json` writes every query's hits, scores and snippets, to compare two versions of the code.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from tests.benchmarks.common import percentile
from tests.benchmarks.queries import bbc_queries

PHASES = ("parse", "expand", "match", "terms", "fields", "text", "snippets", "output")


class PhaseClock:
    """Time spent in each phase of the current search (nested phases are subtracted from their parent)."""

    def __init__(self):
        self.spent: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []

    @contextmanager
    def phase(self, name: str):
        frame = [name, 0.0]  # name, time of nested phases
        self._stack.append(frame)
        start = time.process_time()
        try:
            yield
        finally:
            elapsed = time.process_time() - start
            self._stack.pop()
            self.spent[name] += elapsed - frame[1]
            if self._stack:
                self._stack[-1][1] += elapsed

    def wrap(self, owner, attr: str, name: str) -> None:
        original = getattr(owner, attr)

        def timed(*args, **kwargs):
            with self.phase(name):
                return original(*args, **kwargs)

        setattr(owner, attr, timed)


def instrument(clock: PhaseClock) -> None:
    from indexer import library
    from indexer.search import whoosh_engine

    clock.wrap(whoosh_engine.SearchIndex, "parse", "parse")
    clock.wrap(library.Library, "_other_names", "expand")
    clock.wrap(whoosh_engine, "_top", "match")
    clock.wrap(whoosh_engine, "_highlights", "terms")
    clock.wrap(library.Library, "_hit", "snippets")
    clock.wrap(library, "make_snippets", "snippets")


def output(result) -> str:
    from indexer.cli import json_text

    return json_text({"query": result.query, "total": result.total, "hits": [
        {"id": h.id, "title": h.title, "score": h.score,
         "snippets": [{"text": s.text, "highlights": [list(r) for r in s.highlights]} for s in h.snippets]}
        for h in result.hits]})


def one_search(lib, clock: PhaseClock, q) -> tuple[float, dict, object]:
    """(the search's milliseconds as the bench times it, without the output; each phase's; the result)."""
    clock.spent.clear()
    start = time.process_time()
    with clock.phase("fields"):  # what no inner phase claims: stored fields, filters, the store's calls
        result = lib.search(q.text, actors=list(q.actors), date_from=q.date_from, date_to=q.date_to, limit=20)
    searched = time.process_time()
    with clock.phase("output"):
        output(result)
    return (searched - start) * 1000, {k: v * 1000 for k, v in clock.spent.items()}, result


def run(library: Path, reps: int, check: Path | None) -> dict:
    from indexer.library import Library

    clock = PhaseClock()
    instrument(clock)
    lib = Library(library)
    clock.wrap(lib.store, "text", "text")
    clock.wrap(lib.store, "language", "text")
    totals: dict[str, list[float]] = defaultdict(list)
    phases: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    kinds: dict[str, list[float]] = defaultdict(list)
    answers = {}
    for rep in range(reps + 1):
        for q in bbc_queries():
            ms, spent, result = one_search(lib, clock, q)
            if not rep:  # a warm-up round
                answers[q.label] = [[h.id, h.score, [[s.text, list(map(list, s.highlights))] for s in h.snippets]]
                                    for h in result.hits] + [result.total]
                continue
            totals[q.label].append(ms)
            kinds[q.kind].append(ms)
            for name in PHASES:
                phases[name][q.kind].append(spent.get(name, 0.0))
    lib.close()
    if check:
        check.write_text(json.dumps(answers, ensure_ascii=False, indent=1))
    return {**summary(totals, phases, kinds), **fallbacks()}


def fallbacks() -> dict:
    """The steps that left their fast path during the run (issue 19: a fallback is never silent), e.g.
    {"decode.stock": 3}; {} when every step took its fast path."""
    from indexer.search.analysis import HIGHLIGHT_PATHS
    from indexer.search.whoosh_engine import SPEED

    return {"fallbacks": {**SPEED.fallbacks(), **{f"highlight.{k}": n for k, n in HIGHLIGHT_PATHS.fallbacks().items()}}}


def p50_p95(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 50), 2), "p95": round(percentile(values, 95), 2)}


def summary(totals, phases, kinds) -> dict:
    """Milliseconds: the searches' p50/p95, by query kind, and each phase's (with its mean and p50 by kind)."""
    out = {"all": p50_p95([t for ts in totals.values() for t in ts])}
    out["kinds"] = {kind: p50_p95(values) for kind, values in kinds.items()}
    out["phases"] = {}
    for name in PHASES:
        values = [t for ts in phases[name].values() for t in ts]
        out["phases"][name] = {**p50_p95(values), "mean": round(sum(values) / len(values), 2),
                               "p50_by_kind": {k: round(percentile(v, 50), 2) for k, v in phases[name].items()}}
    out["slowest"] = sorted(((round(sorted(v)[len(v) // 2], 2), k) for k, v in totals.items()), reverse=True)[:8]
    return out


def profile(library: Path, out: Path, reps: int) -> None:
    import cProfile
    import pstats

    from indexer.library import Library

    lib = Library(library)
    queries = bbc_queries()
    for q in queries:
        lib.search(q.text, actors=list(q.actors), date_from=q.date_from, date_to=q.date_to, limit=20)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(reps):
        for q in queries:
            output(lib.search(q.text, actors=list(q.actors), date_from=q.date_from, date_to=q.date_to, limit=20))
    prof.disable()
    lib.close()
    with out.open("w") as f:
        pstats.Stats(prof, stream=f).sort_stats("cumulative").print_stats(60)
        pstats.Stats(prof, stream=f).sort_stats("tottime").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--check", type=Path)
    args = parser.parse_args()
    if args.profile:
        profile(args.library, args.profile, args.reps)
        return
    print(json.dumps(run(args.library, args.reps, args.check), indent=1))


if __name__ == "__main__":
    main()
