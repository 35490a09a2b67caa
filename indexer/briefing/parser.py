"""The `brief` command's arguments, kept apart from its handlers so `briefing-index` starts fast:
building the parser imports nothing of the briefing package (no markdown, no nh3)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_brief_parser(subparsers: Any) -> None:
    """Add `brief new|add|note|show|export` to the top-level subparsers."""
    brief = subparsers.add_parser("brief", help="create, fill, show and export briefings",
                                  description="Create and edit briefing files, and export them as Markdown or HTML.")
    actions = brief.add_subparsers(dest="brief_command", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="create a briefing file")
    new.add_argument("file", metavar="FILE", help="the briefing file to create, e.g. week.briefing.json")
    new.add_argument("--title", required=True, help="the briefing's title")

    add = actions.add_parser("add", help="add an excerpt of an article")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--article", required=True, metavar="ID", help="the article id (see `search` or `list`)")
    add.add_argument("--quote", metavar="TEXT", help="the excerpt, exactly as it appears in the article")
    add.add_argument("--start", type=int, metavar="N", help="first character of the excerpt")
    add.add_argument("--end", type=int, metavar="N", help="character just after the excerpt")
    add.add_argument("--note", default="", metavar="TEXT", help="an analyst note (Markdown) for the excerpt")
    add.add_argument("--section", metavar="TITLE", help="section to add to (created if new; default: the last)")

    note = actions.add_parser("note", help="add an analyst note (Markdown)")
    note.add_argument("file", metavar="FILE")
    note.add_argument("text", metavar="TEXT")
    note.add_argument("--section", metavar="TITLE", help="section to add to (created if new; default: the last)")

    show = actions.add_parser("show", help="print a briefing's outline")
    show.add_argument("file", metavar="FILE")
    show.add_argument("--json", action="store_true", help="print the briefing as one JSON document")

    export = actions.add_parser("export", help="export a briefing as Markdown or HTML")
    export.add_argument("file", metavar="FILE")
    export.add_argument("--format", choices=("md", "html"), dest="export_format",
                        help="md or html (default: from the output file's name, .md or .html)")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="output file, or - for stdout")


EXPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def infer_export_format(args: argparse.Namespace) -> str | None:
    """`brief export` without --format: the format its -o file's name asks for, else None (the caller says so)."""
    if getattr(args, "export_format", None):
        return args.export_format
    return EXPORT_SUFFIXES.get(Path(args.output).suffix.lower()) if args.output != "-" else None
