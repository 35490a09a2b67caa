"""The client half of the search server (issue 19): hand a `briefing-index search` to a running
`briefing-index serve` of the same library, so the process that prints the answer imports almost nothing.

Loaded before anything else by `briefing-index` and `python -m indexer.cli`, so it imports only what the
interpreter has already loaded (os, sys) and socket/json. The server runs the command line as given, in this
process's folder, with the environment that decides its library and its layout (ENVIRONMENT), and records
stdout and stderr in the order they were written; this process writes them out the same way. Any doubt (no
server, another library, another version, a folder someone else could write to, a server that does not take
the request at once, output this process could not write) and the command runs here as it always has: the
server is only ever a shortcut to the same output.
"""

from __future__ import annotations

import os
import sys
import zlib

PROTOCOL = 2
CONNECT_TIMEOUT = 0.5  # seconds to reach a server and have it take the request (a stopped one never does)
# A server answers in the time the search takes; it gives up on a search after SEARCH_SECONDS (30) itself, so
# an answer this late means a server that hangs: the command then runs here.
ANSWER_TIMEOUT = 60.0
TAKEN = b"\x06"  # the server's first byte: it took the request and is running it
_MAX_ANSWER = 256 * 1024 * 1024
# What else than the command line and the working folder decides a search's output: which library (the
# first three) and the width argparse wraps its messages to (COLUMNS, as this process measures it).
ENVIRONMENT = ("BRIEFING_READER_HOME", "XDG_DATA_HOME", "HOME", "COLUMNS")


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
    """The library folder of a plain `[--library DIR] search ...` command line, absolute and resolved (in this
    process's folder and environment); None for any other command, help, a team library's address, or a
    shape this module does not read (then the command runs in its own process)."""
    rest = list(argv)
    library = None
    if rest and rest[0] == "--library" and len(rest) > 1:
        library, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--library="):
        library, rest = rest[0].split("=", 1)[1], rest[1:]
    if not rest or rest[0] != "search" or any(_asks_help(word) for word in rest):
        return None
    if library is None:
        library = os.environ.get("BRIEFING_READER_HOME", "").strip()
        if not library:
            from .paths import default_library_dir  # platformdirs: only when no folder is named

            library = str(default_library_dir())
    if not library or ":" in library.split("/", 1)[0] or "=" in library:  # postgresql://..., host=... addresses
        return None
    return os.path.realpath(os.path.expanduser(library))


def _asks_help(word: str) -> bool:
    """-h, --help, or an abbreviation argparse takes for it (--he)."""
    return word == "-h" or (len(word) > 3 and "--help".startswith(word))


def columns() -> str:
    """The terminal width argparse would wrap to here (shutil.get_terminal_size's rule, without shutil)."""
    width = os.environ.get("COLUMNS", "")
    if width.isdigit() and int(width) > 0:
        return width
    try:
        width = str(os.get_terminal_size(sys.__stdout__.fileno()).columns)
    except (AttributeError, ValueError, OSError):
        return "80"
    return width if width != "0" else "80"


def request_for(argv: list[str], library: str) -> dict:
    from . import __version__

    env = {name: os.environ.get(name) for name in ENVIRONMENT}
    env["COLUMNS"] = columns()
    return {"protocol": PROTOCOL, "version": __version__, "library": library, "argv": list(argv),
            "cwd": os.getcwd(), "env": env}


def served(argv: list[str]) -> tuple[int, list[tuple[int, str]]] | None:
    """(exit code, [(1 for stdout or 2 for stderr, text), ...] in the order written) of `argv` as a running
    server of its library answers it; None when no server can (see the module's docstring)."""
    if not supported():
        return None
    library = library_of(argv)
    if library is None or not private_folder(runtime_folder()):
        return None
    try:
        request = request_for(argv, library)
    except OSError:  # this process's folder is gone
        return None
    answer = _ask(socket_path(library), request)
    if not answer or answer.get("library") != library or answer.get("version") != request["version"]:
        return None
    code, output = answer.get("code"), answer.get("output")
    if not isinstance(code, int) or not isinstance(output, list):
        return None
    if not all(isinstance(c, list) and len(c) == 2 and c[0] in (1, 2) and isinstance(c[1], str) for c in output):
        return None
    return code, [(stream, text) for stream, text in output]


def _ask(path: str, request: dict) -> dict | None:
    import json
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(path)
            sock.sendall(json.dumps(request).encode("utf-8", "surrogateescape"))
            sock.shutdown(socket.SHUT_WR)
            if sock.recv(1) != TAKEN:  # a server that is stopped (Ctrl+Z) or busy elsewhere: run here
                return None
            sock.settimeout(ANSWER_TIMEOUT)
            answer = json.loads(read_all(sock, _MAX_ANSWER))
    except (OSError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None


def read_all(sock, limit: int) -> bytes:
    """Everything the other side sends until it closes; ValueError past `limit` bytes."""
    chunks, size = [], 0
    while chunk := sock.recv(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise ValueError("more than the limit")
    return b"".join(chunks)


def _encoded(output: list[tuple[int, str]]) -> list[tuple[object, bytes]] | None:
    """Each piece of output as the bytes its stream would write, with that stream's binary buffer; None when
    a stream is closed, has no buffer, or cannot encode its text (the command then runs here and says so)."""
    streams = {1: sys.stdout, 2: sys.stderr}
    out = []
    for stream, text in output:
        target = streams[stream]
        buffer = getattr(target, "buffer", None)
        if target is None or buffer is None:
            return None
        try:
            out.append((buffer, text.encode(target.encoding, target.errors or "strict")))
        except (LookupError, UnicodeError, AttributeError):
            return None
    return out


def exit_if_served() -> None:
    """Write what a running server of the library answers to this process's command line, and exit with its
    code; return (having written nothing) when no server answers or its answer cannot be written here."""
    if sys.stdout is None or sys.stderr is None:
        return
    answer = served(sys.argv[1:])
    if answer is None:
        return
    code, output = answer
    pieces = _encoded(output)
    if pieces is None:
        return
    written = False
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        for buffer, data in pieces:
            buffer.write(data)
            buffer.flush()
            written = written or bool(data)
    except BrokenPipeError:  # `search ... | head`: main() ends a search quietly, a failed one with 1
        os._exit(0 if code == 0 else 1)
    except (OSError, ValueError):
        if not written:
            return  # nothing out yet (a full disk): the command runs here, and reports it as it does
        os._exit(1)
    os._exit(code)


def main() -> None:
    """The `briefing-index` program: a running server's answer, else the command in this process."""
    exit_if_served()
    from .cli import run

    run()
