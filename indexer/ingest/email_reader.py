"""E-mail (the standard library's `email`): .eml files and .mbox mailboxes.

Subject -> title, From -> author, Date -> date, List-Id (else the sender's domain) -> outlet. The
text/plain part is the article, else the HTML part through the HTML path. Each message of a
mailbox is one article, read one message at a time from a stream. Attachments in a supported
format are read through the registry as their own articles ("attachment of 'Subject'"); an
attached message (message/rfc822, a forward) is an article with its own headers.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from typing import BinaryIO

from ..model import Skip
from .metadata import TextMeta
from .registry import MAX_DEPTH, MAX_PARTS, Embedded, Found, Piece, by_extension

log = logging.getLogger(__name__)

MAX_MESSAGE = 20 * 1024 * 1024  # bytes of one message of a mailbox; a larger one is reported, not read
NO_BODY = "e-mail without a text or HTML body, and no attachment that could be imported"
# The separator line: "From sender date" ("From - Fri Mar 14 09:30:00 2025", "From a@b.example 2025-03-14 ...");
# a body line such as "From the start..." that a writer forgot to quote is not one.
_FROM_LINE = re.compile(rb"^From \S+\s+(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b|\d{4}-\d\d-\d\d)")
_QUOTED_FROM = re.compile(rb"^>(>*From )")
_SPACES = re.compile(r"\s+")


NOT_EMAIL = "not an e-mail message: it has no From, Subject or Date header; check the file"


def read_message(data: bytes, path: str) -> Iterator[Found]:
    """The message, its attached messages and its attachments in supported formats."""
    msg = _parse(data)
    if not any(_header(msg, name) for name in ("From", "Subject", "Date")):
        yield Skip(path, NOT_EMAIL)
        return
    yield from _message(msg, path, part="", depth=0)


def read_mbox(data: bytes | BinaryIO, path: str) -> Iterator[Found]:
    """Each message of a mailbox, one at a time; at most MAX_PARTS messages."""
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    count = 0
    for count, raw in enumerate(split_mbox(stream), 1):
        if count > MAX_PARTS:
            yield Skip(path, f"only the first {MAX_PARTS} messages were read; split the mailbox to import the rest")
            return
        if raw is None:
            yield Skip(path, f"message {count}: over {MAX_MESSAGE // (1024 * 1024)} MB, not read")
            continue
        yield from _message(_parse(raw), path, part=f"message {count}", depth=0)
    if count == 0:
        yield Skip(path, "no message found: an mbox file starts with a 'From ' line; check it is a mailbox")


def split_mbox(stream: BinaryIO) -> Iterator[bytes | None]:
    """The raw messages of an mbox stream, read line by line, with '>From ' quoting undone.

    A message over MAX_MESSAGE bytes is skipped as it streams past and given as None."""
    lines: list[bytes] = []
    size, previous_blank, started = 0, True, False
    for line in stream:
        if _FROM_LINE.match(line) and previous_blank:
            if lines or size > MAX_MESSAGE:
                yield None if size > MAX_MESSAGE else b"".join(lines)
            lines, size, started = [], 0, True
        elif started and (lines or size or line.strip()):
            size += len(line)
            if size <= MAX_MESSAGE:
                lines.append(_QUOTED_FROM.sub(rb"\1", line))
            else:
                lines = []
        elif not started and line.strip():
            return  # a mailbox starts with a "From " line
        previous_blank = not line.strip()
    if lines or size > MAX_MESSAGE:
        yield None if size > MAX_MESSAGE else b"".join(lines)


def _parse(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


def _message(msg: EmailMessage, path: str, *, part: str, depth: int) -> Iterator[Found]:
    meta = message_meta(msg)
    body, is_html = _body(msg)
    found_any = False
    if body.strip():
        found_any = True
        yield Piece(body, meta=meta, html="page" if is_html else "", kind="email", part=part)
    for found in _attachments(msg, path, part=part, subject=meta.title or "(no subject)", depth=depth):
        found_any = True
        yield found
    if not found_any:
        reason = _no_body_reason(msg)
        yield Skip(path, f"{part}: {reason}" if part else reason)


def _no_body_reason(msg: EmailMessage) -> str:
    """Why a message gave nothing: its body is in a format we do not read (RTF, Outlook's winmail.dat), or absent."""
    types = {part.get_content_type() for part in msg.walk()}
    if types & {"text/rtf", "application/rtf", "text/richtext"}:
        return "e-mail whose text is in RTF only, which cannot be read; forward it as plain text or HTML and import that"
    if "application/ms-tnef" in types:
        return "e-mail whose text is in Outlook's winmail.dat, which cannot be read; forward it as plain text or HTML"
    return NO_BODY


def message_meta(msg: EmailMessage) -> TextMeta:
    sender_name, sender_address = parseaddr(_header(msg, "From"))
    return TextMeta(
        title=_SPACES.sub(" ", _header(msg, "Subject")).strip(),
        author=sender_name.strip() or sender_address,
        date=_date(_header(msg, "Date")),
        source=_outlet(_header(msg, "List-Id"), sender_address),
    )


def _header(msg: EmailMessage, name: str) -> str:
    """A header as text; a malformed header reads as ""."""
    try:
        return str(msg.get(name) or "")
    except Exception as error:  # noqa: BLE001 - the header parser raises several kinds on malformed input
        log.info("unreadable %s header: %r", name, error)
        return ""


def _date(value: str) -> str:
    try:
        return parsedate_to_datetime(value).date().isoformat() if value else ""
    except (TypeError, ValueError, IndexError, OverflowError):
        return ""


def _outlet(list_id: str, sender: str) -> str:
    """The list's name ("Valmora Daily Brief <daily.example>"), its id, or the sender's domain."""
    name, _, ident = list_id.partition("<")
    name = name.strip().strip('"')
    if name or ident:
        return name or ident.rstrip(">").strip()
    domain = sender.rpartition("@")[2].lower()
    return domain.removeprefix("www.") if "@" in sender else ""


def _body(msg: EmailMessage) -> tuple[str, bool]:
    """The text/plain body, else the HTML body: (text, is_html)."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception as error:  # noqa: BLE001 - malformed MIME structure
        log.info("unreadable MIME structure: %r", error)
        part = None
    if part is None:
        return "", False
    return _content(part), part.get_content_subtype() == "html"


def _content(part: EmailMessage) -> str:
    """A text part decoded with its charset; an unknown or wrong charset is replaced, not fatal."""
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except (LookupError, ValueError, UnicodeError, AssertionError, KeyError):
        pass
    payload = part.get_payload(decode=True) or b""
    return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)


def _attachments(msg: EmailMessage, path: str, *, part: str, subject: str, depth: int) -> Iterator[Found]:
    try:
        attachments = list(msg.iter_attachments())
    except Exception as error:  # noqa: BLE001 - malformed MIME structure: the body was still read
        log.info("unreadable attachments: %r", error)
        return
    for number, attachment in enumerate(attachments, 1):
        where = f"{part}, attachment {number}".lstrip(", ")
        note = f"attachment of '{subject}'"
        if depth + 1 > MAX_DEPTH:
            yield Skip(path, f"{where}: attachments nested more than {MAX_DEPTH} deep were not read; save it and import it")
            continue
        if attachment.get_content_type() == "message/rfc822":
            yield from _forwarded(attachment, path, where, note, depth)
            continue
        name = attachment.get_filename() or ""
        if by_extension(name) is None:
            log.debug("attachment %r of %s is not an article format", name, path)
            continue
        data = attachment.get_payload(decode=True)
        if isinstance(data, bytes) and data:
            yield Embedded(data, name, f"{where} ({name})", note)


def _forwarded(attachment: EmailMessage, path: str, where: str, note: str, depth: int) -> Iterator[Found]:
    """An attached message: an article with its own headers, and its own attachments."""
    try:
        inner = attachment.get_content()
    except Exception as error:  # noqa: BLE001
        log.info("unreadable attached message: %r", error)
        inner = None
    if not isinstance(inner, EmailMessage):
        yield Skip(path, f"{where}: the attached message could not be read")
        return
    for found in _message(inner, path, part=where, depth=depth + 1):
        if isinstance(found, Piece) and not found.note:
            found = replace(found, note=note)
        yield found
