"""GUI figures, offscreen: cold start to the first painted main window, and the reader pane.

    python -m tests.benchmarks.gui_bench cold LIBRARY   # child process: prints one JSON line

The parent (`cold_start`) times the whole child process from spawn to the
moment the main window reports its first paint event.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import REPO, median, peak_rss_mb, percentile

PAINT_TIMEOUT = 20.0


def desktop_missing() -> str:
    """Why the desktop app cannot be benchmarked, or "" when it can."""
    try:
        import desktop.app  # noqa: F401
        from desktop.app import create_main_window  # noqa: F401
    except Exception as exc:  # ImportError, or a half-written module
        return f"desktop app not importable ({type(exc).__name__}: {exc})"
    return ""


# -- cold start --------------------------------------------------------------------------------
def _child(library: str) -> int:
    """Runs in the child: build the main window, show it, stop at its first paint event."""
    t0 = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject

    from desktop.app import create_main_window, ensure_app

    app = ensure_app()
    painted: list[float] = []

    class PaintSpy(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    with tempfile.TemporaryDirectory() as tmp:
        window = create_main_window(library, Path(tmp) / "settings.json", offer_recovery=False)
        spy = PaintSpy()
        window.installEventFilter(spy)
        window.show()
        deadline = time.perf_counter() + PAINT_TIMEOUT
        while not painted and time.perf_counter() < deadline:
            app.processEvents()
        shown = time.perf_counter()
        print(json.dumps({"painted": bool(painted), "in_process_s": round((painted or [shown])[0] - t0, 3),
                          "cpu_s": round(time.process_time(), 3), "rss_mb": peak_rss_mb()}), flush=True)
        window.close()
        window.deleteLater()
        app.processEvents()
    return 0


def cold_start_once(library: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "tests.benchmarks.gui_bench", "cold", str(library)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    for line in proc.stdout:
        if line.startswith("{"):
            break
    wall = time.perf_counter() - start
    _out, err = proc.communicate(timeout=60)
    if not line.startswith("{"):
        raise RuntimeError(f"GUI child failed: {err.strip()[-500:]}")
    result = json.loads(line)
    result["wall_s"] = round(wall, 3)
    return result


def cold_start(library: Path, runs: int = 3) -> dict:
    """Median wall time from process spawn to first paint, over `runs` child processes."""
    results = [cold_start_once(library) for _ in range(runs)]
    return {"median_s": round(median([r["wall_s"] for r in results]), 3),
            "in_process_median_s": round(median([r["in_process_s"] for r in results]), 3),
            "cpu_median_s": round(median([r["cpu_s"] for r in results]), 3),  # whole child, to first paint
            "painted": all(r["painted"] for r in results), "runs": [r["wall_s"] for r in results],
            "rss_mb": max(r["rss_mb"] for r in results)}


# -- reader pane -------------------------------------------------------------------------------
def reader_pane_timing(lib, article_id: str, query: str, reps: int = 20) -> dict:
    """Article id to a highlighted reader pane: lib.article + hit_spans + show_article (plain text + formats)."""
    reason = desktop_missing()
    if reason:
        return {"skipped": reason}
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from desktop.app import ensure_app
        from desktop.theme import load_highlights
        from desktop.views.reader import ReaderPane

        ensure_app()
        pane = ReaderPane(load_highlights())
        pane.resize(900, 700)
    except Exception as exc:
        return {"skipped": f"reader pane not constructible ({type(exc).__name__}: {exc})"}

    def once() -> tuple[float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        article = lib.article(article_id)
        pane.show_article(article, lib.hit_spans(article.text, query))
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000

    once()
    samples = [once() for _ in range(reps)]
    times, cpu = [w for w, _c in samples], [c for _w, c in samples]
    return {"p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
            "cpu_p50_ms": round(percentile(cpu, 50), 2), "cpu_p95_ms": round(percentile(cpu, 95), 2)}


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "cold":
        sys.exit(_child(sys.argv[2]))
    print("usage: python -m tests.benchmarks.gui_bench cold LIBRARY", file=sys.stderr)
    sys.exit(2)
