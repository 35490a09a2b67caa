"""From paths to Documents: find candidate files, read them safely, run the pipeline.

file -> bytes (size, binary, empty checks) -> reader chosen on the bytes and the name (registry.py)
-> text (encoding, for the text formats) or pieces (PDF, DOCX, e-mail, feeds) -> metadata ->
cleaning -> language -> one or more Documents.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path

from ..model import Document, RemovedLine, Skip
from . import dedupe, registry
from .clean import clean_numbered, is_junk_line, join_lines
from .encoding import DecodeError, decode_with_warnings, tidy_text
from .language import detect_language
from .metadata import TextMeta, fallback_title, split_metadata_lines
from .site_outlet import site_chrome_outlet

log = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 20 * 1024 * 1024
MAX_TEXT_CHARS = 32 * 1024 * 1024  # memory budget: larger texts are refused even under a raised --max-size
SUPPORTED_EXTENSIONS = registry.extensions()
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED_EXTENSIONS))
_ONLY_TEXT = "the formats that can be imported are " + ", ".join(r.label for r in registry.READERS)
NO_HEADLINE_WARNING = "no headline in the file; the title is the start of the first sentence"


def display_path(path: str | os.PathLike | bytes) -> str:
    """A printable str for any path: undecodable bytes become U+FFFD, never raises."""
    text = os.fsdecode(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def kind_of(path: str | os.PathLike) -> str:
    """The registry's format name for a supported file name ("text", "pdf", "mbox" ...), else ""."""
    reader = registry.by_extension(path)
    return reader.name if reader else ""


def unsupported_reason(path: str | os.PathLike) -> str:
    suffix = os.path.splitext(os.fsdecode(path))[1]
    if not suffix:
        return f"file has no extension; supported types: {_SUPPORTED_LIST}"
    return f"unsupported file type '{display_path(suffix)}'; supported types: {_SUPPORTED_LIST}"


# --------------------------------------------------------------------------- finding files


def iter_candidate_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Skip]:
    """Expand files and folders into absolute file Paths (sorted, recursive) or Skips."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()
    for raw in paths:
        path = Path(os.path.abspath(os.fsdecode(raw)))
        try:
            if path.is_dir():
                yield from _walk(path, seen_dirs, seen_files)
            elif path.exists():
                yield from _file_candidate(path, seen_files)
            elif os.path.lexists(path):
                yield Skip(display_path(path), "broken link: the file it points to does not exist")
            else:
                yield Skip(display_path(path), "file or folder not found; check the path")
        except OSError as error:
            yield Skip(display_path(path), f"cannot read: {_os_reason(error)}")


def _file_candidate(path: Path, seen_files: set[str]) -> Iterator[Path | Skip]:
    if not kind_of(path.name):
        yield Skip(display_path(path), unsupported_reason(path.name))
        return
    key = os.path.realpath(path)
    if key not in seen_files:
        seen_files.add(key)
        yield path


def _walk(folder: Path, seen_dirs: set[tuple[int, int]], seen_files: set[str]) -> Iterator[Path | Skip]:
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:  # symlink loop or folder given twice
            return
        seen_dirs.add(key)
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as error:
        yield Skip(display_path(folder), f"cannot read folder: {_os_reason(error)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        try:
            if entry.is_dir():
                yield from _walk(child, seen_dirs, seen_files)
            elif entry.is_file():
                yield from _file_candidate(child, seen_files)
            elif entry.is_symlink() and not child.exists():
                yield Skip(display_path(child), "broken link: the file it points to does not exist")
            elif kind_of(entry.name):
                yield Skip(display_path(child), "not a regular file (a pipe, socket or device); copy it to a file first")
        except OSError as error:
            yield Skip(display_path(child), f"cannot read: {_os_reason(error)}")


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied; check that you may open it"
    return (error.strerror or type(error).__name__).lower()


# --------------------------------------------------------------------------- reading


_UNEXPECTED = "could not import this file because of an unexpected error; see the log for details"


def prepare(path: str | os.PathLike, *, max_size: int = DEFAULT_MAX_SIZE) -> Document | Skip:
    """Read and prepare one file: its first article, else why it has none. Never raises."""
    return first_outcome(prepare_all(path, max_size=max_size))


def prepare_bytes(data: bytes, path: str, *, max_size: int = DEFAULT_MAX_SIZE) -> Document | Skip:
    """Prepare in-memory content as if it were read from `path`: its first article. Never raises."""
    return first_outcome(prepare_all_bytes(data, path, max_size=max_size))


def prepare_all(path: str | os.PathLike, *, max_size: int = DEFAULT_MAX_SIZE) -> list[Document | Skip]:
    """Every article of one file (a mailbox, a feed, attachments), or Skips. Never raises."""
    shown = display_path(path)
    try:
        if not kind_of(path):
            return [Skip(shown, unsupported_reason(path))]
        streamed = _streamed(Path(os.fsdecode(path)), max_size)
        if streamed is not None:
            return streamed
        data = _read(Path(os.fsdecode(path)), max_size)
        if isinstance(data, str):
            return [Skip(shown, data)]
        return _documents(data, display_path(os.path.abspath(os.fsdecode(path))), max_size)
    except Exception:  # noqa: BLE001 - the contract is: never raise
        log.exception("unexpected error while importing %s", shown)
        return [Skip(shown, _UNEXPECTED)]


def prepare_all_bytes(data: bytes, path: str, *, max_size: int = DEFAULT_MAX_SIZE) -> list[Document | Skip]:
    """Every article of in-memory content read as if from `path`. Never raises."""
    try:
        if not kind_of(path):
            return [Skip(display_path(path), unsupported_reason(path))]
        return _documents(bytes(data), display_path(path), max_size)
    except Exception:  # noqa: BLE001
        log.exception("unexpected error while importing %s", display_path(path))
        return [Skip(display_path(path), _UNEXPECTED)]


def first_outcome(results: list[Document | Skip]) -> Document | Skip:
    """The first Document of a file's results, else its first Skip."""
    return next((r for r in results if isinstance(r, Document)), results[0])


def _read(path: Path, max_size: int) -> bytes | str:
    """The file's bytes, or a reason why they cannot be read.

    What is read is the regular file that was checked: a link is resolved first, its target is opened
    without following links and without blocking, and the open descriptor is checked again, so a pipe,
    device or link swapped in after the checks is refused, never waited on.
    """
    try:
        real = os.path.realpath(path)
        info = os.stat(real)
    except FileNotFoundError:
        if os.path.lexists(path):
            return "broken link: the file it points to does not exist"
        return "file not found; check the path"
    except OSError as error:
        return f"cannot read the file: {_os_reason(error)}"
    reason = _unreadable_reason(info, max_size)
    if reason:
        return reason
    try:
        with open_regular(real) as handle:
            reason = _unreadable_reason(os.fstat(handle.fileno()), max_size)
            return reason or handle.read(max_size + 1)
    except OSError as error:
        return f"cannot read the file: {_os_reason(error)}"


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def open_regular(real_path: str | os.PathLike):
    """A binary file object for an already resolved path: never blocks (a pipe), never follows a link."""
    try:
        descriptor = os.open(real_path, _OPEN_FLAGS | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:  # the resolved path became a link since it was resolved
            error.strerror = "it was replaced by a link while being imported; import it again"
        raise
    return os.fdopen(descriptor, "rb")


def _unreadable_reason(info: os.stat_result, max_size: int) -> str:
    """Why a file with this status cannot be imported, or "" when it can."""
    if stat.S_ISDIR(info.st_mode):
        return "this is a folder; add the folder itself to import the files inside it"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a pipe, socket or device); copy it to a file first"
    if info.st_size > max_size:
        return size_reason(info.st_size, max_size)
    return ""


def size_reason(size: int, limit: int) -> str:
    return f"file is {_human(size)}, over the size limit of {_human(limit)}; raise the limit with --max-size"


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


# Warnings the decoder and the HTML extractor report while one file is prepared (see _prepare_noted).
_WARNINGS: ContextVar[list[str] | None] = ContextVar("ingest_warnings", default=None)


def _prepare_noted(data: bytes, path: str, max_size: int, kind: str = "") -> Document | Skip:
    """_prepare, with the warnings reported on the way (mixed encodings, extractor fallbacks) on the Document."""
    return _noted(lambda: _prepare(data, path, max_size, kind))


def _noted(make) -> Document | Skip:
    """Run `make`, adding the warnings reported meanwhile to the Document it returns."""
    warnings: list[str] = []
    token = _WARNINGS.set(warnings)
    try:
        result = make()
    finally:
        _WARNINGS.reset(token)
    if isinstance(result, Document) and warnings:
        result = replace(result, warnings=result.warnings + tuple(dict.fromkeys(warnings)))
    return result


def _note(warnings: Iterable[str]) -> None:
    """Report warnings about the file being prepared; they end up in its import-log entry."""
    collected = _WARNINGS.get()
    if collected is not None:
        collected.extend(warnings)


def _prepare(data: bytes, path: str, max_size: int, kind: str = "") -> Document | Skip:
    shown = display_path(path)
    kind = kind or kind_of(path)
    text = _text_or_reason(data, kind, max_size)
    if isinstance(text, Skip):
        return Skip(shown, text.reason)
    readers = {"html": _read_html, "markdown": _read_markdown}
    meta, body, removed = readers.get(kind, _read_text)(text)
    if not any(ch.isalnum() for ch in body):
        return Skip(shown, _no_text_reason(kind, removed))
    title, warnings = meta.title, ()
    if not title:
        title = fallback_title(body, Path(path).stem) or "Untitled"
        warnings = (NO_HEADLINE_WARNING,)
    return Document(
        path=path,
        title=title,
        text=body,
        date=meta.date,
        author=meta.author,
        source=meta.source,
        url=meta.url,
        kind=kind,
        file_hash=hashlib.sha256(data).hexdigest(),
        content_hash=dedupe.content_hash(body),
        removed=tuple(removed),
        warnings=warnings,
        language=detect_language(body, meta.title),
    )


def _no_text_reason(kind: str, removed: list[RemovedLine]) -> str:
    if kind == "html":
        return "no article text found in the page; nothing to import"
    if any(item.reason == "repeated headline" for item in removed):
        return "no article text found besides the title; nothing to import"
    return "no article text found after removing boilerplate; nothing to import"


def _text_or_reason(data: bytes, kind: str, max_size: int) -> str | Skip:
    """The decoded, tidied text, or a Skip (path left empty) saying why there is none."""
    if len(data) > max_size:
        return Skip("", size_reason(len(data), max_size))
    if not data:
        return Skip("", "empty file: nothing to import")
    try:
        text, warnings = decode_with_warnings(data, _declared(kind, data))
        text = tidy_text(text)
    except DecodeError as error:
        return Skip("", f"{error}; {_ONLY_TEXT}" if "binary" in str(error) else str(error))
    if len(text) > MAX_TEXT_CHARS:
        return Skip("", f"text too large to index in one piece ({len(text) / 1e6:.0f} million characters); split the file")
    if not text.strip():
        return Skip("", "file contains only whitespace: nothing to import")
    _note(warnings)
    return text


def _drop_repeated_title(kept: list[tuple[int, str]], title: str) -> tuple[list[tuple[int, str]], list[RemovedLine]]:
    """Remove a first body line that merely repeats the title (recorded as removed)."""
    first = next((i for i, (_n, line) in enumerate(kept) if line.strip()), None)
    if not title or first is None or kept[first][1].strip().casefold() != title.strip().casefold():
        return kept, []
    number, line = kept[first]
    return kept[:first] + kept[first + 1:], [RemovedLine(number, line.strip(), "repeated headline")]


def _declared(kind: str, data: bytes) -> str:
    if kind != "html":
        return ""
    from .html import declared_charset

    return declared_charset(data)


Read = tuple[TextMeta, str, list[RemovedLine]]


def _read_text(text: str, preset: TextMeta | None = None, *, numbered: bool = True) -> Read:
    """Metadata, cleaned body and removed lines; line numbers are 0 when they do not refer to the file."""
    find_title = not (preset and preset.title)
    meta, kept, used = split_metadata_lines(text, find_title=find_title, is_junk=is_junk_line)
    if preset:
        meta = preset.merged(meta)
    kept, removed = clean_numbered(kept)
    kept, repeated = _drop_repeated_title(kept, meta.title)
    body = join_lines([line for _number, line in kept])
    removed = [RemovedLine(n, line, reason) for n, line, reason in used] + removed + repeated
    if not meta.source:  # a dateline, credit, byline or masthead beats the page's furniture
        meta = replace(meta, source=site_chrome_outlet(removed))
    if not numbered:
        removed = [RemovedLine(0, item.text, item.reason) for item in removed]
    return meta, body, sorted(removed, key=lambda item: item.line)


def _read_markdown(text: str) -> Read:
    from .markup import read_markdown

    plain, front, images = read_markdown(text)
    meta, body, removed = _read_text(plain, front, numbered=False)
    return meta, body, removed + images  # the images keep their line numbers in the file


def _read_html(text: str) -> Read:
    from .html import extract_html

    extracted = extract_html(text)
    body, page = extracted.body, extracted.meta
    _note(extracted.warnings)
    preset = TextMeta(title=page.title, date=page.date, author=page.author, source=page.source, url=page.url)
    meta, cleaned, removed = _read_text(body, preset if page.title else None, numbered=False)
    if not page.title:
        meta = preset.merged(meta)
    return meta, cleaned, removed + list(extracted.removed)  # the cleaner's lines, then the page's furniture


# --------------------------------------------------------------------------- formats with pieces


def _documents(data: bytes, path: str, max_size: int, *, name: str = "", depth: int = 0) -> list[Document | Skip]:
    """The articles of one file's bytes; `name` (an attachment's file name) chooses the reader instead of `path`."""
    shown = display_path(path)
    reader = registry.reader_for(name or path, data)
    if reader is None:
        return [Skip(shown, unsupported_reason(name or path))]
    if reader.read is None:
        return [_prepare_noted(data, path, max_size, reader.name)]
    if len(data) > max_size:
        return [Skip(shown, size_reason(len(data), max_size))]
    if not data:
        return [Skip(shown, "empty file: nothing to import")]
    return _from_reader(reader.read(data, path), path, hashlib.sha256(data).hexdigest(), max_size, depth)


def _from_reader(found_items, path: str, file_hash: str, max_size: int, depth: int) -> list[Document | Skip]:
    """Documents and Skips from what a format's reader found in one file."""
    shown = display_path(path)
    results: list[Document | Skip] = []
    for found in found_items:
        if isinstance(found, registry.Piece):
            results.append(_noted(lambda piece=found: _piece_document(piece, file_hash, path)))
        elif isinstance(found, registry.Embedded):
            results.extend(_embedded(found, path, file_hash, max_size, depth))
        else:
            results.append(Skip(shown, found.reason))
    return results or [Skip(shown, "no article found in the file; nothing to import")]


def _streamed(path: Path, max_size: int) -> list[Document | Skip] | None:
    """A mailbox over the size limit, read message by message from the file; None when the ordinary path applies."""
    reader = registry.by_extension(path)
    if reader is None or not reader.streams:
        return None
    try:
        handle = open_regular(os.path.realpath(path))
    except OSError:
        return None  # the ordinary path says why
    with handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size <= max_size:
            return None
        if registry.reader_for(path, handle.read(4096)) is not reader:  # magic bytes say another format
            return None
        digest = hashlib.sha256()
        handle.seek(0)
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        handle.seek(0)
        shown = display_path(os.path.abspath(path))
        return _from_reader(reader.read(handle, shown), shown, digest.hexdigest(), max_size, 0)


def _embedded(found: registry.Embedded, path: str, file_hash: str, max_size: int, depth: int) -> list[Document | Skip]:
    """The articles of a file inside the file (an attachment), labelled with where they came from."""
    where = f"{found.part}, {found.note}" if found.note else found.part
    if depth >= registry.MAX_DEPTH:
        return [Skip(display_path(path), f"{where}: nested more than {registry.MAX_DEPTH} deep; save it and import it")]
    results = _documents(found.data, path, max_size, name=found.name, depth=depth + 1)
    return [
        replace(r, part=f"{where}; {r.part}" if r.part else where, file_hash=file_hash) if isinstance(r, Document)
        else Skip(r.path, f"{where}: {r.reason}")
        for r in results
    ]


def _piece_document(piece: registry.Piece, file_hash: str, path: str) -> Document | Skip:
    """A reader's piece through the text or HTML path, with the metadata its file states winning."""
    shown = display_path(path)
    where = "; ".join(filter(None, (piece.part, piece.note)))
    text = tidy_text(piece.text)
    if len(text) > MAX_TEXT_CHARS:
        return Skip(shown, f"{where or 'text'}: too large to index in one piece; split the file")
    if piece.html == "page":
        page_meta, body, removed = _read_html(text)
        meta = piece.meta.merged(page_meta)
    else:
        furniture: list[RemovedLine] = []
        if piece.html == "fragment":
            text, furniture = _flat_fragment(text)
        meta, body, removed = _read_text(text, piece.meta, numbered=False)
        removed += furniture
    if not any(ch.isalnum() for ch in body):
        return Skip(shown, f"{where + ': ' if where else ''}{_no_text_reason(piece.kind, removed)}")
    title, warnings = meta.title, piece.warnings
    if not title:
        title = fallback_title(body, Path(path).stem) or "Untitled"
        warnings += (NO_HEADLINE_WARNING,)
    return Document(
        path=path, title=title, text=body, date=meta.date, author=meta.author, source=meta.source, url=meta.url,
        kind=piece.kind, file_hash=file_hash, content_hash=dedupe.content_hash(body),
        removed=piece.removed + tuple(removed),
        warnings=warnings, language=detect_language(body, meta.title), part=where, pages=_page_starts(body, piece),
    )


def _flat_fragment(text: str) -> tuple[str, list[RemovedLine]]:
    """An HTML fragment (a feed entry) as text, and its menus and footers as removed lines."""
    from .html import flat_lines

    lines = flat_lines(text)
    furniture = [RemovedLine(0, line.text, line.reason) for line in lines if line.reason]
    return "\n\n".join(line.text for line in lines if not line.reason), furniture


def _page_starts(body: str, piece: registry.Piece) -> tuple[int, ...]:
    """Where each page of a paged file (PDF) starts in the final body; () for other files."""
    if not piece.page_starts:
        return ()
    from .pdf import page_starts

    return page_starts(piece.text, body, piece.page_starts)
