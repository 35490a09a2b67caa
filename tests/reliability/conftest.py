"""Shared helpers for the reliability tests: trial counts, article generators, CLI runners.

Fast versions run in `make test`; `make soak` sets BRIEFING_READER_SOAK=1 and the
same tests run their full trial counts.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOAK = os.environ.get("BRIEFING_READER_SOAK", "") not in ("", "0")

_CONSONANTS = "bcdfghjklmnprstvz"
_VOWELS = "aeiou"


def trials(fast: int, soak: int = 30) -> int:
    """How many trials to run: `fast` in make test, `soak` under make soak."""
    return soak if SOAK else fast


def make_word(rng: random.Random) -> str:
    return "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4)))


def vocabulary(seed: int = 7, size: int = 2000) -> list[str]:
    rng = random.Random(seed)
    return sorted({make_word(rng) for _ in range(size)})


@dataclass(frozen=True)
class GeneratedArticle:
    path: Path
    title: str
    marker: str  # a word that occurs in this article only
    body: str


def write_articles(folder: Path, count: int, seed: int = 1, marker_sentence: str = "") -> list[GeneratedArticle]:
    """Write `count` distinct small .txt articles (title line, blank line, paragraphs); deterministic."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words = vocabulary()
    out = []
    for n in range(count):
        marker = f"zqx{seed}k{n}"
        title = f"Report {n} on {rng.choice(words).capitalize()} {rng.choice(words).capitalize()}"
        paragraphs = []
        for p in range(rng.randint(3, 6)):
            sentences = []
            for _ in range(rng.randint(3, 6)):
                sent = " ".join(rng.choice(words) for _ in range(rng.randint(8, 16)))
                sentences.append(sent.capitalize() + ".")
            if p == 1:
                sentences.insert(1, f"The unique tag is {marker}.")
                if marker_sentence:
                    sentences.append(marker_sentence)
            paragraphs.append(" ".join(sentences))
        body = "\n\n".join(paragraphs)
        path = folder / f"article-{n:04d}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        out.append(GeneratedArticle(path, title, marker, body))
    return out


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("BRIEFING_READER_SOAK", None)
    return env


def cli_cmd(library: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "indexer.cli", "--library", str(library), *args]


def run_cli(library: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `briefing-index` in a subprocess; text output, never raises on a non-zero exit."""
    return subprocess.run(
        cli_cmd(library, *args), capture_output=True, text=True, timeout=timeout, cwd=REPO, env=cli_env()
    )


def cli_json(library: Path, *args: str, timeout: float = 120):
    proc = run_cli(library, *args, "--json", timeout=timeout)
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}): {proc.stderr}"
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def assert_clean_failure(proc: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 1 with a message (no traceback) that mentions each of `words` (case-insensitive)."""
    assert proc.returncode == 1, f"expected exit 1, got {proc.returncode}: {proc.stderr}"
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    for word in words:
        assert word.lower() in proc.stderr.lower(), f"{word!r} not in: {proc.stderr}"


@pytest.fixture
def lib_dir(tmp_path) -> Path:
    return tmp_path / "library"
