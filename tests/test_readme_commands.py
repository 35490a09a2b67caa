"""The README's `briefing-index` examples work when copied, and what the README says they produce is true.

Every ```sh block made only of `briefing-index` commands runs as written (in bash, `set -e`) against a temporary
library, from a folder where `resources/` is the checkout's. The exported briefing must then equal the one the
README shows, and the demo corpus counts it quotes must match an import.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


def _fenced(text: str, language: str, fence: str = "```") -> list[str]:
    pattern = re.compile(rf"^{fence}{language}\n(.*?)^{fence}$", re.MULTILINE | re.DOTALL)
    return [m.group(1) for m in pattern.finditer(text)]


def _commands(block: str) -> list[str]:
    """The block's commands: continuation lines joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def cli_blocks(text: str) -> list[str]:
    """The ```sh blocks whose every command is a `briefing-index` command."""
    return [b for b in _fenced(text, "sh") if _commands(b) and all(c.startswith("briefing-index ") for c in _commands(b))]


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ran(readme, tmp_path_factory):
    """Run every README CLI block in one fresh folder and library; returns (folder, outputs)."""
    work = tmp_path_factory.mktemp("readme")
    (work / "resources").symlink_to(REPO / "resources", target_is_directory=True)
    bin_dir = work / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "briefing-index"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m indexer.cli "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONPATH=str(REPO), BRIEFING_READER_HOME=str(work / "library"))
    blocks = cli_blocks(readme)
    assert blocks, "the README has no briefing-index example block"
    outputs = []
    for block in blocks:
        proc = subprocess.run(["bash", "-e", "-c", block], cwd=work, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, f"a README example failed ({proc.returncode}):\n{block}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr
        outputs.append(proc.stdout)
    return work, env, outputs


def test_only_blocks_of_briefing_index_commands_are_run():
    sample = "```sh\nbriefing-index add a \\\n    b   # two\n# a comment\nbriefing-index list\n```\n```sh\nmake run\n```\n"
    assert cli_blocks(sample) == ["briefing-index add a \\\n    b   # two\n# a comment\nbriefing-index list\n"]
    assert _commands(cli_blocks(sample)[0]) == ["briefing-index add a  b   # two", "briefing-index list"]


def test_readme_cli_examples_run(ran):
    _work, _env, outputs = ran
    assert any("Exported" in out for out in outputs)


def test_exported_briefing_is_the_one_the_readme_shows(ran, readme):
    work, _env, _outputs = ran
    shown = _fenced(readme, "markdown", "````")
    assert len(shown) == 1, "the README should show one exported briefing"
    exported = (work / "talks.md").read_text(encoding="utf-8")

    def normal(text: str) -> str:
        text = re.sub(r"Prepared \d{4}-\d{2}-\d{2}", "Prepared DATE", text)
        return re.sub(r"\S*?(resources/demo/)", r"\1", text).strip()  # the README shortens file paths

    assert normal(exported) == normal(shown[0])


def test_demo_corpus_counts_in_the_readme_are_true(ran, readme):
    work, env, _outputs = ran
    from indexer.paths import demo_articles

    claim = re.search(r"(\d+) of its (\d+) files import as articles", readme)
    assert claim, "the README no longer says how many demo files import"
    listed = subprocess.run(["briefing-index", "list", "--json"], cwd=work, env=env, capture_output=True, text=True,
                            timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert int(claim.group(1)) == len(json.loads(listed.stdout))
    assert int(claim.group(2)) == len(demo_articles())
    comment = re.search(r"# the demo corpus: (\d+) articles, (\d+) duplicates", readme)
    assert comment and int(comment.group(1)) == int(claim.group(1))
    assert int(comment.group(2)) == len(demo_articles()) - int(claim.group(1))


def test_bash_is_available():
    assert shutil.which("bash"), "the README examples are run with bash"
