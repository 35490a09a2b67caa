"""RSS and Atom feed files (feedparser): each entry one article.

Title, link (the article's web address), published date, author; the entry's content, else its
summary, as HTML flattened to text. The feed's title is the outlet. At most MAX_PARTS entries are
read from one file. The bytes are handed to feedparser as a stream, so it never fetches anything.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator
from email.utils import parseaddr

from ..model import Skip
from .metadata import TextMeta
from .registry import MAX_PARTS, Found, Piece, is_feed

log = logging.getLogger(__name__)

NOT_A_FEED = "not an RSS or Atom feed: the file's first element is not <rss>, <feed> or <rdf:RDF>"
_ADDRESS_AND_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")
NO_ENTRIES = "feed without entries: nothing to import"


def read(data: bytes, path: str) -> Iterator[Found]:
    """One Piece per entry, or a Skip saying why the feed has none."""
    if not is_feed(data):
        yield Skip(path, NOT_A_FEED)
        return
    parsed = _parse(data)
    if parsed is None:
        yield Skip(path, "damaged feed: it could not be parsed; check that it is complete XML")
        return
    outlet = _clean(parsed.feed.get("title", ""))
    entries = parsed.entries
    if not entries:
        yield Skip(path, NO_ENTRIES)
        return
    for number, entry in enumerate(entries[:MAX_PARTS], 1):
        yield _entry_piece(entry, number, outlet, path)
    if len(entries) > MAX_PARTS:
        yield Skip(path, f"only the first {MAX_PARTS} of {len(entries)} entries were read; split the feed to import the rest")


def _parse(data: bytes):
    import feedparser

    try:
        return feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:  # noqa: BLE001 - feedparser is lenient; anything it still raises is a damaged feed
        log.warning("feed unreadable: %r", error)
        return None


def _entry_piece(entry, number: int, outlet: str, path: str) -> Found:
    html = _entry_html(entry)
    if not html.strip():
        return Skip(path, f"entry {number}: no content or summary to import")
    meta = TextMeta(
        title=_clean(entry.get("title", "")),
        date=_date(entry),
        author=_author(entry),
        source=outlet,
        url=_clean(entry.get("link", "")),
    )
    return Piece(html, meta=meta, html="fragment", kind="feed", part=f"entry {number}")


def _entry_html(entry) -> str:
    """The longest of the entry's contents, else its summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) or []]
    best = max(contents, key=len, default="")
    return best if len(best) >= len(entry.get("summary", "") or "") else entry.get("summary", "")


def _author(entry) -> str:
    """The author's name: RSS's "desk@wire.example (Jon Varga)" gives "Jon Varga"."""
    raw = _clean(entry.get("author", ""))
    named = _ADDRESS_AND_NAME.match(raw)
    if named:
        return named.group(1).strip()
    return parseaddr(raw)[0].strip() or raw


def _date(entry) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # plain lookup: feedparser's own maps "updated" to "published" with a warning
        if value:
            try:
                return time.strftime("%Y-%m-%d", value)
            except (TypeError, ValueError):
                continue
    return ""


def _clean(value) -> str:
    return " ".join(str(value or "").split())[:500]
