"""The reader registry: one row per file format, the single list everything else reads.

The importer chooses a reader from the file's bytes and name (`reader_for`), the CLI help, the
README table and the GUI's file dialog list `READERS`. Adding a format is one module under
`indexer/ingest/` and one row here.

A reader turns (bytes, path) into pieces: `Piece` (one article's text and the metadata the file
states), `Embedded` (a file inside the file, e.g. an e-mail attachment, read through the registry in
its turn) or `Skip` (a part that cannot be read, with the reason). Rows whose `read` is None are the
text formats, decoded and read by `readers.py`. Format modules are imported only when a file of
their format is read, so opening a library pays nothing for them.
"""

from __future__ import annotations

import importlib
import io
import os
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..model import RemovedLine, Skip
from .metadata import TextMeta

MAX_PARTS = 5000  # articles read from one file (mbox messages, feed entries); the rest is reported
MAX_DEPTH = 3  # attachments inside attachments inside a message


@dataclass(frozen=True)
class Piece:
    """One article a reader found: its text and what the file states about it."""

    text: str
    meta: TextMeta = field(default_factory=TextMeta)
    html: str = ""  # "page": text is a web page (main-content extraction); "fragment": HTML to flatten
    kind: str = "text"  # Document.kind: "pdf", "docx", "email", "feed" ...
    part: str = ""  # where in the file: "message 3", "entry 12"; "" when the file is one article
    note: str = ""  # a line for the import log, e.g. "attachment of 'Budget talks'"
    warnings: tuple[str, ...] = ()
    removed: tuple[RemovedLine, ...] = ()  # what the reader took out (a PDF's running headers), with the reason
    page_starts: tuple[int, ...] = ()  # a PDF's page starts as offsets into `text`; () when not paged


@dataclass(frozen=True)
class Embedded:
    """A file inside a file (an e-mail attachment): read through the registry in its turn."""

    data: bytes
    name: str
    part: str
    note: str = ""


Found = Piece | Embedded | Skip
ReadFunction = Callable[[bytes, str], Iterable[Found]]


@dataclass(frozen=True)
class Reader:
    """One file format: how to recognise it and how to read it."""

    name: str  # also Document.kind for single-article formats
    label: str  # for people: the file dialog, the CLI help, the README
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...] = ()  # a file starting with one of these is this format, whatever its name
    sniff: Callable[[bytes], bool] | None = None  # content test; with magic, both must hold
    module: str = ""  # the format's module under indexer.ingest; "" for the text formats
    function: str = "read"
    streams: bool = False  # read also takes a binary file: a file over the size limit is read part by part

    @property
    def read(self) -> ReadFunction | None:
        """The format's read function (imported on first use), or None for the text formats."""
        if not self.module:
            return None
        return getattr(importlib.import_module(f"{__package__}.{self.module}"), self.function)

    def recognises(self, data: bytes) -> bool:
        """The bytes themselves say this format (magic number and sniffing)."""
        if not self.magic and self.sniff is None:
            return False
        if self.magic and not data.startswith(self.magic):
            return False
        return self.sniff is None or self.sniff(data)


_PLACEHOLDER_AUTHORS = frozenset({
    "admin", "administrator", "author", "microsoft office user", "owner", "unknown", "user", "windows user",
})


def plausible_author(name: str) -> str:
    """`name`, or "" when it is an office suite's placeholder ("Windows User", "Administrator")."""
    name = " ".join(name.split())
    return "" if name.casefold() in _PLACEHOLDER_AUTHORS else name


def _is_docx(data: bytes) -> bool:
    """A ZIP archive holding a Word main document part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def is_feed(data: bytes) -> bool:
    """XML whose root element is an RSS, RDF or Atom feed."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


READERS: tuple[Reader, ...] = (
    Reader("text", "Plain text", (".txt", ".text")),
    Reader("markdown", "Markdown", (".md", ".markdown")),
    Reader("html", "Web pages", (".html", ".htm")),
    Reader("pdf", "PDF documents", (".pdf",), magic=(b"%PDF-",), module="pdf"),
    Reader("docx", "Word documents", (".docx",), magic=(b"PK\x03\x04",), sniff=_is_docx, module="docx"),
    Reader("email", "E-mail messages", (".eml",), module="email_reader", function="read_message"),
    Reader("mbox", "Mailboxes", (".mbox", ".mbx"), module="email_reader", function="read_mbox", streams=True),
    Reader("feed", "RSS and Atom feeds", (".rss", ".atom", ".xml"), sniff=is_feed, module="feeds"),
)
TEXT_FORMATS = frozenset({"text", "markdown", "html"})


def extensions() -> frozenset[str]:
    """Every file extension some reader takes, lower case with the dot."""
    return frozenset(ext for reader in READERS for ext in reader.extensions)


def by_extension(path: str | os.PathLike) -> Reader | None:
    suffix = os.path.splitext(os.fsdecode(path))[1].lower()
    return next((r for r in READERS if suffix in r.extensions), None)


def by_name(name: str) -> Reader:
    return next(r for r in READERS if r.name == name)


def reader_for(path: str | os.PathLike, data: bytes) -> Reader | None:
    """The reader for a file: its bytes win over its name (a PDF named .txt is read as PDF)."""
    for reader in READERS:
        if reader.magic and reader.recognises(data):
            return reader
    return by_extension(path)


def file_filter() -> str:
    """A Qt file dialog filter: every supported format, then each one, then all files."""
    patterns = " ".join(f"*{ext}" for reader in READERS for ext in reader.extensions)
    rows = [f"Articles ({patterns})"]
    rows += [f"{r.label} ({' '.join('*' + e for e in r.extensions)})" for r in READERS]
    return ";;".join(rows + ["All files (*)"])


def help_table() -> str:
    """One line per format for the CLI help and the README: label and extensions."""
    return "\n".join(f"  {r.label:<20} {', '.join(r.extensions)}" for r in READERS)
