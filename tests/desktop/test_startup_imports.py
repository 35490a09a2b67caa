"""The app's start-up loads no code it does not need before the first paint (issue 19: GUI cold start and
memory): the actors package (its Aho-Corasick automaton, rapidfuzz, transliteration) loads when actors are
first asked for, never when the window opens. A commands module that imported it at the top cost 5 MB."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO

_CHILD = """
import json, os, sys, tempfile
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from desktop.app import create_main_window, ensure_app
app = ensure_app()
with tempfile.TemporaryDirectory() as tmp:
    window = create_main_window(sys.argv[1], Path(tmp) / "settings.json", offer_recovery=False)
    window.show()
    app.processEvents()
    print(json.dumps(sorted(m for m in sys.modules if m.startswith(("indexer.actors", "rapidfuzz", "ahocorasick")))))
"""


def test_opening_the_window_loads_no_actor_analysis(tmp_path):
    from indexer.library import Library

    Library(tmp_path / "lib").close()  # an empty library: no import, no demo
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path / "lib")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
