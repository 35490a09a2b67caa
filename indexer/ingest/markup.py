"""Markdown to plain text: front matter, headings, emphasis, links, images, code."""

from __future__ import annotations

import re

from ..model import RemovedLine
from .metadata import TextMeta, iso_date

__all__ = ["markdown_to_text", "read_markdown"]

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
_IMG_TAG = re.compile(r"<img\b[^<>\n]{0,4000}>", re.I)  # before _HTML_TAG, which stops at 200 characters
_IMAGE_PARTS = re.compile(r"!\[(?P<alt>[^\[\]\n]*)\](?:\(\s*<?(?P<src>[^()\s<>]*)|\[(?P<ref>[^\[\]\n]*))")
_ATTRIBUTE = r"""\b%s\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'<>]+))"""
_ALT, _SRC = (re.compile(_ATTRIBUTE % name, re.I) for name in ("alt", "src"))
IMAGE_SOURCE_MAX_CHARS = 300  # a longer address (a data: URI) says nothing a reader can use
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
    """Plain text and front-matter/heading metadata of a Markdown document (see read_markdown)."""
    text, meta, _removed = read_markdown(source)
    return text, meta


def read_markdown(source: str) -> tuple[str, TextMeta, list[RemovedLine]]:
    """Plain text, front-matter/heading metadata and the images the text leaves out.

    The title is the front matter `title:` or the first level-1 heading; that
    heading line is not repeated in the text. Each image (`![alt](src)` or
    `<img>`) is a removed line with reason "image", numbered as in the file.
    """
    meta, source, skipped = _front_matter(source)
    out: list[str] = []
    removed: list[RemovedLine] = []
    title = meta.title
    in_fence = False
    for number, line in enumerate(source.split("\n"), skipped + 1):
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
        images: list[str] = []
        heading = _HEADING.match(line)
        text = _inline(heading.group(2) if heading else _QUOTE.sub("", line), images)
        removed.extend(RemovedLine(number, image, "image") for image in images)
        if heading and heading.group(1) == "#" and not title:
            title = text
            continue
        out.append(text)
    meta = TextMeta(title=title, date=meta.date, author=meta.author, source=meta.source, url=meta.url)
    return "\n".join(out), meta, removed


def _inline(text: str, images: list[str]) -> str:
    """The line as plain text; the images it drops are added to `images` (alt text and address)."""
    shield = _free_shield(text) if "\\" in text else None
    if shield is not None:  # protect escaped characters from the emphasis and link patterns
        text = _ESCAPE.sub(lambda m: chr(shield + ord(m.group(1))), text)
    if "![" in text:
        text = _IMAGE.sub(lambda m: _drop_image(_markdown_image(m.group()), images), text)
    if "<" in text:
        text = _IMG_TAG.sub(lambda m: _drop_image(_html_image(m.group()), images), text)
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
        text = _unshield(text, shield)
        images[:] = [_unshield(image, shield) for image in images]
    return text.rstrip()


def _unshield(text: str, shield: int) -> str:
    """The escaped characters parked in the shield block, put back."""
    shielded = re.compile(f"[{chr(shield)}-{chr(shield + 127)}]")
    return shielded.sub(lambda m: chr(ord(m.group()) - shield), text)


def _drop_image(description: str, images: list[str]) -> str:
    if description:
        images.append(description)
    return ""


def _markdown_image(markup: str) -> str:
    parts = _IMAGE_PARTS.match(markup)
    if not parts:
        return markup
    alt = parts.group("alt")
    return _image_description(alt, parts.group("src") or ("" if alt.strip() else parts.group("ref") or ""))


def _html_image(tag: str) -> str:
    return _image_description(_attribute(_ALT, tag), _attribute(_SRC, tag))


def _attribute(pattern: re.Pattern, tag: str) -> str:
    found = pattern.search(tag)
    return next((value for value in found.groups() if value is not None), "") if found else ""


def _image_description(alt: str, src: str) -> str:
    """"harbour at dawn (img/h.png)": the alt text, then the address when it is short enough to be useful."""
    alt = " ".join(alt.split())
    if not src or len(src) > IMAGE_SOURCE_MAX_CHARS or src.startswith("data:"):
        return alt
    return f"{alt} ({src})" if alt else src


def _free_shield(text: str) -> int | None:
    """The first code point of a private-use block the text does not use (None if it uses them all)."""
    used = {(ord(ch) - _SHIELD_AREA) // 128 for ch in _SUPPLEMENTARY_PRIVATE.findall(text)}
    free = next((block for block in range(_SHIELD_BLOCKS) if block not in used), None)
    return None if free is None else _SHIELD_AREA + free * 128


def _front_matter(source: str) -> tuple[TextMeta, str, int]:
    """The front matter's metadata, the rest of the source and how many lines the front matter took."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return TextMeta(), source, 0
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
    return meta, source[match.end():], source.count("\n", 0, match.end())
