"""Text folding for actor matching: case, diacritics and punctuation insensitive, with offsets.

`fold_key(s)` turns an alias into its matching key ("U.S." -> "u s", "Putin’s" -> "putin s").
`FoldedText(text)` folds a whole article the same way and maps positions in the folded
string back to character offsets in the original text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

_TOKEN_RE = re.compile(r"\S+")


class _FoldTable(dict):
    """str.translate table: one character -> one character, computed lazily and cached.

    Letters and digits become lower-case without diacritics; everything else becomes a space,
    so the folded text keeps the original length.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isalnum():
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            low = base.lower()
            out = low if len(low) == 1 and low.isalnum() else (ch.lower() if len(ch.lower()) == 1 else ch)
        else:
            out = " "
        self[code] = out
        return out


_FOLD = _FoldTable()
for _c in range(128):  # warm the ASCII part of the table
    _FOLD[_c]


def fold_chars(text: str) -> str:
    """Length-preserving fold: lower case, no diacritics, punctuation and spaces -> ' '."""
    return text.translate(_FOLD)


@lru_cache(maxsize=200_000)
def fold_key(text: str) -> str:
    """Matching key of a name: folded tokens joined by one space ('' when nothing is left)."""
    return " ".join(fold_chars(text).split())


def slug(text: str) -> str:
    """Id-safe slug of a name: 'Halima Al-Rashed' -> 'halima-al-rashed'."""
    return "-".join(fold_key(text).split())


_MULTI_SPACE_RE = re.compile(r" {2,}")


class FoldedText:
    """An article folded for matching: ' tok tok tok ' plus a map back to the original offsets.

    The folded string is the length-preserving fold with a space added at each end and every run of
    spaces collapsed to one; `_runs`/`_shift` record where runs were collapsed, so a folded position
    maps back with one bisect.
    """

    __slots__ = ("text", "folded", "_runs", "_shift")

    def __init__(self, text: str) -> None:
        self.text = text
        padded = " " + fold_chars(text) + " "
        runs, shift, removed = [], [], 0
        for m in _MULTI_SPACE_RE.finditer(padded):
            runs.append(m.start() - removed)
            removed += m.end() - m.start() - 1
            shift.append(removed)
        self._runs, self._shift = runs, shift
        self.folded = _MULTI_SPACE_RE.sub(" ", padded) if runs else padded

    def original(self, folded_pos: int) -> int:
        """Original offset of the character at `folded_pos` (a letter or digit, not a space)."""
        k = bisect_right(self._runs, folded_pos) - 1
        return folded_pos - 1 + (self._shift[k] if k >= 0 else 0)

    def original_span(self, fstart: int, fend: int) -> tuple[int, int]:
        """Original [start, end) of folded [fstart, fend) (a span that starts and ends on a token)."""
        return self.original(fstart), self.original(fend - 1) + 1


# ---------------------------------------------------------------------------
# Spelling variants of names
# ---------------------------------------------------------------------------

TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady president vice premier prime minister
    chancellor secretary general gen lt col colonel major maj capt captain adm admiral sen senator rep
    representative gov governor mayor king queen prince princess sheikh sheik emir crown ayatollah pope
    cardinal archbishop bishop rev reverend father judge justice ambassador envoy foreign defence defense
    interior finance deputy state chief spokesman spokeswoman spokesperson commander marshal sergeant sgt
    chairman chairwoman chair director leader his her excellency highness majesty""".split()
)

# Given-name equivalence groups (first token only): short forms and common spellings.
_NICKNAME_GROUPS = [
    "michael mike mikhail", "william bill billy will", "anthony antony tony antonio", "stephen steven steve",
    "alexander alex aleksandr alexandr oleksandr alexandre alessandro", "robert bob rob bobby",
    "richard rich rick", "james jim jimmy", "joseph joe", "thomas tom", "elizabeth liz beth",
    "christopher chris", "daniel dan danny", "david dave", "edward ed ted", "jeffrey geoffrey jeff",
    "kenneth ken", "matthew matt", "nicholas nick nikolai nicolas", "patrick pat", "peter pete pyotr",
    "samuel sam", "timothy tim", "jonathan jon", "benjamin ben", "andrew andy", "gregory greg",
    "charles charlie chuck", "frederick fred", "lawrence larry", "ronald ron", "gerald gerry",
    "katherine catherine kate cathy", "margaret maggie", "susan sue", "jennifer jen jenny",
    "abdullah abdallah", "mohammed mohammad muhammad mohamed mohamad", "yusuf youssef yousef",
    "volodymyr wolodymyr", "sergey sergei serhiy sergiy", "dmitry dmitri dmitriy", "yuri yury yuriy",
    "alexei alexey aleksei aleksey oleksiy", "andrei andrey andriy", "vasily vasili vasyl",
    "mykola nikolay", "yevgeny evgeny yevgeniy", "olaf", "ursula",
]
NICKNAMES: dict[str, frozenset[str]] = {}
for _group in _NICKNAME_GROUPS:
    _names = frozenset(_group.split())
    for _n in _names:
        NICKNAMES[_n] = NICKNAMES.get(_n, frozenset()) | _names

_ENDINGS = ("yy", "iy", "ii", "yi", "y", "i")
_CHINESE = frozenset({"china", "taiwan", "hong kong", "macau", "singapore"})
_VOWELS = set("aeiouy")
_MAX_VARIANTS = 48


def token_variants(tok: str) -> set[str]:
    """Transliteration variants of one folded token: Zelenskyy/Zelenskiy/Zelensky, Tatyana/Tatiana."""
    return set(token_variant_set(tok))


@functools.lru_cache(maxsize=65536)
def token_variant_set(tok: str) -> frozenset[str]:
    """token_variants as a frozenset, computed once per token (the import asks for the same names often)."""
    out = {tok}
    if len(tok) >= 4 and not tok.isdigit():
        for end in _ENDINGS:
            if tok.endswith(end) and len(tok) - len(end) >= 3:
                stem = tok[: -len(end)]
                out.update(stem + e for e in _ENDINGS)
                break
    for a, b in (("ya", "ia"), ("yu", "iu"), ("ks", "x")):
        for t in list(out):
            if a in t:
                out.add(t.replace(a, b))
            if b in t:
                out.add(t.replace(b, a))
    for t in list(out):
        if t.startswith("ye") and len(t) > 4:
            out.add(t[1:])
    return frozenset(out)


def _pinyin_splits(tok: str) -> set[str]:
    """'jiakun' -> {'jia kun', ...}: pinyin given names are written joined or hyphenated."""
    out = set()
    for i in range(2, len(tok) - 1):
        left, right = tok[:i], tok[i:]
        if (left[-1] in _VOWELS or left.endswith(("n", "ng"))) and right[0] not in _VOWELS and right[:2] != "g":
            out.add(f"{left} {right}")
    return out


def strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading honorifics/titles ('president xi' -> 'xi'), keeping at least one token."""
    i = 0
    while i < len(tokens) - 1 and tokens[i] in TITLES:
        i += 1
    return tokens[i:]


def name_variants(alias: str, person: bool = True, country: str = "") -> set[str]:
    """Folded matching keys of one alias: spelling variants, short forms, hyphen joins."""
    return set(_name_variants(alias, person, country.lower()))


_VARIANT_CACHE: dict[tuple[str, bool, str], frozenset[str]] = {}


def _name_variants(alias: str, person: bool, country: str) -> frozenset[str]:
    cache_key = (alias, person, country)
    hit = _VARIANT_CACHE.get(cache_key)
    if hit is not None:
        return hit
    base = fold_key(alias)
    keys = {base} if base else set()
    joined = fold_key(re.sub(r"(?<=\w)[-‐‑‒–](?=\w)", "", alias))
    if joined:
        keys.add(joined)
    if person and base:
        tokens = strip_titles(base.split())
        if tokens:
            keys.add(" ".join(tokens))
            keys |= _person_variants(tokens, country)
    result = frozenset(k for k in keys if k)
    _VARIANT_CACHE[cache_key] = result
    return result


def _person_variants(tokens: list[str], country: str) -> set[str]:
    options = [sorted(token_variant_set(t)) for t in tokens]
    first = tokens[0]
    if first in NICKNAMES and len(tokens) > 1:
        options[0] = sorted(set(options[0]) | NICKNAMES[first])
    if country in _CHINESE and len(tokens) > 1:
        for i, tok in enumerate(tokens[1:], start=1):
            options[i] = sorted(set(options[i]) | _pinyin_splits(tok))
    out: set[str] = set()
    _product(options, 0, [], out)
    return out


def _product(options: list[list[str]], i: int, acc: list[str], out: set[str]) -> None:
    if len(out) >= _MAX_VARIANTS:
        return
    if i == len(options):
        out.add(" ".join(acc))
        return
    for opt in options[i]:
        _product(options, i + 1, acc + [opt], out)
