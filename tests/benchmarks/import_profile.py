"""Where an import's time goes: cProfile of the writer process, and the writer's waits on its workers.

    python -m tests.benchmarks.import_profile [--folder DIR] [--top 40] [--out FILE]

Imports the folder into a fresh temporary library under cProfile (the writer process only; workers
are other processes) and prints: wall seconds, the writer's CPU seconds, the seconds it spent
waiting for the next prepared file from the workers (time in pipeline.prepared_stream's __next__),
the workers' CPU seconds, and the top functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

from .common import BBC


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_stream(waits: list[float]):
    """Wrap pipeline.prepared_stream so the time the writer waits in next() is summed into waits[0]."""
    from indexer import importer, pipeline

    original = pipeline.prepared_stream

    def stream(*args, **kwargs):
        inner = original(*args, **kwargs)

        class Timed:
            def __iter__(self):
                return self

            def __next__(self):
                start = time.perf_counter()
                try:
                    return next(inner)
                finally:
                    waits[0] += time.perf_counter() - start

            def close(self):
                getattr(inner, "close", lambda: None)()

        return Timed()

    importer.prepared_stream = stream


def _timed_finish(spent: list[float]) -> None:
    """Sum the writer's CPU seconds in the import's final commit (store, then index) into spent[0]."""
    from indexer import importer

    original = importer._Importer.finish

    def finish(self):
        start = time.process_time()
        try:
            original(self)
        finally:
            spent[0] += time.process_time() - start

    importer._Importer.finish = finish


def _prep_counts() -> str:
    try:
        from indexer.actors.prepare import ACTOR_PREP
    except ImportError:  # a checkout from before the actor work moved to the workers
        return "actor preparation: not in this version"
    return f"actor preparation: {ACTOR_PREP.snapshot()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=BBC)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--plain", action="store_true", help="no cProfile: wall, CPU and waits only")
    parser.add_argument("--spare-load", type=float, help="pipeline.SPARE_LOAD for this run (e.g. 100: the "
                        "workers prepare actors however busy the machine is)")
    args = parser.parse_args(argv)
    from indexer.library import Library

    waits, finish = [0.0], [0.0]
    _timed_stream(waits)
    _timed_finish(finish)
    if args.spare_load is not None:
        from indexer import pipeline

        pipeline.SPARE_LOAD = args.spare_load
    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="import-profile-") as tmp:
        start, cpu, child = time.perf_counter(), time.process_time(), _children_cpu()
        with Library(Path(tmp) / "lib") as lib:
            report = lib.add([args.folder]) if args.plain else profile.runcall(lib.add, [args.folder])
        wall, cpu, child = time.perf_counter() - start, time.process_time() - cpu, _children_cpu() - child
    text = io.StringIO()
    text.write(f"import of {args.folder}: {len(report.added)} added, {len(report.duplicates)} duplicates\n"
               f"wall {wall:.2f} s; writer CPU {cpu:.2f} s{'' if args.plain else ' (under cProfile)'}; writer waited for workers "
               f"{waits[0]:.2f} s; workers' CPU {child:.2f} s; writer CPU in the final commit {finish[0]:.2f} s\n"
               f"{_prep_counts()}\n")
    if not args.plain:
        stats = pstats.Stats(profile, stream=text)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    if args.out:
        args.out.write_text(text.getvalue(), encoding="utf-8")
    print(text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
