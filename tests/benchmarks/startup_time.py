"""The whole `briefing-index search` process, timed the way run.py's whole_process_search times it.

    python -m tests.benchmarks.startup_time LIBRARY [--runs 20] [--save DIR | --compare DIR] [--phases]

Prints the median wall and CPU time of `python -c pass` (the interpreter's floor), of `python -m indexer.cli
--library LIBRARY search QUERY --json` over the bench's whole-process queries in turn, and of `recollq` when
a Recoll configuration is given. The sources are byte-compiled first, as run.py does. --save writes each
query's stdout and stderr to DIR; --compare checks that this checkout prints exactly what was saved
(results and messages must not change with start-up work).
--phases also splits one search process into its steps (interpreter start and exit, imports, opening the
library, the search, printing), and its imports by package (from `python -X importtime`, the least of the runs).
"""

from __future__ import annotations

import argparse
import json
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


# The steps of cli.main for `search --json`, one by one, each timed (ms) from the interpreter's first line.
_PHASES_DRIVER = """
import time; start = time.perf_counter(); marks = []
def mark(name): marks.append((name, time.perf_counter()))
import sys, io, json, contextlib
from indexer import cli; mark("import indexer.cli")
argv = ["--library", sys.argv[1], "search", sys.argv[2], "--json"]
args = cli.build_parser(cli._named_command(argv)).parse_args(argv); mark("parse the command line")
cli._require_existing_library(args); cli._setup_logging(cli._library_dir(args)); mark("log file")
cli._import_library_without_collecting(); mark("import indexer.library (Whoosh, store, model)")
lib = cli._open_library(args); mark("open the library (SQLite, Whoosh TOC, searcher)")
out = io.StringIO()
with contextlib.redirect_stdout(out):
    result = lib.search(args.query, limit=args.limit); mark("the search (name keys, query, hits, snippets)")
    cli._print_json({"total": result.total, "hits": [h.id for h in result.hits]}); mark("printing")
lib.close(); mark("close")
before, steps = start, {}
for name, when in marks:
    steps[name], before = (when - before) * 1000, when
print(json.dumps(steps))
if hasattr(cli, "run") and cli._nothing_running() and cli._flushed():  # the exit `briefing-index search` takes
    import os; os._exit(0)
"""

# Import groups: a module counts under the first group whose prefix it has (else "other stdlib").
_IMPORT_GROUPS = (
    ("whoosh (and cached_property)", ("whoosh", "cached_property")),
    ("indexer.model", ("indexer.model",)), ("indexer.search.engine", ("indexer.search.engine",)),
    ("indexer.store", ("indexer.store",)), ("indexer (the rest)", ("indexer",)),
    ("dataclasses, inspect, ast, dis", ("dataclasses", "inspect", "ast", "_ast", "dis", "opcode", "copy")),
    ("logging, traceback, linecache", ("logging", "traceback", "linecache", "tokenize", "token", "textwrap",
                                       "string", "weakref", "_weakrefset", "threading")),
    ("argparse, gettext, locale", ("argparse", "gettext", "locale", "_locale")),
    ("json", ("json", "_json")), ("sqlite3, datetime", ("sqlite3", "_sqlite3", "datetime", "_datetime")),
    ("typing", ("typing", "_typing")), ("hashlib", ("hashlib", "_hashlib", "_blake2")),
    ("pickle, decimal, random, tempfile", ("pickle", "_pickle", "_compat_pickle", "decimal", "_decimal",
                                           "numbers", "random", "_random", "tempfile", "shutil", "bz2", "lzma",
                                           "_bz2", "_lzma", "_compression", "calendar")),
)


def _group(module: str) -> str:
    for name, prefixes in _IMPORT_GROUPS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return name
    return "other stdlib"


def _import_self_times(library: Path, query: str) -> dict[str, int]:
    """Each module's own import time (µs) in one search process, from `python -X importtime`."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *_search_command(library, query)[1:]],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    times = {}
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            self_us, _cumulative, name = line[len("import time:"):].split("|")
            times[name.strip()] = int(self_us)
    return times


def phases(library: Path, runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median ms of each step of a search process, and the least self import time (ms) of each group of
    modules the process imports beyond those of `python -c pass`, over `runs` runs."""
    floor = set(subprocess.run([sys.executable, "-c", "import sys; print(*sys.modules)"], capture_output=True,
                               text=True, cwd=REPO).stdout.split())
    query, steps, least = _queries()[0], {}, {}
    for _ in range(runs):
        wall, proc = _timed([sys.executable, "-c", _PHASES_DRIVER, str(library), query])
        timed = json.loads(proc.stdout)
        timed["interpreter start and exit"] = wall * 1000 - sum(timed.values())
        for name, ms in timed.items():
            steps.setdefault(name, []).append(ms)
        for module, us in _import_self_times(library, query).items():
            least[module] = min(us, least.get(module, us))
    groups: dict[str, float] = {}
    for module, us in least.items():
        if module not in floor:
            groups[_group(module)] = groups.get(_group(module), 0.0) + us / 1000
    return {name: median(values) for name, values in steps.items()}, groups


def _print_phases(library: Path, runs: int) -> None:
    steps, groups = phases(library, runs)
    print(f"one search process, median of {runs} (ms):")
    for name, ms in steps.items():
        print(f"  {name:50} {ms:6.1f}")
    print("imports beyond `python -c pass`, own time (least of the runs, under -X importtime, ms):")
    for name, ms in sorted(groups.items(), key=lambda item: -item[1]):
        print(f"  {name:50} {ms:6.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--recoll-conf", type=Path, default=None,
                        help="a Recoll configuration folder indexing the same files")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--save", type=Path, metavar="DIR")
    group.add_argument("--compare", type=Path, metavar="DIR")
    parser.add_argument("--phases", action="store_true", help="also split one search process into its steps")
    args = parser.parse_args(argv)
    print(f"sources {compile_sources()}")  # as run.py does: an installed app starts from bytecode
    if args.save or args.compare:
        differ = check_outputs(args.library, args.save or args.compare, save=bool(args.save))
        print("outputs saved" if args.save else (f"outputs differ: {differ}" if differ else "outputs identical"))
        if differ:
            return 1
    timed = time_runs(args.library, args.runs, args.recoll_conf)
    for name, seconds in timed.items():
        print(f"{name:22} {seconds:.4f}")
    if "recollq_s" in timed:
        print(f"{'ratio to recollq':22} {timed['search_process_s'] / timed['recollq_s']:.2f} (wall)")
    if args.phases:
        _print_phases(args.library, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
