"""Briefings: the document model, safe JSON persistence, and Markdown/HTML export. Qt-free."""

from __future__ import annotations

from .escape import blockquote, escape_inline, escape_markdown_text
from .html_export import to_html
from .markdown_export import to_markdown
from .model import (
    STALE_CHANGED,
    STALE_MISSING,
    Briefing,
    Excerpt,
    Note,
    Section,
    excerpt_from_article,
    find_quote,
)
from .store import (
    FORMAT,
    SUFFIX,
    VERSION,
    RecoveryFile,
    briefing_from_dict,
    briefing_to_dict,
    check_stale,
    load_briefing,
    save_briefing,
)

__all__ = [
    "FORMAT", "SUFFIX", "VERSION", "STALE_CHANGED", "STALE_MISSING",
    "Briefing", "Excerpt", "Note", "Section", "RecoveryFile",
    "blockquote", "briefing_from_dict", "briefing_to_dict", "check_stale", "escape_inline",
    "escape_markdown_text", "excerpt_from_article", "find_quote", "load_briefing", "save_briefing",
    "to_html", "to_markdown",
]  # fmt: skip
