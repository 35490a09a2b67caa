"""Markdown to plain text: front matter, headings, emphasis, links, images, code."""

from __future__ import annotations

import re

from .metadata import TextMeta, iso_date

__all__ = ["markdown_to_text"]

_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n(?P<body>.*?)\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*[:=]\s*(?P<value>.*)$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
# Bounded, bracket-free spans keep every pattern linear on hostile input ("[[[[...").
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)|!\[[^\[\]\n]{0,500}\]\[[^\[\]\n]{0,200}\]")
_LINK = re.compile(
    r"\[([^\[\]\n]{1,500})\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)|\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,200}\]"
)
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>|<!--.{0,300}?-->", re.S)
_EMPHASIS = re.compile(
    r"(\*\*\*|\*\*|\*|~~)(?=[^\s*~])(.{1,150}?)(?<=\S)\1|(?<!\w)(__|_)(?=[^\s_])(.{1,150}?)(?<=\S)\3(?!\w)"
)
_CODE = re.compile(r"`{1,3}([^`\n]{1,2000})`{1,3}")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
# Escaped ASCII punctuation is parked meanwhile in a 128-character block of the supplementary Private
# Use Areas (planes 15-16) that the line does not use, so the text's own private-use characters survive.
_SHIELD_AREA = 0xF0000
_SHIELD_BLOCKS = (0x110000 - _SHIELD_AREA) // 128
_SUPPLEMENTARY_PRIVATE = re.compile("[\U000F0000-\U0010FFFF]")
_UNQUOTE = re.compile(r"""^(["'])(.*)\1$""")


def markdown_to_text(source: str) -> tuple[str, TextMeta]:
    """Plain text and front-matter/heading metadata of a Markdown document.

    The title is the front matter `title:` or the first level-1 heading; that
    heading line is not repeated in the text.
    """
    meta, source = _front_matter(source)
    out: list[str] = []
    title = meta.title
    in_fence = False
    for line in source.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        if _RULE.match(line) or _REF_DEF.match(line):
            out.append("")
            continue
        if _SETEXT.match(line) and out and out[-1].strip():
            continue
        heading = _HEADING.match(line)
        if heading:
            text = _inline(heading.group(2))
            if heading.group(1) == "#" and not title:
                title = text
                continue
            out.append(text)
            continue
        out.append(_inline(_QUOTE.sub("", line)))
    return "\n".join(out), TextMeta(title=title, date=meta.date, author=meta.author, source=meta.source, url=meta.url)


def _inline(text: str) -> str:
    shield = _free_shield(text) if "\\" in text else None
    if shield is not None:  # protect escaped characters from the emphasis and link patterns
        text = _ESCAPE.sub(lambda m: chr(shield + ord(m.group(1))), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(3):  # nested emphasis such as ***bold italic***
        new = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4) or "", text)
        if new == text:
            break
        text = new
    if shield is not None:
        shielded = re.compile(f"[{chr(shield)}-{chr(shield + 127)}]")
        text = shielded.sub(lambda m: chr(ord(m.group()) - shield), text)
    return text.rstrip()


def _free_shield(text: str) -> int | None:
    """The first code point of a private-use block the text does not use (None if it uses them all)."""
    used = {(ord(ch) - _SHIELD_AREA) // 128 for ch in _SUPPLEMENTARY_PRIVATE.findall(text)}
    free = next((block for block in range(_SHIELD_BLOCKS) if block not in used), None)
    return None if free is None else _SHIELD_AREA + free * 128


def _front_matter(source: str) -> tuple[TextMeta, str]:
    match = _FRONT_MATTER.match(source)
    if not match:
        return TextMeta(), source
    fields: dict[str, str] = {}
    for line in match.group("body").split("\n"):
        field = _FIELD.match(line.strip())
        if field:
            value = _UNQUOTE.sub(r"\2", field.group("value").strip())
            fields.setdefault(field.group("key").lower(), value)
    author = fields.get("author") or fields.get("authors") or fields.get("byline") or ""
    meta = TextMeta(
        title=fields.get("title", ""),
        date=iso_date(fields.get("date") or fields.get("published") or fields.get("pubdate") or ""),
        author=author.strip("[]\"' "),
        source=fields.get("source") or fields.get("publisher") or fields.get("outlet") or fields.get("site") or "",
        url=fields.get("url") or fields.get("link") or fields.get("canonical") or "",
    )
    return meta, source[match.end():]
