"""Our text analysis, shared by indexing, queries and highlights: one word, one form everywhere.

It is built from Whoosh's analysis pieces (tokenizer, Porter stemmer, accent table, stop words), which an
index pickles with its schema; these are pure functions, not the engine. A later step vendors them so that
another engine (PostgreSQL) fills its text-search columns from the same tokens without Whoosh.

`term_spans` and friends find the same tokens in a text as the analyzer does, fast (see term_spans).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from whoosh.analysis import CharsetFilter, Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

# The version of the text analysis below. An index records the version it was built with (in its schema,
# see make_schema); one built by an older analyzer is searched as it was built until `rebuild` upgrades it.
#   1 (no record): "Russia's" -> russia', "U.S." -> u., "US" dropped as the stop word "us"
#   2: apostrophes unified, possessives stripped, initialisms folded (U.S. -> us) and kept
ANALYZER_VERSION = "2"
LEGACY_ANALYZER_VERSION = "1"

# Words: a dotted initialism with its final dot (U.S.), or letters/digits keeping inner apostrophes and
# dots together (don't, o'clock, Zelenskyy’s, example.com). ʼ (U+02BC) is a letter to the regex engine.
_TOKEN_PATTERN = r"[^\W\d_](?:\.[^\W\d_])+\.(?!\w)|\w+(?:[.'’ʼ]\w+)*"
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
_DOTTED = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?")


class WordShapeFilter(Filter):
    """Spelling variants of one word become one lowercase token, the case looked at before it is lowered
    (one filter instead of two: analysis is a large part of an import's time):

    - apostrophes unified (' ’ ʼ), a possessive 's and a trailing apostrophe stripped: Russia's -> Russia;
    - a dotted initialism folded to its letters: U.S. -> US, U.N. -> UN;
    - a token marked `initialism` when dotted or all capitals of 2-5 letters (US, NATO), so that the
      stop filter spares it: "US" the country is searchable while "us" the pronoun stays a stop word."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            dotted = False
            if not text.isalnum() or "ʼ" in text:  # an apostrophe or a dot inside (most words have neither)
                text, dotted = _reshape(text)
                if not text:
                    continue
            t.initialism = dotted or (text.isupper() and 2 <= len(text) <= 5 and text.isalpha())
            t.text = text.lower()
            yield t


def _reshape(text: str) -> tuple[str, bool]:
    """(`text` with apostrophes unified and a possessive stripped, or a dotted initialism folded; dotted?)."""
    text = text.translate(_APOSTROPHES)
    if text[-2:] in ("'s", "'S"):
        text = text[:-2]
    text = text.rstrip("'")
    if "." in text and _DOTTED.fullmatch(text):
        return text.replace(".", ""), True
    return text, False


class SparingStopFilter(StopFilter):
    """Whoosh's StopFilter, except that tokens marked `initialism` (see WordShapeFilter) are never stopped."""

    def __call__(self, tokens):
        pos = None
        for t in tokens:
            text = t.text
            keep = (text not in self.stops and len(text) >= self.min and (self.max is None or len(text) <= self.max)
                    ) or getattr(t, "initialism", False)
            if keep:
                if self.renumber and t.positions:
                    pos = t.pos if pos is None else pos + 1
                    t.pos = pos
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t


def _text_analyzer():
    """Stemming plus accent folding: `peacekeepers` finds `peacekeeping`, `elysee` finds `Élysée`; word
    shapes unified first (see WordShapeFilter): `Russia` finds `Russia's`, `U.S.` finds `US`."""
    return (
        RegexTokenizer(_TOKEN_PATTERN)
        | WordShapeFilter()
        | CharsetFilter(accent_map)
        | SparingStopFilter()
        | StemFilter(cachesize=-1)
    )


def _name_analyzer():
    """Names and outlets: folded, not stemmed."""
    return RegexTokenizer(_TOKEN_PATTERN) | WordShapeFilter() | CharsetFilter(accent_map)


TEXT_ANALYZER = _text_analyzer()


_TOKEN_RE = re.compile(_TOKEN_PATTERN, re.UNICODE)


@lru_cache(maxsize=100_000)
def _analysed(word: str) -> str:
    """One surface token as the index stores it ("" for a stop word). Analysis is per token, so this is exact."""
    tokens = [t.text for t in TEXT_ANALYZER(word)]
    return tokens[0] if len(tokens) == 1 else ""


def term_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` whose analysed form is in `terms`.

    Equivalent to running the index analyzer over `text` and keeping matching tokens, but fast:
    a C-level regex finds only tokens that start like one of the terms (a stem keeps its word's
    first letters), plus tokens with non-ASCII letters (accent folding); each distinct surface
    word is analysed once (cached)."""
    if not terms or not text:
        return []
    spans = [m.span() for m in _candidates(terms).finditer(text) if _analysed(m.group()) in terms]
    if not text.isascii():
        extra = [(a, b) for a, b in _non_ascii_tokens(text) if _analysed(text[a:b]) in terms]
        if extra:
            spans = sorted(set(spans) | set(extra))
    return spans


def highlight_spans(
    text: str, terms: frozenset[str], phrases: Iterable[tuple[str, ...]] = (),
) -> list[tuple[int, int]]:
    """Sorted spans of `text` to highlight: tokens in `terms`, and each exact phrase where all its
    words stand together (stop words and punctuation between them, as the index's positions allow).
    Overlapping spans are joined, so a name inside a matched phrase is one highlight."""
    spans = term_spans(text, terms)
    if not phrases:
        return spans  # tokens: sorted, never overlapping
    spans += [span for words in phrases for span in phrase_spans(text, words)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def phrase_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of `text` where the analysed `words` occur in order, with only stop words between them."""
    tokens = _matching_tokens(text, frozenset(words))
    n, out = len(words), []
    for i in range(len(tokens) - n + 1):
        start, end, form = tokens[i]
        if form != words[0]:
            continue
        for k in range(1, n):
            a, b, form = tokens[i + k]
            if form != words[k] or not _only_stop_words(text, end, a):
                break
            end = b
        else:
            out.append((start, end))
    return out


def _matching_tokens(text: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, analysed form) of the tokens of `text` whose analysed form is in `terms` (see term_spans)."""
    out = []
    for m in _candidates(terms).finditer(text):
        form = _analysed(m.group())
        if form in terms:
            out.append((m.start(), m.end(), form))
    if not text.isascii():
        extra = [(a, b, _analysed(text[a:b])) for a, b in _non_ascii_tokens(text)]
        extra = [tok for tok in extra if tok[2] in terms]
        if extra:
            out = sorted(set(out) | set(extra))
    return out


def _only_stop_words(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds no token the index keeps (only stop words and punctuation)."""
    gap = text[start:end]
    return gap.isspace() or all(_analysed(m.group()) == "" for m in _TOKEN_RE.finditer(gap))


_TOKEN_START = r"(?<!\w)(?<!\w[.'’])"
_NON_ASCII_LETTER = re.compile(r"[^\W\x00-\x7f]")


def _non_ascii_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the tokens holding a letter outside ASCII (`Élysée`, `l'Élysée`), which the
    prefix regex cannot find because accent folding changes their first letters.

    Most English text has none (a `£` or a curly quote is not a letter), so this is one C-level
    search; otherwise each such letter's whitespace-delimited chunk is tokenised as the index does."""
    out: list[tuple[int, int]] = []
    done = 0
    for m in _NON_ASCII_LETTER.finditer(text):
        if m.start() < done:
            continue
        start, end = m.start(), m.end()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        for tok in _TOKEN_RE.finditer(text, start, end):
            if not tok.group().isascii():
                out.append(tok.span())
        done = end
    return out


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern:
    """Tokens (exactly as the tokenizer cuts them) that start like one of `terms`: a stem keeps its
    word's first letters, give or take the dots of an initialism (N.A.T.O.) and the kind of apostrophe."""
    prefixes = sorted({_surface_prefix(t[: max(1, min(3, len(t) - 1))]) for t in terms}, key=len, reverse=True)
    return re.compile(_TOKEN_START + "(?=" + "|".join(prefixes) + ")(?:" + _TOKEN_PATTERN + ")", re.IGNORECASE)


def _surface_prefix(prefix: str) -> str:
    """A regex for the surface forms of an analysed prefix: any apostrophe for ', optional dots between letters."""
    return r"\.?".join("['’ʼ]" if ch == "'" else re.escape(ch) for ch in prefix)
