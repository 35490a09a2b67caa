"""Issue 8.2: kill the process saving a briefing; the file is always the old or the new complete version,
and the recovery file brings back the unsaved edits."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from indexer.briefing.model import Briefing, Note
from indexer.briefing.store import RecoveryFile, briefing_to_dict, load_briefing, save_briefing

from .conftest import REPO, cli_env, trials

# The child loads the saved briefing, makes edits, autosaves them to the recovery file (as the GUI
# does), then saves; os.replace on the briefing itself announces READY and blocks until killed.
_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from indexer.briefing.model import Note
    from indexer.briefing.store import RecoveryFile, load_briefing, save_briefing

    path, mode, edits = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    briefing = load_briefing(path)
    section = briefing.sections[0]
    for n in range(edits):
        briefing.add_item(section.id, Note(f"unsaved edit {n} " + "word " * 200))
    briefing.set_title(briefing.title + " (edited)")
    RecoveryFile(path).write(briefing)
    real_replace = os.replace

    def replace(src, dst, *a, **k):
        if Path(dst) == path and mode == "before-replace":
            print("READY", flush=True)
            time.sleep(600)
        real_replace(src, dst, *a, **k)
        if Path(dst) == path and mode == "after-replace":
            print("READY", flush=True)
            time.sleep(600)

    os.replace = replace
    if mode == "loop":
        print("READY", flush=True)
        while True:
            briefing.set_title(briefing.title[:40] + " loop")
            save_briefing(briefing, path)
    save_briefing(briefing, path)
    """
)


def _old_briefing(path, rng: random.Random) -> dict:
    briefing = Briefing(title=f"Old briefing {rng.randint(0, 10**6)}")
    section = briefing.add_section("Findings")
    for n in range(rng.randint(1, 30)):
        briefing.add_item(section.id, Note(f"saved note {n} " + "text " * rng.randint(10, 400)))
    save_briefing(briefing, path)
    return briefing_to_dict(load_briefing(path))


def _run_child(path, mode: str, edits: int, delay: float = 0.0) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), mode, str(edits)],
        cwd=REPO, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "READY", proc.stderr.read()
        if delay:
            time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


def _assert_old_or_new(path, old: dict) -> str:
    """The briefing file is a complete old or new version; returns which."""
    now = briefing_to_dict(load_briefing(path))
    if now == old:
        return "old"
    assert now["title"].startswith(old["title"] + " (edited)"), "the file is neither the old nor the new version"
    assert len(now["sections"][0]["items"]) > len(old["sections"][0]["items"])
    return "new"


@pytest.mark.parametrize("mode,want", [("before-replace", "old"), ("after-replace", "new")])
def test_kill_between_write_and_replace(tmp_path, mode, want):
    rng = random.Random(len(mode) * 7919)
    for trial in range(trials(3, 30)):
        path = tmp_path / f"t{trial}.briefing.json"
        old = _old_briefing(path, rng)
        edits = rng.randint(1, 5)
        _run_child(path, mode, edits)
        assert _assert_old_or_new(path, old) == want
        recovered = RecoveryFile(path).load()
        texts = [item.text for item in recovered.sections[0].items]
        assert all(any(t.startswith(f"unsaved edit {n} ") for t in texts) for n in range(edits)), "edits lost"
        if want == "old":
            assert RecoveryFile(path).is_newer_than_saved(), "the GUI would not offer the unsaved edits back"
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{path.name}.")]
        assert len(leftovers) <= 1  # at most the one temp file the killed save was writing


def test_kill_at_random_moments_while_saving(tmp_path):
    """Save in a tight loop and SIGKILL at random instants: every observation is a complete version."""
    rng = random.Random(8)
    seen = {"old": 0, "new": 0}
    for trial in range(trials(3, 30)):
        path = tmp_path / f"loop{trial}.briefing.json"
        old = _old_briefing(path, rng)
        _run_child(path, "loop", 2, delay=rng.uniform(0.0, 0.3))
        seen[_assert_old_or_new(path, old)] += 1
        json.loads(path.read_text(encoding="utf-8"))
    assert sum(seen.values()) == trials(3, 30)


_GUI_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from desktop.app import create_main_window, ensure_app
    library, settings, path = (Path(a) for a in sys.argv[1:4])
    linger = float(sys.argv[4])
    app = ensure_app()
    window = create_main_window(library, settings, offer_recovery=False)
    panel = window.briefing
    panel.add_note("saved GUI note")
    assert panel.save_as(path)
    panel.add_note("unsaved GUI edit guimarker")
    deadline = time.monotonic() + 30
    folder = library / "briefings"
    while time.monotonic() < deadline:  # let the autosave timer fire on its own
        app.processEvents()
        if folder.is_dir() and any("guimarker" in p.read_text(errors="replace") for p in folder.iterdir()):
            end = time.monotonic() + linger  # the app keeps running a while before it dies
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.01)
            print("READY", flush=True)
            break
        time.sleep(0.05)
    time.sleep(600)
    """
)


def _gui_crash_and_restart(tmp_path, qtbot, linger: float) -> None:
    pytest.importorskip("PySide6")
    try:
        from desktop.app import create_main_window
    except ImportError as exc:  # pragma: no cover - desktop not landed
        pytest.skip(f"desktop app not available: {exc}")
    library, settings, path = tmp_path / "library", tmp_path / "settings.ini", tmp_path / "g.briefing.json"
    env = cli_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.Popen([sys.executable, "-c", _GUI_CHILD, str(library), str(settings), str(path), str(linger)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert line.strip() == "READY", f"the GUI never autosaved: {err[-2000:]}"
    saved = path.read_text(encoding="utf-8")
    assert "saved GUI note" in saved and "guimarker" not in saved
    asked = []
    window = create_main_window(library, settings, offer_recovery=True,
                                ask_recover=lambda *args: asked.append(args) or True)
    qtbot.addWidget(window)
    try:
        assert asked, "the GUI did not offer the autosaved edits back"
        notes = [item.text for s in window.briefing.briefing.sections for item in s.items]
        assert any("guimarker" in t for t in notes), notes
        assert any("saved GUI note" in t for t in notes), notes
    finally:
        window.close()
        window.library.close()


def test_gui_autosave_brings_back_edits_after_a_kill(tmp_path, qtbot):
    """The app autosaves, runs on for a second, then is killed: the edits come back on restart."""
    _gui_crash_and_restart(tmp_path, qtbot, linger=1.0)


def test_gui_autosave_survives_a_kill_right_after_it(tmp_path, qtbot):
    _gui_crash_and_restart(tmp_path, qtbot, linger=0.0)
