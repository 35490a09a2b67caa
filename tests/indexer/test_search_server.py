"""`briefing-index serve` (issue 19): searches answered by a resident process print what the search itself
prints, reach only this user's server of the same library, and fall back to the search itself on any doubt."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import types
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
    assert f"Stopped after {len(commands)} search(es):" in printed  # every one was answered by the server


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
        assert "Stopped after 2 search(es): stopped by SIGTERM." in _stop(server)


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
    assert server.returncode == 0 and "Stopped after 0 search(es): no search for 0.01 minutes." in out
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
    assert "Stopped after 0 search(es): stopped by SIGTERM." in _stop(server)


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
    (["--library", "/x/lib", "search", "--he", "talks"], None),  # argparse's abbreviation of --help
])
def test_which_command_lines_a_server_may_answer(argv, expected, monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_READER_HOME", str(tmp_path / "home"))
    want = os.path.realpath(tmp_path / "home") if expected == "ENV" else expected
    assert served.library_of(argv) == (os.path.realpath(want) if want else None)


def test_the_server_takes_only_requests_of_its_protocol_and_version(library):
    good = served.request_for(["--library", library, "search", "strike"], library)
    assert search_server._acceptable(good)
    assert not search_server._acceptable({**good, "protocol": 99})
    assert not search_server._acceptable({**good, "version": "0.0.0"})
    assert not search_server._acceptable({**good, "argv": "search strike"})
    assert not search_server._acceptable({**good, "env": {"HOME": "/x"}})  # not the environment's names
    assert not search_server._acceptable({**good, "cwd": None})
    assert not search_server._acceptable(["search"])
    assert good["version"] == served_version()


def test_the_server_answers_only_a_search_of_its_own_library(library, runtime, tmp_path):
    """A request naming another library (one whose socket name is the same checksum) is never answered."""
    other = tmp_path / "other"
    other.mkdir()
    server = _start(runtime, library)
    try:
        request = served.request_for(["--library", str(other), "search", "strike"], library)  # claims `library`
        answer = _raw_ask(runtime, library, request)
        assert answer == b""  # closed without a word: the caller runs the search itself
        good = served.request_for(["--library", library, "search", "strike"], library)
        assert _raw_ask(runtime, library, good).startswith(served.TAKEN)
    finally:
        assert "Stopped after 1 search(es)" in _stop(server)


def _raw_ask(runtime: Path, library: str, request: dict) -> bytes:
    import json

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(_socket(runtime, library))
        sock.sendall(json.dumps(request).encode())
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def served_version() -> str:
    from indexer import __version__

    return __version__


def test_a_changed_source_file_ends_the_server_also_one_loaded_after_it_started(tmp_path, monkeypatch):
    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    stamp = search_server._code_stamp({})
    assert not search_server._changed(stamp) and str(source) not in stamp
    late = types.ModuleType("indexer._loaded_late")
    late.__file__ = str(source)
    monkeypatch.setitem(sys.modules, "indexer._loaded_late", late)  # a module the last command imported
    stamp = search_server._code_stamp(stamp)
    assert str(source) in stamp and not search_server._changed(stamp)
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000))
    assert search_server._changed(stamp)
    assert search_server._code_stamp(stamp)[str(source)] == stamp[str(source)]  # known files keep their time
    source.unlink()
    assert search_server._changed(stamp)


def test_ctrl_c_ends_the_server_with_its_summary_and_no_traceback(library, runtime):
    import signal

    server = _start(runtime, library)
    server.send_signal(signal.SIGINT)
    out, err = server.communicate(timeout=20)
    assert server.returncode == 0 and "Stopped after 0 search(es): stopped by Ctrl+C (SIGINT)." in out
    assert "Traceback" not in err
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


def test_a_second_server_says_nothing_before_its_refusal(library, runtime):
    server = _start(runtime, library)
    try:
        second = _cli(runtime, "--library", library, "serve")
    finally:
        _stop(server)
    assert second.returncode == 1 and second.stdout == ""


def test_serve_refuses_an_endless_idle_time(library, runtime):
    proc = _cli(runtime, "--library", library, "serve", "--idle", "inf")
    assert proc.returncode == 2 and "--idle" in proc.stderr


def _shell(runtime: Path, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", "-c", f"{sys.executable} -m indexer.cli {command}"], capture_output=True, text=True,
                          cwd=REPO, env=_env(runtime), timeout=60)


@pytest.mark.parametrize("command", [
    "search strike >&-",  # stdout closed
    "search '\"in the\"' 2>&-",  # stderr closed, on a query error
    "search strike > /dev/full",  # no room to write: the search's own message
])
def test_output_that_cannot_be_written_ends_as_the_search_itself_ends(library, runtime, cold, command):
    if "/dev/full" in command and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    server = _start(runtime, library)
    try:
        theirs = _shell(runtime, f"--library {library} {command}")
        mine = _shell(cold, f"--library {library} {command}")
    finally:
        _stop(server)
    assert (theirs.returncode, theirs.stdout, theirs.stderr) == (mine.returncode, mine.stdout, mine.stderr)
    assert "Traceback" not in theirs.stderr


def test_a_stopped_server_costs_a_search_half_a_second_not_a_minute(library, runtime, cold):
    import signal

    server = _start(runtime, library)
    server.send_signal(signal.SIGSTOP)  # Ctrl+Z in its terminal
    try:
        start = time.monotonic()
        proc = _cli(runtime, "--library", library, "search", "strike", "--json")
        waited = time.monotonic() - start
    finally:
        server.send_signal(signal.SIGCONT)
        _stop(server)
    assert proc.returncode == 0 and proc.stdout == _cli(cold, "--library", library, "search", "strike", "--json").stdout
    assert waited < 20  # the search ran itself after CONNECT_TIMEOUT (it waited ANSWER_TIMEOUT, 60 s, before)


def test_a_relative_library_is_the_callers_folders_and_stays_as_typed(library, runtime, cold):
    parent = str(Path(library).parent)
    server = _start(runtime, library)
    try:
        for args, env in ((["--library", "lib", "search", "strike", "--json"], {}),
                          (["search", "strike"], {"BRIEFING_READER_HOME": "lib"})):
            results = [subprocess.run([sys.executable, "-m", "indexer.cli", *args], capture_output=True, text=True,
                                      cwd=parent, env={**_env(folder), "PYTHONPATH": str(REPO), **env}, timeout=60)
                       for folder in (runtime, cold)]
            assert [(r.returncode, r.stdout, r.stderr) for r in results][0] == \
                [(r.returncode, r.stdout, r.stderr) for r in results][1]
            assert results[0].returncode == 0
    finally:
        assert "Stopped after 2 search(es)" in _stop(server)


def test_the_caller_folder_and_environment_are_put_back_after_a_command(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_READER_HOME", "/mine")
    monkeypatch.delenv("COLUMNS", raising=False)
    before = os.getcwd()
    env = {"BRIEFING_READER_HOME": None, "XDG_DATA_HOME": "/x", "HOME": os.environ.get("HOME"), "COLUMNS": "120"}
    with search_server._as_the_caller(str(tmp_path), env) as here:
        assert here and os.getcwd() == str(tmp_path)
        assert "BRIEFING_READER_HOME" not in os.environ and os.environ["COLUMNS"] == "120"
    assert os.getcwd() == before and os.environ["BRIEFING_READER_HOME"] == "/mine" and "COLUMNS" not in os.environ
    with search_server._as_the_caller(str(tmp_path / "gone"), env) as here:
        assert here is False
    assert os.getcwd() == before


def test_stdout_and_stderr_keep_their_order_through_the_server():
    output: list = []
    out, err = search_server._Recorder(1, output), search_server._Recorder(2, output)
    err.write("note: the index is old\n")
    out.write("3 article(s)")
    out.write(" match\n")
    err.write("")
    err.write("done\n")
    assert output == [[2, "note: the index is old\n"], [1, "3 article(s) match\n"], [2, "done\n"]]


def test_a_signal_while_a_command_runs_waits_for_its_answer():
    import signal

    state = search_server._Signals()
    state.busy = True
    state._received(signal.SIGINT, None)  # no KeyboardInterrupt into the command its caller waits for
    assert state.reason == "stopped by Ctrl+C (SIGINT)"
    state.busy = False
    with pytest.raises(search_server._Stop):
        state._received(signal.SIGTERM, None)
