"""Run an import step in a child process with bounded memory (RLIMIT_AS) and time.

The child prints one JSON line: per path the outcome ("doc" with title/text length, or
"skip" with the reason), the seconds taken and the child's own peak RSS in MB (VmHWM: its memory since exec).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import REPO, cli_env

MEMORY_LIMIT = 2 * 1024**3

_CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
    spec = json.loads(sys.argv[2])
    from indexer import ingest
    from indexer.library import Library
    started = time.monotonic()
    out = []
    if spec["op"] == "prepare":
        for path in spec["paths"]:
            doc = ingest.prepare(path, max_size=spec["max_size"])
            if hasattr(doc, "reason"):
                out.append({"skip": doc.reason})
            else:
                out.append({"doc": doc.title, "chars": len(doc.text), "text": doc.text[:2000]})
    else:
        with Library(spec["library"]) as lib:
            report = lib.add(spec["paths"], max_size=spec["max_size"])
            for a in report.added:
                text = lib.article(a.id).text
                hits = lib.search(spec["query"]).total if spec.get("query") else -1
                out.append({"doc": a.title, "chars": len(text), "text": text[:2000], "hits": hits})
            out += [{"skip": s.reason, "path": s.path} for s in report.skipped]
    def peak_mb():
        # This process's own peak (VmHWM starts afresh at exec); ru_maxrss keeps the forking test process's
        # resident size, so a test session grown past 1.5 GB would fail every bound here.
        try:
            with open("/proc/self/status") as status:
                return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
        except (OSError, StopIteration, ValueError):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"results": out, "seconds": time.monotonic() - started, "peak_mb": peak_mb()}))
    """
)


def run_bounded(op: str, paths: list[Path], *, max_size: int = 20 * 1024**2, library: Path | None = None,
                query: str = "", timeout: float = 120) -> dict:
    """Run `prepare` or `add` on `paths` in a child limited to 2 GB of address space and `timeout` s."""
    spec = {"op": op, "paths": [str(p) for p in paths], "max_size": max_size,
            "library": str(library) if library else "", "query": query}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(MEMORY_LIMIT), json.dumps(spec)],
        cwd=REPO, env=cli_env(), capture_output=True, text=True, timeout=timeout,
    )
    assert proc.returncode == 0, f"the child crashed ({proc.returncode}): {proc.stderr[-3000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])
