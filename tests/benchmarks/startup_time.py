"""The whole `briefing-index search` process, timed the way run.py's whole_process_search times it.

    python -m tests.benchmarks.startup_time LIBRARY [--runs 20] [--save DIR | --compare DIR]

Prints the median wall time of `python -c pass` (the interpreter's floor), of `python -m indexer.cli
--library LIBRARY search QUERY --json` over the bench's whole-process queries in turn, and of `recollq` when
a Recoll configuration is given. The sources are byte-compiled first, as run.py does. --save writes each query's stdout and stderr to DIR; --compare checks
that this checkout prints exactly what was saved (results and messages must not change with start-up work).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from .common import REPO, median
from .queries import bbc_queries
from .run import WHOLE_PROCESS_QUERIES, compile_sources


def _queries() -> list[str]:
    return [q.text for q in bbc_queries() if q.plain][:WHOLE_PROCESS_QUERIES]


def _timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    return time.perf_counter() - start, proc


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_cpu(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds of one child process (CPU is steadier on a busy machine)."""
    cpu = _children_cpu()
    wall, proc = _timed(command)
    return wall, _children_cpu() - cpu, proc


def _search_command(library: Path, query: str) -> list[str]:
    return [sys.executable, "-m", "indexer.cli", "--library", str(library), "search", query, "--json"]


def _output_file(folder: Path, index: int) -> Path:
    return folder / f"query-{index:02d}.txt"


def _printed(proc: subprocess.CompletedProcess) -> str:
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}"


def check_outputs(library: Path, folder: Path, *, save: bool) -> list[str]:
    """Save every query's output to `folder`, or compare with what it holds; the queries that differ."""
    folder.mkdir(parents=True, exist_ok=True)
    differ = []
    for index, query in enumerate(_queries()):
        printed = _printed(_timed(_search_command(library, query))[1])
        path = _output_file(folder, index)
        if save:
            path.write_text(printed, encoding="utf-8")
        elif path.read_text(encoding="utf-8") != printed:
            differ.append(query)
    return differ


def time_runs(library: Path, runs: int, recoll_conf: Path | None) -> dict[str, float]:
    """Median wall and CPU seconds of the floor, our search process and (if configured) recollq, `runs` of
    each, interleaved so that a busy moment of the machine falls on all of them alike."""
    queries = _queries()
    commands = {"python_floor": lambda query: [sys.executable, "-c", "pass"],
                "search_process": lambda query: _search_command(library, query)}
    if recoll_conf is not None:
        commands["recollq"] = lambda query: ["recollq", "-c", str(recoll_conf), "-A", "-n", "20", query]
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs):
        query = queries[run % len(queries)]
        for name, command in commands.items():
            wall, cpu, proc = _timed_cpu(command(query))
            if proc.returncode != 0:
                raise SystemExit(f"{name} {query!r} failed: {proc.stderr.strip()[-300:]}")
            walls[name].append(wall)
            cpus[name].append(cpu)
    out = {f"{name}_s": median(values) for name, values in walls.items()}
    out.update({f"{name}_cpu_s": median(values) for name, values in cpus.items()})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--recoll-conf", type=Path, default=None, help="a Recoll configuration folder of the same files")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--save", type=Path, metavar="DIR")
    group.add_argument("--compare", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    print(f"sources {compile_sources()}")  # as run.py does: an installed app starts from bytecode
    if args.save or args.compare:
        differ = check_outputs(args.library, args.save or args.compare, save=bool(args.save))
        print("outputs saved" if args.save else (f"outputs differ: {differ}" if differ else "outputs identical"))
        if differ:
            return 1
    for name, seconds in time_runs(args.library, args.runs, args.recoll_conf).items():
        print(f"{name:18} {seconds:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
