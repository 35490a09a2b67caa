"""Issue 8.1: SIGKILL `briefing-index add` at random moments; the library must survive intact."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from indexer import ingest
from indexer.library import Library

from .conftest import REPO, SOAK, cli_cmd, cli_env, cli_json, run_cli, trials, write_articles

N_ARTICLES = 200


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """200 articles and what the cleaner makes of each (the text a complete article must have)."""
    folder = tmp_path_factory.mktemp("crash-source")
    articles = write_articles(folder, N_ARTICLES, seed=11)
    expected = {}
    for art in articles:
        doc = ingest.prepare(art.path)
        expected[str(art.path)] = (doc.title, doc.text, art.marker)
    return folder, expected


@pytest.fixture(scope="module")
def calibrated(source, tmp_path_factory) -> tuple[Path, float]:
    """A complete library, and how long its import took here (so kills land inside an import anywhere)."""
    folder, _expected = source
    library = tmp_path_factory.mktemp("calibrate") / "library"
    started = time.monotonic()
    report = cli_json(library, "add", str(folder))
    assert len(report["added"]) == N_ARTICLES
    return library, time.monotonic() - started


@pytest.fixture(scope="module")
def import_seconds(calibrated) -> float:
    return calibrated[1]


def _assert_consistent(library: Path, expected: dict, via_cli: bool = True) -> int:
    """Open the library and check every stored article is whole and searchable; returns the count."""
    if via_cli:
        listed = cli_json(library, "list")
    else:
        with Library(library) as lib:
            listed = [{"id": a.id, "path": a.path} for a in lib.articles()]
    ids = [row["id"] for row in listed]
    paths = [row["path"] for row in listed]
    assert len(ids) == len(set(ids)), "an article id is listed twice"
    assert len(paths) == len(set(paths)), "a source file was imported twice"
    with Library(library) as lib:
        assert lib.index_problem == "", lib.index_problem
        assert lib.count() == len(ids)
        for row in listed:
            title, text, marker = expected[row["path"]]
            article = lib.article(row["id"])
            assert article.title == title and article.text == text, f"half-written article {row['path']}"
            hits = lib.search(marker).hits
            assert [h.id for h in hits] == [row["id"]], f"{marker}: search does not find exactly its article"
        stored = set(ids)
        for title, _text, marker in list(expected.values())[:: max(1, len(expected) // 20)]:
            for hit in lib.search(marker).hits:
                assert hit.id in stored, "search found an article the store does not have"
        assert lib.lock.try_acquire(), "the dead writer's lock was not cleared"
        lib.lock.release()
    return len(ids)


def _assert_complete(library: Path, expected: dict) -> None:
    assert _assert_consistent(library, expected, via_cli=False) == N_ARTICLES


def _kill_import_after(library: Path, folder: Path, delay: float) -> bool:
    """Start an import and SIGKILL it after `delay` seconds; True if it was still running.

    Worker processes the import started must not outlive it (orphans would keep using the machine).
    """
    proc = subprocess.Popen(
        cli_cmd(library, "add", str(folder), "--json"),
        cwd=REPO, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        try:
            children = psutil.Process(proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _gone, alive = psutil.wait_procs(children, timeout=10)
        for orphan in alive:  # clean up what we started before failing
            orphan.kill()
        assert not alive, f"{len(alive)} worker processes outlived the killed import"
        return True


def _rerun_import(library: Path, folder: Path) -> None:
    start = time.monotonic()
    proc = run_cli(library, "add", str(folder), "--json", "--wait", "0")
    assert proc.returncode == 0, f"re-import failed: {proc.stderr}"
    assert "waiting" not in proc.stderr.lower()
    assert time.monotonic() - start < 60


def test_sigkill_at_random_moments(tmp_path, source, import_seconds):
    folder, expected = source
    rng = random.Random(20261123)
    n = trials(2, 30)
    killed = 0
    for trial in range(n):
        library = tmp_path / f"lib{trial}"
        delay = rng.uniform(0.05, 0.85) * import_seconds
        killed += _kill_import_after(library, folder, delay)
        _assert_consistent(library, expected)
        assert run_cli(library, "search", "report").returncode == 0
        _rerun_import(library, folder)
        _assert_complete(library, expected)
    print(f"crash-import: {n} trials, {killed} killed mid-import")
    assert killed >= (1 if not SOAK else n // 3), "too few kills landed inside the import"


_CRASH_AT = textwrap.dedent(
    """
    import os, signal, sys
    from indexer import importer, index, library, store
    point = sys.argv[1]
    def die(*a, **k):
        os.kill(os.getpid(), signal.SIGKILL)
    if point == "before-store-commit":
        importer._Importer._commit_store = die
    elif point == "before-index-commit":
        index.IndexWriter.commit = die
    elif point == "before-mark-indexed":
        store.ArticleStore.mark_indexed = die
    elif point == "before-actors-save":
        library.Library.actors_engine.fget  # exists
        orig = importer._Importer.finish
        def finish(self):
            self.lib.actors_engine.save = die
            orig(self)
        importer._Importer.finish = finish
    from indexer.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


CRASH_POINTS = ["before-store-commit", "before-index-commit", "before-mark-indexed", "before-actors-save"]


@pytest.mark.parametrize("point", CRASH_POINTS if SOAK else CRASH_POINTS[1:3])
def test_sigkill_at_each_commit_step(tmp_path, source, point):
    """Deterministic crash points between the store commit, the index commit and the indexed flag."""
    folder, expected = source
    library = tmp_path / "lib"
    small = tmp_path / "small"
    small.mkdir()
    for path in sorted(folder.iterdir())[:40]:
        (small / path.name).write_bytes(path.read_bytes())
    expected_small = {}
    for path in small.iterdir():
        doc = ingest.prepare(path)
        marker = expected[str(folder / path.name)][2]
        expected_small[str(path)] = (doc.title, doc.text, marker)
    proc = subprocess.run(
        [sys.executable, "-c", _CRASH_AT, point, "--library", str(library), "add", str(small), "--json"],
        cwd=REPO, env=cli_env(), capture_output=True, timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    _assert_consistent(library, expected_small)
    proc = run_cli(library, "add", str(small), "--json", "--wait", "0")
    assert proc.returncode == 0, proc.stderr
    assert _assert_consistent(library, expected_small, via_cli=False) == 40


def test_sigkill_during_rebuild(tmp_path, source, calibrated):
    """A killed `rebuild` leaves a library that repairs itself or says to rebuild; rebuilding again completes."""
    _folder, expected = source
    complete, _seconds = calibrated
    rng = random.Random(77)
    started = time.monotonic()
    scratch = tmp_path / "timing"
    shutil.copytree(complete, scratch)
    assert run_cli(scratch, "rebuild").returncode == 0
    rebuild_seconds = time.monotonic() - started
    for trial in range(trials(1, 10)):
        library = tmp_path / f"lib{trial}"
        shutil.copytree(complete, library)
        proc = subprocess.Popen(cli_cmd(library, "rebuild"), cwd=REPO, env=cli_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=rng.uniform(0.1, 0.9) * rebuild_seconds)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert len(cli_json(library, "list")) == N_ARTICLES, "a killed rebuild lost articles"
        with Library(library) as lib:
            problem = lib.index_problem
        if problem:
            assert "rebuild" in problem.lower()
            proc = run_cli(library, "search", "report")
            assert proc.returncode == 1 and "rebuild" in proc.stderr.lower() and "Traceback" not in proc.stderr
        assert run_cli(library, "rebuild").returncode == 0
        _assert_complete(library, expected)


def _wait_until_idle(children: list, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Return once the workers stop using CPU while `proc` still runs; skip if the import ends first."""
    def cpu() -> float:
        total = 0.0
        for child in children:
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    deadline = time.monotonic() + timeout
    last, still = cpu(), 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        now = cpu()
        still = still + 1 if now == last else 0
        last = now
        if still >= 4:
            return
    if proc.poll() is not None:
        pytest.skip("the import finished before its workers were seen idle")


def test_killed_import_leaves_no_worker_processes(tmp_path, source):
    folder, _expected = source
    proc = subprocess.Popen(cli_cmd(tmp_path / "lib", "add", str(folder), "--json"), cwd=REPO, env=cli_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    children = []
    while time.monotonic() < deadline and proc.poll() is None and not children:
        children = parent.children(recursive=True)
        time.sleep(0.05)
    if not children:
        proc.wait(timeout=120)
        pytest.skip("this import started no worker processes (one core, or too few files)")
    children = parent.children(recursive=True)
    _wait_until_idle(children, proc)  # workers done with their share, the import still writing
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _gone, alive = psutil.wait_procs(children, timeout=10)
    for orphan in alive:  # clean up what we started before failing
        orphan.kill()
    assert not alive, f"{len(alive)} worker processes outlived the killed import"
