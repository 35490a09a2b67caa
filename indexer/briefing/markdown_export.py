"""Export a briefing as a clean CommonMark document with footnote citations.

Everything that comes from articles (excerpt text, titles, outlets, paths) is escaped so it
is always text; the analyst's notes keep their Markdown, with raw HTML, images and unsafe links
made inert (see notes.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from typing import Mapping, Optional, Union

from .appendix import appendix_entries, home_relative
from .escape import blockquote, escape_inline
from .model import STALE_CHANGED, STALE_MISSING, ActorNote, Briefing, Excerpt, Note
from .notes import sanitise_note

_SAFE_URL = re.compile(r"https?://[A-Za-z0-9\-.~:/?#@!$&'+,;=%]+\Z")
_STALE_REMARKS = {
    STALE_CHANGED: "the article has changed since this excerpt was taken",
    STALE_MISSING: "the article is no longer in the library",
}


@dataclass(frozen=True)
class _Source:
    number: int
    excerpt: Excerpt  # the first excerpt citing the article: its metadata snapshot is used


def to_markdown(briefing: Briefing, *, include_actors: bool = True, today: Union[Date, str, None] = None,
                actor_notes: Optional[Mapping[str, ActorNote]] = None) -> str:
    """The briefing as Markdown: title, sections of quoted excerpts and notes, sources, actors.

    `actor_notes` (from appendix.actor_notes) gives the analyst's view of the excerpts' actors by the
    name each excerpt recorded; without it the appendix lists the recorded names and types."""
    sources = _number_sources(briefing)
    blocks = [f"# {escape_inline(briefing.title) or 'Untitled briefing'}"]
    if briefing.subtitle.strip():
        blocks.append(f"*{escape_inline(briefing.subtitle)}*")
    blocks.append(_prepared_line(briefing, len(sources), today))
    for section in briefing.sections:
        blocks.append(f"## {escape_inline(section.title) or 'Untitled section'}")
        for item in section.items:
            if isinstance(item, Note):
                blocks.extend(_note_blocks(item.text))
            else:
                blocks.extend(_excerpt_blocks(item, sources[item.article_id].number))
    if sources:
        blocks.append("## Sources")
        blocks.append("\n".join(f"{s.number}. {_source_entry(s.excerpt)}" for s in sources.values()))
    actors = _actor_lines(briefing, actor_notes) if include_actors else []
    if actors:
        blocks.append("## Actors")
        blocks.append("\n".join(actors))
    if sources:
        blocks.append("\n".join(f"[^{s.number}]: {_footnote(s.excerpt)}" for s in sources.values()))
    return "\n\n".join(blocks) + "\n"


def _number_sources(briefing: Briefing) -> dict[str, _Source]:
    """Citation numbers by article id, in order of first citation."""
    sources: dict[str, _Source] = {}
    for excerpt in briefing.excerpts():
        if excerpt.article_id not in sources:
            sources[excerpt.article_id] = _Source(len(sources) + 1, excerpt)
    return sources


def _prepared_line(briefing: Briefing, count: int, today: Union[Date, str, None]) -> str:
    when = today if today is not None else Date.today()
    when_text = when.isoformat() if isinstance(when, Date) else str(when)
    line = f"Prepared {escape_inline(when_text)}"
    if briefing.author.strip():
        line += f" by {escape_inline(briefing.author)}"
    return f"{line} · {count} source{'' if count == 1 else 's'}"


def _note_blocks(text: str) -> list[str]:
    """An analyst note: their own Markdown, made inert, trimmed of surrounding blank lines."""
    text = sanitise_note(text).strip("\n").rstrip()
    return [text] if text.strip() else []


def _excerpt_blocks(excerpt: Excerpt, number: int) -> list[str]:
    origin = excerpt.source if excerpt.source.strip() else excerpt.title
    attribution = ", ".join(escape_inline(v) for v in (origin, excerpt.date) if v.strip()) or "Unknown source"
    line = f"— {attribution}[^{number}]"
    if excerpt.stale in _STALE_REMARKS:
        line += f" *({_STALE_REMARKS[excerpt.stale]})*"
    return [blockquote(excerpt.text), line, *_note_blocks(excerpt.note)]


def _source_entry(excerpt: Excerpt) -> str:
    """Title, outlet, author, date, then the original URL or file path."""
    title = escape_inline(excerpt.title) or "Untitled article"
    details = [escape_inline(v) for v in (excerpt.source, excerpt.author, excerpt.date) if v.strip()]
    entry = f"*{title}*" + (f" — {', '.join(details)}" if details else "")
    location = _location(excerpt)
    return f"{entry}. {location}" if location else f"{entry}."


def _location(excerpt: Excerpt) -> str:
    """The article's web address when known, else its file relative to the home folder (never absolute)."""
    url = excerpt.url.strip()
    if url and _SAFE_URL.match(url):
        return f"<{url}>"
    if url:
        return escape_inline(url)
    local = home_relative(excerpt.path)
    if local.startswith("~/"):  # a lone leading tilde is plain text; escaping it would show "&#126;" in the file
        return "~/" + escape_inline(local[2:])
    return escape_inline(local)


def _footnote(excerpt: Excerpt) -> str:
    title = escape_inline(excerpt.title) or "Untitled article"
    details = ", ".join(escape_inline(v) for v in (excerpt.source, excerpt.date) if v.strip())
    return f"{title}" + (f" — {details}" if details else "") + "."


def _actor_lines(briefing: Briefing, notes: Optional[Mapping[str, ActorNote]]) -> list[str]:
    """One line per actor seen in the excerpts: name, type, and the aliases the analyst added."""
    lines = []
    for entry in appendix_entries(briefing, notes):
        line = f"- **{escape_inline(entry.name)}**"
        if entry.type.strip():
            line += f" ({escape_inline(entry.type)})"
        if entry.aliases:
            line += " — also: " + ", ".join(escape_inline(a) for a in entry.aliases)
        lines.append(line)
    return lines
