"""Briefings: the document model, safe JSON persistence, and Markdown/HTML export. Qt-free."""

from __future__ import annotations

import importlib

# Names are loaded on first use (PEP 562): `briefing-index search` never pays for markdown and nh3.
_HOMES = {
    "blockquote": "escape", "escape_inline": "escape", "escape_markdown_text": "escape",
    "to_html": "html_export", "to_markdown": "markdown_export", "sanitise_note": "notes",
    "STALE_CHANGED": "model", "STALE_MISSING": "model", "Briefing": "model", "Excerpt": "model", "Note": "model",
    "ActorNote": "model", "actor_notes": "appendix", "home_relative": "appendix",
    "Section": "model", "Picture": "model", "excerpt_from_article": "model", "find_quote": "model",
    "FORMAT": "store", "SUFFIX": "store", "VERSION": "store", "RecoveryFile": "store", "briefing_from_dict": "store",
    "briefing_to_dict": "store", "check_stale": "store", "load_briefing": "store", "save_briefing": "store",
    "STALE_LABELS": "model", "article_citation": "model", "quote_at_span": "model",
    "CitationRefresh": "refresh", "plan_refresh": "refresh", "refresh_citations": "refresh",
    "TITLE_OPENING": "model", "TITLE_NONE": "model", "title_kind": "model", "untitled_words": "model",
}  # fmt: skip
__all__ = list(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))

