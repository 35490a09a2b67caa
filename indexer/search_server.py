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


def serve(library: Path, idle_minutes: float = IDLE_MINUTES, ready=None) -> int:
    """Answer searches of `library` until idle for `idle_minutes` (or another reason to end, see the module).
    `ready` (a callable) is called once the socket listens. Returns how many requests were answered."""
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
    stopping = []
    previous = signal.signal(signal.SIGTERM, lambda *_: stopping.append(True)) if _main_thread() else None
    code_stamp = _code_stamp()
    answered, last = 0, time.monotonic()
    log.info("serving searches of %s on %s", library, path)
    if ready is not None:
        ready()
    try:
        while not stopping:
            try:
                conn, _ = listener.accept()
            except KeyboardInterrupt:  # Ctrl+C: the ordinary way to end a server started in a terminal
                break
            except socket.timeout:
                if time.monotonic() - last > idle_minutes * 60 or _should_end(library, path, inode):
                    break
                continue
            with conn:
                if _changed(code_stamp):  # upgraded underneath: the caller runs the command itself
                    break
                if _answer(conn, str(library)):
                    answered += 1
            last = time.monotonic()
            if _should_end(library, path, inode):
                break
    finally:
        listener.close()
        _remove_own(path, inode)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    log.info("stopped serving %s after %d searches", library, answered)
    return answered


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


def _should_end(library: Path, path: str, inode: int) -> bool:
    """The library folder is gone, or the socket is no longer ours (removed, or another server's)."""
    try:
        return not library.is_dir() or os.stat(path).st_ino != inode
    except OSError:
        return True


def _remove_own(path: str, inode: int) -> None:
    with contextlib.suppress(OSError):
        if os.stat(path).st_ino == inode:
            os.unlink(path)


def _code_stamp() -> tuple:
    """The modification times of this package's loaded source files: a change means the code was upgraded."""
    stamps = []
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None)
        if (name == "indexer" or name.startswith("indexer.")) and source:
            with contextlib.suppress(OSError):
                stamps.append((source, os.stat(source).st_mtime_ns))
    return tuple(sorted(stamps))


def _changed(stamp: tuple) -> bool:
    """A source file of `stamp` (see _code_stamp) changed or went since; modules imported later are read anew
    from disk anyway."""
    for source, mtime in stamp:
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
    """Read one request and answer it; False (and no answer) for a request that is not a search of this
    library from this user, in this protocol and version."""
    conn.settimeout(served.ANSWER_TIMEOUT)
    try:
        if not _peer_is_this_user(conn):
            return False
        request = json.loads(_read_request(conn))
    except (OSError, ValueError):
        return False
    if not _acceptable(request, library):
        return False
    code, out, err = run_command(request["argv"])
    reply = {"library": library, "version": __version__, "code": code, "stdout": out, "stderr": err}
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps(reply).encode("utf-8"))
    return True


def _read_request(conn: socket.socket) -> bytes:
    chunks, size = [], 0
    while chunk := conn.recv(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_REQUEST:
            raise ValueError("request too large")
    return b"".join(chunks)


def _acceptable(request: object, library: str) -> bool:
    if not isinstance(request, dict) or request.get("protocol") != served.PROTOCOL:
        return False
    if request.get("version") != __version__ or request.get("library") != library:
        return False
    argv = request.get("argv")
    return (isinstance(argv, list) and all(isinstance(a, str) for a in argv)
            and argv[:3] == ["--library", library, "search"])


def run_command(argv: list[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `briefing-index ARGV` run in this process."""
    from . import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()
