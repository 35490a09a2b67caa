"""Measurements that run in a child process, so each one has its own peak RSS.

    python -m tests.benchmarks.worker import LIBRARY FOLDER [--profile OUT]
    python -m tests.benchmarks.worker search LIBRARY FTS_DB {bbc,synth} [--reps N] [--profile OUT]
    python -m tests.benchmarks.worker open LIBRARY ARTICLE_ID QUERY [--reps N]

Each prints one JSON object on its last stdout line. The functions are also
called in process by the smoke test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from .common import children_peak_rss_mb, peak_rss_mb, percentile
from .peers import Fts5Searcher
from .queries import BenchQuery, bbc_queries, synth_queries

QUERY_SETS = {"bbc": bbc_queries, "synth": synth_queries}


# -- import ----------------------------------------------------------------------------------
def run_import(library: Path, folder: Path) -> dict:
    """Import `folder` into the library at `library`, end to end; seconds and counts."""
    from indexer.library import Library

    start = time.perf_counter()
    with Library(library) as lib:
        report = lib.add([folder])
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 3), "added": len(report.added), "duplicates": len(report.duplicates),
        "unchanged": len(report.unchanged), "skipped": len(report.skipped), **speed_paths(),
    }


def speed_paths() -> dict:
    """Which path each step of the Whoosh engine and of the actor analysis (prepared in the import workers
    or not) took in this process (issue 19), and the fallbacks."""
    from indexer.search.whoosh_engine import SPEED

    paths, fallbacks = SPEED.snapshot(), SPEED.fallbacks()
    prep = sys.modules.get("indexer.actors.prepare")  # loaded by an import only (not by a search's memory figure)
    if prep is not None:
        paths.update({f"actors.{k}": n for k, n in prep.ACTOR_PREP.snapshot().items()})
        fallbacks.update({f"actors.{k}": n for k, n in prep.ACTOR_PREP.fallbacks().items()})
    from indexer.search.analysis import HIGHLIGHT_PATHS  # how the snippets' highlight candidates were found

    paths.update({f"highlight.{k}": n for k, n in HIGHLIGHT_PATHS.snapshot().items()})
    fallbacks.update({f"highlight.{k}": n for k, n in HIGHLIGHT_PATHS.fallbacks().items()})
    return {"speed_paths": paths, "speed_fallbacks": fallbacks}


# -- search ----------------------------------------------------------------------------------
def ours_search(lib, q: BenchQuery, limit: int = 20) -> tuple[int, int]:
    """One of our searches, top `limit` with snippets and the total; returns (total, highlighted hits)."""
    result = lib.search(q.text, actors=list(q.actors), date_from=q.date_from, date_to=q.date_to, limit=limit)
    highlighted = sum(1 for hit in result.hits if any(s.highlights for s in hit.snippets))
    return result.total, highlighted


def actor_ids(lib, q: BenchQuery) -> list[list[str]]:
    """The raw actor ids each actor filter of `q` stands for, as the library resolves them."""
    return [sorted(lib._raw_ids_for_name(name)) for name in q.actors]


def run_search(library: Path, fts_db: Path | None, queries: Sequence[BenchQuery], reps: int = 3) -> dict:
    """Every query, ours then FTS5's, side by side, `reps` times after one warm-up round."""
    from indexer.library import Library

    lib = Library(library)
    fts = Fts5Searcher(fts_db) if fts_db else None
    ids = {q: actor_ids(lib, q) for q in queries}
    rows = {q.label: {"kind": q.kind, "ours_ms": [], "fts5_ms": [], "ours_cpu_ms": [], "fts5_cpu_ms": []}
            for q in queries}
    for rep in range(reps + 1):
        for q in queries:
            row = rows[q.label]
            start, cpu = time.perf_counter(), time.process_time()
            row["total"], row["highlighted"] = ours_search(lib, q)
            ours, ours_cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
            if fts is not None:
                start, cpu = time.perf_counter(), time.process_time()
                row["fts5_total"], _rows = fts.search(q, ids[q])
                peer, peer_cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
            if rep:  # round 0 warms caches
                row["ours_ms"].append(round(ours, 2))
                row["ours_cpu_ms"].append(round(ours_cpu, 2))
                if fts is not None:
                    row["fts5_ms"].append(round(peer, 2))
                    row["fts5_cpu_ms"].append(round(peer_cpu, 2))
    lib.close()
    return {**summarise_search(rows, articles_in(library)), **speed_paths()}


def summarise_search(rows: dict, articles: int) -> dict:
    ours = [t for r in rows.values() for t in r["ours_ms"]]
    peer = [t for r in rows.values() for t in r["fts5_ms"]]
    out = {"articles": articles, "queries": len(rows), "samples": len(ours),
           "ours_p50_ms": round(percentile(ours, 50), 2), "ours_p95_ms": round(percentile(ours, 95), 2),
           "per_query": rows, "rss_mb": peak_rss_mb()}
    ours_cpu = [t for r in rows.values() for t in r.get("ours_cpu_ms", ())]
    peer_cpu = [t for r in rows.values() for t in r.get("fts5_cpu_ms", ())]
    out.update(ours_cpu_p50_ms=round(percentile(ours_cpu, 50), 2), ours_cpu_p95_ms=round(percentile(ours_cpu, 95), 2))
    if peer:
        out.update(fts5_p50_ms=round(percentile(peer, 50), 2), fts5_p95_ms=round(percentile(peer, 95), 2),
                   fts5_cpu_p50_ms=round(percentile(peer_cpu, 50), 2),
                   fts5_cpu_p95_ms=round(percentile(peer_cpu, 95), 2))
    return out


def articles_in(library: Path) -> int:
    from indexer.library import Library

    with Library(library) as lib:
        return lib.count()


# -- article open ----------------------------------------------------------------------------
def highlight_ranges(article, hits: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Every range the reader paints: actor mentions (by actor type) and query hits, in text order."""
    ranges = [(s, e, f"actor:{ref.type}") for ref in article.actors for s, e in ref.mentions]
    ranges += [(s, e, "hit") for s, e in hits]
    ranges.sort()
    return ranges


def open_article(lib, article_id: str, query: str):
    """Article id to a fully highlighted document: (article, highlight ranges)."""
    article = lib.article(article_id)
    hits = lib.hit_spans(article.text, query) if query else []
    return article, highlight_ranges(article, hits)


def run_open(library: Path, article_id: str, query: str, reps: int = 30, reader_pane: bool = True) -> dict:
    from indexer.library import Library

    lib = Library(library)
    article, ranges = open_article(lib, article_id, query)  # warm-up
    cpu: list[float] = []
    times = _time_reps(lambda: open_article(lib, article_id, query), reps, cpu)
    out = {"words": len(article.text.split()), "ranges": len(ranges),
           "actor_ranges": sum(1 for r in ranges if r[2] != "hit"),
           "p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
           "cpu_p50_ms": round(percentile(cpu, 50), 2), "cpu_p95_ms": round(percentile(cpu, 95), 2)}
    if reader_pane:
        from . import gui_bench

        out["reader_pane"] = gui_bench.reader_pane_timing(lib, article_id, query, reps)
    lib.close()
    return out


def _time_reps(fn: Callable[[], object], reps: int, cpu: list[float] | None = None) -> list[float]:
    """Wall milliseconds of `reps` calls; CPU milliseconds go to `cpu` when given."""
    times = []
    for _ in range(reps):
        start, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c0) * 1000)
    return times


# -- profiles --------------------------------------------------------------------------------
def profiled(fn: Callable[[], object], out: Path, title: str, top: int = 25):
    """Run fn under cProfile and write the top cumulative functions to `out`; returns fn's result."""
    prof = cProfile.Profile()
    result = prof.runcall(fn)
    buf = io.StringIO()
    buf.write(f"{title}\n\n")
    stats = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    buf.write("\n-- by own time --\n")
    stats.sort_stats("tottime").print_stats(top)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(buf.getvalue(), encoding="utf-8")
    return result


def profile_queries(library: Path, queries: Sequence[BenchQuery], out: Path, repeat: int = 3) -> None:
    """Profile `repeat` runs of the given (slowest) queries."""
    from indexer.library import Library

    lib = Library(library)
    for q in queries:
        ours_search(lib, q)  # warm

    def run():
        for _ in range(repeat):
            for q in queries:
                ours_search(lib, q)

    labels = ", ".join(q.label for q in queries)
    profiled(run, out, f"search profile, {repeat} x [{labels}] on {library}")
    lib.close()


# -- command line ----------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("import")
    p.add_argument("library", type=Path)
    p.add_argument("folder", type=Path)
    p.add_argument("--profile", type=Path)
    p = sub.add_parser("search")
    p.add_argument("library", type=Path)
    p.add_argument("fts_db")
    p.add_argument("queries", choices=sorted(QUERY_SETS))
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--profile", type=Path)
    p.add_argument("--profile-top", type=int, default=5)
    p = sub.add_parser("open")
    p.add_argument("library", type=Path)
    p.add_argument("article_id")
    p.add_argument("query")
    p.add_argument("--reps", type=int, default=30)
    p.add_argument("--no-reader-pane", action="store_true")
    args = parser.parse_args(argv)
    if args.cmd == "import":
        task = lambda: run_import(args.library, args.folder)  # noqa: E731
        result = profiled(task, args.profile, f"import profile: {args.folder}") if args.profile else task()
    elif args.cmd == "search":
        queries = QUERY_SETS[args.queries]()
        result = run_search(args.library, Path(args.fts_db) if args.fts_db != "-" else None, queries, args.reps)
        if args.profile:
            slow = sorted(queries, key=lambda q: -percentile(result["per_query"][q.label]["ours_ms"], 95))
            profile_queries(args.library, slow[: args.profile_top], args.profile)
            result["profiled"] = [q.label for q in slow[: args.profile_top]]
    else:
        result = run_open(args.library, args.article_id, args.query, args.reps, not args.no_reader_pane)
    result["rss_mb"] = peak_rss_mb()
    result["rss_children_mb"] = children_peak_rss_mb()  # largest worker process it started, if any
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
