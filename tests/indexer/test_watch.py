"""The watched inbox: `ready_batches` and `briefing-index watch` pick up dropped and changed files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.ingest.watch import ready_batches

from .sources_fixtures import make_email

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(60)
NOTE = "Harbour note\n\nNegotiators met again on Thursday to settle the dispute over fishing rights, officials said.\n"


def test_dropped_files_come_once_they_have_settled(tmp_path):
    (tmp_path / "old.txt").write_text(NOTE)
    steps = iter([
        lambda: (tmp_path / "new.txt").write_text(NOTE),  # dropped: seen, not yet settled
        lambda: None,  # settled: yielded
        lambda: (tmp_path / "new.txt").write_text(NOTE + "More.\n"),  # changed
        lambda: None,
        lambda: (tmp_path / "photo.png").write_bytes(b"\x89PNG"),  # not a supported type: never yielded
        lambda: None,
    ])
    remaining = [6]

    def sleep(_seconds):
        next(steps)()
        remaining[0] -= 1
        time.sleep(0.01)  # a different modification time for the changed file

    batches = [b for b in ready_batches(tmp_path, interval=0, stop=lambda: remaining[0] <= 0, sleep=sleep) if b]
    names = [[Path(p).name for p in batch] for batch in batches]
    assert names == [["old.txt"], ["new.txt"], ["new.txt"]]


def test_an_empty_folder_yields_nothing_until_a_file_arrives(tmp_path):
    calls = []

    def sleep(_seconds):
        calls.append(1)
        if len(calls) == 1:
            (tmp_path / "a.txt").write_text(NOTE)

    batches = [b for b in ready_batches(tmp_path, interval=0, stop=lambda: len(calls) >= 3, sleep=sleep) if b]
    assert [[Path(p).name for p in b] for b in batches] == [["a.txt"]]


def _watch(library: Path, folder: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "--library", str(library), "watch", str(folder), *args],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_watch_imports_a_dropped_file_within_seconds_and_stops_by_itself(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = _watch(tmp_path / "lib", inbox, "--interval", "0.2", "--stop-after", "6")
    try:
        assert proc.stdout.readline().startswith("Watching")
        staged = tmp_path / "staged.eml"
        staged.write_bytes(make_email("Ferry strike ends").as_bytes())
        dropped = time.monotonic()
        os.replace(staged, inbox / "ferry.eml")
        line = proc.stdout.readline()
        while line and "added" not in line:
            line = proc.stdout.readline()
        assert "Ferry strike ends" in line
        assert time.monotonic() - dropped < 5
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        proc.wait()


def test_watch_refuses_a_missing_folder(tmp_path):
    proc = _watch(tmp_path / "lib", tmp_path / "nope")
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "not a folder" in err and "Traceback" not in err


def test_watch_waits_for_a_busy_library_and_imports_afterwards(tmp_path):
    from indexer.library import Library

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text(NOTE)
    Library(tmp_path / "lib").close()  # created before the other writer holds its lock
    with Library(tmp_path / "lib") as lib:
        lib.lock.acquire(timeout=5)  # another writer
        proc = _watch(tmp_path / "lib", inbox, "--interval", "0.2", "--stop-after", "8")
        try:
            assert proc.stdout.readline().startswith("Watching")
            assert "Another process is writing" in proc.stderr.readline()
        finally:
            lib.lock.release()
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Harbour note" in out
