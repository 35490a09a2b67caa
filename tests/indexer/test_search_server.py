"""`briefing-index serve` (issue 19): searches answered by a resident process print what the search itself
prints, reach only this user's server of the same library, and fall back to the search itself on any doubt."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import search_server, served

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not served.supported(), reason="the search server needs Linux (SO_PEERCRED)")


def _env(runtime: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO), "XDG_RUNTIME_DIR": str(runtime)}


def _cli(runtime: Path, *args: str, python_args: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *python_args, "-m", "indexer.cli", *args], capture_output=True, text=True,
                          cwd=REPO, env=_env(runtime), timeout=60)


def _start(runtime: Path, library: str, idle: str = "5", given: str = "") -> subprocess.Popen:
    """A server of `library` (started with the folder named as `given`, if given)."""
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "--library", given or library, "serve", "--idle", idle],
                            cwd=REPO, env=_env(runtime), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sock = _socket(runtime, library)
    deadline = time.monotonic() + 30
    while not search_server._alive(sock):  # listening (a dead server's socket file may be there before)
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    return proc


def _socket(runtime: Path, library: str) -> str:
    return str(runtime / "briefing-reader" / f"search-{served.zlib.crc32(library.encode()):08x}.sock")


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    out, _err = proc.communicate(timeout=20)
    return out


@pytest.fixture()
def library(tmp_path) -> str:
    from indexer.library import Library

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "ferry.txt").write_text("Ferry strike\n\nThe ferry crews stopped work over pay on Monday.\n")
    (folder / "port.txt").write_text("Port reopens\n\nThe harbour master said the port reopens after the strike.\n")
    location = tmp_path / "lib"
    with Library(location) as lib:
        lib.add([folder])
    return os.path.realpath(location)


@pytest.fixture()
def runtime(tmp_path) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture()
def cold(tmp_path) -> Path:
    folder = tmp_path / "cold"  # no server's socket here: a search with this runtime folder runs itself
    folder.mkdir(mode=0o700)
    return folder


def test_a_served_search_prints_exactly_what_the_search_itself_prints(library, runtime, cold):
    commands = [
        ("search", "strike", "--json"),
        ("search", "ferry"),
        ("search", '"in the"'),  # a query error: message on stderr, exit 2
        ("search", "nothing-here-at-all"),
        ("search", "--limit", "0", "strike"),  # a usage error
    ]
    server = _start(runtime, library)
    try:
        for args in commands:
            mine = _cli(cold, "--library", library, *args)
            theirs = _cli(runtime, "--library", library, *args)
            assert (theirs.returncode, theirs.stdout, theirs.stderr) == (mine.returncode, mine.stdout, mine.stderr)
    finally:
        printed = _stop(server)
    assert f"Stopped after {len(commands)} search(es)." in printed  # every one was answered by the server


def test_the_served_command_imports_no_search_code(library, runtime):
    server = _start(runtime, library)
    try:
        proc = _cli(runtime, "--library", library, "search", "strike", "--json", python_args=("-X", "importtime"))
    finally:
        _stop(server)
    assert proc.returncode == 0 and '"total": 2' in proc.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "indexer.served" in imported
    assert not {name for name in imported if name.startswith(("whoosh", "indexer.library", "indexer.cli", "sqlite3"))}


def test_a_served_search_sees_articles_added_after_the_server_started(library, runtime, cold, tmp_path):
    server = _start(runtime, library)
    try:
        assert '"total": 0' in _cli(runtime, "--library", library, "search", "lighthouse", "--json").stdout
        new = tmp_path / "lighthouse.txt"
        new.write_text("Lighthouse keeper\n\nThe lighthouse keeper retired after forty years.\n")
        assert _cli(cold, "--library", library, "add", str(new)).returncode == 0
        assert '"total": 1' in _cli(runtime, "--library", library, "search", "lighthouse", "--json").stdout
    finally:
        assert "Stopped after 2 search(es)." in _stop(server)


def test_a_second_server_of_the_same_library_is_refused(library, runtime):
    server = _start(runtime, library)
    try:
        second = _cli(runtime, "--library", library, "serve", "--idle", "1")
    finally:
        _stop(server)
    assert second.returncode == 1
    assert "already answers searches" in second.stderr and "Traceback" not in second.stderr


def test_an_idle_server_ends_and_removes_its_socket(library, runtime):
    server = _start(runtime, library, idle="0.01")  # 0.6 s
    out, _err = server.communicate(timeout=30)
    assert server.returncode == 0 and "Stopped after 0 search(es)." in out
    assert not Path(_socket(runtime, library)).exists()


def test_a_dead_servers_socket_is_passed_over_and_replaced(library, runtime, cold):
    path = _socket(runtime, library)
    os.makedirs(os.path.dirname(path), mode=0o700)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)  # bound, never listening: what a killed server leaves
    dead.close()
    proc = _cli(runtime, "--library", library, "search", "strike", "--json")
    assert proc.returncode == 0 and proc.stdout == _cli(cold, "--library", library, "search", "strike", "--json").stdout
    server = _start(runtime, library)
    assert "Stopped after 0 search(es)." in _stop(server)


def test_a_socket_folder_others_can_enter_is_never_used(library, runtime, monkeypatch):
    folder = runtime / "briefing-reader"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert not served.private_folder(str(folder))
    proc = _cli(runtime, "--library", library, "serve", "--idle", "1")
    assert proc.returncode == 1 and "not yours alone" in proc.stderr
    argv = ["--library", library, "search", "strike"]
    assert served.library_of(argv) == library
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert served.served(argv) is None


def test_serve_refuses_a_missing_library_and_a_bad_idle_time(tmp_path, runtime):
    missing = _cli(runtime, "--library", str(tmp_path / "nowhere"), "serve")
    assert missing.returncode == 1 and "There is no library" in missing.stderr
    assert not (tmp_path / "nowhere").exists()
    (tmp_path / "lib").mkdir()
    bad = _cli(runtime, "--library", str(tmp_path / "lib"), "serve", "--idle", "0")
    assert bad.returncode == 2 and "--idle" in bad.stderr


@pytest.mark.parametrize("argv, expected", [
    (["--library", "/x/lib", "search", "talks"], "/x/lib"),
    (["--library=/x/lib", "search", "--json", "talks"], "/x/lib"),
    (["--library", "/x/lib", "add", "f.txt"], None),  # only searches are served
    (["--library", "/x/lib", "search", "--help"], None),
    (["--library", "postgresql://host/db", "search", "talks"], None),  # a team library searches on its server
    (["--library", "host=db dbname=team", "search", "talks"], None),
    (["search"], "ENV"),
    (["--json", "--library", "/x/lib", "search", "talks"], None),  # a shape not read here: runs itself
])
def test_which_command_lines_a_server_may_answer(argv, expected, monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_READER_HOME", str(tmp_path / "home"))
    want = os.path.realpath(tmp_path / "home") if expected == "ENV" else expected
    assert served.library_of(argv) == (os.path.realpath(want) if want else None)


def test_the_server_answers_only_a_search_of_its_own_library_in_its_protocol(library):
    good = {"protocol": served.PROTOCOL, "version": served_version(), "library": library,
            "argv": ["--library", library, "search", "strike"]}
    assert search_server._acceptable(good, library)
    assert not search_server._acceptable({**good, "library": "/elsewhere"}, library)
    assert not search_server._acceptable({**good, "argv": ["--library", library, "add", "/etc/passwd"]}, library)
    assert not search_server._acceptable({**good, "argv": ["--library", "/elsewhere", "search", "x"]}, library)
    assert not search_server._acceptable({**good, "protocol": 99}, library)
    assert not search_server._acceptable({**good, "version": "0.0.0"}, library)
    assert not search_server._acceptable(["search"], library)


def served_version() -> str:
    from indexer import __version__

    return __version__


def test_a_changed_source_file_ends_the_server(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    stamp = ((str(source), source.stat().st_mtime_ns),)
    assert not search_server._changed(stamp)
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000))
    assert search_server._changed(stamp)
    source.unlink()
    assert search_server._changed(stamp)


def test_ctrl_c_ends_the_server_with_its_summary_and_no_traceback(library, runtime):
    import signal

    server = _start(runtime, library)
    server.send_signal(signal.SIGINT)
    out, err = server.communicate(timeout=20)
    assert server.returncode == 0 and "Stopped after 0 search(es)." in out and "Traceback" not in err
    assert not Path(_socket(runtime, library)).exists()


def test_a_server_started_through_a_symlink_logs_each_line_once(library, runtime, tmp_path):
    link = tmp_path / "link-to-lib"
    link.symlink_to(library)
    server = _start(runtime, library, given=str(link))
    try:
        assert _cli(runtime, "--library", str(link), "search", "strike").returncode == 0
    finally:
        _stop(server)
    log = (Path(library) / "logs" / "briefing-index.log").read_text()
    assert log.count("stopped serving") == 1 and log.count("serving searches of") == 1, log
