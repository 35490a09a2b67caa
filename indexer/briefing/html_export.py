"""Export a briefing as a standalone, print-friendly HTML page.

The Markdown export is rendered with the `markdown` package (footnotes extension only),
then sanitised with nh3 as a second fence: only the tags and attributes the renderer
produces survive, links must be footnote anchors or http(s) URLs, and a Content Security
Policy forbids scripts and any outside load.
"""

from __future__ import annotations

import html
import re
from typing import Any

import markdown
import nh3

from .markdown_export import to_markdown
from .model import Briefing

ALLOWED_TAGS = {
    "h1", "h2", "h3", "p", "blockquote", "ul", "ol", "li", "a",
    "em", "strong", "code", "pre", "hr", "sup", "div", "br",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "class", "title"}, "sup": {"id"}, "li": {"id"}, "div": {"class"}}
_FOOTNOTE_ID = re.compile(r"fn(ref\d*)?:\d+\Z")
_FOOTNOTE_HREF = re.compile(r"#fn(ref\d*)?:\d+\Z")
_WEB_URL = re.compile(r"https?://", re.IGNORECASE)
_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}

CSP = "default-src 'none'; style-src 'unsafe-inline'"
STYLE = """
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; background: #fff;
       max-width: 42em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; margin-top: 1.8em; }
h3 { font-size: 1.1em; }
blockquote { margin: 1em 0 0.3em; padding: 0.2em 1em; border-left: 4px solid #999; color: #222; }
blockquote + p { margin-top: 0; color: #555; }
a { color: #1a4d8f; }
.footnote { font-size: 0.9em; color: #444; }
@media print {
  body { margin: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  blockquote { break-inside: avoid; }
}
""".strip()


def render_body(markdown_text: str) -> str:
    """Render Markdown to an HTML fragment and sanitise it."""
    rendered = markdown.markdown(markdown_text, extensions=["footnotes"], output_format="html")
    return sanitise(rendered)


def sanitise(fragment: str) -> str:
    """Keep only the tags and attributes the export produces; drop scripts and styles entirely."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        return value if _FOOTNOTE_ID.match(value) else None
    if name == "href":
        return value if _FOOTNOTE_HREF.match(value) or _WEB_URL.match(value) else None
    if name == "class":
        return value if value in _CLASSES.get(tag, ()) else None
    return value


def to_html(briefing: Briefing, **markdown_options: Any) -> str:
    """A standalone HTML page of the briefing; options are those of to_markdown."""
    body = render_body(to_markdown(briefing, **markdown_options))
    title = html.escape(briefing.title.strip() or "Untitled briefing")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{title}</title>\n<style>\n{STYLE}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
