"""Turn raw bytes into text: binary sniffing, BOMs, UTF-8, legacy charsets.

Order: known binary magic numbers -> BOM (UTF-32/16/8) -> UTF-16 without BOM
-> strict UTF-8 (a truncated tail is replaced, not fatal) -> UTF-8 with a few
stray Windows-1252 bytes -> plausible Windows-1252 -> charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["DecodeError", "binary_kind", "decode", "decode_with_warnings", "tidy_text"]


class DecodeError(ValueError):
    """The bytes are not text we can decode; the message is user-facing."""


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "executable program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS\x00", "Ogg media file"),
    (b"fLaC", "FLAC audio file"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # must precede UTF-16 LE: same first 2 bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that never occur in real text (tab, LF, FF, CR excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# A symbol from the Latin-1 range glued between two letters: a sign of the wrong
# single-byte charset (Polish "b\xb3ad" read as Windows-1252 gives "b³ad").
_SUSPECT_GLUE = re.compile(r"[^\W\d_][\u00a1-\u00bf\u00d7\u00f7][^\W\d_]")
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
PLAUSIBILITY_SAMPLE = 100_000  # characters examined by the Windows-1252 plausibility test
_ANY_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
_RARE_LETTER = re.compile("[þÞðÐ]")


def binary_kind(data: bytes) -> str:
    """Name the binary format of `data` ("PNG image", "binary data"), or "" for text."""
    head = data[:16]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp":
        return "video or audio file"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media file"
    return ""


def decode(data: bytes, declared: str = "") -> str:
    """Decode `data` to str, never producing mojibake; raise DecodeError if hopeless.

    `declared` is a charset named by the document itself (HTML meta); it is
    tried after BOMs and strict UTF-8.
    """
    return decode_with_warnings(data, declared)[0]


def decode_with_warnings(data: bytes, declared: str = "") -> tuple[str, tuple[str, ...]]:
    """`decode`, plus what the import log should say about it ("mixed encodings: 3 lines decoded as cp1251")."""
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), ()
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise DecodeError("binary file (contains NUL bytes), not text")
        return _reject_control(text), ()
    text, warnings = _decode_8bit(data, declared)
    return _reject_control(text), warnings


def _decode_8bit(data: bytes, declared: str) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and _is_truncated_tail(data[error.start:]):
            return data[: error.start].decode("utf-8", errors="replace") + "\ufffd", ()
    mixed = _decode_mixed(data, declared)
    if mixed is not None:
        return mixed
    if _looks_mostly_utf8(data):
        return data.decode("utf-8", errors="cp1252fallback"), ()
    return _legacy_reading(data, declared)[1], ()


def _legacy_reading(data: bytes, declared: str) -> tuple[str, str]:
    """(codec, text) for bytes that are not UTF-8: the declared charset, plausible Windows-1252, or detection."""
    if declared:
        text = _try_codec(data, declared)
        if text is not None:
            return codecs.lookup(declared).name, text
    text = _plausible_cp1252(data)
    if text is not None:
        return "cp1252", text
    return _detect(data)


# A file pasted together from two sources: lines of valid UTF-8 beside lines in a legacy code page. Both
# sides must hold this many non-ASCII bytes before lines are decoded apart; below it, a few stray bytes
# in UTF-8 text are read as Windows-1252 one by one (_looks_mostly_utf8).
MIXED_MIN_BYTES = 8


def _decode_mixed(data: bytes, declared: str) -> tuple[str, tuple[str, ...]] | None:
    """(text, warning) when UTF-8 and a legacy code page are mixed line by line, else None.

    UTF-8 lines are kept as UTF-8. A line that is mostly UTF-8 keeps its UTF-8 and decodes only its stray
    bytes; any other line is decoded whole. The code page is detected on the stray bytes and the whole lines.
    """
    lines = data.split(b"\n")
    legacy = {i for i, line in enumerate(lines) if not _is_utf8(line)}
    escaped = {i: lines[i].decode("utf-8", "surrogateescape") for i in legacy}
    stray = {i: _stray_count(line) for i, line in escaped.items() if _mostly_utf8(line)}
    utf8_bytes = sum(_high_bytes(line) for i, line in enumerate(lines) if i not in legacy)
    utf8_bytes += sum(_high_bytes(lines[i]) - count for i, count in stray.items())
    legacy_bytes = sum(stray.values()) + sum(_high_bytes(lines[i]) for i in legacy if i not in stray)
    if utf8_bytes < MIXED_MIN_BYTES or legacy_bytes < MIXED_MIN_BYTES:
        return None
    sample = b"\n".join(_stray_bytes(escaped[i]) if i in stray else lines[i] for i in sorted(legacy))
    try:
        codec, _ = _legacy_reading(sample, declared)
    except DecodeError:
        return None

    def read(i: int, line: bytes) -> str:
        if i not in legacy:
            return line.decode("utf-8")
        if i in stray:
            return _STRAY.sub(lambda run: _stray_bytes(run.group()).decode(codec, "replace"), escaped[i])
        return line.decode(codec, errors="replace")

    text = "\n".join(read(i, line) for i, line in enumerate(lines))
    count = len(legacy)
    return text, (f"mixed encodings: {count} line{'s' * (count != 1)} decoded as {codec}",)


_STRAY = re.compile("[\udc80-\udcff]+")  # bytes that are not UTF-8, as surrogateescape shows them


def _stray_count(escaped: str) -> int:
    return sum(len(run) for run in _STRAY.findall(escaped))


def _mostly_utf8(escaped: str) -> bool:
    """A UTF-8 line with a few odd bytes: at least as many valid non-ASCII characters as stray bytes.

    A line in a legacy code page has many stray bytes and at most a few accidental UTF-8 pairs."""
    stray = _stray_count(escaped)
    good = len(escaped) - len(escaped.encode("ascii", "ignore")) - stray
    return good > 0 and good >= stray


def _stray_bytes(escaped: str) -> bytes:
    """The stray bytes of a surrogateescape reading, with the ASCII around them; valid UTF-8 characters dropped."""
    return "".join(ch for ch in escaped if ch < "\x80" or "\udc80" <= ch <= "\udcff").encode("utf-8", "surrogateescape")


_ASCII_BYTES = bytes(range(0x80))


def _high_bytes(line: bytes) -> int:
    """How many bytes of `line` are not ASCII (counted in C: files can be 20 MB)."""
    return len(line.translate(None, _ASCII_BYTES))


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_truncated_tail(tail: bytes) -> bool:
    """True when `tail` is the start of a UTF-8 multi-byte sequence cut short."""
    lead = tail[0]
    need = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
    return need > len(tail) and all(0x80 <= b <= 0xBF for b in tail[1:])


def _looks_mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 multi-byte sequences outnumber the broken bytes."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - broken
    return good > 0 and good >= 2 * broken


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read a stray byte in UTF-8 text as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("cp1252fallback", _cp1252_fallback)


def _try_codec(data: bytes, name: str) -> str | None:
    try:
        codecs.lookup(name)
        return data.decode(name)
    except (LookupError, UnicodeDecodeError, ValueError):
        return None


def _plausible_cp1252(data: bytes) -> str | None:
    """Windows-1252 text if it reads like a Western language, else None.

    Cyrillic or Greek in their own code pages decode to whole words of accented
    Latin letters; real Western text has few of them, inside ASCII words.
    """
    if any(b in data for b in _CP1252_UNDEFINED):
        return None
    text = data.decode("cp1252")
    sample = text[:PLAUSIBILITY_SAMPLE]
    letters = len(_ANY_LETTER.findall(sample))
    foreign = len(_NON_ASCII_LETTER.findall(sample))
    if letters and foreign / letters > 0.25:
        return None
    if _SUSPECT_GLUE.search(sample) or _RARE_LETTER.search(sample):
        return None
    return text


# Among equally clean guesses, prefer the code pages people actually use.
_COMMON_CODECS = (
    "utf_8", "cp1252", "cp1250", "cp1251", "iso8859_2", "koi8_r", "iso8859_15", "latin_1", "cp1253",
    "cp1254", "iso8859_5", "koi8_u", "cp1256", "cp1255", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949",
    "gb18030", "gb2312", "big5", "cp1257", "iso8859_7", "iso8859_9", "mac_cyrillic",
)


def _detect(data: bytes) -> tuple[str, str]:
    """(codec, text): the legacy code page whose reading looks most like real words.

    charset-normalizer proposes candidates (it guesses poorly on short texts);
    we add the common code pages and keep the reading with the fewest oddities
    (mixed scripts inside a word, case flips, look-alike letters).
    """
    from charset_normalizer import from_bytes  # imported lazily: only legacy files need it

    readings: dict[str, str] = {}
    for match in from_bytes(data):
        readings.setdefault(match.encoding, str(match))
    proposed = list(readings)  # charset-normalizer's order breaks the remaining ties
    for codec in _COMMON_CODECS:
        if codec not in readings:
            text = _try_codec(data, codec)
            if text is not None and not _C1.search(text):
                readings[codec] = text
    if not readings:
        raise DecodeError("cannot decode the text: unknown character encoding; save it as UTF-8")

    def rank(item: tuple[str, str]) -> tuple[int, bool, int, int]:
        codec, text = item
        common = _COMMON_CODECS.index(codec) if codec in _COMMON_CODECS else len(_COMMON_CODECS)
        suggested = proposed.index(codec) if codec in proposed else len(proposed)
        return _oddities(text[:ODDITY_SAMPLE]), codec.startswith("mac"), suggested, common

    return min(readings.items(), key=rank)


ODDITY_SAMPLE = 4_000  # characters of each candidate reading that are scored
_LETTERS = re.compile(r"[^\W\d_]+")
_RARE_LETTERS = frozenset("þÞðÐ")  # Icelandic only: a sign of Turkish read as Windows-1252
_COMMON_SYMBOLS = frozenset("©®°±×÷·¬¦§¶™")
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "IDEOGRAPHIC": "CJK"}  # Hangul stays apart


def _script(ch: str) -> str:
    if ch < "\x80":
        return "LATIN"
    first = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_GROUPS.get(first, first)


def _oddities(text: str) -> int:
    """How many letters sit in implausible words for a human-written text."""
    odd = 0
    for word in _LETTERS.findall(text):
        scripts = {_script(ch) for ch in word}
        if len(scripts) > 1 or "HALFWIDTH" in scripts or "UNKNOWN" in scripts:
            odd += len(word)
        elif any(ch.isupper() for ch in word[1:]) and any(ch.islower() for ch in word):
            odd += len(word)  # "нПУЛВА": case flipped inside a word
        elif scripts == {"LATIN"} and len(word) >= 3 and not any(ch < "\x80" for ch in word):
            odd += len(word)  # a Latin word without a single plain letter
        else:
            odd += sum(1 for ch in word if ch in _RARE_LETTERS)
    return odd + _odd_symbols(text)


def _odd_symbols(text: str) -> int:
    """Box-drawing, maths and private-use characters: what mojibake is made of."""
    return sum(
        1
        for ch in text
        if ch > "\x7f" and ch not in _COMMON_SYMBOLS and unicodedata.category(ch) in ("So", "Sm", "Sk", "Co", "Cn")
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 (or UTF-32) text that lacks a BOM, or None if it is binary."""
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        unit = 4 if "32" in encoding else 2
        if len(data) % unit:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and _reads_like_text(text):
            return text
    return None


def _reads_like_text(text: str) -> bool:
    """Mostly letters/punctuation from alphabetic scripts, no control characters."""
    if _CONTROL.search(text):
        return False
    common = sum(1 for ch in text if ord(ch) < 0x0530 or 0x2000 <= ord(ch) < 0x2070)
    return common >= 0.9 * len(text)


def _reject_control(text: str) -> str:
    if not _CONTROL.search(text, 0, 65536):
        return text
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise DecodeError("binary file (control characters), not text")
    return text


_ANY_ODD = re.compile(
    r"[\r\u2028\u2029\x85\x0b\x0c\ufeff\u200b\u200c\u200d\u2060\u00ad\u00a0\u2000-\u200a\u202f\u205f\u3000"
    r"\x00-\x08\x0e-\x1f\x7f\x80-\x9f]"
)


def tidy_text(text: str) -> str:
    """Normalise newlines and odd spaces, drop invisible and control characters."""
    if not _ANY_ODD.search(text):
        return text
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    if _C1.search(text):
        text = _C1.sub("", text)
    return text
