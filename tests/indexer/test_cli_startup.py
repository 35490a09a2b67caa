"""The `briefing-index search` process (issue 19): what it imports, what it compiles, and how it ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer import cli

REPO = Path(__file__).resolve().parents[2]

# Modules a search has no use for: the store's protocol (type names only), import, reading and cleaning,
# actors, briefings, pictures, the team library, and the parts of Whoosh (and of what it imports) that
# neither opening an index nor searching it needs.
NOT_FOR_A_SEARCH = (
    "indexer.store_protocol", "indexer.importer", "indexer.pipeline", "indexer.ingest", "indexer.actors",
    "indexer.briefing", "indexer.pictures", "indexer.demo", "indexer.pg_store", "indexer.search.pg_engine",
    "psycopg", "urllib.request", "asyncio", "whoosh.writing", "whoosh.qparser", "whoosh.collectors",
    "whoosh.lang.morph_en", "numpy",  # numpy: only for a phrase of thousands of candidates
)


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=60)


def _briefing_index(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=60)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> str:
    from indexer.library import Library

    folder = tmp_path_factory.mktemp("notes")
    (folder / "ferry.txt").write_text("Ferry strike\n\nThe ferry crews stopped work over pay on Monday.\n")
    (folder / "port.txt").write_text("Port reopens\n\nThe harbour master said the port reopens after the strike.\n")
    location = folder.parent / "lib"
    with Library(location) as lib:
        lib.add([folder])
        lib.search("ferry")  # the first search stores the actor name keys
    return str(location)


def test_a_search_loads_none_of_the_modules_it_does_not_need(library):
    code = (
        "import json, sys, io, contextlib\n"
        "from indexer import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    status = cli.main(['--library', sys.argv[1], 'search', 'strike', '--json'])\n"
        "unwanted = json.loads(sys.argv[2])\n"
        "loaded = [m for m in sys.modules if m in unwanted or m.startswith(tuple(u + '.' for u in unwanted))]\n"
        "print(json.dumps([status, json.loads(out.getvalue())['total'], sorted(loaded)]))\n"
    )
    proc = _python(code, library, json.dumps(NOT_FOR_A_SEARCH))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [0, 2, []]


def test_the_library_paths_load_the_import_machinery_only_for_a_team_address():
    """Without site (as in an installed app or a bundle, where no editable-install finder loads it first),
    importing indexer.paths and naming a folder leave importlib.util unloaded."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from indexer import paths\n"
        "paths.team_address('/tmp/some-library')\n"
        "print('importlib.util' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-S", "-c", code, str(REPO)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_importing_the_command_line_compiles_none_of_its_regular_expressions():
    code = (
        "import json, re, sys\n"
        "compiled, compile = [], re.compile\n"
        "def recording(pattern, flags=0):\n"
        "    compiled.append(sys._getframe(1).f_globals.get('__name__'))\n"
        "    return compile(pattern, flags)\n"
        "re.compile = recording\n"
        "import indexer.cli\n"
        "print(json.dumps([name for name in compiled if name == 'indexer.cli']))\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


@pytest.mark.parametrize("value, shown", [
    ("a\x1bb", "a\\x1bb"), ("x\u202ey", "x\\u202ey"), ("tab\there", "tab\\x09here"), ("plain", "plain"),
])
def test_the_terminal_escapes_still_apply_when_compiled_at_first_use(value, shown):
    assert cli.printable(value) == shown
    assert cli.printable("line\nnext\tcell\x07", multiline=True) == "line\nnext\tcell\\x07"
    assert json.loads(cli.json_text({"title": value})) == {"title": value}
    assert "\u202e" not in cli.json_text({"title": "x\u202ey"})
    assert cli.parse_size("20MB") == 20 * 1024**2 and cli.parse_size("1gib") == 1024**3
    assert "briefing-index add -- -notes.txt" in cli._dash_hint(["-notes.txt"])


def test_a_search_process_prints_everything_before_it_ends(library):
    found = _briefing_index("--library", library, "search", "strike", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] == 2  # stdout (a pipe, so buffered) was flushed before the exit
    table = _briefing_index("--library", library, "search", "ferry")
    assert table.returncode == 0 and table.stdout.startswith("1 article(s) match 'ferry'; showing 1.")
    refused = _briefing_index("--library", library, "search", "ferry AND (")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == ("briefing-index: The query 'ferry AND (' has unbalanced brackets. "
                              "Check each ( has its ).\n")


def test_a_read_only_command_leaves_no_thread_exit_handler_or_finalizer_behind(library):
    """What the quick exit would skip: each read-only command must leave nothing that needs the
    interpreter's ordinary exit (a thread to join, an exit handler beyond the log's, a finalizer)."""
    code = (
        "import atexit, io, json, sys, threading, contextlib, weakref\n"
        "from indexer import cli\n"
        "before = atexit._ncallbacks()\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    status = cli.main(['--library', sys.argv[1], *sys.argv[2:]])\n"
        "print(json.dumps([status, threading.active_count(), atexit._ncallbacks() - before,\n"
        "                  len(threading._threading_atexits), len(weakref.finalize._registry)]))\n"
    )
    from indexer.library import Library

    with Library(library) as lib:
        article = lib.search("ferry").hits[0].id
    commands = {"search": ["search", "ferry"], "show": ["show", article], "list": ["list"], "log": ["log"],
                "related": ["related", article], "quotes": ["quotes", "--actor", "harbour master"]}
    assert set(commands) == cli._QUICK_EXIT_COMMANDS
    for name, argv in commands.items():
        proc = _python(code, library, *argv)
        assert proc.returncode == 0, proc.stderr
        status, threads, handlers, thread_handlers, finalizers = json.loads(proc.stdout)
        assert status in (0, 2) and (threads, handlers, thread_handlers, finalizers) == (1, 0, 0, 0), name


def _run(monkeypatch, argv: list[str], status: int = 0, *, running: bool = False) -> list[int]:
    """cli.run() with `argv`, main() answering `status` (and a thread left `running`, or none): the codes it
    gave os._exit, then sys.exit. (This test process may hold threads of its own, so they are not asked.)"""
    exits: list[int] = []
    monkeypatch.setattr(sys, "argv", ["briefing-index", *argv])
    monkeypatch.setattr(cli, "main", lambda: status)
    monkeypatch.setattr(cli, "_nothing_running", lambda: not running)
    monkeypatch.setattr(cli.os, "_exit", exits.append)
    monkeypatch.setattr(cli.logging, "shutdown", lambda: None)  # this test process's log handlers stay open
    with pytest.raises(SystemExit) as ended:
        cli.run()
    return exits + [ended.value.code]


def test_run_ends_a_read_only_command_at_once_and_any_other_the_ordinary_way(monkeypatch):
    assert _run(monkeypatch, ["--library", "/x", "search", "ferry"]) == [0, 0]
    assert _run(monkeypatch, ["show", "abc"], status=1) == [1, 1]
    assert _run(monkeypatch, ["add", "notes.txt"]) == [0]  # a write: the ordinary exit, atexit and all
    assert _run(monkeypatch, ["--help"]) == [0]


class _ClosedPipe:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_run_leaves_a_command_with_a_thread_still_running_to_the_ordinary_exit(monkeypatch):
    import threading

    assert _run(monkeypatch, ["search", "ferry"], running=True) == [0]  # the ordinary exit waits for it
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert not cli._nothing_running()
    finally:
        release.set()
        worker.join()


def test_run_leaves_a_failed_flush_to_the_ordinary_exit(monkeypatch):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert _run(monkeypatch, ["search", "ferry"]) == [0]
