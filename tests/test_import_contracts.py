"""The layering contracts in pyproject.toml ([tool.importlinter]) hold, and would catch a breach."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import REPO

LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def lint(folder):
    proc = subprocess.run([sys.executable, "-c", LINT], cwd=folder, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def test_the_code_keeps_the_layering_contracts():
    code, out = lint(REPO)
    assert code == 0, out
    assert "5 kept, 0 broken" in out


# A miniature of the project: the same pyproject contracts, modules importing as ours do.
MINIATURE = {
    "indexer/__init__.py": "",
    "indexer/model.py": "",
    "indexer/cli.py": "from indexer import library\n",
    "indexer/library.py": "from indexer.search import engine, whoosh_engine\n",
    "indexer/index.py": "from indexer.search import whoosh_engine\n",
    "indexer/search/__init__.py": "",
    "indexer/search/engine.py": "from indexer.search import analysis\n",
    "indexer/search/analysis.py": "",
    "indexer/search/whoosh_engine.py": "import whoosh\nfrom indexer.search import _whoosh_segment, _whoosh_speed, engine\n",
    "indexer/search/_whoosh_speed.py": "import whoosh.matching\n",
    "indexer/search/_whoosh_segment.py": "from indexer.search import _whoosh_speed\nimport whoosh.writing\n",
    "indexer/pg_store.py": "import psycopg\nfrom psycopg.conninfo import conninfo_to_dict\n",
    "indexer/search/pg_engine.py": "import psycopg\nfrom indexer import pg_store\n",
    "indexer/engines.py": "from indexer import pg_store\nfrom indexer.search import pg_engine\n",
    "indexer/ingest/__init__.py": "from indexer import model\n",
    "indexer/briefing/__init__.py": "from indexer import model\n",
    "indexer/briefing/cli.py": "from indexer import cli\n",
    "desktop/__init__.py": "import PySide6\nfrom indexer import library\n",
}


@pytest.fixture
def miniature(tmp_path):
    for name, text in MINIATURE.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_miniature_keeps_the_contracts(miniature):
    code, out = lint(miniature)
    assert code == 0, out


@pytest.mark.parametrize("module, line, contract", [
    ("indexer/library.py", "import desktop", "The core never imports Qt or the GUI"),
    ("indexer/model.py", "from PySide6 import QtCore", "The core never imports Qt or the GUI"),
    ("indexer/search/engine.py", "import whoosh.query", "import whoosh"),
    ("indexer/search/analysis.py", "from whoosh.lang.porter import stem", "import whoosh"),
    ("indexer/library.py", "from whoosh import index", "import whoosh"),
    ("indexer/library.py", "import psycopg", "import psycopg"),
    ("indexer/engines.py", "from psycopg import errors", "import psycopg"),
    ("indexer/search/engine.py", "import psycopg_pool", "import psycopg"),
    ("desktop/__init__.py", "import psycopg", "import psycopg"),
    ("indexer/ingest/__init__.py", "from indexer.search import engine", "Ingest does not know the index"),
    ("indexer/ingest/__init__.py", "import indexer.index", "Ingest does not know the index"),
    ("indexer/briefing/__init__.py", "from indexer import library", "Briefing does not know the engine"),
])
def test_a_breach_of_each_rule_is_caught(miniature, module, line, contract):
    path = miniature / module
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    code, out = lint(miniature)
    assert code == 1, out
    assert "BROKEN" in out and contract in out.replace("\n", " ")
