"""Word documents (python-docx): one article per file.

Paragraphs and headings in order, tables as text (one row a line, cells split by " | "), title and
author from the core properties. Their created date says when the file was made: it dates the article
only when the text states no date, and never when it is a tool's default (python-docx's template
says 2013-12-23). Tracked changes read as accepted (insertions kept, deletions left out); comments,
which live outside the body, are not read. The archive is checked before it is opened, so a ZIP bomb
or a ZIP that is not a Word file is a Skip with a reason.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from datetime import datetime

from ..model import Skip
from .metadata import TextMeta
from .registry import Found, Piece, plausible_author

log = logging.getLogger(__name__)

MAX_UNPACKED = 200 * 1024 * 1024  # bytes the archive may expand to
NOT_DOCX = "not a Word document (.docx): {}; open it in Word or LibreOffice and save it as .docx"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIPPED = {_W + "del", _W + "moveFrom", _W + "delText", _W + "instrText"}  # deleted text, field codes


def read(data: bytes, path: str) -> Iterator[Found]:
    """The document's one article, or a Skip saying why there is none."""
    problem = _archive_problem(data)
    if problem:
        yield Skip(path, NOT_DOCX.format(problem))
        return
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = "\n\n".join(block for block in _blocks(document) if block.strip())
        meta = _core_meta(document)
    except Exception as error:  # noqa: BLE001 - python-docx and lxml raise many kinds on broken files
        log.warning("could not read DOCX %s: %r", path, error)
        yield Skip(path, NOT_DOCX.format(f"its contents are damaged ({type(error).__name__})"))
        return
    yield Piece(body, meta=meta, kind="docx")


def _archive_problem(data: bytes) -> str:
    """Why the bytes are not a readable Word archive, or ""."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "the file is not a ZIP archive, or it is cut short"
    if "word/document.xml" not in names:
        return "a ZIP archive without a Word document inside"
    if unpacked > MAX_UNPACKED:
        return f"it would unpack to {unpacked // (1024 * 1024)} MB, more than the {MAX_UNPACKED // (1024 * 1024)} MB allowed"
    return ""


def _blocks(document) -> Iterator[str]:
    """Paragraphs and tables of the body, in document order."""
    for element in document.element.body.iterchildren():
        if element.tag == _W + "p":
            yield _run_text(element)
        elif element.tag == _W + "tbl":
            yield _table_text(element)


def _run_text(element) -> str:
    """A paragraph's visible text: insertions kept, deletions and field codes left out."""
    parts = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if any(ancestor.tag in _SKIPPED for ancestor in node.iterancestors()):
            continue
        if node.tag == _W + "t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == _W + "tab" else "\n")
    return "".join(parts).strip()


def _table_text(table) -> str:
    """One line per row, cells split by " | "; nested tables flattened into their cell."""
    rows = []
    for row in table.iterchildren(_W + "tr"):
        cells = [" ".join(_run_text(p) for p in cell.iter(_W + "p")).strip() for cell in row.iterchildren(_W + "tc")]
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _core_meta(document) -> TextMeta:
    """Title and author from the core properties; the created date only as the file's date (see TextMeta)."""
    props = document.core_properties
    return TextMeta(
        title=(props.title or "").strip(),
        author=_author(props.author or ""),
        file_date=created_date(props.created),
    )


# What a tool writes into every file it makes, which dates or signs no article: python-docx's default template.
TOOL_DEFAULT_CREATED = {datetime(2013, 12, 23, 23, 15)}
TOOL_DEFAULT_AUTHORS = {"python-docx"}


def _author(value: str) -> str:
    """A plausible author, not the tool that made the file."""
    return "" if value.strip() in TOOL_DEFAULT_AUTHORS else plausible_author(value)


def created_date(created: datetime | None) -> str:
    """ISO date of a core-properties created stamp; "" when absent or a tool's default stamp."""
    if created is None or created.replace(tzinfo=None) in TOOL_DEFAULT_CREATED:
        return ""
    return created.date().isoformat()
