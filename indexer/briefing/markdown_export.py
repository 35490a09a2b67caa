"""Export a briefing as a clean CommonMark document with footnote citations.

Everything that comes from articles (excerpt text, titles, outlets, paths) is escaped so it
is always text; the analyst's notes keep their Markdown, with raw HTML, images and unsafe links
made inert (see notes.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Callable, Mapping, Optional, Union
from urllib.parse import quote

from .appendix import appendix_entries, home_relative
from .escape import blockquote, escape_inline
from .model import STALE_CHANGED, STALE_MISSING, ActorNote, Briefing, Excerpt, Note, Picture, untitled_words
from indexer.model import QUOTE_DIRECT
from .notes import sanitise_note

PictureMarkup = Callable[[Picture, int], list]  # (picture, figure number) -> Markdown blocks

_SAFE_URL = re.compile(r"https?://[A-Za-z0-9\-.~:/?#@!$&'+,;=%]+\Z")
REPORTED_LABEL = "Reported speech, not a quotation"
_STALE_REMARKS = {
    STALE_CHANGED: "the article has changed since this excerpt was taken",
    STALE_MISSING: "the article is no longer in the library",
}


@dataclass(frozen=True)
class _Source:
    number: int
    excerpt: Excerpt  # the first excerpt citing the article: its metadata snapshot is used


def to_markdown(
    briefing: Briefing, *, include_actors: bool = True, today: Union[Date, str, None] = None,
    picture_files: Optional[Mapping[str, tuple[str, str]]] = None, picture_markup: Optional[PictureMarkup] = None,
    actor_notes: Optional[Mapping[str, ActorNote]] = None,
) -> str:
    """The briefing as Markdown: title, sections of quoted excerpts, notes and pictures, sources, actors.

    A picture links its PNG and SVG files when `picture_files` names them (item id -> (png, svg) relative
    paths; see export_markdown); otherwise only its caption is written. `picture_markup` replaces how a
    picture is written (the HTML export embeds the image). `actor_notes` (from appendix.actor_notes) gives
    the analyst's view of the excerpts' actors by the name each excerpt recorded; without it the appendix
    lists the recorded names and types."""
    sources = _number_sources(briefing)
    figures = {p.id: n for n, p in enumerate(briefing.pictures(), 1)}
    markup = picture_markup or (lambda picture, number: _picture_blocks(picture, number, picture_files))
    blocks = [f"# {escape_inline(briefing.title) or 'Untitled briefing'}"]
    if briefing.subtitle.strip():
        blocks.append(f"*{escape_inline(briefing.subtitle)}*")
    blocks.append(_prepared_line(briefing, len(sources), today))
    for section in briefing.sections:
        blocks.append(f"## {escape_inline(section.title) or 'Untitled section'}")
        for item in section.items:
            if isinstance(item, Note):
                blocks.extend(_note_blocks(item.text))
            elif isinstance(item, Picture):
                blocks.extend(markup(item, figures[item.id]))
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


def picture_caption(picture: Picture, number: int) -> str:
    """'Figure 1. The caption — timeline of “harbour” · Lavrov, drawn 2026-11-30.' as escaped Markdown."""
    caption = escape_inline(picture.caption.strip()) or ("Timeline" if picture.kind == "timeline" else "Network")
    origin = escape_inline(made_from(picture))
    drawn = escape_inline(picture.made[:10])
    return f"*Figure {number}.* {caption} — {picture.kind} of {origin}" + (f", drawn {drawn}." if drawn else ".")


def made_from(picture: Picture) -> str:
    """The query a picture was made from, in words, naming every filter as Scope.describe() does ("the whole
    library" when none); a stored field that cannot be read is left out, and the words say so. Not escaped."""
    from indexer.pictures.scope import readable_scope

    scope, damaged = readable_scope(picture.scope)
    parts = [scope.describe()]
    if damaged:
        parts.append("part of the stored query cannot be read")
    if picture.options.get("min_weight", 1) not in (1, None):
        parts.append(f"links of at least {picture.options['min_weight']} shared articles")
    return " · ".join(parts)


def _picture_blocks(picture: Picture, number: int, files: Optional[Mapping[str, tuple[str, str]]]) -> list[str]:
    caption = picture_caption(picture, number)
    if not files or picture.id not in files:
        return [caption + " *(picture not included: export the briefing to a Markdown file to get it)*"]
    png, svg = files[picture.id]
    alt = escape_inline(picture.caption.strip()) or f"Figure {number}"
    return [f"![{alt}](<{quote(png)}>)", f"{caption} [SVG](<{quote(svg)}>)"]


def picture_file_names(briefing: Briefing, markdown_path: Union[str, Path]) -> dict[str, tuple[str, str]]:
    """Names for each picture's files beside the Markdown file: talks.md -> talks-figure-1.png, .svg."""
    stem = Path(markdown_path).stem
    return {p.id: (f"{stem}-figure-{n}.png", f"{stem}-figure-{n}.svg") for n, p in enumerate(briefing.pictures(), 1)}


def export_markdown(briefing: Briefing, path: Union[str, Path], write: Callable[[Path, bytes], None], **options) -> list[Path]:
    """Write the briefing as Markdown at `path`, each picture's PNG and SVG beside it (with `write`, e.g. an
    atomic writer); returns every file written, the Markdown last. Options are those of to_markdown."""
    path = Path(path)
    files = picture_file_names(briefing, path)
    written = []
    for picture in briefing.pictures():
        png, svg = files[picture.id]
        write(path.with_name(png), picture.png)
        write(path.with_name(svg), _safe_svg(picture).encode("utf-8"))
        written += [path.with_name(png), path.with_name(svg)]
    write(path, to_markdown(briefing, picture_files=files, **options).encode("utf-8", errors="replace"))
    return written + [path]


def _safe_svg(picture: Picture) -> str:
    """The picture's SVG, sanitised; an SVG that cannot be read is replaced by one showing the PNG snapshot."""
    from .html_export import UnsafeSvgError, sanitise_svg

    try:
        return sanitise_svg(picture.svg)
    except UnsafeSvgError:
        import base64

        data = base64.b64encode(picture.png).decode("ascii")
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="750">'
                f'<image href="data:image/png;base64,{data}" width="100%" height="100%"/></svg>')


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
    line = f"— {_attribution(excerpt)}[^{number}]"
    if excerpt.stale in _STALE_REMARKS:
        line += f" *({_STALE_REMARKS[excerpt.stale]})*"
    return [_excerpt_text(excerpt), line, *_note_blocks(excerpt.note)]


def _excerpt_text(excerpt: Excerpt) -> str:
    """A block quote; reported speech is a labelled plain paragraph, never presented as someone's words."""
    if excerpt.reported:
        return f"*{REPORTED_LABEL}:* {escape_inline(excerpt.text)}"
    return blockquote(excerpt.text)


def _attribution(excerpt: Excerpt) -> str:
    """'Outlet, date', with ', p. 4' for a PDF's page; a quote's speaker comes first:
    'Speaker, in “Title”, Outlet, date'."""
    page = _page(excerpt)
    return f"{_origin(excerpt)}, {page}" if page else _origin(excerpt)


def _page(excerpt: Excerpt) -> str:
    """'p. 4' or 'pp. 4–5' when the excerpt's article has pages."""
    label = excerpt.page.strip()
    if not label:
        return ""
    return f"{'pp.' if '–' in label else 'p.'} {escape_inline(label)}"


def _origin(excerpt: Excerpt) -> str:
    """'Outlet, date'; a quote's speaker comes first: 'Speaker, in “Title”, Outlet, date' (a stand-in title:
    'Speaker, in an untitled article beginning “…”, Outlet, date'). Reported speech is never cited as the
    speaker's words: 'Speaker (reported speech), in …', or 'reported, Outlet, date' without a speaker; a direct
    quote without a speaker: 'speaker not identified, Outlet, date'."""
    if not excerpt.speaker.strip():  # a quote whose speaker the app could not tell is never the outlet's words
        prefix = ("reported, " if excerpt.reported else
                  "speaker not identified, " if excerpt.quote_kind == QUOTE_DIRECT else "")
        origin = escape_inline(excerpt.source) or _title_label(excerpt, fallback="")
        return prefix + (", ".join(v for v in (origin, escape_inline(excerpt.date)) if v) or "Unknown source")
    parts = [escape_inline(excerpt.speaker) + (" (reported speech)" if excerpt.reported else "")]
    untitled = untitled_words(excerpt.title, excerpt.title_kind, escape_inline)
    if untitled:
        parts.append(f"in an {untitled}")
    elif excerpt.title.strip():
        parts.append(f"in “{escape_inline(excerpt.title)}”")
    parts += [escape_inline(v) for v in (excerpt.source, excerpt.date) if v.strip()]
    return ", ".join(parts)


def _title_label(excerpt: Excerpt, fallback: str = "Untitled article") -> str:
    """The title as a source list names the article (escaped): a stand-in title is never shown as a headline
    but as 'Untitled article beginning “…”'."""
    untitled = untitled_words(excerpt.title, excerpt.title_kind, escape_inline)
    if untitled:
        return untitled[0].upper() + untitled[1:]
    return escape_inline(excerpt.title) or fallback


def _source_entry(excerpt: Excerpt) -> str:
    """Title, outlet, author, date, then the original URL or file path."""
    title = _title_label(excerpt) if excerpt.untitled else f"*{escape_inline(excerpt.title) or 'Untitled article'}*"
    details = [escape_inline(v) for v in (excerpt.source, excerpt.author, excerpt.date) if v.strip()]
    entry = title + (f" — {', '.join(details)}" if details else "")
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
    title = _title_label(excerpt)
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
