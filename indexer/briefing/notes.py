"""Make an analyst's note safe to export: their Markdown formatting stays, nothing in it loads or runs.

Notes are the analyst's own Markdown, but often hold pasted web text. The exported note keeps emphasis,
lists, headings, quotes, code and http(s) links, with the same policy as the HTML export:
- raw HTML is stripped (script and style with their content); any other `<` becomes `&lt;`,
  except an http(s) autolink such as `<https://example.org/>`;
- images become text ("[image: alt]"), so no picture is fetched when the Markdown is rendered;
- a link keeps its URL only when it is http(s); otherwise (javascript:, data:, vbscript:, file:,
  relative ...) only its text is kept;
- reference and footnote definitions (`[1]: ...`, `[^1]: ...`) stay visible text, so a note can
  neither point a link anywhere nor replace a citation;
- control characters, which no reader can see, are removed.
Code is not exempt: `<` or an unsafe link inside a code span is neutralised the same way.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["sanitise_note"]

_NEWLINE = re.compile(r"\r\n|\r")
# Bounded spans keep every pattern linear enough on hostile input ("<a '<a '<a '...").
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]{0,2000}>", re.IGNORECASE)
_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9:-]{0,100}(?:\s(?:[^<>\"']|\"[^\"]{0,2000}\"|'[^']{0,2000}'){0,2000})?/?>"
    r"|<[!?][^<>]{0,2000}>"
)
_LONE_LT = re.compile(r"<(?!https?://[^\s<>\"'`\\]{1,2000}>)", re.IGNORECASE)
_IMAGE = re.compile(r"!\[([^\[\]\n]{0,500})\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)")
_SAFE_DESTINATION = re.compile(r"\s*<?https?://[^\s<>]", re.IGNORECASE)
_MAX_DESTINATION = 2000  # a longer "(...)" is not taken for a destination: its "](" is neutralised instead
# Python-Markdown's footnotes extension moves its footnotes to a paragraph reading exactly this.
_FOOTNOTE_MARKER = "///Footnotes Go Here///"


def sanitise_note(text: str) -> str:
    """The note's Markdown with raw HTML, images, unsafe links and definitions made inert."""
    text = _visible(_NEWLINE.sub("\n", text))
    text = _strip_script_and_style(text)
    text = _strip_comments(text)
    text = _TAG.sub("", text)
    text = _LONE_LT.sub("&lt;", text)
    text = _IMAGE.sub(_image_as_text, text).replace("![", "!&#91;")
    text = _drop_unsafe_destinations(text)
    text = text.replace("]:", "&#93;:")  # no reference or footnote definitions
    return text.replace(_FOOTNOTE_MARKER, _FOOTNOTE_MARKER.replace("/", "&#47;"))


def _visible(text: str) -> str:
    """Drop control and surrogate characters, keeping newlines and tabs."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))


def _strip_script_and_style(text: str) -> str:
    """Remove script and style elements with their content (an unclosed one is left to _TAG)."""
    out: list[str] = []
    pos = 0
    while opening := _SCRIPT_OR_STYLE.search(text, pos):
        closing = re.compile(rf"</{opening.group(1)}\s*>", re.IGNORECASE).search(text, opening.end())
        if closing is None:
            break
        out.append(text[pos : opening.start()])
        pos = closing.end()
    out.append(text[pos:])
    return "".join(out)


def _strip_comments(text: str) -> str:
    """Remove HTML comments; an unclosed "<!--" is left for the final escaping of "<"."""
    out: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        out.append(text[pos:start])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _image_as_text(match: re.Match[str]) -> str:
    alt = match.group(1).strip()
    return f"\\[image: {alt}\\]" if alt else "\\[image\\]"


def _drop_unsafe_destinations(text: str) -> str:
    """Remove the "(...)" after a "]" unless it starts with an http(s) URL; the link text stays."""
    closing = _matching_parens(text)
    out: list[str] = []
    pos = 0
    while (found := text.find("](", pos)) >= 0:
        start = found + 2
        if _escaped(text, found) or _SAFE_DESTINATION.match(text, start):
            out.append(text[pos:start])
            pos = start
            continue
        end = closing.get(found + 1, -1)
        if end < 0 or end - start > _MAX_DESTINATION:  # not a destination: "](" just stops being a link
            out.append(text[pos:found] + "&#93;(")
            pos = start
        else:
            out.append(text[pos : found + 1])
            pos = end + 1
    out.append(text[pos:])
    return "".join(out)


def _escaped(text: str, index: int) -> bool:
    """True when the character at index is preceded by an odd number of backslashes."""
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


_PAREN_TOKEN = re.compile(r"\\.|[()]|\n[ \t]*\n", re.S)


def _matching_parens(text: str) -> dict[int, int]:
    """For each "(" the index of its ")", in one pass; backslash escapes skipped, blank lines end a paragraph."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for token in _PAREN_TOKEN.finditer(text):
        mark = token.group()
        if mark == "(":
            stack.append(token.start())
        elif mark == ")":
            if stack:
                pairs[stack.pop()] = token.start()
        elif mark[0] == "\n":
            stack.clear()
    return pairs
