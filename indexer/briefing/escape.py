"""Escape article text so that Markdown renders it as exactly that text.

The output is safe for CommonMark and for Python-Markdown (which the HTML export uses):
- characters that start inline markup (backslash, backtick, *, _, [, ]) are backslash-escaped;
- HTML-significant characters become entities (&lt; &gt; &amp;), so raw HTML never survives;
- table pipes and tildes become numeric entities (&#124; &#126;), since Python-Markdown has no
  backslash escape for them;
- at the start of each line, block markers (#, +, -, =, "1." / "1)") are neutralised;
- leading and trailing blanks are dropped (they would make indented code or hard breaks),
  and control characters, which no reader can see, are removed.
"""

from __future__ import annotations

import re
import unicodedata

_INLINE = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "|": "&#124;",
    "~": "&#126;",
}
_LINE_START = {"#": "\\#", "+": "\\+", "-": "\\-", "=": "&#61;"}
_ORDERED_MARKER = re.compile(r"^(\d+)([.)])")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Python-Markdown's footnotes extension moves its footnotes to a paragraph reading exactly this.
_FOOTNOTE_MARKER = "///Footnotes Go Here///"


def _visible(ch: str) -> bool:
    """False for control and surrogate characters (tab and newline are handled as blanks)."""
    return unicodedata.category(ch) not in ("Cc", "Cs")


def _escape_line(line: str) -> str:
    """Escape one line of text; the result contains no newline."""
    line = "".join(ch if _visible(ch) else (" " if ch == "\t" else "") for ch in line).strip()
    if not line:
        return ""
    line = line.replace(_FOOTNOTE_MARKER, _FOOTNOTE_MARKER.replace("/", "\x00"))
    out = "".join(_INLINE.get(ch, ch) for ch in line).replace("\x00", "&#47;")
    if out[0] in _LINE_START:
        return _LINE_START[out[0]] + out[1:]
    return _ORDERED_MARKER.sub(lambda m: m.group(1) + "\\" + m.group(2), out, count=1)


def escape_markdown_text(text: str) -> str:
    """Escape multi-line text; keeps its line breaks, with runs of blank lines reduced to one."""
    lines = [_escape_line(line) for line in _NEWLINE.split(text)]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


def escape_inline(text: str) -> str:
    """Escape text for a single-line context (a title, an attribution, a list item)."""
    return _escape_line(" ".join(_NEWLINE.split(text)))


def blockquote(text: str) -> str:
    """The escaped text as a Markdown block quote: "> " before each line, ">" for blank ones."""
    escaped = escape_markdown_text(text)
    return "\n".join(f"> {line}" if line else ">" for line in escaped.split("\n"))
