"""Briefing files: atomic save, validating load, stale-excerpt checks and crash recovery.

A briefing is stored as a `.briefing.json` file:
{"format": "briefing-reader/1", "version": 1, "title": ..., "sections": [...]}.
Saving writes a temporary file in the same folder, fsyncs it and `os.replace`s the target,
so a crash leaves either the old or the new file, never a half-written one.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import stat
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Optional

from indexer.errors import BriefingFileError
from indexer.model import Article

from .model import PICTURE_KINDS, PNG_MAGIC, STALE_CHANGED, STALE_MISSING, Briefing, Excerpt, Item, Note, Picture, Section

FORMAT = "briefing-reader/1"
VERSION = 2  # the newest this reads; a file is written as 1 unless it holds a picture (version 2)
SUFFIX = ".briefing.json"
RECOVERY_SUFFIX = ".recovery"
FILE_MODE = 0o600

Lookup = Callable[[str], Optional[Article]]

_EXCERPT_TEXT_FIELDS = (
    "article_id", "text", "title", "date", "author", "source", "path", "url", "note", "stale", "speaker",
    "page", "quote_kind", "title_kind",
)  # a file from before a field was added gives "" (title_kind "": the title is cited as a headline)


# -- conversion ------------------------------------------------------------------


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """The JSON document for a briefing (the file format, also printed by `brief show --json`)."""
    return {
        "format": FORMAT,
        "version": 2 if briefing.pictures() else 1,  # older readers still open a briefing without pictures
        "title": briefing.title,
        "subtitle": briefing.subtitle,
        "author": briefing.author,
        "created": briefing.created,
        "modified": briefing.modified,
        "sections": [
            {"id": s.id, "title": s.title, "items": [_item_to_dict(i) for i in s.items]} for s in briefing.sections
        ],
    }


def _item_to_dict(item: Item) -> dict[str, Any]:
    if isinstance(item, Note):
        return {"kind": "note", "id": item.id, "text": item.text}
    if isinstance(item, Picture):
        return {"kind": "picture", "id": item.id, "picture": item.kind, "caption": item.caption, "made": item.made,
                "scope": item.scope, "options": item.options, "svg": item.svg,
                "png": base64.b64encode(item.png).decode("ascii")}
    data: dict[str, Any] = {"kind": "excerpt", "id": item.id, "start": item.start, "end": item.end}
    data.update({name: getattr(item, name) for name in _EXCERPT_TEXT_FIELDS})
    data["actors"] = [{"name": n, "type": t, "role": r} for n, t, r in item.actors]
    return data


class _Invalid(ValueError):
    """A structural problem, reported with where it is in the document."""


def briefing_from_dict(data: Any) -> Briefing:
    """Build a Briefing from a parsed file; raises _Invalid describing the first problem."""
    _check_header(data)
    sections = [_section(s, f"sections[{n}]") for n, s in enumerate(_list(data, "sections", "document"))]
    ids = [s.id for s in sections] + [i.id for s in sections for i in s.items]
    if len(ids) != len(set(ids)):
        raise _Invalid("two sections or items share the same id")
    return Briefing(
        title=_str(data, "title", "document"),
        subtitle=_str(data, "subtitle", "document", ""),
        author=_str(data, "author", "document", ""),
        created=_str(data, "created", "document", ""),
        modified=_str(data, "modified", "document", ""),
        sections=sections,
    )


def _check_header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Invalid("it is not a Briefing Reader briefing (no \"format\": \"briefing-reader/1\" marker)")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Invalid(f"its format version {version!r} is not valid")
    if version > VERSION:
        raise _NewerVersion(version)


class _NewerVersion(_Invalid):
    def __init__(self, version: int) -> None:
        super().__init__(f"it was written by a newer Briefing Reader (format version {version}, this one reads {VERSION})")


def _section(data: Any, where: str) -> Section:
    if not isinstance(data, dict):
        raise _Invalid(f"{where} is not an object")
    items = [_item(i, f"{where}.items[{n}]") for n, i in enumerate(_list(data, "items", where))]
    return Section(title=_str(data, "title", where), items=items, id=_id(data, where))


def _item(data: Any, where: str) -> Item:
    if not isinstance(data, dict):
        raise _Invalid(f"{where} is not an object")
    kind = data.get("kind")
    if kind == "note":
        return Note(text=_str(data, "text", where), id=_id(data, where))
    if kind == "picture":
        return _picture(data, where)
    if kind != "excerpt":
        raise _Invalid(f"{where} has unknown kind {kind!r}")
    start, end = _int(data, "start", where), _int(data, "end", where)
    if not 0 <= start < end:
        raise _Invalid(f"{where} has bad offsets start={start} end={end}")
    fields = {name: _str(data, name, where, "") for name in _EXCERPT_TEXT_FIELDS}
    for required in ("article_id", "text"):
        if required not in data:
            raise _Invalid(f"{where} has no {required!r}")
    return Excerpt(start=start, end=end, actors=_actors(data, where), id=_id(data, where), **fields)


def _picture(data: dict[str, Any], where: str) -> Picture:
    kind = data.get("picture")
    if kind not in PICTURE_KINDS:
        raise _Invalid(f"{where} is a picture of unknown kind {kind!r}")
    try:
        png = base64.b64decode(_str(data, "png", where), validate=True)
    except (binascii.Error, ValueError):
        raise _Invalid(f"{where}.png is not base64 data") from None
    if not png.startswith(PNG_MAGIC):
        raise _Invalid(f"{where}.png is not a PNG image")
    scope, options = data.get("scope", {}), data.get("options", {})
    if not isinstance(scope, dict) or not isinstance(options, dict):
        raise _Invalid(f"{where}.scope and .options must be objects")
    return Picture(kind=kind, caption=_str(data, "caption", where, ""), png=png, svg=_str(data, "svg", where, ""),
                   scope=scope, options=options, made=_str(data, "made", where, ""), id=_id(data, where))


def _actors(data: dict[str, Any], where: str) -> tuple[tuple[str, str, str], ...]:
    actors = []
    for n, actor in enumerate(_list(data, "actors", where, [])):
        if not isinstance(actor, dict):
            raise _Invalid(f"{where}.actors[{n}] is not an object")
        spot = f"{where}.actors[{n}]"
        actors.append((_str(actor, "name", spot), _str(actor, "type", spot, ""), _str(actor, "role", spot, "")))
    return tuple(actors)


_MISSING = object()


def _str(data: dict[str, Any], key: str, where: str, default: Any = _MISSING) -> str:
    value = data.get(key, default)
    if value is _MISSING:
        raise _Invalid(f"{where} has no {key!r}")
    if not isinstance(value, str):
        raise _Invalid(f"{where}.{key} is not a string")
    return value


def _int(data: dict[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Invalid(f"{where}.{key} is not a whole number")
    return value


def _list(data: dict[str, Any], key: str, where: str, default: Any = _MISSING) -> list[Any]:
    value = data.get(key, default)
    if value is _MISSING:
        raise _Invalid(f"{where} has no {key!r}")
    if not isinstance(value, list):
        raise _Invalid(f"{where}.{key} is not a list")
    return value


def _id(data: dict[str, Any], where: str) -> str:
    value = _str(data, "id", where)
    if not value:
        raise _Invalid(f"{where} has an empty id")
    return value


# -- files -----------------------------------------------------------------------


def save_briefing(briefing: Briefing, path: str | os.PathLike[str]) -> None:
    """Write the briefing to `path` atomically (mode 0o600); BriefingFileError on failure."""
    document = briefing_to_dict(briefing)
    try:
        data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: JSON escapes keep them exactly
        data = json.dumps(document, ensure_ascii=True, indent=2).encode("ascii")
    write_atomic(Path(path), data + b"\n")


def write_atomic(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace `path` with `data` via a synced temporary file in the same folder.

    The temporary file is named ".NAME.PID-XXXXXXXX.tmp"; ones left by a killed writer are removed first.
    """
    folder = path.parent
    remove_stale_temporaries(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BriefingFileError(f"Cannot save {path}: cannot write in folder {folder} ({exc.strerror}).") from exc
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except OSError as exc:
        _remove_quietly(tmp_name)
        raise BriefingFileError(f"Cannot save {path}: {exc.strerror or exc}. The previous file is unchanged.") from exc
    except BaseException:
        _remove_quietly(tmp_name)
        raise
    _fsync_folder(folder)


_STALE_AFTER = 24 * 3600  # seconds: past this a temporary file is stale even if its PID was reused


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove our temporary files for `path` whose writer is gone (killed mid-write); returns them.

    Ours are regular files owned by this user named ".NAME.PID-XXXXXXXX.tmp" (or, from older
    versions, ".NAME.XXXXXXXX.tmp" and ".NAME.PID.tmp"). One whose process still runs is kept.
    """
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(?:(\d+)(?:-[A-Za-z0-9_]{{8}})?|[A-Za-z0-9_]{{8}})\.tmp\Z")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    removed = []
    for name in names:
        match = pattern.match(name)
        candidate = path.parent / name
        if match and _is_stale(candidate, match.group(1)):
            _remove_quietly(str(candidate))
            removed.append(candidate)
    return removed


def _is_stale(candidate: Path, pid: Optional[str]) -> bool:
    try:
        info = os.lstat(candidate)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return False
    if pid is None or time.time() - info.st_mtime > _STALE_AFTER:
        return True
    return not _process_alive(int(pid))


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # on Windows os.kill would end the process: age decides
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's, or unknowable: keep it
    return True


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load_briefing(path: str | os.PathLike[str]) -> Briefing:
    """Read and validate a briefing file; BriefingFileError naming the file if it cannot be used."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BriefingFileError(f"Briefing file {path} does not exist. Check the path.") from None
    except OSError as exc:
        raise BriefingFileError(f"Cannot read briefing file {path}: {exc.strerror or exc}.") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BriefingFileError(
            f"Cannot open {path}: it is not a briefing file (not UTF-8 text). The file was left unchanged."
        ) from None
    except json.JSONDecodeError as exc:
        raise BriefingFileError(
            f"Cannot open {path}: the file is damaged or truncated (invalid JSON at line {exc.lineno}, "
            f"column {exc.colno}). It was left unchanged; restore it from a backup or its recovery file."
        ) from None
    try:
        return briefing_from_dict(data)
    except _NewerVersion as exc:
        raise BriefingFileError(f"Cannot open {path}: {exc}. Update Briefing Reader to open it.") from None
    except _Invalid as exc:
        raise BriefingFileError(f"Cannot open {path}: {exc}. The file was left unchanged.") from None


# -- stale excerpts ----------------------------------------------------------------


def check_stale(briefing: Briefing, lookup: Lookup) -> list[Excerpt]:
    """Flag excerpts whose article is gone or whose text at [start:end] changed (flags only: the app and
    `brief show`/`export` use indexer.briefing.refresh, which also brings the citations up to date).

    `lookup(article_id)` returns the Article, or None (or raises KeyError) when it is gone.
    Snapshots are kept. Flags of excerpts that match again are cleared. Returns the stale ones.
    """
    stale = []
    changed = False
    for excerpt in briefing.excerpts():
        reason = _stale_reason(excerpt, lookup)
        if reason != excerpt.stale:
            excerpt.stale = reason
            changed = True
        if reason:
            stale.append(excerpt)
    if changed:
        briefing.notify("check_stale")
    return stale


def _stale_reason(excerpt: Excerpt, lookup: Lookup) -> str:
    try:
        article = lookup(excerpt.article_id)
    except KeyError:
        article = None
    if article is None:
        return STALE_MISSING
    if article.text[excerpt.start : excerpt.end] != excerpt.text:
        return STALE_CHANGED
    return ""


# -- recovery ----------------------------------------------------------------------


class RecoveryFile:
    """An autosave copy the GUI writes while editing and offers back after a crash.

    For a saved briefing "x.briefing.json" it is "x.briefing.json.recovery" next to it
    (or in `folder`); an unsaved briefing needs `folder` and uses `name`.
    """

    def __init__(
        self,
        briefing_path: str | os.PathLike[str] | None = None,
        *,
        folder: str | os.PathLike[str] | None = None,
        name: str = "untitled",
    ) -> None:
        if briefing_path is None and folder is None:
            raise ValueError("an unsaved briefing needs a folder for its recovery file")
        self.briefing_path = Path(briefing_path) if briefing_path is not None else None
        base = self.briefing_path.name if self.briefing_path else name + SUFFIX
        where = Path(folder) if folder is not None else self.briefing_path.parent  # type: ignore[union-attr]
        self.path = where / (base + RECOVERY_SUFFIX)

    def write(self, briefing: Briefing) -> None:
        """Atomically write the briefing (from a worker thread, pass briefing.snapshot())."""
        save_briefing(briefing, self.path)

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self) -> Briefing:
        return load_briefing(self.path)

    def discard(self) -> None:
        """Remove the recovery file (after a save, or when the user declines it)."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass

    def is_newer_than_saved(self) -> bool:
        """True when the recovery file holds later edits than the saved briefing (or there is none)."""
        try:
            recovered = self.load()
        except BriefingFileError:
            return False
        if self.briefing_path is None:
            return True
        try:
            saved = load_briefing(self.briefing_path)
        except BriefingFileError:
            return True
        return _timestamp(recovered.modified) > _timestamp(saved.modified)


def _timestamp(value: str) -> float:
    try:
        return datetime.fromisoformat(value).timestamp()
    except (ValueError, OverflowError, OSError):
        return float("-inf")
