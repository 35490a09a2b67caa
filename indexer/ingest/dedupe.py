"""Exact and near-duplicate detection: normalised hashes, MinHash signatures, LSH keys.

Two files hold the same article when their cleaned texts normalise alike (`content_hash`). A file is a
near-duplicate of a library article when most of its 5-word shingles are already in that article
(`Overlap.is_near_duplicate`): a re-paste with small edits, a copy with a dropped paragraph, a cut-off page,
the same wire story under another header. Before shingling, `fold` makes real edits invisible: accents (and
ё/е, ї/і), Cyrillic apostrophes (ʼ ’ '), "U.S."/"US", digit groups ("1,000"/"1000") and lines that look like
page furniture in English, Russian or Ukrainian (share rows, credits, "Читайте также", short headers);
punctuation (curly or straight quotes, «», „“, dashes) and case are dropped by `normalise`.

The MinHash is a one-permutation hash: each shingle is hashed once
(CRC-32 of its UTF-8 bytes times a mixing constant: stable across runs,
processes and Python versions, unlike hash()); its top 7 bits
pick one of NUM_PERM bins and the bin keeps its minimum. Empty bins borrow from
the next filled bin (rotation densification), so short texts still compare.
LSH bands of ROWS values find the candidates; they are confirmed on the exact shingle sets.
Signatures are stored by the library: SIGNATURE_VERSION changes whenever they would.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

__all__ = [
    "CONTAINMENT_THRESHOLD",
    "NEAR_DUPLICATE_THRESHOLD",
    "Overlap",
    "content_hash",
    "estimated_similarity",
    "fold",
    "lsh_keys",
    "minhash",
    "normalise",
    "overlap",
    "shingle_set",
    "shingle_similarity",
    "shingles",
]

# 3: letter-like apostrophes (ʼ) folded; 2: folded text, 64 integer band keys of 2 rows; 1: raw text, 32 text keys.
SIGNATURE_VERSION = 3
NEAR_DUPLICATE_THRESHOLD = 0.8  # Jaccard of the shingle sets: near-identical texts of any length
CONTAINMENT_THRESHOLD = 0.7  # share of a newcomer's shingles already in one article: a copy that adds little
MIN_SHARED_SHINGLES = 15  # below this, shared shingles are a shared phrase or boilerplate, not a copy
CANDIDATE_THRESHOLD = 0.1  # estimated Jaccard below which an LSH candidate is not worth reading
EXACT_LIMIT = 2_000_000  # characters; longer texts compare hashed shingles
SHINGLE_SIZE = 5
NUM_PERM = 128
BANDS = 64
# 2 rows: P(candidate) = 1 - (1 - J^2)^64: 0.997 at J = 0.3 (a copy whose text is 70% inside an article
# twice its length), 0.9999 at J = 0.4; unrelated BBC articles share a band about once in 60,000 pairs.
ROWS = NUM_PERM // BANDS

_BIN_BITS = 7  # 2**7 == NUM_PERM
_MASK32 = (1 << 32) - 1
_VALUE_BITS = 32 - _BIN_BITS
_VALUE_MASK = (1 << _VALUE_BITS) - 1
_EMPTY = 1 << _VALUE_BITS  # larger than any real bin value
# Lower-case ASCII letters and digits, turn other ASCII bytes into spaces, keep UTF-8 bytes.
_BYTE_TABLE = bytes(
    ord(chr(c).lower()) if chr(c).isascii() and chr(c).isalnum() else (c if c >= 128 else 32) for c in range(256)
)


def normalise(text: str) -> str:
    """Casefold, drop punctuation, collapse whitespace: the form that is hashed.

    Equivalent to joining the `[^\\W_]+` matches of text.casefold(), but about
    twice as fast: bytes.translate handles ASCII, str.replace the few other symbols.
    """
    folded = text.casefold()
    if folded.isascii():
        return " ".join(folded.encode("ascii").translate(_BYTE_TABLE).decode("ascii").split())
    folded = folded.encode("utf-8", "surrogatepass").translate(_BYTE_TABLE).decode("utf-8", "surrogatepass")
    for symbol in {ch for ch in set(folded) if ch > "\x7f" and not ch.isalnum()}:
        folded = folded.replace(symbol, " ")
    return " ".join(folded.split())


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_INITIALISM = re.compile(r"\b[^\W\d_](?:\.[^\W\d_])+\.?")  # U.S., U.S, e.g., J.D.
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.\u00a0\u2009\u202f ](?=\d{3}(?!\d))")  # 1,000 / 1.000 / 1 000
# Russian and Ukrainian furniture is written as `fold` sees it: ё as е, й as и, ї as і.
_FURNITURE_RU_UK = (
    r"читаите (?:также|також|еще)|читати (?:також|далі)|читать далее|смотрите также|дивіться також|"
    r"подписываитесь|подпишитесь|підписуитесь|поделиться|поділитися|новости по теме|новини на тему|"
    r"фото|(?:источник|джерело)(?=\s*[:—–-])|источник и фото|джерело і фото|реклама|теги|комментарии|коментарі|"
    r"все права защищены|всі права захищені"
)
_FURNITURE = re.compile(
    r"^[^\w©]*(?:©|(?:share|follow us|subscribe|sign up|newsletter|read (?:more|next|also)|related|more stories|"
    r"latest news|advertisement|advertising|sponsored|photo|image|credit|source|copyright|all rights reserved|"
    r"privacy policy|terms of|cookie|comments?|post a comment|no comments|listen to|download|tags?|"
    + _FURNITURE_RU_UK + r")\b)",
    re.IGNORECASE,
)
# Letter-like apostrophes (Ukrainian ʼ, ʻ, ʹ) count as letters, so "обʼєкт" would stay one word while
# "об'єкт" and "об’єкт" are two: fold them into the plain apostrophe, which `normalise` drops like ’.
_APOSTROPHES = str.maketrans({"\u02bc": "'", "\u02bb": "'", "\u02b9": "'"})
_BYLINE = re.compile(r"^by\s+[^\W\d_]", re.IGNORECASE)
BYLINE_WORDS = 8
FURNITURE_WORDS = 15  # a furniture line (share row, credit, tag list) is at most this long
SHORT_LINE_WORDS = 5  # a paragraph this short without a sentence end is a header, credit or button
_SENTENCE_END = ".!?\"'“”‘’«»)…:;"


def fold(text: str) -> str:
    """The text as duplicate detection sees it: furniture lines dropped, accents, initialisms and digit groups folded.

    "U.S." and "US", "Zelenskyy’s" and "Zelenskyy's", "Dolmabahçe" and "Dolmabahce", "1,000" and "1000",
    "ещё" and "еще", "обʼєкт" and "об'єкт" shingle alike; share rows, photo credits and short headers do not
    count as shared text.
    """
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)))
    text = _DIGIT_GROUP.sub("", _INITIALISM.sub(lambda m: m.group(0).replace(".", ""), text))
    lines = text.split("\n")
    kept = list(_without_furniture(lines))
    return "\n".join(kept if any(line.strip() for line in kept) else lines)  # all furniture: keep it all


def _without_furniture(lines: list[str]):
    previous = ""
    for line in lines:
        if not looks_like_furniture(line, previous):
            yield line
        previous = line


def looks_like_furniture(line: str, previous: str = "") -> bool:
    """A share row, credit, tag list, byline or short header paragraph (not a line of a wrapped paragraph)."""
    stripped = line.strip()
    if not stripped:
        return False
    words = stripped.split()
    if len(words) <= FURNITURE_WORDS and (_FURNITURE.match(stripped) or stripped.count("|") >= 2):
        return True
    if stripped[-1] in _SENTENCE_END or not _starts_paragraph(previous):
        return False
    byline = len(words) <= BYLINE_WORDS and _BYLINE.match(stripped) and words[1][:1].isupper()
    return bool(byline) or len(words) < SHORT_LINE_WORDS


def _starts_paragraph(previous: str) -> bool:
    """After a blank line, a sentence end or another short line: not the next line of a hard-wrapped paragraph."""
    before = previous.rstrip()
    return not before or before[-1] in _SENTENCE_END or len(before.split()) < SHORT_LINE_WORDS


def content_hash(text: str) -> str:
    """SHA-256 hex digest of normalise(text): equal for re-wrapped copies of a text.

    Long texts are normalised chunk by chunk (cut at whitespace), which gives
    the same digest without holding every word of a huge text at once.
    """
    digest = hashlib.sha256()
    first = True
    for chunk in _chunks(text):
        normal = normalise(chunk)
        if normal:
            digest.update((normal if first else " " + normal).encode("utf-8", "surrogatepass"))
            first = False
    return digest.hexdigest()


CHUNK_CHARS = 1 << 20
_WHITESPACE = re.compile(r"\s")


def _chunks(text: str):
    """Consecutive pieces of `text` of about CHUNK_CHARS characters, each ending at whitespace."""
    size = CHUNK_CHARS
    start, length = 0, len(text)
    while start < length:
        end = start + size
        if end >= length:
            yield text[start:]
            return
        cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
        if cut <= start:
            found = _WHITESPACE.search(text, end)
            cut = found.start() if found else length
        yield text[start:cut]
        start = cut


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    """Overlapping `size`-word shingles of the folded, normalised text (one shingle if shorter)."""
    words = normalise(fold(text)).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


_MIX = 0x9E3779B1  # Knuth's multiplicative constant: spreads CRC bits into the bin bits


def shingle_hashes(text: str) -> list[int]:
    """Stable 32-bit hashes of the text's shingles, in order (CRC-32 of each shingle's UTF-8 bytes, mixed).

    The shingles are the byte slices of the folded, normalised text that `shingles()`
    joins as strings, so both describe the same set.
    """
    return [value for part in _hash_parts(text) for value in part]


def _hash_parts(text: str):
    """Shingle hashes chunk by chunk, carrying the last words over so no shingle is lost."""
    carry = b""
    produced = False
    for chunk in _chunks(fold(text)):
        normal = normalise(chunk)
        if not normal:
            continue
        data = normal.encode("utf-8", "surrogatepass")
        if carry:
            data = carry + b" " + data
        words = data.split(b" ")
        part = _hash_windows(data, words)
        if part:
            produced = True
            yield part
        carry = b" ".join(words[-(SHINGLE_SIZE - 1):])
    if not produced and carry:  # fewer words than one shingle: the whole text is the shingle
        yield [(zlib.crc32(carry) * _MIX) & _MASK32]


def _hash_windows(data: bytes, words: list[bytes]) -> list[int]:
    if len(words) < SHINGLE_SIZE:
        return []
    view = memoryview(data)
    starts = [0, *accumulate(len(word) + 1 for word in words)]
    crc32 = zlib.crc32
    return [
        (crc32(view[starts[i] : starts[i + SHINGLE_SIZE] - 1]) * _MIX) & _MASK32
        for i in range(len(words) - SHINGLE_SIZE + 1)
    ]


def minhash(text: str) -> tuple[int, ...]:
    """A NUM_PERM-long MinHash signature of the text's shingles (deterministic)."""
    bins = [_EMPTY] * NUM_PERM
    for part in _hash_parts(text):
        # Descending order: the last value written to each bin is its minimum.
        lowest = {value >> _VALUE_BITS: value & _VALUE_MASK for value in sorted(part, reverse=True)}
        for slot, value in lowest.items():
            if value < bins[slot]:
                bins[slot] = value
    return _densify(bins)


def _densify(bins: list[int]) -> tuple[int, ...]:
    """Fill each empty bin from the next filled bin to its right (circularly), offset by the distance."""
    if _EMPTY not in bins or all(value == _EMPTY for value in bins):
        return tuple(bins)
    size = len(bins)
    out = list(bins)
    next_value, next_position = _EMPTY, 0
    for position in range(2 * size - 1, -1, -1):  # walk twice around, right to left
        value = bins[position % size]
        if value != _EMPTY:
            next_value, next_position = value, position
        elif position < size and next_value != _EMPTY:
            out[position] = next_value + (next_position - position) * _EMPTY
    return tuple(out)


def lsh_keys(signature: Sequence[int]) -> list[int]:
    """One key per band of ROWS values: the band number in the top bits, a 56-bit hash of its values below.

    A copy that passes `Overlap.is_near_duplicate` shares at least one key almost surely.
    """
    rows = max(1, len(signature) // BANDS)
    keys = []
    for band in range(len(signature) // rows):
        chunk = ",".join(str(v) for v in signature[band * rows : (band + 1) * rows])
        digest = hashlib.blake2b(chunk.encode(), digest_size=7).digest()
        keys.append((band << 56) | int.from_bytes(digest, "big"))
    return keys


def estimated_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity: the share of signature positions that agree."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


def shingle_similarity(text_a: str, text_b: str) -> float:
    """Exact Jaccard similarity of the two texts' shingle sets (1.0 for two empty texts).

    Texts over EXACT_LIMIT characters are compared through their hashed shingles
    (CRC-32: collisions are negligible) to keep memory bounded.
    """
    if max(len(text_a), len(text_b)) > EXACT_LIMIT:
        hashed_a, hashed_b = set(shingle_hashes(text_a)), set(shingle_hashes(text_b))
        if not hashed_a and not hashed_b:
            return 1.0
        return len(hashed_a & hashed_b) / len(hashed_a | hashed_b)
    a, b = shingles(text_a), shingles(text_b)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def shingle_set(text: str) -> frozenset[int]:
    """The text's hashed shingles, to compare one text against several (CRC-32 collisions are negligible)."""
    return frozenset(shingle_hashes(text))


@dataclass(frozen=True)
class Overlap:
    """How much of a newcomer's text (its shingles) is already in another article."""

    shared: int
    new: int  # shingles of the newcomer
    other: int  # shingles of the article it is compared with

    @property
    def covered(self) -> float:
        """The share of the newcomer's shingles found in the other article: the similarity the log shows."""
        return self.shared / self.new if self.new else 0.0

    @property
    def jaccard(self) -> float:
        union = self.new + self.other - self.shared
        return self.shared / union if union else 1.0

    @property
    def is_near_duplicate(self) -> bool:
        """Near-identical, or a copy that adds little: a dropped paragraph, a cut-off page, a new header.

        A newcomer longer than the article counts only while what it adds stays under 30% of it, so a
        fuller copy imported after a cut-off one is kept; two stories sharing a boilerplate paragraph or a
        quoted statement stay apart (the shared part is a minority of either).
        """
        if self.jaccard >= NEAR_DUPLICATE_THRESHOLD:
            return True
        return self.shared >= MIN_SHARED_SHINGLES and self.covered >= CONTAINMENT_THRESHOLD


def overlap(new: str | frozenset[int], other: str | frozenset[int]) -> Overlap:
    """Overlap of a newcomer with another text (either given as text or as its `shingle_set`)."""
    a = shingle_set(new) if isinstance(new, str) else new
    b = shingle_set(other) if isinstance(other, str) else other
    return Overlap(len(a & b), len(a), len(b))
