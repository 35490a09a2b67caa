"""Export a briefing as a standalone, print-friendly HTML page.

The Markdown export is rendered with the `markdown` package (footnotes extension only),
then sanitised with nh3 as a second fence: only the tags and attributes the renderer
produces survive, links must be footnote anchors or http(s) URLs, and a Content Security
Policy forbids scripts and any outside load.
"""

from __future__ import annotations

import base64
import html
import re
import secrets
import xml.etree.ElementTree as ET
from typing import Any

import markdown
import nh3

from .markdown_export import picture_caption, to_markdown
from .model import PNG_MAGIC, Briefing, Picture

ALLOWED_TAGS = {
    "h1", "h2", "h3", "p", "blockquote", "ul", "ol", "li", "a",
    "em", "strong", "code", "pre", "hr", "sup", "div", "br",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "class", "title"}, "sup": {"id"}, "li": {"id"}, "div": {"class"}}
_FOOTNOTE_ID = re.compile(r"fn(ref\d*)?:\d+\Z")
_FOOTNOTE_HREF = re.compile(r"#fn(ref\d*)?:\d+\Z")
_WEB_URL = re.compile(r"https?://", re.IGNORECASE)
_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"  # pictures are embedded, never fetched
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
figure { margin: 1.2em 0 0.3em; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figure + p { margin-top: 0; color: #444; font-size: 0.95em; }
@media print {
  figure { break-inside: avoid; }
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
    """A standalone HTML page of the briefing; options are those of to_markdown. Pictures are embedded as
    PNG data: URIs placed after sanitising, so nothing in the Markdown can forge or reach them."""
    token = f"BRFIGURE{secrets.token_hex(8)}X"
    figures: dict[str, str] = {}

    def markup(picture: Picture, number: int) -> list[str]:
        figures[f"{token}{number}"] = _figure(picture, number)
        return [f"{token}{number}", picture_caption(picture, number)]

    body = render_body(to_markdown(briefing, picture_markup=markup, **markdown_options))
    for placeholder, figure in figures.items():
        body = body.replace(f"<p>{placeholder}</p>", figure)
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


def _figure(picture: Picture, number: int) -> str:
    """The picture as an inline PNG (a data: URI, allowed by the CSP's img-src), with its caption as alt text."""
    if not picture.png.startswith(PNG_MAGIC):
        return "<p><em>(this picture's image is damaged and was left out)</em></p>"
    alt = html.escape(picture.caption.strip() or f"Figure {number}", quote=True)
    data = base64.b64encode(picture.png).decode("ascii")
    return f'<figure><img src="data:image/png;base64,{data}" alt="{alt}"></figure>'


# -- SVG files: only drawing elements and attributes, no script, no outside reference ---------------------
SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
_SVG_TAGS = {
    "svg", "g", "path", "defs", "use", "clipPath", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "style", "title", "desc",
}  # fmt: skip
_SVG_ATTRIBUTES = {
    "id", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "viewBox",
    "transform", "style", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-dasharray", "clip-path", "opacity", "points", "version", "text-anchor",
    "font-family", "font-size", "font-weight", "font-style", "dominant-baseline", "type", "href",
    "{%s}href" % XLINK_NS, "{http://www.w3.org/XML/1998/namespace}space",
}  # fmt: skip
_UNSAFE_CSS = re.compile(r"url\(\s*['\"]?(?!#)|@import|expression|javascript:|<", re.IGNORECASE)


class UnsafeSvgError(ValueError):
    """An SVG that cannot be read as a drawing (malformed, or declaring entities)."""


def sanitise_svg(svg: str) -> str:
    """The SVG with only drawing elements and attributes kept: no script, no event handler, no foreign
    object, and references only inside the picture (#id). Raises UnsafeSvgError for malformed XML or
    entity declarations."""
    if "<!ENTITY" in svg.upper():
        raise UnsafeSvgError("the SVG declares entities")
    try:
        root = ET.fromstring(svg.encode("utf-8"))
    except ET.ParseError as exc:
        raise UnsafeSvgError(f"the SVG is not well-formed XML ({exc})") from None
    if _local(root.tag) != "svg":
        raise UnsafeSvgError("the document is not an SVG image")
    _clean_svg_element(root)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def _clean_svg_element(element: ET.Element) -> None:
    for name in list(element.attrib):
        value = element.attrib[name]
        keep = name in _SVG_ATTRIBUTES and not _UNSAFE_CSS.search(value)
        if keep and _local(name) == "href":
            keep = value.startswith("#")
        if not keep:
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in _SVG_TAGS or not child.tag.startswith(f"{{{SVG_NS}}}"):
            element.remove(child)
        elif _local(child.tag) == "style" and _UNSAFE_CSS.search(child.text or ""):
            element.remove(child)
        else:
            _clean_svg_element(child)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
