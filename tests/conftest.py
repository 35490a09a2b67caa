"""Test-wide setup: headless Qt, and no test ever touches the real user folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="briefing-reader-tests-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[var] = str(_SANDBOX / var.lower())
os.environ["BRIEFING_READER_HOME"] = str(_SANDBOX / "library")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_corpus() -> Path:
    """../shared/corpus, or skip with the reason."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"shared corpus not found at {corpus} (tests that read real articles need ../shared beside the repo)")
    return corpus


@pytest.fixture
def library_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, empty library folder, also set as BRIEFING_READER_HOME."""
    path = tmp_path / "library"
    monkeypatch.setenv("BRIEFING_READER_HOME", str(path))
    return path
