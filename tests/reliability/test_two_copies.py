"""Issue 8.4: two writers at once (CLI + CLI, GUI + CLI): one writes, the other waits or fails clearly;
readers keep working during a write; nothing is duplicated or lost."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import pytest

from indexer.library import Library

from .conftest import REPO, SOAK, cli_cmd, cli_env, cli_json, run_cli, trials, write_articles

N_A = 200 if SOAK else 150  # the long-running writer: long enough for a second process to start meanwhile


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("two-copies")
    a = write_articles(root / "a", N_A, seed=31)
    b = write_articles(root / "b", 40, seed=32)
    return root / "a", root / "b", a + b


def _start_add(library: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        cli_cmd(library, "add", *args, "--json"), cwd=REPO, env=cli_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for_writer(library: Path, proc: subprocess.Popen, timeout: float = 30) -> None:
    """Block until `proc` holds the library's write lock (its pid is in write.lock)."""
    lock = library / "write.lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text(errors="replace").strip() == str(proc.pid):
            return
        assert proc.poll() is None, "the writer finished before it was seen holding the lock"
        time.sleep(0.02)
    raise AssertionError("the writer never took the lock")


def _assert_library(library: Path, articles) -> None:
    """Every article exactly once, each findable by its unique marker."""
    listed = cli_json(library, "list")
    paths = [row["path"] for row in listed]
    assert len(paths) == len(set(paths)), "an article was imported twice"
    assert sorted(paths) == sorted(str(a.path) for a in articles), "articles missing or extra"
    with Library(library) as lib:
        assert lib.index_problem == ""
        for art in articles:
            hits = lib.search(art.marker).hits
            assert len(hits) == 1 and hits[0].title == art.title, art.marker


def test_two_cli_imports_one_waits(tmp_path, folders):
    a, b, articles = folders
    library = tmp_path / "library"
    first = _start_add(library, str(a))
    _wait_for_writer(library, first)
    second = _start_add(library, str(a), str(b), "--wait", "120")
    out1, err1 = first.communicate(timeout=120)
    out2, err2 = second.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    assert "waiting" in err2.lower(), f"the second import did not say it waits: {err2!r}"
    assert "Traceback" not in err1 + err2
    _assert_library(library, articles)


def test_second_cli_import_without_wait_fails_clearly(tmp_path, folders):
    a, b, articles = folders
    library = tmp_path / "library"
    first = _start_add(library, str(a))
    _wait_for_writer(library, first)
    proc = run_cli(library, "add", str(b), "--json", "--wait", "0")
    first.communicate(timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "another" in proc.stderr.lower() and "Traceback" not in proc.stderr
    assert first.returncode == 0
    assert run_cli(library, "add", str(b), "--json", "--wait", "0").returncode == 0
    _assert_library(library, articles)


def test_readers_keep_working_during_a_write(tmp_path, folders):
    a, b, articles = folders
    library = tmp_path / "library"
    old = articles[N_A:]  # folder b, imported first
    assert run_cli(library, "add", str(b), "--json").returncode == 0
    reader = Library(library)
    errors: list[BaseException] = []
    searches = [0]
    stop = threading.Event()

    def read_loop():
        try:
            with Library(library) as lib:  # its own connection and searcher, in this thread
                while not stop.is_set():
                    art = old[searches[0] % len(old)]
                    assert len(lib.search(art.marker).hits) == 1
                    searches[0] += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=read_loop)
    writer = _start_add(library, str(a))
    _wait_for_writer(library, writer)
    thread.start()
    cli_searches = 0
    try:
        while writer.poll() is None and cli_searches < trials(2, 10):
            proc = run_cli(library, "search", old[cli_searches].marker, "--json")
            assert proc.returncode == 0, f"a CLI search during an import failed: {proc.stderr}"
            cli_searches += 1
            assert len(reader.search(old[0].marker).hits) == 1
            assert reader.article(reader.search(old[1].marker).hits[0].id).text
    finally:
        writer.communicate(timeout=120)
        stop.set()
        thread.join(timeout=60)
        reader.close()
    assert not errors, errors
    assert searches[0] > 0 and cli_searches > 0
    assert writer.returncode == 0
    _assert_library(library, articles)


def test_gui_and_cli_import_together(tmp_path, folders, qtbot):
    pytest.importorskip("PySide6")
    try:
        from desktop.app import create_main_window
    except ImportError as exc:  # pragma: no cover - desktop not landed
        pytest.skip(f"desktop app not available: {exc}")
    a, b, articles = folders
    library = tmp_path / "library"
    old = articles[N_A:]
    with Library(library) as lib:
        lib.add([b])
    window = create_main_window(library, tmp_path / "settings.ini", offer_recovery=False)
    qtbot.addWidget(window)
    try:
        writer = _start_add(library, str(a))
        _wait_for_writer(library, writer)
        result = window.run_search(old[0].marker)
        assert result is not None and len(result.hits) == 1, "the GUI could not search during a CLI import"
        with qtbot.waitSignal(window.importFailed, timeout=60000) as blocker:
            assert window.import_paths([str(a)])
        message = blocker.args[0]
        assert "another" in message.lower(), message
        writer.communicate(timeout=120)
        assert writer.returncode == 0
        with qtbot.waitSignal(window.importFinished, timeout=60000):
            window.import_paths([str(a)])
        result = window.run_search(articles[0].marker)
        assert result is not None and len(result.hits) == 1
    finally:
        window.runner.wait(60000)
        window.close()
        window.library.close()
    _assert_library(library, articles)


def test_cli_import_while_the_gui_imports(tmp_path, folders, qtbot):
    pytest.importorskip("PySide6")
    try:
        from desktop.app import create_main_window
    except ImportError as exc:  # pragma: no cover - desktop not landed
        pytest.skip(f"desktop app not available: {exc}")
    import os

    a, b, articles = folders
    library = tmp_path / "library"
    window = create_main_window(library, tmp_path / "settings.ini", offer_recovery=False)
    qtbot.addWidget(window)
    lock = library / "write.lock"
    try:
        with qtbot.waitSignal(window.importFinished, timeout=120000):
            assert window.import_paths([str(a)])
            qtbot.waitUntil(lambda: lock.exists() and lock.read_text().strip() == str(os.getpid()), timeout=30000)
            proc = run_cli(library, "add", str(b), "--json", "--wait", "0")
            assert proc.returncode == 1 and "another" in proc.stderr.lower(), proc.stderr
            assert "Traceback" not in proc.stderr
        waited = run_cli(library, "add", str(b), "--json", "--wait", "30")
        assert waited.returncode == 0, waited.stderr
        window._after_write()
        result = window.run_search(articles[-1].marker)
        assert result is not None and len(result.hits) == 1
    finally:
        window.runner.wait(60000)
        window.close()
        window.library.close()
    _assert_library(library, articles)
