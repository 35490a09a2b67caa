"""The `brief` command of `briefing-index`: create, fill, show and export briefing files.

The top-level CLI calls `add_brief_parser(subparsers)` and, for `brief`, `run_brief(args, open_library)`.
Exit codes: 0 done, 1 failed (e.g. unreadable file), 2 usage error (e.g. a quote not in the article).
A briefing file is only ever replaced, atomically, after the whole command succeeded. `show` and `export`
cite each article as the library has it now (the analyst's corrections included) without changing the file.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable, Collection

from indexer.cli import json_text, printable
from indexer.errors import ArticleNotFoundError, BriefingReaderError

from .html_export import to_html
from .markdown_export import export_markdown, made_from, to_markdown
from .model import (
    Briefing, Excerpt, Item, Note, Picture, Section, excerpt_from_article, find_quote, quote_at_span, untitled_words,
)
from .refresh import CitationRefresh, apply_refresh, plan_refresh
from .store import briefing_to_dict, load_briefing, save_briefing, write_atomic

DEFAULT_EXCERPT_SECTION = "Excerpts"
DEFAULT_NOTE_SECTION = "Notes"
EXPORT_MODE = 0o600  # an export holds article excerpts: user-only, like the briefing


class UsageError(Exception):
    """Bad input from the user: exit code 2."""


def run_brief(args: argparse.Namespace, open_library: Callable[[], Any]) -> int:
    """Run a `brief` action; returns the exit code. Errors go to stderr as one clear line."""
    handlers = {"new": _new, "add": _add, "note": _note, "show": _show, "export": _export}
    handler = handlers.get(getattr(args, "brief_command", None))
    if handler is None:
        return _fail("choose a brief action: new, add, note, show or export", 2)
    try:
        handler(args, open_library)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except BriefingReaderError as exc:
        return _fail(str(exc), 1)
    return 0


def _fail(message: str, code: int) -> int:
    _warn(message)
    return code


def _new(args: argparse.Namespace, _open_library: Callable[[], Any]) -> None:
    path = Path(args.file)
    if path.exists():
        raise UsageError(f"{path} already exists; choose another file name or open it with `brief show`.")
    if not args.title.strip():
        raise UsageError("the --title must not be empty.")
    save_briefing(Briefing(title=args.title), path)
    _say(f"Created {path}")


def _add(args: argparse.Namespace, open_library: Callable[[], Any]) -> None:
    path = Path(args.file)
    briefing = load_briefing(path)
    has_span = args.start is not None or args.end is not None
    if (args.quote is None) == (not has_span):
        raise UsageError("give either --quote TEXT or both --start N and --end N.")
    if has_span and (args.start is None or args.end is None):
        raise UsageError("--start and --end go together; give both.")
    article = _fetch_article(open_library, args.article, path)
    try:
        start, end = find_quote(article.text, args.quote) if args.quote is not None else (args.start, args.end)
        excerpt = excerpt_from_article(article, start, end, note=args.note, **_quote_fields(article, start, end))
    except ValueError as exc:
        raise UsageError(f"article {article.id}: {exc}. {path} was not changed.") from None
    section = _target_section(briefing, args.section, DEFAULT_EXCERPT_SECTION)
    briefing.add_item(section.id, excerpt)
    save_briefing(briefing, path)
    _say(f"Added excerpt {excerpt.id} ({start}-{end} of article {article.id}{_quote_words(excerpt)}) "
         f"to section {section.title!r} of {path}")


def _quote_fields(article: Any, start: Any, end: Any) -> dict[str, str]:
    """A span that is exactly one of the article's quotes is cited as the app cites it: with the article's own
    speaker (none when it names none) and the quote's kind. Any other span is a plain excerpt."""
    found = quote_at_span(article, start, end)
    return {} if found is None else {"speaker": found[0], "quote_kind": found[1]}


def _quote_words(excerpt: Excerpt) -> str:
    if not excerpt.quote_kind:
        return ""
    what = "reported speech" if excerpt.reported else "a quote"
    return f", {what} by {excerpt.speaker}" if excerpt.speaker else f", {what} with no speaker named"


def _fetch_article(open_library: Callable[[], Any], article_id: str, path: Path) -> Any:
    """The article from the library, which is closed again straight away."""
    library = open_library()
    try:
        return library.article(article_id)
    except ArticleNotFoundError:
        raise UsageError(f"no article with id {article_id!r} in the library; find ids with `search` or `list`. "
                         f"{path} was not changed.") from None
    finally:
        close = getattr(library, "close", None)
        if callable(close):
            close()


def _note(args: argparse.Namespace, _open_library: Callable[[], Any]) -> None:
    path = Path(args.file)
    briefing = load_briefing(path)
    if not args.text.strip():
        raise UsageError(f"the note is empty. {path} was not changed.")
    section = _target_section(briefing, args.section, DEFAULT_NOTE_SECTION)
    note = Note(args.text)
    briefing.add_item(section.id, note)
    save_briefing(briefing, path)
    _say(f"Added note {note.id} to section {section.title!r} of {path}")


def _target_section(briefing: Briefing, title: str | None, default_title: str) -> Section:
    """The section named `title` (created if new), else the last one (created if none)."""
    if title is not None:
        if not title.strip():
            raise UsageError("the --section title must not be empty.")
        return briefing.section_by_title(title) or briefing.add_section(title)
    return briefing.sections[-1] if briefing.sections else briefing.add_section(default_title)


def _follow_library(briefing: Briefing, open_library: Callable[[], Any], path: Path) -> CitationRefresh | None:
    """Cite each excerpt's article as the library has it now (the file is not changed). When the library
    cannot be read, or holds none of the cited articles (another library), say so on stderr and keep the
    citations as saved: None."""
    if not briefing.excerpts():
        return None
    library = None
    try:
        library = open_library()
        refresh = plan_refresh(briefing, _citing_lookup(library, briefing))
    except (BriefingReaderError, OSError, sqlite3.Error) as exc:
        _warn(f"the citations of {path} could not be checked against the library ({exc}); they are shown as "
              "saved. Check the --library folder and try again.")
        return None
    finally:
        close = getattr(library, "close", None)
        if callable(close):
            close()
    if refresh.none_found:  # a briefing built from another library: flagging every excerpt would mislead
        where = getattr(library, "path", "")
        _warn(f"none of the articles {path} cites is in this library{f' ({where})' if where else ''}; the citations "
              "are shown as saved. Pass --library with the folder the briefing was built from.")
        return None
    apply_refresh(briefing, refresh)
    return refresh


def _citing_lookup(library: Any, briefing: Briefing) -> Callable[[str], Any]:
    """library.article for the articles of quote excerpts (their speaker needs the actors), else the faster
    library.plain_article where the library has it: citing needs no actor engine."""
    quoted = {e.article_id for e in briefing.excerpts() if e.speaker or e.quote_kind}
    plain = getattr(library, "plain_article", None)

    def lookup(article_id: str) -> Any:
        return library.article(article_id) if plain is None or article_id in quoted else plain(article_id)

    return lookup


def _warn(message: str) -> None:
    """One message on stderr, with control and bidi characters escaped."""
    print(printable(f"briefing-index brief: {message}", multiline=True), file=sys.stderr)


def _show(args: argparse.Namespace, open_library: Callable[[], Any]) -> None:
    path = Path(args.file)
    briefing = load_briefing(path)
    refresh = _follow_library(briefing, open_library, path)
    if getattr(args, "json", False):
        print(json_text(briefing_to_dict(briefing)))
        return
    _say(briefing.title)
    for label, value in (("Subtitle", briefing.subtitle), ("Author", briefing.author)):
        if value:
            _say(f"{label}: {value}")
    _say(f"Modified: {briefing.modified}")
    if refresh is not None and refresh.summary():
        _say(f"{refresh.summary()} ({path} keeps the citations it was saved with.)")
    updated = set(refresh.updates) if refresh is not None else set()
    for section in briefing.sections:
        print()
        _say(f"## {section.title}")
        for item in section.items:
            _say(f"  {_describe(item, updated)}")


def _say(line: str) -> None:
    """One line of human-readable output, with control and bidi characters escaped."""
    print(printable(line))


def _describe(item: Item, updated: Collection[str] = ()) -> str:
    if isinstance(item, Note):
        return f"[note {item.id[:8]}] {_shorten(item.text)}"
    if isinstance(item, Picture):
        return f"[{item.kind} {item.id[:8]}] {_shorten(item.caption)} (made from {made_from(item)})"
    assert isinstance(item, Excerpt)
    flag = f" ({item.stale_label})" if item.stale else ""
    flag += " (citation updated from the library)" if item.id in updated else ""
    untitled = untitled_words(item.title, item.title_kind)
    origin = ", ".join(v for v in (item.source, item.date) if v) or (f"an {untitled}" if untitled else item.title)
    return f"[excerpt {item.id[:8]}] \"{_shorten(item.text)}\" — {origin} [{item.article_id} {item.start}-{item.end}]{flag}"


def _shorten(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _export(args: argparse.Namespace, open_library: Callable[[], Any]) -> None:
    source = Path(args.file)
    briefing = load_briefing(source)
    refresh = _follow_library(briefing, open_library, source)
    if refresh is not None and refresh.summary():
        _warn(refresh.summary())
    text = to_html(briefing) if args.export_format == "html" else to_markdown(briefing)
    if args.output != "-" and args.export_format != "html" and briefing.pictures():
        return _export_with_pictures(briefing, source, Path(args.output))
    if args.output == "-":
        sys.stdout.write(text)
        return
    output = Path(args.output)
    if output.exists() and output.resolve() == source.resolve():
        raise UsageError(f"the output {output} is the briefing file itself; choose another -o path.")
    write_atomic(output, text.encode("utf-8", errors="replace"), mode=EXPORT_MODE)
    _say(f"Exported {source} to {output}")


def _export_with_pictures(briefing: Briefing, source: Path, output: Path) -> None:
    """Markdown with its pictures: each figure's PNG and SVG written beside the .md file and linked."""
    if output.exists() and output.resolve() == source.resolve():
        raise UsageError(f"the output {output} is the briefing file itself; choose another -o path.")
    written = export_markdown(briefing, output, lambda path, data: write_atomic(path, data, mode=EXPORT_MODE))
    _say(f"Exported {source} to {output} with {len(written) - 1} picture file(s) beside it")
