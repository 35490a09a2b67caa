"""Import timing, A/B: the same folder imported by two checkouts in alternation, with recollindex beside them.

    python -m tests.benchmarks.import_ab [--runs 3] [--folder DIR] [--base /work/base-importspeed] [--no-recoll]

Each run imports the folder into a fresh temporary library in a child process (tests.benchmarks.worker
import, started from each checkout so each imports its own code), then runs recollindex the way run.py
does. On a shared machine only figures measured in the same minutes compare; this prints the medians of
the alternated runs, each checkout's ratio to recollindex, and the CPU seconds of each child.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import peers
from .common import BBC, REPO, children_cpu_s, median, ratio


def timed_import(checkout: Path, folder: Path, work: Path) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of the child and its workers, the worker's JSON) of one import."""
    library = work / f"lib-{time.monotonic_ns()}"
    cpu = children_cpu_s()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tests.benchmarks.worker", "import", str(library), str(folder)],
                          cwd=checkout, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - start
    shutil.rmtree(library, ignore_errors=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"import from {checkout} failed: {proc.stderr.strip()[-800:]}")
    return wall, children_cpu_s() - cpu, json.loads(lines[-1])


def timed_recoll(folder: Path, work: Path) -> float:
    return peers.recoll_index(work / "recoll", folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=BBC)
    parser.add_argument("--base", type=Path, default=Path("/work/base-importspeed"))
    parser.add_argument("--no-recoll", action="store_true")
    args = parser.parse_args(argv)
    sides = {"base": args.base, "new": REPO}
    rows: dict[str, dict[str, list]] = {k: {"wall": [], "in": [], "cpu": []} for k in (*sides, "recoll")}
    with tempfile.TemporaryDirectory(prefix="import-ab-") as tmp:
        work = Path(tmp)
        for run in range(args.runs):
            order = list(sides.items()) if run % 2 == 0 else list(reversed(sides.items()))
            for name, checkout in order:
                wall, cpu, result = timed_import(checkout, args.folder, work)
                rows[name]["wall"].append(wall)
                rows[name]["in"].append(result["seconds"])
                rows[name]["cpu"].append(cpu)
                print(f"run {run + 1} {name}: {wall:.2f} s wall, {result['seconds']:.2f} s in process, "
                      f"{cpu:.2f} s CPU, added {result['added']} dup {result['duplicates']}", flush=True)
            if not args.no_recoll:
                cpu = children_cpu_s()
                rows["recoll"]["wall"].append(timed_recoll(args.folder, work))
                rows["recoll"]["cpu"].append(children_cpu_s() - cpu)
                print(f"run {run + 1} recollindex: {rows['recoll']['wall'][-1]:.2f} s", flush=True)
    recoll = median(rows["recoll"]["wall"]) or None
    for name in sides:
        wall = median(rows[name]["wall"])
        print(f"{name}: median {wall:.2f} s wall ({', '.join(f'{t:.2f}' for t in rows[name]['wall'])}), "
              f"in process {median(rows[name]['in']):.2f} s, CPU {median(rows[name]['cpu']):.2f} s, "
              f"ratio to recollindex {ratio(wall, recoll)}")
    if recoll:
        print(f"recollindex: median {recoll:.2f} s ({', '.join(f'{t:.2f}' for t in rows['recoll']['wall'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
