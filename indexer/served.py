"""The client half of the search server (issue 19): hand a `briefing-index search` to a running
`briefing-index serve` of the same library, so the process that prints the answer imports almost nothing.

Loaded before anything else by `briefing-index` and `python -m indexer.cli`, so it imports only what the
interpreter has already loaded (os, sys) and socket/json. Any doubt (no server, another library, another
version, a folder someone else could write to, an answer that does not come) and the command runs in this
process as it always has: the server is only ever a shortcut to the same output.
"""

from __future__ import annotations

import os
import sys
import zlib

PROTOCOL = 1
CONNECT_TIMEOUT = 0.5  # seconds to reach a server that is there; one that is not refuses at once
# A server answers in the time the search takes; it gives up on a search after SEARCH_SECONDS (30) itself, so
# an answer this late means a server that hangs: the command then runs here.
ANSWER_TIMEOUT = 60.0
_MAX_ANSWER = 256 * 1024 * 1024


def supported() -> bool:
    """Unix sockets whose peer's user can be checked (SO_PEERCRED): Linux."""
    return sys.platform.startswith("linux")


def runtime_folder() -> str:
    """Where the sockets live: $XDG_RUNTIME_DIR/briefing-reader (the user's own folder, emptied at logout),
    else /tmp/briefing-reader-UID."""
    base = os.environ.get("XDG_RUNTIME_DIR", "")
    if base and os.path.isabs(base):
        return os.path.join(base, "briefing-reader")
    return os.path.join("/tmp", f"briefing-reader-{os.getuid()}")


def private_folder(path: str) -> bool:
    """`path` is a real folder of this user that no one else can enter or write to."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    import stat

    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def socket_path(library: str) -> str:
    """The socket of the server of the library folder `library` (an absolute, resolved path). Two libraries
    whose names have one checksum share a socket name; a server answers only for its own library."""
    key = zlib.crc32(library.encode("utf-8", "surrogateescape"))
    return os.path.join(runtime_folder(), f"search-{key:08x}.sock")


def library_of(argv: list[str]) -> str | None:
    """The library folder of a plain `[--library DIR] search ...` command line, absolute and resolved; None
    for any other command, for a team library's address, or a shape this module does not read (then the
    command runs in its own process)."""
    rest = list(argv)
    library = None
    if rest and rest[0] == "--library" and len(rest) > 1:
        library, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--library="):
        library, rest = rest[0].split("=", 1)[1], rest[1:]
    if not rest or rest[0] != "search" or any(word in ("-h", "--help") for word in rest):
        return None
    if library is None:
        library = os.environ.get("BRIEFING_READER_HOME", "").strip()
        if not library:
            from .paths import default_library_dir  # platformdirs: only when no folder is named

            library = str(default_library_dir())
    if not library or ":" in library.split("/", 1)[0] or "=" in library:  # postgresql://..., host=... addresses
        return None
    return os.path.realpath(os.path.expanduser(library))


def served(argv: list[str]) -> tuple[int, str, str] | None:
    """(exit code, stdout, stderr) of `argv` as a running server of its library answers it; None when no
    server can (see the module's docstring)."""
    if not supported():
        return None
    library = library_of(argv)
    if library is None or not private_folder(runtime_folder()):
        return None
    from . import __version__

    request = {"protocol": PROTOCOL, "version": __version__, "library": library,
               "argv": ["--library", library, *_after_library(argv)]}
    answer = _ask(socket_path(library), request)
    if not answer or answer.get("library") != library or answer.get("version") != __version__:
        return None
    code, out, err = answer.get("code"), answer.get("stdout"), answer.get("stderr")
    if not isinstance(code, int) or not isinstance(out, str) or not isinstance(err, str):
        return None
    return code, out, err


def _after_library(argv: list[str]) -> list[str]:
    if argv and argv[0] == "--library":
        return argv[2:]
    if argv and argv[0].startswith("--library="):
        return argv[1:]
    return argv


def _ask(path: str, request: dict) -> dict | None:
    import json
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(path)
            sock.settimeout(ANSWER_TIMEOUT)
            sock.sendall(json.dumps(request).encode("utf-8") + b"\n")
            sock.shutdown(socket.SHUT_WR)
            chunks, size = [], 0
            while chunk := sock.recv(1 << 16):
                chunks.append(chunk)
                size += len(chunk)
                if size > _MAX_ANSWER:
                    return None
        answer = json.loads(b"".join(chunks))
    except (OSError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None


def exit_if_served() -> None:
    """Print what a running server of the library answers to this process's command line, and exit with its
    code; return (having printed nothing) when no server answers."""
    answer = served(sys.argv[1:])
    if answer is None:
        return
    code, out, err = answer
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
        sys.stderr.write(err)
        sys.stderr.flush()
    except BrokenPipeError:  # `search ... | head`: as main() treats it
        code = 0
    except (OSError, ValueError):
        code = code or 1
    os._exit(code)


def main() -> None:
    """The `briefing-index` program: a running server's answer, else the command in this process."""
    exit_if_served()
    from .cli import run

    run()
