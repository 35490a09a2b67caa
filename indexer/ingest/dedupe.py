"""Exact and near-duplicate detection: normalised hashes, MinHash signatures, LSH keys.

The MinHash is a one-permutation hash: each 5-word shingle is hashed once
(CRC-32 of its UTF-8 bytes times a mixing constant: stable across runs,
processes and Python versions, unlike hash()); its top 7 bits
pick one of NUM_PERM bins and the bin keeps its minimum. Empty bins borrow from
the next filled bin (rotation densification), so short texts still compare.
Candidates found through LSH bands are confirmed with exact shingle Jaccard.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from itertools import accumulate
from collections.abc import Sequence

__all__ = [
    "NEAR_DUPLICATE_THRESHOLD",
    "content_hash",
    "estimated_similarity",
    "lsh_keys",
    "minhash",
    "normalise",
    "shingle_similarity",
    "shingles",
]

NEAR_DUPLICATE_THRESHOLD = 0.8
EXACT_LIMIT = 2_000_000  # characters; longer texts compare hashed shingles
SHINGLE_SIZE = 5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS  # 4 rows: P(collide) = 1 - (1 - J^4)^32, > 0.9999 at J = 0.8, ~0.0002 at J = 0.2

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
    """Overlapping `size`-word shingles of the normalised text (one shingle if shorter)."""
    words = normalise(text).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


_MIX = 0x9E3779B1  # Knuth's multiplicative constant: spreads CRC bits into the bin bits


def shingle_hashes(text: str) -> list[int]:
    """Stable 32-bit hashes of the text's shingles, in order (CRC-32 of each shingle's UTF-8 bytes, mixed).

    The shingles are the byte slices of the normalised text that `shingles()`
    joins as strings, so both describe the same set.
    """
    return [value for part in _hash_parts(text) for value in part]


def _hash_parts(text: str):
    """Shingle hashes chunk by chunk, carrying the last words over so no shingle is lost."""
    carry = b""
    produced = False
    for chunk in _chunks(text):
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


def lsh_keys(signature: Sequence[int]) -> list[str]:
    """One key per band of ROWS values; texts with Jaccard >= 0.8 share a key almost surely."""
    rows = max(1, len(signature) // BANDS)
    keys = []
    for band in range(len(signature) // rows):
        chunk = ",".join(str(v) for v in signature[band * rows : (band + 1) * rows])
        keys.append(f"{band:02d}:{hashlib.blake2b(chunk.encode(), digest_size=8).hexdigest()}")
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
