"""`briefing-index serve`: a resident process that answers `briefing-index search` for one library (issue 19).

A search process spends most of its 0.1 s importing Python, Whoosh and the model before it searches; a
server has them loaded, so the command the analyst types only connects, hands over its command line and
prints the answer (indexer/served.py). The server runs that command line through the same cli.main as the
command itself would, with a fresh Library each time, so its answer is the command's own output: imports,
merges and edits made since are seen at once.

Only this user reaches it: the socket lies in a folder of their own (mode 0700) and each caller's user is
checked (SO_PEERCRED). It ends after IDLE_MINUTES without a request, when its library folder disappears,
when its socket is removed or taken over, when its own code changes on disk (an upgrade), or on SIGTERM.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import signal
import socket
import struct
import sys
import time
from pathlib import Path

from . import __version__, served
from .errors import BriefingReaderError

log = logging.getLogger(__name__)

IDLE_MINUTES = 15.0
POLL_SECONDS = 2.0  # how often an idle server looks whether it should end
_MAX_REQUEST = 1 << 20


class ServeError(BriefingReaderError):
    """The server cannot start: another one serves the library, or the socket folder is not private."""


def serve(library: Path, idle_minutes: float = IDLE_MINUTES, ready=None) -> tuple[int, str]:
    """Answer searches of `library` until idle for `idle_minutes` (or another reason to end, see the module).
    `ready` (a callable) is called once the socket listens. Returns how many requests were answered, and
    why it ended."""
    if not served.supported():
        raise ServeError("briefing-index serve needs Linux (a socket whose caller's user can be checked).")
    library = Path(os.path.realpath(library))
    if not library.is_dir():
        raise ServeError(f"There is no library at {library}; nothing was started.")
    path = _bind_path(str(library))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    try:
        listener.bind(path)
    finally:
        os.umask(old_umask)
    listener.listen(8)
    listener.settimeout(POLL_SECONDS)
    inode = os.stat(path).st_ino
    state = _Signals()
    previous = state.install() if _main_thread() else {}
    code_stamp = _code_stamp({})
    answered, last, reason = 0, time.monotonic(), ""
    log.info("serving searches of %s on %s", library, path)
    try:
        if ready is not None:
            ready()
        while not reason:
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                reason = state.reason or _idle(last, idle_minutes) or _gone(library, path, inode)
                continue
            with conn:
                if _changed(code_stamp):  # upgraded underneath: the caller runs the command itself
                    reason = "its code changed on disk"
                    break
                state.busy = True
                try:
                    answered += _answer(conn, str(library))
                finally:
                    state.busy = False
            code_stamp = _code_stamp(code_stamp)  # with the modules this command loaded
            last = time.monotonic()
            reason = state.reason or _gone(library, path, inode)
    except _Stop:
        reason = state.reason
    finally:
        state.busy = True  # a second signal no longer interrupts what follows
        listener.close()
        _remove_own(path, inode)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    log.info("stopped serving %s after %d searches: %s", library, answered, reason)
    return answered, reason


class _Stop(Exception):
    """Raised by a signal handler into a waiting accept()."""


class _Signals:
    """SIGINT and SIGTERM end the server: at once while it waits, after the answer while it runs a command
    (a Ctrl+C must not reach the command, whose caller would read "interrupted")."""

    NAMES = {signal.SIGINT: "Ctrl+C (SIGINT)", signal.SIGTERM: "SIGTERM"}

    def __init__(self):
        self.busy = False
        self.reason = ""

    def install(self) -> dict:
        return {signum: signal.signal(signum, self._received) for signum in self.NAMES}

    def _received(self, signum, _frame):
        self.reason = f"stopped by {self.NAMES.get(signum, signum)}"
        if not self.busy:
            raise _Stop()


def _idle(last: float, idle_minutes: float) -> str:
    return f"no search for {idle_minutes:g} minutes" if time.monotonic() - last > idle_minutes * 60 else ""


def _gone(library: Path, path: str, inode: int) -> str:
    """Why the server should end: its library folder is gone, or its socket is no longer its own."""
    if not library.is_dir():
        return "its library folder is gone"
    try:
        return "" if os.stat(path).st_ino == inode else "another server took its socket"
    except OSError:
        return "its socket was removed"


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _bind_path(library: str) -> str:
    """The socket path for `library`, its folder made private; a dead server's socket is removed, a live
    one's is refused (ServeError)."""
    folder = served.runtime_folder()
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as exc:
        raise ServeError(f"Could not make the socket folder {folder}: {exc.strerror}.") from exc
    if not served.private_folder(folder):
        raise ServeError(f"The socket folder {folder} is not yours alone (its owner or mode lets others in); "
                         "remove it or set XDG_RUNTIME_DIR to a private folder, then start again.")
    path = served.socket_path(library)
    if os.path.exists(path):
        if _alive(path):
            raise ServeError(f"A server already answers searches of {library} (socket {path}).")
        os.unlink(path)  # left by a server that was killed
    return path


def _alive(path: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(served.CONNECT_TIMEOUT)
        try:
            probe.connect(path)
        except OSError:
            return False
    return True


def _remove_own(path: str, inode: int) -> None:
    with contextlib.suppress(OSError):
        if os.stat(path).st_ino == inode:
            os.unlink(path)


def _code_stamp(known: dict) -> dict:
    """{source file: modification time} of this package's loaded modules: those of `known` as they were,
    modules loaded since as they are now (a change after that means the code was upgraded)."""
    stamps = dict(known)
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None)
        if (name == "indexer" or name.startswith("indexer.")) and source and source not in stamps:
            with contextlib.suppress(OSError):
                stamps[source] = os.stat(source).st_mtime_ns
    return stamps


def _changed(stamp: dict) -> bool:
    """A source file of `stamp` (see _code_stamp) changed or went since."""
    for source, mtime in stamp.items():
        try:
            if os.stat(source).st_mtime_ns != mtime:
                return True
        except OSError:
            return True
    return False


def _peer_is_this_user(conn: socket.socket) -> bool:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _answer(conn: socket.socket, library: str) -> bool:
    """Read one request, take it (TAKEN) and answer it; False (and no answer) for a request that is not a
    search of this library from this user, in this protocol and version, in a folder that exists."""
    conn.settimeout(served.ANSWER_TIMEOUT)
    try:
        if not _peer_is_this_user(conn):
            return False
        request = json.loads(served.read_all(conn, _MAX_REQUEST).decode("utf-8", "surrogateescape"))
    except (OSError, ValueError):
        return False
    if not _acceptable(request):
        return False
    with _as_the_caller(request["cwd"], request["env"]) as here:
        if not here or served.library_of(request["argv"]) != library:
            return False
        try:
            conn.sendall(served.TAKEN)
        except OSError:
            return False
        code, output = run_command(request["argv"])
    reply = {"library": library, "version": __version__, "code": code, "output": output}
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps(reply).encode("utf-8", "surrogateescape"))
    return True


def _acceptable(request: object) -> bool:
    """The request's shape: this protocol and version, a command line, a folder, the environment's names."""
    if not isinstance(request, dict) or request.get("protocol") != served.PROTOCOL:
        return False
    if request.get("version") != __version__ or not isinstance(request.get("cwd"), str):
        return False
    argv, env = request.get("argv"), request.get("env")
    return (isinstance(argv, list) and all(isinstance(a, str) for a in argv)
            and isinstance(env, dict) and set(env) == set(served.ENVIRONMENT)
            and all(v is None or isinstance(v, str) for v in env.values()))


@contextlib.contextmanager
def _as_the_caller(cwd: str, env: dict):
    """Run in the caller's folder, with its values of served.ENVIRONMENT; yields False when the folder
    cannot be entered. Both are put back after."""
    before_cwd = os.getcwd()
    before_env = {name: os.environ.get(name) for name in env}
    try:
        os.chdir(cwd)
    except OSError:
        yield False
        return
    try:
        for name, value in env.items():
            _set_env(name, value)
        yield True
    finally:
        for name, value in before_env.items():
            _set_env(name, value)
        os.chdir(before_cwd)


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


class _Recorder(io.TextIOBase):
    """A stand-in for stdout or stderr that records what is written, in order with the other stream's."""

    def __init__(self, stream: int, output: list):
        self.stream, self.output = stream, output

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            if self.output and self.output[-1][0] == self.stream:
                self.output[-1][1] += text
            else:
                self.output.append([self.stream, text])
        return len(text)

    def isatty(self) -> bool:
        return False


def run_command(argv: list[str]) -> tuple[int, list]:
    """(exit code, [[1 or 2, text], ...]) of `briefing-index ARGV` run in this process: what it wrote to
    stdout (1) and stderr (2), in order."""
    from . import cli

    output: list = []
    with contextlib.redirect_stdout(_Recorder(1, output)), contextlib.redirect_stderr(_Recorder(2, output)):
        code = cli.main(argv)
    return code, output
