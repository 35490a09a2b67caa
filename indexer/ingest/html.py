"""HTML pages: main-content extraction (trafilatura) and page metadata (meta tags).

trafilatura is imported lazily: it is slow to import and text files never need
it. No network access happens here: we only ever pass parsed trees or strings.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, replace

from ..model import RemovedLine
from .metadata import iso_date, strip_title_tail

log = logging.getLogger(__name__)

__all__ = ["HtmlMeta", "HtmlPage", "VisibleLine", "declared_charset", "extract_html", "strip_title_tail"]

# Tuned on ../shared/corpus/html-extraction (see tests/benchmarks/html_extraction_eval.py).
TRAFILATURA_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w:.-]{2,40})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "blogposting", "scholarlyarticle", "report", "webpage", "liveblogposting", "backgroundnewsarticle"}
)
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished", "date", "pubdate",
    "publishdate", "publish-date", "publication_date", "dc.date.issued", "dc.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime",
)
_AUTHOR_KEYS = ("author", "article:author", "byl", "parsely-author", "dc.creator", "sailthru.author", "twitter:creator")
_TITLE_KEYS = ("og:title", "twitter:title", "parsely-title", "dc.title")
_SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")


@dataclass(frozen=True)
class HtmlMeta:
    title: str = ""
    date: str = ""
    author: str = ""
    source: str = ""
    url: str = ""


def declared_charset(data: bytes) -> str:
    """The charset a page declares in a <meta> tag within its first 4 KB, or ""."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else ""


@dataclass(frozen=True)
class HtmlPage:
    """What an HTML page yields: the article body, the page's metadata, and what the import log should say."""

    body: str
    meta: HtmlMeta
    warnings: tuple[str, ...] = ()
    removed: tuple[RemovedLine, ...] = ()  # visible lines in neither the body nor the metadata, with a reason


def extract_html(text: str) -> HtmlPage:
    """The article body as plain text, the page metadata, the page's other visible lines (with the reason
    each was left out) and any warnings. Never raises on bad HTML."""
    notes: list[str] = []
    readable = drop_giant_chunks(text)
    tree = _parse(readable, notes)
    if tree is None:
        return _flat_page(text, HtmlMeta(), notes)
    meta = _safe_meta(tree)
    if _truncated(tree, readable):  # libxml2 stops at depth 256: read such pages flat instead
        log.warning("HTML nested too deeply for lxml; reading it with the standard library parser")
        return _flat_page(text, meta, notes)
    lost = lost_words(tree, readable) if len(text) >= GIANT_CHUNK else 0  # smaller pages cannot reach 10 MB
    if lost:  # libxml2 dropped text (a node over its size limit): the flat reading keeps all of it
        log.warning("the HTML parser lost %d words; reading the page with the standard library parser", lost)
        notes.append(f"{PARSER_LOSS}; read it as plain text instead to keep {lost} words the parser dropped "
                     "(menus or captions may remain)")
        return _flat_page(text, meta, notes)
    lines = visible_lines(tree)  # before _main_content: its fallback prunes the tree
    body = _main_content(tree, notes)
    if not body.strip():
        body = stdlib_text(text)
    if not meta.author:
        meta = replace(meta, author=byline_author(lines))
    return HtmlPage(body, meta, _unique(notes), outside_lines(lines, body, meta))


def _safe_meta(tree) -> HtmlMeta:
    try:
        return read_meta(tree)
    except (RecursionError, ValueError, TypeError) as error:
        log.warning("could not read HTML metadata: %s", error)
        return HtmlMeta()


def _flat_page(text: str, meta: HtmlMeta, notes: list[str]) -> HtmlPage:
    """The page read by the standard library parser: its furniture (menus, footers) listed as removed."""
    lines = flat_lines(text)
    body = "\n\n".join(line.text for line in lines if not line.reason)
    removed = _distinct(RemovedLine(0, line.text, line.reason) for line in lines if line.reason)
    return HtmlPage(body, meta, _unique(notes), removed)


PARSER_LOSS = "part of the page was too large for the HTML parser"


def _unique(notes: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(notes))


def _fallback_note(error: BaseException) -> str:
    """The import-log line for a page read by the simple extractor because trafilatura failed."""
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0][:200].rstrip(" .")
    if isinstance(error, ImportError):
        return f"HTML extractor unavailable: {reason}; used the simple extractor"
    return f"HTML extractor failed on this page ({type(error).__name__}: {reason}); used the simple extractor"


_OPENING_TAG = re.compile(r"<[A-Za-z]")


def _truncated(tree, text: str) -> bool:
    """The parsed tree lost most of the page's elements (pathological nesting)."""
    opening = len(_OPENING_TAG.findall(text))
    if opening < 1000:
        return False
    elements = sum(1 for _ in tree.iter())
    return elements < opening // 2


# libxml2 refuses a single attribute, text node or comment over 10 MB and silently drops the rest of the
# page. No attribute, script, style or comment worth reading is this long, so such chunks are emptied first.
GIANT_CHUNK = 1_000_000  # characters
_GIANT_ATTRIBUTE = re.compile(r"""=\s*(?:"[^"]{%d,}"|'[^']{%d,}'|[^\s"'<>=`]{%d,})""" % ((GIANT_CHUNK,) * 3))
_HIDDEN_OPENER = re.compile(r"<(script|style)\b[^<>]*>|<!--", re.I)  # [^<>]: every attempt ends at the next < or >


def drop_giant_chunks(text: str) -> str:
    """`text` with attribute values, scripts, styles and comments of GIANT_CHUNK characters or more emptied."""
    if len(text) < GIANT_CHUNK:
        return text
    text = _GIANT_ATTRIBUTE.sub('=""', text)
    kept, position = [], 0
    for inner_start, inner_end in hidden_blocks(text):
        if inner_end - inner_start >= GIANT_CHUNK:
            kept.append(text[position:inner_start])
            position = inner_end
    kept.append(text[position:])
    return "".join(kept)


def hidden_blocks(text: str):
    """(start, end) of the contents of each <script>, <style> and comment, in order, in linear time."""
    lower, resume, unclosed = text.lower(), 0, set()
    for opener in _HIDDEN_OPENER.finditer(text):
        if opener.start() < resume:
            continue
        closer = "-->" if opener.group(0) == "<!--" else "</" + opener.group(1).lower()
        end = -1 if closer in unclosed else lower.find(closer, opener.end())
        if end < 0:  # nothing closes it further on: neither will any later one
            unclosed.add(closer)
            continue
        yield opener.end(), end
        resume = end


# A tag, quoted values included; no part may cross a < or >, so the scans from all the <s take linear time.
_TAG = re.compile(r"""<[A-Za-z/!?][^'"<>]*(?:(?:"[^"<>]*"|'[^'<>]*')[^'"<>]*)*>""")
_WORD = re.compile(r"\w+")
LOST_WORDS_MIN = 20  # lost words below this are noise of the regex tag strip, not a parser failure
LOST_WORDS_SHARE = 0.02


def lost_words(tree, text: str) -> int:
    """How many words of the page's text the parsed tree lacks (0 when within the noise of the comparison).

    The comparison reads the raw page with a regex tag strip, which no size or depth limit stops.
    """
    from collections import Counter

    raw = Counter(_WORD.findall(_plain_by_regex(text)))
    parsed = Counter(_WORD.findall(" ".join(_tree_text(tree))))
    lost = sum((raw - parsed).values())
    total = sum(raw.values())
    return lost if lost >= LOST_WORDS_MIN and lost >= LOST_WORDS_SHARE * total else 0


def _plain_by_regex(text: str) -> str:
    """The page's text without scripts, styles, comments and tags: for the comparison only."""
    import html

    parts, position = [], 0
    for start, end in hidden_blocks(text):
        parts.append(text[position:start])
        position = end
    parts.append(text[position:])
    return html.unescape(_TAG.sub(" ", " ".join(parts)))


def _tree_text(tree):
    """Every text node of the tree outside scripts, styles and comments."""
    for node in tree.iter():
        if isinstance(node.tag, str) and node.tag.lower() not in ("script", "style") and node.text:
            yield node.text
        if node.tail:
            yield node.tail


def _parse(text: str, notes: list[str]):
    """Parse like trafilatura does (its own loader gives the best extraction), else plain lxml."""
    from lxml import etree, html as lxml_html

    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        from trafilatura.utils import load_html

        tree = load_html(text)
        if tree is not None:
            return tree
    except Exception as error:  # noqa: BLE001 - fall back to plain lxml below
        log.warning("trafilatura could not load HTML: %s", error)
        notes.append(_fallback_note(error))
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError, RecursionError) as error:
        log.warning("could not parse HTML: %s", error)
        return None


def _main_content(tree, notes: list[str]) -> str:
    """trafilatura's main content; the simple extractor (with a note saying so) when trafilatura fails."""
    import copy

    try:
        import trafilatura

        result = trafilatura.extract(copy.deepcopy(tree), **TRAFILATURA_OPTIONS)
    except Exception as error:  # noqa: BLE001 - a missing module, a bug, deep nesting (RecursionError, MemoryError)
        log.warning("trafilatura failed: %s: %s", type(error).__name__, error)
        notes.append(_fallback_note(error))
        result = None
    if result and result.strip():
        return _BLANK_LINES.sub("\n\n", result.replace("\n", "\n\n")).strip()
    return _plain_text(tree)


def _plain_text(tree) -> str:
    """Fallback: visible text of <body> without scripts, styles and navigation."""
    try:
        for bad in tree.xpath("//script|//style|//noscript|//nav|//header|//footer|//aside|//form|//template"):
            bad.drop_tree()
        body = tree.find("body")
        node = body if body is not None else tree
        blocks = [_SPACES.sub(" ", t).strip() for t in node.itertext()]
    except (RecursionError, ValueError, TypeError) as error:
        log.warning("lxml text fallback failed: %s", error)
        return ""
    return "\n\n".join(b for b in blocks if b)


def read_meta(tree) -> HtmlMeta:
    """Title, date, author, outlet and URL stated by the page itself (never guessed)."""
    metas = _meta_map(tree)
    source = _site_name(_first(metas, _SITE_KEYS))
    title = _first(metas, _TITLE_KEYS) or _text_of(tree, "//title") or _text_of(tree, "//h1")
    h1 = _text_of(tree, "//h1")
    title = strip_title_tail(title, source)
    if h1 and title and h1 != title and title.startswith(h1):
        title = h1
    linked = _json_ld_article(tree)
    return HtmlMeta(
        title=title or strip_title_tail(h1, source),
        date=_page_date(tree, metas, linked),
        author=_page_author(metas, linked),
        source=source,
        url=_first(metas, ("og:url",)) or _canonical(tree),
    )


def _site_name(value: str) -> str:
    """An outlet name from og:site_name; a URL becomes its host, a @handle is dropped."""
    if value.startswith("@"):
        return ""
    match = re.match(r"^https?://(?:www\.)?([^/\s]+)", value)
    return match.group(1) if match else value


def _meta_map(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        value = _SPACES.sub(" ", meta.get("content") or "").strip()
        if not value:
            continue
        for attribute in ("property", "name", "itemprop"):
            for key in (meta.get(attribute) or "").lower().split():
                found.setdefault(key, value)
    return found


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str:
    for key in keys:
        if metas.get(key):
            return metas[key]
    return ""


def _text_of(tree, xpath: str) -> str:
    nodes = tree.xpath(xpath)
    return _SPACES.sub(" ", nodes[0].text_content()).strip() if nodes else ""


def _canonical(tree) -> str:
    links = tree.xpath("//link[@rel='canonical']/@href")
    return links[0].strip() if links and str(links[0]).startswith("http") else ""


def _page_date(tree, metas: dict[str, str], linked: dict) -> str:
    for key in _DATE_KEYS:
        if metas.get(key):
            date = iso_date(metas[key])
            if date:
                return date
    for key in ("datePublished", "dateCreated"):
        value = linked.get(key)
        if isinstance(value, str) and iso_date(value):
            return iso_date(value)
    for value in tree.xpath("//time[@itemprop='datePublished']/@datetime|//time[@pubdate]/@datetime"):
        if iso_date(value):
            return iso_date(value)
    return ""


def _page_author(metas: dict[str, str], linked: dict) -> str:
    for key in _AUTHOR_KEYS:
        value = metas.get(key, "")
        if value and not value.startswith(("http", "@")):
            value = _clean_author(value)
            if value:
                return value
    authors = linked.get("author")
    authors = authors if isinstance(authors, list) else [authors]
    names = [a.get("name") if isinstance(a, dict) else a for a in authors]
    names = [_clean_author(n) for n in names if isinstance(n, str) and n.strip()]
    return ", ".join(n for n in names if n)


def _json_ld_article(tree) -> dict:
    """The first schema.org Article-like object in the page's JSON-LD, or {}."""
    import json

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                return item
    return {}


_BYLINE_PREFIX = re.compile(r"^(?:(?:analysis|opinion|commentary|review|story|words|text)\s+)?by\s+|\s*https?://\S+", re.I)


def _clean_author(value: str) -> str:
    """Strip "By"/"Analysis by" and URLs; refuse sentences that are not names."""
    value = _BYLINE_PREFIX.sub("", value).strip(" ,;|")
    if len(value.split()) > 8 or value.endswith("."):
        return ""
    return value


# -- the page's visible lines and where each went ----------------------------------------------------

@dataclass(frozen=True)
class VisibleLine:
    """One line of text a reader of the page sees, and what kind of page part holds it."""

    text: str
    reason: str = ""  # the furniture it sits in ("navigation", "footer" ...); "" for the page's content
    in_article: bool = False  # inside <article> or <main>


FURNITURE = "page furniture (outside the article)"
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object"})
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
     "article", "blockquote", "pre", "main", "figure", "figcaption", "table", "caption", "dd", "dt", "dl", "hr",
     "header", "footer", "nav", "aside", "address", "form", "fieldset", "legend", "details", "summary", "option",
     "body", "html"}
)
_TAG_REASONS = {"nav": "navigation", "footer": "footer", "figure": "photo caption", "figcaption": "photo caption",
                "address": "byline", "header": FURNITURE, "aside": FURNITURE, "form": FURNITURE, "h1": "headline"}
_ROLE_REASONS = {"navigation": "navigation", "contentinfo": "footer", "banner": FURNITURE, "complementary": FURNITURE}
# Words of a class or id that name a page part ("site-nav", "cookie-banner", "article__byline"); the first
# such word in the class and id decides.
_CLASS_WORDS = {
    "cookie notice": r"cookies?|consent|gdpr",
    "byline": r"byline",
    "navigation": r"nav|navbar|navigation|menu|breadcrumbs?",
    "photo caption": r"captions?|credits?|photo-?credits?",
    "share row": r"share|sharing|social",
    "related stories": r"related|more-stories|recommended",
    "advertisement": r"advert|advertisement|ad-slot|sponsored",
    "footer": r"footer",
}
_CLASS_PART = re.compile(
    "|".join(f"(?P<g{i}>(?<![a-z])(?:{words})(?![a-z]))" for i, words in enumerate(_CLASS_WORDS.values()))
)
_CLASS_REASONS = dict(zip((f"g{i}" for i in range(len(_CLASS_WORDS))), _CLASS_WORDS))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def visible_lines(tree) -> list[VisibleLine]:
    """The page's visible text, line by line as a browser breaks it, with the page part each line is in.

    Scripts, styles, <head> and hidden elements are not visible; the walk is iterative (no depth limit).
    """
    from lxml import etree

    collector = _LineCollector()
    walk = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        shown = tag.__class__ is str and tag.lower() not in _INVISIBLE and not _hidden(element)
        if event == "start":
            if shown:
                collector.open(tag.lower(), _part_reason(tag.lower(), element))
                collector.add(element.text)
            else:
                walk.skip_subtree()
            continue
        if shown:
            collector.close(tag.lower())
        collector.add(element.tail)
    collector.flush()
    return collector.lines


class _LineCollector:
    """Joins text into lines at block boundaries; a line's reason is its innermost page part's."""

    def __init__(self) -> None:
        self.lines: list[VisibleLine] = []
        self.parts: list[str] = []
        self.reasons: list[str] = [""]  # innermost last
        self.article_depth = 0
        self.line_reason = ""

    def open(self, tag: str, reason: str) -> None:
        if tag in _BLOCKS:
            self.flush()
            self.article_depth += tag in ("article", "main")
        self.reasons.append(reason or self.reasons[-1])

    def close(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush()
            self.article_depth -= tag in ("article", "main")
        self.reasons.pop()

    def add(self, text: str | None) -> None:
        if text:
            if not self.parts:
                self.line_reason = self.reasons[-1]
            self.parts.append(text)

    def flush(self) -> None:
        if not self.parts:
            return
        text = _SPACES.sub(" ", "".join(self.parts)).strip()
        self.parts.clear()
        if text:
            self.lines.append(VisibleLine(text, self.line_reason, self.article_depth > 0))


def _hidden(element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and ("none" in style or "hidden" in style) and bool(_HIDDEN_STYLE.search(style))


def _part_reason(tag: str, element) -> str:
    """The page part an element is ("navigation", "cookie notice" ...), or "" when it says nothing."""
    attributes = element.attrib
    if attributes:
        if tag == "a" and "author" in (attributes.get("rel") or "").lower().split():
            return "byline"
        role = _ROLE_REASONS.get((attributes.get("role") or "").lower().strip())
        if role:
            return role
        names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
        found = _CLASS_PART.search(names) if tag not in ("html", "body") else None  # their classes are page states
        if found:
            return _CLASS_REASONS[found.lastgroup]
    return _TAG_REASONS.get(tag, "")


BYLINE_SEARCH_LINES = 8  # a "By Name" paragraph sits among the first lines of the article


def byline_author(lines: list[VisibleLine]) -> str:
    """The author a byline element or a "By Name" line above the article's first paragraph names, or "".

    Only the article (or main part) counts, and only above its text: teasers of other stories below it or
    in a sidebar carry bylines too.
    """
    from .clean import is_prose

    scope = [line for line in lines if line.in_article] or lines
    scope = list(itertools.takewhile(lambda line: not is_prose(line.text), scope))
    top = [line for line in scope if line.reason in ("", "headline", "byline")][:BYLINE_SEARCH_LINES]
    marked = [line.text for line in scope if line.reason == "byline"]
    opening = [line.text for line in top if _BY_OPENING.match(line.text)]
    for text in marked + opening:
        author = _author_of(text)
        if author:
            return author
    return ""


_BY_OPENING = re.compile(r"^(?:by|written by)\s+\S", re.I)
BYLINE_MAX_CHARS = 160


def _author_of(text: str) -> str:
    """The person a byline names, read by the plain-text byline rules ("By Ann Lee, Reuters" -> "Ann Lee")."""
    from .metadata import split_metadata_lines

    if len(text) > BYLINE_MAX_CHARS:
        return ""
    name = _clean_author(re.sub(r"^written\s+", "", text.strip(), flags=re.I))
    if not name:
        return ""
    meta, _kept, _used = split_metadata_lines(f"By {name}", find_title=False)
    return meta.author


# -- which visible lines the article left out ----------------------------------------------------------

_WORDS = re.compile(r"\w+")
MATCH_BUDGET = 200_000_000  # characters scanned when looking lines up in the body; past it, lines are listed


def outside_lines(lines: list[VisibleLine], body: str, meta: HtmlMeta) -> tuple[RemovedLine, ...]:
    """The visible lines found neither in the body nor in the metadata, each with the reason it was left out.

    Lines are compared by their words (case and punctuation aside). A line that cannot be looked up within
    the budget is listed rather than assumed present: listing a line twice is better than losing it.
    """
    found = _BodyIndex(body)
    stated = {_word_key(value) for value in (meta.title, meta.author, meta.source, meta.url) if value}
    removed: list[RemovedLine] = []
    for line in lines:
        key = _word_key(line.text)
        if key and key not in stated and not found.has(key):
            reason = _line_reason(line)
            if reason == FURNITURE and removed and removed[-1].reason in ("link list heading", "link list"):
                reason = "link list"  # the links under "More stories"
            removed.append(RemovedLine(0, line.text, reason))
    return _distinct(removed)


def _word_key(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


class _BodyIndex:
    """Word-sequence lookups in the body: whole lines and table cells first, then a bounded substring scan."""

    def __init__(self, body: str) -> None:
        self.lines = {_word_key(part) for line in body.split("\n") for part in _cells(line)}
        self.text = f" {_word_key(body)} "
        self.words = set(self.text.split())
        self.budget = MATCH_BUDGET

    def has(self, key: str) -> bool:
        if key in self.lines:
            return True
        if not self.words.issuperset(key.split()) or self.budget < len(self.text):
            return False
        self.budget -= len(self.text)
        return f" {key} " in self.text


def _cells(line: str) -> list[str]:
    """A body line, and each cell of a table row ("| Kyiv | 12 |") as well."""
    return [line, *line.split(" | ")] if " | " in line else [line]


def _line_reason(line: VisibleLine) -> str:
    """Why a visible line is not in the article: its page part, else what the line itself looks like."""
    from .clean import junk_reason

    if line.reason not in ("", FURNITURE, "headline", "byline"):
        return line.reason
    if _BY_OPENING.match(line.text) and _author_of(line.text):
        return "byline"
    return junk_reason(line.text) or line.reason or FURNITURE  # a byline box also holds dates and share links


def _distinct(removed) -> tuple[RemovedLine, ...]:
    """Each text once, in page order, with its first reason: a menu repeated in the footer is listed once."""
    first: dict[str, RemovedLine] = {}
    for item in removed:
        first.setdefault(item.text, item)
    return tuple(first.values())


_FLAT_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object"})
_FLAT_FURNITURE = {"nav": "navigation", "header": FURNITURE, "footer": "footer", "aside": FURNITURE, "form": FURNITURE}
_FLAT_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
     "article", "blockquote", "pre", "main", "figure", "figcaption", "table",
     "dd", "dt", "hr", *_FLAT_FURNITURE}
)


def stdlib_text(text: str) -> str:
    """Visible text through the standard library's HTML parser, without menus and footers: no depth limit."""
    return "\n\n".join(line.text for line in flat_lines(text) if not line.reason)


def flat_lines(text: str) -> list[VisibleLine]:
    """Visible lines through the standard library's HTML parser (iterative, so no depth limit); lines in
    <nav>, <header>, <footer>, <aside> and <form> carry that part's reason."""
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.hidden = 0
            self.furniture: list[str] = []
            self.lines = _LineCollector()

        def handle_starttag(self, tag, attrs):
            if tag in _FLAT_INVISIBLE:
                self.hidden += 1
            elif tag in _FLAT_BLOCKS:
                self.lines.flush()
            if tag in _FLAT_FURNITURE:
                self.furniture.append(tag)
                self.lines.reasons.append(_FLAT_FURNITURE[tag])

        def handle_endtag(self, tag):
            if tag in _FLAT_INVISIBLE:
                self.hidden = max(0, self.hidden - 1)
            elif tag in _FLAT_BLOCKS:
                self.lines.flush()
            if tag in _FLAT_FURNITURE and tag in self.furniture:
                while self.furniture.pop() != tag:
                    self.lines.reasons.pop()
                self.lines.reasons.pop()

        def handle_data(self, data):
            if not self.hidden:
                self.lines.add(data)

    collector = Collector()
    try:
        collector.feed(text)
        collector.close()
    except (AssertionError, ValueError, RecursionError) as error:  # html.parser is lenient; be safe anyway
        log.warning("stdlib HTML parser failed: %s", error)
    collector.lines.flush()
    return collector.lines.lines
