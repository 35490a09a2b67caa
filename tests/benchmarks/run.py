"""The benchmark suite: ours against recollindex/recollq and SQLite FTS5, side by side in one run.

    python -m tests.benchmarks.run [--quick] [--runs N] [--no-profile]

--quick runs the BBC-scale part only (one import run). Writes benchmarks.json at the
repo root and prints a table. Cached corpora, libraries and profiles live in
~/.cache/briefing-reader-bench/ (see build.py; `python -m tests.benchmarks.build`
builds the 20k and 100k libraries, which takes a long time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from . import build, peers, synth
from .common import BBC, REPO, cache_dir, children_cpu_s, median, profiles_dir, ratio
from .queries import BenchQuery, bbc_queries

TARGETS = {  # issue 7 section 2
    "import_bbc": ("ratio_vs_recoll", 1.0),
    "search_bbc": ("ratio_vs_fts5", 1.5),
    "search_100k": ("ratio_vs_fts5", 1.5),
    "open_article": ("ms", 30.0),
    "gui_cold_start": ("s", 1.0),
    "gui_rss": ("mb", 400.0),
}
OPEN_QUERY = "ceasefire OR talks OR minister"
OPEN_WORDS = 5000
WHOLE_PROCESS_QUERIES = 10
EVALUATORS = ("html_extraction_eval", "actors_eval")


def log(msg: str) -> None:
    print(f"[{dt.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- child processes -----------------------------------------------------------------------------
def worker(*args: str, timeout: float = 7200) -> tuple[dict, float]:
    """Run tests.benchmarks.worker in a child; returns (its JSON result, wall seconds).
    The result gains "cpu_s": CPU seconds of the child and every process it waited for."""
    cpu = children_cpu_s()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tests.benchmarks.worker", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"worker {args[0]} failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    result = json.loads(lines[-1])
    result["cpu_s"] = round(children_cpu_s() - cpu, 3)
    return result, wall


def skip(reason: str) -> dict:
    log(f"skipped: {reason}")
    return {"skipped": reason}


# -- machine -------------------------------------------------------------------------------------
def compile_sources() -> str:
    """Byte-compile indexer/ and desktop/ as `pip install` does for an installed app.

    An editable install compiles on first import, unless PYTHONDONTWRITEBYTECODE is set (as on
    some CI machines): then every start would pay to compile ~40 modules, which no user does."""
    import compileall

    ok = all(compileall.compile_dir(str(REPO / pkg), quiet=1) for pkg in ("indexer", "desktop"))
    return "compiled" if ok else "compile failed (figures include compiling the sources)"


def machine_info() -> dict:
    info = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version, "load_avg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }
    try:
        from importlib.metadata import version

        info["whoosh"] = version("whoosh-reloaded")
    except Exception:
        info["whoosh"] = "unknown"
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    if shutil.which("recollindex"):
        out = subprocess.run(["recollindex", "-v"], capture_output=True, text=True).stdout.strip()
        info["recoll"] = out.splitlines()[0] if out else "present"
    return info


# -- import --------------------------------------------------------------------------------------
def stored_docs(library: Path) -> list[peers.FtsDoc]:
    """The cleaned texts (and raw actor ids) our library stored: what FTS5 indexes too."""
    from indexer.library import Library
    from indexer.store import StoredArticle

    docs = []
    with Library(library) as lib:
        for stored in lib.store.iter_all():
            if isinstance(stored, StoredArticle):
                a = stored.article
                docs.append(peers.FtsDoc(a.title, a.text, a.date, tuple(sorted({m.actor_id for m in stored.mentions}))))
    return docs


def bench_import(work: Path, runs: int) -> tuple[dict, Path | None, Path | None, Path | None]:
    """Ours, recollindex and FTS5 on the BBC corpus, interleaved per run. Returns (figure, library, fts db, recoll conf)."""
    if not BBC.is_dir():
        return skip(f"BBC corpus not found at {BBC}"), None, None, None
    try:
        peers.ensure_recoll()
        recoll_reason = ""
    except peers.RecollUnavailable as exc:
        recoll_reason = str(exc)
        log(f"recoll unavailable: {exc}")
    ours, ours_in, rss, child_rss, recoll, fts, counts = [], [], [], [], [], [], {}
    ours_cpu, recoll_cpu, fts_cpu = [], [], []
    library = fts_db = confdir = None
    docs: list[peers.FtsDoc] = []
    for run in range(runs):
        library = work / f"bbc-library-{run}"
        result, wall = worker("import", str(library), str(BBC))
        ours.append(wall)
        ours_in.append(result["seconds"])
        speed = {k: result[k] for k in ("speed_paths", "speed_fallbacks") if k in result}
        ours_cpu.append(result["cpu_s"])
        rss.append(result["rss_mb"])
        child_rss.append(result.get("rss_children_mb") or 0.0)
        counts = {f"files_{k}": result[k] for k in ("added", "duplicates", "unchanged", "skipped")}
        log(f"import run {run + 1}/{runs}: ours {wall:.1f}s (in process {result['seconds']:.1f}s), {counts}")
        if not recoll_reason:
            confdir = work / "recoll"
            cpu = children_cpu_s()
            recoll.append(peers.recoll_index(confdir, BBC))
            recoll_cpu.append(children_cpu_s() - cpu)
            log(f"import run {run + 1}/{runs}: recollindex {recoll[-1]:.1f}s")
        if not docs:
            docs = stored_docs(library)
        fts_db = work / "bbc-fts5.sqlite3"
        start, cpu = time.perf_counter(), time.process_time()
        peers.fts5_build(fts_db, docs)
        fts.append(time.perf_counter() - start)
        fts_cpu.append(time.process_time() - cpu)
        if run < runs - 1:
            shutil.rmtree(library, ignore_errors=True)
    floor, floor_cpu = whoosh_floor(work, docs) if runs > 1 and docs else (None, None)
    files = sum(counts.values())
    figure = {
        "files": files, **counts, "runs": runs,
        "ours_s": round(median(ours), 3), "ours_in_process_s": round(median(ours_in), 3),
        "ours_articles_per_s": round(files / median(ours), 1), "ours_all_s": [round(t, 2) for t in ours],
        "fts5_s": round(median(fts), 3), "fts5_articles_per_s": round(len(docs) / median(fts), 1),
        "ratio_vs_fts5": ratio(median(ours), median(fts)), "rss_mb": max(rss),
        "rss_worker_mb": max(child_rss),  # peak of the largest import worker process
        "whoosh_writer_only_s": round(floor, 3) if floor else None,
        "whoosh_writer_only_cpu_s": round(floor_cpu, 3) if floor_cpu else None,
        # CPU seconds are robust to other load on a shared machine; wall seconds are what a user waits.
        "ours_cpu_s": round(median(ours_cpu), 3), "fts5_cpu_s": round(median(fts_cpu), 3),
        **speed,  # the fast paths the last import run took, and its fallbacks (issue 19)
    }
    if recoll:
        figure.update(recoll_s=round(median(recoll), 3), recoll_articles_per_s=round(files / median(recoll), 1),
                      recoll_all_s=[round(t, 2) for t in recoll], ratio_vs_recoll=ratio(median(ours), median(recoll)),
                      whoosh_writer_only_ratio_vs_recoll=ratio(floor, median(recoll)),
                      recoll_cpu_s=round(median(recoll_cpu), 3), cpu_ratio_vs_recoll=ratio(median(ours_cpu), median(recoll_cpu)),
                      whoosh_writer_only_cpu_ratio_vs_recoll=ratio(floor_cpu, median(recoll_cpu)),
                      recoll_documents=peers.recoll_count(confdir))
    else:
        figure["recoll_skipped"] = recoll_reason
    return figure, library, fts_db, (confdir if recoll else None)


def whoosh_floor(work: Path, docs: list[peers.FtsDoc]) -> tuple[float, float]:
    """Seconds to write the same cleaned texts straight into a fresh index of ours (one process,
    no reading, cleaning, dedupe or actor recognition): the floor the Whoosh writer sets.
    Returns (wall seconds, CPU seconds)."""
    from indexer.index import IndexDoc, SearchIndex

    index = SearchIndex(work / "whoosh-floor")
    start, cpu = time.perf_counter(), time.process_time()
    with index.writer() as writer:
        for n, d in enumerate(docs):
            writer.add_new(IndexDoc(id=f"d{n}", title=d.title, body=d.body, date=d.date, actor_ids=d.actor_ids))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    index.close()
    shutil.rmtree(work / "whoosh-floor", ignore_errors=True)
    return elapsed, cpu


def profile_import(work: Path) -> str:
    out = profiles_dir() / "import_bbc.txt"
    worker("import", str(work / "bbc-profile-library"), str(BBC), "--profile", str(out))
    shutil.rmtree(work / "bbc-profile-library", ignore_errors=True)
    return str(out)


# -- search --------------------------------------------------------------------------------------
def bench_search(library: Path, fts_db: Path, query_set: str, reps: int, profile: str = "") -> dict:
    args = ["search", str(library), str(fts_db), query_set, "--reps", str(reps)]
    result, _wall = worker(*args)
    figure = {k: v for k, v in result.items() if k != "per_query"}
    figure["ratio_vs_fts5"] = ratio(result["ours_p95_ms"], result.get("fts5_p95_ms"))
    figure["ratio_p50_vs_fts5"] = ratio(result["ours_p50_ms"], result.get("fts5_p50_ms"))
    figure["cpu_ratio_vs_fts5"] = ratio(result["ours_cpu_p95_ms"], result.get("fts5_cpu_p95_ms"))
    figure["slowest"] = slowest(result["per_query"])
    figure["by_kind"] = by_kind(result["per_query"])
    figure["per_query"] = {label: {"kind": r["kind"], "total": r.get("total"), "fts5_total": r.get("fts5_total"),
                                   "ours_median_ms": median(r["ours_ms"]), "fts5_median_ms": median(r["fts5_ms"])}
                           for label, r in result["per_query"].items()}
    target = TARGETS["search_bbc"][1]
    if profile and (figure["ratio_vs_fts5"] or 0) > target:
        out = profiles_dir() / f"{profile}.txt"
        worker(*args[:4], "--reps", "1", "--profile", str(out))  # re-measures once to pick the slowest
        figure["profile"] = str(out)
    return figure


def slowest(per_query: dict, n: int = 5) -> list[dict]:
    rows = sorted(per_query.items(), key=lambda kv: -median(kv[1]["ours_ms"]))[:n]
    return [{"query": label, "kind": r["kind"], "ours_median_ms": median(r["ours_ms"]),
             "fts5_median_ms": median(r["fts5_ms"]), "total": r.get("total")} for label, r in rows]


def by_kind(per_query: dict) -> dict:
    kinds: dict[str, dict] = {}
    for r in per_query.values():
        k = kinds.setdefault(r["kind"], {"ours": [], "fts5": []})
        k["ours"] += r["ours_ms"]
        k["fts5"] += r["fts5_ms"]
    return {kind: {"ours_median_ms": round(median(v["ours"]), 2), "fts5_median_ms": round(median(v["fts5"]), 2)}
            for kind, v in kinds.items()}


def whole_process_search(library: Path, confdir: Path | None, queries: list[BenchQuery]) -> dict:
    """`briefing-index search --json` against `recollq`, one whole process per query, alternating: ours as a
    process of its own ("cold") and answered by a running `briefing-index serve` of the library ("served";
    the two must print the same).

    Run as `python -m indexer.cli` from this checkout: the environment's `briefing-index` script may be
    an editable install of another checkout (a worktree would then measure that one's code)."""
    base = [sys.executable, "-m", "indexer.cli", "--library", str(library)]
    ours, served, theirs = [], [], []
    with tempfile.TemporaryDirectory() as cold_dir, tempfile.TemporaryDirectory() as serve_dir, \
            _search_server(base, serve_dir) as serve_env:
        cold_env = {**os.environ, "XDG_RUNTIME_DIR": cold_dir}  # no server's socket there: the search runs itself
        for q in [q for q in queries if q.plain][:WHOLE_PROCESS_QUERIES]:
            seconds, cold = _timed_search(base, q.text, cold_env)
            ours.append(seconds)
            if serve_env is not None:
                seconds, answer = _timed_search(base, q.text, serve_env)
                if answer != cold:
                    raise RuntimeError(f"the served search {q.text!r} printed another answer than the process")
                served.append(seconds)
            if confdir is not None:
                theirs.append(peers.recollq(confdir, q.text)[0])
    out = {"queries": len(ours), "ours_median_s": round(median(ours), 3)}
    if served:
        out["served_median_s"] = round(median(served), 3)
    else:
        out["served_skipped"] = "briefing-index serve did not start"
    if theirs:
        out.update(recollq_median_s=round(median(theirs), 3), ratio_vs_recoll=ratio(median(ours), median(theirs)))
        if served:
            out["served_ratio_vs_recoll"] = ratio(median(served), median(theirs))
    else:
        out["recollq_skipped"] = "recoll unavailable"
    return out


def _timed_search(base: list[str], query: str, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(base + ["search", query, "--json"], capture_output=True, text=True, timeout=120, cwd=REPO,
                          env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"briefing-index search {query!r} failed: {proc.stderr.strip()[-300:]}")
    return seconds, proc.stdout


@contextmanager
def _search_server(base: list[str], runtime_dir: str):
    """A `briefing-index serve` of the library, its socket under `runtime_dir`; yields the environment its
    clients need (None when it did not start within 20 s), and stops it after."""
    env = {**os.environ, "XDG_RUNTIME_DIR": runtime_dir}
    proc = subprocess.Popen(base + ["serve", "--idle", "10"], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        folder = Path(runtime_dir) / "briefing-reader"
        deadline = time.monotonic() + 20
        while not (folder.is_dir() and any(folder.glob("search-*.sock"))) and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        yield env if proc.poll() is None and any(folder.glob("search-*.sock")) else None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# -- article open --------------------------------------------------------------------------------
def bench_open(library: Path, work: Path) -> dict:
    """Add one 5,000-word article to `library` and time opening it fully highlighted."""
    from indexer.library import Library

    folder = work / "long-article"
    folder.mkdir(exist_ok=True)
    art = synth.article(9_999_999, words=OPEN_WORDS)
    (folder / "long-article.txt").write_text(art.as_text(), encoding="utf-8")
    with Library(library) as lib:
        report = lib.add([folder])
    if not report.added:
        return skip(f"the 5,000-word article was not imported: {report.to_json()}")
    result, _wall = worker("open", str(library), report.added[0].id, OPEN_QUERY)
    result["target_ms"] = TARGETS["open_article"][1]
    return result


# -- 100k and GUI --------------------------------------------------------------------------------
def fts_for(library: Path, articles: int) -> Path:
    """The FTS5 peer database for a cached synthetic library (rebuilt when the article count changes)."""
    db = library.with_name(library.name + f".fts5-v2-{articles}.sqlite3")
    if not db.exists():
        for old in library.parent.glob(library.name + ".fts5-*.sqlite3"):
            old.unlink()
        start = time.perf_counter()
        tmp = db.with_suffix(".tmp")
        n = peers.fts5_build(tmp, stored_docs(library))
        tmp.rename(db)
        log(f"FTS5 peer for {library.name}: {n} articles in {time.perf_counter() - start:.0f}s")
    return db


def bench_search_100k(reps: int, profile: bool) -> dict:
    # The largest cached synthetic library: the 100k one, or while it is still growing the 20k one.
    library = max((build.library_dir(n) for n in (build.LARGE, build.SMALL)), key=build.built_count)
    have = build.built_count(library)
    if not have:
        return skip(f"no synthetic library is built yet in {cache_dir()}; run `python -m tests.benchmarks.build`")
    upgrade_index(library)
    figure = bench_search(library, fts_for(library, have), "synth", reps, "search_100k" if profile else "")
    figure["library"] = str(library)
    figure["complete"] = have >= build.LARGE
    if not figure["complete"]:
        figure["note"] = f"library build unfinished: measured at {have} articles, not 100,000"
    return figure


def upgrade_index(library: Path) -> None:
    """Rebuild a cached library's index when an older version wrote it (e.g. before the word pairs), so the
    figures are those of today's index; the articles are not analysed again."""
    from indexer.library import Library

    with Library(library) as lib:
        if lib.index_outdated:
            log(f"upgrading the index of the cached {library.name}: {lib.index_note[:100]}")
            lib.rebuild(reanalyse=False)


def bench_gui(runs: int) -> dict:
    from .gui_bench import cold_start, desktop_missing

    reason = desktop_missing()
    if reason:
        return skip(reason)
    library = build.library_dir(build.SMALL)
    have = build.built_count(library)
    if not have:
        return skip(f"the 20k library is not built yet ({library}); run `python -m tests.benchmarks.build`")
    figure = cold_start(library, runs)
    figure["articles"] = have
    if have < build.SMALL:
        figure["note"] = f"library build unfinished: measured at {have} articles, not 20,000"
    figure["target_s"] = TARGETS["gui_cold_start"][1]
    return figure


def evaluations() -> dict:
    """Quality evaluations other helpers keep next to the suite, when present."""
    out = {}
    for name in EVALUATORS:
        try:
            module = importlib.import_module(f"tests.benchmarks.{name}")
        except ImportError as exc:
            out[name] = {"skipped": f"not present ({exc})"}
            continue
        try:
            out[name] = module.evaluate()
        except Exception as exc:  # an evaluator's failure must not lose the benchmark
            out[name] = {"skipped": f"evaluate() failed: {type(exc).__name__}: {exc}"}
    return out


# -- output --------------------------------------------------------------------------------------
def rss_summary(results: dict) -> dict:
    def rss(key: str):
        return results.get(key, {}).get("rss_mb")

    return {"import_bbc": rss("import_bbc"), "search_bbc": rss("search_bbc"), "search_100k": rss("search_100k"),
            "gui": rss("gui_cold_start"), "gui_target": TARGETS["gui_rss"][1]}


def table(results: dict) -> str:
    rows = [("figure", "ours", "peer", "ratio", "target")]
    imp = results.get("import_bbc", {})
    if "ours_s" in imp:
        rows.append(("import BBC (s)", imp["ours_s"], f"recoll {imp.get('recoll_s', '-')}",
                     imp.get("ratio_vs_recoll", "-"), "<= 1.0"))
        rows.append(("import BBC (s)", imp["ours_s"], f"fts5 {imp['fts5_s']}", imp["ratio_vs_fts5"], ""))
        if "recoll_cpu_s" in imp:
            rows.append(("import BBC CPU (s)", imp["ours_cpu_s"], f"recoll {imp['recoll_cpu_s']}",
                         imp["cpu_ratio_vs_recoll"], ""))
        if imp.get("whoosh_writer_only_cpu_s"):
            rows.append(("Whoosh writer only CPU (s)", imp["whoosh_writer_only_cpu_s"],
                         f"recoll {imp.get('recoll_cpu_s', '-')}", imp.get("whoosh_writer_only_cpu_ratio_vs_recoll", "-"),
                         ""))
    for key in ("search_bbc", "search_100k"):
        s = results.get(key, {})
        if "ours_p95_ms" in s:
            rows.append((f"{key} p95 (ms)", s["ours_p95_ms"], f"fts5 {s.get('fts5_p95_ms')}",
                         s.get("ratio_vs_fts5"), "<= 1.5"))
            rows.append((f"{key} p50 (ms)", s["ours_p50_ms"], f"fts5 {s.get('fts5_p50_ms')}",
                         s.get("ratio_p50_vs_fts5"), ""))
            rows.append((f"{key} CPU p95 (ms)", s.get("ours_cpu_p95_ms"), f"fts5 {s.get('fts5_cpu_p95_ms')}",
                         s.get("cpu_ratio_vs_fts5"), ""))
    wp = results.get("search_bbc", {}).get("whole_process", {})
    if "ours_median_s" in wp:
        rows.append(("search process (s)", wp["ours_median_s"], f"recollq {wp.get('recollq_median_s', '-')}",
                     wp.get("ratio_vs_recoll", "-"), "<= 4"))
        if "served_median_s" in wp:
            rows.append(("  with serve running (s)", wp["served_median_s"], f"recollq {wp.get('recollq_median_s', '-')}",
                         wp.get("served_ratio_vs_recoll", "-"), "<= 4"))
    op = results.get("open_article", {})
    if "p95_ms" in op:
        rows.append(("open 5k words (ms)", f"{op['p50_ms']} / p95 {op['p95_ms']}", "-", "-", "<= 30"))
        pane = op.get("reader_pane", {})
        if "p95_ms" in pane:
            rows.append(("open in reader pane", f"{pane['p50_ms']} / p95 {pane['p95_ms']}", "-", "-", ""))
    gui = results.get("gui_cold_start", {})
    if "median_s" in gui:
        rows.append(("GUI cold start (s)", gui["median_s"], "-", "-", "<= 1.0"))
    for name, mb in results.get("rss_mb", {}).items():
        if mb is not None and name != "gui_target":
            rows.append((f"peak RSS {name} (MB)", mb, "-", "-", "<= 400" if name == "gui" else ""))
    for key in ("import_bbc", "search_bbc", "search_100k"):
        fallbacks = results.get(key, {}).get("speed_fallbacks")
        if fallbacks:
            rows.append((f"{key} fallbacks", ", ".join(f"{k} {n}" for k, n in sorted(fallbacks.items())), "-", "-", "none"))
    for key, value in results.items():
        if isinstance(value, dict) and isinstance(value.get("skipped"), str):
            rows.append((key, "skipped", value["skipped"][:60], "", ""))
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows)


def guarded(name: str, fn: Callable[[], dict]) -> dict:
    log(f"{name}: start")
    try:
        return fn()
    except Exception as exc:  # one failing figure must not lose the others
        return skip(f"{name} failed: {type(exc).__name__}: {exc}")


SECTIONS = ("bbc", "search_bbc", "search_100k", "gui_cold_start", "evaluations")


def bbc_library() -> Path:
    """A cached BBC library for re-running the BBC searches alone (`--only search_bbc`)."""
    return cache_dir() / "bbc-library"


def search_bbc_part(results: dict, quick: bool, profile: bool) -> None:
    """BBC searches, whole-process searches and article open on a copy of the cached BBC library."""
    from indexer.library import Library

    if not (bbc_library() / "library.sqlite3").exists():
        results["search_bbc"] = skip(f"no cached BBC library: run `briefing-index --library {bbc_library()} add {BBC}`")
        return
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        work = Path(tmp)
        library = work / "bbc-library"
        shutil.copytree(bbc_library(), library)
        with Library(library) as lib:
            if lib.count() == 0:
                results["search_bbc"] = skip(f"the cached BBC library {bbc_library()} is empty")
                return
            if lib.index_problem or getattr(lib, "index_outdated", False):  # older schema or analyzer: rebuild the copy
                log(f"rebuilding the cached BBC library's index: {lib.index_problem[:80]}")
                lib.rebuild(reanalyse=False)
        fts_db = work / "bbc-fts5.sqlite3"
        peers.fts5_build(fts_db, stored_docs(library))
        confdir = None
        try:
            peers.ensure_recoll()
            confdir = work / "recoll"
            peers.recoll_index(confdir, BBC)
        except peers.RecollUnavailable as exc:
            log(f"recoll unavailable: {exc}")
            confdir = None
        results["search_bbc"] = guarded("search_bbc", lambda: bench_search(
            library, fts_db, "bbc", 2 if quick else 3, "search_bbc" if profile else ""))
        if "skipped" not in results["search_bbc"]:
            results["search_bbc"]["whole_process"] = guarded(
                "whole-process search", lambda: whole_process_search(library, confdir, bbc_queries()))
        results["open_article"] = guarded("open_article", lambda: bench_open(library, work))


def bbc_part(results: dict, runs: int, quick: bool, profile: bool) -> None:
    """Import, search, whole-process search and article open at BBC scale (one temp folder)."""
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        work = Path(tmp)
        imp, library, fts_db, confdir = bench_import(work, runs)
        results["import_bbc"] = imp
        if library is None:
            results["search_bbc"] = results["open_article"] = skip("no BBC library (import skipped)")
            return
        if profile and (imp.get("ratio_vs_recoll") or 0) > TARGETS["import_bbc"][1]:
            imp["profile"] = guarded("import profile", lambda: {"path": profile_import(work)}).get("path")
        results["search_bbc"] = guarded("search_bbc", lambda: bench_search(
            library, fts_db, "bbc", 2 if quick else 3, "search_bbc" if profile else ""))
        if "skipped" not in results["search_bbc"]:
            results["search_bbc"]["whole_process"] = guarded(
                "whole-process search", lambda: whole_process_search(library, confdir, bbc_queries()))
        results["open_article"] = guarded("open_article", lambda: bench_open(library, work))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Briefing Reader benchmarks against recoll and FTS5.")
    parser.add_argument("--quick", action="store_true", help="BBC-scale part only, one import run (< 3 min)")
    parser.add_argument("--runs", type=int, help="import runs (default 3, quick 1)")
    parser.add_argument("--no-profile", action="store_true", help="skip cProfile captures of missed targets")
    parser.add_argument("--only", default="", help=f"comma-separated parts to re-run into the existing "
                        f"benchmarks.json: {', '.join(SECTIONS)}")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks.json")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    profile = not args.no_profile and not args.quick
    only = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = only - set(SECTIONS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    wanted = only or ({"bbc"} if args.quick else set(SECTIONS) - {"search_bbc"})  # bbc includes the searches
    results: dict = {}
    if only and args.output.exists():
        results = json.loads(args.output.read_text(encoding="utf-8"))
    results["machine"] = machine_info()
    results["machine"]["bytecode"] = compile_sources()
    results["mode"] = "quick" if args.quick else "full"
    if "bbc" in wanted:
        bbc_part(results, runs, args.quick, profile)
    if "search_bbc" in wanted:
        search_bbc_part(results, args.quick, profile)
    if args.quick:
        results["search_100k"] = {"skipped": "--quick runs the BBC-scale part only"}
        results["gui_cold_start"] = {"skipped": "--quick runs the BBC-scale part only"}
    if "search_100k" in wanted:
        results["search_100k"] = guarded("search_100k", lambda: bench_search_100k(2, profile))
    if "gui_cold_start" in wanted:
        results["gui_cold_start"] = guarded("gui_cold_start", lambda: bench_gui(3))
    if "evaluations" in wanted:
        results["evaluations"] = guarded("evaluations", evaluations)
    results["rss_mb"] = rss_summary(results)
    results["cache"] = str(cache_dir())
    args.output.write_text(json.dumps(results, indent=2, sort_keys=False), encoding="utf-8")
    print(table(results))
    print(f"\nwritten: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
