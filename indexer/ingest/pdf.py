"""PDF documents (pypdf): one article per file.

Text in reading order with paragraphs re-flowed and hyphenation at line ends undone; running
headers, footers and page numbers removed; title and author from the document info or XMP, else
from the first page (the text path finds them there). The creation date says when the file was made:
a date stated on the first page wins over it, and a placeholder (1970-01-01) is no date. A PDF
without a text layer, or one that needs a password, is skipped with the reason. Pages, text and time
are bounded, so a PDF bomb costs seconds, not the import.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections import Counter
from collections.abc import Iterator

from ..model import RemovedLine, Skip
from .metadata import TextMeta, iso_date
from .registry import Found, Piece, plausible_author

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns once per broken object: thousands of lines on a bomb

MAX_PAGES = 2000  # pages read from one PDF; the rest is reported as not read
MAX_CHARS = 8_000_000  # text read from one PDF
TIME_BUDGET = 60.0  # seconds of page extraction for one PDF
MIN_LETTERS = 20  # fewer letters and digits than this in the whole file: there is no text layer
EDGE_LINES = 2  # lines at the top and bottom of a page where running headers and footers live
SCANNED = "scanned PDF: no text to read (OCR is not supported)"
DAMAGED = "damaged PDF: it is cut short or corrupt; open it in a PDF viewer and save a new copy"
LOCKED = "encrypted PDF: it needs a password to open; save a copy without the password and import that"

_PAGE_NUMBER = re.compile(r"(?:page\s*)?#+(?:\s*(?:of|/)\s*#+)?|[-–— ]*#+[-–— ]*|[ivxlc]{1,6}", re.I)
# A line that starts a paragraph of its own: a bullet, a numbered item or a numbered heading ("2.1. Layout").
_BULLET = re.compile(r"^(?:[•▪◦●■*–-]\s|\d{1,2}[.)]\s|\([a-z\d]\)\s|\d{1,2}(?:\.\d{1,2})+\.?\s+[A-Z])")
_JUNK_TITLE = re.compile(r"^(?:untitled|microsoft \w+ - .*|.*\.(?:docx?|pdf|indd|qxd|rtf|odt|tex|dvi))$", re.I)


def read(data: bytes, path: str) -> Iterator[Found]:
    """The PDF's one article, or a Skip saying why there is none."""
    try:
        reader = _open(data)
        if isinstance(reader, str):
            yield Skip(path, reader)
            return
        pages, warnings, failed = _page_texts(reader)
        meta = document_meta(reader)
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on hostile files; each is a damaged file
        log.warning("could not read PDF %s: %r", path, error)
        yield Skip(path, DAMAGED)
        return
    kept, removed = strip_running_lines(pages)
    body, starts = reflow_pages(kept)
    if sum(ch.isalnum() for ch in body) < MIN_LETTERS:
        yield Skip(path, DAMAGED if failed else SCANNED)
        return
    yield Piece(body, meta=meta, kind="pdf", warnings=tuple(warnings), removed=tuple(removed),
                page_starts=starts)


def _open(data: bytes):
    """A PdfReader ready to read, or the reason it is not."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                return LOCKED
        except DependencyError as error:
            return f"encrypted PDF this installation cannot decrypt ({error}); save a copy without the password"
    return reader


def _page_texts(reader) -> tuple[list[list[str]], list[str], int]:
    """Each page's text lines (within the page, text and time budgets), warnings for the import log, and
    how many pages could not be read."""
    total = len(reader.pages)
    pages: list[list[str]] = []
    warnings: list[str] = []
    failed, chars, started = 0, 0, time.monotonic()
    for number in range(min(total, MAX_PAGES)):
        if chars > MAX_CHARS or time.monotonic() - started > TIME_BUDGET:
            warnings.append(f"only the first {number} of {total} pages were read (the PDF is too large to read whole)")
            break
        try:
            text = reader.pages[number].extract_text() or ""
        except Exception as error:  # noqa: BLE001 - a broken page costs that page only
            log.warning("PDF page %d unreadable: %r", number + 1, error)
            failed, text = failed + 1, ""
        chars += len(text)
        pages.append([line.strip() for line in text.splitlines()])
    else:
        if total > MAX_PAGES:
            warnings.append(f"only the first {MAX_PAGES} of {total} pages were read")
    if failed:
        warnings.append(f"{failed} page(s) could not be read and were left out")
    return pages, warnings, failed


# --------------------------------------------------------------------------- running lines


def _shape(line: str) -> str:
    """A line with its numbers masked, so "Page 3" and "Page 4" look alike."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def _edges(lines: list[str]) -> set[int]:
    """Indexes of the non-blank lines at the top and bottom of a page."""
    filled = [i for i, line in enumerate(lines) if line]
    return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])


def strip_running_lines(pages: list[list[str]]) -> tuple[list[list[str]], list[RemovedLine]]:
    """Remove page numbers, and headers and footers repeated at the edges of pages; return the pages kept
    and what was removed (line 0: a PDF has no source lines)."""
    edge_shapes = Counter(
        shape for lines in pages for shape in {_shape(lines[i]) for i in _edges(lines)}
    )
    enough = 2 if len(pages) <= 3 else 3  # a running header may change per chapter: a few pages suffice
    repeated = {shape for shape, count in edge_shapes.items() if len(pages) >= 2 and count >= enough}
    kept: list[list[str]] = []
    removed: list[RemovedLine] = []
    for lines in pages:
        edges = _edges(lines)
        kept.append([])
        for i, line in enumerate(lines):
            reason = _running_reason(_shape(line), repeated) if i in edges else ""
            if reason:
                removed.append(RemovedLine(0, line, reason))
            else:
                kept[-1].append(line)
    return kept, removed


def _running_reason(shape: str, repeated: set[str]) -> str:
    if _PAGE_NUMBER.fullmatch(shape):
        return "page number"
    return "running header or footer" if shape in repeated else ""


# --------------------------------------------------------------------------- re-flow


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
_HYPHENS = ("-", "\u00ad", "\u2010")  # hyphen-minus, soft hyphen, hyphen


def reflow(pages: list[list[str]]) -> str:
    """Join wrapped lines into paragraphs (across pages), undoing hyphenation at line ends; ligatures
    ("ﬁ") become letters, so "financial" finds them."""
    return reflow_pages(pages)[0]


def reflow_pages(pages: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    """The re-flowed text, and where each page starts in it (a page without text: where the next starts)."""
    lines = [(number, line.translate(_LIGATURES)) for number, page in enumerate(pages) for line in page]
    width = _typical_width([line for _n, line in lines])
    paragraphs: list[str] = []
    marks: dict[int, tuple[int, int]] = {}  # page -> (paragraph, offset in it) of its first text
    current = ""
    for number, line in lines:
        if not line or _BULLET.match(line):
            paragraphs.append(current)
            current = ""
            if not line:
                continue
        current = _join(current, line)
        marks.setdefault(number, (len(paragraphs), len(current) - len(line)))
        if len(line) < 0.75 * width and not _hyphenated(line):  # a short line ends its paragraph
            paragraphs.append(current)
            current = ""
    paragraphs.append(current)
    return _joined(paragraphs, marks, len(pages))


def _joined(paragraphs: list[str], marks: dict[int, tuple[int, int]], count: int) -> tuple[str, tuple[int, ...]]:
    """Paragraphs joined by blank lines, with each page's mark turned into an offset in the joined text."""
    offsets: dict[int, int] = {}
    position = 0
    for index, paragraph in enumerate(paragraphs):
        offsets[index] = position
        if paragraph.strip():
            position += len(paragraph) + 2
    text = "\n\n".join(p for p in paragraphs if p.strip())
    starts, following = [], len(text)
    for number in reversed(range(count)):
        if number in marks:
            index, within = marks[number]
            following = min(offsets[index] + within, len(text))
        starts.append(following)
    return text, tuple(reversed(starts))


def _typical_width(lines: list[str]) -> int:
    """The length of a full line: the 80th percentile of line lengths."""
    lengths = sorted(len(line) for line in lines if line)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


def _hyphenated(line: str) -> bool:
    """The line ends inside a word broken by a hyphen."""
    return len(line) > 1 and line.endswith(_HYPHENS) and line[-2].isalpha()


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if _hyphenated(left) and right[:1].islower():
        return left[:-1] + right
    return f"{left} {right}"


# --------------------------------------------------------------------------- page boundaries


ANCHOR_WORDS = 8  # words after a page start matched to find it again in the cleaned body
ANCHOR_TRIES = 3  # the page start, then the next paragraphs of the page, in case cleaning removed the first
SLACK = 64  # characters tidying may add before a point; cleaning otherwise only removes text


def page_starts(source: str, body: str, starts: tuple[int, ...]) -> tuple[int, ...]:
    """Carry page starts (offsets into the re-flowed `source`) into the cleaned `body`: one offset per page,
    page 1 at 0. Cleaning only removes text, so a page start is the last match of its first words between
    the previous page's start and its own offset in the source. A page none of whose text is found starts
    where the next page does, so it owns no text."""
    found: list[int | None] = [0] if starts else []
    position = 0
    for number, start in enumerate(starts[1:], 1):
        end = starts[number + 1] if number + 1 < len(starts) else len(source)
        at = _locate(source, start, end, body, position)
        position = position if at is None else at
        found.append(at)
    result, following = [], len(body)
    for at in reversed(found):
        following = following if at is None else at
        result.append(following)
    return tuple(reversed(result))


def _locate(source: str, start: int, end: int, body: str, position: int) -> int | None:
    """Where the page's text from `start` begins in `body`, trying its next paragraphs if the first is gone."""
    for _ in range(ANCHOR_TRIES):
        if start >= end:
            return None
        words = re.findall(r"\w+", source[start:min(end, start + 200)])[:ANCHOR_WORDS]
        if len(words) >= 3 or (words and end - start < 200):  # enough words to be found only where they belong
            pattern = re.compile(r"\W*".join(map(re.escape, words)))
            matches = list(pattern.finditer(body, position, min(len(body), start + SLACK + 200)))
            if matches:
                return matches[-1].start()
        following = source.find("\n\n", start, end)
        start = following + 2 if following >= 0 else end
    return None


# --------------------------------------------------------------------------- metadata


def document_meta(reader) -> TextMeta:
    """Title, author and creation date (as the file's date) from the document info, else XMP; junk titles
    ("Microsoft Word - x.doc") and placeholder dates dropped."""
    title, author, date = _info_fields(reader)
    date = "" if date in PLACEHOLDER_DATES else date
    if not (title and author and date):
        xmp_title, xmp_author, xmp_date = _xmp_fields(reader)
        xmp_date = "" if xmp_date in PLACEHOLDER_DATES else xmp_date
        title, author, date = title or xmp_title, author or xmp_author, date or xmp_date
    if _JUNK_TITLE.match(title) or sum(ch.isalpha() for ch in title) < 3:
        title = ""
    return TextMeta(title=title, author=plausible_author(author), file_date=date)


# Creation dates a tool writes when it has none (the Unix and ZIP epochs): they date nothing.
PLACEHOLDER_DATES = {"1970-01-01", "1980-01-01"}


def _info_fields(reader) -> tuple[str, str, str]:
    try:
        info = reader.metadata
        if info is None:
            return "", "", ""
        raw_date = str(info.get("/CreationDate") or "")
        return _text(info.get("/Title")), _text(info.get("/Author")), _pdf_date(raw_date)
    except Exception as error:  # noqa: BLE001 - a broken info dictionary only loses metadata
        log.info("PDF info unreadable: %r", error)
        return "", "", ""


def _xmp_fields(reader) -> tuple[str, str, str]:
    try:
        xmp = reader.xmp_metadata
        if xmp is None:
            return "", "", ""
        titles = xmp.dc_title or {}
        creators = xmp.dc_creator or []
        created = xmp.xmp_create_date
        title = titles.get("x-default") or next(iter(titles.values()), "")
        return _text(title), _text(", ".join(creators)), created.date().isoformat() if created else ""
    except Exception as error:  # noqa: BLE001 - broken XMP only loses metadata
        log.info("PDF XMP unreadable: %r", error)
        return "", "", ""


def _text(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()[:300]


def _pdf_date(raw: str) -> str:
    """ISO date of a PDF date string ("D:20250314093000Z")."""
    match = re.match(r"D?:?((?:19|20)\d\d)(\d\d)(\d\d)", raw.strip())
    return iso_date(f"{match.group(1)}-{match.group(2)}-{match.group(3)}") if match else ""
