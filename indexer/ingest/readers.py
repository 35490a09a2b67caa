"""From paths to Documents: find candidate files, read them safely, run the pipeline.

file -> bytes (size, binary, empty checks) -> text (encoding) -> per-format
reader (text, Markdown, HTML) -> metadata -> cleaning -> language -> Document.
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
from . import dedupe
from .clean import clean_numbered, is_junk_line, join_lines
from .encoding import DecodeError, decode_with_warnings, tidy_text
from .language import detect_language
from .metadata import TextMeta, fallback_title, split_metadata_lines

log = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 20 * 1024 * 1024
MAX_TEXT_CHARS = 32 * 1024 * 1024  # memory budget: larger texts are refused even under a raised --max-size
TEXT_EXTENSIONS = frozenset({".txt", ".text"})
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | MARKDOWN_EXTENSIONS | HTML_EXTENSIONS
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED_EXTENSIONS))
_ONLY_TEXT = "only text, Markdown and HTML files can be imported"
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
    """"text", "markdown" or "html" for a supported file name, else ""."""
    suffix = os.path.splitext(os.fsdecode(path))[1].lower()
    if suffix in TEXT_EXTENSIONS:
        return "text"
    if suffix in MARKDOWN_EXTENSIONS:
        return "markdown"
    if suffix in HTML_EXTENSIONS:
        return "html"
    return ""


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


def prepare(path: str | os.PathLike, *, max_size: int = DEFAULT_MAX_SIZE) -> Document | Skip:
    """Read and prepare one file. Never raises: failures become a Skip with a reason."""
    shown = display_path(path)
    try:
        if not kind_of(path):
            return Skip(shown, unsupported_reason(path))
        data = _read(Path(os.fsdecode(path)), max_size)
        if isinstance(data, str):
            return Skip(shown, data)
        return _prepare_noted(data, display_path(os.path.abspath(os.fsdecode(path))), max_size)
    except Exception:  # noqa: BLE001 - the contract is: never raise
        log.exception("unexpected error while importing %s", shown)
        return Skip(shown, "could not import this file because of an unexpected error; see the log for details")


def prepare_bytes(data: bytes, path: str, *, max_size: int = DEFAULT_MAX_SIZE) -> Document | Skip:
    """Prepare in-memory content as if it were read from `path`. Never raises."""
    try:
        if not kind_of(path):
            return Skip(display_path(path), unsupported_reason(path))
        return _prepare_noted(bytes(data), display_path(path), max_size)
    except Exception:  # noqa: BLE001
        log.exception("unexpected error while importing %s", display_path(path))
        return Skip(display_path(path), "could not import this file because of an unexpected error; see the log for details")


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


def _prepare_noted(data: bytes, path: str, max_size: int) -> Document | Skip:
    """_prepare, with the warnings reported on the way (mixed encodings, extractor fallbacks) on the Document."""
    warnings: list[str] = []
    token = _WARNINGS.set(warnings)
    try:
        result = _prepare(data, path, max_size)
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


def _prepare(data: bytes, path: str, max_size: int) -> Document | Skip:
    shown = display_path(path)
    text = _text_or_reason(data, kind_of(path), max_size)
    if isinstance(text, Skip):
        return Skip(shown, text.reason)
    kind = kind_of(path)
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
    if not numbered:
        removed = [RemovedLine(0, item.text, item.reason) for item in removed]
    return meta, body, sorted(removed, key=lambda item: item.line)


def _read_markdown(text: str) -> Read:
    from .markup import markdown_to_text

    plain, front = markdown_to_text(text)
    return _read_text(plain, front, numbered=False)


def _read_html(text: str) -> Read:
    from .html import extract_html

    extracted = extract_html(text)
    body, page = extracted.body, extracted.meta
    _note(extracted.warnings)
    preset = TextMeta(title=page.title, date=page.date, author=page.author, source=page.source, url=page.url)
    meta, cleaned, removed = _read_text(body, preset if page.title else None, numbered=False)
    if not page.title:
        meta = preset.merged(meta)
    return meta, cleaned, removed
