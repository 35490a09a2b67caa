"""`briefing-index`: the command-line interface to a library.

    briefing-index [--library DIR] COMMAND ...

With --json each command prints one JSON document on stdout; without it, a
readable table. Exit codes: 0 done (even if some files were skipped), 1 failed,
2 usage or query error with a message on stderr. Never a traceback: details go
to the log file in the library's logs/ folder.
"""

from __future__ import annotations

if __name__ == "__main__":  # `python -m indexer.cli`: a running search server answers before the imports below
    from indexer.served import exit_if_served

    exit_if_served()

import argparse
import gc
import json
import logging
import os
import re
import shlex
import shutil
import sqlite3
import sys
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import BriefingReaderError, LibraryLockedError, QueryError

log = logging.getLogger("indexer.cli")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the command line: exit 2 with the message."""


class _Parser(argparse.ArgumentParser):
    lists_formats = False  # the help ends with the supported formats, read from the reader registry when shown

    def error(self, message: str):  # argparse would exit 2 itself; keep one exit path
        if message.startswith("unrecognized arguments: -"):  # `search -talks`: a query that starts with -
            message += (". Options go before --, and a query that starts with '-' after it, e.g. "
                        "briefing-index search --limit 5 -- \"-talks ceasefire\"")
        raise UsageError(f"{self.prog}: {message}")

    def format_help(self) -> str:
        if self.lists_formats:
            from .ingest.registry import help_table

            self.epilog = "supported formats (a file's contents win over its extension):\n" + help_table()
        return super().format_help()


# -- terminal safety: nothing read from a file or the library drives the terminal ----------------------
# C0 and C1 controls (ESC starts colour, clear-screen and window-title sequences) and the bidi controls
# that reorder what is shown (U+061C, U+200E/F, U+202A-E, U+2066-9). Patterns, not compiled ones: the re
# module compiles (and keeps) each at its first use, so a command pays only for those it prints through.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE_LINE = f"[\x00-\x1f\x7f-\x9f{_BIDI}]"
_UNSAFE_TEXT = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]"  # keeps tab and newline
_UNSAFE_IN_JSON = f"[\x7f-\x9f{_BIDI}]"  # json.dumps already escapes C0


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object, *, multiline: bool = False) -> str:
    """`value` as text safe to print on a terminal: control and bidi characters become visible escapes
    (ESC -> \\x1b, U+202E -> \\u202e). Newlines and tabs are kept only when `multiline`."""
    return re.sub(_UNSAFE_TEXT if multiline else _UNSAFE_LINE, _escape, str(value))


def _say(line: object = "", *, multiline: bool = False) -> None:
    print(printable(line, multiline=multiline))


def _complain(message: object) -> None:
    print(printable(message, multiline=True), file=sys.stderr)


class _Commands(argparse._SubParsersAction):
    """The sub-commands. With `only` set (the command the command line names), the others are not built:
    each parser costs about half a millisecond of gettext look-ups, a tenth of a search's start-up."""

    only: str | None = None

    def wants(self, name: str) -> bool:
        return self.only is None or name == self.only

    def add_parser(self, name, **kwargs):
        return super().add_parser(name, **kwargs) if self.wants(name) else _Unbuilt()


class _Unbuilt:
    """A sub-command parser left unbuilt (see _Commands): takes every call and ignores it."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: _Unbuilt()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `command`, only that sub-command's parser (see _Commands)."""
    parser = _Parser(prog="briefing-index", description="Import, search and read a Briefing Reader library.")
    parser.add_argument("--version", action="version", version=f"briefing-index {__version__}")
    parser.add_argument("--library", metavar="DIR", help="library folder, or a team library's postgresql:// address "
                        "(default: $BRIEFING_READER_HOME or the user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, action=_Commands)
    sub.only = command
    sub.required = True

    p = sub.add_parser("add", help="import files and folders", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.lists_formats = True
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--max-size", default="20MB", help="skip files larger than this (e.g. 500KB, 20MB; default 20MB)")
    p.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                   help="how long to wait for another process that is writing to the library (default 10)")
    _json(p)

    p = sub.add_parser("watch", help="import files dropped into a folder, as they arrive (Ctrl+C stops)",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.lists_formats = True
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--interval", type=float, default=2.0, metavar="SECONDS",
                   help="how often to look into the folder (default 2); a file is imported once it stops changing")
    p.add_argument("--max-size", default="20MB", help="skip files larger than this (default 20MB)")
    p.add_argument("--stop-after", type=float, default=0.0, metavar="SECONDS",
                   help="stop watching after this many seconds (default: until Ctrl+C)")

    p = sub.add_parser("search", help="search the library")
    p.add_argument("query", nargs="?", default="", metavar="QUERY")
    p.add_argument("--actor", action="append", default=[], metavar="NAME", help="only articles mentioning this actor (any alias); repeatable")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--from", dest="date_from", default="", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default="", metavar="YYYY-MM-DD")
    p.add_argument("--source", default="", metavar="OUTLET")
    p.add_argument("--lang", default="", metavar="CODE",
                   help="only articles in this language (ISO 639-1: en, ru, uk ...)")
    p.add_argument("--exact", action="store_true",
                   help="words as typed: no actor's other names or spellings (Zelensky finds only Zelensky)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    _json(p)

    p = sub.add_parser("show", help="print one article")
    p.add_argument("id", metavar="ID")
    _json(p)

    p = sub.add_parser("list", help="list every article")
    p.add_argument("--lang", default=None, metavar="CODE",
                   help="only articles in this language (ISO 639-1: en, ru, uk ...; '' for those without one)")
    _json(p)

    p = sub.add_parser("edit", help="correct an article's details (kept when its file is imported again)",
                       description="Correct an article's title, date, author, source, web address or language. "
                       "The correction is indexed at once and kept when its file is imported again and through "
                       "`rebuild`; an empty value ('') puts back the value read from the file.")
    p.add_argument("id", metavar="ID")
    for option, (_field, metavar, help_text) in EDIT_OPTIONS.items():
        p.add_argument(f"--{option}", dest=option, default=None, metavar=metavar, help=help_text)
    _json(p)

    sub.add_parser("rebuild", help="recreate the search index from the article store")

    p = sub.add_parser("salvage", help="re-import the articles the index records when the article store is lost")
    p.add_argument("--max-size", default="20MB", help="skip files larger than this (default 20MB)")
    p.add_argument("--from", dest="record", metavar="DIR", default=None,
                   help="finish an interrupted salvage from the index folder it kept (index.before-salvage-...)")
    _json(p)

    p = sub.add_parser("serve", help="answer this library's searches from a resident process, so each starts faster",
                       description="Keep the library's search code loaded, so that `briefing-index search` starts "
                       "like a native tool: each search hands its command line to this process and prints its "
                       "answer (the same output; imports and edits are seen at once). Only `search` is served, "
                       "and only you can reach it. It ends after --idle minutes without a search, when its library "
                       "folder or its socket goes, when its code changes on disk, or with Ctrl+C or SIGTERM.")
    p.add_argument("--idle", type=float, default=15.0, metavar="MINUTES",
                   help="end after this many minutes without a search (default 15)")

    p = sub.add_parser("log", help="show the import log")
    p.add_argument("--limit", type=int, default=200, metavar="N")
    _json(p)

    p = sub.add_parser("related", help="articles most like one article")
    p.add_argument("id", metavar="ID")
    p.add_argument("--limit", type=int, default=5, metavar="N")
    _json(p)

    _add_actor_parsers(sub)

    p = sub.add_parser("remove-demo", help="remove the invented demo articles, with their quotes and actor counts")
    _json(p)

    p = sub.add_parser("quotes", help="quoted statements, by who said them; reported speech is marked (reported)")
    p.add_argument("--actor", default=None, metavar="NAME")
    _json(p)

    _add_picture_parsers(sub)

    if sub.wants("brief"):
        from .briefing.parser import add_brief_parser

        add_brief_parser(sub)
    return parser


def _named_command(argv: Sequence[str]) -> str | None:
    """The sub-command a command line names (its first word after the global options), or None when
    it names none or an unknown one (then the whole parser is built, to list every command)."""
    words = iter(argv)
    for word in words:
        if word == "--library":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in _COMMAND_NAMES else None
        elif not word.startswith("--library="):
            return None  # --help, --version, --, or a mistake: the whole parser answers
    return None


def _add_picture_parsers(sub) -> None:
    """`timeline` and `network`: the pictures of indexer.pictures, as SVG or PNG files (or their data)."""
    for name, what in (("timeline", "who said what, over time"), ("network", "which actors appear together")):
        p = sub.add_parser(name, help=f"draw {what}: -o FILE.svg or FILE.png, or --json for the data")
        p.add_argument("query", nargs="?", default="", metavar="QUERY", help="only articles matching this query")
        p.add_argument("--actor", action="append", default=[], metavar="NAME",
                       help="only articles mentioning this actor (any alias); repeatable"
                       + ("; each is a lane, in order" if name == "timeline" else ""))
        p.add_argument("--every-actor", action="store_true",
                       help="only articles mentioning every --actor, as `search` with several --actor does "
                       "(default: any of them)")
        p.add_argument("--from", dest="date_from", default="", metavar="YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", default="", metavar="YYYY-MM-DD")
        p.add_argument("--source", default="", metavar="OUTLET", help="only articles from this outlet, as `search --source`")
        p.add_argument("--lang", default="", metavar="CODE",
                       help="only articles in this language (ISO 639-1: en, ru, uk ...), as `search --lang`")
        p.add_argument("--exact", action="store_true",
                       help="words as typed: no actor's other names or spellings, as `search --exact`")
        p.add_argument("-o", "--output", metavar="FILE", help="write the picture here (.svg or .png)")
        p.add_argument("--title", default=None, help="the title drawn above the picture")
        p.add_argument("--theme", choices=("light", "dark"), default="light")
        if name == "network":
            p.add_argument("--min-weight", type=int, default=1, metavar="N",
                           help="join two actors only when at least N articles mention both (default 1)")
        _json(p)


def _add_actor_parsers(sub) -> None:
    p = sub.add_parser("actors", help="list actors, or curate them (merge, rename, alias, ignore, type)")
    _json(p)
    asub = p.add_subparsers(dest="actors_command", metavar="ACTION", parser_class=_Parser)
    m = asub.add_parser("merge", help="merge the second actor into the first")
    m.add_argument("keep_id")
    m.add_argument("other_id")
    r = asub.add_parser("rename", help="give an actor a new canonical name")
    r.add_argument("actor_id")
    r.add_argument("name")
    a = asub.add_parser("alias", help="add an alias (applies to new imports and after rebuild)")
    a.add_argument("actor_id")
    a.add_argument("alias")
    i = asub.add_parser("ignore", help="never show this actor again")
    i.add_argument("actor_id")
    t = asub.add_parser("type", help="change an actor's type")
    t.add_argument("actor_id")
    t.add_argument("type", choices=("person", "organisation", "place"))
    c = asub.add_parser("cooccur", help="actors that appear in the same articles as this one")
    c.add_argument("name")
    _json(c)
    s = asub.add_parser("suggest", help="possible duplicates: discovered people who are probably a known person "
                                        "(similar name, same co-actors), each with the merge command to accept it")
    s.add_argument("--keep-apart", nargs=2, metavar=("ID", "OTHER_ID"),
                   help="dismiss a suggestion: these two are different actors, never suggest them as one again")
    _json(s)


# `edit` options: option -> (article field, metavar, help). An empty value ('') puts back the imported one.
EDIT_OPTIONS = {
    "title": ("title", "TEXT", "the article's title"),
    "date": ("date", "YYYY-MM-DD", "the day it was published, a real date as YYYY-MM-DD"),
    "author": ("author", "NAME", "who wrote it"),
    "source": ("source", "OUTLET", "the outlet that published it"),
    "url": ("url", "URL", "its web address, http:// or https:// (what citations use)"),
    "lang": ("language", "CODE", "the article's language, an ISO 639-1 code (en, ru, uk ...)"),
}


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON document")


# -- entry point ---------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser(_named_command(argv)).parse_args(argv)
    except UsageError as exc:
        _complain(str(exc) + _dash_hint(argv) + _quote_hint(argv, str(exc)))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    try:
        return _dispatch(args)
    except UsageError as exc:
        _complain(f"briefing-index: {exc}")
        return EXIT_USAGE
    except QueryError as exc:
        _complain(f"briefing-index: {exc}")
        return EXIT_USAGE
    except LibraryLockedError as exc:
        _complain(f"briefing-index: {exc}")
        return EXIT_FAILED
    except BriefingReaderError as exc:
        _complain(f"briefing-index: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _complain("briefing-index: interrupted. Nothing half-written was kept; an import keeps the articles it had "
                  "already saved (run it again to finish the rest).")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except sqlite3.DatabaseError as exc:  # the store failed under a command: name it and say what to do
        from .store import explain_failure

        log.exception("article store error")
        _complain(f"briefing-index: {explain_failure(_library_dir(args) / 'library.sqlite3', exc)}")
        return EXIT_FAILED
    except Exception as exc:  # the last fence: a message, never a traceback
        log.exception("unexpected error")
        _complain(f"briefing-index: unexpected error ({type(exc).__name__}: {exc}). "
                  f"Details are in {_log_path_hint()}.")
        return EXIT_FAILED


_FILE_LIKE = r"^-[^=]*\.[A-Za-z]\w{0,4}$"  # -notes.txt, --help.md: a name, not an option (compiled when used)


def _quote_hint(argv: Sequence[str], message: str) -> str:
    """`search prisoner exchange`: the words after the first are no arguments of their own."""
    if "unrecognized arguments: " not in message or message.rsplit(": ", 1)[-1].startswith("-"):
        return ""
    if next((w for w in argv if w in _COMMAND_NAMES), "") != "search":
        return ""
    words = message.rsplit("unrecognized arguments: ", 1)[-1]
    extra = len(words.split())
    query = argv[-extra - 1] if len(argv) > extra and list(argv[-extra:]) == words.split() else ""
    if not query or query.startswith("-") or query == "search":
        return ""
    return f"\nA query of several words is one argument: put it in quotes, e.g. briefing-index search \"{query} {words}\""


def _dash_hint(argv: Sequence[str]) -> str:
    """For an option-like word that is a file name: how to pass it (after `--`)."""
    if "--" in argv:
        return ""
    for word in argv:
        if word not in ("-", "--") and word.startswith("-") and (re.match(_FILE_LIKE, word) or os.path.exists(word)):
            command = next((w for w in argv if w in _COMMAND_NAMES), "add")
            return (f"\nTo give a file whose name starts with \"-\", put -- before it: "
                    f"briefing-index {command} -- {word}")
    return ""


_LOG_FILE: Path | None = None
_LOG_NAME = "briefing-index.log"


def _log_path_hint() -> str:
    return str(_LOG_FILE) if _LOG_FILE else "the library's logs folder"


def _setup_logging(library_dir: Path) -> None:
    global _LOG_FILE
    from .paths import make_private

    if _logging_to(library_dir / "logs" / _LOG_NAME):  # a server's next command (search_server.run_command),
        _LOG_FILE = library_dir / "logs" / _LOG_NAME  # however it names the folder: its log is open
        return
    try:
        library_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # user-only, before anything goes in it
        logs = library_dir / "logs"
        logs.mkdir(exist_ok=True, mode=0o700)
        _LOG_FILE = logs / _LOG_NAME
        # backslashreplace: a path that is not UTF-8 (a surrogate) in a message must not fail the logging itself
        handler = logging.FileHandler(_LOG_FILE, encoding="utf-8", errors="backslashreplace")
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for path in (library_dir, logs, _LOG_FILE):  # also when they were made earlier with a looser mode
        make_private(path)


def _logging_to(path: Path) -> bool:
    """The root logger already writes to `path` (a FileHandler of this module, or of its copy that runs as
    __main__ under `python -m indexer.cli`)."""
    target = os.path.realpath(path)
    return any(isinstance(handler, logging.FileHandler) and os.path.realpath(handler.baseFilename) == target
               for handler in logging.getLogger().handlers)


def _library_location(args) -> Path | str:
    """The library folder, or the postgresql:// address of a team library (never a folder made from one)."""
    from .paths import default_library_location, team_address

    location = args.library or default_library_location()
    return team_address(location) or Path(location).expanduser()


def _library_dir(args) -> Path:
    """The local folder: the library itself, or for a team library this user's folder of it (logs, briefings)."""
    from .paths import team_local_dir

    location = _library_location(args)
    return team_local_dir(location) if isinstance(location, str) else location


def _open_library(args):
    _import_library_without_collecting()
    from .library import Library

    return Library(_library_location(args))


# Commands that create a library folder when it is missing; every other command reads one that must exist.
_CREATING_COMMANDS = frozenset({"add", "watch", "brief", "salvage"})


def _require_existing_library(args) -> None:
    """A read command on a library folder that does not exist (a mistyped --library): say so, create nothing."""
    location = _library_location(args)
    if args.command in _CREATING_COMMANDS or isinstance(location, str) or location.exists():
        return
    given = "--library" if args.library else ("BRIEFING_READER_HOME" if os.environ.get("BRIEFING_READER_HOME")
                                             else "the default location")
    raise BriefingReaderError(f"There is no library at {location} (from {given}); nothing was created. Check the "
                              "folder name, or import articles into it first: briefing-index add FILES.")


def _import_library_without_collecting() -> None:
    """Import the library (Whoosh, the store, the model) with the garbage collector paused, then freeze what
    it made: those objects last as long as the process, and collecting them again and again while
    importing and searching was 15 ms of a 110 ms search process."""
    if "indexer.library" in sys.modules:
        return
    collecting = gc.isenabled()
    gc.disable()
    try:
        from . import library  # noqa: F401
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _dispatch(args) -> int:
    _require_existing_library(args)
    _setup_logging(_library_dir(args))
    if args.command == "brief":
        from .briefing.cli import run_brief
        from .briefing.parser import infer_export_format

        if getattr(args, "brief_command", None) == "export":
            args.export_format = infer_export_format(args)
            if args.export_format is None:
                raise UsageError(f"brief export: give --format md or html (the output {args.output!r} does not "
                                 "end in .md or .html).")
        return run_brief(args, lambda: _open_library(args))
    if args.command == "salvage":
        return cmd_salvage(args)
    if args.command == "serve":
        return cmd_serve(args)
    lib = _open_library(args)
    try:
        return COMMANDS[args.command](lib, args)
    finally:
        lib.close()


# -- commands ------------------------------------------------------------------------
def cmd_watch(lib, args) -> int:
    """Import what the folder holds, then every file dropped into it or changed there, until stopped."""
    import time

    from .ingest.watch import ready_batches

    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give the folder to watch")
    if args.interval <= 0:
        raise UsageError("--interval must be a positive number of seconds")
    max_size, deadline = parse_size(args.max_size), time.monotonic() + args.stop_after
    stop = (lambda: time.monotonic() >= deadline) if args.stop_after > 0 else (lambda: False)
    _say(f"Watching {folder} every {args.interval:g} s; press Ctrl+C to stop.")
    sys.stdout.flush()
    pending: list[str] = []
    try:
        for batch in ready_batches(folder, interval=args.interval, stop=stop):
            pending += [p for p in batch if p not in pending]
            if pending and _import_waiting(lib, pending, max_size):
                pending = []
    except KeyboardInterrupt:
        _say("Stopped watching.")
    return EXIT_OK


def _import_waiting(lib, paths: list[str], max_size: int) -> bool:
    """Import the files the watch found; False (they wait for the next round) while another process writes."""
    try:
        report = lib.add(paths, max_size=max_size, lock_timeout=1.0)
    except LibraryLockedError:
        _complain(f"Another process is writing to the library; {len(paths)} file(s) will be imported when it is done.")
        return False
    _print_report(report)
    sys.stdout.flush()
    return True


def cmd_add(lib, args) -> int:
    max_size = parse_size(args.max_size)
    progress = _ProgressBar(enabled=not args.json and sys.stderr.isatty())
    gen = lib.iter_add(args.paths, max_size=max_size, lock_timeout=0.0)
    try:
        step = next(gen)
    except LibraryLockedError:
        if args.wait <= 0:
            raise
        _complain(f"Another process is writing to the library; waiting up to {args.wait:g} s...")
        gen = lib.iter_add(args.paths, max_size=max_size, lock_timeout=args.wait)
        step = next(gen)
    try:
        while True:
            progress.show(step)
            step = next(gen)
    except StopIteration as stop:
        report = stop.value
    finally:
        progress.close()
    if args.json:
        _print_json(report.to_json())
    else:
        _print_report(report)
    if args.paths and not any(os.path.lexists(os.path.expanduser(p)) for p in args.paths):
        _complain("None of the given files or folders exists; nothing was imported. Check the paths.")
        return EXIT_FAILED
    return EXIT_OK


def cmd_search(lib, args) -> int:
    language = args.lang.strip().lower()
    if not args.query.strip() and not args.actor and not (args.date_from or args.date_to or args.source or language):
        raise UsageError("give a QUERY, or an --actor, --from/--to, --source or --lang filter")
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if language:
        from .ingest.language import language_code_problem

        if language_code_problem(language):
            raise UsageError(f"--lang: {language_code_problem(language)}")
    result = lib.search(
        args.query, actors=args.actor, date_from=args.date_from, date_to=args.date_to, source=args.source,
        limit=args.limit, sort=args.sort, language=language, exact=args.exact,
    )
    if lib.index_note:  # an index built by an older analyzer: searched as before until rebuilt
        _complain(lib.index_note)
    if args.json:
        _print_json({
            "query": result.query,
            "total": result.total,
            "hits": [
                {
                    "id": h.id, "title": h.title, "date": h.date, "source": h.source, "path": h.path,
                    "language": h.language, "demo": h.demo, "score": h.score,
                    "snippets": [{"text": s.text, "highlights": [list(r) for r in s.highlights]} for s in h.snippets],
                }
                for h in result.hits
            ],
        })
        return EXIT_OK
    _say(f"{result.total} article(s) match {result.query or 'the filters'!r}; showing {len(result.hits)}.")
    for h in result.hits:
        _say()
        _say(f"{h.id}  {h.date or '----------'}  {h.language or '--'}  {h.source or '-'}{'  [demo]' if h.demo else ''}")
        _say(f"  {h.title}")
        for s in h.snippets:
            _say("    " + _mark(s.text, s.highlights))
    return EXIT_OK


def cmd_show(lib, args) -> int:
    a = lib.article(args.id)
    if args.json:
        _print_json({
            "id": a.id, "title": a.title, "date": a.date, "author": a.author, "source": a.source, "path": a.path,
            "url": a.url, "language": a.language, "demo": a.demo, "text": a.text,
            "actors": [{"id": r.id, "name": r.name, "type": r.type, "mentions": [list(m) for m in r.mentions]}
                       for r in a.actors],
            "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in a.removed],
            "pages": list(a.pages),
        })
        return EXIT_OK
    _say(demo_mark(a.demo) + a.title)
    _say(" · ".join(x for x in (a.date, a.author, a.source, a.language) if x))
    _say(a.path)
    if a.url:
        _say(a.url)
    _say()
    _say(a.text, multiline=True)
    if a.actors:
        _say()
        _say("Actors: " + ", ".join(f"{r.name} ({len(r.mentions)})" for r in a.actors))
    return EXIT_OK


def cmd_list(lib, args) -> int:
    language = None if args.lang is None else args.lang.strip().lower()
    if language:
        from .ingest.language import language_code_problem

        if language_code_problem(language):
            raise UsageError(f"--lang: {language_code_problem(language)}")
    rows = lib.articles(language)
    if language:
        _note_missing_languages(lib)
    if args.json:
        _print_json([{"id": r.id, "title": r.title, "date": r.date, "source": r.source, "path": r.path,
                      "language": r.language, "demo": r.demo} for r in rows])
        return EXIT_OK
    _table([(r.id, r.date, r.language or "--", r.source, demo_mark(r.demo) + r.title) for r in rows],
           ("ID", "DATE", "LANG", "SOURCE", "TITLE"))
    return EXIT_OK


def _note_missing_languages(lib) -> None:
    """A language filter misses articles whose language is unknown: say how many, and how to detect them."""
    missing = lib.without_language()
    if missing:
        _complain(f"Note: {missing} article(s) have no language (imported by an older version, or too short to "
                  "tell); `briefing-index rebuild` detects what it can, `briefing-index edit ID --lang CODE` sets one.")


def cmd_edit(lib, args) -> int:
    changes = {field: getattr(args, option) for option, (field, _m, _h) in EDIT_OPTIONS.items()
               if getattr(args, option) is not None}
    if not changes:
        raise UsageError("say what to correct, e.g. `briefing-index edit ID --date 2025-03-10` or "
                         "`briefing-index edit ID --lang uk`")
    try:
        article = lib.edit_details(args.id, changes)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        _print_json({"id": article.id, **{field: getattr(article, field) for field in changes}})
        return EXIT_OK
    edited = lib.article_edits(article.id)
    kept = " (kept when its file is imported again)" if set(changes) & set(edited) else ""
    _say(f"{article.id}: " + ", ".join(
        f"{field} = {getattr(article, field) or '(none)'}" + ("" if field in edited else " (as imported)")
        for field in changes) + kept)
    return EXIT_OK


def cmd_rebuild(lib, args) -> int:
    from .library import run_to_end

    progress = _ProgressBar(enabled=sys.stderr.isatty())
    try:
        report = run_to_end(lib.iter_rebuild(), progress.show)
    finally:
        progress.close()
    for note in report.notes:
        _complain(note)
    _say(f"Rebuilt the index: {report.articles} article(s).")
    for article_id in report.damaged:
        _complain(f"Skipped damaged store entry {article_id}; re-import its file to restore it.")
    return EXIT_OK


def cmd_serve(args) -> int:
    """Answer the library's searches until idle (see indexer/search_server.py)."""
    import math

    from .search_server import serve

    location = _library_location(args)
    if isinstance(location, str):
        raise UsageError("serve is for a library folder; a team library's searches already run on its server")
    if not (args.idle > 0 and math.isfinite(args.idle)):
        raise UsageError("--idle must be a number of minutes more than zero")
    _open_library(args).close()  # a damaged or locked-out library says so now, not at the first search

    def ready() -> None:
        _say(f"Answering searches of {os.path.realpath(location)} until {args.idle:g} minutes pass without one "
             "(Ctrl+C or SIGTERM ends it).")
        sys.stdout.flush()

    answered, reason = serve(location, args.idle, ready)
    _say(f"Stopped after {answered} search(es): {reason}.")
    return EXIT_OK


def cmd_salvage(args) -> int:
    """Re-import what the index records when the store is missing, empty or damaged."""
    from .library import iter_salvage, run_to_end

    if isinstance(_library_location(args), str):
        raise UsageError("salvage re-imports a library folder's articles from its index; a team library keeps "
                         "both on its PostgreSQL server, whose backups restore it.")
    library = _library_dir(args)
    progress = _ProgressBar(enabled=not args.json and sys.stderr.isatty())
    try:
        job = iter_salvage(library, record=args.record, max_size=parse_size(args.max_size))
        report = run_to_end(job, progress.show)
    finally:
        progress.close()
    if args.json:
        _print_json({**report.imported.to_json(), "recorded": report.recorded, "missing": report.missing,
                     "old_index": str(report.old_index), "old_store": str(report.old_store or "")})
    else:
        _print_salvage(report)
    return EXIT_OK  # like `add`: done, even if some files were not found (they are listed)


def _print_salvage(report) -> None:
    imported = report.imported
    _say(f"The index recorded {report.recorded} article(s): {len(imported.added)} re-imported from their files, "
         f"{len(report.missing)} not found, {len(imported.duplicates)} duplicate(s), {len(imported.skipped)} skipped.")
    for m in report.missing:
        _say(f"  not found  {m.get('id', '')}  {m.get('path') or '(no path recorded)'}  ({m.get('title', '')})")
    for s in imported.skipped:
        _say(f"  skipped    {s.path}: {s.reason}")
    if report.missing:
        _say("Find the missing files and import them with `briefing-index add`; they are also listed by "
             "`briefing-index log`.")
    _say(f"The old index is kept in {report.old_index} as their record; delete it when you no longer need it.")
    if report.old_store:
        _say(f"The old article store was set aside as {report.old_store}.")


def cmd_log(lib, args) -> int:
    entries = lib.import_log(args.limit)
    if args.json:
        _print_json([asdict(e) for e in entries])
        return EXIT_OK
    _table([(e.time, e.status, e.path, e.detail or e.article_id) for e in entries], ("TIME", "STATUS", "PATH", "DETAIL"))
    if len(entries) == args.limit:
        _say(f"(the last {args.limit} entries; --limit N shows more)")
    return EXIT_OK


def cmd_related(lib, args) -> int:
    rows = lib.related(args.id, limit=args.limit)
    if args.json:
        _print_json([{"id": r.id, "title": r.title, "date": r.date, "source": r.source, "path": r.path,
                      "demo": r.demo} for r in rows])
        return EXIT_OK
    _table([(r.id, r.date, r.source, demo_mark(r.demo) + r.title) for r in rows], ("ID", "DATE", "SOURCE", "TITLE"))
    return EXIT_OK


def cmd_actors(lib, args) -> int:
    action = getattr(args, "actors_command", None)
    if action is None:
        stats = lib.actor_stats()
        if args.json:
            _print_json([
                {"id": s.actor.id, "name": s.actor.name, "type": s.actor.type, "role": s.actor.role,
                 "aliases": list(s.actor.aliases), "articles": s.articles, "mentions": s.mentions,
                 "discovered": s.actor.discovered}
                for s in stats
            ])
            return EXIT_OK
        _table([(s.actor.id, s.actor.type, str(s.articles), str(s.mentions),
                 s.actor.name + (" *" if s.actor.discovered else "")) for s in stats],
               ("ID", "TYPE", "ARTICLES", "MENTIONS", "NAME (* discovered)"))
        return EXIT_OK
    if action == "suggest" and args.keep_apart:
        try:
            lib.keep_actors_apart(*args.keep_apart)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        _say(f"{args.keep_apart[0]} and {args.keep_apart[1]} are kept apart: they will not be suggested as one again.")
        return EXIT_OK
    if action == "suggest":
        return _print_merge_suggestions(lib, args.json, args.library)
    if action == "cooccur":
        rows = lib.cooccurrence(args.name)
        if args.json:
            _print_json([{"id": i, "name": _actor_name(lib, i), "articles": n} for i, n in rows])
        else:
            _table([(i, str(n), _actor_name(lib, i)) for i, n in rows], ("ID", "ARTICLES", "NAME"))
        return EXIT_OK
    try:
        if action == "merge":
            lib.merge_actors(args.keep_id, args.other_id)
            _say(f"Merged {args.other_id} into {args.keep_id}.")
        elif action == "rename":
            lib.rename_actor(args.actor_id, args.name)
            _say(f"Renamed {args.actor_id} to {args.name!r}.")
        elif action == "alias":
            lib.alias_actor(args.actor_id, args.alias)
            _say(f"Added alias {args.alias!r} to {args.actor_id}; run `briefing-index rebuild` to apply it to articles already imported.")
        elif action == "ignore":
            lib.ignore_actor(args.actor_id)
            _say(f"{args.actor_id} will no longer be shown.")
        elif action == "type":
            lib.set_actor_type(args.actor_id, args.type)
            _say(f"{args.actor_id} is now a {args.type}.")
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    return EXIT_OK


def _print_merge_suggestions(lib, as_json: bool, library: str | None) -> int:
    """`actors suggest`: each suggestion with its scores and the exact `actors merge` command that accepts it
    (with the --library given, a team address without its password)."""
    from .paths import redact_address
    where = f"--library {shlex.quote(redact_address(library))} " if library else ""
    rows = [(s, f"briefing-index {where}actors merge {shlex.quote(s.suggested_id)} {shlex.quote(s.discovered_id)}")
            for s in lib.merge_suggestions()]
    if as_json:
        _print_json([{"discovered": {"id": s.discovered_id, "name": s.discovered_name},
                      "suggested": {"id": s.suggested_id, "name": s.suggested_name},
                      "name_score": round(s.name_score, 1), "coactor_score": s.coactor_score, "merge": command}
                     for s, command in rows])
        return EXIT_OK
    if not rows:
        _say("No likely duplicates: no discovered person has both a similar name and the same co-actors as another.")
        return EXIT_OK
    dismiss = f"briefing-index {where}actors suggest --keep-apart"
    for s, command in rows:
        _say(f"{s.discovered_name} ({s.discovered_id}) is probably {s.suggested_name} ({s.suggested_id}): "
             f"name {s.name_score:.0f}/100, shared co-actors {s.coactor_score:.2f}")
        _say(f"  accept: {command}")
        _say(f"  dismiss: {dismiss} {shlex.quote(s.discovered_id)} {shlex.quote(s.suggested_id)}")
    return EXIT_OK


def cmd_quotes(lib, args) -> int:
    quotes = lib.quotes(actor=args.actor)
    demo = lib.demo_ids()
    if args.json:
        _print_json([{"article": q.article_id, "actor": q.actor_id, "text": q.text, "span": [q.start, q.end],
                      "kind": q.kind, "demo": q.article_id in demo} for q in quotes])
        return EXIT_OK
    for q in quotes:
        who = _actor_name(lib, q.actor_id) if q.actor_id else "(unattributed)"
        said = f"(reported) {q.text}" if q.reported else f"“{q.text}”"
        _say(f"{q.article_id}  {demo_mark(q.article_id in demo)}{who}: {said}")
    return EXIT_OK


def cmd_remove_demo(lib, args) -> int:
    removed = lib.remove_demo(lock_timeout=10.0)
    if args.json:
        _print_json({"removed": removed})
    elif removed:
        _say(f"Removed {removed} demo article(s) (invented stories), with their quotes and actor counts.")
    else:
        _say("The library holds no demo articles; nothing was removed.")
    return EXIT_OK


def demo_mark(demo: bool) -> str:
    """What marks an invented demo article in the CLI's output."""
    return "[demo] " if demo else ""


def cmd_timeline(lib, args) -> int:
    return _draw_picture(lib, args, "timeline")


def cmd_network(lib, args) -> int:
    return _draw_picture(lib, args, "network")


def _draw_picture(lib, args, kind: str) -> int:
    """Compute a picture's data, write it as -o FILE (SVG or PNG) and/or print it with --json."""
    from .pictures import render

    if not args.output and not args.json:
        raise UsageError(f"say where to draw the {kind}: -o FILE.svg or -o FILE.png (or --json for its data)")
    if args.output:
        try:
            render.picture_format(args.output, None)
        except render.RenderError as exc:
            raise UsageError(str(exc)) from exc
    scope = _picture_scope(args)
    if kind == "timeline":
        data, draw = lib.timeline(scope), render.render_timeline
    else:
        data, draw = lib.network(scope, min_weight=args.min_weight), render.render_network
    if args.output:
        title = default_picture_title(kind, scope) if args.title is None else args.title
        draw(data, args.output, theme=args.theme, title=title)
    if args.json:
        _print_json(data.to_json())
    else:
        _say(_picture_summary(kind, data) + f"; drawn to {args.output}")
    return EXIT_OK


def _picture_scope(args):
    """The picture's Scope from the command line: the same fields the app's search panel fills in
    (desktop/views/timeline.py search_scope); UsageError for a bad language code or a lone --every-actor."""
    from .pictures.scope import Scope

    language = args.lang.strip().lower()
    if language:
        from .ingest.language import language_code_problem

        if language_code_problem(language):
            raise UsageError(f"--lang: {language_code_problem(language)}")
    if args.every_actor and not args.actor:
        raise UsageError("--every-actor needs the actors to require: give one --actor NAME or more")
    return Scope(args.query, tuple(args.actor), args.date_from, args.date_to, language=language,
                 source=args.source.strip(), exact=args.exact, every_actor=args.every_actor)


def default_picture_title(kind: str, scope) -> str:
    what = "Who said what" if kind == "timeline" else "Who appears with whom"
    return f"{what}: {scope.describe()}"


def _picture_summary(kind: str, data) -> str:
    if kind == "timeline":
        return f"Timeline of {data.articles} article(s): {len(data.marks)} quote(s) on {len(data.lanes)} lane(s)"
    return (f"Network of {data.articles} article(s): {len(data.nodes)} actor(s), {len(data.edges)} link(s) "
            f"of at least {data.min_weight} shared article(s)")


COMMANDS = {
    "add": cmd_add, "search": cmd_search, "show": cmd_show, "list": cmd_list, "edit": cmd_edit,
    "rebuild": cmd_rebuild, "log": cmd_log, "related": cmd_related, "actors": cmd_actors, "quotes": cmd_quotes,
    "watch": cmd_watch, "remove-demo": cmd_remove_demo,
}
COMMANDS.update({"timeline": cmd_timeline, "network": cmd_network})
_COMMAND_NAMES = {*COMMANDS, "brief", "salvage", "serve"}


# -- output helpers ------------------------------------------------------------------
def _actor_name(lib, actor_id: str) -> str:
    actor = lib.actors_engine.actor(actor_id)
    return actor.name if actor else actor_id


def json_text(data) -> str:
    """One JSON document; C1 and bidi controls as \\u escapes too (same value, but inert on a terminal)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return re.sub(_UNSAFE_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", text)


def _print_json(data) -> None:
    sys.stdout.write(json_text(data) + "\n")


def _print_report(report) -> None:
    updated = len(report.updated)
    _say(f"Added {len(report.added) - updated}, " + (f"updated {updated}, " if updated else "")
         + f"duplicates {len(report.duplicates)}, unchanged {len(report.unchanged)}, skipped {len(report.skipped)}.")
    for a in report.added:
        _say(f"  {'updated' if a.updated else 'added':<9}  {a.id}  {a.title}")
    for d in report.duplicates:
        _say(f"  duplicate  {d.path}  ({d.detail}, id {d.duplicate_of})")
    for u in report.unchanged:
        _say(f"  unchanged  {u.path}")
    for s in report.skipped:
        _say(f"  skipped    {s.path}: {s.reason}")


def _table(rows, header) -> None:
    if not rows:
        print("(none)")
        return
    rows = [[printable(c) for c in row] for row in rows]
    width = shutil.get_terminal_size((120, 20)).columns
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        line = "  ".join(str(c).ljust(w) for c, w in zip(row, widths)) + "  " + str(row[-1])
        print(line[:width] if sys.stdout.isatty() else line)


def _mark(text: str, highlights) -> str:
    out, last = [], 0
    for start, end in highlights:
        out.append(text[last:start] + "[" + text[start:end] + "]")
        last = end
    return "".join(out) + text[last:]


_SIZE = r"(?i)^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*$"  # compiled when used


def parse_size(value: str) -> int:
    """'500KB', '20MB', '1GiB', '1024' -> bytes."""
    match = re.match(_SIZE, str(value))
    if not match:
        raise UsageError(f"--max-size {value!r} is not a size; use e.g. 500KB or 20MB")
    number = float(match.group(1))
    unit = (match.group(2) or "").lower().rstrip("b").rstrip("i")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
    size = int(number * factor)
    if size <= 0:
        raise UsageError("--max-size must be more than zero")
    return size


class _ProgressBar:
    """A one-line progress bar on stderr, only on a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._shown = False

    def show(self, step) -> None:
        if not self.enabled or not step.total:
            return
        cols = shutil.get_terminal_size((80, 20)).columns
        bar_w = max(10, min(40, cols - 40))
        filled = int(bar_w * step.done / step.total)
        label = printable(step.message)[: max(0, cols - bar_w - 20)]
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (bar_w - filled)}] {step.done}/{step.total} {label}\x1b[K")
        sys.stderr.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


# Commands that only read the library (and close it before main returns): once they have printed, nothing
# is left to save, so their process ends without the interpreter's teardown of every module it imported.
_QUICK_EXIT_COMMANDS = frozenset({"search", "show", "list", "log", "related", "quotes"})


def run() -> None:
    """The `briefing-index` program: main(), then the exit. After a read-only command the process ends at
    once (os._exit, once what was printed and logged is flushed): tearing down Whoosh, SQLite and the
    model took 5-10 ms of a 0.1 s search process."""
    code = main()
    if _named_command(sys.argv[1:]) in _QUICK_EXIT_COMMANDS and _nothing_running() and _flushed():
        os._exit(code)
    sys.exit(code)


def _nothing_running() -> bool:
    """No other thread and no child process is left, that the ordinary exit would wait for."""
    multiprocessing = sys.modules.get("multiprocessing")
    return threading.active_count() == 1 and (multiprocessing is None or not multiprocessing.active_children())


def _flushed() -> bool:
    """Flush stdout, stderr and the log; False when that failed (e.g. a closed pipe): the ordinary exit
    then reports it as it always has."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        return False
    logging.shutdown()  # what atexit would do: flush and close the log file
    return True


if __name__ == "__main__":  # pragma: no cover
    run()
